//! What a rule's expressions see, built once per file from its model.

use super::Read;
use crate::catalog::{Catalog, KafkaVersion, Role};
use crate::model::effective::EffectiveConfig;
use crate::model::value::Value;
use crate::model::{Hints, UnitModel, semantics};
use cel::{Env, Value as Cel};
use std::collections::HashMap;
use std::sync::Arc;

/// The broker that client files talk to: a real file, or the defaults of a version.
pub struct BrokerView {
    pub file: Option<UnitModel>,
    pub catalog: &'static Catalog,
    pub config: EffectiveConfig,
}

impl BrokerView {
    pub fn from_file(model: UnitModel) -> BrokerView {
        BrokerView {
            catalog: model.catalog,
            config: model.config.clone(),
            file: Some(model),
        }
    }

    /// Kafka's broker defaults for a version, for client files without `--broker`.
    pub fn defaults(catalog: &'static Catalog) -> BrokerView {
        BrokerView {
            file: None,
            catalog,
            config: EffectiveConfig::defaults_only(Role::Broker, catalog),
        }
    }
}

impl std::fmt::Debug for BrokerView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrokerView")
            .field("file", &self.file.as_ref().map(|m| &m.path))
            .field("version", &self.catalog.version())
            .finish()
    }
}

/// `3.0.1` as one comparable number: 3_000_001.
pub fn version_number(v: KafkaVersion) -> i64 {
    i64::from(v.major) * 1_000_000 + i64::from(v.minor) * 1_000 + i64::from(v.patch)
}

fn to_cel(value: &Value) -> Option<Cel> {
    Some(match value {
        Value::Bool(b) => Cel::Bool(*b),
        Value::Int(i) => Cel::Int(*i),
        Value::Double(d) => Cel::Float(*d),
        Value::Str(s) => Cel::from(s.clone()),
        Value::List(items) => Cel::from(
            items
                .iter()
                .map(|i| Cel::from(i.clone()))
                .collect::<Vec<_>>(),
        ),
        // Resolved only at run time: nothing a rule can compare.
        Value::Reference(_) => return None,
        // Present, never readable: a message that prints it shows `[hidden]`.
        Value::Secret(_) => Cel::from(crate::secret::HIDDEN.to_string()),
    })
}

/// The values of `keys` (those the rules declare in `reads`) as CEL maps: the
/// values, and whether the file sets each. Keys the configuration lacks are absent.
fn values<'k>(config: &EffectiveConfig, keys: impl Iterator<Item = &'k str>) -> (Cel, Cel) {
    let mut values: HashMap<String, Cel> = HashMap::new();
    let mut explicit: HashMap<String, Cel> = HashMap::new();
    // A key this version of the role does not have (but another does) is one
    // Kafka ignores: rules do not see it.
    for v in keys
        .filter_map(|k| config.get(k))
        .filter(|v| v.def.is_some() || !other_versions_know(v))
    {
        explicit.insert(v.key.clone(), Cel::Bool(v.is_explicit()));
        match &v.value {
            Some(value) => {
                if let Some(cel) = to_cel(value) {
                    values.insert(v.key.clone(), cel);
                }
            }
            None if v.type_error.is_none() => {
                values.insert(v.key.clone(), Cel::Null);
            }
            None => {}
        }
    }
    (Cel::from(values), Cel::from(explicit))
}

/// Whether the key is a Kafka key of some version but not of this one.
fn other_versions_know(v: &crate::model::effective::EffectiveValue) -> bool {
    !crate::catalog::key_history(&v.key).is_empty()
}

/// Whether every key a rule reads has a value a rule can reason about: not a
/// run-time reference, and not a value Kafka would reject anyway (the per-key
/// checks report those).
pub fn reads_are_usable(file: &UnitModel, broker: &BrokerView, reads: &[Read]) -> bool {
    reads.iter().all(|r| {
        let v = match r {
            Read::Own(k) => file.config.get(k),
            Read::Broker(k) => broker.config.get(k),
        };
        v.is_none_or(|v| {
            let rejected = v.is_explicit()
                && v.def.zip(v.raw.as_ref()).is_some_and(|(def, raw)| {
                    def.validator
                        .accepts(def.ty, crate::model::value::java_trim(raw.expose()))
                        == Some(false)
                });
            v.type_error.is_none() && !rejected && !matches!(v.value, Some(Value::Reference(_)))
        })
    })
}

