//! The `.properties` carrier's own checks: what Java's reader makes of the
//! syntax (escapes, continuation lines, encodings, invisible characters,
//! whitespace). One check per file, its documentation beside it.

mod bom;
mod dropped_backslash;
mod invisible_character;
mod lone_surrogate;
mod malformed_unicode_escape;
mod non_ascii_text;
mod swallowed_line;
mod untrimmed_whitespace;
mod utf16_file;

use super::{Document, EscapeIssue, Part, Unit};
use crate::checks::CheckMeta;
use crate::diagnostics::{Diagnostic, Edit};
use crate::model::UnitModel;
use crate::text::{Encoding, LineIndex, Span};
use crate::unit::Setting;
use std::ops::Range;

/// A check of the `.properties` syntax.
pub trait PropertiesCheck: Sync {
    fn meta(&self) -> &'static CheckMeta;
    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>);
}

/// Every check of the `.properties` syntax, in code order.
pub fn all() -> &'static [&'static dyn PropertiesCheck] {
    static CHECKS: [&dyn PropertiesCheck; 9] = [
        &malformed_unicode_escape::MalformedUnicodeEscape,
        &bom::ByteOrderMark,
        &non_ascii_text::NonAsciiText,
        &invisible_character::InvisibleCharacter,
        &dropped_backslash::DroppedBackslash,
        &lone_surrogate::LoneSurrogate,
        &swallowed_line::SwallowedLine,
        &untrimmed_whitespace::UntrimmedWhitespace,
        &utf16_file::Utf16File,
    ];
    &CHECKS
}

/// Runs every syntax check on a document and its one unit.
pub fn run_all(doc: &Document, unit: &UnitModel, out: &mut Vec<Diagnostic>) {
    let ctx = Context { doc, unit };
    if doc.utf16.is_some() {
        // What Java made of UTF-16 bytes is noise: one finding says why.
        utf16_file::Utf16File.run(&ctx, out);
        return;
    }
    for check in all() {
        check.run(&ctx, out);
    }
}

/// An entry as the syntax checks see it: the setting and its syntax.
#[derive(Clone, Copy)]
pub struct Entry<'a> {
    /// Its index among the file's settings.
    pub index: usize,
    pub setting: &'a Setting,
    pub separator_span: Span,
    pub key_escapes: &'a [EscapeIssue],
    pub value_escapes: &'a [EscapeIssue],
}

impl std::ops::Deref for Entry<'_> {
    type Target = Setting;

    fn deref(&self) -> &Setting {
        self.setting
    }
}

/// What a syntax check sees: the document and the unit it configures.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub unit: &'a UnitModel,
}

impl<'a> Context<'a> {
    pub fn diagnostic(&self, meta: &'static CheckMeta, span: Span, message: String) -> Diagnostic {
        meta.diagnostic(&self.unit.path, span, message)
    }

    fn entry(&self, i: usize) -> Entry<'a> {
        let syntax = self.doc.syntax(i);
        Entry {
            index: i,
            setting: &self.doc.file.settings[i],
            separator_span: syntax.separator_span,
            key_escapes: syntax.key_escapes(),
            value_escapes: syntax.value_escapes(),
        }
    }

    /// Every entry, duplicates included, in file order.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'a>> + '_ {
        (0..self.doc.file.settings.len()).map(|i| self.entry(i))
    }

    /// The entries Java keeps (the last of each key), in file order.
    pub fn kept_entries(&self) -> impl Iterator<Item = Entry<'a>> + '_ {
        self.doc.kept().map(|i| self.entry(i))
    }

    pub fn bytes(&self) -> &'a [u8] {
        &self.doc.file.text.bytes
    }

    pub fn encoding(&self) -> Encoding {
        self.doc.file.text.encoding
    }

    pub fn lines(&self) -> &'a LineIndex {
        &self.doc.file.text.lines
    }

    /// The raw source text of `span`.
    pub fn slice(&self, span: Span) -> String {
        self.doc.file.text.text(span)
    }

    /// The raw source text of `span` as a message may quote it: `[hidden]` when
    /// it lies in a secret (an escape inside a password is part of it).
    pub fn quoted(&self, span: Span) -> String {
        if self.in_secret(span) {
            crate::secret::HIDDEN.to_string()
        } else {
            self.slice(span)
        }
    }

    /// Whether `span` overlaps a secret value or a key that holds one.
    pub fn in_secret(&self, span: Span) -> bool {
        self.doc
            .file
            .secret_spans()
            .iter()
            .any(|s| span.start < s.end.max(s.start + 1) && s.start < span.end.max(span.start + 1))
    }

    /// Whether the file starts with a UTF-8 byte-order mark that Kafka glues to the first key.
    pub fn has_bom(&self) -> bool {
        self.bytes().starts_with(b"\xEF\xBB\xBF")
    }

    /// The key or value of entry `entry` as Java reads it, character by
    /// character, with source spans.
    pub fn units(&self, entry: &Entry, part: Part) -> Vec<Unit> {
        super::units(self.doc, entry.index, part)
            .into_iter()
            .map(|(u, _)| u)
            .collect()
    }

    /// The edits of a fix that gives characters of a key or value new text
    /// (see [`super::rewrite`]); None when no edit of that part can.
    pub fn rewrite(
        &self,
        entry: &Entry,
        part: Part,
        changes: &[(Range<usize>, String)],
    ) -> Option<Vec<Edit>> {
        let edits = super::rewrite(self.doc, entry.index, part, changes)?;
        Some(
            edits
                .into_iter()
                .map(|e| Edit {
                    path: crate::diagnostics::shared_path(&self.unit.path),
                    span: e.span,
                    replacement: e.replacement,
                })
                .collect(),
        )
    }
}

/// The characters (indexes into `units`, which are in source order) whose
/// source overlaps `span`.
pub fn overlapping(units: &[Unit], span: Span) -> Option<Range<usize>> {
    let start = units.partition_point(|u| u.span.end <= span.start);
    let end = units.partition_point(|u| u.span.start < span.end);
    (start < end).then_some(start..end)
}

/// The index of the character of `units` read from exactly `span`.
pub fn unit_at(units: &[Unit], span: Span) -> Option<usize> {
    let i = units.partition_point(|u| u.span.start < span.start);
    (units.get(i)?.span == span).then_some(i)
}

#[cfg(test)]
mod tests;
