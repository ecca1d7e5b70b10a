//! Listener names before Kafka 0.10.2: there a listener's name is its security
//! protocol (`PLAINTEXT://:9092`), and a name of its own (`CONTROLLER://:9093`,
//! `INTERNAL://:9092`) stops the broker. The releases, keys and protocols are
//! data in `key_facts.toml` (`[listener_protocol_names]`), with their source.

use crate::catalog::{Role, compare_versions};
use crate::diagnostics::Diagnostic;
use crate::model::value::{java_trim, split_list};
use std::cmp::Ordering;

use super::plugin_keys::{ListenerProtocolNames, listener_protocol_names};
use super::{CheckMeta, Context};

/// Whether `name` is a security protocol name in release line `line`.
fn is_protocol(facts: &ListenerProtocolNames, name: &str, line: &str) -> bool {
    let insensitive = compare_versions(line, &facts.case_insensitive_from) != Ordering::Less;
    facts.protocols.iter().any(|p| {
        if insensitive {
            p.eq_ignore_ascii_case(name)
        } else {
            p == name
        }
    })
}

/// K203 findings for listener names a release before 0.10.2 cannot read.
pub(super) fn check(ctx: &Context, meta: &'static CheckMeta, out: &mut Vec<Diagnostic>) {
    let facts = listener_protocol_names();
    let line = ctx.unit.catalog.version();
    if ctx.unit.role() != Some(Role::Broker)
        || compare_versions(line, &facts.before) != Ordering::Less
    {
        return;
    }
    for (_, setting) in ctx.kept_settings() {
        if !facts.keys.iter().any(|k| k == setting.key()) || setting.value().is_secret() {
            continue;
        }
        for listener in split_list(java_trim(setting.value().expose())) {
            let Some((name, _)) = listener.split_once("://") else {
                continue;
            };
            if is_protocol(facts, name, line) {
                continue;
            }
            let message = format!(
                "`{}` names the listener `{name}`, but before Kafka {} a listener's name is its security protocol ({}): {}",
                setting.key(),
                facts.before,
                facts.protocols.join(", "),
                super::refusal_words(ctx.unit.role())
            );
            out.push(
                ctx.diagnostic(meta, setting.value_span(), message)
                    .with_key(setting.key())
                    .with_help(format!(
                        "name the listener after its protocol (`PLAINTEXT://...`), or use Kafka {} or later (listener.security.protocol.map, KIP-103)",
                        facts.before
                    )),
            );
        }
    }
}
