//! Spring Boot's `.properties` reader, `OriginTrackedPropertiesLoader`, step
//! for step, keeping spans. It is not `java.util.Properties`: it splits a file
//! into documents at `#---`/`!---`, trims keys, drops empty keys, expands
//! `name[]=a,b` into `name[0]`, `name[1]`, and takes an escaped `\#` at the
//! start of a line for a comment. The class is the same from Boot 2.4 to 3.5
//! (`spring-boot-project/spring-boot/src/main/java/org/springframework/boot/env/
//! OriginTrackedPropertiesLoader.java` @v2.7.18, @v3.5.16); 4.x
//! (`core/spring-boot/...`@v4.1.1) only lets the caller choose the charset,
//! ISO-8859-1 by default, as in every earlier version.

use crate::text::{Chars, Encoding, SourceChar, Span};
use crate::unit::{Comment, LoadError};

/// One `key=value` as Spring's loader reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEntry {
    /// The key, trimmed, with list indexes expanded (`a[0]`).
    pub key: String,
    pub key_span: Span,
    pub value: String,
    pub value_span: Span,
    /// From the key's first character to the value's last.
    pub span: Span,
    /// Which document of the file it belongs to (0 = the first).
    pub document: usize,
}

/// What the loader makes of a file.
#[derive(Debug, Default)]
pub struct Loaded {
    pub entries: Vec<RawEntry>,
    pub comments: Vec<Comment>,
    /// Set when Spring's loader throws (a malformed `\uXXXX`): the application
    /// does not start.
    pub load_error: Option<LoadError>,
    /// Document separators that a comment cancels.
    pub cancelled: Vec<Cancelled>,
}

/// A `#---` or `!---` line that does not separate documents because of a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled {
    pub separator: Span,
    pub comment: Span,
    /// The comment is on the line just before (same prefix), rather than
    /// before the new document's first key.
    pub before: bool,
}

/// `LineNumberReader` turns `\r\n` and `\r` into `\n`: one character.
fn characters(bytes: &[u8], encoding: Encoding) -> Vec<SourceChar> {
    let mut out: Vec<SourceChar> = Vec::with_capacity(bytes.len());
    for c in Chars::new(bytes, Span::new(0, bytes.len()), encoding) {
        match (out.last_mut(), c.ch) {
            (Some(last), '\n') if last.ch == '\n' && bytes.get(last.start) == Some(&b'\r') => {
                last.end = c.end;
            }
            (_, '\r') => out.push(SourceChar { ch: '\n', ..c }),
            _ => out.push(c),
        }
    }
    out
}

/// The `CharacterReader`: the current character, whether it was escaped, and
/// its source span (an escape's from its backslash).
struct Reader {
    chars: Vec<SourceChar>,
    next: usize,
    character: Option<char>,
    span: Span,
    escaped: bool,
    column: i64,
    last_comment_prefix: Option<char>,
    malformed: Option<Span>,
}

impl Reader {
    fn raw(&mut self) -> Option<SourceChar> {
        let c = self.chars.get(self.next).copied();
        if c.is_some() {
            self.next += 1;
        }
        c
    }

    fn set_raw(&mut self) {
        let c = self.raw();
        self.character = c.map(|c| c.ch);
        let end = self.chars.last().map_or(0, |l| l.end);
        self.span = c.map_or(Span::empty_at(end), |c| Span::new(c.start, c.end));
    }

    fn read(&mut self) -> bool {
        self.escaped = false;
        self.set_raw();
        self.column += 1;
        if self.column == 0 {
            self.skip_whitespace();
        }
        if self.character == Some('\\') {
            self.escaped = true;
            self.read_escaped();
        } else if self.character == Some('\n') {
            self.column = -1;
        }
        !self.is_end_of_file()
    }

    fn skip_whitespace(&mut self) {
        while self.is_whitespace() {
            self.set_raw();
            self.column += 1;
        }
    }

    fn skip_comment(&mut self) {
        while !matches!(self.character, Some('\n') | None) {
            self.set_raw();
        }
        self.column = -1;
    }

    fn read_escaped(&mut self) {
        let start = self.span.start;
        self.set_raw();
        self.span.start = start;
        match self.character {
            Some('t') => self.character = Some('\t'),
            Some('r') => self.character = Some('\r'),
            Some('n') => self.character = Some('\n'),
            Some('f') => self.character = Some('\u{c}'),
            Some('\n') => {
                self.column = -1;
                self.read();
            }
            Some('u') => self.read_unicode(start),
            _ => {}
        }
    }

