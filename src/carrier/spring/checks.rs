//! The `spring` carrier's own checks: what only Spring Boot's binding of
//! `spring.kafka.*` can get wrong.

use super::SpringDoc;
use super::mapping::{Client, Elsewhere};
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::model::UnitModel;

static UNKNOWN_PROPERTY: CheckMeta = CheckMeta {
    code: "K120",
    name: "unknown-spring-kafka-property",
    severity: Severity::Warning,
    summary: "A `spring.kafka.*` property that Spring Boot does not bind",
    versions: "all",
    fix: FixAvailability::Sometimes,
    refusal: false,
    doc: r#"## What it does
Reports a key under `spring.kafka.` that no property of Spring Boot's
`KafkaProperties` binds in the application's Spring Boot version, with the
closest property when one is close ("did you mean"). The version is the
project config's `spring-boot` (`[[files]]`, else top level), else the one the
application's build names (the nearest `pom.xml` with the
`spring-boot-starter-parent` parent or a `spring-boot.version` property, or
`build.gradle(.kts)` with the `org.springframework.boot` plugin), else the
newest known (4.1). A property renamed in that version says its new name
(`streams.cache-max-size-buffering` became `streams.state-store-cache-max-size`
in 3.1; the `retry.topic.*` back-off settings moved under `retry.topic.backoff.`
in 3.4), one the version does not have yet says its old name, and one that
exists only in other versions says which (`consumer.max-poll-interval` from
3.5). Sources: `KafkaProperties.java` and the `deprecation.replacement`
entries of Spring Boot's `additional-spring-configuration-metadata.json`, per
tag (`src/carrier/spring/mapping.tsv` and `renames.tsv` name them).

## Why is this bad?
Spring Boot binds `spring.kafka.*` to its `KafkaProperties` class and ignores
every key it has no field for, without a word at startup. The setting you meant
never reaches the Kafka client: `spring.kafka.consumer.max-poll-record=50` leaves
`max.poll.records` at its default of 500. Kafka's own keys belong in the
`properties` maps (`spring.kafka.consumer.properties.max.poll.records`), not
directly under a client.

## Example
```properties
spring.kafka.consumer.max-pol-records=50
spring.kafka.consumer.session.timeout.ms=45000
```

## Fix
Rename the key to the property Spring binds (the fix does, in the file's own
naming style: kebab, camel or snake case). For a Kafka key with no typed
property, move it under the client's `properties.` map.
"#,
};

static DEFAULT_OVERRIDES_MAP: CheckMeta = CheckMeta {
    code: "K121",
    name: "spring-default-overrides-properties",
    severity: Severity::Warning,
    summary: "A `spring.kafka.properties.*` entry that Spring's own default for the client overwrites",
    versions: "all",
    fix: FixAvailability::Always,
    refusal: false,
    doc: r#"## What it does
Reports an entry of the shared map `spring.kafka.properties` that Spring Boot
overwrites with a default of its own for a client: the (de)serializers, which
`KafkaProperties` sets to `StringSerializer`/`StringDeserializer` when the
client's typed property is not set.

## Why is this bad?
`KafkaProperties.buildConsumerProperties` starts from the shared map and then
puts the consumer's typed properties over it, defaults included
(`KafkaProperties.java`@v3.5.16: `keyDeserializer = StringDeserializer.class`,
`putAll(this.consumer.buildProperties(...))`). So
`spring.kafka.properties.value.deserializer=...JsonDeserializer` never reaches the
consumer: it receives `StringDeserializer`, and records arrive as strings (or a
listener expecting objects fails on every record).

## Example
```properties
spring.kafka.properties.value.deserializer=org.springframework.kafka.support.serializer.JsonDeserializer
```

## Fix
Set the client's typed property instead
(`spring.kafka.consumer.value-deserializer`), which the fix does.
"#,
};

