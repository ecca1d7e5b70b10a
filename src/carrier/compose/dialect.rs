//! The Kafka images a compose service can run, from `images.toml`: how each
//! turns environment variables into broker keys and back, and which Kafka
//! version its tag means.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Table {
    dialect: Vec<Dialect>,
    confluent_platform: BTreeMap<String, String>,
}

/// How one family of images reads its environment.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Dialect {
    /// The family's name, for tests and messages.
    #[cfg_attr(not(test), allow(dead_code))]
    pub name: String,
    images: Vec<String>,
    pub prefix: String,
    translate: Translate,
    tag: TagMeaning,
    not_config: Vec<String>,
    #[serde(default)]
    other_prefixed_vars_are_image_settings: bool,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Translate {
    Escaped,
    Dots,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum TagMeaning {
    Kafka,
    ConfluentPlatform,
}

/// What a variable of a Kafka service is.
#[derive(Debug, PartialEq, Eq)]
pub enum Variable {
    /// The broker key it sets.
    Key(String),
    /// Read by the image itself (heap, JMX, log4j, cluster id): not a key.
    NotConfig,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Embedded data, checked by a test: it cannot fail at run time.
        toml::from_str(include_str!("images.toml")).unwrap_or_else(|e| {
            panic!("src/carrier/compose/images.toml: {e}");
        })
    })
}

/// The dialect of an image reference (`docker.io/bitnami/kafka:3.7`), and
/// its tag, when it runs a Kafka broker.
pub fn for_image(image: &str) -> Option<(&'static Dialect, Option<&str>)> {
    let (repository, tag) = split_image(image);
    let dialect = table()
        .dialect
        .iter()
        .find(|d| d.images.iter().any(|i| repository_is(repository, i)))?;
    Some((dialect, tag))
}

/// `registry:5000/bitnami/kafka:3.7@sha256:...` -> (`registry:5000/bitnami/kafka`, `3.7`).
fn split_image(image: &str) -> (&str, Option<&str>) {
    let image = image.split('@').next().unwrap_or(image);
    let last_slash = image.rfind('/').map_or(0, |i| i + 1);
    match image[last_slash..].rfind(':') {
        Some(colon) => (
            &image[..last_slash + colon],
            Some(&image[last_slash + colon + 1..]),
        ),
        None => (image, None),
    }
}

/// Whether `repository` is `name`, on Docker Hub or any other registry.
fn repository_is(repository: &str, name: &str) -> bool {
    repository == name
        || repository
            .strip_suffix(name)
            .is_some_and(|registry| registry.ends_with('/'))
}

impl Dialect {
    /// What the variable `name` of a service running this image is; None
    /// when it has nothing to do with Kafka's configuration.
    pub fn variable(&self, name: &str) -> Option<Variable> {
        if self.not_config.iter().any(|n| n == name) {
            return Some(Variable::NotConfig);
        }
        match name.strip_prefix(&self.prefix) {
            Some(rest) if !rest.is_empty() => Some(Variable::Key(self.key_of(rest))),
            _ if self.other_prefixed_vars_are_image_settings && name.starts_with("KAFKA_") => {
                Some(Variable::NotConfig)
            }
            _ => None,
        }
    }

    fn key_of(&self, rest: &str) -> String {
        let lower = rest.to_ascii_lowercase();
        match self.translate {
            // KafkaDockerWrapper: `_` -> `.`, then `...` -> `-`, then `..` -> `_`.
            Translate::Escaped => lower
                .replace('_', ".")
                .replace("...", "-")
                .replace("..", "_"),
            Translate::Dots => lower.replace('_', "."),
        }
    }

    /// The variable that sets `key`, when this image can set it.
    pub fn variable_for(&self, key: &str) -> Option<String> {
        let name = match self.translate {
            Translate::Escaped => key.replace('_', "__").replace('-', "___").replace('.', "_"),
            Translate::Dots if key.contains(['_', '-']) => return None,
            Translate::Dots => key.replace('.', "_"),
        };
        let name = format!("{}{}", self.prefix, name.to_ascii_uppercase());
        (self.variable(&name) == Some(Variable::Key(key.to_string()))).then_some(name)
    }

