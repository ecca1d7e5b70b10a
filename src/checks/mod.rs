//! Per-key checks, driven by the catalog. One check per file; each file holds the
//! check's metadata and its documentation (`kafkalint explain CODE` prints it).

mod bom;
mod deprecated_key;
mod dropped_backslash;
mod duplicate_key;
mod invalid_directive;
mod invalid_type;
mod invalid_value;
mod invisible_character;
mod key_lookup;
mod lone_surrogate;
mod malformed_unicode_escape;
mod missing_required_key;
mod non_ascii_text;
mod out_of_range;
mod plugin_keys;
mod secret_in_clear;
mod swallowed_line;
mod unknown_key;
mod unknown_role;
mod untrimmed_whitespace;
pub mod unused_suppression;

use crate::catalog::KeyDef;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::FileModel;
use crate::model::effective::EffectiveValue;
use crate::source::{Entry, Span};

/// Whether a check can offer a fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    Never,
    Sometimes,
    Always,
}

/// A check's identity and documentation.
#[derive(Debug)]
pub struct CheckMeta {
    /// Stable code, never reused.
    pub code: &'static str,
    /// Kebab-case name, accepted wherever a code is.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Kafka versions it applies to.
    pub versions: &'static str,
    pub fix: FixAvailability,
    /// Markdown: what, why, example, fix.
    pub doc: &'static str,
}

/// A per-key check over one file.
pub trait Check: Sync {
    fn meta(&self) -> &'static CheckMeta;
    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>);
}

/// Every built-in per-key check, in code order.
pub fn all() -> &'static [&'static dyn Check] {
    static CHECKS: [&dyn Check; 23] = [
        &malformed_unicode_escape::MalformedUnicodeEscape,
        &bom::ByteOrderMark,
        &non_ascii_text::NonAsciiText,
        &invisible_character::InvisibleCharacter,
        &dropped_backslash::DroppedBackslash,
        &lone_surrogate::LoneSurrogate,
        &swallowed_line::SwallowedLine,
        &duplicate_key::DuplicateKey,
        &unknown_role::UnknownRole,
        &invalid_directive::InvalidDirective,
        &untrimmed_whitespace::UntrimmedWhitespace,
        &unused_suppression::UnusedSuppression,
        &unknown_key::UnknownKey,
        &unknown_key::WrongRoleKey,
        &unknown_key::LibrdkafkaKey,
        &unknown_key::KeyNotYetAvailable,
        &unknown_key::RemovedKey,
        &deprecated_key::DeprecatedKey,
        &invalid_type::InvalidType,
        &out_of_range::OutOfRange,
        &invalid_value::InvalidValue,
        &secret_in_clear::SecretInClear,
        &missing_required_key::MissingRequiredKey,
    ];
    &CHECKS
}

/// Finds a check by code or name.
pub fn find(code_or_name: &str) -> Option<&'static dyn Check> {
    all()
        .iter()
        .copied()
        .find(|c| c.meta().code.eq_ignore_ascii_case(code_or_name) || c.meta().name == code_or_name)
}

/// Runs every check on one file.
pub fn run_all(file: &FileModel) -> Vec<Diagnostic> {
    let ctx = Context { file };
    let mut out = Vec::new();
    for check in all() {
        check.run(&ctx, &mut out);
    }
    out
}

/// What a check sees: the file model, plus helpers to build diagnostics.
pub struct Context<'a> {
    pub file: &'a FileModel,
}

impl Context<'_> {
    pub fn diagnostic(&self, meta: &'static CheckMeta, span: Span, message: String) -> Diagnostic {
        Diagnostic::new(
            meta.code,
            meta.name,
            meta.severity,
            &self.file.path,
            span,
            message,
        )
    }

    /// The entries Java keeps (the last of each key), in file order.
    pub fn kept_entries(&self) -> impl Iterator<Item = &Entry> {
        self.file.doc.effective_entries()
    }

    /// The kept entries whose key Kafka knows for this role and version, with
    /// their effective value and catalog facts: what the value checks look at.
    pub fn typed_entries(
        &self,
    ) -> impl Iterator<Item = (&Entry, &EffectiveValue, &'static KeyDef)> {
        self.kept_entries().filter_map(|entry| {
            let value = self.file.config.get(&entry.key)?;
            Some((entry, value, value.def?))
        })
    }

    /// The value of an entry as it may be printed.
    pub fn shown_value(&self, entry: &Entry) -> String {
        let secret = self
            .file
            .config
            .get(&entry.key)
            .map_or_else(|| crate::model::is_secret(&entry.key, None), |v| v.secret);
        if secret {
            crate::model::HIDDEN.to_string()
        } else {
            entry.value.clone()
        }
    }

    /// Whether the file starts with a UTF-8 byte-order mark that Kafka glues to the first key.
    pub fn has_bom(&self) -> bool {
        self.file.doc.bytes.starts_with(b"\xEF\xBB\xBF")
    }
}

/// A value for a message: control characters written as escapes, so that a tab
/// or newline Java produced from `\t` or `\n` is visible.
pub(crate) fn printable(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '\t' => "\\t".to_string(),
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            '\u{c}' => "\\f".to_string(),
            c if c.is_control() => format!("\\u{:04x}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

/// Levenshtein distance, for "did you mean".
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The closest candidate within a distance that scales with the word's length:
/// "did you mean".
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 4).clamp(1, 3);
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = std::collections::BTreeSet::new();
        let mut names = std::collections::BTreeSet::new();
        for check in all() {
            let m = check.meta();
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(names.insert(m.name), "duplicate name {}", m.name);
            assert!(
                m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                m.name
            );
            for section in ["## What", "## Why", "## Example", "## Fix"] {
                assert!(m.doc.contains(section), "{} doc lacks {section}", m.code);
            }
        }
    }

    #[test]
    fn did_you_mean() {
        assert_eq!(
            closest("lingr.ms", ["linger.ms", "acks"]),
            Some("linger.ms")
        );
        assert_eq!(
            closest("earlist", ["earliest", "latest", "none"]),
            Some("earliest")
        );
        assert_eq!(closest("zzz", ["linger.ms"]), None);
    }
}
