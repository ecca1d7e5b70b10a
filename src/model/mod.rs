//! The model of one unit: its role, its Kafka version and its effective
//! configuration, built from a carrier's settings and the catalog.

pub mod advice;
pub mod directives;
pub mod effective;
pub mod fills;
pub mod role;
pub mod semantics;
pub mod value;

use crate::carrier::Parsed;
use crate::catalog::{self, Catalog, Role, VersionSelection};
use crate::text::{Encoding, Span};
use crate::unit::{Setting, SourceFile, UnitSource};
use directives::Directives;
use effective::EffectiveConfig;
use role::RoleDecision;
use std::path::Path;
use std::sync::Arc;

pub use crate::secret::HIDDEN;

/// What the project config (`kafkalint.toml`) says about one file.
#[derive(Clone, Debug, Default)]
pub struct ProjectDefaults {
    pub role: Option<Role>,
    pub kafka_version: Option<VersionSelection>,
    /// How many brokers the file's cluster has (`[[cluster]]`); a count the
    /// carrier gives a unit wins over it.
    pub cluster_brokers: Option<u32>,
}

/// Settings given on the command line; they win over everything in the file.
#[derive(Clone, Debug)]
pub struct Overrides {
    pub role: Option<Role>,
    pub kafka_version: Option<VersionSelection>,
    pub encoding: Encoding,
    /// The largest file read, in bytes.
    pub max_file_size: u64,
}

impl Default for Overrides {
    fn default() -> Self {
        Overrides {
            role: None,
            kafka_version: None,
            encoding: Encoding::default(),
            max_file_size: crate::input::DEFAULT_MAX_BYTES,
        }
    }
}

/// Workload facts the configuration alone cannot tell.
#[derive(Clone, Debug, Default)]
pub struct Hints {
    /// Worst-case time to process one record, in milliseconds.
    pub record_processing_ms: Option<u64>,
}

impl Hints {
    /// The command line's hints, else the file's `record-processing-ms` directive
    /// (when valid: K010 reports it otherwise).
    pub fn for_file(flag: &Hints, directives: &directives::Directives) -> Hints {
        Hints {
            record_processing_ms: flag.record_processing_ms.or_else(|| {
                directives
                    .get("record-processing-ms")
                    .and_then(|d| record_processing_ms(&d.value).ok())
            }),
        }
    }
}

/// The largest `record-processing-ms`: Kafka's largest `max.poll.interval.ms`, a
/// Java int. A record that takes longer can never be processed between two polls,
/// and the rules' arithmetic stays far from overflowing.
pub const MAX_RECORD_PROCESSING_MS: u64 = i32::MAX as u64;

/// Reads a worst-case time per record, as the flag, the directive and the
/// project config give it: a whole number of milliseconds from 1 to
/// [`MAX_RECORD_PROCESSING_MS`].
pub fn record_processing_ms(text: &str) -> Result<u64, String> {
    let text = text.trim();
    match text.parse::<u64>() {
        Ok(ms) if (1..=MAX_RECORD_PROCESSING_MS).contains(&ms) => Ok(ms),
        _ => Err(format!(
            "must be a whole number of milliseconds from 1 to {MAX_RECORD_PROCESSING_MS} (the largest max.poll.interval.ms), not `{}`",
            crate::text::clip(text, 40)
        )),
    }
}

/// A problem with a directive's value, reported by the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectiveProblem {
    pub span: Span,
    pub message: String,
    /// Not a problem but a note, reported as info (a Kafka version newer than
    /// kafkalint knows, taken as the newest), as the command line notes it.
    pub note: bool,
}

/// One unit of a file, fully understood.
#[derive(Clone)]
pub struct UnitModel {
    pub path: String,
    /// The file as its carrier read it, shared by the file's units.
    pub parsed: Arc<dyn Parsed>,
    /// This unit's index in the file's units.
    pub unit: usize,
    /// The file's directive comments.
    pub directives: Arc<Directives>,
    pub directive_problems: Vec<DirectiveProblem>,
    pub role: RoleDecision,
    pub version: VersionSelection,
    pub catalog: &'static Catalog,
    pub config: EffectiveConfig,
    /// How many brokers the unit's cluster has, when known: what the carrier
    /// says ([`UnitSource::cluster_brokers`]: compose services, Strimzi
    /// replicas), else the project config's `[[cluster]]`. Rules see it as
    /// `cluster.brokers`.
    pub cluster_brokers: Option<u32>,
}

impl UnitModel {
    /// Models every unit of a parsed file, with the project config's settings
    /// for the file, which rank below the file's own directives.
    pub fn build_all(
        path: &str,
        parsed: Arc<dyn Parsed>,
        overrides: &Overrides,
        project: &ProjectDefaults,
    ) -> Vec<UnitModel> {
        UnitModel::build_all_linked(path, parsed, overrides, project, |_| None)
    }

    /// [`UnitModel::build_all`], with what `linked` says of the cluster each
    /// unit belongs to (by unit index), which ranks below the carrier's own
    /// syntax.
    pub fn build_all_linked(
        path: &str,
        parsed: Arc<dyn Parsed>,
        overrides: &Overrides,
        project: &ProjectDefaults,
        linked: impl Fn(usize) -> Option<crate::unit::LinkedCluster>,
    ) -> Vec<UnitModel> {
        let directives = Arc::new(Directives::parse(&parsed.file().comments));
        (0..parsed.file().units.len())
            .map(|unit| {
                UnitModel::build(
                    path,
                    Arc::clone(&parsed),
                    unit,
                    Arc::clone(&directives),
                    overrides,
                    project,
                    linked(unit).as_ref(),
                )
            })
            .collect()
    }

