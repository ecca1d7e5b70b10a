//! Embedded facts about keys outside Kafka's tables: plugin and framework keys,
//! and librdkafka spellings. The data lives in `key_facts.toml`.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct KeyFacts {
    plugin: PluginKeys,
    librdkafka: BTreeMap<String, LibrdkafkaKey>,
    /// role -> key -> the first version that read the key before the docs listed it.
    undocumented: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Deserialize)]
struct PluginKeys {
    prefixes: Vec<String>,
    suffixes: Vec<String>,
}

/// What the Java client calls a librdkafka setting, if anything.
#[derive(Deserialize)]
pub struct LibrdkafkaKey {
    pub java: Option<String>,
    pub note: Option<String>,
}

fn facts() -> &'static KeyFacts {
    static FACTS: OnceLock<KeyFacts> = OnceLock::new();
    FACTS.get_or_init(|| {
        // The file is part of the binary: a parse error is a build defect that the
        // unit test below catches, never a user input error.
        toml::from_str(include_str!("key_facts.toml"))
            .unwrap_or_else(|e| panic!("key_facts.toml: {e}"))
    })
}

/// The plugin prefix `key` starts with (or the empty string for a plugin
/// suffix), if plugins or frameworks read it.
pub fn plugin_namespace(key: &str) -> Option<&'static str> {
    let f = &facts().plugin;
    f.prefixes
        .iter()
        .find(|p| key.starts_with(p.as_str()))
        .map(String::as_str)
        .or_else(|| {
            f.suffixes
                .iter()
                .any(|s| key.ends_with(s.as_str()))
                .then_some("")
        })
}

/// The first version that read `key` for `role` although its tables did not list it yet.
pub fn undocumented_since(role: crate::catalog::Role, key: &str) -> Option<&'static str> {
    facts()
        .undocumented
        .get(role.as_str())?
        .get(key)
        .map(String::as_str)
}

pub fn librdkafka(key: &str) -> Option<&'static LibrdkafkaKey> {
    facts().librdkafka.get(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_parse_and_answer() {
        assert_eq!(
            plugin_namespace("schema.registry.url"),
            Some("schema.registry.")
        );
        assert_eq!(
            plugin_namespace("listener.name.internal.scram-sha-256.sasl.jaas.config"),
            Some("listener.name.")
        );
        assert_eq!(plugin_namespace("lingr.ms"), None);
        assert_eq!(
            librdkafka("sasl.mechanisms").and_then(|k| k.java.as_deref()),
            Some("sasl.mechanism")
        );
    }
}
