//! The flattened view: every scalar of a document under its dotted path, with
//! its key's and value's spans, what the Spring Boot carrier reads and what
//! the compose and Strimzi carriers read below one mapping.
//!
//! Aliases and merge keys (`<<: *defaults`) are followed, as YAML readers do,
//! under a budget: an "alias bomb" (a few lines whose aliases expand to
//! billions of nodes) stops at [`MAX_FLAT_ENTRIES`] with an error.

use super::{NodeId, NodeKind, Style, Yaml, YamlError, YamlFile, is_null};
use crate::text::Span;

/// More scalars than this in one flattened view is an error: a real
/// configuration has thousands at most; aliases can make far more.
pub const MAX_FLAT_ENTRIES: usize = 200_000;

/// A step of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// One scalar of a document, under its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flat {
    /// Keys joined with `.`, sequence items as `[i]`: `spring.kafka.bootstrap-servers[0]`.
    pub path: String,
    pub segments: Vec<Segment>,
    /// The value as YAML reads it; None for null (`~`, `null`, nothing).
    pub value: Option<String>,
    pub style: Style,
    /// The key as written (quotes included); for a sequence item, the item.
    pub key_span: Span,
    /// The value as written (quotes included); empty where a null value would go.
    pub value_span: Span,
    /// The scalar node (through an alias, the anchored node).
    pub value_node: NodeId,
    /// The key's node; None for a sequence item.
    pub key_node: Option<NodeId>,
    /// The mapping or sequence that holds the entry (for a merged entry, the
    /// mapping it is merged from), and the entry's index in it.
    pub parent: Option<(NodeId, usize)>,
    pub document: usize,
    /// Reached through an alias or a merge key: its spans are the anchor's,
    /// and an edit there changes every place that refers to it.
    pub aliased: bool,
}

struct Walk<'y> {
    yaml: &'y Yaml,
    out: Vec<Flat>,
    document: usize,
}

/// One node to visit: where it sits and how it was reached.
struct Visit {
    node: NodeId,
    segments: Vec<Segment>,
    key_node: Option<NodeId>,
    parent: Option<(NodeId, usize)>,
    aliased: bool,
}

impl YamlFile {
    /// Every scalar of document `doc`, in file order.
    pub fn flatten(&self, doc: usize) -> Result<Vec<Flat>, YamlError> {
        match self.yaml.root(doc) {
            Some(root) => self.flatten_below(root, doc),
            None => Ok(Vec::new()),
        }
    }

    /// Every scalar below `node`, with paths relative to it.
    pub fn flatten_below(&self, node: NodeId, doc: usize) -> Result<Vec<Flat>, YamlError> {
        let mut walk = Walk {
            yaml: &self.yaml,
            out: Vec::new(),
            document: doc,
        };
        // An explicit stack: depth is bounded by the parser, but aliases are not.
        let mut stack = vec![Visit {
            node,
            segments: Vec::new(),
            key_node: None,
            parent: None,
            aliased: false,
        }];
        while let Some(visit) = stack.pop() {
            if walk.out.len() + stack.len() > MAX_FLAT_ENTRIES {
                return Err(self.too_many(node));
            }
            walk.visit(visit, &mut stack);
        }
        Ok(walk.out)
    }

    fn too_many(&self, node: NodeId) -> YamlError {
        let offset = self.yaml.nodes[node].span.start;
        let p = self.text.position(offset);
        YamlError {
            offset,
            line: p.line,
            column: p.column,
            message: format!(
                "its aliases expand to more than {MAX_FLAT_ENTRIES} values (an alias bomb?)"
            ),
        }
    }
}

