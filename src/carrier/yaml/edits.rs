//! Edits to a YAML file that rewrite only the bytes they change: a scalar
//! replaced in its own quoting style where the new value allows it, an entry
//! added at its mapping's indentation (with the mappings it needs), an entry
//! or a sequence item removed with its lines.

use super::comments::line_end;
use super::{NodeId, NodeKind, Style, YamlFile};
use crate::text::Span;
use crate::unit::TextEdit;

/// Indentation of a new nested mapping when the file shows none to copy.
const DEFAULT_STEP: usize = 2;

impl YamlFile {
    /// Gives the scalar `node` (a value or a key) the value `value`, keeping
    /// its quoting style when `value` can be written in it; a block scalar
    /// (`|`, `>`) keeps its style and indentation for a one-line value.
    pub fn replace_scalar(&self, node: NodeId, value: &str) -> TextEdit {
        let n = &self.yaml.nodes[node];
        let style = match n.kind {
            NodeKind::Scalar { style, .. } => style,
            _ => Style::Plain,
        };
        if matches!(style, Style::Literal | Style::Folded) {
            return self.replace_block(n.span, value);
        }
        let replacement = scalar_in(value, style);
        if n.span.is_empty() && style == Style::Plain {
            // A null value written as nothing: `key:` becomes `key: value`.
            return self.fill_empty(n.span.start, &replacement);
        }
        TextEdit {
            span: n.span,
            replacement,
        }
    }

    /// A block scalar (`|`, `>`) becomes a flow one, from its indicator on:
    /// a block would add a line break to the value.
    fn replace_block(&self, content: Span, value: &str) -> TextEdit {
        let bytes = &self.text.bytes;
        // The last `|` or `>` before the content is its indicator.
        let before = &bytes[..content.start];
        let indicator = before
            .iter()
            .rposition(|&b| b == b'|' || b == b'>')
            .unwrap_or(content.start);
        TextEdit {
            span: Span::new(indicator, content.end),
            replacement: scalar_in(value, Style::Plain),
        }
    }

    fn fill_empty(&self, at: usize, replacement: &str) -> TextEdit {
        let before = self.text.bytes[..at].last().copied();
        let space = if matches!(before, Some(b' ' | b'\t')) {
            ""
        } else {
            " "
        };
        TextEdit {
            span: Span::empty_at(at),
            replacement: format!("{space}{replacement}"),
        }
    }

    /// Removes entry `index` of `mapping`: its lines when it has them to
    /// itself, else (`- key: v` in a sequence item, a flow mapping) just it.
    pub fn remove_entry(&self, mapping: NodeId, index: usize) -> TextEdit {
        let entries = self.yaml.entries(mapping);
        let Some(&(key, value)) = entries.get(index) else {
            return self.no_edit();
        };
        let span = Span::new(self.yaml.nodes[key].span.start, self.end_of(value));
        let next = entries
            .get(index + 1)
            .map(|&(k, _)| self.yaml.nodes[k].span.start);
        let previous = index
            .checked_sub(1)
            .and_then(|i| entries.get(i))
            .map(|&(_, v)| self.end_of(v));
        self.remove_member(mapping, span, next, previous)
    }

    /// Removes item `index` of `sequence`, with its `- ` and its lines.
    pub fn remove_item(&self, sequence: NodeId, index: usize) -> TextEdit {
        let items = self.yaml.items(sequence);
        let Some(&item) = items.get(index) else {
            return self.no_edit();
        };
        let flow = self.yaml.nodes[self.yaml.resolve(sequence)].flow;
        let mut start = self.yaml.nodes[item].span.start;
        if !flow {
            // Back over the item's `- `.
            let before = &self.text.bytes[..start];
            if let Some(dash) = before.iter().rposition(|&b| b == b'-') {
                start = dash;
            }
        }
        let span = Span::new(start, self.end_of(item));
        let next = items.get(index + 1).map(|&i| self.item_start(i, flow));
        let previous = index
            .checked_sub(1)
            .and_then(|i| items.get(i))
            .map(|&i| self.end_of(i));
        self.remove_member(sequence, span, next, previous)
    }

