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

/// One line per run of versions with the same facts.
fn explain_key(key: &str) -> String {
    let mut out = String::new();
    for role in Role::ALL {
        let per_version: Vec<(&str, Option<&KeyDef>)> = catalog::versions()
            .iter()
            .map(|v| (*v, Catalog::get(v).key(role, key)))
            .filter(|(v, _)| Catalog::get(v).has_role(role))
            .collect();
        if per_version.iter().all(|(_, d)| d.is_none()) {
            continue;
        }
        let _ = writeln!(out, "{key} ({role})");
        let mut runs: Vec<(String, &str, &str)> = Vec::new();
        for (version, def) in &per_version {
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
    out
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
