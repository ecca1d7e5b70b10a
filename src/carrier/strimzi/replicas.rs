//! K141: a KafkaTopic whose `spec.replicas` exceeds the broker count of its
//! cluster (the `Kafka` resource its label names, in this file or another of
//! the run: see `engine::Links`).

use super::Overreplicated;
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Applicability, Diagnostic, Severity};

pub static META: CheckMeta = CheckMeta {
    code: "K141",
    name: "topic-replicas-above-brokers",
    severity: Severity::Error,
    summary: "A KafkaTopic that asks for more replicas than its Strimzi cluster has brokers",
    versions: "all",
    fix: FixAvailability::Always,
    refusal: false,
    doc: r#"## What it does
Compares a Strimzi `KafkaTopic`'s `spec.replicas` with the number of brokers of
the cluster its `strimzi.io/cluster` label names (and its namespace, when both
resources say one). The brokers are `spec.kafka.replicas`, or, when the cluster
uses node pools (the `strimzi.io/node-pools: enabled` annotation, or no
`spec.kafka.replicas`), the replicas of the `KafkaNodePool`s that name the
cluster and have the `broker` role (a controller-only pool adds none).
The `Kafka` resource and the pools may be in the topic's file or in other files
linted in the same run (`kafkalint check DIR`, or the files named): a cluster in
the topic's file wins, else the one nearest to it in the directory tree, and a
pool joins the cluster nearest to the pool the same way; when two are equally
near (the same cluster name in two overlays), or none is found, the topic is not
judged, silently. So are pools without a readable `replicas`, and pools without
a single broker (Strimzi refuses such a cluster: the broker pools must be in
files not linted). A cluster size from the project config's `[[cluster]]`
counts when neither the `Kafka` resource nor its pools give one.

## Why is this bad?
Kafka places each replica of a partition on a different broker. With fewer
brokers than replicas, creating the topic fails: the controller answers
`InvalidReplicationFactorException` ("The target replication factor of 3 cannot
be reached because only 2 broker(s) are registered",
metadata/src/main/java/org/apache/kafka/metadata/placement/StripedReplicaPlacer.java@3.7.0),
and the Topic Operator marks the KafkaTopic not ready. The topic does not exist,
and the producers and consumers that expect it fail.

## Example
```yaml
kind: KafkaNodePool
spec:
  replicas: 2
  roles: [broker]
---
kind: KafkaTopic
spec:
  replicas: 3        # only 2 brokers
```

## Fix
Lower `spec.replicas` to the broker count (the fix does; it is unsafe, since a
topic with fewer replicas survives fewer broker failures), or add brokers.
"#,
};

/// One finding per over-replicated topic.
pub fn report(path: &str, topics: &[Overreplicated], out: &mut Vec<Diagnostic>) {
    for t in topics {
        let mut d = META
            .diagnostic(
                path,
                t.span,
                format!(
                    "{} asks for {} replicas, but cluster {} has {} broker{}: creating the topic fails",
                    t.unit,
                    t.replicas,
                    t.cluster,
                    t.brokers,
                    if t.brokers == 1 { "" } else { "s" }
                ),
            )
            .with_help("lower spec.replicas to the broker count, or add brokers")
            .with_text_edit(
                format!("set spec.replicas to {}", t.brokers),
                Applicability::Unsafe,
                t.fix.clone(),
            );
        d.set_unit(Some(t.unit.clone()));
        d.set_source_key(Some("spec.replicas".to_string()));
        out.push(d);
    }
}
