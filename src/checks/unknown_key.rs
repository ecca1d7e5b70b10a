//! The key checks that depend on what Kafka knows of a key: unknown, of another
//! role, a librdkafka spelling, not yet or no longer in the target version.

use super::key_lookup::{KeyStatus, Verdict, classify};
use super::{Check, CheckMeta, Context, FixAvailability};
use crate::catalog::{Role, embedded};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::model::UnitModel;
use crate::text::prose;
use crate::unit::Setting;

/// A kept entry with its key (a byte-order mark removed) and Kafka's verdict on it.
pub struct Classified<'a> {
    index: usize,
    entry: &'a Setting,
    /// The key as the file writes it (without a byte-order mark).
    key: &'a str,
    verdict: Verdict,
}

impl Classified<'_> {
    /// The key as the role that reads it names it (a Streams `producer.` prefix stripped).
    fn name(&self) -> &str {
        self.key
            .get(self.verdict.prefix.len()..)
            .unwrap_or(self.key)
    }

    /// Where the key is handed on, for messages: ` (passed on by the prefix `producer.`)`.
    fn behind_prefix(&self) -> String {
        match self.verdict.prefix {
            "" => String::new(),
            prefix => format!(" (in `{}`, passed on by the prefix `{prefix}`)", self.key),
        }
    }
}

/// The kept entries with Kafka's verdict on each key:
/// classified once for the five checks of this file.
fn classified<'c, 'a>(ctx: &'c Context<'a>) -> impl Iterator<Item = &'c Classified<'a>> + 'c {
    ctx.classified.get_or_init(|| classify_all(ctx)).iter()
}

fn classify_all<'a>(ctx: &Context<'a>) -> Vec<Classified<'a>> {
    let Some(role) = ctx.unit.role() else {
        return Vec::new();
    };
    let (unit, has_bom): (&'a UnitModel, bool) = (ctx.unit, ctx.has_bom());
    unit.kept()
        .enumerate()
        .filter_map(move |(i, (index, entry))| {
            // The byte-order mark glued to the first key has its own check.
            let key = if i == 0 && has_bom {
                entry.key().trim_start_matches(['\u{feff}', 'ï', '»', '¿'])
            } else {
                entry.key()
            };
            if key.starts_with(['#', '!']) {
                // A comment line behind a byte-order mark: Java reads it as a key,
                // and the byte-order-mark check says so.
                return None;
            }
            let verdict = classify(unit.catalog, role, key);
            Some(Classified {
                index,
                entry,
                key,
                verdict,
            })
        })
        .collect()
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

A Kafka Streams application or Kafka Connect worker hands keys on to the clients
and topics it creates: `producer.`, `consumer.`, `main.consumer.`,
`restore.consumer.`, `global.consumer.`, `admin.` and `topic.` prefixed keys in
Streams (`streams/src/main/java/org/apache/kafka/streams/StreamsConfig.java@2.0.0`),
`producer.`, `consumer.`, `admin.`, `listeners.https.` and `admin.listeners.https.`
in a Connect worker (`connect/runtime/src/main/java/org/apache/kafka/connect/runtime/Worker.java@2.3.0`,
`.../rest/util/SSLUtils.java@1.1.0`, `.../WorkerConfig.java@2.4.0`), and in both a
client's own key without a prefix. Such a key is looked up, with the prefix
stripped, among the keys of the client or topic that receives it:
`producer.lingerr.ms` is an unknown producer key, and the fix renames it to
`producer.linger.ms`. The table of prefixes, with the release each appeared in and
its source, is `src/catalog/embedded.tsv`. In a Streams file a key without a prefix
that is close to no known key is not reported: Kafka Streams passes the keys it does
not know to its clients and to the application's own code
(`ProcessorContext.appConfigs()`,
`streams/src/main/java/org/apache/kafka/streams/processor/ProcessorContext.java@0.10.1.0`;
`StreamsConfig.getClientCustomProps`, `StreamsConfig.java@3.8.0`), and applications
keep their own settings (topic names, window sizes) in the same file.

Keys that plugins and frameworks read are not reported: schema-registry and
serializer settings, `listener.name.<listener>.*`, `<mechanism>.sasl.jaas.config`,
`producer.`/`consumer.`/`admin.` prefixes in a client's or broker's file,
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
        let Some(file_role) = ctx.unit.role() else {
            return;
        };
        for c in classified(ctx) {
            if !matches!(c.verdict.status, KeyStatus::Unknown) {
                continue;
            }
            let role = c.verdict.role;
            let suggestion = did_you_mean(ctx, c);
            if file_role == Role::Streams && c.verdict.prefix.is_empty() && suggestion.is_none() {
                // Not near any key: the application's own setting (topic names,
                // window sizes), which Kafka Streams hands to the application's
                // code. Reporting every one would bury the typos.
                continue;
            }
            let version = ctx.unit.catalog.version();
            let mut message = format!(
                "unknown {role} key `{}`{} in Kafka {version}",
                c.name(),
                c.behind_prefix()
            );
            if let Some(s) = &suggestion {
                message.push_str(&format!("; did you mean `{s}`?"));
            }
            let mut d = ctx
                .diagnostic(&UNKNOWN, c.entry.key_span(), message)
                .with_key(c.entry.key());
            if file_role == Role::Topic {
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
                Some(s) => rename(ctx, d, c.index, &s),
                None => d,
            });
        }
    }
}

