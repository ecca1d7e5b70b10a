//! Builds a [`Yaml`] tree from saphyr's events, iteratively (no recursion, so
//! nesting depth cannot overflow the stack) and with a depth bound (so a file
//! of a million `[` cannot make a million-deep stack of open collections).

use super::{Document, Node, NodeId, NodeKind, Style, Yaml, YamlError};
use crate::text::Span;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

/// Deeper nesting than this is refused: no configuration needs it, and a
/// bound keeps every later walk of the tree shallow.
pub const MAX_DEPTH: usize = 256;

/// Where characters start: saphyr counts positions in characters, spans here
/// are bytes.
struct CharOffsets {
    /// None for ASCII text, where a character index is a byte offset.
    starts: Option<Vec<usize>>,
}

impl CharOffsets {
    fn new(text: &str) -> CharOffsets {
        if text.is_ascii() {
            return CharOffsets { starts: None };
        }
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        CharOffsets {
            starts: Some(starts),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.starts {
            None => char_index,
            Some(starts) => starts
                .get(char_index)
                .or(starts.last())
                .copied()
                .unwrap_or(0),
        }
    }
}

/// A collection being filled.
struct Open {
    id: NodeId,
    /// A mapping's key waiting for its value.
    pending_key: Option<NodeId>,
}

struct Builder<'t> {
    text: &'t str,
    offsets: CharOffsets,
    yaml: Yaml,
    open: Vec<Open>,
}

pub fn build(text: &str) -> Result<Yaml, YamlError> {
    let mut builder = Builder {
        text,
        offsets: CharOffsets::new(text),
        yaml: Yaml::default(),
        open: Vec::new(),
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| builder.scan_error(&e))?;
        let span = Span::new(
            builder.offsets.byte(span.start.index()),
            builder.offsets.byte(span.end.index()),
        );
        builder.event(event, span)?;
    }
    Ok(builder.yaml)
}

