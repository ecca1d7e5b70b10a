//! Verdicts reused from file to file. A rule's expressions see a file through
//! the keys they look at; two files of the same role and version that give
//! those keys the same values (or both leave them unset), with the version's
//! broker defaults, make the rule take the same branches and say the same
//! things. So a rule is evaluated once per situation and values of the keys it
//! rests on, and its verdict placed in each such file by [`Rule::finding`],
//! as evaluating it there would have.
//!
//! A verdict rests on the keys the rule declares in `reads` (they decide
//! whether it runs and what its findings relate to) and the keys its removal
//! fixes remove (whether the file sets them decides whether there is a fix);
//! what an evaluation looked at is noted as it runs (`Bindings`). A verdict is
//! kept only when the evaluation looked at no other key of the file: not at an
//! undeclared key, not at `cfg` or `explicit` whole, not at a field of
//! `derived` that does not declare the keys it is worked out from (a rule that
//! names a field that does rests on those keys too). Neither is a verdict kept
//! when it failed, nor when a key it rests on holds a secret or a long value.
//!
//! A key that every expression of a rule only compares with null or `""`
//! (`Rule::shape_only_keys`) counts, when the file sets it to a string, as
//! empty or not rather than by its text.
//!
//! A key's value is as the effective configuration gives it: unset (the
//! version's default, the same in every file of the situation), set by the
//! file (its text), or filled in by Kafka (from which key, and its text).
//! Everything else an expression sees is the situation's: the role, the
//! requested version and its catalog, the broker (the defaults of a version,
//! never a broker file: with one, nothing is reused), the hints, the cluster's
//! broker count and the topic's replicas.
//!
//! What is kept is bounded, whatever the number of files: so many verdicts a
//! rule and situation, so many in all.

use super::config_map::Keys;
use super::context::{BrokerView, is_usable};
use super::rule::Verdict;
use crate::catalog::{KafkaVersion, Role};
use crate::model::effective::{EffectiveValue, ValueSource};
use crate::model::value::Value;
use crate::model::{Hints, UnitModel};
use crate::secret::SettingValue;
use rustc_hash::FxHashMap;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// The verdicts kept for one rule in one situation, at most.
const PER_RULE: usize = 256;
/// The verdicts a run keeps, at most.
pub(super) const IN_ALL: usize = 4_096;
/// The longest value a kept verdict rests on.
const LONGEST_VALUE: usize = 512;

/// What, besides the file's keys, rules see of a unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Situation {
    role: Role,
    version: KafkaVersion,
    catalog: &'static str,
    broker_catalog: &'static str,
    record_processing_ms: Option<u64>,
    cluster_brokers: Option<u32>,
    replicas: Option<u32>,
}

impl Situation {
    /// The unit's situation; None when its verdicts are not to be shared:
    /// without a role, or with a broker file.
    pub(super) fn of(file: &UnitModel, broker: &BrokerView, hints: &Hints) -> Option<Situation> {
        if broker.file.is_some() {
            return None;
        }
        Some(Situation {
            role: file.role()?,
            version: file.version.requested,
            catalog: file.catalog.version(),
            broker_catalog: broker.catalog.version(),
            record_processing_ms: hints.record_processing_ms,
            cluster_brokers: file.cluster_brokers,
            replicas: file.source().replicas,
        })
    }
}

/// A key's value as far as a rule can tell: `S` is its text, borrowed from
/// the file or owned by a kept verdict.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum State<S> {
    /// The version's default, or no such key in this version of the role.
    Unset,
    /// Set by the file.
    File(S),
    /// Filled in by Kafka.
    Filled {
        from: &'static str,
        by_file: bool,
        text: Option<S>,
    },
    /// Set by the file to a string that the rule's expressions see only as
    /// empty or not (see [`Rule::shape_only_keys`](super::rule::Rule)).
    Shape { empty: bool },
}

impl<'a> State<&'a str> {
    /// The state of a value; None for a secret or a long value, which no
    /// verdict is kept for.
    fn of(value: Option<&'a EffectiveValue>) -> Option<State<&'a str>> {
        let Some(value) = value else {
            return Some(State::Unset);
        };
        let text = match &value.raw {
            Some(SettingValue::Plain(text)) if text.len() <= LONGEST_VALUE => Some(text.as_str()),
            Some(_) => return None,
            None => None,
        };
        Some(match value.source {
            ValueSource::Default => State::Unset,
            ValueSource::File { .. } => State::File(text?),
            ValueSource::Filled { from, by_file } => State::Filled {
                from,
                by_file,
                text,
            },
        })
    }

    fn to_owned(&self) -> State<Box<str>> {
        self.with_text(|text| (*text).into())
    }
}

impl State<Box<str>> {
    fn borrowed(&self) -> State<&str> {
        self.with_text(|text| &**text)
    }
}

impl<S> State<S> {
    /// The same state with its text (if any) made by `text`.
    fn with_text<'s, T>(&'s self, text: impl Fn(&'s S) -> T) -> State<T> {
        match self {
            State::Unset => State::Unset,
            State::File(s) => State::File(text(s)),
            State::Filled {
                from,
                by_file,
                text: filled,
            } => State::Filled {
                from,
                by_file: *by_file,
                text: filled.as_ref().map(&text),
            },
            State::Shape { empty } => State::Shape { empty: *empty },
        }
    }
}

/// The values of the keys a rule rests on, in one file, and their hash.
pub(super) struct Signature<'a> {
    states: Vec<State<&'a str>>,
    hash: u64,
}

