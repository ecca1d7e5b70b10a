//! What a rule's expressions see of a file, worked out as they ask for it.

use super::Read;
use super::config_map::{Keys, LazyMap, Touched};
use crate::catalog::{Catalog, KafkaVersion, Role};
use crate::model::effective::EffectiveConfig;
use crate::model::effective::EffectiveValue;
use crate::model::value::Value;
use crate::model::{Hints, UnitModel, semantics};
use cel::common::types::{CelBool, CelDouble, CelInt, CelList, CelNull, CelString};
use cel::common::value::{CowVal, Val};
use cel::context::VariableResolver;
use cel::{Env, Value as Cel};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

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
        let mut config = EffectiveConfig::defaults_only(Role::Broker, catalog);
        // What a broker fills in from its defaults too (log.retention.ms from log.retention.hours).
        if let Some(version) = KafkaVersion::parse(catalog.version()) {
            crate::model::fills::apply(&mut config, Some(Role::Broker), version);
        }
        BrokerView {
            file: None,
            catalog,
            config,
        }
    }
}

impl BrokerView {
    /// [`BrokerView::defaults`], made once per catalog and shared: the same
    /// for every client file of a version that names no broker.
    pub fn shared_defaults(catalog: &'static Catalog) -> Arc<BrokerView> {
        type Cache = Mutex<HashMap<&'static str, Arc<BrokerView>>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let mut cache = CACHE
            .get_or_init(Cache::default)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let view = cache
            .entry(catalog.version())
            .or_insert_with(|| Arc::new(BrokerView::defaults(catalog)));
        Arc::clone(view)
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

/// A value as CEL sees it, borrowing its text from the configuration. None for
/// a reference, resolved only at run time: nothing a rule can compare.
fn to_val(value: &Value) -> Option<Box<dyn Val + '_>> {
    Some(match value {
        Value::Bool(b) => Box::new(CelBool::from(*b)),
        Value::Int(i) => Box::new(CelInt::from(*i)),
        Value::Double(d) => Box::new(CelDouble::from(*d)),
        Value::Str(s) => Box::new(CelString::from(s.as_str())),
        Value::List(items) => Box::new(CelList::from(
            items
                .iter()
                .map(|i| Box::new(CelString::from(i.as_str())) as Box<dyn Val>)
                .collect::<Vec<_>>(),
        )),
        Value::Reference(_) => return None,
        // Present, never readable: a message that prints it shows `[hidden]`.
        Value::Secret(_) => Box::new(CelString::from(crate::secret::HIDDEN)),
    })
}

/// What `cfg` and `broker` hold for a key: its value, null for a key without a
/// value nor a type error (a default of null); nothing for a value Kafka would
/// reject, nor for a reference.
fn value_entry(v: &EffectiveValue) -> Option<Box<dyn Val + '_>> {
    match &v.value {
        Some(value) => to_val(value),
        None if v.type_error.is_none() => Some(Box::new(CelNull)),
        None => None,
    }
}

/// What `explicit` and `broker_explicit` hold for a key: whether the file sets it,
/// itself or through the keys Kafka builds it from.
fn explicit_entry(v: &EffectiveValue) -> Option<Box<dyn Val + '_>> {
    Some(Box::new(CelBool::from(v.is_set_by_file())))
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
        v.is_none_or(is_usable)
    })
}

/// Whether a rule can reason about a value (see [`reads_are_usable`]).
pub fn is_usable(v: &EffectiveValue) -> bool {
    let rejected = v.is_explicit()
        && v.def.zip(v.raw.as_ref()).is_some_and(|(def, raw)| {
            def.validator
                .accepts(def.ty, crate::model::value::java_trim(raw.expose()))
                == Some(false)
        });
    v.type_error.is_none() && !rejected && !matches!(v.value, Some(Value::Reference(_)))
}

/// The keys the applicable rules read, sorted and each once: the file's own,
/// and the broker's.
#[derive(Debug, Default)]
pub struct Reads {
    own: Keys,
    broker: Keys,
}

impl Reads {
    /// The file's own keys that the rules read: those of `cfg` and `explicit`.
    pub fn own(&self) -> &Keys {
        &self.own
    }

