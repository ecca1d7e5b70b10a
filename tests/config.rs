//! The project config `kafkalint.toml`: discovery, resolution of its paths and
//! globs, the settings it gives each file, and its errors (exact messages with
//! file, line and field).

use kafkalint::catalog::{self, Role};
use kafkalint::config::{
    self, ConfigError, Discovery, FileSettings, LoadedConfig, ProjectConfig, SeverityOrOff,
};
use kafkalint::diagnostics::Severity;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const PROJECT: &str = "tests/fixtures/config/project";
const ERRORS: &str = "tests/fixtures/config/errors";

fn project() -> LoadedConfig {
    LoadedConfig::load(&Path::new(PROJECT).join("kafkalint.toml")).expect("the fixture loads")
}

fn file(rel: &str) -> PathBuf {
    Path::new(PROJECT).join(rel)
}

fn version(s: &str) -> catalog::VersionSelection {
    catalog::select_version(s).unwrap()
}

fn load_error(name: &str) -> String {
    ProjectConfig::load(&Path::new(ERRORS).join(name))
        .expect_err("the config must be refused")
        .to_string()
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

// ---- discovery ----------------------------------------------------------

#[test]
fn discovery_finds_the_nearest_config() {
    let mut discovery = Discovery::new();
    let deep = discovery
        .for_file(&file("nested/deeper/client.properties"))
        .unwrap()
        .expect("a config above the file");
    assert_eq!(
        deep.path(),
        Path::new("tests/fixtures/config/project/nested/kafkalint.toml")
    );
    assert_eq!(
        deep.settings_for(&file("nested/deeper/client.properties"))
            .kafka_version,
        Some(version("2.8"))
    );
    let app = discovery
        .for_file(&file("apps/orders-consumer.properties"))
        .unwrap()
        .unwrap();
    assert_eq!(
        app.path(),
        Path::new("tests/fixtures/config/project/kafkalint.toml")
    );
    // A directory asks for its own config too.
    let nested_dir = discovery.for_file(&file("nested")).unwrap().unwrap();
    assert!(Arc::ptr_eq(&nested_dir, &deep));
}

#[test]
fn discovery_caches_each_config_once() {
    let mut discovery = Discovery::new();
    let a = discovery
        .for_file(&file("apps/orders-consumer.properties"))
        .unwrap()
        .unwrap();
    let b = discovery
        .for_file(&file("apps/sub/deep.properties"))
        .unwrap()
        .unwrap();
    let c = discovery
        .for_file(&file("broker/server.properties"))
        .unwrap()
        .unwrap();
    assert!(Arc::ptr_eq(&a, &b) && Arc::ptr_eq(&a, &c));
    discovery
        .for_file(&file("nested/deeper/client.properties"))
        .unwrap();
    assert_eq!(discovery.loaded().len(), 2);
}

#[test]
fn discovery_without_a_config_finds_none() {
    let tmp = tempfile::tempdir().unwrap();
    if tmp
        .path()
        .ancestors()
        .any(|d| d.join("kafkalint.toml").exists())
    {
        eprintln!("skipped: a kafkalint.toml above the temporary directory");
        return;
    }
    let f = write(tmp.path(), "a/b/producer.properties", "acks=all\n");
    assert!(Discovery::new().for_file(&f).unwrap().is_none());
    assert!(config::discover(&f).unwrap().is_none());
    assert!(config::discover(tmp.path()).unwrap().is_none());
}

#[test]
fn discover_returns_the_path_and_the_config() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "kafkalint.toml", "kafka-version = \"3.5\"\n");
    write(tmp.path(), "x/kafkalint.toml", "kafka-version = \"3.6\"\n");
    let f = write(tmp.path(), "x/y/consumer.properties", "group.id=a\n");
    let (path, found) = config::discover(&f).unwrap().unwrap();
    assert_eq!(path, tmp.path().join("x/kafkalint.toml"));
    assert_eq!(found.kafka_version.unwrap().value, version("3.6"));
    let (path, _) = config::discover(&tmp.path().join("x")).unwrap().unwrap();
    assert_eq!(path, tmp.path().join("x/kafkalint.toml"));
    let (path, _) = config::discover(tmp.path()).unwrap().unwrap();
    assert_eq!(path, tmp.path().join("kafkalint.toml"));
}

