//! The human format: a miette code frame per finding, coloured on a terminal.
//!
//! miette gets only a window of the file (the lines a finding touches), so a huge
//! file costs nothing, and secret values in that window are replaced by `[hidden]`
//! before it is shown.

use super::{Emitter, FileReport, Findings, Summary, plural};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::HIDDEN;
use crate::text::{Chars, Span};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::io::{self, Write};

/// Whether the human format uses colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Lines longer than this are not shown in a code frame.
const MAX_WINDOW_BYTES: usize = 4096;

/// Writes each finding's code frame as its file comes, and the summary last.
pub struct Human {
    handler: GraphicalReportHandler,
    summary: Summary,
    /// Whether the summary line closes the output.
    closing_line: bool,
}

impl Human {
    pub fn new(color: ColorChoice, closing_line: bool) -> Human {
        let theme = match color {
            ColorChoice::Always => GraphicalTheme::unicode(),
            _ => GraphicalTheme::unicode_nocolor(),
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_context_lines(1);
        Human {
            handler,
            summary: Summary::default(),
            closing_line,
        }
    }
}

impl Emitter for Human {
    fn file(&mut self, out: &mut dyn Write, findings: Findings<'_>) -> io::Result<()> {
        self.summary.add(&findings);
        for d in findings.diagnostics {
            let mut frame = String::new();
            // miette writes to a `fmt::Write`; a frame it fails to finish is
            // shown as far as it got.
            let _ = self
                .handler
                .render_report(&mut frame, &Rendered::new(findings.file(&d.path), d));
            frame.push('\n');
            out.write_all(frame.as_bytes())?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let s = self.summary;
        if !self.closing_line {
            Ok(())
        } else if s.errors + s.warnings + s.infos == 0 {
            writeln!(out, "No problems found in {}.", plural(s.files, "file"))
        } else {
            // Fixes that --fix alone does not apply are named with their flag.
            let unsafe_only = match s.unsafe_fixable {
                0 => String::new(),
                n if n == s.fixable => ", all only with --unsafe-fixes".to_string(),
                n => format!(", {n} of them only with --unsafe-fixes"),
            };
            // Only the severities found: "3 errors and 1 warning", not "and 0 infos".
            let found: Vec<String> = [
                (s.errors, "error"),
                (s.warnings, "warning"),
                (s.infos, "info"),
            ]
            .into_iter()
            .filter(|&(n, _)| n > 0)
            .map(|(n, word)| plural(n, word))
            .collect();
            writeln!(
                out,
                "Found {} in {} ({} with a fix{unsafe_only}).",
                crate::text::prose::list(&found, "and"),
                plural(s.files, "file"),
                s.fixable
            )
        }
    }
}

/// A slice of a file, as shown: secrets masked, offsets remapped.
struct Window {
    name: String,
    text: String,
    first_line: usize,
    /// (file offset, window offset) at every character boundary, ascending.
    anchors: Vec<(usize, usize)>,
}

impl Window {
    fn build(file: &FileReport, spans: &[Span]) -> Option<Window> {
        let doc = &file.doc;
        let first_line = spans.iter().map(|s| doc.lines.line_of(s.start)).min()?;
        let last_line = spans
            .iter()
            .map(|s| doc.lines.line_of(s.end.saturating_sub(1).max(s.start)))
            .max()?;
        let start = doc.lines.line(first_line)?.content.start;
        let end = doc.lines.line(last_line)?.full().end;
        if end - start > MAX_WINDOW_BYTES {
            return None;
        }
        let mut text = String::new();
        let mut anchors = Vec::new();
        let mut hidden_until = 0;
        for c in Chars::new(&doc.bytes, Span::new(start, end), doc.encoding) {
            if c.start < hidden_until {
                continue;
            }
            anchors.push((c.start, text.len()));
            match file
                .secret_spans
                .iter()
                .find(|s| s.start == c.start && !s.is_empty())
            {
                Some(secret) => {
                    text.push_str(HIDDEN);
                    hidden_until = secret.end;
                }
                // Control characters are shown as escapes: a file must not
                // drive the terminal it is shown on.
                None if c.ch.is_control() && !matches!(c.ch, '\n' | '\r' | '\t') => {
                    text.push_str(&super::visible(&c.ch.to_string()))
                }
                None => text.push(c.ch),
            }
        }
        anchors.push((end, text.len()));
        Some(Window {
            name: super::visible(&file.path).into_owned(),
            text,
            first_line,
            anchors,
        })
    }

    fn offset(&self, file_offset: usize) -> usize {
        let i = self.anchors.partition_point(|(o, _)| *o <= file_offset);
        self.anchors.get(i.saturating_sub(1)).map_or(0, |a| a.1)
    }

    fn span(&self, span: Span) -> SourceSpan {
        let start = self.offset(span.start);
        let end = self.offset(span.end).max(start);
        SourceSpan::new(start.into(), end - start)
    }
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// One diagnostic in miette's terms.
struct Rendered {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    window: Option<Window>,
}

impl Rendered {
    fn new(file: Option<&FileReport>, d: &Diagnostic) -> Rendered {
        let mut spans = vec![d.span];
        spans.extend(
            d.related()
                .iter()
                .filter(|r| r.path == d.path)
                .filter_map(|r| r.span),
        );
        let window = file.and_then(|f| Window::build(f, &spans));
        let mut labels = Vec::new();
        let mut help = d.help().map(|h| super::visible(h).into_owned());
        if let Some(w) = &window {
            let primary = d
                .fix
                .as_ref()
                .map(|f| super::one_line(&f.message).into_owned());
            labels.push(LabeledSpan::new_primary_with_span(primary, w.span(d.span)));
            for r in d.related().iter().filter(|r| r.path == d.path) {
                if let Some(s) = r.span {
                    labels.push(LabeledSpan::new_with_span(
                        Some(super::one_line(&r.message).into_owned()),
                        w.span(s),
                    ));
                }
            }
        } else if let Some(f) = file {
            let p = f.position(d.span.start);
            let place = format!("at {}:{}:{}", super::visible(&d.path), p.line, p.column);
            help = Some(help.map_or(place.clone(), |h| format!("{h} ({place})")));
        }
        let severity = match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        };
        Rendered {
            message: super::one_line(&d.message).into_owned(),
            code: header(d),
            severity,
            help,
            labels,
            window,
        }
    }
}

/// The frame's first line: the code and name, and the unit the finding is
/// about in a file of several (`in service kafka-1`), as JSON's `unit` says.
fn header(d: &Diagnostic) -> String {
    let code = format!("{}({})", super::visible(d.code()), super::visible(d.name()));
    match d.unit() {
        Some(unit) => format!("{code} in {}", super::one_line(&super::visible(unit))),
        None => code,
    }
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.window.as_ref().map(|w| w as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.clone().into_iter()))
        }
    }
}
