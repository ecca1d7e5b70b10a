//! Property test: `--fix` on random files made of real keys and hostile values
//! (backslash runs, escapes, continuations, invisible and non-ASCII characters,
//! trailing whitespace, malformed escapes) never changes Java's reading beyond
//! what the applied fixes claim. For every pass of the engine's fix loop, the
//! fixes' edits are applied to the bytes the pass started from, and Java's
//! reading of the result (`java.util.Properties.load(InputStream)`, one JVM a
//! batch) must be what the edits claim, as derived from their shape
//! (`tests/common/intent.rs`): the values they set, the keys they rename, the
//! lines they remove or add, the characters they rewrite, and nothing else.
//! Then fixing the fixed file again changes nothing.
//!
//! Safe fixes only, or safe and unsafe, at random. 300 cases by default;
//! `PROPTEST_CASES=20000` for a long run (see `tests/common/batch.rs`). Without
//! `java` the test prints a notice and passes, except on CI (`CI=true`).

#[path = "common/batch.rs"]
mod batch;
#[path = "common/intent.rs"]
mod intent;
#[path = "common/java.rs"]
mod java;

use kafkalint::carrier::Carriers;
use kafkalint::carrier::properties::Document;
use kafkalint::diagnostics::{Edit, Fix};
use kafkalint::engine::{Engine, EngineOptions, FileSettings};
use kafkalint::fix;
use kafkalint::text::Encoding;
use proptest::collection::vec;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

const NAME: &str = "case.properties";

/// Keys of the roles below, many with a fix of their own or in a rule's.
const KEYS: &[&str] = &[
    "acks",
    "linger.ms",
    "enable.idempotence",
    "transactional.id",
    "retries",
    "max.in.flight.requests.per.connection",
    "max.request.size",
    "buffer.memory",
    "delivery.timeout.ms",
    "request.timeout.ms",
    "bootstrap.servers",
    "client.id",
    "ssl.keystore.location",
    "log.dirs",
    "group.id",
    "max.poll.records",
    "max.poll.interval.ms",
    "session.timeout.ms",
    "heartbeat.interval.ms",
    "auto.offset.reset",
    "compression.type",
    "min.insync.replicas",
    "default.replication.factor",
    "unclean.leader.election.enable",
    "authorizer.class.name",
    "x.plugin.key",
    "lingr.ms",
    "acks",
    "client.id",
];

/// Pieces of keys that make them hostile.
const KEY_PIECES: &[&[u8]] = &[
    b"",
    b"",
    b"",
    b"\xe2\x80\x8b",
    b"\xc2\xa0",
    b"\\ ",
    b"\\t",
    b"\xdc",
    b"\\",
    b"\\\\",
];

/// Pieces of values: plain words Kafka takes or nearly takes, and hostile bytes.
const VALUE_PIECES: &[&[u8]] = &[
    b"all",
    b"ALL",
    b"5",
    b"1048588",
    b"10485760",
    b"30s",
    b"yes",
    b"true",
    b"false",
    b"C:",
    b"kafka",
    b"orders",
    b"lz4",
    b"earliest",
    b"0",
    b"\\",
    b"\\",
    b"\\\\",
    b"\\\\\\",
    b"\\t",
    b"\\n",
    b"\\r",
    b"\\k",
    b"\\u00e9",
    b"\\ ",
    b"\\\n",
    b"\\\n  ",
    b"\\\r\n\t",
    b" ",
    b"  ",
    b"\t",
    b"\x0c",
    b"\xe2\x80\x8b",
    b"\xc2\xa0",
    b"\xef\xbb\xbf",
    b"\xdc",
    b"\xe9",
    b"\xc3\xa9",
    b"\xe2\x80\x83",
    b"=",
    b":",
    b"#",
    b"!",
    b"r",
    b"u",
    b"\\uD83D",
];

const SEPARATORS: &[&[u8]] = &[b"=", b"=", b" = ", b":", b" ", b"\t=", b""];
const ENDINGS: &[&[u8]] = &[b"\n", b"\n", b"\n", b"\r\n", b"\r", b""];
const ROLES: &[&str] = &["producer", "producer", "consumer", "broker"];

fn select(list: &'static [&'static [u8]]) -> impl Strategy<Value = Vec<u8>> {
    prop::sample::select(list).prop_map(<[u8]>::to_vec)
}

fn entry() -> impl Strategy<Value = Vec<u8>> {
    let key = (
        prop::sample::select(KEYS),
        select(KEY_PIECES),
        select(KEY_PIECES),
        0..3usize,
    )
        .prop_map(|(key, a, b, at)| {
            let key = key.as_bytes();
            let split = (at * key.len() / 2).min(key.len());
            [&a[..], &key[..split], &b[..], &key[split..]].concat()
        });
    let value = vec(
        prop_oneof![
            60 => select(VALUE_PIECES),
            1 => Just(b"\\u12".to_vec()),
        ],
        0..6,
    )
    .prop_map(|pieces| pieces.concat());
    (
        select(&[b"", b"", b"", b" ", b"\t"]),
        key,
        select(SEPARATORS),
        value,
        select(ENDINGS),
    )
        .prop_map(|(lead, key, sep, value, end)| [lead, key, sep, value, end].concat())
}

