//! From the text of `kafkalint.toml` to a checked [`ProjectConfig`]: TOML and
//! field names (serde, strict), then every value (roles, versions, severities,
//! globs, the shape of each cluster). The first problem is the error, with the
//! line and the field it is about.

use super::raw::{RawBrokerFiles, RawCluster, RawConfig, RawFiles, RawRules};
use super::{
    ClusterConfig, ConfigError, FilesConfig, Located, MAX_CLUSTER_BROKERS, Pattern, ProjectConfig,
    RulesConfig, SeverityOrOff,
};
use crate::catalog::{self, Role, VersionSelection};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The file being read, for errors.
struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Ctx<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        line_at(self.text, span.start)
    }

    fn error(
        &self,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> ConfigError {
        ConfigError {
            path: self.path.to_path_buf(),
            line: self.line(span),
            field: Some(field.into()),
            message: message.into(),
        }
    }
}

/// 1-based line of a byte offset.
pub(super) fn line_at(text: &str, offset: usize) -> usize {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].matches('\n').count() + 1
}

pub(super) fn parse(path: &Path, text: &str) -> Result<ProjectConfig, ConfigError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
    let cx = Ctx { path, text };
    let mut clusters: Vec<ClusterConfig> = Vec::new();
    for (i, c) in raw.cluster.into_iter().enumerate() {
        let cluster = cluster(&cx, i, c)?;
        if let Some(first) = clusters.iter().find(|o| o.name.value == cluster.name.value) {
            return Err(ConfigError {
                path: path.to_path_buf(),
                line: cluster.name.line,
                field: Some(format!("cluster[{i}].name")),
                message: format!(
                    "a cluster named `{}` is already defined at line {}",
                    cluster.name.value, first.name.line
                ),
            });
        }
        clusters.push(cluster);
    }
    Ok(ProjectConfig {
        path: path.to_path_buf(),
        kafka_version: version(&cx, "kafka-version", raw.kafka_version.as_ref())?,
        spring_boot: spring_boot(&cx, "spring-boot", raw.spring_boot.as_ref())?,
        record_processing_ms: processing_ms(
            &cx,
            "record-processing-ms",
            raw.record_processing_ms.as_ref(),
        )?,
        include: match &raw.include {
            Some(globs) => Some(patterns(&cx, "include", globs)?),
            None => None,
        },
        exclude: patterns(&cx, "exclude", &raw.exclude)?,
        clusters,
        files: raw
            .files
            .into_iter()
            .enumerate()
            .map(|(i, f)| files(&cx, i, f))
            .collect::<Result<_, _>>()?,
        rules: match raw.rules {
            Some(r) => rules(&cx, r)?,
            None => RulesConfig::default(),
        },
    })
}

fn cluster(cx: &Ctx, i: usize, raw: Spanned<RawCluster>) -> Result<ClusterConfig, ConfigError> {
    let at = format!("cluster[{i}]");
    let line = cx.line(raw.span());
    let c = raw.into_inner();
    let name = c.name.get_ref().trim();
    if name.is_empty() {
        return Err(cx.error(
            c.name.span(),
            format!("{at}.name"),
            "a cluster needs a name",
        ));
    }
    let broker_version = version(
        cx,
        &format!("{at}.broker-version"),
        c.broker_version.as_ref(),
    )?;
    let (broker, each_broker_file) = broker_files(cx, &at, c.broker.as_ref())?;
    let brokers = broker_count(cx, &at, c.brokers.as_ref(), &broker, each_broker_file)?;
    if let (false, Some(v)) = (broker.is_empty(), &c.broker_version) {
        return Err(cx.error(
            v.span(),
            format!("{at}.broker-version"),
            "set broker (the broker's configuration file) or broker-version (when there is no file), not both",
        ));
    }
    if broker.is_empty() && broker_version.is_none() && brokers.is_none() {
        return Err(ConfigError {
            path: cx.path.to_path_buf(),
            line,
            field: Some(at),
            message: "a cluster needs broker (the broker's configuration file), broker-version (when there is no file) or brokers (how many brokers it has)".into(),
        });
    }
    let clients = match &c.clients {
        Some(globs) if globs.get_ref().is_empty() => {
            return Err(cx.error(
                globs.span(),
                format!("{at}.clients"),
                "a cluster needs at least one glob of client files",
            ));
        }
        Some(globs) => patterns(cx, &format!("{at}.clients"), globs.get_ref())?,
        None if broker.is_empty() => {
            return Err(ConfigError {
                path: cx.path.to_path_buf(),
                line,
                field: Some(format!("{at}.clients")),
                message: "a cluster without broker files needs clients (globs of the files it applies to)".into(),
            });
        }
        None => Vec::new(),
    };
    Ok(ClusterConfig {
        name: Located {
            value: name.to_string(),
            line: cx.line(c.name.span()),
        },
        line,
        broker,
        each_broker_file,
        broker_version,
        brokers,
        clients,
    })
}

