//! Catalog tests against facts from the Kafka docs (see /work/shared/kafka-catalog/README.md).

use super::*;
use std::cmp::Ordering;

fn key(version: &'static str, role: Role, name: &str) -> &'static KeyDef {
    match Catalog::get(version).key(role, name) {
        Some(k) => k,
        None => panic!("{version} {role} {name} missing"),
    }
}

fn default_of(version: &'static str, role: Role, name: &str) -> Default {
    key(version, role, name).default.clone()
}

fn val(s: &str) -> Default {
    Default::Value(s.to_string())
}

fn history(role: Role, name: &str) -> KeyHistory {
    match key_history(name).into_iter().find(|h| h.role == role) {
        Some(h) => h,
        None => panic!("no history for {role} {name}"),
    }
}

/// Key counts per release for producer, consumer, admin, broker, topic, streams
/// and connect, copied
/// from ../shared/kafka-catalog/counts.json up to 3.9, and from the ConfigDef
/// dumps (tools/catalog-gen/configdef) from 4.0 (0 = role not documented); the
/// 0.9.0 and 0.10.0 topic counts add the keys LogConfig defines and the docs
/// leave out (tools/catalog-gen/topic-keys-from-source.json: 4 and 7), and from
/// 3.0 to 3.9 the keys 3.x defines internally or the docs missed (same file).
const COUNTS: [(&str, [usize; 7]); 31] = [
    ("0.9.0", [47, 45, 0, 126, 18, 0, 49]),
    ("0.10.0", [49, 49, 0, 132, 21, 19, 55]),
    ("0.10.1", [50, 52, 0, 137, 24, 23, 56]),
    ("0.10.2", [51, 54, 0, 141, 24, 33, 57]),
    ("0.11.0", [53, 56, 38, 154, 24, 38, 64]),
    ("1.0", [53, 56, 38, 155, 24, 39, 65]),
    ("1.1", [53, 56, 38, 171, 24, 40, 69]),
    ("2.0", [60, 64, 45, 181, 25, 38, 78]),
    ("2.1", [62, 65, 46, 184, 25, 39, 79]),
    ("2.2", [62, 65, 46, 188, 25, 39, 79]),
    ("2.3", [62, 68, 46, 190, 26, 39, 82]),
    ("2.4", [63, 69, 47, 192, 26, 39, 88]),
    ("2.5", [64, 69, 48, 207, 26, 40, 90]),
    ("2.6", [65, 70, 49, 208, 26, 45, 93]),
    ("2.7", [70, 75, 54, 216, 26, 46, 98]),
    ("2.8", [70, 75, 54, 233, 26, 47, 98]),
    ("3.0", [70, 75, 54, 245, 29, 49, 94]),
    ("3.1", [84, 89, 68, 259, 29, 49, 108]),
    ("3.2", [84, 89, 68, 259, 29, 52, 108]),
    ("3.3", [87, 89, 68, 261, 29, 52, 109]),
    ("3.4", [88, 90, 69, 265, 29, 54, 110]),
    ("3.5", [88, 90, 69, 274, 29, 55, 110]),
    ("3.6", [88, 90, 69, 280, 31, 58, 111]),
    ("3.7", [90, 94, 72, 285, 31, 60, 112]),
    ("3.8", [94, 95, 73, 302, 34, 61, 113]),
    ("3.9", [95, 96, 74, 315, 36, 63, 114]),
    ("4.0", [95, 96, 74, 289, 33, 66, 114]),
    ("4.1", [112, 113, 90, 316, 33, 68, 133]),
    ("4.2", [113, 115, 91, 321, 34, 71, 133]),
    ("4.3", [113, 115, 91, 340, 33, 74, 133]),
    ("4.4", [119, 119, 95, 350, 37, 79, 138]),
];

#[test]
fn versions_are_consistent() {
    assert_eq!(versions().len(), data::VERSION_COUNT);
    assert_eq!(data::VERSIONS.len(), data::VERSION_COUNT);
    assert_eq!(versions().first(), Some(&"0.9.0"));
    assert_eq!(newest(), "4.4");
    for (i, (name, _)) in data::VERSIONS.iter().enumerate() {
        assert_eq!(*name, versions()[i]);
    }
    for w in versions().windows(2) {
        assert_eq!(compare_versions(w[0], w[1]), Ordering::Less, "{w:?}");
    }
    assert_eq!(compare_versions("0.9.0", "0.10.0"), Ordering::Less);
    assert_eq!(compare_versions("3.10", "3.9"), Ordering::Greater);
    assert_eq!(compare_versions("4.1", "4.1"), Ordering::Equal);
}

#[test]
fn every_table_decodes_cleanly_and_counts_match() {
    assert_eq!(COUNTS.len(), versions().len());
    for (v, counts) in COUNTS {
        let &name = versions().iter().find(|x| **x == v).expect("known version");
        let (_, text) = data::VERSIONS
            .iter()
            .find(|(n, _)| *n == v)
            .copied()
            .expect("table");
        let (cat, skipped) = decode::decode_catalog(name, text);
        assert_eq!(skipped, 0, "{v}: malformed lines");
        let lines = text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        let total: usize = Role::ALL.iter().map(|&r| cat.keys(r).len()).sum();
        assert_eq!(lines, total, "{v}: every line decodes to a key");
        for (i, role) in Role::ALL.into_iter().enumerate() {
            let n = cat.keys(role).len();
            assert_eq!(n, counts[i], "{v} {role}");
            assert_eq!(cat.has_role(role), counts[i] > 0, "{v} {role}");
        }
    }
    // Every line of the embedded history table parses.
    for lines in decode::index_history(data::HISTORY).values() {
        for line in lines {
            assert!(
                decode::parse_history_line(line, versions()).is_some(),
                "{line}"
            );
        }
    }
}

#[test]
fn defaults_are_normalised_everywhere() {
    for &v in versions() {
        let cat = Catalog::get(v);
        for role in Role::ALL {
            for k in cat.keys(role) {
                if let Default::Value(d) = &k.default {
                    assert!(!d.contains(" ("), "{v} {role} {}: {d}", k.name);
                    assert!(!d.starts_with("class "), "{v} {role} {}: {d}", k.name);
                    assert!(!d.starts_with('['), "{v} {role} {}: {d}", k.name);
                    assert!(d != "\"\"", "{v} {role} {}", k.name);
                    if matches!(
                        k.ty,
                        ConfigType::Int | ConfigType::Long | ConfigType::Short | ConfigType::Double
                    ) {
                        assert!(d.parse::<f64>().is_ok(), "{v} {role} {}: {d}", k.name);
                    }
                }
                // No validator is a Java object's toString.
                if let Validator::Prose(p) = &k.validator {
                    assert!(!p.contains('@'), "{v} {role} {}: {p}", k.name);
                }
                if let Validator::OneOf { values, .. } = &k.validator {
                    assert!(
                        values.iter().all(|x| !x.contains('@') && !x.is_empty()),
                        "{v} {}",
                        k.name
                    );
                }
            }
        }
    }
}

#[test]
fn topic_keys_logconfig_defines_before_their_docs() {
    // core/src/main/scala/kafka/log/LogConfig.scala@0.9.0.1 and @0.10.0.1.
    for name in [
        "compression.type",
        "preallocate",
        "unclean.leader.election.enable",
        "file.delete.delay.ms",
    ] {
        assert_eq!(history(Role::Topic, name).first, "0.9.0", "{name}");
    }
    for name in [
        "message.format.version",
        "message.timestamp.type",
        "message.timestamp.difference.max.ms",
    ] {
        assert_eq!(history(Role::Topic, name).first, "0.10.0", "{name}");
    }
    assert_eq!(
        default_of("0.9.0", Role::Topic, "compression.type"),
        val("producer")
    );
    assert_eq!(
        default_of("0.10.0", Role::Topic, "message.format.version"),
        val("0.10.0-IV1")
    );
}

#[test]
fn keys_3x_code_defines_and_its_docs_leave_out() {
    // GroupCoordinatorConfig.java@3.9.0-rc3: defineInternal, read by the coordinator.
    let policy = key("3.9", Role::Broker, "group.consumer.migration.policy");
    assert_eq!(policy.default, val("disabled"));
    assert_eq!(
        history(Role::Broker, "group.consumer.migration.policy").missing_in,
        Vec::<&str>::new()
    );
    // Public in 3.0-3.2's BrokerSecurityConfigs, missing from those docs.
    for v in ["3.0", "3.1", "3.2"] {
        key(v, Role::Broker, "sasl.server.max.receive.size");
    }
    // LogConfig@3.1.0-3.5.x: defineInternal, accepted on topics.
    for v in ["3.1", "3.3", "3.5"] {
        key(v, Role::Topic, "remote.storage.enable");
        key(v, Role::Topic, "local.retention.ms");
    }
    assert_eq!(
        history(Role::Broker, "group.consumer.session.timeout.ms").first,
        "3.5"
    );
    assert_eq!(
        history(Role::Broker, "controller.quorum.bootstrap.servers").first,
        "3.8"
    );
}

#[test]
fn session_timeout_history() {
    for v in ["0.9.0", "0.10.0"] {
        assert_eq!(
            default_of(v, Role::Consumer, "session.timeout.ms"),
            val("30000"),
            "{v}"
        );
    }
    for &v in versions() {
        let expected = match compare_versions(v, "0.10.1") {
            Ordering::Less => "30000",
            _ if compare_versions(v, "3.0") == Ordering::Less => "10000",
            _ => "45000",
        };
        assert_eq!(
            default_of(v, Role::Consumer, "session.timeout.ms"),
            val(expected),
            "{v}"
        );
    }
}

#[test]
fn producer_acks() {
    let acks28 = key("2.8", Role::Producer, "acks");
    assert_eq!(acks28.default, val("1"));
    assert_eq!(key("3.0", Role::Producer, "acks").default, val("all"));
    assert_eq!(acks28.ty, ConfigType::String);
    assert_eq!(
        acks28.validator,
        Validator::OneOf {
            values: vec!["all".into(), "-1".into(), "0".into(), "1".into()],
            case_insensitive: false,
            patterns: vec![],
        }
    );
    assert_eq!(
        acks28.validator.accepts(ConfigType::String, "all"),
        Some(true)
    );
    assert_eq!(
        acks28.validator.accepts(ConfigType::String, "ALL"),
        Some(false)
    );
    assert_eq!(acks28.validator.describe(), "one of: all, -1, 0, 1");
    assert_eq!(
        key("2.8", Role::Producer, "acks").importance,
        Importance::High
    );
    assert_eq!(
        key("3.0", Role::Producer, "acks").importance,
        Importance::Low
    );
}

#[test]
fn first_appearances_and_removals() {
    let h = history(Role::Producer, "enable.idempotence");
    assert_eq!((h.first, h.last, h.removed_in), ("0.11.0", None, None));
    assert!(
        Catalog::get("0.10.2")
            .key(Role::Producer, "enable.idempotence")
            .is_none()
    );
    assert_eq!(
        history(Role::Consumer, "max.poll.interval.ms").first,
        "0.10.1"
    );
    let zk = history(Role::Broker, "zookeeper.connect");
    assert_eq!(
        (zk.first, zk.last, zk.removed_in),
        ("0.9.0", Some("3.9"), Some("4.0"))
    );
    assert!(
        Catalog::get("4.0")
            .key(Role::Broker, "zookeeper.connect")
            .is_none()
    );
    assert_eq!(
        default_of("0.9.0", Role::Broker, "zookeeper.connect"),
        Default::Required
    );
    assert_eq!(
        default_of("3.9", Role::Broker, "zookeeper.connect"),
        Default::Null
    );
    // Gaps are reported, not treated as removals.
    let gap = history(Role::Broker, "max.decompressed.message.bytes");
    assert_eq!(gap.first, "4.2");
    assert_eq!(gap.last, None);
    assert_eq!(gap.missing_in, vec!["4.3"]);
    // The 3.1-3.5 gap of the docs is filled from LogConfig (defineInternal).
    assert!(
        history(Role::Topic, "local.retention.ms")
            .missing_in
            .is_empty()
    );
    // A key in several roles has one entry per role.
    let roles: Vec<Role> = key_history("bootstrap.servers")
        .iter()
        .map(|h| h.role)
        .collect();
    // Streams and the Connect worker document the bootstrap servers too.
    assert_eq!(
        roles,
        vec![
            Role::Producer,
            Role::Consumer,
            Role::Admin,
            Role::Streams,
            Role::Connect
        ]
    );
    assert_eq!(history(Role::Admin, "bootstrap.servers").first, "0.11.0");
    assert!(key_history("no.such.key").is_empty());
}

#[test]
fn linger_and_group_session_timeouts() {
    assert_eq!(default_of("3.9", Role::Producer, "linger.ms"), val("0"));
    assert_eq!(default_of("4.0", Role::Producer, "linger.ms"), val("5"));
    assert_eq!(key("4.0", Role::Producer, "linger.ms").ty, ConfigType::Long);
    assert_eq!(key("2.1", Role::Producer, "linger.ms").ty, ConfigType::Int);
    let g = |v| default_of(v, Role::Broker, "group.max.session.timeout.ms");
    assert_eq!(g("0.9.0"), val("30000"));
    assert_eq!(g("0.10.0"), val("300000"));
    assert_eq!(g("2.2"), val("300000"));
    assert_eq!(g("2.3"), val("1800000"));
    assert_eq!(g("4.1"), val("1800000"));
    assert_eq!(
        default_of("1.1", Role::Broker, "offsets.retention.minutes"),
        val("1440")
    );
    assert_eq!(
        default_of("2.0", Role::Broker, "offsets.retention.minutes"),
        val("10080")
    );
}

#[test]
fn topic_keys() {
    for &v in versions() {
        let k = key(v, Role::Topic, "max.message.bytes");
        assert_eq!(
            k.server_default_property.as_deref(),
            Some("message.max.bytes"),
            "{v}"
        );
    }
    // Hand-written 0.9.0 / 0.10.0 tables: numbers in the key's unit, facts from 0.10.1.
    for v in ["0.9.0", "0.10.0"] {
        assert_eq!(default_of(v, Role::Topic, "retention.ms"), val("604800000"));
        assert_eq!(default_of(v, Role::Topic, "segment.ms"), val("604800000"));
        assert_eq!(
            default_of(v, Role::Topic, "segment.bytes"),
            val("1073741824")
        );
        assert_eq!(
            default_of(v, Role::Topic, "segment.index.bytes"),
            val("10485760")
        );
        assert_eq!(default_of(v, Role::Topic, "retention.bytes"), val("-1"));
        assert_eq!(
            default_of(v, Role::Topic, "flush.messages"),
            val("9223372036854775807")
        );
        assert_eq!(
            default_of(v, Role::Topic, "max.message.bytes"),
            val("1000012")
        );
        assert_eq!(
            default_of(v, Role::Topic, "delete.retention.ms"),
            val("86400000")
        );
        let s = key(v, Role::Topic, "segment.jitter.ms");
        assert_eq!(s.ty, ConfigType::Long);
        assert_eq!(s.importance, Importance::Medium);
        assert_eq!(
            s.server_default_property.as_deref(),
            Some("log.roll.jitter.ms")
        );
    }
    let cp = key("3.9", Role::Topic, "cleanup.policy");
    assert_eq!(cp.ty, ConfigType::List);
    assert_eq!(cp.default, val("delete"));
    assert_eq!(cp.validator.accepts(cp.ty, "compact,delete"), Some(true));
    assert_eq!(cp.validator.accepts(cp.ty, "compact,nope"), Some(false));
    assert_eq!(
        default_of("0.10.1", Role::Topic, "cleanup.policy"),
        val("delete")
    );
    assert_eq!(
        default_of(
            "0.10.1",
            Role::Topic,
            "leader.replication.throttled.replicas"
        ),
        val("")
    );
}

#[test]
fn admin_role() {
    assert!(!Catalog::get("0.10.2").has_role(Role::Admin));
    assert!(Catalog::get("0.10.2").keys(Role::Admin).is_empty());
    assert!(Catalog::get("0.11.0").has_role(Role::Admin));
    let c40 = Catalog::get("4.0");
    assert!(c40.has_role(Role::Admin));
    assert!(c40.key(Role::Admin, "bootstrap.servers").is_some());
    assert_eq!(
        c40.key(Role::Admin, "bootstrap.servers")
            .map(|k| k.default.clone()),
        Some(val(""))
    );
    // Changed for all clients in 4.0: taken from the 4.0 producer/consumer.
    assert_eq!(
        default_of("4.0", Role::Admin, "metadata.recovery.strategy"),
        val("rebootstrap")
    );
    assert_eq!(
        default_of("4.0", Role::Admin, "metric.reporters"),
        val("org.apache.kafka.common.metrics.JmxReporter")
    );
    // Admin-only change between 3.9 and 4.1 (KIP-1076, 4.0): the newer value.
    assert_eq!(
        default_of("4.0", Role::Admin, "enable.metrics.push"),
        val("false")
    );
    assert!(c40.key(Role::Admin, "auto.include.jmx.reporter").is_none());
    assert!(
        c40.key(Role::Admin, "metadata.recovery.rebootstrap.trigger.ms")
            .is_some()
    );
    assert!(
        c40.key(Role::Admin, "sasl.oauthbearer.assertion.file")
            .is_none()
    );
    assert_eq!(
        c40.roles_with_key("bootstrap.servers"),
        vec![
            Role::Producer,
            Role::Consumer,
            Role::Admin,
            Role::Streams,
            Role::Connect
        ]
    );
    assert_eq!(c40.roles_with_key("node.id"), vec![Role::Broker]);
    assert!(c40.roles_with_key("nope").is_empty());
}

#[test]
fn validators() {
    let aor = key("3.8", Role::Consumer, "auto.offset.reset");
    assert_eq!(
        aor.validator,
        Validator::OneOf {
            values: vec!["latest".into(), "earliest".into(), "none".into()],
            case_insensitive: false,
            patterns: vec![],
        }
    );
    assert_eq!(aor.default, val("latest"));
    let aor4 = key("4.0", Role::Consumer, "auto.offset.reset");
    assert_eq!(
        aor4.validator
            .accepts(ConfigType::String, "by_duration:P1DT2H"),
        Some(true)
    );
    assert_eq!(
        aor4.validator
            .accepts(ConfigType::String, "by_duration:yesterday"),
        Some(false)
    );
    let sp = key("3.5", Role::Producer, "security.protocol");
    assert!(
        matches!(&sp.validator, Validator::OneOf { case_insensitive: true, values, .. } if values.len() == 4)
    );
    assert_eq!(
        sp.validator.accepts(ConfigType::String, "sasl_ssl"),
        Some(true)
    );
    assert!(matches!(
        key("3.4", Role::Producer, "security.protocol").validator,
        Validator::OneOf {
            case_insensitive: false,
            ..
        }
    ));
    let gz = key("3.9", Role::Topic, "compression.gzip.level");
    assert_eq!(
        gz.validator,
        Validator::Range {
            min: Some(1.0),
            max: Some(9.0),
            or_value: Some(-1.0)
        }
    );
    assert_eq!(gz.validator.describe(), "[1,...,9] or -1");
    let zstd = key("3.9", Role::Topic, "compression.zstd.level");
    assert_eq!(zstd.validator.describe(), "[-131072,...,22]");
    assert_eq!(
        key("3.9", Role::Topic, "delete.retention.ms")
            .validator
            .describe(),
        "[0,...]"
    );
    let ibp = key("3.7", Role::Broker, "inter.broker.protocol.version");
    assert!(
        matches!(&ibp.validator, Validator::VersionList(v) if v.first().map(String::as_str) == Some("0.8.0"))
    );
    for ok in ["3.7", "3.7-IV4", "2.1", "0.10.2", "3.6.1"] {
        assert_eq!(ibp.validator.accepts(ibp.ty, ok), Some(true), "{ok}");
    }
    for bad in ["3.9", "4.0", "banana", "0.10"] {
        assert_eq!(ibp.validator.accepts(ibp.ty, bad), Some(false), "{bad}");
    }
    // 2.1 printed a Java object instead of the list: the list comes from
    // validators.tsv (ApiVersion.scala@2.1.0), up to the release's own versions.
    let old = key("2.1", Role::Broker, "inter.broker.protocol.version");
    assert!(
        matches!(&old.validator, Validator::VersionList(v) if v.last().map(String::as_str) == Some("2.1-IV2"))
    );
    assert_eq!(old.validator.accepts(old.ty, "2.1"), Some(true));
    assert_eq!(old.validator.accepts(old.ty, "2.2"), Some(false));
    assert_eq!(
        key("1.1", Role::Producer, "bootstrap.servers").validator,
        Validator::NonNullString
    );
    assert_eq!(
        key(
            "0.10.1",
            Role::Topic,
            "leader.replication.throttled.replicas"
        )
        .validator,
        Validator::Any
    );
    assert!(matches!(
        key("3.9", Role::Topic, "leader.replication.throttled.replicas").validator,
        Validator::Prose(_)
    ));
    let pr = key("3.9", Role::Broker, "process.roles");
    assert_eq!(pr.validator.accepts(pr.ty, "broker,controller"), Some(true));
    assert_eq!(pr.validator.accepts(pr.ty, "broker,zookeeper"), Some(false));
    assert_eq!(
        key("4.0", Role::Broker, "process.roles").default,
        Default::Required
    );
    assert_eq!(
        key("3.9", Role::Broker, "controller.quorum.voters").validator,
        Validator::NonEmptyList
    );
    assert_eq!(
        key("3.9", Role::Producer, "transactional.id").validator,
        Validator::NonEmptyString
    );
    assert_eq!(
        key("3.9", Role::Producer, "transactional.id").default,
        Default::Null
    );
}

#[test]
fn tls_defaults_use_java_11_values() {
    for &v in versions() {
        let (proto, enabled) = match v {
            _ if compare_versions(v, "2.5") == Ordering::Less => ("TLS", None),
            "2.5" => ("TLSv1.2", Some("TLSv1.2")),
            _ => ("TLSv1.3", Some("TLSv1.2,TLSv1.3")),
        };
        for role in [Role::Producer, Role::Consumer, Role::Admin, Role::Broker] {
            let Some(k) = Catalog::get(v).key(role, "ssl.protocol") else {
                continue;
            };
            assert_eq!(k.default, val(proto), "{v} {role}");
            if let Some(e) = enabled {
                assert_eq!(
                    default_of(v, role, "ssl.enabled.protocols"),
                    val(e),
                    "{v} {role}"
                );
            }
        }
    }
    assert_eq!(
        default_of("0.9.0", Role::Producer, "ssl.enabled.protocols"),
        val("TLSv1.2,TLSv1.1,TLSv1")
    );
    assert_eq!(
        default_of("3.9", Role::Broker, "zookeeper.ssl.protocol"),
        val("TLSv1.2")
    );
}

#[test]
fn class_and_list_defaults() {
    assert_eq!(
        default_of("0.10.1", Role::Producer, "partitioner.class"),
        val("org.apache.kafka.clients.producer.internals.DefaultPartitioner")
    );
    assert_eq!(
        default_of("3.0", Role::Consumer, "partition.assignment.strategy"),
        val(
            "org.apache.kafka.clients.consumer.RangeAssignor,org.apache.kafka.clients.consumer.CooperativeStickyAssignor"
        )
    );
    assert_eq!(
        default_of("0.9.0", Role::Producer, "metric.reporters"),
        val("")
    );
    assert_eq!(default_of("0.9.0", Role::Producer, "client.id"), val(""));
    assert_eq!(
        default_of("0.9.0", Role::Producer, "key.serializer"),
        Default::Required
    );
    assert_eq!(
        default_of("0.9.0", Role::Producer, "ssl.keystore.location"),
        Default::Null
    );
    assert_eq!(Default::Null.describe(), "null");
    assert_eq!(val("").describe(), "\"\"");
    assert!(key("0.9.0", Role::Producer, "key.serializer").is_required());
}

#[test]
fn broker_update_modes() {
    assert_eq!(
        key("1.0", Role::Broker, "log.retention.ms").update_mode,
        None
    );
    assert_eq!(
        key("3.9", Role::Broker, "broker.id").update_mode,
        Some(UpdateMode::ReadOnly)
    );
    assert_eq!(
        key("3.9", Role::Broker, "log.retention.ms").update_mode,
        Some(UpdateMode::ClusterWide)
    );
}

#[test]
fn version_parsing() {
    let v = |s| KafkaVersion::parse(s);
    assert_eq!(
        v("3.7"),
        Some(KafkaVersion {
            major: 3,
            minor: 7,
            patch: 0
        })
    );
    assert_eq!(
        v("3.7.1"),
        Some(KafkaVersion {
            major: 3,
            minor: 7,
            patch: 1
        })
    );
    assert_eq!(
        v("0.10.1.1"),
        Some(KafkaVersion {
            major: 0,
            minor: 10,
            patch: 1
        })
    );
    assert_eq!(
        v(" 2.8.2 "),
        Some(KafkaVersion {
            major: 2,
            minor: 8,
            patch: 2
        })
    );
    for bad in [
        "",
        "3",
        "3.x",
        "abc",
        "0.10",
        "3.7.1.2",
        "+3.7",
        "3.-7",
        "3..7",
        "3.7.",
        "99999999999.1",
        "٣.٧",
    ] {
        assert_eq!(v(bad), None, "{bad:?}");
    }
    assert_eq!(
        KafkaVersion {
            major: 3,
            minor: 7,
            patch: 1
        }
        .to_string(),
        "3.7.1"
    );
    assert!(v("3.10").unwrap() > v("3.9.9").unwrap());
}

#[test]
fn version_selection() {
    let s = select_version("3.7.1").unwrap();
    assert_eq!(
        (s.catalog, s.requested.to_string(), s.note),
        ("3.7", "3.7.1".to_string(), None)
    );
    assert_eq!(select_version("3.0.1").unwrap().requested.patch, 1);
    assert_eq!(select_version("0.10.1.1").unwrap().catalog, "0.10.1");
    assert_eq!(select_version("0.9.0").unwrap().catalog, "0.9.0");
    assert_eq!(select_version("4.1").unwrap().catalog, "4.1");
    assert!(select_version("4.1.7").is_err());
    assert_eq!(select_version("4.1.2").unwrap().note, None);
    assert_eq!(select_version("4.4.0").unwrap().catalog, "4.4");
    let s = select_version("5.0").unwrap();
    assert_eq!(s.catalog, "4.4");
    assert_eq!(
        s.note.as_deref(),
        Some("Kafka 5.0 is newer than the newest known (4.4); using 4.4")
    );
    assert_eq!(select_version("4.5").unwrap().catalog, "4.4");
    for bad in [
        "2.9", "3.10", "0.8.2", "1.2", "0.10.3", "abc", "3", "3.x", "", "  ", "0.10", "3.7.1.2",
    ] {
        let e = select_version(bad).unwrap_err();
        assert!(e.contains("0.9.0") || e.contains("0.10.2"), "{bad:?}: {e}");
    }
    let e = select_version("0.10").unwrap_err();
    assert!(e.contains("0.10.0, 0.10.1, 0.10.2"), "{e}");
    assert!(select_version("0.8.2").unwrap_err().contains("older"));
    let d = default_selection();
    assert_eq!((d.catalog, d.note), ("4.4", None));
}

#[test]
fn role_names() {
    for r in Role::ALL {
        assert_eq!(Role::parse(r.as_str()), Some(r));
        assert_eq!(r.to_string(), r.as_str());
    }
    assert_eq!(Role::parse("Broker"), Some(Role::Broker));
    assert_eq!(Role::parse("Streams"), Some(Role::Streams));
    assert_eq!(Role::parse("connect"), Some(Role::Connect));
    assert_eq!(Role::parse("mirrormaker"), None);
    assert_eq!(
        ConfigType::parse("password").map(ConfigType::as_str),
        Some("password")
    );
}

#[test]
fn catalog_lookup_of_unknown_version() {
    assert!(Catalog::try_get("2.9").is_none());
    assert!(Catalog::try_get("3.7").is_some());
    assert_eq!(Catalog::get("3.7").version(), "3.7");
    assert!(std::ptr::eq(Catalog::get("3.7"), Catalog::get("3.7")));
}

/// `explain KEY` reads one line per release: it must find what the decoded
/// tables hold, key for key, in every release and role, and nothing else.
#[test]
fn one_line_lookup_agrees_with_the_decoded_tables() {
    for version in versions() {
        let decoded = Catalog::get(version);
        let fresh = Catalog::lazy(version, decoded.text);
        for role in Role::ALL {
            assert_eq!(
                fresh.documents_role(role),
                decoded.has_role(role),
                "{version} {role}"
            );
            for def in decoded.keys(role) {
                assert_eq!(
                    fresh.key_once(role, &def.name).as_ref(),
                    Some(def),
                    "{version} {role}"
                );
            }
            assert_eq!(fresh.key_once(role, "no.such.key"), None);
            // A key's name is matched whole, not as the prefix of a longer one.
            assert_eq!(fresh.key_once(role, "acks.x"), None);
        }
    }
}

/// The first lookups of a key's history search the text instead of building
/// the index: both ways must give the same lines, for every name.
#[test]
fn searching_the_history_agrees_with_its_index() {
    let history = decode::index_history(data::HISTORY);
    for (name, lines) in &history {
        assert_eq!(&decode::lines_named(data::HISTORY, name), lines, "{name}");
    }
    assert!(decode::lines_named(data::HISTORY, "no.such.key").is_empty());
    assert!(decode::lines_named(data::HISTORY, "acks.x").is_empty());
}

/// Kafka Streams and the Connect worker: from the docs up to 3.9 (Connect) and
/// 4.1 (Streams), from StreamsConfig's and DistributedConfig's ConfigDefs after.
#[test]
fn streams_and_connect_roles() {
    assert!(!Catalog::get("0.9.0").has_role(Role::Streams));
    assert!(Catalog::get("0.10.0").has_role(Role::Streams));
    assert!(Catalog::get("0.9.0").has_role(Role::Connect));
    for version in ["3.9", "4.0", "4.4"] {
        let c = Catalog::get(version);
        assert!(key(version, Role::Streams, "application.id").is_required());
        assert!(
            c.key(Role::Connect, "group.id")
                .is_some_and(KeyDef::is_required)
        );
        assert!(c.key(Role::Connect, "plugin.path").is_some(), "{version}");
    }
    // KIP-732: exactly_once and exactly_once_beta are gone from 4.0's valid values.
    let guarantee = |v| {
        key(v, Role::Streams, "processing.guarantee")
            .validator
            .clone()
    };
    assert_eq!(
        guarantee("3.9"),
        Validator::OneOf {
            values: [
                "at_least_once",
                "exactly_once",
                "exactly_once_beta",
                "exactly_once_v2"
            ]
            .map(String::from)
            .to_vec(),
            case_insensitive: false,
            patterns: Vec::new()
        }
    );
    assert_eq!(
        guarantee("4.0"),
        Validator::OneOf {
            values: ["at_least_once", "exactly_once_v2"]
                .map(String::from)
                .to_vec(),
            case_insensitive: false,
            patterns: Vec::new()
        }
    );
    let rest_port = history(Role::Connect, "rest.port");
    assert_eq!(
        (rest_port.first, rest_port.last, rest_port.removed_in),
        ("0.9.0", Some("2.8"), Some("3.0"))
    );
    // Still a worker key after the docs snapshot (3.9): the 4.x dumps continue it.
    assert_eq!(history(Role::Connect, "plugin.path").last, None);
    assert_eq!(history(Role::Streams, "retries").removed_in, Some("4.0"));
}

/// The index build.rs makes of every release table finds, without decoding a
/// table, what the decoded tables hold: the same positions, keys, names,
/// required keys and owners, in every release and role.
#[test]
fn the_build_time_index_agrees_with_the_decoded_tables() {
    for version in versions() {
        let text = Catalog::get(version).text;
        let reference = Catalog::lazy(version, text);
        let indexed = Catalog::indexed(version, text);
        assert!(indexed.index.is_some(), "{version}: no index");
        let mut names = vec!["no.such.key", "acks.x", "", "zzzz"];
        for role in Role::ALL {
            assert_eq!(
                indexed.has_role(role),
                reference.has_role(role),
                "{version} {role}"
            );
            let keys = reference.keys(role);
            assert_eq!(indexed.key_count(role), keys.len(), "{version} {role}");
            let key_names: Vec<&str> = keys.iter().map(|d| d.name.as_str()).collect();
            let names_read: Vec<&str> = indexed.key_names(role).collect();
            assert_eq!(names_read, key_names, "{version} {role}");
            assert_eq!(
                indexed.required_keys(role),
                reference.required_keys(role),
                "{version} {role}"
            );
            for (i, def) in keys.iter().enumerate() {
                assert_eq!(
                    indexed.key_index(role, &def.name),
                    Some(i),
                    "{version} {role}"
                );
                assert_eq!(indexed.key_at(role, i), Some(def), "{version} {role}");
                assert_eq!(indexed.key(role, &def.name), Some(def), "{version} {role}");
            }
            assert_eq!(indexed.key_at(role, keys.len()), None);
            names.extend(key_names);
        }
        for name in names {
            assert_eq!(
                indexed.roles_with_key(name),
                reference.roles_with_key(name),
                "{version} {name}"
            );
            for role in Role::ALL {
                assert_eq!(
                    indexed.key_index(role, name),
                    reference.key_index(role, name),
                    "{version} {role} {name}"
                );
            }
        }
    }
}
