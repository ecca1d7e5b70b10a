//! What Kafka makes of a configuration where it resolves settings against each
//! other: shared by the advisor and, through `derived`, by the rules.

use super::effective::EffectiveConfig;
use crate::catalog::KafkaVersion;

/// Whether a producer's idempotence is in effect, and why.
pub fn idempotence(config: &EffectiveConfig, version: KafkaVersion) -> (bool, &'static str) {
    let Some(value) = config.get("enable.idempotence") else {
        return (false, "idempotence arrived in Kafka 0.11");
    };
    if value.is_explicit() {
        return match config.boolean("enable.idempotence") {
            Some(true) => (true, "enable.idempotence=true"),
            _ => (false, "enable.idempotence=false"),
        };
    }
    if config
        .text("transactional.id")
        .is_some_and(|t| !t.is_empty())
    {
        return (true, "a transactional.id implies it");
    }
    if config.boolean("enable.idempotence") != Some(true) {
        return (false, "it is off by default before Kafka 3.0");
    }
    // KAFKA-13598: the 3.0 default only took effect in 3.0.1, 3.1.1 and 3.2.
    let v = |major, minor, patch| KafkaVersion {
        major,
        minor,
        patch,
    };
    if version < v(3, 0, 1) || version == v(3, 1, 0) {
        return (
            false,
            "the default did not take effect in 3.0.0 and 3.1.0 (KAFKA-13598)",
        );
    }
    let acks_all = matches!(config.text("acks"), Some("all" | "-1"));
    let retries = config.int("retries").unwrap_or(1) > 0;
    let in_flight = config
        .int("max.in.flight.requests.per.connection")
        .unwrap_or(5)
        <= 5;
    // From 4.0 (KAFKA-17927) more than 5 in flight no longer turns the default
    // off: ProducerConfig refuses it before acks and retries are looked at, so
    // the producer never runs without idempotence for that reason.
    if !in_flight && version >= v(4, 0, 0) {
        return (
            true,
            "on by default; from Kafka 4.0 more than 5 requests in flight are refused, not a reason to turn it off",
        );
    }
    match (acks_all, retries, in_flight) {
        (true, true, true) => (true, "on by default"),
        (false, _, _) => (false, "acks other than all turns the default off"),
        (_, false, _) => (false, "retries=0 turns the default off"),
        _ => (false, "more than 5 requests in flight turn the default off"),
    }
}