#[test]
fn discovery_reports_an_invalid_config() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "kafkalint.toml", "kafka-version = \"3.x\"\n");
    let f = write(tmp.path(), "a/consumer.properties", "group.id=a\n");
    let e = Discovery::new().for_file(&f).unwrap_err();
    assert_eq!(e.path, tmp.path().join("kafkalint.toml"));
    assert_eq!((e.line, e.field.as_deref()), (1, Some("kafka-version")));
}

#[test]
fn fixed_discovery_gives_every_file_the_same_config() {
    let loaded = Arc::new(project());
    let mut fixed = Discovery::fixed(Some(Arc::clone(&loaded)));
    let tmp = tempfile::tempdir().unwrap();
    let got = fixed.for_file(tmp.path()).unwrap().unwrap();
    assert!(Arc::ptr_eq(&got, &loaded));
    let mut none = Discovery::fixed(None);
    assert!(none.for_file(&file("apps/x.properties")).unwrap().is_none());
}

// ---- paths and globs are relative to the config's directory --------------

#[test]
fn paths_and_globs_resolve_against_the_config_directory() {
    let p = project();
    assert_eq!(p.dir(), std::path::absolute(PROJECT).unwrap());
    assert_eq!(
        p.relative(&file("apps/orders-consumer.properties"))
            .as_deref(),
        Some("apps/orders-consumer.properties")
    );
    // `apps/*.properties` matches below the config's directory, not below the cwd.
    let cluster = p
        .settings_for(&file("apps/orders-consumer.properties"))
        .cluster
        .unwrap();
    assert_eq!(
        cluster.broker_file.as_deref(),
        Some(Path::new(
            "tests/fixtures/config/project/broker/server.properties"
        ))
    );
    assert!(cluster.broker_file.unwrap().is_file());
    assert_eq!(
        p.rules().paths,
        vec![PathBuf::from("tests/fixtures/config/project/team-rules")]
    );
    // Absolute and `..` forms of the same file match the same globs.
    let abs = std::path::absolute(file("apps/orders-consumer.properties")).unwrap();
    assert_eq!(
        p.settings_for(&abs),
        p.settings_for(&file("apps/orders-consumer.properties"))
    );
    assert_eq!(
        p.settings_for(&file("apps/../apps/orders-consumer.properties")),
        p.settings_for(&abs)
    );
}

#[test]
fn paths_outside_the_working_directory_are_absolute() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "kafka/server.properties", "broker.id=1\n");
    write(tmp.path(), "rules/policy.toml", "");
    let cfg = write(
        tmp.path(),
        "kafkalint.toml",
        "[[cluster]]\nname = \"c\"\nbroker = \"kafka/server.properties\"\nclients = [\"*.properties\"]\n[rules]\npaths = [\"rules\"]\n",
    );
    let loaded = LoadedConfig::load(&cfg).unwrap();
    let s = loaded.settings_for(&tmp.path().join("producer.properties"));
    assert_eq!(
        s.cluster.unwrap().broker_file,
        Some(tmp.path().join("kafka/server.properties"))
    );
    assert_eq!(loaded.rules().paths, vec![tmp.path().join("rules")]);
}

#[test]
fn a_file_outside_the_config_directory_matches_no_glob() {
    let p = project();
    let tmp = tempfile::tempdir().unwrap();
    let outside = write(
        tmp.path(),
        "apps/orders-consumer.properties",
        "group.id=a\n",
    );
    assert_eq!(
        p.settings_for(&outside),
        FileSettings {
            kafka_version: Some(version("3.7")),
            record_processing_ms: Some(50),
            ..FileSettings::default()
        }
    );
    assert!(!p.is_excluded(&outside));
    assert!(p.is_included(&outside));
    assert!(!p.is_included(&tmp.path().join("apps/app.conf")));
}

// ---- settings and precedence ----------------------------------------------

