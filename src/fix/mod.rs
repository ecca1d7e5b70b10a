//! The fix engine: applies the edits of diagnostics' fixes to a file's bytes,
//! shows the result as a unified diff, and writes it back atomically.
//!
//! What `check --fix` / `check --diff` build on:
//!
//! ```text
//! let applied = fix::apply_fixes(&bytes, &fixes, path, encoding);   // pure
//! print!("{}", fix::unified_diff(path, &bytes, &applied.bytes));       // --diff
//! fix::write_atomically(Path::new(path), &bytes, &applied.bytes)?;     // --fix
//! ```
//!
//! The engine does one pass. Fixes skipped because they overlap a fix chosen
//! before them are reported in [`Applied::skipped`]; the caller re-lints the new
//! bytes and applies again until nothing changes.
//!
//! # What an edit touches
//!
//! An edit replaces exactly the bytes of its span, measured in the original file.
//! Every other byte (comments, blank lines, line endings, escapes, bytes that are
//! not valid in any encoding) is copied unchanged. Replacements are *source text*:
//! a check that wants Java to read a backslash writes `\\` itself; the engine never
//! adds `.properties` escaping, it only decides how characters become bytes (see
//! [`encode_replacement`]). Line terminators inside a replacement are written as
//! given: producers use the file's dominant ending (`LineIndex::dominant_ending`).
//!
//! # Overlaps
//!
//! Resolution is deterministic and never depends on the order of the input:
//!
//! * Each fix (for [`apply`], each edit) is ordered by its smallest edit in
//!   `(start, end, replacement)` order, then by its index in the input.
//! * In that order a fix is taken when none of its edits conflicts with an edit
//!   already taken, and skipped *as a whole* otherwise: a half-applied fix could
//!   leave the file worse than before.
//! * Two edits conflict when their spans overlap, when an insertion sits
//!   strictly inside a replaced range, or when two insertions sit at the same
//!   offset and come from different fixes (their relative order would be
//!   arbitrary). Insertions of one fix at one offset are all kept, in the fix's
//!   own order.
//! * Edits of different fixes also conflict when they touch (one ends where the
//!   other starts), except at the start of a line. Each fix was made against the
//!   bytes around it, and two touching edits change each other's surroundings:
//!   a backslash one leaves pairs with the text the other writes, a character
//!   one removes moves the other's text to the start of a value, where Java
//!   drops a space. The later one waits for the next pass, made against the
//!   new bytes. Whole lines, which Java reads afresh, still go together.
//! * A fix whose own edits conflict with each other, or whose span lies outside
//!   the file, is skipped as [`SkipReason::Invalid`].
//!
//! At one offset, an insertion is written before a replacement that starts there.

mod diff;
mod write;

pub use diff::{Version, unified_diff, unified_diff_hiding};
pub use write::{WriteError, WriteErrorKind, write_atomically};

use crate::diagnostics::{Edit, Fix};
use crate::text::{Encoding, Span};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The result of applying edits or fixes to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The new contents of the file.
    pub bytes: Vec<u8>,
    /// How many items were applied: edits for [`apply`], fixes for [`apply_fixes`]
    /// (a fix with no edit in the file counts neither as applied nor skipped).
    pub applied: usize,
    /// The items left out, in input order. Re-lint and apply again to get them.
    pub skipped: Vec<Skipped>,
}

impl Applied {
    /// Whether the bytes differ from the original ones.
    pub fn changed(&self, original: &[u8]) -> bool {
        self.bytes != original
    }
}

/// An edit (for [`apply`]) or fix (for [`apply_fixes`]) that was not applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Its index in the slice given to [`apply`] or [`apply_fixes`].
    pub index: usize,
    pub reason: SkipReason,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// It conflicts with the item at index `with`, which came first in the
    /// `(start, end, replacement)` order and was applied.
    Overlap { with: usize },
    /// A span outside the file or reversed, or two of the fix's own edits that
    /// conflict: a bug in the check that made it.
    Invalid,
}

/// Applies `edits` to `original`, each edit on its own; the replacements are
/// encoded for `encoding`. `applied` counts edits and `skipped` indexes `edits`.
pub fn apply(original: &[u8], edits: &[&Edit], encoding: Encoding) -> Applied {
    let groups: Vec<Vec<&Edit>> = edits.iter().map(|e| vec![*e]).collect();
    apply_groups(original, &groups, encoding)
}

/// Applies whole fixes to the file at `path`: only the edits whose `path` equals
/// `path` are used, and a fix is applied entirely or not at all. `applied` counts
/// fixes and `skipped` indexes `fixes`.
pub fn apply_fixes(original: &[u8], fixes: &[&Fix], path: &str, encoding: Encoding) -> Applied {
    let groups: Vec<Vec<&Edit>> = fixes
        .iter()
        .map(|f| f.edits.iter().filter(|e| *e.path == *path).collect())
        .collect();
    apply_groups(original, &groups, encoding)
}

/// How a replacement's characters become bytes.
///
/// * UTF-8 files get UTF-8.
/// * ISO-8859-1 files (what Kafka's `Properties.load(InputStream)` reads) stay
///   ASCII: every non-ASCII character is written as a `\uXXXX` escape (lowercase
///   hex, a supplementary character as its surrogate pair), which Java reads back
///   as that character in keys and values. U+0080..=U+00FF could be written as one
///   ISO-8859-1 byte, but the escape is chosen for them too: an ASCII file reads
///   the same in every editor and under either encoding, and a fix never adds the
///   non-ASCII bytes that K003 warns about. Java does not unescape comments, so a
///   non-ASCII character in a comment shows as its escape (as with Java's own
///   `Properties.store`); fixes write keys and values, and ASCII directives.
pub fn encode_replacement(text: &str, encoding: Encoding) -> Cow<'_, [u8]> {
    if encoding == Encoding::Utf8 || text.is_ascii() {
        return Cow::Borrowed(text.as_bytes());
    }
    let mut out = Vec::with_capacity(text.len() + 8);
    let mut units = [0u16; 2];
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        for unit in c.encode_utf16(&mut units) {
            out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
        }
    }
    Cow::Owned(out)
}