    /// The Kafka version an image tag gives (`7.6.1` of cp-kafka is 3.6),
    /// when its tag starts with a version.
    pub fn kafka_version(&self, tag: &str) -> Option<String> {
        let version = leading_version(tag)?;
        match self.tag {
            TagMeaning::Kafka => Some(version),
            TagMeaning::ConfluentPlatform => {
                let mut parts = version.split('.');
                let minor = format!("{}.{}", parts.next()?, parts.next()?);
                table().confluent_platform.get(&minor).cloned()
            }
        }
    }
}

/// `3.7.0-debian-12-r3` -> `3.7.0`; `latest` -> None. At least major.minor.
fn leading_version(tag: &str) -> Option<String> {
    let end = tag
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(tag.len());
    let version = tag[..end].trim_end_matches('.');
    (version.split('.').filter(|p| !p.is_empty()).count() >= 2).then(|| version.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialect(image: &str) -> &'static Dialect {
        for_image(image)
            .map(|(d, _)| d)
            .unwrap_or_else(|| panic!("{image}"))
    }

    #[test]
    fn the_table_loads_and_names_its_images() {
        assert_eq!(table().dialect.len(), 3);
        assert_eq!(dialect("apache/kafka:3.7.0").name, "apache");
        assert_eq!(
            dialect("docker.io/confluentinc/cp-server:7.6.1").name,
            "confluent"
        );
        assert_eq!(dialect("bitnamilegacy/kafka").name, "bitnami");
        assert!(for_image("provectuslabs/kafka-ui:latest").is_none());
        assert!(for_image("notapache/kafka:3.7").is_none());
    }

    #[test]
    fn variables_map_to_keys_and_back() {
        let apache = dialect("apache/kafka");
        for (var, key) in [
            ("KAFKA_MESSAGE_MAX_BYTES", "message.max.bytes"),
            (
                "KAFKA_LISTENER_NAME_INTERNAL_SSL__CLIENT__AUTH",
                "listener.name.internal.ssl_client_auth",
            ),
            ("KAFKA_CONFLUENT_A___B", "confluent.a-b"),
        ] {
            assert_eq!(apache.variable(var), Some(Variable::Key(key.to_string())));
            assert_eq!(apache.variable_for(key).as_deref(), Some(var));
        }
        assert_eq!(
            apache.variable("KAFKA_HEAP_OPTS"),
            Some(Variable::NotConfig)
        );
        assert_eq!(apache.variable("CLUSTER_ID"), None);
        let bitnami = dialect("bitnami/kafka");
        assert_eq!(
            bitnami.variable("KAFKA_CFG_ADVERTISED_LISTENERS"),
            Some(Variable::Key("advertised.listeners".to_string()))
        );
        assert_eq!(
            bitnami.variable("KAFKA_KRAFT_CLUSTER_ID"),
            Some(Variable::NotConfig)
        );
        assert_eq!(
            bitnami.variable_for("log.dirs").as_deref(),
            Some("KAFKA_CFG_LOG_DIRS")
        );
        assert_eq!(bitnami.variable_for("a_b"), None);
    }

    #[test]
    fn tags_give_kafka_versions() {
        let cases = [
            ("apache/kafka:3.7.0", Some("3.7.0")),
            ("bitnami/kafka:3.6-debian-12", Some("3.6")),
            ("confluentinc/cp-kafka:7.6.1", Some("3.6")),
            ("confluentinc/cp-kafka:5.5.0", Some("2.5")),
            ("confluentinc/cp-kafka:latest", None),
            ("apache/kafka", None),
        ];
        for (image, expected) in cases {
            let (d, tag) = for_image(image).unwrap_or_else(|| panic!("{image}"));
            assert_eq!(
                tag.and_then(|t| d.kafka_version(t)).as_deref(),
                expected,
                "{image}"
            );
        }
    }
}
