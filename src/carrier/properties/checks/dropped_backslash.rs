use super::Entry;
use super::{Context, PropertiesCheck, unit_at};
use crate::carrier::properties::EscapeIssue;
use crate::carrier::properties::{Part, UnitKind};
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::secret::SettingValue;
use crate::text::Span;

pub struct DroppedBackslash;

static META: CheckMeta = CheckMeta {
    code: "K005",
    name: "dropped-backslash",
    severity: Severity::Warning,
    summary: "A backslash that Java drops or turns into a control character, as in Windows paths",
    versions: "all",
    fix: FixAvailability::Always,
    refusal: false,
    doc: r#"## What it does
Finds a backslash followed by a character that has no escape meaning in a
`.properties` file (anything but `t n r f u`, the separators `= :`, space, `# !`
and the backslash itself). In values that look like Windows paths (`C:\...`) it
also finds `\t`, `\n`, `\r` and `\f`, which Java turns into control characters.

## Why is this bad?
`Properties.load` drops such a backslash without a word. Windows paths are the usual
victims: `log.dirs=C:\kafka\logs` reaches Kafka as `C:kafkalogs`, and
`C:\kafka\tmp` as `C:kafka<TAB>mp`. A regular expression loses its escapes the same
way: `topics.regex=orders\.v1` becomes `orders.v1`, where the dot matches any
character.

## Example
```properties
log.dirs=C:\kafka\logs
```

## Fix
Write the backslash twice (`C:\\kafka\\logs`); for paths, forward slashes work on
every platform (`C:/kafka/logs`). The fix doubles the backslash: what Kafka sees
changes to what was written, so it is marked unsafe.
"#,
};

impl PropertiesCheck for DroppedBackslash {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for entry in ctx.entries() {
            if let Some(d) = check_entry(ctx, &entry) {
                out.push(d);
            }
        }
    }
}

/// `C:\...`: a raw value whose every escape is most likely a path separator.
/// Read as bytes: ASCII characters are one byte each in both encodings.
fn is_windows_path(ctx: &Context, entry: &Entry) -> bool {
    let span = entry.value_span();
    let raw = ctx.bytes().get(span.start..span.end).unwrap_or_default();
    matches!(raw, [d, b':', b'\\', ..] if d.is_ascii_alphabetic())
}

/// `\t`, `\n`, `\r`, `\f` escapes in a value, with the letter written.
fn control_escapes(ctx: &Context, entry: &Entry) -> Vec<(Span, char)> {
    ctx.units(entry, Part::Value)
        .into_iter()
        .filter(|u| u.kind == UnitKind::Escape)
        .filter_map(|u| {
            let letter = match u.text.as_str() {
                "\t" => 't',
                "\n" => 'n',
                "\r" => 'r',
                "\u{c}" => 'f',
                _ => return None,
            };
            Some((u.span, letter))
        })
        .collect()
}

/// The edits that double the backslash of each escape in `found` (the escape's
/// span and the character it escapes), written as whole characters.
fn doubled(ctx: &Context, entry: &Entry, found: &[(Span, char)]) -> Option<Vec<Edit>> {
    let mut edits = Vec::new();
    for part in [Part::Key, Part::Value] {
        let units = ctx.units(entry, part);
        let changes: Option<Vec<_>> = found
            .iter()
            .filter(|(span, _)| match part {
                Part::Key => span.end <= entry.key_span().end,
                Part::Value => span.start >= entry.value_span().start,
            })
            .map(|&(span, ch)| {
                let i = unit_at(&units, span)?;
                Some((i..i + 1, format!("\\{ch}")))
            })
            .collect();
        let changes = changes?;
        if !changes.is_empty() {
            edits.extend(ctx.rewrite(entry, part, &changes)?);
        }
    }
    Some(edits)
}

fn check_entry(ctx: &Context, entry: &Entry) -> Option<Diagnostic> {
    let issues: Vec<&EscapeIssue> = entry
        .key_escapes
        .iter()
        .chain(entry.value_escapes)
        .collect();
    if issues
        .iter()
        .any(|i| matches!(i, EscapeIssue::MalformedUnicode { .. }))
    {
        // Java loads nothing from this file; the malformed escape is what matters.
        return None;
    }
    let mut found: Vec<(Span, char)> = issues
        .iter()
        .filter_map(|i| match i {
            EscapeIssue::DroppedBackslash { span, ch } => Some((*span, *ch)),
            _ => None,
        })
        .collect();
    if is_windows_path(ctx, entry) {
        found.extend(control_escapes(ctx, entry));
        found.sort();
    }
    let &(first, ch) = found.first()?;
    let seen = match &entry.value() {
        SettingValue::Secret(_) => String::new(),
        SettingValue::Plain(value) => {
            format!(", so Kafka sees `{}`", crate::checks::printable(value))
        }
    };
    let message = if found.len() == 1 && ctx.in_secret(first) {
        "a backslash here is not a path separator: Java reads it as an escape".to_string()
    } else if found.len() == 1 {
        format!("`\\{ch}` here is not a path separator: Java reads it as an escape{seen}")
    } else {
        format!(
            "{} backslashes here are read as escapes by Java, not kept{seen}",
            found.len()
        )
    };
    let d = ctx
        .diagnostic(&META, first, message)
        .with_key(entry.key())
        .with_help("write a literal backslash as `\\\\`; in paths, `/` works on every platform");
    Some(match doubled(ctx, entry, &found) {
        Some(edits) => d.with_fix(Fix {
            message: "double the backslashes".into(),
            applicability: Applicability::Unsafe,
            edits,
            isolated: false,
        }),
        None => d,
    })
}
