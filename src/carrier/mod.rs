//! Carriers: the file formats that hold Kafka keys. A carrier parses bytes into
//! a [`SourceFile`] (settings under Kafka keys, with spans, grouped into units)
//! and writes edits in its own syntax, so that a fix keeps comments and layout.
//! It may also check what only its syntax can get wrong.
//!
//! A new carrier implements [`Carrier`] and [`Parsed`]; no check or rule changes.

pub mod properties;
pub mod spring;
pub mod yaml;

use crate::checks::CheckMeta;
use crate::diagnostics::Diagnostic;
use crate::model::UnitModel;
use crate::text::Encoding;
use crate::unit::{SourceFile, TextEdit};
use std::path::Path;
use std::sync::Arc;

/// A file format that carries Kafka configuration.
pub trait Carrier: Send + Sync {
    /// Its name, as `--carrier` and the JSON output say it.
    fn name(&self) -> &'static str;
    /// Whether a file met while walking a directory is one of this carrier's.
    fn claims(&self, path: &Path) -> bool;
    /// Reads a file. Never fails: what cannot be read is a load error or a
    /// diagnostic of the carrier's own checks.
    fn parse(&self, bytes: Vec<u8>, encoding: Encoding) -> Arc<dyn Parsed>;
    /// The checks the carrier runs on its own syntax, for the code registry.
    fn checks(&self) -> Vec<&'static CheckMeta> {
        Vec::new()
    }
}

/// A file as a carrier read it: the neutral view, and edits in its syntax.
pub trait Parsed: Send + Sync {
    fn file(&self) -> &SourceFile;
    /// Gives setting `setting` the value `value`.
    fn replace_value(&self, setting: usize, value: &str) -> TextEdit;
    /// Renames setting `setting` to the Kafka key `to`.
    fn rename_key(&self, setting: usize, to: &str) -> TextEdit;
    /// Removes setting `setting`, with its line when it has one to itself.
    fn remove(&self, setting: usize) -> TextEdit;
    /// Adds `key` with `value` to unit `unit`, which does not set it.
    fn append(&self, unit: usize, key: &str, value: &str) -> TextEdit;
    /// Findings about the carrier's own syntax, for the file's units.
    fn check(&self, _units: &[UnitModel], _out: &mut Vec<Diagnostic>) {}
    /// Why the file cannot be read at all (invalid YAML), when it cannot: the
    /// run then fails (exit 2) naming the file, line and column. (A
    /// `.properties` file always reads; what Java refuses is a finding.)
    fn unreadable(&self) -> Option<&crate::unit::LoadError> {
        None
    }
}

/// The carriers a run knows, the first of which is the fallback for files named
/// on the command line.
pub struct Carriers {
    list: Vec<Arc<dyn Carrier>>,
}

impl Default for Carriers {
    fn default() -> Self {
        Carriers {
            list: vec![
                Arc::new(spring::Spring),
                Arc::new(spring::SpringYaml),
                Arc::new(properties::Properties),
            ],
        }
    }
}

impl Carriers {
    /// Adds a carrier, consulted before the ones already known.
    pub fn add(&mut self, carrier: Arc<dyn Carrier>) {
        self.list.insert(0, carrier);
    }

    pub fn all(&self) -> &[Arc<dyn Carrier>] {
        &self.list
    }

    pub fn by_name(&self, name: &str) -> Option<&Arc<dyn Carrier>> {
        self.list.iter().find(|c| c.name() == name)
    }

    /// The carrier that claims `path`, if any.
    pub fn claiming(&self, path: &Path) -> Option<&Arc<dyn Carrier>> {
        self.list.iter().find(|c| c.claims(path))
    }

    /// The carrier for a file: the one that claims it, else `.properties`, as
    /// for a file named on the command line whatever its name.
    pub fn for_path(&self, path: &Path) -> Arc<dyn Carrier> {
        match self.claiming(path) {
            Some(c) => Arc::clone(c),
            None => Arc::new(properties::Properties),
        }
    }
}
