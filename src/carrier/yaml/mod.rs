//! The YAML foundation of the YAML carriers (compose, Strimzi, Spring Boot):
//! a tree of the file's documents with the exact byte span of every key and
//! value, its comments, a flattened view (dotted path -> scalar), and edits
//! that rewrite only the bytes they change.
//!
//! Why saphyr-parser: `serde_yaml` is archived and keeps no positions;
//! saphyr-parser (the maintained successor of yaml-rust/yaml-rust2's parser)
//! gives every event a start *and* end marker (yaml-rust2's events carry only
//! a start), borrows scalars from the input, tells a scalar's quoting style,
//! reports aliases as references (so nothing here ever expands an alias bomb
//! unless asked, and then under a budget), and is a state machine rather than
//! a recursive descent, so deep nesting cannot overflow the stack.
//!
//! ```text
//! let file = YamlFile::read(bytes)?;              // Err: file, line, column
//! for doc in 0..file.yaml.documents.len() {
//!     for entry in file.flatten(doc)? { entry.path, entry.value, entry.key_span, entry.value_span }
//! }
//! let edit = file.replace_scalar(entry.value_node, "300");   // keeps the quoting style
//! let edit = file.insert(mapping, &["consumer", "max-poll-records"], "300");
//! let edit = file.remove_entry(mapping, index);
//! ```

pub mod carried;
mod comments;
mod edits;
mod flatten;
mod tree;

pub use flatten::{Flat, MAX_FLAT_ENTRIES, Segment};
pub use tree::MAX_DEPTH;

use super::Parsed;
use crate::text::{Encoding, SourceText, Span};
use crate::unit::{Comment, LoadError, SourceFile, TextEdit};
use std::sync::Arc;

/// An index into [`Yaml::nodes`].
pub type NodeId = usize;

/// How a scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

impl From<saphyr_parser::ScalarStyle> for Style {
    fn from(style: saphyr_parser::ScalarStyle) -> Style {
        use saphyr_parser::ScalarStyle as S;
        match style {
            S::Plain => Style::Plain,
            S::SingleQuoted => Style::SingleQuoted,
            S::DoubleQuoted => Style::DoubleQuoted,
            S::Literal => Style::Literal,
            S::Folded => Style::Folded,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// The value as YAML reads it (quotes and escapes resolved).
    Scalar {
        value: String,
        style: Style,
    },
    /// Key and value nodes, in file order, duplicates included.
    Mapping(Vec<(NodeId, NodeId)>),
    Sequence(Vec<NodeId>),
    /// `*name`: the anchor's number (see [`Yaml::resolve`]).
    Alias(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    /// A scalar: as written, quotes included (a block scalar: its content,
    /// without the trailing line break). A flow collection: brackets included.
    /// A block collection: from its first key or item to its last value's end.
    pub span: Span,
    /// A `{...}` or `[...]` collection.
    pub flow: bool,
    /// Which document of the file it is in.
    pub document: usize,
}

/// One `---` document of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// None for an empty document.
    pub root: Option<NodeId>,
    /// Where it starts (its `---` when it has one).
    pub start: usize,
    /// Whether it starts with `---`.
    pub explicit: bool,
}

/// The documents of a YAML file, as one arena of nodes.
#[derive(Clone, Debug, Default)]
pub struct Yaml {
    pub nodes: Vec<Node>,
    pub documents: Vec<Document>,
    anchors: rustc_hash::FxHashMap<usize, NodeId>,
}

/// Why a file is not YAML: where (1-based line and column, in characters)
/// and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: invalid YAML: {}",
            self.line, self.column, self.message
        )
    }
}

/// A YAML file: its bytes, its tree and its comments.
#[derive(Clone, Debug)]
pub struct YamlFile {
    pub text: Arc<SourceText>,
    pub yaml: Yaml,
    pub comments: Vec<Comment>,
}

/// A file that is not YAML: its bytes (for positions) and why.
#[derive(Clone, Debug)]
pub struct Unreadable {
    pub text: Arc<SourceText>,
    pub error: YamlError,
}

impl YamlFile {
    /// Reads UTF-8 YAML (a leading byte order mark is allowed).
    pub fn read(bytes: Vec<u8>) -> Result<YamlFile, Unreadable> {
        let text = Arc::new(SourceText::new(bytes, Encoding::Utf8));
        let parsed = match std::str::from_utf8(&text.bytes) {
            Ok(source) => tree::build(source),
            Err(e) => Err(not_utf8(&text.bytes, e.valid_up_to())),
        };
        match parsed {
            Ok(yaml) => {
                let comments = comments::find(&text.bytes, &yaml);
                Ok(YamlFile {
                    text,
                    yaml,
                    comments,
                })
            }
            Err(error) => Err(Unreadable { text, error }),
        }
    }

    /// The text of `span`.
    pub fn slice(&self, span: Span) -> &str {
        std::str::from_utf8(&self.text.bytes[span.start..span.end]).unwrap_or("")
    }
}

