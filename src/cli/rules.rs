//! `kafkalint rules`: every check with its code, name, severity and summary.

use super::args::{RulesArgs, ShowFormat};
use super::{CliError, Status};
use crate::checks::{self, FixAvailability};
use serde_json::json;
use std::fmt::Write;

pub fn run(args: &RulesArgs) -> Result<Status, CliError> {
    let checks = checks::all();
    let text = match args.format {
        ShowFormat::Json => {
            let list: Vec<_> = checks
                .iter()
                .map(|c| {
                    let m = c.meta();
                    json!({
                        "code": m.code,
                        "name": m.name,
                        "severity": m.severity.as_str(),
                        "summary": m.summary,
                        "versions": m.versions,
                        "fix": fix_word(m.fix),
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&list).unwrap_or_default();
            s.push('\n');
            s
        }
        ShowFormat::Table => {
            let mut s = String::new();
            for c in checks {
                let m = c.meta();
                let _ = writeln!(
                    s,
                    "{:<5} {:<26} {:<8} {}",
                    m.code,
                    m.name,
                    m.severity.as_str(),
                    m.summary
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
