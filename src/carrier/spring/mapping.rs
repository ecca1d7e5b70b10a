//! Which `spring.kafka.*` property sets which Kafka key, for which client, and
//! how Spring converts its value: the table in `mapping.tsv`, taken from Spring
//! Boot's `KafkaProperties.java` (the file names its tags), plus Spring's
//! relaxed binding of property names.

use std::sync::OnceLock;

/// A Spring Boot release line (`3.3`): what decides which properties bind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BootVersion {
    pub major: u32,
    pub minor: u32,
}

impl BootVersion {
    /// `3.3`, `3.3.5`, `3.3.5-SNAPSHOT`, `4.0.0-M1`: the release line.
    pub fn parse(text: &str) -> Result<BootVersion, String> {
        let invalid = || {
            format!(
                "`{}` is not a Spring Boot version: expected MAJOR.MINOR[.PATCH], such as 3.3",
                crate::text::clip(text.trim(), 40)
            )
        };
        let mut parts = text.trim().split(['.', '-']);
        let mut number = || -> Result<u32, String> {
            parts
                .next()
                .and_then(|p| p.parse().ok())
                .ok_or_else(invalid)
        };
        Ok(BootVersion {
            major: number()?,
            minor: number()?,
        })
    }

    /// The newest line the mapping knows: what a project that says nothing gets.
    pub fn newest() -> BootVersion {
        static NEWEST: OnceLock<BootVersion> = OnceLock::new();
        *NEWEST.get_or_init(|| {
            properties()
                .iter()
                .flat_map(|p| [Some(p.since), p.until])
                .flatten()
                .max()
                .unwrap_or(BootVersion { major: 4, minor: 1 })
        })
    }
}

impl std::fmt::Display for BootVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The client a property configures. `Common` properties go to every client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Client {
    Common,
    Producer,
    Consumer,
    Admin,
    Streams,
}

impl Client {
    pub const CLIENTS: [Client; 4] = [
        Client::Producer,
        Client::Consumer,
        Client::Admin,
        Client::Streams,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Client::Common => "common",
            Client::Producer => "producer",
            Client::Consumer => "consumer",
            Client::Admin => "admin",
            Client::Streams => "streams",
        }
    }

    fn parse(text: &str) -> Option<Client> {
        [Client::Common]
            .into_iter()
            .chain(Client::CLIENTS)
            .find(|c| c.name() == text)
    }
}

/// How Spring turns the written value into what Kafka receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    List,
    /// A `Duration` given to Kafka as `toMillis()`; a plain number is in ms.
    DurationMs,
    /// A `DataSize` given to Kafka as `toBytes()`; a plain number is bytes.
    DataSize,
    /// An enum given to Kafka as its name in lower case.
    EnumLower,
    Class,
    /// A `Resource` given to Kafka as a file path.
    Resource,
    /// Spring's own setting: never given to Kafka.
    Spring,
    /// A map whose entries reach Kafka as written.
    Map,
}

/// Where a property stands in Spring's `buildProperties` order: a later stage
/// overwrites an earlier one (`putAll`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    CommonTyped,
    CommonSsl,
    CommonSecurity,
    CommonMap,
    ClientTyped,
    ClientSsl,
    ClientSecurity,
    ClientMap,
}

/// One property of the table.
#[derive(Clone, Debug)]
pub struct Property {
    /// The canonical name under `spring.kafka.` (`consumer.max-poll-records`).
    pub name: String,
    /// The Kafka key; `None` for Spring's own settings and for maps.
    pub kafka_key: Option<String>,
    pub client: Client,
    pub kind: Kind,
    /// The Boot versions that bind it (`2.7`, `3.5`), `until` inclusive.
    pub since: BootVersion,
    pub until: Option<BootVersion>,
    /// What Spring gives Kafka when the property is not set.
    pub spring_default: Option<String>,
    /// The name's elements in the form relaxed binding compares.
    uniform: Vec<String>,
}

impl Property {
    /// Whether Spring Boot `boot` binds it.
    pub fn bound_in(&self, boot: BootVersion) -> bool {
        self.since <= boot && self.until.is_none_or(|until| boot <= until)
    }

