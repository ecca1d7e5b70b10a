//! Which keys Strimzi forbids in each kind of `config` map, from
//! `forbidden.toml`.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The rules of one kind of `config` map.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Forbidden {
    prefixes: Vec<String>,
    exceptions: Vec<String>,
    /// Keys allowed per listener as `listener.name.<name>-<port>.<key>`.
    #[serde(default)]
    per_listener: Vec<String>,
}

/// The table for `kind` (`kafka`, `connect`, `topic`, ...).
pub fn table(kind: &str) -> &'static Forbidden {
    static TABLES: OnceLock<BTreeMap<String, Forbidden>> = OnceLock::new();
    static NONE: Forbidden = Forbidden {
        prefixes: Vec::new(),
        exceptions: Vec::new(),
        per_listener: Vec::new(),
    };
    let tables = TABLES.get_or_init(|| {
        // Embedded data, checked by a test: it cannot fail at run time.
        toml::from_str(include_str!("forbidden.toml"))
            .unwrap_or_else(|e| panic!("src/carrier/strimzi/forbidden.toml: {e}"))
    });
    tables.get(kind).unwrap_or(&NONE)
}

impl Forbidden {
    /// Whether Strimzi drops `key`, for a cluster with these listener
    /// identifiers (`name-port`), as `AbstractConfiguration.filterForbidden`
    /// decides: a prefix of the lowercased key, unless the key is an exception.
    pub fn forbids(&self, key: &str, listeners: &[String]) -> bool {
        let lower = key.to_lowercase();
        let prefixed = self.prefixes.iter().any(|p| lower.starts_with(p.as_str()));
        prefixed
            && !self.exceptions.iter().any(|e| e == key)
            && !self.per_listener_key(key, listeners)
    }

    fn per_listener_key(&self, key: &str, listeners: &[String]) -> bool {
        listeners.iter().any(|listener| {
            self.per_listener
                .iter()
                .any(|allowed| key == format!("listener.name.{listener}.{allowed}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_load_and_decide_as_strimzi_does() {
        let kafka = table("kafka");
        assert!(kafka.forbids("listeners", &[]));
        assert!(kafka.forbids("ssl.keystore.location", &[]));
        assert!(kafka.forbids("Advertised.Listeners", &[]));
        assert!(!kafka.forbids("ssl.cipher.suites", &[]));
        assert!(!kafka.forbids("message.max.bytes", &[]));
        let listeners = vec!["tls-9093".to_string()];
        assert!(!kafka.forbids("listener.name.tls-9093.max.connections", &listeners));
        assert!(kafka.forbids("listener.name.tls-9093.ssl.client.auth", &listeners));
        assert!(table("connect").forbids("group.id", &[]));
        assert!(table("bridge-consumer").forbids("group.id", &[]));
        assert!(!table("bridge-producer").forbids("group.id", &[]));
        assert!(!table("topic").forbids("ssl.anything", &[]));
    }
}
