//! JUnit XML, which CI systems (GitLab, Jenkins, Azure Pipelines, CircleCI)
//! show as test results: a `<testsuite>` per linted file, a `<testcase>` with a
//! `<failure>` per finding, and one passing `<testcase>` for a file without any.

use super::{Emitter, Findings, ci_path, place};
use crate::diagnostics::Diagnostic;
use std::io::{self, Write};

/// Keeps the suites until the end: the `<testsuites>` element that opens the
/// document counts every test and failure.
#[derive(Default)]
pub struct Junit {
    suites: Vec<u8>,
    tests: usize,
    failures: usize,
}

impl Emitter for Junit {
    fn file(&mut self, _out: &mut dyn Write, findings: Findings<'_>) -> io::Result<()> {
        // A file without findings is one passing test.
        self.tests += findings.diagnostics.len().max(1);
        self.failures += findings.diagnostics.len();
        write_suite(&mut self.suites, &findings)
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        writeln!(
            out,
            "<testsuites name=\"kafkalint\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            self.tests, self.failures
        )?;
        out.write_all(&self.suites)?;
        out.write_all(b"</testsuites>\n")
    }
}

/// The `<testsuite>` of one file.
fn write_suite(out: &mut dyn Write, findings: &Findings) -> io::Result<()> {
    let diagnostics = findings.diagnostics;
    let name = attribute(&ci_path(findings.path));
    writeln!(
        out,
        "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
        diagnostics.len().max(1),
        diagnostics.len()
    )?;
    if diagnostics.is_empty() {
        writeln!(
            out,
            "    <testcase name=\"no findings\" classname=\"{name}\" file=\"{name}\"/>"
        )?;
    }
    for d in diagnostics {
        write_testcase(out, findings, &name, d)?;
    }
    out.write_all(b"  </testsuite>\n")
}

/// The failing `<testcase>` of one finding, in the suite named `name`.
fn write_testcase(
    out: &mut dyn Write,
    findings: &Findings,
    name: &str,
    d: &Diagnostic,
) -> io::Result<()> {
    let (start, _) = place(findings, &d.path, d.span);
    let mut body = format!(
        "{} {}({}) at {}:{}:{}\n{}",
        d.severity,
        d.code(),
        d.name(),
        super::visible(&ci_path(&d.path)),
        start.line,
        start.column,
        super::one_line(&d.message)
    );
    if let Some(help) = d.help() {
        body.push_str("\nhelp: ");
        body.push_str(help);
    }
    if let Some(fix) = &d.fix {
        body.push_str("\nfix: ");
        body.push_str(&fix.message);
    }
    writeln!(
        out,
        "    <testcase name=\"{}\" classname=\"{name}\" file=\"{name}\" line=\"{}\">",
        attribute(&format!(
            "{} {} at {}:{}",
            d.code(),
            d.name(),
            start.line,
            start.column
        )),
        start.line
    )?;
    writeln!(
        out,
        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
        attribute(d.code()),
        attribute(&d.message),
        text(&body)
    )?;
    out.write_all(b"    </testcase>\n")
}

/// A character XML 1.0 can hold; anything else becomes U+FFFD.
fn allowed(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
        _ => c,
    }
}

/// Element content.
fn text(s: &str) -> String {
    escape(s, false)
}

/// An attribute value in double quotes; line breaks and tabs as character
/// references, since a parser would turn them into spaces.
fn attribute(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(allowed) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\'' if in_attribute => out.push_str("&apos;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::report::{Format, Run, written};
    use crate::text::Span;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            attribute("a<b>&\"c\"'\n\t\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;&#10;&#9;\u{fffd}"
        );
        assert_eq!(
            text("]]> & <x/>\r\n\u{0}"),
            "]]&gt; &amp; &lt;x/&gt;&#13;\n\u{fffd}"
        );
    }

    #[test]
    fn a_finding_is_a_failing_testcase() {
        let d = Diagnostic::new(
            "K203",
            "invalid-value",
            Severity::Error,
            "./a&b.properties",
            Span::new(0, 1),
            "`acks=<ALL>` is \"wrong\"".to_string(),
        );
        let out = written(Format::Junit, &Run::new(Vec::new(), vec![d]));
        assert!(
            out.contains("<testsuite name=\"a&amp;b.properties\" tests=\"1\" failures=\"1\""),
            "{out}"
        );
        assert!(
            out.contains("message=\"`acks=&lt;ALL&gt;` is &quot;wrong&quot;\""),
            "{out}"
        );
    }
}