    pub fn stage(&self) -> Stage {
        let client = self.client != Client::Common;
        let local = match self.client {
            Client::Common => self.name.as_str(),
            _ => self.name.split_once('.').map_or("", |(_, rest)| rest),
        };
        let group = local.split('.').next().unwrap_or("");
        match (client, group, self.kind) {
            (false, _, Kind::Map) => Stage::CommonMap,
            (false, "ssl", _) => Stage::CommonSsl,
            (false, "security", _) => Stage::CommonSecurity,
            (false, _, _) => Stage::CommonTyped,
            (true, _, Kind::Map) => Stage::ClientMap,
            (true, "ssl", _) => Stage::ClientSsl,
            (true, "security", _) => Stage::ClientSecurity,
            (true, _, _) => Stage::ClientTyped,
        }
    }
}

const TABLE: &str = include_str!("mapping.tsv");

/// Every property, with `each` rows expanded to the top level and every client.
pub fn properties() -> &'static [Property] {
    static ALL: OnceLock<Vec<Property>> = OnceLock::new();
    ALL.get_or_init(|| parse_table(TABLE))
}

fn parse_table(table: &str) -> Vec<Property> {
    let mut out = Vec::new();
    for line in table.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [name, key, client, kind, since, until, default] = cols[..] else {
            continue;
        };
        let kind = parse_kind(kind);
        let (Ok(since), Ok(until)) = (
            BootVersion::parse(since),
            match until {
                "" => Ok(None),
                until => BootVersion::parse(until).map(Some),
            },
        ) else {
            continue;
        };
        let kafka_key = (key != "-" && key != "*").then(|| key.to_string());
        let clients: Vec<Client> = match client {
            "each" => [Client::Common]
                .into_iter()
                .chain(Client::CLIENTS)
                .collect(),
            other => Client::parse(other).into_iter().collect(),
        };
        for c in clients {
            let name = if client == "each" && c != Client::Common {
                format!("{}.{name}", c.name())
            } else {
                name.to_string()
            };
            out.push(Property {
                uniform: name.split('.').map(uniform).collect(),
                name,
                kafka_key: kafka_key.clone(),
                client: c,
                kind,
                since,
                until,
                spring_default: (!default.is_empty()).then(|| default.to_string()),
            });
        }
    }
    out
}

fn parse_kind(text: &str) -> Kind {
    match text {
        "list" => Kind::List,
        "duration_ms" => Kind::DurationMs,
        "data_size" => Kind::DataSize,
        "enum_lower" => Kind::EnumLower,
        "class" => Kind::Class,
        "resource" => Kind::Resource,
        "spring" => Kind::Spring,
        "map" => Kind::Map,
        _ => Kind::Text,
    }
}

