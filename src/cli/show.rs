//! `kafkalint show FILE`: the effective configuration, key by key.

use super::args::{ShowArgs, ShowFormat};
use super::{CliError, Status, files};
use crate::catalog::KeyDef;
use crate::engine::{Project, load_error};
use crate::model::advice::{self, Advice};
use crate::model::effective::{EffectiveValue, ValueSource};
use crate::model::{Hints, UnitModel};
use serde_json::json;
use std::fmt::Write;

pub fn run(args: &ShowArgs) -> Result<Status, CliError> {
    let overrides = files::overrides(&args.options)?;
    let file = files::clean(&args.file);
    let bytes = if file.as_os_str() == "-" {
        files::read_stdin(overrides.max_file_size)?
    } else {
        files::read(&file, overrides.max_file_size).map_err(CliError)?
    };
    let mut project = Project::new(&files::config_choice(&args.options), &overrides)?;
    let mut job = project.file_settings(&file)?;
    project
        .loaded()
        .iter()
        .for_each(|c| super::print_config_notes(c));
    let name = files::display(&file);
    let carriers = files::carriers(&args.options)?;
    let model = match carriers.for_file(&file, &bytes) {
        Some(c) if c.name() != "properties" => {
            let parsed = c.parse_in(&job.read_context(&name), bytes, overrides.encoding);
            if let Some(error) = parsed.unreadable() {
                let p = parsed.file().text.position(error.span.start);
                return Err(CliError(format!(
                    "{name}:{}:{}: {}",
                    p.line, p.column, error.message
                )));
            }
            if c.links_files() {
                // The clusters its units may belong to, in the project around it.
                let root = crate::engine::search_root(&file);
                let mut settings_of =
                    |p: &std::path::Path| project.file_settings(p).unwrap_or_default();
                let links = crate::engine::declared_below(
                    &root,
                    &name,
                    &carriers,
                    &overrides,
                    &mut settings_of,
                );
                job.links = Some(std::sync::Arc::new(links));
            }
            let units = crate::engine::linked_units(&name, parsed, &overrides, &job).0;
            pick_unit(&name, units, args.unit.as_deref())?
        }
        Some(_) => UnitModel::properties_with(&name, bytes, &overrides, &job.defaults),
        None => {
            return Err(CliError(format!(
                "`{name}` holds no Kafka configuration that kafkalint reads (name a carrier with --carrier)"
            )));
        }
    };
    if let Some(error) = load_error(&model) {
        return Err(CliError(error));
    }
    let rows: Vec<Row> = model
        .config
        .iter()
        .map(|v| Row::new(&model, v, args.show_secrets))
        .collect();
    let flag = Hints {
        record_processing_ms: args.options.record_processing_ms,
    };
    // Flag, then directive, then the project config.
    let mut hints = Hints::for_file(&flag, &model.directives);
    hints.record_processing_ms = hints.record_processing_ms.or(job.record_processing_ms);
    let advice = advice::advise(&model, &hints);
    let text = match args.format {
        ShowFormat::Json => json(&model, &rows, &advice),
        ShowFormat::Table => table(&model, &rows, &advice),
    };
    super::print_out(text)?;
    Ok(Status::Clean)
}

/// The unit `--unit` names; the only one when the file has one.
fn pick_unit(
    name: &str,
    units: Vec<UnitModel>,
    wanted: Option<&str>,
) -> Result<UnitModel, CliError> {
    let labels: Vec<String> = units
        .iter()
        .map(|u| format!("`{}`", u.label().unwrap_or("-")))
        .collect();
    let found = match wanted {
        Some(wanted) => units.into_iter().find(|u| u.label() == Some(wanted)),
        None if units.len() == 1 => units.into_iter().next(),
        None => None,
    };
    found.ok_or_else(|| {
        let what = match wanted {
            Some(wanted) => format!("`{name}` has no unit `{wanted}`"),
            None => format!("`{name}` configures several components: name one with --unit"),
        };
        match labels.is_empty() {
            true => CliError(format!("{what}; it has none")),
            false => CliError(format!("{what}; its units: {}", labels.join(", "))),
        }
    })
}

struct Row {
    key: String,
    value: Option<String>,
    source: &'static str,
    /// For a value Kafka fills in: the key it comes from, or `kafka`; for a
    /// value the carrier gives: the property (as the file would write it)
    /// whose default it is.
    from: Option<String>,
    line: Option<usize>,
    /// The other file that holds the setting (an env file, a Spring base
    /// file), when the shown file does not; `line` is its line.
    file: Option<String>,
    ty: Option<&'static str>,
    default: Option<String>,
}

