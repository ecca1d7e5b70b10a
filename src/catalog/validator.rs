//! The valid-values rule of a configuration key, decoded from the compact
//! form that `tools/catalog-gen` writes (see its module docs).

use super::ConfigType;

/// The valid values Kafka documents for a key, in a form cheap to check.
#[derive(Clone, Debug, PartialEq)]
pub enum Validator {
    /// No documented restriction (beyond the key's type).
    Any,
    /// A numeric range, inclusive; `or_value` is a single extra allowed value (`[1,...,9] or -1`).
    Range {
        /// Lower bound, if any.
        min: Option<f64>,
        /// Upper bound, if any.
        max: Option<f64>,
        /// An extra value allowed outside the range.
        or_value: Option<f64>,
    },
    /// An enumeration; for list-typed keys it applies to each element.
    OneOf {
        /// The allowed literal values, as documented.
        values: Vec<String>,
        /// Whether Kafka compares case-insensitively (`(case insensitive) [A, B]`).
        case_insensitive: bool,
        /// Prefixes followed by an ISO-8601 duration that are allowed too (e.g. `by_duration:`).
        patterns: Vec<String>,
    },
    /// Kafka protocol / message-format versions (`0.8.0` ... `3.7-IV4`); a release
    /// prefix such as `3.7`, `2.1` or `0.10.2` (and `3.7.1`) is accepted too.
    VersionList(Vec<String>),
    /// Any string (the docs say "non-null string"; a value in a file is never null).
    NonNullString,
    /// A string that is not empty after trimming.
    NonEmptyString,
    /// A list with at least one element.
    NonEmptyList,
    /// A list with at most this many elements.
    MaxListSize(usize),
    /// Prose from the docs; shown to users, never checked.
    Prose(String),
}

/// Formats a bound the way Kafka prints it (`0`, `0.5`, `-131072`).
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Splits a list value the way Kafka's `ConfigDef` does: trim, empty -> no
/// elements, else split on commas with surrounding whitespace removed.
pub(crate) fn list_elements(value: &str) -> Vec<&str> {
    let v = value.trim();
    if v.is_empty() {
        Vec::new()
    } else {
        v.split(',').map(str::trim).collect()
    }
}

/// Checks an ISO-8601 duration as `java.time.Duration.parse` accepts it
/// (`PnDTnHnMn.nS`, letters in either case), rejecting negative durations as
/// Kafka's `by_duration:` does.
fn is_iso_duration(s: &str) -> bool {
    let s = s.strip_prefix('+').unwrap_or(s);
    let Some(rest) = s.strip_prefix(['P', 'p']) else {
        return false;
    };
    let (date, time) = match rest.find(['T', 't']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let mut any = false;
    // Date part: only days.
    if !date.is_empty() {
        let Some(n) = date.strip_suffix(['D', 'd']) else {
            return false;
        };
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        any = true;
    }
    if let Some(mut t) = time {
        if t.is_empty() {
            return false;
        }
        for (unit, fraction) in [(['H', 'h'], false), (['M', 'm'], false), (['S', 's'], true)] {
            let Some(end) = t.find(unit) else {
                continue;
            };
            let n = &t[..end];
            let ok = if fraction {
                let (int, frac) = match n.split_once(['.', ',']) {
                    Some((i, f)) => (i, Some(f)),
                    None => (n, None),
                };
                !int.is_empty()
                    && int.bytes().all(|b| b.is_ascii_digit())
                    && frac.is_none_or(|f| f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()))
            } else {
                !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
            };
            if !ok {
                return false;
            }
            any = true;
            t = &t[end + 1..];
        }
        if !t.is_empty() {
            return false;
        }
    }
    any
}

impl Validator {
    /// Decodes the compact form written by catalog-gen; `None` if malformed.
    pub(crate) fn decode(s: &str) -> Option<Validator> {
        if s.is_empty() {
            return Some(Validator::Any);
        }
        let (tag, body) = s.split_once(':').unwrap_or((s, ""));
        Some(match tag {
            "nn" => Validator::NonNullString,
            "ne" => Validator::NonEmptyString,
            "nl" => Validator::NonEmptyList,
            "m" => Validator::MaxListSize(body.parse().ok()?),
            "t" => Validator::Prose(body.to_string()),
            "v" => Validator::VersionList(body.split(',').map(str::to_string).collect()),
            "r" => {
                let mut parts = body.split(':');
                let mut next = || -> Option<Option<f64>> {
                    let p = parts.next()?;
                    if p.is_empty() {
                        Some(None)
                    } else {
                        p.parse().ok().map(Some)
                    }
                };
                let (min, max, or_value) = (next()?, next()?, next()?);
                Validator::Range { min, max, or_value }
            }
            "e" | "ei" => {
                let mut values = Vec::new();
                let mut patterns = Vec::new();
                for item in body.split(',') {
                    match item.strip_prefix('~') {
                        Some(p) => patterns.push(p.to_string()),
                        None => values.push(item.to_string()),
                    }
                }
                Validator::OneOf {
                    values,
                    case_insensitive: tag == "ei",
                    patterns,
                }
            }
            _ => return None,
        })
    }

