//! The project config, `kafkalint.toml`: per-project defaults for the files a
//! run lints, found by walking up from each file (the nearest one wins).
//!
//! ```toml
//! kafka-version = "3.7"                     # top-level defaults
//! spring-boot = "3.3"                       # the Spring Boot version of Spring files
//! record-processing-ms = 100
//! include = ["**/*.properties"]             # files to lint when walking (this is the default)
//! exclude = ["**/log4j*.properties", "build/**"]
//! [[cluster]]
//! name = "prod"
//! broker = "broker/server.properties"       # or: broker-version = "3.6"
//! brokers = 3                               # the cluster's size
//! clients = ["apps/*.properties"]
//! [[cluster]]
//! name = "dev"                              # every broker's file: the size is 2
//! broker = ["dev/b1.properties", "dev/b2.properties"]
//! [[files]]
//! path = "apps/legacy-*.properties"
//! role = "consumer"
//! kafka-version = "0.10.0"
//! spring-boot = "2.7"
//! record-processing-ms = 800
//! [rules]
//! select = ["K1"]
//! extend-select = ["K508"]
//! ignore = ["K104"]
//! severity = { K106 = "info", K301 = "off" }
//! paths = ["team-rules/"]
//! ```
//!
//! Reading is strict: an unknown field, a value of the wrong type, an unknown
//! role, version or severity, a glob that does not compile, a cluster with both
//! `broker` and `broker-version` or with none of `broker`, `broker-version`
//! and `brokers`, a cluster without clients that names no broker file, a
//! `brokers` outside 1 to [`MAX_CLUSTER_BROKERS`] or fewer than the broker
//! files listed, or an empty or repeated broker file is a [`ConfigError`]
//! naming the file, the line and the field
//! (`kafkalint.toml:7: files[0].role: unknown role ...`).
//!
//! The cluster's size ([`ClusterConfig::size`]) is `brokers`, else the length
//! of a `broker` list (a list names every broker's file; one file is the
//! configuration the brokers share and says nothing of their number). The
//! cluster's broker files and its clients get it
//! ([`FileSettings::cluster_brokers`]); a count a carrier gives a unit
//! (`UnitSource::cluster_brokers`) wins over it, and rules see the result as
//! `cluster.brokers`. Clients check cross-file rules against the first broker file.
//!
//! Paths and globs are relative to the config file's directory and always use
//! `/`. The files a config names (a cluster's `broker`, `[rules] paths`, a
//! literal `[[files]] path`) must stay inside the repository: the nearest
//! directory at or above the config's that holds `.git`, else the config's
//! directory ([`ProjectConfig::load`] checks it, links resolved). Globs are `globset` globs with `literal_separator`: `*` stays within one
//! directory, `**` crosses directories (`**/x` also matches `x`); a leading
//! `./` and a trailing `/` are ignored. A literal path (no glob characters)
//! also matches the files below it: `apps` in `[[files]] path` or `clients`
//! stands for the directory's files, as it does in `exclude`. A file outside
//! the config's directory matches no glob.
//!
//! Precedence, highest first (this module provides the last two layers):
//! 1. command-line flags;
//! 2. directive comments in the file (`# kafkalint: role=...`);
//! 3. `[[files]]` entries matching the file, field by field: for each of
//!    `role`, `kafka-version` and `record-processing-ms`, **the last matching
//!    entry that sets it wins** (write general entries first, exceptions after);
//! 4. top-level `kafka-version` and `record-processing-ms`; a cluster's broker
//!    file that no `[[files]]` entry gives a role has the role `broker`.
//!
//! A client belongs to the **first** `[[cluster]]` whose `clients` globs match
//! it (a cluster's own broker file is never its client).
//!
//! Wiring: [`Discovery`] finds and caches the config of each linted file (or
//! always returns the `--config FILE`, or none for `--no-config`, with
//! [`Discovery::fixed`]); [`LoadedConfig::settings_for`] gives the file's
//! settings to put under the directives and flags; [`LoadedConfig::selects`]
//! decides which files a directory walk lints; [`LoadedConfig::rules`] and
//! [`LoadedConfig::check_codes`] give the `[rules]` table.

