//! The carrier seam, proved from outside the crate: a small carrier that only
//! this test knows (`key: value` lines, `[role]` headers that start a unit, so
//! one file holds two units) goes through the whole engine: per-key checks,
//! relationship rules, suppressions, fixes written in its own syntax, and every
//! output format. Nothing in the engine, the checks or the rules knows it.

use kafkalint::carrier::{Carrier, Carriers, Parsed};
use kafkalint::catalog::Role;
use kafkalint::diagnostics::Diagnostic;
use kafkalint::engine::{Engine, EngineOptions, FileSettings, Linted};
use kafkalint::model::Hints;
use kafkalint::report::{self, Format, Run};
use kafkalint::secret::SettingValue;
use kafkalint::text::{Encoding, SourceText, Span};
use kafkalint::unit::{Comment, Setting, SourceFile, TextEdit, UnitSource};
use std::path::Path;
use std::sync::Arc;

/// A section as read: its role, its label, the broker count its header gives,
/// its settings.
type SectionUnit = (Option<Role>, String, Option<u32>, Vec<usize>);

/// `*.sections` files: `[producer]`-style headers (`[broker x3]`: a broker of a
/// three-broker cluster), `key: value` lines, `#` comments.
struct Sections;

struct SectionsFile {
    file: SourceFile,
    /// Where each unit's last line ends: new keys go there.
    unit_ends: Vec<usize>,
}

impl Carrier for Sections {
    fn name(&self) -> &'static str {
        "sections"
    }

    fn claims(&self, path: &Path) -> bool {
        path.extension().is_some_and(|x| x == "sections")
    }

    fn parse(&self, bytes: Vec<u8>, encoding: Encoding) -> Arc<dyn Parsed> {
        Arc::new(SectionsFile::parse(SourceText::new(bytes, encoding)))
    }
}

impl SectionsFile {
    fn parse(text: SourceText) -> SectionsFile {
        let (mut settings, mut comments) = (Vec::new(), Vec::new());
        let mut units: Vec<SectionUnit> = Vec::new();
        let mut unit_ends = Vec::new();
        let source = String::from_utf8_lossy(&text.bytes).into_owned();
        let mut offset = 0;
        for line in source.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let content = line.trim_end_matches(['\n', '\r']);
            let end = start + content.len();
            if let Some(rest) = content.strip_prefix('#') {
                comments.push(Comment {
                    span: Span::new(start, end),
                    text: rest.to_string(),
                });
            } else if let Some(role) = content.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                let (role, brokers) = match role.split_once(" x") {
                    Some((role, count)) => (role, count.parse().ok()),
                    None => (role, None),
                };
                units.push((Role::parse(role), role.to_string(), brokers, Vec::new()));
                unit_ends.push(offset);
            } else if let Some((key, value)) = content.split_once(": ") {
                let value_start = start + key.len() + 2;
                let index = settings.len();
                settings.push(Setting::new(
                    key,
                    SettingValue::for_key(key, value),
                    Span::new(start, start + key.len()),
                    Span::new(value_start, end),
                    Span::new(start, end),
                ));
                if let Some((_, _, _, members)) = units.last_mut() {
                    members.push(index);
                }
                if let Some(last) = unit_ends.last_mut() {
                    *last = offset;
                }
            }
        }
        let units = units
            .into_iter()
            .map(|(role, label, brokers, members)| {
                let unit = UnitSource::new(Some(label), role, members, &settings);
                match brokers {
                    Some(n) => unit.with_cluster_brokers(n),
                    None => unit,
                }
            })
            .collect();
        SectionsFile {
            file: SourceFile {
                text: Arc::new(text),
                settings,
                comments,
                units,
                load_error: None,
                hidden: Vec::new(),
            },
            unit_ends,
        }
    }
}

impl Parsed for SectionsFile {
    fn file(&self) -> &SourceFile {
        &self.file
    }

    fn replace_value(&self, setting: usize, value: &str) -> TextEdit {
        TextEdit {
            span: self.file.settings[setting].value_span(),
            replacement: value.to_string(),
        }
    }

    fn rename_key(&self, setting: usize, to: &str) -> TextEdit {
        TextEdit {
            span: self.file.settings[setting].key_span(),
            replacement: to.to_string(),
        }
    }

    fn remove(&self, setting: usize) -> TextEdit {
        TextEdit {
            span: self
                .file
                .text
                .lines
                .covering_lines(self.file.settings[setting].span()),
            replacement: String::new(),
        }
    }

    fn append(&self, unit: usize, key: &str, value: &str) -> TextEdit {
        TextEdit {
            span: Span::empty_at(self.unit_ends[unit]),
            replacement: format!("{key}: {value}\n"),
        }
    }
}

const FILE: &str = "\
# kafkalint: kafka-version=3.7
[consumer]
group.id: payments
session.timeout.ms: 10000
heartbeat.interval.ms: 5000
max.poll.records: 500
fetch.min.byte: 1
ssl.keystore.password: s3cr3t-never-printed
[producer]
acks: ALL
# kafkalint: disable=K101 -- kept for the old client
retries.backof.ms: 10
buffer.memory: 1000000
max.request.size: 2000000
";