    pub fn of<'r>(reads: impl Iterator<Item = &'r Read>) -> Reads {
        let (mut own, mut broker) = (Vec::new(), Vec::new());
        for read in reads {
            match read {
                Read::Own(k) => own.push(k.clone()),
                Read::Broker(k) => broker.push(k.clone()),
            }
        }
        for keys in [&mut own, &mut broker] {
            keys.sort();
            keys.dedup();
        }
        Reads {
            own: Keys::new(own),
            broker: Keys::new(broker),
        }
    }
}

/// The variables expressions see, each built the first time an expression of
/// the file names it: most rules read `cfg` alone, and building every
/// variable for every file was most of what evaluating the rules cost.
pub struct Bindings<'a> {
    file: &'a UnitModel,
    broker: &'a BrokerView,
    hints: &'a Hints,
    reads: &'a Reads,
    bound: [OnceLock<Box<dyn Val + 'a>>; VARIABLES.len()],
    /// The keys of `cfg` and `explicit` that expressions looked at.
    touched: &'a Touched,
    /// The fields of `derived` that expressions looked at.
    derived: &'a Touched,
}

/// The names of the variables, in the order of `Bindings::bound`.
const VARIABLES: [&str; 12] = [
    "cfg",
    "explicit",
    "broker",
    "broker_explicit",
    "broker_file",
    "broker_version",
    "hints",
    "cluster",
    "topic",
    "version",
    "version_name",
    "derived",
];

impl<'a> Bindings<'a> {
    pub fn new(
        file: &'a UnitModel,
        broker: &'a BrokerView,
        hints: &'a Hints,
        reads: &'a Reads,
        touched: &'a Touched,
        derived: &'a Touched,
    ) -> Bindings<'a> {
        Bindings {
            file,
            broker,
            hints,
            reads,
            bound: Default::default(),
            touched,
            derived,
        }
    }

    /// Forgets what expressions looked at: before a rule is evaluated.
    pub fn clear_looks(&self) {
        self.touched.clear();
        self.derived.clear();
    }

    /// The file's keys that expressions looked at since
    /// [`Bindings::clear_looks`], when those are all of the file that they
    /// saw: the positions in `Reads::own` of those of `cfg` and `explicit`,
    /// and the keys the fields of `derived` they read are worked out from
    /// ([`derived_inputs`]). None when they used `cfg`, `explicit` or
    /// `derived` whole, or a field of `derived` without declared inputs.
    pub fn own_keys_looked_at(
        &self,
    ) -> Option<(impl Iterator<Item = usize> + '_, Vec<&'static str>)> {
        if self.touched.whole() || self.derived.whole() {
            return None;
        }
        let mut inputs = Vec::new();
        for field in self.derived.positions() {
            inputs.extend(derived_inputs(derived_fields().name(field))?);
        }
        Some((self.touched.positions(), inputs))
    }

    /// The variable at `index` of `VARIABLES`.
    fn bind(&self, index: usize) -> Box<dyn Val + 'a> {
        let (file, broker) = (self.file, self.broker);
        match VARIABLES[index] {
            // The keys the rules read, looked up when an expression asks.
            "cfg" => config_map(
                &file.config,
                &self.reads.own,
                value_entry,
                Some(self.touched),
            ),
            "explicit" => config_map(
                &file.config,
                &self.reads.own,
                explicit_entry,
                Some(self.touched),
            ),
            "broker" => config_map(&broker.config, &self.reads.broker, value_entry, None),
            "broker_explicit" => {
                config_map(&broker.config, &self.reads.broker, explicit_entry, None)
            }
            "broker_file" => Box::new(CelBool::from(broker.file.is_some())),
            "broker_version" => Box::new(CelInt::from(version_number(version_of(broker)))),
            "hints" => {
                let ms = self.hints.record_processing_ms.map_or(Cel::Null, |ms| {
                    Cel::Int(i64::try_from(ms).unwrap_or(i64::MAX))
                });
                owned(Cel::from(HashMap::from([(
                    "record_processing_ms".to_string(),
                    ms,
                )])))
            }
            "cluster" => owned(cluster(file)),
            "topic" => owned(topic(file, broker)),
            "version" => Box::new(CelInt::from(version_number(file.version.requested))),
            // As the user wrote it: `3.7` for the 3.7 line, `3.0.1` when a patch matters.
            "version_name" => Box::new(CelString::from(match file.version.requested {
                v if v.patch == 0 => file.catalog.version().to_string(),
                v => v.to_string(),
            })),
            _ => {
                let (config, version) = (&file.config, file.version.requested);
                Box::new(LazyMap::noting(
                    derived_fields(),
                    Box::new(move |field| Some(owned(derived(config, version, field)?))),
                    Some(self.derived),
                ))
            }
        }
    }
}

