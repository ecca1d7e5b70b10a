//! The key checks that depend on what Kafka knows of a key: unknown, of another
//! role, a librdkafka spelling, not yet or no longer in the target version.

use super::key_lookup::{KeyStatus, classify};
use super::{Check, CheckMeta, Context, FixAvailability};
use crate::catalog::Role;
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::unit::Setting;

/// The entries whose key the file's role does not know, with their verdict.
fn classified<'a>(
    ctx: &'a Context,
) -> impl Iterator<Item = (usize, &'a Setting, String, KeyStatus)> + 'a {
    let role = ctx.unit.role();
    let has_bom = ctx.has_bom();
    ctx.kept_settings()
        .enumerate()
        .filter_map(move |(i, (index, entry))| {
            let role = role?;
            // The byte-order mark glued to the first key has its own check.
            let key = if i == 0 && has_bom {
                entry
                    .key
                    .trim_start_matches(['\u{feff}', 'ï', '»', '¿'])
                    .to_string()
            } else {
                entry.key.clone()
            };
            if key.starts_with(['#', '!']) {
                // A comment line behind a byte-order mark: Java reads it as a key,
                // and the byte-order-mark check says so.
                return None;
            }
            let status = classify(ctx.unit.catalog, role, &key);
            Some((index, entry, key, status))
        })
}

/// Renaming a key changes what Kafka does, so the fix is unsafe.
fn rename(ctx: &Context, d: Diagnostic, index: usize, to: &str) -> Diagnostic {
    d.with_text_edit(
        format!("rename to `{to}`"),
        Applicability::Unsafe,
        ctx.rename(index, to),
    )
}

pub struct UnknownKey;

static UNKNOWN: CheckMeta = CheckMeta {
    code: "K101",
    name: "unknown-key",
    severity: Severity::Warning,
    summary: "A key that Kafka does not know for this role and version (an error in topic configs)",
    versions: "all",
    fix: FixAvailability::Sometimes,
    refusal: false,
    doc: r#"## What it does
Finds keys that no Kafka component knows in the target version, and suggests the
closest known key of the file's role ("did you mean").

## Why is this bad?
Clients and brokers do not reject unknown keys. Up to 3.2 they logged one WARN per
key; from 3.5 the line is only INFO, lost among the startup logs. A typo such as
`lingr.ms` therefore leaves the real setting at its default without any visible
error. Topic configurations are the exception: the broker checks their names, and
creating or altering a topic with an unknown one fails, so there it is an error
(`LogConfig.validateNames`: `core/src/main/scala/kafka/log/LogConfig.scala@0.10.0.0`,
"Unknown configuration"; `storage/src/main/java/org/apache/kafka/storage/internals/log/LogConfig.java@3.7.0`,
"Unknown topic config name").

Keys that plugins and frameworks read are not reported: schema-registry and
serializer settings, `listener.name.<listener>.*`, `<mechanism>.sasl.jaas.config`,
Connect and Streams `producer.`/`consumer.`/`admin.` prefixes,
`config.providers.*`, and others. A plugin prefix does not hide a typo: a key one
edit away from a key of the file's role (`interceptor.clases`, `sasl.login.clas`)
is reported, with the rename.

## Example
```properties
lingr.ms=20
```

## Fix
Rename the key to the suggestion (the fix does; it changes Kafka's behaviour, so it
is marked unsafe), or delete it.
"#,
};

impl Check for UnknownKey {
    fn meta(&self) -> &'static CheckMeta {
        &UNKNOWN
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for (index, entry, key, status) in classified(ctx) {
            if !matches!(status, KeyStatus::Unknown) {
                continue;
            }
            let Some(role) = ctx.unit.role() else {
                continue;
            };
            let candidates = ctx.unit.catalog.key_names(role);
            let suggestion = super::closest(&key, candidates);
            let version = ctx.unit.catalog.version();
            let mut message = format!("unknown {role} key `{key}` in Kafka {version}");
            if let Some(s) = suggestion {
                message.push_str(&format!("; did you mean `{s}`?"));
            }
            let mut d = ctx
                .diagnostic(&UNKNOWN, entry.key_span, message)
                .with_key(&entry.key);
            if role == Role::Topic {
                // Brokers check topic config names (LogConfig.validateNames).
                d.severity = Severity::Error;
                d.refusal = true;
                d = d.with_help(
                    "creating or altering the topic fails with \"Unknown topic config name\"",
                );
            } else {
                d = d.with_help("Kafka ignores unknown keys (it logs them at INFO from 3.5), so the setting has no effect");
            }
            out.push(match suggestion {
                Some(s) => rename(ctx, d, index, s),
                None => d,
            });
        }
    }
}

