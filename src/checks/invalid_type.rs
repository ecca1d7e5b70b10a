use super::{Check, CheckMeta, Context, FixAvailability};
use crate::catalog::{ConfigType, Role};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::model::value::{TypeError, Value, java_trim, parse_literal};
use crate::unit::Setting;

pub struct InvalidType;

static META: CheckMeta = CheckMeta {
    code: "K201",
    name: "invalid-type",
    severity: Severity::Error,
    summary: "A value that does not parse as the key's type: Kafka refuses the configuration",
    versions: "all",
    fix: FixAvailability::Sometimes,
    refusal: true,
    doc: r#"## What it does
Parses each value as Kafka's `ConfigDef` does for the key's type: `int`, `short`,
`long`, `double`, `boolean`, `class`. Kafka trims surrounding whitespace first.

A `${provider:path:key}` reference is resolved at run time, so it is accepted
where Kafka resolves it: clients and brokers from Kafka 2.3 (KIP-421,
`AbstractConfig.resolveConfigVariables` in
`clients/src/main/java/org/apache/kafka/common/config/AbstractConfig.java@2.3.0`),
for a provider that `config.providers` names. Otherwise Kafka reads the text as
written, and `max.poll.records=${env:MAX_POLL_RECORDS}` is not a number: that is
reported (a reference in a string key is text either way).

## Why is this bad?
Kafka throws `ConfigException: Invalid value ... for configuration`: a client's
constructor throws it, a broker refuses to start, and creating or altering a topic
fails. Durations with units (`30s`) and sizes with units (`10MB`) are the usual
cause: Kafka takes plain numbers in the unit the key's name states (`.ms`,
`.bytes`).

## Example
```properties
session.timeout.ms=30s
```

## Fix
Write a plain number in the key's unit. When the value is a number with a unit
kafkalint recognises, the fix converts it (`30s` becomes `30000` for a `.ms` key);
it is marked unsafe because the value changes.
"#,
};

impl Check for InvalidType {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for (index, entry, value, def) in ctx.typed_settings() {
            let shown = entry.value().shown();
            let shown = java_trim(&shown);
            let problem = match &value.type_error {
                Some(TypeError::NotBoolean) => {
                    format!("`{}={shown}`: Kafka expects `true` or `false`", entry.key())
                }
                Some(TypeError::NotNumber { ty }) => {
                    format!(
                        "`{}={shown}` is not a number of type {}: {}",
                        entry.key(),
                        ty.as_str().to_uppercase(),
                        super::refusal_words(ctx.unit.role())
                    )
                }
                None if matches!(value.value, Some(Value::Reference(_))) => {
                    match unresolved_reference_problem(ctx, entry, def.ty) {
                        Some(problem) => problem,
                        None => continue,
                    }
                }
                None if def.ty == ConfigType::Class
                    && !entry.value().is_secret()
                    && !is_class_name(java_trim(entry.value().expose())) =>
                {
                    format!(
                        "`{}={shown}` is not a Java class name: Kafka cannot load it",
                        entry.key()
                    )
                }
                None => continue,
            };
            let mut d = ctx
                .diagnostic(&META, entry.value_span(), problem)
                .with_key(entry.key());
            let raw = java_trim(entry.value().expose());
            if let Some(fixed) = convert_units(entry.key(), raw, def.ty) {
                d = d.with_help(format!(
                    "Kafka takes plain numbers in the key's unit: `{fixed}`"
                ));
                d = d.with_text_edit(
                    format!("write `{fixed}`"),
                    Applicability::Unsafe,
                    ctx.set_value(index, &fixed),
                );
            } else if def.ty == ConfigType::Boolean
                && let Some(b) = boolean_word(raw)
            {
                d = d.with_text_edit(
                    format!("write `{b}`"),
                    Applicability::Unsafe,
                    ctx.set_value(index, b),
                );
            }
            out.push(d);
        }
    }
}

