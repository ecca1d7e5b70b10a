//! The project config as a run uses it: which `kafkalint.toml` applies to each
//! file, what it says about the file, and the broker each client talks to.

use super::{Error, broker_from_file};
use crate::catalog::Catalog;
use crate::config::{Discovery, LoadedConfig, RulesSettings, SeverityOrOff};
use crate::diagnostics::Diagnostic;
use crate::model::{Overrides, ProjectDefaults};
use crate::rules::BrokerView;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything linting needs to know about a file beyond the file itself: what
/// its project config says.
#[derive(Clone, Default)]
pub struct FileSettings {
    pub defaults: ProjectDefaults,
    pub record_processing_ms: Option<u64>,
    /// The broker of the file's `[[cluster]]`, when the config names one.
    pub broker: Option<Arc<BrokerView>>,
    /// The `[rules]` of the file's config.
    pub rules: Option<Arc<RulesSettings>>,
    /// Checks its `[[files]]` entries ignore for this file.
    pub ignore: Vec<String>,
    /// The clusters the other files of the run declare, for the units of this
    /// one that belong to a cluster (set by the caller: see [`super::Links`]).
    pub links: Option<Arc<super::Links>>,
    /// The Spring Boot version the config gives the file (`spring-boot`).
    pub spring_boot: Option<crate::carrier::spring::BootVersion>,
}

impl FileSettings {
    /// What a carrier reading the file `name` needs to know.
    pub fn read_context<'a>(&self, name: &'a str) -> crate::carrier::ReadContext<'a> {
        crate::carrier::ReadContext {
            path: Some(Path::new(name)),
            spring_boot: self.spring_boot,
        }
    }
}

pub struct Project {
    discovery: Discovery,
    /// How broker files are read (the command line's encoding).
    overrides: Overrides,
    brokers: HashMap<PathBuf, Arc<BrokerView>>,
    rules: HashMap<PathBuf, Arc<RulesSettings>>,
    /// The directory of the last file asked about, and its config: a walk meets
    /// a directory's files one after another, and each lookup of a path costs
    /// system calls (the working directory, whether the path is a directory).
    last_dir: Option<(PathBuf, Option<Arc<LoadedConfig>>)>,
}

fn config_error(e: impl std::fmt::Display) -> Error {
    Error(format!("invalid project config: {e}"))
}

/// Which project config applies.
#[derive(Clone, Debug, Default)]
pub enum ConfigChoice {
    /// Each file gets the nearest `kafkalint.toml` above it.
    #[default]
    Discover,
    /// One config for every file (`--config FILE`).
    File(PathBuf),
    /// No config (`--no-config`).
    None,
}

impl Project {
    /// `--config FILE` applies one config to every file, `--no-config` none;
    /// otherwise each file gets the nearest `kafkalint.toml` above it.
    pub fn new(choice: &ConfigChoice, overrides: &Overrides) -> Result<Project, Error> {
        let discovery = match choice {
            ConfigChoice::None => Discovery::fixed(None),
            ConfigChoice::File(path) => Discovery::fixed(Some(Arc::new(
                LoadedConfig::load(path).map_err(config_error)?,
            ))),
            ConfigChoice::Discover => Discovery::new(),
        };
        Ok(Project {
            discovery,
            overrides: overrides.clone(),
            brokers: HashMap::new(),
            rules: HashMap::new(),
            last_dir: None,
        })
    }

    pub fn config_for(&mut self, path: &Path) -> Result<Option<Arc<LoadedConfig>>, Error> {
        self.discovery.for_file(path).map_err(config_error)
    }

    /// Whether a file met while walking is to be linted: the config's include and
    /// exclude, else every `*.properties` file.
    pub fn selects(&mut self, path: &Path) -> bool {
        self.selects_with(path, |_| false)
    }

    /// [`Project::selects`], or a file a carrier takes (`carrier_takes`: a
    /// compose file, a Strimzi resource) that the config does not exclude.
    pub fn selects_with(&mut self, path: &Path, carrier_takes: impl FnOnce(&Path) -> bool) -> bool {
        let config = self.config_for(path);
        Self::selected(config, path, carrier_takes)
    }

    /// [`Project::selects_with`] for a path known not to be a directory.
    pub fn selects_file_with(
        &mut self,
        path: &Path,
        carrier_takes: impl FnOnce(&Path) -> bool,
    ) -> bool {
        let config = self.config_for_file(path);
        Self::selected(config, path, carrier_takes)
    }

    fn selected(
        config: Result<Option<Arc<LoadedConfig>>, Error>,
        path: &Path,
        carrier_takes: impl FnOnce(&Path) -> bool,
    ) -> bool {
        match config {
            Ok(Some(config)) => {
                config.selects(path) || (!config.is_excluded(path) && carrier_takes(path))
            }
            // An unreadable config is reported when the file's job is made.
            Ok(None) | Err(_) => {
                path.extension().is_some_and(|x| x == "properties") || carrier_takes(path)
            }
        }
    }

