//! `path:line:col: severity[code] message`, one line per finding: what editors'
//! quickfix lists, compilation modes and grep read.

use super::Run;
use std::fmt::Write;

pub fn render(run: &Run) -> String {
    let mut out = String::new();
    for d in &run.diagnostics {
        let (line, column) = run
            .file(&d.path)
            .map(|f| f.position(d.span.start))
            .map_or((1, 1), |p| (p.line, p.column));
        let message = d.message.replace(['\n', '\r'], " ");
        let _ = writeln!(
            out,
            "{}:{line}:{column}: {}[{}] {message}",
            d.path, d.severity, d.code
        );
    }
    out
}
