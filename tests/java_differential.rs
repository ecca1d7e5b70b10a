//! Differential test: kafkalint's reader against `java.util.Properties`.
//!
//! `tests/java/cases/NNN.properties` are tricky inputs written by
//! `tests/java/GenerateCases.java`; `tests/java/golden/{latin1,utf8}.json` record
//! what Java 17's `Properties.load(InputStream)` and `Properties.load(Reader)`
//! (UTF-8 `InputStreamReader`) make of each, written by
//! `tests/java/PropertiesOracle.java`. Both are committed, so this test needs no
//! Java; `tests/java/regenerate.sh` rebuilds them.
//!
//! Java may hold unpaired surrogates (from `\uD800`-style escapes) that a Rust
//! `String` cannot; our reader maps each to U+FFFD, and the oracle applies the
//! same mapping to Java's strings before writing the goldens.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use kafkalint::carrier::properties::Document;
use kafkalint::text::Encoding;
use serde_json::Value;

/// What Java's load ends with: the entries, or the exception it threw.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Entries(BTreeMap<String, String>),
    Error(String),
}

const MODES: [(Encoding, &str); 2] = [(Encoding::Latin1, "latin1"), (Encoding::Utf8, "utf8")];

/// One way of loading, with Java's outcome for every case.
struct Golden {
    encoding: Encoding,
    mode: &'static str,
    outcomes: BTreeMap<String, Outcome>,
}

/// Fewer cases than this means the corpus went missing, not that all is well.
const MIN_CASES: usize = 200;

fn java_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/java")
}

/// The case files, by name (`NNN`), in order.
fn cases() -> BTreeMap<String, Vec<u8>> {
    let dir = java_dir().join("cases");
    let mut cases = BTreeMap::new();
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "properties") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            cases.insert(name, fs::read(&path).unwrap());
        }
    }
    cases
}

/// What each case covers, from the generator's index, for failure messages.
fn descriptions() -> BTreeMap<String, String> {
    let text = fs::read_to_string(java_dir().join("cases/index.tsv")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(name, desc)| (name.to_string(), desc.to_string()))
        .collect()
}

