//! Units linked across files: a Strimzi `KafkaTopic` in one file and the
//! `Kafka` its `strimzi.io/cluster` label names in another. The topic takes
//! the cluster's broker count (K141) and Kafka version, whatever the order
//! the files are named or found in; a label that names no cluster of the run
//! leaves the topic unjudged, silently.

mod common;

const DIR: &str = "tests/fixtures/carriers/strimzi-links";
const CLUSTER: &str = "tests/fixtures/carriers/strimzi-links/cluster/kafka.yaml";
const TOPIC: &str = "tests/fixtures/carriers/strimzi-links/topics/payments.yaml";
const GHOST: &str = "tests/fixtures/carriers/strimzi-links/topics/ghost.yaml";

/// `check --no-config ARGS` in the crate's directory: standard output and exit status.
fn check(args: &[&str]) -> (String, i32) {
    let o = common::kafkalint(&[&["check", "--no-config"], args].concat());
    (o.stdout, o.status)
}

fn concise(paths: &[&str]) -> String {
    let mut args = vec!["--format", "concise"];
    args.extend(paths);
    check(&args).0
}

#[test]
fn a_topic_takes_its_cluster_from_another_file_in_either_order() {
    let (walked, status) = check(&["--format", "concise", DIR]);
    assert_eq!(status, 1);
    let expected = "tests/fixtures/carriers/strimzi-links/topics/payments.yaml:12:13: error[K141] KafkaTopic/payments asks for 3 replicas, but cluster events has 2 brokers: creating the topic fails\n";
    assert_eq!(walked, expected);
    assert_eq!(concise(&[TOPIC, CLUSTER]), expected);
    assert_eq!(concise(&[CLUSTER, TOPIC]), expected);
}

#[test]
fn the_cluster_gives_the_topic_its_kafka_version() {
    // Alone, the topic is read at the newest Kafka, which removed the key (4.0).
    let alone = concise(&[TOPIC]);
    assert_eq!(
        alone,
        "tests/fixtures/carriers/strimzi-links/topics/payments.yaml:14:5: error[K105] the topic key `message.timestamp.difference.max.ms` went away in Kafka 4.0 (last in 3.9); Kafka 4.4 does not use it\n"
    );
    let (json, _) = check(&["--format", "json", CLUSTER, TOPIC]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let topic = json["files"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["path"] == TOPIC))
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(topic["kafka_version"], "3.5", "{topic}");
}

#[test]
fn a_label_naming_no_cluster_of_the_run_is_silent() {
    assert_eq!(check(&["--format", "concise", GHOST]), (String::new(), 0));
    // Nor does a cluster of another name link it.
    assert_eq!(concise(&[GHOST, CLUSTER]), "");
}
