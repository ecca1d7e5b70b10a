//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice`
//! line per finding, which the runner turns into an annotation on the file and
//! line of the pull request.
//!
//! ```text
//! ::error file=PATH,line=L,endLine=L2,col=C,endColumn=C2,title=CODE NAME::MESSAGE
//! ```
//!
//! Escaped as `@actions/core` does (`toolkit/packages/core/src/command.ts`): in the
//! message `%`, `\r` and `\n`; in property values also `:` and `,`.

use super::{Emitter, Findings, ci_path, place};
use crate::diagnostics::Severity;
use std::io::{self, Write};

/// Writes each file's commands as it comes.
pub struct Github;

impl Emitter for Github {
    fn file(&mut self, out: &mut dyn Write, findings: Findings<'_>) -> io::Result<()> {
        for d in findings.diagnostics {
            let (start, end) = place(&findings, &d.path, d.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = d.message.to_string();
            if let Some(help) = d.help() {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                out,
                "::{command} file={},line={},endLine={},col={},endColumn={},title={}::{}",
                escape_property(&ci_path(&d.path)),
                start.line,
                end.line,
                start.column,
                end.column,
                escape_property(&format!("{} {}", d.code(), d.name())),
                escape_data(&message),
            )?;
        }
        Ok(())
    }
}

/// The message of a workflow command: `%`, `\r` and `\n` escaped, and other
/// control characters, which the log would pass to a terminal.
fn escape_data(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '\r' | '\n' => c.to_string(),
            c if c.is_control() => super::visible(&c.to_string()).into_owned(),
            c => c.to_string(),
        })
        .collect();
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a workflow command: also `:` and `,`, which end it.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;
    use crate::report::{Format, Run, written};
    use crate::text::Span;

    #[test]
    fn messages_escape_percent_and_line_breaks_only() {
        assert_eq!(
            escape_data("100% sure:\r\nline two, a,b"),
            "100%25 sure:%0D%0Aline two, a,b"
        );
        // `%` first, so that the escapes themselves are not escaped again.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn properties_also_escape_colons_and_commas() {
        assert_eq!(escape_property("C:\\a,b%c\nd"), "C%3A\\a%2Cb%25c%0Ad");
    }

    #[test]
    fn a_crafted_finding_renders_one_escaped_command() {
        let d = Diagnostic::new(
            "K203",
            "invalid-value",
            Severity::Info,
            "./conf/odd,name:1.properties",
            Span::new(0, 0),
            "50% of `a,b`: bad\nreally".to_string(),
        )
        .with_help("try\r\nagain");
        let run = Run::new(Vec::new(), vec![d]);
        assert_eq!(
            written(Format::Github, &run),
            "::notice file=conf/odd%2Cname%3A1.properties,line=1,endLine=1,col=1,endColumn=1,\
             title=K203 invalid-value::50%25 of `a,b`: bad%0Areally%0Ahelp: try%0D%0Aagain\n"
        );
    }
}