mod parse;
mod paths;
mod raw;

use crate::catalog::{Role, VersionSelection};
use crate::diagnostics::Severity;
use globset::{Candidate, GlobMatcher};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The name of the project config file.
pub const FILE_NAME: &str = "kafkalint.toml";

/// The starter `kafkalint.toml` that `kafkalint init` writes: every setting,
/// commented out, with a line of explanation each. It loads as it is.
pub fn starter_file() -> &'static str {
    include_str!("starter.toml")
}

/// A config file that cannot be used: `path:line: field: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The config file, as it was given (or found).
    pub path: PathBuf,
    /// 1-based line of the problem.
    pub line: usize,
    /// The field, as a dotted path: `kafka-version`, `files[0].role`,
    /// `cluster[1].clients[0]`, `rules.severity.K101`; `None` for TOML syntax errors.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.path.display(), self.line)?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Something worth telling about a valid config (a Kafka version newer than
/// kafkalint knows): `path:line: field: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigNote {
    pub path: PathBuf,
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for ConfigNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.path.display(),
            self.line,
            self.field,
            self.message
        )
    }
}

/// A value and the line it was written on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
}

/// A severity from `[rules] severity`: a level, or `off` to disable the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeverityOrOff {
    Level(Severity),
    Off,
}

impl SeverityOrOff {
    /// `error`, `warning` (or `warn`), `info` or `off`.
    pub fn parse(s: &str) -> Option<SeverityOrOff> {
        if s == "off" {
            Some(SeverityOrOff::Off)
        } else {
            Severity::parse(s).map(SeverityOrOff::Level)
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SeverityOrOff::Level(s) => s.as_str(),
            SeverityOrOff::Off => "off",
        }
    }
}

impl fmt::Display for SeverityOrOff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A compiled glob, relative to the config's directory.
#[derive(Clone, Debug)]
pub struct Pattern {
    text: String,
    line: usize,
    literal: bool,
    matcher: GlobMatcher,
}

impl Pattern {
    /// The glob as matched (without a leading `./` or a trailing `/`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn line(&self) -> usize {
        self.line
    }

    /// Whether the glob names one path (no `*`, `?`, `[`, `{` or `\`).
    pub fn is_literal(&self) -> bool {
        self.literal
    }

    /// Whether it matches `relative`, a path relative to the config's directory with `/` separators.
    pub fn is_match(&self, relative: &str) -> bool {
        self.matches(&Relative::new(relative))
    }

    /// Whether it matches the path, or, being a literal path (`apps`,
    /// `apps/`), names a directory above it: as `exclude` does, a directory
    /// stands for the files below it, where a glob would match nothing.
    fn matches(&self, path: &Relative) -> bool {
        self.matcher.is_match_candidate(&path.candidate)
            || (self.literal
                && path
                    .text
                    .strip_prefix(self.text.as_str())
                    .is_some_and(|rest| rest.starts_with('/')))
    }
}

/// A path relative to the config's directory with `/` separators, ready for
/// matching against several patterns.
struct Relative<'a> {
    text: &'a str,
    candidate: Candidate<'a>,
}