/// What a YAML carrier returns for a file that is not YAML: no unit, and the
/// error that fails the run (exit 2) naming the file, line and column.
pub fn unreadable(u: Unreadable) -> Arc<dyn Parsed> {
    let error = LoadError {
        span: Span::empty_at(u.error.offset),
        message: format!("invalid YAML: {}", u.error.message),
    };
    not_read(u.text, error)
}

/// A file that yields no unit, only the error that fails the run.
fn not_read(text: Arc<SourceText>, error: LoadError) -> Arc<dyn Parsed> {
    Arc::new(NotYaml {
        error,
        file: SourceFile {
            text,
            settings: Vec::new(),
            comments: Vec::new(),
            units: Vec::new(),
            load_error: None,
            hidden: Vec::new(),
        },
    })
}

/// More units than this in one file is refused: a configuration has a
/// handful, and each unit is modelled against the whole catalog.
pub const MAX_UNITS: usize = 1_000;

/// `parsed`, unless it has more than [`MAX_UNITS`] units: then the error that
/// fails the run, at the first unit too many.
pub fn bounded(parsed: Arc<dyn Parsed>) -> Arc<dyn Parsed> {
    let file = parsed.file();
    let Some(extra) = file.units.get(MAX_UNITS) else {
        return parsed;
    };
    let offset = extra
        .settings
        .first()
        .and_then(|&i| file.settings.get(i))
        .map_or(0, |s| s.span().start);
    let error = LoadError {
        span: Span::empty_at(offset),
        message: format!(
            "it configures more than {MAX_UNITS} Kafka components; kafkalint reads at most {MAX_UNITS} from one file"
        ),
    };
    not_read(Arc::clone(&file.text), error)
}

struct NotYaml {
    file: SourceFile,
    error: LoadError,
}

impl Parsed for NotYaml {
    fn file(&self) -> &SourceFile {
        &self.file
    }
    // No setting and no unit: nothing to edit.
    fn replace_value(&self, _: usize, _: &str) -> TextEdit {
        self.no_edit()
    }
    fn rename_key(&self, _: usize, _: &str) -> TextEdit {
        self.no_edit()
    }
    fn remove(&self, _: usize) -> TextEdit {
        self.no_edit()
    }
    fn append(&self, _: usize, _: &str, _: &str) -> TextEdit {
        self.no_edit()
    }
    fn unreadable(&self) -> Option<&LoadError> {
        Some(&self.error)
    }
}

impl NotYaml {
    fn no_edit(&self) -> TextEdit {
        TextEdit {
            span: Span::empty_at(0),
            replacement: String::new(),
        }
    }
}

fn not_utf8(bytes: &[u8], offset: usize) -> YamlError {
    let before = &bytes[..offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    YamlError {
        offset,
        line: before.iter().filter(|&&b| b == b'\n').count() + 1,
        column: String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1,
        message: format!("byte 0x{:02X} is not UTF-8", bytes[offset]),
    }
}

impl Yaml {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The node an alias stands for; any other node itself. (An alias names
    /// an earlier node, never another alias, so one step is enough.)
    pub fn resolve(&self, id: NodeId) -> NodeId {
        match self.nodes[id].kind {
            NodeKind::Alias(anchor) => self.anchors.get(&anchor).copied().unwrap_or(id),
            _ => id,
        }
    }

    /// The scalar's value, through an alias; None for a collection.
    pub fn scalar(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[self.resolve(id)].kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// A mapping's entries (through an alias); empty for anything else.
    pub fn entries(&self, id: NodeId) -> &[(NodeId, NodeId)] {
        match &self.nodes[self.resolve(id)].kind {
            NodeKind::Mapping(entries) => entries,
            _ => &[],
        }
    }

    /// A sequence's items (through an alias); empty for anything else.
    pub fn items(&self, id: NodeId) -> &[NodeId] {
        match &self.nodes[self.resolve(id)].kind {
            NodeKind::Sequence(items) => items,
            _ => &[],
        }
    }

    /// The last entry of `mapping` whose key is the scalar `key` (YAML
    /// forbids duplicates; most readers keep the last): (key node, value node).
    pub fn get(&self, mapping: NodeId, key: &str) -> Option<(NodeId, NodeId)> {
        self.entries(mapping)
            .iter()
            .rev()
            .find(|(k, _)| self.scalar(*k) == Some(key))
            .copied()
    }

    /// The value at `path` below `node`, key by key.
    pub fn at(&self, node: NodeId, path: &[&str]) -> Option<NodeId> {
        path.iter().try_fold(node, |n, key| {
            self.get(n, key).map(|(_, v)| self.resolve(v))
        })
    }

    /// The root of document `doc`.
    pub fn root(&self, doc: usize) -> Option<NodeId> {
        self.documents.get(doc).and_then(|d| d.root)
    }

    /// Whether the node is a mapping (through an alias).
    pub fn is_mapping(&self, id: NodeId) -> bool {
        matches!(self.nodes[self.resolve(id)].kind, NodeKind::Mapping(_))
    }
}

/// Whether a plain scalar means null: YAML's `~`, `null` and nothing.
pub fn is_null(value: &str, style: Style) -> bool {
    style == Style::Plain && matches!(value, "" | "~" | "null" | "Null" | "NULL")
}

#[cfg(test)]
mod tests;