    /// A `.properties` text as its one unit: what tests and the broker view use.
    pub fn properties(path: &str, bytes: Vec<u8>, overrides: &Overrides) -> UnitModel {
        UnitModel::properties_with(path, bytes, overrides, &ProjectDefaults::default())
    }

    pub fn properties_with(
        path: &str,
        bytes: Vec<u8>,
        overrides: &Overrides,
        project: &ProjectDefaults,
    ) -> UnitModel {
        let parsed: Arc<dyn Parsed> = Arc::new(crate::carrier::properties::Document::parse(
            bytes,
            overrides.encoding,
        ));
        let directives = Arc::new(Directives::parse(&parsed.file().comments));
        UnitModel::build(path, parsed, 0, directives, overrides, project, None)
    }

    fn build(
        path: &str,
        parsed: Arc<dyn Parsed>,
        unit: usize,
        directives: Arc<Directives>,
        overrides: &Overrides,
        project: &ProjectDefaults,
        linked: Option<&crate::unit::LinkedCluster>,
    ) -> UnitModel {
        let mut problems = Vec::new();
        let source = &parsed.file().units[unit];
        // What the user says explicitly wins over what the carrier reads (an
        // image tag, Strimzi's spec.kafka.version): the flag, the file's
        // directive, the project config; then the carrier; then the cluster
        // the unit belongs to; then the newest.
        let version = overrides.kafka_version.clone().unwrap_or_else(|| {
            directive_version(&directives, &mut problems)
                .or_else(|| project.kafka_version.clone())
                .or_else(|| carrier_version(source.kafka_version.as_deref()))
                .or_else(|| carrier_version(linked?.kafka_version.as_deref()))
                .unwrap_or_else(catalog::default_selection)
        });
        let catalog = Catalog::get(version.catalog);
        let directive_role = directives.get("role").and_then(|d| {
            let role = Role::parse(&d.value);
            if role.is_none() {
                problems.push(DirectiveProblem {
                    span: d.span,
                    message: format!(
                        "unknown role `{}` in directive; expected one of: {}",
                        d.value,
                        Role::ALL.map(Role::as_str).join(", ")
                    ),
                    note: false,
                });
            }
            role
        });
        let file = parsed.file();
        let role = match source.role {
            // The carrier's syntax says which component this is.
            Some(role) => RoleDecision::Known(role, role::RoleSource::Carrier),
            None => role::detect(
                Path::new(path),
                overrides.role,
                directive_role,
                project.role,
                source.settings.iter().map(|&i| file.settings[i].key()),
                catalog,
            ),
        };
        let mut config = EffectiveConfig::build_shared(&parsed, source, role.role(), catalog);
        fills::apply(&mut config, role.role(), version.requested);
        let cluster_brokers = source
            .cluster_brokers
            .or(linked.and_then(|l| l.brokers))
            .or(project.cluster_brokers);
        UnitModel {
            path: path.to_string(),
            parsed,
            unit,
            directives,
            directive_problems: problems,
            role,
            version,
            catalog,
            config,
            cluster_brokers,
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.role.role()
    }

    pub fn file(&self) -> &SourceFile {
        self.parsed.file()
    }

    pub fn source(&self) -> &UnitSource {
        &self.file().units[self.unit]
    }

    /// The unit's settings, in file order, duplicates included, with their
    /// indexes in the file.
    pub fn settings(&self) -> impl Iterator<Item = (usize, &Setting)> {
        let file = self.file();
        self.source()
            .settings
            .iter()
            .map(move |&i| (i, &file.settings[i]))
    }

    /// The settings Kafka keeps (the last of each key), in file order.
    pub fn kept(&self) -> impl Iterator<Item = (usize, &Setting)> {
        let file = self.file();
        self.source().kept().map(move |i| (i, &file.settings[i]))
    }

    pub fn setting(&self, index: usize) -> Option<&Setting> {
        self.file().settings.get(index)
    }

    /// Where a finding about the unit as a whole (a key it leaves at its
    /// default) points: the start of a file with one unit; in a file with
    /// several, the unit's first setting written in the file.
    pub fn anchor(&self) -> Span {
        let start = Span::empty_at(0);
        if self.label().is_none() {
            return start;
        }
        self.settings()
            .map(|(_, s)| s.key_span())
            .find(|span| span.end > span.start)
            .or(self.source().anchor)
            .unwrap_or(start)
    }

    /// The unit's label, when its file has several.
    pub fn label(&self) -> Option<&str> {
        self.source().label.as_deref()
    }

    /// The value spans of every secret in the file.
    pub fn secret_spans(&self) -> Vec<Span> {
        self.file().secret_spans()
    }
}

/// The Kafka version the carrier read for the unit, when kafkalint knows it
/// (a newer one is taken as the newest known, as for the flag).
/// A version as a carrier's syntax writes it (an image tag, `spec.kafka.version`).
fn carrier_version(written: Option<&str>) -> Option<VersionSelection> {
    catalog::select_version(written?).ok()
}

fn directive_version(
    directives: &Directives,
    problems: &mut Vec<DirectiveProblem>,
) -> Option<VersionSelection> {
    let d = directives.get("kafka-version")?;
    match catalog::select_version(&d.value) {
        Ok(selection) => {
            if let Some(note) = &selection.note {
                problems.push(DirectiveProblem {
                    span: d.span,
                    message: note.clone(),
                    note: true,
                });
            }
            Some(selection)
        }
        Err(message) => {
            problems.push(DirectiveProblem {
                span: d.span,
                message,
                note: false,
            });
            None
        }
    }
}
