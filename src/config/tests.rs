use super::*;

fn parse(text: &str) -> Result<ProjectConfig, ConfigError> {
    ProjectConfig::parse(Path::new("kafkalint.toml"), text)
}

fn error(text: &str) -> String {
    parse(text)
        .expect_err("the config must be refused")
        .to_string()
}

#[test]
fn loaded_config_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<LoadedConfig>();
    assert_send_sync::<Arc<LoadedConfig>>();
    assert_send_sync::<FileSettings>();
}

#[test]
fn field_paths_follow_tables_and_arrays() {
    let text = "a = 1\n[[files]]\npath = \"x\"\n[[files]]\npath = \"y\"\nrole = 3\n[rules]\nseverity = { K1 = 2 }\n";
    let tree = toml::de::DeTable::parse(text).unwrap();
    let at = |needle: &str| parse::field_at(&tree, text.find(needle).unwrap());
    assert_eq!(at("a =").as_deref(), Some("a"));
    assert_eq!(at("role").as_deref(), Some("files[1].role"));
    assert_eq!(at("3\n").as_deref(), Some("files[1].role"));
    assert_eq!(at("K1").as_deref(), Some("rules.severity.K1"));
}

#[test]
fn wrong_types_name_the_field() {
    assert_eq!(
        error("[[files]]\npath = \"a\"\nrecord-processing-ms = \"800\"\n"),
        "kafkalint.toml:3: files[0].record-processing-ms: invalid type: string \"800\", expected an integer"
    );
    assert_eq!(
        error("include = \"*.properties\"\n"),
        "kafkalint.toml:1: include: invalid type: string \"*.properties\", expected an array"
    );
}

#[test]
fn a_missing_required_field_names_it() {
    assert_eq!(
        error("[[files]]\nrole = \"consumer\"\n"),
        "kafkalint.toml:1: files[0].path: required, but missing"
    );
    assert_eq!(
        error("[[cluster]]\nname = \"prod\"\nbroker-version = \"3.6\"\n"),
        "kafkalint.toml:1: cluster[0].clients: a cluster without broker files needs clients (globs of the files it applies to)"
    );
}

#[test]
fn record_processing_ms_must_be_positive_and_bounded() {
    let bounds = "must be a whole number of milliseconds from 1 to 2147483647 (the largest max.poll.interval.ms)";
    assert_eq!(
        error("record-processing-ms = 0\n"),
        format!("kafkalint.toml:1: record-processing-ms: {bounds}, not `0`")
    );
    assert_eq!(
        error("\n[[files]]\npath = \"a\"\nrecord-processing-ms = -5\n"),
        format!("kafkalint.toml:4: files[0].record-processing-ms: {bounds}, not `-5`")
    );
    assert_eq!(
        error("record-processing-ms = 99999999999999999\n"),
        format!("kafkalint.toml:1: record-processing-ms: {bounds}, not `99999999999999999`")
    );
}

#[test]
fn globs_must_compile_and_stay_below_the_config() {
    assert_eq!(
        error("exclude = [\"ok/**\", \"apps/[a.properties\"]\n"),
        "kafkalint.toml:1: exclude[1]: invalid glob `apps/[a.properties`: unclosed character class; missing ']'"
    );
    assert_eq!(
        error("include = [\"/etc/kafka/*.properties\"]\n"),
        "kafkalint.toml:1: include[0]: `/etc/kafka/*.properties` is absolute: paths and globs are relative to the directory of the config file"
    );
    assert_eq!(
        error("[[files]]\npath = \"../other/*.properties\"\n"),
        "kafkalint.toml:2: files[0].path: `../other/*.properties` leaves the directory of the config file (`..`): its globs only match files below it"
    );
}

#[test]
fn patterns_drop_dot_slash_and_trailing_slash() {
    let c = parse("exclude = [\"./build/\"]\n[[files]]\npath = \"apps/x.conf\"\n").unwrap();
    assert_eq!(c.exclude[0].as_str(), "build");
    assert!(c.files[0].path.is_literal());
    assert!(c.files[0].path.is_match("apps/x.conf"));
}

#[test]
fn cluster_shape_is_checked() {
    assert_eq!(
        error("[[cluster]]\nname = \"prod\"\nclients = [\"a/*\"]\n"),
        "kafkalint.toml:1: cluster[0]: a cluster needs broker (the broker's configuration file), broker-version (when there is no file) or brokers (how many brokers it has)"
    );
    assert_eq!(
        error("[[cluster]]\nname = \"prod\"\nbrokers = 3\n"),
        "kafkalint.toml:1: cluster[0].clients: a cluster without broker files needs clients (globs of the files it applies to)"
    );
    assert_eq!(
        error("[[cluster]]\nname = \"prod\"\nbroker-version = \"3.6\"\nclients = []\n"),
        "kafkalint.toml:4: cluster[0].clients: a cluster needs at least one glob of client files"
    );
    assert_eq!(
        error(
            "[[cluster]]\nname = \"prod\"\nbroker-version = \"3.6\"\nclients = [\"a\"]\n[[cluster]]\nname = \"prod\"\nbroker-version = \"3.7\"\nclients = [\"b\"]\n"
        ),
        "kafkalint.toml:6: cluster[1].name: a cluster named `prod` is already defined at line 2"
    );
}

