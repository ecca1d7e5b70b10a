//! Values as Kafka's `ConfigDef.parseType` interprets them.
//!
//! Kafka trims typed values with `String.trim()` (every char up to U+0020, not
//! NBSP), splits lists on commas with surrounding whitespace, and parses numbers
//! with Java's rules. `${provider:path:key}` references are resolved at run time
//! by a config provider, so they are never type-checked.

use crate::catalog::ConfigType;
use crate::secret::{HIDDEN, Secret, SettingValue};
use std::fmt;

/// A typed configuration value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Double(f64),
    Str(String),
    List(Vec<String>),
    /// A `${provider:path:key}` reference, resolved by Kafka at run time.
    Reference(String),
    /// A secret, trimmed: it can be tested for presence, never shown.
    Secret(Secret),
}

impl Value {
    /// The value of a key Kafka does not type: its text, or the secret.
    pub fn untyped(raw: &SettingValue) -> Value {
        match raw {
            SettingValue::Plain(text) => Value::Str(text.to_string()),
            SettingValue::Secret(secret) => Value::Secret(secret.clone()),
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Double(d) => Some(*d),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Double(d) => write!(f, "{d}"),
            Value::Str(s) | Value::Reference(s) => f.write_str(s),
            Value::List(items) => f.write_str(&items.join(",")),
            Value::Secret(_) => f.write_str(HIDDEN),
        }
    }
}

/// Why Kafka would reject a value before any validator runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeError {
    NotBoolean,
    NotNumber { ty: ConfigType },
}

impl fmt::Display for TypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeError::NotBoolean => f.write_str("expected `true` or `false`"),
            TypeError::NotNumber { ty } => {
                write!(f, "not a number of type {}", ty.as_str().to_uppercase())
            }
        }
    }
}

/// Java's `String.trim()`: strips every char from U+0000 to U+0020 at both ends.
pub fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// Whether the whole trimmed value is a config-provider reference such as
/// `${file:/etc/kafka/secrets.properties:password}`.
pub fn is_reference(trimmed: &str) -> bool {
    contains_reference(trimmed) && trimmed.starts_with("${") && trimmed.ends_with('}')
}

/// Whether a value contains a `${provider:...}` reference anywhere.
pub fn contains_reference(value: &str) -> bool {
    // Most values hold no `$`: found with one scan, before setting up a search.
    if memchr::memchr(b'$', value.as_bytes()).is_none() {
        return false;
    }
    value.match_indices("${").any(|(i, _)| {
        value[i + 2..]
            .split_once('}')
            .is_some_and(|(inner, _)| inner.contains(':'))
    })
}

/// Parses a setting's value as `ConfigDef.parseType` does for `ty`. A secret
/// stays wrapped: Kafka's PASSWORD type holds any text, and only a config
/// provider reference in its place is worth telling apart.
pub fn parse_setting(ty: ConfigType, raw: &SettingValue) -> Result<Value, TypeError> {
    match raw {
        SettingValue::Plain(text) => parse(ty, text),
        SettingValue::Secret(secret) => {
            let trimmed = java_trim(secret.expose());
            if is_reference(trimmed) {
                Ok(Value::Reference(trimmed.to_string()))
            } else {
                Ok(Value::Secret(Secret::new(trimmed.to_string())))
            }
        }
    }
}

/// Parses a raw file value the way `ConfigDef.parseType` does for `ty`, once
/// Kafka has resolved a `${provider:...}` reference (kept as a reference).
pub fn parse(ty: ConfigType, raw: &str) -> Result<Value, TypeError> {
    let trimmed = java_trim(raw);
    if is_reference(trimmed) {
        return Ok(Value::Reference(trimmed.to_string()));
    }
    parse_literal(ty, trimmed)
}

