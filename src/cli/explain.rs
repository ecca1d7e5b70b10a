//! `kafkalint explain CODE|KEY`: a check's documentation, or a key's facts
//! across every Kafka version it exists in.

use super::args::ExplainArgs;
use super::rules::fix_word;
use super::{CliError, Status};
use crate::carrier::Carriers;
use crate::catalog;
use crate::checks;
use crate::registry::{Description, Registry};
use crate::rules::RuleSet;

pub fn run(args: &ExplainArgs) -> Result<Status, CliError> {
    let rules =
        RuleSet::load(&super::files::clean_all(&args.rules)).map_err(|e| CliError(e.reported()))?;
    super::print_rule_notes(&rules);
    let registry = Registry::new(&Carriers::default(), rules);
    if let Some(code) = registry.find(&args.what) {
        let d = code.describe().map_err(|e| CliError(e.reported()))?;
        let mut text = describe(&d);
        if let Some(url) = d.url() {
            text.push_str(&format!("\nDocumentation: {url}\n"));
        }
        super::print_out(text)?;
        return Ok(Status::Clean);
    }
    let text = catalog::explain::explain_key(&args.what);
    if text.is_empty() {
        let hint = checks::closest(&args.what, registry.names())
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        return Err(CliError(format!(
            "`{}` is neither a check, a rule nor a Kafka configuration key{hint}",
            args.what
        )));
    }
    super::print_out(text)?;
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
