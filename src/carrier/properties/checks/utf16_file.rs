use super::{Context, PropertiesCheck};
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Severity};
use crate::text::Span;

pub struct Utf16File;

static META: CheckMeta = CheckMeta {
    code: "K013",
    name: "utf-16-file",
    severity: Severity::Error,
    // Kafka loads it (byte by byte): the error is about what it finds, not a refusal.
    refusal: false,
    summary: "A UTF-16 file: Java reads it byte by byte and Kafka finds none of its settings",
    versions: "all",
    fix: FixAvailability::Sometimes,
    doc: r#"## What it does
Finds files saved as UTF-16 (with or without a byte-order mark), which is what
Windows PowerShell 5 writes with `>` or `Out-File`, and some editors on "Unicode".

## Why is this bad?
Kafka loads its configuration with `Properties.load(InputStream)`, which reads one
byte as one ISO-8859-1 character. UTF-16 stores every ASCII character as two
bytes, one of them zero, so `acks=all` is read as `a\0c\0k\0s\0=...`: every key
Kafka finds carries NUL characters, none matches a real setting, and the client or
broker starts with its defaults (or not at all, when a required key is missing).

## Example
```text
FF FE 61 00 63 00 6B 00 73 00 3D 00 61 00 6C 00 6C 00   (acks=all in UTF-16LE)
```

## Fix
Save the file as UTF-8 or plain ASCII (`Out-File -Encoding ascii`, or
`Set-Content -Encoding utf8` in PowerShell 6 and later). The fix rewrites the
whole file as ASCII, writing other characters as `\uXXXX` escapes; it is unsafe
because it changes every byte of the file.
"#,
};

impl PropertiesCheck for Utf16File {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(utf16) = ctx.doc.utf16 else {
            return;
        };
        let bytes = ctx.bytes();
        let message = format!(
            "this file is {} text: Kafka reads it one byte at a time as ISO-8859-1, so none of its settings is found",
            utf16.as_str()
        );
        let mut d = ctx
            .diagnostic(&META, Span::new(0, bytes.len().min(2)), message)
            .with_help("save it as UTF-8 or ASCII (PowerShell 5's `>` writes UTF-16; use `Out-File -Encoding ascii`)");
        // Decoded text is written back as ASCII with \u escapes: the bytes Java reads.
        if let Some(text) = utf16.decode(bytes) {
            d = d.with_edit(
                "rewrite the file as ASCII text",
                Applicability::Unsafe,
                Span::new(0, bytes.len()),
                text,
            );
        }
        out.push(d);
    }
}
