//! Keys that a Kafka Streams application or a Kafka Connect worker hands on to
//! the clients, topics and plugins it creates (`producer.linger.ms`, plain
//! `linger.ms` in a Streams file, `listeners.https.ssl.keystore.location`):
//! `embedded.tsv`, with the source of each line. The per-key checks read such a
//! key against the catalog of the role that receives it.

use super::{Catalog, KeyDef, Role, compare_versions};
use std::cmp::Ordering;
use std::sync::OnceLock;

/// The embedded table; see its header for the columns.
const TEXT: &str = include_str!("embedded.tsv");

/// Who receives the keys of an embedding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    /// A role of the catalog: the key is checked against its table.
    Role(Role),
    /// A plugin (a converter) whose keys Kafka does not know: anything goes.
    Plugin,
}

/// One line of the table: `outer` passes keys starting with `prefix` (or, for an
/// empty prefix, the keys it does not know itself) to `receiver`, from `since`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embedding {
    pub outer: Role,
    /// Empty: the key is passed on as it is.
    pub prefix: &'static str,
    pub receiver: Receiver,
    /// The first release line that reads the prefix.
    pub since: &'static str,
    /// Where Kafka does it (file@tag).
    pub source: &'static str,
}

impl Embedding {
    /// Whether Kafka `version` reads this embedding.
    fn in_version(&self, version: &str) -> bool {
        compare_versions(self.since, version) != Ordering::Greater
    }
}

/// Every embedding, the longest prefix first (the most specific prefix decides).
pub fn embeddings() -> &'static [Embedding] {
    static TABLE: OnceLock<Vec<Embedding>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let (mut table, problems) = parse(TEXT);
        debug_assert!(problems.is_empty(), "embedded.tsv: {problems:?}");
        table.sort_by_key(|e| std::cmp::Reverse(e.prefix.len()));
        table
    })
}

fn parse(text: &'static str) -> (Vec<Embedding>, Vec<String>) {
    let mut table = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_line(line) {
            Some(e) => table.push(e),
            None => problems.push(format!("line {}: {line}", n + 1)),
        }
    }
    (table, problems)
}

fn parse_line(line: &'static str) -> Option<Embedding> {
    let fields: Vec<&'static str> = line.split('\t').collect();
    let [outer, prefix, receiver, since, source] = fields.as_slice() else {
        return None;
    };
    let receiver = match *receiver {
        "plugin" => Receiver::Plugin,
        role => Receiver::Role(Role::parse(role)?),
    };
    Some(Embedding {
        outer: Role::parse(outer)?,
        prefix: if *prefix == "-" { "" } else { prefix },
        receiver,
        since,
        source,
    })
}

/// The prefixed embedding of `outer` in `version` that governs `key`, and the
/// key with the prefix stripped; `None` if no prefix of `outer` matches.
pub fn prefixed<'k>(
    version: &str,
    outer: Role,
    key: &'k str,
) -> Option<(&'static Embedding, &'k str)> {
    embeddings()
        .iter()
        .filter(|e| e.outer == outer && !e.prefix.is_empty() && e.in_version(version))
        .find_map(|e| Some((e, key.strip_prefix(e.prefix)?)))
}

/// The roles to which `outer` in `version` passes the keys it does not know, unprefixed.
pub fn unprefixed(version: &str, outer: Role) -> impl Iterator<Item = Role> + '_ {
    embeddings().iter().filter_map(move |e| match e.receiver {
        Receiver::Role(role)
            if e.outer == outer && e.prefix.is_empty() && e.in_version(version) =>
        {
            Some(role)
        }
        _ => None,
    })
}