impl<'a> Relative<'a> {
    fn new(text: &'a str) -> Relative<'a> {
        Relative {
            text,
            candidate: Candidate::new(text),
        }
    }
}

/// The most brokers `[[cluster]] brokers` takes: far above any real cluster,
/// and small enough that the rules' arithmetic on it never nears an overflow.
pub const MAX_CLUSTER_BROKERS: u32 = 100_000;

/// One `[[cluster]]`.
#[derive(Clone, Debug)]
pub struct ClusterConfig {
    pub name: Located<String>,
    /// Line of the `[[cluster]]` header.
    pub line: usize,
    /// The broker files as written (relative to the config's directory): one
    /// shared by every broker, or, when `each_broker_file`, one per broker.
    pub broker: Vec<Located<String>>,
    /// `broker` was written as a list: it names every broker's file, so its
    /// length is the cluster's size (unless `brokers` says more).
    pub each_broker_file: bool,
    pub broker_version: Option<Located<VersionSelection>>,
    /// `brokers = N`, as written.
    pub brokers: Option<Located<u32>>,
    /// Empty only when the cluster names broker files.
    pub clients: Vec<Pattern>,
}

impl ClusterConfig {
    /// How many brokers the cluster has: `brokers`, else the length of a
    /// `broker` list; `None` when the config does not say.
    pub fn size(&self) -> Option<u32> {
        self.brokers.as_ref().map(|b| b.value).or_else(|| {
            self.each_broker_file
                .then(|| u32::try_from(self.broker.len()).ok())
                .flatten()
        })
    }
}

/// One `[[files]]`.
#[derive(Clone, Debug)]
pub struct FilesConfig {
    /// Line of the `[[files]]` header.
    pub line: usize,
    pub path: Pattern,
    pub role: Option<Located<Role>>,
    pub kafka_version: Option<Located<VersionSelection>>,
    /// The Spring Boot version of the matching Spring files.
    pub spring_boot: Option<Located<crate::carrier::spring::BootVersion>>,
    pub record_processing_ms: Option<Located<u64>>,
    /// Checks not reported for the matching files (every matching entry's).
    pub ignore: Vec<Located<String>>,
}

/// `[rules]`, as written.
#[derive(Clone, Debug, Default)]
pub struct RulesConfig {
    pub select: Vec<Located<String>>,
    pub extend_select: Vec<Located<String>>,
    pub ignore: Vec<Located<String>>,
    pub severity: BTreeMap<String, Located<SeverityOrOff>>,
    /// Rule directories as written (relative to the config's directory).
    pub paths: Vec<Located<String>>,
}

/// A checked `kafkalint.toml`. Paths in it are as written: [`LoadedConfig`]
/// resolves them against the config's directory.
#[derive(Clone, Debug)]
pub struct ProjectConfig {
    /// The file it was read from (as given), for messages.
    pub path: PathBuf,
    pub kafka_version: Option<Located<VersionSelection>>,
    /// The Spring Boot version of the project's Spring files.
    pub spring_boot: Option<Located<crate::carrier::spring::BootVersion>>,
    pub record_processing_ms: Option<Located<u64>>,
    /// `None`: the default, `**/*.properties`.
    pub include: Option<Vec<Pattern>>,
    pub exclude: Vec<Pattern>,
    pub clusters: Vec<ClusterConfig>,
    pub files: Vec<FilesConfig>,
    pub rules: RulesConfig,
}

impl ProjectConfig {
    /// Reads and checks a config file, including that each cluster's broker
    /// file and each `[rules] paths` entry exists (relative to `path`'s directory).
    pub fn load(path: &Path) -> Result<ProjectConfig, ConfigError> {
        let bytes =
            crate::input::read_regular(path, crate::input::DEFAULT_MAX_BYTES).map_err(|e| {
                ConfigError {
                    path: path.to_path_buf(),
                    line: 1,
                    field: None,
                    message: format!("cannot read the project config: {e}"),
                }
            })?;
        let text = String::from_utf8(bytes).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: parse::line_at(
                &String::from_utf8_lossy(e.as_bytes()),
                e.utf8_error().valid_up_to(),
            ),
            field: None,
            message: "invalid TOML: the file is not UTF-8".to_string(),
        })?;
        let config = ProjectConfig::parse(path, &text)?;
        config.check_references(&config_dir(path))?;
        Ok(config)
    }

    /// Checks the text of a config file; `path` is only used in errors. The
    /// files it names are not looked at.
    pub fn parse(path: &Path, text: &str) -> Result<ProjectConfig, ConfigError> {
        parse::parse(path, text)
    }

    /// Notes about valid settings: Kafka versions newer than the newest known.
    pub fn notes(&self) -> Vec<ConfigNote> {
        let mut versions: Vec<(String, &Located<VersionSelection>)> = Vec::new();
        if let Some(v) = &self.kafka_version {
            versions.push(("kafka-version".into(), v));
        }
        for (i, c) in self.clusters.iter().enumerate() {
            if let Some(v) = &c.broker_version {
                versions.push((format!("cluster[{i}].broker-version"), v));
            }
        }
        for (i, f) in self.files.iter().enumerate() {
            if let Some(v) = &f.kafka_version {
                versions.push((format!("files[{i}].kafka-version"), v));
            }
        }
        versions
            .into_iter()
            .filter_map(|(field, v)| {
                Some(ConfigNote {
                    path: self.path.clone(),
                    line: v.line,
                    field,
                    message: v.value.note.clone()?,
                })
            })
            .collect()
    }

    /// Checks the files the config names: each cluster's broker file and each
    /// `[rules] paths` entry must exist, and they and the literal `[[files]]`
    /// paths must stay inside the repository (see [`paths::Confinement`]).
    fn check_references(&self, dir: &Path) -> Result<(), ConfigError> {
        let fail = |line: usize, field: String, message: String| ConfigError {
            path: self.path.clone(),
            line,
            field: Some(field),
            message,
        };
        let confinement = paths::Confinement::of(dir).map_err(|e| ConfigError {
            path: self.path.clone(),
            line: 1,
            field: None,
            message: format!("cannot resolve the directory of the config: {e}"),
        })?;
        let confined =
            |value: &Located<String>, field: String| match confinement.escape(&value.value) {
                Some(message) => Err(fail(value.line, field, message)),
                None => Ok(()),
            };
        for (i, c) in self.clusters.iter().enumerate() {
            for (j, b) in c.broker.iter().enumerate() {
                let field = match c.each_broker_file {
                    true => format!("cluster[{i}].broker[{j}]"),
                    false => format!("cluster[{i}].broker"),
                };
                match std::fs::metadata(dir.join(&b.value)) {
                    Ok(m) if m.is_file() => confined(b, field)?,
                    Ok(_) => {
                        return Err(fail(b.line, field, format!("`{}` is not a file", b.value)));
                    }
                    Err(e) => {
                        return Err(fail(
                            b.line,
                            field,
                            format!("cannot read `{}`: {e}", b.value),
                        ));
                    }
                }
            }
        }
        for (i, p) in self.rules.paths.iter().enumerate() {
            let field = format!("rules.paths[{i}]");
            if let Err(e) = std::fs::metadata(dir.join(&p.value)) {
                return Err(fail(
                    p.line,
                    field,
                    format!("cannot read `{}`: {e}", p.value),
                ));
            }
            confined(p, field)?;
        }
        for (i, f) in self.files.iter().enumerate() {
            // A literal path names a file to lint (and to fix): globs only
            // match what a walk of the tree meets.
            if f.path.is_literal() {
                let path = Located {
                    value: f.path.as_str().to_string(),
                    line: f.path.line(),
                };
                confined(&path, format!("files[{i}].path"))?;
            }
        }
        Ok(())
    }
}

