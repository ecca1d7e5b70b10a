//! The Strimzi carrier: Kubernetes resources of `apiVersion:
//! kafka.strimzi.io/*`. Each `config` map Strimzi passes to Kafka is a unit:
//! `Kafka` (`spec.kafka.config`, a broker; `spec.kafka.version`; the broker
//! count from `spec.kafka.replicas`, or from the `KafkaNodePool`s that name
//! the cluster, in this file or another: the engine counts those),
//! `KafkaTopic` (`spec.config`, a topic, in the cluster its
//! `strimzi.io/cluster` label names: the engine links it to that `Kafka`, in
//! this file or another of the run),
//! `KafkaConnect` and `KafkaMirrorMaker2` (worker configs), `KafkaBridge`
//! (its producer, consumer and admin client configs). Keys Strimzi forbids
//! (it drops them and sets its own) are not settings: K140 reports them.

mod forbidden;
mod ignored;
mod replicas;
mod resources;

use super::yaml::carried::{AsKafka, Carried, Origin, Target, UnitPlace};
use super::yaml::{self, NodeId, YamlFile};
use super::{Carrier, Parsed};
use crate::checks::CheckMeta;
use crate::diagnostics::Diagnostic;
use crate::model::UnitModel;
use crate::secret::SettingValue;
use crate::text::{Encoding, Span};
use crate::unit::{ClusterLink, NodePool, Setting, SourceFile, TextEdit, UnitSource};
use resources::Section;
use std::path::Path;
use std::sync::Arc;

/// What marks a Strimzi resource in a file's first bytes.
const SIGNATURE: &[u8] = b"kafka.strimzi.io/";

/// The `strimzi` carrier.
pub struct Strimzi;

impl Carrier for Strimzi {
    fn name(&self) -> &'static str {
        "strimzi"
    }

    /// Strimzi resources have no file name of their own: content decides.
    fn claims(&self, _path: &Path) -> bool {
        false
    }

    fn recognizes(&self, path: &Path, head: &[u8]) -> bool {
        super::is_yaml(path) && head.windows(SIGNATURE.len()).any(|w| w == SIGNATURE)
    }

    fn parse(&self, bytes: Vec<u8>, _encoding: Encoding) -> Arc<dyn Parsed> {
        match YamlFile::read(bytes) {
            Ok(file) => yaml::bounded(Arc::new(read(file))),
            Err(e) => yaml::unreadable(e),
        }
    }

    fn links_files(&self) -> bool {
        true
    }

    fn checks(&self) -> Vec<&'static CheckMeta> {
        vec![&ignored::META, &replicas::META]
    }
}

/// A key Strimzi drops from a `config` map.
pub struct Ignored {
    pub key: String,
    pub source_key: String,
    pub unit: String,
    pub key_span: Span,
    pub remove: TextEdit,
}

/// A KafkaTopic that asks for more replicas than its cluster has brokers.
pub struct Overreplicated {
    pub unit: String,
    pub cluster: String,
    pub replicas: u32,
    pub brokers: u32,
    pub span: Span,
    /// Sets the replicas to the broker count.
    pub fix: TextEdit,
}

/// A Strimzi file: its units, the keys Strimzi ignores, its topics' replicas.
struct StrimziFile {
    carried: Carried,
    pools: Vec<NodePool>,
    ignored: Vec<Ignored>,
    topics: Vec<TopicReplicas>,
}

/// A KafkaTopic's `spec.replicas`, judged once its cluster is known.
struct TopicReplicas {
    unit: usize,
    node: NodeId,
    cluster: String,
}

fn read(file: YamlFile) -> StrimziFile {
    let sections = resources::sections(&file);
    let pools = resources::node_pools(&file);
    let mut settings = Vec::new();
    let mut origins = Vec::new();
    let mut ignored = Vec::new();
    let mut units = Vec::new();
    let mut places = Vec::new();
    let mut topics = Vec::new();
    for section in sections {
        if let (Some(node), Some(ClusterLink::MemberOf(cluster))) =
            (section.replicas, &section.cluster)
        {
            topics.push(TopicReplicas {
                unit: units.len(),
                node,
                cluster: cluster.name.clone(),
            });
        }
        let members = read_config(&file, &section, &mut settings, &mut origins, &mut ignored);
        let mut unit = UnitSource::new(
            Some(section.label.clone()),
            section.role,
            members,
            &settings,
        );
        if let Some(version) = &section.version {
            unit = unit.with_kafka_version(version.clone());
        }
        if let Some(brokers) = section.brokers {
            unit = unit.with_cluster_brokers(brokers);
        }
        if let Some(link) = section.cluster.clone() {
            unit = unit.with_cluster(link);
        }
        if let Some(name) = section.name_node {
            unit.anchor = Some(file.yaml.node(name).span);
        }
        let replicas = section.replicas.and_then(|n| file.yaml.scalar(n));
        if let Some(replicas) = replicas.and_then(|n| n.trim().parse().ok()) {
            unit = unit.with_replicas(replicas);
        } else if section.replicas.is_none() && is_member(&section) {
            // The topic operator creates it with replication factor -1
            // (KafkaHandler.BROKER_DEFAULT): the brokers' default.replication.factor.
            unit = unit.with_replicas_from_cluster();
        }
        units.push(unit);
        places.push(UnitPlace {
            target: match section.config {
                Some(config) => Target::Mapping {
                    mapping: config,
                    path: Vec::new(),
                },
                None => Target::Mapping {
                    mapping: section.owner,
                    path: vec!["config".to_string()],
                },
            },
            naming: Box::new(AsKafka),
        });
    }
    StrimziFile {
        carried: Carried::new(file, settings, origins, units, places),
        pools,
        ignored,
        topics,
    }
}

