//! `cfg`, `explicit`, `broker`, `broker_explicit` and `derived`: maps that
//! work a key's value out when an expression first asks for it. A file's rules
//! ask for a few keys of the dozens they declare in `reads`; building every
//! entry of these maps for every file was most of what evaluating them cost.
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

use cel::ExecutionError;
use cel::common::traits::{Container, Indexer, Iterable, Sizer, Zeroer};
use cel::common::types::{self, CelMap, CelMapKey, CelString, Type};
use cel::common::value::{CowVal, Val};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// The keys a map may have, in order, with an index to find each.
#[derive(Debug, Default)]
pub struct Keys {
    names: Vec<String>,
    index: FxHashMap<String, usize>,
}

impl Keys {
    pub fn new(names: Vec<String>) -> Keys {
        let index = names
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect();
        Keys { names, index }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The key at `i`.
    pub fn name(&self, i: usize) -> &str {
        &self.names[i]
    }

    /// The position of `key`, if it is one of the keys.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }
}

/// Which keys of a map expressions looked at since the last [`Touched::clear`],
/// and whether they used the whole map: what a verdict depends on.
#[derive(Debug, Default)]
pub struct Touched {
    keys: Box<[AtomicU64]>,
    whole: AtomicBool,
}

impl Touched {
    /// Room for the keys of `keys`.
    pub fn new(keys: &Keys) -> Touched {
        Touched {
            keys: (0..keys.len().div_ceil(64))
                .map(|_| AtomicU64::new(0))
                .collect(),
            whole: AtomicBool::new(false),
        }
    }

    pub fn clear(&self) {
        for word in &self.keys {
            word.store(0, Ordering::Relaxed);
        }
        self.whole.store(false, Ordering::Relaxed);
    }

    fn key(&self, i: usize) {
        if let Some(word) = self.keys.get(i / 64) {
            word.fetch_or(1 << (i % 64), Ordering::Relaxed);
        }
    }

    /// Whether the whole map was used (iterated, sized, compared, copied).
    pub fn whole(&self) -> bool {
        self.whole.load(Ordering::Relaxed)
    }

    /// The positions of the keys looked at, in order.
    pub fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.keys.iter().enumerate().flat_map(|(n, word)| {
            let bits = word.load(Ordering::Relaxed);
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| n * 64 + b)
        })
    }
}

/// What the map holds at a key: None leaves the key out.
pub type Entry<'a> = Box<dyn Fn(&str) -> Option<Box<dyn Val + 'a>> + Send + Sync + 'a>;

/// A value worked out once: None when the map has no such key.
type Found<'a> = OnceLock<Option<Box<dyn Val + 'a>>>;

/// A map over `keys` whose values `entry` gives, each at most once.
pub struct LazyMap<'a> {
    keys: &'a Keys,
    entry: Entry<'a>,
    /// Where the keys looked at are noted, if anywhere.
    touched: Option<&'a Touched>,
    found: Box<[Found<'a>]>,
    full: OnceLock<CelMap<'a>>,
}

impl<'a> LazyMap<'a> {
    #[cfg(test)]
    pub fn new(keys: &'a Keys, entry: Entry<'a>) -> LazyMap<'a> {
        LazyMap::noting(keys, entry, None)
    }

    /// A map that notes in `touched` which of its keys are looked at.
    pub fn noting(keys: &'a Keys, entry: Entry<'a>, touched: Option<&'a Touched>) -> LazyMap<'a> {
        LazyMap {
            keys,
            entry,
            touched,
            found: keys.names.iter().map(|_| OnceLock::new()).collect(),
            full: OnceLock::new(),
        }
    }

    /// The value at the key at `i` of `keys`, if the map has one.
    fn at(&self, i: usize) -> Option<&(dyn Val + 'a)> {
        if let Some(touched) = self.touched {
            touched.key(i);
        }
        self.found[i]
            .get_or_init(|| (self.entry)(&self.keys.names[i]))
            .as_deref()
    }

    /// The value at `key`, if the map has one.
    fn value(&self, key: &str) -> Option<&(dyn Val + 'a)> {
        self.at(*self.keys.index.get(key)?)
    }

    /// The whole map, built on first use.
    fn full(&self) -> &CelMap<'a> {
        if let Some(touched) = self.touched {
            touched.whole.store(true, Ordering::Relaxed);
        }
        self.full.get_or_init(|| {
            let mut map = HashMap::with_capacity(self.keys.names.len());
            for (i, key) in self.keys.names.iter().enumerate() {
                if let Some(value) = self.at(i) {
                    map.insert(CelMapKey::from(key.clone()), value.clone_as_boxed());
                }
            }
            CelMap::from(map)
        })
    }
}

