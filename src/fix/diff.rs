//! A unified diff of two versions of one file, as `diff -u` and `git diff` print it.
//!
//! Lines are split after each `\n` (a `\r` stays part of its line, as in GNU diff,
//! so a CRLF file diffs cleanly and a changed line ending shows as a change). The
//! common prefix and suffix are trimmed first; the middle is compared with Myers'
//! O((N+M)D) algorithm, and when more than [`MAX_DISTANCE`] lines differ the
//! middle is shown as one replacement, which keeps time and memory bounded on
//! large files.

use crate::text::Span;
use std::fmt::Write;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// The largest number of inserted plus deleted lines searched for a shortest
/// edit script; Myers keeps O(D²) state, so this bounds memory to a few MB.
const MAX_DISTANCE: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Equal,
    Delete,
    Insert,
}

/// `--- a/PATH`, `+++ b/PATH` and `@@ -l,n +l,n @@` hunks with three lines of
/// context; bytes that are not UTF-8 are shown as U+FFFD. A line without a final
/// newline is followed by `\ No newline at end of file`. Empty when the two are
/// equal.
pub fn unified_diff(path: &str, old: &[u8], new: &[u8]) -> String {
    unified_diff_hiding(path, Version::plain(old), Version::plain(new))
}

/// One version of a file for [`unified_diff_hiding`]: its bytes and the spans of
/// its secret values.
#[derive(Clone, Copy)]
pub struct Version<'a> {
    pub bytes: &'a [u8],
    pub secrets: &'a [Span],
}

impl<'a> Version<'a> {
    pub fn plain(bytes: &'a [u8]) -> Version<'a> {
        Version {
            bytes,
            secrets: &[],
        }
    }
}

/// A unified diff that never shows a secret. The versions are compared as they
/// are, so a change inside a secret is a change (shown as `[hidden]` on both
/// sides). A line holding a secret is never context: a hunk's context stops
/// short of it, so that every hunk whose changed lines hold no secret applies
/// with `patch` and `git apply`; a changed line holding one is shown with the
/// secret replaced by `[hidden]`, and its hunk is for reading only.
pub fn unified_diff_hiding(path: &str, old: Version, new: Version) -> String {
    if old.bytes == new.bytes {
        return String::new();
    }
    let a = Lines::of(old);
    let b = Lines::of(new);
    let script = edit_script(&a.lines, &b.lines);
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    // Lines of each version before the current hunk.
    let (mut done, mut old_before, mut new_before) = (0, 0, 0);
    for (start, end) in hunks(&script, &a.secret) {
        for op in &script[done..start] {
            old_before += usize::from(*op != Op::Insert);
            new_before += usize::from(*op != Op::Delete);
        }
        let (old_lines, new_lines) = write_hunk(
            &mut out,
            &script[start..end],
            (&a, &b),
            (old_before, new_before),
        );
        (done, old_before, new_before) = (end, old_before + old_lines, new_before + new_lines);
    }
    out
}

/// The lines of a version, each with its `\n` if it has one, and which of them
/// hold (part of) a secret, with the secret replaced for showing.
struct Lines<'a> {
    lines: Vec<&'a [u8]>,
    secret: Vec<bool>,
    shown: Vec<Option<Vec<u8>>>,
}

impl<'a> Lines<'a> {
    fn of(version: Version<'a>) -> Lines<'a> {
        let lines: Vec<&[u8]> = version.bytes.split_inclusive(|&b| b == b'\n').collect();
        let mut secret = vec![false; lines.len()];
        let mut shown = vec![None; lines.len()];
        let mut start = 0;
        for (i, line) in lines.iter().enumerate() {
            let end = start + line.len();
            // A secret that runs on to the next line leaves this line's break.
            let content = line.strip_suffix(b"\n").unwrap_or(line);
            let content = content.strip_suffix(b"\r").unwrap_or(content).len();
            let inside: Vec<Span> = version
                .secrets
                .iter()
                .filter(|s| !s.is_empty() && s.start < end && start < s.end)
                .map(|s| Span::new(s.start.max(start) - start, (s.end - start).min(content)))
                .filter(|s| s.start <= s.end)
                .collect();
            if !inside.is_empty() {
                secret[i] = true;
                shown[i] = Some(hide(line, &inside));
            }
            start = end;
        }
        Lines {
            lines,
            secret,
            shown,
        }
    }

    fn shown(&self, i: usize) -> &[u8] {
        self.shown[i].as_deref().unwrap_or(self.lines[i])
    }
}

/// `line` with each span replaced by `[hidden]`.
fn hide(line: &[u8], spans: &[Span]) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.len());
    let mut at = 0;
    for span in spans {
        if span.start < at {
            continue;
        }
        out.extend_from_slice(&line[at..span.start]);
        out.extend_from_slice(crate::secret::HIDDEN.as_bytes());
        at = span.end;
    }
    out.extend_from_slice(&line[at..]);
    out
}