static CANCELLED_SEPARATOR: CheckMeta = CheckMeta {
    code: "K122",
    name: "cancelled-document-separator",
    severity: Severity::Warning,
    summary: "A `#---` document separator that a neighbouring comment cancels",
    versions: "all",
    fix: FixAvailability::Sometimes,
    refusal: false,
    doc: r#"## What it does
Finds `#---` and `!---` lines in an `application*.properties` file that Spring
Boot does not take as document separators because of a comment next to them.

## Why is this bad?
Spring Boot's `OriginTrackedPropertiesLoader` (`spring-boot-project/spring-boot/src/
main/java/org/springframework/boot/env/OriginTrackedPropertiesLoader.java`@v3.5.16,
unchanged since 2.7) ignores a separator right after a comment with the same prefix
(`# ...` then `#---`), and a comment met before the first key of a new document
reopens the document before it. The keys below then belong to the document above:
a profile's settings (`spring.config.activate.on-profile=dev`) apply with the
default ones, or the whole default document becomes profile-specific, and the
Kafka client gets values nobody meant for it.

## Example
```properties
spring.kafka.consumer.max-poll-records=500
# development settings
#---
spring.config.activate.on-profile=dev
spring.kafka.consumer.max-poll-records=5
```

## Fix
Keep comments away from separators: a blank line between a comment and the
`#---` below it (the fix inserts one), and comments of a new document below its
first key.
"#,
};

/// Every check of the `spring` carrier, for the code registry.
pub fn all() -> Vec<&'static CheckMeta> {
    vec![
        &UNKNOWN_PROPERTY,
        &DEFAULT_OVERRIDES_MAP,
        &CANCELLED_SEPARATOR,
    ]
}

/// Runs the carrier's checks on a file.
pub fn run_all(doc: &SpringDoc, units: &[UnitModel], out: &mut Vec<Diagnostic>) {
    let Some(first) = units.first() else {
        return;
    };
    unknown_properties(doc, &first.path, out);
    defaults_over_map(doc, &first.path, out);
    cancelled_separators(doc, &first.path, out);
}

fn cancelled_separators(doc: &SpringDoc, path: &str, out: &mut Vec<Diagnostic>) {
    let text = doc.text();
    for cancelled in &doc.cancelled {
        let comment_line = text.position(cancelled.comment.start).line;
        let d = if cancelled.before {
            let message = format!(
                "this separator does not start a new document: Spring Boot ignores it after the comment on line {comment_line}, so the keys below belong to the document above"
            );
            let at = crate::text::Span::empty_at(cancelled.separator.start);
            let newline = text.lines.dominant_ending().as_str();
            CANCELLED_SEPARATOR
                .diagnostic(path, cancelled.separator, message)
                .with_edit(
                    "separate the comment from the separator with a blank line",
                    Applicability::Safe,
                    at,
                    newline,
                )
        } else {
            let message = format!(
                "this separator does not start a new document: the comment on line {comment_line}, before the new document's first key, makes Spring Boot reopen the document above"
            );
            CANCELLED_SEPARATOR
                .diagnostic(path, cancelled.separator, message)
                .with_help("move the comment below the document's first key")
        };
        out.push(d);
    }
}

