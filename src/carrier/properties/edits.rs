//! Edits written in `.properties` syntax.
//!
//! Keys and values are written so that Java reads them back as given: escaped
//! where `Properties.load` would strip, split or interpret them (backslashes,
//! line breaks, leading whitespace, separators, comment marks). The fixer then
//! encodes characters for the file's encoding (`\uXXXX` in ISO-8859-1 files).
//!
//! An edit inside a key or value ([`rewrite`]) replaces whole characters as
//! Java reads them (an escape with its backslash), never half of one: a
//! backslash left before new text would pair with it, and text removed after
//! a backslash would leave it escaping whatever comes next.

use super::Document;
use super::unescape::{Unit, UnitKind};
use crate::text::{Chars, SourceChar, Span};
use crate::unit::{Setting, TextEdit};

pub fn replace_value(doc: &Document, setting: usize, value: &str) -> TextEdit {
    let (s, syntax) = (&doc.file.settings[setting], doc.syntax(setting));
    // `key` alone on its line has no separator: writing the value there would
    // extend the key.
    let replacement = if syntax.separator_span.is_empty() {
        format!("={}", escape_value(value))
    } else {
        escape(value, Place::start(doc, setting, Part::Value))
    };
    TextEdit {
        span: s.value_span(),
        replacement,
    }
}

pub fn rename_key(doc: &Document, setting: usize, to: &str) -> TextEdit {
    TextEdit {
        span: doc.file.settings[setting].key_span(),
        replacement: escape(to, Place::KeyStart),
    }
}

/// Deletes the lines of the entry.
pub fn remove(doc: &Document, setting: usize) -> TextEdit {
    TextEdit {
        span: doc
            .text()
            .lines
            .covering_lines(doc.file.settings[setting].span()),
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
    // After a lone `\r`, a `\n` would join it into one line ending.
    let blank = match (backslashes % 2 == 1, bytes.ends_with(b"\r")) {
        (false, _) => "",
        (true, true) => "\r",
        (true, false) => newline,
    };
    let key = escape(key, Place::KeyStart);
    let value = escape_value(value);
    TextEdit {
        span: Span::empty_at(end),
        replacement: format!(
            "{}{blank}{key}={value}{newline}",
            if needs_break { newline } else { "" }
        ),
    }
}

/// `value` written after `key=` so that a `.properties` reader reads it back.
pub fn escape_value(value: &str) -> String {
    escape(
        value,
        Place::ValueStart {
            separator_has_sign: true,
        },
    )
}

/// Which part of an entry an edit rewrites.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Key,
    Value,
}

impl Part {
    /// The source span of this part of `setting`.
    pub fn span(self, setting: &Setting) -> Span {
        match self {
            Part::Key => setting.key_span(),
            Part::Value => setting.value_span(),
        }
    }
}

/// What Java makes of a character written at some place of an entry: where it
/// strips whitespace, ends a key or starts a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// The first character of a logical line: whitespace is skipped, `#` and
    /// `!` start a comment, and (as anywhere in a key) `=`, `:` and whitespace
    /// end the key.
    KeyStart,
    Key,
    /// The first character of a value: whitespace is skipped, and so is one
    /// `=` or `:` when the separator has none.
    ValueStart {
        separator_has_sign: bool,
    },
    /// The first character of a continuation line: whitespace is skipped.
    LineStart,
    Value,
}

/// `c` as source text at `place`, so that Java reads `c` back.
fn escape_char(c: char, place: Place, out: &mut String) {
    let escaped = match c {
        '\\' => Some('\\'),
        '\n' => Some('n'),
        '\r' => Some('r'),
        '\t' => Some('t'),
        '\u{c}' => Some('f'),
        ' ' => (place != Place::Value).then_some(' '),
        '=' | ':' => matches!(
            place,
            Place::KeyStart
                | Place::Key
                | Place::ValueStart {
                    separator_has_sign: false
                }
        )
        .then_some(c),
        '#' | '!' => (place == Place::KeyStart).then_some(c),
        _ => None,
    };
    match escaped {
        Some(e) => {
            out.push('\\');
            out.push(e);
        }
        None => out.push(c),
    }
}

