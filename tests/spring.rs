//! The Spring Boot carrier from the command line: each fixture pair (a file
//! that triggers, a correct one that stays quiet) for the mapping's units, the
//! relaxed binding, the precedence of the properties maps, profiles and
//! Spring's own properties loader; fixes written in Spring's syntax; and the
//! exact output (human and JSON, with `unit` and `source_key`) of the samples.

mod common;

use serde_json::Value;

/// Standard output and exit status of `kafkalint ARGS` in the crate's directory.
fn kafkalint(args: &[&str]) -> (String, i32) {
    let o = common::kafkalint(args);
    (o.stdout, o.status)
}

/// Each finding as `CODE line unit source_key`.
fn findings(file: &str) -> Vec<String> {
    let (stdout, _) = kafkalint(&["check", "--format", "json", file]);
    let json: Value = serde_json::from_str(&stdout).expect("json");
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {}",
                d["code"].as_str().unwrap_or("?"),
                d["range"]["start"]["line"],
                d["unit"].as_str().unwrap_or("-"),
                d["source_key"].as_str().unwrap_or("-"),
            )
        })
        .collect()
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/spring/{name}")
}

/// A fixture pair: the findings of `bad` (as `findings` writes them), and a
/// `good` file that stays quiet.
fn assert_pair(bad: &str, expected: &[&str], good: &str) {
    assert_eq!(findings(&fixture(bad)), expected, "{bad}");
    assert!(findings(&fixture(good)).is_empty(), "{good}");
}

#[test]
fn durations_and_sizes_reach_kafka_in_its_units() {
    assert_pair(
        "application-units-bad.properties",
        &["K502 4 consumer spring.kafka.consumer.heartbeat-interval"],
        "application-units-good.properties",
    );
}

#[test]
fn relaxed_binding_and_unknown_properties() {
    assert_pair(
        "application-binding-bad.yml",
        &["K120 5 - spring.kafka.consumer.maxPolRecords"],
        "application-binding-good.properties",
    );
}

#[test]
fn the_clients_map_wins_over_its_typed_property_which_wins_over_the_shared_map() {
    assert_pair(
        "application-precedence-bad.properties",
        &["K501 3 consumer spring.kafka.consumer.properties.max.poll.records"],
        "application-precedence-good.properties",
    );
}

#[test]
fn each_profile_is_linted_merged_over_the_default_document() {
    assert_pair(
        "application-profiles-bad.yml",
        &["K501 14 consumer [profile batch] spring.kafka.consumer.max-poll-records"],
        "application-profiles-good.yml",
    );
}

#[test]
fn springs_loader_cancels_a_separator_next_to_a_comment() {
    // One document, as Spring reads it: the profile's value overwrites the
    // default one, and the whole file is the `local` profile's. The good file:
    // a blank line keeps the separator; list expansion and trimmed keys.
    assert_pair(
        "application-loader-bad.properties",
        &[
            "K008 3 consumer [profile local] spring.kafka.consumer.max-poll-records",
            "K122 5 - -",
        ],
        "application-loader-good.properties",
    );
}

#[test]
fn a_shared_map_entry_that_springs_default_overwrites() {
    assert_pair(
        "application-shared-map-bad.properties",
        &["K121 2 - spring.kafka.properties.value.deserializer"],
        "application-shared-map-good.properties",
    );
}

#[test]
fn an_application_properties_without_spring_kafka_is_plain_properties() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("application.properties");
    std::fs::write(&path, "linger.ms=abc\n").expect("write");
    let (stdout, status) = kafkalint(&["check", "--format", "concise", &path.to_string_lossy()]);
    assert_eq!(status, 1, "{stdout}");
    assert!(stdout.contains("K201"), "{stdout}");
}

/// The file after `check --fix` (with `extra` flags) on a copy of `source`.
fn fixed(source: &str, name: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::copy(source, &path).expect("copy");
    let path_text = path.to_string_lossy().into_owned();
    let mut args = vec!["check", "--fix", "--format", "concise"];
    args.extend_from_slice(extra);
    args.push(&path_text);
    kafkalint(&args);
    std::fs::read_to_string(&path).expect("read")
}

#[test]
fn fixes_are_written_in_springs_syntax() {
    assert_eq!(
        fixed(
            &fixture("application-binding-bad.yml"),
            "application.yml",
            &[]
        ),
        "spring:\n  kafka:\n    consumer:\n      groupId: binding\n      maxPollRecords: 10\n"
    );
    assert_eq!(
        fixed(
            &fixture("application-shared-map-bad.properties"),
            "application.properties",
            &[]
        ),
        "spring.kafka.consumer.group-id=shared\nspring.kafka.consumer.value-deserializer=org.springframework.kafka.support.serializer.JsonDeserializer\n"
    );
    // A typed key gets Spring's form and a plain number in Kafka's unit.
    insta::assert_snapshot!(
        "spring_orders_fixed",
        fixed(
            "samples/spring/orders-service/application.yml",
            "application.yml",
            &["--unsafe-fixes"]
        )
    );
}

