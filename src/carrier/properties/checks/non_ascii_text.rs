use super::Entry;
use super::{Context, PropertiesCheck, overlapping};
use crate::carrier::properties::{Part, UnitKind};
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Fix, Severity};
use crate::text::{Encoding, Span};

pub struct NonAsciiText;

static META: CheckMeta = CheckMeta {
    code: "K003",
    name: "non-ascii-text",
    severity: Severity::Warning,
    summary: "Non-ASCII bytes in a key or value of a file that Kafka reads as ISO-8859-1",
    versions: "all",
    fix: FixAvailability::Sometimes,
    refusal: false,
    doc: r#"## What it does
Finds bytes above 127 in keys and values, in files read as ISO-8859-1 (the default,
because that is how Kafka reads them).

## Why is this bad?
Kafka loads configuration files with `Properties.load(InputStream)`, which decodes
every byte as ISO-8859-1. A file saved as UTF-8 therefore reaches Kafka garbled:
`é` (bytes `C3 A9`) arrives as `Ã©`. A password, a principal name or a topic with
such characters silently differs from what the author typed. Even genuine
ISO-8859-1 bytes are fragile: the next editor may save them as UTF-8.

## Example
```properties
sasl.kerberos.service.name=kafka-é
```

## Fix
Write non-ASCII characters as `\uXXXX` escapes, which every reader decodes the
same way. The fix rewrites them so. When the bytes were UTF-8, the fix changes what
Kafka sees (to what the author meant), so it is marked unsafe; for ISO-8859-1 bytes
Kafka sees the same characters before and after, and the fix is safe. A backslash
that escapes a non-ASCII byte (`\<DC>`, which Java reads as `Ü`) is rewritten with
it, or it would escape the new escape. No fix is offered next to a malformed `\u`
escape that took a backslash for a digit.
"#,
};

impl PropertiesCheck for NonAsciiText {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if ctx.encoding() != Encoding::Latin1 {
            return;
        }
        for entry in ctx.entries() {
            for part in [Part::Key, Part::Value] {
                if let Some(d) = check_span(ctx, &entry, part) {
                    out.push(d);
                }
            }
        }
    }
}

/// Runs of bytes above 127 and the characters the author most likely meant.
fn non_ascii_runs(bytes: &[u8], span: Span) -> Vec<(Span, String, bool)> {
    let mut runs = Vec::new();
    // Most keys and values are ASCII: answered a word at a time.
    if bytes.get(span.start..span.end).is_none_or(<[u8]>::is_ascii) {
        return runs;
    }
    let mut i = span.start;
    // The byte-order mark has its own check.
    if i == 0 && bytes.starts_with(b"\xEF\xBB\xBF") {
        i = 3;
    }
    while i < span.end {
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        let start = i;
        while i < span.end && bytes[i] >= 0x80 {
            i += 1;
        }
        let run = &bytes[start..i];
        let (meant, utf8) = match std::str::from_utf8(run) {
            Ok(text) => (text.to_string(), true),
            Err(_) => (
                run.iter().map(|&b| char::from(b)).collect::<String>(),
                false,
            ),
        };
        // Invisible characters have their own check, which removes them.
        if meant
            .chars()
            .all(|c| super::invisible_character::invisible(c).is_some())
        {
            continue;
        }
        runs.push((Span::new(start, i), meant, utf8));
    }
    runs
}

fn check_span(ctx: &Context, entry: &Entry, part: Part) -> Option<Diagnostic> {
    let is_key = part == Part::Key;
    let span = part.span(entry);
    let runs = non_ascii_runs(ctx.bytes(), span);
    let (first_span, meant, utf8) = runs.first()?.clone();
    let secret = !is_key && entry.value().is_secret();
    let what = if is_key { "key" } else { "value of" };
    let message = if utf8 {
        let seen = ctx.slice(first_span);
        if secret {
            format!(
                "the {what} `{}` contains UTF-8 text, which Kafka reads as ISO-8859-1 and so sees garbled",
                entry.key()
            )
        } else {
            format!(
                "`{meant}` in the {what} `{}` is UTF-8, but Kafka reads ISO-8859-1 and sees `{seen}`",
                entry.key()
            )
        }
    } else {
        format!(
            "the {what} `{}` contains non-ASCII ISO-8859-1 bytes, which editors easily garble",
            entry.key()
        )
    };
    let applicability = if runs.iter().any(|r| r.2) {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let d = ctx
        .diagnostic(&META, first_span, message)
        .with_key(entry.key())
        .with_help("write non-ASCII characters as `\\uXXXX` escapes");
    // Each run replaces the characters Java reads from its bytes (with the
    // backslash that escapes the first one, if any), written anew.
    let units = ctx.units(entry, part);
    let changes: Option<Vec<_>> = runs
        .iter()
        .map(|(s, meant, _)| {
            let range = overlapping(&units, *s)?;
            units[range.clone()]
                .iter()
                .all(|u| matches!(u.kind, UnitKind::Plain | UnitKind::Escape))
                .then(|| (range, meant.clone()))
        })
        .collect();
    let Some(mut edits) = changes.and_then(|c| ctx.rewrite(entry, part, &c)) else {
        return Some(d);
    };
    for edit in &mut edits {
        edit.replacement = edit
            .replacement
            .chars()
            .map(|c| match c.is_ascii() {
                true => c.to_string(),
                false => unicode_escapes(c.encode_utf8(&mut [0; 4])),
            })
            .collect();
    }
    Some(d.with_fix(Fix {
        message: "rewrite as \\uXXXX escapes".into(),
        applicability,
        edits,
        isolated: false,
    }))
}

/// `\uXXXX` escapes for every UTF-16 unit of `text`.
pub(crate) fn unicode_escapes(text: &str) -> String {
    text.encode_utf16().map(|u| format!("\\u{u:04x}")).collect()
}
