//! The Strimzi resources of a file and the `config` maps they pass to Kafka.

use super::forbidden::{self, Forbidden};
use super::scalar_at;
use crate::carrier::yaml::{NodeId, YamlFile};
use crate::catalog::Role;
use crate::unit::{ClusterLink, ClusterRef, NodePool};

/// One resource: `kind`, `metadata.name` and its root mapping.
struct Resource {
    kind: String,
    name: String,
    root: NodeId,
    /// `metadata.namespace`.
    namespace: Option<String>,
    /// The `strimzi.io/cluster` label.
    cluster: Option<String>,
    /// The `strimzi.io/node-pools` annotation (`enabled`, `disabled`).
    node_pools: Option<String>,
}

/// One `config` map that Strimzi passes to a Kafka component: a unit.
pub struct Section {
    /// `Kafka/my-cluster`, `KafkaBridge/http producer`.
    pub label: String,
    pub role: Option<Role>,
    /// The mapping that holds (or would hold) `config`.
    pub owner: NodeId,
    pub config: Option<NodeId>,
    /// How the file names the map: `spec.kafka.config`.
    pub config_path: String,
    pub version: Option<String>,
    pub brokers: Option<u32>,
    /// The cluster a `Kafka` declares, or a `KafkaTopic` belongs to.
    pub cluster: Option<ClusterLink>,
    /// A KafkaTopic's `spec.replicas` node.
    pub replicas: Option<NodeId>,
    /// The resource's `metadata.name` node: where findings about the unit point
    /// when none of its settings is the place.
    pub name_node: Option<NodeId>,
    forbidden: &'static Forbidden,
    /// The cluster's listeners, `name-port`: their per-listener keys are allowed.
    listeners: Vec<String>,
}

impl Section {
    pub fn forbids(&self, key: &str) -> bool {
        self.forbidden.forbids(key, &self.listeners)
    }
}

/// Every `config` map of every Strimzi resource of the file, in file order.
pub fn sections(file: &YamlFile) -> Vec<Section> {
    let mut out = Vec::new();
    for r in &resources(file) {
        let spec = file.yaml.at(r.root, &["spec"]);
        let Some(spec) = spec else { continue };
        match r.kind.as_str() {
            "Kafka" => out.extend(kafka(file, r, spec)),
            "KafkaTopic" => out.push(topic(file, r, spec)),
            "KafkaConnect" => out.push(section(
                file,
                r,
                spec,
                "spec",
                Some(Role::Connect),
                "connect",
            )),
            "KafkaMirrorMaker2" => out.extend(mirror_maker(file, r, spec)),
            "KafkaBridge" => out.extend(bridge(file, r, spec)),
            _ => {}
        }
    }
    out
}

/// The file's Strimzi resources, in file order.
fn resources(file: &YamlFile) -> Vec<Resource> {
    (0..file.yaml.documents.len())
        .filter_map(|doc| resource(file, file.yaml.root(doc)?))
        .collect()
}

fn resource(file: &YamlFile, root: NodeId) -> Option<Resource> {
    let api = scalar_at(file, root, &["apiVersion"])?;
    if !api.starts_with("kafka.strimzi.io/") {
        return None;
    }
    Some(Resource {
        kind: scalar_at(file, root, &["kind"])?.to_string(),
        name: scalar_at(file, root, &["metadata", "name"])
            .unwrap_or("?")
            .to_string(),
        namespace: scalar_at(file, root, &["metadata", "namespace"]).map(str::to_string),
        cluster: scalar_at(file, root, &["metadata", "labels", "strimzi.io/cluster"])
            .map(str::to_string),
        node_pools: scalar_at(
            file,
            root,
            &["metadata", "annotations", "strimzi.io/node-pools"],
        )
        .map(|v| v.trim().to_ascii_lowercase()),
        root,
    })
}

/// A section whose `config` sits in `owner` (at `owner_path` in the resource).
fn section(
    file: &YamlFile,
    r: &Resource,
    owner: NodeId,
    owner_path: &str,
    role: Option<Role>,
    table: &str,
) -> Section {
    Section {
        label: format!("{}/{}", r.kind, r.name),
        role,
        owner,
        config: file
            .yaml
            .at(owner, &["config"])
            .filter(|c| file.yaml.is_mapping(*c)),
        config_path: format!("{owner_path}.config"),
        version: scalar_at(file, r.root, &["spec", "version"]).map(str::to_string),
        brokers: None,
        cluster: None,
        replicas: None,
        name_node: file.yaml.at(r.root, &["metadata", "name"]),
        forbidden: forbidden::table(table),
        listeners: Vec::new(),
    }
}

fn kafka(file: &YamlFile, r: &Resource, spec: NodeId) -> Option<Section> {
    let kafka = file.yaml.at(spec, &["kafka"])?;
    let mut s = section(file, r, kafka, "spec.kafka", Some(Role::Broker), "kafka");
    s.version = scalar_at(file, kafka, &["version"]).map(str::to_string);
    s.brokers = own_brokers(file, r, kafka);
    s.cluster = Some(ClusterLink::Declares(ClusterRef {
        name: r.name.clone(),
        namespace: r.namespace.clone(),
    }));
    s.listeners = file
        .yaml
        .items(file.yaml.at(kafka, &["listeners"]).unwrap_or(kafka))
        .iter()
        .filter_map(|&l| {
            let name = scalar_at(file, l, &["name"])?;
            let port = scalar_at(file, l, &["port"])?;
            Some(format!("{name}-{port}"))
        })
        .collect();
    Some(s)
}