pub struct WrongRoleKey;

static WRONG_ROLE: CheckMeta = CheckMeta {
    code: "K102",
    name: "wrong-role-key",
    severity: Severity::Warning,
    summary: "A key of another Kafka component: ignored here (rejected in topic configs)",
    versions: "all",
    fix: FixAvailability::Sometimes,
    refusal: false,
    doc: r#"## What it does
Finds keys that belong to another role: a producer key in a consumer file, a
topic-level key in a broker file, a broker key in a topic file.

## Why is this bad?
Clients and brokers ignore keys they do not use, so the setting silently does
nothing. Broker and topic configurations name the same setting differently: the
broker's `message.max.bytes` is the topic's `max.message.bytes`, and
`log.retention.ms` is `retention.ms`. A topic name in `server.properties` is
ignored; a broker name in a topic configuration makes topic creation fail with
"Unknown topic config name", so that case is an error.

## Example
```properties
# server.properties
max.message.bytes=5242880
```

## Fix
Use this role's name for the setting when there is one (the fix renames
`max.message.bytes` to `message.max.bytes`), or move the key to the file of the
component that reads it.
"#,
};

impl Check for WrongRoleKey {
    fn meta(&self) -> &'static CheckMeta {
        &WRONG_ROLE
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(role) = ctx.unit.role() else { return };
        for (index, entry, key, status) in classified(ctx) {
            let KeyStatus::OtherRole { roles, synonym } = status else {
                continue;
            };
            let owners = roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let consequence = if role == Role::Topic {
                "Kafka rejects it when creating or altering the topic"
            } else {
                "it is ignored here"
            };
            let mut message = format!("`{key}` is a {owners} key, not a {role} key: {consequence}");
            if let Some(s) = &synonym {
                message.push_str(&format!("; the {role} name for this setting is `{s}`"));
            }
            let mut d = ctx
                .diagnostic(&WRONG_ROLE, entry.key_span, message)
                .with_key(&entry.key);
            if role == Role::Topic {
                d.severity = Severity::Error;
            }
            out.push(match synonym {
                Some(s) => rename(ctx, d, index, &s),
                None => d,
            });
        }
    }
}

pub struct LibrdkafkaKey;

static LIBRDKAFKA: CheckMeta = CheckMeta {
    code: "K103",
    name: "librdkafka-key",
    severity: Severity::Warning,
    summary: "A librdkafka spelling in a Java client configuration",
    versions: "all",
    fix: FixAvailability::Sometimes,
    refusal: false,
    doc: r#"## What it does
Finds keys spelled the way librdkafka (confluent-kafka-python, -go, -dotnet,
node-rdkafka) spells them, in a producer, consumer or admin file for the Java client.

## Why is this bad?
Configurations travel between teams and languages. The Java client does not know
`sasl.mechanisms` or `metadata.broker.list` and ignores them, so SASL falls back
to GSSAPI, or the bootstrap servers are missing, with at most an INFO log line.

## Example
```properties
sasl.mechanisms=PLAIN
```

## Fix
Use the Java client's name (`sasl.mechanism`); the fix renames the key when there is
a direct equivalent. Some librdkafka settings have no Java equivalent or use other
units; the message says which setting to use instead.
"#,
};

impl Check for LibrdkafkaKey {
    fn meta(&self) -> &'static CheckMeta {
        &LIBRDKAFKA
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for (index, entry, key, status) in classified(ctx) {
            let KeyStatus::Librdkafka(alias) = status else {
                continue;
            };
            let base = format!("`{key}` is a librdkafka setting; the Java client ignores it");
            let d = ctx
                .diagnostic(&LIBRDKAFKA, entry.key_span, String::new())
                .with_key(&entry.key);
            out.push(match (&alias.java, &alias.note) {
                (Some(java), _) => {
                    let mut d = rename(ctx, d, index, java);
                    d.message = format!("{base}: its Java name is `{java}`");
                    d
                }
                (None, Some(note)) => {
                    let mut d = d;
                    d.message = format!("{base}: {note}");
                    d
                }
                (None, None) => {
                    let mut d = d;
                    d.message = base;
                    d
                }
            });
        }
    }
}