/// A cluster's `broker`: one path, or a list of every broker's path (the
/// flag says which), none empty and none twice.
fn broker_files(
    cx: &Ctx,
    at: &str,
    source: Option<&Spanned<RawBrokerFiles>>,
) -> Result<(Vec<Located<String>>, bool), ConfigError> {
    let Some(source) = source else {
        return Ok((Vec::new(), false));
    };
    let (written, each): (Vec<(String, Range<usize>, String)>, bool) = match source.get_ref() {
        RawBrokerFiles::One(path) => (
            vec![(path.clone(), source.span(), format!("{at}.broker"))],
            false,
        ),
        RawBrokerFiles::Each(paths) if paths.is_empty() => {
            return Err(cx.error(
                source.span(),
                format!("{at}.broker"),
                "empty list: name the broker's configuration file, or each broker's",
            ));
        }
        RawBrokerFiles::Each(paths) => (
            paths
                .iter()
                .enumerate()
                .map(|(j, p)| (p.get_ref().clone(), p.span(), format!("{at}.broker[{j}]")))
                .collect(),
            true,
        ),
    };
    let mut files: Vec<Located<String>> = Vec::new();
    for (path, span, field) in written {
        if path.trim().is_empty() {
            return Err(cx.error(
                span,
                field,
                "empty path: name the broker's configuration file",
            ));
        }
        if let Some(first) = files.iter().find(|f| f.value == path) {
            return Err(cx.error(
                span,
                field,
                format!("`{path}` is already listed at line {}", first.line),
            ));
        }
        files.push(Located {
            value: path,
            line: cx.line(span),
        });
    }
    Ok((files, each))
}

/// A cluster's `brokers`: from 1 to [`MAX_CLUSTER_BROKERS`], and not fewer
/// than the broker files it lists one by one.
fn broker_count(
    cx: &Ctx,
    at: &str,
    source: Option<&Spanned<i64>>,
    files: &[Located<String>],
    each_broker_file: bool,
) -> Result<Option<Located<u32>>, ConfigError> {
    let Some(n) = source else { return Ok(None) };
    let field = format!("{at}.brokers");
    let count = u32::try_from(*n.get_ref())
        .ok()
        .filter(|c| (1..=MAX_CLUSTER_BROKERS).contains(c))
        .ok_or_else(|| {
            cx.error(
                n.span(),
                &field,
                format!(
                    "must be a whole number of brokers from 1 to {MAX_CLUSTER_BROKERS}, not {}",
                    n.get_ref()
                ),
            )
        })?;
    if each_broker_file && (count as usize) < files.len() {
        return Err(cx.error(
            n.span(),
            &field,
            format!(
                "{count} is fewer than the {} broker files `broker` lists",
                files.len()
            ),
        ));
    }
    Ok(Some(Located {
        value: count,
        line: cx.line(n.span()),
    }))
}

fn files(cx: &Ctx, i: usize, raw: Spanned<RawFiles>) -> Result<FilesConfig, ConfigError> {
    let at = format!("files[{i}]");
    let line = cx.line(raw.span());
    let f = raw.into_inner();
    let role = match &f.role {
        Some(r) => match Role::parse(r.get_ref()) {
            Some(role) => Some(Located {
                value: role,
                line: cx.line(r.span()),
            }),
            None => {
                return Err(cx.error(
                    r.span(),
                    format!("{at}.role"),
                    format!(
                        "unknown role `{}`; expected one of: {}",
                        r.get_ref(),
                        crate::catalog::Role::ALL
                            .map(crate::catalog::Role::as_str)
                            .join(", ")
                    ),
                ));
            }
        },
        None => None,
    };
    Ok(FilesConfig {
        line,
        path: pattern(cx, &format!("{at}.path"), &f.path)?,
        role,
        kafka_version: version(cx, &format!("{at}.kafka-version"), f.kafka_version.as_ref())?,
        spring_boot: spring_boot(cx, &format!("{at}.spring-boot"), f.spring_boot.as_ref())?,
        record_processing_ms: processing_ms(
            cx,
            &format!("{at}.record-processing-ms"),
            f.record_processing_ms.as_ref(),
        )?,
        ignore: selectors(cx, &format!("{at}.ignore"), &f.ignore)?,
    })
}

