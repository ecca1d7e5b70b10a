//! Carriers: the file formats that hold Kafka keys. A carrier parses bytes into
//! a [`SourceFile`] (settings under Kafka keys, with spans, grouped into units)
//! and writes edits in its own syntax, so that a fix keeps comments and layout.
//! It may also check what only its syntax can get wrong.
//!
//! A new carrier implements [`Carrier`] and [`Parsed`]; no check or rule changes.

pub mod compose;
pub mod properties;
pub mod spring;
pub mod strimzi;
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
    /// Whether a file met while walking a directory is one of this carrier's,
    /// by its name.
    fn claims(&self, path: &Path) -> bool;
    /// Whether a file is one of this carrier's, by its name and the first
    /// [`HEAD_BYTES`] of its content (a Strimzi resource says `apiVersion:
    /// kafka.strimzi.io/...`). By default, its name decides.
    fn recognizes(&self, path: &Path, _head: &[u8]) -> bool {
        self.claims(path)
    }
    /// Reads a file. Never fails: what cannot be read is a load error or a
    /// diagnostic of the carrier's own checks.
    fn parse(&self, bytes: Vec<u8>, encoding: Encoding) -> Arc<dyn Parsed>;
    /// Reads a file knowing where it is (it may name other files that hold its
    /// settings: a compose service's `env_file`) and what the project says of
    /// it (the Spring Boot version). By default, [`Carrier::parse`].
    fn parse_in(
        &self,
        _context: &ReadContext,
        bytes: Vec<u8>,
        encoding: Encoding,
    ) -> Arc<dyn Parsed> {
        self.parse(bytes, encoding)
    }
    /// Whether its files' units may declare a cluster, or belong to one that
    /// another file declares (Strimzi): the engine links them (see
    /// `engine::Links`).
    fn links_files(&self) -> bool {
        false
    }
    /// The checks the carrier runs on its own syntax, for the code registry.
    fn checks(&self) -> Vec<&'static CheckMeta> {
        Vec::new()
    }
}

/// What a carrier may need besides a file's bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadContext<'a> {
    /// Where the file is (as the run names it), when it is a file.
    pub path: Option<&'a Path>,
    /// The Spring Boot version the project config gives the file.
    pub spring_boot: Option<spring::BootVersion>,
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
    /// The other files that hold some of this file's settings.
    fn elsewhere(&self) -> &[crate::unit::Elsewhere] {
        &[]
    }
    /// Nodes of clusters the file declares outside its units (Strimzi's
    /// `KafkaNodePool`s), which the engine counts into their cluster's size.
    fn node_pools(&self) -> &[crate::unit::NodePool] {
        &[]
    }
    /// Findings about the carrier's own syntax, for the file's units.
    fn check(&self, _units: &[UnitModel], _out: &mut Vec<Diagnostic>) {}
    /// Why the file cannot be read at all (invalid YAML), when it cannot: the
    /// run then fails (exit 2) naming the file, line and column. (A
    /// `.properties` file always reads; what Java refuses is a finding.)
    fn unreadable(&self) -> Option<&crate::unit::LoadError> {
        None
    }
}

/// How much of a YAML file is read to decide whether a carrier takes it: a
/// walk over many unrelated YAML files reads no more of each.
pub const HEAD_BYTES: usize = 8 * 1024;

/// The carriers a run knows; `.properties` is the fallback for files named
/// on the command line.
pub struct Carriers {
    list: Vec<Arc<dyn Carrier>>,
    /// `--carrier NAME`: reads every file.
    forced: Option<Arc<dyn Carrier>>,
}

impl Default for Carriers {
    fn default() -> Self {
        Carriers {
            list: vec![
                Arc::new(spring::Spring),
                Arc::new(spring::SpringYaml),
                Arc::new(compose::Compose),
                Arc::new(strimzi::Strimzi),
                Arc::new(properties::Properties),
            ],
            forced: None,
        }
    }
}

/// Whether a file's name says YAML.
pub fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "yml" || x == "yaml")
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

    /// Makes `name` read every file (`--carrier NAME`).
    pub fn force(&mut self, name: &str) -> Result<(), String> {
        let carrier = self.by_name(name).cloned().ok_or_else(|| {
            let names: Vec<&str> = self.list.iter().map(|c| c.name()).collect();
            format!(
                "unknown carrier `{name}`; expected one of: {}",
                names.join(", ")
            )
        })?;
        self.forced = Some(carrier);
        Ok(())
    }

    /// The carrier for a file with these bytes: the forced one, else the one
    /// that recognizes it, else `.properties` for a file that is not YAML.
    /// None for YAML that no carrier takes (a workflow, a Deployment): there
    /// is nothing in it to lint.
    pub fn for_file(&self, path: &Path, bytes: &[u8]) -> Option<Arc<dyn Carrier>> {
        if let Some(forced) = &self.forced {
            return Some(Arc::clone(forced));
        }
        let head = &bytes[..bytes.len().min(HEAD_BYTES)];
        match self.list.iter().find(|c| c.recognizes(path, head)) {
            Some(c) => Some(Arc::clone(c)),
            None if is_yaml(path) => None,
            None => Some(Arc::new(properties::Properties)),
        }
    }

    /// Whether a YAML file met while walking is a carrier's: by its name, else
    /// by its first [`HEAD_BYTES`] (read here). Files that are not YAML are
    /// the project's `include` to decide.
    pub fn walk_takes(&self, path: &Path) -> bool {
        if !is_yaml(path) {
            return false;
        }
        if self.forced.is_some() || self.list.iter().any(|c| c.claims(path)) {
            return true;
        }
        let head = read_head(path);
        self.list.iter().any(|c| c.recognizes(path, &head))
    }
}

/// The first [`HEAD_BYTES`] of a file (nothing when it cannot be read: the
/// walk then leaves it alone, as any other unrelated file).
fn read_head(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(HEAD_BYTES as u64).read_to_end(&mut head);
    }
    head
}
