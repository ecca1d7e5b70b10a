//! The effective configuration: every key's value as Kafka interprets it, and
//! whether the file set it or it comes from the target version's default.
//! Several Kafka behaviours (idempotence, delivery timeout, auto-commit) depend on
//! that difference, so it is kept explicitly.

use super::value::{self, TypeError, Value};
use crate::catalog::{self, Catalog, KeyDef, Role};
use crate::source::Document;
use std::collections::HashMap;

/// Where an effective value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueSource {
    /// Set in the file: the index of the entry Java keeps (the last duplicate).
    File { entry: usize },
    /// Not set: the catalog default of the target version.
    Default,
}

#[derive(Clone, Debug)]
pub struct EffectiveValue {
    pub key: String,
    /// The value text before Kafka's trimming; `None` for defaults that are null.
    pub raw: Option<String>,
    /// The typed value; `None` when the value does not parse or is null.
    pub value: Option<Value>,
    pub type_error: Option<TypeError>,
    pub source: ValueSource,
    /// The catalog's facts for this key, role and version, if it knows the key.
    pub def: Option<&'static KeyDef>,
    /// Never printed: shown as `[hidden]`.
    pub secret: bool,
}

impl EffectiveValue {
    pub fn is_explicit(&self) -> bool {
        matches!(self.source, ValueSource::File { .. })
    }

    /// The value as it may be shown to a user.
    pub fn display(&self) -> String {
        if self.secret {
            return super::HIDDEN.to_string();
        }
        self.raw
            .clone()
            .map(|r| value::java_trim(&r).to_string())
            .unwrap_or_else(|| "null".to_string())
    }
}

#[derive(Clone, Debug, Default)]
pub struct EffectiveConfig {
    values: Vec<EffectiveValue>,
    index: HashMap<String, usize>,
}

impl EffectiveConfig {
    /// File values first (one per distinct key, in file order), then the role's
    /// defaults for the keys the file does not set.
    pub fn build(doc: &Document, role: Option<Role>, catalog: &'static Catalog) -> EffectiveConfig {
        let mut config = EffectiveConfig::default();
        let mut last: HashMap<&str, usize> = HashMap::new();
        for (i, e) in doc.entries.iter().enumerate() {
            last.insert(&e.key, i);
        }
        for (i, e) in doc.entries.iter().enumerate() {
            if last.get(e.key.as_str()) != Some(&i) {
                continue;
            }
            let def = role.and_then(|r| catalog.key(r, &e.key));
            let (value, type_error) = match def {
                Some(d) => match value::parse(d.ty, &e.value) {
                    Ok(v) => (Some(v), None),
                    Err(err) => (None, Some(err)),
                },
                None => (Some(Value::Str(e.value.clone())), None),
            };
            config.push(EffectiveValue {
                key: e.key.clone(),
                raw: Some(e.value.clone()),
                value,
                type_error,
                source: ValueSource::File { entry: i },
                def,
                secret: super::is_secret(&e.key, def),
            });
        }
        if let Some(role) = role.filter(|r| catalog.has_role(*r)) {
            for def in catalog.keys(role) {
                if config.index.contains_key(&def.name) {
                    continue;
                }
                let raw = match &def.default {
                    catalog::Default::Value(v) => Some(v.clone()),
                    _ => None,
                };
                let value = raw.as_deref().and_then(|r| value::parse(def.ty, r).ok());
                config.push(EffectiveValue {
                    key: def.name.clone(),
                    raw,
                    value,
                    type_error: None,
                    source: ValueSource::Default,
                    def: Some(def),
                    secret: super::is_secret(&def.name, Some(def)),
                });
            }
        }
        config
    }

    fn push(&mut self, value: EffectiveValue) {
        self.index.insert(value.key.clone(), self.values.len());
        self.values.push(value);
    }

    pub fn get(&self, key: &str) -> Option<&EffectiveValue> {
        self.index.get(key).map(|&i| &self.values[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &EffectiveValue> {
        self.values.iter()
    }

    /// The values the file sets, in file order.
    pub fn explicit(&self) -> impl Iterator<Item = &EffectiveValue> {
        self.values.iter().filter(|v| v.is_explicit())
    }
}
