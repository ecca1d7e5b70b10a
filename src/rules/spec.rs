//! The format of a rule file: one TOML file per rule, under `rules/<area>/`.
//! Built-in rules and user rules (`--rules DIR`) share it.

use serde::Deserialize;
use toml::Spanned;

/// One rule file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable code, never reused.
    pub code: Spanned<String>,
    /// Kebab-case name.
    pub name: Spanned<String>,
    /// Roles the rule applies to: producer, consumer, admin, broker, topic, streams, connect.
    pub roles: Spanned<Vec<String>>,
    /// Kafka versions the rule applies to; absent bounds are open.
    #[serde(default)]
    pub versions: VersionsSpec,
    /// Keys the rule reads: this file's keys, or `broker:KEY` for the broker's.
    pub reads: Spanned<Vec<String>>,
    /// The key the diagnostic is about: where it points, what a fix changes.
    pub key: Option<Spanned<String>>,
    /// A CEL precondition: the rule says nothing unless it holds.
    pub when: Option<Spanned<String>>,
    /// `first` (default): report the first case that holds; `all`: every one.
    pub report: Option<Spanned<String>>,
    /// When no broker file is given, a rule that reads `broker:` keys judges
    /// the version's broker defaults. `lower`: report one severity lower and
    /// say so (the built-in rules' default: they are advice); `keep`: keep the
    /// declared severity (a user rule's default: its author's policy).
    #[serde(rename = "assumed-broker")]
    pub assumed_broker: Option<Spanned<String>>,
    /// The verdicts, tried in order: the first whose condition holds is reported.
    #[serde(rename = "case")]
    pub cases: Vec<CaseSpec>,
    /// The rule's documentation page (required; absent only from the bodies of
    /// built-in rules, which are parsed without it to check files faster).
    pub doc: Option<DocSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionsSpec {
    /// First Kafka version the rule applies to (inclusive), e.g. "0.10.1" or "3.0.1".
    pub from: Option<Spanned<String>>,
    /// First Kafka version the rule no longer applies to (exclusive).
    pub before: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSpec {
    /// error, warning or info.
    pub severity: Spanned<String>,
    /// The key this case is about, when not the rule's `key`.
    pub key: Option<Spanned<String>>,
    /// A CEL expression; the case is reported when it is true.
    pub condition: Spanned<String>,
    /// The message; `{{ expr }}` inserts the value of a CEL expression.
    pub message: Spanned<String>,
    /// Extra advice; `{{ expr }}` works here too.
    pub help: Option<Spanned<String>>,
    pub fix: Option<FixSpec>,
    /// The case claims that Kafka refuses the configuration (a constructor
    /// throws, the node does not start); only an error case can. See
    /// `Diagnostic::refusal`.
    #[serde(default)]
    pub refuses: Option<Spanned<bool>>,
}

impl CaseSpec {
    /// Whether the case claims that Kafka refuses the configuration.
    pub fn refuses(&self) -> bool {
        self.refuses.as_ref().is_some_and(|r| *r.get_ref())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixSpec {
    /// The key to set; defaults to the rule's `key`.
    pub key: Option<Spanned<String>>,
    /// A CEL condition: the fix is offered only when it holds (where no value
    /// would settle the finding, the case's help says what to do instead).
    pub when: Option<Spanned<String>>,
    /// A CEL expression giving the new value.
    pub value: Option<Spanned<String>>,
    /// Delete the key's line instead of setting a value.
    #[serde(default)]
    pub remove: bool,
    /// safe or unsafe.
    pub applicability: Spanned<String>,
    /// What the fix does; `{{ expr }}` works here too.
    pub message: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocSpec {
    /// One line: what the rule finds.
    pub summary: String,
    pub what: String,
    pub why: String,
    pub example: String,
    pub fix: String,
}
