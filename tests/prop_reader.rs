//! Property test: kafkalint's reader against `java.util.Properties` on random
//! files. Each case is bytes made of the pieces the syntax is made of (escapes,
//! `\uXXXX` whole, short and lone, continuations, separators, comments, line
//! endings of the three kinds, a byte-order mark, ISO-8859-1 and UTF-8 bytes,
//! malformed UTF-8) and random bytes; `Document::parse(..).java_view()` must
//! agree with Java's `Properties.load` in both encodings (ISO-8859-1 as Kafka
//! reads, UTF-8 through a reader). Java reads a whole batch of cases with one
//! JVM (`tests/java/PropertiesOracle.java`).
//!
//! 1,000 cases by default; `PROPTEST_CASES=20000` for a long run (see
//! `tests/common/batch.rs`). Without `java` the test prints a notice and passes,
//! except on CI (`CI=true`).

#[path = "common/batch.rs"]
mod batch;
#[path = "common/java.rs"]
mod java;

use java::JavaView;
use kafkalint::carrier::properties::Document;
use kafkalint::text::Encoding;
use proptest::collection::vec;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Pieces of `.properties` text, the likelier ones listed more than once.
const PIECES: &[&[u8]] = &[
    b"a",
    b"b",
    b"key",
    b".",
    b"x1",
    b"a",
    b"key",
    b"v",
    b"=",
    b"=",
    b":",
    b" ",
    b" ",
    b"\t",
    b"\x0c",
    b"\x0b",
    b"\n",
    b"\n",
    b"\r",
    b"\r\n",
    b"\n\n",
    b"#",
    b"!",
    b"# c",
    b"! c\\",
    b"\\",
    b"\\",
    b"\\\\",
    b"\\\\\\",
    b"\\\n",
    b"\\\r\n",
    b"\\\r",
    b"\\\n  ",
    b"\\\n\t\x0c ",
    b"\\t",
    b"\\n",
    b"\\r",
    b"\\f",
    b"\\ ",
    b"\\=",
    b"\\:",
    b"\\#",
    b"\\!",
    b"\\x",
    b"\\k",
    b"\\u0041",
    b"\\u00e9",
    b"\\u00DC",
    b"\\uFEFF",
    b"\\u0020",
    b"\\u000a",
    b"\\u005c",
    b"\\uD83D\\uDE00",
    b"\\uD83D",
    b"\\uDE00",
    b"\\u00\\\n00",
    b"\xef\xbb\xbf",
    b"\xe9",
    b"\xdc",
    b"\xff",
    b"\xc3\xa9",
    b"\xc2\xa0",
    b"\xe2\x80\x8b",
    b"\xed\xa0\x80",
    b"\xc3",
    b"\xe2\x82",
    b"\xf0\x9f\x98\x80",
    b"\x80",
    b"\x00",
];

/// `\u` escapes that make Java's load throw: rarer, or most files would.
const MALFORMED: &[&[u8]] = &[b"\\u12", b"\\u", b"\\uZZZZ", b"\\u+123", b"\\u00\n"];

fn file() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        900 => prop::sample::select(PIECES).prop_map(<[u8]>::to_vec),
        4 => prop::sample::select(MALFORMED).prop_map(<[u8]>::to_vec),
        80 => any::<u8>().prop_map(|b| vec![b]),
    ];
    (any::<bool>(), vec(piece, 0..48)).prop_map(|(bom, pieces)| {
        let mut bytes = if bom {
            b"\xef\xbb\xbf".to_vec()
        } else {
            Vec::new()
        };
        bytes.extend(pieces.concat());
        bytes
    })
}

/// Whether kafkalint's reading of `bytes` is Java's; None when Java's own
/// reading cannot be compared (two keys that differ only in lone surrogates).
fn agrees(bytes: &[u8], encoding: Encoding, java: &JavaView) -> Option<Result<(), String>> {
    let ours: Result<BTreeMap<String, String>, String> = Document::parse(bytes.to_vec(), encoding)
        .java_view()
        .map_err(|e| e.message);
    let same = match (java, &ours) {
        (Err(e), _) if e.starts_with("oracle:") => return None,
        (Err(_), Err(_)) => true,
        (Ok(j), Ok(o)) => j == o,
        _ => false,
    };
    Some(if same {
        Ok(())
    } else {
        Err(format!(
            "{}: file {}\n  Java:      {java:?}\n  kafkalint: {ours:?}",
            encoding.as_str(),
            batch::show_bytes(bytes)
        ))
    })
}

/// Java's readings of `files` in both encodings, with one JVM.
fn java_views(files: &[Vec<u8>]) -> (Vec<JavaView>, Vec<JavaView>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = dir.path().join("cases");
    std::fs::create_dir(&cases).expect("cases dir");
    for (i, bytes) in files.iter().enumerate() {
        std::fs::write(cases.join(format!("{i:06}.properties")), bytes).expect("write");
    }
    let (latin1, utf8) = java::java_goldens(&cases, &dir.path().join("golden"));
    let take = |mut map: BTreeMap<String, JavaView>| -> Vec<JavaView> {
        (0..files.len())
            .map(|i| {
                map.remove(&format!("{i:06}"))
                    .expect("a golden for every case")
            })
            .collect()
    };
    (take(latin1), take(utf8))
}

#[test]
fn the_reader_reads_random_files_as_java_does() {
    if !java::java_available("the reader's property test against java.util.Properties") {
        return;
    }
    let plan = batch::Plan::from_env(1000);
    let (mut compared, mut skipped, mut entries, mut errors) = (0usize, 0usize, 0usize, 0usize);
    let figures = batch::check_in_batches(file(), &plan, 4000, 200, |files| {
        let (latin1, utf8) = java_views(files);
        files
            .iter()
            .zip(latin1.iter().zip(&utf8))
            .map(|(bytes, (l, u))| {
                for view in [l, u] {
                    match view {
                        Ok(map) => entries += map.len(),
                        Err(_) => errors += 1,
                    }
                }
                let verdicts = [
                    agrees(bytes, Encoding::Latin1, l),
                    agrees(bytes, Encoding::Utf8, u),
                ];
                let mut why = None;
                for v in verdicts {
                    match v {
                        None => skipped += 1,
                        Some(Ok(())) => compared += 1,
                        Some(Err(e)) => why = Some(e),
                    }
                }
                why
            })
            .collect()
    });
    eprintln!(
        "reader vs Java: {} files in {} batches, {compared} readings compared ({entries} entries, {errors} loads that throw), {skipped} skipped (lone-surrogate key collisions), {:.1} s, seed {}",
        figures.cases, figures.batches, figures.seconds, plan.seed
    );
}
