//! Drives the real `pre-commit` tool (from PyPI) with this repository's
//! `.pre-commit-hooks.yaml`: a commit with a bad Kafka config is refused with
//! kafkalint's diagnostics, and goes through once the config is fixed.
//!
//! pre-commit builds the hook from the committed HEAD of this repository
//! (`language: rust`), so uncommitted changes are not what it runs. That is a
//! release build of the whole project (over ten minutes on two cores), so the
//! test is ignored by a plain `cargo test`; `.ci/run` runs it explicitly with
//! `cargo test --test pre_commit -- --ignored`. CI installs pre-commit; elsewhere
//! the test says so and checks nothing, unless CI=true, where a missing
//! pre-commit is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `pre-commit`, or `python3 -m pre_commit` when pip put no script on PATH.
fn pre_commit_command() -> Option<Vec<String>> {
    let candidates: [&[&str]; 2] = [&["pre-commit"], &["python3", "-m", "pre_commit"]];
    candidates.into_iter().find_map(|c| {
        let ok = Command::new(c[0])
            .args(&c[1..])
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| c.iter().map(|s| s.to_string()).collect())
    })
}

fn git(dir: &Path, args: &[&str]) -> Output {
    run(Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "kafkalint test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "kafkalint test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com"))
}

#[test]
#[ignore = "builds the project in release mode (minutes); .ci/run runs it with --ignored"]
fn a_commit_with_a_bad_config_is_refused_until_it_is_fixed() {
    let Some(command) = pre_commit_command() else {
        assert!(
            std::env::var("CI").is_err(),
            "CI=true but pre-commit is not installed (see .ci/run)"
        );
        eprintln!(
            "notice: pre-commit is not installed (pip install pre-commit); the pre-commit test checked nothing"
        );
        return;
    };
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let head = run(Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(project));
    assert!(
        head.status.success(),
        "this test needs the project to be a git checkout"
    );
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();

    let repo = std::env::temp_dir().join(format!("kafkalint-pre-commit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(&repo).expect("temp repo");
    assert!(git(&repo, &["init", "-q"]).status.success());
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {head}\n    hooks:\n      - id: kafkalint\n",
        project.display()
    );
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).expect("config");
    // Kept between runs (under target/) so the hook's cargo build happens once.
    let home: PathBuf = project.join("target/pre-commit-home");
    let pre_commit = |args: &[&str]| {
        run(Command::new(&command[0])
            .args(&command[1..])
            .args(args)
            .current_dir(&repo)
            .env("PRE_COMMIT_HOME", &home)
            .env_remove("CARGO_TARGET_DIR"))
    };
    let installed = pre_commit(&["install"]);
    assert!(installed.status.success(), "{}", text(&installed));

    std::fs::write(
        repo.join("producer.properties"),
        "bootstrap.servers=localhost:9092\nacks=ALL\n",
    )
    .expect("bad file");
    assert!(git(&repo, &["add", "-A"]).status.success());
    let refused = git(&repo, &["commit", "-q", "-m", "bad config"]);
    let output = text(&refused);
    assert!(
        !refused.status.success(),
        "the commit should be refused:\n{output}"
    );
    assert!(
        output.contains("producer.properties:2:6: error[K203] [*] `acks=ALL` is not valid"),
        "kafkalint's diagnostic should be shown:\n{output}"
    );

    std::fs::write(
        repo.join("producer.properties"),
        "bootstrap.servers=localhost:9092\nacks=all\n",
    )
    .expect("good file");
    assert!(git(&repo, &["add", "-A"]).status.success());
    let accepted = git(&repo, &["commit", "-q", "-m", "good config"]);
    assert!(
        accepted.status.success(),
        "the fixed commit should go through:\n{}",
        text(&accepted)
    );
    let _ = std::fs::remove_dir_all(&repo);
}