    /// Human text for messages: `[0,...]`, `[1,...,9] or -1`, `one of: earliest, latest, none`.
    pub fn describe(&self) -> String {
        match self {
            Validator::Any => "any value".to_string(),
            Validator::Range { min, max, or_value } => {
                let lo = min.map(num).unwrap_or_default();
                let mut s = match max {
                    Some(hi) => format!("[{lo},...,{}]", num(*hi)),
                    None => format!("[{lo},...]"),
                };
                if let Some(o) = or_value {
                    s.push_str(&format!(" or {}", num(*o)));
                }
                s
            }
            Validator::OneOf {
                values,
                case_insensitive,
                patterns,
            } => {
                let mut items: Vec<String> = values.clone();
                items.extend(patterns.iter().map(|p| format!("{p}<ISO-8601 duration>")));
                let ci = if *case_insensitive {
                    " (case-insensitive)"
                } else {
                    ""
                };
                format!("one of{ci}: {}", items.join(", "))
            }
            Validator::VersionList(v) => match (v.first(), v.last()) {
                (Some(first), Some(last)) => {
                    let short = last.split("-IV").next().unwrap_or(last);
                    format!("a Kafka version from {first} to {last} (or a release such as {short})")
                }
                _ => "a Kafka version".to_string(),
            },
            Validator::NonNullString => "non-null string".to_string(),
            Validator::NonEmptyString => "non-empty string".to_string(),
            Validator::NonEmptyList => "non-empty list".to_string(),
            Validator::MaxListSize(n) => format!("a list of at most {n} elements"),
            Validator::Prose(p) => p.clone(),
        }
    }

    /// Whether Kafka would accept `value` for a key of type `ty` with this validator.
    ///
    /// `None` when this validator cannot tell: prose, or a value that does not
    /// parse as a number for a range (a type error, reported by type checks).
    /// For list-typed keys an enumeration applies to each element.
    pub fn accepts(&self, ty: ConfigType, value: &str) -> Option<bool> {
        match self {
            Validator::Any | Validator::NonNullString => Some(true),
            Validator::Prose(_) => None,
            Validator::NonEmptyString => Some(!value.trim().is_empty()),
            Validator::NonEmptyList => Some(!list_elements(value).is_empty()),
            Validator::MaxListSize(n) => Some(list_elements(value).len() <= *n),
            Validator::Range { min, max, or_value } => {
                let x: f64 = value.trim().parse().ok()?;
                if x.is_nan() {
                    return None;
                }
                let in_range = min.is_none_or(|m| x >= m) && max.is_none_or(|m| x <= m);
                Some(in_range || *or_value == Some(x))
            }
            Validator::OneOf {
                values,
                case_insensitive,
                patterns,
            } => {
                let one = |v: &str| {
                    let listed = if *case_insensitive {
                        values.iter().any(|a| a.eq_ignore_ascii_case(v))
                    } else {
                        values.iter().any(|a| a == v)
                    };
                    listed
                        || patterns.iter().any(|p| {
                            v.get(..p.len()).is_some_and(|head| {
                                if *case_insensitive {
                                    head.eq_ignore_ascii_case(p)
                                } else {
                                    head == p
                                }
                            }) && is_iso_duration(&v[p.len()..])
                        })
                };
                Some(if ty == ConfigType::List {
                    list_elements(value).into_iter().all(one)
                } else {
                    one(value.trim())
                })
            }
            Validator::VersionList(list) => Some(version_accepted(list, value.trim())),
        }
    }
}

/// The part of a version string that Kafka's `MetadataVersion.fromVersionString`
/// / `ApiVersion.apply` looks up: the first 3 dot-separated segments of a 0.x
/// version, else the first 2 (`3.7.1` -> `3.7`, `0.10.2.1` -> `0.10.2`).
pub fn metadata_version_key(value: &str) -> &str {
    let n = if value.starts_with("0.") { 3 } else { 2 };
    match value.match_indices('.').nth(n - 1) {
        Some((i, _)) => &value[..i],
        None => value,
    }
}

