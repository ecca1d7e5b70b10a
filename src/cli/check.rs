//! `kafkalint check`: lint files in parallel, report in a deterministic order.

use super::args::CheckArgs;
use super::rules_setup::RuleContext;
use super::{CliError, Status, files};
use crate::checks;
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::model::{FileModel, Hints, Overrides};
use crate::report::{self, ColorChoice, FileReport, Format, Run};
use crate::rules::RuleSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

pub fn run(args: &CheckArgs) -> Result<Status, CliError> {
    let overrides = files::overrides(&args.file)?;
    let rules = RuleContext::new(&args.file, &overrides)?;
    let filter = Filter::new(&args.select, &args.ignore, &rules.rules)?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut errors = Vec::new();
    let linted = Mutex::new(Vec::new());
    let lint_into = |path: PathBuf| {
        let result = lint(&path, &overrides, &filter, &rules);
        linted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((path, result));
    };
    if paths.iter().any(|p| p.as_os_str() == "-") {
        // Standard input, named by --stdin-filename for role and settings.
        if paths.len() > 1 {
            return Err(CliError("`-` (standard input) cannot be combined with other paths".to_string()));
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| CliError(format!("cannot read standard input: {e}")))?;
        let name = args.stdin_filename.as_deref().map_or_else(|| "-".to_string(), files::display);
        let result = Ok(lint_bytes(&name, bytes, &overrides, &filter, &rules));
        linted.lock().unwrap_or_else(PoisonError::into_inner).push((PathBuf::from(&name), result));
    } else if let [file] = paths.as_slice()
        && !file.is_dir()
    {
        // One file: linted on this thread, without starting rayon's pool.
        files::for_each(&paths, &mut errors, lint_into);
    } else {
        // This thread walks the directories while the pool lints the files already
        // found, so a large tree's walk overlaps its linting.
        rayon::in_place_scope(|scope| {
            files::for_each(&paths, &mut errors, |path| {
                let lint_into = &lint_into;
                scope.spawn(move |_| lint_into(path));
            });
        });
    }
    let mut results = linted.into_inner().unwrap_or_else(PoisonError::into_inner);
    results.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut linted_files = Vec::new();
    let mut found = Vec::new();
    for (_, result) in results {
        match result {
            Ok((file, diagnostics)) => {
                linted_files.push(file);
                found.extend(diagnostics);
            }
            Err(e) => errors.push(e),
        }
    }
    diagnostics::sort(&mut found);
    rules.finish()?;
    let mut run = Run::new(linted_files, found);
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
    let text = report::render(format, &run, color);
    let _ = stdout.lock().write_all(text.as_bytes());
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

/// Reads, models and checks one file. `check` never writes to any file.
pub fn lint(
    path: &std::path::Path,
    overrides: &Overrides,
    filter: &Filter,
    rules: &RuleContext,
) -> Result<(FileReport, Vec<Diagnostic>), String> {
    let bytes = files::read(path)?;
    Ok(lint_bytes(&files::display(path), bytes, overrides, filter, rules))
}

/// Models and checks a file's bytes, shown under `name`.
pub fn lint_bytes(
    name: &str,
    bytes: Vec<u8>,
    overrides: &Overrides,
    filter: &Filter,
    rules: &RuleContext,
) -> (FileReport, Vec<Diagnostic>) {
    let model = FileModel::build(name, bytes, overrides);
    let mut diagnostics = checks::run_all(&model);
    if model.doc.entries.is_empty() {
        // An empty file has nothing to configure, so its role does not matter.
        diagnostics.retain(|d| d.code != "K009");
    }
    // Java loads nothing from a file with a malformed escape: no relationship to judge.
    if model.doc.load_error.is_none() {
        let broker = rules.broker_for(model.catalog);
        let hints = Hints::for_file(&rules.hints, &model.directives);
        diagnostics.extend(rules.rules.evaluate(&model, &broker, &hints));
    }
    // Suppressions are judged against everything the file produces, before
    // --select/--ignore narrow the output.
    let known = |code: &str| checks::find(code).is_some() || rules.rules.find(code).is_some();
    let mut diagnostics = checks::unused_suppression::apply(&model, diagnostics, &known);
    diagnostics.retain(|d| filter.allows(d));
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

    pub fn allows(&self, d: &Diagnostic) -> bool {
        let selected =
            self.select.is_empty() || self.select.iter().any(|s| matches(s, d.code, d.name));
        selected && !self.ignore.iter().any(|s| matches(s, d.code, d.name))
    }
}

fn matches(pattern: &str, code: &str, name: &str) -> bool {
    pattern == name
        || code
            .to_ascii_uppercase()
            .starts_with(&pattern.to_ascii_uppercase())
}
