//! Every fix of every fixable check and rule, applied by `kafkalint::fix` to the
//! trigger fixtures (`tests/fixtures/checks/CODE/trigger.properties`,
//! `tests/fixtures/rules/CODE/trigger*.properties`, with a `broker.properties`
//! there passed as `--broker`) and to the edge cases of
//! `tests/fixtures/fixes/CODE/*.properties` (continued lines, escapes, CRLF, no
//! final newline...), all fixes at once, safe and unsafe. Every fixable code
//! needs a trigger fixture with a fix.
//!
//! (a) the fixed file is snapshotted (`fixes__CODE-FIXTURE.snap`), with the diff;
//! (b) the fixed file, linted again, no longer has the diagnostics the fixes
//!     addressed, and its remaining fixes change nothing (idempotence); when
//!     they do, further passes must reach a fixed point;
//! (c) Java's own reading of the fixed file (`tests/java/PropertiesOracle.java --read`,
//!     `java.util.Properties.load(InputStream)` as Kafka does) differs from its
//!     reading of the original exactly as the fixes claim. The claim is derived
//!     from each edit's shape against the original's spans, not from the code
//!     (`common/intent.rs`): an edit of a key's span renames, of a value's span
//!     sets the value, one that deletes whole lines removes entries, one that
//!     inserts whole lines adds them, one inside a key or value replaces the
//!     characters of the bytes it covers with its unescaped replacement, and a
//!     `\` inserted into an escape or a line continuation makes that backslash
//!     literal. A file that Java cannot load (a malformed `\u` escape) is taken
//!     as kafkalint reads it, the escape literally. Without `java` on the
//!     machine (c) is skipped with a notice (on CI it fails); (a) and (b)
//!     always run.
//!
//! Fixes whose replacement is printed as `[hidden]` (inside a secret) cannot be
//! rebuilt from the JSON and are left out. Known departures, bugs of the checks
//! and rules that made the fixes, are listed in `KNOWN` (strictly: an entry that
//! no longer happens fails the test too).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[path = "common/intent.rs"]
mod intent;
#[path = "common/java.rs"]
mod java;

use intent::intended;
use kafkalint::carrier::properties::Document;
use kafkalint::diagnostics::{Applicability, Edit, Fix};
use kafkalint::fix::{self, Applied};
use kafkalint::text::{Encoding, Span};
use serde_json::Value;

const HIDDEN: &str = "[hidden]";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Standard output, standard error and exit status of `kafkalint ARGS` in the crate's directory.
fn kafkalint(args: &[&str]) -> (String, String, i32) {
    let o = common::kafkalint(args);
    (o.stdout, o.stderr, o.status)
}

/// The codes whose check or rule can offer a fix.
fn fixable_codes() -> Vec<(String, String)> {
    let (out, err, _) = kafkalint(&["rules", "--format", "json"]);
    let list: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("rules: {e}\n{err}"));
    let codes: Vec<(String, String)> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter(|r| r["fix"].as_str().is_some_and(|f| f != "none"))
        .map(|r| {
            let kind = r["kind"].as_str().unwrap_or_default();
            let dir = if kind == "rule" { "rules" } else { "checks" };
            (r["code"].as_str().unwrap().to_string(), dir.to_string())
        })
        .collect();
    assert!(codes.len() >= 20, "only {} fixable codes", codes.len());
    codes
}

/// A diagnostic of the lint run, with its fix rebuilt from the JSON.
#[derive(Clone, Debug)]
struct Found {
    key: Option<String>,
    message: String,
    fix: Option<Fix>,
    /// The fix prints a `[hidden]` replacement: not rebuildable.
    hidden: bool,
}

impl Found {
    /// What identifies the finding across the fix: its key and message (a
    /// finding that a fix did not settle says the same again).
    fn identity(&self) -> (Option<String>, String) {
        (self.key.clone(), self.message.clone())
    }
}

