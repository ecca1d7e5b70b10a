//! Completion: keys of the file's role and Kafka version, enum values after
//! the separator, and directive names and codes in `# kafkalint:` comments.
//! Keys and values are completed in `.properties` text; other carriers name
//! keys in their own syntax.

use super::session::Session;
use crate::catalog::{Catalog, KeyDef, Role, Validator, explain};
use crate::model::directives::KNOWN;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionItemTag, CompletionParams, CompletionResponse,
};

const DIRECTIVE: &str = "kafkalint:";

pub fn complete(session: &mut Session, params: CompletionParams) -> Option<CompletionResponse> {
    let place = params.text_document_position;
    let settings = session.settings(&place.text_document.uri);
    let (doc, offset, units) = session.locate(&place, &settings)?;
    let before = &doc.text[doc.locator(session.units).line_start(offset)..offset];
    let trimmed = before.trim_start();
    if trimmed.starts_with('#') || trimmed.starts_with('!') {
        return Some(CompletionResponse::Array(directive_items(session, trimmed)));
    }
    // Keys are completed in `.properties` syntax only (not in YAML carriers).
    let carrier = session
        .engine
        .carriers
        .for_file(std::path::Path::new(&doc.name), doc.text.as_bytes())?;
    if carrier.name() != "properties" {
        return None;
    }
    let unit = units.first()?;
    let roles = match unit.role() {
        Some(role) => vec![role],
        None => Role::ALL.to_vec(),
    };
    let items = match separator(trimmed) {
        Some(at) => value_items(unit.catalog, &roles, trimmed[..at].trim_end()),
        None => key_items(unit.catalog, &roles),
    };
    Some(CompletionResponse::Array(items))
}

/// Where the key of a `.properties` line ends: its first unescaped `=`, `:`
/// or whitespace.
fn separator(line: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '=' | ':' | ' ' | '\t' => return Some(i),
            _ => {}
        }
    }
    None
}

fn key_items(catalog: &Catalog, roles: &[Role]) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = Vec::new();
    for &role in roles {
        for def in catalog.keys(role) {
            if items.iter().any(|i| i.label == def.name) {
                continue;
            }
            items.push(key_item(def, role));
        }
    }
    items
}

fn key_item(def: &KeyDef, role: Role) -> CompletionItem {
    let described = crate::catalog::describe(&def.name, role);
    CompletionItem {
        label: def.name.clone(),
        kind: Some(CompletionItemKind::PROPERTY),
        detail: Some(explain::key_facts(def)),
        documentation: described.map(|d| lsp_types::Documentation::String(d.to_string())),
        tags: def.deprecated.then(|| vec![CompletionItemTag::DEPRECATED]),
        ..CompletionItem::default()
    }
}

/// The values a key takes, when the catalog lists them.
fn value_items(catalog: &Catalog, roles: &[Role], key: &str) -> Vec<CompletionItem> {
    // Streams and Connect hand prefixed keys on: `producer.acks=` completes the producer's values.
    let def = roles
        .iter()
        .find_map(|&r| Some(catalog.resolve(r, key)?.def));
    let values: Vec<String> = match def.map(|d| &d.validator) {
        Some(Validator::OneOf { values, .. }) => values.clone(),
        Some(Validator::VersionList(values)) => values.clone(),
        _ if def.is_some_and(|d| d.ty == crate::catalog::ConfigType::Boolean) => {
            vec!["true".to_string(), "false".to_string()]
        }
        _ => Vec::new(),
    };
    values
        .into_iter()
        .map(|v| CompletionItem {
            label: v,
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            ..CompletionItem::default()
        })
        .collect()
}

/// In a comment: directive names after `kafkalint:`, codes after `disable=`.
fn directive_items(session: &Session, comment: &str) -> Vec<CompletionItem> {
    let Some(at) = comment.find(DIRECTIVE) else {
        return vec![CompletionItem {
            label: DIRECTIVE.to_string(),
            kind: Some(CompletionItemKind::KEYWORD),
            ..CompletionItem::default()
        }];
    };
    let words = &comment[at + DIRECTIVE.len()..];
    let last = words.rsplit([' ', '\t']).next().unwrap_or("");
    if last.starts_with("disable=") || last.starts_with("disable-file=") {
        return session
            .engine
            .registry
            .codes()
            .iter()
            .map(|c| CompletionItem {
                label: c.code().to_string(),
                kind: Some(CompletionItemKind::VALUE),
                detail: Some(c.name().to_string()),
                ..CompletionItem::default()
            })
            .collect();
    }
    if last.starts_with("role=") {
        return Role::ALL.iter().map(|r| simple(r.as_str())).collect();
    }
    if last.starts_with("kafka-version=") {
        return crate::catalog::versions()
            .iter()
            .map(|v| simple(v))
            .collect();
    }
    KNOWN
        .iter()
        .map(|name| CompletionItem {
            label: name.to_string(),
            kind: Some(CompletionItemKind::KEYWORD),
            insert_text: Some(format!("{name}=")),
            ..CompletionItem::default()
        })
        .collect()
}

fn simple(label: &str) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(CompletionItemKind::VALUE),
        ..CompletionItem::default()
    }
}
