//! The `spring` carrier: Spring Boot's `application*.properties` (and, with the
//! YAML foundation, `application*.yml`), read as Spring reads them, mapped to
//! the Kafka keys each client receives.
//!
//! A file gives up to five units per document set: one per client it
//! configures (`producer`, `consumer`, `admin`, `streams`), each holding what
//! Spring's `KafkaProperties.build*Properties` gives that client, and `common`
//! when it configures no client of its own. Each profile document
//! (`spring.config.activate.on-profile`) is its own set: the document merged
//! over the default ones, labelled `consumer [profile dev]`.
//!
//! Precedence inside a client, lowest first, as `buildProperties` puts them
//! (`putAll`, the later wins): the top-level typed properties
//! (`bootstrap-servers`, `client-id`), top-level `ssl.*`, `security.*`,
//! `spring.kafka.properties.*`; then the client's typed properties (including
//! Spring's defaults, such as the String (de)serializers), its `ssl.*`,
//! `security.*` and last its own `properties.*`. So
//! `spring.kafka.consumer.properties.max.poll.records` wins over
//! `spring.kafka.consumer.max-poll-records`, which wins over
//! `spring.kafka.properties.max.poll.records`.

mod base;
mod build_file;
pub mod checks;
pub mod convert;
pub mod loader;
pub mod mapping;
mod units;
mod yaml;

use super::{Carrier, Parsed, ReadContext};
use crate::checks::CheckMeta;
use crate::diagnostics::Diagnostic;
use crate::model::UnitModel;
use crate::secret::SettingValue;
use crate::text::{Encoding, SourceText, Span};
use crate::unit::{Comment, LoadError, Setting, SourceFile, TextEdit};
pub use mapping::BootVersion;
use mapping::{Client, Property, Resolved};
use std::path::Path;
use std::sync::Arc;

/// The `spring` carrier, for `.properties` files.
pub struct Spring;

/// The `spring` carrier, for YAML files (`Carrier::parse` is not told the
/// file's name, so each syntax has its own value).
pub struct SpringYaml;

/// Whether `head` holds `word`, in any case.
fn mentions(head: &[u8], word: &[u8]) -> bool {
    head.windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether `path` is named as Spring Boot's config files are, with one of `extensions`.
fn spring_file_name(path: &Path, extensions: &[&str]) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let spring_name = name.starts_with("application") || name.starts_with("bootstrap");
    spring_name && extensions.iter().any(|x| name.ends_with(x))
}

impl Carrier for SpringYaml {
    fn name(&self) -> &'static str {
        "spring"
    }

    /// `application*.yml`, `bootstrap*.yml` (and `.yaml`).
    fn claims(&self, path: &Path) -> bool {
        spring_file_name(path, &[".yml", ".yaml"])
    }

    /// Named so, and saying `kafka` near its start.
    fn recognizes(&self, path: &Path, head: &[u8]) -> bool {
        self.claims(path) && mentions(head, b"kafka")
    }

    fn parse(&self, bytes: Vec<u8>, _encoding: Encoding) -> Arc<dyn Parsed> {
        yaml::parse(bytes, BootVersion::newest(), &base::Bases::default())
    }

    fn parse_in(
        &self,
        context: &ReadContext,
        bytes: Vec<u8>,
        encoding: Encoding,
    ) -> Arc<dyn Parsed> {
        let bases = base::Bases::read(context.path, bytes.len(), encoding);
        yaml::parse(bytes, boot_version(context), &bases)
    }
}

