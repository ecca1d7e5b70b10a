//! SARIF 2.1.0, the format GitHub code scanning (and other viewers: VS Code's
//! SARIF viewer, Azure DevOps, SonarQube) reads.
//!
//! One run; a rule descriptor per code that the run reports, with its
//! documentation; a result per diagnostic with its region (1-based lines and
//! columns counting Unicode code points, so `columnKind` is `unicodeCodePoints`;
//! the end column is the one just after the last character, as SARIF wants),
//! related locations, a stable `partialFingerprints` entry that GitHub uses to
//! follow an alert across commits, and fixes. A fix whose edit touches a secret is
//! left out: an applicable fix cannot insert `[hidden]`, and the real value must
//! never be printed.

use super::{
    ARRAY_HOLE, Emitter, Findings, JsonArray, RuleDoc, RuleDocs, ci_path, fingerprints, place,
};
use crate::diagnostics::{Diagnostic, Fix, Severity};
use crate::text::Span;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Where the SARIF 2.1.0 schema is published, as GitHub's documentation uses it.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The `partialFingerprints` entry: code + path + key + occurrence, no line.
const FINGERPRINT: &str = "kafkalintFinding/v1";

/// Each result names the index of its rule descriptor, and the descriptors are
/// those of every code the run reports, in the order of their codes, before
/// the results. Given a preview of the run (as [`super::write_run`] gives it),
/// the descriptors are known at `begin` and each result is written as its file
/// comes; without one, the results are kept until the end.
pub struct Sarif<'a> {
    docs: RuleDocs<'a>,
    /// The first finding of each code, which describes a code nothing documents.
    first_of_code: BTreeMap<String, Undocumented>,
    previewed: bool,
    /// Once begun after a preview: the descriptors, the whole object and its
    /// open results array.
    streaming: Option<(Rules, Value, JsonArray)>,
    /// Without a preview: each result's code, and the result pretty-printed
    /// without its `ruleIndex`.
    results: Vec<(String, String)>,
}

impl<'a> Sarif<'a> {
    pub fn new(docs: RuleDocs<'a>) -> Sarif<'a> {
        Sarif {
            docs,
            first_of_code: BTreeMap::new(),
            previewed: false,
            streaming: None,
            results: Vec::new(),
        }
    }

    fn note_codes(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            self.first_of_code
                .entry(d.code().to_string())
                .or_insert_with(|| Undocumented::from(d));
        }
    }

    /// The rule descriptors, the object around the results, and the array
    /// opened in it.
    fn open(&self, out: &mut dyn Write) -> io::Result<(Rules, Value, JsonArray)> {
        let rules = Rules::of(&self.first_of_code, &self.docs);
        let envelope = envelope(&rules);
        let mut results = JsonArray::default();
        results.open(out, &envelope)?;
        Ok((rules, envelope, results))
    }
}

impl Emitter for Sarif<'_> {
    fn wants_preview(&self) -> bool {
        true
    }

    fn preview(&mut self, findings: &Findings<'_>) {
        self.previewed = true;
        self.note_codes(findings.diagnostics);
    }

    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.previewed {
            self.streaming = Some(self.open(out)?);
        }
        Ok(())
    }

    fn file(&mut self, out: &mut dyn Write, findings: Findings<'_>) -> io::Result<()> {
        let diagnostics = findings.diagnostics;
        self.note_codes(diagnostics);
        for (d, fingerprint) in diagnostics.iter().zip(fingerprints(diagnostics)) {
            let text = serde_json::to_string_pretty(&result(&findings, d, &fingerprint))?;
            match &mut self.streaming {
                Some((rules, _, results)) => {
                    let index = rules.index.get(d.code()).copied().unwrap_or(0);
                    results.item_text(out, &with_rule_index(&text, index))?;
                }
                None => self.results.push((d.code().to_string(), text)),
            }
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let (rules, envelope, mut results) = match self.streaming.take() {
            Some(open) => open,
            None => self.open(out)?,
        };
        for (code, text) in &self.results {
            let index = rules.index.get(code.as_str()).copied().unwrap_or(0);
            results.item_text(out, &with_rule_index(text, index))?;
        }
        results.close(out, &envelope)
    }
}

/// The whole SARIF object, with the results left to a [`JsonArray`].
fn envelope(rules: &Rules) -> Value {
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kafkalint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules.descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": ARRAY_HOLE,
        }],
    })
}