impl Walk<'_> {
    fn visit(&mut self, visit: Visit, stack: &mut Vec<Visit>) {
        let target = self.yaml.resolve(visit.node);
        let aliased = visit.aliased || target != visit.node;
        match &self.yaml.nodes[target].kind {
            NodeKind::Scalar { value, style } => {
                self.scalar(&visit, target, value, *style, aliased)
            }
            NodeKind::Mapping(entries) => {
                let children = self.mapping_children(target, entries, &visit.segments, aliased);
                // Pushed in reverse, so that they come out in file order.
                stack.extend(children.into_iter().rev());
            }
            NodeKind::Sequence(items) => {
                let children = items.iter().enumerate().map(|(i, &item)| Visit {
                    node: item,
                    segments: with(&visit.segments, Segment::Index(i)),
                    key_node: None,
                    parent: Some((target, i)),
                    aliased,
                });
                let children: Vec<Visit> = children.collect();
                stack.extend(children.into_iter().rev());
            }
            NodeKind::Alias(_) => {} // an alias to nothing known
        }
    }

    fn scalar(&mut self, visit: &Visit, node: NodeId, value: &str, style: Style, aliased: bool) {
        let span = self.yaml.nodes[node].span;
        let key_span = visit
            .key_node
            .map_or(span, |k| self.yaml.nodes[self.yaml.resolve(k)].span);
        self.out.push(Flat {
            path: dotted(&visit.segments),
            segments: visit.segments.clone(),
            value: (!is_null(value, style)).then(|| value.to_string()),
            style,
            key_span,
            value_span: span,
            value_node: node,
            key_node: visit.key_node,
            parent: visit.parent,
            document: self.document,
            aliased,
        });
    }

    /// A mapping's entries to visit: those merged in with `<<` first (unless
    /// the mapping sets the key itself), then its own.
    fn mapping_children(
        &self,
        mapping: NodeId,
        entries: &[(NodeId, NodeId)],
        segments: &[Segment],
        aliased: bool,
    ) -> Vec<Visit> {
        let own: std::collections::HashSet<&str> = entries
            .iter()
            .filter_map(|(k, _)| self.yaml.scalar(*k))
            .collect();
        let mut children = Vec::new();
        for (index, &(key, value)) in entries.iter().enumerate() {
            let Some(name) = self.yaml.scalar(key) else {
                continue; // a complex key: no path names it
            };
            if name == "<<" {
                for (source, at, merged_key, merged_value) in self.merged(value) {
                    let Some(merged_name) = self.yaml.scalar(merged_key) else {
                        continue;
                    };
                    if !own.contains(merged_name) {
                        children.push(Visit {
                            node: merged_value,
                            segments: with(segments, Segment::Key(merged_name.to_string())),
                            key_node: Some(merged_key),
                            parent: Some((source, at)),
                            aliased: true,
                        });
                    }
                }
                continue;
            }
            children.push(Visit {
                node: value,
                segments: with(segments, Segment::Key(name.to_string())),
                key_node: Some(key),
                parent: Some((mapping, index)),
                aliased,
            });
        }
        children
    }

    /// The entries a merge key's value brings, from a mapping or a list of
    /// them (the first one naming a key wins): (mapping, index in it, key, value).
    fn merged(&self, value: NodeId) -> Vec<(NodeId, usize, NodeId, NodeId)> {
        let value = self.yaml.resolve(value);
        let sources: Vec<NodeId> = match &self.yaml.nodes[value].kind {
            NodeKind::Sequence(items) => items.clone(),
            _ => vec![value],
        };
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for source in sources {
            let source = self.yaml.resolve(source);
            for (at, &(k, v)) in self.yaml.entries(source).iter().enumerate() {
                if let Some(name) = self.yaml.scalar(k)
                    && seen.insert(name.to_string())
                {
                    out.push((source, at, k, v));
                }
            }
        }
        out
    }
}

fn with(segments: &[Segment], next: Segment) -> Vec<Segment> {
    let mut out = segments.to_vec();
    out.push(next);
    out
}

/// `a.b[0].c`
pub fn dotted(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(i) => {
                out.push_str(&format!("[{i}]"));
            }
        }
    }
    out
}
