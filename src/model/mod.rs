//! The model of one file: its role, its Kafka version and its effective
//! configuration, built from the parsed source and the catalog.

pub mod advice;
pub mod directives;
pub mod effective;
pub mod role;
pub mod semantics;
pub mod value;

use crate::catalog::{self, Catalog, KeyDef, Role, VersionSelection};
use crate::source::{Document, Encoding, Span};
use directives::Directives;
use effective::EffectiveConfig;
use role::RoleDecision;
use std::path::Path;

/// What every output shows instead of a secret.
pub const HIDDEN: &str = "[hidden]";

/// Keys whose values are secrets: Kafka's password-typed keys, and keys Kafka
/// does not know that are named like passwords, secrets, credentials or JAAS
/// configurations (plugin and listener-prefixed settings).
pub fn is_secret(key: &str, def: Option<&KeyDef>) -> bool {
    // Kafka's own keys are typed: its password type is the authority
    // (`delegation.token.expiry.time.ms` is no secret).
    if let Some(d) = def {
        return d.ty == catalog::ConfigType::Password;
    }
    const WORDS: [&str; 8] = [
        "password",
        "secret",
        "jaas.config",
        "credential",
        "user.info",
        "apikey",
        "api.key",
        "token",
    ];
    const NOT_SECRETS: [&str; 3] = [".location", ".type", ".file"];
    // Kafka's keys are lowercase: copy only the rare key that is not.
    let lower;
    let key = if key.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = key.to_ascii_lowercase();
        lower.as_str()
    } else {
        key
    };
    WORDS.iter().any(|w| key.contains(w)) && !NOT_SECRETS.iter().any(|s| key.ends_with(s))
}

/// What the project config (`kafkalint.toml`) says about one file.
#[derive(Clone, Debug, Default)]
pub struct ProjectDefaults {
    pub role: Option<Role>,
    pub kafka_version: Option<VersionSelection>,
}

/// Settings given on the command line; they win over everything in the file.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub role: Option<Role>,
    pub kafka_version: Option<VersionSelection>,
    pub encoding: Encoding,
}

/// Workload facts the configuration alone cannot tell.
#[derive(Clone, Debug, Default)]
pub struct Hints {
    /// Worst-case time to process one record, in milliseconds.
    pub record_processing_ms: Option<u64>,
}

impl Hints {
    /// The command line's hints, else the file's `record-processing-ms` directive.
    pub fn for_file(flag: &Hints, directives: &directives::Directives) -> Hints {
        Hints {
            record_processing_ms: flag.record_processing_ms.or_else(|| {
                directives
                    .get("record-processing-ms")
                    .and_then(|d| d.value.parse().ok())
            }),
        }
    }
}

/// A problem with a directive's value, reported by the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectiveProblem {
    pub span: crate::source::Span,
    pub message: String,
}

/// One file, fully understood.
#[derive(Clone)]
pub struct FileModel {
    pub path: String,
    pub doc: Document,
    pub directives: Directives,
    pub directive_problems: Vec<DirectiveProblem>,
    pub role: RoleDecision,
    pub version: VersionSelection,
    pub catalog: &'static Catalog,
    pub config: EffectiveConfig,
}

impl FileModel {
    pub fn build(path: &str, bytes: Vec<u8>, overrides: &Overrides) -> FileModel {
        FileModel::build_with(path, bytes, overrides, &ProjectDefaults::default())
    }

    /// Like `build`, with the project config's settings for the file, which
    /// rank below the file's own directives.
    pub fn build_with(
        path: &str,
        bytes: Vec<u8>,
        overrides: &Overrides,
        project: &ProjectDefaults,
    ) -> FileModel {
        let doc = Document::parse(bytes, overrides.encoding);
        let directives = Directives::parse(&doc);
        let mut problems = Vec::new();
        let version = overrides.kafka_version.clone().unwrap_or_else(|| {
            directive_version(&directives, &mut problems)
                .or_else(|| project.kafka_version.clone())
                .unwrap_or_else(catalog::default_selection)
        });
        let catalog = Catalog::get(version.catalog);
        let directive_role = directives.get("role").and_then(|d| {
            let role = Role::parse(&d.value);
            if role.is_none() {
                problems.push(DirectiveProblem {
                    span: d.span,
                    message: format!(
                        "unknown role `{}` in directive; expected one of: producer, consumer, admin, broker, topic",
                        d.value
                    ),
                });
            }
            role
        });
        let role = role::detect(
            Path::new(path),
            overrides.role,
            directive_role,
            project.role,
            &doc,
            catalog,
        );
        let config = EffectiveConfig::build(&doc, role.role(), catalog);
        FileModel {
            path: path.to_string(),
            doc,
            directives,
            directive_problems: problems,
            role,
            version,
            catalog,
            config,
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.role.role()
    }

    /// The value spans of every secret in the file, including entries a later
    /// duplicate overrides: Kafka ignores those, but the text still holds them.
    pub fn secret_spans(&self) -> Vec<Span> {
        let role = self.role();
        self.doc
            .entries
            .iter()
            .filter(|e| is_secret(&e.key, role.and_then(|r| self.catalog.key(r, &e.key))))
            .map(|e| e.value_span)
            .collect()
    }
}

fn directive_version(
    directives: &Directives,
    problems: &mut Vec<DirectiveProblem>,
) -> Option<VersionSelection> {
    let d = directives.get("kafka-version")?;
    match catalog::select_version(&d.value) {
        Ok(selection) => Some(selection),
        Err(message) => {
            problems.push(DirectiveProblem {
                span: d.span,
                message,
            });
            None
        }
    }
}