    fn read_unicode(&mut self, start: usize) {
        let mut code: u32 = 0;
        for _ in 0..4 {
            let digit = self.raw();
            let value = digit.and_then(|d| d.ch.to_digit(16));
            let end = digit.map_or(self.span.end, |d| d.end);
            self.span = Span::new(start, end);
            match value {
                Some(v) => code = (code << 4) + v,
                None => {
                    self.malformed.get_or_insert(self.span);
                    self.character = None;
                    return;
                }
            }
        }
        // Java keeps a lone surrogate as a char; a Rust string cannot.
        self.character = Some(char::from_u32(code).unwrap_or('\u{fffd}'));
    }

    fn is_whitespace(&self) -> bool {
        !self.escaped && matches!(self.character, Some(' ' | '\t' | '\u{c}'))
    }

    fn is_end_of_file(&self) -> bool {
        self.character.is_none()
    }

    fn is_end_of_line(&self) -> bool {
        self.character.is_none() || (!self.escaped && self.character == Some('\n'))
    }

    fn is_list_delimiter(&self) -> bool {
        !self.escaped && self.character == Some(',')
    }

    fn is_property_delimiter(&self) -> bool {
        !self.escaped && matches!(self.character, Some('=' | ':'))
    }

    /// Spring does not ask whether the `#` was escaped.
    fn is_comment_prefix(&self) -> bool {
        matches!(self.character, Some('#' | '!'))
    }
}

/// Reads a file as Spring Boot does.
pub fn load(bytes: &[u8], encoding: Encoding) -> Loaded {
    let mut reader = Reader {
        chars: characters(bytes, encoding),
        next: 0,
        character: None,
        span: Span::empty_at(0),
        escaped: false,
        column: -1,
        last_comment_prefix: None,
        malformed: None,
    };
    let mut loaded = Loaded::default();
    // Entry indexes per document; the current one is the last.
    let mut documents: Vec<Vec<RawEntry>> = Vec::new();
    let mut document: Vec<RawEntry> = Vec::new();
    let mut last_separator: Option<Span> = None;
    let mut previous_comment: Option<Span> = None;
    while reader.read() {
        if reader.malformed.is_some() {
            break;
        }
        if reader.is_comment_prefix() {
            let prefix = reader.character;
            let start = reader.span.start;
            let same_prefix_before = previous_comment
                .filter(|_| reader.last_comment_prefix == prefix && reader.column == 0);
            if is_new_document(&mut reader) {
                if !document.is_empty() {
                    documents.push(std::mem::take(&mut document));
                }
                last_separator = Some(Span::new(start, reader.span.start));
                previous_comment = None;
            } else {
                // A comment right after a separator cancels it: the previous
                // document goes on ("the lines immediately before and after the
                // separator must not be comments").
                let reopened = document.is_empty() && !documents.is_empty();
                if document.is_empty()
                    && let Some(previous) = documents.pop()
                {
                    document = previous;
                }
                reader.last_comment_prefix = prefix;
                reader.skip_comment();
                let this = comment(&reader, start);
                if let (true, Some(separator)) = (reopened, last_separator.take()) {
                    loaded.cancelled.push(Cancelled {
                        separator,
                        comment: this.span,
                        before: false,
                    });
                }
                if let Some(before) = same_prefix_before
                    && is_separator_text(&this.text)
                {
                    loaded.cancelled.push(Cancelled {
                        separator: this.span,
                        comment: before,
                        before: true,
                    });
                }
                previous_comment = Some(this.span);
                loaded.comments.push(this);
            }
        } else {
            reader.last_comment_prefix = None;
            previous_comment = None;
            last_separator = None;
            load_key_and_value(&mut reader, &mut document);
        }
    }
    if !document.is_empty() {
        documents.push(document);
    }
    if let Some(span) = reader.malformed {
        loaded.load_error = Some(LoadError {
            span,
            message: "malformed \\uXXXX escape: Spring Boot's properties loader throws \"Malformed \\uxxxx encoding\" and the application does not start".to_string(),
        });
    }
    for (index, entries) in documents.into_iter().enumerate() {
        loaded.entries.extend(entries.into_iter().map(|e| RawEntry {
            document: index,
            ..e
        }));
    }
    loaded.entries.sort_by_key(|e| e.span.start);
    loaded
}

