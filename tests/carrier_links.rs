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

const POOLS: &str = "tests/fixtures/carriers/strimzi-pools";
const POOLED_CLUSTER: &str = "tests/fixtures/carriers/strimzi-pools/cluster/kafka.yaml";
const BROKER_POOL: &str = "tests/fixtures/carriers/strimzi-pools/pools/brokers.yaml";
const CONTROLLER_POOL: &str = "tests/fixtures/carriers/strimzi-pools/pools/controllers.yaml";
const POOLED_TOPIC: &str = "tests/fixtures/carriers/strimzi-pools/topics/payments.yaml";

#[test]
fn node_pools_in_other_files_are_the_clusters_brokers_in_either_order() {
    // Two brokers from the broker pool; the three controller-only nodes are none.
    let expected = "\
tests/fixtures/carriers/strimzi-pools/cluster/kafka.yaml:20:7: error[K709] offsets.topic.replication.factor=3 is above the cluster's 2 brokers: the offsets topic __consumer_offsets cannot be created, FindCoordinator answers COORDINATOR_NOT_AVAILABLE, and no consumer group can join or commit offsets
tests/fixtures/carriers/strimzi-pools/topics/payments.yaml:10:13: error[K141] KafkaTopic/payments asks for 3 replicas, but cluster orders has 2 brokers: creating the topic fails
";
    let (walked, status) = check(&["--format", "concise", POOLS]);
    assert_eq!((walked.as_str(), status), (expected, 1));
    assert_eq!(
        concise(&[POOLED_TOPIC, CONTROLLER_POOL, BROKER_POOL, POOLED_CLUSTER]),
        expected
    );
    assert_eq!(
        concise(&[BROKER_POOL, POOLED_CLUSTER, CONTROLLER_POOL, POOLED_TOPIC]),
        expected
    );
}

#[test]
fn without_its_broker_pools_the_clusters_size_is_unknown() {
    // The cluster alone, or with only its controllers: no size, no verdict.
    assert_eq!(concise(&[POOLED_CLUSTER]), "");
    assert_eq!(
        concise(&[POOLED_TOPIC, CONTROLLER_POOL, POOLED_CLUSTER]),
        ""
    );
    // The broker pool without its cluster counts into nothing.
    assert_eq!(concise(&[POOLED_TOPIC, BROKER_POOL]), "");
}

