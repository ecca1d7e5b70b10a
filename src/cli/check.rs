//! `kafkalint check`: lint files in parallel, report in a deterministic order.

use super::args::CheckArgs;
use super::{CliError, Status, files};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::engine::{Engine, FileSettings, Linted, Project};
use crate::fix;
use crate::report::{self, ColorChoice, FileReport, Format, Run};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// Lints what `args` names and reports it. `leak`: the process ends right
/// after, so the run's memory is left to the OS (not when watching).
pub fn run(args: &CheckArgs, leak: bool) -> Result<Status, CliError> {
    super::mute_notes(args.quiet || args.silent);
    let overrides = files::overrides(&args.file)?;
    let mut project = Project::new(&files::config_choice(&args.file), &overrides)?;
    let mut paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    if let (false, Some(name)) = (stdin, &args.stdin_filename) {
        return Err(CliError(format!(
            "--stdin-filename `{}` names standard input, which is read only with the path `-`",
            name.display()
        )));
    }
    let config_paths = if stdin {
        args.stdin_filename.iter().cloned().collect()
    } else {
        paths.clone()
    };
    let (config_rules, named) = project.for_arguments(&config_paths)?;
    let engine = files::engine(
        &args.file,
        &overrides,
        &config_rules,
        &args.select,
        &args.ignore,
    )?;
    let vetted = vet_configs(&project, &engine, 0)?;
    if !stdin {
        paths.extend(named);
    }
    if stdin && args.fix {
        return Err(CliError(
            "--fix cannot write standard input back; use --diff".to_string(),
        ));
    }
    let fixing = (args.fix || args.diff).then_some(args.unsafe_fixes);
    // Broker files are read as the context of their clients: --fix never
    // writes them, whatever else leads to them in this run.
    let mut broker_files: Vec<PathBuf> = args.file.broker.iter().cloned().collect();
    let mut errors = Vec::new();
    let linted = Mutex::new(Vec::new());
    // Files whose units link to clusters other files declare (Strimzi): linted
    // once the walk has found every file, so that the links do not depend on
    // the order files were found in.
    let linking = Mutex::new(Vec::new());
    let lint_bytes = |path: PathBuf, bytes: Vec<u8>, settings: &FileSettings| {
        let mut result = engine.lint(&files::display(&path), bytes, settings, fixing);
        if result.fixed.is_none() {
            result.report.drop_text_if_clean(&result.diagnostics);
        }
        linted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((path, Ok(result)));
    };
    let lint_into = |path: PathBuf, settings: FileSettings| match crate::engine::read_file(
        &path,
        overrides.max_file_size,
    ) {
        Ok(bytes) if engine.links_files(&files::display(&path), &bytes) => linking
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((path, bytes, settings)),
        Ok(bytes) => lint_bytes(path, bytes, &settings),
        Err(e) => linted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((path, Err(e))),
    };
    if stdin {
        // Standard input, named by --stdin-filename for role and settings.
        if paths.len() > 1 {
            return Err(CliError(
                "`-` (standard input) cannot be combined with other paths".to_string(),
            ));
        }
        let bytes = crate::input::read_bounded(std::io::stdin(), overrides.max_file_size)
            .map_err(|e| CliError(format!("cannot read standard input: {e}")))?;
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        let settings = project.file_settings(&name)?;
        let result = Ok(engine.lint(&files::display(&name), bytes, &settings, fixing));
        linted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((name, result));
    } else {
        // The main thread walks and reads the project configs; the pool lints
        // the files already found, so a large tree's walk overlaps its linting.
        let project = std::cell::RefCell::new(project);
        let mut config_error = None;
        let mut select = |path: &Path| {
            project
                .borrow_mut()
                .selects_with(path, |p| engine.carriers.walk_takes(p))
        };
        if let [file] = paths.as_slice()
            && !file.is_dir()
        {
            // One file: linted on this thread, without starting rayon's pool.
            files::for_each(&paths, &mut errors, &mut select, |path| {
                match project.borrow_mut().file_settings(&path) {
                    Ok(settings) => lint_into(path, settings),
                    Err(e) => {
                        config_error.get_or_insert(e);
                    }
                }
            });
        } else {
            rayon::in_place_scope(|scope| {
                files::for_each(&paths, &mut errors, &mut select, |path| {
                    match project.borrow_mut().file_settings(&path) {
                        Ok(settings) => {
                            let lint_into = &lint_into;
                            scope.spawn(move |_| lint_into(path, settings));
                        }
                        Err(e) => {
                            config_error.get_or_insert(e);
                        }
                    }
                });
            });
        }
        if let Some(e) = config_error {
            return Err(e.into());
        }
        let linking = linking.into_inner().unwrap_or_else(PoisonError::into_inner);
        lint_linked(&engine, linking, &lint_bytes);
        // The configs the walk met below the paths named.
        vet_configs(&project.borrow(), &engine, vetted)?;
        broker_files.extend(project.borrow().broker_files().map(Path::to_path_buf));
    }
    let mut results = linted.into_inner().unwrap_or_else(PoisonError::into_inner);
    results.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // Sized once: a tree's reports and findings stay in memory until the report.
    let mut linted_files = Vec::with_capacity(results.len());
    let mut found = Vec::with_capacity(
        results
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok())
            .map(|l| l.diagnostics.len())
            .sum(),
    );
    let mut changes = Vec::new();
    // Files the findings point into besides those linted (env files).
    let mut context = Vec::new();
    // --diff wins over --fix: it never writes.
    let writing = args.fix && !args.diff;
    let mut written = Written {
        read_only: broker_files
            .iter()
            .filter_map(|b| files::FileId::of_path(b))
            .collect(),
        ..Written::default()
    };
    for (path, result) in results {
        let linted = match result {
            Ok(linted) if writing => written.write(&path, linted, &mut errors),
            Ok(linted) => linted,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let Linted {
            report,
            diagnostics,
            fixed,
            rule_errors,
            context: other_files,
        } = linted;
        linted_files.push(report);
        context.extend(other_files);
        found.extend(diagnostics);
        // A rule that fails on a file fails the run; its findings still print.
        errors.extend(rule_errors);
        if let Some(change) = fixed {
            changes.push((path, change));
        }
    }
    // What --fix and --diff leave for --unsafe-fixes, said when it is not given.
    let unsafe_notice = ((args.fix || args.diff) && !args.unsafe_fixes)
        .then(|| unsafe_fixes_notice(&found, !changes.is_empty() || written.fixes > 0))
        .flatten();
    if args.diff {
        let mut out = output(args)?;
        for (path, change) in &changes {
            // Secret values are never shown, and never serve as context.
            let name = files::display(path);
            let (old_secrets, new_secrets) = (
                secret_spans(&engine, &name, &change.original),
                secret_spans(&engine, &name, &change.bytes),
            );
            let diff = fix::unified_diff_hiding(
                &name,
                fix::Version {
                    bytes: &change.original,
                    secrets: &old_secrets,
                },
                fix::Version {
                    bytes: &change.bytes,
                    secrets: &new_secrets,
                },
            );
            let _ = out.write_all(diff.as_bytes());
        }
        out.flush()
            .map_err(|e| CliError(format!("cannot write the diff: {e}")))?;
        if let Some(notice) = &unsafe_notice {
            super::say(notice);
        }
        for e in &errors {
            eprintln!("kafkalint: {e}");
        }
        engine.finish()?;
        return Ok(if !errors.is_empty() {
            Status::Failure
        } else if changes.is_empty() {
            Status::Clean
        } else {
            Status::Findings
        });
    }
    if written.fixes > 0 {
        super::say(&format!(
            "fixed {} in {}{}",
            report::plural(written.fixes, "problem"),
            report::plural(written.files, "file"),
            if args.show_fixes { ":" } else { "" }
        ));
        if args.show_fixes {
            super::say_lines(&written.settled_lines());
        }
    }
    if let Some(notice) = &unsafe_notice {
        super::say(notice);
    }
    engine.finish()?;
    // Run::new sorts the findings.
    let mut run = Run::new(linted_files, found);
    let mut seen = std::collections::HashSet::new();
    for file in context {
        if seen.insert(file.path.clone()) {
            run.add_context(file);
        }
    }
    if let Some(broker) = engine.broker().and_then(|b| b.file.as_ref()) {
        // The broker file's positions, for the related locations that point into it.
        run.add_context(FileReport::from_model(broker));
    }
    let to_terminal = args.output_file.is_none() && std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if to_terminal {
        Format::Human
    } else {
        Format::Concise
    });
    let color = match args.color {
        ColorChoice::Auto if to_terminal && std::env::var_os("NO_COLOR").is_none() => {
            ColorChoice::Always
        }
        ColorChoice::Auto => ColorChoice::Never,
        other => other,
    };
    if !args.silent {
        let mut out = output(args)?;
        let docs = Box::new(|code: &str| rule_doc(&engine, code));
        let style = report::Style {
            color,
            summary: !args.quiet,
        };
        let written = if args.statistics {
            report::write_statistics(format, &run, &mut out)
        } else {
            report::write_run(format, &run, &style, docs, &mut out)
        };
        written
            .and_then(|()| out.flush())
            .or_else(ignore_closed_pipe)
            .map_err(|e| CliError(format!("cannot write the report: {e}")))?;
    }
    for e in &errors {
        eprintln!("kafkalint: {e}");
    }
    let fail_on: Severity = args.fail_on.into();
    let status = if !errors.is_empty() {
        Status::Failure
    } else if !args.exit_zero && run.diagnostics.iter().any(|d| d.severity >= fail_on) {
        Status::Findings
    } else {
        Status::Clean
    };
    if leak {
        // The process ends right after: freeing every file's text and the rules
        // one by one would cost about a tenth of a small run, for memory the OS
        // reclaims. (The engine itself takes no such shortcut: a server frees
        // what it uses.)
        std::mem::forget(run);
        std::mem::forget(engine);
    }
    Ok(status)
}

