//! The project's own diagnostic type. Every output format renders this; no
//! format-specific data lives here.

mod shared_text;

pub use shared_text::SharedText;

use crate::text::Span;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }

    /// One level lower, for verdicts that rest on assumptions.
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Error => Severity::Warning,
            _ => Severity::Info,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix keeps Kafka's view of the file as the author meant it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Changes nothing Kafka relies on except the mistake itself.
    Safe,
    /// Changes what Kafka sees in a way the author should review.
    Unsafe,
}

/// Replace the bytes of `span` in the file at `path` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub path: Arc<str>,
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Static for most fixes: one copy of the text for every finding.
    pub message: Cow<'static, str>,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
    /// It changes how the lines around its edits are read (a line
    /// continuation undone, a byte-order mark removed), so that other fixes,
    /// made against the old reading, must not go with it: `--fix` applies it in
    /// a pass of its own.
    pub isolated: bool,
}

/// A secondary location, possibly in another file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub path: Arc<str>,
    pub key: Option<SharedText>,
    pub span: Option<Span>,
    /// Static for most related locations (`"the value Kafka uses"`).
    pub message: Cow<'static, str>,
}

/// The rarely present parts of a [`Diagnostic`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Extra {
    /// Every other key the check read.
    related_keys: Vec<String>,
    /// The unit it is about, for files that configure several components
    /// and for every file of a carrier that names its units.
    unit: Option<String>,
    /// The key as the file writes it, when its carrier does not write Kafka
    /// keys (`spring.kafka.consumer.max-poll-records`,
    /// `KAFKA_CFG_MESSAGE_MAX_BYTES`, `spec.kafka.config.message.max.bytes`).
    source_key: Option<String>,
    /// What to do about it, when the message does not say.
    help: Option<Cow<'static, str>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Its code and the code's name, read through [`Diagnostic::code`] and
    /// [`Diagnostic::name`]: one reference instead of two strings.
    code: &'static CodeName,
    pub severity: Severity,
    /// Shared with recent findings that say the same ([`SharedText`]).
    pub message: SharedText,
    /// Shared by the findings of a file ([`shared_path`]).
    pub path: Arc<str>,
    /// The key the diagnostic is about (the one a fix changes).
    pub key: Option<SharedText>,
    pub span: Span,
    /// Secondary locations, read through [`Diagnostic::related`]: one list
    /// for the findings in a row that point to the same places (every
    /// duplicate of a key points to the line Kafka keeps).
    related: Option<Arc<[Related]>>,
    pub fix: Option<Fix>,
    /// What most findings leave empty, in one box (8 bytes instead of 96 on
    /// each finding): read and set through [`Diagnostic::related_keys`],
    /// [`Diagnostic::unit`], [`Diagnostic::source_key`], [`Diagnostic::help`]
    /// and their setters.
    extra: Option<Box<Extra>>,
    /// The finding claims that Kafka refuses the configuration: a client's
    /// constructor throws, a broker does not start, a topic config is
    /// rejected. Set from the check's metadata ([`crate::checks::CheckMeta`])
    /// or the rule case's `refuses`, nowhere else; the Kafka oracle
    /// (`tests/kafka_oracle.rs`) holds every such claim at error severity
    /// against Kafka's own validation.
    pub refusal: bool,
}

impl Diagnostic {
    pub fn new(
        code: impl Into<Cow<'static, str>>,
        name: impl Into<Cow<'static, str>>,
        severity: Severity,
        path: &str,
        span: Span,
        message: String,
    ) -> Self {
        Diagnostic {
            code: CodeName::of(code.into(), name.into()),
            severity,
            message: SharedText::from(message),
            path: shared_path(path),
            key: None,
            span,
            related: None,
            fix: None,
            extra: None,
            refusal: false,
        }
    }

