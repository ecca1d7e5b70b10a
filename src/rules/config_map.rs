//! `cfg`, `explicit`, `broker` and `broker_explicit`: maps of a configuration's
//! values that look a key up when an expression asks for it. A file's rules
//! ask for a few keys of the dozens they declare in `reads`; building every
//! entry of the four maps for every file was most of what evaluating them
//! cost.
//!
//! `m["key"]`, `m.key` and `"key" in m` are answered from the configuration.
//! Anything else (a comprehension, `size`, equality, a copy) is done by the map
//! the interpreter would otherwise have been given, built on first such use.
//! The map is not one of the interpreter's own types: those are told apart by
//! downcasting, which every index and select does (is it an optional?), and
//! building the whole map to answer that would undo the point. A copy of it is
//! one of them (put in a list, returned by a function). Two differences remain,
//! for expressions that no rule has a use for: a map literal on the left of
//! `==` with the bare variable on the right compares unequal, and the bare
//! variable as the whole value of an expression is converted by `Expr::eval`
//! through a copy.

use crate::model::effective::{EffectiveConfig, EffectiveValue};
use cel::ExecutionError;
use cel::common::traits::{Container, Indexer, Iterable, Sizer, Zeroer};
use cel::common::types::{self, CelMap, CelMapKey, CelString, Type};
use cel::common::value::{CowVal, Val};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// What the map holds for a key the configuration has: None leaves the key out.
pub type Entry = for<'c> fn(&'c EffectiveValue) -> Option<Box<dyn Val + 'c>>;

/// The entries of `keys` (sorted) in `config`, as `entry` gives them.
pub struct ConfigMap<'a> {
    config: &'a EffectiveConfig,
    keys: &'a [String],
    entry: Entry,
    full: OnceLock<CelMap<'a>>,
}

impl<'a> ConfigMap<'a> {
    pub fn new(config: &'a EffectiveConfig, keys: &'a [String], entry: Entry) -> ConfigMap<'a> {
        ConfigMap {
            config,
            keys,
            entry,
            full: OnceLock::new(),
        }
    }

    /// The value at `key`, if the map has one.
    fn value(&self, key: &str) -> Option<Box<dyn Val + 'a>> {
        self.keys.binary_search_by(|k| k.as_str().cmp(key)).ok()?;
        visible(self.config.get(key)?).and_then(self.entry)
    }

    /// The whole map, built on first use.
    fn full(&self) -> &CelMap<'a> {
        self.full.get_or_init(|| {
            let mut map = HashMap::with_capacity(self.keys.len());
            for v in self
                .keys
                .iter()
                .filter_map(|k| visible(self.config.get(k)?))
            {
                if let Some(value) = (self.entry)(v) {
                    map.insert(CelMapKey::from(v.key.as_str()), value);
                }
            }
            CelMap::from(map)
        })
    }
}

/// The value, unless it is of a key this version of the role does not have
/// but another does: one Kafka ignores, which rules do not see.
fn visible(v: &EffectiveValue) -> Option<&EffectiveValue> {
    (v.def.is_some() || crate::catalog::key_history(&v.key).is_empty()).then_some(v)
}

impl std::fmt::Debug for ConfigMap<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.full().fmt(f)
    }
}

/// A string key's text; None for a key of another type.
fn text(key: &dyn Val) -> Option<&str> {
    key.downcast_ref::<CelString>().map(|s| s.inner())
}

impl Val for ConfigMap<'_> {
    fn get_type(&self) -> &Type {
        &types::MAP_TYPE
    }

    fn cel_type() -> &'static Type {
        &types::MAP_TYPE
    }

    fn as_container(&self) -> Option<&dyn Container> {
        Some(self)
    }

    fn as_indexer<'b, 'w>(&'b self) -> Option<&'b (dyn Indexer + 'w)>
    where
        Self: 'w,
    {
        Some(self)
    }

    fn into_indexer<'w>(self: Box<Self>) -> Option<Box<dyn Indexer + 'w>>
    where
        Self: 'w,
    {
        Some(Box::new(self.full().clone()))
    }

    fn as_iterable<'b, 'w>(&'b self) -> Option<&'b (dyn Iterable + 'w)>
    where
        Self: 'w,
    {
        Some(self.full())
    }

    fn as_sizer(&self) -> Option<&dyn Sizer> {
        Some(self.full())
    }

    fn as_zeroer(&self) -> Option<&dyn Zeroer> {
        Some(self.full())
    }

    fn equals(&self, other: &dyn Val) -> bool {
        // A map tells another map by downcasting it, which this type is not
        // (see the module's documentation): compared as the map it stands for.
        self.full().equals(other.clone_as_boxed().as_ref())
    }

    fn clone_as_boxed<'w>(&self) -> Box<dyn Val + 'w>
    where
        Self: 'w,
    {
        Box::new(self.full().clone())
    }
}

impl Container for ConfigMap<'_> {
    fn contains(&self, key: &dyn Val) -> Result<bool, ExecutionError> {
        match text(key) {
            Some(key) => Ok(self.value(key).is_some()),
            None => self.full().contains(key),
        }
    }
}

impl<'a> Indexer for ConfigMap<'a> {
    fn get<'b, 'w>(&'b self, key: &dyn Val) -> Result<CowVal<'b, 'w>, ExecutionError>
    where
        Self: 'w,
    {
        match text(key) {
            Some(key) => match self.value(key) {
                Some(value) => Ok(CowVal::Owned(value)),
                // As the map would say.
                None => Err(ExecutionError::NoSuchKey(Arc::new(key.to_string()))),
            },
            None => self.full().get(key),
        }
    }

    fn steal<'w>(self: Box<Self>, key: &dyn Val) -> Result<Box<dyn Val + 'w>, ExecutionError>
    where
        Self: 'w,
    {
        self.get(key).map(CowVal::into_owned)
    }
}
