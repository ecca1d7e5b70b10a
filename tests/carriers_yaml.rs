//! The YAML carriers through the real binary: docker compose and Strimzi
//! fixtures in, exact findings out (concise and JSON with `source_key`, `unit`,
//! `files[].carrier`/`units`), SARIF pointing at the YAML line, quiet correct
//! files, unrelated YAML ignored, invalid YAML an error naming file, line and
//! column, fixes written in the carrier's syntax that change only the fixed
//! value, and `show --unit`.

mod common;

use common::{Output, kafkalint};
use kafkalint::carrier::yaml::YamlFile;
use std::path::Path;

const COMPOSE: &str = "tests/fixtures/carriers/compose/docker-compose.mapping.yml";
const STRIMZI: &str = "tests/fixtures/carriers/strimzi/kafka.mapping.yaml";

#[test]
fn compose_services_map_to_broker_keys() {
    let o = kafkalint(&["check", "--no-config", "--format", "concise", COMPOSE]);
    assert_eq!(o.status, 1, "{}", o.stderr);
    insta::assert_snapshot!(o.stdout);
}

#[test]
fn strimzi_config_maps_map_to_units() {
    let o = kafkalint(&["check", "--no-config", "--format", "concise", STRIMZI]);
    assert_eq!(o.status, 1, "{}", o.stderr);
    insta::assert_snapshot!(o.stdout);
}

