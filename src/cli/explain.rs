//! `kafkalint explain CODE|KEY`: a check's documentation, or a key's facts
//! across every Kafka version it exists in.

use super::args::ExplainArgs;
use super::rules::fix_word;
use super::{CliError, Status};
use crate::carrier::Carriers;
use crate::catalog::{self, Catalog, KeyDef, Role};
use crate::checks;
use crate::registry::{Description, Registry};
use crate::rules::RuleSet;
use std::fmt::Write;

pub fn run(args: &ExplainArgs) -> Result<Status, CliError> {
    let rules = RuleSet::load(&args.rules).map_err(|e| CliError(e.reported()))?;
    super::print_rule_notes(&rules);
    let registry = Registry::new(&Carriers::default(), rules);
    if let Some(code) = registry.find(&args.what) {
        let d = code.describe().map_err(|e| CliError(e.reported()))?;
        print!("{}", describe(&d));
        if let Some(url) = d.url() {
            println!("\nDocumentation: {url}");
        }
        return Ok(Status::Clean);
    }
    let text = explain_key(&args.what);
    if text.is_empty() {
        let hint = checks::closest(&args.what, registry.names())
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        return Err(CliError(format!(
            "`{}` is neither a check, a rule nor a Kafka configuration key{hint}",
            args.what
        )));
    }
    print!("{text}");
    Ok(Status::Clean)
}

/// A check's or rule's header and documentation.
fn describe(d: &Description) -> String {
    let fix = fix_word(d.fix);
    if d.roles.is_empty() {
        format!(
            "{} {}\nseverity: {}   versions: {}   fix: {fix}\n\n{}",
            d.code, d.name, d.severity, d.versions, d.doc
        )
    } else {
        let roles = d
            .roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "{} {}\nseverity: {}   roles: {roles}   versions: {}   fix: {fix}\n{}\n\n{}",
            d.code, d.name, d.severity, d.versions, d.summary, d.doc
        )
    }
}

/// What the key does (a line per description, with the roles it is for), then,
/// per role, one line per run of versions with the same facts.
fn explain_key(key: &str) -> String {
    let mut facts_out = String::new();
    let mut present = Vec::new();
    for role in Role::ALL {
        // One line decoded per release, not every table of every release.
        let per_version: Vec<(&str, Option<KeyDef>)> = catalog::versions()
            .iter()
            .filter(|v| Catalog::get(v).documents_role(role))
            .map(|v| (*v, Catalog::get(v).key_once(role, key)))
            .collect();
        if per_version.iter().all(|(_, d)| d.is_none()) {
            continue;
        }
        present.push(role);
        role_facts(&mut facts_out, key, role, &per_version);
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

/// `key (roles): description`, one line per distinct description of the roles
/// the catalog has the key in; for a key outside the catalog, its lines as written.
fn description_lines(key: &str, present: &[Role]) -> String {
    let mut groups: Vec<(Vec<Role>, &str)> = Vec::new();
    if present.is_empty() {
        groups = catalog::descriptions(key)
            .iter()
            .map(|d| (d.roles.clone(), d.text))
            .collect();
    }
    for &role in present {
        let Some(text) = catalog::describe(key, role) else {
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
fn role_facts(out: &mut String, key: &str, role: Role, per_version: &[(&str, Option<KeyDef>)]) {
    let _ = writeln!(out, "{key} ({role})");
    let mut runs: Vec<(String, &str, &str)> = Vec::new();
    for (version, def) in per_version {
        let facts = match def {
            Some(d) => facts(d),
            None => "not present".to_string(),
        };
        match runs.last_mut() {
            Some(last) if last.0 == facts => last.2 = version,
            _ => runs.push((facts, version, version)),
        }
    }
    for (facts, from, to) in runs {
        let range = if from == to {
            from.to_string()
        } else {
            format!("{from} to {to}")
        };
        let _ = writeln!(out, "  {range:<16} {facts}");
    }
    for h in catalog::key_history(key).iter().filter(|h| h.role == role) {
        let _ = write!(out, "  appeared in {}", h.first);
        if let Some(gone) = h.removed_in {
            let _ = write!(out, ", removed in {gone}");
        }
        out.push('\n');
    }
    out.push('\n');
}

fn facts(d: &KeyDef) -> String {
    let mut s = format!("{}, default {}", d.ty.as_str(), d.default.describe());
    if !matches!(
        d.validator,
        catalog::Validator::Any | catalog::Validator::NonNullString
    ) {
        let _ = write!(s, ", valid: {}", d.validator.describe());
    }
    let _ = write!(s, ", importance {}", d.importance.as_str());
    if d.deprecated {
        s.push_str(", deprecated");
    }
    s
}
