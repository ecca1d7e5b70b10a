//! Broker facts that Kafka's `KafkaConfig` resolves from several settings, for
//! rules: the inter-broker listener with its protocol and SASL mechanisms, the
//! ordering of inter-broker protocol and message format versions, the parsed
//! `max.connections.per.ip.overrides` and the log retention time in ms.

use crate::catalog::KafkaVersion;
use crate::catalog::metadata_version_key;
use crate::model::effective::EffectiveConfig;
use crate::model::value::Value;
use cel::Value as Cel;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Kafka's inter-broker protocol versions in order, each with the newest record
/// format it writes (see the file's header for the sources).
const METADATA_VERSIONS: &str = include_str!("metadata_versions.tsv");

/// The broker fact `derived.<field>`, None for no such field.
pub(super) fn field(
    field: &str,
    config: &EffectiveConfig,
    version: KafkaVersion,
    protocol_map: &HashMap<String, String>,
) -> Option<Cel> {
    Some(match field {
        "inter_broker" => inter_broker(config, version, protocol_map),
        "ibp" => metadata_version(config, "inter.broker.protocol.version"),
        "message_format" => metadata_version(config, "log.message.format.version"),
        "ip_overrides" => ip_overrides(config),
        "retention_ms" => retention_ms(config).map_or(Cel::Null, Cel::Int),
        _ => return None,
    })
}

/// The log retention time `KafkaConfig.logRetentionTimeMillis` derives:
/// `log.retention.ms`, which the effective configuration fills from
/// `log.retention.minutes` or `log.retention.hours` (`fills.toml`); any
/// negative value means unlimited, -1.
fn retention_ms(config: &EffectiveConfig) -> Option<i64> {
    let millis = config.int("log.retention.ms")?;
    Some(if millis < 0 { -1 } else { millis })
}

fn known_text<'c>(config: &'c EffectiveConfig, key: &str) -> Option<&'c str> {
    config
        .get(key)
        .filter(|v| v.def.is_some())
        .and(config.text(key))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The listener brokers use among themselves (`KafkaConfig.interBrokerListenerName`),
/// its security protocol (null where Kafka refuses to work it out: both
/// `inter.broker.listener.name` and `security.inter.broker.protocol` set, or a
/// listener without a protocol), the SASL mechanisms enabled on it and the key
/// they come from (`KafkaConfig.saslEnabledMechanisms(listenerName)`: from 1.1
/// `listener.name.<listener in lower case>.sasl.enabled.mechanisms` wins).
fn inter_broker(
    config: &EffectiveConfig,
    version: KafkaVersion,
    protocol_map: &HashMap<String, String>,
) -> Cel {
    let by_name = known_text(config, "inter.broker.listener.name");
    let protocol_explicit = config
        .get("security.inter.broker.protocol")
        .is_some_and(|v| v.is_explicit());
    let (listener, protocol) = match by_name {
        Some(name) => {
            let listener = name.to_ascii_uppercase();
            let protocol = (!protocol_explicit)
                .then(|| protocol_map.get(&listener).cloned())
                .flatten();
            (listener, protocol)
        }
        None => {
            let protocol =
                known_text(config, "security.inter.broker.protocol").map(str::to_ascii_uppercase);
            (protocol.clone().unwrap_or_default(), protocol)
        }
    };
    let override_key = format!(
        "listener.name.{}.sasl.enabled.mechanisms",
        listener.to_ascii_lowercase()
    );
    let overridden = (version
        >= KafkaVersion {
            major: 1,
            minor: 1,
            patch: 0,
        })
    .then(|| config.explicit().find(|v| v.key == override_key))
    .flatten();
    let (mechanisms_key, mechanisms) = match overridden {
        Some(v) => (
            override_key.clone(),
            match &v.value {
                Some(Value::Reference(_) | Value::Secret(_)) => None,
                _ => v.raw.as_ref().map(|raw| split_list(&raw.shown())),
            },
        ),
        None => (
            "sasl.enabled.mechanisms".to_string(),
            match config.get("sasl.enabled.mechanisms").map(|v| &v.value) {
                Some(Some(Value::List(items))) => Some(items.clone()),
                Some(None) => Some(Vec::new()),
                _ => None,
            },
        ),
    };
    let mut m: HashMap<String, Cel> = HashMap::new();
    m.insert("listener".into(), Cel::from(listener));
    m.insert("protocol".into(), protocol.map_or(Cel::Null, Cel::from));
    m.insert("mechanisms_key".into(), Cel::from(mechanisms_key));
    m.insert(
        "mechanisms".into(),
        mechanisms.map_or(Cel::Null, |items| {
            Cel::from(items.into_iter().map(Cel::from).collect::<Vec<_>>())
        }),
    );
    Cel::from(m)
}

/// A list value as ConfigDef parses it: split on commas, each item trimmed.
fn split_list(text: &str) -> Vec<String> {
    let text = crate::model::value::java_trim(text);
    if text.is_empty() {
        return Vec::new();
    }
    text.split(',')
        .map(|s| crate::model::value::java_trim(s).to_string())
        .collect()
}

