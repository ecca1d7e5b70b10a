//! Which Kafka component a file configures. First match wins: the `--role`
//! flag, a `role=` directive, the file name, then the keys the file sets.

use crate::catalog::{Catalog, Role};
use crate::source::Document;
use std::collections::BTreeSet;
use std::path::Path;

/// Where the role of a file came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleSource {
    Flag,
    Directive,
    FileName,
    Content,
}

impl RoleSource {
    pub fn describe(self) -> &'static str {
        match self {
            RoleSource::Flag => "the --role flag",
            RoleSource::Directive => "a `# kafkalint: role=` directive",
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
    Connect,
    Streams,
}

impl OtherKind {
    pub fn describe(self) -> &'static str {
        match self {
            OtherKind::Log4j => "a log4j logging configuration",
            OtherKind::ZooKeeper => "a ZooKeeper server configuration",
            OtherKind::Connect => "a Kafka Connect worker or connector configuration",
            OtherKind::Streams => "a Kafka Streams application configuration",
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

pub fn detect(path: &Path, flag: Option<Role>, directive: Option<Role>, doc: &Document, catalog: &Catalog) -> RoleDecision {
    if let Some(role) = flag {
        return RoleDecision::Known(role, RoleSource::Flag);
    }
    if let Some(role) = directive {
        return RoleDecision::Known(role, RoleSource::Directive);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if let Some(decision) = from_file_name(&name) {
        return decision;
    }
    let keys: BTreeSet<&str> = doc.entries.iter().map(|e| e.key.as_str()).collect();
    from_content(&keys, catalog)
}

fn from_file_name(name: &str) -> Option<RoleDecision> {
    const OTHERS: [(&str, OtherKind); 4] = [
        ("log4j", OtherKind::Log4j),
        ("zookeeper", OtherKind::ZooKeeper),
        ("connect", OtherKind::Connect),
        ("streams", OtherKind::Streams),
    ];
    const ROLES: [(&str, Role); 7] = [
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
        .find(|(word, _)| name.contains(word))
        .map(|(_, role)| RoleDecision::Known(*role, RoleSource::FileName))
}

fn from_content(keys: &BTreeSet<&str>, catalog: &Catalog) -> RoleDecision {
    let has = |k: &str| keys.contains(k);
    let any_prefix = |p: &str| keys.iter().any(|k| k.starts_with(p));
    if any_prefix("log4j") || any_prefix("appender.") || has("rootLogger.level") {
        return RoleDecision::Other(OtherKind::Log4j);
    }
    if has("dataDir") || has("clientPort") || has("tickTime") {
        return RoleDecision::Other(OtherKind::ZooKeeper);
    }
    if has("key.converter") || has("value.converter") || has("connector.class") || has("offset.storage.topic") || has("plugin.path") {
        return RoleDecision::Other(OtherKind::Connect);
    }
    if has("application.id") {
        return RoleDecision::Other(OtherKind::Streams);
    }
    // The keys that say most about a role, as Kafka users write them.
    let signals = [
        (Role::Broker, has("process.roles") || has("log.dirs") || has("broker.id") || has("node.id")),
        (Role::Consumer, has("group.id") || has("key.deserializer") || has("value.deserializer")),
        (Role::Producer, has("key.serializer") || has("value.serializer") || has("acks")),
    ];
    let strong: Vec<Role> = signals.iter().filter(|(_, on)| *on).map(|(r, _)| *r).collect();
    if let [role] = strong.as_slice() {
        return RoleDecision::Known(*role, RoleSource::Content);
    }
    // Otherwise: keys that only one role knows.
    let mut scores = [0usize; 5];
    for key in keys {
        if let [role] = catalog.roles_with_key(key).as_slice() {
            scores[Role::ALL.iter().position(|r| r == role).unwrap_or(0)] += 1;
        }
    }
    let best = scores.iter().copied().max().unwrap_or(0);
    let winners: Vec<usize> = (0..5).filter(|&i| scores[i] == best).collect();
    match winners.as_slice() {
        [i] if best > 0 => RoleDecision::Known(Role::ALL[*i], RoleSource::Content),
        _ => RoleDecision::Unknown,
    }
}
