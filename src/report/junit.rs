//! JUnit XML, which CI systems (GitLab, Jenkins, Azure Pipelines, CircleCI)
//! show as test results: a `<testsuite>` per linted file, a `<testcase>` with a
//! `<failure>` per finding, and one passing `<testcase>` for a file without any.

use super::{Run, ci_path, place};
use std::fmt::Write;

pub fn render(run: &Run) -> String {
    // Files in the run's order, then any other file a finding is in.
    let mut paths: Vec<&str> = run.files.iter().map(|f| f.path.as_str()).collect();
    for d in &run.diagnostics {
        if !paths.contains(&d.path.as_str()) {
            paths.push(&d.path);
        }
    }
    let failures = run.diagnostics.len();
    let passing = paths
        .iter()
        .filter(|p| !run.diagnostics.iter().any(|d| d.path == **p))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"kafkalint\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        failures + passing
    );
    for path in paths {
        let name = attribute(&ci_path(path));
        let found: Vec<_> = run.diagnostics.iter().filter(|d| d.path == path).collect();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            found.len().max(1),
            found.len()
        );
        if found.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"no findings\" classname=\"{name}\" file=\"{name}\"/>"
            );
        }
        for d in found {
            let (start, _) = place(run, &d.path, d.span);
            let mut body = format!(
                "{} {}({}) at {}:{}:{}\n{}",
                d.severity,
                d.code,
                d.name,
                ci_path(&d.path),
                start.line,
                start.column,
                d.message
            );
            if let Some(help) = &d.help {
                let _ = write!(body, "\nhelp: {help}");
            }
            if let Some(fix) = &d.fix {
                let _ = write!(body, "\nfix: {}", fix.message);
            }
            let _ = writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"{name}\" file=\"{name}\" line=\"{}\">",
                attribute(&format!(
                    "{} {} at {}:{}",
                    d.code, d.name, start.line, start.column
                )),
                start.line
            );
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                attribute(d.code),
                attribute(&d.message),
                text(&body)
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
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
    use crate::diagnostics::{Diagnostic, Severity};
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
        let out = render(&Run::new(Vec::new(), vec![d]));
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