/// A pretty-printed result, without `ruleIndex`, with it. serde_json prints
/// members in the order of their names, and `ruleIndex` comes after every other
/// member of a result: it is the last line before the closing brace.
fn with_rule_index(result: &str, index: usize) -> String {
    let members = result.strip_suffix("\n}").unwrap_or(result);
    format!("{members},\n  \"ruleIndex\": {index}\n}}")
}

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// What the first finding of a code tells of a code that nothing documents.
struct Undocumented {
    name: String,
    message: String,
    severity: Severity,
}

impl From<&Diagnostic> for Undocumented {
    fn from(d: &Diagnostic) -> Undocumented {
        Undocumented {
            name: d.name().to_string(),
            message: d.message.to_string(),
            severity: d.severity,
        }
    }
}

/// The rule descriptors of the codes a run reports, sorted by code.
struct Rules {
    descriptors: Vec<Value>,
    /// Code to index in `descriptors`.
    index: BTreeMap<String, usize>,
}

impl Rules {
    fn of(codes: &BTreeMap<String, Undocumented>, docs: &RuleDocs<'_>) -> Rules {
        let mut descriptors = Vec::new();
        let mut index = BTreeMap::new();
        for (code, first) in codes {
            let described = docs(code).unwrap_or_else(|| RuleDoc {
                code: code.to_string(),
                name: first.name.to_string(),
                summary: first.name.replace('-', " "),
                doc: first.message.clone(),
                severity: first.severity,
                url: None,
            });
            index.insert(code.clone(), descriptors.len());
            descriptors.push(descriptor(code, described));
        }
        Rules { descriptors, index }
    }
}

/// The descriptor of `code`, described as `d`.
fn descriptor(code: &str, d: RuleDoc) -> Value {
    let full = what_it_does(&d.doc)
        .or_else(|| (!d.doc.trim().is_empty()).then(|| d.doc.clone()))
        .unwrap_or_else(|| d.summary.clone());
    let mut descriptor = json!({
        "id": code,
        "name": d.name,
        "shortDescription": {"text": d.summary},
        "fullDescription": {"text": full},
        "help": {"text": d.doc, "markdown": d.doc},
        "defaultConfiguration": {"level": level(d.severity)},
    });
    if let Some(url) = d.url {
        descriptor["helpUri"] = json!(url);
    }
    descriptor
}