pub fn build<'a>(
    env: &Arc<Env>,
    file: &UnitModel,
    broker: &BrokerView,
    hints: &Hints,
    reads: &[Read],
) -> cel::Context<'a, 'a> {
    let mut ctx = cel::Context::with_env(Arc::clone(env));
    let own = reads.iter().filter_map(|r| match r {
        Read::Own(k) => Some(k.as_str()),
        Read::Broker(_) => None,
    });
    let brokers = reads.iter().filter_map(|r| match r {
        Read::Broker(k) => Some(k.as_str()),
        Read::Own(_) => None,
    });
    let (cfg, explicit) = values(&file.config, own);
    let (broker_cfg, broker_explicit) = values(&broker.config, brokers);
    ctx.add_variable_from_value("cfg", cfg);
    ctx.add_variable_from_value("explicit", explicit);
    ctx.add_variable_from_value("broker", broker_cfg);
    ctx.add_variable_from_value("broker_explicit", broker_explicit);
    ctx.add_variable_from_value("broker_file", Cel::Bool(broker.file.is_some()));
    ctx.add_variable_from_value(
        "broker_version",
        Cel::Int(version_number(version_of(broker))),
    );
    let mut hint_map: HashMap<String, Cel> = HashMap::new();
    hint_map.insert(
        "record_processing_ms".to_string(),
        hints.record_processing_ms.map_or(Cel::Null, |ms| {
            Cel::Int(i64::try_from(ms).unwrap_or(i64::MAX))
        }),
    );
    ctx.add_variable_from_value("hints", Cel::from(hint_map));
    ctx.add_variable_from_value("cluster", cluster(file));
    ctx.add_variable_from_value("topic", topic(file, broker));
    ctx.add_variable_from_value("version", Cel::Int(version_number(file.version.requested)));
    ctx.add_variable_from_value(
        "version_name",
        // As the user wrote it: `3.7` for the 3.7 line, `3.0.1` when a patch matters.
        Cel::from(match file.version.requested {
            v if v.patch == 0 => file.catalog.version().to_string(),
            v => v.to_string(),
        }),
    );
    ctx.add_variable_from_value("derived", derived(&file.config, file.version.requested));
    let _ = ctx.add_function("v", |s: Arc<String>| -> i64 {
        KafkaVersion::parse(&s).map_or(0, version_number)
    });
    let _ = ctx.add_function("mv", |s: Arc<String>| -> i64 {
        super::broker_derived::metadata_version_order(&s)
    });
    ctx
}

/// What is known of the unit's cluster: `brokers`, its broker count, or null.
fn cluster(file: &UnitModel) -> Cel {
    let brokers = file
        .cluster_brokers
        .map_or(Cel::Null, |n| Cel::Int(i64::from(n)));
    Cel::from(HashMap::from([("brokers".to_string(), brokers)]))
}

/// What the carrier says of a topic beyond its config: `replicas`, its
/// replication factor (a Strimzi `KafkaTopic`'s `spec.replicas`, else, for a
/// topic that takes it from its brokers, their `default.replication.factor`
/// when their config is known), or null.
fn topic(file: &UnitModel, broker: &BrokerView) -> Cel {
    let source = file.source();
    let from_cluster = || {
        let known = source.replicas_from_cluster && broker.file.is_some();
        known
            .then(|| broker.config.int("default.replication.factor"))
            .flatten()
    };
    let replicas = source
        .replicas
        .map(i64::from)
        .or_else(from_cluster)
        .map_or(Cel::Null, Cel::Int);
    Cel::from(HashMap::from([("replicas".to_string(), replicas)]))
}

fn version_of(broker: &BrokerView) -> KafkaVersion {
    match &broker.file {
        Some(f) => f.version.requested,
        None => KafkaVersion::parse(broker.catalog.version()).unwrap_or(KafkaVersion {
            major: 0,
            minor: 0,
            patch: 0,
        }),
    }
}

