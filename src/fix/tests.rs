use super::*;
use crate::carrier::properties::Document;
use crate::diagnostics::Applicability;

const PATH: &str = "producer.properties";

fn edit(start: usize, end: usize, replacement: &str) -> Edit {
    Edit {
        path: PATH.into(),
        span: Span::new(start, end),
        replacement: replacement.to_string(),
    }
}

fn fix(edits: Vec<Edit>) -> Fix {
    Fix {
        message: "fix".into(),
        applicability: Applicability::Safe,
        edits,
        isolated: false,
    }
}

fn apply_all(original: &str, edits: &[Edit]) -> Applied {
    let refs: Vec<&Edit> = edits.iter().collect();
    apply(original.as_bytes(), &refs, Encoding::Latin1)
}

fn text(applied: &Applied) -> &str {
    std::str::from_utf8(&applied.bytes).unwrap()
}

fn overlap(index: usize, with: usize) -> Skipped {
    Skipped {
        index,
        reason: SkipReason::Overlap { with },
    }
}

#[test]
fn edits_change_only_their_bytes() {
    let original = "# c\r\na = 1\n\nb\\\n  =2\n";
    let applied = apply_all(original, &[edit(9, 10, "42")]);
    assert_eq!(text(&applied), "# c\r\na = 42\n\nb\\\n  =2\n");
    assert_eq!((applied.applied, applied.skipped.len()), (1, 0));
    let none = apply_all(original, &[]);
    assert_eq!(text(&none), original);
    assert!(!none.changed(original.as_bytes()));
}

#[test]
fn overlapping_edits_keep_the_first_in_start_end_replacement_order() {
    let original = "0123456789";
    let edits = [edit(6, 8, "Z"), edit(4, 6, "Y"), edit(2, 5, "X")];
    let applied = apply_all(original, &edits);
    // [2,5) comes first; [4,6) overlaps it; [6,8) is clear of it.
    assert_eq!(text(&applied), "01X5Z89");
    assert_eq!(applied.applied, 2);
    assert_eq!(applied.skipped, vec![overlap(1, 2)]);
    // The same edits in another order give the same result.
    let reversed = [edit(2, 5, "X"), edit(4, 6, "Y"), edit(6, 8, "Z")];
    assert_eq!(apply_all(original, &reversed).bytes, applied.bytes);
}

#[test]
fn touching_edits_of_different_fixes_wait_except_at_line_starts() {
    // `\` + removing the character after it: written alone, each is right;
    // together, a doubled backslash would escape what follows the removal.
    let original = "k=a\\\u{200b}r\n";
    let applied = apply_all(original, &[edit(3, 4, "\\\\"), edit(4, 7, "")]);
    assert_eq!(applied.applied, 1);
    assert_eq!(applied.skipped, vec![overlap(1, 0)]);
    // One fix's own touching edits go together.
    let one = fix(vec![edit(0, 1, "K"), edit(1, 2, "")]);
    let applied = apply_fixes(original.as_bytes(), &[&one], PATH, Encoding::Latin1);
    assert_eq!(applied.applied, 1);
    // Removing two neighbouring lines: they touch at a line start.
    let lines = "a=1\na=2\na=3\r\na=4\n";
    let applied = apply_all(lines, &[edit(0, 4, ""), edit(4, 8, ""), edit(8, 13, "")]);
    assert_eq!(text(&applied), "a=4\n");
    // Between `\r` and `\n` no line starts.
    let applied = apply_all("a\r\nb", &[edit(0, 2, ""), edit(2, 3, "")]);
    assert_eq!(applied.skipped, vec![overlap(1, 0)]);
}

#[test]
fn equal_spans_keep_the_smallest_replacement() {
    let applied = apply_all("abc", &[edit(0, 3, "b"), edit(0, 3, "a")]);
    assert_eq!(text(&applied), "a");
    assert_eq!(applied.skipped, vec![overlap(0, 1)]);
}

