use super::*;
use crate::catalog::Role;
use crate::unit::ClusterLink;

const CLUSTER: &str = "\
apiVersion: kafka.strimzi.io/v1beta2
kind: Kafka
metadata:
  name: prod
spec:
  kafka:
    version: 3.8.0
    listeners:
      - name: tls
        port: 9093
        type: internal
        tls: true
    config:
      offsets.topic.replication.factor: 3
      ssl.client.auth: required
      listener.name.tls-9093.max.connections: 100
      message.max.bytes: \"2097152\"
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaNodePool
metadata:
  name: brokers
  labels:
    strimzi.io/cluster: prod
spec:
  replicas: 2
  roles: [broker]
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  name: orders
  labels:
    strimzi.io/cluster: prod
spec:
  partitions: 6
  replicas: 3
  config:
    retention.ms: 604800000
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaBridge
metadata:
  name: http
spec:
  consumer:
    config:
      group.id: nope
      auto.offset.reset: earliest
";

fn parse(text: &str) -> Arc<dyn Parsed> {
    Strimzi.parse(text.as_bytes().to_vec(), Encoding::Utf8)
}

fn units(parsed: &dyn Parsed) -> String {
    let file = parsed.file();
    file.units
        .iter()
        .map(|u| {
            let keys: Vec<String> = u
                .settings
                .iter()
                .map(|&i| {
                    let s = &file.settings[i];
                    format!("{}={}", s.key(), s.value().expose())
                })
                .collect();
            let cluster = match &u.cluster {
                Some(ClusterLink::Declares(c)) => format!(" declares {}", c.name),
                Some(ClusterLink::MemberOf(c)) => format!(" in {}", c.name),
                None => String::new(),
            };
            format!(
                "{} {:?} v{} brokers {:?}{cluster}: {}",
                u.label.as_deref().unwrap_or("-"),
                u.role,
                u.kafka_version.as_deref().unwrap_or("-"),
                u.cluster_brokers,
                keys.join(" ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn recognizes_strimzi_resources_by_content() {
    assert!(Strimzi.recognizes(Path::new("k8s/kafka.yaml"), CLUSTER.as_bytes()));
    assert!(!Strimzi.recognizes(Path::new("k8s/kafka.json"), CLUSTER.as_bytes()));
    assert!(!Strimzi.recognizes(
        Path::new("deploy.yaml"),
        b"apiVersion: apps/v1\nkind: Deployment\n"
    ));
}

#[test]
fn each_config_map_is_a_unit_and_forbidden_keys_are_not_settings() {
    let parsed = parse(CLUSTER);
    assert_eq!(
        units(parsed.as_ref()),
        "\
Kafka/prod Some(Broker) v3.8.0 brokers None declares prod: offsets.topic.replication.factor=3 listener.name.tls-9093.max.connections=100 message.max.bytes=2097152
KafkaTopic/orders Some(Topic) v- brokers None in prod: retention.ms=604800000
KafkaBridge/http consumer Some(Consumer) v- brokers None: auto.offset.reset=earliest"
    );
    let file = parsed.file();
    assert_eq!(
        file.settings[0].source_key(),
        Some("spec.kafka.config.offsets.topic.replication.factor")
    );
    assert_eq!(file.units[2].role, Some(Role::Consumer));
    // The cluster's size is its node pools': the engine counts them, wherever they are.
    assert_eq!(
        parsed.node_pools(),
        [NodePool {
            cluster: crate::unit::ClusterRef {
                name: "prod".into(),
                namespace: None
            },
            brokers: Some(2)
        }]
    );
}

/// The node pools a text declares, as `cluster:brokers`.
fn pools(text: &str) -> Vec<String> {
    parse(text)
        .node_pools()
        .iter()
        .map(|p| format!("{}:{:?}", p.cluster.name, p.brokers))
        .collect()
}

#[test]
fn only_node_pools_with_the_broker_role_add_brokers() {
    let pool = |roles: &str, replicas: &str| {
        format!(
            "apiVersion: kafka.strimzi.io/v1\nkind: KafkaNodePool\nmetadata:\n  name: p\n  labels:\n    strimzi.io/cluster: c\nspec:\n  replicas: {replicas}\n  roles: {roles}\n"
        )
    };
    assert_eq!(pools(&pool("[broker]", "3")), ["c:Some(3)"]);
    assert_eq!(pools(&pool("[controller, broker]", "3")), ["c:Some(3)"]);
    assert_eq!(pools(&pool("\n    - controller", "3")), ["c:Some(0)"]);
    assert_eq!(pools(&pool("[broker]", "\"${N}\"")), ["c:None"]);
    // A pool that names no cluster is nobody's.
    assert!(pools(&pool("[broker]", "3").replace("    strimzi.io/cluster: c\n", "")).is_empty());
}

#[test]
fn spec_kafka_replicas_counts_unless_node_pools_are_enabled() {
    let kafka = |annotations: &str| {
        format!(
            "apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata:\n  name: c\n{annotations}spec:\n  kafka:\n    replicas: 3\n"
        )
    };
    let brokers = |text: &str| parse(text).file().units[0].cluster_brokers;
    assert_eq!(brokers(&kafka("")), Some(3));
    assert_eq!(
        brokers(&kafka(
            "  annotations:\n    strimzi.io/node-pools: disabled\n"
        )),
        Some(3)
    );
    assert_eq!(
        brokers(&kafka(
            "  annotations:\n    strimzi.io/node-pools: enabled\n"
        )),
        None
    );
}

#[test]
fn ignored_keys_are_reported_with_a_fix_that_removes_them() {
    let mut out = Vec::new();
    let file =
        read(YamlFile::read(CLUSTER.as_bytes().to_vec()).unwrap_or_else(|e| panic!("{}", e.error)));
    ignored::report("k.yaml", &file.ignored, &mut out);
    let found: Vec<(String, Option<String>)> = out
        .iter()
        .map(|d| (d.message.to_string(), d.source_key().map(str::to_string)))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0]
            .0
            .starts_with("`ssl.client.auth` in Kafka/prod is forbidden by Strimzi")
    );
    assert_eq!(found[1].1.as_deref(), Some("spec.consumer.config.group.id"));
    let edit = &out[0]
        .fix
        .as_ref()
        .map(|f| f.edits[0].clone())
        .unwrap_or_else(|| panic!("no fix"));
    let mut bytes = CLUSTER.as_bytes().to_vec();
    bytes.splice(edit.span.start..edit.span.end, edit.replacement.bytes());
    let fixed = String::from_utf8(bytes).unwrap_or_default();
    assert_eq!(
        fixed,
        CLUSTER.replace("      ssl.client.auth: required\n", "")
    );
}

#[test]
fn a_missing_config_map_is_created_for_a_new_key() {
    let text = "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata:\n  name: t\nspec:\n  partitions: 1\n";
    let parsed = parse(text);
    let edit = parsed.append(0, "retention.ms", "1000");
    let mut bytes = text.as_bytes().to_vec();
    bytes.splice(edit.span.start..edit.span.end, edit.replacement.bytes());
    assert_eq!(
        String::from_utf8(bytes).unwrap_or_default(),
        format!("{text}  config:\n    retention.ms: 1000\n")
    );
}
