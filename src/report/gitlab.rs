//! GitLab Code Quality: a JSON array of issues (a subset of the Code Climate
//! format), uploaded with `artifacts: reports: codequality:`.
//!
//! Each issue has `description`, `check_name` (the code), `fingerprint`,
//! `severity` and `location` (`path` and `lines.begin`/`lines.end`). Severities map
//! as: error → `major`, warning → `minor`, info → `info` (`critical` and
//! `blocker` are left for tools that find security holes and broken builds).
//!
//! The fingerprint identifies a finding across pipelines, so that GitLab can tell
//! new findings from fixed ones: FNV-1a 64 of code, path, key and occurrence (see
//! [`super::fingerprints`]), not of the line, which moves when other lines change.

use super::{ARRAY_HOLE, Emitter, Findings, JsonArray, ci_path, fingerprints, place};
use crate::diagnostics::Severity;
use serde_json::json;
use std::io::{self, Write};

/// Writes each file's issues as it comes.
#[derive(Default)]
pub struct Gitlab {
    issues: JsonArray,
}

impl Emitter for Gitlab {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.issues.open(out, &json!(ARRAY_HOLE))
    }

    fn file(&mut self, out: &mut dyn Write, findings: Findings<'_>) -> io::Result<()> {
        let diagnostics = findings.diagnostics;
        for (d, fingerprint) in diagnostics.iter().zip(fingerprints(diagnostics)) {
            let (start, end) = place(&findings, &d.path, d.span);
            let issue = json!({
                "description": d.message,
                "check_name": d.code(),
                "fingerprint": fingerprint,
                "severity": severity(d.severity),
                "location": {
                    "path": ci_path(&d.path),
                    "lines": {"begin": start.line, "end": end.line},
                },
            });
            self.issues.item(out, &issue)?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.issues.close(out, &json!(ARRAY_HOLE))
    }
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;
    use crate::report::{Format, Run, written};
    use crate::text::Span;
    use serde_json::Value;

    #[test]
    fn fingerprints_count_occurrences_not_lines() {
        let finding = |start: usize| {
            Diagnostic::new(
                "K008",
                "duplicate-key",
                Severity::Warning,
                "./a.properties",
                Span::new(start, start + 1),
                "twice".to_string(),
            )
            .with_key("retries")
        };
        let run = Run::new(Vec::new(), vec![finding(0), finding(10)]);
        let moved = Run::new(Vec::new(), vec![finding(5), finding(30)]);
        let prints: Vec<String> = fingerprints(&run.diagnostics).collect();
        assert_ne!(prints[0], prints[1]);
        assert_eq!(prints, fingerprints(&moved.diagnostics).collect::<Vec<_>>());
        let out: Value = serde_json::from_str(&written(Format::Gitlab, &run)).unwrap();
        assert_eq!(out[0]["severity"], "minor");
        assert_eq!(out[0]["location"]["path"], "a.properties");
        assert_eq!(out[0]["fingerprint"].as_str().unwrap().len(), 16);
    }
}
