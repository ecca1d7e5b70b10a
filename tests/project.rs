//! The project config (`kafkalint.toml`) as `check` uses it, standard input,
//! `.gitignore` while walking, and `kafkalint init`.

mod common;

use std::path::{Path, PathBuf};

struct Project {
    dir: PathBuf,
}

impl Project {
    fn new(name: &str) -> Project {
        let dir =
            std::env::temp_dir().join(format!("kafkalint-project-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Project { dir }
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("dirs");
        }
        std::fs::write(path, text).expect("write");
    }

    fn kafkalint(&self, args: &[&str], stdin: Option<&str>) -> (String, String, i32) {
        let o = common::kafkalint_with_stdin(&self.dir, args, stdin.map(str::as_bytes));
        (o.stdout, o.stderr, o.status)
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

const CONFIG: &str = r#"kafka-version = "3.7"
exclude = ["generated/**"]

[[cluster]]
name = "prod"
broker = "broker/server.properties"
clients = ["apps/*.properties"]

[[files]]
path = "apps/legacy-*.properties"
role = "consumer"
kafka-version = "0.10.0"

[rules]
ignore = ["K508"]
severity = { K501 = "off", K601 = "error" }
"#;

fn sample_project(name: &str) -> Project {
    let p = Project::new(name);
    p.write("kafkalint.toml", CONFIG);
    p.write(
        "broker/server.properties",
        "group.max.session.timeout.ms=30000\n",
    );
    // No role word in the name: the [[files]] entry says consumer.
    p.write(
        "apps/legacy-reports.properties",
        "group.id=reports\nmax.poll.interval.ms=600000\n",
    );
    p.write(
        "apps/orders-consumer.properties",
        "group.id=orders\nauto.commit.interval.ms=10000\n",
    );
    p.write("apps/payments-producer.properties", "acks=all\n");
    p.write("generated/bad-producer.properties", "acks=ALL\n");
    p
}

#[test]
fn the_config_sets_versions_roles_clusters_and_rule_settings() {
    let p = sample_project("settings");
    let (out, err, status) = p.kafkalint(&["check", "--format", "concise", "."], None);
    assert_eq!(status, 1, "{err}");
    // [[files]]: role consumer and Kafka 0.10.0 for the legacy file.
    assert!(out.contains("apps/legacy-reports.properties:2:1: warning[K104] the consumer key `max.poll.interval.ms` appears in Kafka 0.10.1"), "{out}");
    // [[cluster]]: the 3.7 consumer default (45 s) against the broker file's maximum, at full severity.
    assert!(
        out.contains("apps/orders-consumer.properties:1:1: error[K503] session.timeout.ms=45000"),
        "{out}"
    );
    assert!(!out.contains("with the broker defaults"), "{out}");
    // [rules]: K508 ignored, K501 off, K601 raised to an error (3.7 producer with acks=all
    // is idempotent, so no K601 here; check the exclusion instead).
    assert!(!out.contains("[K508]") && !out.contains("[K501]"), "{out}");
    // exclude: the generated file is not walked.
    assert!(!out.contains("generated/"), "{out}");
}

#[test]
fn severity_overrides_apply() {
    let p = sample_project("severity");
    p.write(
        "apps/old-producer.properties",
        "# kafkalint: kafka-version=2.8\nacks=all\n",
    );
    let (out, _, _) = p.kafkalint(
        &[
            "check",
            "--format",
            "concise",
            "apps/old-producer.properties",
        ],
        None,
    );
    assert!(out.contains("error[K601]"), "{out}");
}

#[test]
fn no_config_and_explicit_config() {
    let p = sample_project("flags");
    let (out, _, _) = p.kafkalint(
        &[
            "check",
            "--format",
            "concise",
            "--no-config",
            "apps/orders-consumer.properties",
        ],
        None,
    );
    assert!(
        out.contains("[K508]"),
        "without the config, K508 is back: {out}"
    );
    assert!(
        !out.contains("[K503]"),
        "without the cluster there is no broker file: {out}"
    );
    p.write("other.toml", "[rules]\nignore = [\"K508\", \"K501\"]\n");
    let (out, _, _) = p.kafkalint(
        &[
            "check",
            "--format",
            "concise",
            "--config",
            "other.toml",
            "apps/orders-consumer.properties",
        ],
        None,
    );
    assert_eq!(out, "", "{out}");
}

#[test]
fn an_invalid_config_names_file_line_and_field() {
    let p = Project::new("invalid");
    p.write(
        "kafkalint.toml",
        "kafka-version = \"3.7\"\n[[files]]\npath = \"*.properties\"\nrole = \"consumr\"\n",
    );
    p.write("app.properties", "group.id=g\n");
    let (out, err, status) = p.kafkalint(&["check", "--format", "concise", "."], None);
    assert_eq!(status, 2, "{out}");
    assert!(err.contains("kafkalint.toml:4: files[0].role:"), "{err}");
    p.write("kafkalint.toml", "[rules]\nignore = [\"K9999\"]\n");
    let (_, err, status) = p.kafkalint(&["check", "."], None);
    assert_eq!(status, 2);
    assert!(
        err.contains("kafkalint.toml:2:") && err.contains("K9999"),
        "{err}"
    );
}

#[test]
fn standard_input_takes_its_settings_from_the_given_name() {
    let p = sample_project("stdin");
    let (out, _, status) = p.kafkalint(
        &[
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "apps/legacy-x.properties",
            "-",
        ],
        Some("group.id=g\nmax.poll.interval.ms=1\n"),
    );
    // K511 (a 0.10.0 consumer's fetch size against the broker) may fail the run.
    assert!(status == 0 || status == 1, "exit {status}");
    assert!(
        out.contains("apps/legacy-x.properties:2:1: warning[K104]"),
        "{out}"
    );
}

#[test]
fn gitignored_files_are_not_walked() {
    let p = Project::new("gitignore");
    p.write(".gitignore", "ignored/\n");
    p.write("ignored/producer.properties", "acks=ALL\n");
    p.write("kept/producer.properties", "acks=ALL\n");
    let (out, _, _) = p.kafkalint(&["check", "--format", "concise", "--no-config", "."], None);
    assert!(out.contains("kept/producer.properties"), "{out}");
    assert!(!out.contains("ignored/"), "{out}");
    // Named explicitly, an ignored file is linted all the same.
    let (out, _, _) = p.kafkalint(
        &[
            "check",
            "--format",
            "concise",
            "ignored/producer.properties",
        ],
        None,
    );
    assert!(out.contains("ignored/producer.properties"), "{out}");
}

#[test]
fn init_writes_a_config_that_loads_and_never_overwrites() {
    let p = Project::new("init");
    let (_, err, status) = p.kafkalint(&["init"], None);
    assert_eq!(status, 0, "{err}");
    assert!(Path::new(&p.dir.join("kafkalint.toml")).is_file());
    p.write("producer.properties", "acks=all\n");
    let (_, err, status) = p.kafkalint(&["check", "."], None);
    assert!(
        status == 0 || status == 1,
        "the starter config loads: {err}"
    );
    let (_, err, status) = p.kafkalint(&["init"], None);
    assert_eq!(status, 2);
    assert!(err.contains("kafkalint.toml"), "{err}");
}

#[test]
fn a_cluster_of_listed_broker_files_gives_its_size_to_its_brokers_and_clients() {
    let p = Project::new("cluster-size");
    p.write(
        "kafkalint.toml",
        "kafka-version = \"3.6\"\n[[cluster]]\nname = \"dev\"\nbroker = [\"b1/server.properties\", \"b2/broker.conf\"]\nclients = [\"apps/*.properties\"]\n",
    );
    p.write(
        "b1/server.properties",
        "broker.id=1\nmin.insync.replicas=2\n",
    );
    // Named by the config: linted although it is not a .properties file.
    p.write("b2/broker.conf", "broker.id=2\nmin.insync.replicas=3\n");
    p.write(
        "apps/topic.properties",
        "# kafkalint: role=topic\nmin.insync.replicas=2\n",
    );
    let (out, err, status) = p.kafkalint(
        &["check", "--format", "concise", "--select", "K709,K710", "."],
        None,
    );
    assert_eq!(status, 1, "{out}{err}");
    let mut lines: Vec<&str> = out.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "apps/topic.properties:2:1: warning[K710] min.insync.replicas=2 equals the cluster's 2 brokers: while any broker is down (a rolling restart), every acks=all write to a partition with a replica on it fails with NOT_ENOUGH_REPLICAS",
            "b1/server.properties:1:1: error[K709] offsets.topic.replication.factor=3 is above the cluster's 2 brokers: the offsets topic __consumer_offsets cannot be created, FindCoordinator answers COORDINATOR_NOT_AVAILABLE, and no consumer group can join or commit offsets (`offsets.topic.replication.factor` is not set: Kafka 3.6's default)",
            "b1/server.properties:1:1: warning[K709] transaction.state.log.replication.factor=3 is above the cluster's 2 brokers: the transaction log __transaction_state cannot be created, so initTransactions() of every transactional producer (and Kafka Streams exactly-once) times out with COORDINATOR_NOT_AVAILABLE (`transaction.state.log.replication.factor` is not set: Kafka 3.6's default)",
            "b1/server.properties:2:1: warning[K710] min.insync.replicas=2 equals the cluster's 2 brokers: while any broker is down (a rolling restart), every acks=all write to a partition with a replica on it fails with NOT_ENOUGH_REPLICAS",
            "b2/broker.conf:1:1: error[K709] offsets.topic.replication.factor=3 is above the cluster's 2 brokers: the offsets topic __consumer_offsets cannot be created, FindCoordinator answers COORDINATOR_NOT_AVAILABLE, and no consumer group can join or commit offsets (`offsets.topic.replication.factor` is not set: Kafka 3.6's default)",
            "b2/broker.conf:1:1: warning[K709] transaction.state.log.replication.factor=3 is above the cluster's 2 brokers: the transaction log __transaction_state cannot be created, so initTransactions() of every transactional producer (and Kafka Streams exactly-once) times out with COORDINATOR_NOT_AVAILABLE (`transaction.state.log.replication.factor` is not set: Kafka 3.6's default)",
            "b2/broker.conf:2:1: error[K710] min.insync.replicas=3 is above the cluster's 2 brokers: no partition can have that many in-sync replicas, so every acks=all write it governs fails with NOT_ENOUGH_REPLICAS",
        ]
    );
    // Without the config nothing knows the cluster's size: the rules say nothing.
    let (out, _, status) = p.kafkalint(
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--select",
            "K709,K710",
            "b1/server.properties",
        ],
        None,
    );
    assert_eq!((out.as_str(), status), ("", 0));
}