/// `kafkalint show --format json` of `file`, run in `dir`.
fn show(dir: &std::path::Path, file: &str, config: &[&str]) -> serde_json::Value {
    let args: Vec<&str> = ["show", "--format", "json"]
        .into_iter()
        .chain(config.iter().copied())
        .chain([file])
        .collect();
    let out = common::kafkalint_in(dir, &args);
    let stdout = out.stdout;
    assert_eq!(out.status, 0, "{stdout}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// The version and cluster size `show` gives a unit.
fn cluster_of(shown: &serde_json::Value) -> (String, Option<u64>) {
    (
        shown["kafka_version"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        shown["cluster_brokers"].as_u64(),
    )
}

#[test]
fn show_prints_what_a_unit_takes_from_the_files_around_it() {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // The topic: its cluster's version and its pools' brokers.
    let topic = show(here, POOLED_TOPIC, &["--no-config"]);
    assert_eq!(cluster_of(&topic), ("3.7".to_string(), Some(2)));
    // The cluster: the brokers of its pools.
    let cluster = show(here, POOLED_CLUSTER, &["--no-config"]);
    assert_eq!(cluster_of(&cluster), ("3.7".to_string(), Some(2)));
}

#[test]
fn show_looks_for_the_cluster_in_the_project_or_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for file in [
        "cluster/kafka.yaml",
        "pools/brokers.yaml",
        "pools/controllers.yaml",
        "topics/payments.yaml",
    ] {
        let to = root.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(std::path::Path::new(POOLS).join(file), to).unwrap();
    }
    let linked = ("3.7".to_string(), Some(2));
    // No project: the current directory is searched, when the file is below it.
    let shown = show(root, "topics/payments.yaml", &[]);
    assert_eq!(cluster_of(&shown), linked);
    // From the topic's directory, the cluster is not in reach: the newest Kafka, no size.
    let (version, brokers) = cluster_of(&show(&root.join("topics"), "payments.yaml", &[]));
    assert_eq!((version != "3.7", brokers), (true, None));
    // The project's root, wherever the command runs and however the file is named.
    std::fs::write(root.join("kafkalint.toml"), "").unwrap();
    let shown = show(&root.join("topics"), "../topics/payments.yaml", &[]);
    assert_eq!(cluster_of(&shown), linked);
}

#[test]
fn a_topic_inherits_min_insync_replicas_from_its_cluster_in_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = dir.path().join("kafka.yaml");
    let topic = dir.path().join("topics/orders.yaml");
    std::fs::create_dir_all(topic.parent().unwrap()).unwrap();
    std::fs::write(
        &cluster,
        "apiVersion: kafka.strimzi.io/v1\nkind: Kafka\nmetadata:\n  name: shop\nspec:\n  kafka:\n    version: 3.9.1\n    replicas: 3\n    config:\n      min.insync.replicas: 2\n",
    )
    .unwrap();
    std::fs::write(
        &topic,
        "apiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic\nmetadata:\n  name: orders\n  labels:\n    strimzi.io/cluster: shop\nspec:\n  partitions: 3\n  replicas: 2\n",
    )
    .unwrap();
    let paths = [topic.to_string_lossy(), cluster.to_string_lossy()];
    let (json, status) = check(&["--format", "json", "--select", "K142", &paths[0], &paths[1]]);
    // A warning: the run passes.
    assert_eq!(status, 0, "{json}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let found = &json["diagnostics"][0];
    assert_eq!(
        found["message"],
        "the min.insync.replicas=2 it takes from its brokers equals the topic's 2 replicas: while any broker that holds one of its replicas is down (a rolling restart), every acks=all write to that partition fails with NOT_ENOUGH_REPLICAS"
    );
    // It points at the topic's name, and at the cluster's setting as related.
    assert_eq!(found["range"]["start"]["line"], 4, "{found}");
    assert_eq!(found["related"][0]["path"], *paths[1], "{found}");
    assert_eq!(found["related"][0]["range"]["start"]["line"], 10, "{found}");
    // Its fix gives the topic its own value, one below its replicas.
    let (fixed, _) = check(&[
        "--select",
        "K142",
        "--diff",
        "--unsafe-fixes",
        &paths[0],
        &paths[1],
    ]);
    assert!(
        fixed.ends_with("   replicas: 2\n+  config:\n+    min.insync.replicas: 1\n"),
        "{fixed}"
    );
}

#[test]
fn a_topic_without_replicas_takes_its_clusters_default_replication_factor() {
    let dir = "tests/fixtures/carriers/strimzi-default-rf";
    let k142 = |case: &str| {
        let (json, _) = check(&[
            "--format",
            "json",
            "--select",
            "K142",
            &format!("{dir}/{case}"),
        ]);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                format!(
                    "{} {} {}",
                    d["path"].as_str().unwrap_or("?"),
                    d["range"]["start"]["line"],
                    d["message"].as_str().unwrap_or("?")
                )
            })
            .collect::<Vec<_>>()
    };
    // The topic operator creates it with the brokers' default.replication.factor=2,
    // which their min.insync.replicas=2 equals.
    assert_eq!(
        k142("equal"),
        [format!(
            "{dir}/equal/topics/events.yaml 4 the min.insync.replicas=2 it takes from its brokers equals the topic's 2 replicas: while any broker that holds one of its replicas is down (a rolling restart), every acks=all write to that partition fails with NOT_ENOUGH_REPLICAS"
        )]
    );
    // With a default of 3 replicas, 2 in sync leave room for one broker down.
    assert!(k142("clean").is_empty());
    // Without its cluster in the run, its replica count is unknown: nothing is judged.
    assert!(k142("equal/topics").is_empty());
}