/// What Kafka resolves from several settings: whether a producer is idempotent,
/// and broker wiring parsed out of its strings (listeners, advertised listeners,
/// the listener-to-protocol map, the controller voters).
fn derived(config: &EffectiveConfig, version: KafkaVersion) -> Cel {
    let text = |k: &str| {
        config
            .get(k)
            .and_then(|v| v.raw.as_ref())
            .map(|raw| raw.shown().into_owned())
            .unwrap_or_default()
    };
    let mut d: HashMap<String, Cel> = HashMap::new();
    d.insert(
        "idempotent".into(),
        Cel::Bool(semantics::idempotence(config, version).0),
    );
    let listeners = text("listeners");
    d.insert("shared_ports".into(), shared_ports(&listeners));
    d.insert("repeated_listener_names".into(), repeated_names(&listeners));
    d.insert("listeners".into(), endpoints(&listeners));
    let advertised = text("advertised.listeners");
    d.insert(
        "repeated_advertised_names".into(),
        repeated_names(&advertised),
    );
    d.insert("advertised".into(), endpoints(&advertised));
    // What the broker advertises when advertised.listeners is not set: its
    // listeners, less the KRaft controller listeners
    // (KafkaConfig.effectiveAdvertisedListeners).
    let effective = if advertised.trim().is_empty() {
        endpoints_except(&listeners, &names(&text("controller.listener.names")))
    } else {
        endpoints(&advertised)
    };
    d.insert("effective_advertised".into(), effective);
    d.insert(
        "advertised_broker_listeners".into(),
        advertised_broker_listeners(config, version, &listeners, &advertised),
    );
    let map: HashMap<String, String> = text("listener.security.protocol.map")
        .split(',')
        .filter_map(|pair| pair.split_once(':'))
        .map(|(name, proto)| {
            (
                name.trim().to_ascii_uppercase(),
                proto.trim().to_ascii_uppercase(),
            )
        })
        .collect();
    super::broker_derived::insert(&mut d, config, version, &map);
    let map: HashMap<String, Cel> = map.into_iter().map(|(k, p)| (k, Cel::from(p))).collect();
    d.insert("protocol_map".into(), Cel::from(map));
    let voters: Vec<Cel> = text("controller.quorum.voters")
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|voter| {
            let (id, endpoint) = voter.trim().split_once('@').unwrap_or(("", voter));
            let mut m: HashMap<String, Cel> = HashMap::new();
            m.insert("id".into(), Cel::Int(id.trim().parse().unwrap_or(-1)));
            m.insert(
                "host".into(),
                Cel::from(
                    endpoint
                        .rsplit_once(':')
                        .map_or(endpoint, |(h, _)| h)
                        .to_string(),
                ),
            );
            Cel::from(m)
        })
        .collect();
    d.insert("voters".into(), Cel::from(voters));
    let controller_names: Vec<Cel> = text("controller.listener.names")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Cel::from(s.to_ascii_uppercase()))
        .collect();
    d.insert(
        "controller_listener_names".into(),
        Cel::from(controller_names),
    );
    Cel::from(d)
}

/// The broker listeners a node advertises: `advertised.listeners`, or its
/// `listeners` when that has no endpoint; on a KRaft node (`process.roles` set) less the
/// controller listeners (`KafkaConfig.effectiveAdvertisedBrokerListeners`).
/// Before KRaft (2.8), and on ZooKeeper brokers, a `CONTROLLER` listener is a
/// broker listener like any other.
fn advertised_broker_listeners(
    config: &EffectiveConfig,
    version: KafkaVersion,
    listeners: &str,
    advertised: &str,
) -> Cel {
    // An advertised list with no `NAME://host:port` entry (empty, or a template
    // such as `{0}` that the deployment fills in) stands for the listeners.
    let list = if parse_endpoints(advertised).next().is_none() {
        listeners
    } else {
        advertised
    };
    let kraft_exists = version
        >= KafkaVersion {
            major: 2,
            minor: 8,
            patch: 0,
        };
    let kraft = kraft_exists
        && config
            .get("process.roles")
            .and_then(|v| v.raw.as_ref())
            .is_some_and(|raw| !raw.shown().trim().is_empty());
    let controllers = match config
        .get("controller.listener.names")
        .and_then(|v| v.raw.as_ref())
    {
        Some(raw) if kraft => names(&raw.shown()),
        _ => Vec::new(),
    };
    endpoints_except(list, &controllers)
}

/// A comma-separated list of listener names, upper-cased as Kafka compares them.
fn names(list: &str) -> Vec<String> {
    list.split(',')
        .map(|n| n.trim().to_ascii_uppercase())
        .collect()
}