/// A verdict and the values of the keys it rests on.
struct Entry {
    states: Box<[State<Box<str>>]>,
    verdicts: Vec<Verdict>,
}

/// The verdicts kept for one rule in one situation, by the hash of their
/// signature.
#[derive(Default)]
struct Memo {
    entries: FxHashMap<u64, Vec<Entry>>,
    count: usize,
}

/// The verdicts kept in one situation, by the position of the rule in its plan.
pub(super) struct Table {
    rules: Box<[Mutex<Memo>]>,
}

impl Table {
    pub(super) fn new(rules: usize) -> Table {
        Table {
            rules: (0..rules).map(|_| Mutex::default()).collect(),
        }
    }

    /// The rule's verdict kept for a file of this signature.
    pub(super) fn get(&self, rule: usize, signature: &Signature) -> Option<Vec<Verdict>> {
        let memo = self
            .rules
            .get(rule)?
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        memo.entries
            .get(&signature.hash)?
            .iter()
            .find(|e| {
                e.states
                    .iter()
                    .map(State::borrowed)
                    .eq(signature.states.iter().cloned())
            })
            .map(|e| e.verdicts.clone())
    }

    /// Keeps a rule's verdict for files of this signature, within the bounds
    /// (`in_all` counts the run's kept verdicts).
    pub(super) fn keep(
        &self,
        rule: usize,
        signature: &Signature,
        verdicts: &[Verdict],
        in_all: &AtomicUsize,
    ) {
        let Some(memo) = self.rules.get(rule) else {
            return;
        };
        let mut memo = memo.lock().unwrap_or_else(PoisonError::into_inner);
        if memo.count >= PER_RULE || in_all.load(Ordering::Relaxed) >= IN_ALL {
            return;
        }
        let entries = memo.entries.entry(signature.hash).or_default();
        let same = |e: &Entry| {
            e.states
                .iter()
                .map(State::borrowed)
                .eq(signature.states.iter().cloned())
        };
        if entries.iter().any(same) {
            // Another thread kept it first: the same verdict.
            return;
        }
        entries.push(Entry {
            states: signature.states.iter().map(State::to_owned).collect(),
            verdicts: verdicts.to_vec(),
        });
        memo.count += 1;
        in_all.fetch_add(1, Ordering::Relaxed);
    }
}

/// The values a file gives the keys verdicts may rest on, worked out once a
/// file for the keys it is asked about.
pub(super) struct Values<'a> {
    file: &'a UnitModel,
    keys: &'a Keys,
    /// None: not asked yet; Some(None): a value no verdict is kept for.
    known: Vec<Option<Option<State<&'a str>>>>,
    /// The last signature's states, emptied: every rule of every file has a
    /// signature, and a new vector for each was a tenth of a tree's allocations.
    spare: Vec<State<&'a str>>,
}

impl<'a> Values<'a> {
    pub(super) fn new(file: &'a UnitModel, keys: &'a Keys) -> Values<'a> {
        Values {
            file,
            keys,
            known: vec![None; keys.len()],
            spare: Vec::new(),
        }
    }

    fn state(&mut self, position: usize) -> Option<State<&'a str>> {
        if let Some(known) = self.known.get(position)?.clone() {
            return known;
        }
        let (file, key) = (self.file, self.keys.name(position));
        let state = State::of(file.config.get(key));
        self.known[position] = Some(state.clone());
        state
    }

    /// A value the rule sees only as empty or not, when the file sets it to
    /// a string it can reason about; else its state.
    fn shape(&mut self, position: usize) -> Option<State<&'a str>> {
        let state = self.state(position)?;
        if !matches!(state, State::File(_)) {
            return Some(state);
        }
        let value = self.file.config.get(self.keys.name(position))?;
        Some(match &value.value {
            Some(Value::Str(s)) if is_usable(value) => State::Shape {
                empty: s.is_empty(),
            },
            _ => state,
        })
    }

    /// The signature of the keys at `positions`; None when a verdict resting
    /// on them is not kept. `shaped` says, for each, whether the rule sees
    /// only its shape (null, empty or neither).
    pub(super) fn signature(
        &mut self,
        positions: &[usize],
        shaped: &[bool],
    ) -> Option<Signature<'a>> {
        let mut states = std::mem::take(&mut self.spare);
        states.clear();
        for (i, &p) in positions.iter().enumerate() {
            let state = match shaped.get(i) {
                Some(true) => self.shape(p),
                _ => self.state(p),
            };
            let Some(state) = state else {
                self.spare = states;
                return None;
            };
            states.push(state);
        }
        let hash = rustc_hash::FxBuildHasher.hash_one(&states);
        Some(Signature { states, hash })
    }

    /// Takes back a signature done with, for the next one's states.
    pub(super) fn recycle(&mut self, signature: Signature<'a>) {
        self.spare = signature.states;
    }
}
