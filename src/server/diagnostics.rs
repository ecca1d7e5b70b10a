//! The engine's diagnostics as the client gets them: same codes, severities,
//! messages and places as `check --format json`, with the related locations
//! and a link to each code's documentation.

use super::documents::{Document, file_uri};
use super::positions::{Bytes, Locator, Units};
use crate::diagnostics::{Diagnostic, Severity};
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

/// The findings of `doc` (those placed in it: a finding about another file is
/// that file's to show) for the client.
pub fn for_client(
    found: &[Diagnostic],
    doc: &Document,
    units: Units,
) -> Vec<lsp_types::Diagnostic> {
    let at = doc.locator(units);
    let mut others = OtherFiles::default();
    found
        .iter()
        .filter(|d| *d.path == *doc.name)
        .map(|d| convert(d, doc, &at, &mut others, units))
        .collect()
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
        .related
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
                message: r.message.clone(),
            })
        })
        .collect();
    let href = crate::registry::doc_url(&d.code).and_then(|u| u.parse::<Uri>().ok());
    lsp_types::Diagnostic {
        range: at.range(d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
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