#[test]
fn json_names_the_unit_and_the_key_as_written() {
    let o = kafkalint(&["check", "--no-config", "--format", "json", COMPOSE, STRIMZI]);
    let json: serde_json::Value =
        serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}\n{}", o.stdout));
    insta::assert_json_snapshot!("carrier_files", json["files"]);
    let found: Vec<String> = json["diagnostics"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|d| {
                    format!(
                        "{} {} | {} | {} | line {}",
                        d["code"].as_str().unwrap_or("-"),
                        d["key"].as_str().unwrap_or("-"),
                        d["source_key"].as_str().unwrap_or("-"),
                        d["unit"].as_str().unwrap_or("-"),
                        d["range"]["start"]["line"]
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    insta::assert_snapshot!("carrier_diagnostics", found.join("\n"));
}

#[test]
fn sarif_and_github_point_at_the_yaml_line() {
    let o = kafkalint(&["check", "--no-config", "--format", "sarif", STRIMZI]);
    let sarif: serde_json::Value =
        serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<(String, i64)> = sarif["runs"][0]["results"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|r| {
                    let region = &r["locations"][0]["physicalLocation"]["region"];
                    (
                        r["ruleId"].as_str().unwrap_or("-").to_string(),
                        region["startLine"].as_i64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert!(lines.contains(&("K101".to_string(), 16)), "{lines:?}");
    assert!(lines.contains(&("K140".to_string(), 18)), "{lines:?}");
    let o = kafkalint(&["check", "--no-config", "--format", "github", STRIMZI]);
    assert!(
        o.stdout.contains(&format!("file={STRIMZI},line=18,")),
        "{}",
        o.stdout
    );
}

#[test]
fn correct_files_are_quiet() {
    for file in [
        "tests/fixtures/carriers/compose/compose.clean.yaml",
        "tests/fixtures/carriers/strimzi/kafka.clean.yaml",
    ] {
        let o = kafkalint(&[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--fail-on",
            "info",
            file,
        ]);
        assert_eq!(
            (o.stdout.as_str(), o.status),
            ("", 0),
            "{file}: {}",
            o.stderr
        );
    }
}

#[test]
fn unrelated_yaml_is_ignored_without_a_word() {
    let o = kafkalint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "tests/fixtures/carriers/unrelated",
    ]);
    assert_eq!(o.status, 0, "{}", o.stderr);
    // No word about each file; that the run found none is said once.
    assert_eq!(
        o.stderr,
        "kafkalint: note: no Kafka configuration file found under `tests/fixtures/carriers/unrelated`\n"
    );
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["files"], serde_json::json!([]));
    // Forced, a Deployment is read as a compose file: it has no services.
    let o = kafkalint(&[
        "check",
        "--no-config",
        "--carrier",
        "compose",
        "--format",
        "concise",
        "tests/fixtures/carriers/unrelated/deployment.yaml",
    ]);
    assert_eq!((o.stdout.as_str(), o.status), ("", 0), "{}", o.stderr);
    let o = kafkalint(&["check", "--carrier", "helm", "samples"]);
    assert_eq!(o.status, 2);
    assert!(o.stderr.contains("unknown carrier `helm`"), "{}", o.stderr);
}

#[test]
fn invalid_yaml_is_an_error_naming_file_line_and_column() {
    let file = "tests/fixtures/carriers/invalid/docker-compose.yml";
    let o = kafkalint(&["check", "--no-config", "--format", "concise", file]);
    assert_eq!(o.status, 2);
    assert!(
        o.stderr.contains(&format!("{file}:6:6: invalid YAML: ")),
        "{}",
        o.stderr
    );
}

#[test]
fn hostile_yaml_fails_fast_and_cleanly() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let deep = dir.path().join("docker-compose.yml");
    std::fs::write(&deep, "services: ".to_string() + &"[".repeat(500_000))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut bomb = String::from("services:\n  k:\n    image: apache/kafka\n    environment: &e0\n");
    bomb.push_str("      <<: {A: &a [x, x, x, x, x, x, x, x, x, x]}\n");
    for i in 1..9 {
        let items = vec![
            format!(
                "*{}",
                if i == 1 {
                    "a".to_string()
                } else {
                    format!("l{}", i - 1)
                }
            );
            10
        ];
        bomb.push_str(&format!("      L{i}: &l{i} [{}]\n", items.join(", ")));
    }
    let bomb_file = dir.path().join("compose.yaml");
    std::fs::write(&bomb_file, bomb).unwrap_or_else(|e| panic!("{e}"));
    let start = std::time::Instant::now();
    for file in [&deep, &bomb_file] {
        let name = file.to_string_lossy();
        let o = kafkalint(&["check", "--no-config", "--format", "concise", &name]);
        // Refused (2), or read in bounded time with what it holds reported
        // (a one-broker cluster gets the cluster-size findings): never a crash.
        assert!(
            (0..=2).contains(&o.status) && !o.stderr.contains("panicked"),
            "{name}: {} {}",
            o.status,
            o.stderr
        );
    }
    let o = kafkalint(&["check", "--no-config", &deep.to_string_lossy()]);
    assert!(
        o.stderr.contains("invalid YAML: recursion limit exceeded"),
        "{}",
        o.stderr
    );
    // A file of thousands of brokers is refused, not modelled one by one.
    let many = dir.path().join("compose.yml");
    let services: String = (0..1001)
        .map(|i| {
            format!(
                "  k{i}:\n    image: apache/kafka\n    environment:\n      KAFKA_NODE_ID: {i}\n"
            )
        })
        .collect();
    std::fs::write(&many, format!("services:\n{services}")).unwrap_or_else(|e| panic!("{e}"));
    let o = kafkalint(&["check", "--no-config", &many.to_string_lossy()]);
    assert_eq!(o.status, 2);
    assert!(
        o.stderr
            .contains(":4005:7: it configures more than 1000 Kafka components"),
        "{}",
        o.stderr
    );
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

/// Every scalar of every document, by path, as the YAML reader sees it.
fn document(text: &str) -> Vec<(String, Option<String>)> {
    let file = YamlFile::read(text.as_bytes().to_vec()).unwrap_or_else(|e| panic!("{}", e.error));
    (0..file.yaml.documents.len())
        .flat_map(|d| file.flatten(d).unwrap_or_default())
        .map(|e| (format!("{}#{}", e.path, e.document), e.value))
        .collect()
}

fn fixed(source: &str, name: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join(name);
    let original = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&path, &original).unwrap_or_else(|e| panic!("{e}"));
    // The cluster-size rules' fixes add keys, and K713's raises the `1KB` segment
    // to the message size; this is about edits in place and units.
    kafkalint(&[
        "check",
        "--no-config",
        "--fix",
        "--unsafe-fixes",
        "--ignore",
        "K709,K710,K711,K713",
        &path.to_string_lossy(),
    ]);
    let after = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    (original, after)
}

#[test]
fn fixes_keep_comments_quotes_and_indentation_and_change_only_the_fixed_values() {
    let (original, after) = fixed(COMPOSE, "docker-compose.yml");
    assert!(
        after.contains("      KAFKA_AUTO_CREATE_TOPICS_ENABLE: \"false\"\n"),
        "{after}"
    );
    assert!(
        after.starts_with("# Every way a compose file sets broker keys"),
        "{after}"
    );
    let (before, now) = (document(&original), document(&after));
    let changed: Vec<_> = before.iter().zip(&now).filter(|(a, b)| a != b).collect();
    assert_eq!(before.len(), now.len());
    // The misspelled variable renamed (its value kept), `1KB` written in bytes.
    assert_eq!(
        changed,
        [
            (
                &(
                    "services.broker.environment.KAFKA_AUTO_CREATE_TOPICS_ENABEL#0".to_string(),
                    Some("false".to_string())
                ),
                &(
                    "services.broker.environment.KAFKA_AUTO_CREATE_TOPICS_ENABLE#0".to_string(),
                    Some("false".to_string())
                )
            ),
            (
                &(
                    "services.legacy.environment[7]#0".to_string(),
                    Some("KAFKA_CFG_LOG_SEGMENT_BYTES=1KB".to_string())
                ),
                &(
                    "services.legacy.environment[7]#0".to_string(),
                    Some("KAFKA_CFG_LOG_SEGMENT_BYTES=1024".to_string())
                )
            ),
        ]
    );
    let (original, after) = fixed(STRIMZI, "kafka.yaml");
    assert!(
        after.contains("      log.retention.hours: 168          # misspelled\n"),
        "{after}"
    );
    assert!(!after.contains("ssl.keystore.location"), "{after}");
    assert!(after.contains("      acks: all\n"), "{after}");
    assert_eq!(
        original
            .replace("log.retention.hour:", "log.retention.hours:")
            .replace("      ssl.keystore.location: /tmp/ks   # forbidden\n", "")
            .replace("acks: ALL", "acks: all"),
        after
    );
}

#[test]
fn show_prints_one_unit() {
    let o = kafkalint(&["show", "--no-config", STRIMZI]);
    assert_eq!(o.status, 2);
    assert!(
        o.stderr.contains("configures several components: name one with --unit; its units: `Kafka/prod`, `KafkaTopic/orders`, `KafkaBridge/http producer`"),
        "{}",
        o.stderr
    );
    let o = kafkalint(&[
        "show",
        "--no-config",
        "--format",
        "json",
        "--unit",
        "KafkaTopic/orders",
        STRIMZI,
    ]);
    assert_eq!(o.status, 0, "{}", o.stderr);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["unit"], "KafkaTopic/orders");
    assert_eq!(json["role"], "topic");
    assert_eq!(json["kafka_version"], "3.6");
    let entry = json["entries"]
        .as_array()
        .and_then(|e| {
            e.iter()
                .find(|e| e["key"] == "min.insync.replicas")
                .cloned()
        })
        .unwrap_or_default();
    assert_eq!(
        (entry["value"].as_str(), entry["line"].as_i64()),
        (Some("2"), Some(31))
    );
    assert!(Path::new(STRIMZI).is_file());
}

