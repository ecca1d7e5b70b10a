//! Files outside the project: paths in kafkalint.toml stay inside the
//! repository (or the config's directory when there is none), `--fix` writes
//! only the files it lints and never a broker file read as context, and rule
//! directories are not followed out through links. Paths given on the command
//! line are the user's choice.

mod support;

use std::fs;
use std::os::unix::fs::symlink;
use support::{TempDir, check_concise, rule_file, run};

const VICTIM: &str = "num.partitions=1\nnum.partitions=2\n";

/// `project/` (a client in `apps/`) next to `victim/x`, outside it.
fn layout(test: &str) -> TempDir {
    let dir = TempDir::new(test);
    dir.write("victim/x", VICTIM);
    dir.write(
        "victim/rules/r.toml",
        rule_file("X1", "producer", &[], "true"),
    );
    dir.write("project/apps/producer.properties", "acks=ALL\nacks=1\n");
    symlink("../victim", dir.path().join("project/link")).expect("a link");
    dir
}

fn cluster(broker: &str) -> String {
    format!("[[cluster]]\nname = \"c\"\nbroker = \"{broker}\"\nclients = [\"apps/*.properties\"]\n")
}

#[test]
fn paths_that_leave_the_project_are_config_errors_naming_file_line_and_field() {
    let dir = layout("outside-config");
    let absolute = dir.path().join("victim/x").display().to_string();
    let cases = [
        (
            cluster("../victim/x"),
            3,
            "cluster[0].broker",
            "`../victim/x` leads outside",
        ),
        (
            cluster(&absolute),
            3,
            "cluster[0].broker",
            "(an absolute path) leads outside",
        ),
        (
            cluster("link/x"),
            3,
            "cluster[0].broker",
            "through a symbolic link to",
        ),
        (
            "[rules]\npaths = [\"/\"]\n".to_string(),
            2,
            "rules.paths[0]",
            "`/` (an absolute path)",
        ),
        (
            "[rules]\npaths = [\"link/rules\"]\n".to_string(),
            2,
            "rules.paths[0]",
            "through a symbolic link",
        ),
        (
            "[[files]]\npath = \"link/x\"\nrole = \"producer\"\n".to_string(),
            2,
            "files[0].path",
            "through a symbolic link",
        ),
    ];
    for (config, line, field, why) in cases {
        dir.write("project/kafkalint.toml", &config);
        for args in [
            &["check", "project"][..],
            &["check", "--fix", "project"][..],
            &["show", "project/apps/producer.properties"][..],
        ] {
            let out = run(dir.path(), args);
            assert_eq!(out.code, 2, "{config}: {out:#?}");
            assert!(
                out.stderr.contains(&format!(
                    "kafkalint: invalid project config: project/kafkalint.toml:{line}: {field}: "
                )) && out.stderr.contains(why)
                    && out
                        .stderr
                        .contains("paths in kafkalint.toml stay inside it"),
                "{config}: {out:#?}"
            );
            assert_eq!(out.stdout, "", "{config}: {out:#?}");
        }
        assert_eq!(
            fs::read_to_string(dir.path().join("victim/x"))
                .ok()
                .as_deref(),
            Some(VICTIM)
        );
    }
}