/// Parses a value as written, as Kafka does with a reference it does not
/// resolve (an unknown provider, or a release before references).
pub fn parse_literal(ty: ConfigType, raw: &str) -> Result<Value, TypeError> {
    let trimmed = java_trim(raw);
    match ty {
        ConfigType::Boolean => match trimmed.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(TypeError::NotBoolean),
        },
        ConfigType::Int => parse_int(trimmed, i64::from(i32::MIN), i64::from(i32::MAX), ty),
        ConfigType::Short => parse_int(trimmed, i64::from(i16::MIN), i64::from(i16::MAX), ty),
        ConfigType::Long => parse_int(trimmed, i64::MIN, i64::MAX, ty),
        ConfigType::Double => parse_double(trimmed)
            .map(Value::Double)
            .ok_or(TypeError::NotNumber { ty }),
        ConfigType::List => Ok(Value::List(split_list(trimmed))),
        ConfigType::String | ConfigType::Class | ConfigType::Password => {
            Ok(Value::Str(trimmed.to_string()))
        }
    }
}

/// `COMMA_WITH_WHITESPACE.split(trimmed, -1)`: empty input is an empty list,
/// empty items between commas are kept.
pub fn split_list(trimmed: &str) -> Vec<String> {
    if trimmed.is_empty() {
        return Vec::new();
    }
    trimmed
        .split(',')
        .map(|item| item.trim_matches(is_regex_whitespace).to_string())
        .collect()
}

/// Java regex `\s`: space, tab, newline, vertical tab, form feed, carriage return.
fn is_regex_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r')
}

/// `Integer.parseInt` and friends: optional sign, ASCII digits, within range.
fn parse_int(s: &str, min: i64, max: i64, ty: ConfigType) -> Result<Value, TypeError> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TypeError::NotNumber { ty });
    }
    match s.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Value::Int(n)),
        _ => Err(TypeError::NotNumber { ty }),
    }
}

/// `Double.parseDouble`: decimal or exponent forms, an optional `d`/`f` suffix,
/// `NaN` and `Infinity` spelled as Java spells them.
fn parse_double(s: &str) -> Option<f64> {
    let body = s.strip_suffix(['d', 'D', 'f', 'F']).unwrap_or(s);
    let unsigned = body.strip_prefix(['+', '-']).unwrap_or(body);
    if unsigned == "NaN" || unsigned == "Infinity" {
        return body.replace("Infinity", "inf").parse().ok();
    }
    let numeric = !unsigned.is_empty()
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if numeric { body.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_like_java() {
        assert_eq!(parse(ConfigType::Int, " 42\t"), Ok(Value::Int(42)));
        assert_eq!(
            parse(ConfigType::String, "earliest "),
            Ok(Value::Str("earliest".into()))
        );
        // NBSP is not trimmed by Java.
        assert!(parse(ConfigType::Int, "42\u{a0}").is_err());
    }

    #[test]
    fn numbers_follow_java() {
        assert!(parse(ConfigType::Int, "30s").is_err());
        assert!(parse(ConfigType::Int, "2147483648").is_err());
        assert_eq!(
            parse(ConfigType::Long, "2147483648"),
            Ok(Value::Int(2_147_483_648))
        );
        assert_eq!(parse(ConfigType::Int, "+5"), Ok(Value::Int(5)));
        assert_eq!(parse(ConfigType::Double, "0.5d"), Ok(Value::Double(0.5)));
        assert!(parse(ConfigType::Double, "inf").is_err());
        assert!(parse(ConfigType::Short, "40000").is_err());
    }

    #[test]
    fn booleans_ignore_case() {
        assert_eq!(parse(ConfigType::Boolean, "TRUE "), Ok(Value::Bool(true)));
        assert_eq!(
            parse(ConfigType::Boolean, "yes"),
            Err(TypeError::NotBoolean)
        );
    }

    #[test]
    fn lists_split_on_commas_with_whitespace() {
        assert_eq!(
            parse(ConfigType::List, " a , b,,c,"),
            Ok(Value::List(vec![
                "a".into(),
                "b".into(),
                "".into(),
                "c".into(),
                "".into()
            ]))
        );
        assert_eq!(parse(ConfigType::List, "  "), Ok(Value::List(vec![])));
    }

    #[test]
    fn references_are_left_alone() {
        assert_eq!(
            parse(ConfigType::Int, "${file:/etc/k.properties:timeout}"),
            Ok(Value::Reference("${file:/etc/k.properties:timeout}".into()))
        );
        assert!(contains_reference("user=${env:USER} pw"));
        assert!(!contains_reference("${nocolon}"));
    }
}