impl Builder<'_> {
    fn scan_error(&self, e: &ScanError) -> YamlError {
        let marker = e.marker();
        YamlError {
            offset: self.offsets.byte(marker.index()),
            line: marker.line(),
            column: marker.col() + 1,
            message: e.info().to_string(),
        }
    }

    fn error_at(&self, offset: usize, message: String) -> YamlError {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        YamlError {
            offset,
            line,
            column: before[line_start..].chars().count() + 1,
            message,
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(explicit) => self.yaml.documents.push(Document {
                root: None,
                start: span.start,
                explicit,
            }),
            Event::Scalar(value, style, anchor, _) => {
                let span = self.scalar_span(span, style);
                let kind = NodeKind::Scalar {
                    value: value.into_owned(),
                    style: Style::from(style),
                };
                self.add(kind, span, anchor);
            }
            Event::Alias(anchor) => {
                self.add(NodeKind::Alias(anchor), span, 0);
            }
            Event::MappingStart(anchor, _) => {
                self.start(NodeKind::Mapping(Vec::new()), span, anchor)?
            }
            Event::SequenceStart(anchor, _) => {
                self.start(NodeKind::Sequence(Vec::new()), span, anchor)?
            }
            Event::MappingEnd | Event::SequenceEnd => self.end(span),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// A scalar's span as written. A block scalar's ends where its content
    /// does, not at the next line's indentation; a quoted one's at its closing
    /// quote (saphyr's runs on over a trailing comment).
    fn scalar_span(&self, span: Span, style: ScalarStyle) -> Span {
        let bytes = self.text.as_bytes();
        let span = Span::new(skip_properties(bytes, span.start).min(span.end), span.end);
        let end = match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                span.start + self.text[span.start..span.end].trim_end().len()
            }
            ScalarStyle::SingleQuoted => closing_single_quote(bytes, span.start),
            ScalarStyle::DoubleQuoted => closing_double_quote(bytes, span.start),
            ScalarStyle::Plain => span.end,
        };
        Span::new(span.start, end.min(span.end).max(span.start))
    }

    /// An empty value (`key:`) sits right after its key; it is moved past
    /// the `:`, where a value would be written.
    fn empty_value_span(&self, key: NodeId, value: NodeId) -> Option<Span> {
        let node = &self.yaml.nodes[value];
        let empty = matches!(&node.kind, NodeKind::Scalar { value, .. } if value.is_empty())
            && node.span.is_empty();
        if !empty {
            return None;
        }
        let bytes = self.text.as_bytes();
        let from = self.yaml.nodes[key].span.end;
        let colon = from
            + bytes[from..]
                .iter()
                .position(|&b| b != b' ' && b != b'\t')?;
        (bytes.get(colon) == Some(&b':')).then(|| Span::empty_at(colon + 1))
    }

    fn start(&mut self, kind: NodeKind, span: Span, anchor: usize) -> Result<(), YamlError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(self.error_at(
                span.start,
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        let start = skip_properties(self.text.as_bytes(), span.start);
        let flow = matches!(self.text.as_bytes().get(start), Some(b'{' | b'['));
        let span = if flow {
            Span::new(start, span.end.max(start))
        } else {
            span
        };
        let id = self.add_node(
            kind,
            Span::new(span.start, span.end.max(span.start)),
            anchor,
            flow,
        );
        self.attach(id);
        self.open.push(Open {
            id,
            pending_key: None,
        });
        Ok(())
    }

    fn end(&mut self, span: Span) {
        let Some(open) = self.open.pop() else { return };
        let node = &self.yaml.nodes[open.id];
        let end = if node.flow {
            span.end
        } else {
            // A block collection ends with its last child.
            self.last_child(open.id)
                .map_or(node.span.start, |c| self.yaml.nodes[c].span.end)
        };
        self.yaml.nodes[open.id].span.end = end.max(self.yaml.nodes[open.id].span.start);
    }

    fn last_child(&self, id: NodeId) -> Option<NodeId> {
        match &self.yaml.nodes[id].kind {
            NodeKind::Mapping(entries) => entries.last().map(|&(_, v)| v),
            NodeKind::Sequence(items) => items.last().copied(),
            NodeKind::Scalar { .. } | NodeKind::Alias(_) => None,
        }
    }

    fn add(&mut self, kind: NodeKind, span: Span, anchor: usize) {
        let id = self.add_node(kind, span, anchor, false);
        self.attach(id);
    }

    fn add_node(&mut self, kind: NodeKind, span: Span, anchor: usize, flow: bool) -> NodeId {
        let id = self.yaml.nodes.len();
        self.yaml.nodes.push(Node {
            kind,
            span,
            flow,
            document: self.yaml.documents.len().saturating_sub(1),
        });
        if anchor != 0 {
            self.yaml.anchors.insert(anchor, id);
        }
        id
    }

    /// Puts a new node where it belongs: a document's root, a sequence's item,
    /// a mapping's key or value.
    fn attach(&mut self, id: NodeId) {
        let Some(parent) = self.open.last_mut() else {
            if let Some(doc) = self.yaml.documents.last_mut() {
                doc.root.get_or_insert(id);
            }
            return;
        };
        match &mut self.yaml.nodes[parent.id].kind {
            NodeKind::Sequence(items) => items.push(id),
            NodeKind::Mapping(entries) => match parent.pending_key.take() {
                Some(key) => {
                    entries.push((key, id));
                    if let Some(span) = self.empty_value_span(key, id) {
                        self.yaml.nodes[id].span = span;
                    }
                }
                None => parent.pending_key = Some(id),
            },
            NodeKind::Scalar { .. } | NodeKind::Alias(_) => {}
        }
    }
}

/// The end of the single-quoted scalar opening at `start` (`''` is a quote).
fn closing_single_quote(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// The end of the double-quoted scalar opening at `start` (`\"` escapes).
fn closing_double_quote(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Past a node's anchor (`&name`) and tag (`!tag`), where its content starts.
fn skip_properties(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b'&' | b'!')) {
        while bytes.get(at).is_some_and(|b| !b.is_ascii_whitespace()) {
            at += 1;
        }
        while matches!(bytes.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
    }
    at
}
