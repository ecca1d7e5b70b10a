//! The effective configuration: every key's value as Kafka interprets it, and
//! whether the file set it or it comes from the target version's default.
//! Several Kafka behaviours (idempotence, delivery timeout, auto-commit) depend on
//! that difference, so it is kept explicitly.

use super::value::{self, TypeError, Value};
use crate::catalog::{self, Catalog, KeyDef, Role};
use crate::secret::SettingValue;
use crate::unit::{SourceFile, UnitSource};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Where an effective value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueSource {
    /// Set in the file: the index of the entry Java keeps (the last duplicate).
    File { entry: usize },
    /// Not set: the catalog default of the target version.
    Default,
    /// Not set, but filled in by Kafka before it validates: from another key
    /// (`node.id` from `broker.id`), or by Kafka itself.
    Filled { from: &'static str },
}

#[derive(Clone, Debug)]
pub struct EffectiveValue {
    pub key: String,
    /// The value text before Kafka's trimming; `None` for defaults that are null.
    pub raw: Option<SettingValue>,
    /// The typed value; `None` when the value does not parse or is null.
    pub value: Option<Value>,
    pub type_error: Option<TypeError>,
    pub source: ValueSource,
    /// The catalog's facts for this key, role and version, if it knows the key.
    pub def: Option<&'static KeyDef>,
}

impl EffectiveValue {
    pub fn is_explicit(&self) -> bool {
        matches!(self.source, ValueSource::File { .. })
    }

    /// Whether the value is a secret, never to be shown.
    pub fn is_secret(&self) -> bool {
        self.raw.as_ref().is_some_and(SettingValue::is_secret)
    }

    /// The value as it may be shown to a user: trimmed as Kafka trims it,
    /// `[hidden]` for a secret.
    pub fn display(&self) -> String {
        self.raw
            .as_ref()
            .map(|r| value::java_trim(&r.shown()).to_string())
            .unwrap_or_else(|| "null".to_string())
    }
}

/// The defaults of one role in one Kafka version: the same for every file of
/// that kind, so shared by the run, and each built on first use (a run that
/// reads ten of a broker's three hundred defaults builds ten).
#[derive(Debug)]
struct Defaults {
    catalog: &'static Catalog,
    role: Role,
    values: Vec<OnceLock<EffectiveValue>>,
}

impl Defaults {
    fn value(&self, i: usize) -> Option<&EffectiveValue> {
        let def = self.catalog.key_at(self.role, i)?;
        let slot = self.values.get(i)?;
        Some(slot.get_or_init(|| {
            let raw = match &def.default {
                catalog::Default::Value(v) => Some(SettingValue::for_key(&def.name, v.clone())),
                _ => None,
            };
            EffectiveValue {
                key: def.name.clone(),
                value: raw
                    .as_ref()
                    .and_then(|r| value::parse_setting(def.ty, r).ok()),
                raw,
                type_error: None,
                source: ValueSource::Default,
                def: Some(def),
            }
        }))
    }

    fn get(&self, key: &str) -> Option<&EffectiveValue> {
        self.value(self.catalog.key_index(self.role, key)?)
    }
}

fn defaults(catalog: &'static Catalog, role: Role) -> Arc<Defaults> {
    type Cache = Mutex<HashMap<(&'static str, Role), Arc<Defaults>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Cache::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let entry = cache.entry((catalog.version(), role)).or_insert_with(|| {
        Arc::new(Defaults {
            catalog,
            role,
            values: (0..catalog.key_count(role))
                .map(|_| OnceLock::new())
                .collect(),
        })
    });
    Arc::clone(entry)
}

#[derive(Clone, Debug, Default)]
pub struct EffectiveConfig {
    /// The values the file sets, in file order.
    values: Vec<EffectiveValue>,
    index: FxHashMap<String, usize>,
    /// The role's defaults for this version, shared with every other such file.
    defaults: Option<Arc<Defaults>>,
}

impl EffectiveConfig {
    /// File values first (one per distinct key, in file order), then the role's
    /// defaults for the keys the file does not set.
    pub fn build(
        file: &SourceFile,
        unit: &UnitSource,
        role: Option<Role>,
        catalog: &'static Catalog,
    ) -> EffectiveConfig {
        let mut config = EffectiveConfig::default();
        for &i in unit.kept() {
            let e = &file.settings[i];
            // Streams and Connect pass keys on to their clients: `producer.linger.ms`
            // is typed as the producer's `linger.ms`.
            let def = role.and_then(|r| Some(catalog.resolve(r, &e.key)?.def));
            let (value, type_error) = match def {
                Some(d) => match value::parse_setting(d.ty, &e.value) {
                    Ok(v) => (Some(v), None),
                    Err(err) => (None, Some(err)),
                },
                None => (Some(Value::untyped(&e.value)), None),
            };
            config.index.insert(e.key.clone(), config.values.len());
            config.values.push(EffectiveValue {
                key: e.key.clone(),
                raw: Some(e.value.clone()),
                value,
                type_error,
                source: ValueSource::File { entry: i },
                def,
            });
        }
        config.defaults = role
            .filter(|r| catalog.has_role(*r))
            .map(|r| defaults(catalog, r));
        config
    }

    /// Puts a value Kafka fills in in place of the key's default.
    pub fn fill(&mut self, value: EffectiveValue) {
        match self.index.get(&value.key) {
            Some(&i) => self.values[i] = value,
            None => {
                self.index.insert(value.key.clone(), self.values.len());
                self.values.push(value);
            }
        }
    }

    /// A role's defaults for a version, as for a file that sets nothing.
    pub fn defaults_only(role: Role, catalog: &'static Catalog) -> EffectiveConfig {
        EffectiveConfig {
            defaults: catalog.has_role(role).then(|| defaults(catalog, role)),
            ..EffectiveConfig::default()
        }
    }

    pub fn get(&self, key: &str) -> Option<&EffectiveValue> {
        match self.index.get(key) {
            Some(&i) => Some(&self.values[i]),
            None => self.defaults.as_ref()?.get(key),
        }
    }

    /// Every key: the file's values in file order, then the defaults it does not override.
    pub fn iter(&self) -> impl Iterator<Item = &EffectiveValue> {
        let defaults = self.defaults.as_deref();
        let count = defaults.map_or(0, |d| d.values.len());
        self.values.iter().chain(
            (0..count)
                .filter_map(move |i| defaults.and_then(|d| d.value(i)))
                .filter(|d| !self.index.contains_key(&d.key)),
        )
    }

    /// The integer value of `key`, if it has one.
    pub fn int(&self, key: &str) -> Option<i64> {
        match self.get(key)?.value {
            Some(Value::Int(i)) => Some(i),
            _ => None,
        }
    }

    /// The boolean value of `key`, if it has one.
    pub fn boolean(&self, key: &str) -> Option<bool> {
        match self.get(key)?.value {
            Some(Value::Bool(b)) => Some(b),
            _ => None,
        }
    }

    /// The string value of `key`, if it has one.
    pub fn text(&self, key: &str) -> Option<&str> {
        match &self.get(key)?.value {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// The values the file sets, in file order.
    pub fn explicit(&self) -> impl Iterator<Item = &EffectiveValue> {
        self.values.iter().filter(|v| v.is_explicit())
    }
}
