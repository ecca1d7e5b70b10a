//! Whole-command tests: the exact output of every format and command on the
//! shipped samples, exit statuses, and the promise that secrets never print.

mod common;

use common::{Output, checks, kafkalint};

/// `check --format human --color COLOR PATH`.
fn human(color: &str, path: &str) -> Output {
    kafkalint(&["check", "--format", "human", "--color", color, path])
}

#[test]
fn concise_output_of_all_samples() {
    let o = kafkalint(&["check", "--format", "concise", "samples"]);
    assert_eq!(o.status, 1);
    insta::assert_snapshot!(o.stdout);
}

#[test]
fn human_output_of_the_bad_producer() {
    let o = human("never", "samples/bad/producer.properties");
    assert_eq!(o.status, 1);
    insta::assert_snapshot!(o.stdout);
}

#[test]
fn human_output_has_colour_only_when_asked() {
    let plain = human("never", "samples/bad/consumer.properties");
    let coloured = human("always", "samples/bad/consumer.properties");
    assert!(!plain.stdout.contains('\u{1b}'));
    assert!(coloured.stdout.contains('\u{1b}'));
}

#[test]
fn json_output_follows_the_contract() {
    let o = kafkalint(&["check", "--format", "json", "samples/bad"]);
    assert_eq!(o.status, 1);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("valid JSON");
    assert_eq!(v["tool"]["name"], "kafkalint");
    let diagnostics = v["diagnostics"].as_array().expect("diagnostics");
    for d in diagnostics {
        for field in [
            "code",
            "name",
            "severity",
            "message",
            "path",
            "key",
            "related_keys",
            "range",
            "related",
            "help",
            "fix",
        ] {
            assert!(d.get(field).is_some(), "missing {field} in {d}");
        }
        for end in ["start", "end"] {
            for f in ["line", "column", "offset"] {
                assert!(d["range"][end][f].is_u64(), "{d}");
            }
        }
    }
    let s = &v["summary"];
    let count = |sev: &str| diagnostics.iter().filter(|d| d["severity"] == sev).count() as u64;
    assert_eq!(s["errors"].as_u64(), Some(count("error")));
    assert_eq!(s["warnings"].as_u64(), Some(count("warning")));
    assert_eq!(s["infos"].as_u64(), Some(count("info")));
    assert_eq!(
        s["files"].as_u64(),
        Some(v["files"].as_array().map_or(0, |f| f.len() as u64))
    );
    insta::assert_snapshot!(o.stdout.replace(env!("CARGO_PKG_VERSION"), "[version]"));
}

#[test]
fn good_samples_are_clean() {
    let o = kafkalint(&["check", "--format", "concise", "samples/good"]);
    assert_eq!((o.status, o.stdout.as_str()), (0, ""));
    let o = human("never", "samples/good");
    assert_eq!(o.stdout, "No problems found in 5 files.\n");
}

#[test]
fn fail_on_select_and_ignore_decide_the_status() {
    // The bad admin sample has only warnings.
    let file = "samples/bad/admin.properties";
    assert_eq!(kafkalint(&["check", file]).status, 0);
    assert_eq!(
        kafkalint(&["check", "--fail-on", "warning", file]).status,
        1
    );
    let o = kafkalint(&[
        "check",
        "--format",
        "concise",
        "--select",
        "K00",
        "--ignore",
        "byte-order-mark",
        file,
    ]);
    assert!(
        o.stdout
            .lines()
            .all(|l| l.contains("[K00") && !l.contains("[K002]")),
        "{}",
        o.stdout
    );
    assert!(!o.stdout.is_empty());
    let o = kafkalint(&["check", "--select", "K999", file]);
    assert_eq!(o.status, 2);
    assert!(o.stderr.contains("K999"));
}

#[test]
fn secrets_never_appear_in_any_output() {
    let file = "samples/bad/producer.properties";
    let outputs = [
        kafkalint(&["check", "--format", "concise", file]),
        kafkalint(&["check", "--format", "json", file]),
        human("never", file),
        kafkalint(&["show", file]),
        kafkalint(&["show", "--format", "json", file]),
    ];
    for o in &outputs {
        assert!(
            !o.stdout.contains("hunter2") && !o.stderr.contains("hunter2"),
            "{}",
            o.stdout
        );
    }
    assert!(outputs[2].stdout.contains("[hidden]"));
    let shown = kafkalint(&["show", "--show-secrets", file]);
    assert!(shown.stdout.contains("hunter2"));
}