/// A list of checks as `select` and `ignore` take them: codes, code prefixes
/// or names (whether each is known is checked once the rules are loaded).
fn selectors(
    cx: &Ctx,
    field: &str,
    list: &[Spanned<String>],
) -> Result<Vec<Located<String>>, ConfigError> {
    list.iter()
        .enumerate()
        .map(|(i, s)| {
            let v = s.get_ref();
            if v.is_empty() || v.chars().any(char::is_whitespace) {
                Err(cx.error(
                    s.span(),
                    format!("{field}[{i}]"),
                    format!(
                        "`{v}` is not a check: give a code (K101), a code prefix (K1) or a name (unknown-key)"
                    ),
                ))
            } else {
                Ok(Located {
                    value: v.clone(),
                    line: cx.line(s.span()),
                })
            }
        })
        .collect()
}

fn rules(cx: &Ctx, r: RawRules) -> Result<RulesConfig, ConfigError> {
    let mut severity = BTreeMap::new();
    for (code, level) in &r.severity {
        let field = format!("rules.severity.{code}");
        if code.is_empty() || code.chars().any(char::is_whitespace) {
            return Err(cx.error(
                level.span(),
                field,
                format!(
                    "`{code}` is not a check: give a code (K101), a code prefix (K1) or a name (unknown-key)"
                ),
            ));
        }
        let Some(value) = SeverityOrOff::parse(level.get_ref()) else {
            return Err(cx.error(
                level.span(),
                field,
                format!(
                    "unknown severity `{}`; expected one of: error, warning, info, off",
                    level.get_ref()
                ),
            ));
        };
        severity.insert(
            code.clone(),
            Located {
                value,
                line: cx.line(level.span()),
            },
        );
    }
    let mut paths = Vec::new();
    for (i, p) in r.paths.iter().enumerate() {
        if p.get_ref().trim().is_empty() {
            return Err(cx.error(
                p.span(),
                format!("rules.paths[{i}]"),
                "empty path: name a directory of rule files",
            ));
        }
        paths.push(Located {
            value: p.get_ref().clone(),
            line: cx.line(p.span()),
        });
    }
    Ok(RulesConfig {
        select: selectors(cx, "rules.select", &r.select)?,
        extend_select: selectors(cx, "rules.extend-select", &r.extend_select)?,
        ignore: selectors(cx, "rules.ignore", &r.ignore)?,
        severity,
        paths,
    })
}

fn version(
    cx: &Ctx,
    field: &str,
    source: Option<&Spanned<String>>,
) -> Result<Option<Located<VersionSelection>>, ConfigError> {
    let Some(s) = source else { return Ok(None) };
    match catalog::select_version(s.get_ref()) {
        Ok(value) => Ok(Some(Located {
            value,
            line: cx.line(s.span()),
        })),
        Err(message) => Err(cx.error(s.span(), field, message)),
    }
}

fn spring_boot(
    cx: &Ctx,
    field: &str,
    source: Option<&Spanned<String>>,
) -> Result<Option<Located<crate::carrier::spring::BootVersion>>, ConfigError> {
    let Some(s) = source else { return Ok(None) };
    match crate::carrier::spring::BootVersion::parse(s.get_ref()) {
        Ok(value) => Ok(Some(Located {
            value,
            line: cx.line(s.span()),
        })),
        Err(message) => Err(cx.error(s.span(), field, message)),
    }
}

fn processing_ms(
    cx: &Ctx,
    field: &str,
    source: Option<&Spanned<i64>>,
) -> Result<Option<Located<u64>>, ConfigError> {
    let Some(n) = source else { return Ok(None) };
    match crate::model::record_processing_ms(&n.get_ref().to_string()) {
        Ok(value) => Ok(Some(Located {
            value,
            line: cx.line(n.span()),
        })),
        Err(message) => Err(cx.error(n.span(), field, message)),
    }
}

