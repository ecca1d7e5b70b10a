//! Code actions: each finding's fix as a quick fix, "disable CODE for this
//! entry", and `source.fixAll.kafkalint`, which applies what `check --fix`
//! would write, byte for byte (the engine's own fixing passes).

use super::diagnostics::{OtherFiles, convert};
use super::documents::Document;
use super::positions::{Locator, Units};
use super::session::{FIX_ALL, Session};
use crate::diagnostics::{Applicability, Diagnostic, Fix};
use crate::fix::encode_replacement;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Range, TextEdit, Uri,
    WorkspaceEdit,
};
use std::collections::HashMap;

pub fn actions(session: &mut Session, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
    let uri = params.text_document.uri;
    let only = params.context.only;
    let wants = |kind: &str| {
        only.as_ref()
            .is_none_or(|kinds| kinds.iter().any(|k| kind.starts_with(k.as_str())))
    };
    let units = session.units;
    let Some(found) = session.findings(&uri).map(|f| f.diagnostics.clone()) else {
        return Vec::new();
    };
    let mut actions = Vec::new();
    if wants(CodeActionKind::QUICKFIX.as_str()) {
        let Some(doc) = session.document(&uri) else {
            return Vec::new();
        };
        let at = doc.locator(units);
        let mut others = OtherFiles::default();
        for d in found.iter().filter(|d| *d.path == *doc.name) {
            if !overlaps(at.range(d.span), params.range) {
                continue;
            }
            let shown = convert(d, doc, &at, &mut others, units);
            if let Some(action) = d.fix.as_ref().and_then(|f| quick_fix(f, doc, &at, &shown)) {
                actions.push(action);
            }
            actions.push(disable(d, doc, &at, shown));
        }
    }
    // Fixing runs the engine pass after pass: only when asked for by kind (on
    // save, or from a source-action menu), not for every move of the cursor.
    let asked = only.as_ref().is_some_and(|kinds| {
        kinds
            .iter()
            .any(|k| FIX_ALL.starts_with(k.as_str()) && k.as_str().starts_with("source"))
    });
    if asked {
        actions.extend(fix_all(session, &uri, units));
    }
    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// Whether two ranges share a line: a cursor anywhere on a finding's line
/// offers its actions, as editors show them for the line.
fn overlaps(a: Range, b: Range) -> bool {
    a.start.line <= b.end.line && b.start.line <= a.end.line
}

/// A finding's fix, when all its edits are in this document.
fn quick_fix(
    fix: &Fix,
    doc: &Document,
    at: &Locator,
    shown: &lsp_types::Diagnostic,
) -> Option<CodeAction> {
    if fix.edits.iter().any(|e| *e.path != *doc.name) {
        return None;
    }
    let edits = fix
        .edits
        .iter()
        .map(|e| TextEdit::new(at.range(e.span), replacement(&e.replacement, doc)))
        .collect();
    let safe = fix.applicability == Applicability::Safe;
    let title = if safe {
        fix.message.to_string()
    } else {
        format!("{} (unsafe: review the change)", fix.message)
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![shown.clone()]),
        edit: Some(edit(&doc.uri, edits)),
        is_preferred: Some(safe),
        ..CodeAction::default()
    })
}

/// The text an edit writes, as `check --fix` encodes it (escapes for ISO-8859-1).
fn replacement(text: &str, doc: &Document) -> String {
    let encoding = crate::model::Overrides::default().encoding;
    doc.decode(&encode_replacement(text, encoding))
}

/// `# kafkalint: disable=CODE` on the line before the finding's entry.
fn disable(
    d: &Diagnostic,
    doc: &Document,
    at: &Locator,
    shown: lsp_types::Diagnostic,
) -> CodeAction {
    let line_start = at.line_start(at.text_offset(d.span.start));
    let indent: String = doc.text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let ending = if doc.text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let position = at.position(line_start);
    let text = format!("{indent}# kafkalint: disable={}{ending}", d.code());
    CodeAction {
        title: format!("Disable {} for this entry", d.code()),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![shown]),
        edit: Some(edit(
            &doc.uri,
            vec![TextEdit::new(Range::new(position, position), text)],
        )),
        is_preferred: Some(false),
        ..CodeAction::default()
    }
}

/// Every safe fix, in the passes `check --fix` makes: the document's whole text
/// replaced by what `check --fix` would write.
fn fix_all(session: &mut Session, uri: &Uri, units: Units) -> Option<CodeAction> {
    let settings = session.settings(uri);
    let doc = session.document(uri)?;
    let linted = session
        .engine
        .lint(&doc.name, doc.bytes(), &settings, Some(false));
    let fixed = linted.fixed?;
    let whole = doc.locator(units).full();
    let text = doc.decode(&fixed.bytes);
    Some(CodeAction {
        title: format!(
            "Fix all kafkalint problems ({})",
            crate::report::plural(fixed.applied, "fix")
        ),
        kind: Some(CodeActionKind::from(FIX_ALL)),
        edit: Some(edit(uri, vec![TextEdit::new(whole, text)])),
        ..CodeAction::default()
    })
}

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}
