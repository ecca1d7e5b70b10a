//! One registry of codes: the per-key checks, each carrier's syntax checks, the
//! built-in rules and the user's rules. `rules`, `explain`, SARIF rule metadata,
//! `--select`/`--ignore` and suppressions all ask it.

use crate::carrier::Carriers;
use crate::catalog::Role;
use crate::checks::{self, CheckMeta, FixAvailability};
use crate::diagnostics::Severity;
use crate::rules::{RuleEntry, RuleError, RuleSet};

/// Where a code comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A per-key check built into kafkalint.
    Check,
    /// A syntax check of the named carrier.
    Carrier(&'static str),
    /// A rule file built into kafkalint, by its path in the repository.
    BuiltinRule(String),
    /// A rule file of the user's, by its path.
    UserRule(String),
}

/// Where the pages of `docs/rules/` are published: built from the package's
/// repository, so that a fork's links point at its own pages.
const DOCS_BASE_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules/");

impl Origin {
    /// Whether kafkalint ships it, and so publishes a page for it.
    pub fn is_builtin(&self) -> bool {
        !matches!(self, Origin::UserRule(_))
    }

    /// `built-in` for checks, else the rule file's path.
    pub fn source(&self) -> &str {
        match self {
            Origin::Check | Origin::Carrier(_) => "built-in",
            Origin::BuiltinRule(path) | Origin::UserRule(path) => path,
        }
    }
}

/// Everything the registry knows of a code.
#[derive(Clone, Debug)]
pub struct Description {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    /// One line: what it finds.
    pub summary: String,
    /// Empty: every role.
    pub roles: Vec<Role>,
    pub versions: String,
    pub fix: FixAvailability,
    /// Its error findings (all of a check's, some of a rule's cases) claim
    /// that Kafka refuses the configuration; see `Diagnostic::refusal`.
    pub refusal: bool,
    /// Markdown: what, why, example, fix.
    pub doc: String,
    pub origin: Origin,
}

impl Description {
    /// The address of its documentation page; user rules have none.
    pub fn url(&self) -> Option<String> {
        self.origin.is_builtin().then(|| page_url(&self.code))
    }

    /// Its documentation page (`docs/rules/CODE.md`), in Markdown.
    pub fn page(&self) -> String {
        let roles = match self.roles.as_slice() {
            [] => "every role".to_string(),
            roles => roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        };
        let fix = match self.fix {
            FixAvailability::Never => "none",
            FixAvailability::Sometimes => "in some cases",
            FixAvailability::Always => "always",
        };
        let claim = if self.refusal {
            "yes: Kafka's own validators are held to it (tests/kafka_oracle.rs)"
        } else {
            "no"
        };
        let doc = self.doc.trim_end().replace("\n## ", "\n### ");
        let doc = doc
            .strip_prefix("## ")
            .map_or(doc.clone(), |d| format!("### {d}"));
        format!(
            "# {code} {name}\n\n{summary}\n\n| | |\n|---|---|\n| severity | {severity} |\n| roles | {roles} |\n| Kafka versions | {versions} |\n| fix | {fix} |\n| claims that Kafka refuses the configuration | {claim} |\n| source | {source} |\n\n{doc}\n",
            code = self.code,
            name = self.name,
            summary = self.summary.trim(),
            severity = self.severity,
            versions = self.versions,
            source = self.origin.source(),
        )
    }

    fn of_check(meta: &CheckMeta, origin: Origin) -> Description {
        Description {
            code: meta.code.to_string(),
            name: meta.name.to_string(),
            severity: meta.severity,
            summary: meta.summary.to_string(),
            roles: Vec::new(),
            versions: meta.versions.to_string(),
            fix: meta.fix,
            refusal: meta.refusal,
            doc: meta.doc.to_string(),
            origin,
        }
    }

    fn of_rule(entry: &RuleEntry) -> Result<Description, RuleError> {
        let meta = &entry.documented()?.meta;
        Ok(Description {
            code: meta.code.to_string(),
            name: meta.name.to_string(),
            severity: meta.severity,
            summary: meta.summary.clone(),
            roles: meta.roles.clone(),
            versions: meta.versions.clone(),
            fix: if meta.has_fix {
                FixAvailability::Sometimes
            } else {
                FixAvailability::Never
            },
            refusal: meta.refusal,
            doc: meta.doc.clone(),
            origin: if entry.is_builtin() {
                Origin::BuiltinRule(meta.source.clone())
            } else {
                Origin::UserRule(meta.source.clone())
            },
        })
    }
}

/// A code as the registry lists it, before its documentation is needed.
#[derive(Clone, Copy)]
pub enum Code<'a> {
    Check(&'static CheckMeta, CheckKind),
    Rule(&'a RuleEntry),
}

/// Which kind of check a [`Code::Check`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckKind {
    Check,
    Carrier(&'static str),
}

impl Code<'_> {
    pub fn code(&self) -> &str {
        match self {
            Code::Check(meta, _) => meta.code,
            Code::Rule(entry) => &entry.code,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Code::Check(meta, _) => meta.name,
            Code::Rule(entry) => &entry.name,
        }
    }

    /// Its full description; a rule file is read for its documentation here.
    pub fn describe(&self) -> Result<Description, RuleError> {
        match self {
            Code::Check(meta, CheckKind::Check) => Ok(Description::of_check(meta, Origin::Check)),
            Code::Check(meta, CheckKind::Carrier(name)) => {
                Ok(Description::of_check(meta, Origin::Carrier(name)))
            }
            Code::Rule(entry) => Description::of_rule(entry),
        }
    }

    /// Whether `pattern` (a code, a code prefix such as `K1`, or a name) names it.
    pub fn matches(&self, pattern: &str) -> bool {
        matches(pattern, self.code(), self.name())
    }
}

