//! Hover: on a key, what it does and its facts in the file's Kafka version and
//! history; on a value, what Kafka makes of it (a secret stays hidden); on a
//! code in a `disable` directive, the code's documentation.

use super::session::Session;
use crate::catalog::{self, Role, explain};
use crate::model::value::{java_trim, parse_setting};
use crate::model::{HIDDEN, UnitModel};
use crate::unit::Setting;
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

pub fn hover(session: &mut Session, params: HoverParams) -> Option<Hover> {
    let place = params.text_document_position_params;
    let settings = session.settings(&place.text_document.uri);
    let (doc, text_offset, units) = session.locate(&place, &settings)?;
    let offset = doc.locator(session.units).byte_offset(text_offset);
    let text = code_at(session, &units, &doc.text, text_offset, offset)
        .or_else(|| setting_at(&units, offset))?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    })
}

/// `inside` with its end included: a cursor just after a word is on it.
fn within(span: crate::text::Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

fn setting_at(units: &[UnitModel], offset: usize) -> Option<String> {
    for unit in units {
        for (index, setting) in unit.settings() {
            if within(setting.key_span(), offset) {
                return Some(key_text(setting.key(), unit));
            }
            if within(setting.value_span(), offset) {
                return Some(value_text(setting, index, unit));
            }
        }
    }
    None
}

/// What a key does, its facts in the unit's version, and its history.
pub fn key_text(key: &str, unit: &UnitModel) -> String {
    let version = unit.catalog.version();
    // A Streams or Connect file hands `producer.linger.ms` to its producer:
    // the facts are the producer's `linger.ms`.
    let readers: Vec<(Role, &str)> = match unit.role() {
        Some(role) => match unit.catalog.resolve(role, key) {
            Some(r) => vec![(r.role, r.name)],
            None => vec![(role, key)],
        },
        None => unit
            .catalog
            .roles_with_key(key)
            .into_iter()
            .map(|r| (r, key))
            .collect(),
    };
    let mut out = format!("**{}**", code(key));
    for &(role, name) in &readers {
        if let Some(line) = catalog::describe(name, role) {
            out.push_str(&format!("\n\n{line}"));
            break;
        }
    }
    for &(role, name) in &readers {
        out.push_str(&format!("\n\n*{role}, Kafka {version}:* "));
        match unit.catalog.key(role, name) {
            Some(def) => out.push_str(&explain::key_facts(def)),
            None => out.push_str("not a configuration key of this version"),
        }
        let runs = explain::fact_runs(name, role);
        if runs.len() > 1 {
            for run in runs {
                out.push_str(&format!("\n- {}: {}", run.versions(), run.facts));
            }
        }
        for line in explain::history_lines(name, role) {
            out.push_str(&format!("\n\n{line}"));
        }
    }
    if readers.is_empty() {
        out.push_str(&format!(
            "\n\nnot a configuration key of Kafka {version} (the file's role is not known)"
        ));
    }
    out
}

/// What Kafka makes of a setting's value: trimmed and typed as the catalog says.
fn value_text(setting: &Setting, index: usize, unit: &UnitModel) -> String {
    let key = &setting.key();
    let kept = unit.kept().any(|(i, _)| i == index);
    let mut out = if setting.value().is_secret() {
        format!("`{key}` is a secret: its value is {HIDDEN}")
    } else {
        let trimmed = java_trim(&setting.value().shown()).to_string();
        let def = unit
            .role()
            .and_then(|role| Some(unit.catalog.resolve(role, key)?.def));
        match def {
            Some(def) => match parse_setting(def.ty, setting.value()) {
                Ok(value) => format!(
                    "Kafka reads {} as {} {}",
                    code(key),
                    def.ty.as_str(),
                    code(&value.to_string())
                ),
                Err(e) => format!(
                    "Kafka cannot read {} as {}: {e}",
                    code(&trimmed),
                    def.ty.as_str()
                ),
            },
            None => format!(
                "Kafka receives {} as the text {}",
                code(key),
                code(&trimmed)
            ),
        }
    };
    if !kept {
        out.push_str("\n\nKafka ignores this entry: a later one sets the same key.");
    }
    out
}

/// A rule code under the cursor in a `disable` or `disable-file` directive.
fn code_at(
    session: &Session,
    units: &[UnitModel],
    text: &str,
    text_offset: usize,
    offset: usize,
) -> Option<String> {
    let unit = units.first()?;
    unit.directives
        .items
        .iter()
        .filter(|d| d.name == "disable" || d.name == "disable-file")
        .find(|d| within(d.span, offset))?;
    let word = word_at(text, text_offset);
    let d = session.engine.registry.find(word)?.describe().ok()?;
    Some(format!(
        "**{} {}** ({})\n\n{}",
        d.code, d.name, d.severity, d.doc
    ))
}

/// The code-like word (letters, digits, `-`, `_`) around a text offset.
fn word_at(text: &str, offset: usize) -> &str {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let offset = offset.min(text.len());
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    &text[start..end]
}

/// Text as a Markdown code span, whatever backticks it holds.
fn code(text: &str) -> String {
    let fence = if text.contains('`') { "`` " } else { "`" };
    let close = if text.contains('`') { " ``" } else { "`" };
    format!("{fence}{text}{close}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_word_under_the_cursor_ends_at_separators() {
        let text = "# kafkalint: disable=K101,K201 -- why";
        let at = text.find("201").unwrap();
        assert_eq!(super::word_at(text, at), "K201");
        assert_eq!(super::word_at(text, text.find(",K").unwrap()), "K101");
    }
}