#[test]
fn secrets_a_later_duplicate_overrides_stay_hidden() {
    // Kafka ignores the first values, but the file still holds them, and the
    // duplicate-key finding points right at them.
    let file = "tests/fixtures/secrets/duplicated.properties";
    let mut outputs: Vec<_> = common::FORMATS
        .into_iter()
        .map(|format| kafkalint(&["check", "--color", "never", "--format", format, file]))
        .collect();
    outputs.push(kafkalint(&["check", "--diff", "--unsafe-fixes", file]));
    outputs.push(kafkalint(&["show", "--format", "json", file]));
    assert!(outputs[0].stdout.contains("K008"), "{}", outputs[0].stdout);
    assert!(
        outputs[7]
            .stdout
            .contains("-ssl.keystore.password=[hidden]"),
        "{}",
        outputs[7].stdout
    );
    for o in &outputs {
        for secret in [
            "first-0ld-secret",
            "first-jaas-secret",
            "second-secret",
            "second-jaas-secret",
        ] {
            assert!(
                !o.stdout.contains(secret) && !o.stderr.contains(secret),
                "{secret} shown:\n{}{}",
                o.stdout,
                o.stderr
            );
        }
    }
}

#[test]
fn show_names_the_cluster_size_the_rules_compare_with() {
    let file = "tests/fixtures/rules/K710/trigger-equal.properties";
    let o = kafkalint(&["show", file]);
    assert_eq!(o.status, 0);
    assert_eq!(
        o.stdout.lines().next(),
        Some(format!("{file} (broker, Kafka 3.7, latin1, a cluster of 3 brokers)").as_str())
    );
    let o = kafkalint(&["show", "--format", "json", file]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(v["cluster_brokers"], 3);
    // Unknown: nothing is said.
    let o = kafkalint(&[
        "show",
        "--format",
        "json",
        "samples/good/consumer.properties",
    ]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert!(v.get("cluster_brokers").is_none(), "{v}");
}

#[test]
fn show_prints_the_effective_configuration() {
    let o = kafkalint(&["show", "samples/good/consumer.properties"]);
    assert_eq!(o.status, 0);
    insta::assert_snapshot!("show_table", o.stdout);
    let o = kafkalint(&[
        "show",
        "--format",
        "json",
        "--kafka-version",
        "2.8",
        "samples/good/consumer.properties",
    ]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("valid JSON");
    assert_eq!(v["role"], "consumer");
    assert_eq!(v["kafka_version"], "2.8");
    let entries = v["entries"].as_array().expect("entries");
    let find = |k: &str| {
        entries
            .iter()
            .find(|e| e["key"] == k)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(find("group.id")["source"], "file");
    assert_eq!(find("group.id")["line"], 4);
    let advice = v["advice"].as_array().expect("advice");
    let budget = advice
        .iter()
        .find(|a| a["id"] == "processing_budget")
        .expect("budget");
    assert_eq!(budget["value"], 1500);
    assert!(
        budget["text"]
            .as_str()
            .unwrap_or_default()
            .contains("200 ms per record")
    );
    // Not in the file: the 2.8 default.
    assert_eq!(find("fetch.max.wait.ms")["source"], "default");
    assert_eq!(find("fetch.max.wait.ms")["value"], "500");
    assert!(find("fetch.max.wait.ms").get("line").is_none());
    assert_eq!(find("session.timeout.ms")["default"], "10000");
    insta::assert_snapshot!("show_json", o.stdout);
}

#[test]
fn explain_a_check_and_a_key() {
    let o = kafkalint(&["explain", "K203"]);
    assert_eq!(o.status, 0);
    insta::assert_snapshot!("explain_check", o.stdout);
    assert_eq!(kafkalint(&["explain", "invalid-value"]).stdout, o.stdout);
    let o = kafkalint(&["explain", "session.timeout.ms"]);
    assert_eq!(o.status, 0);
    insta::assert_snapshot!("explain_key", o.stdout);
    let o = kafkalint(&["explain", "no.such.thing"]);
    assert_eq!(o.status, 2);
}

#[test]
fn explain_a_key_says_what_it_does_first() {
    // One line per distinct description, with the roles it is for, before the facts.
    let o = kafkalint(&["explain", "ssl.keystore.location"]);
    assert_eq!(o.status, 0);
    let mut lines = o.stdout.lines();
    let first = lines.next().unwrap_or_default();
    assert!(
        first.starts_with("ssl.keystore.location (producer, consumer, admin, connect): "),
        "{}",
        o.stdout
    );
    let second = lines.next().unwrap_or_default();
    assert!(
        second.starts_with("ssl.keystore.location (broker): "),
        "{}",
        o.stdout
    );
    assert_eq!(lines.next(), Some(""));
    assert_eq!(lines.next(), Some("ssl.keystore.location (producer)"));
    let o = kafkalint(&["explain", "ssl.truststore.location"]);
    assert!(
        o.stdout
            .starts_with("ssl.truststore.location (producer, consumer, admin, broker, connect): "),
        "{}",
        o.stdout
    );
    // A key that rules read but Kafka's tables do not document: its description only.
    let o = kafkalint(&["explain", "allow.everyone.if.no.acl.found"]);
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(
        o.stdout
            .starts_with("allow.everyone.if.no.acl.found (broker): ")
    );
    assert!(
        o.stdout
            .contains("not in the configuration tables of any Kafka version")
    );
}

#[test]
fn rules_lists_every_check() {
    let o = kafkalint(&["rules"]);
    insta::assert_snapshot!("rules", o.stdout);
    let o = kafkalint(&["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("valid JSON");
    let list = v.as_array().expect("list");
    let listed_checks = list.iter().filter(|r| r["kind"] == "check").count();
    let rules = list.iter().filter(|r| r["kind"] == "rule").count();
    assert_eq!(listed_checks, checks().len());
    assert_eq!(rules, kafkalint::rules::builtin_sources().len());
}

#[test]
fn version_selection_and_its_note() {
    let o = kafkalint(&[
        "check",
        "--format",
        "concise",
        "--kafka-version",
        "9.1",
        "samples/good/producer.properties",
    ]);
    assert_eq!(o.status, 0);
    assert!(o.stderr.contains("4.4"), "{}", o.stderr);
    let o = kafkalint(&["check", "--kafka-version", "2.9", "samples/good"]);
    assert_eq!(o.status, 2);
    assert!(o.stderr.contains("2.9"));
}

#[test]
fn a_user_rule_cannot_print_or_probe_a_secret() {
    let rules = "tests/fixtures/secrets/leaky-rules";
    let file = "tests/fixtures/secrets/leaky.properties";
    let base = [
        "check", "--rules", rules, "--role", "producer", "--color", "never",
    ];
    let mut outputs: Vec<Output> = common::FORMATS
        .into_iter()
        .map(|format| kafkalint(&[&base[..], &["--format", format, file]].concat()))
        .collect();
    outputs.push(kafkalint(
        &[&base[..], &["--diff", "--unsafe-fixes", file]].concat(),
    ));
    outputs.push(kafkalint(&[
        "show", "--rules", rules, "--format", "json", file,
    ]));
    // The rule that prints fires, showing only `[hidden]`; the one that adds a
    // number to a secret fails to evaluate; the one that probes the content
    // learns nothing.
    let concise = &outputs[1];
    assert!(
        concise
            .stdout
            .contains("error[X001] the password is [hidden] and the JAAS config is [hidden]"),
        "{}",
        concise.stdout
    );
    assert!(
        concise.stderr.contains("rule X002 (") && concise.stderr.contains("could not be evaluated"),
        "{}",
        concise.stderr
    );
    assert!(!concise.stdout.contains("X003"), "{}", concise.stdout);
    for o in &outputs {
        assert!(
            !o.stdout.contains("hunter2") && !o.stderr.contains("hunter2"),
            "a secret is shown:\n{}{}",
            o.stdout,
            o.stderr
        );
    }
    // A fix whose value was made from a secret would write `[hidden]` into the
    // file: it is not offered.
    let json: serde_json::Value = serde_json::from_str(&outputs[2].stdout).expect("valid JSON");
    let x001 = json["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["code"] == "X001"))
        .expect("X001 reported");
    assert!(x001["fix"].is_null(), "{x001}");
    assert_eq!(x001["help"], "the key password is [hidden]");
}

#[test]
fn secrets_hard_to_spot_never_appear_in_any_output() {
    let files = [
        "tests/fixtures/secrets/hard-to-spot.properties",
        "tests/fixtures/secrets/escapes.properties",
    ];
    // As a producer, as a file of unknown role (a Connect worker), and at an old
    // version that lacks some of the password keys.
    let settings: [&[&str]; 3] = [
        &["--role", "producer"],
        &[],
        &["--role", "consumer", "--kafka-version", "0.10.0"],
    ];
    let mut outputs = Vec::new();
    for file in files {
        for extra in settings {
            for format in common::FORMATS {
                let args = [
                    &["check", "--color", "never", "--format", format][..],
                    extra,
                    &[file],
                ]
                .concat();
                outputs.push(kafkalint(&args));
            }
            outputs.push(kafkalint(
                &[&["check", "--diff", "--unsafe-fixes"][..], extra, &[file]].concat(),
            ));
            outputs.push(kafkalint(
                &[&["show", "--format", "json"][..], extra, &[file]].concat(),
            ));
            outputs.push(kafkalint(&[&["show"][..], extra, &[file]].concat()));
        }
    }
    assert!(
        outputs[1].stdout.contains("K101") && outputs[1].stdout.contains("[hidden]"),
        "{}",
        outputs[1].stdout
    );
    for o in &outputs {
        assert!(
            !o.stdout.contains("s3cret") && !o.stderr.contains("s3cret"),
            "a secret is shown:\n{}{}",
            o.stdout,
            o.stderr
        );
    }
}

#[test]
fn unknown_keys_are_errors_in_topic_configs_and_plugin_prefixes_hide_no_typo() {
    let dir = std::env::temp_dir().join(format!("kafkalint-unknown-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let topic = dir.join("topic-orders.properties");
    std::fs::write(&topic, "cleanup.policy=compact\nretention.msec=1000\n").expect("write");
    let o = kafkalint(&[
        "check",
        "--format",
        "concise",
        topic.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status, 1, "{}", o.stdout);
    assert!(
        o.stdout
            .contains(":2:1: error[K101] unknown topic key `retention.msec`"),
        "{}",
        o.stdout
    );
    let producer = dir.join("producer.properties");
    std::fs::write(
        &producer,
        "bootstrap.servers=h:9092\ninterceptor.clases=com.acme.Audit\nschema.registry.url=http://r\n",
    )
    .expect("write");
    let o = kafkalint(&[
        "check",
        "--format",
        "concise",
        producer.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status, 0, "{}", o.stdout);
    assert_eq!(
        o.stdout
            .lines()
            .map(|l| l.split_once(": ").map_or(l, |(_, rest)| rest))
            .collect::<Vec<_>>(),
        [format!(
            "warning[K101] unknown producer key `interceptor.clases` in Kafka {}; did you mean `interceptor.classes`?",
            kafkalint::catalog::newest()
        )],
        "{}",
        o.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A tree of `files` client files with findings of several kinds, in
/// directories `d00`, `d01`, ...
fn tree_of_clients(dir: &std::path::Path, files: usize) {
    let kinds = [
        "lingr.ms=5\nacks=all\n",
        "acks=ALL\nretries=3\nmax.in.flight.requests.per.connection=5\nenable.idempotence=false\n",
        "group.id=g\nsession.timeout.ms=3000\nheartbeat.interval.ms=2500\n",
        "bootstrap.servers=a:9092\n",
    ];
    for i in 0..files {
        let sub = dir.join(format!("d{:02}", i / 10));
        std::fs::create_dir_all(&sub).unwrap();
        let role = if i % 4 == 2 { "consumer" } else { "producer" };
        std::fs::write(
            sub.join(format!("app-{i:03}-{role}.properties")),
            kinds[i % kinds.len()],
        )
        .unwrap();
    }
}

#[test]
fn a_tree_reports_what_its_files_report_one_by_one_in_path_order() {
    // The files the walk finds are linted while it goes on (cli/ahead.rs):
    // the report must be the files' own, in the run's order.
    let tmp = tempfile::tempdir().unwrap();
    tree_of_clients(tmp.path(), 40);
    let whole = common::kafkalint_in(tmp.path(), &["check", "--output-format", "concise", "."]);
    assert_eq!(whole.status, 1, "{}", whole.stderr);
    let mut files: Vec<_> = walk_files(tmp.path());
    files.sort();
    let one_by_one: String = files
        .iter()
        .map(|f| {
            common::kafkalint_in(tmp.path(), &["check", "--output-format", "concise", f]).stdout
        })
        .collect();
    assert!(whole.stdout.lines().count() > 30, "{}", whole.stdout);
    assert_eq!(whole.stdout, one_by_one);
}

/// The files below `dir`, as paths relative to it.
fn walk_files(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            found.extend(walk_files(&path).into_iter().map(|f| format!("{name}/{f}")));
        } else {
            found.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    found
}

#[test]
fn a_bad_config_late_in_a_tree_stops_the_run_before_any_report() {
    // The files before it are linted while the walk goes on; none is reported.
    let tmp = tempfile::tempdir().unwrap();
    tree_of_clients(tmp.path(), 40);
    let late = tmp.path().join("zz");
    std::fs::create_dir_all(&late).unwrap();
    std::fs::write(late.join("kafkalint.toml"), "kafka-version = \"3.x\"\n").unwrap();
    std::fs::write(late.join("producer.properties"), "acks=all\n").unwrap();
    let o = common::kafkalint_in(tmp.path(), &["check", "--output-format", "concise", "."]);
    assert_eq!(o.status, 2, "{}", o.stderr);
    assert_eq!(o.stdout, "");
    assert!(o.stderr.contains("zz/kafkalint.toml"), "{}", o.stderr);
}