fn parse_fix(fix: &Value) -> (Fix, bool) {
    let offset = |v: &Value, end: &str| v["range"][end]["offset"].as_u64().unwrap() as usize;
    let mut hidden = false;
    let edits = fix["edits"]
        .as_array()
        .expect("edits")
        .iter()
        .map(|e| {
            let replacement = e["replacement"].as_str().unwrap().to_string();
            hidden |= replacement == HIDDEN;
            Edit {
                path: e["path"].as_str().unwrap().into(),
                span: Span::new(offset(e, "start"), offset(e, "end")),
                replacement,
            }
        })
        .collect();
    let applicability = match fix["applicability"].as_str() {
        Some("safe") => Applicability::Safe,
        Some("unsafe") => Applicability::Unsafe,
        other => panic!("applicability {other:?}"),
    };
    let message = fix["message"].as_str().unwrap_or_default().to_string();
    (
        Fix {
            message: message.into(),
            applicability,
            edits,
            isolated: false,
        },
        hidden,
    )
}

/// `kafkalint check --format json --select CODE [--broker B] FILE`: the findings of CODE.
fn lint(code: &str, broker: Option<&Path>, file: &Path) -> Vec<Found> {
    let file_arg = file.to_string_lossy().into_owned();
    let broker_arg = broker.map(|b| b.to_string_lossy().into_owned());
    let mut args = vec!["check", "--format", "json", "--select", code];
    if let Some(b) = &broker_arg {
        args.extend(["--broker", b.as_str()]);
    }
    args.push(&file_arg);
    let (out, err, status) = kafkalint(&args);
    assert!(
        status == 0 || status == 1,
        "{file_arg}: exit {status}: {err}"
    );
    let json: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{file_arg}: {e}\n{out}\n{err}"));
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            let parsed = (!d["fix"].is_null()).then(|| parse_fix(&d["fix"]));
            Found {
                key: d["key"].as_str().map(String::from),
                message: d["message"].as_str().unwrap_or_default().to_string(),
                hidden: parsed.as_ref().is_some_and(|(_, h)| *h),
                fix: parsed.map(|(f, _)| f),
            }
        })
        .collect()
}

/// The fixes of `found` that can be applied: rebuilt and not hidden.
fn usable(found: &[Found]) -> Vec<(usize, &Fix)> {
    found
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.hidden)
        .filter_map(|(i, f)| f.fix.as_ref().map(|fix| (i, fix)))
        .collect()
}

/// One trigger fixture with its fixes applied.
struct Case {
    code: String,
    /// `tests/fixtures/.../trigger*.properties`, relative to the crate.
    fixture: PathBuf,
    broker: Option<PathBuf>,
    original: Vec<u8>,
    found: Vec<Found>,
    /// Indexes into `found` of the fixes the engine applied.
    applied_fixes: Vec<usize>,
    applied: Applied,
    /// The fixed file, in a scratch directory under the same name.
    fixed_path: PathBuf,
}

impl Case {
    fn name(&self) -> String {
        format!("{} {}", self.code, self.fixture.display())
    }

    fn applied(&self) -> impl Iterator<Item = &Fix> {
        self.applied_fixes
            .iter()
            .filter_map(|&i| self.found[i].fix.as_ref())
    }
}