pub struct KeyNotYetAvailable;

static NOT_YET: CheckMeta = CheckMeta {
    code: "K104",
    name: "key-not-yet-available",
    severity: Severity::Warning,
    summary: "A key that the target Kafka version does not have yet (an error in topic configs)",
    versions: "all",
    fix: FixAvailability::Never,
    refusal: false,
    doc: r#"## What it does
Finds keys that the file's role gains only in a later Kafka version than the one
targeted (`--kafka-version`, or a `# kafkalint: kafka-version=` directive).

## Why is this bad?
An older client or broker ignores the key, so the behaviour it configures is not
there. `max.poll.interval.ms` before 0.10.1 is the classic case: 0.10.0 consumers
have no background heartbeat, and the setting that would protect a slow consumer
does not exist.

A topic configuration is the exception, and there it is an error: the broker
checks topic config names (`LogConfig.validateNames`), so creating or altering a
topic with a key its version does not have yet fails (`max.compaction.lag.ms`
before 2.2: "Unknown topic config name").

## Example
```properties
# kafkalint: role=consumer kafka-version=0.10.0
max.poll.interval.ms=600000
```

## Fix
Upgrade the component to the version named in the message, or remove the key and
use what the older version offers.
"#,
};

impl Check for KeyNotYetAvailable {
    fn meta(&self) -> &'static CheckMeta {
        &NOT_YET
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for (_, entry, key, status) in classified(ctx) {
            let KeyStatus::NotYet { first } = status else {
                continue;
            };
            let role = ctx.unit.role();
            let version = ctx.unit.catalog.version();
            let name = role.map(|r| r.as_str()).unwrap_or_default();
            let mut d = ctx
                .diagnostic(
                    &NOT_YET,
                    entry.key_span,
                    format!("the {name} key `{key}` appears in Kafka {first}; Kafka {version} ignores it"),
                )
                .with_key(&entry.key);
            if role == Some(Role::Topic) {
                // A broker checks topic config names (LogConfig.validateNames): a
                // name it does not know yet is refused, not ignored.
                d.severity = Severity::Error;
                d.refusal = true;
                d.message = format!(
                    "the topic key `{key}` appears in Kafka {first}; in Kafka {version} creating or altering the topic fails (\"Unknown topic config name\")"
                );
            }
            out.push(d);
        }
    }
}

pub struct RemovedKey;

static REMOVED: CheckMeta = CheckMeta {
    code: "K105",
    name: "removed-key",
    severity: Severity::Error,
    summary: "A key that the target Kafka version no longer has",
    versions: "all",
    fix: FixAvailability::Never,
    refusal: false,
    doc: r#"## What it does
Finds keys that the file's role had in earlier Kafka versions but no longer has in
the target version.

## Why is this bad?
The setting has no effect any more, and what it controlled usually changed with
it: Kafka 4.0 removed ZooKeeper, so `zookeeper.connect` and its companions mean a
broker configuration that still expects ZooKeeper and will not form a cluster.
Kafka 4.0 also removed `log.message.format.version`, `message.format.version` and
`offsets.commit.required.acks`, among others.

## Example
```properties
# kafkalint: role=broker kafka-version=4.0
zookeeper.connect=zk-1:2181
```

## Fix
Remove the key and configure its replacement (for ZooKeeper: KRaft with
`process.roles`, `node.id` and `controller.quorum.bootstrap.servers`), or target the
Kafka version that actually runs.
"#,
};

impl Check for RemovedKey {
    fn meta(&self) -> &'static CheckMeta {
        &REMOVED
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for (_, entry, key, status) in classified(ctx) {
            let KeyStatus::Removed { last, removed_in } = status else {
                continue;
            };
            let role = ctx.unit.role().map(|r| r.as_str()).unwrap_or_default();
            let version = ctx.unit.catalog.version();
            out.push(
                ctx.diagnostic(
                    &REMOVED,
                    entry.key_span,
                    format!("the {role} key `{key}` went away in Kafka {removed_in} (last in {last}); Kafka {version} does not use it"),
                )
                .with_key(&entry.key),
            );
        }
    }
}
