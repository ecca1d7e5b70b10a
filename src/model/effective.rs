//! The effective configuration: every key's value as Kafka interprets it, and
//! whether the file set it or it comes from the target version's default.
//! Several Kafka behaviours (idempotence, delivery timeout, auto-commit) depend on
//! that difference, so it is kept explicitly.

use super::value::{self, TypeError, Value};
use crate::catalog::{self, Catalog, KeyDef, Role};
use crate::secret::SettingValue;
use crate::unit::{KeyIndex, Setting, SourceFile, UnitSource};
use once_cell::race::OnceBox;
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
    /// (`node.id` from `broker.id`), or by Kafka itself. `by_file`: Kafka builds
    /// the value from keys the file sets (`listeners` from `host.name` and
    /// `port` before 3.0), so rules treat it as set by the file.
    Filled { from: &'static str, by_file: bool },
}

#[derive(Clone, Debug)]
pub struct EffectiveValue {
    /// Inline up to 24 bytes: most keys are, and every kept setting of a
    /// file has its effective value.
    pub key: compact_str::CompactString,
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

    /// Whether the file sets the value, itself or through the keys Kafka builds
    /// it from (what rules call `explicit`).
    pub fn is_set_by_file(&self) -> bool {
        self.is_explicit() || matches!(self.source, ValueSource::Filled { by_file: true, .. })
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
    /// Boxed: a broker's hundreds of slots, mostly never filled, are then
    /// a few pages to write, not dozens.
    values: Vec<OnceBox<EffectiveValue>>,
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
            Box::new(EffectiveValue {
                key: def.name.as_str().into(),
                value: raw
                    .as_ref()
                    .and_then(|r| value::parse_setting(def.ty, r).ok()),
                raw,
                type_error: None,
                source: ValueSource::Default,
                def: Some(def),
            })
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
                .map(|_| OnceBox::new())
                .collect(),
        })
    });
    Arc::clone(entry)
}

/// One setting the file keeps: the entry it stands for, and its effective
/// value once something asks for it. A file of 400,000 keys no check reads
/// holds no copy of its keys and values: 16 bytes a key (a `OnceLock` would
/// take 24).
#[derive(Clone, Debug)]
struct Kept {
    entry: u32,
    value: OnceBox<EffectiveValue>,
}

/// Where the kept settings live: the parsed file, shared with the unit.
#[derive(Clone, Default)]
enum Settings {
    #[default]
    None,
    Parsed(Arc<dyn crate::carrier::Parsed>),
    Owned(Arc<[Setting]>),
}

impl Settings {
    fn all(&self) -> &[Setting] {
        match self {
            Settings::None => &[],
            Settings::Parsed(parsed) => &parsed.file().settings,
            Settings::Owned(settings) => settings,
        }
    }
}

