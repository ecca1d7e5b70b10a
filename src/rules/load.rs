//! Reading a rule file: its TOML checked field by field, with the line of
//! every mistake. The CEL is compiled later, on first use (see `rule.rs`).

use super::rule::Rule;
use super::spec::{CaseSpec, RuleSpec};
use super::{Read, RuleError, RuleMeta};
use crate::catalog::{KafkaVersion, Role};
use crate::diagnostics::{Applicability, Severity};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use toml::Spanned;

/// The `*.toml` files below `dir` (or `dir` itself, a file), in name order,
/// each once. Links are not followed out of `dir`: a link to a rule file inside
/// it is read (once, with the file it leads to), one to a file outside is
/// skipped with a note in `notes` saying why, and links to directories are not
/// walked (what they lead to inside `dir` is walked anyway).
pub(super) fn user_rule_files(
    dir: &Path,
    notes: &mut Vec<String>,
) -> Result<Vec<PathBuf>, RuleError> {
    let root = std::fs::canonicalize(dir).map_err(|e| RuleError {
        path: dir.display().to_string(),
        line: 0,
        message: match e.kind() {
            std::io::ErrorKind::NotFound => "no such rule directory or file".to_string(),
            _ => format!("cannot read the rule directory: {e}"),
        },
    })?;
    let is_toml = |p: &Path| p.extension().is_some_and(|x| x == "toml");
    let (mut files, mut links) = (Vec::new(), Vec::new());
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| RuleError {
            path: e.path().unwrap_or(dir).display().to_string(),
            line: 0,
            message: format!("cannot read the rule directory: {e}"),
        })?;
        if entry.path_is_symlink() && entry.depth() > 0 {
            links.push(entry.into_path());
        } else if entry.file_type().is_file() && is_toml(entry.path()) {
            files.push(entry.into_path());
        }
    }
    let mut seen: std::collections::HashSet<PathBuf> = files
        .iter()
        .filter_map(|f| std::fs::canonicalize(f).ok())
        .collect();
    for link in links {
        let target = std::fs::canonicalize(&link);
        match target {
            Ok(target) if target.is_dir() => {
                if !target.starts_with(&root) {
                    notes.push(format!(
                        "`{}` links to `{}`, outside `{}`; not followed (give it with --rules to load its rules)",
                        link.display(),
                        target.display(),
                        dir.display()
                    ));
                }
            }
            Ok(_) if !is_toml(&link) => {}
            Ok(target) if !target.starts_with(&root) => notes.push(format!(
                "`{}` links to `{}`, outside `{}`; skipped (give it with --rules to load it)",
                link.display(),
                target.display(),
                dir.display()
            )),
            Ok(target) => {
                if target.is_file() && seen.insert(target) {
                    files.push(link);
                }
            }
            Err(e) if is_toml(&link) => notes.push(format!(
                "`{}` is a link that leads nowhere ({e}); skipped",
                link.display()
            )),
            Err(_) => {}
        }
    }
    files.sort();
    Ok(files)
}

/// 1-based line of a byte offset in a rule file.
fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub(super) fn error_at<T>(
    path: &str,
    text: &str,
    span: std::ops::Range<usize>,
    message: impl Into<String>,
) -> Result<T, RuleError> {
    Err(RuleError {
        path: path.to_string(),
        line: line_at(text, span.start),
        message: message.into(),
    })
}

pub(super) fn severity(
    path: &str,
    text: &str,
    source: &Spanned<String>,
) -> Result<Severity, RuleError> {
    match Severity::parse(source.get_ref()) {
        Some(s) => Ok(s),
        None => error_at(
            path,
            text,
            source.span(),
            format!(
                "severity must be error, warning or info, not `{}`",
                source.get_ref()
            ),
        ),
    }
}

pub(super) fn applicability(
    path: &str,
    text: &str,
    source: &Spanned<String>,
) -> Result<Applicability, RuleError> {
    match source.get_ref().as_str() {
        "safe" => Ok(Applicability::Safe),
        "unsafe" => Ok(Applicability::Unsafe),
        other => error_at(
            path,
            text,
            source.span(),
            format!("applicability must be safe or unsafe, not `{other}`"),
        ),
    }
}

