//! The Strimzi carrier: Kubernetes resources of `apiVersion:
//! kafka.strimzi.io/*`. Each `config` map Strimzi passes to Kafka is a unit:
//! `Kafka` (`spec.kafka.config`, a broker; `spec.kafka.version`; the broker
//! count from `spec.kafka.replicas` or the file's `KafkaNodePool`s),
//! `KafkaTopic` (`spec.config`, a topic, in the cluster its
//! `strimzi.io/cluster` label names when that cluster is in the file),
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
use crate::unit::{Setting, SourceFile, TextEdit, UnitSource};
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
            Ok(file) => Arc::new(read(file)),
            Err(e) => yaml::unreadable(e),
        }
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

/// A Strimzi file: its units, the keys Strimzi ignores, the topics that
/// cannot be created.
struct StrimziFile {
    carried: Carried,
    ignored: Vec<Ignored>,
    overreplicated: Vec<Overreplicated>,
}

fn read(file: YamlFile) -> StrimziFile {
    let sections = resources::sections(&file);
    let mut settings = Vec::new();
    let mut origins = Vec::new();
    let mut ignored = Vec::new();
    let mut units = Vec::new();
    let mut places = Vec::new();
    let overreplicated = sections
        .iter()
        .filter_map(|s| overreplicated(&file, s))
        .collect();
    for section in sections {
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
        ignored,
        overreplicated,
    }
}

/// A topic section whose `spec.replicas` exceeds its cluster's brokers.
fn overreplicated(file: &YamlFile, section: &Section) -> Option<Overreplicated> {
    let (node, cluster) = section.replicas.as_ref()?;
    let replicas: u32 = file.yaml.scalar(*node)?.trim().parse().ok()?;
    let brokers = section.brokers?;
    (replicas > brokers).then(|| Overreplicated {
        unit: section.label.clone(),
        cluster: cluster.clone(),
        replicas,
        brokers,
        span: file.yaml.node(*node).span,
        fix: file.replace_scalar(*node, &brokers.to_string()),
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
        settings.push(Setting {
            key: entry.path.clone(),
            value: SettingValue::for_key(&entry.path, value.clone()),
            key_span: entry.key_span,
            value_span: entry.value_span,
            span: Span::new(
                entry.key_span.start,
                entry.value_span.end.max(entry.key_span.end),
            ),
            source_key: Some(source_key),
        });
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

    fn check(&self, units: &[UnitModel], out: &mut Vec<Diagnostic>) {
        if let Some(first) = units.first() {
            ignored::report(&first.path, &self.ignored, out);
            replicas::report(&first.path, &self.overreplicated, out);
        }
    }
}

/// The first scalar at `path` below `node`.
fn scalar_at<'f>(file: &'f YamlFile, node: NodeId, path: &[&str]) -> Option<&'f str> {
    file.yaml.scalar(file.yaml.at(node, path)?)
}

#[cfg(test)]
mod tests;
