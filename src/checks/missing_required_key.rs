use super::plugin_keys::connect_standalone;
use super::{Check, CheckMeta, Context, FixAvailability};
use crate::catalog::Role;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::role::{RoleDecision, RoleSource};
use crate::text::Span;

pub struct MissingRequiredKey;

static META: CheckMeta = CheckMeta {
    code: "K401",
    name: "missing-required-key",
    severity: Severity::Error,
    summary: "A required key without a default is missing from a client, Streams or Connect file that is meant to be complete",
    versions: "all",
    fix: FixAvailability::Never,
    refusal: true,
    doc: r#"## What it does
Reports keys that have no default in the target version (Kafka requires them), when
the file sets at least one other required key of its role and so is clearly meant
to be a complete configuration.

Kafka Streams applications (`application.id`, `bootstrap.servers`) and Kafka
Connect workers are checked the same way. A standalone worker (one that sets
`offset.storage.file.filename`, StandaloneConfig's own key) is not asked for the
group and internal topics that only a distributed worker requires
(`connect/runtime/src/main/java/org/apache/kafka/connect/runtime/standalone/StandaloneConfig.java@3.8.0`),
and a worker that Strimzi runs (`KafkaConnect`, `KafkaMirrorMaker2`) is not checked:
the operator writes its group, topics, bootstrap servers and converters.

## Why is this bad?
The client's constructor throws `ConfigException: Missing required configuration
"..." which has no default value`: the application fails where it creates the client.

Files that leave the required keys to the command line, as Apache Kafka's own
`config/producer.properties` leaves the serializers to `kafka-console-producer`,
set none of them and are not reported.

## Example
```properties
key.serializer=org.apache.kafka.common.serialization.StringSerializer
```
`value.serializer` is missing.

## Fix
Add the missing key. `kafkalint explain KEY` describes it.
"#,
};

impl Check for MissingRequiredKey {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        // Clients only: a broker's required settings depend on its mode (KRaft or
        // ZooKeeper) and are wired together by the relationship rules.
        let Some(role) = ctx
            .unit
            .role()
            .filter(|r| !matches!(r, Role::Broker | Role::Topic))
        else {
            return;
        };
        let catalog = ctx.unit.catalog;
        if !catalog.has_role(role) || managed_by_carrier(ctx, role) {
            return;
        }
        let standalone = standalone_worker(ctx, role);
        let required: Vec<&str> = catalog
            .required_keys(role)
            .into_iter()
            .filter(|k| {
                !(standalone && connect_standalone().distributed_only.iter().any(|d| d == k))
            })
            .collect();
        let set: Vec<&str> = required
            .iter()
            .copied()
            .filter(|k| ctx.unit.config.get(k).is_some_and(|v| v.is_explicit()))
            .collect();
        // Files meant for the command-line tools set `bootstrap.servers` and leave
        // the serializers to the tool, so that key alone says nothing about intent.
        if set.iter().all(|k| *k == "bootstrap.servers") {
            return;
        }
        let end = Span::empty_at(ctx.unit.file().text.bytes.len());
        let set_keys = crate::text::prose::code_list(&set, "and");
        for key in required.iter().filter(|k| !set.contains(k)) {
            out.push(
                ctx.diagnostic(
                    &META,
                    end,
                    format!(
                        "`{key}` is required and has no default in Kafka {}: without it {} (this file sets {}, so it looks meant to be complete)",
                        catalog.version(),
                        consequence(role),
                        set_keys
                    ),
                )
                .with_key(key),
            );
        }
    }
}

/// What Kafka does without a required key, in the words of the component.
fn consequence(role: Role) -> String {
    match role {
        Role::Streams => {
            "Kafka Streams throws ConfigException when it creates its StreamsConfig".to_string()
        }
        Role::Connect => "the Connect worker throws ConfigException and does not start".to_string(),
        role => format!("the {role}'s constructor throws ConfigException"),
    }
}

/// A Connect worker that Strimzi runs: the operator writes its group, internal
/// topics, bootstrap servers and converters (KafkaConnectConfiguration's defaults).
fn managed_by_carrier(ctx: &Context, role: Role) -> bool {
    role == Role::Connect && matches!(ctx.unit.role, RoleDecision::Known(_, RoleSource::Carrier))
}

/// A standalone Connect worker: it sets StandaloneConfig's offsets file.
fn standalone_worker(ctx: &Context, role: Role) -> bool {
    role == Role::Connect && ctx.unit.config.get(&connect_standalone().key).is_some()
}