/// The directory a config file's paths are relative to.
fn config_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Looks for `kafkalint.toml` in `start` (a directory, or a file's directory)
/// and each directory above it up to the filesystem root; the nearest wins.
/// Returns the config file's path (relative to the working directory when
/// below it, else absolute) and its contents.
pub fn discover(start: &Path) -> Result<Option<(PathBuf, ProjectConfig)>, ConfigError> {
    let cwd = paths::cwd();
    let mut dir = start_dir(start);
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            let shown = paths::display(&candidate, cwd.as_deref());
            let config = ProjectConfig::load(&shown)?;
            return Ok(Some((shown, config)));
        }
        if !dir.pop() {
            return Ok(None);
        }
    }
}

/// The absolute directory a search starts from: `start` itself when it is a
/// directory, else its parent.
fn start_dir(start: &Path) -> PathBuf {
    let abs = paths::absolute(start);
    if abs.is_dir() {
        abs
    } else {
        abs.parent().map_or(abs.clone(), Path::to_path_buf)
    }
}

/// Which config applies to each file of a run. Directory lookups are cached:
/// a run over thousands of files reads each directory's `kafkalint.toml` (or
/// its absence) once, and each config file is loaded once.
#[derive(Debug, Default)]
pub struct Discovery {
    cache: HashMap<PathBuf, Option<Arc<LoadedConfig>>>,
    loaded: Vec<Arc<LoadedConfig>>,
    fixed: Option<Option<Arc<LoadedConfig>>>,
}