#[test]
fn secrets_in_variables_never_print() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("docker-compose.yml");
    std::fs::write(
        &path,
        "services:\n  k:\n    image: confluentinc/cp-kafka:7.6.0\n    environment:\n      KAFKA_SSL_KEYSTORE_PASSWORD: hunter2-compose\n      - \n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Invalid (a list item in a map): the error names the place, not the value.
    let name = path.to_string_lossy().to_string();
    let o = kafkalint(&["check", "--no-config", &name]);
    assert_eq!(o.status, 2);
    assert!(!o.stderr.contains("hunter2"), "{}", o.stderr);
    std::fs::write(
        &path,
        "services:\n  k:\n    image: confluentinc/cp-kafka:7.6.0\n    environment:\n      - KAFKA_SSL_KEYSTORE_PASSWORD=hunter2-compose\n      - KAFKA_SSL_KEY_PASSWORD=hunter2-list\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for format in common::FORMATS {
        let o = kafkalint(&["check", "--no-config", "--format", format, &name]);
        assert!(o.stdout.contains("K301"), "{format}: {}", o.stdout);
        assert!(
            !o.stdout.contains("hunter2"),
            "{format} shows a secret:\n{}",
            o.stdout
        );
    }
    let o = kafkalint(&["show", "--no-config", &name]);
    assert!(
        o.stdout.contains("ssl.keystore.password") && !o.stdout.contains("hunter2"),
        "{}",
        o.stdout
    );
}

