//! Emitters: each output format writes the same diagnostics, file by file, to
//! any `Write` as the files arrive (after the reporters of the `typos` crate).

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;
mod statistics;

use crate::catalog::Role;
use crate::diagnostics::{self, Diagnostic, Edit, Severity};
use crate::model::{HIDDEN, UnitModel};
use crate::text::{Position, SourceText, Span};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use human::ColorChoice;
pub use statistics::write_statistics;

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
    /// The carrier that read it, when not `.properties` (whose output stays
    /// as it was before carriers).
    pub carrier: Option<&'static str>,
    /// Its units, when its carrier names them.
    pub units: Vec<UnitReport>,
}

/// One unit of a file, as `files[].units` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitReport {
    pub unit: String,
    pub role: Option<Role>,
    pub kafka_version: &'static str,
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
            carrier: None,
            units: Vec::new(),
        }
    }

    /// A file of a carrier other than `.properties`, with its units.
    pub fn from_units(carrier: &'static str, path: &str, units: &[UnitModel]) -> FileReport {
        let mut report = match units.first() {
            Some(first) => FileReport::from_model(first),
            None => FileReport::empty(path),
        };
        report.carrier = Some(carrier);
        report.units = units
            .iter()
            .filter_map(|u| {
                Some(UnitReport {
                    unit: u.label()?.to_string(),
                    role: u.role(),
                    kafka_version: u.catalog.version(),
                })
            })
            .collect();
        report
    }

    /// Lets go of the file's text when no finding will quote it: a tree's
    /// clean files then hold only their name until the report. A broker
    /// file keeps it: its clients' findings point into it.
    pub fn drop_text_if_clean(&mut self, diagnostics: &[Diagnostic]) {
        if diagnostics.is_empty() && self.role.is_some_and(|r| r != Role::Broker) {
            let encoding = self.doc.encoding;
            self.doc = Arc::new(SourceText::new(Vec::new(), encoding));
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
            carrier: None,
            units: Vec::new(),
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

/// A code as reporters describe it (SARIF's rule descriptors).
#[derive(Clone, Debug)]
pub struct RuleDoc {
    pub code: String,
    pub name: String,
    pub summary: String,
    pub doc: String,
    pub severity: Severity,
    /// Its documentation page, for built-in codes.
    pub url: Option<String>,
}

/// Where reporters look a code's documentation up: the code registry, for the
/// command line; nothing, for runs built by hand.
pub type RuleDocs<'a> = Box<dyn Fn(&str) -> Option<RuleDoc> + 'a>;

/// Documentation for no code: every code is described from its first finding.
pub fn no_docs() -> RuleDocs<'static> {
    Box::new(|_| None)
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
    /// Of `fixable`, those whose fix only `--unsafe-fixes` applies.
    pub unsafe_fixable: usize,
}

impl Run {
    /// A run of `files`, in output order, and their `diagnostics`, sorted here by
    /// [`diagnostics::sort`] so that each file's findings stand together.
    pub fn new(files: Vec<FileReport>, mut diagnostics: Vec<Diagnostic>) -> Run {
        diagnostics::sort(&mut diagnostics);
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

    /// The diagnostics of `path`: a slice, since they are sorted by path.
    fn diagnostics_of(&self, path: &str) -> &[Diagnostic] {
        // Sorted as `diagnostics::sort` sorts.
        let start = self
            .diagnostics
            .partition_point(|d| diagnostics::path_order(&d.path, path).is_lt());
        let len = self.diagnostics[start..].partition_point(|d| *d.path == *path);
        &self.diagnostics[start..start + len]
    }

    /// The diagnostics in files that were not linted, with their path, a slice
    /// per file: only runs built by hand have them.
    fn unlinted(&self) -> impl Iterator<Item = (&str, &[Diagnostic])> {
        self.diagnostics
            .chunk_by(|a, b| a.path == b.path)
            .map(|chunk| (&*chunk[0].path, chunk))
            .filter(|(path, _)| !self.by_path.contains_key(*path))
    }

    /// The files that diagnostics point into besides the linted file they are
    /// emitted with: the `--broker` file, and any linted file that another
    /// file's related locations or edits reach.
    fn context_files(&self) -> Vec<&FileReport> {
        let mut paths: Vec<&str> = Vec::new();
        for d in &self.diagnostics {
            // A linted file comes with its own diagnostics; a file that was not
            // linted is context even to its own.
            let emitted_with = self.by_path.contains_key(&*d.path).then_some(&*d.path);
            let related = d.related().iter().map(|r| &*r.path);
            let edited = d.fix.iter().flat_map(|f| f.edits.iter().map(|e| &*e.path));
            let pointed = std::iter::once(&*d.path).chain(related).chain(edited);
            paths.extend(pointed.filter(|p| Some(*p) != emitted_with));
        }
        paths.sort_unstable();
        paths.dedup();
        paths.into_iter().filter_map(|p| self.file(p)).collect()
    }
}

/// One file's diagnostics, as an [`Emitter`] is given them, and the files they
/// point into.
#[derive(Clone, Copy)]
pub struct Findings<'a> {
    /// The path of the diagnostics.
    pub path: &'a str,
    /// That file, when it was linted; None for diagnostics in a file that was not
    /// (runs built by hand), which no format counts as a file.
    pub linted: Option<&'a FileReport>,
    /// Sorted by [`diagnostics::sort`]; empty for a clean file.
    pub diagnostics: &'a [Diagnostic],
    /// Files that diagnostics only point into, such as the `--broker` file.
    pub context: &'a [&'a FileReport],
}

