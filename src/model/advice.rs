//! "What this configuration means": figures computed from the effective values,
//! shown at the end of `kafkalint show` and under `advice` in its JSON.

use super::effective::EffectiveConfig;
use super::{Hints, UnitModel, semantics};
use crate::catalog::{KafkaVersion, Role};

/// One figure and what it means.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Advice {
    pub id: &'static str,
    pub title: &'static str,
    /// The figure, in `unit`, when there is one.
    pub value: Option<i64>,
    pub unit: Option<&'static str>,
    pub text: String,
}

/// `300000 ms (5 min)`.
pub fn duration(ms: i64) -> String {
    let human = match ms {
        ms if ms >= 86_400_000 && ms % 3_600_000 == 0 => format!(" ({} h)", ms / 3_600_000),
        ms if ms >= 60_000 && ms % 1_000 == 0 => {
            format!(" ({:.1} min)", ms as f64 / 60_000.0).replace(".0 min", " min")
        }
        ms if ms >= 1_000 => format!(" ({:.1} s)", ms as f64 / 1_000.0).replace(".0 s", " s"),
        _ => String::new(),
    };
    format!("{ms} ms{human}")
}

/// `33554432 bytes (32 MiB)`.
pub fn size(bytes: i64) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if mib >= 1.0 {
        format!(
            "{bytes} bytes ({} MiB)",
            format!("{mib:.1}").trim_end_matches(".0")
        )
    } else {
        format!("{bytes} bytes ({} KiB)", bytes / 1024)
    }
}

pub fn advise(file: &UnitModel, hints: &Hints) -> Vec<Advice> {
    let version = file.version.requested;
    match file.role() {
        Some(Role::Consumer) => consumer(&file.config, version, hints),
        Some(Role::Producer) => producer(&file.config, version),
        Some(Role::Topic) => topic(&file.config),
        _ => Vec::new(),
    }
}

fn consumer(c: &EffectiveConfig, version: KafkaVersion, hints: &Hints) -> Vec<Advice> {
    let mut out = Vec::new();
    let records = c.int("max.poll.records");
    let interval = c.int("max.poll.interval.ms");
    let session = c.int("session.timeout.ms");
    let new_protocol = c
        .text("group.protocol")
        .is_some_and(|p| p.eq_ignore_ascii_case("consumer"));
    // Before 0.10.1 heartbeats came from poll(), so processing had to fit the session.
    let (limit, limit_key) = match interval {
        Some(i) => (Some(i), "max.poll.interval.ms"),
        None => (session, "session.timeout.ms"),
    };
    if let (Some(records), Some(limit)) = (records.filter(|r| *r > 0), limit) {
        let budget = limit / records;
        let mut text = format!(
            "each record may take up to {} to process ({limit_key}={limit} / max.poll.records={records})",
            duration(budget)
        );
        if let Some(t) = hints
            .record_processing_ms
            .and_then(|t| i64::try_from(t).ok())
        {
            let batch = t.saturating_mul(records);
            let verdict = if batch > limit {
                "too long: the group will rebalance in a loop"
            } else {
                "within the limit"
            };
            text.push_str(&format!(
                "; at {t} ms per record a batch takes {}, {verdict}",
                duration(batch)
            ));
        }
        out.push(Advice {
            id: "processing_budget",
            title: "Processing budget per record",
            value: Some(budget),
            unit: Some("ms"),
            text,
        });
    }
    let detection = if new_protocol {
        Advice {
            id: "failure_detection",
            title: "A dead consumer is noticed after",
            value: None,
            unit: None,
            text: "the broker's group.consumer.session.timeout.ms decides (45 s by default) with group.protocol=consumer".to_string(),
        }
    } else {
        let session = session.unwrap_or_default();
        let text = match interval {
            Some(i) => format!(
                "a crashed consumer is noticed within session.timeout.ms = {}; one stuck in processing within max.poll.interval.ms = {}",
                duration(session),
                duration(i)
            ),
            None => format!(
                "a crashed or stuck consumer is noticed within session.timeout.ms = {} (heartbeats come from poll())",
                duration(session)
            ),
        };
        Advice {
            id: "failure_detection",
            title: "A dead consumer is noticed after",
            value: Some(session),
            unit: Some("ms"),
            text,
        }
    };
    out.push(detection);
    let memory = match c.int("fetch.max.bytes") {
        Some(f) => Advice {
            id: "buffered_memory",
            title: "Memory for fetched data",
            value: Some(f),
            unit: Some("bytes"),
            text: format!(
                "up to fetch.max.bytes = {} per broker it fetches from, held until the application polls it",
                size(f)
            ),
        },
        None => {
            let p = c.int("max.partition.fetch.bytes").unwrap_or_default();
            Advice {
                id: "buffered_memory",
                title: "Memory for fetched data",
                value: Some(p),
                unit: Some("bytes"),
                text: format!(
                    "up to max.partition.fetch.bytes = {} per assigned partition",
                    size(p)
                ),
            }
        }
    };
    out.push(memory);
    out.extend(offset_commits(c));
    let _ = version;
    out
}

