//! The lint pipeline as a library: one file in (a path or text with a name),
//! resolved settings in, diagnostics, fixes and rule errors out, per unit. It knows
//! nothing of the command line, standard output, exit codes or process
//! lifetime; the CLI, the tests and an editor's server are thin callers.
//!
//! ```text
//! let project = Project::new(ConfigChoice::Discover, &overrides)?;   // kafkalint.toml
//! let engine = Engine::new(EngineOptions { .. }, Carriers::default())?;
//! let settings = project.file_settings(path)?;
//! let linted = engine.lint(&name, bytes, &settings, None);
//! ```

mod cluster;
mod filter;
mod project;
mod read;

pub use cluster::{broker_from_file, load_error};
pub use filter::Filter;
pub use project::{ConfigChoice, FileSettings, Project, apply_severity};
pub use read::{display, read_file};

use crate::carrier::Carriers;
use crate::checks;
use crate::diagnostics::{Applicability, Diagnostic, Fix};
use crate::fix;
use crate::model::{Hints, Overrides, UnitModel};
use crate::registry::Registry;
use crate::report::FileReport;
use crate::rules::{BrokerView, RuleSet};
use std::path::PathBuf;
use std::sync::Arc;

/// Why the engine cannot go on: a rule file, a project config or an input
/// that cannot be used. The message names the file (and line, where known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the caller resolves once for every file (the command line's flags, an
/// editor's settings).
#[derive(Clone, Debug, Default)]
pub struct EngineOptions {
    pub overrides: Overrides,
    /// The broker config the client files talk to (`--broker`).
    pub broker: Option<PathBuf>,
    pub hints: Hints,
    /// Rule directories: the caller's and those the project configs name.
    pub rule_dirs: Vec<PathBuf>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

/// One run's rules, carriers and shared settings.
pub struct Engine {
    pub registry: Registry,
    pub carriers: Carriers,
    pub overrides: Overrides,
    broker: Option<Arc<BrokerView>>,
    hints: Hints,
    filter: Filter,
}

/// What linting one file produced.
pub struct Linted {
    pub report: FileReport,
    pub diagnostics: Vec<Diagnostic>,
    /// With fixing asked for: the original and the fixed bytes, and how many
    /// fixes were applied, when the fixes changed something.
    pub fixed: Option<Fixed>,
    /// Rules that failed on this file (an expression that cannot be evaluated on
    /// its values, or that ran out of its evaluation budget), each naming the
    /// rule and the file. They are errors: the run must fail, whatever it found.
    pub rule_errors: Vec<String>,
}

impl Linted {
    fn unfixed(
        report: FileReport,
        diagnostics: Vec<Diagnostic>,
        rule_errors: Vec<String>,
    ) -> Linted {
        Linted {
            report,
            diagnostics,
            fixed: None,
            rule_errors,
        }
    }
}

pub struct Fixed {
    pub original: Vec<u8>,
    pub bytes: Vec<u8>,
    pub applied: usize,
    /// What the original bytes hold: what to report when the fixed bytes are
    /// not written.
    pub unfixed: Box<Linted>,
}

/// Fixing repeats until nothing changes; some fixes only take the first of
/// several problems in a value, and a fix may uncover another.
const FIX_PASSES: usize = 4;

impl Engine {
    pub fn new(options: EngineOptions, carriers: Carriers) -> Result<Engine, Error> {
        if let Some(ms) = options.hints.record_processing_ms {
            crate::model::record_processing_ms(&ms.to_string())
                .map_err(|e| Error(format!("record-processing-ms {e}")))?;
        }
        let rules = RuleSet::load(&options.rule_dirs).map_err(|e| Error(e.reported()))?;
        let registry = Registry::new(&carriers, rules);
        let filter = Filter::new(&options.select, &options.ignore, &registry)?;
        let broker = match &options.broker {
            Some(path) => {
                let view = broker_from_file(path, &options.overrides, None)
                    .map_err(|e| Error(format!("--broker {e}")))?;
                if let Some(e) = view.file.as_ref().and_then(load_error) {
                    return Err(Error(format!("--broker {e}")));
                }
                Some(Arc::new(view))
            }
            None => None,
        };
        Ok(Engine {
            registry,
            carriers,
            overrides: options.overrides,
            broker,
            hints: options.hints,
            filter,
        })
    }

    pub fn rules(&self) -> &RuleSet {
        self.registry.rules()
    }

    /// The `--broker` file's model, when one was given.
    pub fn broker(&self) -> Option<&Arc<BrokerView>> {
        self.broker.as_ref()
    }

    /// Models the units of a file's bytes, shown under `name`.
    pub fn model(&self, name: &str, bytes: Vec<u8>, settings: &FileSettings) -> Vec<UnitModel> {
        let carrier = self.carriers.for_path(std::path::Path::new(name));
        let parsed = carrier.parse(bytes, self.overrides.encoding);
        UnitModel::build_all(name, parsed, &self.overrides, &settings.defaults)
    }

