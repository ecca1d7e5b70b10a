//! `kafkalint check`: lint files in parallel, report in a deterministic order.

use super::args::CheckArgs;
use super::{CliError, Status, files};
use crate::checks;
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::model::{FileModel, Overrides};
use crate::report::{self, ColorChoice, FileReport, Format, Run};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

pub fn run(args: &CheckArgs) -> Result<Status, CliError> {
    let overrides = files::overrides(&args.file)?;
    let filter = Filter::new(&args.select, &args.ignore)?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut errors = Vec::new();
    let found = files::collect(&paths, &mut errors);
    let results: Vec<Result<(FileReport, Vec<Diagnostic>), String>> = found
        .par_iter()
        .map(|path| lint(path, &overrides, &filter))
        .collect();
    let mut run = Run {
        files: Vec::new(),
        diagnostics: Vec::new(),
    };
    for result in results {
        match result {
            Ok((file, diagnostics)) => {
                run.files.push(file);
                run.diagnostics.extend(diagnostics);
            }
            Err(e) => errors.push(e),
        }
    }
    diagnostics::sort(&mut run.diagnostics);
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
    Ok(if !errors.is_empty() {
        Status::Failure
    } else if run.diagnostics.iter().any(|d| d.severity >= fail_on) {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// Reads, models and checks one file. `check` never writes to any file.
pub fn lint(
    path: &std::path::Path,
    overrides: &Overrides,
    filter: &Filter,
) -> Result<(FileReport, Vec<Diagnostic>), String> {
    let bytes = files::read(path)?;
    let model = FileModel::build(&files::display(path), bytes, overrides);
    let mut diagnostics: Vec<Diagnostic> = checks::run_all(&model)
        .into_iter()
        .filter(|d| filter.allows(d))
        .collect();
    if model.doc.entries.is_empty() {
        // An empty file has nothing to configure, so its role does not matter.
        diagnostics.retain(|d| d.code != "K009");
    }
    let secret_spans = model
        .config
        .explicit()
        .filter(|v| v.secret)
        .filter_map(|v| match v.source {
            crate::model::effective::ValueSource::File { entry } => {
                model.doc.entries.get(entry).map(|e| e.value_span)
            }
            crate::model::effective::ValueSource::Default => None,
        })
        .collect();
    let report = FileReport {
        path: model.path.clone(),
        role: model.role(),
        kafka_version: model.catalog.version(),
        secret_spans,
        doc: model.doc,
    };
    Ok((report, diagnostics))
}

/// `--select` and `--ignore`: codes, code prefixes (`K1`) or names.
pub struct Filter {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Filter {
    pub fn new(select: &[String], ignore: &[String]) -> Result<Filter, CliError> {
        for s in select.iter().chain(ignore) {
            if !checks::all()
                .iter()
                .any(|c| matches(s, c.meta().code, c.meta().name))
            {
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
