use super::{Check, CheckMeta, Context, FixAvailability};
use crate::diagnostics::{Diagnostic, Severity};

pub struct DeprecatedKey;

static META: CheckMeta = CheckMeta {
    code: "K106",
    name: "deprecated-key",
    severity: Severity::Warning,
    summary: "A key that Kafka's documentation marks as deprecated in the target version",
    versions: "all",
    fix: FixAvailability::Never,
    refusal: false,
    doc: r#"## What it does
Finds keys that Kafka's configuration reference marks as deprecated for the file's
role and version.

## Why is this bad?
Deprecated keys are removed in a later major version (Kafka 4.0 removed dozens),
and they often keep working only partly: a newer setting may take precedence, or
the behaviour they select is on its way out. Replacing them before an upgrade
avoids a broker or client that starts with a configuration different from the one
in the file.

## Example
```properties
# kafkalint: role=broker kafka-version=4.1
log.cleaner.enable=true
```

## Fix
Read the key's page in the Kafka documentation for its replacement (`kafkalint
explain KEY` shows when it changed) and migrate; or remove it if its default is what
you want.
"#,
};

impl Check for DeprecatedKey {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let version = ctx.unit.catalog.version();
        for (_, entry, _, def) in ctx.typed_settings() {
            if !def.deprecated {
                continue;
            }
            out.push(
                ctx.diagnostic(
                    &META,
                    entry.key_span(),
                    format!("`{}` is deprecated in Kafka {version}", entry.key()),
                )
                .with_key(entry.key()),
            );
        }
    }
}