#[test]
fn inside_a_repository_a_path_may_climb_to_a_sibling() {
    let dir = layout("outside-repository");
    fs::create_dir(dir.path().join(".git")).expect("a repository");
    dir.write("project/kafkalint.toml", cluster("../victim/x"));
    let out = check_concise(dir.path(), &["project"]);
    assert!(out.code < 2, "{out:#?}");
    // Above the repository it is an error again.
    let outer = TempDir::new("outside-repository-outer");
    outer.write("x", VICTIM);
    let elsewhere = outer.path().join("x").display().to_string();
    dir.write("project/kafkalint.toml", cluster(&elsewhere));
    let out = run(dir.path(), &["check", "project"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr.contains("leads outside the repository"),
        "{out:#?}"
    );
}

#[test]
fn the_command_line_may_name_files_anywhere() {
    let dir = layout("outside-command-line");
    let out = check_concise(
        dir.path().join("project").as_path(),
        &[
            "--broker",
            "../victim/x",
            "--rules",
            "../victim/rules",
            "--role",
            "producer",
            "apps/producer.properties",
        ],
    );
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(out.stdout.contains("warning[X1] X1 fired"), "{out:#?}");
}

#[test]
fn fix_never_writes_a_broker_file_read_as_context() {
    let dir = TempDir::new("outside-fix-broker");
    let broker = "num.partitions=1\nnum.partitions=2\n";
    dir.write("broker/server.properties", broker);
    dir.write("apps/producer.properties", "acks=ALL\nacks=1\n");
    dir.write("kafkalint.toml", cluster("broker/server.properties"));
    // The broker is linted too (a config names it), and reachable through a link.
    symlink(
        "../broker/server.properties",
        dir.path().join("apps/also-broker.properties"),
    )
    .expect("a link");
    let out = run(dir.path(), &["check", "--fix", "--format", "concise", "."]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stderr.contains("`broker/server.properties` is not fixed: this run reads it as the broker of other files"),
        "{out:#?}"
    );
    assert!(
        out.stdout
            .contains("broker/server.properties:1:1: warning[K008]"),
        "{out:#?}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("broker/server.properties"))
            .ok()
            .as_deref(),
        Some(broker)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("apps/producer.properties"))
            .ok()
            .as_deref(),
        Some("acks=1\n")
    );
    // The same with --broker on the command line and no config.
    let out = run(
        dir.path(),
        &[
            "check",
            "--fix",
            "--no-config",
            "--broker",
            "broker/server.properties",
            "broker",
            "apps",
        ],
    );
    assert!(out.stderr.contains("is not fixed"), "{out:#?}");
    assert_eq!(
        fs::read_to_string(dir.path().join("broker/server.properties"))
            .ok()
            .as_deref(),
        Some(broker)
    );
    // Alone, it is fixed.
    let out = run(dir.path(), &["check", "--fix", "broker/server.properties"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(
        fs::read_to_string(dir.path().join("broker/server.properties"))
            .ok()
            .as_deref(),
        Some("num.partitions=2\n")
    );
}

#[test]
fn rule_directories_are_not_followed_out_through_links() {
    let dir = layout("outside-rule-links");
    dir.write(
        "project/rules/own.toml",
        rule_file("X2", "producer", &[], "true"),
    );
    symlink("own.toml", dir.path().join("project/rules/same.toml")).expect("a link");
    symlink(
        "../../victim/rules/r.toml",
        dir.path().join("project/rules/theirs.toml"),
    )
    .expect("a link");
    symlink("../../victim/rules", dir.path().join("project/rules/more")).expect("a link");
    symlink(
        "nowhere.toml",
        dir.path().join("project/rules/dangling.toml"),
    )
    .expect("a link");
    let out = check_concise(
        dir.path().join("project").as_path(),
        &["--rules", "rules", "--role", "producer", "apps"],
    );
    assert_eq!(out.code, 0, "{out:#?}");
    // Its own rule once (the link to it inside is the same file), none from outside.
    assert_eq!(out.stdout.matches("[X2]").count(), 1, "{out:#?}");
    assert!(!out.stdout.contains("[X1]"), "{out:#?}");
    for note in [
        "kafkalint: note: `rules/theirs.toml` links to ",
        "outside `rules`; skipped (give it with --rules to load it)",
        "kafkalint: note: `rules/more` links to ",
        "outside `rules`; not followed",
        "kafkalint: note: `rules/dangling.toml` is a link that leads nowhere",
    ] {
        assert!(out.stderr.contains(note), "{note}: {out:#?}");
    }
}