/// What a map of `config` holds at the keys of `keys`, as `entry` gives it.
fn config_map<'a>(
    config: &'a EffectiveConfig,
    keys: &'a Keys,
    entry: fn(&EffectiveValue) -> Option<Box<dyn Val + '_>>,
    touched: Option<&'a Touched>,
) -> Box<dyn Val + 'a> {
    Box::new(LazyMap::noting(
        keys,
        Box::new(move |key| entry(visible(config.get(key)?)?)),
        touched,
    ))
}

/// The value, unless it is of a key this version of the role does not have
/// but another does: one Kafka ignores, which rules do not see.
fn visible(v: &EffectiveValue) -> Option<&EffectiveValue> {
    (v.def.is_some() || crate::catalog::key_history(&v.key).is_empty()).then_some(v)
}

/// A value built as a `cel::Value`, as the interpreter holds it.
fn owned<'a>(value: Cel) -> Box<dyn Val + 'a> {
    // Every `cel::Value` built here (no opaque value) converts.
    Box::<dyn Val>::try_from(value).unwrap_or_else(|_| Box::new(CelNull))
}

impl VariableResolver for Bindings<'_> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        let index = VARIABLES.iter().position(|name| *name == variable)?;
        let value = self.bound[index].get_or_init(|| self.bind(index));
        Some(CowVal::Borrowed(value.as_ref()))
    }
}

/// The context a file's rules are evaluated in: the variables of `bindings`,
/// and the functions `v` and `mv`.
pub fn build<'b, 'a: 'b>(env: &Arc<Env>, bindings: &'b Bindings<'a>) -> cel::Context<'b, 'b> {
    let mut ctx = cel::Context::with_env(Arc::clone(env));
    ctx.set_variable_resolver(bindings);
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

/// The fields of `derived`, each worked out when an expression first reads it.
const DERIVED: [&str; 16] = [
    "idempotent",
    "shared_ports",
    "repeated_listener_names",
    "listeners",
    "repeated_advertised_names",
    "advertised",
    "effective_advertised",
    "advertised_broker_listeners",
    "inter_broker",
    "ibp",
    "message_format",
    "ip_overrides",
    "retention_ms",
    "protocol_map",
    "voters",
    "controller_listener_names",
];

/// The keys of the file that a field of `derived` is worked out from, for
/// the fields that declare them: a verdict that read the field rests on
/// those keys (`reuse.rs`); one that read another field is not kept. Kept
/// true to the code by the test `derived_inputs_are_the_keys_the_code_reads`.
const DERIVED_INPUTS: [(&str, &[&str]); 1] = [(
    "idempotent",
    &[
        "acks",
        "enable.idempotence",
        "max.in.flight.requests.per.connection",
        "retries",
        "transactional.id",
    ],
)];

/// The keys the field `field` of `derived` is worked out from, if declared.
pub fn derived_inputs(field: &str) -> Option<&'static [&'static str]> {
    DERIVED_INPUTS
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, inputs)| *inputs)
}

/// Every key a field of `derived` is declared to be worked out from.
pub fn all_derived_inputs() -> impl Iterator<Item = &'static str> {
    DERIVED_INPUTS
        .iter()
        .flat_map(|(_, inputs)| inputs.iter().copied())
}

/// The declared inputs of the fields of `derived` that a rule's text names.
pub fn derived_inputs_named_in(text: &str) -> impl Iterator<Item = &'static str> + '_ {
    let names_derived = text.contains("derived");
    DERIVED_INPUTS
        .iter()
        .filter(move |(field, _)| names_derived && text.contains(field))
        .flat_map(|(_, inputs)| inputs.iter().copied())
}

/// The names of `derived`'s fields, as the keys of a map.
pub fn derived_fields() -> &'static Keys {
    static FIELDS: OnceLock<Keys> = OnceLock::new();
    FIELDS.get_or_init(|| Keys::new(DERIVED.iter().map(|f| f.to_string()).collect()))
}

