//! What Kafka fills in before it validates: keys left unset that take another
//! key's value or a fixed one (`fills.toml`). Applied to the effective
//! configuration, so that checks, rules and `show` see the value Kafka uses.

use super::effective::{EffectiveConfig, EffectiveValue, ValueSource};
use super::semantics;
use super::value;
use crate::catalog::{KafkaVersion, Role};
use crate::secret::SettingValue;

/// One row of `fills.toml` (its `source` is checked by build.rs and not kept).
struct Fill {
    role: &'static str,
    key: &'static str,
    from: Option<&'static str>,
    /// Whether the `from` key's default counts too (Kafka reads it with getInt,
    /// default included), not only a value the file sets.
    from_default: bool,
    /// What the `from` value is multiplied by (hours to milliseconds).
    scale: i64,
    value: Option<&'static str>,
    /// A value built from other keys: `{a|b}` stands for the first of `a`, `b`
    /// the file sets, else the last one's default.
    template: Option<&'static str>,
    /// A template fill applies only when the file sets one of these keys.
    when_set: &'static [&'static str],
    when: Option<&'static str>,
    since: &'static str,
    before: Option<&'static str>,
}

fn fills() -> &'static [Fill] {
    include!(concat!(env!("OUT_DIR"), "/fills.rs"))
}

impl Fill {
    fn applies(&self, role: Role, version: KafkaVersion) -> bool {
        let at_least = |v: &str| KafkaVersion::parse(v).is_none_or(|v| version >= v);
        self.role == role.as_str()
            && at_least(self.since)
            && self
                .before
                .and_then(KafkaVersion::parse)
                .is_none_or(|before| version < before)
    }
}

/// Fills in what Kafka would, for a unit of `role` at `version`.
pub fn apply(config: &mut EffectiveConfig, role: Option<Role>, version: KafkaVersion) {
    let Some(role) = role else { return };
    for fill in fills().iter().filter(|f| f.applies(role, version)) {
        // The file's own value wins, and so does an earlier row (the first
        // synonym Kafka consults).
        if config
            .get(fill.key)
            .is_some_and(|v| v.is_explicit() || matches!(v.source, ValueSource::Filled { .. }))
        {
            continue;
        }
        if fill.when == Some("idempotent") && !semantics::idempotence(config, version).0 {
            continue;
        }
        let Some(def) = config.get(fill.key).and_then(|v| v.def) else {
            continue;
        };
        let Some((raw, from)) = filled_value(fill, config) else {
            continue;
        };
        let typed = raw
            .as_ref()
            .and_then(|r| value::parse_setting(def.ty, r).ok());
        config.fill(EffectiveValue {
            key: fill.key.into(),
            raw,
            value: typed,
            type_error: None,
            source: ValueSource::Filled {
                from,
                by_file: fill.template.is_some(),
            },
            def: Some(def),
        });
    }
}

/// The value a fill gives and the key it comes from (`kafka` for a fixed value);
/// `None` when the fill does not apply to this file.
fn filled_value(
    fill: &Fill,
    config: &EffectiveConfig,
) -> Option<(Option<SettingValue>, &'static str)> {
    if let Some(template) = fill.template {
        let from = fill
            .when_set
            .iter()
            .find(|k| config.get(k).is_some_and(EffectiveValue::is_explicit))?;
        return Some((
            Some(SettingValue::Plain(expand(template, config).into())),
            from,
        ));
    }
    match (fill.from, fill.value) {
        (Some(from), _) => {
            let source = config
                .get(from)
                .filter(|v| v.is_explicit() || (fill.from_default && v.raw.is_some()))?;
            Some((scaled(source, fill.scale), from))
        }
        (None, Some(value)) => Some((Some(SettingValue::Plain(value.into())), "kafka")),
        (None, None) => None,
    }
}

/// `template` with each `{a|b}` replaced by the trimmed value of the first of
/// `a`, `b` the file sets, else of the last one's default (empty when null).
fn expand(template: &str, config: &EffectiveConfig) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let keys: Vec<&str> = rest[open + 1..open + close].split('|').collect();
        let chosen = keys
            .iter()
            .find(|k| config.get(k).is_some_and(EffectiveValue::is_explicit))
            .or(keys.last());
        let text = chosen
            .and_then(|k| config.get(k))
            .and_then(|v| v.raw.as_ref())
            .map(|r| r.expose().trim().to_string())
            .unwrap_or_default();
        out.push_str(&text);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The source's value times `scale` (as Kafka's `60 * 60 * 1000L * getInt(...)`);