impl Carrier for Spring {
    fn name(&self) -> &'static str {
        "spring"
    }

    /// `application*.properties` and `bootstrap*.properties` by name; the
    /// content decides (a file without `spring.kafka` keys is read as plain
    /// `.properties`).
    fn claims(&self, path: &Path) -> bool {
        spring_file_name(path, &[".properties"])
    }

    /// Named so, and setting `spring.kafka` near its start: other
    /// `application.properties` files are plain `.properties`.
    fn recognizes(&self, path: &Path, head: &[u8]) -> bool {
        self.claims(path) && mentions(head, b"spring.kafka")
    }

    fn parse(&self, bytes: Vec<u8>, encoding: Encoding) -> Arc<dyn Parsed> {
        parse_properties(
            bytes,
            encoding,
            BootVersion::newest(),
            base::Bases::default(),
        )
    }

    fn parse_in(
        &self,
        context: &ReadContext,
        bytes: Vec<u8>,
        encoding: Encoding,
    ) -> Arc<dyn Parsed> {
        let bases = base::Bases::read(context.path, bytes.len(), encoding);
        parse_properties(bytes, encoding, boot_version(context), bases)
    }

    fn checks(&self) -> Vec<&'static CheckMeta> {
        checks::all()
    }
}

/// The Spring Boot version a file is read for: the project config's, else
/// the one its build file names, else the newest known.
fn boot_version(context: &ReadContext) -> BootVersion {
    context
        .spring_boot
        .or_else(|| context.path.and_then(build_file::boot_version))
        .unwrap_or_else(BootVersion::newest)
}

/// An `application.properties` file, as Boot `boot` binds it, over its base
/// files when it is a profile's.
fn parse_properties(
    bytes: Vec<u8>,
    encoding: Encoding,
    boot: BootVersion,
    bases: base::Bases,
) -> Arc<dyn Parsed> {
    let loaded = loader::load(&bytes, encoding);
    if !loaded.entries.iter().any(|e| is_spring_kafka(&e.key)) {
        return Arc::new(super::properties::Document::parse(bytes, encoding));
    }
    let mut entries = entries_of(loaded.entries);
    entries.extend(bases.entries.iter().cloned());
    let text = SourceText::new(bases.joined(&bytes), encoding);
    let mut doc = SpringDoc::build(
        text,
        entries,
        loaded.comments,
        loaded.load_error,
        (Syntax::Properties, boot),
        bases.profile(),
    );
    doc.cancelled = loaded.cancelled;
    doc.elsewhere = bases.elsewhere;
    Arc::new(doc)
}

/// The entries of a `.properties` file as Spring's loader reads it, each
/// list's items joined.
fn properties_entries(bytes: &[u8], encoding: Encoding) -> Vec<Entry> {
    entries_of(loader::load(bytes, encoding).entries)
}

fn entries_of(raw: Vec<loader::RawEntry>) -> Vec<Entry> {
    let entries = raw
        .into_iter()
        .map(|e| Entry {
            key: e.key,
            value: e.value,
            key_span: e.key_span,
            value_span: e.value_span,
            span: e.span,
            document: e.document,
        })
        .collect();
    join_list_items(entries).0
}

/// One key and scalar value of the file, whatever its syntax: a line of a
/// `.properties` file, or a flattened YAML path.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The key as Spring sees it (`spring.kafka.consumer.max-poll-records`).
    pub key: String,
    pub value: String,
    pub key_span: Span,
    pub value_span: Span,
    pub span: Span,
    pub document: usize,
}

/// The key of a list item (`bootstrap-servers[1]`) without its index.
fn list_head(key: &str) -> Option<&str> {
    let (head, index) = key.strip_suffix(']')?.rsplit_once('[')?;
    index.chars().all(|c| c.is_ascii_digit()).then_some(head)
}

/// Joins the consecutive items of one list (`name[0]`, `name[1]`, as Spring's
/// `name[]=a,b` and YAML sequences give them) into one entry `name=a,b`, as
/// Spring binds a `List<String>`. Returns the entries and, for each, the
/// index of the first item it came from.
pub fn join_list_items(entries: Vec<Entry>) -> (Vec<Entry>, Vec<usize>) {
    let mut out: Vec<Entry> = Vec::new();
    let mut origins = Vec::new();
    for (index, entry) in entries.into_iter().enumerate() {
        let head = list_head(&entry.key).map(str::to_string);
        if let (Some(head), Some(last)) = (&head, out.last_mut())
            && last.key == *head
            && last.document == entry.document
        {
            last.value = format!("{},{}", last.value, entry.value);
            last.value_span = Span::new(last.value_span.start, entry.value_span.end);
            last.span = Span::new(last.span.start, entry.span.end.max(last.span.end));
            continue;
        }
        out.push(Entry {
            key: head.unwrap_or(entry.key),
            ..entry
        });
        origins.push(index);
    }
    (out, origins)
}

