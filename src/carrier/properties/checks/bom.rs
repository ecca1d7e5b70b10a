use super::{Context, PropertiesCheck};
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::text::Span;

pub struct ByteOrderMark;

static META: CheckMeta = CheckMeta {
    code: "K002",
    name: "byte-order-mark",
    severity: Severity::Warning,
    summary: "A UTF-8 byte-order mark that Kafka reads as part of the first key",
    versions: "all",
    fix: FixAvailability::Always,
    refusal: false,
    doc: r#"## What it does
Finds a UTF-8 byte-order mark (the bytes `EF BB BF`) at the start of a file.

## Why is this bad?
Java's `Properties.load` does not treat a BOM specially. Read as ISO-8859-1, as
Kafka reads its files, the three bytes become the characters `ï»¿` glued to the
first key, so `bootstrap.servers` on the first line becomes `ï»¿bootstrap.servers`:
an unknown key that Kafka ignores, while the real setting stays at its default.
Some Windows editors add a BOM when saving "UTF-8" files.

## Example
```properties
<EF BB BF>bootstrap.servers=broker-1:9092
```

## Fix
Remove the three bytes (the fix does exactly that, and nothing else). Save the file
as UTF-8 without BOM, or as plain ASCII.
"#,
};

impl PropertiesCheck for ByteOrderMark {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if !ctx.has_bom() {
            return;
        }
        let span = Span::new(0, 3);
        let first_key = ctx.doc.file.settings.first().map(|e| e.key().to_string());
        let message = match &first_key {
            Some(key)
                if key
                    .trim_start_matches(['\u{feff}', 'ï', '»', '¿'])
                    .starts_with(['#', '!']) =>
            {
                format!(
                    "the file starts with a UTF-8 byte-order mark: Kafka reads the comment on the first line as a key `{key}`"
                )
            }
            Some(key) => format!(
                "the file starts with a UTF-8 byte-order mark: Kafka reads the first key as `{key}`"
            ),
            None => "the file starts with a UTF-8 byte-order mark".to_string(),
        };
        // The first line is read anew without it (a `#` there starts a
        // comment): fixes made for it as it was read must wait.
        let mut d = ctx
            .diagnostic(&META, span, message)
            .with_edit("remove the byte-order mark", Applicability::Safe, span, "")
            .isolated();
        if let Some(key) = first_key {
            d = d.with_key(&key);
        }
        out.push(d);
    }
}