/// (name, newest record format) of every inter-broker protocol version, in order.
fn metadata_versions() -> &'static [(&'static str, i64)] {
    static TABLE: OnceLock<Vec<(&'static str, i64)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        METADATA_VERSIONS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (name, record) = l.split_once('\t')?;
                Some((name, record.trim().parse().ok()?))
            })
            .collect()
    })
}

/// The rank of an inter-broker protocol version such as `2.1-IV0` among
/// Kafka's (as `derived.ibp.order`), for rules' `mv("2.1-IV0")`; -1 if unknown.
pub(super) fn metadata_version_order(name: &str) -> i64 {
    metadata_versions()
        .iter()
        .position(|(n, _)| *n == name)
        .map_or(-1, |i| i as i64)
}

/// An inter-broker protocol or message format version as Kafka reads it
/// (`ApiVersion.apply`, `MetadataVersion.fromVersionString`): `{order, record,
/// name}`, where `order` ranks versions and `record` is the newest record
/// format (0, 1, 2); null when the key is unset, unknown or not a version.
fn metadata_version(config: &EffectiveConfig, key: &str) -> Cel {
    let Some(text) = known_text(config, key) else {
        return Cel::Null;
    };
    let wanted = metadata_version_key(text);
    // A short version (`2.1`) means the newest version of that release (`2.1-IV2`).
    let found = metadata_versions()
        .iter()
        .enumerate()
        .rev()
        .find(|(_, (name, _))| {
            *name == wanted
                || name
                    .split_once("-IV")
                    .is_some_and(|(short, _)| short == wanted)
        });
    let Some((order, (name, record))) = found else {
        return Cel::Null;
    };
    let mut m: HashMap<String, Cel> = HashMap::new();
    m.insert("order".into(), Cel::Int(order as i64));
    m.insert("record".into(), Cel::Int(*record));
    m.insert("name".into(), Cel::from(name.to_string()));
    Cel::from(m)
}

/// `max.connections.per.ip.overrides` as `KafkaConfig` parses it
/// (`CoreUtils.parseCsvMap` / `Csv.parseCsvMap`, then each count `toInt`):
/// `malformed`, the entries that make the parse throw (no `:`, or a count that
/// is not an int), and `bad_hosts`, the hosts `Utils.validHostPattern` rejects.
fn ip_overrides(config: &EffectiveConfig) -> Cel {
    let mut malformed = Vec::new();
    let mut bad_hosts = Vec::new();
    let text = config
        .get("max.connections.per.ip.overrides")
        .filter(|v| v.is_explicit() && matches!(v.value, Some(Value::Str(_))))
        .and_then(|v| v.raw.as_ref())
        .map(|raw| raw.shown().into_owned())
        .unwrap_or_default();
    let text = crate::model::value::java_trim(&text);
    if !text.is_empty() {
        for entry in csv_entries(text) {
            match entry.rsplit_once(':') {
                Some((host, count)) if count.trim().parse::<i32>().is_ok() => {
                    let host = host.trim();
                    if !valid_host_pattern(host) {
                        bad_hosts.push(Cel::from(host.to_string()));
                    }
                }
                _ => malformed.push(Cel::from(entry.to_string())),
            }
        }
    }
    let mut m: HashMap<String, Cel> = HashMap::new();
    m.insert("malformed".into(), Cel::from(malformed));
    m.insert("bad_hosts".into(), Cel::from(bad_hosts));
    Cel::from(m)
}

/// Java's `str.split("\\s*,\\s*")`: items without the blanks around commas;
/// trailing empty items dropped, leading and inner ones kept.
fn csv_entries(text: &str) -> Vec<&str> {
    let mut items: Vec<&str> = text
        .split(',')
        .enumerate()
        .map(|(i, s)| if i == 0 { s.trim_end() } else { s.trim() })
        .collect();
    while items.last().is_some_and(|s| s.is_empty()) {
        items.pop();
    }
    items
}

/// `Utils.validHostPattern`: letters, digits and `-%._:` only (an empty host passes).
fn valid_host_pattern(host: &str) -> bool {
    host.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-%._:".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_entries_split_as_java_does() {
        assert_eq!(csv_entries("a:1 , b:2,"), vec!["a:1", "b:2"]);
        assert_eq!(csv_entries(",a:1"), vec!["", "a:1"]);
        assert_eq!(csv_entries("a:1,,b:2"), vec!["a:1", "", "b:2"]);
    }

    #[test]
    fn host_patterns() {
        for ok in ["127.0.0.1", "host-1.example.com", "::1", "fe80::1%eth0", ""] {
            assert!(valid_host_pattern(ok), "{ok}");
        }
        for bad in ["10.0.0.0/8", "*", "[::1]", "host name", "höst"] {
            assert!(!valid_host_pattern(bad), "{bad}");
        }
    }

    #[test]
    fn the_version_table_is_ordered_and_complete() {
        let table = metadata_versions();
        assert_eq!(table.first(), Some(&("0.8.0", 0)));
        assert!(table.iter().any(|(n, r)| *n == "0.10.0-IV0" && *r == 1));
        assert!(table.iter().any(|(n, r)| *n == "0.11.0-IV0" && *r == 2));
        assert!(table.iter().any(|(n, _)| *n == "3.9-IV0"));
        assert!(table.windows(2).all(|w| w[0].1 <= w[1].1));
    }
}
