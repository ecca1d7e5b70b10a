use super::*;
use crate::carrier::Carrier;

fn parse(text: &str) -> Arc<dyn Parsed> {
    Compose.parse(text.as_bytes().to_vec(), Encoding::Utf8)
}

/// `unit: key=value (SOURCE_KEY @ key text)`, one line a setting.
fn settings(parsed: &dyn Parsed) -> String {
    let file = parsed.file();
    let mut out = Vec::new();
    for unit in &file.units {
        for &i in &unit.settings {
            let s = &file.settings[i];
            out.push(format!(
                "{}: {}={} ({})",
                unit.label.as_deref().unwrap_or("-"),
                s.key(),
                s.value().expose(),
                file.text.text(s.key_span()),
            ));
        }
    }
    out.join("\n")
}

#[test]
fn claims_compose_file_names_only() {
    for name in [
        "docker-compose.yml",
        "docker-compose.override.yaml",
        "compose.yaml",
        "compose-dev.yml",
    ] {
        assert!(Compose.claims(Path::new(name)), "{name}");
    }
    for name in [
        "application.yml",
        "docker-compose.json",
        "my-compose.yml",
        "compose.yml.bak",
    ] {
        assert!(!Compose.claims(Path::new(name)), "{name}");
    }
}

#[test]
fn each_kafka_service_is_a_broker_unit_of_its_dialect() {
    let parsed = parse(
        "\
services:
  apache:
    image: apache/kafka:3.7.0
    environment:
      KAFKA_NUM_PARTITIONS: 3
      KAFKA_LISTENER_NAME_A__B_SSL__CLIENT__AUTH: required
      KAFKA_HEAP_OPTS: -Xmx1G
      CLUSTER_ID: abc
  bitnami:
    image: docker.io/bitnami/kafka:3.6
    environment:
      - KAFKA_CFG_LOG_RETENTION_HOURS=24
      - \"KAFKA_CFG_AUTO_CREATE_TOPICS_ENABLE=false\"
      - KAFKA_KRAFT_CLUSTER_ID=xyz
      - KAFKA_CFG_FROM_SHELL
  ui:
    image: provectuslabs/kafka-ui
    environment:
      KAFKA_CLUSTERS_0_NAME: local
",
    );
    assert_eq!(
        settings(parsed.as_ref()),
        "\
service apache: num.partitions=3 (KAFKA_NUM_PARTITIONS)
service apache: listener.name.a_b.ssl_client_auth=required (KAFKA_LISTENER_NAME_A__B_SSL__CLIENT__AUTH)
service bitnami: log.retention.hours=24 (KAFKA_CFG_LOG_RETENTION_HOURS)
service bitnami: auto.create.topics.enable=false (KAFKA_CFG_AUTO_CREATE_TOPICS_ENABLE)"
    );
    let units = &parsed.file().units;
    assert_eq!(units.len(), 2);
    assert_eq!(units[0].role, Some(Role::Broker));
    assert_eq!(units[0].kafka_version.as_deref(), Some("3.7.0"));
    assert_eq!(units[1].kafka_version.as_deref(), Some("3.6"));
    assert_eq!(units[0].cluster_brokers, Some(2));
}

#[test]
fn controllers_do_not_count_as_brokers_and_replicas_do() {
    let parsed = parse(
        "\
services:
  controller:
    image: confluentinc/cp-kafka:7.6.1
    environment:
      KAFKA_PROCESS_ROLES: controller
  broker:
    image: confluentinc/cp-server:7.6.1
    deploy:
      replicas: 3
    environment:
      KAFKA_PROCESS_ROLES: broker
",
    );
    let units = &parsed.file().units;
    assert_eq!(units[0].cluster_brokers, Some(3));
    assert_eq!(units[0].kafka_version.as_deref(), Some("3.6"));
}

