//! The command line, the project config and the directives take the same
//! things the same way: code prefixes and names, Kafka versions (with the same
//! notes and the same errors, patch releases included), and say so when an
//! option is given that cannot apply (`--stdin-filename` without `-`, a
//! `--rules` directory that does not exist, a client file as the broker).

mod support;

use support::{TempDir, check_concise, run};

#[test]
fn the_project_config_takes_code_prefixes_and_names_as_the_command_line_does() {
    let dir = TempDir::new("consistency-select");
    dir.write("consumer.properties", "group.id=g\nmax.poll.records=500\n");
    dir.write(
        "kafkalint.toml",
        "[rules]\nselect = [\"K\"]\nignore = [\"auto-commit-semantics\"]\nseverity = { K5 = \"error\", K501 = \"warning\" }\n",
    );
    let out = check_concise(dir.path(), &["consumer.properties"]);
    assert_eq!(out.code, 0, "{out:#?}");
    // The most specific severity wins: K501 over K5.
    assert!(out.stdout.contains("warning[K501]"), "{out:#?}");
    assert!(!out.stdout.contains("K508"), "{out:#?}");
    let out = run(
        dir.path(),
        &["check", "--select", "K", "consumer.properties"],
    );
    assert!(out.code < 2, "{out:#?}");

    // A prefix that names nothing is refused at its line, in a config the walk meets too.
    dir.write("kafkalint.toml", "[rules]\nselect = [\"K\"]\n");
    dir.write("sub/kafkalint.toml", "\n[rules]\nselect = [\"K99\"]\n");
    dir.write("sub/consumer.properties", "group.id=g\n");
    let out = run(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr.contains(
            "kafkalint: invalid project config: sub/kafkalint.toml:3: rules.select[0]: unknown check `K99`"
        ),
        "{out:#?}"
    );
}

#[test]
fn options_that_cannot_apply_are_usage_errors() {
    let dir = TempDir::new("consistency-options");
    dir.write("consumer.properties", "group.id=g\n");
    let out = run(
        dir.path(),
        &[
            "check",
            "--stdin-filename",
            "consumer.properties",
            "consumer.properties",
        ],
    );
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("--stdin-filename"), "{out:#?}");
    for command in ["check", "rules"] {
        let mut args = vec![command, "--rules", "nope"];
        if command == "check" {
            args.push("consumer.properties");
        }
        let out = run(dir.path(), &args);
        assert_eq!(out.code, 2, "{out:#?}");
        assert_eq!(
            out.stderr, "kafkalint: --rules nope: no such rule directory or file\n",
            "{out:#?}"
        );
    }
}

#[test]
fn versions_get_the_same_notes_and_errors_from_every_source() {
    let dir = TempDir::new("consistency-versions");
    dir.write("consumer.properties", "group.id=g\n");
    let newer = "Kafka 99.0 is newer than the newest known";
    let out = run(
        dir.path(),
        &["check", "--kafka-version", "99.0", "consumer.properties"],
    );
    assert!(
        out.code < 2 && out.stderr.contains(&format!("kafkalint: note: {newer}")),
        "{out:#?}"
    );

    dir.write("project/kafkalint.toml", "kafka-version = \"99.0\"\n");
    dir.write("project/consumer.properties", "group.id=g\n");
    for command in ["check", "show"] {
        let out = run(dir.path(), &[command, "project/consumer.properties"]);
        assert!(out.code < 2, "{out:#?}");
        assert!(
            out.stderr.contains(&format!(
                "kafkalint: note: project/kafkalint.toml:1: kafka-version: {newer}"
            )),
            "{command}: {out:#?}"
        );
    }
    dir.write(
        "directive/consumer.properties",
        "# kafkalint: kafka-version=99.0\ngroup.id=g\n",
    );
    let out = check_concise(dir.path(), &["directive/consumer.properties"]);
    assert!(
        out.stdout.contains(&format!("info[K010] {newer}")),
        "{out:#?}"
    );

    // A patch that was never released: an error in a line that is closed...
    let out = run(
        dir.path(),
        &["check", "--kafka-version", "3.4.7", "consumer.properties"],
    );
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr
            .contains("Kafka 3.4.7 is not a known Kafka release (the 3.4 line has 3.4.0, 3.4.1)"),
        "{out:#?}"
    );
    dir.write("project/kafkalint.toml", "kafka-version = \"3.4.7\"\n");
    let out = run(dir.path(), &["check", "project/consumer.properties"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr.contains(
            "project/kafkalint.toml:1: kafka-version: Kafka 3.4.7 is not a known Kafka release"
        ),
        "{out:#?}"
    );
    // ... a note in one that may have had releases since kafkalint's list.
    let out = run(
        dir.path(),
        &["check", "--kafka-version", "4.3.9", "consumer.properties"],
    );
    assert!(out.code < 2, "{out:#?}");
    assert!(
        out.stderr.contains("note: Kafka 4.3.9 is not a release kafkalint knows: the newest 4.3 release kafkalint knows is 4.3.1; using 4.3"),
        "{out:#?}"
    );
    for released in ["3.6.2", "0.10.2.2", "4.1.0", "3.3.0"] {
        let out = run(
            dir.path(),
            &["check", "--kafka-version", released, "consumer.properties"],
        );
        assert!(
            out.code < 2 && !out.stderr.contains("note"),
            "{released}: {out:#?}"
        );
    }
}

#[test]
fn a_client_file_is_not_accepted_as_the_broker() {
    let dir = TempDir::new("consistency-broker");
    dir.write("consumer.properties", "group.id=g\n");
    dir.write("producer.properties", "acks=all\n");
    dir.write("kafka.properties", "group.id=other\nkey.deserializer=x\n");
    dir.write("server.properties", "message.max.bytes=1000\n");
    for (broker, why) in [
        (
            "producer.properties",
            "by the file name, it is a producer configuration",
        ),
        (
            "kafka.properties",
            "by the keys it sets, it is a consumer configuration",
        ),
    ] {
        let out = run(
            dir.path(),
            &["check", "--broker", broker, "consumer.properties"],
        );
        assert_eq!(out.code, 2, "{out:#?}");
        assert!(
            out.stderr.contains(&format!(
                "kafkalint: --broker `{broker}` is not a broker configuration: {why}"
            )),
            "{out:#?}"
        );
    }
    let out = run(
        dir.path(),
        &[
            "check",
            "--broker",
            "server.properties",
            "consumer.properties",
        ],
    );
    assert!(out.code < 2, "{out:#?}");

    dir.write(
        "kafkalint.toml",
        "[[cluster]]\nname = \"prod\"\nbroker = \"producer.properties\"\nclients = [\"consumer.properties\"]\n",
    );
    let out = run(dir.path(), &["check", "consumer.properties"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr.contains("invalid project config: kafkalint.toml: cluster `prod`: broker `producer.properties` is not a broker configuration"),
        "{out:#?}"
    );
}
