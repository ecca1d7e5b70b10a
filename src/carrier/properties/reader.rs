//! Java's `Properties.LineReader` and `load0`, step for step, keeping spans.
//!
//! A logical line is kept as the byte segments its characters came from: a
//! continued line is several segments, and nothing is copied, so a file with a
//! multi-megabyte line costs little more than its bytes.

use super::RareSyntax;
use super::unescape::{EscapeIssue, unescape};
use crate::secret::{self, Secret, SettingValue};
use crate::text::{Chars, Encoding, SourceChar, SourceText, Span};
use crate::unit::{Comment, LoadError, Setting};
use compact_str::CompactString;

/// Space, tab and form feed: the only whitespace Java's reader knows.
fn is_java_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{c}')
}

fn is_line_end(c: char) -> bool {
    matches!(c, '\n' | '\r')
}

/// The characters of one logical line, as byte segments of the file.
#[derive(Default)]
struct LogicalLine {
    segments: Vec<Span>,
    len: usize,
    start: Option<usize>,
}

impl LogicalLine {
    /// Empties the line for the next one, keeping its allocation: a file has
    /// as many lines as settings.
    fn clear(&mut self) {
        self.segments.clear();
        self.len = 0;
        self.start = None;
    }

    fn push(&mut self, c: SourceChar) {
        self.start.get_or_insert(c.start);
        self.len += 1;
        match self.segments.last_mut() {
            Some(seg) if seg.end == c.start => seg.end = c.end,
            _ => self.segments.push(Span::new(c.start, c.end)),
        }
    }

    /// Appends a run of ASCII characters (one byte each) that follows the last one.
    fn push_ascii_run(&mut self, run: Span) {
        if run.is_empty() {
            return;
        }
        self.start.get_or_insert(run.start);
        self.len += run.len();
        match self.segments.last_mut() {
            Some(seg) if seg.end == run.start => seg.end = run.end,
            _ => self.segments.push(run),
        }
    }

    /// Drops the final character, the backslash that continued the line (one byte
    /// in both encodings).
    fn pop_backslash(&mut self) {
        self.len = self.len.saturating_sub(1);
        if let Some(seg) = self.segments.last_mut() {
            seg.end -= 1;
            if seg.is_empty() {
                self.segments.pop();
            }
        }
    }
}

/// What the reader finds in a file.
#[derive(Default)]
pub(super) struct Read {
    pub settings: Vec<Setting>,
    /// The entries with a rare syntax, by setting index.
    pub rare_syntax: Vec<(usize, RareSyntax)>,
    pub comments: Vec<Comment>,
    pub load_error: Option<LoadError>,
    /// Key spans that hold a secret.
    pub hidden: Vec<Span>,
}

/// An entry's key and value as Java reads them, and where they stand.
struct Raw {
    key: CompactString,
    value: CompactString,
    key_span: Span,
    value_span: Span,
    whole: Span,
}

struct Reader<'a> {
    bytes: &'a [u8],
    encoding: Encoding,
    found: Read,
}

pub(super) fn read(text: &SourceText) -> Read {
    let mut reader = Reader {
        bytes: &text.bytes,
        encoding: text.encoding,
        found: Read::default(),
    };
    reader.read_all();
    reader.found
}

