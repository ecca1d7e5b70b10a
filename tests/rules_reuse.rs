//! A rule's verdict is reused on the files that give the keys it rests on the
//! same values (`src/rules/reuse.rs`). Reusing must change nothing: every
//! fixture and sample is linted by an engine that reuses verdicts (the files
//! in order, then again in reverse order, so that each file meets verdicts
//! kept from others) and by one that evaluates every rule on every file, in
//! every role and at versions on both sides of the rules' bounds, with and
//! without a processing-time hint; findings (fixes and related locations
//! included) and rule errors must be the same.

mod fixture_inputs;

use kafkalint::carrier::Carriers;
use kafkalint::catalog::{self, Role};
use kafkalint::diagnostics::Diagnostic;
use kafkalint::engine::{Engine, EngineOptions, FileSettings};
use kafkalint::model::{Hints, Overrides};
use rayon::prelude::*;

/// Every fixture and sample file, whatever its carrier.
fn inputs() -> Vec<(String, Vec<u8>)> {
    fixture_inputs::fixture_inputs(|_| true, 500)
}

fn engine(role: Option<Role>, version: Option<&str>, hints: Hints, reuse: bool) -> Engine {
    let kafka_version =
        version.map(|v| catalog::select_version(v).unwrap_or_else(|e| panic!("{e}")));
    let engine = Engine::new(
        EngineOptions {
            overrides: Overrides {
                role,
                kafka_version,
                ..Overrides::default()
            },
            hints,
            ..EngineOptions::default()
        },
        Carriers::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    engine.rules().reuse_verdicts(reuse);
    engine
}

/// What linting a file gives: its findings and rule errors.
type Outcome = (Vec<Diagnostic>, Vec<String>);

fn lint(engine: &Engine, name: &str, bytes: &[u8]) -> Outcome {
    let linted = engine.lint(name, bytes.to_vec(), &FileSettings::default(), None);
    (linted.diagnostics, linted.rule_errors)
}

/// Lints every input with and without reuse; returns how many files differ,
/// with the first difference.
fn differences(
    inputs: &[(String, Vec<u8>)],
    role: Option<Role>,
    version: Option<&str>,
    hints: Hints,
) -> Vec<String> {
    let fresh = engine(role, version, hints.clone(), false);
    let expected: Vec<Outcome> = inputs
        .iter()
        .map(|(name, bytes)| lint(&fresh, name, bytes))
        .collect();
    let reusing = engine(role, version, hints, true);
    let forward = (0..inputs.len()).collect::<Vec<_>>();
    let backward = forward.iter().rev().copied().collect::<Vec<_>>();
    let mut found = Vec::new();
    for order in [forward, backward] {
        for i in order {
            let (name, bytes) = &inputs[i];
            let got = lint(&reusing, name, bytes);
            if got != expected[i] {
                found.push(format!(
                    "{role:?} {version:?}: {name}:\nreused: {got:#?}\nevaluated: {:#?}",
                    expected[i]
                ));
            }
        }
    }
    found
}

fn assert_none_differ(found: &[String]) {
    assert!(
        found.is_empty(),
        "{} files differ; the first:\n{}",
        found.len(),
        found.first().map_or("", String::as_str)
    );
}

/// The differences of `differences` over several versions of one role.
fn differences_at(
    inputs: &[(String, Vec<u8>)],
    role: Role,
    versions: &[Option<&str>],
) -> Vec<String> {
    versions
        .par_iter()
        .flat_map_iter(|version| differences(inputs, Some(role), *version, Hints::default()))
        .collect()
}

#[test]
fn reused_verdicts_give_the_findings_that_evaluating_every_rule_gives() {
    let inputs = inputs();
    let roles = [
        None,
        Some(Role::Producer),
        Some(Role::Consumer),
        Some(Role::Broker),
        Some(Role::Topic),
        Some(Role::Admin),
    ];
    let versions = [None, Some("2.1"), Some("3.1.0"), Some("4.0")];
    let mut runs: Vec<(Option<Role>, Option<&str>, Hints)> = roles
        .iter()
        .flat_map(|r| versions.iter().map(|v| (*r, *v, Hints::default())))
        .collect();
    runs.push((
        Some(Role::Consumer),
        None,
        Hints {
            record_processing_ms: Some(800),
        },
    ));
    let found: Vec<String> = runs
        .par_iter()
        .flat_map_iter(|(role, version, hints)| {
            differences(&inputs, *role, *version, hints.clone())
        })
        .collect();
    assert_none_differ(&found);
}

/// Consumers whose `group.id` is unset, empty, blank, a name, a reference or
/// a long name, with the keys the group rules combine it with: the rules that
/// only compare `group.id` with null or `""` reuse a verdict across names, and
/// must give what evaluating them gives.
#[test]
fn verdicts_resting_on_the_shape_of_a_value_give_the_same_findings() {
    let group_ids = [
        None,
        Some(""),
        Some(" "),
        Some("\\t"),
        Some("orders"),
        Some("payments"),
        Some(" padded "),
        Some("${env:GROUP}"),
        Some("null"),
    ];
    let others = [
        "",
        "enable.auto.commit=true\n",
        "enable.auto.commit=false\n",
        "group.protocol=consumer\n",
        "group.instance.id=one\nenable.auto.commit=true\n",
    ];
    let mut inputs = Vec::new();
    for (i, group_id) in group_ids.iter().enumerate() {
        for (j, other) in others.iter().enumerate() {
            let mut text = format!("bootstrap.servers=localhost:9092\n{other}");
            if let Some(group_id) = group_id {
                text.push_str(&format!("group.id={group_id}\n"));
            }
            inputs.push((format!("consumer-{i}-{j}.properties"), text.into_bytes()));
        }
    }
    let versions = [None, Some("2.1"), Some("3.7.0"), Some("4.0")];
    let found = differences_at(&inputs, Role::Consumer, &versions);
    assert_none_differ(&found);
}

/// Producers that combine the keys `derived.idempotent` is worked out from
/// with others: the rules that read it (K601, K609) reuse verdicts keyed on
/// those keys, and must give what evaluating them gives, on each side of the
/// versions where the idempotence default changed.
#[test]
fn verdicts_resting_on_a_derived_field_give_the_same_findings() {
    let acks = ["", "acks=all\n", "acks=1\n", "acks=-1\n"];
    let others = [
        "",
        "retries=0\n",
        "retries=3\nmax.in.flight.requests.per.connection=5\n",
        "max.in.flight.requests.per.connection=6\n",
        "enable.idempotence=false\nretries=2\nmax.in.flight.requests.per.connection=3\n",
        "enable.idempotence=true\n",
        "transactional.id=tx-1\n",
        "transactional.id=\nmax.in.flight.requests.per.connection=2\n",
        "request.timeout.ms=1000\n",
        "request.timeout.ms=60000\nenable.idempotence=false\n",
    ];
    let mut inputs = Vec::new();
    for (i, acks) in acks.iter().enumerate() {
        for (j, other) in others.iter().enumerate() {
            let text = format!("bootstrap.servers=localhost:9092\n{acks}{other}");
            inputs.push((format!("producer-{i}-{j}.properties"), text.into_bytes()));
        }
    }
    let versions = [
        None,
        Some("2.8"),
        Some("3.0.0"),
        Some("3.1.0"),
        Some("3.2"),
        Some("4.0"),
    ];
    let found = differences_at(&inputs, Role::Producer, &versions);
    assert_none_differ(&found);
}
