//! `kafkalint check`: lint files in parallel, report in a deterministic order.

use super::args::CheckArgs;
use super::project::{self, FileJob, Project};
use super::rules_setup::RuleContext;
use super::{CliError, Status, files};
use crate::checks;
use crate::config::RulesSettings;
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::fix;
use crate::model::{FileModel, Hints, Overrides};
use crate::report::{self, ColorChoice, FileReport, Format, Run};
use crate::rules::RuleSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

pub fn run(args: &CheckArgs) -> Result<Status, CliError> {
    let overrides = files::overrides(&args.file)?;
    let mut project = Project::new(&args.file, &overrides)?;
    let mut paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    let config_paths = if stdin {
        args.stdin_filename.iter().cloned().collect()
    } else {
        paths.clone()
    };
    let (config_rules, named) = project.for_arguments(&config_paths)?;
    let rules = RuleContext::new(&args.file, &overrides, &config_rules)?;
    let known = |code: &str| checks::find(code).is_some() || rules.rules.find(code).is_some();
    for config in project.loaded() {
        config
            .check_codes(known)
            .map_err(|e| CliError(format!("invalid project config: {e}")))?;
    }
    let filter = Filter::new(&args.select, &args.ignore, &rules.rules)?;
    if !stdin {
        paths.extend(named);
    }
    if stdin && args.fix {
        return Err(CliError(
            "--fix cannot write standard input back; use --diff".to_string(),
        ));
    }
    let settings = Settings {
        overrides: &overrides,
        filter: &filter,
        rules: &rules,
        fixing: (args.fix || args.diff).then_some(args.unsafe_fixes),
    };
    let mut errors = Vec::new();
    let linted = Mutex::new(Vec::new());
    let lint_into = |job: FileJob| {
        let result = lint(&job, &settings);
        linted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((job.path, result));
    };
    if stdin {
        // Standard input, named by --stdin-filename for role and settings.
        if paths.len() > 1 {
            return Err(CliError(
                "`-` (standard input) cannot be combined with other paths".to_string(),
            ));
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| CliError(format!("cannot read standard input: {e}")))?;
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        let job = project.job(name)?;
        let result = Ok(lint_fixing(
            &job,
            &files::display(&job.path),
            bytes,
            &settings,
        ));
        linted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((job.path, result));
    } else {
        // The main thread walks and reads the project configs; the pool lints
        // the files already found, so a large tree's walk overlaps its linting.
        let project = std::cell::RefCell::new(project);
        let mut config_error = None;
        let mut select = |path: &std::path::Path| project.borrow_mut().selects(path);
        if let [file] = paths.as_slice()
            && !file.is_dir()
        {
            // One file: linted on this thread, without starting rayon's pool.
            files::for_each(&paths, &mut errors, &mut select, |path| {
                match project.borrow_mut().job(path) {
                    Ok(job) => lint_into(job),
                    Err(e) => {
                        config_error.get_or_insert(e);
                    }
                }
            });
        } else {
            rayon::in_place_scope(|scope| {
                files::for_each(&paths, &mut errors, &mut select, |path| {
                    match project.borrow_mut().job(path) {
                        Ok(job) => {
                            let lint_into = &lint_into;
                            scope.spawn(move |_| lint_into(job));
                        }
                        Err(e) => {
                            config_error.get_or_insert(e);
                        }
                    }
                });
            });
        }
        if let Some(e) = config_error {
            return Err(e);
        }
    }
    let mut results = linted.into_inner().unwrap_or_else(PoisonError::into_inner);
    results.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut linted_files = Vec::new();
    let mut found = Vec::new();
    let mut changes = Vec::new();
    for (path, result) in results {
        match result {
            Ok(linted) => {
                linted_files.push(linted.report);
                found.extend(linted.diagnostics);
                if let Some(change) = linted.fixed {
                    changes.push((path, change));
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if args.diff {
        let mut out = std::io::stdout().lock();
        for (path, (old, new, _)) in &changes {
            // Secret values are hidden on both sides, context lines included.
            let name = files::display(path);
            let job = FileJob {
                path: path.clone(),
                defaults: Default::default(),
                record_processing_ms: None,
                broker: None,
                rules: None,
            };
            let (old, new) = (
                redacted(&job, &name, old, &overrides),
                redacted(&job, &name, new, &overrides),
            );
            let _ = out.write_all(fix::unified_diff(&name, &old, &new).as_bytes());
        }
        for e in &errors {
            eprintln!("kafkalint: {e}");
        }
        rules.finish()?;
        return Ok(if !errors.is_empty() {
            Status::Failure
        } else if changes.is_empty() {
            Status::Clean
        } else {
            Status::Findings
        });
    }
    if args.fix {
        let (mut fixed, mut files_written) = (0, 0);
        for (path, (_, new, applied)) in &changes {
            match fix::write_atomically(path, new) {
                Ok(()) => {
                    fixed += applied;
                    files_written += 1;
                }
                Err(e) => errors.push(format!("cannot write `{}`: {e}", path.display())),
            }
        }
        if fixed > 0 {
            eprintln!(
                "kafkalint: fixed {} in {}",
                report::plural(fixed, "problem"),
                report::plural(files_written, "file")
            );
        }
    }
    diagnostics::sort(&mut found);
    rules.finish()?;
    let mut run = Run::new(linted_files, found);
    run.user_rules = rules
        .rules
        .rules
        .iter()
        .filter(|entry| !entry.is_builtin())
        .filter_map(|entry| entry.rule().ok())
        .map(|r| report::RuleDoc {
            code: r.meta.code,
            name: r.meta.name,
            summary: r.meta.summary.clone(),
            doc: r.meta.doc.clone(),
            severity: r.meta.severity,
        })
        .collect();
    if let Some(broker) = rules.broker.as_ref().and_then(|b| b.file.as_ref()) {
        // The broker file's positions, for the related locations that point into it.
        run.add_context(FileReport::from_model(broker.clone()));
    }
    let stdout = std::io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() {
        Format::Human
    } else {
        Format::Concise
    });
    let color = match args.color {
        ColorChoice::Auto if stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none() => {
            ColorChoice::Always
        }
        ColorChoice::Auto => ColorChoice::Never,
        other => other,
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    let _ = report::write_run(format, &run, color, &mut out).and_then(|()| out.flush());
    for e in &errors {
        eprintln!("kafkalint: {e}");
    }
    let fail_on: Severity = args.fail_on.into();
    let status = if !errors.is_empty() {
        Status::Failure
    } else if run.diagnostics.iter().any(|d| d.severity >= fail_on) {
        Status::Findings
    } else {
        Status::Clean
    };
    // The process ends right after: freeing every file's text and the rules one
    // by one would cost about a tenth of a small run, for memory the OS reclaims.
    std::mem::forget(run);
    std::mem::forget(rules);
    Ok(status)
}

/// What linting one file produced; `fixed` holds the original and the fixed
/// bytes when fixes changed something.
pub struct Linted {
    report: FileReport,
    diagnostics: Vec<Diagnostic>,
    fixed: Option<(Vec<u8>, Vec<u8>, usize)>,
}

/// Fixing repeats until nothing changes; some fixes only take the first of
/// several problems in a value, and a fix may uncover another.
const FIX_PASSES: usize = 4;

/// Reads, models and checks one file, applying fixes in memory when asked.
/// Nothing is written here.
pub fn lint(job: &FileJob, settings: &Settings) -> Result<Linted, String> {
    let bytes = files::read(&job.path)?;
    Ok(lint_fixing(
        job,
        &files::display(&job.path),
        bytes,
        settings,
    ))
}

/// Lints `bytes` and, with --fix or --diff, applies the allowed fixes until the
/// file stops changing, linting the result again.
pub fn lint_fixing(job: &FileJob, name: &str, bytes: Vec<u8>, settings: &Settings) -> Linted {
    let (mut report, mut diagnostics) = lint_bytes(
        job,
        name,
        bytes.clone(),
        settings.overrides,
        settings.filter,
        settings.rules,
    );
    let Some(allow_unsafe) = settings.fixing else {
        return Linted {
            report,
            diagnostics,
            fixed: None,
        };
    };
    let original = bytes;
    let mut current = original.clone();
    let mut applied = 0;
    for _ in 0..FIX_PASSES {
        let fixes: Vec<&crate::diagnostics::Fix> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| allow_unsafe || f.applicability == crate::diagnostics::Applicability::Safe)
            .collect();
        let result = fix::apply_fixes(&current, &fixes, name, settings.overrides.encoding);
        if !result.changed(&current) {
            break;
        }
        applied += result.applied;
        current = result.bytes;
        (report, diagnostics) = lint_bytes(
            job,
            name,
            current.clone(),
            settings.overrides,
            settings.filter,
            settings.rules,
        );
    }
    let fixed = (current != original).then_some((original, current, applied));
    Linted {
        report,
        diagnostics,
        fixed,
    }
}

/// The file's bytes with every secret value replaced by `[hidden]`.
fn redacted(job: &FileJob, name: &str, bytes: &[u8], overrides: &Overrides) -> Vec<u8> {
    let model = FileModel::build_with(name, bytes.to_vec(), overrides, &job.defaults);
    let mut spans = FileReport::from_model(model).secret_spans;
    spans.sort();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for span in spans.into_iter().filter(|s| !s.is_empty()) {
        if span.start < at {
            continue;
        }
        out.extend_from_slice(&bytes[at..span.start]);
        out.extend_from_slice(crate::model::HIDDEN.as_bytes());
        at = span.end;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

/// What every lint task shares.
pub struct Settings<'a> {
    pub overrides: &'a Overrides,
    pub filter: &'a Filter,
    pub rules: &'a RuleContext,
    /// Some(allow unsafe fixes) with --fix or --diff.
    pub fixing: Option<bool>,
}

/// Models and checks a file's bytes, shown under `name`.
pub fn lint_bytes(
    job: &FileJob,
    name: &str,
    bytes: Vec<u8>,
    overrides: &Overrides,
    filter: &Filter,
    rules: &RuleContext,
) -> (FileReport, Vec<Diagnostic>) {
    let model = FileModel::build_with(name, bytes, overrides, &job.defaults);
    let mut diagnostics = checks::run_all(&model);
    if model.doc.entries.is_empty() {
        // An empty file has nothing to configure, so its role does not matter.
        diagnostics.retain(|d| d.code != "K009");
    }
    // Java loads nothing from a file with a malformed escape: no relationship to judge.
    if model.doc.load_error.is_none() {
        // --broker wins over the broker of the file's [[cluster]].
        let broker = match (&rules.broker, &job.broker) {
            (None, Some(cluster)) => std::sync::Arc::clone(cluster),
            _ => rules.broker_for(model.catalog),
        };
        let mut hints = Hints::for_file(&rules.hints, &model.directives);
        hints.record_processing_ms = hints.record_processing_ms.or(job.record_processing_ms);
        diagnostics.extend(rules.rules.evaluate(&model, &broker, &hints));
    }
    // Suppressions are judged against everything the file produces, before
    // --select/--ignore narrow the output.
    let known = |code: &str| checks::find(code).is_some() || rules.rules.find(code).is_some();
    let mut diagnostics = checks::unused_suppression::apply(&model, diagnostics, &known);
    project::apply_severity(job.rules.as_deref(), &mut diagnostics);
    diagnostics.retain(|d| filter.allows(d, job.rules.as_deref()));
    (FileReport::from_model(model), diagnostics)
}

/// `--select` and `--ignore`: codes, code prefixes (`K1`) or names.
pub struct Filter {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Filter {
    pub fn new(select: &[String], ignore: &[String], rules: &RuleSet) -> Result<Filter, CliError> {
        for s in select.iter().chain(ignore) {
            let known_check = checks::all()
                .iter()
                .any(|c| matches(s, c.meta().code, c.meta().name));
            let known_rule = rules.rules.iter().any(|r| matches(s, r.code, r.name));
            if !known_check && !known_rule {
                return Err(CliError(format!(
                    "unknown check `{s}` in --select/--ignore (see `kafkalint rules`)"
                )));
            }
        }
        Ok(Filter {
            select: select.to_vec(),
            ignore: ignore.to_vec(),
        })
    }

    /// `--select` replaces the config's `select`; `--ignore` adds to its `ignore`.
    pub fn allows(&self, d: &Diagnostic, config: Option<&RulesSettings>) -> bool {
        let select = match config {
            Some(c) if self.select.is_empty() => c.select.as_slice(),
            _ => self.select.as_slice(),
        };
        let config_ignore = config.map_or(&[][..], |c| c.ignore.as_slice());
        let selected = select.is_empty() || select.iter().any(|s| matches(s, d.code, d.name));
        selected
            && !self
                .ignore
                .iter()
                .chain(config_ignore)
                .any(|s| matches(s, d.code, d.name))
    }
}

fn matches(pattern: &str, code: &str, name: &str) -> bool {
    pattern == name
        || code
            .to_ascii_uppercase()
            .starts_with(&pattern.to_ascii_uppercase())
}