fn file() -> impl Strategy<Value = (Vec<u8>, bool)> {
    let line = prop_oneof![
        8 => entry(),
        1 => select(&[b"# a comment\n", b"\n", b"! x\\\n", b"   \n"]),
    ];
    (
        any::<bool>(),
        prop::sample::select(ROLES),
        vec(line, 1..9),
        any::<bool>(),
    )
        .prop_map(|(bom, role, lines, allow_unsafe)| {
            let mut bytes = if bom {
                b"\xef\xbb\xbf".to_vec()
            } else {
                Vec::new()
            };
            bytes.extend(format!("# kafkalint: role={role} kafka-version=3.7\n").as_bytes());
            for line in lines {
                // A line without its ending runs into the next one.
                bytes.extend(line);
                if !bytes.ends_with(b"\n") && !bytes.ends_with(b"\r") {
                    bytes.push(b'\n');
                }
            }
            (bytes, allow_unsafe)
        })
}

/// One pass of a case: the bytes it started from, the fixes' edits, what the
/// edits claim Java reads afterwards, and what they made.
struct Pass {
    before: Vec<u8>,
    after: Vec<u8>,
    claimed: Result<BTreeMap<String, String>, String>,
    fixes: Vec<String>,
}

/// Fixes `bytes` with the engine; the passes, or why the engine itself is wrong.
fn passes(engine: &Engine, bytes: &[u8], allow_unsafe: bool) -> Result<Vec<Pass>, String> {
    let settings = FileSettings::default();
    let linted = engine.lint(NAME, bytes.to_vec(), &settings, Some(allow_unsafe));
    let Some(fixed) = linted.fixed else {
        return Ok(Vec::new());
    };
    let again = engine.lint(NAME, fixed.bytes.clone(), &settings, Some(allow_unsafe));
    if let Some(more) = again.fixed {
        return Err(format!(
            "fixing the fixed file changes it again: {}",
            batch::show_bytes(&more.bytes)
        ));
    }
    let mut passes = Vec::new();
    let mut state = fixed.original.clone();
    for fixes in &fixed.passes {
        let refs: Vec<&Fix> = fixes.iter().collect();
        let applied = fix::apply_fixes(&state, &refs, NAME, Encoding::Latin1);
        if applied.applied != fixes.len() {
            return Err(format!(
                "a pass's fixes do not all apply: {:?}",
                applied.skipped
            ));
        }
        let edits: Vec<&Edit> = fixes.iter().flat_map(|f| f.edits.iter()).collect();
        passes.push(Pass {
            claimed: intent::intended(&state, &edits),
            fixes: fixes.iter().map(|f| format!("{:?}", f.message)).collect(),
            before: std::mem::replace(&mut state, applied.bytes),
            after: state.clone(),
        });
    }
    if state != fixed.bytes {
        return Err("the passes do not add up to the fixed file".to_string());
    }
    Ok(passes)
}

/// What Java reads of each file, with one JVM.
fn java_reads(files: &[&[u8]]) -> Vec<java::JavaView> {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths: Vec<PathBuf> = files
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            let path = dir.path().join(format!("{i:06}.properties"));
            std::fs::write(&path, bytes).expect("write");
            path
        })
        .collect();
    let refs: Vec<&std::path::Path> = paths.iter().map(PathBuf::as_path).collect();
    java::java_read(&refs).expect("java")
}

/// kafkalint's reading of a file, a malformed escape kept as written.
fn lossy(bytes: &[u8]) -> BTreeMap<String, String> {
    Document::parse(bytes.to_vec(), Encoding::Latin1)
        .file
        .settings
        .iter()
        .map(|s| (s.key().to_string(), s.value().expose().to_string()))
        .collect()
}

/// What is wrong with one pass, given Java's readings before and after it.
fn judge(pass: &Pass, before: &java::JavaView, after: &java::JavaView) -> Option<String> {
    let ours = Document::parse(pass.before.clone(), Encoding::Latin1).java_view();
    let problem = match (&pass.claimed, before, after) {
        (Err(why), _, _) => format!("no model for the edits: {why}"),
        (_, Ok(b), _) if ours.as_ref().ok() != Some(b) => {
            format!("kafkalint reads the file otherwise than Java: {ours:?} vs {b:?}")
        }
        // A file Java cannot load (a malformed `\u` escape) still cannot, and
        // kafkalint's reading with the escape kept literally is what is claimed.
        (Ok(claimed), Err(_), Err(_)) if *claimed == lossy(&pass.after) => return None,
        (_, _, Err(e)) => format!("Java cannot load the fixed file: {e}"),
        (Ok(claimed), _, Ok(read)) if claimed != read => {
            let keys: Vec<String> = claimed
                .keys()
                .chain(read.keys())
                .filter(|k| claimed.get(*k) != read.get(*k))
                .map(|k| {
                    format!(
                        "`{k}`: claimed {:?}, Java reads {:?}",
                        claimed.get(k),
                        read.get(k)
                    )
                })
                .collect();
            format!(
                "Java reads what the fixes do not claim: {}",
                keys.join("; ")
            )
        }
        _ => return None,
    };
    Some(format!(
        "{problem}\n  fixes: {}\n  before: {}\n  after:  {}",
        pass.fixes.join(", "),
        batch::show_bytes(&pass.before),
        batch::show_bytes(&pass.after)
    ))
}

