//! Kafka's own classes that configurations name (serializers, partitioners,
//! assignors, config providers, security handlers, authorizers, ...), with the
//! release lines whose jars hold them: a class named in a release that does not
//! have it cannot be loaded, and Kafka refuses the configuration (a class-typed
//! key fails to parse; a list of classes fails when the constructor instantiates
//! it). The data (`kafka_classes.tsv`) is generated from Kafka's jars by
//! `tests/kafka/kafka-classes.sh`; it lists every class of the packages
//! configurations take classes from, so a name in those packages that it lacks,
//! near one it has, is a misspelling that no release loads. A value that cannot
//! be a Java class name at all (`cooperative-sticky`, librdkafka's name for an
//! assignor) fails as surely.

use crate::catalog::{ConfigType, compare_versions};
use crate::diagnostics::{Applicability, Diagnostic};
use crate::model::value::{java_trim, split_list};
use crate::unit::Setting;
use std::cmp::Ordering;

use super::{CheckMeta, Context};

/// The release lines whose jars hold a class: from `first` to `last` (`None`:
/// still in the newest).
struct Lines {
    first: &'static str,
    last: Option<&'static str>,
}

include!(concat!(env!("OUT_DIR"), "/kafka_classes.rs"));

/// The release lines whose jars hold `class`, if it is one of Kafka's.
fn lines_of(class: &str) -> Option<Lines> {
    let i = crate::catalog::name_hash::probe(CLASS_SLOTS, class, |i| {
        CLASSES.get(i).map(|(c, _, _)| *c)
    })?;
    let (_, first, last) = CLASSES[i];
    Some(Lines {
        first,
        last: (!last.is_empty()).then_some(last),
    })
}

/// Keys whose removed classes a rule reports with advice of its own
/// (K611: the partitioners removed in 4.0), so this check leaves them alone.
const REMOVALS_REPORTED_BY_RULES: [&str; 1] = ["partitioner.class"];

/// Why `class` cannot be loaded in release line `line`, if it cannot.
fn absence(class: &str, line: &str, key: &str) -> Option<String> {
    let lines = lines_of(class)?;
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
    let key = setting.key();
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

/// List keys whose items are class names (other list keys name listeners,
/// mechanisms, ...): checked for the shape of a class name.
const CLASS_LIST_KEYS: [&str; 2] = ["partition.assignment.strategy", "metric.reporters"];

/// Whether every item of the key's value must be a Java class name: a class
/// key, a key named for classes, or a list of classes.
fn holds_class_names(ctx: &Context, key: &str) -> bool {
    let typed_class = ctx
        .unit
        .config
        .get(key)
        .and_then(|v| v.def)
        .is_some_and(|def| def.ty == ConfigType::Class);
    typed_class
        || key.ends_with(".class")
        || key.ends_with(".class.name")
        || key.ends_with(".classes")
        || CLASS_LIST_KEYS.contains(&key)
}

/// Whether `name` has the shape of a Java binary class name: identifiers
/// (letters, digits, `_`, `$`, not starting with a digit) joined by dots.
fn is_class_name(name: &str) -> bool {
    name.split('.').all(|part| {
        part.chars().next().is_some_and(|c| !c.is_ascii_digit())
            && part
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    })
}

/// The Kafka class `class` misspells: a name in a package Kafka's classes come
/// from, that no release has, near one that this release has.
fn misspelt(class: &str, line: &str, key: &str) -> Option<&'static str> {
    if lines_of(class).is_some() || class.contains('$') {
        return None;
    }
    let package = &class[..=class.rfind('.')?];
    let mut same_package = classes_of(package).peekable();
    // Most classes a file names are of other packages (its own, a vendor's).
    same_package.peek()?;
    super::closest(class, same_package).filter(|meant| absence(meant, line, key).is_none())
}

/// The classes of `package` (ending with its dot), not those of its
/// subpackages: a misspelling is searched for among its package's classes.
fn classes_of(package: &str) -> impl Iterator<Item = &'static str> {
    let start = CLASSES.partition_point(|(c, _, _)| *c < package);
    CLASSES[start..]
        .iter()
        .map(|(c, _, _)| *c)
        .take_while(move |c| c.starts_with(package))
        .filter(move |c| !c[package.len()..].contains('.'))
}