/// Kafka's `MetadataVersion.fromVersionString` / `ApiVersion.apply`: keep the
/// first 3 dot-separated segments of a 0.x version, else the first 2, and look
/// the result up among the listed versions or their release prefixes
/// (`3.7-IV4` -> `3.7`). So `3.7`, `3.7.1`, `3.7-IV4` and `0.10.2` are
/// accepted; `0.10` and `3` are not.
fn version_accepted(list: &[String], value: &str) -> bool {
    if value.is_empty() {
        return false;
    }
    let key = metadata_version_key(value);
    list.iter()
        .any(|v| v == key || v.split_once("-IV").is_some_and(|(short, _)| short == key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_durations() {
        for ok in ["PT1H", "P1D", "PT30M", "PT1.5S", "P2DT3H4M", "pt1h", "PT0S"] {
            assert!(is_iso_duration(ok), "{ok}");
        }
        for bad in [
            "", "P", "PT", "1H", "PT1X", "P1H", "PT-1H", "P-1D", "PTH", "PT1H2",
        ] {
            assert!(!is_iso_duration(bad), "{bad}");
        }
    }

    #[test]
    fn version_lists() {
        let list: Vec<String> = ["0.8.2", "0.10.2-IV0", "2.1-IV0", "2.1-IV2", "3.7-IV4"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for ok in [
            "3.7",
            "3.7.1",
            "3.7-IV4",
            "2.1",
            "2.1-IV0",
            "0.10.2",
            "0.10.2-IV0",
            "0.10.2.1",
            "0.8.2",
        ] {
            assert!(version_accepted(&list, ok), "{ok}");
        }
        for bad in ["", "3", "3.8", "0.10", "2.1-IV1", "0.9.0", "3.7-IV"] {
            assert!(!version_accepted(&list, bad), "{bad}");
        }
    }

    #[test]
    fn decode_and_describe() {
        let r = Validator::decode("r:1:9:-1").unwrap();
        assert_eq!(
            r,
            Validator::Range {
                min: Some(1.0),
                max: Some(9.0),
                or_value: Some(-1.0)
            }
        );
        assert_eq!(r.describe(), "[1,...,9] or -1");
        assert_eq!(r.accepts(ConfigType::Int, "-1"), Some(true));
        assert_eq!(r.accepts(ConfigType::Int, "0"), Some(false));
        assert_eq!(r.accepts(ConfigType::Int, "x"), None);
        assert_eq!(
            Validator::decode("r:0.5::").unwrap().describe(),
            "[0.5,...]"
        );
        assert_eq!(
            Validator::decode("r:-131072:22:").unwrap().describe(),
            "[-131072,...,22]"
        );
        assert_eq!(Validator::decode("").unwrap(), Validator::Any);
        assert_eq!(Validator::decode("m:5").unwrap(), Validator::MaxListSize(5));
        assert_eq!(Validator::decode("zz:1"), None);
        assert_eq!(Validator::decode("r:a::"), None);
        assert_eq!(Validator::decode("r:1"), None);
        let e = Validator::decode("e:compact,delete").unwrap();
        assert_eq!(e.accepts(ConfigType::List, "compact, delete"), Some(true));
        assert_eq!(e.accepts(ConfigType::List, "compact,Delete"), Some(false));
        assert_eq!(
            e.accepts(ConfigType::String, "compact, delete"),
            Some(false)
        );
        let d = Validator::decode("e:latest,earliest,none,~by_duration:").unwrap();
        assert_eq!(
            d.describe(),
            "one of: latest, earliest, none, by_duration:<ISO-8601 duration>"
        );
        assert_eq!(
            d.accepts(ConfigType::String, "by_duration:PT1H"),
            Some(true)
        );
        assert_eq!(d.accepts(ConfigType::String, "by_duration:1h"), Some(false));
        assert_eq!(d.accepts(ConfigType::String, "Latest"), Some(false));
        let ci = Validator::decode("ei:SSL,PLAINTEXT").unwrap();
        assert_eq!(ci.accepts(ConfigType::String, " ssl "), Some(true));
        assert_eq!(
            Validator::Prose("x".into()).accepts(ConfigType::Int, "1"),
            None
        );
    }
}
