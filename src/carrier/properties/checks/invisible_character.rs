use super::Entry;
use super::{Context, PropertiesCheck, overlapping};
use crate::carrier::properties::{Part, UnitKind};
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Fix, Severity};
use crate::text::{Chars, Span};

pub struct InvisibleCharacter;

static META: CheckMeta = CheckMeta {
    code: "K004",
    name: "invisible-character",
    severity: Severity::Warning,
    summary: "A non-breaking space or zero-width character in a key or value",
    versions: "all",
    fix: FixAvailability::Sometimes,
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
Kafka then trims where it trims values). The fix does this for every such
character of the key or value at once; in a key, and at the start of a value
(where Java would drop a plain space), it removes them. It writes whole characters
as Java reads them: a backslash that escapes an invisible character goes with it.
It is not offered where the key would read otherwise without them (a key made only
of them, or one whose continuation line would then start with the separator's
whitespace).
"#,
};

impl PropertiesCheck for InvisibleCharacter {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for entry in ctx.entries() {
            for part in [Part::Key, Part::Value] {
                if let Some(d) = check_span(ctx, &entry, part) {
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

fn check_span(ctx: &Context, entry: &Entry, part: Part) -> Option<Diagnostic> {
    let in_key = part == Part::Key;
    let span = part.span(entry);
    // Every invisible character is outside ASCII: most spans end here, cheaply.
    if ctx
        .bytes()
        .get(span.start..span.end)
        .is_none_or(|b| b.is_ascii())
    {
        return None;
    }
    let chars = intended_chars(ctx, span);
    let found: Vec<(Span, &str, &str)> = chars
        .iter()
        .copied()
        // The byte-order mark at the start of the file has its own check.
        .filter(|(_, s)| !(s.start == 0 && ctx.has_bom()))
        .filter_map(|(c, s)| invisible(c).map(|(rep, name)| (s, rep, name)))
        .collect();
    let &(first, _, name) = found.first()?;
    let place = if in_key { "key" } else { "value of" };
    let d = ctx
        .diagnostic(
            &META,
            first,
            format!(
                "invisible {name} in the {place} `{}`: Kafka does not treat it as whitespace",
                if in_key {
                    revealed(&chars)
                } else {
                    entry.key().to_string()
                }
            ),
        )
        .with_key(entry.key());
    // Every invisible character of the key or value, in one fix: the
    // characters Java reads from its bytes (with the backslash that escapes
    // the first, if any) are removed or become a plain space.
    let units = ctx.units(entry, part);
    let changes: Option<Vec<_>> = found
        .iter()
        .map(|&(s, replacement, _)| {
            let range = overlapping(&units, s)?;
            let whole = units[range.clone()]
                .iter()
                .all(|u| matches!(u.kind, UnitKind::Plain | UnitKind::Escape));
            // A space would split a key in two, and Java drops one that starts
            // a value: there the character is removed.
            let replacement = if in_key || range.start == 0 {
                ""
            } else {
                replacement
            };
            whole.then(|| (range, replacement.to_string()))
        })
        .collect();
    let Some((changes, edits)) =
        changes.and_then(|c| ctx.rewrite(entry, part, &c).map(|edits| (c, edits)))
    else {
        return Some(d);
    };
    let spaces = changes.iter().any(|(_, r)| !r.is_empty());
    let message = match (changes.len(), spaces) {
        (1, false) => "remove it".to_string(),
        (1, true) => "replace it with a plain space".to_string(),
        (n, false) => format!("remove the {n} invisible characters"),
        (n, true) => {
            format!("remove the {n} invisible characters, or make them plain spaces")
        }
    };
    Some(d.with_fix(Fix {
        message: message.into(),
        applicability: Applicability::Safe,
        edits,
        isolated: false,
    }))
}