    fn item_start(&self, item: NodeId, flow: bool) -> usize {
        let start = self.yaml.nodes[item].span.start;
        if flow {
            return start;
        }
        self.text.bytes[..start]
            .iter()
            .rposition(|&b| b == b'-')
            .unwrap_or(start)
    }

    /// Removes `span`, a member of `collection` followed by the member
    /// starting at `next` and preceded by one ending at `previous`.
    fn remove_member(
        &self,
        collection: NodeId,
        span: Span,
        next: Option<usize>,
        previous: Option<usize>,
    ) -> TextEdit {
        let bytes = &self.text.bytes;
        if self.yaml.nodes[self.yaml.resolve(collection)].flow {
            // `a, b, c`: the member and the comma after it, or before the last.
            let span = match (next, previous) {
                (Some(next), _) => Span::new(span.start, next),
                (None, Some(previous)) => Span::new(previous, span.end),
                (None, None) => span,
            };
            return TextEdit {
                span,
                replacement: String::new(),
            };
        }
        let line_start = self.text.lines.covering_lines(span).start;
        let alone = bytes[line_start..span.start]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t'));
        if alone {
            return TextEdit {
                span: self
                    .text
                    .lines
                    .covering_lines(Span::new(line_start, span.end)),
                replacement: String::new(),
            };
        }
        // The member shares its first line (`- key: v`): the next member moves up.
        match next {
            Some(next) => TextEdit {
                span: Span::new(span.start, next),
                replacement: String::new(),
            },
            None => TextEdit {
                span: Span::new(span.start, line_end(bytes, span.end)),
                replacement: "{}".to_string(),
            },
        }
    }

    /// Adds `value` under the keys `path` to `mapping`, creating the nested
    /// mappings the path needs that `mapping` does not have, at the
    /// indentation the file uses. Keys are quoted when YAML needs it.
    pub fn insert(&self, mapping: NodeId, path: &[&str], value: &str) -> TextEdit {
        // Go down through the mappings that exist.
        let mut target = self.yaml.resolve(mapping);
        let mut rest = path;
        while let [first, more @ ..] = rest
            && !more.is_empty()
        {
            match self
                .yaml
                .get(target, first)
                .map(|(_, v)| self.yaml.resolve(v))
            {
                Some(inner) if self.yaml.is_mapping(inner) => {
                    target = inner;
                    rest = more;
                }
                _ => break,
            }
        }
        let value = scalar_in(value, Style::Plain);
        if self.yaml.nodes[target].flow {
            return self.insert_flow(target, rest, &value);
        }
        self.insert_block(target, rest, &value)
    }

    fn insert_flow(&self, mapping: NodeId, path: &[&str], value: &str) -> TextEdit {
        let text = flow_entry(path, value);
        let node = &self.yaml.nodes[mapping];
        let close = node.span.end.saturating_sub(1);
        let separator = if self.yaml.entries(mapping).is_empty() {
            ""
        } else {
            ", "
        };
        TextEdit {
            span: Span::empty_at(close),
            replacement: format!("{separator}{text}"),
        }
    }

    fn insert_block(&self, mapping: NodeId, path: &[&str], value: &str) -> TextEdit {
        let bytes = &self.text.bytes;
        let entries = self.yaml.entries(mapping);
        let Some(&(first_key, _)) = entries.first() else {
            return self.insert_into_empty(mapping, path, value);
        };
        let indent = self.column_of(self.yaml.nodes[first_key].span.start);
        let step = self.indent_step(mapping).unwrap_or(DEFAULT_STEP);
        let last_value = entries.last().map_or(first_key, |&(_, v)| v);
        let end = line_end(bytes, self.end_of(last_value));
        let newline = self.newline_at(end);
        let mut text = String::new();
        for (depth, key) in path.iter().enumerate() {
            text.push_str(newline);
            text.push_str(&" ".repeat(indent + depth * step));
            text.push_str(&scalar_in(key, Style::Plain));
            text.push(':');
        }
        text.push(' ');
        text.push_str(value);
        TextEdit {
            span: Span::empty_at(end),
            replacement: text,
        }
    }

    /// A mapping with no entry (`{}`, or a document without one).
    fn insert_into_empty(&self, mapping: NodeId, path: &[&str], value: &str) -> TextEdit {
        TextEdit {
            span: self.yaml.nodes[mapping].span,
            replacement: format!("{{{}}}", flow_entry(path, value)),
        }
    }