/// The files of `dir` whose names `keep` accepts, sorted.
fn fixtures_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .map(|d| {
            d.flatten()
                .map(|e| dir.join(e.file_name()))
                .filter(|p| keep(&p.file_name().unwrap().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn trigger_fixtures(dir: &Path) -> Vec<PathBuf> {
    fixtures_in(dir, |name| {
        // Spring Boot's files are claimed by name: `application-trigger*`; a
        // rule on what only a YAML carrier says (a Strimzi topic's replicas)
        // triggers in YAML.
        let name = name.strip_prefix("application-").unwrap_or(name);
        name.starts_with("trigger") && (name.ends_with(".properties") || name.ends_with(".yaml"))
    })
}

/// The edge cases of `tests/fixtures/fixes/CODE/*.properties`, with the folder's
/// own `broker.properties` if any.
fn edge_fixtures(dir: &Path) -> Vec<(PathBuf, Option<PathBuf>)> {
    let broker = dir.join("broker.properties");
    let broker = root().join(&broker).is_file().then_some(broker);
    fixtures_in(dir, |name| {
        name.ends_with(".properties") && name != "broker.properties"
    })
    .into_iter()
    .map(|f| (f, broker.clone()))
    .collect()
}

fn scratch_root() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixes")
}

/// The fixture folder's project config (a cluster's size), beside the fixed
/// file, so that the fixed file is linted as the fixture was.
fn copy_project_config(fixture_dir: &Path, out_dir: &Path) {
    let project = root().join(fixture_dir).join("kafkalint.toml");
    if project.is_file() {
        std::fs::copy(&project, out_dir.join("kafkalint.toml")).unwrap();
    }
}

fn build_cases() -> (Vec<Case>, Vec<String>) {
    // Its own folder: the test that applies fixes alone runs beside it.
    let scratch = scratch_root().join("together");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut cases = Vec::new();
    let mut without_fix = Vec::new();
    for (code, kind) in fixable_codes() {
        let dir = Path::new("tests/fixtures").join(&kind).join(&code);
        // A YAML carrier's own check: Java's reader has nothing to say about
        // its files; tests/carriers_yaml.rs applies and re-checks its fixes.
        if !fixtures_in(&dir, |n| n.starts_with("trigger.") && n.ends_with(".yaml")).is_empty() {
            continue;
        }
        let broker = dir.join("broker.properties");
        let broker = root().join(&broker).is_file().then_some(broker);
        let mut fixes_seen = 0;
        let edge_dir = Path::new("tests/fixtures/fixes").join(&code);
        let fixtures = trigger_fixtures(&dir)
            .into_iter()
            .map(|f| (f, broker.clone()))
            .chain(edge_fixtures(&edge_dir));
        for (fixture, broker) in fixtures {
            let found = lint(&code, broker.as_deref(), &fixture);
            let fixes = usable(&found);
            if fixes.is_empty() {
                if fixture.starts_with(&edge_dir) {
                    without_fix.push(format!("{}: yields no fix", fixture.display()));
                }
                continue;
            }
            if fixture.starts_with(&dir) {
                fixes_seen += fixes.len();
            }
            let original = std::fs::read(root().join(&fixture)).unwrap();
            let path = fixture.to_string_lossy().into_owned();
            let refs: Vec<&Fix> = fixes.iter().map(|(_, f)| *f).collect();
            let applied = fix::apply_fixes(&original, &refs, &path, Encoding::Latin1);
            let skipped: BTreeSet<usize> = applied.skipped.iter().map(|s| s.index).collect();
            let applied_fixes = fixes
                .iter()
                .enumerate()
                .filter(|(i, (_, f))| {
                    !skipped.contains(i) && f.edits.iter().any(|e| *e.path == *path)
                })
                .map(|(_, (i, _))| *i)
                .collect();
            let stem = fixture.file_stem().unwrap().to_string_lossy().into_owned();
            let out_dir = scratch.join(&code).join(&stem);
            std::fs::create_dir_all(&out_dir).unwrap();
            let fixed_path = out_dir.join(fixture.file_name().unwrap());
            std::fs::write(&fixed_path, &applied.bytes).unwrap();
            if let Some(b) = &broker {
                std::fs::copy(root().join(b), out_dir.join("broker.properties")).unwrap();
            }
            copy_project_config(&dir, &out_dir);
            cases.push(Case {
                code: code.clone(),
                fixture,
                broker: broker.clone(),
                original,
                found,
                applied_fixes,
                applied,
                fixed_path,
            });
        }
        if fixes_seen == 0 {
            without_fix.push(format!(
                "{code}: no trigger*.properties (or .yaml) in {} yields a fix",
                dir.display()
            ));
        }
    }
    (cases, without_fix)
}

fn cases() -> &'static (Vec<Case>, Vec<String>) {
    static CASES: OnceLock<(Vec<Case>, Vec<String>)> = OnceLock::new();
    CASES.get_or_init(build_cases)
}

#[test]
fn every_fixable_code_has_a_trigger_fixture_with_a_fix_and_every_edge_case_one() {
    let (cases, without_fix) = cases();
    assert!(without_fix.is_empty(), "{}", without_fix.join("\n"));
    assert!(
        cases.len() >= 40,
        "only {} fixtures with fixes",
        cases.len()
    );
}

/// Every fix of every fixable check and rule, on the trigger and edge
/// fixtures, applied alone: linted again, the file has fewer findings of that
/// code for that key. A fix that leaves its own finding (or trades it for
/// another case of the same rule) is no fix.
#[test]
fn each_fix_alone_settles_its_own_finding() {
    let scratch = scratch_root().join("alone");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut failures = Vec::new();
    for (code, kind) in fixable_codes() {
        let dir = Path::new("tests/fixtures").join(&kind).join(&code);
        // A YAML carrier's own check: Java's reader has nothing to say about
        // its files; tests/carriers_yaml.rs applies and re-checks its fixes.
        if !fixtures_in(&dir, |n| n.starts_with("trigger.") && n.ends_with(".yaml")).is_empty() {
            continue;
        }
        let broker = dir.join("broker.properties");
        let broker = root().join(&broker).is_file().then_some(broker);
        let fixtures = trigger_fixtures(&dir)
            .into_iter()
            .map(|f| (f, broker.clone()))
            .chain(edge_fixtures(
                &Path::new("tests/fixtures/fixes").join(&code),
            ));
        for (fixture, broker) in fixtures {
            let found = lint(&code, broker.as_deref(), &fixture);
            let original = std::fs::read(root().join(&fixture)).unwrap();
            let path = fixture.to_string_lossy().into_owned();
            let stem = fixture.file_stem().unwrap().to_string_lossy().into_owned();
            for (i, fix) in usable(&found) {
                let applied = fix::apply_fixes(&original, &[fix], &path, Encoding::Latin1);
                let out_dir = scratch.join(&code).join(format!("{stem}-{i}"));
                std::fs::create_dir_all(&out_dir).unwrap();
                let fixed_path = out_dir.join(fixture.file_name().unwrap());
                std::fs::write(&fixed_path, &applied.bytes).unwrap();
                copy_project_config(&dir, &out_dir);
                let fixed_broker = broker.as_ref().map(|b| {
                    let copy = out_dir.join("broker.properties");
                    std::fs::copy(root().join(b), &copy).unwrap();
                    copy
                });
                let after = lint(&code, fixed_broker.as_deref(), &fixed_path);
                let key = &found[i].key;
                let count = |list: &[Found]| list.iter().filter(|f| &f.key == key).count();
                if count(&after) >= count(&found) {
                    let still: Vec<&str> = after
                        .iter()
                        .filter(|f| &f.key == key)
                        .map(|f| f.message.as_str())
                        .collect();
                    failures.push(format!(
                        "{code} {}: the fix `{}` of {key:?} leaves: {still:?}",
                        fixture.display(),
                        fix.message
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The file's bytes as text: printable ASCII, tabs and newlines as they are,
/// everything else as `<XX>`, so invisible and non-UTF-8 bytes show.
fn show_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        match b {
            b'\n' | b'\t' | 0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "<{b:02X}>");
            }
        }
    }
    out
}

#[test]
fn fixed_fixtures_match_their_snapshots_and_lose_their_diagnostics() {
    let (cases, _) = cases();
    let mut problems: Vec<Problem> = Vec::new();
    for case in cases {
        // (a) the fixed file, what was applied, and the diff.
        let mut snapshot = String::new();
        for fix in case.applied() {
            let applicability = match fix.applicability {
                Applicability::Safe => "safe",
                Applicability::Unsafe => "unsafe",
            };
            let _ = writeln!(snapshot, "applied ({applicability}): {}", fix.message);
        }
        for s in &case.applied.skipped {
            let _ = writeln!(snapshot, "skipped: {:?}", s);
        }
        let _ = writeln!(snapshot, "---- fixed file ----");
        snapshot.push_str(&show_bytes(&case.applied.bytes));
        let _ = writeln!(snapshot, "---- diff ----");
        snapshot.push_str(&fix::unified_diff(
            &case.fixture.to_string_lossy(),
            &case.original,
            &case.applied.bytes,
        ));
        let stem = case.fixture.file_stem().unwrap().to_string_lossy();
        insta::assert_snapshot!(format!("{}-{stem}", case.code), snapshot);

        // (b) linted again: what the fixes addressed is gone ...
        let broker = case
            .broker
            .as_ref()
            .map(|_| case.fixed_path.with_file_name("broker.properties"));
        let mut after = lint(&case.code, broker.as_deref(), &case.fixed_path);
        let remaining: BTreeSet<(Option<String>, String)> =
            after.iter().map(Found::identity).collect();
        for &i in &case.applied_fixes {
            let addressed = &case.found[i];
            if remaining.contains(&addressed.identity()) {
                problems.push(Problem::new(
                    case,
                    STILL_REPORTED,
                    format!(
                        "still reported after its fix `{}`: {}",
                        addressed.fix.as_ref().unwrap().message,
                        addressed.message
                    ),
                ));
            }
        }
        // ... and fixing again changes nothing; if it does, the passes a
        // `--fix` loop needs must still come to an end.
        let path = case.fixed_path.to_string_lossy().into_owned();
        let mut bytes = case.applied.bytes.clone();
        for pass in 2..=MAX_PASSES + 1 {
            let again = usable(&after);
            let refs: Vec<&Fix> = again.iter().map(|(_, f)| *f).collect();
            let next = fix::apply_fixes(&bytes, &refs, &path, Encoding::Latin1);
            if next.bytes == bytes {
                break;
            }
            if pass == 2 {
                problems.push(Problem::new(
                    case,
                    NOT_IDEMPOTENT,
                    format!(
                        "a second application changes the file again:\n{}",
                        fix::unified_diff(&path, &bytes, &next.bytes)
                    ),
                ));
            }
            if pass > MAX_PASSES {
                problems.push(Problem::new(
                    case,
                    NO_FIXED_POINT,
                    format!("still changing after {MAX_PASSES} passes"),
                ));
                break;
            }
            bytes = next.bytes;
            std::fs::write(&case.fixed_path, &bytes).unwrap();
            after = lint(&case.code, broker.as_deref(), &case.fixed_path);
        }
        std::fs::write(&case.fixed_path, &case.applied.bytes).unwrap();
    }
    check_problems(&[STILL_REPORTED, NOT_IDEMPOTENT, NO_FIXED_POINT], problems);
}

/// How many passes a `--fix` loop may need on a fixture.
const MAX_PASSES: usize = 4;

const STILL_REPORTED: &str = "still-reported";
const NOT_IDEMPOTENT: &str = "not-idempotent";
const NO_FIXED_POINT: &str = "no-fixed-point";
const JAVA: &str = "java";
/// An edit whose effect on Java's reading the model cannot derive.
const NO_MODEL: &str = "no-model";

/// Known departures from what this test expects: bugs or limits of the checks
/// and rules that made the fixes (not of the fix engine), as (fixture, kind,
/// why). Strict: a listed case that behaves fails the test, so that the entry
/// goes once the check or rule is fixed.
const KNOWN: &[(&str, &str, &str)] = &[];

/// Something a fixture's fixes did that they should not have.
struct Problem {
    fixture: String,
    kind: &'static str,
    message: String,
}

impl Problem {
    fn new(case: &Case, kind: &'static str, message: String) -> Problem {
        Problem {
            fixture: case.fixture.to_string_lossy().into_owned(),
            kind,
            message: format!("{}: {message}", case.name()),
        }
    }
}

/// Fails on every problem not in `KNOWN`, and on every entry of `KNOWN` of
/// these `kinds` that no longer happens; prints the known ones.
fn check_problems(kinds: &[&str], problems: Vec<Problem>) {
    let known = |p: &Problem| {
        KNOWN
            .iter()
            .any(|(f, k, _)| *f == p.fixture && *k == p.kind)
    };
    for p in problems.iter().filter(|p| known(p)) {
        eprintln!("known ({}): {}", p.kind, p.message);
    }
    let mut failures: Vec<String> = problems
        .iter()
        .filter(|p| !known(p))
        .map(|p| format!("[{}] {}", p.kind, p.message))
        .collect();
    for (fixture, kind, why) in KNOWN.iter().filter(|(_, k, _)| kinds.contains(k)) {
        if !problems
            .iter()
            .any(|p| p.fixture == *fixture && p.kind == *kind)
        {
            failures.push(format!(
                "[{kind}] {fixture} behaves now ({why}): remove it from KNOWN"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn show(s: Option<&String>) -> String {
    s.map_or("(absent)".to_string(), |s| format!("{s:?}"))
}

/// The keys whose value differs between two readings.
fn changed(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> BTreeSet<String> {
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

#[test]
fn java_reads_each_fixed_file_as_its_fixes_intend() {
    let (cases, _) = cases();
    // java.util.Properties reads the `.properties` files, not the YAML ones.
    let cases: Vec<&Case> = cases
        .iter()
        .filter(|c| c.fixture.extension().is_some_and(|x| x == "properties"))
        .collect();
    let mut files: Vec<&Path> = Vec::new();
    for case in &cases {
        files.push(&case.fixture);
        files.push(&case.fixed_path);
    }
    if !java::java_available("the check of fixed files against java.util.Properties") {
        return;
    }
    let Some(views) = java::java_read(&files) else {
        return;
    };
    let mut problems: Vec<Problem> = Vec::new();
    for (case, pair) in cases.iter().zip(views.chunks(2)) {
        // The model starts from kafkalint's reading of the original: Java's,
        // or for a file that Java cannot load, the one with its malformed
        // escapes read literally (what a fix that doubles their backslashes
        // makes Java read).
        let baseline = intended(&case.original, &[]).unwrap();
        let (before, after) = match (&pair[0], &pair[1]) {
            (Ok(b), Ok(a)) => (b, a),
            (Err(_), Ok(a))
                if Document::parse(case.original.clone(), Encoding::Latin1)
                    .java_view()
                    .is_err() =>
            {
                (&baseline, a)
            }
            (b, a) => {
                problems.push(Problem::new(
                    case,
                    JAVA,
                    format!(
                        "Java cannot load a version: original {:?}, fixed {:?}",
                        b.as_ref().err(),
                        a.as_ref().err()
                    ),
                ));
                continue;
            }
        };
        assert_eq!(
            &baseline,
            before,
            "{}: the reader disagrees with Java",
            case.name()
        );
        let path = case.fixture.to_string_lossy();
        let edits: Vec<&Edit> = case
            .applied()
            .flat_map(|f| f.edits.iter())
            .filter(|e| *e.path == *path)
            .collect();
        let expected = match intended(&case.original, &edits) {
            Ok(expected) => expected,
            Err(e) => {
                problems.push(Problem::new(case, NO_MODEL, e));
                continue;
            }
        };
        if &expected == after {
            continue;
        }
        let fixes: Vec<String> = case.applied().map(|f| format!("`{}`", f.message)).collect();
        let mut report = format!(
            "fixes {} do not change Java's reading as they claim\n  keys they change: {:?}\n  keys Java sees change: {:?}",
            fixes.join(", "),
            changed(before, &expected),
            changed(before, after),
        );
        for key in changed(&expected, after) {
            let _ = write!(
                report,
                "\n  `{key}`: original {}, intended {}, Java reads {}",
                show(before.get(&key)),
                show(expected.get(&key)),
                show(after.get(&key))
            );
        }
        problems.push(Problem::new(case, JAVA, report));
    }
    check_problems(&[JAVA, NO_MODEL], problems);
}

/// The model itself, on edits whose effect is known without Java.
#[test]
fn the_intent_model_reads_edits_as_documented() {
    let edit = |start: usize, end: usize, replacement: &str| Edit {
        path: "".into(),
        span: Span::new(start, end),
        replacement: replacement.to_string(),
    };
    let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let file = b"a=1\nlog.dirs=C:\\kafka\\logs\nb=x\\\n  y=2\nc=3\n";
    // Rename, value, literal backslashes, literal continuation.
    let edits = [
        edit(0, 1, "A"),
        edit(2, 3, "caf\u{e9}"),
        edit(16, 16, "\\"),
        edit(22, 22, "\\"),
        edit(31, 31, "\\"),
    ];
    let refs: Vec<&Edit> = edits.iter().collect();
    assert_eq!(
        intended(file, &refs).unwrap(),
        map(&[
            ("A", "caf\u{e9}"),
            ("log.dirs", "C:\\kafka\\logs"),
            ("b", "x\\"),
            ("y", "2"),
            ("c", "3")
        ])
    );
    // Removing a line, inserting one.
    let edits = [edit(0, 4, ""), edit(42, 42, "d=4\n")];
    let refs: Vec<&Edit> = edits.iter().collect();
    assert_eq!(
        intended(file, &refs).unwrap(),
        map(&[
            ("log.dirs", "C:kafkalogs"),
            ("b", "xy=2"),
            ("c", "3"),
            ("d", "4")
        ])
    );
    // Half of a `\t` escape removed: no model.
    let half = [edit(4, 5, "")];
    let refs: Vec<&Edit> = half.iter().collect();
    assert!(intended(b"k=a\\tb\n", &refs).is_err());
    // Replacements are read unescaped; a surrogate pair is one character.
    let edits = [edit(2, 3, "\\u00e9\\uD83D\\uDE00\\ x")];
    let refs: Vec<&Edit> = edits.iter().collect();
    assert_eq!(
        intended(b"k=v\n", &refs).unwrap(),
        map(&[("k", "\u{e9}\u{1F600} x")])
    );
}