#[test]
fn severity_accepts_off() {
    let c =
        parse("[rules]\nseverity = { K101 = \"off\", K2 = \"warn\", unknown-key = \"error\" }\n")
            .unwrap();
    assert_eq!(c.rules.severity["K101"].value, SeverityOrOff::Off);
    assert_eq!(
        c.rules.severity["K2"].value,
        SeverityOrOff::Level(Severity::Warning)
    );
    assert_eq!(
        c.rules.severity["unknown-key"].value,
        SeverityOrOff::Level(Severity::Error)
    );
}

#[test]
fn newer_versions_are_accepted_with_a_note() {
    let c = parse("kafka-version = \"99.1\"\n").unwrap();
    let notes = c.notes();
    assert_eq!(notes.len(), 1);
    let newest = crate::catalog::newest();
    assert_eq!(
        notes[0].to_string(),
        format!(
            "kafkalint.toml:1: kafka-version: Kafka 99.1 is newer than the newest known ({newest}); using {newest}"
        )
    );
}

#[test]
fn unknown_field_messages_do_not_repeat_the_name() {
    assert_eq!(
        error("[rules]\nselct = [\"K1\"]\n"),
        "kafkalint.toml:2: rules.selct: unknown field, expected one of `select`, `extend-select`, `ignore`, `severity`, `paths`"
    );
}

#[test]
fn cluster_size_is_brokers_or_the_length_of_a_broker_list() {
    let size = |text: &str| parse(text).map(|c| c.clusters[0].size());
    let shared = "[[cluster]]\nname = \"p\"\nbroker = \"b.properties\"\n";
    // One file is the configuration every broker shares: it says nothing of their number.
    assert_eq!(size(shared), Ok(None));
    assert_eq!(size(&format!("{shared}brokers = 3\n")), Ok(Some(3)));
    let each = "[[cluster]]\nname = \"p\"\nbroker = [\"b0.properties\", \"b1.properties\"]\n";
    assert_eq!(size(each), Ok(Some(2)));
    // More brokers than files listed: the others share one of the listed files.
    assert_eq!(size(&format!("{each}brokers = 5\n")), Ok(Some(5)));
    let alone = "[[cluster]]\nname = \"p\"\nbrokers = 1\nclients = [\"*\"]\n";
    assert_eq!(size(alone), Ok(Some(1)));
    let with_version =
        "[[cluster]]\nname = \"p\"\nbroker-version = \"3.6\"\nbrokers = 2\nclients = [\"*\"]\n";
    assert_eq!(size(with_version), Ok(Some(2)));
    let c = parse(each).unwrap();
    assert!(c.clusters[0].clients.is_empty());
    assert_eq!(
        (
            c.clusters[0].broker[1].value.as_str(),
            c.clusters[0].broker[1].line
        ),
        ("b1.properties", 3)
    );
}

#[test]
fn cluster_size_is_checked_at_its_line() {
    let head = "[[cluster]]\nname = \"p\"\nclients = [\"*\"]\n";
    for bad in ["0", "-2", "100001"] {
        assert_eq!(
            error(&format!("{head}brokers = {bad}\n")),
            format!(
                "kafkalint.toml:4: cluster[0].brokers: must be a whole number of brokers from 1 to 100000, not {bad}"
            )
        );
    }
    assert_eq!(
        error(&format!("{head}brokers = \"3\"\n")),
        "kafkalint.toml:4: cluster[0].brokers: invalid type: string \"3\", expected an integer"
    );
    assert_eq!(
        error("[[cluster]]\nname = \"p\"\nbroker = [\"a\", \"b\", \"c\"]\nbrokers = 2\n"),
        "kafkalint.toml:4: cluster[0].brokers: 2 is fewer than the 3 broker files `broker` lists"
    );
    assert_eq!(
        error("[[cluster]]\nname = \"p\"\nbroker = [\n  \"a\",\n  \" \",\n]\n"),
        "kafkalint.toml:5: cluster[0].broker[1]: empty path: name the broker's configuration file"
    );
    assert_eq!(
        error("[[cluster]]\nname = \"p\"\nbroker = [\n  \"a\",\n  \"a\",\n]\n"),
        "kafkalint.toml:5: cluster[0].broker[1]: `a` is already listed at line 4"
    );
    assert_eq!(
        error("[[cluster]]\nname = \"p\"\nbroker = []\n"),
        "kafkalint.toml:3: cluster[0].broker: empty list: name the broker's configuration file, or each broker's"
    );
    assert_eq!(
        error("[[cluster]]\nname = \"p\"\nbroker = 3\n"),
        "kafkalint.toml:3: cluster[0].broker: invalid type: integer `3`, expected a path or an array of paths"
    );
    assert_eq!(
        error("[[cluster]]\nname = \"p\"\nbroker = [\"a\"]\nbroker-version = \"3.6\"\n"),
        "kafkalint.toml:4: cluster[0].broker-version: set broker (the broker's configuration file) or broker-version (when there is no file), not both"
    );
}