#[test]
fn an_insertion_inside_a_replaced_range_or_at_its_edges_is_skipped() {
    let applied = apply_all(
        "0123456789",
        &[
            edit(4, 4, "in"),
            edit(2, 6, "-"),
            edit(1, 1, "<"),
            edit(7, 7, ">"),
        ],
    );
    assert_eq!(text(&applied), "0<1-6>789");
    assert_eq!(applied.skipped, vec![overlap(0, 1)]);
    // At its edges, an insertion of another fix touches it, and waits.
    let applied = apply_all("0123456789", &[edit(2, 6, "-"), edit(2, 2, "<")]);
    assert_eq!(applied.skipped, vec![overlap(0, 1)]);
    // A replacement always sorts before the insertions strictly inside it.
    let applied = apply_all(
        "0123456789",
        &[edit(3, 3, "in"), edit(3, 3, "an"), edit(1, 5, "")],
    );
    assert_eq!(text(&applied), "056789");
    assert_eq!(applied.skipped, vec![overlap(0, 2), overlap(1, 2)]);
}

#[test]
fn insertions_at_one_offset_are_all_kept_only_within_one_fix() {
    let original = "a=1\n";
    // One fix inserting two lines: both, in the fix's order (not sorted).
    let both = fix(vec![edit(4, 4, "z=3\n"), edit(4, 4, "b=2\n")]);
    let applied = apply_fixes(original.as_bytes(), &[&both], PATH, Encoding::Latin1);
    assert_eq!(text(&applied), "a=1\nz=3\nb=2\n");
    assert_eq!(applied.applied, 1);
    // Two fixes inserting at the same offset: the first in order wins.
    let x = fix(vec![edit(4, 4, "x=1\n")]);
    let w = fix(vec![edit(4, 4, "w=1\n")]);
    let applied = apply_fixes(original.as_bytes(), &[&x, &w], PATH, Encoding::Latin1);
    assert_eq!(text(&applied), "a=1\nw=1\n");
    assert_eq!(applied.skipped, vec![overlap(0, 1)]);
}

#[test]
fn a_fix_that_cannot_be_applied_entirely_is_skipped_as_a_whole() {
    let original = "a=1\nb=2\nc=3\n";
    let first = fix(vec![edit(2, 3, "10"), edit(6, 7, "20")]);
    // Its second edit would fit, but its first overlaps `first`.
    let second = fix(vec![edit(6, 7, "21"), edit(10, 11, "30")]);
    let third = fix(vec![edit(10, 11, "31")]);
    let applied = apply_fixes(
        original.as_bytes(),
        &[&third, &second, &first],
        PATH,
        Encoding::Latin1,
    );
    assert_eq!(text(&applied), "a=10\nb=20\nc=31\n");
    assert_eq!(applied.applied, 2);
    assert_eq!(applied.skipped, vec![overlap(1, 2)]);
}

#[test]
fn only_the_edits_of_the_file_are_used() {
    let original = "a=1\n";
    let mut other = edit(0, 1, "zzz");
    other.path = "broker.properties".into();
    let mixed = fix(vec![edit(2, 3, "2"), other.clone()]);
    let elsewhere = fix(vec![other]);
    let applied = apply_fixes(
        original.as_bytes(),
        &[&mixed, &elsewhere],
        PATH,
        Encoding::Latin1,
    );
    assert_eq!(text(&applied), "a=2\n");
    // A fix with nothing in this file is neither applied nor skipped.
    assert_eq!((applied.applied, applied.skipped.len()), (1, 0));
}

#[test]
fn invalid_fixes_are_skipped() {
    let original = "a=1\n";
    let outside = fix(vec![edit(2, 9, "x")]);
    let reversed = fix(vec![edit(3, 2, "x")]);
    let self_overlap = fix(vec![edit(0, 2, "x"), edit(1, 3, "y")]);
    let good = fix(vec![edit(2, 3, "2")]);
    let applied = apply_fixes(
        original.as_bytes(),
        &[&outside, &reversed, &self_overlap, &good],
        PATH,
        Encoding::Latin1,
    );
    assert_eq!(text(&applied), "a=2\n");
    let invalid = |index| Skipped {
        index,
        reason: SkipReason::Invalid,
    };
    assert_eq!(applied.skipped, vec![invalid(0), invalid(1), invalid(2)]);
}

#[test]
fn crlf_files_keep_crlf() {
    let original = "# producer\r\nacks=ALL\r\n\r\nlingr.ms=5\r\n";
    let applied = apply_all(
        original,
        &[
            edit(17, 20, "all"),
            edit(24, 32, "linger.ms"),
            edit(36, 36, "retries=3\r\n"),
        ],
    );
    assert!(applied.skipped.is_empty());
    assert_eq!(
        text(&applied),
        "# producer\r\nacks=all\r\n\r\nlinger.ms=5\r\nretries=3\r\n"
    );
}