#[test]
fn top_level_settings_apply_when_no_files_entry_matches() {
    let p = project();
    assert_eq!(
        p.settings_for(&file("log4j.properties")),
        FileSettings {
            role: None,
            kafka_version: Some(version("3.7")),
            spring_boot: None,
            record_processing_ms: Some(50),
            cluster: None,
            ignore: Vec::new(),
            cluster_brokers: None,
        }
    );
}

#[test]
fn files_entries_override_top_level_field_by_field() {
    let p = project();
    // apps/*.properties sets the role only: version and hint stay top-level.
    let s = p.settings_for(&file("apps/orders-consumer.properties"));
    assert_eq!(s.role, Some(Role::Consumer));
    assert_eq!(s.kafka_version, Some(version("3.7")));
    assert_eq!(s.record_processing_ms, Some(50));
}

#[test]
fn the_last_matching_files_entry_wins() {
    let p = project();
    // Three entries match: apps/*.properties (role consumer), apps/legacy-*
    // (version, hint), apps/legacy-billing.properties (role producer, last).
    let s = p.settings_for(&file("apps/legacy-billing.properties"));
    assert_eq!(s.role, Some(Role::Producer));
    assert_eq!(s.kafka_version, Some(version("0.10.0")));
    assert_eq!(s.record_processing_ms, Some(800));
}

#[test]
fn single_star_stays_within_a_directory() {
    let p = project();
    let s = p.settings_for(&file("apps/sub/deep.properties"));
    assert_eq!(s.role, None);
    // Not a client of prod (apps/*.properties) but of catch-all (apps/**).
    assert_eq!(s.cluster.unwrap().name, "catch-all");
}

#[test]
fn cluster_matching_gives_the_broker_file_and_version() {
    let p = project();
    let prod = p
        .settings_for(&file("apps/orders-consumer.properties"))
        .cluster
        .unwrap();
    assert_eq!(prod.name, "prod");
    assert_eq!(
        p.settings_for(&file("apps/orders-consumer.properties"))
            .cluster_brokers,
        Some(3)
    );
    // The first matching cluster wins: prod, not catch-all.
    // prod has no broker-version: the broker file's own version from [[files]].
    assert_eq!(prod.broker_version, Some(version("3.6.1")));
    let staging = p
        .settings_for(&file("staging/payments.properties"))
        .cluster
        .unwrap();
    assert_eq!(staging.name, "staging");
    assert_eq!(staging.broker_file, None);
    assert_eq!(staging.broker_version, Some(version("3.6")));
}

#[test]
fn a_cluster_broker_is_a_broker_not_its_own_client() {
    let p = project();
    // prod's clients include broker/*.properties, which matches its broker.
    let s = p.settings_for(&file("broker/server.properties"));
    assert_eq!(s.role, Some(Role::Broker));
    // Its cluster's size is the broker's too.
    assert_eq!(s.cluster_brokers, Some(3));
    assert_eq!(s.kafka_version, Some(version("3.6.1")));
    assert_eq!(s.cluster, None);
}

#[test]
fn broker_version_falls_back_to_the_top_level_version() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "server.properties", "broker.id=1\n");
    let cfg = write(
        tmp.path(),
        "kafkalint.toml",
        "kafka-version = \"3.4\"\n[[cluster]]\nname = \"c\"\nbroker = \"server.properties\"\nclients = [\"apps/*\"]\n",
    );
    let loaded = LoadedConfig::load(&cfg).unwrap();
    let cluster = loaded
        .settings_for(&tmp.path().join("apps/consumer.properties"))
        .cluster
        .unwrap();
    assert_eq!(cluster.broker_version, Some(version("3.4")));
}

#[test]
fn rules_settings() {
    let r = project().rules();
    assert_eq!(r.select, ["K1", "K5"]);
    assert_eq!(r.ignore, ["K508", "unknown-key"]);
    assert_eq!(
        r.severity,
        BTreeMap::from([
            ("K106".to_string(), SeverityOrOff::Level(Severity::Error)),
            ("K301".to_string(), SeverityOrOff::Off),
        ])
    );
}

