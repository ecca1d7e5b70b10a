//! Completion: keys of the file's role and Kafka version (with the prefixed
//! keys a Streams application or Connect worker hands on), enum values after
//! the separator, and directive names and codes in `# kafkalint:` comments,
//! in `.properties` text; in the other carriers' files, keys in their own
//! syntax (see `carrier_keys`).

use super::carrier_keys;
use super::session::Session;
use crate::carrier::spring::mapping::BootVersion;
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
    let path = std::path::Path::new(&doc.name);
    let carrier = session
        .engine
        .carriers
        .for_file(path, doc.text.as_bytes())?;
    let catalog = units.first().map_or_else(
        || Catalog::get(crate::catalog::default_selection().catalog),
        |u| u.catalog,
    );
    // The other carriers complete keys in their own syntax, not values.
    let yaml = crate::carrier::is_yaml(path);
    let in_value = match yaml {
        true => trimmed.contains(": ") || trimmed.ends_with(':') || trimmed.contains('='),
        false => separator(trimmed).is_some(),
    };
    match carrier.name() {
        "properties" => {}
        _ if in_value => return None,
        "spring" => {
            let boot = settings.spring_boot.unwrap_or_else(BootVersion::newest);
            let items = carrier_keys::spring_items(&doc.text, offset, yaml, boot, catalog);
            return Some(CompletionResponse::Array(items));
        }
        "compose" => {
            let items = carrier_keys::compose_items(&doc.text, offset);
            return Some(CompletionResponse::Array(items));
        }
        _ => return None,
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

/// The keys of `roles`, and (Streams, Connect) the keys they hand on to their
/// clients and topics, prefixed as they read them (`producer.linger.ms`).
fn key_items(catalog: &Catalog, roles: &[Role]) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &role in roles {
        let own = std::iter::once(("", role));
        let handed_on = crate::catalog::embedded::handed_on(catalog.version(), role);
        for (prefix, inner) in own.chain(handed_on) {
            for def in catalog.keys(inner) {
                let label = format!("{prefix}{}", def.name);
                if seen.insert(label.clone()) {
                    items.push(key_item(label, def, inner));
                }
            }
        }
    }
    items
}

fn key_item(label: String, def: &KeyDef, role: Role) -> CompletionItem {
    let described = crate::catalog::describe(&def.name, role);
    CompletionItem {
        label,
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
