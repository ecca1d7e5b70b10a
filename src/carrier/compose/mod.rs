//! The docker compose carrier: each service that runs a Kafka image is a
//! broker unit (`service NAME`), configured by its environment variables as
//! the image translates them (`KAFKA_MESSAGE_MAX_BYTES` -> `message.max.bytes`;
//! the dialects are data, in `images.toml`). The image tag gives the Kafka
//! version; the number of broker services (and their replicas) the cluster's
//! broker count.

mod dialect;
mod env;

use super::yaml::carried::{Carried, Naming, UnitPlace};
use super::yaml::{self, NodeId, YamlFile};
use super::{Carrier, Parsed};
use crate::catalog::Role;
use crate::text::Encoding;
use crate::unit::{Setting, UnitSource};
use dialect::Dialect;
use env::EnvVar;
use std::path::Path;
use std::sync::Arc;

pub use env::interpolate;

/// The `compose` carrier.
pub struct Compose;

impl Carrier for Compose {
    fn name(&self) -> &'static str {
        "compose"
    }

    /// `docker-compose*.yml`, `compose*.yaml` and the like.
    fn claims(&self, path: &Path) -> bool {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
        yaml && (name.starts_with("docker-compose") || name.starts_with("compose"))
    }

    fn parse(&self, bytes: Vec<u8>, _encoding: Encoding) -> Arc<dyn Parsed> {
        match YamlFile::read(bytes) {
            Ok(file) => Arc::new(read_services(file)),
            Err(e) => yaml::unreadable(e),
        }
    }
}

/// Writes Kafka keys as a dialect's variables.
struct EnvNaming(&'static Dialect);

impl Naming for EnvNaming {
    fn source_key(&self, key: &str) -> Option<String> {
        self.0.variable_for(key)
    }

    /// A value that is all `${VAR:-default}` keeps its variable: the new
    /// value becomes the default.
    fn write_value(&self, old: &str, value: &str) -> String {
        match env::default_expression(old) {
            Some((name, operator)) => format!("${{{name}{operator}{value}}}"),
            None => value.to_string(),
        }
    }
}

/// One Kafka service of the file, read.
struct Service {
    label: String,
    version: Option<String>,
    members: Vec<usize>,
    place: UnitPlace,
    /// How many brokers it runs (0 for a KRaft controller only).
    brokers: u32,
}

fn read_services(file: YamlFile) -> Carried {
    let mut settings: Vec<Setting> = Vec::new();
    let mut origins = Vec::new();
    let mut services = Vec::new();
    for doc in 0..file.yaml.documents.len() {
        let Some(list) = file
            .yaml
            .root(doc)
            .and_then(|r| file.yaml.at(r, &["services"]))
        else {
            continue;
        };
        for &(name, service) in file.yaml.entries(list) {
            let Some(name) = file.yaml.scalar(name) else {
                continue;
            };
            let Some((dialect, tag)) = service_image(&file, service) else {
                continue;
            };
            let vars = env::read(&file, service);
            let members = env::settings(&vars, dialect, &mut settings, &mut origins);
            services.push(Service {
                label: format!("service {name}"),
                version: tag.and_then(|t| dialect.kafka_version(&t)),
                brokers: broker_count(&file, service, dialect, &vars),
                place: UnitPlace {
                    target: env::target(&file, service),
                    naming: Box::new(EnvNaming(dialect)),
                },
                members,
            });
        }
    }
    let cluster: u32 = services.iter().map(|s| s.brokers).sum();
    let mut units = Vec::new();
    let mut places = Vec::new();
    for s in services {
        let mut unit = UnitSource::new(Some(s.label), Some(Role::Broker), s.members, &settings);
        if let Some(version) = s.version {
            unit = unit.with_kafka_version(version);
        }
        if cluster > 0 {
            unit = unit.with_cluster_brokers(cluster);
        }
        units.push(unit);
        places.push(s.place);
    }
    Carried::new(file, settings, origins, units, places)
}

/// The service's Kafka image dialect and tag (`${IMAGE:-apache/kafka:3.7.0}`
/// read with its default).
fn service_image(file: &YamlFile, service: NodeId) -> Option<(&'static Dialect, Option<String>)> {
    let image = file.yaml.scalar(file.yaml.at(service, &["image"])?)?;
    let image = interpolate(image);
    let (dialect, tag) = dialect::for_image(&image)?;
    Some((dialect, tag.map(str::to_string)))
}

/// How many brokers a Kafka service runs: none for a KRaft controller alone
/// (`process.roles=controller`), else its replicas (`deploy.replicas`,
/// `scale`), else one.
fn broker_count(file: &YamlFile, service: NodeId, dialect: &Dialect, vars: &[EnvVar]) -> u32 {
    let process_roles = Some(dialect::Variable::Key("process.roles".to_string()));
    let roles = vars
        .iter()
        .rev()
        .find(|v| dialect.variable(&v.name) == process_roles)
        .and_then(|v| v.value.as_deref());
    if roles.is_some_and(|r| !r.split(',').any(|role| role.trim() == "broker")) {
        return 0;
    }
    let replicas = file
        .yaml
        .at(service, &["deploy", "replicas"])
        .or_else(|| file.yaml.at(service, &["scale"]))
        .and_then(|n| file.yaml.scalar(n))
        .and_then(|n| n.trim().parse::<u32>().ok());
    replicas.unwrap_or(1)
}

#[cfg(test)]
mod tests;
