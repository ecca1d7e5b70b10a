//! The project's own diagnostic type. Every output format renders this; no
//! format-specific data lives here.

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
    pub message: String,
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
    pub key: Option<String>,
    pub span: Option<Span>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Static for built-in checks and rules, owned for the user's rules.
    pub code: Cow<'static, str>,
    pub name: Cow<'static, str>,
    pub severity: Severity,
    pub message: String,
    /// Shared by the findings of a file ([`shared_path`]).
    pub path: Arc<str>,
    /// The key the diagnostic is about (the one a fix changes).
    pub key: Option<String>,
    /// Every other key the check read.
    pub related_keys: Vec<String>,
    pub span: Span,
    pub related: Vec<Related>,
    pub help: Option<Cow<'static, str>>,
    pub fix: Option<Fix>,
    /// The unit it is about, for files that configure several components
    /// and for every file of a carrier that names its units.
    pub unit: Option<String>,
    /// The key as the file writes it, when its carrier does not write Kafka
    /// keys (`spring.kafka.consumer.max-poll-records`,
    /// `KAFKA_CFG_MESSAGE_MAX_BYTES`, `spec.kafka.config.message.max.bytes`).
    pub source_key: Option<String>,
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
            code: code.into(),
            name: name.into(),
            severity,
            message,
            path: shared_path(path),
            key: None,
            related_keys: Vec::new(),
            span,
            related: Vec::new(),
            help: None,
            fix: None,
            unit: None,
            source_key: None,
            refusal: false,
        }
    }

    pub fn with_key(mut self, key: &str) -> Self {
        self.key = Some(key.to_string());
        self
    }

    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_related(mut self, related: Related) -> Self {
        // Most findings have one related location: `push` alone would make
        // room for four.
        self.related.reserve_exact(1);
        self.related.push(related);
        self
    }

    /// A fix made of one edit, in the carrier's syntax, in this diagnostic's own file.
    pub fn with_text_edit(
        self,
        message: impl Into<String>,
        applicability: Applicability,
        edit: crate::unit::TextEdit,
    ) -> Self {
        self.with_edit(message, applicability, edit.span, edit.replacement)
    }

    /// A fix made of one edit in this diagnostic's own file.
    pub fn with_edit(
        self,
        message: impl Into<String>,
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

/// Deterministic output order: by file, then position, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        path_order(&a.path, &b.path).then_with(|| {
            (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
        })
    });
}

/// Paths in the order a walk lists files, component by component (`a/x` before
/// `a-b`, as `Path`'s order has it), compared as bytes with `/` lowest: splitting
/// paths into components costs more than the rest of sorting.
pub fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |c: u8| if c == b'/' { 0 } else { c };
    a.bytes().map(key).cmp(b.bytes().map(key))
}