#[test]
fn check_codes_names_the_unknown_code_and_its_line() {
    let p = project();
    let known = |c: &str| ["K1", "K5", "K508", "unknown-key", "K106", "K301"].contains(&c);
    assert_eq!(p.check_codes(known), Ok(()));
    let e = p.check_codes(|c| c != "unknown-key").unwrap_err();
    assert_eq!(
        e.to_string(),
        "tests/fixtures/config/project/kafkalint.toml:46: rules.ignore[1]: unknown check `unknown-key` (see `kafkalint rules`)"
    );
    let e = p.check_codes(|c| c != "K301").unwrap_err();
    assert_eq!(
        e.to_string(),
        "tests/fixtures/config/project/kafkalint.toml:47: rules.severity.K301: unknown check `K301` (see `kafkalint rules`)"
    );
}

// ---- include, exclude, named files ------------------------------------------

#[test]
fn include_and_exclude() {
    let p = project();
    assert!(p.is_included(&file("apps/orders-consumer.properties")));
    assert!(p.is_included(&file("apps/sub/deep.properties")));
    assert!(p.is_included(&file("conf/app.conf")));
    assert!(!p.is_included(&file("team-rules/README.md")));
    // `**/log4j*.properties` also matches at the top; `build/` excludes the
    // directory itself and everything below it.
    assert!(p.is_excluded(&file("log4j.properties")));
    assert!(p.is_excluded(&file("apps/log4j2.properties")));
    assert!(p.is_excluded(&file("build")));
    assert!(p.is_excluded(&file("build/generated.properties")));
    assert!(p.is_excluded(&file("build/deeper/x.properties")));
    assert!(!p.is_excluded(&file("apps/orders-consumer.properties")));
    assert!(!p.is_excluded(&file("builds/x.properties")));
    assert!(p.selects(&file("apps/orders-consumer.properties")));
    assert!(!p.selects(&file("build/generated.properties")));
    assert!(!p.selects(&file("log4j.properties")));
}

#[test]
fn include_defaults_to_every_properties_file() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write(tmp.path(), "kafkalint.toml", "");
    let loaded = LoadedConfig::load(&cfg).unwrap();
    assert!(loaded.is_included(&tmp.path().join("consumer.properties")));
    assert!(loaded.is_included(&tmp.path().join("a/b/consumer.properties")));
    assert!(!loaded.is_included(&tmp.path().join("a/consumer.conf")));
    assert!(!loaded.is_excluded(&tmp.path().join("a/consumer.properties")));
    assert!(loaded.named_files().is_empty());
}

#[test]
fn named_files_are_brokers_and_literal_files_entries() {
    let p = project();
    assert_eq!(
        p.named_files(),
        vec![
            file("broker/server.properties"),
            file("apps/legacy-billing.properties"),
            file("conf/app.conf"),
        ]
    );
    // Named files are selected whatever their extension, unless excluded.
    assert!(p.is_named(&file("conf/app.conf")));
    assert!(!p.is_named(&file("apps/orders-consumer.properties")));
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "brokers/kafka.conf", "broker.id=1\n");
    let cfg = write(
        tmp.path(),
        "kafkalint.toml",
        "exclude = [\"old/**\"]\n[[cluster]]\nname = \"c\"\nbroker = \"brokers/kafka.conf\"\nclients = [\"*.properties\"]\n[[files]]\npath = \"old/client.cfg\"\nrole = \"producer\"\n[[files]]\npath = \"missing.cfg\"\nrole = \"producer\"\n",
    );
    write(tmp.path(), "old/client.cfg", "acks=all\n");
    let loaded = LoadedConfig::load(&cfg).unwrap();
    let broker = tmp.path().join("brokers/kafka.conf");
    assert!(!loaded.is_included(&broker));
    assert!(loaded.selects(&broker));
    assert!(!loaded.selects(&tmp.path().join("old/client.cfg")));
    // A literal [[files]] path that does not exist is not listed.
    assert_eq!(
        loaded.named_files(),
        vec![broker, tmp.path().join("old/client.cfg")]
    );
}

// ---- errors: file, line, field, message --------------------------------------

#[test]
fn error_unknown_top_level_field() {
    assert_eq!(
        load_error("unknown-top.toml"),
        "tests/fixtures/config/errors/unknown-top.toml:3: colour: unknown field, expected one of `kafka-version`, `record-processing-ms`, `include`, `exclude`, `cluster`, `files`, `rules`, `spring-boot`"
    );
}