/// The endpoints of a listener list, less those with one of the (upper-case) names.
fn endpoints_except(list: &str, names: &[String]) -> Cel {
    let kept: Vec<&str> = list
        .split(',')
        .filter(|l| {
            let name = l.split_once("://").map_or("", |(n, _)| n.trim());
            !names.iter().any(|c| c.eq_ignore_ascii_case(name))
        })
        .collect();
    endpoints(&kept.join(","))
}

/// One `NAME://host:port` of a listener list.
struct Endpoint<'a> {
    /// Upper case, as Kafka compares listener names.
    name: String,
    /// Without the brackets of an IPv6 literal.
    host: &'a str,
    /// -1 when missing or not a number.
    port: i64,
}

/// The endpoints of a listener list. Only `NAME://host:port` is an endpoint;
/// anything else (a template placeholder such as `{0}`) is left for the
/// deployment to fill in.
fn parse_endpoints(list: &str) -> impl Iterator<Item = Endpoint<'_>> {
    list.split(',')
        .filter_map(|s| s.trim().split_once("://"))
        .map(|(name, address)| {
            let (host, port) = address.rsplit_once(':').unwrap_or((address, ""));
            Endpoint {
                name: name.to_ascii_uppercase(),
                host: host.trim_start_matches('[').trim_end_matches(']'),
                port: port.parse().unwrap_or(-1),
            }
        })
}

/// The `host:port` addresses that two differently named listeners bind, each
/// once, in order. Computed here, not in CEL: pairing every listener with every
/// other there is quadratic, and a hostile file holds thousands.
fn shared_ports(list: &str) -> Cel {
    let mut first_name: HashMap<(&str, i64), String> = HashMap::new();
    let mut shared = Vec::new();
    // Port 0 (or none) lets the system pick a free port: nothing to clash.
    for e in parse_endpoints(list).filter(|e| e.port > 0) {
        let first = first_name
            .entry((e.host, e.port))
            .or_insert_with(|| e.name.clone());
        let address = format!("{}:{}", e.host, e.port);
        if *first != e.name && !shared.contains(&address) {
            shared.push(address);
        }
    }
    Cel::from(shared.into_iter().map(Cel::from).collect::<Vec<_>>())
}

/// The listener names that a listener list gives to more than one endpoint,
/// each once, in order (linear, like `shared_ports`, for hostile lists).
fn repeated_names(list: &str) -> Cel {
    let mut count: HashMap<String, usize> = HashMap::new();
    let mut repeated = Vec::new();
    for e in parse_endpoints(list) {
        let n = count.entry(e.name.clone()).or_insert(0);
        *n += 1;
        if *n == 2 {
            repeated.push(Cel::from(e.name));
        }
    }
    Cel::from(repeated)
}

/// A listener list as a list of `{name, host, port}`.
fn endpoints(list: &str) -> Cel {
    let items: Vec<Cel> = parse_endpoints(list)
        .map(|e| {
            let mut m: HashMap<String, Cel> = HashMap::new();
            m.insert("name".into(), Cel::from(e.name));
            m.insert("host".into(), Cel::from(e.host.to_string()));
            m.insert("port".into(), Cel::Int(e.port));
            Cel::from(m)
        })
        .collect();
    Cel::from(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Cel {
        Cel::from(
            items
                .iter()
                .map(|s| Cel::from(s.to_string()))
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn shared_ports_are_one_address_bound_under_two_names() {
        assert_eq!(shared_ports("A://:9092,B://:9092"), list(&[":9092"]));
        assert_eq!(shared_ports("A://h1:9092,B://h2:9092"), list(&[]));
        assert_eq!(
            shared_ports("A://[::1]:9092,B://[::1]:9092,C://[::1]:9092"),
            list(&["::1:9092"])
        );
        // Port 0 picks a free port; a template is for the deployment to fill in.
        assert_eq!(shared_ports("A://:0,B://:0,C://{0},D://{0}"), list(&[]));
        assert_eq!(shared_ports("a://:9092,A://:9092"), list(&[]));
    }

    #[test]
    fn repeated_names_are_names_given_twice_in_any_case() {
        assert_eq!(repeated_names("A://:9092,B://:9093"), list(&[]));
        assert_eq!(
            repeated_names("a://:9092,A://:9093,B://:1,B://:2,A://:3"),
            list(&["A", "B"])
        );
        assert_eq!(repeated_names("{0},{0}"), list(&[]));
    }
}