    /// Its stable code (`K008`, a rule's code).
    pub fn code(&self) -> &'static str {
        &self.code.code
    }

    /// The code's kebab-case name (`duplicate-key`).
    pub fn name(&self) -> &'static str {
        &self.code.name
    }

    /// Every other key the check read.
    pub fn related_keys(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |e| &e.related_keys)
    }

    /// Adds `key` to [`Diagnostic::related_keys`].
    pub fn add_related_key(&mut self, key: String) {
        self.extra_mut().related_keys.push(key);
    }

    /// The unit it is about, for files that configure several components
    /// and for every file of a carrier that names its units.
    pub fn unit(&self) -> Option<&str> {
        self.extra.as_ref()?.unit.as_deref()
    }

    pub fn set_unit(&mut self, unit: Option<String>) {
        if unit.is_some() || self.extra.is_some() {
            self.extra_mut().unit = unit;
        }
    }

    /// The key as the file writes it, when its carrier does not write Kafka
    /// keys (`spring.kafka.consumer.max-poll-records`,
    /// `KAFKA_CFG_MESSAGE_MAX_BYTES`, `spec.kafka.config.message.max.bytes`).
    pub fn source_key(&self) -> Option<&str> {
        self.extra.as_ref()?.source_key.as_deref()
    }

    pub fn set_source_key(&mut self, source_key: Option<String>) {
        if source_key.is_some() || self.extra.is_some() {
            self.extra_mut().source_key = source_key;
        }
    }

    /// What to do about it, when the message does not say.
    pub fn help(&self) -> Option<&str> {
        self.extra.as_ref()?.help.as_deref()
    }

    pub fn set_help(&mut self, help: Option<Cow<'static, str>>) {
        if help.is_some() || self.extra.is_some() {
            self.extra_mut().help = help;
        }
    }

    fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    pub fn with_key(mut self, key: &str) -> Self {
        self.key = Some(SharedText::new(key));
        self
    }

    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.set_help(Some(help.into()));
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_related(mut self, related: Related) -> Self {
        self.add_related(related);
        self
    }

    /// Its secondary locations, possibly in other files.
    pub fn related(&self) -> &[Related] {
        self.related.as_deref().unwrap_or(&[])
    }

    /// Adds a secondary location after the others.
    pub fn add_related(&mut self, related: Related) {
        let mut list = Vec::with_capacity(self.related().len() + 1);
        list.extend_from_slice(self.related());
        list.push(related);
        self.set_related(list);
    }

    /// Changes each secondary location with `change`.
    pub fn change_related(&mut self, change: impl FnMut(&mut Related)) {
        let mut list = self.related().to_vec();
        list.iter_mut().for_each(change);
        self.set_related(list);
    }

    /// Replaces the secondary locations with `list`.
    pub fn set_related(&mut self, list: Vec<Related>) {
        self.related = (!list.is_empty()).then(|| shared_related(list));
    }

    /// A fix made of one edit, in the carrier's syntax, in this diagnostic's own file.
    pub fn with_text_edit(
        self,
        message: impl Into<Cow<'static, str>>,
        applicability: Applicability,
        edit: crate::unit::TextEdit,
    ) -> Self {
        self.with_edit(message, applicability, edit.span, edit.replacement)
    }

    /// A fix made of one edit in this diagnostic's own file.
    pub fn with_edit(
        self,
        message: impl Into<Cow<'static, str>>,
        applicability: Applicability,
        span: Span,
        replacement: impl Into<String>,
    ) -> Self {
        let path = self.path.clone();
        self.with_fix(Fix {
            message: message.into(),
            applicability,
            edits: vec![Edit {
                path,
                span,
                replacement: replacement.into(),
            }],
            isolated: false,
        })
    }

    /// Marks the fix as [`Fix::isolated`].
    pub fn isolated(mut self) -> Self {
        if let Some(fix) = &mut self.fix {
            fix.isolated = true;
        }
        self
    }
}

/// A code and its name, once per process for each pair: built-in codes are
/// static; the codes of the user's rules are kept for the rest of the process
/// (a few bytes per distinct code and name, however many findings).
#[derive(Debug, PartialEq, Eq, Hash)]
struct CodeName {
    code: Cow<'static, str>,
    name: Cow<'static, str>,
}

