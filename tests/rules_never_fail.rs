//! No built-in rule may fail to evaluate: a rule error fails the run (exit 2), so
//! every built-in rule runs here on every fixture and sample, and on files that
//! set every key of a role to the extremes of its type, at every catalog version
//! (and at each version a rule names as a bound), for every role, with the
//! extreme `record-processing-ms` values, and against broker files at the
//! extremes too. Every run must end without a rule error.

mod fixture_inputs;

use kafkalint::carrier::Carriers;
use kafkalint::catalog::{self, Catalog, ConfigType, Role};
use kafkalint::engine::{Engine, EngineOptions, FileSettings};
use kafkalint::model::{Hints, MAX_RECORD_PROCESSING_MS, Overrides};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

const ROLES: [Role; 5] = [
    Role::Producer,
    Role::Consumer,
    Role::Admin,
    Role::Broker,
    Role::Topic,
];

/// Every `*.properties` file below `dir`.
fn inputs() -> Vec<(String, Vec<u8>)> {
    fixture_inputs::fixture_inputs(|p| p.extension().is_some_and(|x| x == "properties"), 100)
}

/// How many ways [`extremes`] sets the keys of a role.
const EXTREMES: usize = 16;

/// The `variant`th extreme of a type, `None` to leave the key at its default:
/// numbers at their largest, their smallest, zero or minus one (`variant % 4`);
/// booleans true, then false (`variant / 4 % 2`); texts empty, a word, two
/// listeners on one port or a class name in the first eight variants, and at
/// their defaults in the others, where the numbers meet valid texts.
fn extreme(ty: ConfigType, variant: usize) -> Option<String> {
    let numbers = |max: String, min: String| [max, min, "0".to_string(), "-1".to_string()];
    let values = match ty {
        ConfigType::Int => numbers(i32::MAX.to_string(), i32::MIN.to_string()),
        ConfigType::Short => numbers(i16::MAX.to_string(), i16::MIN.to_string()),
        ConfigType::Long => numbers(i64::MAX.to_string(), i64::MIN.to_string()),
        ConfigType::Double => [
            "1.7976931348623157E308".to_string(),
            "-1.7976931348623157E308".to_string(),
            "NaN".to_string(),
            "Infinity".to_string(),
        ],
        ConfigType::Boolean => {
            return Some((variant / 4).is_multiple_of(2).to_string());
        }
        ConfigType::String | ConfigType::Class | ConfigType::List | ConfigType::Password => {
            if variant / 8 % 2 == 1 {
                return None;
            }
            ["", "x", "A://:1,B://:1", "org.example.X"].map(String::from)
        }
    };
    Some(values[variant % 4].clone())
}

/// A file setting every key `role` has in `version` to one kind of extreme.
fn extremes(version: &'static str, role: Role, variant: usize) -> Vec<u8> {
    let mut text = String::new();
    for key in Catalog::get(version).keys(role) {
        if let Some(value) = extreme(key.ty, variant) {
            text.push_str(&format!("{}={value}\n", key.name));
        }
    }
    text.into_bytes()
}

/// `inputs` and the files at the extremes of `role` in the catalog of `version`.
fn with_extremes(
    inputs: &[(String, Vec<u8>)],
    version: &str,
    role: Role,
) -> Vec<(String, Vec<u8>)> {
    let catalog = catalog::select_version(version)
        .map(|s| s.catalog)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut all = inputs.to_vec();
    for variant in 0..EXTREMES {
        all.push((
            format!("extremes-{variant}.properties"),
            extremes(catalog, role, variant),
        ));
    }
    all
}

/// The versions to run at: every catalog release, and every version a built-in
/// rule names as a bound (`from`, `before`, or `v("...")` in an expression).
fn versions() -> Vec<String> {
    let mut versions: Vec<String> = catalog::versions().iter().map(|v| v.to_string()).collect();
    let mut rules = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for area in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(area.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            rules.push(std::fs::read_to_string(file.path()).unwrap_or_default());
        }
    }
    for text in rules {
        for quote in ['"', '\''] {
            for piece in text.split(quote) {
                let digits = piece.chars().all(|c| c.is_ascii_digit() || c == '.');
                if digits
                    && piece.matches('.').count() == 2
                    && catalog::select_version(piece).is_ok()
                {
                    versions.push(piece.to_string());
                }
            }
        }
    }
    // `3.7.0` is `3.7`: each version once.
    let requested = |v: &String| catalog::select_version(v).map(|s| s.requested).ok();
    versions.sort_by_key(requested);
    versions.dedup_by_key(|v| requested(v));
    versions
}

