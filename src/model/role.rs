//! Which Kafka component a file configures. First match wins: the `--role`
//! flag, a `role=` directive, the file name, then the keys the file sets.

use crate::catalog::{Catalog, Role};
use std::path::Path;

/// Where the role of a file came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleSource {
    /// The carrier's syntax (a Spring Boot consumer section, a compose service).
    Carrier,
    Flag,
    Directive,
    ProjectConfig,
    FileName,
    Content,
}

impl RoleSource {
    pub fn describe(self) -> &'static str {
        match self {
            RoleSource::Carrier => "where the file sets it",
            RoleSource::Flag => "the --role flag",
            RoleSource::Directive => "a `# kafkalint: role=` directive",
            RoleSource::ProjectConfig => "the project config (kafkalint.toml)",
            RoleSource::FileName => "the file name",
            RoleSource::Content => "the keys it sets",
        }
    }
}

/// Property files that are not Kafka client, broker or topic configurations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OtherKind {
    Log4j,
    ZooKeeper,
    /// A Kafka Connect connector (`connector.class`); workers have the connect role.
    Connect,
    MirrorMaker,
    Spring,
    KsqlDb,
    SchemaRegistry,
    Debezium,
}

impl OtherKind {
    pub fn describe(self) -> &'static str {
        match self {
            OtherKind::Log4j => "a log4j logging configuration",
            OtherKind::ZooKeeper => "a ZooKeeper server configuration",
            OtherKind::Connect => "a Kafka Connect connector configuration",
            OtherKind::MirrorMaker => "a MirrorMaker 2 configuration",
            OtherKind::Spring => "a Spring Boot application configuration",
            OtherKind::KsqlDb => "a ksqlDB server configuration",
            OtherKind::SchemaRegistry => "a Schema Registry configuration",
            OtherKind::Debezium => "a Debezium Server or Quarkus application configuration",
        }
    }

    /// Files Kafka never reads as its own configuration: nothing to say about them.
    pub fn is_foreign(self) -> bool {
        matches!(self, OtherKind::Log4j | OtherKind::ZooKeeper)
    }
}

/// The outcome of role detection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleDecision {
    Known(Role, RoleSource),
    Other(OtherKind),
    Unknown,
}

impl RoleDecision {
    pub fn role(self) -> Option<Role> {
        match self {
            RoleDecision::Known(role, _) => Some(role),
            _ => None,
        }
    }
}

/// A file's distinct keys, sorted: one allocation (a tree of them would
/// leave its many small nodes behind in the heap of a 400,000-key file).
struct SortedKeys<'a>(Vec<&'a str>);