impl<'a> Findings<'a> {
    /// The `diagnostics` of the linted `file`, which may point into `context`.
    pub fn of(
        file: &'a FileReport,
        diagnostics: &'a [Diagnostic],
        context: &'a [&'a FileReport],
    ) -> Findings<'a> {
        Findings {
            path: &file.path,
            linted: Some(file),
            diagnostics,
            context,
        }
    }

    /// The file at `path`, to place spans in and to find secrets in; None for a
    /// file the run does not know.
    pub fn file(&self, path: &str) -> Option<&'a FileReport> {
        match self.linted {
            Some(f) if f.path == path => Some(f),
            _ => self.context.iter().copied().find(|f| f.path == path),
        }
    }
}

impl Summary {
    /// Counts one file's diagnostics, and the file when it was linted.
    pub fn add(&mut self, findings: &Findings) {
        let diagnostics = findings.diagnostics;
        let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
        self.files += usize::from(findings.linted.is_some());
        self.errors += count(Severity::Error);
        self.warnings += count(Severity::Warning);
        self.infos += count(Severity::Info);
        self.fixable += diagnostics.iter().filter(|d| d.fix.is_some()).count();
        self.unsafe_fixable += diagnostics
            .iter()
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == crate::diagnostics::Applicability::Unsafe)
            })
            .count();
    }
}

/// An output format. It is given the files one at a time, in output order, and
/// writes to `out` as soon as its layout lets it: a format whose header counts
/// every finding keeps what it must until [`Emitter::end`].
pub trait Emitter {
    /// Before the first file.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Whether the format wants to see every file's findings before `begin`
    /// (SARIF lists the rules of the whole run before its results).
    fn wants_preview(&self) -> bool {
        false
    }

    /// One file's findings, before `begin`, when [`Emitter::wants_preview`];
    /// each is given again to `file`.
    fn preview(&mut self, _findings: &Findings<'_>) {}

    /// One file's findings. Called once per file, clean files included.
    fn file(&mut self, out: &mut dyn Write, findings: Findings<'_>) -> io::Result<()>;

    /// After the last file.
    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// How the text formats look.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: ColorChoice,
    /// The human format's closing summary line (off for `--quiet`).
    pub summary: bool,
}

impl Style {
    /// No colour, with the summary: what tests and files want.
    pub const PLAIN: Style = Style {
        color: ColorChoice::Never,
        summary: true,
    };
}

/// The emitter of `format`. `docs` documents codes, for SARIF's rule descriptors.
pub fn emitter<'a>(format: Format, style: &Style, docs: RuleDocs<'a>) -> Box<dyn Emitter + 'a> {
    match format {
        Format::Human => Box::new(human::Human::new(style.color, style.summary)),
        Format::Concise => Box::new(concise::Concise {
            color: style.color == ColorChoice::Always,
        }),
        Format::Json => Box::new(json::Json::default()),
        Format::Sarif => Box::new(sarif::Sarif::new(docs)),
        Format::Github => Box::new(github::Github),
        Format::Gitlab => Box::new(gitlab::Gitlab::default()),
        Format::Junit => Box::new(junit::Junit::default()),
    }
}

/// Writes a finished `run` in `format`: each linted file in the run's order
/// with its diagnostics, then the diagnostics in files that were not linted.
pub fn write_run(
    format: Format,
    run: &Run,
    style: &Style,
    docs: RuleDocs<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut emitter = emitter(format, style, docs);
    let context = run.context_files();
    if emitter.wants_preview() {
        each_file(run, &context, |findings| {
            emitter.preview(&findings);
            Ok(())
        })?;
    }
    emitter.begin(out)?;
    each_file(run, &context, |findings| emitter.file(out, findings))?;
    emitter.end(out)
}