/// The cluster's brokers as the `Kafka` resource itself gives them:
/// `spec.kafka.replicas`, unless its nodes come from node pools (the
/// `strimzi.io/node-pools: enabled` annotation, or no replicas given): then
/// None, and the engine counts the `KafkaNodePool`s that name the cluster, in
/// this file or another (see `engine::Links`). Strimzi ignores
/// `spec.kafka.replicas` when node pools are enabled, and the pools when they
/// are not (`NodePoolUtils.createKafkaPools` in strimzi-kafka-operator).
fn own_brokers(file: &YamlFile, r: &Resource, kafka: NodeId) -> Option<u32> {
    if r.node_pools.as_deref() == Some("enabled") {
        return None;
    }
    scalar_at(file, kafka, &["replicas"]).and_then(|n| n.trim().parse::<u32>().ok())
}

/// The file's `KafkaNodePool`s, with the number of brokers each adds to the
/// cluster its `strimzi.io/cluster` label names: its replicas when its roles
/// include `broker`, none for a controller-only pool. A pool whose replicas
/// cannot be read makes its cluster's size unknown.
pub fn node_pools(file: &YamlFile) -> Vec<NodePool> {
    resources(file)
        .iter()
        .filter(|r| r.kind == "KafkaNodePool")
        .filter_map(|r| {
            let spec = file.yaml.at(r.root, &["spec"]);
            let roles = spec.and_then(|spec| file.yaml.at(spec, &["roles"]));
            let broker = roles.is_some_and(|roles| {
                file.yaml
                    .items(roles)
                    .iter()
                    .any(|&role| file.yaml.scalar(role).map(str::trim) == Some("broker"))
            });
            let replicas = spec
                .and_then(|spec| scalar_at(file, spec, &["replicas"]))
                .and_then(|n| n.trim().parse::<u32>().ok());
            Some(NodePool {
                cluster: ClusterRef {
                    name: r.cluster.clone()?,
                    namespace: r.namespace.clone(),
                },
                brokers: if broker { replicas } else { Some(0) },
            })
        })
        .collect()
}

/// A topic, in the cluster its label names: the engine links it to that
/// cluster's `Kafka`, in this file or another of the run.
fn topic(file: &YamlFile, r: &Resource, spec: NodeId) -> Section {
    let mut s = section(file, r, spec, "spec", Some(Role::Topic), "topic");
    // A topic's `spec.version` is nothing of Kafka's: its cluster says the version.
    s.version = None;
    s.cluster = r.cluster.as_ref().map(|name| {
        ClusterLink::MemberOf(ClusterRef {
            name: name.clone(),
            namespace: r.namespace.clone(),
        })
    });
    s.replicas = file.yaml.at(spec, &["replicas"]);
    s
}

/// One section per cluster of `spec.clusters` (and `spec.target`, the newer form),
/// checked as a Connect worker: Strimzi runs MirrorMaker 2 on Kafka Connect, the
/// Connect cluster's `config` is the worker's, and the others' are the clients'
/// of that cluster, which a worker passes on unprefixed (src/catalog/embedded.tsv).
fn mirror_maker(file: &YamlFile, r: &Resource, spec: NodeId) -> Vec<Section> {
    let mut out = Vec::new();
    let clusters = file
        .yaml
        .at(spec, &["clusters"])
        .map(|c| file.yaml.items(c).to_vec());
    for (i, cluster) in clusters.unwrap_or_default().into_iter().enumerate() {
        let alias = scalar_at(file, cluster, &["alias"]).unwrap_or("?");
        let mut s = section(
            file,
            r,
            cluster,
            &format!("spec.clusters[{i}]"),
            Some(Role::Connect),
            "mirror-maker-2",
        );
        s.label = format!("{}/{} cluster {alias}", r.kind, r.name);
        out.push(s);
    }
    if let Some(target) = file.yaml.at(spec, &["target"]) {
        let mut s = section(
            file,
            r,
            target,
            "spec.target",
            Some(Role::Connect),
            "mirror-maker-2",
        );
        s.label = format!("{}/{} target", r.kind, r.name);
        out.push(s);
    }
    out
}

/// The bridge's producer, consumer and admin client configs.
fn bridge(file: &YamlFile, r: &Resource, spec: NodeId) -> Vec<Section> {
    let clients = [
        ("producer", Role::Producer, "bridge-producer"),
        ("consumer", Role::Consumer, "bridge-consumer"),
        ("adminClient", Role::Admin, "bridge-admin"),
    ];
    clients
        .into_iter()
        .filter_map(|(field, role, table)| {
            let owner = file.yaml.at(spec, &[field])?;
            let mut s = section(file, r, owner, &format!("spec.{field}"), Some(role), table);
            s.label = format!("{}/{} {field}", r.kind, r.name);
            Some(s)
        })
        .collect()
}