/// The file's syntax, for edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Properties,
    Yaml,
}

/// What the carrier knows of a setting besides its Kafka key.
#[derive(Clone, Debug)]
pub struct Origin {
    pub property: &'static Property,
    /// For an entry of a `properties` map.
    pub passed: bool,
    pub document: usize,
    /// The entry it came from; none for a value Spring gives by default.
    pub entry: Option<usize>,
}

/// A `spring.kafka.*` key that the file's Boot version does not bind.
#[derive(Clone, Debug)]
pub struct UnknownKey {
    pub entry: usize,
    pub suggestion: Option<&'static Property>,
    /// What other Boot versions make of it.
    pub elsewhere: Option<mapping::Elsewhere<'static>>,
    /// The Boot version the file is read for.
    pub boot: BootVersion,
}

/// A parsed Spring Boot file.
pub struct SpringDoc {
    pub file: SourceFile,
    pub syntax: Syntax,
    pub entries: Vec<Entry>,
    /// One per setting of `file`, same index.
    pub origins: Vec<Origin>,
    pub unknown: Vec<UnknownKey>,
    /// Per unit of `file`: the client and the document that new keys go to.
    pub unit_homes: Vec<(Client, usize)>,
    /// Document separators that a comment cancels.
    pub cancelled: Vec<loader::Cancelled>,
    /// For a YAML file: the file, for edits.
    yaml: Option<yaml::YamlSide>,
    /// For a profile file: its base files, whose settings it holds too.
    elsewhere: Vec<crate::unit::Elsewhere>,
}

/// Whether `key` is under `spring.kafka`, in any relaxed form.
fn is_spring_kafka(key: &str) -> bool {
    split_spring_kafka(key).is_some()
}

/// The part of `key` after `spring.kafka.`, compared as relaxed binding does.
fn split_spring_kafka(key: &str) -> Option<&str> {
    let mut parts = key.splitn(3, '.');
    let spring = parts.next()?;
    let kafka = parts.next()?;
    let rest = parts.next()?;
    (mapping::uniform(spring) == "spring" && mapping::uniform(kafka) == "kafka").then_some(rest)
}