    /// Adds the scalar `value` as the last item of `sequence`, as its other
    /// items are written (`- ` lines at their indentation, or `[a, b]`).
    pub fn push_item(&self, sequence: NodeId, value: &str) -> TextEdit {
        let sequence = self.yaml.resolve(sequence);
        let node = &self.yaml.nodes[sequence];
        let value = scalar_in(value, Style::Plain);
        let items = self.yaml.items(sequence);
        if node.flow {
            let separator = if items.is_empty() { "" } else { ", " };
            return TextEdit {
                span: Span::empty_at(node.span.end.saturating_sub(1)),
                replacement: format!("{separator}{value}"),
            };
        }
        let Some(&last) = items.last() else {
            return self.no_edit();
        };
        let dash = self.item_start(last, false);
        let end = line_end(&self.text.bytes, self.end_of(last));
        let indent = " ".repeat(self.column_of(dash));
        TextEdit {
            span: Span::empty_at(end),
            replacement: format!("{}{indent}- {value}", self.newline_at(end)),
        }
    }

    /// How far the file indents a nested block mapping below `mapping`.
    fn indent_step(&self, mapping: NodeId) -> Option<usize> {
        let outer = self.column_of(self.yaml.nodes[mapping].span.start);
        self.yaml.entries(mapping).iter().find_map(|&(_, v)| {
            let v = &self.yaml.nodes[v];
            let nested = matches!(v.kind, NodeKind::Mapping(_)) && !v.flow;
            let inner = self.column_of(v.span.start);
            (nested && inner > outer).then(|| inner - outer)
        })
    }

    /// Where a node's text ends (an alias: the alias itself).
    fn end_of(&self, node: NodeId) -> usize {
        self.yaml.nodes[node].span.end
    }

    /// The 0-based column of `offset`, in bytes: indentation is spaces.
    fn column_of(&self, offset: usize) -> usize {
        let bytes = &self.text.bytes[..offset];
        offset - bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
    }

    /// The line break used by the line ending at `end` (else the file's).
    fn newline_at(&self, end: usize) -> &'static str {
        match self.text.bytes.get(end) {
            Some(b'\r') => "\r\n",
            Some(_) => "\n",
            None => match self.text.lines.dominant_ending().as_str() {
                "" => "\n",
                ending => ending,
            },
        }
    }

    fn no_edit(&self) -> TextEdit {
        TextEdit {
            span: Span::empty_at(0),
            replacement: String::new(),
        }
    }
}

/// `a: {b: value}` for the path `a.b`.
fn flow_entry(path: &[&str], value: &str) -> String {
    let mut text = value.to_string();
    for (i, key) in path.iter().enumerate().rev() {
        let key = scalar_in(key, Style::Plain);
        text = if i + 1 == path.len() {
            format!("{key}: {text}")
        } else {
            format!("{key}: {{{text}}}")
        };
    }
    text
}

/// `value` written in `style` when that style can hold it, else in the
/// nearest one that can (plain, then single quotes, then double quotes).
pub fn scalar_in(value: &str, style: Style) -> String {
    let printable = !value.chars().any(|c| c.is_control());
    match style {
        Style::Plain if plain_safe(value) => value.to_string(),
        Style::Plain | Style::SingleQuoted if printable => {
            format!("'{}'", value.replace('\'', "''"))
        }
        _ => double_quoted(value),
    }
}

fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `value` reads back as the same string when written plain: not
/// empty, no indicator at its start, no `: ` or ` #` inside, no surrounding
/// space, and not a word YAML reads as null or a boolean (1.1's `yes`/`on`
/// too, which compose's YAML reader still takes for booleans).
pub fn plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    let special_start = "-?:,[]{}#&*!|>'\"%@`".contains(first) && !is_number_like(value);
    let reserved = matches!(
        value.to_ascii_lowercase().as_str(),
        "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    );
    !special_start
        && !reserved
        && value.trim() == value
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !value.chars().any(|c| c.is_control())
}

/// `-1`, `-0.5`: a leading `-` that starts a number, not a sequence item.
fn is_number_like(value: &str) -> bool {
    value
        .strip_prefix('-')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}