/// The pattern that names every code, as ruff's `--select ALL`.
pub const ALL: &str = "ALL";

/// Whether `pattern` (a code, a code prefix such as `K1`, a name, or `ALL`)
/// names the code `code` called `name`.
pub fn matches(pattern: &str, code: &str, name: &str) -> bool {
    closeness(pattern, code, name).is_some()
}

/// How closely `pattern` names the code `code` called `name`: the length of
/// the code prefix it gives (a name or the whole code: the code's length; `ALL`:
/// 0, less than any prefix); None when it does not name it. When several
/// patterns name a code, the closest decides.
pub fn closeness(pattern: &str, code: &str, name: &str) -> Option<usize> {
    if pattern.is_empty() {
        // Not the prefix of every code: an empty --ignore must not hide them all.
        None
    } else if pattern == name {
        Some(code.len())
    } else if pattern == ALL {
        Some(0)
    } else {
        let prefix = code.get(..pattern.len())?;
        prefix
            .eq_ignore_ascii_case(pattern)
            .then_some(pattern.len())
    }
}

/// The page documenting a built-in code (`docs/rules/CODE.md`, published with
/// the repository); None for a user's rule, which has no page (its
/// documentation is what `explain` prints). SARIF, `explain` and the language
/// server's code descriptions all link through here.
pub fn doc_url(code: &str) -> Option<String> {
    let builtin = is_builtin_check(code)
        || crate::rules::builtin_sources()
            .iter()
            .any(|r| r.code.eq_ignore_ascii_case(code));
    builtin.then(|| page_url(&code.to_ascii_uppercase()))
}

fn page_url(code: &str) -> String {
    format!("{DOCS_BASE_URL}{code}.md")
}

/// Every code a run knows, in code order.
pub struct Registry {
    checks: Vec<(&'static CheckMeta, CheckKind)>,
    rules: RuleSet,
}

impl Registry {
    pub fn new(carriers: &Carriers, rules: RuleSet) -> Registry {
        let mut list: Vec<(&'static CheckMeta, CheckKind)> = checks::all()
            .iter()
            .map(|c| (c.meta(), CheckKind::Check))
            .collect();
        for carrier in carriers.all() {
            for meta in carrier.checks() {
                if !list.iter().any(|(m, _)| m.code == meta.code) {
                    list.push((meta, CheckKind::Carrier(carrier.name())));
                }
            }
        }
        list.sort_by_key(|(m, _)| m.code);
        Registry {
            checks: list,
            rules,
        }
    }

    /// The built-in checks and rules, with the built-in carriers.
    pub fn builtin() -> Result<Registry, RuleError> {
        Ok(Registry::new(&Carriers::default(), RuleSet::load(&[])?))
    }

    /// Every check (per-key and carriers' syntax checks), in code order.
    pub fn checks(&self) -> impl Iterator<Item = &'static CheckMeta> + '_ {
        self.checks.iter().map(|(m, _)| *m)
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Every code, checks and rules, in code order.
    pub fn codes(&self) -> Vec<Code<'_>> {
        let mut codes: Vec<Code<'_>> = self
            .checks
            .iter()
            .map(|&(meta, origin)| Code::Check(meta, origin))
            .chain(self.rules.rules.iter().map(Code::Rule))
            .collect();
        codes.sort_by(|a, b| a.code().cmp(b.code()));
        codes
    }

    /// A code by its code (any case) or its name.
    pub fn find(&self, code_or_name: &str) -> Option<Code<'_>> {
        let is = |code: &str, name: &str| {
            code.eq_ignore_ascii_case(code_or_name) || name == code_or_name
        };
        self.checks
            .iter()
            .find(|(m, _)| is(m.code, m.name))
            .map(|&(meta, origin)| Code::Check(meta, origin))
            .or_else(|| self.rules.find(code_or_name).map(Code::Rule))
    }

    pub fn is_known(&self, code_or_name: &str) -> bool {
        self.find(code_or_name).is_some()
    }

    /// Whether `pattern` names at least one code: what `--select`, `--ignore`
    /// and `kafkalint.toml` accept.
    pub fn matches_any(&self, pattern: &str) -> bool {
        self.codes().iter().any(|c| c.matches(pattern))
    }

    /// The names of every code, for "did you mean".
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.checks
            .iter()
            .map(|(m, _)| m.name)
            .chain(self.rules.rules.iter().map(|r| &*r.name))
    }
}

/// The built-in check (per-key, or of a built-in carrier) with this code.
pub fn builtin_check(code: &str) -> Option<&'static CheckMeta> {
    let carriers = Carriers::default();
    checks::all()
        .iter()
        .map(|c| c.meta())
        .chain(carriers.all().iter().flat_map(|c| c.checks()))
        .find(|m| m.code.eq_ignore_ascii_case(code))
}

/// Whether a code belongs to a built-in check of any carrier: a user rule may
/// not take it.
pub fn is_builtin_check(code: &str) -> bool {
    builtin_check(code).is_some()
}
