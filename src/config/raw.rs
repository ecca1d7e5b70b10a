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
}

/// One `[[cluster]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawCluster {
    pub name: Spanned<String>,
    pub broker: Option<Spanned<String>>,
    pub broker_version: Option<Spanned<String>>,
    pub clients: Spanned<Vec<Spanned<String>>>,
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
}

/// `[rules]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawRules {
    #[serde(default)]
    pub select: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
}
