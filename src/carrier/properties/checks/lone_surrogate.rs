use super::{Context, PropertiesCheck};
use crate::carrier::properties::EscapeIssue;
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Diagnostic, Severity};

pub struct LoneSurrogate;

static META: CheckMeta = CheckMeta {
    code: "K006",
    name: "lone-surrogate-escape",
    severity: Severity::Warning,
    summary: "A `\\uD800`-`\\uDFFF` escape that is not half of a surrogate pair",
    versions: "all",
    fix: FixAvailability::Never,
    refusal: false,
    doc: r#"## What it does
Finds `\uXXXX` escapes in the surrogate range (D800 to DFFF) that do not form a
high-low pair.

## Why is this bad?
Java strings are UTF-16: a character outside the Basic Multilingual Plane is written
as two escapes, a high surrogate (`\uD83D`) followed by a low one (`\uDE00`). Either
half alone is not a character. Kafka passes it on, and it turns into `?` or U+FFFD
as soon as the string is encoded, so a topic name, principal or password no longer
matches.

## Example
```properties
client.id=svc-\uD83D
```

## Fix
Complete the pair (`\uD83D\uDE00`) or remove the escape.
"#,
};

impl PropertiesCheck for LoneSurrogate {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for entry in ctx.entries() {
            for issue in entry.key_escapes.iter().chain(entry.value_escapes) {
                if let EscapeIssue::LoneSurrogate { span } = issue {
                    out.push(
                        ctx.diagnostic(
                            &META,
                            *span,
                            format!("`{}` is half of a UTF-16 surrogate pair and not a character on its own", ctx.quoted(*span)),
                        )
                        .with_key(entry.key()),
                    );
                }
            }
        }
    }
}
