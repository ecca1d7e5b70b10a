//! The README's promises, checked: its tables list every code, and its
//! suppression example silences what it says (and nothing is left for K012).

mod common;

use kafkalint::registry::Registry;
use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
}

#[test]
fn the_readme_tables_list_every_code() {
    let readme = readme();
    let registry = Registry::builtin().expect("built-in rules load");
    let missing: Vec<String> = registry
        .codes()
        .iter()
        .filter(|c| !readme.contains(&format!("| {} | {} |", c.code(), c.name())))
        .map(|c| format!("{} {}", c.code(), c.name()))
        .collect();
    assert!(missing.is_empty(), "README.md does not list {missing:?}");
}

#[test]
fn the_suppression_example_silences_every_finding_and_nothing_more() {
    let readme = readme();
    let section = &readme[readme.find("## Suppressing a finding").expect("section")..];
    let start = section.find("```properties\n").expect("example") + "```properties\n".len();
    let example = &section[start..start + section[start..].find("```").expect("end")];
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("app.properties");
    std::fs::write(&path, example).expect("write example");
    let run = |file: &Path| {
        let file = file.to_string_lossy();
        let mut args: Vec<&str> = "check --no-config --format concise --fail-on info"
            .split(' ')
            .collect();
        args.push(&file);
        common::kafkalint(&args)
    };
    let out = run(&path);
    assert_eq!(
        out.stdout, "",
        "the example is not clean (K012 means a directive silences nothing)"
    );
    assert_eq!(out.status, 0);
    // Without its directives, each finding they silence is there.
    let bare: String = example
        .lines()
        .filter(|l| !l.contains("disable"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, bare).expect("write bare example");
    let found = run(&path).stdout;
    assert!(
        found.contains("[K101]") && found.contains("[K104]"),
        "{found}"
    );
}

#[test]
fn the_ci_commands_run_and_only_findings_pass_with_exit_zero() {
    let readme = readme();
    let start = readme.find("## In CI").expect("CI section");
    let section = &readme[start..start + readme[start + 3..].find("\n## ").expect("next section")];
    let commands: Vec<&str> = section
        .lines()
        .filter_map(|l| {
            l.trim_start()
                .trim_start_matches("- run: ")
                .trim_start_matches("- ")
                .strip_prefix("kafkalint check")
        })
        .map(|rest| rest.split(" #").next().unwrap_or(rest))
        .collect();
    assert!(commands.len() >= 3, "{commands:?}");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("producer.properties"), "acks=ALL\n").expect("write");
    std::fs::write(dir.path().join("kafkalint.toml"), "").expect("write");
    for command in commands {
        assert!(
            !command.contains("||"),
            "`{command}`: use --exit-zero, which keeps status 2"
        );
        let mut args = vec!["check"];
        args.extend(command.split_whitespace());
        let o = common::kafkalint_in(dir.path(), &args);
        let expected = if command.contains("--exit-zero") {
            0
        } else {
            1
        };
        assert_eq!(o.status, expected, "`{command}`: {}", o.stderr);
        // A broken project config fails the run, --exit-zero or not.
        std::fs::write(dir.path().join("kafkalint.toml"), "kafka-version = 3\n").expect("write");
        assert_eq!(
            common::kafkalint_in(dir.path(), &args).status,
            2,
            "`{command}`"
        );
        std::fs::write(dir.path().join("kafkalint.toml"), "").expect("write");
    }
}
