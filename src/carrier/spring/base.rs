//! A profile-specific file's base files: Spring Boot loads
//! `application-<profile>.properties|yml|yaml` over the `application.*` files
//! of its locations when the profile is active, so the profile file's units
//! are its settings merged over the base files' default documents.
//!
//! What Boot does (`StandardConfigDataLocationResolver` and
//! `ConfigDataEnvironment` in spring-boot 2.4 to 4.0; the reference's
//! "External Application Properties"):
//! - the default locations are `./` then `./config/` (classpath and file
//!   alike), a later location winning, so `config/application.yml` wins over
//!   `./application.yml`;
//! - in one location, `getReferencesForConfigName` puts each loader's
//!   extensions first in turn (`addFirst`), so `.properties` wins over `.yml`,
//!   which wins over `.yaml`;
//! - a profile-specific file wins over every file without a profile, whatever
//!   their locations.
//!
//! The base files' texts stand in the profile file's text after its own (as
//! a compose env file's do), so their settings keep one kind of span and
//! findings on them are moved to the base file (see `engine::relocate`).

use super::{Entry, units};
use crate::text::{Encoding, SourceText, Span};
use crate::unit::Elsewhere;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The extensions of one location, lowest precedence first.
const EXTENSIONS: [&str; 3] = ["yaml", "yml", "properties"];

/// The config names whose profile files have a base (`bootstrap` is Spring
/// Cloud's, loaded the same way).
const CONFIG_NAMES: [&str; 2] = ["application", "bootstrap"];

/// The profile of a profile-specific file and its config name:
/// `application-prod-eu.yml` is `("application", "prod-eu")`.
pub fn profile_of(path: &Path) -> Option<(&'static str, String)> {
    let name = path.file_name()?.to_str()?;
    let (stem, extension) = name.rsplit_once('.')?;
    if !EXTENSIONS.contains(&extension) {
        return None;
    }
    CONFIG_NAMES.iter().find_map(|config| {
        let profile = stem.strip_prefix(config)?.strip_prefix('-')?;
        (!profile.is_empty()).then(|| (*config, profile.to_string()))
    })
}

/// The base files a profile file is loaded over, lowest precedence first:
/// the `./` location's, then `./config/`'s (the profile file being in either).
fn candidates(path: &Path, config: &str) -> Vec<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let in_config = dir.file_name().is_some_and(|n| n == "config");
    let (root, config_dir) = if in_config {
        (
            dir.parent().unwrap_or(Path::new("")).to_path_buf(),
            dir.to_path_buf(),
        )
    } else {
        (dir.to_path_buf(), dir.join("config"))
    };
    [root, config_dir]
        .iter()
        .flat_map(|d| {
            EXTENSIONS
                .iter()
                .map(move |x| d.join(format!("{config}.{x}")))
        })
        .collect()
}

/// The base files' default documents, placed after the profile file's text.
#[derive(Default)]
pub struct Bases {
    /// Their entries, spans in the joined text, each base one document.
    pub entries: Vec<Entry>,
    pub elsewhere: Vec<Elsewhere>,
    /// The joined text after the profile file's own.
    tail: Vec<u8>,
    /// The file's profile.
    profile: Option<String>,
}

impl Bases {
    /// The bases of the file at `path` (none when it is no profile file, or
    /// its bases set nothing for Kafka), whose own text is `own_len` bytes.
    pub fn read(path: Option<&Path>, own_len: usize, encoding: Encoding) -> Bases {
        let mut bases = Bases::default();
        let Some(path) = path else { return bases };
        let Some((config, profile)) = profile_of(path) else {
            return bases;
        };
        bases.profile = Some(profile);
        for candidate in candidates(path, config) {
            let Ok(bytes) = crate::input::read_regular(&candidate, crate::input::DEFAULT_MAX_BYTES)
            else {
                continue;
            };
            bases.add(&candidate, bytes, own_len, encoding);
        }
        bases
    }

    /// Adds one base file, when its default documents configure Kafka.
    fn add(&mut self, path: &Path, bytes: Vec<u8>, own_len: usize, encoding: Encoding) {
        let yaml = crate::carrier::is_yaml(path);
        let read = if yaml {
            super::yaml::entries(&bytes)
        } else {
            Some(super::properties_entries(&bytes, encoding))
        };
        let Some(entries) = read else { return };
        let defaults = default_documents(entries);
        if !defaults.iter().any(|e| super::is_spring_kafka(&e.key)) {
            return;
        }
        let base = own_len + self.tail.len() + 1;
        let document = units::BASE_DOCUMENT + self.elsewhere.len();
        self.entries
            .extend(defaults.into_iter().map(|e| moved(e, base, document)));
        self.tail.push(b'\n');
        self.tail.extend_from_slice(&bytes);
        let encoding = if yaml { Encoding::Utf8 } else { encoding };
        self.elsewhere.push(Elsewhere {
            path: crate::engine::display(path),
            text: Arc::new(SourceText::new(bytes, encoding)),
            base,
            named_at: Span::empty_at(0),
            linted_alone: true,
        });
    }

    /// The profile the units are labelled with: the file's, when it is linted
    /// over base files.
    pub fn profile(&self) -> Option<&str> {
        self.profile
            .as_deref()
            .filter(|_| !self.elsewhere.is_empty())
    }

    /// The profile file's bytes followed by its bases'.
    pub fn joined(&self, own: &[u8]) -> Vec<u8> {
        let mut out = own.to_vec();
        out.extend_from_slice(&self.tail);
        out
    }
}

/// The entries of the documents no profile or platform activates.
fn default_documents(entries: Vec<Entry>) -> Vec<Entry> {
    let active: Vec<usize> = entries
        .iter()
        .map(|e| e.document)
        .filter(|&d| units::activation(&entries, d).is_some())
        .collect();
    entries
        .into_iter()
        .filter(|e| !active.contains(&e.document))
        .collect()
}

fn moved(entry: Entry, base: usize, document: usize) -> Entry {
    let shift = |s: Span| Span::new(s.start + base, s.end + base);
    Entry {
        key_span: shift(entry.key_span),
        value_span: shift(entry.value_span),
        span: shift(entry.span),
        document,
        ..entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_is_the_name_after_the_config_name() {
        let profile = |p: &str| profile_of(Path::new(p)).map(|(_, p)| p);
        assert_eq!(
            profile("src/application-prod-eu.yml").as_deref(),
            Some("prod-eu")
        );
        assert_eq!(
            profile("application-default.properties").as_deref(),
            Some("default")
        );
        assert_eq!(profile("bootstrap-dev.yaml").as_deref(), Some("dev"));
        assert_eq!(profile("application.yml"), None);
        assert_eq!(profile("application-.yml"), None);
        assert_eq!(profile("applications-x.yml"), None);
        assert_eq!(profile("application-x.json"), None);
    }

    #[test]
    fn config_wins_over_the_root_and_properties_over_yaml() {
        let names = |p: &str| -> Vec<String> {
            candidates(Path::new(p), "application")
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect()
        };
        let expected = [
            "d/application.yaml",
            "d/application.yml",
            "d/application.properties",
            "d/config/application.yaml",
            "d/config/application.yml",
            "d/config/application.properties",
        ];
        assert_eq!(names("d/application-prod.yml"), expected);
        assert_eq!(names("d/config/application-prod.yml"), expected);
    }
}