impl SpringDoc {
    fn build(
        text: SourceText,
        entries: Vec<Entry>,
        comments: Vec<Comment>,
        load_error: Option<LoadError>,
        (syntax, boot): (Syntax, BootVersion),
        profile: Option<&str>,
    ) -> SpringDoc {
        let mut settings = Vec::new();
        let mut origins = Vec::new();
        let mut unknown = Vec::new();
        let mut hidden = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            if SettingValue::for_key(&entry.key, entry.value.clone()).is_secret() {
                hidden.push(entry.value_span);
            }
            let Some(rest) = split_spring_kafka(&entry.key) else {
                continue;
            };
            match mapping::resolve(rest, boot) {
                Resolved::Typed(property) => {
                    if let Some(key) = &property.kafka_key {
                        let value = convert::to_kafka(property.kind, &entry.value)
                            .unwrap_or_else(|| entry.value.clone());
                        settings.push(setting(entry, key, value));
                        origins.push(origin(property, false, entry, index));
                    }
                }
                Resolved::Passed { map, key } => {
                    settings.push(setting(entry, &key, entry.value.clone()));
                    origins.push(origin(map, true, entry, index));
                }
                Resolved::EmptyMap(_) => {}
                // A base file's unknown keys are found when it is linted.
                Resolved::Unknown { .. } if units::is_base(entry.document) => {}
                Resolved::Unknown {
                    suggestion,
                    elsewhere,
                } => {
                    // A misspelt password property still holds a password.
                    let secret = suggestion.is_some_and(|p| {
                        p.kafka_key
                            .as_deref()
                            .is_some_and(crate::secret::is_secret_key)
                            || crate::secret::is_secret_key(&p.name)
                    });
                    if secret {
                        hidden.push(entry.value_span);
                    }
                    unknown.push(UnknownKey {
                        entry: index,
                        suggestion,
                        elsewhere,
                        boot,
                    });
                }
            }
        }
        let (units, unit_homes) = units::build(&entries, &mut settings, &mut origins, profile);
        SpringDoc {
            file: SourceFile {
                text: Arc::new(text),
                settings,
                comments,
                units,
                load_error,
                hidden,
            },
            syntax,
            entries,
            origins,
            unknown,
            unit_homes,
            cancelled: Vec::new(),
            yaml: None,
            elsewhere: Vec::new(),
        }
    }

    pub fn text(&self) -> &SourceText {
        &self.file.text
    }

    /// The key to write for Kafka key `key` of `client`, as path segments:
    /// the typed property when Spring has one, else an entry of the client's
    /// `properties` map (the Kafka key one segment).
    fn spring_path(&self, client: Client, key: &str) -> Vec<String> {
        let mut path = vec!["spring".to_string(), "kafka".to_string()];
        match mapping::typed_for(client, key) {
            Some(property) => path.extend(property.name.split('.').map(str::to_string)),
            None => {
                let map = mapping::map_of(client).map_or("properties", |m| m.name.as_str());
                path.extend(map.split('.').map(str::to_string));
                path.push(key.to_string());
            }
        }
        path
    }

    /// Whether entry `entry` is a base file's: edits write the profile file only.
    fn in_base(&self, entry: usize) -> bool {
        self.entries
            .get(entry)
            .is_none_or(|e| units::is_base(e.document))
    }

    /// The entry a setting comes from, when it is written in this file.
    fn own_entry(&self, setting: usize) -> Option<usize> {
        self.origins[setting].entry.filter(|&e| !self.in_base(e))
    }

    /// The document a key the file does not write goes to: its first own one.
    fn first_document(&self) -> usize {
        self.unit_homes.first().map_or(0, |(_, d)| *d)
    }

    /// Entry `entry` renamed to the full key `new_key`, in the file's syntax.
    pub fn rename_entry(&self, entry: usize, new_key: &str) -> TextEdit {
        if self.in_base(entry) {
            return TextEdit {
                span: Span::empty_at(0),
                replacement: String::new(),
            };
        }
        match &self.yaml {
            Some(side) => side.rename(entry, new_key),
            None => TextEdit {
                span: self.entries[entry].key_span,
                replacement: new_key.to_string(),
            },
        }
    }

    /// A new entry setting Kafka key `key` of `client`, at the end of `document`.
    fn append_for(&self, client: Client, document: usize, key: &str, value: &str) -> TextEdit {
        let path = self.spring_path(client, key);
        if let Some(side) = &self.yaml {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            return side.insert(document, &path, value);
        }
        let line = format!(
            "{}={}",
            path.join("."),
            super::properties::escape_value(value)
        );
        let end = self.document_end(document);
        let newline = self.text().lines.dominant_ending().as_str();
        let at = self.text().lines.covering_lines(Span::new(end, end)).end;
        let ends_with_break =
            at > 0 && matches!(self.text().bytes.get(at - 1), Some(b'\n' | b'\r'));
        let replacement = if ends_with_break {
            format!("{line}{newline}")
        } else {
            format!("{newline}{line}{newline}")
        };
        TextEdit {
            span: Span::empty_at(at),
            replacement,
        }
    }

    /// Where the entries of `document` end: a new line goes after it.
    fn document_end(&self, document: usize) -> usize {
        self.entries
            .iter()
            .filter(|e| e.document == document)
            .map(|e| e.span.end)
            .max()
            .unwrap_or(self.text().bytes.len())
    }
}

fn setting(entry: &Entry, key: &str, value: String) -> Setting {
    Setting::new(
        key,
        SettingValue::for_key(key, value),
        entry.key_span,
        entry.value_span,
        entry.span,
    )
    .with_source_key(entry.key.clone())
}

