//! `kafkalint.toml` as written: the serde shape of the file, strict about
//! field names. Every value keeps its span so that a bad value is reported at
//! its line; [`super::parse`] turns this into a checked [`super::ProjectConfig`].

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawConfig {
    pub kafka_version: Option<Spanned<String>>,
    pub record_processing_ms: Option<Spanned<i64>>,
    pub include: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    #[serde(default)]
    pub cluster: Vec<Spanned<RawCluster>>,
    #[serde(default)]
    pub files: Vec<Spanned<RawFiles>>,
    pub rules: Option<RawRules>,
    pub spring_boot: Option<Spanned<String>>,
}

/// One `[[cluster]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawCluster {
    pub name: Spanned<String>,
    pub broker: Option<Spanned<RawBrokerFiles>>,
    pub broker_version: Option<Spanned<String>>,
    pub brokers: Option<Spanned<i64>>,
    pub clients: Option<Spanned<Vec<Spanned<String>>>>,
}

/// `broker`: one file (the configuration every broker shares), or a list
/// naming each broker's file (each with its span, so a bad one is reported at
/// its own line: serde's untagged enums would lose the spans).
#[derive(Debug)]
pub(super) enum RawBrokerFiles {
    One(String),
    Each(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for RawBrokerFiles {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Files;
        impl<'de> serde::de::Visitor<'de> for Files {
            type Value = RawBrokerFiles;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a path or an array of paths")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawBrokerFiles, E> {
                Ok(RawBrokerFiles::One(v.to_string()))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RawBrokerFiles, A::Error> {
                let mut files = Vec::new();
                while let Some(file) = seq.next_element()? {
                    files.push(file);
                }
                Ok(RawBrokerFiles::Each(files))
            }
        }
        d.deserialize_any(Files)
    }
}
/// One `[[files]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawFiles {
    pub path: Spanned<String>,
    pub role: Option<Spanned<String>>,
    pub kafka_version: Option<Spanned<String>>,
    pub record_processing_ms: Option<Spanned<i64>>,
    /// Checks not reported for these files: codes, code prefixes or names.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    pub spring_boot: Option<Spanned<String>>,
}

/// `[rules]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawRules {
    #[serde(default)]
    pub select: Vec<Spanned<String>>,
    #[serde(default)]
    pub extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
}