impl<'a> SortedKeys<'a> {
    fn new(keys: impl Iterator<Item = &'a str>) -> SortedKeys<'a> {
        let mut keys: Vec<&str> = keys.collect();
        keys.sort_unstable();
        keys.dedup();
        SortedKeys(keys)
    }

    fn contains(&self, key: &str) -> bool {
        self.0.binary_search(&key).is_ok()
    }

    /// Whether a key starts with `prefix`: the first one at or after it, if any.
    fn any_with_prefix(&self, prefix: &str) -> bool {
        let at = self.0.partition_point(|k| *k < prefix);
        self.0.get(at).is_some_and(|k| k.starts_with(prefix))
    }

    fn iter(&self) -> impl Iterator<Item = &&'a str> {
        self.0.iter()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub fn detect<'a>(
    path: &Path,
    flag: Option<Role>,
    directive: Option<Role>,
    project: Option<Role>,
    keys: impl Iterator<Item = &'a str>,
    catalog: &Catalog,
) -> RoleDecision {
    if let Some(role) = flag {
        return RoleDecision::Known(role, RoleSource::Flag);
    }
    if let Some(role) = directive {
        return RoleDecision::Known(role, RoleSource::Directive);
    }
    if let Some(role) = project {
        return RoleDecision::Known(role, RoleSource::ProjectConfig);
    }
    let keys = SortedKeys::new(keys);
    // Frameworks reuse Kafka's file names (`consumer-application.properties`,
    // `ksql-server.properties`), so their own keys are looked at first.
    if let Some(kind) = other_kind_from_content(&keys) {
        return RoleDecision::Other(kind);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    // A Streams application's or Connect worker's own keys say more than the
    // client keys it shares; a file name says more than either (a stray
    // `config.storage.topic` in `consumer.properties` makes no worker).
    let by_content = match application_from_content(&keys) {
        Some(role) => RoleDecision::Known(role, RoleSource::Content),
        None => from_content(&keys, catalog),
    };
    match from_file_name(&name) {
        // A name that says `broker` over a file of client keys is a coincidence of
        // naming (`ccloud-config-broker-only.properties`): the keys decide.
        Some(RoleDecision::Known(role, _))
            if knows_none(catalog, role, &keys) && !matches!(by_content, RoleDecision::Unknown) =>
        {
            by_content
        }
        Some(RoleDecision::Known(role, _))
            if knows_none(catalog, role, &keys) && any_role_knows(catalog, &keys) =>
        {
            RoleDecision::Unknown
        }
        Some(decision) => decision,
        None => by_content,
    }
}

fn knows_none(catalog: &Catalog, role: Role, keys: &SortedKeys) -> bool {
    !keys.is_empty() && keys.iter().all(|k| catalog.key(role, k).is_none())
}

fn any_role_knows(catalog: &Catalog, keys: &SortedKeys) -> bool {
    keys.iter().any(|k| !catalog.roles_with_key(k).is_empty())
}

/// Keys that only a framework or a non-Kafka program uses.
/// Whether a key holds `->` (MirrorMaker's `source->target.`): most keys hold
/// no `-` at all, found with one scan.
fn has_arrow(key: &[u8]) -> bool {
    memchr::memchr_iter(b'-', key).any(|at| key.get(at + 1) == Some(&b'>'))
}

fn other_kind_from_content(keys: &SortedKeys) -> Option<OtherKind> {
    let has = |k: &str| keys.contains(k);
    // The keys are sorted: a key with the prefix, if any, is the first one at or after it.
    let any_prefix = |p: &str| keys.any_with_prefix(p);
    let kinds = [
        (
            any_prefix("log4j") || any_prefix("appender.") || has("rootLogger.level"),
            OtherKind::Log4j,
        ),
        (
            has("dataDir") || has("clientPort") || has("tickTime"),
            OtherKind::ZooKeeper,
        ),
        (
            has("clusters") || keys.iter().any(|k| has_arrow(k.as_bytes())),
            OtherKind::MirrorMaker,
        ),
        (
            any_prefix("spring.kafka.")
                || any_prefix("spring.cloud.stream.")
                || any_prefix("spring.datasource."),
            OtherKind::Spring,
        ),
        (any_prefix("ksql."), OtherKind::KsqlDb),
        (any_prefix("kafkastore."), OtherKind::SchemaRegistry),
        (
            any_prefix("debezium.") || any_prefix("quarkus.") || any_prefix("mp.messaging."),
            OtherKind::Debezium,
        ),
        (
            has("connector.class") || has("tasks.max") || has("transforms"),
            OtherKind::Connect,
        ),
    ];
    kinds.into_iter().find(|(on, _)| *on).map(|(_, kind)| kind)
}

/// Keys that only a Kafka Streams application (`application.id`, which
/// StreamsConfig requires) or a Kafka Connect worker sets: its internal topics
/// (distributed), its offsets file (standalone), its plugin path and converters
/// (a connector, which may set converters too, was recognised before).
fn application_from_content(keys: &SortedKeys) -> Option<Role> {
    let has = |k: &str| keys.contains(k);
    let worker = [
        "config.storage.topic",
        "offset.storage.topic",
        "status.storage.topic",
        "offset.storage.file.filename",
        "plugin.path",
        "key.converter",
        "value.converter",
    ];
    if has("application.id") {
        Some(Role::Streams)
    } else if worker.iter().any(|k| has(k)) {
        Some(Role::Connect)
    } else {
        None
    }
}

fn from_file_name(name: &str) -> Option<RoleDecision> {
    const OTHERS: [(&str, OtherKind); 3] = [
        ("log4j", OtherKind::Log4j),
        ("zookeeper", OtherKind::ZooKeeper),
        ("connector", OtherKind::Connect),
    ];
    const ROLES: [(&str, Role); 9] = [
        ("connect", Role::Connect),
        ("streams", Role::Streams),
        ("producer", Role::Producer),
        ("consumer", Role::Consumer),
        ("admin", Role::Admin),
        ("server", Role::Broker),
        ("broker", Role::Broker),
        ("controller", Role::Broker),
        ("topic", Role::Topic),
    ];
    if let Some((_, kind)) = OTHERS.iter().find(|(word, _)| name.contains(word)) {
        return Some(RoleDecision::Other(*kind));
    }
    ROLES
        .iter()
        .find(|(word, _)| names(name, word))
        .map(|(_, role)| RoleDecision::Known(*role, RoleSource::FileName))
}

/// Whether a file name contains `word`; `connect` not as part of a longer word
/// (`connection.properties` configures no Connect worker).
fn names(name: &str, word: &str) -> bool {
    if word != "connect" {
        return name.contains(word);
    }
    name.match_indices(word).any(|(at, _)| {
        !name[at + word.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphabetic)
    })
}

fn from_content(keys: &SortedKeys, catalog: &Catalog) -> RoleDecision {
    let has = |k: &str| keys.contains(k);
    // The keys that say most about a role, as Kafka users write them.
    let signals = [
        (
            Role::Broker,
            has("process.roles") || has("log.dirs") || has("broker.id") || has("node.id"),
        ),
        (
            Role::Consumer,
            has("group.id") || has("key.deserializer") || has("value.deserializer"),
        ),
        (
            Role::Producer,
            has("key.serializer") || has("value.serializer") || has("acks"),
        ),
    ];
    let strong: Vec<Role> = signals
        .iter()
        .filter(|(_, on)| *on)
        .map(|(r, _)| *r)
        .collect();
    if let [role] = strong.as_slice() {
        return RoleDecision::Known(*role, RoleSource::Content);
    }
    // Otherwise the role that knows the most keys of the file, if only one does.
    // Not Streams or Connect: they share most keys with the clients, and their
    // own keys were looked for first.
    const TALLIED: [Role; 5] = [
        Role::Producer,
        Role::Consumer,
        Role::Admin,
        Role::Broker,
        Role::Topic,
    ];
    let known: Vec<usize> = TALLIED
        .iter()
        .map(|&r| keys.iter().filter(|k| catalog.key(r, k).is_some()).count())
        .collect();
    let best = known.iter().copied().max().unwrap_or(0);
    let winners: Vec<usize> = (0..TALLIED.len()).filter(|&i| known[i] == best).collect();
    match winners.as_slice() {
        [i] if best > 0 => RoleDecision::Known(TALLIED[*i], RoleSource::Content),
        _ => RoleDecision::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role_of(name: &str, keys: &[&str]) -> RoleDecision {
        let catalog = Catalog::get("3.7");
        detect(
            Path::new(name),
            None,
            None,
            None,
            keys.iter().copied(),
            catalog,
        )
    }

    #[test]
    fn streams_and_connect_workers_by_their_keys_and_names() {
        let known = |role| RoleDecision::Known(role, RoleSource::Content);
        assert_eq!(
            role_of("app.properties", &["application.id", "bootstrap.servers"]),
            known(Role::Streams)
        );
        assert_eq!(
            role_of("worker.properties", &["group.id", "offset.storage.topic"]),
            known(Role::Connect)
        );
        assert_eq!(
            role_of(
                "w.properties",
                &["offset.storage.file.filename", "key.converter"]
            ),
            known(Role::Connect)
        );
        assert_eq!(
            role_of("connect-distributed.properties", &["bootstrap.servers"]),
            RoleDecision::Known(Role::Connect, RoleSource::FileName)
        );
        // A connector is not a worker.
        assert_eq!(
            role_of(
                "connect-file-source.properties",
                &["name", "connector.class", "key.converter"]
            ),
            RoleDecision::Other(OtherKind::Connect)
        );
        // The file name wins over a stray worker key.
        assert_eq!(
            role_of(
                "consumer.properties",
                &["bootstrap.servers", "group.id", "config.storage.topic"]
            ),
            RoleDecision::Known(Role::Consumer, RoleSource::FileName)
        );
        // `connection` is no Connect worker.
        assert_eq!(
            role_of("connection.properties", &["bootstrap.servers", "acks"]),
            known(Role::Producer)
        );
    }
}
