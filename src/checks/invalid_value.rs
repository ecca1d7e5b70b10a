use super::{Check, CheckMeta, Context, FixAvailability};
use crate::catalog::{ConfigType, Validator};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::model::value::{Value, java_trim, split_list};

pub struct InvalidValue;

static META: CheckMeta = CheckMeta {
    code: "K203",
    name: "invalid-value",
    severity: Severity::Error,
    summary: "A value that is not one Kafka accepts for the key",
    versions: "all",
    fix: FixAvailability::Sometimes,
    refusal: true,
    doc: r#"## What it does
Checks values against the valid values Kafka enforces for the key in the target
version: an enumeration (`acks` is one of `all, -1, 0, 1`), a non-empty string or
list, a list of at most N elements, a Kafka version. For list keys, every element
is checked; values and list elements are trimmed first, as Kafka's `ConfigDef`
trims them.

The sets are those of Kafka's code at each release, not only of its documentation
(which lists the values of many keys only in recent releases). Where the code
enforces a set the documentation does not show, the catalog takes it from
`tools/catalog-gen/validators.tsv`, each line with its source, for example:

- producer `compression.type`: `CompressionType.forName` has always refused unknown
  names; `zstd` exists from 2.1 (`CompressionType.java@2.1.0`), so `zstd` on a 2.0
  producer is refused.
- broker `compression.type` up to 3.2: `BrokerCompressionCodec.isValid` lower-cases
  the value (`GZIP` is accepted); from 3.3 a case-sensitive `ValidString`.
- a client's `security.protocol`: exact in 0.9 (`SecurityProtocol.valueOf`),
  case-insensitive from 0.10.0 to 3.2 (`SecurityProtocol.forName`), exact in 3.3
  and 3.4 (`ValidString`), case-insensitive again from 3.5
  (`CaseInsensitiveValidString`). A broker's `security.inter.broker.protocol`
  follows the same steps up to 3.3 and stays exact from then on.
- topic `cleanup.policy` is a single value before 0.10.1 (`compact,delete` is
  refused) and a list from 0.10.1 (KIP-71).

Kafka's own classes count as values too: a class or list-of-classes key (and a
plugin key such as `config.providers.<name>.class`) that names a Kafka class the
target release does not have is reported, since Kafka cannot load it
(`CooperativeStickyAssignor` arrives in 2.4, `EnvVarConfigProvider` in 3.5,
`AclAuthorizer` is gone in 4.0). Which release lines hold which class comes from
Kafka's jars (`src/checks/kafka_classes.tsv`, written by
`tests/kafka/kafka-classes.sh`).

Before Kafka 0.10.2 a listener's name is its security protocol: `listeners` and
`advertised.listeners` entries such as `INTERNAL://:9093` stop the broker
(`EndPoint.createEndPoint`: `SecurityProtocol.valueOf` in 0.9, exact;
`SecurityProtocol.forName` in 0.10.0 and 0.10.1, any case). Names of their own
arrive with `listener.security.protocol.map` in 0.10.2 (KIP-103).

Before Kafka 1.0 a client puts its `client.id` unquoted into a JMX name, so an id
with `:`, `,`, `=`, `"`, `*` or `?` makes the constructor throw
(`AppInfoParser.java@0.11.0.2`; 1.0 quotes it with `Sanitizer.jmxSanitize`).

## Why is this bad?
Kafka rejects such values with `ConfigException: Invalid value`: a client's
constructor throws it, a broker refuses to start, and creating or altering a topic
fails.
`acks=ALL` and `auto.offset.reset=Earliest` look right and fail.

## Example
```properties
auto.offset.reset=earlist
```

## Fix
Use one of the listed values. When the value differs only in case, the fix writes
Kafka's spelling (safe); when it is a near miss (`earlist`), the fix writes the
closest valid value (unsafe: check it is the one you meant).
"#,
};

impl Check for InvalidValue {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for (index, entry, value, def) in ctx.typed_settings() {
            if value.type_error.is_some() || matches!(value.value, Some(Value::Reference(_)) | None)
            {
                continue;
            }
            if matches!(def.validator, Validator::Range { .. }) {
                continue;
            }
            let trimmed = java_trim(entry.value().expose());
            if def.validator.accepts(def.ty, trimmed) != Some(false) {
                continue;
            }
            let shown = entry.value().shown();
            let shown = java_trim(&shown);
            let message = format!(
                "`{}={shown}` is not valid in Kafka {} ({}): it must be {}",
                entry.key(),
                ctx.unit.catalog.version(),
                super::refusal_words(ctx.unit.role()),
                def.validator.describe()
            );
            let mut d = ctx
                .diagnostic(&META, entry.value_span(), message)
                .with_key(entry.key());
            if let Some((fixed, applicability, why)) = correction(&def.validator, def.ty, trimmed) {
                d = d.with_help(why).with_text_edit(
                    format!("write `{fixed}`"),
                    applicability,
                    ctx.set_value(index, &fixed),
                );
            }
            out.push(d);
        }
        super::kafka_classes::check(ctx, &META, out);
        super::listener_names::check(ctx, &META, out);
        super::jmx_client_id::check(ctx, &META, out);
    }
}

/// A corrected value for an enumeration: Kafka's spelling of a case variant, or
/// the closest listed value.
fn correction(
    validator: &Validator,
    ty: ConfigType,
    value: &str,
) -> Option<(String, Applicability, String)> {
    let Validator::OneOf { values, .. } = validator else {
        return None;
    };
    let fix_one = |item: &str| -> Option<(String, bool)> {
        if values.iter().any(|v| v == item) {
            return Some((item.to_string(), true));
        }
        if let Some(v) = values.iter().find(|v| v.eq_ignore_ascii_case(item)) {
            return Some((v.clone(), true));
        }
        super::closest(item, values.iter().map(String::as_str)).map(|v| (v.to_string(), false))
    };
    let items = if ty == ConfigType::List {
        split_list(value)
    } else {
        vec![value.to_string()]
    };
    let fixed: Option<Vec<(String, bool)>> = items.iter().map(|i| fix_one(i)).collect();
    let fixed = fixed?;
    let only_case = fixed.iter().all(|(_, case)| *case);
    let text = fixed
        .into_iter()
        .map(|(v, _)| v)
        .collect::<Vec<_>>()
        .join(",");
    if only_case {
        Some((
            text.clone(),
            Applicability::Safe,
            format!("Kafka compares this value case-sensitively: write `{text}`"),
        ))
    } else {
        Some((
            text.clone(),
            Applicability::Unsafe,
            format!("did you mean `{text}`?"),
        ))
    }
}
