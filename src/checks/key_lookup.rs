//! What a key is to Kafka, for the role and version of the file: the shared
//! classification behind the unknown/wrong-role/librdkafka/version key checks,
//! so that each key gets exactly one of those verdicts.

use super::plugin_keys::{self, LibrdkafkaKey};
use crate::catalog::embedded::{self, Receiver};
use crate::catalog::{self, Catalog, Role};
use std::cmp::Ordering;

pub enum KeyStatus {
    Known,
    /// Read by a plugin or framework, not by Kafka itself.
    Plugin,
    /// This role has the key only in later versions.
    NotYet {
        first: &'static str,
    },
    /// This role had the key until `last`.
    Removed {
        last: &'static str,
        removed_in: &'static str,
    },
    Librdkafka(&'static LibrdkafkaKey),
    /// Other roles know the key; `synonym` is this role's name for the same setting.
    OtherRole {
        roles: Vec<Role>,
        synonym: Option<String>,
    },
    Unknown,
}

/// A key's verdict, and which role's catalog gave it: a Streams or Connect file
/// hands prefixed and unknown keys on to its clients (`producer.lingerr.ms` is an
/// unknown producer key `lingerr.ms` behind the prefix `producer.`).
pub struct Verdict {
    pub status: KeyStatus,
    /// The role that reads the key: the file's, or the one it is handed to.
    pub role: Role,
    /// The prefix stripped before the lookup (empty for none).
    pub prefix: &'static str,
}

pub fn classify(catalog: &'static Catalog, role: Role, key: &str) -> Verdict {
    let own = |status| Verdict {
        status,
        role,
        prefix: "",
    };
    let standalone_key = role == Role::Connect && key == plugin_keys::connect_standalone().key;
    if catalog.key(role, key).is_some() || standalone_key {
        return own(KeyStatus::Known);
    }
    if let Some((embedding, name)) = embedded::prefixed(catalog.version(), role, key) {
        let Receiver::Role(inner) = embedding.receiver else {
            return own(KeyStatus::Plugin);
        };
        return Verdict {
            prefix: embedding.prefix,
            ..classify(catalog, inner, name)
        };
    }
    if let Some(inner) = embedded::unprefixed(catalog.version(), role)
        .find(|&inner| catalog.key(inner, key).is_some())
    {
        return Verdict {
            status: KeyStatus::Known,
            role: inner,
            prefix: "",
        };
    }
    own(classify_own(catalog, role, key))
}

/// The verdict of `role`'s own catalog and history on a key it does not define.
fn classify_own(catalog: &'static Catalog, role: Role, key: &str) -> KeyStatus {
    if let Some(status) = handed_on_by_applications(catalog, role, key) {
        return status;
    }
    // A plugin prefix does not hide a typo: `interceptor.clases` is no plugin's
    // key but a misspelt `interceptor.classes` that Kafka ignores.
    if let Some(namespace) = plugin_keys::plugin_namespace(key)
        && !near_a_key(catalog, role, namespace, key)
    {
        return KeyStatus::Plugin;
    }
    if let Some(status) = version_status(catalog.version(), role, key) {
        return status;
    }
    let is_client = matches!(role, Role::Producer | Role::Consumer | Role::Admin);
    if let Some(alias) = plugin_keys::librdkafka(key).filter(|_| is_client) {
        return KeyStatus::Librdkafka(alias);
    }
    let roles = owners(catalog, key);
    if !roles.is_empty() {
        let synonym = synonym(catalog, role, key);
        return KeyStatus::OtherRole { roles, synonym };
    }
    KeyStatus::Unknown
}

/// The prefixes under which Kafka Streams and Connect hand keys on to their
/// clients.
const CLIENT_PREFIXES: [&str; 3] = ["producer.", "consumer.", "admin."];

/// A client file's key that only a Streams application or Connect worker reads
/// (`producer.acks` in a producer's file), when what follows the prefix is the
/// client's own key: the client ignores it, and the setting meant is that key.
fn handed_on_by_applications(catalog: &Catalog, role: Role, key: &str) -> Option<KeyStatus> {
    if !matches!(role, Role::Producer | Role::Consumer | Role::Admin) {
        return None;
    }
    let rest = CLIENT_PREFIXES
        .iter()
        .find_map(|prefix| key.strip_prefix(prefix))?;
    catalog.key(role, rest)?;
    let roles: Vec<Role> = [Role::Streams, Role::Connect]
        .into_iter()
        .filter(|r| catalog.has_role(*r))
        .collect();
    (!roles.is_empty()).then(|| KeyStatus::OtherRole {
        roles,
        synonym: Some(rest.to_string()),
    })
}

/// The roles that have `key`. Streams and Connect only when no client, broker or
/// topic has it: they share most keys with the clients, and `session.timeout.ms`
/// in a producer file is a consumer's key, whatever a Connect worker makes of it.
fn owners(catalog: &Catalog, key: &str) -> Vec<Role> {
    let roles = catalog.roles_with_key(key);
    let applications = [Role::Streams, Role::Connect];
    if roles.iter().all(|r| applications.contains(r)) {
        return roles;
    }
    roles
        .into_iter()
        .filter(|r| !applications.contains(r))
        .collect()
}

/// Whether `key`, in a plugin namespace, is one edit away from a key of this
/// role and version in that namespace (`interceptor.clases`). Only Kafka's own
/// keys of the namespace are compared: most namespaces have none.
fn near_a_key(catalog: &Catalog, role: Role, namespace: &str, key: &str) -> bool {
    let prefix = key
        .get(..namespace.len().saturating_sub(1))
        .unwrap_or(namespace);
    let names = catalog
        .key_names(role)
        .filter(|name| !prefix.is_empty() && name.starts_with(prefix));
    super::one_edit_from(key, names).is_some()
}

fn version_status(version: &'static str, role: Role, key: &str) -> Option<KeyStatus> {
    let history = catalog::key_history(key);
    let h = history.iter().find(|h| h.role == role)?;
    if catalog::compare_versions(h.first, version) == Ordering::Greater {
        return Some(KeyStatus::NotYet { first: h.first });
    }
    match (h.last, h.removed_in) {
        (Some(last), Some(removed_in))
            if catalog::compare_versions(removed_in, version) != Ordering::Greater =>
        {
            Some(KeyStatus::Removed { last, removed_in })
        }
        _ => None,
    }
}

/// Broker and topic configs name the same setting differently
/// (`message.max.bytes` / `max.message.bytes`); the catalog records the pairs.
fn synonym(catalog: &Catalog, role: Role, key: &str) -> Option<String> {
    match role {
        Role::Broker => catalog
            .key(Role::Topic, key)?
            .server_default_property
            .clone(),
        Role::Topic => catalog
            .keys(Role::Topic)
            .iter()
            .find(|d| d.server_default_property.as_deref() == Some(key))
            .map(|d| d.name.clone()),
        _ => None,
    }
}
