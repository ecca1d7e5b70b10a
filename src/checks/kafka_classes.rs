//! Kafka's own classes that configurations name (serializers, partitioners,
//! assignors, config providers, security handlers, authorizers, ...), with the
//! release lines whose jars hold them: a class named in a release that does not
//! have it cannot be loaded, and Kafka refuses the configuration (a class-typed
//! key fails to parse; a list of classes fails when the constructor instantiates
//! it). The data (`kafka_classes.tsv`) is generated from Kafka's jars by
//! `tests/kafka/kafka-classes.sh`; it lists only classes missing from some line.

use crate::catalog::{ConfigType, compare_versions};
use crate::diagnostics::Diagnostic;
use crate::model::value::{java_trim, split_list};
use crate::unit::Setting;
use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::sync::OnceLock;

use super::{CheckMeta, Context};

/// The release lines whose jars hold a class: from `first` to `last` (`None`:
/// still in the newest).
struct Lines {
    first: &'static str,
    last: Option<&'static str>,
}

fn table() -> &'static FxHashMap<&'static str, Lines> {
    static TABLE: OnceLock<FxHashMap<&'static str, Lines>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("kafka_classes.tsv")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let (class, first, last) = (fields.next()?, fields.next()?, fields.next()?);
                let last = (!last.is_empty()).then_some(last);
                Some((class, Lines { first, last }))
            })
            .collect()
    })
}

/// Keys whose removed classes a rule reports with advice of its own
/// (K611: the partitioners removed in 4.0), so this check leaves them alone.
const REMOVALS_REPORTED_BY_RULES: [&str; 1] = ["partitioner.class"];

/// Why `class` cannot be loaded in release line `line`, if it cannot.
fn absence(class: &str, line: &str, key: &str) -> Option<String> {
    let lines = table().get(class)?;
    if compare_versions(line, lines.first) == Ordering::Less {
        return Some(format!("it arrives in Kafka {}", lines.first));
    }
    let last = lines.last?;
    if compare_versions(line, last) == Ordering::Greater
        && !REMOVALS_REPORTED_BY_RULES.contains(&key)
    {
        return Some(format!("it was removed after Kafka {last}"));
    }
    None
}

/// Whether the key's value names classes Kafka loads (`Some(true)`: a list of
/// them): a class or list key of the catalog, a string key named for a class
/// (`authorizer.class.name`), or a plugin key such as
/// `config.providers.<name>.class`.
fn names_classes(ctx: &Context, setting: &Setting) -> Option<bool> {
    let key = setting.key.as_str();
    // Config providers are instantiated only where Kafka resolves references.
    if key.starts_with("config.providers.")
        && ctx.unit.version.requested < super::plugin_keys::references_resolved_from()
    {
        return None;
    }
    let named_for_a_class = key.ends_with(".class") || key.ends_with(".class.name");
    match ctx.unit.config.get_known(key).and_then(|v| v.def) {
        Some(def) => match def.ty {
            ConfigType::Class => Some(false),
            ConfigType::List => Some(true),
            ConfigType::String if named_for_a_class => Some(false),
            _ => None,
        },
        None if named_for_a_class => Some(false),
        None if key.ends_with(".classes") => Some(true),
        None => None,
    }
}

/// K203 findings for Kafka classes that the unit's release does not have.
pub(super) fn check(ctx: &Context, meta: &'static CheckMeta, out: &mut Vec<Diagnostic>) {
    let line = ctx.unit.catalog.version();
    for (_, setting) in ctx.kept_settings() {
        if setting.value.is_secret() {
            continue;
        }
        let Some(is_list) = names_classes(ctx, setting) else {
            continue;
        };
        let value = java_trim(setting.value.expose());
        let classes = if is_list {
            split_list(value)
        } else {
            vec![value.to_string()]
        };
        for class in classes {
            let Some(why) = absence(&class, line, &setting.key) else {
                continue;
            };
            let short = class.rsplit('.').next().unwrap_or(&class);
            let message = format!(
                "`{}` names {short}, a class Kafka {line} does not have ({why}): {}",
                setting.key,
                super::refusal_words(ctx.unit.role())
            );
            out.push(
                ctx.diagnostic(meta, setting.value_span, message)
                    .with_key(&setting.key)
                    .with_help(format!(
                        "Kafka cannot load `{class}` in this release: use a class it has, or a release that has it"
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_arrive_and_leave_with_their_releases() {
        let assignor = "org.apache.kafka.clients.consumer.CooperativeStickyAssignor";
        assert!(absence(assignor, "2.3", "partition.assignment.strategy").is_some());
        assert_eq!(
            absence(assignor, "2.4", "partition.assignment.strategy"),
            None
        );
        let env = "org.apache.kafka.common.config.provider.EnvVarConfigProvider";
        assert!(absence(env, "3.4", "config.providers.env.class").is_some());
        assert_eq!(absence(env, "3.5", "config.providers.env.class"), None);
        let acl = "kafka.security.authorizer.AclAuthorizer";
        assert!(absence(acl, "4.0", "authorizer.class.name").is_some());
        assert_eq!(absence(acl, "3.9", "authorizer.class.name"), None);
        // K611 reports the removed partitioners.
        let sticky = "org.apache.kafka.clients.producer.UniformStickyPartitioner";
        assert_eq!(absence(sticky, "4.0", "partitioner.class"), None);
        assert!(absence(sticky, "2.3", "partitioner.class").is_some());
        // Classes in every release, and unknown ones, are not this check's business.
        assert_eq!(
            absence("com.example.MyPartitioner", "2.0", "partitioner.class"),
            None
        );
    }
}