fn patterns(cx: &Ctx, field: &str, globs: &[Spanned<String>]) -> Result<Vec<Pattern>, ConfigError> {
    globs
        .iter()
        .enumerate()
        .map(|(i, g)| pattern(cx, &format!("{field}[{i}]"), g))
        .collect()
}

/// A glob relative to the config's directory: `./` and a trailing `/` are
/// dropped; absolute globs and globs climbing out with `..` are refused (they
/// could never match).
fn pattern(cx: &Ctx, field: &str, source: &Spanned<String>) -> Result<Pattern, ConfigError> {
    let written = source.get_ref();
    let fail = |message: String| Err(cx.error(source.span(), field, message));
    let mut text = written.trim();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    let text = text.strip_suffix('/').unwrap_or(text);
    if text.is_empty() || text == "." {
        return fail("empty glob".to_string());
    }
    if text.starts_with('/') || (text.contains(':') && Path::new(text).is_absolute()) {
        return fail(format!(
            "`{written}` is absolute: paths and globs are relative to the directory of the config file"
        ));
    }
    if text.starts_with('!') {
        return fail(format!(
            "`{written}`: globs here have no negation; name the files it is for (`exclude` keeps files out of the walk; `\\!` matches a name that starts with `!`)"
        ));
    }
    if text.split('/').any(|c| c == "..") {
        return fail(format!(
            "`{written}` leaves the directory of the config file (`..`): its globs only match files below it"
        ));
    }
    let glob = globset::GlobBuilder::new(text)
        .literal_separator(true)
        .backslash_escape(true)
        .build();
    match glob {
        Ok(glob) => Ok(Pattern {
            text: text.to_string(),
            line: cx.line(source.span()),
            literal: !text.contains(['*', '?', '[', ']', '{', '}', '\\']),
            matcher: glob.compile_matcher(),
        }),
        Err(e) => fail(format!("invalid glob `{written}`: {}", e.kind())),
    }
}

/// A TOML or serde error: the line, the field (found in the parsed tree when
/// the TOML itself is valid), and serde's message made to read well after it.
fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> ConfigError {
    let span = e.span();
    let line = span.as_ref().map_or(1, |s| line_at(text, s.start));
    let message = e.message().trim();
    let Ok(tree) = DeTable::parse(text) else {
        return ConfigError {
            path: path.to_path_buf(),
            line,
            field: None,
            message: format!("invalid TOML: {message}"),
        };
    };
    let mut field = span.and_then(|s| field_at(&tree, s.start));
    let message = if let Some(missing) = between(message, "missing field `", "`") {
        let container = field.take();
        field = Some(match container {
            Some(c) => format!("{c}.{missing}"),
            None => missing.to_string(),
        });
        "required, but missing".to_string()
    } else if let Some(rest) = message
        .strip_prefix("unknown field `")
        .and_then(|r| r.split_once("`, "))
        .map(|(_, rest)| rest)
    {
        format!(
            "unknown field, {}",
            rest.replace("there are no fields", "expected no fields")
        )
    } else {
        message
            .replace("expected i64", "expected an integer")
            .replace("expected a sequence", "expected an array")
    };
    ConfigError {
        path: path.to_path_buf(),
        line,
        field,
        message,
    }
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(open)?;
    let end = rest.find(close)?;
    Some(&rest[..end])
}

/// The dotted path (`files[1].role`) of the deepest key or value whose span
/// holds `offset`.
pub(super) fn field_at(tree: &Spanned<DeTable>, offset: usize) -> Option<String> {
    search_table(tree.get_ref(), offset, "")
}

fn search_table(table: &DeTable, offset: usize, path: &str) -> Option<String> {
    for (key, value) in table.iter() {
        let name = if path.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{path}.{}", key.get_ref())
        };
        if key.span().contains(&offset) {
            return Some(name);
        }
        if let Some(found) = search_value(value, offset, &name) {
            return Some(found);
        }
    }
    None
}

fn search_value(value: &Spanned<DeValue>, offset: usize, path: &str) -> Option<String> {
    let inner = match value.get_ref() {
        DeValue::Table(t) => search_table(t, offset, path),
        DeValue::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| search_value(item, offset, &format!("{path}[{i}]"))),
        _ => None,
    };
    inner.or_else(|| value.span().contains(&offset).then(|| path.to_string()))
}