/// Whether a section belongs to a cluster (a `KafkaTopic`'s label).
fn is_member(section: &Section) -> bool {
    matches!(section.cluster, Some(ClusterLink::MemberOf(_)))
}

/// A topic whose `spec.replicas` exceeds the brokers of its cluster (as the
/// engine linked it: in this file or another).
fn overreplicated(
    file: &YamlFile,
    topic: &TopicReplicas,
    units: &[UnitModel],
) -> Option<Overreplicated> {
    let unit = units.get(topic.unit)?;
    let replicas: u32 = file.yaml.scalar(topic.node)?.trim().parse().ok()?;
    let brokers = unit.cluster_brokers?;
    (replicas > brokers).then(|| Overreplicated {
        unit: unit.label().unwrap_or_default().to_string(),
        cluster: topic.cluster.clone(),
        replicas,
        brokers,
        span: file.yaml.node(topic.node).span,
        fix: file.replace_scalar(topic.node, &brokers.to_string()),
    })
}

/// The scalar entries of a section's `config` map: settings, or keys
/// Strimzi ignores. Returns the settings' indexes.
fn read_config(
    file: &YamlFile,
    section: &Section,
    settings: &mut Vec<Setting>,
    origins: &mut Vec<Origin>,
    ignored: &mut Vec<Ignored>,
) -> Vec<usize> {
    let Some(config) = section.config else {
        return Vec::new();
    };
    let entries = file
        .flatten_below(config, file.yaml.node(config).document)
        .unwrap_or_default();
    let mut members = Vec::new();
    for entry in entries.iter().filter(|e| e.segments.len() == 1) {
        let (Some(key_node), Some((mapping, index)), Some(value)) =
            (entry.key_node, entry.parent, &entry.value)
        else {
            continue;
        };
        let source_key = format!("{}.{}", section.config_path, entry.path);
        if section.forbids(&entry.path) {
            ignored.push(Ignored {
                key: entry.path.clone(),
                source_key,
                unit: section.label.clone(),
                key_span: entry.key_span,
                remove: file.remove_entry(mapping, index),
            });
            continue;
        }
        members.push(settings.len());
        settings.push(
            Setting::new(
                entry.path.as_str(),
                SettingValue::for_key(&entry.path, value.as_str()),
                entry.key_span,
                entry.value_span,
                Span::new(
                    entry.key_span.start,
                    entry.value_span.end.max(entry.key_span.end),
                ),
            )
            .with_source_key(source_key),
        );
        origins.push(Origin::Entry {
            mapping,
            index,
            key: key_node,
            value: entry.value_node,
        });
    }
    members
}

impl Parsed for StrimziFile {
    fn file(&self) -> &SourceFile {
        &self.carried.file
    }

    fn replace_value(&self, setting: usize, value: &str) -> TextEdit {
        self.carried.replace_value(setting, value)
    }

    fn rename_key(&self, setting: usize, to: &str) -> TextEdit {
        self.carried.rename_key(setting, to)
    }

    fn remove(&self, setting: usize) -> TextEdit {
        self.carried.remove(setting)
    }

    fn append(&self, unit: usize, key: &str, value: &str) -> TextEdit {
        self.carried.append(unit, key, value)
    }

    fn node_pools(&self) -> &[NodePool] {
        &self.pools
    }

    fn check(&self, units: &[UnitModel], out: &mut Vec<Diagnostic>) {
        if let Some(first) = units.first() {
            ignored::report(&first.path, &self.ignored, out);
            let overreplicated: Vec<Overreplicated> = self
                .topics
                .iter()
                .filter_map(|t| overreplicated(&self.carried.yaml, t, units))
                .collect();
            replicas::report(&first.path, &overreplicated, out);
        }
    }
}

/// The first scalar at `path` below `node`.
fn scalar_at<'f>(file: &'f YamlFile, node: NodeId, path: &[&str]) -> Option<&'f str> {
    file.yaml.scalar(file.yaml.at(node, path)?)
}

#[cfg(test)]
mod tests;
