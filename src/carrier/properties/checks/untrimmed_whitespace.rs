use super::{Context, PropertiesCheck};
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::text::{Chars, Span};

pub struct UntrimmedWhitespace;

static META: CheckMeta = CheckMeta {
    code: "K011",
    name: "untrimmed-whitespace",
    severity: Severity::Warning,
    summary: "Whitespace that Kafka keeps: in keys, and in values handed raw to plugins",
    versions: "all",
    fix: FixAvailability::Always,
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
Remove the whitespace; the fix does, and it is safe.
"#,
};

impl PropertiesCheck for UntrimmedWhitespace {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(role) = ctx.unit.role() else { return };
        for entry in ctx.kept_entries() {
            let key_ws = edge_whitespace(ctx, entry.key_span, true);
            if let Some(span) = key_ws {
                out.push(
                    ctx.diagnostic(
                        &META,
                        span,
                        format!(
                            "the key `{}` contains whitespace that Kafka does not trim",
                            entry.key.escape_debug()
                        ),
                    )
                    .with_key(&entry.key)
                    .with_edit(
                        "remove the whitespace",
                        Applicability::Safe,
                        span,
                        "",
                    ),
                );
            }
            let typed_by_kafka = ctx.unit.catalog.key(role, &entry.key).is_some();
            if typed_by_kafka {
                continue;
            }
            // Escaped spaces at the end of a value (`\ `) are written on purpose.
            if let Some(span) = edge_whitespace(ctx, entry.value_span, false) {
                out.push(
                    ctx.diagnostic(
                        &META,
                        span,
                        format!("the value of `{}` ends in whitespace, and Kafka hands it to plugins untrimmed", entry.key),
                    )
                    .with_key(&entry.key)
                    .with_edit("remove the trailing whitespace", Applicability::Safe, span, ""),
                );
            }
        }
    }
}

/// Escaped or trailing whitespace at either end of a raw key or value.
fn edge_whitespace(ctx: &Context, span: Span, escaped_too: bool) -> Option<Span> {
    // Whitespace at an edge ends in a space, tab, form feed or `t` (of `\t`), or
    // starts with a backslash: anything else is answered without decoding.
    let bytes = ctx.bytes().get(span.start..span.end)?;
    let last = *bytes.last()?;
    if !matches!(last, b' ' | b'\t' | 0x0c | b't') && bytes.first() != Some(&b'\\') {
        return None;
    }
    let chars: Vec<_> = Chars::new(ctx.bytes(), span, ctx.encoding()).collect();
    // Trailing: plain whitespace, or an escaped one (`\ `, `\t`).
    let mut end = chars.len();
    while end > 0 {
        let c = chars[end - 1].ch;
        let escaped =
            end >= 2 && chars[end - 2].ch == '\\' && !(end >= 3 && chars[end - 3].ch == '\\');
        match (c, escaped) {
            (' ' | '\t' | '\u{c}', false) => end -= 1,
            (' ', true) | ('t', true) if escaped_too => end -= 2,
            _ => break,
        }
    }
    if end < chars.len() {
        return Some(Span::new(chars[end].start, span.end));
    }
    // Leading whitespace survives only when escaped.
    let escaped_lead =
        escaped_too && chars.len() >= 2 && chars[0].ch == '\\' && matches!(chars[1].ch, ' ' | 't');
    escaped_lead.then(|| Span::new(chars[0].start, chars[1].end))
}
