//! Findings about settings that another file holds (a compose service's env
//! file): moved to that file, its span made the file's own, and its fix
//! dropped (the carrier edits only its own file).

use crate::diagnostics::Diagnostic;
use crate::report::FileReport;
use crate::text::Span;
use crate::unit::{Elsewhere, SourceFile};

/// The file that holds offset `span.start` of `name`'s text, and the span in
/// it; None when `name` itself holds it.
pub fn place(elsewhere: &[Elsewhere], span: Span) -> Option<(&Elsewhere, Span)> {
    let e = elsewhere.iter().rev().find(|e| span.start >= e.base)?;
    Some((e, Span::new(span.start - e.base, span.end - e.base)))
}

/// Drops the findings of `name` that are wholly about another file linted on
/// its own (its place and every related place there, or nowhere): that run
/// reports them, so they are not reported twice.
pub fn drop_reported_there(name: &str, elsewhere: &[Elsewhere], diagnostics: &mut Vec<Diagnostic>) {
    let there = |span: Span| place(elsewhere, span).is_some_and(|(e, _)| e.linted_alone);
    diagnostics.retain(|d| {
        let wholly_there = *d.path == *name
            && there(d.span)
            && d.related()
                .iter()
                .filter(|r| *r.path == *name)
                .all(|r| r.span.is_none_or(there));
        !wholly_there
    });
}

/// Moves the findings of `name` that point into another file there.
pub fn relocate(name: &str, elsewhere: &[Elsewhere], diagnostics: &mut [Diagnostic]) {
    let Some(first) = elsewhere.first() else {
        return;
    };
    for d in diagnostics.iter_mut().filter(|d| *d.path == *name) {
        let touches_elsewhere = d.fix.as_ref().is_some_and(|f| {
            f.edits
                .iter()
                .any(|e| *e.path == *name && e.span.end > first.base)
        });
        if touches_elsewhere {
            d.fix = None;
        }
        if d.related().iter().any(|r| *r.path == *name) {
            d.change_related(|r| {
                if *r.path != *name {
                    return;
                }
                if let Some((e, span)) = r.span.and_then(|s| place(elsewhere, s)) {
                    r.path = crate::diagnostics::shared_path(&e.path);
                    r.span = Some(span);
                }
            });
        }
        if let Some((e, span)) = place(elsewhere, d.span) {
            d.path = crate::diagnostics::shared_path(&e.path);
            d.span = span;
            d.fix = None;
        }
    }
}

/// What the reporters need of the other files: their text, secrets hidden.
pub fn reports(file: &SourceFile, elsewhere: &[Elsewhere]) -> Vec<FileReport> {
    elsewhere
        .iter()
        .map(|e| {
            let end = e.base + e.text.bytes.len();
            let mut report = FileReport::empty(&e.path);
            report.doc = std::sync::Arc::clone(&e.text);
            report.secret_spans = file
                .secret_spans()
                .into_iter()
                .filter(|s| s.start >= e.base && s.end <= end)
                .map(|s| Span::new(s.start - e.base, s.end - e.base))
                .collect();
            report
        })
        .collect()
}
