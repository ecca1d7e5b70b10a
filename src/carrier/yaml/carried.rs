//! What the YAML carriers share: a YAML file read into Kafka settings, each
//! remembering where it came from in the YAML, so that the carrier-neutral
//! edits (`replace_value`, `rename_key`, `remove`, `append`) become YAML edits
//! in the carrier's own naming (a compose variable, a Strimzi config key).

use super::{NodeId, YamlFile};
use crate::carrier::Parsed;
use crate::text::Span;
use crate::unit::{SourceFile, TextEdit};

/// Where a setting is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `key: value`: entry `index` of `mapping`.
    Entry {
        mapping: NodeId,
        index: usize,
        key: NodeId,
        value: NodeId,
    },
    /// `- NAME=value`: item `index` of `sequence`, whose name is `name`.
    Item {
        sequence: NodeId,
        index: usize,
        item: NodeId,
        name: String,
    },
    /// In another file (an env file): the carrier does not edit it.
    Elsewhere,
}

/// Where a unit's new keys go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Under `path` in `mapping` (the path's mappings are made when missing).
    Mapping { mapping: NodeId, path: Vec<String> },
    /// As `NAME=value` items of `sequence`.
    List { sequence: NodeId },
}

/// How a unit's Kafka keys are written in the file.
pub trait Naming: Send + Sync {
    /// The file's name for the Kafka key `key`, when the file can express it.
    fn source_key(&self, key: &str) -> Option<String>;
    /// How the file writes the new value `value` where it wrote `old` (a
    /// compose file keeps `${VAR:-...}` around a default it replaces).
    fn write_value(&self, _old: &str, value: &str) -> String {
        value.to_string()
    }
}

/// Kafka keys written as they are (Strimzi's `config` maps).
pub struct AsKafka;

impl Naming for AsKafka {
    fn source_key(&self, key: &str) -> Option<String> {
        Some(key.to_string())
    }
}

/// One unit's way into the YAML.
pub struct UnitPlace {
    pub target: Target,
    pub naming: Box<dyn Naming>,
}

/// A YAML file as a carrier read it.
pub struct Carried {
    pub yaml: YamlFile,
    pub file: SourceFile,
    /// One per setting of `file`.
    pub origins: Vec<Origin>,
    /// One per unit of `file`.
    pub places: Vec<UnitPlace>,
    /// Other files that hold some of the settings.
    pub elsewhere: Vec<crate::unit::Elsewhere>,
    /// Findings of the carrier's own (their path is set when reported).
    pub findings: Vec<crate::diagnostics::Diagnostic>,
}

impl Carried {
    /// The file with the settings, units and their places a carrier read.
    pub fn new(
        yaml: YamlFile,
        settings: Vec<crate::unit::Setting>,
        origins: Vec<Origin>,
        units: Vec<crate::unit::UnitSource>,
        places: Vec<UnitPlace>,
    ) -> Carried {
        let file = SourceFile {
            text: std::sync::Arc::clone(&yaml.text),
            settings,
            comments: yaml.comments.clone(),
            units,
            load_error: None,
            hidden: Vec::new(),
        };
        Carried {
            yaml,
            file,
            origins,
            places,
            elsewhere: Vec::new(),
            findings: Vec::new(),
        }
    }
    /// The unit that holds setting `setting`.
    fn unit_of(&self, setting: usize) -> Option<&UnitPlace> {
        let unit = self
            .file
            .units
            .iter()
            .position(|u| u.settings.contains(&setting))?;
        self.places.get(unit)
    }

    fn written_name(&self, setting: usize, key: &str) -> String {
        self.unit_of(setting)
            .and_then(|p| p.naming.source_key(key))
            .unwrap_or_else(|| key.to_string())
    }

    /// The part of a `NAME=value` item after its `=`.
    fn item_value(&self, item: NodeId) -> String {
        let text = self.yaml.yaml.scalar(item).unwrap_or("");
        text.split_once('=').map_or("", |(_, v)| v).to_string()
    }

    fn no_edit() -> TextEdit {
        TextEdit {
            span: Span::empty_at(0),
            replacement: String::new(),
        }
    }
}

impl Parsed for Carried {
    fn file(&self) -> &SourceFile {
        &self.file
    }

    fn replace_value(&self, setting: usize, value: &str) -> TextEdit {
        let written = |old: &str| match self.unit_of(setting) {
            Some(place) => place.naming.write_value(old, value),
            None => value.to_string(),
        };
        match self.origins.get(setting) {
            Some(Origin::Entry { value: node, .. }) => {
                let old = self.yaml.yaml.scalar(*node).unwrap_or("");
                self.yaml.replace_scalar(*node, &written(old))
            }
            Some(Origin::Item { item, name, .. }) => {
                let old = self.item_value(*item);
                self.yaml
                    .replace_scalar(*item, &format!("{name}={}", written(&old)))
            }
            Some(Origin::Elsewhere) | None => Carried::no_edit(),
        }
    }

    fn rename_key(&self, setting: usize, to: &str) -> TextEdit {
        let name = self.written_name(setting, to);
        match self.origins.get(setting) {
            Some(Origin::Entry { key, .. }) => self.yaml.replace_scalar(*key, &name),
            Some(Origin::Item { item, .. }) => {
                let value = self.item_value(*item);
                self.yaml.replace_scalar(*item, &format!("{name}={value}"))
            }
            Some(Origin::Elsewhere) | None => Carried::no_edit(),
        }
    }

    fn remove(&self, setting: usize) -> TextEdit {
        match self.origins.get(setting) {
            Some(Origin::Entry { mapping, index, .. }) => self.yaml.remove_entry(*mapping, *index),
            Some(Origin::Item {
                sequence, index, ..
            }) => self.yaml.remove_item(*sequence, *index),
            Some(Origin::Elsewhere) | None => Carried::no_edit(),
        }
    }

    fn elsewhere(&self) -> &[crate::unit::Elsewhere] {
        &self.elsewhere
    }

    fn check(
        &self,
        units: &[crate::model::UnitModel],
        out: &mut Vec<crate::diagnostics::Diagnostic>,
    ) {
        if let Some(first) = units.first() {
            out.extend(self.findings.iter().map(|d| {
                let mut d = d.clone();
                d.path = crate::diagnostics::shared_path(&first.path);
                d
            }));
        }
    }

    fn append(&self, unit: usize, key: &str, value: &str) -> TextEdit {
        let Some(place) = self.places.get(unit) else {
            return Carried::no_edit();
        };
        let name = place
            .naming
            .source_key(key)
            .unwrap_or_else(|| key.to_string());
        match &place.target {
            Target::Mapping { mapping, path } => {
                let mut full: Vec<&str> = path.iter().map(String::as_str).collect();
                full.push(&name);
                self.yaml.insert(*mapping, &full, value)
            }
            Target::List { sequence } => self.yaml.push_item(*sequence, &format!("{name}={value}")),
        }
    }
}
