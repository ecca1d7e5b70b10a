//! Per-key checks over a unit's settings, driven by the catalog: they see Kafka
//! keys and spans, never a carrier's syntax (each carrier checks its own syntax,
//! see `carrier::properties::checks`). One check per file; each file holds the
//! check's metadata and its documentation (`kafkalint explain CODE` prints it).

mod deprecated_key;
mod duplicate_key;
mod invalid_directive;
mod invalid_type;
mod invalid_value;
mod jmx_client_id;
mod kafka_classes;
mod key_lookup;
mod listener_names;
mod missing_required_key;
mod out_of_range;
mod plugin_keys;
mod secret_in_clear;
mod unknown_key;
mod unknown_role;
pub mod unused_suppression;

use crate::catalog::KeyDef;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::UnitModel;
use crate::model::effective::EffectiveValue;
use crate::text::Span;
use crate::unit::{Setting, TextEdit};
use std::cell::OnceCell;

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
    /// Its findings claim that Kafka refuses the configuration (see
    /// [`Diagnostic::refusal`]).
    pub refusal: bool,
    /// Markdown: what, why, example, fix.
    pub doc: &'static str,
}

impl CheckMeta {
    /// A finding of this check in the file at `path`.
    pub fn diagnostic(&'static self, path: &str, span: Span, message: String) -> Diagnostic {
        let mut d = Diagnostic::new(self.code, self.name, self.severity, path, span, message);
        d.refusal = self.refusal;
        d
    }
}

/// A per-key check over one unit.
pub trait Check: Sync {
    fn meta(&self) -> &'static CheckMeta;
    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>);
}

/// Every built-in per-key check, in code order.
pub fn all() -> &'static [&'static dyn Check] {
    static CHECKS: [&dyn Check; 15] = [
        &duplicate_key::DuplicateKey,
        &unknown_role::UnknownRole,
        &invalid_directive::InvalidDirective,
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

/// Runs the carrier's syntax checks and every per-key check on the units of one file.
pub fn run_all(units: &[UnitModel]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(first) = units.first() {
        first.parsed.check(units, &mut out);
    }
    for unit in units {
        run_unit(unit, &mut out);
    }
    out
}

/// Runs every per-key check on one unit.
pub fn run_unit(unit: &UnitModel, out: &mut Vec<Diagnostic>) {
    let ctx = Context {
        unit,
        classified: OnceCell::new(),
    };
    for check in all() {
        check.run(&ctx, out);
    }
}

/// What a check sees: the unit, plus helpers to build diagnostics and fixes.
pub struct Context<'a> {
    pub unit: &'a UnitModel,
    /// The keys the role does not know, with Kafka's verdict on each: shared by
    /// the key checks of `unknown_key`, made by the first.
    classified: OnceCell<Vec<unknown_key::Classified<'a>>>,
}

impl Context<'_> {
    pub fn diagnostic(&self, meta: &'static CheckMeta, span: Span, message: String) -> Diagnostic {
        meta.diagnostic(&self.unit.path, span, message)
    }

    /// The settings Kafka keeps (the last of each key), in file order, with
    /// their indexes in the file.
    pub fn kept_settings(&self) -> impl Iterator<Item = (usize, &Setting)> {
        self.unit.kept()
    }

    /// The kept settings whose key Kafka knows for this role and version, with
    /// their effective value and catalog facts: what the value checks look at.
    pub fn typed_settings(
        &self,
    ) -> impl Iterator<Item = (usize, &Setting, &EffectiveValue, &'static KeyDef)> {
        let file = self.unit.file();
        self.unit.config.kept_known().filter_map(move |(i, value)| {
            let value = value?;
            Some((i, file.settings.get(i)?, value, value.def?))
        })
    }

    /// A fix that gives setting `index` the value `value`, in the carrier's syntax.
    pub fn set_value(&self, index: usize, value: &str) -> TextEdit {
        self.unit.parsed.replace_value(index, value)
    }

    /// A fix that renames setting `index` to the Kafka key `to`.
    pub fn rename(&self, index: usize, to: &str) -> TextEdit {
        self.unit.parsed.rename_key(index, to)
    }

    /// A fix that removes setting `index`.
    pub fn remove(&self, index: usize) -> TextEdit {
        self.unit.parsed.remove(index)
    }

    /// Whether the file starts with a UTF-8 byte-order mark that Kafka glues to the first key.
    pub fn has_bom(&self) -> bool {
        self.unit.file().text.bytes.starts_with(b"\xEF\xBB\xBF")
    }
}