/// `text` as source text starting at `place`: every character after the first
/// is at the place that follows it in a key or value.
fn escape(text: &str, mut place: Place) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        escape_char(c, place, &mut out);
        place = place.after();
    }
    out
}

impl Place {
    fn after(self) -> Place {
        match self {
            Place::KeyStart | Place::Key => Place::Key,
            _ => Place::Value,
        }
    }

    fn start(doc: &Document, setting: usize, part: Part) -> Place {
        match part {
            Part::Key => Place::KeyStart,
            Part::Value => {
                let separator = doc.syntax(setting).separator_span;
                let bytes = &doc.text().bytes[separator.start..separator.end];
                Place::ValueStart {
                    separator_has_sign: bytes.iter().any(|b| matches!(b, b'=' | b':')),
                }
            }
        }
    }
}

/// A key or value as Java reads it, character by character: each with its
/// source span, and whether a continuation line starts with it.
pub fn units(doc: &Document, setting: usize, part: Part) -> Vec<(Unit, bool)> {
    let span = part.span(&doc.file.settings[setting]);
    let text = doc.text();
    // Join continued lines as `LineReader` does: backslashes pair from the start
    // of the key or value, where none is pending.
    let chars: Vec<SourceChar> = Chars::new(&text.bytes, span, text.encoding).collect();
    let mut joined = Vec::with_capacity(chars.len());
    let mut line_starts = Vec::new();
    let (mut odd, mut i) = (false, 0);
    while let Some(&c) = chars.get(i) {
        i += 1;
        if odd && matches!(c.ch, '\n' | '\r') {
            joined.pop();
            odd = false;
            if c.ch == '\r' && chars.get(i).is_some_and(|n| n.ch == '\n') {
                i += 1;
            }
            while chars
                .get(i)
                .is_some_and(|n| matches!(n.ch, ' ' | '\t' | '\u{c}'))
            {
                i += 1;
            }
            if let Some(n) = chars.get(i) {
                line_starts.push(n.start);
            }
            continue;
        }
        odd = c.ch == '\\' && !odd;
        joined.push(c);
    }
    super::unescape::units(joined.into_iter())
        .into_iter()
        .map(|u| {
            let starts_line = line_starts.binary_search(&u.span.start).is_ok();
            (u, starts_line)
        })
        .collect()
}