/// A comment's text (after its prefix) that would make it a separator: `---`
/// and trailing whitespace.
fn is_separator_text(text: &str) -> bool {
    text.strip_prefix("---")
        .is_some_and(|rest| rest.chars().all(|c| matches!(c, ' ' | '\t' | '\u{c}')))
}

fn comment(reader: &Reader, start: usize) -> Comment {
    let end = if reader.character.is_some() {
        reader.span.start
    } else {
        reader.span.end
    };
    let text: String = reader
        .chars
        .iter()
        .filter(|c| c.start > start && c.end <= end)
        .map(|c| c.ch)
        .collect();
    Comment {
        span: Span::new(start, end),
        text,
    }
}

fn is_new_document(reader: &mut Reader) -> bool {
    if reader.last_comment_prefix.is_some() && reader.last_comment_prefix == reader.character {
        return false;
    }
    let mut result = reader.column == 0;
    for _ in 0..3 {
        result = result && {
            reader.read();
            reader.character == Some('-')
        };
    }
    if !reader.is_end_of_line() {
        reader.read();
        reader.skip_whitespace();
    }
    result && reader.is_end_of_line()
}

/// A run of characters with the span of each.
#[derive(Default)]
struct Buffer {
    chars: Vec<(char, Span)>,
}

impl Buffer {
    fn push(&mut self, reader: &Reader) {
        if let Some(c) = reader.character {
            self.chars.push((c, reader.span));
        }
    }

    /// Java's `String.trim`: every character up to U+0020 at either end.
    fn trimmed(&self) -> &[(char, Span)] {
        let keep = |c: &(char, Span)| c.0 > ' ';
        let start = self.chars.iter().position(keep).unwrap_or(self.chars.len());
        let end = self.chars.iter().rposition(keep).map_or(start, |i| i + 1);
        &self.chars[start..end]
    }
}

fn text_and_span(chars: &[(char, Span)], at: usize) -> (String, Span) {
    let text = chars.iter().map(|c| c.0).collect();
    let span = match (chars.first(), chars.last()) {
        (Some(first), Some(last)) => Span::new(first.1.start, last.1.end),
        _ => Span::empty_at(at),
    };
    (text, span)
}

fn load_key_and_value(reader: &mut Reader, document: &mut Vec<RawEntry>) {
    let key_chars = load_key(reader);
    let (key, key_span) = text_and_span(key_chars.trimmed(), reader.span.start);
    if let Some(list) = key.strip_suffix("[]") {
        let mut index = 0;
        loop {
            let (value, value_span) = load_value(reader, true);
            put(
                document,
                format!("{list}[{index}]"),
                key_span,
                value,
                value_span,
            );
            index += 1;
            if !reader.is_end_of_line() {
                reader.read();
            }
            if reader.is_end_of_line() {
                break;
            }
        }
    } else {
        let (value, value_span) = load_value(reader, false);
        put(document, key, key_span, value, value_span);
    }
}

fn put(document: &mut Vec<RawEntry>, key: String, key_span: Span, value: String, value_span: Span) {
    if key.is_empty() {
        return;
    }
    let span = Span::new(key_span.start, value_span.end.max(key_span.end));
    document.push(RawEntry {
        key,
        key_span,
        value,
        value_span,
        span,
        document: 0,
    });
}

fn load_key(reader: &mut Reader) -> Buffer {
    let mut buffer = Buffer::default();
    let mut previous_whitespace = false;
    while !reader.is_end_of_line() {
        if reader.is_property_delimiter() {
            reader.read();
            return buffer;
        }
        if !reader.is_whitespace() && previous_whitespace {
            return buffer;
        }
        previous_whitespace = reader.is_whitespace();
        buffer.push(reader);
        reader.read();
    }
    buffer
}

