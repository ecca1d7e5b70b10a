//! The lossless `.properties` reader.
//!
//! It sees exactly what `java.util.Properties.load` sees (the logical lines, the
//! key/value split, the escapes) and keeps the byte span of every piece, so that
//! diagnostics point at exact positions and fixes can rewrite only the bytes they
//! change. The source bytes themselves are kept: comments, blank lines and line
//! endings survive any edit that does not touch them.

mod decode;
mod lines;
mod reader;
mod unescape;

pub use decode::{Chars, Encoding, SourceChar};
pub use lines::{LineEnding, LineIndex, PhysicalLine, Position};
pub use unescape::EscapeIssue;

use std::collections::BTreeMap;

/// A half-open byte range `[start, end)` in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn empty_at(offset: usize) -> Self {
        Span::new(offset, offset)
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One key/value pair as Java reads it, with the spans it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key after unescaping, exactly as Java's `Properties` holds it.
    pub key: String,
    /// The value after unescaping, untrimmed (Kafka trims typed values later).
    pub value: String,
    /// The raw key, possibly across continued lines.
    pub key_span: Span,
    /// Everything between key and value: whitespace and at most one `=` or `:`.
    pub separator_span: Span,
    /// The raw value; empty (at the end of the separator) when there is no value.
    pub value_span: Span,
    /// The whole logical line, from its first character to its last (no terminator).
    pub span: Span,
    /// Escapes in the key that Java resolves surprisingly.
    pub key_escapes: Vec<EscapeIssue>,
    /// Escapes in the value that Java resolves surprisingly.
    pub value_escapes: Vec<EscapeIssue>,
}

/// A comment line (`#` or `!` where a logical line begins).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// From the comment marker to the end of the physical line (no terminator).
    pub span: Span,
    /// The decoded text after the marker. Java does not unescape comments.
    pub text: String,
}

/// The logical items of a file, in order. Blank lines are the physical lines
/// that no item covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    Entry(usize),
    Comment(usize),
}

/// Why `Properties.load` throws for a file: it then loads nothing at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub span: Span,
    pub message: String,
}

/// The entries Java's last-wins rule keeps.
fn kept_entries(entries: &[Entry]) -> Vec<usize> {
    let mut last: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        last.insert(&e.key, i);
    }
    (0..entries.len())
        .filter(|i| last.get(entries[*i].key.as_str()) == Some(i))
        .collect()
}

/// What is left of a file for reporting: its bytes and line starts, without the
/// parsed entries, so that a run over thousands of files keeps little until output.
#[derive(Clone, Debug)]
pub struct SourceText {
    pub bytes: Vec<u8>,
    pub encoding: Encoding,
    pub lines: LineIndex,
}

impl SourceText {
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.bytes, self.encoding, offset)
    }
}

/// A parsed file: the original bytes plus every entry and comment with its spans.
#[derive(Clone, Debug)]
pub struct Document {
    pub bytes: Vec<u8>,
    pub encoding: Encoding,
    pub entries: Vec<Entry>,
    pub comments: Vec<Comment>,
    pub items: Vec<Item>,
    pub lines: LineIndex,
    /// The first malformed `\uXXXX` escape: Java's load fails on it.
    pub load_error: Option<LoadError>,
    /// Indexes of the entries Java keeps, computed once.
    kept: Vec<usize>,
}

impl Document {
    /// Reads `bytes` as Java would with the given encoding. Never fails: a file
    /// that Java cannot load still yields its entries plus `load_error`.
    pub fn parse(bytes: Vec<u8>, encoding: Encoding) -> Document {
        let mut doc = reader::read(bytes, encoding);
        doc.kept = kept_entries(&doc.entries);
        doc
    }

    /// The key/value map Java's `Properties` ends up with: the last duplicate wins.
    pub fn java_view(&self) -> Result<BTreeMap<String, String>, LoadError> {
        if let Some(error) = &self.load_error {
            return Err(error.clone());
        }
        Ok(self
            .entries
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect())
    }

    /// The raw source text of `span`, decoded with the file's encoding.
    pub fn text(&self, span: Span) -> String {
        Chars::new(&self.bytes, span, self.encoding)
            .map(|c| c.ch)
            .collect()
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.bytes, self.encoding, offset)
    }

    /// Drops the parsed entries, keeping what reporters need.
    pub fn into_text(self) -> SourceText {
        SourceText {
            bytes: self.bytes,
            encoding: self.encoding,
            lines: self.lines,
        }
    }

    /// The indexes of the entries Java keeps (the last of each key), in file order.
    pub fn kept(&self) -> &[usize] {
        &self.kept
    }

    /// The entries that Java keeps: for each key, the last one.
    pub fn effective_entries(&self) -> impl Iterator<Item = &Entry> {
        self.kept.iter().map(|&i| &self.entries[i])
    }
}