/// Lints the files whose units link to clusters, each knowing the clusters
/// all of them declare.
fn lint_linked(
    engine: &Engine,
    mut files: Vec<(PathBuf, Vec<u8>, FileSettings)>,
    lint: &(dyn Fn(PathBuf, Vec<u8>, &FileSettings) + Sync),
) {
    // The same clusters in the same order, whatever order the walk found them in.
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut links = crate::engine::Links::default();
    for (path, bytes, settings) in &files {
        links.add(engine.declared_clusters(&files::display(path), bytes.clone(), settings));
    }
    let links = std::sync::Arc::new(links);
    let lint_one = |(path, bytes, mut settings): (PathBuf, Vec<u8>, FileSettings)| {
        settings.links = Some(std::sync::Arc::clone(&links));
        lint(path, bytes, &settings);
    };
    match files.len() {
        0 => {}
        1 => files.into_iter().for_each(lint_one),
        _ => {
            use rayon::prelude::*;
            files.into_par_iter().for_each(lint_one);
        }
    }
}

/// Where the report goes: `--output-file`, else standard output.
fn output(args: &CheckArgs) -> Result<Box<dyn Write>, CliError> {
    Ok(match &args.output_file {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| CliError(format!("cannot create `{}`: {e}", path.display())))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// A reader that stops reading (`kafkalint check | head`) is not an error.
fn ignore_closed_pipe(e: std::io::Error) -> std::io::Result<()> {
    match e.kind() {
        std::io::ErrorKind::BrokenPipe => Ok(()),
        _ => Err(e),
    }
}

/// `check --watch`: lints, then again each time a file under the paths (or a
/// project config) changes, until interrupted.
pub fn watch(args: &CheckArgs) -> Result<Status, CliError> {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    loop {
        let before = super::watch::Snapshot::take(&roots);
        match run(args, false) {
            Ok(_) => {}
            Err(CliError(message)) => eprintln!("kafkalint: {message}"),
        }
        super::say("watching for changes (Ctrl-C to stop)");
        before.wait_for_change(&roots);
    }
}

/// Checks the `[rules]` codes of the configs loaded since the first `from`
/// (codes, code prefixes and names, as --select and --ignore take them) and
/// prints their notes; returns how many configs are vetted.
pub(super) fn vet_configs(
    project: &Project,
    engine: &Engine,
    from: usize,
) -> Result<usize, CliError> {
    let known = |pattern: &str| engine.registry.matches_any(pattern);
    let configs = project.loaded();
    for config in configs.iter().skip(from) {
        config
            .check_codes(known)
            .map_err(|e| CliError(format!("invalid project config: {e}")))?;
        super::print_config_notes(config);
    }
    Ok(configs.len())
}

/// What the registry says of a code, as reporters describe it.
fn rule_doc(engine: &Engine, code: &str) -> Option<report::RuleDoc> {
    let d = engine.registry.find(code)?.describe().ok()?;
    Some(report::RuleDoc {
        url: d.url(),
        code: d.code,
        name: d.name,
        summary: d.summary,
        doc: d.doc,
        severity: d.severity,
    })
}

/// How many of `found` have a fix that only `--unsafe-fixes` applies, said as
/// a sentence; `more` when other fixes were applied.
fn unsafe_fixes_notice(found: &[Diagnostic], more: bool) -> Option<String> {
    let n = found
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Unsafe)
        })
        .count();
    let more = if more { "more " } else { "" };
    match n {
        0 => None,
        1 => Some(format!("1 {more}fix is available with --unsafe-fixes")),
        n => Some(format!("{n} {more}fixes are available with --unsafe-fixes")),
    }
}

