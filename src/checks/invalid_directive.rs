use super::{Check, CheckMeta, Context, FixAvailability};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::directives::KNOWN;

pub struct InvalidDirective;

static META: CheckMeta = CheckMeta {
    code: "K010",
    name: "invalid-directive",
    severity: Severity::Warning,
    summary: "A `# kafkalint:` comment that kafkalint cannot use",
    versions: "all",
    fix: FixAvailability::Never,
    refusal: false,
    doc: r#"## What it does
Checks `# kafkalint: name=value` directive comments: the name must be one of
`role`, `kafka-version`, `record-processing-ms`, `disable`, `disable-file`, and the
value must make sense for it.
A Kafka version newer than kafkalint knows is reported as info, as the command line
notes it: the file is checked as the newest version kafkalint knows.

## Why is this bad?
A directive with a typo is ignored, so the file is checked with settings its author
did not intend: the wrong role, or the newest Kafka version instead of the one that
runs in production.

## Example
```properties
# kafkalint: role=consumr kafka-version=3.x
```

## Fix
Correct the name or value. Roles are `producer`, `consumer`, `admin`, `broker`,
`topic`; versions are like `3.7` or `3.7.1`.
"#,
};

impl Check for InvalidDirective {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let file = ctx.unit;
        // Directives belong to the file: its first unit reports them once.
        if file.unit != 0 {
            return;
        }
        for problem in &file.directive_problems {
            let mut d = ctx.diagnostic(&META, problem.span, problem.message.clone());
            if problem.note {
                d.severity = Severity::Info;
            }
            out.push(d);
        }
        for d in &file.directives.items {
            if KNOWN.contains(&d.name.as_str()) {
                if d.name == "record-processing-ms"
                    && let Err(e) = crate::model::record_processing_ms(&d.value)
                {
                    out.push(ctx.diagnostic(&META, d.span, format!("`record-processing-ms` {e}")));
                }
                continue;
            }
            let hint = super::closest(&d.name, KNOWN)
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            out.push(ctx.diagnostic(
                &META,
                d.span,
                format!("unknown directive `{}`{hint}", d.name),
            ));
        }
        for (span, word) in &file.directives.malformed {
            out.push(ctx.diagnostic(
                &META,
                *span,
                format!("`{word}` is not a `name=value` directive"),
            ));
        }
    }
}