impl CodeName {
    fn of(code: Cow<'static, str>, name: Cow<'static, str>) -> &'static CodeName {
        // The codes this thread gave out last, so that the lock and the hashing
        // are only for a code it has not met lately.
        thread_local! {
            static RECENT: std::cell::RefCell<([Option<&'static CodeName>; 16], usize)> =
                const { std::cell::RefCell::new(([None; 16], 0)) };
        }
        // Built-in codes come as the same static strings each time: their
        // addresses answer before their bytes.
        let same = |a: &str, b: &str| std::ptr::eq(a, b) || a == b;
        let known_here = |(recent, _): &([Option<&'static CodeName>; 16], usize)| {
            recent
                .iter()
                .flatten()
                .copied()
                .find(|c| same(&c.code, &code) && same(&c.name, &name))
        };
        if let Some(interned) = RECENT.with_borrow(known_here) {
            return interned;
        }
        static KNOWN: std::sync::Mutex<Option<std::collections::HashSet<&'static CodeName>>> =
            std::sync::Mutex::new(None);
        let wanted = CodeName { code, name };
        // A poisoned lock only means another thread panicked while inserting: the set is still whole.
        let mut known = KNOWN
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let known = known.get_or_insert_with(Default::default);
        let interned = match known.get(&wanted) {
            Some(interned) => *interned,
            None => {
                let interned: &'static CodeName = Box::leak(Box::new(wanted));
                known.insert(interned);
                interned
            }
        };
        RECENT.with_borrow_mut(|(recent, next)| {
            recent[*next] = Some(interned);
            *next = (*next + 1) % recent.len();
        });
        interned
    }
}

/// `path` as findings hold it: the findings of a file share one copy of its
/// name (400,000 findings would otherwise hold it 400,000 times, and as
/// often again in their related locations and edits). Each thread remembers
/// the last path it gave out.
pub fn shared_path(path: &str) -> Arc<str> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<Arc<str>>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some(shared) if **shared == *path => Arc::clone(shared),
            _ => {
                let shared: Arc<str> = Arc::from(path);
                *last = Some(Arc::clone(&shared));
                shared
            }
        }
    })
}

/// `list` as findings hold it: the same list as the last finding of this
/// thread when it points to the same places.
fn shared_related(list: Vec<Related>) -> Arc<[Related]> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<Arc<[Related]>>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some(shared) if **shared == *list => Arc::clone(shared),
            _ => {
                let shared: Arc<[Related]> = Arc::from(list);
                *last = Some(Arc::clone(&shared));
                shared
            }
        }
    })
}

/// Deterministic output order: by file, then position, then code; findings
/// that compare equal keep their order.
///
/// A stable sort of the findings themselves would borrow room for half of
/// them (60 MB for 400,000): findings that come in order are left alone, and
/// others are sorted as positions, then moved into place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    if diagnostics.is_sorted_by(|a, b| output_order(a, b).is_le()) {
        return;
    }
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by(|&a, &b| output_order(&diagnostics[a], &diagnostics[b]));
    put_in_order(diagnostics, order);
}

fn output_order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    path_order(&a.path, &b.path).then_with(|| {
        (a.span.start, a.span.end, a.code()).cmp(&(b.span.start, b.span.end, b.code()))
    })
}

/// Moves `items[order[i]]` to position `i`, following each cycle of the
/// permutation with swaps; a visited place is marked by `order[i] == i`.
fn put_in_order<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut place = start;
        while order[place] != start {
            let source = order[place];
            items.swap(place, source);
            order[place] = place;
            place = source;
        }
        order[place] = place;
    }
}

/// Paths in the order a walk lists files, component by component (`a/x` before
/// `a-b`, as `Path`'s order has it), compared as bytes with `/` lowest: splitting
/// paths into components costs more than the rest of sorting.
pub fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |c: u8| if c == b'/' { 0 } else { c };
    a.bytes().map(key).cmp(b.bytes().map(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &str, start: usize, code: &'static str) -> Diagnostic {
        Diagnostic::new(
            code,
            "name",
            Severity::Info,
            path,
            Span::new(start, start + 1),
            format!("{path}{start}{code}"),
        )
    }

    fn messages(diagnostics: &[Diagnostic]) -> Vec<&str> {
        diagnostics.iter().map(|d| d.message.as_str()).collect()
    }

    #[test]
    fn sort_orders_by_path_position_and_code_and_keeps_ties_in_order() {
        let mut diagnostics = vec![
            at("b", 0, "K002"),
            at("a-b", 3, "K001"),
            at("a/x", 5, "K001"),
            at("b", 0, "K001"),
            at("a-b", 1, "K009"),
        ];
        let mut tie = at("b", 0, "K001");
        tie.message = "second".into();
        diagnostics.push(tie);
        sort(&mut diagnostics);
        assert_eq!(
            messages(&diagnostics),
            [
                "a/x5K001", "a-b1K009", "a-b3K001", "b0K001", "second", "b0K002"
            ]
        );
    }

    #[test]
    fn put_in_order_follows_every_cycle() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        // Two cycles (0 2 4) and (1 5), one fixed place (3).
        put_in_order(&mut items, vec![2, 5, 4, 3, 0, 1]);
        assert_eq!(items, ['c', 'f', 'e', 'd', 'a', 'b']);
    }
}
