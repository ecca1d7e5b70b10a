//! A rule that fails to evaluate on a file is an error: the run exits 2 and
//! names the rule and the file, and the findings of the other rules still print.
//! The built-in rules never fail (see `rules_never_fail.rs`); the hints they
//! compute with are bounded where they are read.

mod support;

use support::{TempDir, check_concise, rule_file, run};

#[test]
fn a_rule_that_fails_on_a_file_fails_the_run_and_the_findings_still_print() {
    let dir = TempDir::new("failing-rule");
    // A condition that divides by zero on every consumer.
    let failing = rule_file(
        "X100",
        "consumer",
        &["max.poll.records"],
        "cfg['max.poll.records'] / 0 > 1",
    );
    dir.write("rules/failing.toml", failing);
    dir.write("consumer.properties", "group.id=g\nmax.poll.records=500\n");
    for extra in [&[][..], &["--diff"][..]] {
        let mut args = vec!["check", "--format", "concise", "--rules", "rules"];
        args.extend_from_slice(extra);
        args.push("consumer.properties");
        let out = run(dir.path(), &args);
        assert_eq!(out.code, 2, "{out:#?}");
        assert!(
            out.stderr.contains(
                "kafkalint: rule X100 (rules/failing.toml) could not be evaluated on consumer.properties: "
            ),
            "{out:#?}"
        );
        if extra.is_empty() {
            assert!(out.stdout.contains("info[K501]"), "{out:#?}");
        }
    }
}

#[test]
fn old_brokers_without_the_listener_map_are_checked_without_errors() {
    let dir = TempDir::new("old-broker");
    dir.write("b.properties", "listeners=PLAINTEXT://:9092\n");
    for version in ["0.9.0", "0.10.0", "0.10.1"] {
        let out = check_concise(
            dir.path(),
            &[
                "--role",
                "broker",
                "--kafka-version",
                version,
                "b.properties",
            ],
        );
        assert_eq!(out.code, 0, "{version}: {out:#?}");
        assert_eq!(out.stderr, "", "{version}: {out:#?}");
        assert!(!out.stdout.contains("K705"), "{version}: {out:#?}");
    }
}

#[test]
fn absurd_processing_times_are_refused_where_they_are_given() {
    let dir = TempDir::new("absurd-hints");
    dir.write("consumer.properties", "group.id=g\n");
    for value in ["99999999999999999", "0", "2147483648", "-5", "fast"] {
        let flag = format!("--record-processing-ms={value}");
        let out = run(dir.path(), &["check", &flag, "consumer.properties"]);
        assert_eq!(out.code, 2, "{flag}: {out:#?}");
        assert!(
            out.stderr.contains("from 1 to 2147483647") && out.stderr.contains(value),
            "{flag}: {out:#?}"
        );
    }
    // The largest value is accepted, and the rule that multiplies it does not overflow.
    let out = check_concise(
        dir.path(),
        &[
            "--record-processing-ms",
            "2147483647",
            "consumer.properties",
        ],
    );
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stdout.contains("error[K501]"), "{out:#?}");
    assert_eq!(out.stderr, "", "{out:#?}");

    // In a directive: K010 says why it is ignored, and no rule fails.
    dir.write(
        "directive/consumer.properties",
        "# kafkalint: record-processing-ms=99999999999999999\ngroup.id=g\n",
    );
    let out = check_concise(dir.path(), &["directive/consumer.properties"]);
    assert!(out.code < 2, "{out:#?}");
    assert_eq!(out.stderr, "", "{out:#?}");
    assert!(
        out.stdout.contains("warning[K010] `record-processing-ms` must be a whole number of milliseconds from 1 to 2147483647"),
        "{out:#?}"
    );

    // In the project config: an error naming file, line and field.
    dir.write(
        "project/kafkalint.toml",
        "record-processing-ms = 99999999999999999\n",
    );
    dir.write("project/consumer.properties", "group.id=g\n");
    let out = run(dir.path(), &["check", "project/consumer.properties"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr
            .contains("project/kafkalint.toml:1: record-processing-ms: must be a whole number"),
        "{out:#?}"
    );
}
