//! Physical lines: where each starts, how it ends, and byte offset to line:column.
//!
//! `\n`, `\r\n` and a lone `\r` all end a line, in any mix, as in Java.

use super::{Encoding, Span, decode::char_count};

/// How a physical line ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
    Cr,
    /// The last line of a file that does not end with a line terminator.
    None,
}

impl LineEnding {
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
            LineEnding::None => "",
        }
    }
}

/// One physical line: its content (without terminator) and its terminator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhysicalLine {
    pub content: Span,
    pub ending: LineEnding,
}

impl PhysicalLine {
    /// The content and its terminator.
    pub fn full(&self) -> Span {
        Span::new(
            self.content.start,
            self.content.end + self.ending.as_str().len(),
        )
    }
}

/// A 1-based line and column (columns count characters) plus the 0-based byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// The physical lines of one file: nine bytes a line (a file over 4 GiB has
/// its offsets past 4 GiB saturate there).
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    /// Where each line's content starts and ends.
    bounds: Vec<[u32; 2]>,
    endings: Vec<LineEnding>,
}

fn narrow(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl LineIndex {
    pub fn new(bytes: &[u8]) -> Self {
        // Room for every line at once (a CRLF counts twice: the spare room goes
        // below), not grown by doubling.
        let breaks = memchr::memchr2_iter(b'\n', b'\r', bytes).count();
        let mut index = LineIndex {
            bounds: Vec::with_capacity(breaks + 1),
            endings: Vec::with_capacity(breaks + 1),
        };
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Jumps to the next line break: most bytes are none.
            let Some(at) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) else {
                break;
            };
            i += at;
            let (ending, len) = match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => (LineEnding::CrLf, 2),
                b'\r' => (LineEnding::Cr, 1),
                _ => (LineEnding::Lf, 1),
            };
            index.push(Span::new(start, i), ending);
            i += len;
            start = i;
        }
        if start < bytes.len() || index.bounds.is_empty() {
            index.push(Span::new(start, bytes.len()), LineEnding::None);
        }
        // Kept as long as the file's findings: without the doubling's spare room.
        index.bounds.shrink_to_fit();
        index.endings.shrink_to_fit();
        index
    }

    fn push(&mut self, content: Span, ending: LineEnding) {
        self.bounds
            .push([narrow(content.start), narrow(content.end)]);
        self.endings.push(ending);
    }

    /// How many physical lines the file has (at least one).
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    /// The physical line of 0-based index `index`.
    pub fn line(&self, index: usize) -> Option<PhysicalLine> {
        let [start, end] = *self.bounds.get(index)?;
        Some(PhysicalLine {
            content: Span::new(start as usize, end as usize),
            ending: *self.endings.get(index)?,
        })
    }

    /// The physical lines, in order.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = PhysicalLine> + '_ {
        self.bounds
            .iter()
            .zip(&self.endings)
            .map(|(&[start, end], &ending)| PhysicalLine {
                content: Span::new(start as usize, end as usize),
                ending,
            })
    }

    /// The 0-based index of the line that holds `offset` (a terminator belongs to its line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = narrow(offset);
        match self
            .bounds
            .binary_search_by(|[start, _]| start.cmp(&offset))
        {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn position(&self, bytes: &[u8], encoding: Encoding, offset: usize) -> Position {
        let index = self.line_of(offset);
        let line_start = self.line(index).map_or(0, |l| l.content.start);
        let offset = offset.min(bytes.len());
        let column = char_count(
            bytes,
            Span::new(line_start, offset.max(line_start)),
            encoding,
        ) + 1;
        Position {
            line: index + 1,
            column,
            offset,
        }
    }

    /// The whole physical lines that `span` touches, terminators included:
    /// what a fix deletes to remove an entry without leaving a blank line.
    pub fn covering_lines(&self, span: Span) -> Span {
        let first = self.line_of(span.start);
        let last = self.line_of(span.end.saturating_sub(1).max(span.start));
        let start = self.line(first).map_or(span.start, |l| l.content.start);
        let end = self.line(last).map_or(span.end, |l| l.full().end);
        Span::new(start, end)
    }

    /// The line ending most used in the file, for text that a fix inserts.
    pub fn dominant_ending(&self) -> LineEnding {
        let count = |e: LineEnding| self.endings.iter().filter(|&&l| l == e).count();
        [LineEnding::CrLf, LineEnding::Cr]
            .into_iter()
            .find(|&e| count(e) > count(LineEnding::Lf))
            .unwrap_or(LineEnding::Lf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_three_terminators_end_lines() {
        let text = b"a\nb\r\nc\rd";
        let index = LineIndex::new(text);
        let endings: Vec<_> = index.lines().map(|l| l.ending).collect();
        assert_eq!(
            endings,
            vec![
                LineEnding::Lf,
                LineEnding::CrLf,
                LineEnding::Cr,
                LineEnding::None
            ]
        );
        let pos = index.position(text, Encoding::Latin1, 7);
        assert_eq!((pos.line, pos.column), (4, 1));
        let pos = index.position(text, Encoding::Latin1, 5);
        assert_eq!((pos.line, pos.column), (3, 1));
    }

    #[test]
    fn columns_count_characters_in_utf8() {
        let text = "é=x".as_bytes();
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, Encoding::Utf8, 2).column, 2);
        assert_eq!(index.position(text, Encoding::Latin1, 2).column, 3);
    }

    #[test]
    fn covering_lines_include_terminator() {
        let text = b"a=1\nb=2\\\n  3\nc=4\n";
        let index = LineIndex::new(text);
        assert_eq!(index.covering_lines(Span::new(4, 12)), Span::new(4, 13));
    }
}
