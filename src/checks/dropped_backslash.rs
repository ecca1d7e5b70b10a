use super::{Check, CheckMeta, Context, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::source::{EscapeIssue, Span};

pub struct DroppedBackslash;

static META: CheckMeta = CheckMeta {
    code: "K005",
    name: "dropped-backslash",
    severity: Severity::Warning,
    summary: "A backslash before a character with no escape meaning: Java silently drops it",
    versions: "all",
    fix: FixAvailability::Always,
    doc: r#"## What it does
Finds a backslash followed by a character that has no escape meaning in a
`.properties` file (anything but `t n r f u`, the separators `= :`, space, `# !`
and the backslash itself).

## Why is this bad?
`Properties.load` drops such a backslash without a word. Windows paths are the usual
victims: `log.dirs=C:\kafka\logs` reaches Kafka as `C:kafkalogs`. A regular
expression loses its escapes the same way: `topics.regex=orders\.v1` becomes
`orders.v1`, where the dot matches any character.

## Example
```properties
log.dirs=C:\kafka\logs
```

## Fix
Write the backslash twice (`C:\\kafka\\logs`); for paths, forward slashes work on
every platform (`C:/kafka/logs`). The fix doubles the backslash: what Kafka sees
changes to what was written, so it is marked unsafe.
"#,
};

impl Check for DroppedBackslash {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for entry in &ctx.file.doc.entries {
            let issues = entry.key_escapes.iter().chain(&entry.value_escapes);
            let dropped: Vec<(Span, char)> = issues
                .filter_map(|i| match i {
                    EscapeIssue::DroppedBackslash { span, ch } => Some((*span, *ch)),
                    _ => None,
                })
                .collect();
            let Some(&(first, ch)) = dropped.first() else {
                continue;
            };
            let value = ctx.shown_value(entry);
            let seen = if value == crate::model::HIDDEN { String::new() } else { format!(", so Kafka sees `{value}`") };
            let message = if dropped.len() == 1 {
                format!("`\\{ch}` is not an escape: Java drops the backslash{seen}")
            } else {
                format!("{} backslashes before ordinary characters are dropped by Java{seen}", dropped.len())
            };
            let edits = dropped
                .iter()
                .map(|(span, _)| crate::diagnostics::Edit {
                    path: ctx.file.path.clone(),
                    span: Span::empty_at(span.start),
                    replacement: "\\".to_string(),
                })
                .collect();
            out.push(
                ctx.diagnostic(&META, first, message)
                    .with_key(&entry.key)
                    .with_help("write a literal backslash as `\\\\`; in paths, `/` works on every platform")
                    .with_fix(crate::diagnostics::Fix {
                        message: "double the backslashes".to_string(),
                        applicability: Applicability::Unsafe,
                        edits,
                    }),
            );
        }
    }
}