/// An element of a property name as relaxed binding compares it: lower case,
/// letters and digits only (`maxPollRecords`, `max_poll_records` and
/// `MAX-POLL-RECORDS` are `maxpollrecords`). Spring's
/// `ConfigurationPropertyName.defaultElementEquals`.
pub fn uniform(element: &str) -> String {
    element
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What a key under `spring.kafka.` is.
#[derive(Clone, Debug)]
pub enum Resolved<'a> {
    /// A typed property (or Spring's own setting).
    Typed(&'a Property),
    /// An entry of a `properties` map: the Kafka key as written.
    Passed { map: &'a Property, key: String },
    /// A `properties` map written without a key.
    EmptyMap(&'a Property),
    /// No property this Boot version binds: the closest one, if any is close,
    /// and what other versions make of the name.
    Unknown {
        suggestion: Option<&'a Property>,
        elsewhere: Option<Elsewhere<'a>>,
    },
}

/// What other Boot versions make of a name the chosen one does not bind.
#[derive(Clone, Debug)]
pub enum Elsewhere<'a> {
    /// Boot `since` renamed it to `to`, which the chosen version binds.
    RenamedTo {
        to: &'a Property,
        since: BootVersion,
    },
    /// The chosen version binds it under its earlier name `then`.
    NamedEarlier { then: &'a Property },
    /// Other versions bind it.
    BoundIn(&'a Property),
}

/// Resolves `rest`, the part of a key after `spring.kafka.`, as Spring Boot
/// `boot` binds it. List indexes (`bootstrap-servers[0]`) are dropped; a map
/// key may be bracketed (`properties[max.poll.records]`).
pub fn resolve(rest: &str, boot: BootVersion) -> Resolved<'static> {
    let elements = split_elements(rest);
    let bound = properties().iter().filter(|p| p.bound_in(boot));
    if let Some(found) = matching(&elements, bound) {
        return found;
    }
    let elsewhere = version_hint(&elements, boot);
    let suggestion = match &elsewhere {
        Some(Elsewhere::RenamedTo { to, .. }) => Some(*to),
        Some(Elsewhere::NamedEarlier { then }) => Some(*then),
        _ => closest(&elements, boot),
    };
    Resolved::Unknown {
        suggestion,
        elsewhere,
    }
}

/// The first of `candidates` that `elements` name.
fn matching(
    elements: &[String],
    candidates: impl Iterator<Item = &'static Property>,
) -> Option<Resolved<'static>> {
    for property in candidates {
        let n = property.uniform.len();
        if elements.len() < n {
            continue;
        }
        let head_matches = elements[..n]
            .iter()
            .zip(&property.uniform)
            .all(|(e, u)| uniform(strip_index(e)) == *u);
        if !head_matches {
            continue;
        }
        match (property.kind, elements.len() == n) {
            (Kind::Map, true) => return Some(Resolved::EmptyMap(property)),
            (Kind::Map, false) => {
                let key = elements[n..].join(".");
                return Some(Resolved::Passed { map: property, key });
            }
            // `jaas.options.*` is a map of Spring's own.
            (Kind::Spring, false) if property.name.ends_with(".options") => {
                return Some(Resolved::Typed(property));
            }
            (_, true) => return Some(Resolved::Typed(property)),
            _ => {}
        }
    }
    None
}

/// One row of `renames.tsv`.
struct Rename {
    old: String,
    new: String,
    since: BootVersion,
}

fn renames() -> &'static [Rename] {
    static ALL: OnceLock<Vec<Rename>> = OnceLock::new();
    ALL.get_or_init(|| {
        include_str!("renames.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .filter_map(|line| {
                let [old, new, since] = line.split('\t').collect::<Vec<_>>()[..] else {
                    return None;
                };
                Some(Rename {
                    old: old.to_string(),
                    new: new.to_string(),
                    since: BootVersion::parse(since).ok()?,
                })
            })
            .collect()
    })
}

/// A name in relaxed binding's uniform form, elements joined by dots.
fn uniform_name(elements: &[String]) -> String {
    elements
        .iter()
        .map(|e| uniform(strip_index(e)))
        .collect::<Vec<_>>()
        .join(".")
}

fn uniform_of(name: &str) -> String {
    name.split('.').map(uniform).collect::<Vec<_>>().join(".")
}

/// The typed property named `name` that Boot `boot` binds.
fn bound_named(name: &str, boot: BootVersion) -> Option<&'static Property> {
    properties()
        .iter()
        .find(|p| p.name == name && p.bound_in(boot))
}

/// What other Boot versions make of a name `boot` does not bind: its new name
/// (following renames), its earlier name, or the versions that bind it.
fn version_hint(elements: &[String], boot: BootVersion) -> Option<Elsewhere<'static>> {
    let written = uniform_name(elements);
    let mut name = written.clone();
    // Renames chain (cache-max-bytes-buffering -> cache-max-size-buffering ->
    // state-store-cache-max-size); the table is short and acyclic. The
    // version told is the one that gave the name its current form.
    for _ in 0..renames().len() {
        let Some(r) = renames().iter().find(|r| uniform_of(&r.old) == name) else {
            break;
        };
        if let Some(to) = bound_named(&r.new, boot) {
            return Some(Elsewhere::RenamedTo { to, since: r.since });
        }
        name = uniform_of(&r.new);
    }
    let earlier = renames()
        .iter()
        .filter(|r| uniform_of(&r.new) == written)
        .find_map(|r| bound_named(&r.old, boot));
    if let Some(then) = earlier {
        return Some(Elsewhere::NamedEarlier { then });
    }
    match matching(elements, properties().iter())? {
        Resolved::Typed(p) => Some(Elsewhere::BoundIn(p)),
        _ => None,
    }
}