#[test]
fn latin1_files_get_unicode_escapes_for_non_ascii_replacements() {
    // A raw latin1 byte (é) elsewhere in the file stays as it is.
    let original = b"client.id=caf\xe9\nname=x\n";
    let replacement = "\u{e9}t\u{e9} \u{2603} \u{1F600}";
    let applied = apply(original, &[&edit(20, 21, replacement)], Encoding::Latin1);
    assert_eq!(
        applied.bytes,
        b"client.id=caf\xe9\nname=\\u00e9t\\u00e9 \\u2603 \\ud83d\\ude00\n".to_vec()
    );
    // Java reads back exactly the replacement.
    let doc = Document::parse(applied.bytes, Encoding::Latin1);
    assert_eq!(doc.file.settings[1].value().expose(), replacement);
    assert_eq!(doc.file.settings[0].value().expose(), "caf\u{e9}");
}

#[test]
fn utf8_files_get_utf8() {
    let original = "name=x\n";
    let replacement = "\u{e9}t\u{e9} \u{2603} \u{1F600}";
    let refs = [&edit(5, 6, replacement)];
    let applied = apply(original.as_bytes(), &refs, Encoding::Utf8);
    assert_eq!(text(&applied), format!("name={replacement}\n"));
    let doc = Document::parse(applied.bytes, Encoding::Utf8);
    assert_eq!(doc.file.settings[0].value().expose(), replacement);
}

#[test]
fn ascii_escapes_in_replacements_are_written_as_given() {
    let refs = [&edit(2, 3, "C:\\\\kafka \\u00e9")];
    let applied = apply(b"a=1\n", &refs, Encoding::Latin1);
    assert_eq!(applied.bytes, b"a=C:\\\\kafka \\u00e9\n".to_vec());
}

#[test]
fn many_fixes_resolve_quickly() {
    // One duplicate-line removal per line of a large file.
    let original = "k=v\n".repeat(50_000);
    let fixes: Vec<Fix> = (0..50_000)
        .map(|i| fix(vec![edit(i * 4, i * 4 + 4, "")]))
        .collect();
    let refs: Vec<&Fix> = fixes.iter().collect();
    let applied = apply_fixes(original.as_bytes(), &refs, PATH, Encoding::Latin1);
    assert!(applied.bytes.is_empty());
    assert_eq!(applied.applied, 50_000);
}

// ------------------------------------------------------------------ diff

#[test]
fn diff_of_a_small_example() {
    let old = "# producer\nbootstrap.servers=localhost:9092\nacks=ALL\nlingr.ms=20\nretries=3\nbatch.size=16384\ncompression.type=lz4\nclient.id=a\nbuffer.memory=1\nmax.block.ms=2\nlinger.ms=1\nsend.buffer.bytes=3\n";
    let new = "# producer\nbootstrap.servers=localhost:9092\nacks=all\nlinger.ms=20\nretries=3\nbatch.size=16384\ncompression.type=lz4\nclient.id=a\nbuffer.memory=1\nmax.block.ms=2\nlinger.ms=1\n";
    let expected = "\
--- a/producer.properties
+++ b/producer.properties
@@ -1,7 +1,7 @@
 # producer
 bootstrap.servers=localhost:9092
-acks=ALL
-lingr.ms=20
+acks=all
+linger.ms=20
 retries=3
 batch.size=16384
 compression.type=lz4
@@ -9,4 +9,3 @@
 buffer.memory=1
 max.block.ms=2
 linger.ms=1
-send.buffer.bytes=3
";
    assert_eq!(unified_diff(PATH, old.as_bytes(), new.as_bytes()), expected);
}

#[test]
fn diff_merges_close_changes_and_marks_a_missing_final_newline() {
    let old = "a\nb\nc\nd\ne\nf\ng\nh";
    let new = "a\nB\nc\nd\ne\nf\nG\nh\n";
    let expected = "\
--- a/f
+++ b/f
@@ -1,8 +1,8 @@
 a
-b
+B
 c
 d
 e
 f
-g
-h
\\ No newline at end of file
+G
+h
";
    assert_eq!(unified_diff("f", old.as_bytes(), new.as_bytes()), expected);
}