fn origin(property: &'static Property, passed: bool, entry: &Entry, index: usize) -> Origin {
    Origin {
        property,
        passed,
        document: entry.document,
        entry: Some(index),
    }
}

/// `name` (a canonical kebab element) in the style of `written`: camelCase,
/// snake_case or kebab-case, as the file writes its keys.
pub fn in_style_of(name: &str, written: &str) -> String {
    if written.contains('_') {
        return name.replace('-', "_");
    }
    if written.chars().any(|c| c.is_ascii_uppercase()) && !written.contains('-') {
        let mut out = String::new();
        let mut upper = false;
        for c in name.chars() {
            match c {
                '-' => upper = true,
                c if upper => {
                    out.push(c.to_ascii_uppercase());
                    upper = false;
                }
                c => out.push(c),
            }
        }
        return out;
    }
    name.to_string()
}

/// The written key renamed to `property`: the written prefix kept where it
/// names the same elements, the rest in the written style.
pub fn renamed_key(written: &str, property: &Property) -> String {
    let written_last = written.rsplit('.').next().unwrap_or(written);
    let names: Vec<String> = property
        .name
        .split('.')
        .map(|n| in_style_of(n, written_last))
        .collect();
    let head = written.splitn(3, '.').take(2).collect::<Vec<_>>().join(".");
    format!("{head}.{}", names.join("."))
}

/// A map entry's written key with the map key `old` renamed to `to` (dotted
/// or bracketed: `properties.old`, `properties[old]`).
fn renamed_map_key(written: &str, old: &str, to: &str) -> String {
    if let Some(prefix) = written.strip_suffix(&format!("[{old}]")) {
        return format!("{prefix}[{to}]");
    }
    match written.strip_suffix(old) {
        Some(prefix) => format!("{prefix}{to}"),
        None => written.to_string(),
    }
}

impl Parsed for SpringDoc {
    fn file(&self) -> &SourceFile {
        &self.file
    }

    fn replace_value(&self, setting: usize, value: &str) -> TextEdit {
        let origin = &self.origins[setting];
        let Some(entry) = self.own_entry(setting) else {
            // Spring's default, or a base file's value: the profile file
            // writes the property with the new value, which wins.
            let key = &self.file.settings[setting].key();
            return self.append_for(origin.property.client, self.first_document(), key, value);
        };
        let span = self.file.settings[setting].value_span();
        match &self.yaml {
            Some(side) => side.replace_value(entry, span, value),
            None => TextEdit {
                span,
                replacement: super::properties::escape_value(value),
            },
        }
    }

    fn rename_key(&self, setting: usize, to: &str) -> TextEdit {
        let origin = &self.origins[setting];
        let Some(entry) = self.own_entry(setting) else {
            // Spring's default, or a base file's value: the new key is written instead.
            let value = self.file.settings[setting].value().expose();
            return self.append_for(origin.property.client, self.first_document(), to, value);
        };
        let written = &self.entries[entry].key;
        let new_key = if origin.passed {
            renamed_map_key(written, self.file.settings[setting].key(), to)
        } else {
            self.spring_path(origin.property.client, to).join(".")
        };
        self.rename_entry(entry, &new_key)
    }

    fn remove(&self, setting: usize) -> TextEdit {
        let Some(entry) = self.own_entry(setting) else {
            // Spring's default, or a base file's value, is not in the file:
            // nothing to remove.
            return TextEdit {
                span: Span::empty_at(0),
                replacement: String::new(),
            };
        };
        match &self.yaml {
            Some(side) => side.remove(entry),
            None => TextEdit {
                span: self
                    .text()
                    .lines
                    .covering_lines(self.file.settings[setting].span()),
                replacement: String::new(),
            },
        }
    }

    fn append(&self, unit: usize, key: &str, value: &str) -> TextEdit {
        let (client, document) = self.unit_homes[unit];
        self.append_for(client, document, key, value)
    }

    fn check(&self, units: &[UnitModel], out: &mut Vec<Diagnostic>) {
        checks::run_all(self, units, out);
    }

    fn elsewhere(&self) -> &[crate::unit::Elsewhere] {
        &self.elsewhere
    }
}
