//! `kafkalint rules`: every per-key check and relationship rule, with code, name,
//! severity, roles and versions.

use super::args::{RulesArgs, ShowFormat};
use super::{CliError, Status};
use crate::checks::{self, FixAvailability};
use crate::rules::RuleSet;
use serde_json::json;
use std::fmt::Write;

/// One line of the listing, from a check or a rule.
struct Listed {
    kind: &'static str,
    code: String,
    name: String,
    severity: String,
    roles: String,
    versions: String,
    fix: &'static str,
    summary: String,
    source: String,
}

pub fn run(args: &RulesArgs) -> Result<Status, CliError> {
    let rules =
        RuleSet::load(&args.rules).map_err(|e| CliError(format!("invalid rule file: {e}")))?;
    // Listing validates user rules completely, CEL included.
    rules
        .compile_all()
        .map_err(|e| CliError(format!("invalid rule file: {e}")))?;
    let mut listed: Vec<Listed> = checks::all()
        .iter()
        .map(|c| {
            let m = c.meta();
            Listed {
                kind: "check",
                code: m.code.to_string(),
                name: m.name.to_string(),
                severity: m.severity.to_string(),
                roles: "all".to_string(),
                versions: m.versions.to_string(),
                fix: fix_word(m.fix),
                summary: m.summary.to_string(),
                source: "built-in".to_string(),
            }
        })
        .collect();
    for entry in &rules.rules {
        let m = &entry
            .documented()
            .map_err(|e| CliError(format!("invalid rule file: {e}")))?
            .meta;
        listed.push(Listed {
            kind: "rule",
            code: m.code.to_string(),
            name: m.name.to_string(),
            severity: m.severity.to_string(),
            roles: m
                .roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(","),
            versions: m.versions.clone(),
            fix: if m.has_fix { "sometimes" } else { "none" },
            summary: m.summary.clone(),
            source: m.source.clone(),
        });
    }
    let text = match args.format {
        ShowFormat::Json => {
            let list: Vec<_> = listed
                .iter()
                .map(|l| {
                    json!({
                        "kind": l.kind, "code": l.code, "name": l.name, "severity": l.severity,
                        "roles": l.roles.split(',').collect::<Vec<_>>(), "versions": l.versions,
                        "fix": l.fix, "summary": l.summary, "source": l.source,
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
                    l.code, l.name, l.severity, l.roles, l.summary
                );
            }
            s
        }
    };
    print!("{text}");
    Ok(Status::Clean)
}

pub fn fix_word(fix: FixAvailability) -> &'static str {
    match fix {
        FixAvailability::Never => "none",
        FixAvailability::Sometimes => "sometimes",
        FixAvailability::Always => "always",
    }
}
