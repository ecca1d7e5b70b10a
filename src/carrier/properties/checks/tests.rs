//! The syntax checks' fixes next to backslashes: applied alone, each changes
//! Java's reading of the file only as it says.

use crate::carrier::properties::Document;
use crate::diagnostics::{Applicability, Diagnostic};
use crate::model::{Overrides, UnitModel};
use crate::text::Encoding;
use std::collections::BTreeMap;

fn findings(bytes: &[u8], code: &str) -> Vec<Diagnostic> {
    let model = UnitModel::properties("t.properties", bytes.to_vec(), &Overrides::default());
    crate::checks::run_all(std::slice::from_ref(&model))
        .into_iter()
        .filter(|d| d.code() == code)
        .collect()
}

fn read(bytes: &[u8]) -> BTreeMap<String, String> {
    Document::parse(bytes.to_vec(), Encoding::Latin1)
        .java_view()
        .expect("loads")
}

/// The file with the fix of the only `code` finding applied, and that fix's
/// applicability.
fn fixed(bytes: &[u8], code: &str) -> (Vec<u8>, Applicability) {
    let found = findings(bytes, code);
    assert_eq!(found.len(), 1, "{found:?}");
    let fix = found[0].fix.as_ref().expect("a fix");
    let applied = crate::fix::apply_fixes(bytes, &[fix], "t.properties", Encoding::Latin1);
    assert_eq!(applied.applied, 1);
    (applied.bytes, fix.applicability)
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn k003_rewrites_an_escaped_byte_with_its_backslash() {
    // `\<DC>` reads `Ü`: the escape replaces both, or the backslash would
    // escape the new one.
    let original = b"log.dirs=D:\\\xdcbungen\\\\kafka\nb=1\n";
    let (bytes, applicability) = fixed(original, "K003");
    assert_eq!(applicability, Applicability::Safe);
    assert_eq!(bytes, b"log.dirs=D:\\u00dcbungen\\\\kafka\nb=1\n");
    assert_eq!(read(&bytes), read(original));
}

#[test]
fn k004_removes_the_backslash_that_escapes_the_character() {
    // A zero-width space after a final backslash: removed alone, the backslash
    // would continue the line onto the next one.
    let original = "k=x\\\u{200b}\nb=1\n".as_bytes();
    let (bytes, _) = fixed(original, "K004");
    assert_eq!(read(&bytes), map(&[("k", "x"), ("b", "1")]));
    // A BOM in mid-line, after a backslash, before `r`: not a carriage return.
    let original = "k=a\\\u{feff}rb\n".as_bytes();
    let (bytes, _) = fixed(original, "K004");
    assert_eq!(read(&bytes), map(&[("k", "arb")]));
    // Every invisible character of a value, in one fix.
    let original = "k=a\u{200b}b\u{200b}c\u{200b}d\u{200b}e\u{200b}f\u{200b}g\n".as_bytes();
    let (bytes, _) = fixed(original, "K004");
    assert_eq!(bytes, b"k=abcdefg\n");
}

#[test]
fn k004_keeps_what_follows_a_removed_first_character_as_java_read_it() {
    // The value's first character gone, a space would lead it and be dropped.
    let original = "k=\u{200b} x\n".as_bytes();
    let (bytes, _) = fixed(original, "K004");
    assert_eq!(read(&bytes), map(&[("k", " x")]));
    // The key's: a `#` would start a comment.
    let original = "\u{200b}#k=1\n".as_bytes();
    let (bytes, _) = fixed(original, "K004");
    assert_eq!(read(&bytes), map(&[("#k", "1")]));
    // A non-breaking space that starts a value is removed, not made a space
    // that Java would drop anyway.
    let original = "k=\u{a0}all\n".as_bytes();
    let (bytes, _) = fixed(original, "K004");
    assert_eq!(bytes, b"k=all\n");
    // A key made only of invisible characters has no fix: without them the
    // line reads otherwise.
    let found = findings("\u{200b} x\n".as_bytes(), "K004");
    assert!(found[0].fix.is_none(), "{found:?}");
}

#[test]
fn k011_counts_backslashes_from_the_start() {
    // `\\\ `: an escaped backslash, then an escaped space (kept on purpose);
    // nothing to report in a value.
    assert!(findings(b"# kafkalint: role=broker\nx.plugin.key=a\\\\\\ \n", "K011").is_empty());
    // `\\ ` then a plain space: only the plain one goes; the backslashes stay paired.
    let original = b"# kafkalint: role=broker\nx.plugin.key=a\\\\ \nb=1\n";
    let (bytes, _) = fixed(original, "K011");
    assert_eq!(read(&bytes), map(&[("x.plugin.key", "a\\"), ("b", "1")]));
}

#[test]
fn k005_doubles_backslashes_as_whole_characters() {
    let original = b"log.dirs=C:\\kafka\\\xdcbung\n";
    let (bytes, applicability) = fixed(original, "K005");
    assert_eq!(applicability, Applicability::Unsafe);
    assert_eq!(read(&bytes), map(&[("log.dirs", "C:\\kafka\\\u{dc}bung")]));
}

#[test]
fn k001_doubles_the_backslash_of_a_malformed_escape() {
    let original = b"ssl.keystore.location=C:\\users\\kafka\\keystore.jks\nb=1\n";
    let (bytes, applicability) = fixed(original, "K001");
    assert_eq!(applicability, Applicability::Unsafe);
    assert_eq!(
        read(&bytes),
        map(&[
            ("ssl.keystore.location", "C:\\userskafkakeystore.jks"),
            ("b", "1")
        ])
    );
    // Whatever the escape swallowed is kept as written.
    let original = b"k=\\u1x\n";
    let (bytes, _) = fixed(original, "K001");
    assert_eq!(read(&bytes), map(&[("k", "\\u1x")]));
    // An escape that took a backslash for a digit took half of another
    // escape: no fix.
    let found = findings(b"k=\\u1\\t\n", "K001");
    assert!(found[0].fix.is_none(), "{found:?}");
}

#[test]
fn k004_keeps_the_separator_off_the_start_of_a_continuation_line() {
    // `acks\` + `<ZWSP> all`: without the zero-width space, the space after it
    // would start the continuation line, and Java would skip it.
    let found = findings("acks\\\n\u{200b} all\n".as_bytes(), "K004");
    assert!(found[0].fix.is_none(), "{found:?}");
}
