//! `check --statistics`: how many findings each code has, most frequent first.

use super::{Format, Run};
use crate::diagnostics::{Applicability, Severity};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// One code's count.
struct Count<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    count: usize,
    /// Of `count`, those `--fix` settles (safe fixes).
    fixable: usize,
}

fn counts(run: &Run) -> Vec<Count<'_>> {
    let mut by_code: BTreeMap<&str, Count<'_>> = BTreeMap::new();
    for d in &run.diagnostics {
        let c = by_code.entry(d.code()).or_insert(Count {
            code: d.code(),
            name: d.name(),
            severity: d.severity,
            count: 0,
            fixable: 0,
        });
        c.count += 1;
        c.severity = c.severity.max(d.severity);
        let safe = d
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe);
        c.fixable += usize::from(safe);
    }
    let mut counts: Vec<Count<'_>> = by_code.into_values().collect();
    // Most frequent first; a code's place among equals is its order.
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(b.code)));
    counts
}

/// Writes the counts: a JSON array for `--format json`, else a table whose
/// `[*]` marks codes with findings `--fix` settles.
pub fn write_statistics(format: Format, run: &Run, out: &mut dyn Write) -> io::Result<()> {
    let counts = counts(run);
    if format == Format::Json {
        let rows: Vec<serde_json::Value> = counts
            .iter()
            .map(|c| {
                serde_json::json!({
                    "code": c.code,
                    "name": c.name,
                    "severity": c.severity.to_string(),
                    "count": c.count,
                    "fixable": c.fixable,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    let width = counts.first().map_or(1, |c| c.count.to_string().len());
    let code_width = counts.iter().map(|c| c.code.len()).max().unwrap_or(0);
    for c in &counts {
        let marker = if c.fixable > 0 { "[*]" } else { "   " };
        writeln!(
            out,
            "{:>width$}  {:<code_width$}  {marker} {} ({})",
            c.count,
            super::visible(c.code),
            super::visible(c.name),
            c.severity
        )?;
    }
    Ok(())
}
