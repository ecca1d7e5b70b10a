use super::Entry;
use super::{Context, PropertiesCheck};
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::text::{Encoding, Span};

pub struct SwallowedLine;

static META: CheckMeta = CheckMeta {
    code: "K007",
    name: "swallowed-line",
    severity: Severity::Warning,
    summary: "A trailing backslash continues a value onto a line that looks like a setting of its own",
    versions: "all",
    fix: FixAvailability::Sometimes,
    refusal: false,
    doc: r#"## What it does
Finds a value that ends in a backslash, continuing onto a next line that looks like
a Kafka setting (`some.known.key=...`).

## Why is this bad?
A line that ends in an odd number of backslashes continues on the next line. When
the backslash was meant literally (a Windows path ending in `\`), the next setting
becomes part of the value: its key is never set, and the value above gets garbage
appended. Nothing fails at load time.

## Example
```properties
log.dirs=D:\kafka\
num.partitions=6
```
Kafka sees one key, `log.dirs`, with the value `D:kafkanum.partitions=6`.

## Fix
Write the final backslash twice (`D:\\kafka\\`) or drop it. The fix doubles the
backslash before every line of the value that reads like a setting, which changes
what Kafka sees, so it is marked unsafe. It is not offered when a doubled backslash
would leave a `\u` escape incomplete (the file would no longer load); edit such a
line by hand.
"#,
};

impl PropertiesCheck for SwallowedLine {
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

/// Whether a continuation line reads like `known.key=value`.
fn looks_like_setting(ctx: &Context, text: &str) -> Option<String> {
    let text = text.trim_start_matches([' ', '\t', '\u{c}']);
    let end = text.find(['=', ':', ' ', '\t'])?;
    let key = &text[..end];
    let known = key.contains('.') && !ctx.unit.catalog.roles_with_key(key).is_empty();
    known.then(|| key.to_string())
}

fn check_entry(ctx: &Context, entry: &Entry) -> Option<Diagnostic> {
    let first = ctx.lines().line_of(entry.span().start);
    let last = ctx
        .lines()
        .line_of(entry.span().end.saturating_sub(1).max(entry.span().start));
    // Each continuation line that reads like a setting of its own, with the
    // backslash (ending the line before) that swallows it.
    let swallowed: Vec<(usize, String, Span)> = (first + 1..=last)
        .filter_map(|index| {
            let key = looks_like_setting(ctx, &ctx.slice(ctx.lines().line(index)?.content))?;
            let previous = ctx.lines().line(index - 1)?.content;
            Some((
                index,
                key,
                Span::new(previous.end.saturating_sub(1), previous.end),
            ))
        })
        .collect();
    let (index, key, backslash) = swallowed.first()?;
    let diagnostic = ctx
        .diagnostic(
            &META,
            *backslash,
            format!(
                "this backslash continues the value of `{}` onto line {}, so `{key}` there is part of that value and is never set",
                entry.key(),
                index + 1
            ),
        )
        .with_key(entry.key())
        .with_help("a line ending in an odd number of backslashes continues on the next line");
    // Every such backslash made literal: each frees the lines up to the next,
    // and each piece must still load on its own.
    let mut piece = entry.span().start;
    let mut edits = Vec::new();
    for (index, _, backslash) in &swallowed {
        if !literal_backslash_loads(&ctx.bytes()[piece..backslash.end], ctx.encoding()) {
            return Some(diagnostic);
        }
        edits.push(Edit {
            path: crate::diagnostics::shared_path(&ctx.unit.path),
            span: Span::empty_at(backslash.start),
            replacement: "\\".to_string(),
        });
        piece = ctx.lines().line(*index)?.content.start;
    }
    let message = match edits.len() {
        1 => "make the backslash literal (`\\\\`)".to_string(),
        n => format!("make the {n} backslashes literal (`\\\\`)"),
    };
    // The lines it frees are read anew: fixes made for them as part of this
    // value must wait for a pass of their own.
    Some(diagnostic.with_fix(Fix {
        message: message.into(),
        applicability: Applicability::Unsafe,
        edits,
        isolated: true,
    }))
}

/// Whether the logical line, cut at its offending backslash and with that
/// backslash doubled, still loads: a `\u` escape that only became whole by
/// borrowing from the continuation line would break (`\u00\` + `de...`).
fn literal_backslash_loads(line_up_to_backslash: &[u8], encoding: Encoding) -> bool {
    let mut bytes = line_up_to_backslash.to_vec();
    bytes.push(b'\\');
    crate::carrier::properties::Document::parse(bytes, encoding)
        .file
        .load_error
        .is_none()
}

#[cfg(test)]
mod tests {
    use crate::model::{Overrides, UnitModel};

    fn k007(text: &str) -> Vec<crate::diagnostics::Diagnostic> {
        let model = UnitModel::properties(
            "t.properties",
            text.as_bytes().to_vec(),
            &Overrides::default(),
        );
        crate::checks::run_all(std::slice::from_ref(&model))
            .into_iter()
            .filter(|d| d.code() == "K007")
            .collect()
    }

    #[test]
    fn offers_the_literal_backslash_when_the_line_still_loads() {
        let found = k007("log.dirs=D:\\kafka\\\nnum.partitions=6\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_some());
    }

    #[test]
    fn withholds_the_fix_when_a_unicode_escape_borrows_from_the_next_line() {
        // `\u00\` + `de...`: Java reads `\u00de`; doubling the backslash would
        // leave `\u00\\`, which no longer loads.
        let found =
            k007("ssl.cipher.suites=\\u00\\\ndelegation.token.expiry.check.interval.ms 5\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].fix.is_none());
    }
}