impl Discovery {
    /// Finds the nearest `kafkalint.toml` above each file.
    pub fn new() -> Discovery {
        Discovery::default()
    }

    /// Gives every file the same config: `Some` for `--config FILE`, `None` for `--no-config`.
    pub fn fixed(config: Option<Arc<LoadedConfig>>) -> Discovery {
        Discovery {
            loaded: config.iter().cloned().collect(),
            fixed: Some(config),
            ..Discovery::default()
        }
    }

    /// The config for `file` (a file, or a directory): the nearest
    /// `kafkalint.toml` in its directory or above. An invalid config is an
    /// error every time a file below it asks.
    pub fn for_file(&mut self, file: &Path) -> Result<Option<Arc<LoadedConfig>>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let mut dir = start_dir(file);
        let mut visited = Vec::new();
        let found = loop {
            if let Some(cached) = self.cache.get(&dir) {
                break cached.clone();
            }
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                let config = Arc::new(LoadedConfig::load_found(&candidate)?);
                self.loaded.push(Arc::clone(&config));
                break Some(config);
            }
            visited.push(dir.clone());
            if !dir.pop() {
                break None;
            }
        };
        if let Some(c) = &found {
            self.cache.insert(c.dir.clone(), Some(Arc::clone(c)));
        }
        for d in visited {
            self.cache.insert(d, found.clone());
        }
        Ok(found)
    }

    /// Every config loaded so far, in the order they were found (to print
    /// their notes, or to add their named files to a run).
    pub fn loaded(&self) -> &[Arc<LoadedConfig>] {
        &self.loaded
    }
}

/// A cluster a client file belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterRef {
    pub name: String,
    /// The broker's configuration file (the first, when the cluster lists each
    /// broker's), ready to open: relative to the working directory when below
    /// it, else absolute.
    pub broker_file: Option<PathBuf>,
    /// The cluster's `broker-version`; else the Kafka version the config gives
    /// the broker file (its `[[files]]` entries, else the top-level version);
    /// `None` when the config says nothing.
    pub broker_version: Option<VersionSelection>,
}

/// What the project config says about one file. Every field is `None` when
/// the config does not set it: flags and directives go first, then these.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileSettings {
    pub role: Option<Role>,
    pub kafka_version: Option<VersionSelection>,
    /// The Spring Boot version (`spring-boot`) of a Spring file.
    pub spring_boot: Option<crate::carrier::spring::BootVersion>,
    pub record_processing_ms: Option<u64>,
    pub cluster: Option<ClusterRef>,
    /// What the matching `[[files]]` entries ignore, all of them.
    pub ignore: Vec<String>,
    /// How many brokers the file's cluster has (the cluster whose broker files
    /// name it, else the one whose clients match it), when the config says.
    pub cluster_brokers: Option<u32>,
}

/// `[rules]`, with paths resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RulesSettings {
    /// Codes, code prefixes, names or `ALL`; empty: everything.
    pub select: Vec<String>,
    /// Added to `select` (and to the command line's `--select`).
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity per code, code prefix or name.
    pub severity: BTreeMap<String, SeverityOrOff>,
    /// Rule directories (or files), ready to open.
    pub paths: Vec<PathBuf>,
}

