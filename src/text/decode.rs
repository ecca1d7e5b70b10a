//! Bytes to characters, the way Java's two `Properties.load` overloads see them.
//!
//! `load(InputStream)` (what Kafka uses) maps every byte to the char of the same
//! value: ISO-8859-1. `load(Reader)` over an `InputStreamReader` with UTF-8 replaces
//! each malformed sequence with U+FFFD. Every character carries the byte range it
//! came from, so later stages can point at exact source positions.

use super::Span;

/// How the bytes of a file are turned into characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// ISO-8859-1, as `Properties.load(InputStream)` and therefore Kafka reads files.
    #[default]
    Latin1,
    /// UTF-8, as `Properties.load(Reader)` with a UTF-8 reader.
    Utf8,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Latin1 => "latin1",
            Encoding::Utf8 => "utf8",
        }
    }
}

/// One decoded character and the bytes it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceChar {
    pub ch: char,
    pub start: usize,
    pub end: usize,
}

/// Iterates over the characters of `bytes[span]`; `bytes` is the whole file so
/// that offsets stay absolute.
pub struct Chars<'a> {
    bytes: &'a [u8],
    pos: usize,
    end: usize,
    encoding: Encoding,
}

impl<'a> Chars<'a> {
    pub fn new(bytes: &'a [u8], span: Span, encoding: Encoding) -> Self {
        let end = span.end.min(bytes.len());
        Chars {
            bytes,
            pos: span.start.min(end),
            end,
            encoding,
        }
    }
}

impl Chars<'_> {
    /// Skips the ASCII bytes from here that `keep` accepts, up to the first
    /// other byte; returns the span skipped. An ASCII byte is one character in
    /// both encodings, so a reader can take a run of them at once.
    pub fn skip_ascii_while(&mut self, keep: impl Fn(u8) -> bool) -> Span {
        let start = self.pos;
        let run = self.bytes[start..self.end]
            .iter()
            .position(|&b| !b.is_ascii() || !keep(b))
            .unwrap_or(self.end - start);
        self.pos += run;
        Span::new(start, self.pos)
    }

    /// Whether every character has been read.
    pub fn is_done(&self) -> bool {
        self.pos >= self.end
    }
}

impl Iterator for Chars<'_> {
    type Item = SourceChar;

    fn next(&mut self) -> Option<SourceChar> {
        if self.pos >= self.end {
            return None;
        }
        let start = self.pos;
        let (ch, len) = match self.encoding {
            Encoding::Latin1 => (char::from(self.bytes[start]), 1),
            Encoding::Utf8 => decode_utf8_at(&self.bytes[start..self.end]),
        };
        self.pos += len;
        Some(SourceChar {
            ch,
            start,
            end: self.pos,
        })
    }
}

/// Decodes the first UTF-8 character of `bytes` (never empty). A malformed
/// sequence yields U+FFFD for its maximal ill-formed subpart, which is what
/// Java's UTF-8 decoder replaces as well, with one exception below.
fn decode_utf8_at(bytes: &[u8]) -> (char, usize) {
    let first = bytes[0];
    if first < 0x80 {
        return (char::from(first), 1);
    }
    // A surrogate code point encoded in UTF-8 (`ED A0..BF ..`). Unicode's
    // maximal-subpart rule, which `utf8_chunks` follows, makes `ED` alone the
    // bad part, and then each following byte, so three U+FFFD. Java's
    // `sun.nio.cs.UTF_8` decoder instead reads `ED A0..BF` as the start of a
    // 3-byte sequence and rejects the decoded char afterwards: one U+FFFD for
    // all three bytes, or for the two when the third is not a continuation
    // byte or the input ends (at EOF Java replaces whatever is left as one
    // unit). Checked against JDK 17 by tests/java_differential.rs.
    if first == 0xED && matches!(bytes.get(1), Some(0xA0..=0xBF)) {
        let len = if matches!(bytes.get(2), Some(0x80..=0xBF)) {
            3
        } else {
            2
        };
        return (char::REPLACEMENT_CHARACTER, len);
    }
    // Utf8Chunks gives the valid prefix and then the maximal invalid subpart.
    let probe = &bytes[..bytes.len().min(4)];
    if let Some(chunk) = probe.utf8_chunks().next() {
        if let Some(ch) = chunk.valid().chars().next() {
            return (ch, ch.len_utf8());
        }
        let bad = chunk.invalid().len().max(1);
        return (char::REPLACEMENT_CHARACTER, bad);
    }
    (char::REPLACEMENT_CHARACTER, 1)
}

/// The number of characters in `bytes[span]`: columns count characters.
pub fn char_count(bytes: &[u8], span: Span, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Latin1 => span.end.saturating_sub(span.start),
        Encoding::Utf8 => Chars::new(bytes, span, encoding).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], encoding: Encoding) -> Vec<(char, usize, usize)> {
        Chars::new(bytes, Span::new(0, bytes.len()), encoding)
            .map(|c| (c.ch, c.start, c.end))
            .collect()
    }

    #[test]
    fn latin1_maps_every_byte_to_one_char() {
        assert_eq!(
            decode(b"a\xe9\xff", Encoding::Latin1),
            vec![('a', 0, 1), ('é', 1, 2), ('ÿ', 2, 3)]
        );
    }

    #[test]
    fn utf8_decodes_multibyte_and_replaces_malformed() {
        assert_eq!(
            decode("é€".as_bytes(), Encoding::Utf8),
            vec![('é', 0, 2), ('€', 2, 5)]
        );
        assert_eq!(
            decode(b"a\xe2\x82b", Encoding::Utf8),
            vec![('a', 0, 1), ('\u{FFFD}', 1, 3), ('b', 3, 4)]
        );
        assert_eq!(decode(b"\xff", Encoding::Utf8), vec![('\u{FFFD}', 0, 1)]);
    }

    #[test]
    fn utf8_surrogate_code_points_are_one_replacement_as_in_java() {
        let r = '\u{FFFD}';
        assert_eq!(decode(b"\xed\xa0\x80", Encoding::Utf8), vec![(r, 0, 3)]);
        assert_eq!(
            decode(b"\xed\xa0A", Encoding::Utf8),
            vec![(r, 0, 2), ('A', 2, 3)]
        );
        assert_eq!(decode(b"\xed\xa0", Encoding::Utf8), vec![(r, 0, 2)]);
        // U+D7FF, just below the surrogates, is valid.
        assert_eq!(
            decode(b"\xed\x9f\xbf", Encoding::Utf8),
            vec![('\u{D7FF}', 0, 3)]
        );
    }
}