#[test]
fn error_unknown_field_in_files() {
    assert_eq!(
        load_error("unknown-files.toml"),
        "tests/fixtures/config/errors/unknown-files.toml:9: files[1].record-processing: unknown field, expected one of `path`, `role`, `kafka-version`, `record-processing-ms`, `ignore`, `spring-boot`"
    );
}

#[test]
fn error_bad_role() {
    assert_eq!(
        load_error("bad-role.toml"),
        "tests/fixtures/config/errors/bad-role.toml:3: files[0].role: unknown role `consumr`; expected one of: producer, consumer, admin, broker, topic, streams, connect"
    );
}

#[test]
fn error_bad_version() {
    assert_eq!(
        load_error("bad-version.toml"),
        format!(
            "tests/fixtures/config/errors/bad-version.toml:2: kafka-version: `3.x` is not a Kafka version (expected numbers such as 3.7 or 3.7.1); known versions: {}",
            catalog::versions().join(", ")
        )
    );
}

#[test]
fn error_bad_severity() {
    assert_eq!(
        load_error("bad-severity.toml"),
        "tests/fixtures/config/errors/bad-severity.toml:3: rules.severity.K101: unknown severity `fatal`; expected one of: error, warning, info, off"
    );
}

#[test]
fn error_broker_and_broker_version() {
    assert_eq!(
        load_error("broker-both.toml"),
        "tests/fixtures/config/errors/broker-both.toml:4: cluster[0].broker-version: set broker (the broker's configuration file) or broker-version (when there is no file), not both"
    );
}

#[test]
fn error_toml_syntax() {
    let e = ProjectConfig::load(&Path::new(ERRORS).join("syntax.toml")).unwrap_err();
    assert_eq!(
        e,
        ConfigError {
            path: PathBuf::from("tests/fixtures/config/errors/syntax.toml"),
            line: 2,
            field: None,
            message: "invalid TOML: unclosed array table, expected `]`".into(),
        }
    );
    assert_eq!(
        e.to_string(),
        "tests/fixtures/config/errors/syntax.toml:2: invalid TOML: unclosed array table, expected `]`"
    );
}

#[test]
fn error_missing_broker_file() {
    assert_eq!(
        load_error("missing-broker.toml"),
        "tests/fixtures/config/errors/missing-broker.toml:3: cluster[0].broker: cannot read `missing/server.properties`: No such file or directory (os error 2)"
    );
}

#[test]
fn error_unreadable_config() {
    assert_eq!(
        load_error("no-such-file.toml"),
        "tests/fixtures/config/errors/no-such-file.toml:1: cannot read the project config: No such file or directory (os error 2)"
    );
}

// ---- the starter file ---------------------------------------------------------

#[test]
fn the_starter_file_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write(tmp.path(), "kafkalint.toml", config::starter_file());
    let loaded = LoadedConfig::load(&cfg).unwrap();
    assert_eq!(
        loaded.settings_for(&tmp.path().join("a.properties")),
        FileSettings::default()
    );
}

/// Every setting the starter shows, uncommented, is a valid config: the
/// examples are right (the files they name are not checked).
#[test]
fn the_starter_file_uncommented_is_valid() {
    let uncommented: String = config::starter_file()
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest) if is_setting(rest) => rest,
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let c = ProjectConfig::parse(Path::new("kafkalint.toml"), &uncommented)
        .unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
    assert!(c.kafka_version.is_some() && c.record_processing_ms.is_some());
    assert!(c.include.is_some() && !c.exclude.is_empty());
    assert_eq!(c.clusters.len(), 1);
    assert_eq!(c.clusters[0].size(), Some(3));
    assert_eq!(c.files.len(), 1);
    let f = &c.files[0];
    assert!(f.role.is_some() && f.kafka_version.is_some() && f.record_processing_ms.is_some());
    assert!(!c.rules.select.is_empty() && !c.rules.ignore.is_empty());
    assert!(!c.rules.severity.is_empty() && !c.rules.paths.is_empty());
}

fn is_setting(line: &str) -> bool {
    line.starts_with('[')
        || line.split_once(" = ").is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        })
}