/// A `${provider:...}` reference that Kafka reads as written (see
/// [`super::plugin_keys::unresolved_reference`]) and that does not parse as the
/// key's type as written: the problem to report. Topic configs are left alone:
/// they reach Kafka through tools that may resolve references themselves.
fn unresolved_reference_problem(ctx: &Context, entry: &Setting, ty: ConfigType) -> Option<String> {
    if matches!(ctx.unit.role(), Some(Role::Topic) | None) {
        return None;
    }
    // Only a `.properties` file reaches Kafka as written: compose substitutes
    // `${VAR}` when it starts the container, Spring resolves its placeholders,
    // Strimzi its own; a key the file writes otherwise (`source_key`) came
    // through such a carrier.
    if entry.source_key().is_some() {
        return None;
    }
    let text = java_trim(entry.value().expose());
    let declared = ctx
        .kept_settings()
        .find(|(_, s)| s.key() == "config.providers")
        .map(|(_, s)| java_trim(s.value().expose()));
    let why = super::plugin_keys::unresolved_reference(text, declared, ctx.unit.version.requested)?;
    let consequence = super::refusal_words(ctx.unit.role());
    if entry.value().is_secret() {
        // A secret's text is any string to ConfigDef; only a JAAS configuration
        // is parsed further, when a SASL protocol reads it.
        let sasl = ctx
            .unit
            .config
            .text("security.protocol")
            .is_some_and(|p| p.to_ascii_uppercase().starts_with("SASL_"));
        return (entry.key().ends_with("sasl.jaas.config") && sasl).then(|| {
            format!(
                "`{}` holds a reference that stays as written ({why}), and as written it is not a JAAS configuration: {consequence}",
                entry.key()
            )
        });
    }
    let refused = match parse_literal(ty, text) {
        Err(_) => true,
        Ok(_) => ty == ConfigType::Class,
    };
    refused.then(|| {
        format!(
            "`{}={text}` stays as written ({why}), and as written it is not a valid {}: {consequence}",
            entry.key(),
            ty.as_str()
        )
    })
}

fn is_class_name(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
                && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        })
}

fn boolean_word(s: &str) -> Option<&'static str> {
    match s.to_ascii_lowercase().as_str() {
        "yes" | "on" | "1" | "enabled" => Some("true"),
        "no" | "off" | "0" | "disabled" => Some("false"),
        _ => None,
    }
}

/// `30s` for a `.ms` key is `30000`; `10MB` for a `.bytes` key is `10485760`.
fn convert_units(key: &str, value: &str, ty: ConfigType) -> Option<String> {
    if !matches!(ty, ConfigType::Int | ConfigType::Long | ConfigType::Short) {
        return None;
    }
    let split = value.find(|c: char| !c.is_ascii_digit() && c != '.')?;
    let (number, unit) = value.split_at(split);
    let number: f64 = number.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let factor: f64 = if key.ends_with(".ms") {
        match unit.as_str() {
            "ms" => 1.0,
            "s" | "sec" | "secs" | "second" | "seconds" => 1e3,
            "m" | "min" | "mins" | "minute" | "minutes" => 60e3,
            "h" | "hour" | "hours" => 3600e3,
            "d" | "day" | "days" => 86400e3,
            _ => return None,
        }
    } else if key.contains("bytes") || key.ends_with(".size") || key.ends_with("memory") {
        match unit.as_str() {
            "b" => 1.0,
            "k" | "kb" | "kib" => 1024.0,
            "m" | "mb" | "mib" => 1024.0 * 1024.0,
            "g" | "gb" | "gib" => 1024.0 * 1024.0 * 1024.0,
            _ => return None,
        }
    } else {
        return None;
    };
    let result = number * factor;
    // Only a number the key's type holds (`30d` is beyond an INT): anything
    // else would be the same finding again.
    let text = format!("{result:.0}");
    (result.fract() == 0.0 && crate::model::value::parse(ty, &text).is_ok()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_only_into_the_range_of_the_type() {
        assert_eq!(
            convert_units("session.timeout.ms", "30d", ConfigType::Int),
            None
        );
        assert_eq!(
            convert_units("linger.ms", "30d", ConfigType::Long).as_deref(),
            Some("2592000000")
        );
    }

    #[test]
    fn converts_common_units() {
        assert_eq!(
            convert_units("session.timeout.ms", "30s", ConfigType::Int).as_deref(),
            Some("30000")
        );
        assert_eq!(
            convert_units("max.request.size", "10MB", ConfigType::Int).as_deref(),
            Some("10485760")
        );
        assert_eq!(convert_units("retries", "3x", ConfigType::Int), None);
    }
}