impl Row {
    fn new(model: &UnitModel, v: &EffectiveValue, show_secrets: bool) -> Row {
        // `--show-secrets` is the one place a secret is printed, at the user's request.
        let shown = |value: &crate::secret::SettingValue| {
            if show_secrets {
                value.expose().to_string()
            } else {
                value.shown().into_owned()
            }
        };
        let (value, source, written) = match v.source {
            ValueSource::File { entry } => match model.setting(entry) {
                // A value the carrier gives Kafka without the file writing it
                // (Spring's String serializers): it has no place of its own.
                Some(e) if e.span().is_empty() => (Some(shown(e.value())), "carrier", None),
                Some(e) => (
                    Some(shown(e.value())),
                    "file",
                    Some(written_at(model, e.span())),
                ),
                None => (None, "file", None),
            },
            ValueSource::Filled { .. } => (v.raw.as_ref().map(shown), "derived", None),
            // An empty default hides nothing.
            ValueSource::Default => (
                v.raw.as_ref().map(|r| match r.expose() {
                    "" => String::new(),
                    _ => shown(r),
                }),
                "default",
                None,
            ),
        };
        let (line, file) = written.map_or((None, None), |(line, file)| (Some(line), file));
        Row {
            key: v.key.to_string(),
            value,
            source,
            from: match v.source {
                ValueSource::Filled { from, .. } => Some(from.to_string()),
                ValueSource::File { entry } if source == "carrier" => model
                    .setting(entry)
                    .and_then(|e| e.source_key().map(str::to_string)),
                _ => None,
            },
            line,
            file,
            ty: v.def.map(|d| d.ty.as_str()),
            default: v.def.map(default_text),
        }
    }
}

/// The line a setting at `span` is written on, and the other file it is
/// written in when the shown file takes it from one (an env file, a Spring
/// base file): the lines of that file, not of the two texts joined.
fn written_at(model: &UnitModel, span: crate::text::Span) -> (usize, Option<String>) {
    match crate::engine::place_elsewhere(model.parsed.elsewhere(), span) {
        Some((other, span)) => (
            other.text.position(span.start).line,
            Some(other.path.clone()),
        ),
        None => (model.file().text.position(span.start).line, None),
    }
}

fn default_text(def: &KeyDef) -> String {
    def.default.describe()
}

fn json(model: &UnitModel, rows: &[Row], advice: &[Advice]) -> String {
    let mut value = json!({
        "path": model.path,
        "role": model.role().map(|r| r.as_str()),
        "kafka_version": model.catalog.version(),
        "encoding": model.file().text.encoding.as_str(),
        "entries": rows.iter().map(|r| {
            let mut entry = json!({
                "key": r.key,
                "value": r.value,
                "source": r.source,
                "type": r.ty,
                "default": r.default,
            });
            if let Some(line) = r.line {
                entry["line"] = json!(line);
            }
            if let Some(file) = &r.file {
                entry["file"] = json!(file);
            }
            if let Some(from) = &r.from {
                entry["from"] = json!(from);
            }
            entry
        }).collect::<Vec<_>>(),
        "advice": advice,
    });
    if let Some(n) = model.cluster_brokers {
        value["cluster_brokers"] = json!(n);
    }
    if let Some(unit) = model.label() {
        value["unit"] = json!(unit);
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn table(model: &UnitModel, rows: &[Row], advice: &[Advice]) -> String {
    let mut out = String::new();
    let role = model
        .role()
        .map_or("unknown role".to_string(), |r| r.to_string());
    // The cluster's size, when known: what the cluster-size rules compare with.
    let cluster = match model.cluster_brokers {
        Some(1) => ", a cluster of 1 broker".to_string(),
        Some(n) => format!(", a cluster of {n} brokers"),
        None => String::new(),
    };
    let unit = model.label().map(|u| format!(" {u}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{}{unit} ({role}, Kafka {}, {}{cluster})",
        model.path,
        model.catalog.version(),
        model.file().text.encoding.as_str()
    );
    let header = ["KEY", "VALUE", "SOURCE", "TYPE", "DEFAULT"];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            let source = match (r.line, r.from.as_deref()) {
                (Some(line), _) => match &r.file {
                    Some(file) => format!("{file} line {line}"),
                    None => format!("line {line}"),
                },
                (None, Some(from)) if r.source == "carrier" => format!("default of {from}"),
                (None, Some("kafka")) => "set by kafka".to_string(),
                (None, Some(from)) => format!("from {from}"),
                (None, None) => r.source.to_string(),
            };
            [
                r.key.clone(),
                r.value
                    .clone()
                    .map_or("null".to_string(), |v| v.escape_debug().to_string()),
                source,
                r.ty.unwrap_or("-").to_string(),
                r.default.clone().unwrap_or_else(|| "-".to_string()),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count().min(60));
        }
    }
    let line = |cols: [&str; 5]| {
        let mut s = String::new();
        for (i, c) in cols.iter().enumerate() {
            let _ = write!(s, "{c:<w$}  ", w = widths[i]);
        }
        s.trim_end().to_string()
    };
    let _ = writeln!(out, "{}", line(header));
    for row in &cells {
        let _ = writeln!(
            out,
            "{}",
            line([&row[0], &row[1], &row[2], &row[3], &row[4]])
        );
    }
    if !advice.is_empty() {
        out.push_str("\nWhat this configuration means\n");
        for a in advice {
            let _ = writeln!(out, "  {}: {}", a.title, a.text);
        }
    }
    out
}