fn engine(version: &str, role: Role, broker: Option<PathBuf>, hints: Hints) -> Engine {
    let selection = catalog::select_version(version).unwrap_or_else(|e| panic!("{e}"));
    Engine::new(
        EngineOptions {
            overrides: Overrides {
                role: Some(role),
                kafka_version: Some(selection),
                ..Overrides::default()
            },
            broker,
            hints,
            ..EngineOptions::default()
        },
        Carriers::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Lints every input with `engine`; returns the rule errors, each with what ran.
fn rule_errors(engine: &Engine, inputs: &[(String, Vec<u8>)], run: &str) -> Vec<String> {
    let settings = FileSettings::default();
    let mut errors = Vec::new();
    for (name, bytes) in inputs {
        let linted = engine.lint(name, bytes.clone(), &settings, None);
        errors.extend(
            linted
                .rule_errors
                .into_iter()
                .map(|e| format!("{run}: {e}")),
        );
    }
    errors
}

/// Fails with each distinct failure (rule and message) once, with how often and
/// the first run and file that met it.
fn assert_none(errors: Vec<String>) {
    let mut distinct: Vec<(String, usize, &String)> = Vec::new();
    for e in &errors {
        let key = match e.split_once(" could not be evaluated on ") {
            Some((rule, rest)) => {
                let rule = rule.rsplit_once(": ").map_or(rule, |(_, r)| r);
                let message = rest.split_once(": ").map_or(rest, |(_, m)| m);
                format!("{rule}: {message}")
            }
            None => e.clone(),
        };
        match distinct.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, n, _)) => *n += 1,
            None => distinct.push((key, 1, e)),
        }
    }
    let shown: Vec<String> = distinct
        .iter()
        .map(|(key, n, first)| format!("{key}\n    {n} times, first: {first}"))
        .collect();
    assert!(
        errors.is_empty(),
        "{} rule errors:\n{}",
        errors.len(),
        shown.join("\n")
    );
}

#[test]
fn no_builtin_rule_fails_on_any_fixture_at_any_version_in_any_role() {
    let inputs = inputs();
    let versions = versions();
    let runs: Vec<(&String, Role)> = versions
        .iter()
        .flat_map(|v| ROLES.iter().map(move |r| (v, *r)))
        .collect();
    let errors: Vec<String> = runs
        .par_iter()
        .flat_map_iter(|(version, role)| {
            let all = with_extremes(&inputs, version, *role);
            let engine = engine(version, *role, None, Hints::default());
            rule_errors(&engine, &all, &format!("{version} {role}"))
        })
        .collect();
    assert_none(errors);
}

#[test]
fn no_builtin_rule_fails_with_extreme_processing_times() {
    let inputs = inputs();
    let versions = versions();
    let errors: Vec<String> = versions
        .par_iter()
        .flat_map_iter(|version| {
            let all = with_extremes(&inputs, version, Role::Consumer);
            [1, MAX_RECORD_PROCESSING_MS]
                .into_iter()
                .flat_map(|ms| {
                    let hints = Hints {
                        record_processing_ms: Some(ms),
                    };
                    let engine = engine(version, Role::Consumer, None, hints);
                    rule_errors(&engine, &all, &format!("{version} consumer {ms} ms"))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_none(errors);
}

#[test]
fn no_builtin_rule_fails_against_a_broker_file_at_the_extremes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let versions = versions();
    let errors: Vec<String> = versions
        .par_iter()
        .flat_map_iter(|version| {
            let catalog = catalog::select_version(version)
                .map(|s| s.catalog)
                .unwrap_or_else(|e| panic!("{e}"));
            let mut errors = Vec::new();
            for broker_variant in 0..EXTREMES {
                let broker = dir
                    .path()
                    .join(format!("{version}-{broker_variant}-server.properties"));
                std::fs::write(&broker, extremes(catalog, Role::Broker, broker_variant))
                    .unwrap_or_else(|e| panic!("{e}"));
                for role in [Role::Producer, Role::Consumer, Role::Admin] {
                    // Clients with valid texts, so that the broker's numbers matter.
                    let clients: Vec<(String, Vec<u8>)> = (EXTREMES / 2..EXTREMES)
                        .map(|v| {
                            (
                                format!("extremes-{v}.properties"),
                                extremes(catalog, role, v),
                            )
                        })
                        .collect();
                    let engine = engine(version, role, Some(broker.clone()), Hints::default());
                    let run = format!("{version} {role} with broker extremes {broker_variant}");
                    errors.extend(rule_errors(&engine, &clients, &run));
                }
            }
            errors
        })
        .collect();
    assert_none(errors);
}