impl std::fmt::Debug for LazyMap<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.full().fmt(f)
    }
}

/// A string key's text; None for a key of another type.
fn text(key: &dyn Val) -> Option<&str> {
    key.downcast_ref::<CelString>().map(|s| s.inner())
}

impl Val for LazyMap<'_> {
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

impl Container for LazyMap<'_> {
    fn contains(&self, key: &dyn Val) -> Result<bool, ExecutionError> {
        match text(key) {
            Some(key) => Ok(self.value(key).is_some()),
            None => self.full().contains(key),
        }
    }
}

impl<'a> Indexer for LazyMap<'a> {
    fn get<'b, 'w>(&'b self, key: &dyn Val) -> Result<CowVal<'b, 'w>, ExecutionError>
    where
        Self: 'w,
    {
        match text(key) {
            Some(key) => match self.value(key) {
                Some(value) => Ok(CowVal::Borrowed(value)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use cel::common::types::{CelInt, CelNull};

    /// `lazy` over keys `a`, `b`, `c` (`c` without a value), and `plain`, the
    /// interpreter's own map of the same entries.
    fn context(keys: &Keys) -> cel::Context<'_, '_> {
        let mut ctx = cel::Context::with_env(super::super::environment());
        let entry: Entry = Box::new(|key| match key {
            "a" => Some(Box::new(CelInt::from(1))),
            "b" => Some(Box::new(CelString::from("x"))),
            "n" => Some(Box::new(CelNull)),
            _ => None,
        });
        ctx.add_variable_as_val("lazy", Box::new(LazyMap::new(keys, entry)));
        let plain: HashMap<CelMapKey, Box<dyn Val>> = HashMap::from([
            (
                CelMapKey::from("a"),
                Box::new(CelInt::from(1)) as Box<dyn Val>,
            ),
            (CelMapKey::from("b"), Box::new(CelString::from("x"))),
            (CelMapKey::from("n"), Box::new(CelNull)),
        ]);
        ctx.add_variable_as_val("plain", Box::new(CelMap::from(plain)));
        ctx
    }

    fn eval(ctx: &cel::Context, source: &str) -> Result<cel::Value, String> {
        super::super::expr::Expr::parse(source)
            .unwrap_or_else(|e| panic!("{source}: {e}"))
            .eval(ctx)
    }

    #[test]
    fn a_lazy_map_answers_as_the_interpreters_map() {
        let keys = Keys::new(["a", "b", "c", "n"].map(String::from).to_vec());
        let ctx = context(&keys);
        for source in [
            "M['a']",
            "M.b",
            "M['n']",
            "'a' in M",
            "'c' in M",
            "'zz' in M",
            "1 in M",
            "has(M.a)",
            "has(M.c)",
            "M.size()",
            "size(M)",
            "M.all(k, k in ['a', 'b', 'n'])",
            "M.exists_one(k, k == 'b')",
            "M.map(k, k).size()",
            "type(M) == map",
            "M == plain",
            "[M] == [plain]",
            "M",
            "{'M': M}['M']['b']",
            "M['c']",
            "M['zz']",
            "M.zz",
            "M[1]",
            "M['a'] + M['b']",
        ] {
            // `M` stands for either map.
            let lazy = eval(&ctx, &source.replace('M', "lazy"));
            let plain = eval(&ctx, &source.replace('M', "plain"));
            assert_eq!(lazy, plain, "{source}");
        }
    }
}
