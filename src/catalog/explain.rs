//! A key's facts across every Kafka version it exists in: what `explain KEY`
//! prints and what the language server's hover shows of a key.

use super::{Catalog, KeyDef, Role, Validator, describe, descriptions, key_history, versions};
use std::fmt::Write;

/// One run of consecutive versions in which a key has the same facts in a role.
pub struct FactRun {
    /// The facts (`int, default 500, valid: [1,...], importance medium`), or
    /// `not present`.
    pub facts: String,
    pub from: &'static str,
    pub to: &'static str,
}

impl FactRun {
    /// `3.0 to 3.7` or `3.7`.
    pub fn versions(&self) -> String {
        if self.from == self.to {
            self.from.to_string()
        } else {
            format!("{} to {}", self.from, self.to)
        }
    }
}

/// What the key does (a line per description, with the roles it is for), then,
/// per role, one line per run of versions with the same facts.
pub fn explain_key(key: &str) -> String {
    let mut facts_out = String::new();
    let mut present = Vec::new();
    for role in Role::ALL {
        let runs = fact_runs(key, role);
        if runs.iter().all(|r| r.facts == NOT_PRESENT) {
            continue;
        }
        present.push(role);
        role_facts(&mut facts_out, key, role, &runs);
    }
    let mut out = description_lines(key, &present);
    if !out.is_empty() {
        out.push('\n');
        if present.is_empty() {
            out.push_str("not in the configuration tables of any Kafka version\n");
        }
    }
    out.push_str(&facts_out);
    out
}

const NOT_PRESENT: &str = "not present";

/// The runs of versions (of those that have `role`) with the same facts of `key`.
pub fn fact_runs(key: &str, role: Role) -> Vec<FactRun> {
    let mut runs: Vec<FactRun> = Vec::new();
    for &version in versions() {
        let catalog = Catalog::get(version);
        // One line decoded per release, not every table of every release.
        if !catalog.documents_role(role) {
            continue;
        }
        let facts = match catalog.key_once(role, key) {
            Some(d) => key_facts(&d),
            None => NOT_PRESENT.to_string(),
        };
        match runs.last_mut() {
            Some(last) if last.facts == facts => last.to = version,
            _ => runs.push(FactRun {
                facts,
                from: version,
                to: version,
            }),
        }
    }
    runs
}

/// `key (roles): description`, one line per distinct description of the roles
/// the catalog has the key in; for a key outside the catalog, its lines as written.
fn description_lines(key: &str, present: &[Role]) -> String {
    let mut groups: Vec<(Vec<Role>, &str)> = Vec::new();
    if present.is_empty() {
        groups = descriptions(key)
            .iter()
            .map(|d| (d.roles.clone(), d.text))
            .collect();
    }
    for &role in present {
        let Some(text) = describe(key, role) else {
            continue;
        };
        match groups.iter_mut().find(|(_, t)| *t == text) {
            Some((roles, _)) => roles.push(role),
            None => groups.push((vec![role], text)),
        }
    }
    let mut out = String::new();
    for (roles, text) in groups {
        if roles.is_empty() {
            let _ = writeln!(out, "{key}: {text}");
        } else {
            let roles: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            let _ = writeln!(out, "{key} ({}): {text}", roles.join(", "));
        }
    }
    out
}

/// The facts of `key` in one role: one line per run of versions with the same facts.
fn role_facts(out: &mut String, key: &str, role: Role, runs: &[FactRun]) {
    let _ = writeln!(out, "{key} ({role})");
    for run in runs {
        let _ = writeln!(out, "  {:<16} {}", run.versions(), run.facts);
    }
    for line in history_lines(key, role) {
        let _ = writeln!(out, "  {line}");
    }
    out.push('\n');
}

/// `appeared in 2.1, removed in 4.0`, one line per span the key was documented in `role`.
pub fn history_lines(key: &str, role: Role) -> Vec<String> {
    key_history(key)
        .iter()
        .filter(|h| h.role == role)
        .map(|h| match h.removed_in {
            Some(gone) => format!("appeared in {}, removed in {gone}", h.first),
            None => format!("appeared in {}", h.first),
        })
        .collect()
}

/// A key's type, default, valid values, importance and deprecation in one version.
pub fn key_facts(d: &KeyDef) -> String {
    let mut s = format!("{}, default {}", d.ty.as_str(), d.default.describe());
    if !matches!(d.validator, Validator::Any | Validator::NonNullString) {
        let _ = write!(s, ", valid: {}", d.validator.describe());
    }
    let _ = write!(s, ", importance {}", d.importance.as_str());
    if d.deprecated {
        s.push_str(", deprecated");
    }
    s
}
