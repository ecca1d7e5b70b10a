use super::{Context, PropertiesCheck, unit_at};
use crate::carrier::properties::{EscapeIssue, Part};
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Fix, Severity};
use crate::text::Span;

pub struct MalformedUnicodeEscape;

static META: CheckMeta = CheckMeta {
    code: "K001",
    name: "malformed-unicode-escape",
    severity: Severity::Error,
    summary: "A `\\u` escape without four hex digits: Java cannot load the file at all",
    versions: "all",
    fix: FixAvailability::Sometimes,
    refusal: true,
    doc: r#"## What it does
Finds `\u` escapes that are not followed by exactly four hexadecimal digits.

## Why is this bad?
`java.util.Properties.load`, which Kafka uses to read every configuration file,
throws `IllegalArgumentException: Malformed \uxxxx encoding` on the first such
escape. The broker or client does not start, and none of the file's settings apply,
not even those above the bad line.

## Example
```properties
ssl.keystore.location=C:\users\kafka\keystore.jks
```
`\u` here starts a Unicode escape, and `sers` are not hex digits.

## Fix
Write the backslash twice (`C:\\users\\kafka\\keystore.jks`) or use forward
slashes (`C:/users/kafka/keystore.jks`), which Java accepts on Windows too. The fix
writes the backslash of every malformed escape of the key or value twice, so that
Java reads `\u` literally and the file loads again; the other backslashes are
then reported as dropped (K005). It changes what Kafka reads, so it is marked
unsafe. It is not offered when an escape took a backslash for one of its digits
(`\u1\t`): which escape was meant cannot be told.
"#,
};

impl PropertiesCheck for MalformedUnicodeEscape {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for entry in ctx.entries() {
            for (part, issues) in [
                (Part::Key, entry.key_escapes),
                (Part::Value, entry.value_escapes),
            ] {
                let spans: Vec<Span> = issues
                    .iter()
                    .filter_map(|issue| match issue {
                        EscapeIssue::MalformedUnicode { span } => Some(*span),
                        _ => None,
                    })
                    .collect();
                if spans.is_empty() {
                    continue;
                }
                let units = ctx.units(&entry, part);
                // Each escape's backslash doubled, and its text kept as written:
                // Java then reads `\u` and what follows literally.
                let changes: Option<Vec<_>> = spans
                    .iter()
                    .map(|span| {
                        let i = unit_at(&units, *span)?;
                        Some((i..i + 1, units[i].text.clone()))
                    })
                    .collect();
                let edits = changes.and_then(|c| ctx.rewrite(&entry, part, &c));
                for span in spans {
                    let text = ctx.quoted(span);
                    let mut d = ctx
                        .diagnostic(
                            &META,
                            span,
                            format!("malformed Unicode escape `{text}`: Java's Properties.load fails here and Kafka loads nothing from this file"),
                        )
                        .with_key(entry.key())
                        .with_help("a `\\u` escape needs four hex digits; write a literal backslash as `\\\\` or use `/` in paths");
                    if let Some(edits) = &edits {
                        d = d.with_fix(Fix {
                            message:
                                "write the backslash twice, so that Java reads `\\u` literally"
                                    .into(),
                            applicability: Applicability::Unsafe,
                            edits: edits.clone(),
                            isolated: false,
                        });
                    }
                    out.push(d);
                }
            }
        }
    }
}
