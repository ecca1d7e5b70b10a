//! The JSON contract of DESIGN.md: one object with tool, files, diagnostics and
//! summary. Lines and columns are 1-based (columns count characters), offsets
//! 0-based bytes.

use super::{ARRAY_HOLE, FileReport, Run, pretty_json_with_array, shown_replacement};
use crate::diagnostics::Diagnostic;
use crate::text::Span;
use serde_json::{Value, json};

pub fn render(run: &Run) -> String {
    let summary = run.summary();
    let value = json!({
        "tool": {"name": "kafkalint", "version": env!("CARGO_PKG_VERSION")},
        "files": run.files.iter().map(|f| json!({
            "path": f.path,
            "role": f.role.map(|r| r.as_str()),
            "kafka_version": f.kafka_version,
        })).collect::<Vec<_>>(),
        "diagnostics": ARRAY_HOLE,
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "fixable": summary.fixable,
        },
    });
    pretty_json_with_array(&value, run.diagnostics.iter().map(|d| diagnostic(run, d)))
}

fn range(file: Option<&FileReport>, span: Span) -> Value {
    let position = |offset: usize| match file {
        Some(f) => {
            let p = f.position(offset);
            json!({"line": p.line, "column": p.column, "offset": p.offset})
        }
        None => json!({"line": 1, "column": 1, "offset": offset}),
    };
    json!({"start": position(span.start), "end": position(span.end)})
}

fn diagnostic(run: &Run, d: &Diagnostic) -> Value {
    let file = run.file(&d.path);
    json!({
        "code": d.code,
        "name": d.name,
        "severity": d.severity.as_str(),
        "message": d.message,
        "path": d.path,
        "key": d.key,
        "related_keys": d.related_keys,
        "range": range(file, d.span),
        "related": d.related.iter().map(|r| json!({
            "path": r.path,
            "key": r.key,
            "range": r.span.map(|s| range(run.file(&r.path), s)),
            "message": r.message,
        })).collect::<Vec<_>>(),
        "help": d.help,
        "fix": d.fix.as_ref().map(|fix| json!({
            "message": fix.message,
            "applicability": fix.applicability,
            "edits": fix.edits.iter().map(|e| {
                // An edit inside a secret would print the secret: hidden.
                json!({"path": e.path, "range": range(run.file(&e.path), e.span), "replacement": shown_replacement(run, e)})
            }).collect::<Vec<_>>(),
        })),
    })
}
