//! Suppression comments: `# kafkalint: disable=CODE[,CODE] -- reason` silences
//! those codes on the next entry, `# kafkalint: disable-file=CODE` in the whole
//! file. Applied after every check and rule has run; what silences nothing, or
//! names no known check or rule, is reported by this check.

use super::{Check, CheckMeta, Context, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::model::FileModel;
use crate::source::{Item, Span};

pub struct UnusedSuppression;

static META: CheckMeta = CheckMeta {
    code: "K012",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "A suppression comment that silences nothing, or names an unknown code",
    versions: "all",
    fix: FixAvailability::Sometimes,
    doc: r#"## What it does
Reports `# kafkalint: disable=...` and `# kafkalint: disable-file=...` comments that
silence no diagnostic, and codes in them that are neither a check nor a rule.

## Why is this bad?
A suppression outlives the problem it was written for: once the setting is fixed, the
comment stays and would silently hide the next, different problem with the same code.
A misspelled code silences nothing at all, while the author believes it does.

## Example
```properties
# kafkalint: disable=K101 -- read by our interceptor
interceptor.config=1
```
`interceptor.config` is not reported by K101 (it is not unknown), so the comment is dead.

## Fix
Delete the comment (the fix does, when none of its codes is used), or correct the code.
Suppressions take codes (`K101`) or names (`unknown-key`).
"#,
};

impl Check for UnusedSuppression {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    /// Nothing here: suppressions are judged in `apply`, after all checks and rules.
    fn run(&self, _ctx: &Context, _out: &mut Vec<Diagnostic>) {}
}

/// One `disable` or `disable-file` directive.
struct Suppression {
    codes: Vec<String>,
    /// The entry it silences; None for `disable-file`.
    target: Option<Span>,
    comment: usize,
    used: Vec<bool>,
}

fn matches(code: &str, d: &Diagnostic) -> bool {
    code.eq_ignore_ascii_case(d.code) || code == d.name
}

/// The lines of the first entry after comment `comment`, if any.
fn next_entry(file: &FileModel, comment: usize) -> Option<Span> {
    let doc = &file.doc;
    let at = doc
        .items
        .iter()
        .position(|i| *i == Item::Comment(comment))?;
    doc.items[at + 1..].iter().find_map(|item| match item {
        Item::Entry(e) => doc
            .entries
            .get(*e)
            .map(|e| doc.lines.covering_lines(e.span)),
        Item::Comment(_) => None,
    })
}

/// Drops the diagnostics that suppressions silence, and adds one for each
/// suppression that silenced nothing or names an unknown code. `known` says
/// whether a code or name is a check or rule.
pub fn apply(
    file: &FileModel,
    diagnostics: Vec<Diagnostic>,
    known: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut suppressions: Vec<Suppression> = file
        .directives
        .items
        .iter()
        .filter(|d| d.name == "disable" || d.name == "disable-file")
        .map(|d| {
            let codes: Vec<String> = d
                .value
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect();
            Suppression {
                used: vec![false; codes.len()],
                codes,
                target: if d.name == "disable" {
                    next_entry(file, d.comment).or(Some(Span::empty_at(usize::MAX)))
                } else {
                    None
                },
                comment: d.comment,
            }
        })
        .collect();
    let mut kept = Vec::with_capacity(diagnostics.len());
    'next: for d in diagnostics {
        for s in suppressions.iter_mut() {
            let covers = s
                .target
                .is_none_or(|t| t.start <= d.span.start && d.span.start < t.end.max(t.start + 1));
            if !covers {
                continue;
            }
            if let Some(i) = s.codes.iter().position(|c| matches(c, &d)) {
                s.used[i] = true;
                continue 'next;
            }
        }
        kept.push(d);
    }
    for s in &suppressions {
        if let Some(d) = report(file, s, known) {
            kept.push(d);
        }
    }
    kept
}

fn report(file: &FileModel, s: &Suppression, known: &dyn Fn(&str) -> bool) -> Option<Diagnostic> {
    let comment = file.doc.comments.get(s.comment)?;
    let unknown: Vec<&str> = s
        .codes
        .iter()
        .filter(|c| !known(c))
        .map(String::as_str)
        .collect();
    let unused: Vec<&str> = s
        .codes
        .iter()
        .zip(&s.used)
        .filter(|(c, used)| !**used && known(c))
        .map(|(c, _)| c.as_str())
        .collect();
    if unknown.is_empty() && unused.is_empty() && !s.codes.is_empty() {
        return None;
    }
    let scope = if s.target.is_some() {
        "the next entry"
    } else {
        "this file"
    };
    let message = match (unknown.as_slice(), unused.as_slice()) {
        ([], []) => "this suppression names no code".to_string(),
        ([], unused) => format!(
            "`{}` is not reported on {scope}: this suppression silences nothing",
            unused.join("`, `")
        ),
        (unknown, _) => format!(
            "`{}` is not a kafkalint check or rule: this suppression silences nothing",
            unknown.join("`, `")
        ),
    };
    let d = Diagnostic::new(
        META.code,
        META.name,
        META.severity,
        &file.path,
        comment.span,
        message,
    );
    let nothing_used = !s.used.iter().any(|u| *u);
    Some(if nothing_used {
        d.with_edit(
            "delete the suppression",
            Applicability::Safe,
            file.doc.lines.covering_lines(comment.span),
            "",
        )
    } else {
        d
    })
}