fn unknown_properties(doc: &SpringDoc, path: &str, out: &mut Vec<Diagnostic>) {
    for unknown in &doc.unknown {
        let entry = &doc.entries[unknown.entry];
        let mut message = match &unknown.elsewhere {
            None => format!(
                "`{}` is not a property Spring Boot binds: it is ignored, and Kafka never sees it",
                entry.key
            ),
            Some(_) => format!(
                "`{}` is not a property Spring Boot {} binds: it is ignored, and Kafka never sees it",
                entry.key, unknown.boot
            ),
        };
        if let Some(Elsewhere::BoundIn(property)) = &unknown.elsewhere {
            message.push_str(&format!("; Spring Boot {} binds it", bound_range(property)));
        }
        let mut d;
        match unknown.suggestion {
            Some(property) => {
                let renamed = super::renamed_key(&entry.key, property);
                message.push_str(&match &unknown.elsewhere {
                    Some(Elsewhere::RenamedTo { since, .. }) => {
                        format!("; Spring Boot {since} renamed it to `{renamed}`")
                    }
                    Some(Elsewhere::NamedEarlier { .. }) => {
                        format!("; Spring Boot {} calls it `{renamed}`", unknown.boot)
                    }
                    _ => format!("; did you mean `{renamed}`?"),
                });
                let edit = doc.rename_entry(unknown.entry, &renamed);
                d = UNKNOWN_PROPERTY.diagnostic(path, entry.key_span, message);
                if !(edit.span.is_empty() && edit.replacement.is_empty()) {
                    d = d.with_edit(
                        format!("rename to `{renamed}`"),
                        Applicability::Safe,
                        edit.span,
                        edit.replacement,
                    );
                }
            }
            None => {
                d = UNKNOWN_PROPERTY.diagnostic(path, entry.key_span, message);
                if let Some(map_key) = kafka_key_under_client(&entry.key) {
                    d = d.with_help(format!(
                        "Kafka's own keys go in a properties map: `{map_key}`"
                    ));
                }
            }
        }
        if unknown.elsewhere.is_some() {
            d = d.with_help(format!(
                "the file is read for Spring Boot {}: name yours with `spring-boot = \"X.Y\"` in kafkalint.toml, or in the application's pom.xml or build.gradle",
                unknown.boot
            ));
        }
        d.set_source_key(Some(entry.key.clone()));
        out.push(d);
    }
}

/// The Boot versions that bind a property: `3.5 and later`, `2.7 to 3.2`.
fn bound_range(property: &super::Property) -> String {
    match property.until {
        None => format!("{} and later", property.since),
        Some(until) if until == property.since => format!("{until} only"),
        Some(until) => format!("{} to {until}", property.since),
    }
}

/// `spring.kafka.consumer.session.timeout.ms` as the map entry it was meant to
/// be: `spring.kafka.consumer.properties.session.timeout.ms`.
fn kafka_key_under_client(written: &str) -> Option<String> {
    let rest = super::split_spring_kafka(written)?;
    let (client, key) = rest.split_once('.')?;
    let known = Client::CLIENTS
        .iter()
        .any(|c| super::mapping::uniform(client) == c.name());
    (known && key.contains('.')).then(|| {
        let head = &written[..written.len() - key.len()];
        format!("{head}properties.{key}")
    })
}

fn defaults_over_map(doc: &SpringDoc, path: &str, out: &mut Vec<Diagnostic>) {
    for (i, origin) in doc.origins.iter().enumerate() {
        if !(origin.passed && origin.property.client == Client::Common) {
            continue;
        }
        let setting = &doc.file.settings[i];
        let Some(entry) = origin.entry else { continue };
        for client in Client::CLIENTS {
            let Some(property) = super::mapping::typed_for(client, setting.key()) else {
                continue;
            };
            if property.spring_default.is_none() || typed_is_written(doc, property) {
                continue;
            }
            let written = &doc.entries[entry].key;
            let replacement = format!("spring.kafka.{}", property.name);
            let message = format!(
                "`{written}` never reaches the {client} client: Spring gives it its own default for `spring.kafka.{}` over the shared properties map",
                property.name,
                client = client.name(),
            );
            let edit = doc.rename_entry(entry, &replacement);
            let mut d = DEFAULT_OVERRIDES_MAP
                .diagnostic(path, setting.key_span(), message)
                .with_key(setting.key());
            if !(edit.span.is_empty() && edit.replacement.is_empty()) {
                d = d.with_edit(
                    format!("set `{replacement}` instead"),
                    Applicability::Safe,
                    edit.span,
                    edit.replacement,
                );
            }
            d.set_source_key(Some(written.clone()));
            out.push(d);
        }
    }
}

fn typed_is_written(doc: &SpringDoc, property: &super::mapping::Property) -> bool {
    doc.origins
        .iter()
        .any(|o| o.entry.is_some() && !o.passed && o.property.name == property.name)
}