fn load_value(reader: &mut Reader, split_lists: bool) -> (String, Span) {
    while reader.is_whitespace() && !reader.is_end_of_line() {
        reader.read();
    }
    let at = reader.span.start;
    let mut buffer = Buffer::default();
    while !(reader.is_end_of_line() || split_lists && reader.is_list_delimiter()) {
        buffer.push(reader);
        reader.read();
    }
    text_and_span(&buffer.chars, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(text: &str) -> Vec<(usize, String, String)> {
        load(text.as_bytes(), Encoding::Latin1)
            .entries
            .into_iter()
            .map(|e| (e.document, e.key, e.value))
            .collect()
    }

    fn e(d: usize, k: &str, v: &str) -> (usize, String, String) {
        (d, k.to_string(), v.to_string())
    }

    /// The document the second key `b=b` lands in, after `a=a` (document 0).
    fn document_of_b(text: &str) -> usize {
        match &docs(text)[..] {
            [a, (document, key, value)] if *a == e(0, "a", "a") && key == "b" && value == "b" => {
                *document
            }
            found => panic!("not a=a then b=b in {text:?}: {found:?}"),
        }
    }

    fn assert_documents_of_b(cases: &[(&str, usize)]) {
        for &(text, document) in cases {
            assert_eq!(document_of_b(text), document, "{text:?}");
        }
    }

    #[test]
    fn separators_split_documents() {
        let cases = [
            ("a=a\n#---\nb=b", 1),
            ("a=a\n!--- \t \nb=b", 1),
            // Indented, or followed by text: a comment.
            ("a=a\n \t#---\nb=b", 0),
            ("a=a\n#--- x\nb=b", 0),
        ];
        assert_documents_of_b(&cases);
    }

    #[test]
    fn adjacent_comments_cancel_a_separator() {
        let cases = [
            // A comment of the same prefix just before it.
            ("a=a\n# c\n#---\nb=b", 0),
            // Another prefix before it does not.
            ("a=a\n! c\n#---\nb=b", 1),
            // A comment just after it reopens the document before.
            ("a=a\n#---\n# c\nb=b", 0),
            // So does any comment before the new document's first key: a blank
            // line adds nothing to the document.
            ("a=a\n#---\n\n# c\nb=b", 0),
        ];
        assert_documents_of_b(&cases);
        // A comment after the first key is just a comment.
        assert_eq!(
            docs("a=a\n#---\nb=b\n# c\nc=c"),
            vec![e(0, "a", "a"), e(1, "b", "b"), e(1, "c", "c")]
        );
    }

    #[test]
    fn cancelled_separators_are_reported() {
        let text = "a=a\n# c\n#---\nb=b\n\n#---\n# d\nc=c\n";
        let loaded = load(text.as_bytes(), Encoding::Latin1);
        let found: Vec<(&str, &str, bool)> = loaded
            .cancelled
            .iter()
            .map(|c| {
                let at = |s: Span| &text[s.start..s.end];
                (at(c.separator), at(c.comment), c.before)
            })
            .collect();
        assert_eq!(found, vec![("#---", "# c", true), ("#---", "# d", false)]);
    }

    #[test]
    fn keys_are_trimmed_and_empty_keys_dropped() {
        assert_eq!(
            docs("  a  =  1 \n=x\nb c=d\n"),
            vec![e(0, "a", "1 "), e(0, "b", "c=d")]
        );
    }

    #[test]
    fn lists_expand() {
        assert_eq!(
            docs("l[]=x, y,z\\,w\n"),
            vec![e(0, "l[0]", "x"), e(0, "l[1]", "y"), e(0, "l[2]", "z,w")]
        );
    }

    #[test]
    fn escapes_and_continuations() {
        assert_eq!(
            docs("a=x\\\r\n   y\\tz\\u0041\n"),
            vec![e(0, "a", "xy\tzA")]
        );
        // An escaped `#` starting a line is still a comment for Spring.
        assert_eq!(docs("\\#a=1\nb=2"), vec![e(0, "b", "2")]);
    }

    #[test]
    fn spans_cover_the_written_text() {
        let text = "k = va\\\n  lue\n";
        let loaded = load(text.as_bytes(), Encoding::Latin1);
        let entry = &loaded.entries[0];
        assert_eq!(&text[entry.key_span.start..entry.key_span.end], "k");
        assert_eq!(
            &text[entry.value_span.start..entry.value_span.end],
            "va\\\n  lue"
        );
    }

    #[test]
    fn malformed_unicode_stops_the_load() {
        let loaded = load(b"a=1\nb=\\u12G4\n", Encoding::Latin1);
        assert_eq!(loaded.load_error.map(|e| e.span), Some(Span::new(6, 11)));
    }
}