/// How the consumer's position is saved: what every consumer with a group does
/// by default, said here rather than as a finding.
fn offset_commits(c: &EffectiveConfig) -> Option<Advice> {
    let grouped = c.text("group.id").is_some_and(|g| !g.is_empty());
    let auto = c.boolean("enable.auto.commit")?;
    if !grouped {
        return None;
    }
    let interval = c.int("auto.commit.interval.ms").unwrap_or_default();
    let text = if auto {
        format!(
            "automatically every auto.commit.interval.ms = {}, whatever the processing: after a crash or rebalance up to that much is consumed again, and records handed to other threads can be lost",
            duration(interval)
        )
    } else {
        "by the application (enable.auto.commit=false): what it commits after processing is what a restart resumes from".to_string()
    };
    Some(Advice {
        id: "offset_commits",
        title: "Offsets are committed",
        value: auto.then_some(interval),
        unit: auto.then_some("ms"),
        text,
    })
}

/// How long a topic keeps its records: retention deletes whole segments, and a
/// segment is deleted only once it has rolled.
fn topic(c: &EffectiveConfig) -> Vec<Advice> {
    let deletes = c
        .get("cleanup.policy")
        .and_then(|v| v.value.as_ref())
        .is_some_and(|v| match v {
            // A list from 0.10.1 (KIP-71), one string before.
            super::value::Value::List(p) => p.iter().any(|p| p == "delete"),
            super::value::Value::Str(p) => p == "delete",
            _ => false,
        });
    let (Some(retention), Some(segment)) = (c.int("retention.ms"), c.int("segment.ms")) else {
        return Vec::new();
    };
    if !deletes || retention < 0 {
        return Vec::new();
    }
    vec![Advice {
        id: "retention",
        title: "Records are deleted after",
        value: Some(retention),
        unit: Some("ms"),
        text: format!(
            "retention.ms = {} at the earliest; a segment is deleted only after it rolls (segment.ms = {} or segment.bytes), so on a quiet topic records can stay up to {} longer",
            duration(retention),
            duration(segment),
            duration(segment)
        ),
    }]
}