/// A run written as its files come, in the run's order: each file's findings
/// are written (or kept in the form its format needs until the end) and let
/// go, so that a tree's reports and findings are never all in memory.
/// [`write_run`] writes the same bytes for the same files.
pub struct Streamed<'a> {
    emitter: Box<dyn Emitter + 'a>,
    /// Files that findings only point into (the `--broker` file).
    context: Vec<FileReport>,
    /// Findings whose path is not the file that found them: written after the
    /// last file, as `write_run` writes the findings of files not linted.
    elsewhere: Vec<Diagnostic>,
}

impl<'a> Streamed<'a> {
    /// Begins a run in `format`; `context` holds the files that findings point
    /// into without being linted. A format that wants a preview (SARIF) gets
    /// none, and keeps what it writes until the end.
    pub fn begin(
        format: Format,
        style: &Style,
        docs: RuleDocs<'a>,
        context: Vec<FileReport>,
        out: &mut dyn Write,
    ) -> io::Result<Streamed<'a>> {
        let mut emitter = emitter(format, style, docs);
        emitter.begin(out)?;
        Ok(Streamed {
            emitter,
            context,
            elsewhere: Vec::new(),
        })
    }

    /// Whether `format` writes file by file, keeping nothing of a file once
    /// written (SARIF keeps its results for the end).
    pub fn streams(format: Format) -> bool {
        !emitter(format, &Style::PLAIN, no_docs()).wants_preview()
    }

    /// A file that findings point into without being linted (an env file),
    /// once per path.
    pub fn add_context(&mut self, file: FileReport) {
        if !self.context.iter().any(|f| f.path == file.path) {
            self.context.push(file);
        }
    }

    /// The next file in the run's order, with its findings.
    pub fn file(
        &mut self,
        out: &mut dyn Write,
        file: &FileReport,
        mut diagnostics: Vec<Diagnostic>,
    ) -> io::Result<()> {
        if diagnostics.iter().any(|d| *d.path != *file.path) {
            let (own, elsewhere) = diagnostics.into_iter().partition(|d| *d.path == *file.path);
            diagnostics = own;
            self.elsewhere.extend::<Vec<Diagnostic>>(elsewhere);
        }
        diagnostics::sort(&mut diagnostics);
        let context: Vec<&FileReport> = self.context.iter().collect();
        self.emitter
            .file(out, Findings::of(file, &diagnostics, &context))
    }

    /// After the last file: the findings in other files, and the format's end.
    pub fn end(mut self, out: &mut dyn Write) -> io::Result<()> {
        diagnostics::sort(&mut self.elsewhere);
        let context: Vec<&FileReport> = self.context.iter().collect();
        for chunk in self.elsewhere.chunk_by(|a, b| a.path == b.path) {
            self.emitter.file(
                out,
                Findings {
                    path: &chunk[0].path,
                    linted: None,
                    diagnostics: chunk,
                    context: &context,
                },
            )?;
        }
        self.emitter.end(out)
    }
}

/// Each linted file of `run` in its order with its findings, then the findings
/// in files that were not linted.
fn each_file<'a>(
    run: &'a Run,
    context: &'a [&'a FileReport],
    mut f: impl FnMut(Findings<'a>) -> io::Result<()>,
) -> io::Result<()> {
    for file in &run.files {
        f(Findings::of(file, run.diagnostics_of(&file.path), context))?;
    }
    for (path, diagnostics) in run.unlinted() {
        f(Findings {
            path,
            linted: None,
            diagnostics,
            context,
        })?;
    }
    Ok(())
}