fn version(
    path: &str,
    text: &str,
    source: &Option<Spanned<String>>,
) -> Result<Option<KafkaVersion>, RuleError> {
    match source {
        None => Ok(None),
        Some(s) => match KafkaVersion::parse(s.get_ref()) {
            Some(v) => Ok(Some(v)),
            None => error_at(
                path,
                text,
                s.span(),
                format!("`{}` is not a Kafka version", s.get_ref()),
            ),
        },
    }
}

/// Measures every expression of a rule, in its conditions and fixes and in the
/// `{{ }}` of its messages, before any is parsed: one beyond the limits is an
/// error at its line. Returns the largest depth bound.
fn measure(path: &str, text: &str, spec: &RuleSpec) -> Result<usize, RuleError> {
    let mut expressions: Vec<&Spanned<String>> = Vec::new();
    let mut templates: Vec<&Spanned<String>> = Vec::new();
    expressions.extend(&spec.when);
    for case in &spec.cases {
        expressions.push(&case.condition);
        templates.push(&case.message);
        templates.extend(&case.help);
        if let Some(fix) = &case.fix {
            expressions.extend(&fix.value);
            templates.push(&fix.message);
        }
    }
    let mut depth = 0;
    let mut check = |source: &str, span: std::ops::Range<usize>| match super::limits::check(source)
    {
        Ok(m) => {
            depth = depth.max(m.depth_bound());
            Ok(())
        }
        Err(e) => error_at(path, text, span, format!("invalid CEL expression: {e}")),
    };
    for e in expressions {
        check(e.get_ref(), e.span())?;
    }
    for t in templates {
        let pieces =
            super::template::split(t.get_ref()).or_else(|e| error_at(path, text, t.span(), e))?;
        for hole in pieces.into_iter().filter_map(Result::err) {
            check(hole, t.span())?;
        }
    }
    Ok(depth)
}

/// Reads and checks a rule file, everything but its CEL. `with_doc`: the text
/// must hold the `[doc]` table (false for the bodies of built-in rules).
pub(super) fn parse(
    path: &str,
    text: &str,
    with_doc: bool,
    builtin: bool,
) -> Result<Rule, RuleError> {
    let spec: RuleSpec = toml::from_str(text).map_err(|e| RuleError {
        path: path.to_string(),
        line: e.span().map_or(1, |s| line_at(text, s.start)),
        message: e.message().to_string(),
    })?;
    let file = RuleFile {
        path,
        text: Cow::Owned(text.to_string()),
        with_doc,
        builtin,
        measure: true,
    };
    file.check(spec)
}

/// A built-in rule's body, as build.rs parsed it (`RuleSpec` from its TOML),
/// checked as a user's rule is. Its expressions are not measured: built-in
/// rules stay far below the limits and shallow (the test
/// `builtin_rules_are_shallow_and_far_below_the_limits` measures them).
pub(super) fn builtin(path: &str, body: &'static str, spec: RuleSpec) -> Result<Rule, RuleError> {
    let file = RuleFile {
        path,
        text: Cow::Borrowed(body),
        with_doc: false,
        builtin: true,
        measure: false,
    };
    file.check(spec)
}

/// A rule file being read: where from, and how.
struct RuleFile<'p> {
    path: &'p str,
    text: Cow<'static, str>,
    with_doc: bool,
    builtin: bool,
    /// Measure every expression against the limits (see `measure`).
    measure: bool,
}