/// Whether two edits (spans and the group they belong to) of `original` cannot
/// both be applied.
fn conflicts(original: &[u8], a: Span, a_group: usize, b: Span, b_group: usize) -> bool {
    let overlap = match (a.is_empty(), b.is_empty()) {
        (true, true) => a.start == b.start && a_group != b_group,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    };
    let touching = if a.end == b.start {
        Some(a.end)
    } else if b.end == a.start {
        Some(b.end)
    } else {
        None
    };
    overlap || (a_group != b_group && touching.is_some_and(|at| !is_line_start(original, at)))
}

/// Whether two edits of one fix conflict: a replacement that overlaps another,
/// or has an insertion strictly inside it. Sorted, each edit need only be
/// compared with the furthest end of the replacements before it.
fn overlaps_itself(edits: &[&Edit]) -> bool {
    let mut spans: Vec<Span> = edits.iter().map(|e| e.span).collect();
    spans.sort_unstable();
    let mut reach = 0;
    for span in spans {
        if reach > span.start {
            return true;
        }
        if !span.is_empty() {
            reach = reach.max(span.end);
        }
    }
    false
}

/// Whether a line starts at `at` in `bytes`: at the start, or after a line
/// terminator (`\r\n` counted whole).
fn is_line_start(bytes: &[u8], at: usize) -> bool {
    match at.checked_sub(1).and_then(|i| bytes.get(i)) {
        None => at == 0,
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(at) != Some(&b'\n'),
        Some(_) => false,
    }
}

/// The edits taken so far, by start offset, for conflict lookups in O(log n).
#[derive(Default)]
struct Taken {
    /// start -> (end, group) of every taken edit starting there.
    by_start: BTreeMap<usize, Vec<(usize, usize)>>,
}

impl Taken {
    /// The group of a taken edit of `original` that conflicts with `span` of
    /// `group`, if any.
    fn conflict(&self, original: &[u8], span: Span, group: usize) -> Option<usize> {
        let conflicts = |start: usize, end: usize, g: usize| {
            conflicts(original, Span::new(start, end), g, span, group)
        };
        // Taken edits starting inside [start, end] are the candidates ...
        for (&start, edits) in self.by_start.range(span.start..=span.end) {
            if let Some(&(_, g)) = edits.iter().find(|&&(end, g)| conflicts(start, end, g)) {
                return Some(g);
            }
        }
        // ... plus the closest replacement starting before: taken replacements
        // are disjoint, so no earlier one reaches further. An insertion before
        // `start` touches nothing of `span`.
        for (&start, edits) in self.by_start.range(..span.start).rev() {
            if let Some(&(end, g)) = edits.iter().find(|(end, _)| *end > start) {
                return conflicts(start, end, g).then_some(g);
            }
        }
        None
    }

    fn insert(&mut self, span: Span, group: usize) {
        self.by_start
            .entry(span.start)
            .or_default()
            .push((span.end, group));
    }
}

fn apply_groups(original: &[u8], groups: &[Vec<&Edit>], encoding: Encoding) -> Applied {
    let mut skipped = Vec::new();
    // Valid, non-empty groups with their sort key.
    let mut order: Vec<usize> = Vec::with_capacity(groups.len());
    for (index, edits) in groups.iter().enumerate() {
        if edits.is_empty() {
            continue;
        }
        let in_file = edits
            .iter()
            .all(|e| e.span.start <= e.span.end && e.span.end <= original.len());
        let self_conflict = overlaps_itself(edits);
        if !in_file || self_conflict {
            skipped.push(Skipped {
                index,
                reason: SkipReason::Invalid,
            });
            continue;
        }
        order.push(index);
    }
    let first_edit = |index: usize| {
        groups[index]
            .iter()
            .map(|e| (e.span.start, e.span.end, e.replacement.as_str()))
            .min()
    };
    order.sort_by_cached_key(|&index| (first_edit(index), index));

    let mut taken = Taken::default();
    // (start, end, position in its fix, replacement) of every edit applied.
    let mut chosen: Vec<(usize, usize, usize, &str)> = Vec::new();
    let mut applied = 0;
    for index in order {
        let edits = &groups[index];
        if let Some(with) = edits
            .iter()
            .find_map(|e| taken.conflict(original, e.span, index))
        {
            skipped.push(Skipped {
                index,
                reason: SkipReason::Overlap { with },
            });
            continue;
        }
        for (position, e) in edits.iter().enumerate() {
            taken.insert(e.span, index);
            chosen.push((e.span.start, e.span.end, position, &e.replacement));
        }
        applied += 1;
    }
    skipped.sort_by_key(|s| s.index);
    // Chosen edits do not conflict, so equal (start, end) means insertions of one
    // fix at one offset, kept in the fix's own order.
    chosen.sort_by_key(|&(start, end, position, _)| (start, end, position));

    let mut bytes = Vec::with_capacity(original.len() + 64);
    let mut cursor = 0;
    for (start, end, _, replacement) in chosen {
        bytes.extend_from_slice(&original[cursor..start]);
        bytes.extend_from_slice(&encode_replacement(replacement, encoding));
        cursor = end;
    }
    bytes.extend_from_slice(&original[cursor..]);
    Applied {
        bytes,
        applied,
        skipped,
    }
}

#[cfg(test)]
mod tests;