/// Text as a terminal or a log may show it: control characters (escape
/// sequences, bells, a line break in a file name) are written as escapes
/// (`\u001b`, `\n`), so that no key, value or file name can drive the terminal
/// or forge an output line. Line breaks in messages are the caller's to handle.
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    // C0 controls and DEL are single bytes, C1 controls start with 0xC2: most
    // text has none of those bytes, and is passed on after one byte scan.
    let suspect = |b: &u8| *b < 0x20 || *b == 0x7F || *b == 0xC2;
    if text.as_bytes().iter().any(suspect) && text.chars().any(char::is_control) {
        Cow::Owned(crate::checks::printable(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// A message on one line: line breaks become spaces, other control characters escapes.
pub(crate) fn one_line(message: &str) -> Cow<'_, str> {
    if message
        .as_bytes()
        .iter()
        .any(|b| matches!(b, b'\n' | b'\r'))
    {
        Cow::Owned(visible(&message.replace(['\n', '\r'], " ")).into_owned())
    } else {
        visible(message)
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
pub(crate) fn place(findings: &Findings, path: &str, span: Span) -> (Position, Position) {
    match findings.file(path) {
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
pub(crate) fn shown_replacement(findings: &Findings, edit: &Edit) -> String {
    let secret = findings
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
    // The findings of a file come together and name it several times each:
    // each thread remembers the last path it worked out.
    thread_local! {
        static LAST: std::cell::RefCell<Option<(String, String)>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some((given, shown)) if given == path => shown.clone(),
            _ => {
                let shown = ci_path_of(path);
                *last = Some((path.to_string(), shown.clone()));
                shown
            }
        }
    })
}

fn ci_path_of(path: &str) -> String {
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

/// Where a [`JsonArray`] stands in its envelope.
pub(crate) const ARRAY_HOLE: &str = "\u{0}array";

/// A JSON document whose one array is written item by item, byte for byte as
/// `serde_json::to_string_pretty` would print the whole, followed by a newline.
/// One item's tree lives at a time: a file with hundreds of thousands of
/// findings would otherwise hold them all as `Value`s, some 20 KB each.
#[derive(Default)]
pub(crate) struct JsonArray {
    /// The indentation of the line the array opens on.
    indent: usize,
    items: usize,
    /// What [`JsonArray::open`] wrote, which [`JsonArray::close`] must agree with.
    opening: String,
    /// What follows an array opened by [`JsonArray::close_into`].
    tail: String,
}

impl JsonArray {
    /// Writes `envelope`, pretty-printed, up to the place of its [`ARRAY_HOLE`]
    /// string.
    pub fn open(&mut self, out: &mut dyn Write, envelope: &serde_json::Value) -> io::Result<()> {
        let (text, hole) = around_hole(envelope, ARRAY_HOLE)?;
        self.open_text(out, &text[..hole.start])
    }

    /// Writes `before`, the pretty-printed text up to where the array opens.
    fn open_text(&mut self, out: &mut dyn Write, before: &str) -> io::Result<()> {
        let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
        self.indent = line.len() - line.trim_start().len();
        self.opening = before.to_string();
        out.write_all(before.as_bytes())
    }

    pub fn item(&mut self, out: &mut dyn Write, item: &serde_json::Value) -> io::Result<()> {
        self.item_text(out, &serde_json::to_string_pretty(item)?)
    }

    /// An item already pretty-printed on its own.
    pub fn item_text(&mut self, out: &mut dyn Write, pretty: &str) -> io::Result<()> {
        let inner = " ".repeat(self.indent + 2);
        // Indented whole, then written in one call: `out` may be unbuffered.
        let mut text = String::with_capacity(pretty.len() * 2);
        text.push_str(if self.items == 0 { "[\n" } else { ",\n" });
        for (n, line) in pretty.lines().enumerate() {
            if n > 0 {
                text.push('\n');
            }
            text.push_str(&inner);
            text.push_str(line);
        }
        self.items += 1;
        out.write_all(text.as_bytes())
    }

    /// Ends the array and writes the rest of `envelope`. Members after the array
    /// may be known only now, but what comes before it must print as it did in
    /// [`JsonArray::open`].
    pub fn close(&mut self, out: &mut dyn Write, envelope: &serde_json::Value) -> io::Result<()> {
        let (text, hole) = around_hole(envelope, ARRAY_HOLE)?;
        self.close_text(out, &text[..hole.start])?;
        out.write_all(&text.as_bytes()[hole.end..])?;
        out.write_all(b"\n")
    }

    /// Ends the array and writes the rest of `envelope` up to where a second
    /// array, in place of the string `second`, opens after it: that array then
    /// takes items, and its [`JsonArray::close_last`] ends the document.
    /// (serde_json prints members by name, so a second array that is small
    /// per item, such as JSON's `files`, may follow the large one.)
    pub fn close_into(
        &mut self,
        out: &mut dyn Write,
        envelope: &serde_json::Value,
        second: &str,
    ) -> io::Result<JsonArray> {
        let (text, hole) = around_hole(envelope, ARRAY_HOLE)?;
        self.close_text(out, &text[..hole.start])?;
        let rest = &text[hole.end..];
        let next = around_hole_in(rest, second)?;
        let mut array = JsonArray::default();
        array.open_text(out, &rest[..next.start])?;
        array.tail = rest[next.end..].to_string();
        Ok(array)
    }

    /// Ends an array opened by [`JsonArray::close_into`], and the document.
    pub fn close_last(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.end_items(out)?;
        out.write_all(self.tail.as_bytes())?;
        out.write_all(b"\n")
    }

    /// Ends the array; `before` is what precedes it now, which must be what
    /// preceded it when it opened.
    fn close_text(&mut self, out: &mut dyn Write, before: &str) -> io::Result<()> {
        debug_assert_eq!(
            before, self.opening,
            "the envelope changed before its array"
        );
        self.end_items(out)
    }

    fn end_items(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.items == 0 {
            out.write_all(b"[]")
        } else {
            write!(out, "\n{}]", " ".repeat(self.indent))
        }
    }
}

/// `envelope` pretty-printed, and where its `hole` string stands.
fn around_hole(
    envelope: &serde_json::Value,
    hole: &str,
) -> io::Result<(String, std::ops::Range<usize>)> {
    let text = serde_json::to_string_pretty(envelope)?;
    let range = around_hole_in(&text, hole)?;
    Ok((text, range))
}

/// Where the JSON string `hole` stands in `text`.
fn around_hole_in(text: &str, hole: &str) -> io::Result<std::ops::Range<usize>> {
    let hole = serde_json::to_string(hole)?;
    let start = text
        .find(&hole)
        .ok_or_else(|| io::Error::other("a JSON envelope without its array"))?;
    Ok(start..start + hole.len())
}

/// A stable identity per finding of one file, for CI systems that track
/// findings across runs: FNV-1a 64 of code, path, key and the finding's
/// occurrence among those with the same code, path and key. Line numbers are
/// left out on purpose, so that editing other lines of a file does not make a
/// finding look new.
pub(crate) fn fingerprints(diagnostics: &[Diagnostic]) -> impl Iterator<Item = String> + '_ {
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    diagnostics.iter().map(move |d| {
        let key = d.key.as_deref().unwrap_or("");
        let path = &*d.path;
        let occurrence = seen.entry((d.code(), path, key)).or_insert(0);
        let identity = [d.code(), &ci_path(path), key, &occurrence.to_string()].join("\0");
        let hash = fnv1a64(identity.as_bytes());
        *occurrence += 1;
        format!("{hash:016x}")
    })
}

/// The 64-bit FNV-1a hash of `bytes`.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(PRIME))
}

/// `run` written in `format`, without colour, as text.
#[cfg(test)]
pub(crate) fn written(format: Format, run: &Run) -> String {
    let mut out = Vec::new();
    write_run(format, run, &Style::PLAIN, no_docs(), &mut out).expect("a Vec takes every write");
    String::from_utf8(out).expect("every format writes UTF-8")
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
    fn a_json_array_written_item_by_item_prints_as_the_whole_would() {
        let envelope = |array: serde_json::Value| serde_json::json!({"a": 1, "runs": [{"b": {"c": [1, 2]}, "items": array, "z": "x"}]});
        let item = |n: usize| serde_json::json!({"n": n, "nested": {"list": [n, {"k": "v\nw"}]}});
        for count in [0, 1, 3] {
            let items: Vec<_> = (0..count).map(item).collect();
            let mut out = Vec::new();
            let mut array = JsonArray::default();
            array.open(&mut out, &envelope(ARRAY_HOLE.into())).unwrap();
            for i in &items {
                array.item(&mut out, i).unwrap();
            }
            array.close(&mut out, &envelope(ARRAY_HOLE.into())).unwrap();
            let whole = serde_json::to_string_pretty(&envelope(items.into())).unwrap() + "\n";
            assert_eq!(String::from_utf8(out).unwrap(), whole);
        }
    }

    #[test]
    fn two_json_arrays_written_item_by_item_print_as_the_whole_would() {
        let second = "\u{0}second";
        let envelope = |a: serde_json::Value, b: serde_json::Value, n: usize| serde_json::json!({"a": a, "b": {"c": n}, "d": b, "e": [n]});
        for count in [0, 1, 3] {
            let items: Vec<_> = (0..count).map(|n| serde_json::json!({"n": n})).collect();
            let mut out = Vec::new();
            let mut first = JsonArray::default();
            first
                .open(&mut out, &envelope(ARRAY_HOLE.into(), second.into(), 0))
                .unwrap();
            for i in &items {
                first.item(&mut out, i).unwrap();
            }
            let mut then = first
                .close_into(
                    &mut out,
                    &envelope(ARRAY_HOLE.into(), second.into(), 7),
                    second,
                )
                .unwrap();
            for i in items.iter().rev() {
                then.item(&mut out, i).unwrap();
            }
            then.close_last(&mut out).unwrap();
            let reversed: Vec<_> = items.iter().rev().cloned().collect();
            let whole = envelope(items.into(), reversed.into(), 7);
            let whole = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(String::from_utf8(out).unwrap(), whole);
        }
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
