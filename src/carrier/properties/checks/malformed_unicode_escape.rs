use super::{Context, PropertiesCheck};
use crate::carrier::properties::EscapeIssue;
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Diagnostic, Severity};

pub struct MalformedUnicodeEscape;

static META: CheckMeta = CheckMeta {
    code: "K001",
    name: "malformed-unicode-escape",
    severity: Severity::Error,
    summary: "A `\\u` escape without four hex digits: Java cannot load the file at all",
    versions: "all",
    fix: FixAvailability::Never,
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
slashes (`C:/users/kafka/keystore.jks`), which Java accepts on Windows too.
"#,
};

impl PropertiesCheck for MalformedUnicodeEscape {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for entry in ctx.entries() {
            for issue in entry.key_escapes.iter().chain(entry.value_escapes) {
                if let EscapeIssue::MalformedUnicode { span } = issue {
                    let text = ctx.quoted(*span);
                    out.push(
                        ctx.diagnostic(
                            &META,
                            *span,
                            format!("malformed Unicode escape `{text}`: Java's Properties.load fails here and Kafka loads nothing from this file"),
                        )
                        .with_key(&entry.key)
                        .with_help("a `\\u` escape needs four hex digits; write a literal backslash as `\\\\` or use `/` in paths"),
                    );
                }
            }
        }
    }
}