/// Splits on dots outside brackets; a bracketed element loses its brackets.
fn split_elements(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '[' if depth == 0 && current.is_empty() => depth = 1,
            '[' if depth == 0 => {
                // `name[0]` or `properties[key]`: a new element starts.
                out.push(std::mem::take(&mut current));
                depth = 1;
            }
            ']' if depth == 1 => depth = 0,
            '.' if depth == 0 => out.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    out.push(current);
    out.retain(|e| !e.is_empty());
    // A list index is not an element of the name.
    out.retain(|e| !e.chars().all(|c| c.is_ascii_digit()));
    out
}

fn strip_index(element: &str) -> &str {
    element.split('[').next().unwrap_or(element)
}

/// The property whose name is closest to the written one, when it is close
/// (names compared in relaxed binding's uniform form).
fn closest(elements: &[String], boot: BootVersion) -> Option<&'static Property> {
    let written: Vec<String> = elements.iter().map(|e| uniform(e)).collect();
    let written = written.join(".");
    let candidates = properties()
        .iter()
        .filter(|p| p.kind != Kind::Map && p.bound_in(boot));
    let names: Vec<String> = candidates.clone().map(|p| p.uniform.join(".")).collect();
    let best = crate::checks::closest(&written, names.iter().map(String::as_str))?;
    candidates
        .zip(&names)
        .find(|(_, n)| *n == best)
        .map(|(p, _)| p)
}

/// The property of `client` that sets `kafka_key`, if a typed one does.
pub fn typed_for(client: Client, kafka_key: &str) -> Option<&'static Property> {
    properties()
        .iter()
        .find(|p| p.client == client && p.kafka_key.as_deref() == Some(kafka_key))
}

/// The `properties` map of `client`.
pub fn map_of(client: Client) -> Option<&'static Property> {
    properties()
        .iter()
        .find(|p| p.client == client && p.kind == Kind::Map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(rest: &str) -> Option<(String, Client)> {
        match resolve(rest, BootVersion::newest()) {
            Resolved::Typed(p) => Some((p.name.clone(), p.client)),
            _ => None,
        }
    }

    #[test]
    fn relaxed_forms_resolve_to_the_canonical_property() {
        for form in [
            "consumer.max-poll-records",
            "consumer.maxPollRecords",
            "consumer.max_poll_records",
            "CONSUMER.MAX-POLL-RECORDS",
        ] {
            assert_eq!(
                typed(form),
                Some(("consumer.max-poll-records".to_string(), Client::Consumer)),
                "{form}"
            );
        }
    }

    #[test]
    fn ssl_and_security_exist_at_the_top_and_per_client() {
        assert_eq!(
            typed("ssl.key-store-location").map(|t| t.1),
            Some(Client::Common)
        );
        assert_eq!(
            typed("producer.ssl.trust-store-password").map(|t| t.1),
            Some(Client::Producer)
        );
        assert_eq!(
            typed("streams.security.protocol").map(|t| t.1),
            Some(Client::Streams)
        );
    }

    #[test]
    fn map_entries_pass_through_as_written() {
        let passed = |rest: &str| match resolve(rest, BootVersion::newest()) {
            Resolved::Passed { map, key } => Some((map.client, key)),
            _ => None,
        };
        assert_eq!(
            passed("properties.max.poll.records"),
            Some((Client::Common, "max.poll.records".to_string()))
        );
        assert_eq!(
            passed("consumer.properties[max.poll.records]"),
            Some((Client::Consumer, "max.poll.records".to_string()))
        );
        // Relaxed binding stops at the map: a kebab key reaches Kafka as written.
        assert_eq!(
            passed("consumer.properties.enable-auto-commit"),
            Some((Client::Consumer, "enable-auto-commit".to_string()))
        );
    }

    #[test]
    fn unknown_keys_get_the_closest_property() {
        let Resolved::Unknown { suggestion, .. } =
            resolve("consumer.max-pol-records", BootVersion::newest())
        else {
            panic!("resolved");
        };
        assert_eq!(
            suggestion.map(|p| p.name.as_str()),
            Some("consumer.max-poll-records")
        );
        assert!(matches!(
            resolve("consumer.no-such-thing-at-all", BootVersion::newest()),
            Resolved::Unknown {
                suggestion: None,
                ..
            }
        ));
    }

    #[test]
    fn indexed_lists_resolve() {
        assert_eq!(
            typed("bootstrap-servers[1]").map(|t| t.0),
            Some("bootstrap-servers".to_string())
        );
    }
}