#[test]
fn interpolation_takes_defaults_and_leaves_the_rest_to_run_time() {
    assert_eq!(interpolate("${PORT:-9092}"), "9092");
    assert_eq!(
        interpolate("PLAINTEXT://${HOST-localhost}:9092"),
        "PLAINTEXT://localhost:9092"
    );
    assert_eq!(interpolate("${RF}"), "${env:RF}");
    assert_eq!(interpolate("$RF"), "${env:RF}");
    assert_eq!(interpolate("${RF:?must be set}"), "${env:RF}");
    assert_eq!(interpolate("a$$b"), "a$b");
    assert_eq!(interpolate("cost: $"), "cost: $");
    let parsed = parse(
        "services:\n  k:\n    image: ${IMAGE:-apache/kafka:3.6.1}\n    environment:\n      KAFKA_NUM_PARTITIONS: ${PARTITIONS:-6}\n",
    );
    assert_eq!(
        settings(parsed.as_ref()),
        "service k: num.partitions=6 (KAFKA_NUM_PARTITIONS)"
    );
    assert_eq!(
        parsed.file().units[0].kafka_version.as_deref(),
        Some("3.6.1")
    );
}

#[test]
fn edits_are_written_as_variables() {
    let text = "services:\n  k:\n    image: apache/kafka\n    environment:\n      KAFKA_MESSAGE_MAX_BYTE: \"1\"\n  b:\n    image: bitnami/kafka\n    environment:\n      - KAFKA_CFG_NUM_PARTITIONS=1\n";
    let parsed = parse(text);
    let apply = |edit: crate::unit::TextEdit| {
        let mut bytes = text.as_bytes().to_vec();
        bytes.splice(edit.span.start..edit.span.end, edit.replacement.bytes());
        String::from_utf8(bytes).unwrap_or_default()
    };
    assert!(
        apply(parsed.rename_key(0, "message.max.bytes"))
            .contains("      KAFKA_MESSAGE_MAX_BYTES: \"1\"\n")
    );
    assert!(apply(parsed.replace_value(0, "2")).contains("      KAFKA_MESSAGE_MAX_BYTE: \"2\"\n"));
    assert!(apply(parsed.replace_value(1, "3")).contains("      - KAFKA_CFG_NUM_PARTITIONS=3\n"));
    assert!(
        apply(parsed.append(0, "num.partitions", "3"))
            .contains("      KAFKA_MESSAGE_MAX_BYTE: \"1\"\n      KAFKA_NUM_PARTITIONS: 3\n")
    );
    assert!(
        apply(parsed.append(1, "log.dirs", "/data"))
            .contains("      - KAFKA_CFG_NUM_PARTITIONS=1\n      - KAFKA_CFG_LOG_DIRS=/data\n")
    );
    assert!(!apply(parsed.remove(1)).contains("NUM_PARTITIONS"));
}

#[test]
fn invalid_yaml_is_unreadable_with_its_position() {
    let parsed = parse("services:\n  k: [\n");
    let error = parsed
        .unreadable()
        .map(|e| e.message.clone())
        .unwrap_or_default();
    assert!(error.starts_with("invalid YAML: "), "{error}");
    assert!(parsed.file().units.is_empty());
}

#[test]
fn a_replaced_default_keeps_its_variable() {
    let text = "services:\n  k:\n    image: apache/kafka\n    environment:\n      KAFKA_NUM_PARTITIONS: ${PARTITIONS:-three}\n";
    let parsed = parse(text);
    let edit = parsed.replace_value(0, "3");
    assert_eq!(edit.replacement, "${PARTITIONS:-3}");
    assert_eq!(env::default_expression("${A-x}"), Some(("A", "-")));
    assert_eq!(env::default_expression("${A}"), None);
    assert_eq!(env::default_expression("x${A:-1}"), None);
}

#[test]
fn a_service_without_environment_gets_one_for_a_new_variable() {
    let text =
        "services:\n  k:\n    image: apache/kafka:3.8.0\n    ports:\n      - \"9092:9092\"\n";
    let parsed = parse(text);
    let edit = parsed.append(0, "num.partitions", "3");
    let mut bytes = text.as_bytes().to_vec();
    bytes.splice(edit.span.start..edit.span.end, edit.replacement.bytes());
    assert_eq!(
        String::from_utf8(bytes).unwrap_or_default(),
        format!("{text}    environment:\n      KAFKA_NUM_PARTITIONS: 3\n")
    );
}