/// Edits that give characters of a key or value new text, in the file's
/// syntax: each change is a range of [`units`] and the text Java should read
/// in its place. Written where Java pairs escapes afresh (a unit boundary),
/// escaped for its place, and widened over the next character when a removal
/// moves that one to a place where Java would read it otherwise (a space to the
/// start of a value, a `#` to the start of the line). `None` when the changes
/// overlap or leave the key empty, which no edit of the key alone can write,
/// or when a malformed `\u` escape took a backslash for one of its digits.
pub fn rewrite(
    doc: &Document,
    setting: usize,
    part: Part,
    changes: &[(std::ops::Range<usize>, String)],
) -> Option<Vec<TextEdit>> {
    let units = units(doc, setting, part);
    // A malformed `\u` that took a backslash for a digit took half of another
    // escape: the line reader pairs that backslash one way, the escape another,
    // and no edit can be sure which backslash ends up escaping what.
    if units
        .iter()
        .any(|(u, _)| u.kind == UnitKind::Malformed && u.text[1..].contains('\\'))
    {
        return None;
    }
    let mut new_text: Vec<Option<&str>> = vec![None; units.len()];
    for (range, text) in changes {
        if range.is_empty() || range.end > units.len() {
            return None;
        }
        for (k, slot) in new_text[range.clone()].iter_mut().enumerate() {
            if slot.is_some() {
                return None;
            }
            *slot = Some(if k == 0 { text.as_str() } else { "" });
        }
    }
    let start = Place::start(doc, setting, part);
    let mut edits: Vec<TextEdit> = Vec::new();
    let mut open: Option<TextEdit> = None;
    let mut written = false;
    // Whether what is written next starts a continuation line: the first
    // character there did, and nothing has been written in its place.
    let mut line_start = false;
    for ((unit, starts_line), replacement) in units.iter().zip(&new_text) {
        line_start |= *starts_line;
        let place = match (written, line_start, part) {
            (false, _, _) => start,
            (true, true, Part::Value) => Place::LineStart,
            (true, _, _) => start.after(),
        };
        let text = match (replacement, &mut open) {
            (Some(text), _) => escape(text, place),
            // Kept as it is, unless a removal just before moved it to a place
            // where Java reads its raw text otherwise.
            (None, Some(_)) if unit.kind == UnitKind::Plain => {
                let again = escape(&unit.text, place);
                if again == unit.text {
                    edits.extend(open.take());
                    (written, line_start) = (true, false);
                    continue;
                }
                again
            }
            (None, _) => {
                edits.extend(open.take());
                (written, line_start) = (true, false);
                continue;
            }
        };
        written |= !text.is_empty();
        line_start &= text.is_empty();
        let edit = open.get_or_insert_with(|| TextEdit {
            span: Span::empty_at(unit.span.start),
            replacement: String::new(),
        });
        edit.span.end = unit.span.end;
        edit.replacement.push_str(&text);
    }
    edits.extend(open);
    if part == Part::Key {
        // A key must keep a character, and a continuation line must not end up
        // starting with the whitespace that separates key and value: Java
        // would skip it and read the value as more of the key.
        let separator = doc.syntax(setting).separator_span;
        let spaced = doc.text().bytes[separator.start..separator.end]
            .first()
            .is_some_and(|b| matches!(b, b' ' | b'\t' | 0x0c));
        if !written || (line_start && spaced) {
            return None;
        }
    }
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Encoding;
    use std::collections::BTreeMap;

    fn read(bytes: &[u8]) -> BTreeMap<String, String> {
        Document::parse(bytes.to_vec(), Encoding::Latin1)
            .java_view()
            .expect("loads")
    }

    fn with(bytes: &[u8], edit: TextEdit) -> Vec<u8> {
        let mut out = bytes[..edit.span.start].to_vec();
        out.extend_from_slice(edit.replacement.as_bytes());
        out.extend_from_slice(&bytes[edit.span.end..]);
        out
    }

    #[test]
    fn an_appended_line_stands_on_its_own() {
        // A last line continued by a backslash and ended by a lone `\r`: a
        // blank `\n` after it would make one `\r\n` with it.
        for file in [
            &b"a=0\\\r"[..],
            b"a=0\\\n",
            b"a=0\\\r\n",
            b"a=0\\",
            b"a=0\n",
            b"a=0",
        ] {
            let doc = Document::parse(file.to_vec(), Encoding::Latin1);
            let bytes = with(file, append(&doc, "k", "v"));
            let map = read(&bytes);
            assert_eq!(
                (
                    map.get("a").map(String::as_str),
                    map.get("k").map(String::as_str)
                ),
                (Some("0"), Some("v")),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn values_and_keys_are_written_as_java_reads_them() {
        let file = b"a b\nc=\n";
        let doc = Document::parse(file.to_vec(), Encoding::Latin1);
        for value in [
            " lead",
            "back\\slash\\",
            "tab\there",
            "line\nbreak",
            "=x",
            "#!",
        ] {
            let bytes = with(file, replace_value(&doc, 0, value));
            assert_eq!(
                read(&bytes).get("a").map(String::as_str),
                Some(value),
                "{bytes:?}"
            );
            let bytes = with(file, replace_value(&doc, 1, value));
            assert_eq!(
                read(&bytes).get("c").map(String::as_str),
                Some(value),
                "{bytes:?}"
            );
        }
        for key in ["#k", "k=y", "k y", "k:\\"] {
            let bytes = with(file, rename_key(&doc, 1, key));
            assert_eq!(
                read(&bytes).get(key).map(String::as_str),
                Some(""),
                "{bytes:?}"
            );
        }
    }
}