/// a value that is not a whole number is left for the source's own check.
fn scaled(source: &EffectiveValue, scale: i64) -> Option<SettingValue> {
    if scale == 1 {
        return source.raw.clone();
    }
    let number = source.raw.as_ref()?.expose().trim().parse::<i64>().ok()?;
    Some(SettingValue::Plain(
        number.saturating_mul(scale).to_string().into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::select_version;
    use crate::model::{Overrides, UnitModel};

    fn model(role: Role, version: &str, text: &str) -> UnitModel {
        let overrides = Overrides {
            role: Some(role),
            kafka_version: select_version(version).ok(),
            ..Overrides::default()
        };
        UnitModel::properties("x.properties", text.as_bytes().to_vec(), &overrides)
    }

    #[test]
    fn kraft_node_id_comes_from_broker_id_and_back() {
        let m = model(Role::Broker, "3.7", "process.roles=broker\nbroker.id=3\n");
        assert_eq!(m.config.int("node.id"), Some(3));
        let m = model(Role::Broker, "3.7", "process.roles=broker\nnode.id=4\n");
        assert_eq!(m.config.int("broker.id"), Some(4));
        let m = model(Role::Broker, "3.7", "node.id=4\nbroker.id=5\n");
        assert_eq!(
            (m.config.int("node.id"), m.config.int("broker.id")),
            (Some(4), Some(5))
        );
    }

    #[test]
    fn idempotent_producers_before_2_1_retry_for_ever() {
        let retries = |version, text| model(Role::Producer, version, text).config.int("retries");
        assert_eq!(
            retries("1.0", "enable.idempotence=true\n"),
            Some(2_147_483_647)
        );
        assert_eq!(retries("1.0", "transactional.id=t\n"), Some(2_147_483_647));
        assert_eq!(
            retries("1.0", "enable.idempotence=true\nretries=3\n"),
            Some(3)
        );
        assert_eq!(retries("1.0", "acks=all\n"), Some(0));
        assert_eq!(
            retries("2.1", "enable.idempotence=true\n"),
            Some(2_147_483_647)
        );
    }

    #[test]
    fn broker_times_in_ms_come_from_their_coarser_synonyms() {
        let ms = |text, key| model(Role::Broker, "3.7", text).config.int(key);
        // Nothing set: log.retention.hours' default, 168 hours.
        assert_eq!(ms("", "log.retention.ms"), Some(604_800_000));
        assert_eq!(
            ms("log.retention.hours=2\n", "log.retention.ms"),
            Some(7_200_000)
        );
        // Minutes win over hours, milliseconds over both.
        let both = "log.retention.hours=2\nlog.retention.minutes=3\n";
        assert_eq!(ms(both, "log.retention.ms"), Some(180_000));
        let all = "log.retention.ms=5\nlog.retention.minutes=3\n";
        assert_eq!(ms(all, "log.retention.ms"), Some(5));
        assert_eq!(ms("log.roll.hours=1\n", "log.roll.ms"), Some(3_600_000));
        assert_eq!(
            ms(
                "log.flush.scheduler.interval.ms=10\n",
                "log.flush.interval.ms"
            ),
            Some(10)
        );
        // Not for other roles.
        let topic = model(Role::Topic, "3.7", "retention.ms=5\n");
        assert_eq!(topic.config.int("log.retention.ms"), None);
    }

    #[test]
    fn old_brokers_build_listeners_from_host_name_and_port() {
        let text = |version, file, key: &str| {
            let m = model(Role::Broker, version, file);
            m.config
                .get(key)
                .and_then(|v| v.raw.as_ref().map(|r| r.expose().to_string()))
        };
        let old = "port=9093\nadvertised.host.name=kafka1\n";
        assert_eq!(
            text("2.8", old, "listeners").as_deref(),
            Some("PLAINTEXT://:9093")
        );
        assert_eq!(
            text("2.8", old, "advertised.listeners").as_deref(),
            Some("PLAINTEXT://kafka1:9093")
        );
        // Only the advertised keys make an advertised listener of their own.
        let host = "host.name=h\nlisteners=SSL://:9094\n";
        assert_eq!(text("2.8", host, "advertised.listeners"), None);
        assert_eq!(
            text("2.8", host, "listeners").as_deref(),
            Some("SSL://:9094")
        );
        // Nothing set: listeners stays at its default, supplied at deployment.
        assert_eq!(text("2.8", "broker.id=1\n", "listeners"), None);
        // Gone in 3.0: the default listener, not port's.
        assert_eq!(
            text("3.0", old, "listeners").as_deref(),
            Some("PLAINTEXT://:9092")
        );
    }

    #[test]
    fn the_table_names_real_roles_and_versions() {
        assert!(fills().len() >= 3);
        for f in fills() {
            assert!(Role::parse(f.role).is_some(), "{}", f.role);
            assert!(KafkaVersion::parse(f.since).is_some(), "{}", f.since);
            assert!(
                f.before.is_none_or(|b| KafkaVersion::parse(b).is_some()),
                "{}",
                f.key
            );
        }
    }
}