    /// The rule directories and extra files that the configs of the paths named
    /// on the command line add.
    pub fn for_arguments(
        &mut self,
        paths: &[PathBuf],
    ) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Error> {
        let (mut rule_dirs, mut named) = (Vec::new(), Vec::new());
        for path in paths {
            if let Some(config) = self.config_for(path)? {
                rule_dirs.extend(config.rules().paths);
                if path.is_dir() {
                    // Files the config names are linted whatever their extension.
                    named.extend(
                        config
                            .named_files()
                            .into_iter()
                            .filter(|f| f.starts_with(path) || path == Path::new(".")),
                    );
                }
            }
        }
        rule_dirs.sort();
        rule_dirs.dedup();
        Ok((rule_dirs, named))
    }

    /// What the project config says about one file.
    pub fn file_settings(&mut self, path: &Path) -> Result<FileSettings, Error> {
        Ok(self.config_settings(path)?.unwrap_or_default())
    }

    /// [`Project::file_settings`], None when no project config applies to the
    /// file (its settings are then the default ones): a run over a large tree
    /// without a config keeps no settings per file.
    pub fn config_settings(&mut self, path: &Path) -> Result<Option<FileSettings>, Error> {
        let Some(config) = self.config_for(path)? else {
            return Ok(None);
        };
        self.settings_under(&config, path)
    }

    /// [`Project::config_settings`] of a file the walk found (not a directory).
    pub fn walked_settings(&mut self, path: &Path) -> Result<Option<FileSettings>, Error> {
        let Some(config) = self.config_for_file(path)? else {
            return Ok(None);
        };
        self.settings_under(&config, path)
    }

    /// The config of `path`, known not to be a directory: its directory's.
    fn config_for_file(&mut self, path: &Path) -> Result<Option<Arc<LoadedConfig>>, Error> {
        let dir = path.parent().unwrap_or(Path::new(""));
        // Bytes, not components: a miss only looks the config up again.
        if let Some((last, config)) = &self.last_dir
            && last.as_os_str() == dir.as_os_str()
        {
            return Ok(config.clone());
        }
        let config = self.config_for(path)?;
        self.last_dir = Some((dir.to_path_buf(), config.clone()));
        Ok(config)
    }

    /// The settings `config` gives `path`.
    fn settings_under(
        &mut self,
        config: &Arc<LoadedConfig>,
        path: &Path,
    ) -> Result<Option<FileSettings>, Error> {
        let settings = config.settings_for(path);
        let broker = match &settings.cluster {
            Some(cluster) => self
                .broker(
                    cluster.broker_file.as_deref(),
                    cluster.broker_version.as_ref(),
                )
                .map_err(|e| {
                    Error(format!(
                        "invalid project config: {}: cluster `{}`: broker {e}",
                        config.path().display(),
                        cluster.name
                    ))
                })?,
            None => None,
        };
        let rules = Arc::clone(
            self.rules
                .entry(config.path().to_path_buf())
                .or_insert_with(|| Arc::new(config.rules())),
        );
        Ok(Some(FileSettings {
            defaults: ProjectDefaults {
                role: settings.role,
                kafka_version: settings.kafka_version,
                cluster_brokers: settings.cluster_brokers,
            },
            record_processing_ms: settings.record_processing_ms,
            broker,
            rules: Some(rules),
            ignore: settings.ignore,
            links: None,
            spring_boot: settings.spring_boot,
        }))
    }

    /// The broker a cluster names: its file (read once per run), or the defaults
    /// of its `broker-version`.
    fn broker(
        &mut self,
        file: Option<&Path>,
        version: Option<&crate::catalog::VersionSelection>,
    ) -> Result<Option<Arc<BrokerView>>, Error> {
        if let Some(file) = file {
            if let Some(b) = self.brokers.get(file) {
                return Ok(Some(Arc::clone(b)));
            }
            let view = Arc::new(broker_from_file(file, &self.overrides, version)?);
            self.brokers.insert(file.to_path_buf(), Arc::clone(&view));
            return Ok(Some(view));
        }
        Ok(version.map(|v| BrokerView::shared_defaults(Catalog::get(v.catalog))))
    }

    /// The broker files of the clusters met so far: what the run reads as
    /// context for its clients, and so must not change under them.
    pub fn broker_files(&self) -> impl Iterator<Item = &Path> {
        self.brokers.keys().map(PathBuf::as_path)
    }

    /// Every config met, to validate their rule codes once rules are known.
    pub fn loaded(&self) -> &[Arc<LoadedConfig>] {
        self.discovery.loaded()
    }
}

/// Applies a config's `[rules] severity`: `off` drops a diagnostic, a level
/// sets it. Its keys are codes, code prefixes or names, as `select` takes
/// them; when several name a diagnostic the most specific wins: its code or
/// name, else the longest prefix.
pub fn apply_severity(rules: Option<&RulesSettings>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(rules) = rules.filter(|r| !r.severity.is_empty()) else {
        return;
    };
    let level = |d: &Diagnostic| {
        rules
            .severity
            .iter()
            .filter_map(|(pattern, level)| {
                crate::registry::closeness(pattern, d.code(), d.name()).map(|c| (c, *level))
            })
            .max_by_key(|(closeness, _)| *closeness)
            .map(|(_, level)| level)
    };
    diagnostics.retain(|d| level(d) != Some(SeverityOrOff::Off));
    for d in diagnostics.iter_mut() {
        if let Some(SeverityOrOff::Level(severity)) = level(d) {
            d.severity = severity;
        }
    }
}