/// Judges every case with one JVM: what is wrong with each, if anything.
fn judge_all(
    engine: &Engine,
    cases: &[(Vec<u8>, bool)],
    figures: &mut (usize, usize, usize),
) -> Vec<Option<String>> {
    let runs: Vec<Result<Vec<Pass>, String>> = cases
        .iter()
        .map(|(bytes, allow_unsafe)| passes(engine, bytes, *allow_unsafe))
        .collect();
    let files: Vec<&[u8]> = runs
        .iter()
        .flatten()
        .flatten()
        .flat_map(|p| [&p.before[..], &p.after[..]])
        .collect();
    let mut views = java_reads(&files).into_iter();
    runs.iter()
        .map(|run| {
            let passes = match run {
                Ok(passes) => passes,
                Err(e) => return Some(e.clone()),
            };
            figures.0 += usize::from(!passes.is_empty());
            figures.1 += passes.len();
            let mut wrong = None;
            for pass in passes {
                figures.2 += pass.fixes.len();
                let (before, after) = (views.next()?, views.next()?);
                wrong = wrong.or_else(|| judge(pass, &before, &after));
            }
            wrong
        })
        .collect()
}

/// Every hostile character of the syntax checks, after runs of 0 to 3
/// backslashes and before every character that an escape could take, in keys
/// and values, at their starts, ends and continuation lines: each file fixed,
/// pass by pass, as the random ones are.
#[test]
fn backslashes_next_to_every_edit() {
    if !java::java_available("the fixes next to backslashes against java.util.Properties") {
        return;
    }
    let engine = Engine::new(EngineOptions::default(), Carriers::default()).expect("engine");
    let hostile: &[&[u8]] = &[
        b"\xe2\x80\x8b",
        b"\xc2\xa0",
        b"\xef\xbb\xbf",
        b"\xdc",
        b"\xc3\xa9",
        b" ",
        b"\t",
        b"\\u12",
    ];
    let next: &[&[u8]] = &[
        b"",
        b"r",
        b"u0041",
        b" ",
        b"#",
        b"=",
        b"\\",
        b"\\\n",
        b"\xdc",
        b"\xe2\x80\x8b",
    ];
    let mut cases = Vec::new();
    for run in 0..4 {
        for h in hostile {
            for n in next {
                let middle = [&b"\\\\\\"[..run], h, n].concat();
                let shapes: [Vec<u8>; 5] = [
                    [b"x.plugin.key=", &middle[..], b"\n"].concat(),
                    [b"x.plugin.key=a", &middle[..], b"\nb=1\n"].concat(),
                    [b"x.plugin.key=a\\\n  ", &middle[..], b"b\n"].concat(),
                    [&middle[..], b"key=1\n"].concat(),
                    [b"ke", &middle[..], b" = 1\n"].concat(),
                ];
                for shape in shapes {
                    let bytes = [&b"# kafkalint: role=broker\n"[..], &shape].concat();
                    // Safe fixes only, or all, in turn.
                    let allow_unsafe = cases.len() % 2 == 1;
                    cases.push((bytes, allow_unsafe));
                }
            }
        }
    }
    let mut figures = (0, 0, 0);
    let verdicts = judge_all(&engine, &cases, &mut figures);
    let wrong: Vec<String> = verdicts.into_iter().flatten().collect();
    eprintln!(
        "{} files next to backslashes: {} fixed, in {} passes, {} fixes",
        cases.len(),
        figures.0,
        figures.1,
        figures.2
    );
    assert!(
        wrong.is_empty(),
        "{} wrong, the first: {}",
        wrong.len(),
        wrong[0]
    );
}

#[test]
fn fixes_change_javas_reading_only_as_they_claim() {
    if !java::java_available("the fixer's property test against java.util.Properties") {
        return;
    }
    let engine = Engine::new(EngineOptions::default(), Carriers::default()).expect("engine");
    let plan = batch::Plan::from_env(300);
    let mut counts = (0, 0, 0);
    let figures = batch::check_in_batches(file(), &plan, 1000, 200, |cases| {
        judge_all(&engine, cases, &mut counts)
    });
    let (fixed_files, pass_count, fix_count) = counts;
    eprintln!(
        "fixer vs Java: {} files ({fixed_files} fixed, in {pass_count} passes, {fix_count} fixes) in {} batches, {:.1} s, seed {}",
        figures.cases, figures.batches, figures.seconds, plan.seed
    );
}