fn engine() -> Engine {
    let mut carriers = Carriers::default();
    carriers.add(Arc::new(Sections));
    Engine::new(
        EngineOptions {
            hints: Hints {
                record_processing_ms: Some(1000),
            },
            ..EngineOptions::default()
        },
        carriers,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn lint(engine: &Engine, text: &str, fixing: Option<bool>) -> Linted {
    engine.lint(
        "app.sections",
        text.as_bytes().to_vec(),
        &FileSettings::default(),
        fixing,
    )
}

/// `line:column code key`, one finding a line, as the reporters place them.
fn summary(linted: &Linted) -> String {
    let mut lines: Vec<String> = linted
        .diagnostics
        .iter()
        .map(|d: &Diagnostic| {
            let p = linted.report.position(d.span.start);
            format!(
                "{}:{} {} {}",
                p.line,
                p.column,
                d.code(),
                d.key.as_deref().unwrap_or("-")
            )
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

#[test]
fn checks_and_rules_run_on_every_unit_of_another_carrier() {
    let engine = engine();
    let linted = lint(&engine, FILE, None);
    assert!(engine.finish().is_ok());
    assert!(linted.rule_errors.is_empty(), "{:?}", linted.rule_errors);
    // The consumer unit: heartbeat at half the session (K502), the poll
    // budget with 1000 ms a record (K501), a typo (K101), a secret in clear
    // (K301). The producer
    // unit: `ALL` (K203), a buffer smaller than a request (K607), a request
    // above the broker's default limit (K606); its K101 is suppressed by the
    // directive.
    assert_eq!(
        summary(&linted),
        "\
10:7 K203 acks
13:1 K607 buffer.memory
14:1 K606 max.request.size
5:1 K502 heartbeat.interval.ms
6:1 K501 max.poll.records
7:1 K101 fetch.min.byte
8:24 K301 ssl.keystore.password"
    );
}

#[test]
fn fixes_are_written_in_the_carriers_syntax() {
    let engine = engine();
    let linted = lint(&engine, FILE, Some(true));
    let fixed = linted.fixed.expect("fixes apply");
    let text = String::from_utf8_lossy(&fixed.bytes);
    for expected in [
        "heartbeat.interval.ms: 3333\n",
        "max.poll.records: 240\n",
        "fetch.min.bytes: 1\n",
        "acks: all\n",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
    // The fixed file, linted again, no longer has what the fixes fixed.
    let again = lint(&engine, &text, None);
    for code in ["K502", "K501", "K101", "K203"] {
        assert!(
            !again.diagnostics.iter().any(|d| d.code() == code),
            "{code} still reported on\n{text}\n{}",
            summary(&again)
        );
    }
}

#[test]
fn every_format_reports_it_without_the_secret() {
    let engine = engine();
    let mut linted = lint(&engine, FILE, None);
    kafkalint::diagnostics::sort(&mut linted.diagnostics);
    let run = Run::new(vec![linted.report], linted.diagnostics);
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
    ] {
        let out = written(format, &run);
        assert!(out.contains("K502"), "{format:?}:\n{out}");
        assert!(
            !out.contains("s3cr3t-never-printed"),
            "{format:?} shows the secret:\n{out}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&written(Format::Json, &run)).unwrap_or_else(|e| panic!("{e}"));
    let units: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .map(|d| {
            d.iter()
                .map(|d| {
                    (
                        d["code"].as_str().unwrap_or(""),
                        d["unit"].as_str().unwrap_or(""),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert!(units.contains(&("K502", "consumer")), "{units:?}");
    assert!(units.contains(&("K203", "producer")), "{units:?}");
    let concise = written(Format::Concise, &run);
    assert!(
        concise.contains("app.sections:5:1: warning[K502] heartbeat.interval.ms (5000)"),
        "{concise}"
    );
}

fn written(format: Format, run: &Run) -> String {
    let mut out = Vec::new();
    report::write_run(
        format,
        run,
        &report::Style::PLAIN,
        report::no_docs(),
        &mut out,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn a_cluster_size_the_carrier_gives_wins_for_its_units() {
    let engine = engine();
    let text = "[broker x1]\nbroker.id: 0\n[broker]\nbroker.id: 1\n";
    let lint_with = |brokers: Option<u32>| {
        let mut settings = FileSettings::default();
        settings.defaults.cluster_brokers = brokers;
        let linted = engine.lint(
            "cluster.sections",
            text.as_bytes().to_vec(),
            &settings,
            None,
        );
        let mut found: Vec<String> = linted
            .diagnostics
            .iter()
            .filter(|d| d.code() == "K709")
            .map(|d| format!("{} {}", d.unit().unwrap_or("-"), d.message))
            .collect();
        found.sort();
        found
    };
    // Without a project count only the unit whose carrier gives one is judged.
    let alone = lint_with(None);
    assert_eq!(alone.len(), 2, "{alone:?}");
    assert!(
        alone
            .iter()
            .all(|m| m.starts_with("broker ") && m.contains("the cluster's 1 broker:")),
        "{alone:?}"
    );
    // The project's count (three brokers: nothing to report) does not hide the
    // carrier's, and applies to the unit without one.
    let with_project = lint_with(Some(3));
    assert_eq!(with_project, alone);
    let small_project = lint_with(Some(2));
    assert_eq!(small_project.len(), 4, "{small_project:?}");
    assert_eq!(
        small_project
            .iter()
            .filter(|m| m.contains("the cluster's 2 brokers:"))
            .count(),
        2
    );
}
