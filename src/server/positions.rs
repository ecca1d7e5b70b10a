//! Where things are: the engine counts byte offsets in the bytes it linted, the
//! client counts lines and code units (UTF-16 by default, UTF-8 when it offers
//! it) in the text of its buffer. A [`Locator`] maps one onto the other for one
//! version of a document.

use crate::text::Span;
use lsp_types::{Position, Range};

/// What a column counts, as agreed in `initialize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Units {
    Utf8,
    Utf16,
}

/// How the engine's bytes were made from the client's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bytes {
    /// The text's own UTF-8 bytes: a byte offset is a text offset.
    Utf8,
    /// One byte per character (ISO-8859-1): a byte offset is a character index.
    Latin1,
}

/// Positions of one text, computed once per use.
pub struct Locator<'a> {
    text: &'a str,
    /// The byte offset in `text` of each line's first character. Lines end at
    /// `\n`, `\r\n` or `\r`, as for both the client and Java's reader.
    starts: Vec<usize>,
    /// For [`Bytes::Latin1`]: the text offset of each character, and the end.
    chars: Option<Vec<usize>>,
    units: Units,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, bytes: Bytes, units: Units) -> Locator<'a> {
        let chars = (bytes == Bytes::Latin1).then(|| {
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect()
        });
        Locator {
            text,
            starts: line_starts(text),
            chars,
            units,
        }
    }

    /// The text offset of an engine byte offset (a character boundary at or before it).
    pub fn text_offset(&self, byte: usize) -> usize {
        match &self.chars {
            Some(chars) => chars.get(byte).copied().unwrap_or(self.text.len()),
            None => floor_boundary(self.text, byte),
        }
    }

    /// The engine byte offset of a text offset.
    pub fn byte_offset(&self, offset: usize) -> usize {
        match &self.chars {
            Some(chars) => chars.partition_point(|&c| c < offset),
            None => offset,
        }
    }

    /// The client's range of an engine span.
    pub fn range(&self, span: Span) -> Range {
        let start = self.position(self.text_offset(span.start));
        let end = self.position(self.text_offset(span.end.max(span.start)));
        Range { start, end }
    }

    /// The client's position of a text offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_boundary(self.text, offset);
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let before = &self.text[self.starts[line]..offset];
        let column = match self.units {
            Units::Utf8 => before.len(),
            Units::Utf16 => before.encode_utf16().count(),
        };
        Position::new(to_u32(line), to_u32(column))
    }

    /// The text offset of a client position; past the end of a line is its end,
    /// past the last line is the end of the text.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let end = self.line_end(line);
        let mut units = position.character as usize;
        for (i, c) in self.text[start..end].char_indices() {
            let width = match self.units {
                Units::Utf8 => c.len_utf8(),
                Units::Utf16 => c.len_utf16(),
            };
            if units < width {
                return start + i;
            }
            units -= width;
        }
        end
    }

    /// The text offset where line `line`'s terminator starts (or the text ends).
    pub fn line_end(&self, line: usize) -> usize {
        let next = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line_text = &self.text[self.starts[line].min(next)..next];
        let trimmed = line_text.trim_end_matches(['\n', '\r']);
        self.starts[line] + trimmed.len()
    }

    /// The text offset where the line holding `offset` starts.
    pub fn line_start(&self, offset: usize) -> usize {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        self.starts[line]
    }

    /// The whole text's range.
    pub fn full(&self) -> Range {
        Range::new(Position::new(0, 0), self.position(self.text.len()))
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 1;
                starts.push(i + 1);
            }
            b'\r' => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs_and_utf8_columns_bytes() {
        let text = "a=é😀x\r\nb=1\rc=2\n";
        let utf16 = Locator::new(text, Bytes::Utf8, Units::Utf16);
        let x = text.find('x').unwrap();
        assert_eq!(utf16.position(x), Position::new(0, 5));
        let utf8 = Locator::new(text, Bytes::Utf8, Units::Utf8);
        assert_eq!(utf8.position(x), Position::new(0, 8));
        assert_eq!(utf16.offset(Position::new(0, 5)), x);
        assert_eq!(utf16.position(text.find('c').unwrap()), Position::new(2, 0));
        assert_eq!(
            utf16.offset(Position::new(1, 99)),
            text.find("\rc").unwrap()
        );
        assert_eq!(utf16.offset(Position::new(9, 0)), text.len());
    }

    #[test]
    fn latin1_bytes_are_characters() {
        let text = "k=é\nv=1";
        let at = Locator::new(text, Bytes::Latin1, Units::Utf16);
        // `é` is byte 2 on disk, one byte; `\n` is byte 3.
        assert_eq!(at.text_offset(3), text.find('\n').unwrap());
        assert_eq!(at.byte_offset(text.find('v').unwrap()), 4);
        assert_eq!(at.range(Span::new(4, 7)).start, Position::new(1, 0));
    }
}