    /// Lints `bytes`, shown under `name`. With `fixing` (Some(whether unsafe
    /// fixes are allowed)), applies the allowed fixes in memory until the file
    /// stops changing, linting the result again. Nothing is written.
    pub fn lint(
        &self,
        name: &str,
        bytes: Vec<u8>,
        settings: &FileSettings,
        fixing: Option<bool>,
    ) -> Linted {
        let Some(allow_unsafe) = fixing else {
            return self.lint_once(name, bytes, settings);
        };
        let unfixed = self.lint_once(name, bytes.clone(), settings);
        let original = bytes;
        let mut current = original.clone();
        let mut latest: Option<Linted> = None;
        let mut applied = 0;
        for _ in 0..FIX_PASSES {
            let diagnostics = &latest.as_ref().unwrap_or(&unfixed).diagnostics;
            let fixes: Vec<&Fix> = diagnostics
                .iter()
                .filter_map(|d| d.fix.as_ref())
                .filter(|f| allow_unsafe || f.applicability == Applicability::Safe)
                .collect();
            let result = fix::apply_fixes(&current, &fixes, name, self.overrides.encoding);
            if !result.changed(&current) {
                break;
            }
            applied += result.applied;
            current = result.bytes;
            latest = Some(self.lint_once(name, current.clone(), settings));
        }
        match latest {
            Some(mut linted) if current != original => {
                linted.fixed = Some(Fixed {
                    original,
                    bytes: current,
                    applied,
                    unfixed: Box::new(unfixed),
                });
                linted
            }
            // Nothing to fix, or fixes that undid each other.
            _ => unfixed,
        }
    }

    fn lint_once(&self, name: &str, bytes: Vec<u8>, settings: &FileSettings) -> Linted {
        let units = self.model(name, bytes, settings);
        let mut rule_errors = Vec::new();
        let mut diagnostics = Vec::new();
        if let Some(first) = units.first() {
            first.parsed.check(&units, &mut diagnostics);
        }
        for unit in &units {
            let from = diagnostics.len();
            checks::run_unit(unit, &mut diagnostics);
            if unit.settings().next().is_none() {
                // An empty unit has nothing to configure, so its role does not matter.
                let found = diagnostics.split_off(from);
                diagnostics.extend(found.into_iter().filter(|d| d.code != "K009"));
            }
            self.evaluate_rules(unit, settings, &mut diagnostics, &mut rule_errors);
            if units.len() > 1 {
                // Which of the file's units a finding is about.
                for d in &mut diagnostics[from..] {
                    d.unit = unit.label().map(str::to_string);
                }
            }
        }
        let Some(first) = units.first() else {
            // A carrier that finds no unit: nothing to report on.
            return Linted::unfixed(FileReport::empty(name), diagnostics, rule_errors);
        };
        // Suppressions are judged against everything the file produces, before
        // --select/--ignore narrow the output.
        let known = |code: &str| self.registry.is_known(code);
        let mut diagnostics = checks::unused_suppression::apply(first, diagnostics, &known);
        apply_severity(settings.rules.as_deref(), &mut diagnostics);
        diagnostics.retain(|d| self.filter.allows(d, settings.rules.as_deref()));
        Linted::unfixed(FileReport::from_model(first), diagnostics, rule_errors)
    }

    fn evaluate_rules(
        &self,
        unit: &UnitModel,
        settings: &FileSettings,
        diagnostics: &mut Vec<Diagnostic>,
        rule_errors: &mut Vec<String>,
    ) {
        // Java loads nothing from a file with a malformed escape: no relationship to judge.
        if unit.file().load_error.is_some() {
            return;
        }
        // --broker wins over the broker of the file's [[cluster]].
        let broker = match (&self.broker, &settings.broker) {
            (None, Some(cluster)) => Arc::clone(cluster),
            (Some(b), _) => Arc::clone(b),
            (None, None) => Arc::new(BrokerView::defaults(unit.catalog)),
        };
        let mut hints = Hints::for_file(&self.hints, &unit.directives);
        hints.record_processing_ms = hints.record_processing_ms.or(settings.record_processing_ms);
        diagnostics.extend(self.rules().evaluate(unit, &broker, &hints, rule_errors));
    }

    /// Rule errors met while compiling rules on first use: the run fails.
    pub fn finish(&self) -> Result<(), Error> {
        let errors = self.rules().errors();
        if errors.is_empty() {
            return Ok(());
        }
        let text: Vec<String> = errors.iter().map(|e| e.reported()).collect();
        Err(Error(text.join("\nkafkalint: ")))
    }
}
