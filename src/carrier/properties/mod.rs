//! The `.properties` carrier: Java's `Properties.load`, exactly, with spans.
//!
//! It sees exactly what `java.util.Properties.load` sees (the logical lines, the
//! key/value split, the escapes) and keeps the byte span of every piece, so that
//! diagnostics point at exact positions and fixes can rewrite only the bytes they
//! change. The source bytes themselves are kept: comments, blank lines and line
//! endings survive any edit that does not touch them. A file is one unit.

pub mod checks;
mod edits;
mod reader;
mod unescape;

pub use edits::{Part, escape_value, rewrite, units};
pub use unescape::{EscapeIssue, Unit, UnitKind};

use super::{Carrier, Parsed};
use crate::checks::CheckMeta;
use crate::diagnostics::Diagnostic;
use crate::model::UnitModel;
use crate::text::utf16::Utf16;
use crate::text::{Encoding, SourceText, Span};
use crate::unit::{SourceFile, TextEdit, UnitSource};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The `.properties` carrier.
pub struct Properties;

impl Carrier for Properties {
    fn name(&self) -> &'static str {
        "properties"
    }

    fn claims(&self, path: &Path) -> bool {
        path.extension().is_some_and(|x| x == "properties")
    }

    fn parse(&self, bytes: Vec<u8>, encoding: Encoding) -> Arc<dyn Parsed> {
        Arc::new(Document::parse(bytes, encoding))
    }

    fn checks(&self) -> Vec<&'static CheckMeta> {
        checks::all().iter().map(|c| c.meta()).collect()
    }
}

/// What only the `.properties` syntax has of an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntrySyntax<'a> {
    /// Everything between key and value: whitespace and at most one `=` or `:`.
    pub separator_span: Span,
    rare: Option<&'a RareSyntax>,
}

/// What few entries have, kept apart (by entry) so that a plain entry costs
/// nothing beyond its setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RareSyntax {
    java_key: Option<crate::secret::Secret>,
    key_escapes: Vec<EscapeIssue>,
    value_escapes: Vec<EscapeIssue>,
}

impl RareSyntax {
    /// None for an entry without a hidden key or escape issues.
    fn new(
        java_key: Option<crate::secret::Secret>,
        key_escapes: Vec<EscapeIssue>,
        value_escapes: Vec<EscapeIssue>,
    ) -> Option<RareSyntax> {
        let plain = java_key.is_none() && key_escapes.is_empty() && value_escapes.is_empty();
        (!plain).then_some(RareSyntax {
            java_key,
            key_escapes,
            value_escapes,
        })
    }
}

impl<'a> EntrySyntax<'a> {
    /// Java's key, when it holds a secret and the setting's key shows it hidden.
    pub fn java_key(&self) -> Option<&'a crate::secret::Secret> {
        self.rare?.java_key.as_ref()
    }

    /// Escapes in the key that Java resolves surprisingly.
    pub fn key_escapes(&self) -> &'a [EscapeIssue] {
        self.rare.map_or(&[], |r| &r.key_escapes)
    }

    /// Escapes in the value that Java resolves surprisingly.
    pub fn value_escapes(&self) -> &'a [EscapeIssue] {
        self.rare.map_or(&[], |r| &r.value_escapes)
    }
}

/// The logical items of a file, in order. Blank lines are the physical lines
/// that no item covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    Entry(usize),
    Comment(usize),
}

/// A parsed `.properties` file: the neutral view (one unit), plus what the
/// syntax checks and edits need.
#[derive(Clone, Debug)]
pub struct Document {
    pub file: SourceFile,
    /// Set for UTF-16 text: Java reads it byte by byte, and no key it finds is
    /// one the author wrote, so the file's unit is left empty.
    pub utf16: Option<Utf16>,
    /// The entries that have a [`RareSyntax`], by setting index, ascending.
    rare_syntax: Vec<(usize, RareSyntax)>,
}

impl Document {
    /// Reads `bytes` as Java would with the given encoding. Never fails: a file
    /// that Java cannot load still yields its entries plus a load error.
    pub fn parse(bytes: Vec<u8>, encoding: Encoding) -> Document {
        let utf16 = crate::text::utf16::detect(&bytes);
        let text = SourceText::new(bytes, encoding);
        let read = reader::read(&text);
        let members = match utf16 {
            Some(_) => Vec::new(),
            None => (0..read.settings.len()).collect(),
        };
        let unit = UnitSource::new(None, None, members, &read.settings);
        Document {
            utf16,
            file: SourceFile {
                text: Arc::new(text),
                settings: read.settings,
                comments: read.comments,
                units: vec![unit],
                load_error: read.load_error,
                hidden: read.hidden,
            },
            rare_syntax: read.rare_syntax,
        }
    }

    /// The syntax of setting `setting`: what lies between its key and value,
    /// and the rare facts of its key and value.
    pub fn syntax(&self, setting: usize) -> EntrySyntax<'_> {
        let separator_span = self
            .file
            .settings
            .get(setting)
            .map_or(Span::default(), |s| {
                Span::new(s.key_span().end, s.value_span().start)
            });
        let rare = self
            .rare_syntax
            .binary_search_by_key(&setting, |(i, _)| *i)
            .ok()
            .map(|at| &self.rare_syntax[at].1);
        EntrySyntax {
            separator_span,
            rare,
        }
    }

    /// The logical items of the file (its settings and comments), in order.
    pub fn items(&self) -> Vec<Item> {
        let settings = self.file.settings.iter().enumerate();
        let mut items: Vec<(usize, Item)> = settings
            .map(|(i, s)| (s.span().start, Item::Entry(i)))
            .chain(
                self.file
                    .comments
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.span.start, Item::Comment(i))),
            )
            .collect();
        items.sort_by_key(|(start, _)| *start);
        items.into_iter().map(|(_, item)| item).collect()
    }

    pub fn text(&self) -> &SourceText {
        &self.file.text
    }

    /// The key/value map Java's `Properties` ends up with: the last duplicate
    /// wins. Secret values are exposed: this is the reference reading.
    pub fn java_view(&self) -> Result<BTreeMap<String, String>, crate::unit::LoadError> {
        if let Some(error) = &self.file.load_error {
            return Err(error.clone());
        }
        Ok(self
            .file
            .settings
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let syntax = self.syntax(i);
                let key = syntax.java_key().map_or(e.key(), |k| k.expose());
                (key.to_string(), e.value().expose().to_string())
            })
            .collect())
    }

    /// The indexes of the entries Java keeps (the last of each key), in file order.
    pub fn kept(&self) -> impl ExactSizeIterator<Item = usize> + Clone + '_ {
        self.file.units[0].kept()
    }
}

impl Parsed for Document {
    fn file(&self) -> &SourceFile {
        &self.file
    }

    fn replace_value(&self, setting: usize, value: &str) -> TextEdit {
        edits::replace_value(self, setting, value)
    }

    fn rename_key(&self, setting: usize, to: &str) -> TextEdit {
        edits::rename_key(self, setting, to)
    }

    fn remove(&self, setting: usize) -> TextEdit {
        edits::remove(self, setting)
    }

    fn append(&self, _unit: usize, key: &str, value: &str) -> TextEdit {
        edits::append(self, key, value)
    }

    fn check(&self, units: &[UnitModel], out: &mut Vec<Diagnostic>) {
        if let Some(unit) = units.first() {
            checks::run_all(self, unit, out);
        }
    }
}
