//! A service's `env_file:` (a path, a list of paths, or a list of `{path,
//! required}`), and the env files it names, read as docker compose reads them
//! (`KEY=VALUE` lines; `#` comments; `export ` allowed; single quotes
//! literal; double quotes with `\n`, `\t`, `\\`, `\"` escapes; unquoted and
//! double-quoted values interpolated; an unquoted value's comment starts at
//! ` #`). A value that goes on over several lines inside double quotes is
//! read up to the end of its first line.

use super::env::{EnvVar, interpolate};
use crate::carrier::yaml::carried::Origin;
use crate::carrier::yaml::{NodeId, NodeKind, YamlFile};
use crate::text::Span;

/// One file `env_file:` names.
pub struct EnvFileRef {
    /// As written, relative to the compose file.
    pub path: String,
    /// `required: false` lets compose start the service without it.
    pub required: bool,
    /// The path's scalar in the compose file.
    pub span: Span,
}

/// The files a service's `env_file:` names, in order (later ones win).
pub fn refs(file: &YamlFile, service: NodeId) -> Vec<EnvFileRef> {
    let Some(node) = file.yaml.at(service, &["env_file"]) else {
        return Vec::new();
    };
    let items = match &file.yaml.node(file.yaml.resolve(node)).kind {
        NodeKind::Sequence(items) => items.clone(),
        _ => vec![node],
    };
    items
        .iter()
        .filter_map(|&item| one_ref(file, item))
        .collect()
}

fn one_ref(file: &YamlFile, item: NodeId) -> Option<EnvFileRef> {
    if let Some(path) = file.yaml.scalar(item) {
        return Some(EnvFileRef {
            path: path.to_string(),
            required: true,
            span: file.yaml.node(item).span,
        });
    }
    let path_node = file.yaml.at(item, &["path"])?;
    let required = file
        .yaml
        .at(item, &["required"])
        .and_then(|n| file.yaml.scalar(n))
        .is_none_or(|r| r.trim() != "false");
    Some(EnvFileRef {
        path: file.yaml.scalar(path_node)?.to_string(),
        required,
        span: file.yaml.node(path_node).span,
    })
}

/// The variables of an env file, in order; their spans are offsets in the
/// file plus `base` (where its text stands in the compose file's).
pub fn parse(text: &str, base: usize) -> Vec<EnvVar> {
    let mut out = Vec::new();
    let mut start = base;
    for line in text.split_inclusive('\n') {
        if let Some(var) = parse_line(line.trim_end_matches(['\n', '\r']), start) {
            out.push(var);
        }
        start += line.len();
    }
    out
}

fn parse_line(line: &str, at: usize) -> Option<EnvVar> {
    let body = line.trim_start();
    if body.is_empty() || body.starts_with('#') {
        return None;
    }
    let mut offset = at + line.len() - body.len();
    let body = match body.strip_prefix("export ") {
        Some(rest) => {
            let rest_trimmed = rest.trim_start();
            offset += body.len() - rest_trimmed.len();
            rest_trimmed
        }
        None => body,
    };
    let (name, raw) = match body.split_once('=') {
        Some((name, raw)) => (name.trim_end(), Some(raw)),
        None => (body.trim_end(), None),
    };
    if name.is_empty() {
        return None;
    }
    let name_span = Span::new(offset, offset + name.len());
    let Some(raw) = raw else {
        return Some(EnvVar {
            name: name.to_string(),
            value: None,
            name_span,
            value_span: Span::empty_at(name_span.end),
            origin: Origin::Elsewhere,
        });
    };
    let raw_start = offset + body.len() - raw.len();
    let written = raw.trim_start();
    let value_start = raw_start + raw.len() - written.len();
    let (value, len) = value(written);
    Some(EnvVar {
        name: name.to_string(),
        value: Some(value),
        name_span,
        value_span: Span::new(value_start, value_start + len),
        origin: Origin::Elsewhere,
    })
}

/// A value as compose reads it, and how many bytes of `written` it takes.
fn value(written: &str) -> (String, usize) {
    match written.chars().next() {
        Some(quote @ ('\'' | '"')) => quoted(written, quote),
        _ => {
            // A comment starts at a `#` after white space.
            let end = written
                .char_indices()
                .find(|&(i, c)| c == '#' && i > 0 && written[..i].ends_with([' ', '\t']))
                .map_or(written.len(), |(i, _)| i);
            let text = written[..end].trim_end();
            (interpolate(text), text.len())
        }
    }
}

/// A quoted value up to its closing quote (else the end of the line).
fn quoted(written: &str, quote: char) -> (String, usize) {
    let mut out = String::new();
    let mut chars = written.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == quote {
            let text = if quote == '"' { interpolate(&out) } else { out };
            return (text, i + 1);
        }
        if c == '\\'
            && let Some((_, next)) = chars.next()
        {
            match (quote, next) {
                ('"', 'n') => out.push('\n'),
                ('"', 'r') => out.push('\r'),
                ('"', 't') => out.push('\t'),
                (_, other) if other == quote || other == '\\' => out.push(other),
                (_, other) => {
                    out.push('\\');
                    out.push(other);
                }
            }
            continue;
        }
        out.push(c);
    }
    let text = if quote == '"' { interpolate(&out) } else { out };
    (text, written.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, Option<String>, String)> {
        parse(text, 0)
            .into_iter()
            .map(|v| {
                let written = text[v.value_span.start..v.value_span.end].to_string();
                (v.name, v.value, written)
            })
            .collect()
    }

    fn var(name: &str, value: Option<&str>, written: &str) -> (String, Option<String>, String) {
        (
            name.to_string(),
            value.map(str::to_string),
            written.to_string(),
        )
    }

    #[test]
    fn lines_read_as_compose_reads_them() {
        let text = "# comment\n\nA=1\nexport B = two \nC=x # note\nD=x#y\nE='$HOME # not'\nF=\"a\\tb\" # c\nG\nH=${SIZE:-5}\r\n";
        assert_eq!(
            read(text),
            [
                var("A", Some("1"), "1"),
                var("B", Some("two"), "two"),
                var("C", Some("x"), "x"),
                var("D", Some("x#y"), "x#y"),
                var("E", Some("$HOME # not"), "'$HOME # not'"),
                var("F", Some("a\tb"), "\"a\\tb\""),
                var("G", None, ""),
                var("H", Some("5"), "${SIZE:-5}"),
            ]
        );
    }
}
