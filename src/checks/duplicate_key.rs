use super::{Check, CheckMeta, Context, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Related, Severity};
use crate::model::effective::ValueSource;

pub struct DuplicateKey;

static META: CheckMeta = CheckMeta {
    code: "K008",
    name: "duplicate-key",
    severity: Severity::Warning,
    summary: "A key set more than once: every value but the last is silently ignored",
    versions: "all",
    fix: FixAvailability::Always,
    refusal: false,
    doc: r#"## What it does
Finds keys that a file sets more than once.

## Why is this bad?
`Properties.load` keeps only the last value of a key; the earlier lines have no
effect and give no warning. Someone reading the file top-down, or editing the first
occurrence, is misled: the change they make does nothing.

## Example
```properties
retries=3
linger.ms=20
retries=10
```
Kafka uses `retries=10`; the first line is dead.

## Fix
Delete the earlier lines (the fix removes them; Kafka's view does not change, so
it is safe), or move the value you want to the last occurrence.
"#,
};

impl Check for DuplicateKey {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = &ctx.unit.file().text;
        // The kept settings are among the settings in the same order: a
        // setting that is the next kept one is no duplicate, and is not
        // looked up.
        let mut kept_ones = ctx.unit.source().kept().peekable();
        for (i, entry) in ctx.unit.settings() {
            if kept_ones.next_if_eq(&i).is_some() {
                continue;
            }
            // The effective configuration knows which entry Java keeps for the key.
            let kept = match ctx.unit.config.source(entry.key()) {
                Some(ValueSource::File { entry: kept }) if kept != i => kept,
                _ => continue,
            };
            let Some(winner) = ctx.unit.setting(kept) else {
                continue;
            };
            let line = text.position(winner.span().start).line;
            let shown = super::printable(&winner.value().shown());
            let message = format!(
                "`{}` is set again on line {line}; Kafka keeps only the last value (`{shown}`), so this line has no effect",
                entry.key()
            );
            let d = ctx
                .diagnostic(&META, entry.key_span(), message)
                .with_key(entry.key())
                .with_related(Related {
                    path: crate::diagnostics::shared_path(&ctx.unit.path),
                    key: Some(entry.key().into()),
                    span: Some(winner.key_span()),
                    message: "the value Kafka uses".into(),
                });
            out.push(d.with_text_edit(
                "remove the ignored line",
                Applicability::Safe,
                ctx.remove(i),
            ));
        }
    }
}
