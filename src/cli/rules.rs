//! `kafkalint rules`: every per-key check and relationship rule, with code, name,
//! severity, roles and versions (and, in JSON, whether its error findings claim
//! that Kafka refuses the configuration).

use super::args::{RulesArgs, ShowFormat};
use super::{CliError, Status};
use crate::carrier::Carriers;
use crate::checks::FixAvailability;
use crate::registry::{Description, Origin, Registry};
use crate::rules::RuleSet;
use serde_json::json;
use std::fmt::Write;

pub fn run(args: &RulesArgs) -> Result<Status, CliError> {
    let rules =
        RuleSet::load(&super::files::clean_all(&args.rules)).map_err(|e| CliError(e.reported()))?;
    super::print_rule_notes(&rules);
    // Listing validates user rules completely, CEL included.
    rules.compile_all().map_err(|e| CliError(e.reported()))?;
    let registry = Registry::new(&Carriers::default(), rules);
    let mut listed = Vec::new();
    for code in registry.codes() {
        listed.push(code.describe().map_err(|e| CliError(e.reported()))?);
    }
    let text = match args.format {
        ShowFormat::Json => {
            let list: Vec<_> = listed
                .iter()
                .map(|l| {
                    json!({
                        "kind": kind(l), "code": l.code, "name": l.name, "severity": l.severity,
                        "roles": roles(l).split(',').collect::<Vec<_>>(), "versions": l.versions,
                        "fix": fix_word(l.fix), "refuses": l.refusal, "summary": l.summary,
                        "source": l.origin.source(),
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&list).unwrap_or_default();
            s.push('\n');
            s
        }
        ShowFormat::Table => {
            let mut s = String::new();
            for l in &listed {
                let _ = writeln!(
                    s,
                    "{:<6} {:<40} {:<8} {:<24} {}",
                    l.code,
                    l.name,
                    l.severity.as_str(),
                    roles(l),
                    l.summary
                );
            }
            s
        }
    };
    super::print_out(text)?;
    Ok(Status::Clean)
}

fn kind(d: &Description) -> &'static str {
    match d.origin {
        Origin::Check | Origin::Carrier(_) => "check",
        Origin::BuiltinRule(_) | Origin::UserRule(_) => "rule",
    }
}

/// `all` for checks, else the rule's roles, comma-separated.
fn roles(d: &Description) -> String {
    if d.roles.is_empty() {
        return "all".to_string();
    }
    d.roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn fix_word(fix: FixAvailability) -> &'static str {
    match fix {
        FixAvailability::Never => "none",
        FixAvailability::Sometimes => "sometimes",
        FixAvailability::Always => "always",
    }
}
