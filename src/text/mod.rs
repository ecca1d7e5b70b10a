//! Text as every carrier sees it: bytes in a known encoding, byte spans, and
//! line:column positions. Nothing here knows any file format.

mod decode;
mod lines;
pub mod utf16;

pub use decode::{Chars, Encoding, SourceChar};
pub use lines::{LineEnding, LineIndex, PhysicalLine, Position};

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

/// A file's bytes, how they decode and where its lines start: what reporters
/// keep of a file once it is linted.
#[derive(Clone, Debug)]
pub struct SourceText {
    pub bytes: Vec<u8>,
    pub encoding: Encoding,
    pub lines: LineIndex,
}

impl SourceText {
    pub fn new(bytes: Vec<u8>, encoding: Encoding) -> SourceText {
        let lines = LineIndex::new(&bytes);
        SourceText {
            bytes,
            encoding,
            lines,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.bytes, self.encoding, offset)
    }

    /// The text of `span`, decoded with the file's encoding.
    pub fn text(&self, span: Span) -> String {
        Chars::new(&self.bytes, span, self.encoding)
            .map(|c| c.ch)
            .collect()
    }
}