/// The "What it does" section of a check's or rule's documentation, as one
/// paragraph.
fn what_it_does(doc: &str) -> Option<String> {
    let body = doc.trim_start().strip_prefix("## What it does")?;
    let end = body.find("\n## ").unwrap_or(body.len());
    let text = body[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// An artifact location: a relative URI reference for relative paths (what GitHub
/// resolves against the repository root), a `file:` URI for absolute ones.
pub(crate) fn uri(path: &str) -> String {
    let path = ci_path(path);
    let bytes = path.as_bytes();
    let (prefix, rest) = if path.starts_with('/') {
        ("file://", path.as_str())
    } else if bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && bytes[2] == b'/'
    {
        // A Windows drive: `C:/x` becomes `file:///C:/x`.
        ("file:///", path.as_str())
    } else {
        ("", path.as_str())
    };
    let mut out = prefix.to_string();
    for (i, &b) in rest.as_bytes().iter().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (b == b':' && i == 1 && !prefix.is_empty());
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(findings: &Findings, path: &str, span: Span) -> Value {
    let (start, end) = place(findings, path, span);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn physical(findings: &Findings, path: &str, span: Span) -> Value {
    json!({
        "artifactLocation": {"uri": uri(path)},
        "region": region(findings, path, span),
    })
}

/// The result of `d`, without its `ruleIndex` (see [`with_rule_index`]).
fn result(findings: &Findings, d: &Diagnostic, fingerprint: &str) -> Value {
    let mut text = d.message.to_string();
    if let Some(help) = d.help() {
        text.push_str("\n\nhelp: ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": d.code(),
        "level": level(d.severity),
        "message": {"text": text},
        "locations": [{"physicalLocation": physical(findings, &d.path, d.span)}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    });
    let related: Vec<Value> = d
        .related()
        .iter()
        .filter_map(|r| Some((r, r.span?)))
        .enumerate()
        .map(|(id, (r, span))| {
            json!({
                "id": id,
                "physicalLocation": physical(findings, &r.path, span),
                "message": {"text": r.message},
            })
        })
        .collect();
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    if let Some(fix) = d.fix.as_ref().and_then(|f| fix(findings, f)) {
        result["fixes"] = json!([fix]);
    }
    result
}

/// A SARIF fix: the edits grouped by file. None when an edit touches a secret.
fn fix(findings: &Findings, fix: &Fix) -> Option<Value> {
    let mut changes: Vec<(&str, Vec<Value>)> = Vec::new();
    for edit in &fix.edits {
        let secret = findings
            .file(&edit.path)
            .is_some_and(|f| f.touches_secret(edit.span));
        if secret && !edit.replacement.is_empty() {
            return None;
        }
        let replacement = json!({
            "deletedRegion": region(findings, &edit.path, edit.span),
            "insertedContent": {"text": edit.replacement},
        });
        match changes.iter_mut().find(|(p, _)| **p == *edit.path) {
            Some((_, replacements)) => replacements.push(replacement),
            None => changes.push((&edit.path, vec![replacement])),
        }
    }
    if changes.is_empty() {
        return None;
    }
    Some(json!({
        "description": {"text": fix.message},
        "artifactChanges": changes.into_iter().map(|(path, replacements)| json!({
            "artifactLocation": {"uri": uri(path)},
            "replacements": replacements,
        })).collect::<Vec<_>>(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Applicability;
    use crate::model::{Overrides, UnitModel};
    use crate::report::{FileReport, Findings, Format, Run, written};

    /// A finding of a code that nothing documents.
    fn undocumented(path: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            "K999",
            "test-check",
            Severity::Warning,
            path,
            span,
            "a message".into(),
        )
    }

    #[test]
    fn uris_are_relative_references_with_escapes() {
        assert_eq!(
            uri("./conf/producer.properties"),
            "conf/producer.properties"
        );
        assert_eq!(uri("conf\\my app.properties"), "conf/my%20app.properties");
        assert_eq!(uri("a:b/c.properties"), "a%3Ab/c.properties");
        assert_eq!(
            uri("/etc/kafka/x.properties"),
            "file:///etc/kafka/x.properties"
        );
        assert_eq!(
            uri("C:\\kafka\\x.properties"),
            "file:///C:/kafka/x.properties"
        );
        assert_eq!(uri("é.properties"), "%C3%A9.properties");
    }

    #[test]
    fn the_rule_index_is_the_last_member_of_a_result() {
        let d = undocumented("a.properties", Span::new(0, 4))
            .with_help("some help")
            .with_related(crate::diagnostics::Related {
                path: "b.properties".into(),
                key: None,
                span: Some(Span::new(1, 2)),
                message: "there".into(),
            })
            .with_edit("fix it", Applicability::Safe, Span::new(0, 4), "acks");
        let findings = Findings {
            path: "a.properties",
            linted: None,
            diagnostics: &[],
            context: &[],
        };
        let mut whole = result(&findings, &d, "0123456789abcdef");
        let without = serde_json::to_string_pretty(&whole).unwrap();
        whole["ruleIndex"] = json!(12);
        assert_eq!(
            with_rule_index(&without, 12),
            serde_json::to_string_pretty(&whole).unwrap()
        );
    }

    #[test]
    fn the_what_section_is_the_full_description() {
        let doc = "## What it does\nFinds a\nthing.\n\n## Why is this bad?\nBecause.";
        assert_eq!(what_it_does(doc).as_deref(), Some("Finds a thing."));
        assert_eq!(what_it_does("no sections"), None);
    }

    #[test]
    fn a_fix_that_touches_a_secret_is_left_out() {
        let text = b"ssl.keystore.password=hunter2\n".to_vec();
        let model = UnitModel::properties("p/producer.properties", text, &Overrides::default());
        let file = FileReport::from_model(&model);
        assert!(!file.secret_spans.is_empty(), "the password is a secret");
        let secret = file.secret_spans[0];
        let d = undocumented("p/producer.properties", secret).with_edit(
            "replace it",
            Applicability::Unsafe,
            secret,
            "hunter2-but-rotated",
        );
        let run = Run::new(vec![file], vec![d]);
        let out = written(Format::Sarif, &run);
        assert!(!out.contains("hunter2"), "{out}");
        assert!(!out.contains("\"fixes\""), "{out}");
        // The fallback rule descriptor for a code kafkalint does not know.
        let value: Value = serde_json::from_str(&out).unwrap();
        let rule = &value["runs"][0]["tool"]["driver"]["rules"][0];
        assert_eq!(rule["id"], "K999");
        assert_eq!(rule["name"], "test-check");
        assert_eq!(rule["defaultConfiguration"]["level"], "warning");
        assert_eq!(rule["fullDescription"]["text"], "a message");
    }
}
