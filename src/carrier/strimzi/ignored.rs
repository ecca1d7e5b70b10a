//! K140: a key in a Strimzi `config` map that Strimzi forbids and drops.

use super::Ignored;
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Severity};

pub static META: CheckMeta = CheckMeta {
    code: "K140",
    name: "ignored-by-strimzi",
    severity: Severity::Warning,
    summary: "A key in a Strimzi resource's config that Strimzi forbids and drops",
    versions: "all",
    fix: FixAvailability::Always,
    refusal: false,
    doc: r#"## What it does
Finds keys in the `config` map of a Strimzi resource (`Kafka`, `KafkaConnect`,
`KafkaMirrorMaker2`, `KafkaBridge`) that Strimzi does not let through.

## Why is this bad?
The Strimzi cluster operator sets listeners, TLS and SASL settings, the node
identity, the storage directories and a few more keys itself, from other
fields of the resource. It removes every key of the `config` map that starts
with one of the prefixes it manages (unless the key is one of its exceptions),
and logs `Configuration option "..." is forbidden and will be ignored`. The
key never reaches Kafka: the value written here has no effect, and whoever
reads the resource is misled about what runs.

The prefixes and exceptions are those of strimzi/strimzi-kafka-operator
(`KafkaClusterSpec`, `KafkaConnectSpec`, `KafkaMirrorMaker2ClusterSpec`,
`KafkaBridgeProducerSpec`/`ConsumerSpec`/`AdminClientSpec`, applied by
`AbstractConfiguration.filterForbidden`; main after 1.2.0). For `Kafka`,
`listener.name.<name>-<port>.max.connections`, `.max.connection.creation.rate`
and `.connections.max.reauth.ms` are allowed for each listener of
`spec.kafka.listeners`.

## Example
```yaml
spec:
  kafka:
    config:
      ssl.client.auth: required      # forbidden: set spec.kafka.listeners[].authentication
      advertised.listeners: PLAINTEXT://kafka:9092   # forbidden: Strimzi derives it
```

## Fix
Remove the key (the fix does), and set what it meant through the resource's
own fields: `spec.kafka.listeners` (with `authentication`, `tls`,
`configuration`), `spec.kafka.authorization`, `spec.kafka.storage`, or for
Connect `spec.bootstrapServers`, `spec.tls`, `spec.authentication`.
"#,
};

/// One finding per ignored key.
pub fn report(path: &str, ignored: &[Ignored], out: &mut Vec<Diagnostic>) {
    for i in ignored {
        let mut d = META
            .diagnostic(
                path,
                i.key_span,
                format!(
                    "`{}` in {} is forbidden by Strimzi, which drops it and sets its own: the value never reaches Kafka",
                    i.key, i.unit
                ),
            )
            .with_key(&i.key)
            .with_help("set it through the resource's own fields (listeners, authentication, tls, storage), or remove it")
            .with_text_edit(
                format!("remove `{}`", i.key),
                Applicability::Safe,
                i.remove.clone(),
            );
        d.set_unit(Some(i.unit.clone()));
        d.set_source_key(Some(i.source_key.clone()));
        out.push(d);
    }
}
