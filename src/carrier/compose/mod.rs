//! The docker compose carrier: each service that runs a Kafka image is a
//! broker unit (`service NAME`), configured by its environment variables as
//! the image translates them (`KAFKA_MESSAGE_MAX_BYTES` -> `message.max.bytes`;
//! the dialects are data, in `images.toml`). The image tag gives the Kafka
//! version; the number of broker services (and their replicas) the cluster's
//! broker count. Variables may come from the env files a service names
//! (`env_file:`), read from the compose file's directory; `environment:`
//! wins over them, as in compose.

mod dialect;
mod env;
mod env_file;
mod missing_env_file;

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
            Ok(file) => yaml::bounded(Arc::new(read_services(file, None))),
            Err(e) => yaml::unreadable(e),
        }
    }

    /// Reads the env files the services name, relative to the file's directory.
    fn parse_in(
        &self,
        context: &super::ReadContext,
        bytes: Vec<u8>,
        _encoding: Encoding,
    ) -> Arc<dyn Parsed> {
        let dir = context.path.map(|p| p.parent().unwrap_or(Path::new("")));
        match YamlFile::read(bytes) {
            Ok(file) => yaml::bounded(Arc::new(read_services(file, dir))),
            Err(e) => yaml::unreadable(e),
        }
    }

    fn checks(&self) -> Vec<&'static crate::checks::CheckMeta> {
        vec![&missing_env_file::META]
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

/// The Kafka services of a compose file; their env files are read from `dir`
/// (not at all without one: the file's place is unknown).
fn read_services(file: YamlFile, dir: Option<&Path>) -> Carried {
    let mut settings: Vec<Setting> = Vec::new();
    let mut origins = Vec::new();
    let mut services = Vec::new();
    let mut env_files = EnvFiles::new(&file.text.bytes);
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
            let mut vars = env::read(&file, service);
            if let Some(dir) = dir {
                let from_files = env_files.read(&file, service, dir, name);
                vars.extend(overridden_dropped(from_files, &vars));
            }
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
    let mut carried = Carried::new(file, settings, origins, units, places);
    env_files.attach(&mut carried);
    carried
}

/// The env files' variables that reach the container: the last of each name,
/// unless `environment` sets it (compose layers them so: not a duplicate).
fn overridden_dropped(from_files: Vec<EnvVar>, environment: &[EnvVar]) -> Vec<EnvVar> {
    let mut kept: Vec<EnvVar> = Vec::new();
    for var in from_files.into_iter().rev() {
        let shadowed = environment.iter().chain(&kept).any(|v| v.name == var.name);
        if !shadowed {
            kept.push(var);
        }
    }
    kept.reverse();
    kept
}

/// The env files of a compose file's services, read once each: their texts
/// follow the compose file's own in the text settings point into.
struct EnvFiles {
    text: Vec<u8>,
    read: Vec<crate::unit::Elsewhere>,
    findings: Vec<crate::diagnostics::Diagnostic>,
}

impl EnvFiles {
    fn new(compose: &[u8]) -> EnvFiles {
        EnvFiles {
            text: compose.to_vec(),
            read: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// The variables of the env files `service` (named `name`) names, in order.
    fn read(&mut self, file: &YamlFile, service: NodeId, dir: &Path, name: &str) -> Vec<EnvVar> {
        let mut vars = Vec::new();
        for r in env_file::refs(file, service) {
            let path = crate::engine::display(&dir.join(&r.path));
            let known = self.read.iter().position(|e| e.path == path);
            let index = match known.map_or_else(|| self.load(path, r.span), Ok) {
                Ok(index) => index,
                Err(why) => {
                    if r.required {
                        self.findings
                            .push(missing_env_file::finding(&r, name, &why));
                    }
                    continue;
                }
            };
            let e = &self.read[index];
            // `load` keeps only UTF-8 text, so offsets are the file's own.
            let text = std::str::from_utf8(&e.text.bytes).unwrap_or_default();
            vars.extend(env_file::parse(text, e.base));
        }
        vars
    }

    /// Reads the env file at `path`, named at `named_at`: its index among
    /// those read, or why it cannot be read.
    fn load(&mut self, path: String, named_at: crate::text::Span) -> Result<usize, String> {
        let bytes = crate::input::read_regular(Path::new(&path), crate::input::DEFAULT_MAX_BYTES)
            .map_err(|e| match e {
            crate::input::InputError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
                "no such file".to_string()
            }
            other => other.to_string(),
        })?;
        if std::str::from_utf8(&bytes).is_err() {
            return Err("it is not UTF-8 text".to_string());
        }
        self.append(path, bytes, named_at);
        Ok(self.read.len() - 1)
    }

    /// Places an env file's bytes after the text so far.
    fn append(&mut self, path: String, bytes: Vec<u8>, named_at: crate::text::Span) {
        self.text.push(b'\n');
        let base = self.text.len();
        self.text.extend_from_slice(&bytes);
        self.read.push(crate::unit::Elsewhere {
            path,
            text: Arc::new(crate::text::SourceText::new(bytes, Encoding::Utf8)),
            base,
            named_at,
            linted_alone: false,
        });
    }

    /// Gives the carried file the env files' texts and the findings about them.
    fn attach(self, carried: &mut Carried) {
        if !self.read.is_empty() {
            carried.file.text = Arc::new(crate::text::SourceText::new(self.text, Encoding::Utf8));
        }
        carried.elsewhere = self.read;
        carried.findings = self.findings;
    }
}

/// How a service's image names broker keys, for an editor's completion.
pub struct ImageNaming {
    dialect: &'static Dialect,
    /// The Kafka version the image's tag means, when it says one.
    pub kafka_version: Option<String>,
}

impl ImageNaming {
    /// The variable that sets `key`, when the image can set it.
    pub fn variable_for(&self, key: &str) -> Option<String> {
        self.dialect.variable_for(key)
    }
}

/// The naming of `image` (`${IMAGE:-apache/kafka:3.7.0}` read with its
/// default), when it is a Kafka image.
pub fn image_naming(image: &str) -> Option<ImageNaming> {
    let image = interpolate(image);
    let (dialect, tag) = dialect::for_image(&image)?;
    Some(ImageNaming {
        dialect,
        kafka_version: tag.and_then(|t| dialect.kafka_version(t)),
    })
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
