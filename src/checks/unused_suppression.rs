//! Suppression comments: `# kafkalint: disable=CODE[,CODE] -- reason` silences
//! those codes on the next entry, `# kafkalint: disable-file=CODE` in the whole
//! file. Applied after every check and rule has run; what silences nothing, or
//! names no known check or rule, is reported by this check.

use super::{Check, CheckMeta, Context, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::model::UnitModel;
use crate::text::Span;
use crate::unit::{Setting, SourceFile};
use std::collections::HashMap;

pub struct UnusedSuppression;

static META: CheckMeta = CheckMeta {
    code: "K012",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "A suppression comment that silences nothing, or names an unknown code",
    versions: "all",
    fix: FixAvailability::Sometimes,
    refusal: false,
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
Suppressions take codes (`K101`), names (`unknown-key`) or `ALL` (every code).
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
    code.eq_ignore_ascii_case(d.code()) || code == d.name() || names_all(code)
}

/// `ALL` (any case, as shellcheck's `disable=all`): every code, as in `--select`.
fn names_all(code: &str) -> bool {
    code.eq_ignore_ascii_case(crate::registry::ALL)
}

/// For every comment, the lines of the first setting after it, if any: found
/// by binary search, since a file may hold as many suppressions as settings.
fn next_entries(file: &SourceFile) -> Vec<Option<Span>> {
    // Most carriers list settings in file order: searched in place, not copied.
    if file.settings.is_sorted_by_key(Setting::span) {
        return next_of_each_comment(file, &file.settings, Setting::span);
    }
    let mut spans: Vec<Span> = file.settings.iter().map(Setting::span).collect();
    spans.sort_unstable();
    next_of_each_comment(file, &spans, |s| *s)
}

/// For every comment of `file`, the lines of the first of `sorted` (ordered
/// by `span`) after it.
fn next_of_each_comment<T>(
    file: &SourceFile,
    sorted: &[T],
    span: impl Fn(&T) -> Span,
) -> Vec<Option<Span>> {
    file.comments
        .iter()
        .map(|c| {
            let next = sorted.partition_point(|s| span(s).start < c.span.end);
            let lines = &file.text.lines;
            sorted.get(next).map(|s| lines.covering_lines(span(s)))
        })
        .collect()
}

/// Which suppression silences a diagnostic, found without trying them all.
struct Lookup {
    /// `disable` suppressions grouped by target, ascending: (target, indexes).
    by_target: Vec<(Span, Vec<usize>)>,
    /// `disable-file` codes by their lowercase spelling: (suppression, code) in order.
    file_wide: HashMap<String, Vec<(usize, usize)>>,
}

impl Lookup {
    fn new(suppressions: &[Suppression]) -> Lookup {
        let mut by_target: Vec<(Span, Vec<usize>)> = Vec::new();
        let mut targeted: Vec<(Span, usize)> = Vec::new();
        let mut file_wide: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (index, s) in suppressions.iter().enumerate() {
            match s.target {
                Some(target) => targeted.push((target, index)),
                None => {
                    for (i, code) in s.codes.iter().enumerate() {
                        file_wide
                            .entry(code.to_ascii_lowercase())
                            .or_default()
                            .push((index, i));
                    }
                }
            }
        }
        targeted.sort_by_key(|(t, index)| (t.start, *index));
        for (target, index) in targeted {
            match by_target.last_mut() {
                Some((t, group)) if *t == target => group.push(index),
                _ => by_target.push((target, vec![index])),
            }
        }
        Lookup {
            by_target,
            file_wide,
        }
    }

    /// The first suppression, in file order, that covers `d` and names it: the
    /// suppression's index and the index of the code that matched.
    fn find(&self, suppressions: &[Suppression], d: &Diagnostic) -> Option<(usize, usize)> {
        let at = d.span.start;
        let covering = self.by_target.partition_point(|(t, _)| t.start <= at);
        let targeted = covering.checked_sub(1).and_then(|g| {
            let (t, group) = &self.by_target[g];
            let covers = at < t.end.max(t.start.saturating_add(1));
            covers.then_some(group)?.iter().find_map(|&s| {
                let i = suppressions[s].codes.iter().position(|c| matches(c, d))?;
                Some((s, i))
            })
        });
        let file_wide = [
            d.code().to_ascii_lowercase(),
            d.name().to_string(),
            "all".into(),
        ]
        .iter()
        .filter_map(|key| self.file_wide.get(key))
        .filter_map(|list| {
            list.iter()
                .copied()
                .find(|&(s, i)| matches(&suppressions[s].codes[i], d))
        })
        .min();
        targeted.into_iter().chain(file_wide).min()
    }
}

/// Drops the diagnostics that suppressions silence, and adds one for each
/// suppression that silenced nothing or names an unknown code.
pub fn apply(
    unit: &UnitModel,
    diagnostics: Vec<Diagnostic>,
    known: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let file = unit.file();
    let targets = next_entries(file);
    let mut suppressions: Vec<Suppression> = unit
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
                    let next = targets.get(d.comment).copied().flatten();
                    next.or(Some(Span::empty_at(usize::MAX)))
                } else {
                    None
                },
                comment: d.comment,
            }
        })
        .collect();
    let lookup = Lookup::new(&suppressions);
    // In place: a copy of 400,000 findings would double the run's peak.
    let mut kept = diagnostics;
    kept.retain(|d| {
        let found = lookup.find(&suppressions, d);
        if let Some((s, i)) = found {
            suppressions[s].used[i] = true;
        }
        found.is_none()
    });
    for s in &suppressions {
        if let Some(d) = report(unit, s, known) {
            kept.push(d);
        }
    }
    kept
}

fn report(unit: &UnitModel, s: &Suppression, known: &dyn Fn(&str) -> bool) -> Option<Diagnostic> {
    let comment = unit.file().comments.get(s.comment)?;
    let known = |c: &str| known(c) || names_all(c);
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
        ([], [one]) => {
            format!("`{one}` is not reported on {scope}: this suppression silences nothing")
        }
        ([], unused) => format!(
            "{} are not reported on {scope}: this suppression silences nothing",
            crate::text::prose::code_list(unused, "and")
        ),
        ([one], _) => {
            format!("`{one}` is not a kafkalint check or rule: this suppression silences nothing")
        }
        (unknown, _) => format!(
            "{} are not kafkalint checks or rules: this suppression silences nothing",
            crate::text::prose::code_list(unknown, "and")
        ),
    };
    let d = Diagnostic::new(
        META.code,
        META.name,
        META.severity,
        &unit.path,
        comment.span,
        message,
    );
    let nothing_used = !s.used.iter().any(|u| *u);
    Some(if nothing_used {
        d.with_edit(
            "delete the suppression",
            Applicability::Safe,
            unit.file().text.lines.covering_lines(comment.span),
            "",
        )
    } else {
        d
    })
}
