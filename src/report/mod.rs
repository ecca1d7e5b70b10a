//! Reporters: each output format renders the same diagnostics.

mod concise;
mod human;
mod json;

use crate::catalog::Role;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::FileModel;
use crate::model::effective::ValueSource;
use crate::source::{Position, SourceText, Span};
use std::collections::HashMap;

pub use human::ColorChoice;

/// The output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
}

/// One linted file: what the reporters need to place and show diagnostics.
pub struct FileReport {
    pub path: String,
    pub role: Option<Role>,
    pub kafka_version: &'static str,
    pub doc: SourceText,
    /// Value spans of secrets: never shown in any output.
    pub secret_spans: Vec<Span>,
}

impl FileReport {
    /// What the reporters keep of a file: its text and the spans of its secrets.
    pub fn from_model(model: FileModel) -> FileReport {
        let secret_spans = model
            .config
            .explicit()
            .filter(|v| v.secret)
            .filter_map(|v| match v.source {
                ValueSource::File { entry } => model.doc.entries.get(entry).map(|e| e.value_span),
                ValueSource::Default => None,
            })
            .collect();
        FileReport {
            path: model.path.clone(),
            role: model.role(),
            kafka_version: model.catalog.version(),
            secret_spans,
            doc: model.doc.into_text(),
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        self.doc.position(offset)
    }

    /// Whether `span` overlaps a secret value.
    pub fn touches_secret(&self, span: Span) -> bool {
        self.secret_spans
            .iter()
            .any(|s| span.start < s.end.max(s.start + 1) && s.start < span.end.max(span.start + 1))
    }
}

/// Everything one run found.
pub struct Run {
    pub files: Vec<FileReport>,
    pub diagnostics: Vec<Diagnostic>,
    /// Path to index in `files`, for placing diagnostics.
    by_path: HashMap<String, usize>,
    /// Files only pointed into, such as the `--broker` file.
    context: Vec<FileReport>,
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
}

impl Run {
    pub fn new(files: Vec<FileReport>, diagnostics: Vec<Diagnostic>) -> Run {
        let by_path = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.clone(), i))
            .collect();
        Run {
            files,
            diagnostics,
            by_path,
            context: Vec::new(),
        }
    }

    pub fn file(&self, path: &str) -> Option<&FileReport> {
        match self.by_path.get(path) {
            Some(&i) => Some(&self.files[i]),
            None => self.context.iter().find(|f| f.path == path),
        }
    }

    /// A file that diagnostics point into without being linted (the `--broker` file).
    pub fn add_context(&mut self, file: FileReport) {
        if !self.by_path.contains_key(&file.path) {
            self.context.push(file);
        }
    }

    pub fn summary(&self) -> Summary {
        let count = |s: Severity| self.diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            files: self.files.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            fixable: self.diagnostics.iter().filter(|d| d.fix.is_some()).count(),
        }
    }
}

/// Renders `run` in `format`.
pub fn render(format: Format, run: &Run, color: ColorChoice) -> String {
    match format {
        Format::Human => human::render(run, color),
        Format::Concise => concise::render(run),
        Format::Json => json::render(run),
    }
}

/// "3 errors, 1 warning" in words, for summaries.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