#[test]
fn sample_outputs() {
    let samples = [
        "samples/spring/orders-service/application.yml",
        "samples/spring/payments-service/application.properties",
    ];
    let mut human = vec!["check", "--format", "human", "--color", "never"];
    human.extend(samples);
    let (stdout, status) = kafkalint(&human);
    assert_eq!(status, 1);
    insta::assert_snapshot!("spring_samples_human", stdout);
    let mut json = vec!["check", "--format", "json"];
    json.extend(samples);
    insta::assert_snapshot!("spring_samples_json", kafkalint(&json).0);
    let (good, status) = kafkalint(&[
        "check",
        "samples/spring/good/application.yml",
        "samples/spring/good/application.properties",
    ]);
    assert_eq!((good.as_str(), status), ("", 0));
}

#[test]
fn secrets_in_spring_files_never_print() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("application.properties");
    std::fs::write(
        &path,
        "spring.datasource.password=db-Secret-1\n\
         spring.kafka.consumer.group-id=g\n\
         spring.kafka.ssl.key-store-password=ks-Secret-2\n\
         spring.kafka.consumer.ssl.trust-store-passwrd=ts-Secret-3\n\
         spring.kafka.producer.properties.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"jaas-Secret-4\";\n",
    )
    .expect("write");
    let path = path.to_string_lossy().into_owned();
    for format in ["human", "json", "sarif", "concise", "github"] {
        let (stdout, _) = kafkalint(&["check", "--format", format, "--color", "never", &path]);
        assert!(!stdout.contains("Secret-"), "{format}: {stdout}");
    }
    let (diff, _) = kafkalint(&["check", "--diff", "--unsafe-fixes", &path]);
    assert!(!diff.contains("Secret-"), "{diff}");
}

#[test]
fn the_spring_boot_version_comes_from_the_project_config_else_the_build() {
    // kafkalint.toml says 3.3 (2.7 for legacy/), the pom's parent 3.5, the Gradle
    // plugin 4.0: consumer.max-poll-interval (3.5 on) and the renames of 3.1
    // and 3.4 fall on either side of those versions.
    let (out, status) = kafkalint(&[
        "check",
        "--format",
        "concise",
        "--select",
        "K120",
        "tests/fixtures/spring-boot",
    ]);
    assert_eq!(status, 0);
    assert_eq!(
        out,
        "tests/fixtures/spring-boot/config/application.properties:5:1: warning[K120] [*] `spring.kafka.streams.cache-max-size-buffering` is not a property Spring Boot 3.3 binds: it is ignored, and Kafka never sees it; Spring Boot 3.1 renamed it to `spring.kafka.streams.state-store-cache-max-size`\n\
         tests/fixtures/spring-boot/config/application.properties:7:1: warning[K120] `spring.kafka.consumer.max-poll-interval` is not a property Spring Boot 3.3 binds: it is ignored, and Kafka never sees it; Spring Boot 3.5 and later binds it\n\
         tests/fixtures/spring-boot/config/legacy/application.properties:5:1: warning[K120] [*] `spring.kafka.streams.state-store-cache-max-size` is not a property Spring Boot 2.7 binds: it is ignored, and Kafka never sees it; Spring Boot 2.7 calls it `spring.kafka.streams.cache-max-size-buffering`\n\
         tests/fixtures/spring-boot/gradle/src/main/resources/application.yml:9:9: warning[K120] [*] `spring.kafka.retry.topic.delay` is not a property Spring Boot 4.0 binds: it is ignored, and Kafka never sees it; Spring Boot 3.4 renamed it to `spring.kafka.retry.topic.backoff.delay`\n"
    );
    // Without a version, the newest: the pom's 3.5 no longer applies.
    let (newest, _) = kafkalint(&[
        "check",
        "--format",
        "concise",
        "--select",
        "K120",
        "--no-config",
        "tests/fixtures/spring-boot/config/application.properties",
    ]);
    assert!(newest.contains("Spring Boot 3.1 renamed it"), "{newest}");
    assert!(!newest.contains("max-poll-interval"), "{newest}");
    // The fix gives the property its new name.
    let (diff, _) = kafkalint(&[
        "check",
        "--diff",
        "--select",
        "K120",
        "tests/fixtures/spring-boot/config/application.properties",
    ]);
    assert!(
        diff.contains("+spring.kafka.streams.state-store-cache-max-size=10MB"),
        "{diff}"
    );
}