/// One field of what Kafka resolves from several settings: whether a producer
/// is idempotent, and broker wiring parsed out of its strings (listeners,
/// advertised listeners, the listener-to-protocol map, the controller voters).
fn derived(config: &EffectiveConfig, version: KafkaVersion, field: &str) -> Option<Cel> {
    let text = |k: &str| {
        config
            .get(k)
            .and_then(|v| v.raw.as_ref())
            .map(|raw| raw.shown().into_owned())
            .unwrap_or_default()
    };
    Some(match field {
        "idempotent" => Cel::Bool(semantics::idempotence(config, version).0),
        "shared_ports" => shared_ports(&text("listeners")),
        "repeated_listener_names" => repeated_names(&text("listeners")),
        "listeners" => endpoints(&text("listeners")),
        "repeated_advertised_names" => repeated_names(&text("advertised.listeners")),
        "advertised" => endpoints(&text("advertised.listeners")),
        // What the broker advertises when advertised.listeners is not set: its
        // listeners, less the KRaft controller listeners
        // (KafkaConfig.effectiveAdvertisedListeners).
        "effective_advertised" => match text("advertised.listeners") {
            advertised if advertised.trim().is_empty() => endpoints_except(
                &text("listeners"),
                &names(&text("controller.listener.names")),
            ),
            advertised => endpoints(&advertised),
        },
        "advertised_broker_listeners" => advertised_broker_listeners(
            config,
            version,
            &text("listeners"),
            &text("advertised.listeners"),
        ),
        "protocol_map" => Cel::from(
            protocol_map(&text("listener.security.protocol.map"))
                .into_iter()
                .map(|(k, p)| (k, Cel::from(p)))
                .collect::<HashMap<String, Cel>>(),
        ),
        "voters" => voters(&text("controller.quorum.voters")),
        "controller_listener_names" => Cel::from(
            text("controller.listener.names")
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Cel::from(s.to_ascii_uppercase()))
                .collect::<Vec<_>>(),
        ),
        broker => {
            let map = protocol_map(&text("listener.security.protocol.map"));
            super::broker_derived::field(broker, config, version, &map)?
        }
    })
}

/// `listener.security.protocol.map` as listener name to protocol, upper case.
fn protocol_map(text: &str) -> HashMap<String, String> {
    text.split(',')
        .filter_map(|pair| pair.split_once(':'))
        .map(|(name, proto)| {
            (
                name.trim().to_ascii_uppercase(),
                proto.trim().to_ascii_uppercase(),
            )
        })
        .collect()
}

/// `controller.quorum.voters` as a list of `{id, host}`.
fn voters(text: &str) -> Cel {
    let voters: Vec<Cel> = text
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
    Cel::from(voters)
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

    /// The function that works out each field of `derived` with declared
    /// inputs, and the file it is in.
    const DERIVED_CODE: [(&str, &str, &str); 1] = [(
        "idempotent",
        "pub fn idempotence(",
        include_str!("../model/semantics.rs"),
    )];

    /// The keys a function reads from its `config`, with every use of
    /// `config` a method call on it with a literal key (else None: the
    /// function passes the configuration on, and what it reads is unknown).
    fn keys_read(source: &str, start: &str) -> Option<Vec<String>> {
        let body = &source[source.find(start)?..];
        let body = &body[..body.find("\n}\n")?];
        let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        let mut keys = Vec::new();
        let mut rest = compact.as_str();
        while let Some(at) = rest.find("config") {
            rest = &rest[at + "config".len()..];
            if rest.starts_with(":&EffectiveConfig") {
                continue;
            }
            let call = rest.strip_prefix('.')?;
            let (_, after) = call.split_once("(\"")?;
            keys.push(after[..after.find('"')?].to_string());
        }
        keys.sort();
        keys.dedup();
        Some(keys)
    }

    #[test]
    fn derived_inputs_are_the_keys_the_code_reads() {
        for (field, inputs) in DERIVED_INPUTS {
            let (_, start, source) = DERIVED_CODE
                .iter()
                .find(|(f, _, _)| *f == field)
                .unwrap_or_else(|| panic!("no code named for derived.{field}"));
            let read = keys_read(source, start)
                .unwrap_or_else(|| panic!("{start}: reads keys it does not name"));
            assert_eq!(read, inputs.to_vec(), "derived.{field}");
        }
        assert_eq!(
            keys_read(
                "fn f(config: &EffectiveConfig) {\n    g(config)\n}\n",
                "fn f("
            ),
            None
        );
    }

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