/// Every prefix (empty: none) under which `outer` in `version` hands keys on
/// to a role of the catalog, with that role: what an editor completes.
pub fn handed_on(version: &str, outer: Role) -> impl Iterator<Item = (&'static str, Role)> + '_ {
    embeddings().iter().filter_map(move |e| match e.receiver {
        Receiver::Role(role) if e.outer == outer && e.in_version(version) => Some((e.prefix, role)),
        _ => None,
    })
}

/// Where a key of a file is read, and as what.
#[derive(Clone, Copy, Debug)]
pub struct Resolved<'c, 'k> {
    /// The role whose catalog defines the key.
    pub role: Role,
    /// The key as that role names it (the prefix stripped).
    pub name: &'k str,
    pub def: &'c KeyDef,
}

impl Catalog {
    /// The definition Kafka applies to `key` in a file of `role`: the role's own,
    /// else (Streams, Connect) that of the client or topic the key is handed to.
    pub fn resolve<'c, 'k>(&'c self, role: Role, key: &'k str) -> Option<Resolved<'c, 'k>> {
        if let Some(def) = self.key(role, key) {
            return Some(Resolved {
                role,
                name: key,
                def,
            });
        }
        let version = self.version();
        if let Some((embedding, name)) = prefixed(version, role, key) {
            let Receiver::Role(inner) = embedding.receiver else {
                return None;
            };
            let def = self.key(inner, name)?;
            return Some(Resolved {
                role: inner,
                name,
                def,
            });
        }
        unprefixed(version, role).find_map(|inner| {
            Some(Resolved {
                role: inner,
                name: key,
                def: self.key(inner, key)?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_cleanly_and_names_its_sources() {
        let (table, problems) = parse(TEXT);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(table.len() >= 20);
        for e in &table {
            assert!(e.source.contains('@'), "{e:?}");
            assert!(super::super::versions().contains(&e.since), "{e:?}");
            assert!(matches!(e.outer, Role::Streams | Role::Connect), "{e:?}");
        }
    }

    #[test]
    fn the_longest_prefix_decides() {
        let (e, rest) = prefixed("3.7", Role::Streams, "main.consumer.max.poll.records").unwrap();
        assert_eq!((e.prefix, rest), ("main.consumer.", "max.poll.records"));
        let (e, rest) = prefixed(
            "3.7",
            Role::Connect,
            "admin.listeners.https.ssl.key.password",
        )
        .unwrap();
        assert_eq!(
            (e.prefix, rest),
            ("admin.listeners.https.", "ssl.key.password")
        );
        // Before 2.0 Streams has no `main.consumer.`: the key is no client's.
        assert!(prefixed("1.1", Role::Streams, "main.consumer.max.poll.records").is_none());
        assert!(prefixed("3.7", Role::Producer, "producer.linger.ms").is_none());
    }

    #[test]
    fn resolves_prefixed_and_passed_on_keys() {
        let catalog = Catalog::get("3.7");
        let r = catalog
            .resolve(Role::Streams, "producer.linger.ms")
            .unwrap();
        assert_eq!((r.role, r.name), (Role::Producer, "linger.ms"));
        let r = catalog.resolve(Role::Streams, "max.poll.records").unwrap();
        assert_eq!((r.role, r.name), (Role::Consumer, "max.poll.records"));
        let r = catalog
            .resolve(Role::Streams, "topic.cleanup.policy")
            .unwrap();
        assert_eq!(r.role, Role::Topic);
        let r = catalog.resolve(Role::Streams, "application.id").unwrap();
        assert_eq!(r.role, Role::Streams);
        assert!(
            catalog
                .resolve(Role::Streams, "producer.lingerr.ms")
                .is_none()
        );
        let r = catalog
            .resolve(Role::Connect, "listeners.https.ssl.keystore.location")
            .unwrap();
        assert_eq!((r.role, r.name), (Role::Connect, "ssl.keystore.location"));
        assert!(
            catalog
                .resolve(Role::Connect, "key.converter.schemas.enable")
                .is_none()
        );
        assert!(
            catalog
                .resolve(Role::Producer, "producer.linger.ms")
                .is_none()
        );
    }
}
