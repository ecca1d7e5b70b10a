//! Embedded facts about keys outside Kafka's tables: plugin and framework keys,
//! and librdkafka spellings. The data lives in `key_facts.toml`, embedded as
//! JSON by build.rs (parsing its TOML at every start cost 6% of a small run).

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct KeyFacts {
    plugin: PluginKeys,
    librdkafka: BTreeMap<String, LibrdkafkaKey>,
    config_providers: ConfigProviders,
    listener_protocol_names: ListenerProtocolNames,
    jmx_client_id: JmxClientId,
    connect_standalone: ConnectStandalone,
}

/// What a standalone Connect worker reads differently from a distributed one.
#[derive(Deserialize)]
pub struct ConnectStandalone {
    /// StandaloneConfig's own key: the offsets file. Setting it marks a standalone worker.
    pub key: String,
    /// Keys DistributedConfig requires and a standalone worker does not read.
    pub distributed_only: Vec<String>,
}

/// Characters a client id cannot hold before Kafka quoted it for JMX.
#[derive(Deserialize)]
pub struct JmxClientId {
    /// The first release that quotes the client id.
    pub before: String,
    /// What an unquoted JMX ObjectName value cannot contain.
    pub forbidden: Vec<String>,
}

/// Listener names that must be security protocols, in releases before `before`.
#[derive(Deserialize)]
pub struct ListenerProtocolNames {
    /// The broker keys that list listeners.
    pub keys: Vec<String>,
    /// The first release where a listener may have a name of its own.
    pub before: String,
    /// From this release the protocol name is compared case-insensitively.
    pub case_insensitive_from: String,
    /// The security protocols of those releases.
    pub protocols: Vec<String>,
}

#[derive(Deserialize)]
struct ConfigProviders {
    /// The first release whose clients and brokers resolve `${provider:...}` references.
    resolved_from: String,
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
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/key_facts.json")))
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

/// What a standalone Connect worker reads differently from a distributed one.
pub fn connect_standalone() -> &'static ConnectStandalone {
    &facts().connect_standalone
}

/// The first release whose clients and brokers resolve `${provider:...}` references.
pub fn references_resolved_from() -> crate::catalog::KafkaVersion {
    let text = &facts().config_providers.resolved_from;
    // Part of the binary: the unit test below checks that it parses.
    crate::catalog::KafkaVersion::parse(text)
        .unwrap_or_else(|| panic!("key_facts.toml: config_providers.resolved_from {text:?}"))
}

/// Why Kafka `version` reads the reference `value` as written (`None`: it
/// resolves it). `declared` is the unit's `config.providers` value, if any.
pub fn unresolved_reference(
    value: &str,
    declared: Option<&str>,
    version: crate::catalog::KafkaVersion,
) -> Option<String> {
    let from = references_resolved_from();
    if version < from {
        return Some(format!(
            "Kafka resolves config provider references from {}.{} (KIP-421)",
            from.major, from.minor
        ));
    }
    let provider = value.strip_prefix("${")?.split_once(':')?.0.trim();
    let listed = declared.is_some_and(|d| d.split(',').any(|p| p.trim() == provider));
    (!listed).then(|| format!("`config.providers` does not name the provider `{provider}`"))
}

/// Where listener names must be security protocols (releases before 0.10.2).
pub fn listener_protocol_names() -> &'static ListenerProtocolNames {
    &facts().listener_protocol_names
}

/// Where a client id must suit JMX unquoted (releases before 1.0).
pub fn jmx_client_id() -> &'static JmxClientId {
    &facts().jmx_client_id
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

    #[test]
    fn references_resolve_from_2_3_with_a_declared_provider() {
        let v = |s| crate::catalog::KafkaVersion::parse(s).unwrap();
        let reference = "${env:MAX_POLL_RECORDS}";
        assert!(unresolved_reference(reference, Some("env"), v("2.2.2")).is_some());
        assert_eq!(
            unresolved_reference(reference, Some("file, env"), v("2.3")),
            None
        );
        assert!(unresolved_reference(reference, Some("file"), v("3.9")).is_some());
        assert!(unresolved_reference(reference, None, v("3.9")).is_some());
    }
}
