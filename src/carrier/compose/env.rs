//! A compose service's `environment`, as a map (`KEY: value`) or a list
//! (`- KEY=value`), with compose's interpolation of `${VAR:-default}`.

use super::dialect::{Dialect, Variable};
use crate::carrier::yaml::carried::{Origin, Target};
use crate::carrier::yaml::{Flat, NodeId, NodeKind, YamlFile};
use crate::secret::SettingValue;
use crate::text::Span;
use crate::unit::Setting;

/// One variable as written.
pub struct EnvVar {
    pub name: String,
    /// After interpolation; None when the variable takes its value from the
    /// shell (`KEY:` with no value, `- KEY` with no `=`).
    pub value: Option<String>,
    pub name_span: Span,
    pub value_span: Span,
    pub origin: Origin,
}

/// The variables of `service`, in file order.
pub fn read(file: &YamlFile, service: NodeId) -> Vec<EnvVar> {
    let Some(env) = file.yaml.at(service, &["environment"]) else {
        return Vec::new();
    };
    match &file.yaml.node(file.yaml.resolve(env)).kind {
        // Flattened, so that merge keys (`<<: *common`) bring their variables.
        NodeKind::Mapping(_) => file
            .flatten_below(env, file.yaml.node(env).document)
            .unwrap_or_default()
            .iter()
            .filter(|e| e.segments.len() == 1)
            .filter_map(|e| map_var(file, e))
            .collect(),
        NodeKind::Sequence(items) => items
            .iter()
            .enumerate()
            .filter_map(|(index, &item)| list_var(file, env, index, item))
            .collect(),
        NodeKind::Scalar { .. } | NodeKind::Alias(_) => Vec::new(),
    }
}

fn map_var(file: &YamlFile, entry: &Flat) -> Option<EnvVar> {
    let (Some(key), Some((mapping, index))) = (entry.key_node, entry.parent) else {
        return None;
    };
    Some(EnvVar {
        name: file.yaml.scalar(key)?.to_string(),
        value: entry.value.as_deref().map(interpolate),
        name_span: entry.key_span,
        value_span: entry.value_span,
        origin: Origin::Entry {
            mapping,
            index,
            key,
            value: entry.value_node,
        },
    })
}

fn list_var(file: &YamlFile, env: NodeId, index: usize, item: NodeId) -> Option<EnvVar> {
    let text = file.yaml.scalar(item)?;
    let (name, value) = match text.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (text, None),
    };
    let span = file.yaml.node(item).span;
    // A quoted item's text starts after its quote; names need no escapes.
    let quoted = matches!(file.text.bytes.get(span.start), Some(b'"' | b'\''));
    let start = span.start + usize::from(quoted);
    let content_end = span.end - usize::from(quoted);
    let name_end = (start + name.len()).min(content_end);
    Some(EnvVar {
        name: name.to_string(),
        value: value.map(interpolate),
        name_span: Span::new(start, name_end),
        value_span: Span::new((name_end + 1).min(content_end), content_end),
        origin: Origin::Item {
            sequence: env,
            index,
            item,
            name: name.to_string(),
        },
    })
}

/// Adds the service's Kafka settings to `settings` (with their origins) and
/// returns their indexes.
pub fn settings(
    vars: &[EnvVar],
    dialect: &Dialect,
    settings: &mut Vec<Setting>,
    origins: &mut Vec<Origin>,
) -> Vec<usize> {
    let mut members = Vec::new();
    for var in vars {
        let (Some(Variable::Key(key)), Some(value)) = (dialect.variable(&var.name), &var.value)
        else {
            continue;
        };
        members.push(settings.len());
        settings.push(
            Setting::new(
                key.as_str(),
                SettingValue::for_key(&key, value.as_str()),
                var.name_span,
                var.value_span,
                Span::new(
                    var.name_span.start,
                    var.value_span.end.max(var.name_span.end),
                ),
            )
            .with_source_key(var.name.clone()),
        );
        origins.push(var.origin.clone());
    }
    members
}

/// Where the service's new variables go.
pub fn target(file: &YamlFile, service: NodeId) -> Target {
    match file.yaml.at(service, &["environment"]) {
        Some(env) if matches!(file.yaml.node(env).kind, NodeKind::Sequence(_)) => {
            Target::List { sequence: env }
        }
        Some(env) if file.yaml.is_mapping(env) => Target::Mapping {
            mapping: env,
            path: Vec::new(),
        },
        _ => Target::Mapping {
            mapping: service,
            path: vec!["environment".to_string()],
        },
    }
}

/// Compose's interpolation: `${VAR:-default}` and `${VAR-default}` give their
/// default, `$$` is a `$`. A variable without a default is set by the shell
/// when compose runs: it becomes `${env:VAR}`, which kafkalint (like Kafka's
/// EnvVarConfigProvider) takes as known only at run time, so no check judges
/// its value.
pub fn interpolate(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(inner) = after.strip_prefix('{')
            && let Some(close) = inner.find('}')
        {
            let expression = &inner[..close];
            match default_of(expression) {
                Some(default) => out.push_str(default),
                None => out.push_str(&format!("${{env:{}}}", variable_name(expression))),
            }
            rest = &inner[close + 1..];
        } else {
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            if name_len == 0 {
                out.push('$');
            } else {
                out.push_str(&format!("${{env:{}}}", &after[..name_len]));
            }
            rest = &after[name_len..];
        }
    }
    out.push_str(rest);
    out
}

/// `VAR:-default` and `VAR-default` -> `default`.
fn default_of(expression: &str) -> Option<&str> {
    let name_len = variable_name(expression).len();
    let operator = &expression[name_len..];
    operator
        .strip_prefix(":-")
        .or_else(|| operator.strip_prefix('-'))
}

/// For a value that is one `${VAR:-default}` (or `${VAR-default}`) and
/// nothing else: the variable's name and its operator.
pub fn default_expression(value: &str) -> Option<(&str, &str)> {
    let inner = value.strip_prefix("${")?.strip_suffix('}')?;
    if inner.contains(['{', '}', '$']) {
        return None;
    }
    let name = variable_name(inner);
    let operator = if inner[name.len()..].starts_with(":-") {
        ":-"
    } else {
        "-"
    };
    (!name.is_empty() && default_of(inner).is_some()).then_some((name, operator))
}

fn variable_name(expression: &str) -> &str {
    let end = expression
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(expression.len());
    &expression[..end]
}