/// The operations that turn `a` into `b`, in order.
fn edit_script(a: &[&[u8]], b: &[&[u8]]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut script = vec![Op::Equal; prefix];
    match myers(mid_a, mid_b) {
        Some(middle) => script.extend(middle),
        None => {
            script.extend(std::iter::repeat_n(Op::Delete, mid_a.len()));
            script.extend(std::iter::repeat_n(Op::Insert, mid_b.len()));
        }
    }
    script.extend(std::iter::repeat_n(Op::Equal, suffix));
    // Within each run of changes, deletions first, as diff -u prints them.
    for run in script.split_mut(|op| *op == Op::Equal) {
        run.sort_unstable_by_key(|op| *op == Op::Insert);
    }
    script
}

/// A shortest edit script, or None when it needs more than `MAX_DISTANCE` edits.
fn myers(a: &[&[u8]], b: &[&[u8]]) -> Option<Vec<Op>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (a.len() + b.len()).min(MAX_DISTANCE) as isize;
    let offset = max + 1;
    // v[k + offset] is the furthest x reached on diagonal k = x - y.
    let mut v = vec![0isize; 2 * offset as usize + 1];
    // trace[d] is v before step d, for diagonals -d..=d only.
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut found = None;
    'search: for d in 0..=max {
        trace.push(v[(offset - d) as usize..=(offset + d) as usize].to_vec());
        for k in (-d..=d).step_by(2) {
            let down =
                k == -d || (k != d && v[(k - 1 + offset) as usize] < v[(k + 1 + offset) as usize]);
            let mut x = if down {
                v[(k + 1 + offset) as usize]
            } else {
                v[(k - 1 + offset) as usize] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[(k + offset) as usize] = x;
            if x >= n && y >= m {
                found = Some(d);
                break 'search;
            }
        }
    }
    let found = found?;
    // Walk back from (n, m) through the saved states.
    let mut ops = Vec::with_capacity((n + m) as usize);
    let (mut x, mut y) = (n, m);
    for d in (1..=found).rev() {
        let prev = &trace[d as usize];
        // prev holds diagonals -(d)..=d of the state before step d; index k + d.
        let at = |k: isize| prev[(k + d) as usize];
        let k = x - y;
        let down = k == -d || (k != d && at(k - 1) < at(k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = at(prev_k);
        // The move of step d ends at `mid`; a snake of equal lines follows.
        let mid_x = if down { prev_x } else { prev_x + 1 };
        ops.extend(std::iter::repeat_n(Op::Equal, (x - mid_x) as usize));
        ops.push(if down { Op::Insert } else { Op::Delete });
        x = prev_x;
        y = prev_x - prev_k;
    }
    ops.extend(std::iter::repeat_n(Op::Equal, x as usize));
    ops.reverse();
    Some(ops)
}

/// The [start, end) ranges of `script` shown as hunks: each change with up to
/// `CONTEXT` equal lines around it, stopping short of an equal line that holds
/// a secret (`old_secret`, by line of the old version), nearby changes merged.
fn hunks(script: &[Op], old_secret: &[bool]) -> Vec<(usize, usize)> {
    // Whether each equal step may be shown as context.
    let mut old_line = 0;
    let usable: Vec<bool> = script
        .iter()
        .map(|op| {
            let line = old_line;
            old_line += usize::from(*op != Op::Insert);
            *op == Op::Equal && !old_secret.get(line).copied().unwrap_or(false)
        })
        .collect();
    let mut hunks: Vec<(usize, usize)> = Vec::new();
    for (i, op) in script.iter().enumerate() {
        if *op == Op::Equal {
            continue;
        }
        let before = usable[..i]
            .iter()
            .rev()
            .take(CONTEXT)
            .take_while(|u| **u)
            .count();
        let after = usable[i + 1..]
            .iter()
            .take(CONTEXT)
            .take_while(|u| **u)
            .count();
        let start = i - before;
        let end = i + 1 + after;
        match hunks.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => hunks.push((start, end)),
        }
    }
    hunks
}

/// Writes one hunk whose first line is line `before.0 + 1` of the old version and
/// `before.1 + 1` of the new one; returns how many lines of each it covers.
fn write_hunk(
    out: &mut String,
    ops: &[Op],
    (a, b): (&Lines, &Lines),
    (old_before, new_before): (usize, usize),
) -> (usize, usize) {
    let old_count = ops.iter().filter(|o| **o != Op::Insert).count();
    let new_count = ops.iter().filter(|o| **o != Op::Delete).count();
    // An empty range names the line before it, as diff -u does.
    let start = |before: usize, count: usize| if count == 0 { before } else { before + 1 };
    let _ = writeln!(
        out,
        "@@ -{},{} +{},{} @@",
        start(old_before, old_count),
        old_count,
        start(new_before, new_count),
        new_count
    );
    let (mut i, mut j) = (old_before, new_before);
    for op in ops {
        let (prefix, line) = match op {
            Op::Equal => {
                i += 1;
                j += 1;
                (' ', a.shown(i - 1))
            }
            Op::Delete => {
                i += 1;
                ('-', a.shown(i - 1))
            }
            Op::Insert => {
                j += 1;
                ('+', b.shown(j - 1))
            }
        };
        out.push(prefix);
        match line.strip_suffix(b"\n") {
            Some(text) => {
                out.push_str(&String::from_utf8_lossy(text));
                out.push('\n');
            }
            None => {
                out.push_str(&String::from_utf8_lossy(line));
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    (old_count, new_count)
}