impl RuleFile<'_> {
    /// Checks a parsed rule file field by field, in the order its mistakes are reported.
    fn check(self, spec: RuleSpec) -> Result<Rule, RuleError> {
        let RuleFile {
            path,
            text,
            with_doc,
            builtin,
            measure: measured,
        } = self;
        let rule_text = text;
        let text: &str = &rule_text;
        let mut roles = Vec::new();
        for r in spec.roles.get_ref() {
            match Role::parse(r) {
                Some(role) => roles.push(role),
                None => {
                    return error_at(path, text, spec.roles.span(), format!("unknown role `{r}`"));
                }
            }
        }
        let code = spec.code.get_ref();
        let name = spec.name.get_ref();
        if code.is_empty() || !code.chars().all(|ch| ch.is_ascii_alphanumeric()) {
            return error_at(
                path,
                text,
                spec.code.span(),
                format!("code `{code}` must be letters and digits"),
            );
        }
        // Only a user's rule (always read with its documentation) can take a check's
        // code; the built-in rules' bodies are read on every run and need no lookup.
        if with_doc && crate::registry::is_builtin_check(code) {
            return error_at(
                path,
                text,
                spec.code.span(),
                format!("code `{code}` belongs to a built-in check"),
            );
        }
        if name.is_empty()
            || !name
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        {
            return error_at(
                path,
                text,
                spec.name.span(),
                format!("name `{name}` must be kebab-case"),
            );
        }
        if spec.cases.is_empty() {
            return error_at(path, text, 0..0, "a rule needs at least one [[case]]");
        }
        let key = spec.key.as_ref().map(|k| k.get_ref().clone());
        let report_all = match spec.report.as_ref().map(|r| r.get_ref().as_str()) {
            None | Some("first") => false,
            Some("all") => true,
            Some(other) => {
                return error_at(
                    path,
                    text,
                    spec.report.as_ref().map_or(0..0, |r| r.span()),
                    format!("report must be first or all, not `{other}`"),
                );
            }
        };
        let mut severities = Vec::new();
        for case in &spec.cases {
            let case_severity = severity(path, text, &case.severity)?;
            if let Some(refuses) = &case.refuses
                && *refuses.get_ref()
                && case_severity != Severity::Error
            {
                return error_at(
                    path,
                    text,
                    refuses.span(),
                    "only an error case can claim that Kafka refuses the configuration",
                );
            }
            severities.push(case_severity);
            if let Some(fix) = &case.fix {
                applicability(path, text, &fix.applicability)?;
                if fix.key.is_none() && case.key.is_none() && key.is_none() {
                    return error_at(
                        path,
                        text,
                        fix.applicability.span(),
                        "a fix needs a `key`, in the fix, the case or the rule",
                    );
                }
                if fix.value.is_some() == fix.remove {
                    return error_at(
                        path,
                        text,
                        fix.applicability.span(),
                        "a fix has either a `value` or `remove = true`",
                    );
                }
            }
        }
        let depth_bound = if measured {
            measure(path, text, &spec)?
        } else {
            0
        };
        let lower_on_assumed_broker = match &spec.assumed_broker {
            None => builtin,
            Some(choice) => match choice.get_ref().as_str() {
                "lower" => true,
                "keep" => false,
                _ => {
                    return error_at(
                        path,
                        text,
                        choice.span(),
                        "`assumed-broker` is `lower` or `keep`",
                    );
                }
            },
        };
        let reads = spec
            .reads
            .get_ref()
            .iter()
            .map(|r| match r.strip_prefix("broker:") {
                Some(k) => Read::Broker(k.to_string()),
                None => Read::Own(r.clone()),
            })
            .collect();
        let from = version(path, text, &spec.versions.from)?;
        let before = version(path, text, &spec.versions.before)?;
        let versions = match (&from, &before) {
            (None, None) => "all".to_string(),
            (Some(f), None) => format!("{f} and later"),
            (None, Some(b)) => format!("before {b}"),
            (Some(f), Some(b)) => format!("{f} to before {b}"),
        };
        let doc = match (&spec.doc, with_doc) {
            (Some(doc), _) => Some(doc),
            (None, false) => None,
            (None, true) => {
                return error_at(
                    path,
                    text,
                    text.len()..text.len(),
                    "a rule needs a [doc] table: summary, what, why, example, fix",
                );
            }
        };
        let meta = RuleMeta {
        code: code.clone().into(),
        name: name.clone().into(),
        severity: severities.into_iter().max().unwrap_or(Severity::Info),
        summary: doc.map(|d| d.summary.clone()).unwrap_or_default(),
        roles,
        versions,
        has_fix: spec.cases.iter().any(|c| c.fix.is_some()),
        refusal: spec.cases.iter().any(CaseSpec::refuses),
        source: path.to_string(),
        doc: doc
            .map(|doc| {
                format!(
                    "## What it does\n{}\n\n## Why is this bad?\n{}\n\n## Example\n{}\n\n## Fix\n{}\n",
                    doc.what.trim(),
                    doc.why.trim(),
                    doc.example.trim(),
                    doc.fix.trim()
                )
            })
            .unwrap_or_default(),
    };
        Ok(Rule {
            meta,
            from,
            before,
            reads,
            key,
            report_all,
            lower_on_assumed_broker,
            spec,
            text: rule_text,
            depth_bound,
            compiled: OnceLock::new(),
            shape_only: OnceLock::new(),
        })
    }
}
