//! `kafkalint check`: lint files in parallel, report in a deterministic order.

use super::ahead::Ahead;
use super::args::CheckArgs;
use super::{CliError, Status, files};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::engine::{Engine, FileSettings, Linted, Project};
use crate::fix;
use crate::report::{self, ColorChoice, FileReport, Format, Run};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Lints what `args` names and reports it. `leak`: the process ends right
/// after, so the run's memory is left to the OS (not when watching).
pub fn run(args: &CheckArgs, leak: bool) -> Result<Status, CliError> {
    super::mute_notes(args.quiet || args.silent);
    let overrides = files::overrides(&args.file)?;
    let mut project = Project::new(&files::config_choice(&args.file), &overrides)?;
    let mut paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        files::clean_all(&args.paths)
    };
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    if let (false, Some(name)) = (stdin, &args.stdin_filename) {
        return Err(CliError(format!(
            "--stdin-filename `{}` names standard input, which is read only with the path `-`",
            name.display()
        )));
    }
    let stdin_filename = args.stdin_filename.as_deref().map(files::clean);
    let config_paths = if stdin {
        stdin_filename.iter().cloned().collect()
    } else {
        paths.clone()
    };
    let (config_rules, named) = project.for_arguments(&config_paths)?;
    let engine = files::engine(
        &args.file,
        &overrides,
        &config_rules,
        files::Selection {
            select: &args.select,
            extend_select: &args.extend_select,
            ignore: &args.ignore,
        },
    )?;
    // A user rule whose expressions do not compile stops the run before any
    // report is begun (built-in rules are compiled on first use).
    engine
        .rules()
        .compile_user_rules()
        .map_err(|e| CliError(e.reported()))?;
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
    let mut broker_files: Vec<PathBuf> = args
        .file
        .broker
        .as_deref()
        .map(files::clean)
        .into_iter()
        .collect();
    let mut errors = Vec::new();
    let no_settings = FileSettings::default();
    // The clusters the run's files declare (Strimzi), known before any file is
    // linted, so that a topic finds its cluster whatever file holds it.
    let links = std::sync::OnceLock::new();
    let lint = |path: &Path, settings: Option<&FileSettings>| {
        let settings = settings.unwrap_or(&no_settings);
        crate::engine::read_file(path, overrides.max_file_size).map(|bytes| {
            let name = files::display(path);
            let linked;
            let settings = match links.get() {
                Some(Some(links)) if engine.links_files(&name, &bytes) => {
                    linked = FileSettings {
                        links: Some(Arc::clone(links)),
                        ..settings.clone()
                    };
                    &linked
                }
                _ => settings,
            };
            let mut linted = engine.lint(&name, bytes, settings, fixing);
            if linted.fixed.is_none() {
                linted.report.drop_text_if_clean(&linted.diagnostics);
            }
            linted
        })
    };
    // The first files the walk finds, linted while it goes on.
    let mut ahead = Ahead::default();
    // The files to lint with their settings, in the run's order (sorted by
    // path), or standard input already linted.
    let mut todo = Vec::new();
    let mut from_stdin = None;
    if stdin {
        // Standard input, named by --stdin-filename for role and settings.
        if paths.len() > 1 {
            return Err(CliError(
                "`-` (standard input) cannot be combined with other paths".to_string(),
            ));
        }
        let bytes = files::read_stdin(overrides.max_file_size)?;
        let name = stdin_filename.unwrap_or_else(|| PathBuf::from("-"));
        let settings = project.file_settings(&name)?;
        let result = Ok(engine.lint(&files::display(&name), bytes, &settings, fixing));
        from_stdin = Some((name, result));
    } else {
        // The walk comes first, so that the files are reported in the run's
        // order as soon as they are linted; a bad project config stops the run
        // before anything is reported.
        let mut config_error = None;
        let project_cell = std::cell::RefCell::new(&mut project);
        ahead = Ahead::walking(&lint, |queue| {
            files::for_each(
                &paths,
                &mut errors,
                &mut |path, plain| {
                    let takes = |p: &Path| engine.carriers.walk_takes(p);
                    let mut project = project_cell.borrow_mut();
                    match plain {
                        true => project.selects_file_with(path, takes),
                        false => project.selects_with(path, takes),
                    }
                },
                // Files only: regular files found, or paths named that are no directory.
                |path| match project_cell.borrow_mut().walked_settings(&path) {
                    Ok(settings) => {
                        queue.push(&path, settings.as_ref());
                        todo.push((path, settings.map(Box::new)));
                    }
                    Err(e) => {
                        config_error.get_or_insert(e);
                    }
                },
            );
        });
        if let Some(e) = config_error {
            return Err(e.into());
        }
        // The configs the walk met below the paths named.
        vet_configs(&project, &engine, vetted)?;
        broker_files.extend(project.broker_files().map(Path::to_path_buf));
        todo.sort_unstable_by(|a: &Todo, b| a.0.cmp(&b.0));
        if todo.is_empty() && errors.is_empty() {
            // As ruff warns: a path with a typo or the wrong directory must
            // not pass a CI step silently.
            super::say(&format!(
                "note: no Kafka configuration file found under {}",
                quoted_list(&paths)
            ));
        }
    }
    refuse_output_over_input(
        args,
        todo.iter()
            .map(|(path, _)| path.as_path())
            .chain(broker_files.iter().map(PathBuf::as_path)),
    )?;
    let lint = |path: &Path, settings: Option<&FileSettings>| {
        ahead.take(path).unwrap_or_else(|| lint(path, settings))
    };
    let _ = links.set(gather_links(
        &engine,
        &todo,
        overrides.max_file_size,
        &no_settings,
    ));
    let to_terminal = output_file(args).is_none() && std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if to_terminal {
        Format::Human
    } else {
        Format::Concise
    });
    // Files are reported as they are linted unless the output needs the whole
    // run (--fix, --diff, --statistics, SARIF) or findings may point into other
    // linted files (a project config's [[cluster]] broker).
    // SARIF, whose rules come before its results, is given several files one
    // by one too: it then keeps each finding's text, not every file's report.
    let streaming = !(args.fix || args.diff || args.statistics)
        && (report::Streamed::streams(format) || todo.len() > 1)
        && todo
            .iter()
            .all(|(_, settings)| settings.as_ref().is_none_or(|s| s.broker.is_none()));
    if streaming {
        let status = stream(
            args,
            &engine,
            format,
            to_terminal,
            todo,
            from_stdin,
            &lint,
            errors,
        );
        if leak {
            // The process ends right after: the OS reclaims the rules.
            std::mem::forget(engine);
        }
        return status;
    }
    let mut results = Vec::new();
    lint_in_order(todo, &lint, &mut |path, result| {
        results.push((path, result))
    });
    results.extend(from_stdin);
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
            ..
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
        // --silent prints nothing: the exit status says whether a fix would change a file.
        let mut out: Box<dyn Write> = if args.silent {
            Box::new(std::io::sink())
        } else {
            output(args)?
        };
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
        } else if changes.is_empty() || args.exit_zero {
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
    if !args.silent {
        let mut out = output(args)?;
        let docs = Box::new(|code: &str| rule_doc(&engine, code));
        let style = style(args, to_terminal);
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
    let status = status(
        args,
        &errors,
        run.diagnostics.iter().map(|d| d.severity).max(),
    );
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

/// `a`, `b` and `c`: the paths as given, quoted.
fn quoted_list(paths: &[PathBuf]) -> String {
    let quoted: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    crate::text::prose::list(&quoted, "and")
}

/// The run's status, once `errors` are printed: `worst` is the highest
/// severity found.
fn status(args: &CheckArgs, errors: &[String], worst: Option<Severity>) -> Status {
    for e in errors {
        eprintln!("kafkalint: {e}");
    }
    let fail_on: Severity = args.fail_on.into();
    if !errors.is_empty() {
        Status::Failure
    } else if !args.exit_zero && worst.is_some_and(|w| w >= fail_on) {
        Status::Findings
    } else {
        Status::Clean
    }
}

/// How the text formats look: `--color auto` colours a terminal, unless
/// NO_COLOR is set; FORCE_COLOR or CLICOLOR_FORCE colour standard output even
/// when it is not a terminal (CI logs), never an `--output-file`.
fn style(args: &CheckArgs, to_terminal: bool) -> report::Style {
    let color = match args.color {
        ColorChoice::Auto if output_file(args).is_none() && colour_forced() => ColorChoice::Always,
        ColorChoice::Auto if to_terminal && !env_set("NO_COLOR") => ColorChoice::Always,
        ColorChoice::Auto => ColorChoice::Never,
        other => other,
    };
    report::Style {
        color,
        summary: !args.quiet,
    }
}

/// Whether FORCE_COLOR or CLICOLOR_FORCE asks for colour (`0` does not).
fn colour_forced() -> bool {
    ["FORCE_COLOR", "CLICOLOR_FORCE"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Whether the environment variable is set to something (an empty value is unset).
fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// A linted file, or why it could not be read.
pub(super) type Outcome = Result<Linted, String>;

/// A file to lint, with its settings when a project config gives it any: a
/// tree without a config keeps only a path per file until it is linted.
type Todo = (PathBuf, Option<Box<FileSettings>>);

/// Lints one file with its settings (the default ones for None).
pub(super) type Lint<'a> = dyn Fn(&Path, Option<&FileSettings>) -> Outcome + Sync + 'a;

/// Lints `todo` and reports each file as soon as it and the files before it
/// are linted: a tree's reports and findings never pile up.
#[allow(clippy::too_many_arguments)]
fn stream(
    args: &CheckArgs,
    engine: &Engine,
    format: Format,
    to_terminal: bool,
    todo: Vec<Todo>,
    from_stdin: Option<(PathBuf, Outcome)>,
    lint: &Lint,
    mut errors: Vec<String>,
) -> Result<Status, CliError> {
    let mut out = if args.silent {
        Box::new(std::io::sink())
    } else {
        output(args)?
    };
    // The broker file's positions, for the related locations that point into it.
    let context = engine
        .broker()
        .and_then(|b| b.file.as_ref())
        .map(FileReport::from_model)
        .into_iter()
        .collect();
    let docs = Box::new(|code: &str| rule_doc(engine, code));
    let mut written =
        report::Streamed::begin(format, &style(args, to_terminal), docs, context, &mut out);
    let mut worst = None;
    let mut take = |_: PathBuf, result: Outcome| match result {
        Ok(linted) => {
            // A rule that fails on a file fails the run; its findings still print.
            errors.extend(linted.rule_errors);
            worst = worst.max(linted.diagnostics.iter().map(|d| d.severity).max());
            if let Ok(streamed) = &mut written {
                // The env files its findings point into, for their frames.
                linted
                    .context
                    .into_iter()
                    .for_each(|file| streamed.add_context(file));
            }
            if let Ok(streamed) = &mut written
                && let Err(e) = streamed.file(&mut out, &linted.report, linted.diagnostics)
            {
                written = Err(e);
            }
        }
        Err(e) => errors.push(e),
    };
    lint_in_order(todo, lint, &mut take);
    if let Some((path, result)) = from_stdin {
        take(path, result);
    }
    engine.finish()?;
    if !args.silent {
        written
            .and_then(|streamed| streamed.end(&mut out))
            .and_then(|()| out.flush())
            .or_else(ignore_closed_pipe)
            .map_err(|e| CliError(format!("cannot write the report: {e}")))?;
    }
    Ok(status(args, &errors, worst))
}

/// The clusters and node pools that the run's linking files (Strimzi
/// resources) declare, gathered in the run's order; None when no file links.
fn gather_links(
    engine: &Engine,
    todo: &[Todo],
    max_file_size: u64,
    no_settings: &FileSettings,
) -> Option<Arc<crate::engine::Links>> {
    use rayon::prelude::*;
    // Only YAML files link: the others are not read twice.
    let yaml: Vec<&Todo> = todo
        .iter()
        .filter(|(path, _)| crate::carrier::is_yaml(path))
        .collect();
    let declare = |(path, settings): &&Todo| {
        let bytes = crate::engine::read_file(path, max_file_size).ok()?;
        let name = files::display(path);
        engine.links_files(&name, &bytes).then(|| {
            let settings = settings.as_deref().unwrap_or(no_settings);
            engine.declarations(&name, bytes, settings)
        })
    };
    // Starting rayon's pool costs more than reading one file.
    let declared: Vec<_> = if yaml.len() <= 1 {
        yaml.iter().filter_map(declare).collect()
    } else {
        yaml.par_iter().filter_map(declare).collect()
    };
    if declared.is_empty() {
        return None;
    }
    let mut links = crate::engine::Links::default();
    declared.into_iter().for_each(|d| links.add(d));
    Some(Arc::new(links))
}

/// Lints `todo` in parallel, at most a few files per thread ahead of the first
/// one not yet linted, and gives each result to `take` in the order of `todo`.
/// Files go to the threads in batches: handing each file over on its own woke
/// a sleeping thread and this one for every file, which cost as much wall time
/// as linting small files.
fn lint_in_order(todo: Vec<Todo>, lint: &Lint, take: &mut dyn FnMut(PathBuf, Outcome)) {
    if todo.len() <= 1 {
        // One file: linted on this thread, without starting rayon's pool.
        for (path, settings) in todo {
            let result = lint(&path, settings.as_deref());
            take(path, result);
        }
        return;
    }
    const BATCH: usize = 8;
    let window = 2 * rayon::current_num_threads();
    let (done, finished) = std::sync::mpsc::channel();
    rayon::in_place_scope(|scope| {
        let mut todo = todo.into_iter().peekable();
        let mut ready = std::collections::HashMap::new();
        let (mut started, mut taken) = (0, 0);
        loop {
            while started < taken + window && todo.peek().is_some() {
                let batch: Vec<Todo> = todo.by_ref().take(BATCH).collect();
                let done = done.clone();
                let i = started;
                scope.spawn(move |_| {
                    let results: Vec<_> = batch
                        .into_iter()
                        .map(|(path, settings)| {
                            // A panic is carried to this thread, which waits for the result.
                            let result =
                                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                    lint(&path, settings.as_deref())
                                }));
                            (path, result)
                        })
                        .collect();
                    let _ = done.send((i, results));
                });
                started += 1;
            }
            if taken == started {
                return;
            }
            while !ready.contains_key(&taken) {
                let Ok((i, results)) = finished.recv() else {
                    return;
                };
                ready.insert(i, results);
            }
            for (path, result) in ready.remove(&taken).into_iter().flatten() {
                match result {
                    Ok(result) => take(path, result),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            taken += 1;
        }
    });
}

/// The `--output-file`, unless it is `-`: standard output, as for other tools.
fn output_file(args: &CheckArgs) -> Option<&Path> {
    args.output_file.as_deref().filter(|p| p.as_os_str() != "-")
}

/// Where the report goes: `--output-file` (its directory made when missing,
/// as ruff does), else standard output.
fn output(args: &CheckArgs) -> Result<Box<dyn Write>, CliError> {
    let Some(path) = output_file(args) else {
        return Ok(Box::new(std::io::BufWriter::new(std::io::stdout().lock())));
    };
    let cannot = |e: std::io::Error| CliError(format!("cannot create `{}`: {e}", path.display()));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            // "File exists" would not say which file is in the way.
            let in_the_way = dir.ancestors().find(|a| a.exists() && !a.is_dir());
            match in_the_way {
                Some(file) => CliError(format!(
                    "cannot create `{}`: `{}` is a file, not a directory",
                    path.display(),
                    file.display()
                )),
                None => cannot(e),
            }
        })?;
    }
    let file = std::fs::File::create(path).map_err(cannot)?;
    Ok(Box::new(std::io::BufWriter::new(file)))
}