#[test]
fn an_invalid_spring_boot_version_in_the_project_config_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("kafkalint.toml"),
        "spring-boot = \"three\"\n",
    )
    .unwrap();
    let app = dir.path().join("application.properties");
    std::fs::write(&app, "spring.kafka.consumer.group-id=g\n").unwrap();
    let out = common::kafkalint(&["check", app.to_str().unwrap()]);
    assert_eq!(out.status, 2);
    let stderr = out.stderr;
    assert!(
        stderr.contains("kafkalint.toml:1")
            && stderr.contains("spring-boot")
            && stderr.contains("`three` is not a Spring Boot version"),
        "{stderr}"
    );
}

#[test]
fn a_shared_maps_unknown_key_is_one_finding_across_profiles() {
    let file = fixture("application-shared-typo-bad.properties");
    assert_eq!(
        findings(&file),
        ["K101 5 consumer spring.kafka.properties[max.poll.recrds]"]
    );
    let (concise, _) = kafkalint(&["check", "--format", "concise", &file]);
    assert!(
        concise.contains("did you mean `max.poll.records`?"),
        "{concise}"
    );
}

/// Each finding of `check PATHS` as `path:line CODE unit source_key`, with
/// its related places as `> path:line`.
fn located(paths: &[&str]) -> Vec<String> {
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths);
    let (stdout, _) = kafkalint(&args);
    let json: Value = serde_json::from_str(&stdout).expect("json");
    let short = |path: &str| path.replace("tests/fixtures/spring-profiles/", "");
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let related: String = d["related"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    let path = short(r["path"].as_str().unwrap_or("?"));
                    format!(" > {path}:{}", r["range"]["start"]["line"])
                })
                .collect();
            format!(
                "{}:{} {} {} {}{related}",
                short(d["path"].as_str().unwrap_or("?")),
                d["range"]["start"]["line"],
                d["code"].as_str().unwrap_or("?"),
                d["unit"].as_str().unwrap_or("-"),
                d["source_key"].as_str().unwrap_or("-"),
            )
        })
        .collect()
}

fn profiles(name: &str) -> String {
    format!("tests/fixtures/spring-profiles/{name}")
}

#[test]
fn a_rebalance_loop_split_between_the_base_file_and_a_profile_file() {
    let (base, profile) = (
        profiles("split/application.yml"),
        profiles("split/application-prod-eu.yml"),
    );
    let expected = [
        "split/application.yml:7 K501 consumer [profile prod-eu] spring.kafka.consumer.max-poll-records > split/application-prod-eu.yml:6",
    ];
    // The profile `prod-eu` (a dash in the name) over `application.yml`,
    // whichever file comes first; the base file alone is quiet.
    assert_eq!(located(&[&base, &profile]), expected);
    assert_eq!(located(&[&profile, &base]), expected);
    assert_eq!(located(&[&profiles("split")]), expected);
    assert_eq!(located(&[&profile]), expected);
    assert!(located(&[&base]).is_empty());
}

#[test]
fn a_value_the_base_file_sets_is_the_profiles_default() {
    // application.properties raises max.poll.interval.ms; the YAML profile's
    // 3000 records fit in it, where Kafka's default would be too tight.
    assert!(located(&[&profiles("override")]).is_empty());
    assert!(located(&[&profiles("override/application-batch.yml")]).is_empty());
    // The same profile file with no base file is linted alone, as before.
    assert_eq!(
        located(&[&profiles("alone/application-batch.yml")]),
        ["alone/application-batch.yml:5 K501 consumer spring.kafka.consumer.max-poll-records"]
    );
}

#[test]
fn a_base_files_own_finding_is_reported_once() {
    let (base, profile) = (
        profiles("doubled/application.yml"),
        profiles("doubled/application-default.yml"),
    );
    let expected = [
        "doubled/application.yml:7 K202 consumer spring.kafka.consumer.properties.fetch.max.wait.ms",
    ];
    assert_eq!(located(&[&base, &profile]), expected);
    assert_eq!(located(&[&profile, &base]), expected);
    // Linting the base file reports it: the profile file's run does not.
    assert!(located(&[&profile]).is_empty());
}

#[test]
fn config_wins_over_the_root_and_properties_over_yaml_in_a_location() {
    // config/application.yml's 1000 records win over ./application.yml's 10,
    // under a .properties profile file.
    assert_eq!(
        located(&[&profiles("config-dir")]),
        [
            "config-dir/config/application.yml:6 K501 consumer [profile prod] spring.kafka.consumer.max-poll-records > config-dir/application-prod.properties:2"
        ]
    );
    // application.properties' 1000 records win over application.yml's 10.
    assert_eq!(
        located(&[&profiles("formats")]),
        [
            "formats/application.properties:3 K501 consumer [profile prod] spring.kafka.consumer.max-poll-records > formats/application-prod.yml:6"
        ]
    );
}
