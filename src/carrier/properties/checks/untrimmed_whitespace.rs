use super::{Context, Entry, PropertiesCheck};
use crate::carrier::properties::{Part, Unit, UnitKind};
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Fix, Severity};
use crate::text::Span;
use std::ops::Range;

pub struct UntrimmedWhitespace;

static META: CheckMeta = CheckMeta {
    code: "K011",
    name: "untrimmed-whitespace",
    severity: Severity::Warning,
    summary: "Whitespace that Kafka keeps: in keys, and in values handed raw to plugins",
    versions: "all",
    fix: FixAvailability::Sometimes,
    refusal: false,
    doc: r#"## What it does
Finds leading or trailing whitespace that Kafka does not remove: in keys (written
with escapes such as `\ ` or `\t`), and in the values of keys that Kafka does not
type-check but hands as they are to plugins (authorizers, login modules,
serializers, interceptors).

## Why is this bad?
Kafka trims the values of the keys it knows before parsing them, so
`auto.offset.reset=earliest ` is fine. It never trims keys, and plugins read their
settings raw: a broker once failed to start because an authorizer setting read
`true ` (KAFKA-14962). Trailing spaces are invisible in most editors.

## Example
```properties
allow.everyone.if.no.acl.found=true 
```

## Fix
Remove the whitespace; the fix does, and it is safe. It is not offered for a key
made only of whitespace, which would then read otherwise.
"#,
};

impl PropertiesCheck for UntrimmedWhitespace {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(role) = ctx.unit.role() else { return };
        for entry in ctx.kept_entries() {
            if let Some(changes) = edge_whitespace(ctx, &entry, Part::Key) {
                let d = ctx
                    .diagnostic(
                        &META,
                        changes.span,
                        format!(
                            "the key `{}` contains whitespace that Kafka does not trim",
                            entry.key().escape_debug()
                        ),
                    )
                    .with_key(entry.key());
                out.push(with_fix(
                    ctx,
                    &entry,
                    Part::Key,
                    d,
                    changes,
                    "remove the whitespace",
                ));
            }
            let typed_by_kafka = ctx.unit.catalog.resolve(role, entry.key()).is_some();
            if typed_by_kafka {
                continue;
            }
            // Escaped spaces at the end of a value (`\ `) are written on purpose.
            if let Some(changes) = edge_whitespace(ctx, &entry, Part::Value) {
                let d = ctx
                    .diagnostic(
                        &META,
                        changes.span,
                        format!("the value of `{}` ends in whitespace, and Kafka hands it to plugins untrimmed", entry.key()),
                    )
                    .with_key(entry.key());
                out.push(with_fix(
                    ctx,
                    &entry,
                    Part::Value,
                    d,
                    changes,
                    "remove the trailing whitespace",
                ));
            }
        }
    }
}

/// The whitespace found at the edges of a key or value: the characters to
/// remove, and the source span of the first.
struct Found {
    span: Span,
    ranges: Vec<Range<usize>>,
}

fn with_fix(
    ctx: &Context,
    entry: &Entry,
    part: Part,
    d: Diagnostic,
    found: Found,
    message: &str,
) -> Diagnostic {
    let changes: Vec<_> = found
        .ranges
        .into_iter()
        .map(|r| (r, String::new()))
        .collect();
    // A key made only of whitespace cannot lose it: the line would read otherwise.
    match ctx.rewrite(entry, part, &changes) {
        Some(edits) => d.with_fix(Fix {
            message: message.to_string().into(),
            applicability: Applicability::Safe,
            edits,
            isolated: false,
        }),
        None => d,
    }
}

/// Whitespace at the edges of a key (escaped, at either end) or value (plain,
/// at its end), as Java reads it.
fn edge_whitespace(ctx: &Context, entry: &Entry, part: Part) -> Option<Found> {
    let span = part.span(entry);
    // Whitespace at an edge ends in a space, tab, form feed or `\t`, or starts
    // with a backslash: anything else is answered without decoding.
    let bytes = ctx.bytes().get(span.start..span.end)?;
    let ends_in_space = matches!(bytes, [.., b' ' | b'\t' | 0x0c] | [.., b'\\', b't']);
    if !ends_in_space && bytes.first() != Some(&b'\\') {
        return None;
    }
    let units = ctx.units(entry, part);
    // In keys, only escapes can be whitespace (`\ `, `\t`); in values, escaped
    // whitespace is written on purpose and only plain whitespace counts.
    let is_space = |u: &Unit| match part {
        Part::Key => u.kind == UnitKind::Escape && matches!(u.text.as_str(), " " | "\t"),
        Part::Value => u.kind == UnitKind::Plain && matches!(u.text.as_str(), " " | "\t" | "\u{c}"),
    };
    let trailing = units.iter().rev().take_while(|u| is_space(u)).count();
    let end = units.len() - trailing;
    let leading = match part {
        Part::Key => units[..end].iter().take_while(|u| is_space(u)).count(),
        Part::Value => 0,
    };
    let ranges: Vec<Range<usize>> = [0..leading, end..units.len()]
        .into_iter()
        .filter(|r| !r.is_empty())
        .collect();
    // The trailing whitespace is what the message shows, when there is some.
    let shown = ranges.last()?;
    Some(Found {
        span: Span::new(units[shown.start].span.start, units[shown.end - 1].span.end),
        ranges,
    })
}