/// Findings of one code that fixes settled: (code, name, how many).
type Settled = (String, String, usize);

/// What `--fix` wrote.
#[derive(Default)]
struct Written {
    fixes: usize,
    files: usize,
    /// The broker files of the run, which are never written.
    read_only: std::collections::HashSet<files::FileId>,
    /// Per written file, the findings its fixes settled: (code, name, how many).
    settled: Vec<(PathBuf, Vec<Settled>)>,
}

impl Written {
    /// Writes the fixed bytes of `linted`, if any, over the file at `path`, and
    /// returns what to report: the findings in the fixed bytes, or, when they
    /// could not be written, in the original ones, which are still on disk.
    fn write(&mut self, path: &Path, mut linted: Linted, errors: &mut Vec<String>) -> Linted {
        let Some(change) = linted.fixed.take() else {
            return linted;
        };
        if files::FileId::of_path(path).is_some_and(|id| self.read_only.contains(&id)) {
            super::say(&format!(
                "note: `{}` is not fixed: this run reads it as the broker of other files (fix it in a run of its own, or see the fixes with --diff)",
                path.display()
            ));
            return *change.unfixed;
        }
        match fix::write_atomically(path, &change.original, &change.bytes) {
            Ok(()) => {
                self.fixes += change.applied;
                self.files += 1;
                let settled = settled(&change.unfixed.diagnostics, &linted.diagnostics);
                self.settled.push((path.to_path_buf(), settled));
                linted
            }
            Err(e) => {
                errors.push(e.to_string());
                *change.unfixed
            }
        }
    }
}

impl Written {
    /// What `--show-fixes` prints: each written file and what its fixes settled.
    fn settled_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (path, codes) in &self.settled {
            lines.push(format!("  {}:", files::display(path)));
            for (code, name, n) in codes {
                lines.push(format!("    {n} × {code} ({name})"));
            }
        }
        lines
    }
}

/// The findings, by code, that are in `before` and no longer in `after`.
fn settled(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<Settled> {
    let mut counts: std::collections::BTreeMap<(&str, &str), isize> = Default::default();
    for d in before {
        *counts.entry((&d.code, &d.name)).or_default() += 1;
    }
    for d in after {
        *counts.entry((&d.code, &d.name)).or_default() -= 1;
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|((code, name), n)| (code.to_string(), name.to_string(), n.unsigned_abs()))
        .collect()
}

/// Where the secrets of a file's bytes are.
fn secret_spans(engine: &Engine, name: &str, bytes: &[u8]) -> Vec<crate::text::Span> {
    let units = engine.model(name, bytes.to_vec(), &FileSettings::default());
    units.first().map(|u| u.secret_spans()).unwrap_or_default()
}