/// K203 findings for class names that the unit's release cannot load: Kafka
/// classes it does not have, misspelt Kafka classes, and values that are no
/// class name at all.
pub(super) fn check(ctx: &Context, meta: &'static CheckMeta, out: &mut Vec<Diagnostic>) {
    let line = ctx.unit.catalog.version();
    for (index, setting) in ctx.kept_settings() {
        if setting.value().is_secret() {
            continue;
        }
        let Some(is_list) = names_classes(ctx, setting) else {
            continue;
        };
        let value = java_trim(setting.value().expose());
        let classes = if is_list {
            split_list(value)
        } else {
            vec![value.to_string()]
        };
        // A `${provider:path:key}` reference is resolved at run time.
        let shaped = holds_class_names(ctx, setting.key()) && !value.contains("${");
        for class in classes {
            if shaped && !class.is_empty() && !is_class_name(&class) {
                let message = format!(
                    "`{}` holds `{}`, which is not a Java class name: {}",
                    setting.key(),
                    super::printable(&class),
                    super::refusal_words(ctx.unit.role())
                );
                out.push(
                    ctx.diagnostic(meta, setting.value_span(), message)
                        .with_key(setting.key())
                        .with_help("name the class by its full name (package.ClassName), as the Java client loads it; short names such as `range` or `cooperative-sticky` are librdkafka's"),
                );
                continue;
            }
            if let Some(meant) = misspelt(&class, line, setting.key()) {
                let message = format!(
                    "`{}` names `{class}`, a class no Kafka release has (did you mean `{meant}`?): {}",
                    setting.key(),
                    super::refusal_words(ctx.unit.role())
                );
                let fixed = value.replacen(&class, meant, 1);
                out.push(
                    ctx.diagnostic(meta, setting.value_span(), message)
                        .with_key(setting.key())
                        .with_text_edit(
                            format!("write `{meant}`"),
                            Applicability::Safe,
                            ctx.set_value(index, &fixed),
                        ),
                );
                continue;
            }
            let Some(why) = absence(&class, line, setting.key()) else {
                continue;
            };
            let short = class.rsplit('.').next().unwrap_or(&class);
            let message = format!(
                "`{}` names {short}, a class Kafka {line} does not have ({why}): {}",
                setting.key(),
                super::refusal_words(ctx.unit.role())
            );
            out.push(
                ctx.diagnostic(meta, setting.value_span(), message)
                    .with_key(setting.key())
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

    #[test]
    fn misspelt_kafka_classes_are_known_and_others_are_not() {
        let key = "partition.assignment.strategy";
        assert_eq!(
            misspelt("org.apache.kafka.clients.consumer.RangeAsignor", "2.8", key),
            Some("org.apache.kafka.clients.consumer.RangeAssignor")
        );
        // Wrong case: Java's class names are case-sensitive.
        assert_eq!(
            misspelt(
                "org.apache.kafka.common.serialization.Stringserializer",
                "3.7",
                "key.serializer"
            ),
            Some("org.apache.kafka.common.serialization.StringSerializer")
        );
        assert_eq!(
            misspelt(
                "org.apache.kafka.clients.consumer.RangeAssignor",
                "2.8",
                key
            ),
            None
        );
        assert_eq!(misspelt("com.example.RangeAsignor", "2.8", key), None);
        // Nested classes are not in the table: not judged.
        assert_eq!(
            misspelt(
                "org.apache.kafka.common.serialization.Serdes$StringSerde",
                "3.7",
                "default.key.serde"
            ),
            None
        );
        // Not offered where this release lacks the class meant.
        assert_eq!(
            misspelt(
                "org.apache.kafka.clients.consumer.CooperativeStickyAsignor",
                "2.3",
                key
            ),
            None
        );
    }

    #[test]
    fn class_names_have_the_shape_java_loads() {
        for good in ["com.example.MyAssignor", "Range", "a.b$C", "x_1.Y"] {
            assert!(is_class_name(good), "{good}");
        }
        for bad in ["cooperative-sticky", "a..b", "1a.B", ".a", "a b"] {
            assert!(!is_class_name(bad), "{bad}");
        }
    }
}
