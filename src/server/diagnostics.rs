//! The engine's diagnostics as the client gets them: same codes, severities,
//! messages and places as `check --format json`, with the related locations
//! and a link to each code's documentation.

use super::documents::{Document, file_uri};
use super::positions::{Bytes, Locator, Units};
use crate::diagnostics::{Diagnostic, Severity};
use crate::unit::Elsewhere;
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Range, Uri,
};
use std::collections::HashMap;

/// What the client is told the findings come from.
pub const SOURCE: &str = "kafkalint";

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The findings of `doc` for the client: those placed in it, and those placed
/// in a file it names (a compose service's env file), shown where it names
/// that file, with the exact place as related information. An env file is no
/// document of the server's (an editor attaches it by file type, and it is
/// nothing Kafka reads on its own): its settings take effect through the
/// compose file, which is the one open, so the compose file is where the user
/// learns of them, one click away from the line. A finding about any other
/// file is that file's to show.
pub fn for_client(
    found: &[Diagnostic],
    doc: &Document,
    units: Units,
    elsewhere: &[Elsewhere],
) -> Vec<lsp_types::Diagnostic> {
    let at = doc.locator(units);
    let mut others = OtherFiles::default();
    found
        .iter()
        .filter_map(|d| {
            if *d.path == *doc.name {
                return Some(convert(d, doc, &at, &mut others, units));
            }
            let named = elsewhere.iter().find(|e| *e.path == *d.path)?;
            named_here(d, named, doc, &at, &mut others, units)
        })
        .collect()
}

/// A finding in a file `doc` names, at the place that names it: its message
/// says the file and line, its first related location is the place itself.
fn named_here(
    d: &Diagnostic,
    named: &Elsewhere,
    doc: &Document,
    at: &Locator,
    others: &mut OtherFiles,
    units: Units,
) -> Option<lsp_types::Diagnostic> {
    let there = others.location(&d.path, Some(d.span), units)?;
    let file = std::path::Path::new(&*d.path)
        .file_name()
        .map_or_else(|| d.path.to_string(), |f| f.to_string_lossy().into_owned());
    let mut shown = convert(d, doc, at, others, units);
    shown.range = at.range(named.named_at);
    shown.message = format!("{file}:{}: {}", there.range.start.line + 1, d.message);
    let place = DiagnosticRelatedInformation {
        location: there,
        message: format!("the setting, in {file}"),
    };
    shown
        .related_information
        .get_or_insert_with(Vec::new)
        .insert(0, place);
    Some(shown)
}

/// One finding for the client.
pub fn convert(
    d: &Diagnostic,
    doc: &Document,
    at: &Locator,
    others: &mut OtherFiles,
    units: Units,
) -> lsp_types::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related()
        .iter()
        .filter_map(|r| {
            let location = if *r.path == *doc.name {
                Location::new(
                    doc.uri.clone(),
                    r.span.map(|s| at.range(s)).unwrap_or_default(),
                )
            } else {
                others.location(&r.path, r.span, units)?
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: r.message.to_string(),
            })
        })
        .collect();
    let href = crate::registry::doc_url(d.code()).and_then(|u| u.parse::<Uri>().ok());
    lsp_types::Diagnostic {
        range: at.range(d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code().to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: d.message.to_string(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Files that related locations point into (a cluster's broker file), read
/// from disk once per conversion.
#[derive(Default)]
pub struct OtherFiles {
    read: HashMap<String, Option<(Uri, String, Bytes)>>,
}

impl OtherFiles {
    fn location(
        &mut self,
        path: &str,
        span: Option<crate::text::Span>,
        units: Units,
    ) -> Option<Location> {
        let entry = self.read.entry(path.to_string()).or_insert_with(|| {
            let p = std::path::Path::new(path);
            let uri = file_uri(&std::fs::canonicalize(p).ok()?)?;
            let bytes = crate::input::read_regular(p, crate::input::DEFAULT_MAX_BYTES).ok()?;
            Some(match String::from_utf8(bytes) {
                Ok(text) => (uri, text, Bytes::Utf8),
                Err(e) => (
                    uri,
                    e.into_bytes().iter().map(|&b| char::from(b)).collect(),
                    Bytes::Latin1,
                ),
            })
        });
        let (uri, text, bytes) = entry.as_ref()?;
        let range = match span {
            Some(s) => Locator::new(text, *bytes, units).range(s),
            None => Range::default(),
        };
        Some(Location::new(uri.clone(), range))
    }
}
