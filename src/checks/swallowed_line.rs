use super::{Check, CheckMeta, Context, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::source::{Entry, Span};

pub struct SwallowedLine;

static META: CheckMeta = CheckMeta {
    code: "K007",
    name: "swallowed-line",
    severity: Severity::Warning,
    summary: "A trailing backslash continues a value onto a line that looks like a setting of its own",
    versions: "all",
    fix: FixAvailability::Always,
    doc: r#"## What it does
Finds a value that ends in a backslash, continuing onto a next line that looks like
a Kafka setting (`some.known.key=...`).

## Why is this bad?
A line that ends in an odd number of backslashes continues on the next line. When
the backslash was meant literally (a Windows path ending in `\`), the next setting
becomes part of the value: its key is never set, and the value above gets garbage
appended. Nothing fails at load time.

## Example
```properties
log.dirs=D:\kafka\
num.partitions=6
```
Kafka sees one key, `log.dirs`, with the value `D:kafkanum.partitions=6`.

## Fix
Write the final backslash twice (`D:\\kafka\\`) or drop it. The fix doubles the
final backslash, which changes what Kafka sees, so it is marked unsafe.
"#,
};

impl Check for SwallowedLine {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for entry in &ctx.file.doc.entries {
            if let Some(d) = check_entry(ctx, entry) {
                out.push(d);
            }
        }
    }
}

/// Whether a continuation line reads like `known.key=value`.
fn looks_like_setting(ctx: &Context, text: &str) -> Option<String> {
    let text = text.trim_start_matches([' ', '\t', '\u{c}']);
    let end = text.find(['=', ':', ' ', '\t'])?;
    let key = &text[..end];
    let known = key.contains('.') && !ctx.file.catalog.roles_with_key(key).is_empty();
    known.then(|| key.to_string())
}

fn check_entry(ctx: &Context, entry: &Entry) -> Option<Diagnostic> {
    let doc = &ctx.file.doc;
    let lines = doc.lines.lines();
    let first = doc.lines.line_of(entry.span.start);
    let last = doc
        .lines
        .line_of(entry.span.end.saturating_sub(1).max(entry.span.start));
    for index in first + 1..=last {
        let line = lines[index].content;
        let Some(key) = looks_like_setting(ctx, &doc.text(line)) else {
            continue;
        };
        let previous = lines[index - 1].content;
        let backslash = Span::new(previous.end.saturating_sub(1), previous.end);
        return Some(
            ctx.diagnostic(
                &META,
                backslash,
                format!(
                    "this backslash continues the value of `{}` onto line {}, so `{key}` there is part of that value and is never set",
                    entry.key,
                    index + 1
                ),
            )
            .with_key(&entry.key)
            .with_help("a line ending in an odd number of backslashes continues on the next line")
            .with_edit("make the backslash literal (`\\\\`)", Applicability::Unsafe, Span::empty_at(backslash.start), "\\"),
        );
    }
    None
}
