use super::{Check, CheckMeta, Context, FixAvailability};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::value::{contains_reference, java_trim};
use crate::secret::SettingValue;

pub struct SecretInClear;

static META: CheckMeta = CheckMeta {
    code: "K301",
    name: "secret-in-clear",
    severity: Severity::Warning,
    summary: "A password or other secret written in clear text in the file",
    versions: "all",
    fix: FixAvailability::Never,
    refusal: false,
    doc: r#"## What it does
Finds literal secrets: values of password-typed keys (`ssl.keystore.password`,
`ssl.key.password`, `sasl.client.callback...`), of keys named like secrets, and
`sasl.jaas.config` values that contain `password=`. Values that are config-provider
references (`${file:/path:key}`) are fine. kafkalint never prints the secret
itself: every output shows `[hidden]`.

## Why is this bad?
Configuration files end up in repositories, container images, CI logs and support
tickets. Anyone who can read the file can impersonate the client or broker.

## Example
```properties
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="svc" password="s3cr3t";
```

## Fix
Keep the secret in a separate, access-controlled file or a secret store and
reference it through a config provider (clients and brokers resolve references
from Kafka 2.3, KIP-421):
```properties
config.providers=file
config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
sasl.jaas.config=${file:/etc/kafka/secrets.properties:sasl.jaas.config}
```
"#,
};

impl Check for SecretInClear {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let resolved_from = super::plugin_keys::references_resolved_from();
        let providers = ctx.unit.version.requested >= resolved_from;
        for (_, entry) in ctx.kept_settings() {
            // A value hidden for what it holds (a swallowed line, a URL with a
            // password) is not a secret setting; the checks of its syntax speak.
            let SettingValue::Secret(secret) = &entry.value() else {
                continue;
            };
            if !crate::secret::is_secret_key(entry.key()) {
                continue;
            }
            // Read to decide whether it is in clear; never shown.
            let raw = java_trim(secret.expose());
            if raw.is_empty() || contains_reference(raw) {
                continue;
            }
            let is_jaas = entry.key().ends_with("sasl.jaas.config");
            if is_jaas && !has_literal_password(raw) {
                continue;
            }
            let what = if is_jaas {
                "a JAAS configuration with a literal password"
            } else {
                "a secret in clear text"
            };
            let help = if providers {
                format!(
                    "move it to a protected file and reference it with a config provider: `{}=${{file:/etc/kafka/secrets.properties:{}}}`",
                    entry.key(),
                    entry.key()
                )
            } else {
                format!(
                    "Kafka resolves config provider references from {}.{}; before that, keep this file out of version control (Kafka {})",
                    resolved_from.major,
                    resolved_from.minor,
                    ctx.unit.catalog.version()
                )
            };
            out.push(
                ctx.diagnostic(
                    &META,
                    entry.value_span(),
                    format!(
                        "`{}` holds {what}: anyone who can read this file has it",
                        entry.key()
                    ),
                )
                .with_key(entry.key())
                .with_help(help),
            );
        }
    }
}

/// `password="..."` with something other than a provider reference inside.
fn has_literal_password(jaas: &str) -> bool {
    jaas.match_indices("password=").any(|(i, m)| {
        let rest = jaas[i + m.len()..].trim_start_matches('"');
        !rest.is_empty() && !rest.starts_with('"') && !rest.starts_with("${")
    })
}