#[derive(Clone, Default)]
pub struct EffectiveConfig {
    settings: Settings,
    /// The settings the file keeps, in file order.
    kept: Vec<Kept>,
    /// Finds a key's place in `kept` without a copy of the key.
    index: KeyIndex,
    /// Values Kafka fills in, in the order they were filled.
    filled: Vec<EffectiveValue>,
    /// The role and catalog that type the file's values.
    typing: Option<(Role, &'static Catalog)>,
    /// The role's defaults for this version, shared with every other such file.
    defaults: Option<Arc<Defaults>>,
}

impl std::fmt::Debug for EffectiveConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EffectiveConfig")
            .field("explicit", &self.explicit().collect::<Vec<_>>())
            .field("filled", &self.filled)
            .finish_non_exhaustive()
    }
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
        let settings = Settings::Owned(file.settings.clone().into());
        EffectiveConfig::over(settings, unit, role, catalog)
    }

    /// [`EffectiveConfig::build`] over the settings of `parsed`, which it
    /// shares instead of copying their keys and values.
    pub fn build_shared(
        parsed: &Arc<dyn crate::carrier::Parsed>,
        unit: &UnitSource,
        role: Option<Role>,
        catalog: &'static Catalog,
    ) -> EffectiveConfig {
        let settings = Settings::Parsed(Arc::clone(parsed));
        EffectiveConfig::over(settings, unit, role, catalog)
    }

    fn over(
        settings: Settings,
        unit: &UnitSource,
        role: Option<Role>,
        catalog: &'static Catalog,
    ) -> EffectiveConfig {
        let all = settings.all();
        let kept: Vec<Kept> = unit
            .kept()
            .filter(|&i| i < all.len())
            .filter_map(|i| {
                Some(Kept {
                    entry: u32::try_from(i).ok()?,
                    value: OnceBox::new(),
                })
            })
            .collect();
        let index = KeyIndex::new(kept.len(), |n| all[kept[n].entry as usize].key());
        EffectiveConfig {
            kept,
            index,
            filled: Vec::new(),
            typing: role.map(|r| (r, catalog)),
            defaults: role
                .filter(|r| catalog.has_role(*r))
                .map(|r| defaults(catalog, r)),
            settings,
        }
    }

    /// The position in `kept` of the file's value of `key`.
    fn kept_position(&self, key: &str) -> Option<usize> {
        let all = self.settings.all();
        self.index
            .find(key, |n| all[self.kept[n].entry as usize].key())
    }

    /// The effective value of a kept setting, typed on first use.
    fn kept_value<'a>(&'a self, kept: &'a Kept) -> &'a EffectiveValue {
        kept.value.get_or_init(|| {
            let entry = kept.entry as usize;
            let e = &self.settings.all()[entry];
            // Streams and Connect pass keys on to their clients: `producer.linger.ms`
            // is typed as the producer's `linger.ms`.
            let def = self
                .typing
                .and_then(|(r, catalog)| Some(catalog.resolve(r, e.key())?.def));
            let (value, type_error) = match def {
                Some(d) => match value::parse_setting(d.ty, e.value()) {
                    Ok(v) => (Some(v), None),
                    Err(err) => (None, Some(err)),
                },
                None => (Some(Value::untyped(e.value())), None),
            };
            Box::new(EffectiveValue {
                key: e.key().into(),
                raw: Some(e.value().clone()),
                value,
                type_error,
                source: ValueSource::File { entry },
                def,
            })
        })
    }

    /// For each setting the file keeps, in file order: its entry and, when the
    /// catalog knows its key, its typed value ([`EffectiveConfig::get_known`]
    /// of its key, without looking the key up again).
    pub fn kept_known(&self) -> impl Iterator<Item = (usize, Option<&EffectiveValue>)> {
        let all = self.settings.all();
        self.kept.iter().map(move |kept| {
            let entry = kept.entry as usize;
            let known = || {
                self.typing.is_some_and(|(role, catalog)| {
                    catalog.resolve(role, all[entry].key()).is_some()
                })
            };
            let value = (kept.value.get().is_some() || known())
                .then(|| self.kept_value(kept))
                .filter(|v| v.def.is_some());
            (entry, value)
        })
    }

    /// Where the value of `key` comes from, without typing it: the duplicate
    /// check asks this of every setting of a file.
    pub fn source(&self, key: &str) -> Option<ValueSource> {
        match self.kept_position(key) {
            Some(n) => match self.kept[n].value.get() {
                Some(v) => Some(v.source),
                None => Some(ValueSource::File {
                    entry: self.kept[n].entry as usize,
                }),
            },
            None => self.get(key).map(|v| v.source),
        }
    }

    /// Puts a value Kafka fills in in place of the key's default.
    pub fn fill(&mut self, value: EffectiveValue) {
        if let Some(n) = self.kept_position(&value.key) {
            self.kept[n].value = OnceBox::with_value(Box::new(value));
        } else if let Some(old) = self.filled.iter_mut().find(|v| v.key == value.key) {
            *old = value;
        } else {
            self.filled.push(value);
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
        if let Some(n) = self.kept_position(key) {
            return Some(self.kept_value(&self.kept[n]));
        }
        match self.filled.iter().find(|v| v.key == key) {
            Some(v) => Some(v),
            None => self.defaults.as_ref()?.get(key),
        }
    }

    /// [`EffectiveConfig::get`] for a key the catalog knows (its value has a
    /// [`EffectiveValue::def`]); a file's unknown keys are not typed to find out.
    pub fn get_known(&self, key: &str) -> Option<&EffectiveValue> {
        if let Some(n) = self.kept_position(key) {
            let kept = &self.kept[n];
            let known = || {
                self.typing
                    .is_some_and(|(role, catalog)| catalog.resolve(role, key).is_some())
            };
            if kept.value.get().is_none() && !known() {
                return None;
            }
            return Some(self.kept_value(kept)).filter(|v| v.def.is_some());
        }
        self.get(key).filter(|v| v.def.is_some())
    }

    /// Whether the file sets `key` or Kafka fills it in.
    fn overrides_default(&self, key: &str) -> bool {
        self.kept_position(key).is_some() || self.filled.iter().any(|v| v.key == key)
    }

    /// Every key: the file's values in file order, then the values Kafka fills
    /// in, then the defaults it does not override.
    pub fn iter(&self) -> impl Iterator<Item = &EffectiveValue> {
        let defaults = self.defaults.as_deref();
        let count = defaults.map_or(0, |d| d.values.len());
        self.kept
            .iter()
            .map(|k| self.kept_value(k))
            .chain(&self.filled)
            .chain(
                (0..count)
                    .filter_map(move |i| defaults.and_then(|d| d.value(i)))
                    .filter(|d| !self.overrides_default(&d.key)),
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
        self.kept
            .iter()
            .map(|k| self.kept_value(k))
            .filter(|v| v.is_explicit())
    }
}
