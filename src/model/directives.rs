//! `# kafkalint: name=value ...` directive comments.
//!
//! They carry per-file settings (`role`, `kafka-version`, `record-processing-ms`)
//! and suppressions (`disable`, `disable-file`), and win over the project config.

use crate::text::Span;
use crate::unit::Comment;

const PREFIX: &str = "kafkalint:";

/// The directive names kafkalint understands.
pub const KNOWN: [&str; 5] = [
    "role",
    "kafka-version",
    "record-processing-ms",
    "disable",
    "disable-file",
];

/// One `name=value` pair from a directive comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub value: String,
    /// The `name=value` text in the file.
    pub span: Span,
    /// The index of its comment in `SourceFile::comments`.
    pub comment: usize,
}

/// Every directive of a file, in order, plus the words that are not `name=value`.
#[derive(Clone, Debug, Default)]
pub struct Directives {
    pub items: Vec<Directive>,
    pub malformed: Vec<(Span, String)>,
}

impl Directives {
    pub fn parse(comments: &[Comment]) -> Directives {
        let mut directives = Directives::default();
        for (i, comment) in comments.iter().enumerate() {
            directives.parse_comment(i, comment);
        }
        directives
    }

    fn parse_comment(&mut self, index: usize, comment: &Comment) {
        let text = comment.text.trim_start();
        let Some(rest) = text.strip_prefix(PREFIX) else {
            return;
        };
        // Offsets: comment.text starts one byte after the marker; directive text is ASCII
        // in any sensible file, and spans only serve to point, so char-based offsets suffice.
        let base = comment.span.start + 1 + (comment.text.len() - text.len()) + PREFIX.len();
        // `-- reason` ends the directive words.
        let words_part = rest.split(" --").next().unwrap_or(rest);
        let mut offset = 0;
        for word in words_part.split([' ', '\t']) {
            let start = base + offset;
            offset += word.len() + 1;
            if word.is_empty() {
                continue;
            }
            let span = Span::new(start, start + word.len());
            match word.split_once('=') {
                Some((name, value)) => self.items.push(Directive {
                    name: name.to_string(),
                    value: value.to_string(),
                    span,
                    comment: index,
                }),
                None => self.malformed.push((span, word.to_string())),
            }
        }
    }

    /// The last value given for `name`, as Java's last-wins rule would suggest.
    pub fn get(&self, name: &str) -> Option<&Directive> {
        self.items.iter().rev().find(|d| d.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carrier::properties::Document;
    use crate::text::Encoding;

    #[test]
    fn parses_settings_and_reason() {
        let doc = Document::parse(
            b"# kafkalint: role=consumer kafka-version=0.10.0\n#kafkalint: disable=K201 -- legacy\na=1\n".to_vec(),
            Encoding::Latin1,
        );
        let d = Directives::parse(&doc.file.comments);
        assert_eq!(d.get("role").map(|d| d.value.as_str()), Some("consumer"));
        assert_eq!(
            d.get("kafka-version").map(|d| d.value.as_str()),
            Some("0.10.0")
        );
        assert_eq!(d.get("disable").map(|d| d.value.as_str()), Some("K201"));
        assert_eq!(
            doc.text()
                .text(d.get("role").map(|d| d.span).unwrap_or_default()),
            "role=consumer"
        );
        assert!(d.malformed.is_empty());
    }
}