/// A config and where it lives: what answers questions about files.
#[derive(Debug)]
pub struct LoadedConfig {
    /// The config file as shown in messages.
    path: PathBuf,
    /// Its directory, absolute and normalized: what globs are relative to.
    dir: PathBuf,
    /// Paths are shown relative to this (the working directory at load time).
    cwd: Option<PathBuf>,
    config: ProjectConfig,
    /// Each cluster's broker files, absolute and normalized.
    brokers: Vec<Vec<PathBuf>>,
    /// Files the config names: cluster brokers and literal `[[files]]` paths, absolute.
    named: Vec<PathBuf>,
    named_set: HashSet<PathBuf>,
    include: globset::GlobSet,
    exclude: globset::GlobSet,
}

impl LoadedConfig {
    /// Loads a config file given by the user (`--config FILE`); errors show `path` as given.
    pub fn load(path: &Path) -> Result<LoadedConfig, ConfigError> {
        let config = ProjectConfig::load(path)?;
        Ok(LoadedConfig::new(path, config))
    }

    /// Loads a config found by discovery at the absolute `path`.
    fn load_found(path: &Path) -> Result<LoadedConfig, ConfigError> {
        let cwd = paths::cwd();
        let shown = paths::display(path, cwd.as_deref());
        let config = ProjectConfig::load(&shown)?;
        Ok(LoadedConfig::new(&shown, config))
    }

    /// A config read from `path` (paths in it are relative to `path`'s directory).
    pub fn new(path: &Path, config: ProjectConfig) -> LoadedConfig {
        let cwd = paths::cwd();
        let dir = paths::absolute(&config_dir(path));
        let brokers: Vec<Vec<PathBuf>> = config
            .clusters
            .iter()
            .map(|c| {
                c.broker
                    .iter()
                    .map(|b| paths::normalize(&dir.join(&b.value)))
                    .collect()
            })
            .collect();
        let mut named = Vec::new();
        let mut named_set = HashSet::new();
        let literal_files = config
            .files
            .iter()
            .filter(|f| f.path.is_literal())
            .map(|f| dir.join(f.path.as_str()));
        for p in brokers.iter().flatten().cloned().chain(literal_files) {
            if named_set.insert(p.clone()) {
                named.push(p);
            }
        }
        let default_include;
        let include_patterns = match &config.include {
            Some(p) => p.as_slice(),
            None => {
                default_include = [default_include_pattern()];
                &default_include[..]
            }
        };
        let include = glob_set(include_patterns);
        let exclude = glob_set(&config.exclude);
        LoadedConfig {
            path: path.to_path_buf(),
            dir,
            cwd,
            config,
            brokers,
            named,
            named_set,
            include,
            exclude,
        }
    }