/// Refuses an `--output-file` that is one of the run's files: creating it
/// would empty the file before it is read.
fn refuse_output_over_input<'a>(
    args: &CheckArgs,
    inputs: impl Iterator<Item = &'a Path>,
) -> Result<(), CliError> {
    let Some(output) = output_file(args) else {
        return Ok(());
    };
    let Some(id) = files::FileId::of_path(output) else {
        return Ok(());
    };
    match inputs
        .into_iter()
        .find(|p| files::FileId::of_path(p) == Some(id))
    {
        Some(input) => Err(CliError(format!(
            "--output-file `{}` is also a file this run reads (`{}`): writing the report there would erase it",
            output.display(),
            input.display()
        ))),
        None => Ok(()),
    }
}

/// A reader that stops reading (`kafkalint check | head`) is not an error.
pub(super) fn ignore_closed_pipe(e: std::io::Error) -> std::io::Result<()> {
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
    if roots.iter().any(|p| p.as_os_str() == "-") {
        return Err(CliError(
            "--watch cannot watch standard input (`-`): name the files or directories to watch"
                .to_string(),
        ));
    }
    // In a terminal, each run replaces the last one's report, as ruff's
    // watch mode does; a pipe or a report file keeps every run.
    let clear = output_file(args).is_none() && std::io::stdout().is_terminal();
    let mut first = true;
    loop {
        let report = output_file(args);
        let before = super::watch::Snapshot::take(&roots, report);
        if clear && !std::mem::take(&mut first) {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(b"\x1b[2J\x1b[H").and_then(|()| out.flush());
        }
        match run(args, false) {
            Ok(_) => {}
            Err(CliError(message)) => eprintln!("kafkalint: {message}"),
        }
        super::say("watching for changes (Ctrl-C to stop)");
        before.wait_for_change(&roots, report);
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
        *counts.entry((d.code(), d.name())).or_default() += 1;
    }
    for d in after {
        *counts.entry((d.code(), d.name())).or_default() -= 1;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_taken_in_their_order_whatever_order_they_finish_in() {
        let todo: Vec<Todo> = (0..40)
            .map(|i| (PathBuf::from(format!("{i:02}")), None))
            .collect();
        // The early files take longest, so that later ones finish first.
        let lint = |path: &Path, _: Option<&FileSettings>| -> Outcome {
            let n: u64 = path.to_string_lossy().parse().unwrap_or(0);
            std::thread::sleep(std::time::Duration::from_millis(40u64.saturating_sub(n)));
            Err(path.display().to_string())
        };
        let mut taken = Vec::new();
        lint_in_order(todo, &lint, &mut |path, result| {
            taken.push((path.display().to_string(), result.err()));
        });
        let expected: Vec<_> = (0..40)
            .map(|i| (format!("{i:02}"), Some(format!("{i:02}"))))
            .collect();
        assert_eq!(taken, expected);
    }
}