fn producer(c: &EffectiveConfig, version: KafkaVersion) -> Vec<Advice> {
    let mut out = Vec::new();
    let linger = c.int("linger.ms").unwrap_or_default();
    let request = c.int("request.timeout.ms").unwrap_or_default();
    let retries = c.int("retries").unwrap_or_default();
    let max_block = c.int("max.block.ms");
    let wait = match c.int("delivery.timeout.ms") {
        Some(d) => {
            let explicit = c
                .get("delivery.timeout.ms")
                .is_some_and(|v| v.is_explicit());
            // Left at its default, Kafka raises it to cover one linger and one request.
            let effective = if explicit { d } else { d.max(linger + request) };
            (
                effective,
                format!(
                    "a record fails after at most delivery.timeout.ms = {} (batching, sending and retries together)",
                    duration(effective)
                ),
            )
        }
        None => {
            let backoff = c.int("retry.backoff.ms").unwrap_or_default();
            let total = linger + (retries + 1) * request + retries * backoff;
            (
                total,
                format!(
                    "a record fails after about linger.ms + (retries+1) x request.timeout.ms + retries x retry.backoff.ms = {}",
                    duration(total)
                ),
            )
        }
    };
    let mut text = wait.1;
    if let Some(b) = max_block {
        text.push_str(&format!("; send() itself blocks up to max.block.ms = {} when the buffer is full or metadata is missing", duration(b)));
    }
    out.push(Advice {
        id: "delivery_timeout",
        title: "A produced record may wait",
        value: Some(wait.0),
        unit: Some("ms"),
        text,
    });
    let acks = c.text("acks").unwrap_or("1");
    let (idempotent, why) = semantics::idempotence(c, version);
    let in_flight = c.int("max.in.flight.requests.per.connection").unwrap_or(5);
    let delivery = match (acks, idempotent) {
        ("all" | "-1", true) => "written once per partition, acknowledged by all in-sync replicas (idempotent: retries do not duplicate)".to_string(),
        ("all" | "-1", false) => "at least once, acknowledged by all in-sync replicas: a retry can write a record twice".to_string(),
        ("1", _) => "acknowledged by the partition leader alone: lost if it fails before the followers copy it; retries can duplicate".to_string(),
        _ => "at most once: acks=0 waits for no acknowledgement, failures go unnoticed".to_string(),
    };
    let ordering = if idempotent || in_flight <= 1 {
        "order per partition is kept, also across retries"
    } else if retries == 0 {
        "order per partition is kept, but a failed batch is dropped (retries=0)"
    } else {
        "retries with several requests in flight can reorder records"
    };
    out.push(Advice {
        id: "guarantees",
        title: "Delivery and ordering",
        value: None,
        unit: None,
        text: format!(
            "{delivery}; {ordering} (idempotence: {}, {why})",
            if idempotent { "on" } else { "off" }
        ),
    });
    if let Some(b) = c.int("buffer.memory") {
        out.push(Advice {
            id: "buffer_memory",
            title: "Memory for unsent records",
            value: Some(b),
            unit: Some("bytes"),
            text: format!("up to buffer.memory = {}", size(b)),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Overrides;

    fn advice(name: &str, text: &str, hints: Hints) -> Vec<Advice> {
        let model = UnitModel::properties(name, text.as_bytes().to_vec(), &Overrides::default());
        advise(&model, &hints)
    }

    #[test]
    fn consumer_budget_uses_interval_and_hint() {
        let a = advice(
            "consumer.properties",
            "group.id=g\nmax.poll.records=500\n",
            Hints {
                record_processing_ms: Some(800),
            },
        );
        assert_eq!(a[0].value, Some(600));
        assert!(a[0].text.contains("400000 ms"), "{}", a[0].text);
        assert!(a[0].text.contains("too long"), "{}", a[0].text);
        assert_eq!(a[1].value, Some(45000));
    }

    #[test]
    fn producer_guarantees_follow_idempotence() {
        let a = advice("producer.properties", "acks=all\n", Hints::default());
        let g = a
            .iter()
            .find(|x| x.id == "guarantees")
            .map(|x| x.text.clone())
            .unwrap_or_default();
        assert!(
            g.contains("written once") && g.contains("order per partition is kept"),
            "{g}"
        );
        let a = advice("producer.properties", "acks=1\n", Hints::default());
        let g = a
            .iter()
            .find(|x| x.id == "guarantees")
            .map(|x| x.text.clone())
            .unwrap_or_default();
        assert!(g.contains("leader alone") && g.contains("reorder"), "{g}");
        assert_eq!(duration(120000), "120000 ms (2 min)");
    }
}