fn golden(mode: &str) -> BTreeMap<String, Outcome> {
    let path = java_dir().join("golden").join(format!("{mode}.json"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: BTreeMap<String, Value> = serde_json::from_str(&text).unwrap();
    json.into_iter()
        .map(|(name, v)| {
            let outcome = if let Some(error) = v.get("error") {
                Outcome::Error(error.as_str().unwrap().to_string())
            } else {
                let entries = v["entries"]
                    .as_object()
                    .unwrap_or_else(|| panic!("{mode} {name}: {v}"));
                Outcome::Entries(
                    entries
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                        .collect(),
                )
            };
            (name, outcome)
        })
        .collect()
}

fn ours(bytes: &[u8], encoding: Encoding) -> Outcome {
    match Document::parse(bytes.to_vec(), encoding).java_view() {
        Ok(entries) => Outcome::Entries(entries),
        Err(error) => Outcome::Error(error.message),
    }
}

/// A string with everything outside printable ASCII escaped, long ones elided
/// in the middle so that one 20 000-character value does not drown the report.
fn show_str(s: &str) -> String {
    let escaped: Vec<char> = s.escape_default().collect();
    if escaped.len() <= 160 {
        return format!("\"{}\"", escaped.iter().collect::<String>());
    }
    let head: String = escaped[..70].iter().collect();
    let tail: String = escaped[escaped.len() - 70..].iter().collect();
    format!(
        "\"{head}\u{2026}[{} chars]\u{2026}{tail}\"",
        s.chars().count()
    )
}

fn show(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Error(message) => format!("error {}", show_str(message)),
        Outcome::Entries(entries) => {
            let pairs: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", show_str(k), show_str(v)))
                .collect();
            format!("{{{}}}", pairs.join(", "))
        }
    }
}

/// How two outcomes differ: for two entry maps, only the keys that differ.
fn difference(java: &Outcome, ours: &Outcome) -> String {
    let (Outcome::Entries(java), Outcome::Entries(ours)) = (java, ours) else {
        return format!("  java: {}\n  ours: {}", show(java), show(ours));
    };
    let keys: BTreeSet<&String> = java.keys().chain(ours.keys()).collect();
    keys.into_iter()
        .filter(|k| java.get(*k) != ours.get(*k))
        .map(|k| {
            let side = |m: &BTreeMap<String, String>| {
                m.get(k).map_or("(absent)".to_string(), |v| show_str(v))
            };
            format!(
                "  key {}: java {}, ours {}",
                show_str(k),
                side(java),
                side(ours)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The goldens and the case files name the same cases, and there are enough.
fn checked_corpus() -> (BTreeMap<String, Vec<u8>>, Vec<Golden>) {
    let cases = cases();
    let names: BTreeSet<&String> = cases.keys().collect();
    let goldens: Vec<Golden> = MODES
        .iter()
        .map(|&(encoding, mode)| Golden {
            encoding,
            mode,
            outcomes: golden(mode),
        })
        .collect();
    for golden in &goldens {
        let golden_names: BTreeSet<&String> = golden.outcomes.keys().collect();
        assert_eq!(
            names, golden_names,
            "case files and {}.json disagree on the cases: run tests/java/regenerate.sh",
            golden.mode
        );
    }
    assert!(
        cases.len() > MIN_CASES,
        "only {} cases in tests/java/cases: the corpus is missing",
        cases.len()
    );
    (cases, goldens)
}

#[test]
fn reader_agrees_with_java_properties_load() {
    let (cases, goldens) = checked_corpus();
    let descriptions = descriptions();
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for Golden {
        encoding,
        mode,
        outcomes,
    } in &goldens
    {
        for (name, bytes) in &cases {
            let expected = &outcomes[name];
            let got = ours(bytes, *encoding);
            compared += 1;
            let agree = match (expected, &got) {
                (Outcome::Error(_), Outcome::Error(_)) => true,
                (Outcome::Entries(a), Outcome::Entries(b)) => a == b,
                _ => false,
            };
            if !agree {
                mismatches.push(format!(
                    "case {name} [{mode}] ({})\n{}",
                    descriptions.get(name).map_or("", String::as_str),
                    difference(expected, &got)
                ));
            }
        }
    }
    let in_goldens: usize = goldens.iter().map(|g| g.outcomes.len()).sum();
    assert_eq!(
        compared, in_goldens,
        "not every golden outcome was compared"
    );
    assert!(compared > 2 * MIN_CASES);
    assert!(
        mismatches.is_empty(),
        "{} of {compared} outcomes disagree with Java:\n\n{}",
        mismatches.len(),
        mismatches.join("\n\n")
    );
}

#[test]
fn load_error_matches_java_exception_and_points_at_backslash() {
    let (cases, goldens) = checked_corpus();
    let mut problems = Vec::new();
    let mut errors = 0;
    for Golden {
        encoding,
        mode,
        outcomes,
    } in &goldens
    {
        for (name, bytes) in &cases {
            let java_throws = matches!(outcomes[name], Outcome::Error(_));
            let doc = Document::parse(bytes.clone(), *encoding);
            match (&doc.file.load_error, java_throws) {
                (None, false) => {}
                (Some(error), true) => {
                    errors += 1;
                    // Every malformed escape starts with the backslash of `\u`,
                    // and nothing (not even a continuation) separates the two.
                    let at = error.span.start;
                    if bytes.get(at) != Some(&b'\\') || bytes.get(at + 1) != Some(&b'u') {
                        problems.push(format!(
                            "case {name} [{mode}]: load_error span {:?} does not start at a `\\u` (bytes there: {:?})",
                            error.span,
                            bytes.get(at..(at + 6).min(bytes.len())).map(|b| b.escape_ascii().to_string())
                        ));
                    }
                    if error.span.end > bytes.len() || error.span.end <= at {
                        problems.push(format!(
                            "case {name} [{mode}]: bad load_error span {:?}",
                            error.span
                        ));
                    }
                }
                (ours, java) => problems.push(format!(
                    "case {name} [{mode}]: java throws: {java}, our load_error: {ours:?}"
                )),
            }
        }
    }
    assert!(
        errors > 0,
        "no case makes Java's load throw: the corpus lost its malformed escapes"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