    /// The config file, as shown in messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The directory its paths and globs are relative to (absolute).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn config(&self) -> &ProjectConfig {
        &self.config
    }

    /// Notes about valid settings (Kafka versions newer than known), to print once.
    pub fn notes(&self) -> Vec<ConfigNote> {
        self.config.notes()
    }

    /// `file` relative to the config's directory with `/` separators, as globs
    /// see it; `None` outside the directory.
    pub fn relative(&self, file: &Path) -> Option<String> {
        paths::relative(&paths::absolute(file), &self.dir)
    }

    /// The settings of `file`: `[[files]]` entries (the last matching entry
    /// that sets a field wins) over the top-level settings, and the first
    /// cluster whose `clients` match it.
    pub fn settings_for(&self, file: &Path) -> FileSettings {
        let abs = paths::absolute(file);
        let rel = paths::relative(&abs, &self.dir);
        let mut settings = FileSettings {
            role: None,
            kafka_version: self.config.kafka_version.as_ref().map(|v| v.value.clone()),
            spring_boot: self.config.spring_boot.as_ref().map(|v| v.value),
            record_processing_ms: self.config.record_processing_ms.as_ref().map(|v| v.value),
            cluster: None,
            ignore: Vec::new(),
            cluster_brokers: None,
        };
        // A broker file belongs to the first cluster that names it.
        let own_cluster = self.brokers.iter().position(|files| files.contains(&abs));
        if let Some(i) = own_cluster {
            settings.role = Some(Role::Broker);
            settings.cluster_brokers = self.config.clusters[i].size();
        }
        let Some(rel) = rel else { return settings };
        let candidate = Relative::new(&rel);
        for f in self.matching_files(&candidate) {
            if let Some(r) = &f.role {
                settings.role = Some(r.value);
            }
            if let Some(v) = &f.kafka_version {
                settings.kafka_version = Some(v.value.clone());
            }
            if let Some(v) = &f.spring_boot {
                settings.spring_boot = Some(v.value);
            }
            if let Some(ms) = &f.record_processing_ms {
                settings.record_processing_ms = Some(ms.value);
            }
            // Ignores add up, as per-file ignores do in other linters.
            settings
                .ignore
                .extend(f.ignore.iter().map(|c| c.value.clone()));
        }
        if own_cluster.is_some() {
            return settings;
        }
        let client_of = self
            .config
            .clusters
            .iter()
            .zip(&self.brokers)
            .find(|(c, _)| c.clients.iter().any(|p| p.matches(&candidate)));
        if let Some((c, files)) = client_of {
            let broker = files.first();
            settings.cluster_brokers = c.size();
            settings.cluster = Some(ClusterRef {
                name: c.name.value.clone(),
                broker_file: broker.map(|b| self.shown(b)),
                broker_version: c
                    .broker_version
                    .as_ref()
                    .map(|v| v.value.clone())
                    .or_else(|| broker.and_then(|b| self.version_of(b))),
            });
        }
        settings
    }

    fn matching_files<'a>(
        &'a self,
        candidate: &'a Relative<'a>,
    ) -> impl Iterator<Item = &'a FilesConfig> + 'a {
        self.config
            .files
            .iter()
            .filter(move |f| f.path.matches(candidate))
    }

    /// The Kafka version the config gives the file at `abs` (no cluster lookup).
    fn version_of(&self, abs: &Path) -> Option<VersionSelection> {
        let top = self.config.kafka_version.as_ref().map(|v| &v.value);
        let Some(rel) = paths::relative(abs, &self.dir) else {
            return top.cloned();
        };
        let candidate = Relative::new(&rel);
        self.matching_files(&candidate)
            .filter_map(|f| f.kafka_version.as_ref().map(|v| &v.value))
            .last()
            .or(top)
            .cloned()
    }

    /// Whether a directory walk lints `file`: it is included (or named by the
    /// config) and not excluded. Files named on the command line are the
    /// caller's decision.
    pub fn selects(&self, file: &Path) -> bool {
        (self.is_included(file) || self.is_named(file)) && !self.is_excluded(file)
    }

    /// Whether `file` matches `include` (default `**/*.properties`). A file
    /// outside the config's directory is included when it ends in `.properties`.
    pub fn is_included(&self, file: &Path) -> bool {
        match self.relative(file) {
            Some(rel) => self.include.is_match(rel.as_str()),
            None => file.extension().is_some_and(|x| x == "properties"),
        }
    }

    /// Whether `file` (or a directory, to prune a walk) or a directory above
    /// it, up to the config's directory, matches `exclude`: `build` and
    /// `build/**` both exclude everything below `build`.
    pub fn is_excluded(&self, file: &Path) -> bool {
        let Some(rel) = self.relative(file) else {
            return false;
        };
        if self.exclude.is_empty() {
            return false;
        }
        rel.match_indices('/')
            .map(|(i, _)| &rel[..i])
            .chain(std::iter::once(rel.as_str()))
            .any(|p| self.exclude.is_match(p))
    }

    /// Whether the config names `file` explicitly (see [`LoadedConfig::named_files`]).
    pub fn is_named(&self, file: &Path) -> bool {
        self.named_set.contains(&paths::absolute(file))
    }

    /// Files the config names explicitly, linted whatever their extension:
    /// each cluster's broker file, then each literal `[[files]]` path (no glob
    /// characters) that exists. Relative to the working directory when below
    /// it, else absolute; excluded files are listed too (see [`LoadedConfig::selects`]).
    pub fn named_files(&self) -> Vec<PathBuf> {
        let brokers: HashSet<&PathBuf> = self.brokers.iter().flatten().collect();
        self.named
            .iter()
            .filter(|p| brokers.contains(p) || p.is_file())
            .map(|p| self.shown(p))
            .collect()
    }

    /// `[rules]`, with `paths` resolved against the config's directory.
    /// Suggested merging with the command line: `--select` replaces `select`,
    /// `--extend-select`, `--ignore` and `--rules` add to `extend-select`,
    /// `ignore` and `paths`.
    pub fn rules(&self) -> RulesSettings {
        let r = &self.config.rules;
        RulesSettings {
            select: r.select.iter().map(|s| s.value.clone()).collect(),
            extend_select: r.extend_select.iter().map(|s| s.value.clone()).collect(),
            ignore: r.ignore.iter().map(|s| s.value.clone()).collect(),
            severity: r
                .severity
                .iter()
                .map(|(k, v)| (k.clone(), v.value))
                .collect(),
            paths: r
                .paths
                .iter()
                .map(|p| self.shown(&paths::normalize(&self.dir.join(&p.value))))
                .collect(),
        }
    }

    /// Checks every code in `[rules]` (`select`, `ignore`, `severity`) with
    /// `is_known`, which says whether a code, a code prefix or a name names a
    /// check or rule of the run (the rules of `paths` included), as the
    /// command line's `--select` does; the first unknown one is an error at its line.
    pub fn check_codes(&self, is_known: impl Fn(&str) -> bool) -> Result<(), ConfigError> {
        let r = &self.config.rules;
        let lists = [
            ("rules.select", &r.select),
            ("rules.extend-select", &r.extend_select),
            ("rules.ignore", &r.ignore),
        ];
        let mut items: Vec<(String, &str, usize)> = Vec::new();
        for (field, list) in lists {
            for (i, s) in list.iter().enumerate() {
                items.push((format!("{field}[{i}]"), &s.value, s.line));
            }
        }
        for (code, level) in &r.severity {
            items.push((format!("rules.severity.{code}"), code, level.line));
        }
        for (n, f) in self.config.files.iter().enumerate() {
            for (i, s) in f.ignore.iter().enumerate() {
                items.push((format!("files[{n}].ignore[{i}]"), &s.value, s.line));
            }
        }
        match items.into_iter().find(|(_, code, _)| !is_known(code)) {
            Some((field, code, line)) => Err(ConfigError {
                path: self.path.clone(),
                line,
                field: Some(field),
                message: format!("unknown check `{code}` (see `kafkalint rules`)"),
            }),
            None => Ok(()),
        }
    }

    fn shown(&self, abs: &Path) -> PathBuf {
        paths::display(abs, self.cwd.as_deref())
    }
}

fn default_include_pattern() -> Pattern {
    const DEFAULT: &str = "**/*.properties";
    Pattern {
        text: DEFAULT.to_string(),
        line: 0,
        literal: false,
        matcher: globset::GlobBuilder::new(DEFAULT)
            .literal_separator(true)
            .build()
            .expect("the default include glob compiles")
            .compile_matcher(),
    }
}

fn glob_set(patterns: &[Pattern]) -> globset::GlobSet {
    let mut builder = globset::GlobSetBuilder::new();
    for p in patterns {
        builder.add(p.matcher.glob().clone());
    }
    builder
        .build()
        .expect("globs that compiled alone compile together")
}

#[cfg(test)]
mod tests;
