//! `path:line:col: severity[code] message`, one line per finding: what editors'
//! quickfix lists, compilation modes and grep read. `[*]` before the message
//! marks a finding that `--fix` settles (as ruff marks them).

use super::{Emitter, Findings, one_line, visible};
use crate::diagnostics::Applicability;
use std::io::{self, Write};

/// Writes each file's lines as it comes.
pub struct Concise;

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
                visible(&d.path),
                d.severity,
                visible(d.code()),
                if fixable { "[*] " } else { "" },
                one_line(&d.message)
            )?;
        }
        Ok(())
    }
}