#[test]
fn diff_edge_cases() {
    assert_eq!(unified_diff("f", b"same\n", b"same\n"), "");
    assert_eq!(
        unified_diff("f", b"", b"a=1\nb=2\n"),
        "--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a=1\n+b=2\n"
    );
    assert_eq!(
        unified_diff("f", b"a=1\n", b""),
        "--- a/f\n+++ b/f\n@@ -1,1 +0,0 @@\n-a=1\n"
    );
    // Insertion after the first line names the line before it.
    assert_eq!(
        unified_diff("f", b"a\n", b"a\nb\n"),
        "--- a/f\n+++ b/f\n@@ -1,1 +1,2 @@\n a\n+b\n"
    );
    // CRLF kept, latin1 bytes shown lossily.
    assert_eq!(
        unified_diff("f", b"k=caf\xe9\r\n", b"k=caf\\u00e9\r\n"),
        "--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-k=caf\u{FFFD}\r\n+k=caf\\u00e9\r\n"
    );
}

/// Applies a diff's hunks to `old`, as `patch` would, to check it describes `new`.
fn patch(old: &str, diff: &str) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut next = 0;
    let mut lines = diff.lines().skip(2).peekable();
    while let Some(header) = lines.next() {
        let start: usize = header[4..]
            .split([',', ' '])
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let count: usize = header[4..]
            .split([',', ' '])
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let start = if count == 0 { start } else { start - 1 };
        for l in &old_lines[next..start] {
            out.push_str(l);
        }
        next = start;
        while let Some(l) = lines.next_if(|l| !l.starts_with("@@")) {
            let (kind, text) = l.split_at(1);
            match kind {
                " " | "+" => {
                    out.push_str(text);
                    out.push('\n');
                }
                "-" => {}
                _ => unreachable!("{l}"),
            }
            if kind != "+" {
                next += 1;
            }
        }
    }
    for l in &old_lines[next..] {
        out.push_str(l);
    }
    out
}

fn lcs(a: &[&str], b: &[&str]) -> usize {
    let mut dp = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            dp[i][j] = if a[i] == b[j] {
                dp[i + 1][j + 1] + 1
            } else {
                dp[i + 1][j].max(dp[i][j + 1])
            };
        }
    }
    dp[0][0]
}

#[test]
fn diffs_are_minimal_and_reconstruct_the_new_version() {
    let mut seed: u64 = 7;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for _ in 0..300 {
        let len_a = next(14) as usize;
        let len_b = next(14) as usize;
        let a: String = (0..len_a).map(|_| format!("{}\n", next(4))).collect();
        let b: String = (0..len_b).map(|_| format!("{}\n", next(4))).collect();
        let diff = unified_diff("f", a.as_bytes(), b.as_bytes());
        if a == b {
            assert!(diff.is_empty());
            continue;
        }
        assert_eq!(patch(&a, &diff), b, "{a:?} -> {b:?}:\n{diff}");
        // Minimal: as many deletions as lines not in a longest common subsequence.
        let la: Vec<&str> = a.lines().collect();
        let lb: Vec<&str> = b.lines().collect();
        let deleted = diff.lines().skip(2).filter(|l| l.starts_with('-')).count();
        assert_eq!(deleted, la.len() - lcs(&la, &lb), "{a:?} -> {b:?}:\n{diff}");
    }
}

#[test]
fn a_large_file_with_scattered_changes_diffs_hunk_by_hunk() {
    let old: String = (0..20_000).map(|i| format!("key.{i}=1\n")).collect();
    let new: String = (0..20_000)
        .map(|i| format!("key.{i}={}\n", if i % 100 == 0 { 2 } else { 1 }))
        .collect();
    let diff = unified_diff("f", old.as_bytes(), new.as_bytes());
    assert_eq!(diff.matches("@@ -").count(), 200);
    assert!(diff.starts_with("--- a/f\n+++ b/f\n@@ -1,4 +1,4 @@\n-key.0=1\n+key.0=2\n"));
    assert!(diff.contains("@@ -19898,7 +19898,7 @@\n key.19897=1\n"));
    assert_eq!(patch(&old, &diff), new);
}

#[test]
fn a_diff_too_large_to_search_falls_back_to_one_replacement() {
    let old: String = (0..1500).map(|i| format!("old.{i}=1\n")).collect();
    let new: String = (0..1500).map(|i| format!("new.{i}=1\n")).collect();
    let old = format!("# head\n{old}# tail\n");
    let new = format!("# head\n{new}# tail\n");
    let diff = unified_diff("f", old.as_bytes(), new.as_bytes());
    assert!(diff.starts_with("--- a/f\n+++ b/f\n@@ -1,1502 +1,1502 @@\n # head\n-old.0=1\n"));
    assert_eq!(patch(&old, &diff), new);
}
