//! The JSON contract of DESIGN.md: one object with tool, files, diagnostics and
//! summary. Lines and columns are 1-based (columns count characters), offsets
//! 0-based bytes.

use super::{
    ARRAY_HOLE, Emitter, FileReport, Findings, JsonArray, Summary, UnitReport, shown_replacement,
};
use crate::catalog::Role;
use crate::diagnostics::Diagnostic;
use crate::text::Span;
use serde_json::{Value, json};
use std::io::{self, Write};

/// Writes each file's diagnostics as it comes. serde_json prints members in
/// the order of their names, so `diagnostics` opens the object and `files`
/// follows it: only a small record per file and the counts wait for the end.
#[derive(Default)]
pub struct Json {
    diagnostics: JsonArray,
    files: Vec<FileEntry>,
    summary: Summary,
}

/// What `files` lists of a linted file.
struct FileEntry {
    path: String,
    role: Option<Role>,
    kafka_version: &'static str,
    carrier: Option<&'static str>,
    units: Vec<UnitReport>,
}

impl FileEntry {
    fn of(f: &FileReport) -> FileEntry {
        FileEntry {
            path: f.path.clone(),
            role: f.role,
            kafka_version: f.kafka_version,
            carrier: f.carrier,
            units: f.units.clone(),
        }
    }

    fn value(&self) -> Value {
        let mut file = json!({
            "path": self.path,
            "role": self.role.map(|r| r.as_str()),
            "kafka_version": self.kafka_version,
        });
        // Carriers other than `.properties` add what DESIGN.md's "Output
        // additions" say; a `.properties` file's entry stays as it was.
        if let Some(carrier) = self.carrier {
            file["carrier"] = json!(carrier);
        }
        if !self.units.is_empty() {
            file["units"] = self
                .units
                .iter()
                .map(|u| json!({"unit": u.unit, "role": u.role.map(|r| r.as_str()), "kafka_version": u.kafka_version}))
                .collect();
        }
        file
    }
}

impl Emitter for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.diagnostics.open(out, &envelope(Summary::default()))
    }

    fn file(&mut self, out: &mut dyn Write, findings: Findings<'_>) -> io::Result<()> {
        if let Some(f) = findings.linted {
            self.files.push(FileEntry::of(f));
        }
        self.summary.add(&findings);
        for d in findings.diagnostics {
            self.diagnostics.item(out, &diagnostic(&findings, d))?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let mut files = self
            .diagnostics
            .close_into(out, &envelope(self.summary), FILES_HOLE)?;
        for file in &self.files {
            files.item(out, &file.value())?;
        }
        files.close_last(out)
    }
}

/// Where the `files` array stands in the envelope.
const FILES_HOLE: &str = "\u{0}files";

/// The whole object, with the diagnostics and the files left to [`JsonArray`]s.
fn envelope(summary: Summary) -> Value {
    json!({
        "tool": {"name": "kafkalint", "version": env!("CARGO_PKG_VERSION")},
        "files": FILES_HOLE,
        "diagnostics": ARRAY_HOLE,
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "fixable": summary.fixable,
        },
    })
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

fn diagnostic(findings: &Findings, d: &Diagnostic) -> Value {
    let mut value = json!({
        "code": d.code(),
        "name": d.name(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "path": &*d.path,
        "key": d.key,
        "related_keys": d.related_keys(),
        "range": range(findings.file(&d.path), d.span),
        "related": d.related().iter().map(|r| json!({
            "path": &*r.path,
            "key": r.key,
            "range": r.span.map(|s| range(findings.file(&r.path), s)),
            "message": r.message,
        })).collect::<Vec<_>>(),
        "help": d.help(),
        "fix": d.fix.as_ref().map(|fix| json!({
            "message": fix.message,
            "applicability": fix.applicability,
            "edits": fix.edits.iter().map(|e| {
                // An edit inside a secret would print the secret: hidden.
                json!({"path": &*e.path, "range": range(findings.file(&e.path), e.span), "replacement": shown_replacement(findings, e)})
            }).collect::<Vec<_>>(),
        })),
    });
    // Only files with several units, or of a carrier that names its units,
    // name them: the contract grows, never changes.
    if let Some(unit) = d.unit() {
        value["unit"] = json!(unit);
    }
    if let Some(source_key) = d.source_key() {
        value["source_key"] = json!(source_key);
    }
    value
}
