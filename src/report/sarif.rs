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

use super::{ARRAY_HOLE, Run, ci_path, fingerprints, place, pretty_json_with_array};
use crate::diagnostics::{Diagnostic, Fix, Severity};
use crate::rules::RuleSet;
use crate::text::Span;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Where the SARIF 2.1.0 schema is published, as GitHub's documentation uses it.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The `partialFingerprints` entry: code + path + key + occurrence, no line.
const FINGERPRINT: &str = "kafkalintFinding/v1";

pub fn render(run: &Run) -> String {
    let rules = Rules::of(run);
    let fingerprints = fingerprints(run);
    let value = json!({
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
    });
    let results = run
        .diagnostics
        .iter()
        .zip(&fingerprints)
        .map(|(d, fingerprint)| result(run, &rules, d, fingerprint));
    pretty_json_with_array(&value, results)
}

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The rule descriptors of the codes a run reports, sorted by code.
struct Rules {
    descriptors: Vec<Value>,
    /// Code to index in `descriptors`.
    index: BTreeMap<&'static str, usize>,
}

impl Rules {
    fn of(run: &Run) -> Rules {
        // First diagnostic of each code: the fallback for codes kafkalint does
        // not document (rules from `--rules DIR`).
        let mut codes: BTreeMap<&'static str, &Diagnostic> = BTreeMap::new();
        for d in &run.diagnostics {
            codes.entry(d.code).or_insert(d);
        }
        let mut builtin_rules: Option<Option<RuleSet>> = None;
        let mut descriptors = Vec::new();
        let mut index = BTreeMap::new();
        for (code, first) in codes {
            let documented = crate::registry::builtin_check(code)
                .map(|m| (m.name, m.summary.to_string(), m.doc.to_string(), m.severity))
                .or_else(|| {
                    let r = run.user_rules.iter().find(|r| r.code == code)?;
                    Some((r.name, r.summary.clone(), r.doc.clone(), r.severity))
                })
                .or_else(|| {
                    let set = builtin_rules.get_or_insert_with(|| RuleSet::load(&[]).ok());
                    let entry = set.as_ref()?.rules.iter().find(|r| r.code == code)?;
                    let m = &entry.documented().ok()?.meta;
                    Some((m.name, m.summary.clone(), m.doc.clone(), m.severity))
                });
            let (name, summary, doc, severity) = documented.unwrap_or_else(|| {
                (
                    first.name,
                    first.name.replace('-', " "),
                    first.message.clone(),
                    first.severity,
                )
            });
            let full = what_it_does(&doc)
                .or_else(|| (!doc.trim().is_empty()).then(|| doc.clone()))
                .unwrap_or_else(|| summary.clone());
            index.insert(code, descriptors.len());
            descriptors.push(json!({
                "id": code,
                "name": name,
                "shortDescription": {"text": summary},
                "fullDescription": {"text": full},
                "help": {"text": doc, "markdown": doc},
                "defaultConfiguration": {"level": level(severity)},
            }));
        }
        Rules { descriptors, index }
    }
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

fn region(run: &Run, path: &str, span: Span) -> Value {
    let (start, end) = place(run, path, span);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn physical(run: &Run, path: &str, span: Span) -> Value {
    json!({
        "artifactLocation": {"uri": uri(path)},
        "region": region(run, path, span),
    })
}

fn result(run: &Run, rules: &Rules, d: &Diagnostic, fingerprint: &str) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\n\nhelp: ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": d.code,
        "ruleIndex": rules.index.get(d.code).copied().unwrap_or(0),
        "level": level(d.severity),
        "message": {"text": text},
        "locations": [{"physicalLocation": physical(run, &d.path, d.span)}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    });
    let related: Vec<Value> = d
        .related
        .iter()
        .filter_map(|r| Some((r, r.span?)))
        .enumerate()
        .map(|(id, (r, span))| {
            json!({
                "id": id,
                "physicalLocation": physical(run, &r.path, span),
                "message": {"text": r.message},
            })
        })
        .collect();
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    if let Some(fix) = d.fix.as_ref().and_then(|f| fix(run, f)) {
        result["fixes"] = json!([fix]);
    }
    result
}

/// A SARIF fix: the edits grouped by file. None when an edit touches a secret.
fn fix(run: &Run, fix: &Fix) -> Option<Value> {
    let mut changes: Vec<(&str, Vec<Value>)> = Vec::new();
    for edit in &fix.edits {
        let secret = run
            .file(&edit.path)
            .is_some_and(|f| f.touches_secret(edit.span));
        if secret && !edit.replacement.is_empty() {
            return None;
        }
        let replacement = json!({
            "deletedRegion": region(run, &edit.path, edit.span),
            "insertedContent": {"text": edit.replacement},
        });
        match changes.iter_mut().find(|(p, _)| *p == edit.path) {
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
    use crate::report::FileReport;

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
        let d = Diagnostic::new(
            "K999",
            "test-check",
            Severity::Warning,
            "p/producer.properties",
            secret,
            "a message".to_string(),
        )
        .with_edit(
            "replace it",
            Applicability::Unsafe,
            secret,
            "hunter2-but-rotated",
        );
        let run = Run::new(vec![file], vec![d]);
        let out = render(&run);
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
