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
mod links;
mod project;
mod read;
mod relocate;

pub use cluster::{broker_from_file, load_error};
pub use filter::Filter;
pub use links::{
    Declarations, Declared, DeclaredPool, Links, declared_below, linked_units, linking_files,
    search_root,
};
pub use project::{ConfigChoice, FileSettings, Project, apply_severity};
pub use read::{display, read_file};
pub use relocate::place as place_elsewhere;

use crate::carrier::Carriers;
use crate::checks;
use crate::diagnostics::{Applicability, Diagnostic, Fix};
use crate::fix;
use crate::model::{Hints, Overrides, UnitModel};
use crate::registry::Registry;
use crate::report::FileReport;
use crate::rules::{BrokerView, RuleSet};
use crate::text::Span;
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
    /// `--select`: replaces the project config's `select`.
    pub select: Vec<String>,
    /// `--extend-select`: adds to `select` (the config's, or `--select`).
    pub extend_select: Vec<String>,
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
    /// rule and the file, and a file its carrier cannot read (invalid YAML,
    /// `path:line:column: ...`). They are errors: the run must fail, whatever
    /// it found.
    pub rule_errors: Vec<String>,
    /// Other files that findings point into (a compose service's env files),
    /// for the reporters.
    pub context: Vec<FileReport>,
    /// Those files as the linted file names them (for an editor, which shows
    /// their findings where they are named).
    pub elsewhere: Vec<crate::unit::Elsewhere>,
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
            context: Vec::new(),
            elsewhere: Vec::new(),
        }
    }
}

pub struct Fixed {
    pub original: Vec<u8>,
    pub bytes: Vec<u8>,
    pub applied: usize,
    /// The fixes applied, pass by pass: each pass's were made against the bytes
    /// the passes before it left.
    pub passes: Vec<Vec<Fix>>,
    /// What the original bytes hold: what to report when the fixed bytes are
    /// not written.
    pub unfixed: Box<Linted>,
}

/// Fixing stops at the first pass that changes nothing; this bounds it on a
/// file whose fixes never settle. Fixes of a kind all go in one pass, but one
/// may uncover another (a line a continuation swallowed is read on its own),
/// and relationship rules go one at a time.
const MAX_FIX_PASSES: usize = 100;

/// How many rule fixes of one pass are tried, to find the one that settles most.
const MAX_RULE_TRIALS: usize = 16;

impl Engine {
    pub fn new(options: EngineOptions, carriers: Carriers) -> Result<Engine, Error> {
        if let Some(ms) = options.hints.record_processing_ms {
            crate::model::record_processing_ms(&ms.to_string())
                .map_err(|e| Error(format!("record-processing-ms {e}")))?;
        }
        let rules = RuleSet::load(&options.rule_dirs).map_err(|e| Error(e.reported()))?;
        let registry = Registry::new(&carriers, rules);
        let filter = Filter::new(&options, &registry)?;
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
        match self.parse(name, bytes, settings) {
            Some(parsed) => self.units(name, parsed, settings).0,
            None => Vec::new(),
        }
    }

    /// Whether the units of a file may belong to a cluster declared in another
    /// file, or declare one or part of one (a Strimzi resource): a caller that
    /// lints several files gathers these files' [`Engine::declarations`] into
    /// the [`Links`] it gives each of them in [`FileSettings::links`].
    pub fn links_files(&self, name: &str, bytes: &[u8]) -> bool {
        self.carriers
            .for_file(std::path::Path::new(name), bytes)
            .is_some_and(|c| c.links_files())
    }

    /// The clusters and node pools a file declares.
    pub fn declarations(
        &self,
        name: &str,
        bytes: Vec<u8>,
        settings: &FileSettings,
    ) -> Declarations {
        links::file_declarations(&self.carriers, &self.overrides, name, bytes, settings)
    }

    /// Models a file's units, linked to their clusters (see [`linked_units`]).
    fn units(
        &self,
        name: &str,
        parsed: Arc<dyn crate::carrier::Parsed>,
        settings: &FileSettings,
    ) -> (Vec<UnitModel>, Vec<Option<Arc<BrokerView>>>) {
        linked_units(name, parsed, &self.overrides, settings)
    }

