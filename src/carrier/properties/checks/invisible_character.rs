use super::Entry;
use super::{Context, PropertiesCheck};
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::text::{Chars, Span};

pub struct InvisibleCharacter;

static META: CheckMeta = CheckMeta {
    code: "K004",
    name: "invisible-character",
    severity: Severity::Warning,
    summary: "A non-breaking space or zero-width character in a key or value",
    versions: "all",
    fix: FixAvailability::Always,
    refusal: false,
    doc: r#"## What it does
Finds invisible or look-alike characters in keys and values: the non-breaking space
(U+00A0), zero-width spaces and joiners (U+200B to U+200D, U+2060, U+FEFF), other
Unicode spaces and the soft hyphen.

## Why is this bad?
They come from copying settings out of web pages, chat and word processors. Java
does not treat them as whitespace and `String.trim()` does not remove them, so
`acks=all<NBSP>` is not `all` and the producer fails to start, and a key with a
zero-width space is an unknown key that Kafka silently ignores. They are invisible
in most editors, which makes them very hard to find by eye.

## Example
```properties
acks=all 
```
(the character after `all` is U+00A0, not a space)

## Fix
Remove zero-width characters and replace Unicode spaces with a plain space (which
Kafka then trims where it trims values). The fix does this.
"#,
};

impl PropertiesCheck for InvisibleCharacter {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for entry in ctx.entries() {
            for span in [entry.key_span, entry.value_span] {
                if let Some(d) = check_span(ctx, &entry, span) {
                    out.push(d);
                }
            }
        }
    }
}

/// The replacement for an invisible character, and its name, or None.
pub(crate) fn invisible(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        '\u{a0}' => (" ", "non-breaking space U+00A0"),
        '\u{ad}' => ("", "soft hyphen U+00AD"),
        '\u{200b}' => ("", "zero-width space U+200B"),
        '\u{200c}' => ("", "zero-width non-joiner U+200C"),
        '\u{200d}' => ("", "zero-width joiner U+200D"),
        '\u{2060}' => ("", "word joiner U+2060"),
        '\u{feff}' => ("", "zero-width no-break space U+FEFF"),
        '\u{202f}' => (" ", "narrow no-break space U+202F"),
        '\u{2000}'..='\u{200a}' | '\u{205f}' | '\u{3000}' => (" ", "Unicode space"),
        _ => return None,
    })
}

/// Characters as the author wrote them: a latin1 file whose bytes are UTF-8 is
/// read as UTF-8 here, so a UTF-8 NBSP is recognised as one.
fn intended_chars(ctx: &Context, span: Span) -> Vec<(char, Span)> {
    let bytes = &ctx.bytes();
    let encoding = match std::str::from_utf8(&bytes[span.start..span.end]) {
        Ok(_) => crate::text::Encoding::Utf8,
        Err(_) => ctx.encoding(),
    };
    Chars::new(bytes, span, encoding)
        .map(|c| (c.ch, Span::new(c.start, c.end)))
        .collect()
}

/// The text as the author meant it, with invisible characters made visible.
fn revealed(chars: &[(char, Span)]) -> String {
    chars
        .iter()
        .map(|(c, _)| match invisible(*c) {
            Some(_) => format!("\\u{:04x}", u32::from(*c)),
            None => c.to_string(),
        })
        .collect()
}

fn check_span(ctx: &Context, entry: &Entry, span: Span) -> Option<Diagnostic> {
    // Every invisible character is outside ASCII: most spans end here, cheaply.
    if ctx
        .bytes()
        .get(span.start..span.end)
        .is_none_or(|b| b.is_ascii())
    {
        return None;
    }
    let chars = intended_chars(ctx, span);
    let mut found = chars
        .iter()
        .copied()
        // The byte-order mark at the start of the file has its own check.
        .filter(|(_, s)| !(s.start == 0 && ctx.has_bom()))
        .filter_map(|(c, s)| invisible(c).map(|(rep, name)| (s, rep, name)));
    let (first, replacement, name) = found.next()?;
    let in_key = span == entry.key_span;
    let place = if in_key { "key" } else { "value of" };
    // A space would split a key in two, so in keys the character is removed.
    let replacement = if in_key { "" } else { replacement };
    Some(
        ctx.diagnostic(
            &META,
            first,
            format!(
                "invisible {name} in the {place} `{}`: Kafka does not treat it as whitespace",
                if in_key {
                    revealed(&chars)
                } else {
                    entry.key.clone()
                }
            ),
        )
        .with_key(&entry.key)
        .with_edit(
            if replacement.is_empty() {
                "remove it"
            } else {
                "replace it with a plain space"
            },
            Applicability::Safe,
            first,
            replacement,
        ),
    )
}