/// The closest key the reading role knows, with the prefix the file uses; in a
/// Streams or Connect file an unprefixed key may also be meant for a client.
fn did_you_mean(ctx: &Context, c: &Classified) -> Option<String> {
    let catalog = ctx.unit.catalog;
    let role = c.verdict.role;
    let passed_on = match c.verdict.prefix {
        "" => embedded::unprefixed(catalog.version(), role).collect(),
        _ => Vec::new(),
    };
    let candidates = std::iter::once(role)
        .chain(passed_on)
        .flat_map(|r| catalog.key_names(r));
    let closest = super::closest(c.name(), candidates)?;
    Some(format!("{}{closest}", c.verdict.prefix))
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
        let Some(file_role) = ctx.unit.role() else {
            return;
        };
        for c in classified(ctx) {
            let KeyStatus::OtherRole { roles, synonym } = &c.verdict.status else {
                continue;
            };
            let role = c.verdict.role;
            let owners: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            let owners = prose::a(&prose::list(&owners, "or"));
            let consequence = if file_role == Role::Topic {
                "Kafka rejects it when creating or altering the topic"
            } else {
                "it is ignored here"
            };
            let mut message = format!(
                "`{}`{} is {owners} key, not {} key: {consequence}",
                c.name(),
                c.behind_prefix(),
                prose::a(role.as_str())
            );
            if let Some(s) = synonym {
                message.push_str(&format!("; the {role} name for this setting is `{s}`"));
            }
            let mut d = ctx
                .diagnostic(&WRONG_ROLE, c.entry.key_span(), message)
                .with_key(c.entry.key());
            if file_role == Role::Topic {
                d.severity = Severity::Error;
            }
            out.push(match synonym {
                Some(s) => rename(ctx, d, c.index, &format!("{}{s}", c.verdict.prefix)),
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
        for c in classified(ctx) {
            let KeyStatus::Librdkafka(alias) = c.verdict.status else {
                continue;
            };
            let base = format!(
                "`{}`{} is a librdkafka setting; the Java client ignores it",
                c.name(),
                c.behind_prefix()
            );
            let d = ctx
                .diagnostic(&LIBRDKAFKA, c.entry.key_span(), String::new())
                .with_key(c.entry.key());
            out.push(match (&alias.java, &alias.note) {
                (Some(java), _) => {
                    let to = format!("{}{java}", c.verdict.prefix);
                    let mut d = rename(ctx, d, c.index, &to);
                    d.message = format!("{base}: its Java name is `{java}`").into();
                    d
                }
                (None, Some(note)) => {
                    let mut d = d;
                    d.message = format!("{base}: {note}").into();
                    d
                }
                (None, None) => {
                    let mut d = d;
                    d.message = base.into();
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
        for c in classified(ctx) {
            let KeyStatus::NotYet { first } = c.verdict.status else {
                continue;
            };
            let (key, role) = (c.name(), c.verdict.role);
            let version = ctx.unit.catalog.version();
            let mut d = ctx
                .diagnostic(
                    &NOT_YET,
                    c.entry.key_span(),
                    format!(
                        "the {role} key `{key}`{} appears in Kafka {first}; Kafka {version} ignores it",
                        c.behind_prefix()
                    ),
                )
                .with_key(c.entry.key());
            if ctx.unit.role() == Some(Role::Topic) {
                // A broker checks topic config names (LogConfig.validateNames): a
                // name it does not know yet is refused, not ignored.
                d.severity = Severity::Error;
                d.refusal = true;
                d.message = format!(
                    "the topic key `{key}` appears in Kafka {first}; in Kafka {version} creating or altering the topic fails (\"Unknown topic config name\")"
                )
                .into();
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
        for c in classified(ctx) {
            let KeyStatus::Removed { last, removed_in } = c.verdict.status else {
                continue;
            };
            let (key, role) = (c.name(), c.verdict.role);
            let version = ctx.unit.catalog.version();
            out.push(
                ctx.diagnostic(
                    &REMOVED,
                    c.entry.key_span(),
                    format!(
                        "the {role} key `{key}`{} went away in Kafka {removed_in} (last in {last}); Kafka {version} does not use it",
                        c.behind_prefix()
                    ),
                )
                .with_key(c.entry.key()),
            );
        }
    }
}