/// What Kafka does with a value it refuses, in the words of the component the
/// unit configures: a broker does not start, a client's constructor throws, a
/// topic's create or alter fails. A Streams application or Connect worker parses
/// its own keys when it starts and the keys it hands on to a client when it
/// creates that client (a connector's clients when its task starts).
pub fn refusal_words(role: Option<crate::catalog::Role>) -> &'static str {
    use crate::catalog::Role;
    match role {
        Some(Role::Broker) => "the broker refuses to start",
        Some(Role::Producer | Role::Consumer | Role::Admin) => {
            "the client's constructor throws ConfigException"
        }
        Some(Role::Topic) => "creating or altering the topic fails",
        Some(Role::Streams) => {
            "Kafka Streams throws ConfigException when it creates its configuration or its clients"
        }
        Some(Role::Connect) => {
            "the Connect worker throws ConfigException when it creates its configuration or its clients"
        }
        _ => "Kafka refuses it",
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

/// Levenshtein distance between `a` and `b` if it is at most `limit`.
/// `row` is scratch space, reused across calls. Stops as soon as every path
/// exceeds the limit: "did you mean" over a broker's keys runs once per unknown
/// key, and a file can hold hundreds of thousands of them.
fn distance_within(a: &[char], b: &[char], limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        let mut row_min = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            row_min = row_min.min(row[j + 1]);
            prev = cur;
        }
        if row_min > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|d| *d <= limit)
}

/// The candidate one edit (insertion, deletion, substitution) away from `word`,
/// if any; ties go to the candidate that sorts first.
pub fn one_edit_from<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word: Vec<char> = word.chars().collect();
    let (mut candidate, mut row) = (Vec::new(), Vec::new());
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(word.len()) <= 1)
        .filter(|c| {
            candidate.clear();
            candidate.extend(c.chars());
            distance_within(&word, &candidate, 1, &mut row) == Some(1)
        })
        .min()
}

/// The closest candidate within a distance that scales with the word's length:
/// "did you mean". Ties go to the candidate that sorts first.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word: Vec<char> = word.to_lowercase().chars().collect();
    let mut limit = (word.len() / 4).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    let (mut candidate, mut row) = (Vec::new(), Vec::new());
    for c in candidates {
        // Lowercasing keeps an ASCII name's length: skip the hopeless ones
        // before paying for it.
        if c.is_ascii() && c.len().abs_diff(word.len()) > limit {
            continue;
        }
        candidate.clear();
        candidate.extend(c.chars().flat_map(char::to_lowercase));
        let Some(d) = distance_within(&word, &candidate, limit, &mut row) else {
            continue;
        };
        if best.is_none_or(|b| (d, c) < b) {
            best = Some((d, c));
            // Nothing farther can win any more.
            limit = d;
        }
    }
    best.map(|(_, c)| c)
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
        // Ties go to the candidate that sorts first, whatever the order given.
        assert_eq!(closest("ab", ["ac", "aa"]), Some("aa"));
        assert_eq!(closest("ab", ["aa", "ac"]), Some("aa"));
        assert_eq!(closest("LINGR.MS", ["linger.ms"]), Some("linger.ms"));
    }

    /// The plain dynamic-programming distance, to check the bounded one against.
    fn levenshtein(a: &[char], b: &[char]) -> usize {
        let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let substitution = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = substitution.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn bounded_distance_agrees_with_the_plain_one() {
        let words = [
            "",
            "a",
            "acks",
            "ack",
            "kcas",
            "linger.ms",
            "lingr.ms",
            "linger.msx",
            "retries",
            "retires",
            "abcdef",
            "badcfe",
        ];
        let mut row = Vec::new();
        for a in words {
            for b in words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let full = levenshtein(&a, &b);
                for limit in 0..5 {
                    let expected = (full <= limit).then_some(full);
                    assert_eq!(
                        distance_within(&a, &b, limit, &mut row),
                        expected,
                        "{a:?} {b:?} {limit}"
                    );
                }
            }
        }
    }
}
