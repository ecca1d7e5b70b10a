//! Reporters: each output format renders the same diagnostics.

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;

use crate::catalog::Role;
use crate::diagnostics::{Diagnostic, Edit, Severity};
use crate::model::{HIDDEN, UnitModel};
use crate::text::{Position, SourceText, Span};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use human::ColorChoice;

/// The output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A code frame per finding, coloured on a terminal.
    Human,
    /// One `path:line:col: severity[code] message` line per finding.
    Concise,
    /// kafkalint's JSON: tool, files, diagnostics and summary.
    Json,
    /// SARIF 2.1.0, as GitHub code scanning reads it.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// JUnit XML: one test suite per file.
    Junit,
}

/// One linted file: what the reporters need to place and show diagnostics.
pub struct FileReport {
    pub path: String,
    pub role: Option<Role>,
    pub kafka_version: &'static str,
    pub doc: Arc<SourceText>,
    /// Value spans of secrets: never shown in any output.
    pub secret_spans: Vec<Span>,
}

impl FileReport {
    /// What the reporters keep of a file: its text and the spans of its secrets.
    pub fn from_model(model: &UnitModel) -> FileReport {
        FileReport {
            path: model.path.clone(),
            role: model.role(),
            kafka_version: model.catalog.version(),
            secret_spans: model.secret_spans(),
            doc: Arc::clone(&model.file().text),
        }
    }

    /// A file in which its carrier found nothing to lint.
    pub fn empty(path: &str) -> FileReport {
        FileReport {
            path: path.to_string(),
            role: None,
            kafka_version: crate::catalog::default_selection().catalog,
            secret_spans: Vec::new(),
            doc: Arc::new(SourceText::new(Vec::new(), crate::text::Encoding::Latin1)),
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
    /// The documentation of rules loaded from the user's rule files, for formats
    /// that describe every rule they report (SARIF).
    pub user_rules: Vec<RuleDoc>,
}

/// A user rule as reporters describe it.
#[derive(Clone, Debug)]
pub struct RuleDoc {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: String,
    pub doc: String,
    pub severity: Severity,
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
            user_rules: Vec::new(),
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
        Format::Sarif => sarif::render(run),
        Format::Github => github::render(run),
        Format::Gitlab => gitlab::render(run),
        Format::Junit => junit::render(run),
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

/// Where a span of `path` starts and ends (the end is the position just after its
/// last character); 1:1 for a file the run does not know.
pub(crate) fn place(run: &Run, path: &str, span: Span) -> (Position, Position) {
    match run.file(path) {
        Some(f) => (f.position(span.start), f.position(span.end.max(span.start))),
        None => {
            let at = |offset| Position {
                line: 1,
                column: 1,
                offset,
            };
            (at(span.start), at(span.end.max(span.start)))
        }
    }
}

/// The text an edit inserts, as it may be shown: `[hidden]` when the edit
/// touches a secret value, so that no output ever prints one.
pub(crate) fn shown_replacement(run: &Run, edit: &Edit) -> String {
    let secret = run
        .file(&edit.path)
        .is_some_and(|f| f.touches_secret(edit.span));
    if secret && !edit.replacement.is_empty() {
        HIDDEN.to_string()
    } else {
        edit.replacement.clone()
    }
}

/// A path as CI systems expect it: `/` separators, no leading `./`.
pub(crate) fn ci_path(path: &str) -> String {
    // Code scanning and annotations resolve paths against the repository root,
    // wherever in the checkout kafkalint runs.
    let mut p = path.replace('\\', "/");
    if let Some((root, cwd)) = repository_root()
        && let Ok(relative) = normalize(&cwd.join(&p)).strip_prefix(root)
    {
        return relative.to_string_lossy().into_owned();
    }
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.trim_start_matches('/').to_string();
    }
    p
}

/// The nearest directory upwards from the working directory that holds `.git`,
/// and the working directory itself; None outside a git checkout.
fn repository_root() -> Option<(&'static Path, &'static Path)> {
    static ROOT: std::sync::OnceLock<Option<(PathBuf, PathBuf)>> = std::sync::OnceLock::new();
    let found = ROOT.get_or_init(|| {
        let cwd = std::env::current_dir().ok()?;
        let root = cwd
            .ancestors()
            .find(|d| d.join(".git").exists())?
            .to_path_buf();
        Some((root, cwd))
    });
    found
        .as_ref()
        .map(|(root, cwd)| (root.as_path(), cwd.as_path()))
}

/// `a/./b/../c` as `a/c`, without touching the filesystem.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Where [`pretty_json_with_array`] puts the array.
pub(crate) const ARRAY_HOLE: &str = "\u{0}array";

/// `envelope` pretty-printed, its `ARRAY_HOLE` string value replaced by the
/// array of `items`, printed exactly as `serde_json::to_string_pretty` would
/// print it in place. One item's tree lives at a time: a file with hundreds of
/// thousands of findings would otherwise hold them all as `Value`s, some 20 KB
/// each, before a byte is written.
pub(crate) fn pretty_json_with_array(
    envelope: &serde_json::Value,
    items: impl Iterator<Item = serde_json::Value>,
) -> String {
    let text = serde_json::to_string_pretty(envelope).unwrap_or_default();
    let hole = serde_json::to_string(ARRAY_HOLE).unwrap_or_default();
    let Some(at) = text.find(&hole) else {
        return text + "\n";
    };
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = text[line_start..at].len() - text[line_start..at].trim_start().len();
    let inner = " ".repeat(indent + 2);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..at]);
    let mut empty = true;
    for item in items {
        out.push_str(if empty { "[\n" } else { ",\n" });
        empty = false;
        let item = serde_json::to_string_pretty(&item).unwrap_or_default();
        for (n, line) in item.lines().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            out.push_str(&inner);
            out.push_str(line);
        }
    }
    if empty {
        out.push_str("[]");
    } else {
        out.push('\n');
        out.push_str(&inner[2..]);
        out.push(']');
    }
    out.push_str(&text[at + hole.len()..]);
    out.push('\n');
    out
}

/// A stable identity per finding, for CI systems that track findings across
/// runs: FNV-1a 64 of code, path, key and the finding's occurrence among those
/// with the same code, path and key. Line numbers are left out on purpose, so that
/// editing other lines of a file does not make a finding look new.
pub(crate) fn fingerprints(run: &Run) -> Vec<String> {
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    run.diagnostics
        .iter()
        .map(|d| {
            let key = d.key.as_deref().unwrap_or("");
            let path = d.path.as_str();
            let occurrence = seen.entry((d.code, path, key)).or_insert(0);
            let identity = [d.code, &ci_path(path), key, &occurrence.to_string()].join("\0");
            let hash = fnv1a64(identity.as_bytes());
            *occurrence += 1;
            format!("{hash:016x}")
        })
        .collect()
}

/// The 64-bit FNV-1a hash of `bytes`.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn ci_paths_use_slashes_without_a_leading_dot() {
        assert_eq!(
            ci_path("./samples/bad/x.properties"),
            "samples/bad/x.properties"
        );
        assert_eq!(
            ci_path(".\\conf\\producer.properties"),
            "conf/producer.properties"
        );
        assert_eq!(ci_path("conf/a.properties"), "conf/a.properties");
        assert_eq!(ci_path("../conf/a.properties"), "../conf/a.properties");
    }
}
