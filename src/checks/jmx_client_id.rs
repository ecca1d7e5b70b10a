//! Client ids before Kafka 1.0: a client pastes its `client.id` unquoted into a
//! JMX ObjectName, and a character JMX does not allow there (`:`, `,`, `=`, ...)
//! makes the constructor throw. The release and the characters are data in
//! `key_facts.toml` (`[jmx_client_id]`), with their source.

use crate::catalog::{KafkaVersion, Role};
use crate::diagnostics::Diagnostic;
use crate::model::value::java_trim;

use super::plugin_keys::jmx_client_id;
use super::{CheckMeta, Context};

/// K203 findings for a client id that a release before 1.0 cannot register.
pub(super) fn check(ctx: &Context, meta: &'static CheckMeta, out: &mut Vec<Diagnostic>) {
    let facts = jmx_client_id();
    let client = matches!(
        ctx.unit.role(),
        Some(Role::Producer | Role::Consumer | Role::Admin)
    );
    let Some(before) = KafkaVersion::parse(&facts.before) else {
        return;
    };
    if !client || ctx.unit.version.requested >= before {
        return;
    }
    for (_, setting) in ctx.kept_settings() {
        if setting.key() != "client.id" || setting.value().is_secret() {
            continue;
        }
        let value = java_trim(setting.value().expose());
        let Some(bad) = facts.forbidden.iter().find(|c| value.contains(c.as_str())) else {
            continue;
        };
        let message = format!(
            "`client.id={}` holds `{}`, which Kafka {} cannot put in the client's JMX name (it quotes the id from {}): {}",
            super::printable(value),
            super::printable(bad),
            ctx.unit.catalog.version(),
            facts.before,
            super::refusal_words(ctx.unit.role())
        );
        out.push(
            ctx.diagnostic(meta, setting.value_span(), message)
                .with_key(setting.key())
                .with_help("use letters, digits, `.`, `_` and `-` in the client id"),
        );
    }
}
