//! Text as every carrier sees it: bytes in a known encoding, byte spans, and
//! line:column positions. Nothing here knows any file format.

mod decode;
mod lines;
pub mod prose;
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

/// `text` cut to its first `max` characters, with `…` and the full length when
/// cut: what a message may echo of a value or an expression of any size.
pub fn clip(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => std::borrow::Cow::Owned(format!(
            "{}… ({} characters)",
            &text[..end],
            text.chars().count()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn clip_keeps_short_text_and_cuts_long_text_on_a_character() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "abc… (4 characters)");
        assert_eq!(clip("ééé", 2), "éé… (3 characters)");
    }
}
