//! Edits written in `.properties` syntax.
//!
//! Replacements are source text: the fixer encodes characters for the file's
//! encoding (`\uXXXX` in ISO-8859-1 files) but adds no other escaping.

use super::Document;
use crate::text::Span;
use crate::unit::TextEdit;

pub fn replace_value(doc: &Document, setting: usize, value: &str) -> TextEdit {
    let (s, syntax) = (&doc.file.settings[setting], &doc.syntax[setting]);
    // `key` alone on its line has no separator: writing the value there would
    // extend the key.
    let replacement = if syntax.separator_span.is_empty() {
        format!("={value}")
    } else {
        value.to_string()
    };
    TextEdit {
        span: s.value_span,
        replacement,
    }
}

pub fn rename_key(doc: &Document, setting: usize, to: &str) -> TextEdit {
    TextEdit {
        span: doc.file.settings[setting].key_span,
        replacement: to.to_string(),
    }
}

/// Deletes the lines of the entry.
pub fn remove(doc: &Document, setting: usize) -> TextEdit {
    TextEdit {
        span: doc
            .text()
            .lines
            .covering_lines(doc.file.settings[setting].span),
        replacement: String::new(),
    }
}

/// A new `key=value` line at the end of the file.
pub fn append(doc: &Document, key: &str, value: &str) -> TextEdit {
    let bytes = &doc.text().bytes;
    let end = bytes.len();
    let newline = doc.text().lines.dominant_ending().as_str();
    let content = bytes
        .strip_suffix(b"\n")
        .or_else(|| bytes.strip_suffix(b"\r"))
        .unwrap_or(bytes);
    let content = content.strip_suffix(b"\r").unwrap_or(content);
    let needs_break = end > 0 && content.len() == end;
    // A last line ending in an odd number of backslashes continues onto whatever
    // follows: an empty line ends it first, so the new line stands on its own.
    let backslashes = content.iter().rev().take_while(|b| **b == b'\\').count();
    let blank = if backslashes % 2 == 1 { newline } else { "" };
    TextEdit {
        span: Span::empty_at(end),
        replacement: format!(
            "{}{blank}{key}={value}{newline}",
            if needs_break { newline } else { "" }
        ),
    }
}
