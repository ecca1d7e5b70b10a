//! Spring Boot's `application*.yml`: the YAML foundation's flattened view is
//! what Spring's `YamlPropertySourceLoader` makes of a file (dotted paths,
//! `[i]` for sequence items, one property source per `---` document), so each
//! flattened scalar is an [`Entry`]; edits go through the foundation.

use super::base::Bases;
use super::{Entry, SpringDoc, Syntax};
use crate::carrier::Parsed;
use crate::carrier::yaml::{self, Flat, Segment, YamlFile};
use crate::text::{Encoding, SourceText, Span};
use crate::unit::TextEdit;
use std::sync::Arc;

/// Reads a Spring Boot YAML file, over its base files when it is a
/// profile's; one that is not YAML fails the run.
pub fn parse(bytes: Vec<u8>, boot: super::BootVersion, bases: &Bases) -> Arc<dyn Parsed> {
    let file = match YamlFile::read(bytes) {
        Ok(file) => file,
        Err(u) => return yaml::unreadable(u),
    };
    let flats = match flatten(&file) {
        Ok(flats) => flats,
        Err(e) => {
            return yaml::unreadable(yaml::Unreadable {
                text: Arc::clone(&file.text),
                error: e,
            });
        }
    };
    let (mut entries, flats) = entries_of(flats);
    entries.extend(bases.entries.iter().cloned());
    let text = match bases.elsewhere.is_empty() {
        true => (*file.text).clone(),
        false => SourceText::new(bases.joined(&file.text.bytes), Encoding::Utf8),
    };
    let comments = file.comments.clone();
    let mut doc = SpringDoc::build(
        text,
        entries,
        comments,
        None,
        (Syntax::Yaml, boot),
        bases.profile(),
    );
    doc.yaml = Some(YamlSide { file, flats });
    doc.elsewhere = bases.elsewhere.clone();
    Arc::new(doc)
}

/// Every document's scalars, flattened.
fn flatten(file: &YamlFile) -> Result<Vec<Flat>, yaml::YamlError> {
    let mut flats = Vec::new();
    for doc in 0..file.yaml.documents.len() {
        flats.extend(file.flatten(doc)?);
    }
    Ok(flats)
}

/// The entries of a YAML file (a profile file's base), none when it does
/// not read (linted itself, it fails the run).
pub fn entries(bytes: &[u8]) -> Option<Vec<Entry>> {
    let file = YamlFile::read(bytes.to_vec()).ok()?;
    Some(entries_of(flatten(&file).ok()?).0)
}

/// What the YAML edits need: the file and, per entry, its flattened scalar.
pub struct YamlSide {
    pub file: YamlFile,
    pub flats: Vec<Flat>,
}

/// One entry per scalar, the items of a sequence under one key
/// (`bootstrap-servers: [a, b]`) joined into one, as Spring binds a list.
fn entries_of(flats: Vec<Flat>) -> (Vec<Entry>, Vec<Flat>) {
    let entries: Vec<Entry> = flats
        .iter()
        .map(|flat| {
            let key_span = match flat.segments.last() {
                // A sequence item: no key of its own.
                Some(Segment::Index(_)) => Span::empty_at(flat.value_span.start),
                _ => flat.key_span,
            };
            Entry {
                key: flat.path.clone(),
                value: flat.value.clone().unwrap_or_default(),
                key_span,
                value_span: flat.value_span,
                span: Span::new(
                    key_span.start.min(flat.value_span.start),
                    flat.value_span.end,
                ),
                document: flat.document,
            }
        })
        .collect();
    let (entries, firsts) = super::join_list_items(entries);
    let mut flats: Vec<Option<Flat>> = flats.into_iter().map(Some).collect();
    let kept = firsts.iter().filter_map(|&i| flats[i].take()).collect();
    (entries, kept)
}

/// Whether the scalar is a sequence item.
fn is_item(flat: &Flat) -> bool {
    matches!(flat.segments.last(), Some(Segment::Index(_)))
}

impl YamlSide {
    fn flat(&self, entry: usize) -> Option<&Flat> {
        self.flats.get(entry)
    }

    fn no_edit() -> TextEdit {
        TextEdit {
            span: Span::empty_at(0),
            replacement: String::new(),
        }
    }

    /// A new value for entry `entry` (written over `span`), in its quoting
    /// style; a list becomes one item holding the value.
    pub fn replace_value(&self, entry: usize, span: Span, value: &str) -> TextEdit {
        let Some(flat) = self.flat(entry) else {
            return Self::no_edit();
        };
        if is_item(flat) {
            return TextEdit {
                span,
                replacement: value.to_string(),
            };
        }
        self.file.replace_scalar(flat.value_node, value)
    }

    /// Entry `entry` renamed so that its full path becomes `new_path`: the key
    /// node is rewritten when the path above it stays; otherwise no edit can
    /// rename it in place.
    pub fn rename(&self, entry: usize, new_path: &str) -> TextEdit {
        let Some(flat) = self.flat(entry) else {
            return Self::no_edit();
        };
        let (Some(key_node), Some(Segment::Key(key))) = (flat.key_node, flat.segments.last())
        else {
            return Self::no_edit();
        };
        let above = &flat.path[..flat.path.len().saturating_sub(key.len())];
        match new_path.strip_prefix(above) {
            Some(rest) if !rest.is_empty() => self.file.replace_scalar(key_node, rest),
            _ => Self::no_edit(),
        }
    }

    pub fn remove(&self, entry: usize) -> TextEdit {
        let Some(flat) = self.flat(entry) else {
            return Self::no_edit();
        };
        match (flat.parent, is_item(flat)) {
            (Some((mapping, index)), false) => self.file.remove_entry(mapping, index),
            _ => Self::no_edit(),
        }
    }

    /// `value` under `path` in document `document`.
    pub fn insert(&self, document: usize, path: &[&str], value: &str) -> TextEdit {
        match self.file.yaml.root(document) {
            Some(root) if self.file.yaml.is_mapping(root) => self.file.insert(root, path, value),
            _ => Self::no_edit(),
        }
    }
}
