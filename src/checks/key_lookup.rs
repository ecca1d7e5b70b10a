//! What a key is to Kafka, for the role and version of the file: the shared
//! classification behind the unknown/wrong-role/librdkafka/version key checks,
//! so that each key gets exactly one of those verdicts.

use super::plugin_keys::{self, LibrdkafkaKey};
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

pub fn classify(catalog: &'static Catalog, role: Role, key: &str) -> KeyStatus {
    if catalog.key(role, key).is_some() {
        return KeyStatus::Known;
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
    let roles = catalog.roles_with_key(key);
    if !roles.is_empty() {
        let synonym = synonym(catalog, role, key);
        return KeyStatus::OtherRole { roles, synonym };
    }
    KeyStatus::Unknown
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
        let read_early = plugin_keys::undocumented_since(role, key)
            .is_some_and(|since| catalog::compare_versions(since, version) != Ordering::Greater);
        // Read but not documented yet: known, with nothing to check it against.
        return Some(if read_early {
            KeyStatus::Plugin
        } else {
            KeyStatus::NotYet { first: h.first }
        });
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
