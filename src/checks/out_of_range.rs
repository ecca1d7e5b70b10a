use super::{Check, CheckMeta, Context, FixAvailability};
use crate::catalog::Validator;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::value::{Value, java_trim};

pub struct OutOfRange;

static META: CheckMeta = CheckMeta {
    code: "K202",
    name: "out-of-range",
    severity: Severity::Error,
    summary: "A number outside the range Kafka accepts for the key",
    versions: "all",
    fix: FixAvailability::Never,
    refusal: true,
    doc: r#"## What it does
Checks numeric values against the range Kafka's `ConfigDef` declares for the key
in the target version, such as `[0,...]` or `[1,...,9] or -1`.

## Why is this bad?
Kafka validates ranges as it reads the configuration, with `ConfigException: Invalid
value -1 for configuration ...: Value must be at least 0`: a client's constructor
throws it, a broker refuses to start, and creating or altering a topic fails.
Catching it before deployment saves a failed rollout.

## Example
```properties
max.poll.records=0
```
`max.poll.records` must be at least 1.

## Fix
Choose a value inside the range shown in the message. `kafkalint explain KEY` shows
the key's type, default and range for every Kafka version.
"#,
};

impl Check for OutOfRange {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for (_, entry, value, def) in ctx.typed_settings() {
            if !matches!(value.value, Some(Value::Int(_) | Value::Double(_))) {
                continue;
            }
            if !matches!(def.validator, Validator::Range { .. }) {
                continue;
            }
            if def
                .validator
                .accepts(def.ty, java_trim(entry.value().expose()))
                != Some(false)
            {
                continue;
            }
            out.push(
                ctx.diagnostic(
                    &META,
                    entry.value_span(),
                    format!(
                        "`{}={}` is out of range: Kafka {} accepts {}",
                        entry.key(),
                        java_trim(&entry.value().shown()),
                        ctx.unit.catalog.version(),
                        def.validator.describe()
                    ),
                )
                .with_key(entry.key())
                .with_help(format!(
                    "{} with a value outside this range",
                    super::refusal_words(ctx.unit.role())
                )),
            );
        }
    }
}