    /// A file's bytes as the carrier for `name` reads them.
    fn parse(
        &self,
        name: &str,
        bytes: Vec<u8>,
        settings: &FileSettings,
    ) -> Option<Arc<dyn crate::carrier::Parsed>> {
        let carrier = self.carriers.for_file(std::path::Path::new(name), &bytes)?;
        Some(carrier.parse_in(&settings.read_context(name), bytes, self.overrides.encoding))
    }

    /// Lints `bytes`, shown under `name`. With `fixing` (Some(whether unsafe
    /// fixes are allowed)), applies the allowed fixes in memory, pass by pass,
    /// linting the result again after each, until a pass changes nothing.
    /// Nothing is written.
    ///
    /// A pass applies every fix of the syntax and per-key checks together (each
    /// is about its own key or bytes; fixes whose edits touch wait for the next
    /// pass), except the isolated ones, which change how lines are read (a
    /// continuation undone) and go alone when no other is left. Only when none
    /// is left does it turn to the relationship rules,
    /// whose verdicts read those values, and then it applies one rule fix: of
    /// those offered, the one after which fewest rule findings remain (so that
    /// removing `enable.idempotence=false` comes before limiting the requests
    /// in flight, which it makes needless), the most severe first on a tie.
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
        let mut passes: Vec<Vec<Fix>> = Vec::new();
        // The states met so far, by hash: a large file's copies would add up.
        let hash = |bytes: &[u8]| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            h.finish()
        };
        let mut seen = std::collections::HashSet::from([hash(&original)]);
        for _ in 0..MAX_FIX_PASSES {
            let diagnostics = &latest.as_ref().unwrap_or(&unfixed).diagnostics;
            let Some((fixes, bytes, linted)) =
                self.fix_pass(name, &current, settings, diagnostics, allow_unsafe)
            else {
                break;
            };
            // Fixes that undo each other would go round for ever.
            if !seen.insert(hash(&bytes)) {
                break;
            }
            passes.push(fixes);
            current = bytes;
            latest = Some(linted);
        }
        match latest {
            Some(mut linted) if current != original => {
                linted.fixed = Some(Fixed {
                    original,
                    bytes: current,
                    applied: passes.iter().map(Vec::len).sum(),
                    passes,
                    unfixed: Box::new(unfixed),
                });
                linted
            }
            // Nothing to fix, or fixes that undid each other.
            _ => unfixed,
        }
    }

    /// One pass of fixing `bytes`, whose findings are `diagnostics`: the fixes
    /// applied, the new bytes and their findings; None when no fix changes
    /// anything.
    fn fix_pass(
        &self,
        name: &str,
        bytes: &[u8],
        settings: &FileSettings,
        diagnostics: &[Diagnostic],
        allow_unsafe: bool,
    ) -> Option<(Vec<Fix>, Vec<u8>, Linted)> {
        let allowed = diagnostics.iter().filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| allow_unsafe || f.applicability == Applicability::Safe)
        });
        let (rules, checks): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            allowed.partition(|d| self.is_rule(d.code()));
        let (isolated, together): (Vec<&Fix>, Vec<&Fix>) = checks
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .partition(|f| f.isolated);
        // The checks' fixes together, else the first isolated one that changes
        // something, alone.
        let groups = std::iter::once(together).chain(isolated.into_iter().map(|f| vec![f]));
        for fixes in groups {
            let result = fix::apply_fixes(bytes, &fixes, name, self.overrides.encoding);
            if !result.changed(bytes) {
                continue;
            }
            let skipped: std::collections::HashSet<usize> =
                result.skipped.iter().map(|s| s.index).collect();
            let applied = fixes
                .iter()
                .enumerate()
                .filter(|(i, f)| !skipped.contains(i) && f.edits.iter().any(|e| *e.path == *name))
                .map(|(_, f)| (*f).clone())
                .collect();
            let linted = self.lint_once(name, result.bytes.clone(), settings);
            return Some((applied, result.bytes, linted));
        }
        self.best_rule_fix(name, bytes, settings, &rules)
    }

    /// Of the rule findings `rules`, the fix after which the fewest rule findings
    /// remain, with the bytes and findings it leaves.
    fn best_rule_fix(
        &self,
        name: &str,
        bytes: &[u8],
        settings: &FileSettings,
        rules: &[&Diagnostic],
    ) -> Option<(Vec<Fix>, Vec<u8>, Linted)> {
        let mut candidates: Vec<&Diagnostic> = rules.to_vec();
        // The most severe first, then in file order (findings come sorted).
        candidates.sort_by_key(|d| std::cmp::Reverse(d.severity));
        let mut best: Option<(usize, Vec<Fix>, Vec<u8>, Linted)> = None;
        for d in candidates.into_iter().take(MAX_RULE_TRIALS) {
            let Some(fix) = &d.fix else { continue };
            let result = fix::apply_fixes(bytes, &[fix], name, self.overrides.encoding);
            if !result.changed(bytes) {
                continue;
            }
            let linted = self.lint_once(name, result.bytes.clone(), settings);
            let left = linted
                .diagnostics
                .iter()
                .filter(|d| self.is_rule(d.code()))
                .count();
            if best.as_ref().is_none_or(|(fewest, ..)| left < *fewest) {
                best = Some((left, vec![fix.clone()], result.bytes, linted));
            }
            if left == 0 {
                break;
            }
        }
        best.map(|(_, fixes, bytes, linted)| (fixes, bytes, linted))
    }

    /// Whether `code` is a relationship rule's (built in or the user's).
    fn is_rule(&self, code: &str) -> bool {
        matches!(
            self.registry.find(code),
            Some(crate::registry::Code::Rule(_))
        )
    }

    fn lint_once(&self, name: &str, bytes: Vec<u8>, settings: &FileSettings) -> Linted {
        let mut rule_errors = Vec::new();
        let Some(carrier) = self.carriers.for_file(std::path::Path::new(name), &bytes) else {
            // YAML that no carrier takes: nothing in it is Kafka's.
            return Linted::unfixed(FileReport::empty(name), Vec::new(), rule_errors);
        };
        let parsed = carrier.parse_in(&settings.read_context(name), bytes, self.overrides.encoding);
        if let Some(error) = parsed.unreadable() {
            let p = parsed.file().text.position(error.span.start);
            rule_errors.push(format!("{name}:{}:{}: {}", p.line, p.column, error.message));
            return Linted::unfixed(FileReport::empty(name), Vec::new(), rule_errors);
        }
        let (units, cluster_brokers) = self.units(name, parsed, settings);
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
                diagnostics.extend(found.into_iter().filter(|d| d.code() != "K009"));
            }
            let cluster = cluster_brokers.get(unit.unit).cloned().flatten();
            self.evaluate_rules(unit, settings, cluster, &mut diagnostics, &mut rule_errors);
            if units.len() > 1 || unit.label().is_some() {
                // Which of the file's units a finding is about.
                for d in &mut diagnostics[from..] {
                    d.set_unit(unit.label().map(str::to_string));
                }
            }
            let source_keys = source_keys(unit);
            for d in &mut diagnostics[from..] {
                let source_key = source_keys
                    .as_ref()
                    .zip(d.key.as_deref())
                    .and_then(|(keys, k)| keys.get(k))
                    .map(|k| k.to_string());
                d.set_source_key(source_key);
            }
        }
        if units.len() > 1 {
            drop_repeats(&mut diagnostics);
        }
        let Some(first) = units.first() else {
            // A carrier that finds no unit: nothing to report on.
            let report = match carrier.name() {
                "properties" => FileReport::empty(name),
                carrier => FileReport::from_units(carrier, name, &units),
            };
            return Linted::unfixed(report, diagnostics, rule_errors);
        };
        // Suppressions are judged against everything the file produces, before
        // --select/--ignore narrow the output.
        let known = |code: &str| self.registry.is_known(code);
        let mut diagnostics = checks::unused_suppression::apply(first, diagnostics, &known);
        apply_severity(settings.rules.as_deref(), &mut diagnostics);
        diagnostics.retain(|d| {
            self.filter.allows(d, settings.rules.as_deref())
                && !settings
                    .ignore
                    .iter()
                    .any(|s| crate::registry::matches(s, d.code(), d.name()))
        });
        let report = match carrier.name() {
            "properties" => FileReport::from_model(first),
            name => FileReport::from_units(name, &first.path, &units),
        };
        let elsewhere = first.parsed.elsewhere();
        relocate::drop_reported_there(name, elsewhere, &mut diagnostics);
        relocate::relocate(name, elsewhere, &mut diagnostics);
        let mut linted = Linted::unfixed(report, diagnostics, rule_errors);
        linted.context = relocate::reports(first.file(), elsewhere);
        linted.context.extend(linked_files(name, &cluster_brokers));
        if points_back(name, &linted.diagnostics) {
            // Findings moved to another file point back into this one: a
            // streamed report writes them after this file is let go.
            linted.context.push(FileReport::from_model(first));
        }
        linted.elsewhere = elsewhere.to_vec();
        linted
    }

    fn evaluate_rules(
        &self,
        unit: &UnitModel,
        settings: &FileSettings,
        cluster: Option<Arc<BrokerView>>,
        diagnostics: &mut Vec<Diagnostic>,
        rule_errors: &mut Vec<String>,
    ) {
        // Java loads nothing from a file with a malformed escape: no relationship to judge.
        if unit.file().load_error.is_some() {
            return;
        }
        // --broker wins over the broker of the cluster the unit belongs to
        // (a topic's Strimzi Kafka), which wins over the file's [[cluster]].
        let broker = match (&self.broker, cluster, &settings.broker) {
            (Some(b), ..) => Arc::clone(b),
            (None, Some(cluster), _) => cluster,
            (None, None, Some(cluster)) => Arc::clone(cluster),
            (None, None, None) => BrokerView::shared_defaults(unit.catalog),
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

/// The other files whose clusters the units of `name` are linked to: their
/// brokers' settings are related locations of the findings.
fn linked_files(name: &str, brokers: &[Option<Arc<BrokerView>>]) -> Vec<FileReport> {
    let mut files: Vec<FileReport> = Vec::new();
    for model in brokers.iter().flatten().filter_map(|b| b.file.as_ref()) {
        if model.path != name && !files.iter().any(|f| f.path == model.path) {
            files.push(FileReport::from_model(model));
        }
    }
    files
}

/// Whether a finding placed in another file has a related place in `name`.
fn points_back(name: &str, diagnostics: &[Diagnostic]) -> bool {
    diagnostics
        .iter()
        .any(|d| *d.path != *name && d.related().iter().any(|r| *r.path == *name))
}

/// The key as the unit's file writes each Kafka key, when its carrier writes
/// it otherwise than Kafka does (the last setting of the key: the one Kafka
/// keeps); None when the carrier writes Kafka's keys (a `.properties` file),
/// so that a file of 400,000 findings is not searched once per finding.
fn source_keys(unit: &UnitModel) -> Option<rustc_hash::FxHashMap<&str, &str>> {
    if unit.settings().all(|(_, s)| s.source_key().is_none()) {
        return None;
    }
    let mut last = rustc_hash::FxHashMap::default();
    for (_, s) in unit.settings() {
        match s.source_key() {
            Some(written) => last.insert(s.key(), written),
            None => last.remove(s.key()),
        };
    }
    Some(last)
}

/// A setting shared by several units (a Spring file's common settings, given
/// to every client) is reported once, under the first unit that finds it. An
/// unknown key is one finding whatever the clients it is given to (the first
/// with a "did you mean" fix, else the first): each client names it in its
/// own words, which would repeat it once per client.
fn drop_repeats(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| seen.insert((d.code(), d.span, d.message.clone())));
    let unknown = |d: &Diagnostic| d.code() == "K101";
    let mut kept: Vec<(Span, usize)> = Vec::new();
    let mut dropped = vec![false; diagnostics.len()];
    for (i, d) in diagnostics.iter().enumerate().filter(|(_, d)| unknown(d)) {
        match kept.iter_mut().find(|(span, _)| *span == d.span) {
            None => kept.push((d.span, i)),
            Some((_, first)) if diagnostics[*first].fix.is_none() && d.fix.is_some() => {
                dropped[*first] = true;
                *first = i;
            }
            Some(_) => dropped[i] = true,
        }
    }
    let mut index = 0;
    diagnostics.retain(|_| {
        index += 1;
        !dropped[index - 1]
    });
}
