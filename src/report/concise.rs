//! `path:line:col: severity[code] message`, one line per finding: what editors'
//! quickfix lists, compilation modes and grep read. `[*]` before the message
//! marks a finding that `--fix` settles (as ruff marks them). With colour
//! (`--color always`, or a terminal) the path is bold and the severity
//! coloured, as ruff colours its concise lines; the text stays the same.

use super::{Emitter, Findings, one_line, visible};
use crate::diagnostics::{Applicability, Severity};
use std::io::{self, Write};

/// Writes each file's lines as it comes.
pub struct Concise {
    pub color: bool,
}

impl Concise {
    /// `text` between the ANSI codes `code` and reset, when colouring.
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// The ANSI colour of a severity: red, yellow, blue (bold).
fn severity_colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;34",
    }
}

impl Emitter for Concise {
    fn file(&mut self, out: &mut dyn Write, findings: Findings<'_>) -> io::Result<()> {
        for d in findings.diagnostics {
            let (line, column) = findings
                .file(&d.path)
                .map(|f| f.position(d.span.start))
                .map_or((1, 1), |p| (p.line, p.column));
            let fixable = d
                .fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe);
            writeln!(
                out,
                "{}:{line}:{column}: {}[{}] {}{}",
                self.paint("1", &visible(&d.path)),
                self.paint(severity_colour(d.severity), &d.severity.to_string()),
                visible(d.code()),
                if fixable {
                    self.paint("36", "[*]") + " "
                } else {
                    String::new()
                },
                one_line(&d.message)
            )?;
        }
        Ok(())
    }
}