impl Reader<'_> {
    /// The `LineReader.readLine` state machine over the whole file.
    fn read_all(&mut self) {
        let mut chars = Chars::new(self.bytes, Span::new(0, self.bytes.len()), self.encoding);
        let mut line = LogicalLine::default();
        let mut skip_whitespace = true;
        let mut appended_line_begin = false;
        let mut preceding_backslash = false;
        let mut skip_lf = false;
        while let Some(c) = chars.next() {
            if skip_lf {
                skip_lf = false;
                if c.ch == '\n' {
                    continue;
                }
            }
            if skip_whitespace {
                if is_java_whitespace(c.ch) || (!appended_line_begin && is_line_end(c.ch)) {
                    continue;
                }
                skip_whitespace = false;
                appended_line_begin = false;
            }
            if line.len == 0 && matches!(c.ch, '#' | '!') {
                // A comment runs to the end of its physical line and never continues.
                let mut span = Span::new(c.start, c.end);
                let mut text = String::new();
                loop {
                    let run = chars.skip_ascii_while(|b| !matches!(b, b'\n' | b'\r'));
                    if !run.is_empty() {
                        text.extend(
                            self.bytes[run.start..run.end]
                                .iter()
                                .map(|&b| char::from(b)),
                        );
                        span.end = run.end;
                    }
                    // The line end, consumed with the comment, or a non-ASCII character.
                    match chars.next() {
                        Some(n) if !is_line_end(n.ch) => {
                            text.push(n.ch);
                            span.end = n.end;
                        }
                        _ => break,
                    }
                }
                self.found.comments.push(Comment { span, text });
                line.clear();
                skip_whitespace = true;
                continue;
            }
            if !is_line_end(c.ch) {
                line.push(c);
                preceding_backslash = c.ch == '\\' && !preceding_backslash;
                // The plain characters that follow are taken as one run: they
                // neither end the line nor escape anything.
                let run = chars.skip_ascii_while(|b| !matches!(b, b'\n' | b'\r' | b'\\'));
                if !run.is_empty() {
                    line.push_ascii_run(run);
                    preceding_backslash = false;
                }
                continue;
            }
            if line.len == 0 {
                // Java drops a logical line that continuations left empty: the
                // next one starts afresh (and so do its spans).
                line.clear();
                skip_whitespace = true;
                continue;
            }
            if !preceding_backslash {
                self.finish(&line);
                line.clear();
                skip_whitespace = true;
                continue;
            }
            line.pop_backslash();
            preceding_backslash = false;
            if chars.is_done() {
                // Java returns the line here even when dropping the backslash empties it.
                self.finish(&line);
                return;
            }
            skip_whitespace = true;
            appended_line_begin = true;
            skip_lf = c.ch == '\r';
        }
        if line.len > 0 {
            if preceding_backslash {
                line.pop_backslash();
            }
            self.finish(&line);
        }
    }

    fn chars_in(&self, segments: &[Span], range: Span) -> impl Iterator<Item = SourceChar> + '_ {
        let segments: Vec<Span> = segments
            .iter()
            .filter_map(|s| {
                let start = s.start.max(range.start);
                let end = s.end.min(range.end);
                (start < end).then(|| Span::new(start, end))
            })
            .collect();
        let (bytes, encoding) = (self.bytes, self.encoding);
        segments
            .into_iter()
            .flat_map(move |s| Chars::new(bytes, s, encoding))
    }

    /// `load0`: splits a logical line into key, separator and value.
    fn finish(&mut self, line: &LogicalLine) {
        let line_start = line.start.unwrap_or(0);
        let line_end = line.segments.last().map_or(line_start, |s| s.end);
        let whole = Span::new(line_start, line_end);
        if line.segments.len() == 1 && self.finish_plain(whole) {
            return;
        }
        let mut chars = self.chars_in(&line.segments, whole);
        let mut key_end = line_start;
        let mut preceding_backslash = false;
        let mut has_separator = false;
        let mut key_terminated = false;
        for c in chars.by_ref() {
            if !preceding_backslash && matches!(c.ch, '=' | ':') {
                has_separator = true;
                key_terminated = true;
                break;
            }
            if !preceding_backslash && is_java_whitespace(c.ch) {
                key_terminated = true;
                break;
            }
            preceding_backslash = c.ch == '\\' && !preceding_backslash;
            key_end = c.end;
        }
        let mut value_start = None;
        if key_terminated {
            for c in chars.by_ref() {
                if is_java_whitespace(c.ch) {
                    continue;
                }
                if !has_separator && matches!(c.ch, '=' | ':') {
                    has_separator = true;
                    continue;
                }
                value_start = Some(c.start);
                break;
            }
        }
        drop(chars);
        let key_span = Span::new(line_start, key_end);
        let value_span = Span::new(value_start.unwrap_or(line_end), line_end);
        let mut key_escapes = Vec::new();
        let mut value_escapes = Vec::new();
        let key = unescape(self.chars_in(&line.segments, key_span), &mut key_escapes).into();
        let value = unescape(
            self.chars_in(&line.segments, value_span),
            &mut value_escapes,
        )
        .into();
        if self.found.load_error.is_none() {
            self.found.load_error = key_escapes
                .iter()
                .chain(&value_escapes)
                .find_map(|issue| match issue {
                    EscapeIssue::MalformedUnicode { span } => Some(LoadError {
                        span: *span,
                        message: "malformed \\uXXXX escape: Java's Properties.load throws and loads nothing from this file"
                            .to_string(),
                    }),
                    _ => None,
                });
        }
        self.push_entry(
            Raw {
                key,
                value,
                key_span,
                value_span,
                whole,
            },
            key_escapes,
            value_escapes,
        );
    }

    /// `load0` for most lines: one physical line of ASCII without a backslash,
    /// whose characters are its bytes and where nothing is unescaped, split
    /// without decoding it character by character. False for any other line.
    fn finish_plain(&mut self, whole: Span) -> bool {
        let bytes = &self.bytes[whole.start..whole.end];
        let Ok(line) = std::str::from_utf8(bytes) else {
            return false;
        };
        if !line.is_ascii() || memchr::memchr(b'\\', bytes).is_some() {
            return false;
        }
        let is_whitespace = |b: u8| matches!(b, b' ' | b'\t' | 0x0c);
        let is_separator = |b: u8| matches!(b, b'=' | b':');
        let key_len = bytes
            .iter()
            .position(|&b| is_separator(b) || is_whitespace(b))
            .unwrap_or(bytes.len());
        let mut has_separator = bytes.get(key_len).is_some_and(|&b| is_separator(b));
        let mut value_at = None;
        for (i, &b) in bytes.iter().enumerate().skip(key_len + 1) {
            if is_whitespace(b) {
                continue;
            }
            if !has_separator && is_separator(b) {
                has_separator = true;
                continue;
            }
            value_at = Some(i);
            break;
        }
        let value_from = value_at.unwrap_or(bytes.len());
        // ASCII: every byte is a character, in Latin-1 and in UTF-8 alike.
        // Up to 24 bytes are kept inline: most keys and values allocate nothing.
        let text = |range: std::ops::Range<usize>| CompactString::from(&line[range]);
        let raw = Raw {
            key: text(0..key_len),
            value: text(value_from..bytes.len()),
            key_span: Span::new(whole.start, whole.start + key_len),
            value_span: Span::new(whole.start + value_from, whole.end),
            whole,
        };
        self.push_entry(raw, Vec::new(), Vec::new());
        true
    }

    fn push_entry(
        &mut self,
        raw: Raw,
        key_escapes: Vec<EscapeIssue>,
        value_escapes: Vec<EscapeIssue>,
    ) {
        let Raw {
            key,
            value,
            key_span,
            value_span,
            whole,
        } = raw;
        let found = &mut self.found;
        // `ssl.keystore.password\=hunter2`: an escaped separator puts the secret in
        // the key. It is shown hidden; Java's own key is kept for the reference view.
        let (key, java_key) = match secret::hide_in_key(&key) {
            Some(shown) => {
                found.hidden.push(key_span);
                (shown.into(), Some(Secret::new(key.as_str())))
            }
            None => (key, None),
        };
        // The key decides whether the value is a secret: it is wrapped before
        // anything else sees it.
        let value = SettingValue::for_key(&key, value);
        if let Some(rare) = RareSyntax::new(java_key, key_escapes, value_escapes) {
            found.rare_syntax.push((found.settings.len(), rare));
        }
        found
            .settings
            .push(Setting::new(key, value, key_span, value_span, whole));
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use crate::text::{Encoding, Span};

    fn pairs(text: &str) -> Vec<(String, String)> {
        Document::parse(text.as_bytes().to_vec(), Encoding::Latin1)
            .file
            .settings
            .into_iter()
            .map(|e| (e.key().to_string(), e.value().expose().to_string()))
            .collect()
    }

    fn p(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn separators_and_whitespace() {
        assert_eq!(
            pairs("a=1\nb:2\nc 3\nd\t=\t4\ne\n"),
            vec![
                p("a", "1"),
                p("b", "2"),
                p("c", "3"),
                p("d", "4"),
                p("e", "")
            ]
        );
        // Only one separator is eaten; a second '=' belongs to the value.
        assert_eq!(pairs("a = = b "), vec![p("a", "= b ")]);
        // Vertical tab is not whitespace for Java.
        assert_eq!(pairs("a\u{b}b=c"), vec![p("a\u{b}b", "c")]);
    }

    #[test]
    fn comments_only_at_line_start_and_never_continue() {
        assert_eq!(
            pairs("# c \\\na=1 # not a comment\n  ! x\n"),
            vec![p("a", "1 # not a comment")]
        );
    }

    #[test]
    fn continuation_drops_leading_whitespace_of_next_line() {
        assert_eq!(
            pairs("a=x\\\n    y\\\\\nb=2"),
            vec![p("a", "xy\\"), p("b", "2")]
        );
        assert_eq!(pairs("a=x\\\r\n  y\\\r  z"), vec![p("a", "xyz")]);
        // A trailing backslash at the end of the file is dropped.
        assert_eq!(pairs("a=x\\"), vec![p("a", "x")]);
        // A lone backslash line at the end of the file loads an empty key.
        assert_eq!(pairs("\\\n"), vec![p("", "")]);
    }

    #[test]
    fn a_line_that_continuations_leave_empty_is_dropped_spans_and_all() {
        let doc = Document::parse(b"\\\n\\\n  \nlinger.ms=\n".to_vec(), Encoding::Latin1);
        let e = &doc.file.settings[0];
        assert_eq!((e.key(), e.span()), ("linger.ms", Span::new(7, 17)));
    }

    #[test]
    fn escapes() {
        assert_eq!(
            pairs("p=C:\\kafka\\logs\\t\\u0041"),
            vec![p("p", "C:kafkalogs\tA")]
        );
        assert_eq!(pairs("k\\=y\\ z=v"), vec![p("k=y z", "v")]);
        assert_eq!(pairs("e=\\uD83D\\uDE00"), vec![p("e", "😀")]);
    }

    #[test]
    fn malformed_unicode_fails_the_load() {
        let doc = Document::parse(b"a=1\nb=\\u12G4\n".to_vec(), Encoding::Latin1);
        let err = doc.java_view().unwrap_err();
        assert_eq!(err.span, Span::new(6, 12));
    }

    #[test]
    fn spans_cover_raw_text() {
        let doc = Document::parse(b"  key = va\\\n  lue\n".to_vec(), Encoding::Latin1);
        let e = &doc.file.settings[0];
        assert_eq!(doc.text().text(e.key_span()), "key");
        assert_eq!(doc.text().text(doc.syntax(0).separator_span), " = ");
        assert_eq!(doc.text().text(e.value_span()), "va\\\n  lue");
        assert_eq!(e.value().expose(), "value");
    }

    #[test]
    fn plain_lines_split_as_escaped_ones_do() {
        // Each plain line, and the same line with its last character written
        // `\u00XX`: the reader's shortcut for plain lines must agree with its
        // character-by-character path on keys, values and spans.
        for line in [
            "a = = b ", "k:v", "k\t=\tv", "k : :v", "=v", " k v w", "k\u{c}v",
        ] {
            let plain = Document::parse(line.as_bytes().to_vec(), Encoding::Latin1);
            let last = line.trim_end().chars().last().unwrap();
            let at = line.trim_end().len() - 1;
            let escaped = format!("{}\\u{:04x}{}", &line[..at], last as u32, &line[at + 1..]);
            let general = Document::parse(escaped.into_bytes(), Encoding::Latin1);
            let (p, g) = (&plain.file.settings[0], &general.file.settings[0]);
            assert_eq!(
                (&p.key(), p.value().expose()),
                (&g.key(), g.value().expose()),
                "{line:?}"
            );
            assert_eq!(p.key_span().start, g.key_span().start, "{line:?}");
            assert_eq!(p.value_span().start, g.value_span().start, "{line:?}");
            assert_eq!(
                plain.syntax(0).separator_span,
                general.syntax(0).separator_span,
                "{line:?}"
            );
        }
        // Lines without a value: the value is empty, at the end of the line.
        for (line, key_end) in [("k", 1), ("k =", 1), ("k  ", 1), ("k\t:", 1)] {
            let doc = Document::parse(line.as_bytes().to_vec(), Encoding::Latin1);
            let e = &doc.file.settings[0];
            assert_eq!((e.key(), e.value().expose()), ("k", ""), "{line:?}");
            assert_eq!(e.key_span(), Span::new(0, key_end), "{line:?}");
            assert_eq!(
                e.value_span(),
                Span::new(line.len(), line.len()),
                "{line:?}"
            );
        }
    }

    #[test]
    fn items_interleave_entries_and_comments_in_file_order() {
        let doc = Document::parse(
            b"# a\na=1\n\n! b\nb=2\nc=3\n# c\n".to_vec(),
            Encoding::Latin1,
        );
        assert_eq!(
            doc.items(),
            vec![
                Item::Comment(0),
                Item::Entry(0),
                Item::Comment(1),
                Item::Entry(1),
                Item::Entry(2),
                Item::Comment(2)
            ]
        );
    }

    #[test]
    fn bom_is_glued_to_the_first_key() {
        assert_eq!(pairs("\u{feff}a=1").len(), 1);
        let doc = Document::parse(b"\xef\xbb\xbfa=1".to_vec(), Encoding::Latin1);
        assert_eq!(doc.file.settings[0].key(), "ï»¿a");
    }
}
