//! One folder of fixtures per rule under tests/fixtures/rules/CODE: every
//! `trigger*.properties` (or `.yaml`, a carrier's file) must produce that
//! rule's diagnostics, every `clean*` file none; a `broker.properties` there is passed as `--broker`.
//! The whole output of each folder is snapshotted, so messages keep their numbers.

mod common;

use std::path::{Path, PathBuf};

/// Standard output, standard error and exit status of `kafkalint ARGS` in the crate's directory.
fn kafkalint(args: &[&str]) -> (String, String, i32) {
    let o = common::kafkalint(args);
    (o.stdout, o.stderr, o.status)
}

fn rule_codes() -> Vec<String> {
    let (out, _, _) = kafkalint(&["rules", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&out).expect("rules json");
    list.as_array()
        .map(|a| {
            a.iter()
                .filter(|r| r["kind"] == "rule")
                .filter_map(|r| r["code"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    // YAML for what only a carrier's syntax says (a Strimzi topic's replicas).
    files.retain(|p| {
        p.extension()
            .is_some_and(|x| x == "properties" || x == "yaml")
            && !p.ends_with("broker.properties")
    });
    files.sort();
    files
}

#[test]
fn every_rule_triggers_and_stays_quiet_as_its_fixtures_say() {
    let codes = rule_codes();
    assert!(codes.len() >= 30, "only {} rules", codes.len());
    for code in &codes {
        let dir = Path::new("tests/fixtures/rules").join(code);
        let files = fixtures(&dir);
        let triggers = files
            .iter()
            .filter(|f| {
                f.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("trigger"))
            })
            .count();
        let cleans = files
            .iter()
            .filter(|f| {
                f.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("clean"))
            })
            .count();
        assert!(
            triggers >= 1 && cleans >= 1,
            "{code}: needs trigger*.properties and clean*.properties in {}",
            dir.display()
        );
        let broker = dir.join("broker.properties");
        let mut snapshot = String::new();
        for file in &files {
            let path = file.to_string_lossy().into_owned();
            let mut args = vec!["check", "--format", "concise", "--select", code.as_str()];
            let broker_path = broker.to_string_lossy().into_owned();
            if broker.is_file() {
                args.extend(["--broker", broker_path.as_str()]);
            }
            args.push(&path);
            let (out, err, status) = kafkalint(&args);
            assert!(err.is_empty(), "{path}: stderr: {err}");
            assert!(status == 0 || status == 1, "{path}: exit {status}");
            let is_trigger = file
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("trigger"));
            if is_trigger {
                assert!(
                    out.contains(&format!("[{code}]")),
                    "{path}: expected {code}, got:\n{out}"
                );
            } else {
                assert!(out.is_empty(), "{path}: expected nothing, got:\n{out}");
            }
            snapshot.push_str(&out);
        }
        insta::assert_snapshot!(format!("rule-{code}"), snapshot);
    }
}

#[test]
fn json_carries_related_locations_in_the_broker_file() {
    let (out, _, status) = kafkalint(&[
        "check",
        "--format",
        "json",
        "--select",
        "K503",
        "--broker",
        "tests/fixtures/rules/K503/broker.properties",
        "tests/fixtures/rules/K503/trigger-below-min.properties",
    ]);
    assert_eq!(status, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let d = &v["diagnostics"][0];
    assert_eq!(d["key"], "session.timeout.ms");
    assert_eq!(
        d["related_keys"],
        serde_json::json!([
            "group.protocol",
            "group.min.session.timeout.ms",
            "group.max.session.timeout.ms"
        ])
    );
    let related = d["related"].as_array().expect("related");
    let min = related
        .iter()
        .find(|r| r["key"] == "group.min.session.timeout.ms")
        .expect("broker min");
    assert_eq!(min["path"], "tests/fixtures/rules/K503/broker.properties");
    assert_eq!(min["range"]["start"]["line"], 3);
    assert_eq!(d["fix"]["edits"][0]["replacement"], "6000");
}

#[test]
fn without_a_broker_file_the_verdict_is_one_level_lower_and_says_so() {
    let (out, _, _) = kafkalint(&[
        "check",
        "--format",
        "concise",
        "--select",
        "K503",
        "tests/fixtures/rules/K503/trigger-below-min.properties",
    ]);
    assert!(out.contains("warning[K503]"), "{out}");
    assert!(
        out.contains("(with the broker defaults of Kafka 3.7)"),
        "{out}"
    );
}

#[test]
fn the_flag_wins_over_the_directive_for_processing_time() {
    let file = "tests/fixtures/rules/K501/trigger-error.properties";
    let (out, _, _) = kafkalint(&[
        "check",
        "--format",
        "concise",
        "--select",
        "K501",
        "--record-processing-ms",
        "10",
        file,
    ]);
    assert!(out.is_empty(), "{out}");
}

#[test]
fn user_rules_load_and_broken_ones_name_file_and_line() {
    let dir = std::env::temp_dir().join(format!("kafkalint-user-rules-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let policy = r#"code = "ACME1"
name = "acks-must-be-all"
roles = ["producer"]
reads = ["acks"]
key = "acks"

[[case]]
severity = "error"
condition = 'cfg["acks"] != "all"'
message = "team policy: acks must be all, not {{ cfg['acks'] }}"
fix = { value = '"all"', applicability = "unsafe", message = "set acks=all" }

[doc]
summary = "Our producers use acks=all"
what = "Requires acks=all."
why = "Durability policy."
example = "acks=1"
fix = "Set acks=all."
"#;
    let rules_dir = dir.join("rules");
    std::fs::create_dir_all(&rules_dir).expect("rules dir");
    std::fs::write(rules_dir.join("acks.toml"), policy).expect("write rule");
    let producer = dir.join("producer.properties");
    std::fs::write(&producer, "acks=1\n").expect("write producer");
    let producer = producer.to_string_lossy().into_owned();
    let rules_dir = rules_dir.to_string_lossy().into_owned();
    let (out, err, status) = kafkalint(&[
        "check", "--format", "concise", "--rules", &rules_dir, "--select", "ACME1", &producer,
    ]);
    assert_eq!(status, 1, "{err}");
    assert!(
        out.contains("error[ACME1] team policy: acks must be all, not 1"),
        "{out}"
    );
    // SARIF describes user rules with their own documentation.
    let (sarif, _, _) = kafkalint(&[
        "check", "--format", "sarif", "--rules", &rules_dir, "--select", "ACME1", &producer,
    ]);
    assert!(
        sarif.contains("\"text\": \"Our producers use acks=all\""),
        "{sarif}"
    );
    let (listed, _, _) = kafkalint(&["rules", "--rules", &rules_dir]);
    assert!(listed.contains("ACME1") && listed.contains("acks-must-be-all"));

    let rule_file = Path::new(&rules_dir).join("acks.toml");
    std::fs::write(
        &rule_file,
        policy.replace("cfg[\"acks\"] != \"all\"", "cfg[\"acks\"] !="),
    )
    .expect("write");
    let (_, err, status) = kafkalint(&["rules", "--rules", &rules_dir]);
    assert_eq!(status, 2);
    assert!(err.contains("acks.toml:9:"), "{err}");
    std::fs::write(
        &rule_file,
        policy.replace("severity = \"error\"", "severity = \"fatal\""),
    )
    .expect("write");
    let (_, err, status) = kafkalint(&["check", "--rules", &rules_dir, "samples/good"]);
    assert_eq!(status, 2);
    assert!(
        err.contains("acks.toml:8:") && err.contains("fatal"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A built-in case whose message says Kafka refuses the configuration (it
/// refuses, throws or rejects) is an error marked `refuses = true`, and no
/// other case is: the Kafka oracle (tests/kafka_oracle.rs) checks exactly the
/// marked ones. Checks that claim a refusal are errors too.
#[test]
fn refusal_claims_are_marked_where_messages_make_them() {
    let mut marked = 0;
    for rule in kafkalint::rules::builtin_sources() {
        let doc: toml::Value = toml::from_str(rule.text).unwrap_or_else(|e| panic!("{e}"));
        for case in doc["case"].as_array().into_iter().flatten() {
            let message = case["message"].as_str().unwrap_or_default();
            let says = [
                "refuses",
                "refuse to",
                "throws",
                "rejects",
                "altering the topic fails",
            ]
            .iter()
            .any(|w| message.contains(w));
            let error = case["severity"].as_str() == Some("error");
            let refuses = case.get("refuses").and_then(toml::Value::as_bool) == Some(true);
            assert_eq!(refuses, says && error, "{}: {message}", rule.path);
            marked += usize::from(refuses);
        }
    }
    assert!(marked >= 10, "only {marked} cases claim a refusal");
    let registry = kafkalint::registry::Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    for meta in registry.checks().filter(|m| m.refusal) {
        assert_eq!(
            meta.severity,
            kafkalint::diagnostics::Severity::Error,
            "{}",
            meta.code
        );
    }
}

#[test]
fn client_and_topic_rules_never_use_the_brokers_words() {
    // A client's constructor throws, creating or altering a topic fails: only a
    // broker (or controller) "refuses to start".
    let broker_words = [
        "refuses to start",
        "refuse to start",
        "cannot start",
        "not start",
    ];
    for rule in kafkalint::rules::builtin_sources() {
        if rule.roles.contains(&"broker") {
            continue;
        }
        for words in broker_words {
            assert!(
                !rule.text.contains(words),
                "{}: says `{words}` of a {:?} configuration",
                rule.path,
                rule.roles
            );
        }
    }
}

/// The findings of `code` in `file` as JSON, with `args` before the file.
fn json_findings(code: &str, args: &[&str], file: &str) -> Vec<serde_json::Value> {
    let mut all = vec!["check", "--format", "json", "--select", code];
    all.extend(args);
    all.push(file);
    let (out, err, _) = kafkalint(&all);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    v["diagnostics"].as_array().expect("diagnostics").clone()
}

#[test]
fn where_no_value_settles_the_finding_there_is_help_and_no_fix() {
    // One record alone takes longer than the poll interval allows.
    let found = json_findings(
        "K501",
        &[],
        "tests/fixtures/rules/K501/trigger-one-record-too-slow.properties",
    );
    assert_eq!(found.len(), 1);
    assert!(found[0]["fix"].is_null(), "{}", found[0]);
    let help = found[0]["help"].as_str().expect("help");
    assert!(help.contains("no max.poll.records fits"), "{help}");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    // A broker range whose minimum is above its maximum: nothing fits.
    std::fs::write(
        path("broker.properties"),
        "group.min.session.timeout.ms=60000\ngroup.max.session.timeout.ms=30000\n",
    )
    .expect("write");
    std::fs::write(
        path("consumer.properties"),
        "# kafkalint: role=consumer\ngroup.id=g\nsession.timeout.ms=45000\n",
    )
    .expect("write");
    let broker = path("broker.properties");
    let found = json_findings("K503", &["--broker", &broker], &path("consumer.properties"));
    assert_eq!(found.len(), 1);
    assert!(found[0]["fix"].is_null(), "{}", found[0]);
    assert!(
        found[0]["help"]
            .as_str()
            .is_some_and(|h| h.contains("minimum is above"))
    );
    // linger.ms + request.timeout.ms beyond an INT: no delivery.timeout.ms holds it.
    std::fs::write(
        path("producer.properties"),
        "# kafkalint: role=producer kafka-version=3.7\nbootstrap.servers=b:9092\nlinger.ms=124999999968750\ndelivery.timeout.ms=120000\n",
    )
    .expect("write");
    let found = json_findings("K605", &[], &path("producer.properties"));
    assert_eq!(found.len(), 1);
    assert!(found[0]["fix"].is_null(), "{}", found[0]);
    assert!(found[0]["help"].as_str().is_some_and(|h| h.contains("INT")));
    // Values at the top of their type: K509 (a session timeout no INT
    // exceeds), K609 (a broker lag beyond any INT), K702 (a min ISR no SHORT
    // replication factor exceeds) have no fix and say what to do instead.
    let no_fix_but_help = |code: &str, args: &[&str], name: &str, text: &str, says: &str| {
        std::fs::write(path(name), text).expect("write");
        let found = json_findings(code, args, &path(name));
        assert_eq!(found.len(), 1, "{code}: {found:?}");
        assert!(found[0]["fix"].is_null(), "{code}: {}", found[0]);
        let help = found[0]["help"].as_str().unwrap_or_default();
        assert!(help.contains(says), "{code}: {help}");
    };
    no_fix_but_help(
        "K509",
        &[],
        "old-consumer.properties",
        "# kafkalint: role=consumer kafka-version=1.1\ngroup.id=g\nsession.timeout.ms=2147483647\nrequest.timeout.ms=40000\n",
        "no request.timeout.ms exceeds 2147483647",
    );
    std::fs::write(
        path("lagging-broker.properties"),
        "replica.lag.time.max.ms=3000000000\n",
    )
    .expect("write");
    let lagging = path("lagging-broker.properties");
    no_fix_but_help(
        "K609",
        &["--broker", &lagging],
        "plain-producer.properties",
        "# kafkalint: role=producer kafka-version=3.7\nbootstrap.servers=b:9092\nenable.idempotence=false\nacks=1\n",
        "enable idempotence",
    );
    no_fix_but_help(
        "K702",
        &[],
        "huge-isr-broker.properties",
        "# kafkalint: role=broker kafka-version=3.6\nbroker.id=0\nmin.insync.replicas=40000\ntransaction.state.log.min.isr=1\n",
        "lower min.insync.replicas",
    );
}

#[test]
fn below_the_top_of_their_type_the_fixes_stay() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    std::fs::write(
        path("old-consumer.properties"),
        "# kafkalint: role=consumer kafka-version=1.1\ngroup.id=g\nsession.timeout.ms=2147480000\nrequest.timeout.ms=40000\n",
    )
    .expect("write");
    let found = json_findings("K509", &[], &path("old-consumer.properties"));
    assert_eq!(found.len(), 1, "{found:?}");
    // 5 s above the session timeout would overflow the INT: the fix stops at its top.
    assert_eq!(found[0]["fix"]["edits"][0]["replacement"], "2147483647");
    assert!(found[0]["help"].is_null(), "{}", found[0]);
}

#[test]
fn tiered_storage_off_on_the_broker_is_claimed_only_from_a_broker_file() {
    let topic = "tests/fixtures/rules/K765/tiering-off/trigger.properties";
    let select = ["check", "--format", "concise", "--select", "K765"];
    let (out, _, code) = kafkalint(
        &[
            &select[..],
            &[
                "--broker",
                "tests/fixtures/rules/K765/tiering-off/broker.properties",
                topic,
            ],
        ]
        .concat(),
    );
    assert_eq!(
        out,
        format!(
            "{topic}:2:1: error[K765] remote.storage.enable=true, but the broker has tiered storage off (remote.log.storage.system.enable=false): creating or altering the topic fails\n"
        )
    );
    assert_eq!(code, 1);
    // The default broker has tiered storage off too, but says nothing of the real one.
    let (out, _, code) = kafkalint(&[&select[..], &[topic]].concat());
    assert_eq!((out.as_str(), code), ("", 0));
    let clean = "tests/fixtures/rules/K765/tiering-off/clean.properties";
    let (out, _, _) = kafkalint(
        &[
            &select[..],
            &[
                "--broker",
                "tests/fixtures/rules/K765/tiering-off/broker.properties",
                clean,
            ],
        ]
        .concat(),
    );
    assert_eq!(out, "");
}

#[test]
fn a_tiered_topic_judged_on_the_default_broker_retention_is_a_warning() {
    let (out, _, _) = kafkalint(&[
        "check",
        "--format",
        "concise",
        "--select",
        "K765",
        "tests/fixtures/rules/K765/trigger.properties",
    ]);
    assert_eq!(
        out,
        "tests/fixtures/rules/K765/trigger.properties:4:1: warning[K765] local.retention.ms=1209600000 exceeds the retention of the whole log, which the topic takes from the broker (604800000 ms, from log.retention.*): creating or altering the topic fails (with the broker defaults of Kafka 3.7)\n"
    );
}