/// The Kafka version of each unit of `file` as the JSON output gives it.
fn unit_versions(args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--no-config", "--format", "json"];
    all.extend_from_slice(args);
    let o = kafkalint(&all);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    json["files"][0]["units"]
        .as_array()
        .map(|u| {
            u.iter()
                .map(|u| u["kafka_version"].as_str().unwrap_or("-").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_flag_the_directive_and_the_project_config_win_over_the_image_tag() {
    // The tags: cp-kafka 7.6.1 is Kafka 3.6, bitnami 3.5 is 3.5.
    assert_eq!(unit_versions(&[COMPOSE]), ["3.6", "3.5"]);
    assert_eq!(
        unit_versions(&["--kafka-version", "3.9", COMPOSE]),
        ["3.9", "3.9"]
    );
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let original = std::fs::read_to_string(COMPOSE).unwrap_or_else(|e| panic!("{e}"));
    let with_directive = dir.path().join("docker-compose.yml");
    std::fs::write(
        &with_directive,
        format!("# kafkalint: kafka-version=3.4\n{original}"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        unit_versions(&[&with_directive.to_string_lossy()]),
        ["3.4", "3.4"]
    );
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(project.join("kafkalint.toml"), "kafka-version = \"3.2\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(project.join("compose.yaml"), &original).unwrap_or_else(|e| panic!("{e}"));
    let o = kafkalint(&[
        "check",
        "--format",
        "json",
        &project.join("compose.yaml").to_string_lossy(),
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", o.stderr));
    assert_eq!(
        json["files"][0]["units"][0]["kafka_version"], "3.2",
        "{}",
        o.stdout
    );
}

#[test]
fn the_strimzi_checks_fixes_settle_their_findings() {
    for (code, fixture) in [
        ("K140", "tests/fixtures/checks/K140/trigger.yaml"),
        ("K141", "tests/fixtures/checks/K141/trigger.yaml"),
    ] {
        let (original, after) = fixed(fixture, "kafka.yaml");
        assert_ne!(original, after, "{code}: nothing fixed");
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("kafka.yaml");
        std::fs::write(&path, &after).unwrap_or_else(|e| panic!("{e}"));
        let o = kafkalint(&[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--select",
            code,
            &path.to_string_lossy(),
        ]);
        assert_eq!(o.stdout, "", "{code} still found in\n{after}");
        // Only the fixed lines changed; the comments are all there.
        let kept = |text: &str| {
            text.lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .count()
        };
        assert_eq!(kept(&original), kept(&after), "{code}");
    }
    let (_, after) = fixed("tests/fixtures/checks/K141/trigger.yaml", "kafka.yaml");
    assert!(
        after.contains("  partitions: 6\n  replicas: 2\n"),
        "{after}"
    );
}

/// `check --no-config` of one file out of the tree, with `options`.
fn check_path(path: &Path, options: &[&str]) -> Output {
    let mut args = vec!["check", "--no-config"];
    args.extend(options);
    args.push(path.to_str().unwrap_or_default());
    kafkalint(&args)
}

/// `check` in the human format, without colour, of `paths`.
fn human(paths: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "--no-config",
        "--format",
        "human",
        "--color",
        "never",
    ];
    args.extend(paths);
    kafkalint(&args)
}

#[test]
fn human_frames_name_the_unit_of_a_multi_unit_file() {
    let o = human(&[COMPOSE, STRIMZI]);
    assert_eq!(o.status, 1, "{}", o.stderr);
    assert!(o.stdout.contains(") in service "), "{}", o.stdout);
    assert!(o.stdout.contains(") in KafkaTopic/orders"), "{}", o.stdout);
    insta::assert_snapshot!(o.stdout);
}

const COMPOSE_ENV: &str = "tests/fixtures/carriers/compose-env/docker-compose.yml";

#[test]
fn env_files_of_a_compose_service_are_linted_where_they_are_written() {
    let o = kafkalint(&["check", "--no-config", "--format", "concise", COMPOSE_ENV]);
    assert_eq!(o.status, 1, "{}", o.stderr);
    // environment: wins over the env file (no K201 for its `three`, no
    // duplicate); an optional env file may be missing; a required one is K130.
    assert_eq!(
        o.stdout,
        "tests/fixtures/carriers/compose-env/docker-compose.yml:17:15: error[K130] service other names the env file `missing.env`, which cannot be read (no such file): docker compose refuses to start it\n\
         tests/fixtures/carriers/compose-env/kafka.env:3:27: error[K201] `log.retention.hours=forever` is not a number of type INT: the broker refuses to start\n\
         tests/fixtures/carriers/compose-env/kafka.env:4:8: warning[K101] unknown broker key `auto.create.topic.enable` in Kafka 3.7; did you mean `auto.create.topics.enable`?\n"
    );
    insta::assert_snapshot!(human(&[COMPOSE_ENV]).stdout);
    let json = kafkalint(&["check", "--no-config", "--format", "json", COMPOSE_ENV]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let k101 = json["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["code"] == "K101"))
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(
        k101["path"],
        "tests/fixtures/carriers/compose-env/kafka.env"
    );
    assert_eq!(k101["source_key"], "KAFKA_AUTO_CREATE_TOPIC_ENABLE");
    assert_eq!(k101["unit"], "service kafka");
    assert_eq!(k101["range"]["start"]["line"], 4);
    assert!(k101["fix"].is_null(), "the env file is not edited: {k101}");
}

#[test]
fn fixing_a_compose_file_leaves_its_env_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["docker-compose.yml", "kafka.env"] {
        std::fs::copy(
            Path::new("tests/fixtures/carriers/compose-env").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    let env_before = std::fs::read(dir.path().join("kafka.env")).unwrap();
    let compose = dir.path().join("docker-compose.yml");
    let o = check_path(&compose, &["--fix", "--unsafe-fixes"]);
    assert_eq!(o.status, 1, "{}", o.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("kafka.env")).unwrap(),
        env_before
    );
}

#[test]
fn an_env_file_that_is_not_text_is_k130_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  kafka:\n    image: apache/kafka:3.7.0\n    env_file: [bad.env, dir.env]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bad.env"),
        b"KAFKA_NUM_PARTITIONS=\xff\xfe\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("dir.env")).unwrap();
    let compose = dir.path().join("compose.yaml");
    let o = check_path(&compose, &["--format", "concise", "--select", "K130"]);
    assert_eq!(o.status, 1, "{}", o.stderr);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", o.stdout);
    assert!(
        lines[0].contains("`bad.env`, which cannot be read (it is not UTF-8 text)"),
        "{}",
        o.stdout
    );
    assert!(
        lines[1].contains("`dir.env`, which cannot be read"),
        "{}",
        o.stdout
    );
}

#[test]
fn show_gives_each_setting_the_line_of_the_file_that_writes_it() {
    // An env file a compose service names, and the base file of a Spring
    // profile: their lines, not the lines of the texts joined; a value Spring
    // gives Kafka by itself has no line.
    let mut shown = String::new();
    for args in [
        &[
            "show",
            "--no-config",
            "--unit",
            "service kafka",
            "tests/fixtures/carriers/compose-env/docker-compose.yml",
        ][..],
        &[
            "show",
            "--no-config",
            "tests/fixtures/spring-profiles/split/application-prod-eu.yml",
        ],
    ] {
        let o = kafkalint(args);
        assert_eq!(o.status, 0, "{o:#?}");
        let written = o.stdout.lines().filter(|l| {
            let source = l.split("  ").filter(|c| !c.is_empty()).nth(2);
            source.is_some_and(|s| s.contains("line") || s.starts_with("default of"))
        });
        for line in o.stdout.lines().take(1).chain(written) {
            shown.push_str(
                line.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .as_str(),
            );
            shown.push('\n');
        }
    }
    insta::assert_snapshot!(shown);
    let json = kafkalint(&[
        "show",
        "--no-config",
        "-f",
        "json",
        "--unit",
        "service kafka",
        "tests/fixtures/carriers/compose-env/docker-compose.yml",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let entry = value["entries"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["key"] == "log.retention.hours"))
        .expect("log.retention.hours");
    assert_eq!(
        (&entry["file"], &entry["line"]),
        (
            &serde_json::json!("tests/fixtures/carriers/compose-env/kafka.env"),
            &serde_json::json!(3)
        )
    );
}
