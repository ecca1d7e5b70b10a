//! The conventions users bring from ruff, shellcheck and hadolint: statistics,
//! output files, quiet and silent runs, --exit-zero, --show-fixes, the `[*]`
//! marker, the exit-status section, `init --force`, per-file ignores, --watch,
//! and user rules that keep their declared severity.

mod common;

use common::kafkalint_in;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A project directory with a producer that has a fixable error, an unknown
/// key and a consumer, and no kafkalint.toml above it that could apply.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("mark the repository root");
    std::fs::write(
        dir.path().join("producer.properties"),
        "bootstrap.servers=localhost:9092\nacks=ALL\nlingr.ms=5\n",
    )
    .expect("write producer");
    std::fs::write(
        dir.path().join("consumer.properties"),
        "bootstrap.servers=localhost:9092\ngroup.id=g\nfetch.min.byts=1\n",
    )
    .expect("write consumer");
    dir
}

#[test]
fn statistics_count_findings_per_code_most_frequent_first() {
    let dir = project();
    let o = kafkalint_in(dir.path(), &["check", "--statistics", "."]);
    assert_eq!(o.status, 1, "{}", o.stderr);
    assert_eq!(
        o.stdout,
        "2  K101      unknown-key (warning)\n1  K203  [*] invalid-value (error)\n"
    );
    let json = kafkalint_in(
        dir.path(),
        &["check", "--statistics", "--format", "json", "."],
    );
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(rows[0]["code"], "K101");
    assert_eq!(rows[0]["count"], 2);
    assert_eq!(rows[1]["code"], "K203");
    assert_eq!(rows[1]["fixable"], 1);
}

#[test]
fn output_file_takes_the_report_and_stdout_stays_empty() {
    let dir = project();
    let o = kafkalint_in(dir.path(), &["check", "-o", "report.txt", "."]);
    assert_eq!(o.status, 1);
    assert_eq!(o.stdout, "");
    let report = std::fs::read_to_string(dir.path().join("report.txt")).expect("report");
    assert!(
        report.contains("./producer.properties:2:6: error[K203] [*] `acks=ALL`"),
        "{report}"
    );
    // A file is no terminal: the format is concise and has no colour.
    assert!(!report.contains('\u{1b}'));
}

#[test]
fn concise_marks_findings_that_fix_settles() {
    let dir = project();
    let o = kafkalint_in(
        dir.path(),
        &["check", "--format", "concise", "producer.properties"],
    );
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert!(lines[0].contains("error[K203] [*] "), "{}", o.stdout);
    // A rename to the key it probably meant is unsafe: no marker.
    assert!(lines[1].contains("warning[K101] unknown"), "{}", o.stdout);
}

#[test]
fn quiet_prints_findings_only_and_silent_prints_nothing() {
    let dir = project();
    let loud = kafkalint_in(
        dir.path(),
        &["check", "--format", "human", "--kafka-version", "9.1", "."],
    );
    assert!(loud.stdout.contains("Found "), "{}", loud.stdout);
    assert!(loud.stderr.contains("note:"), "{}", loud.stderr);
    let quiet = kafkalint_in(
        dir.path(),
        &[
            "check",
            "-q",
            "--format",
            "human",
            "--kafka-version",
            "9.1",
            ".",
        ],
    );
    assert_eq!(quiet.status, 1);
    assert!(quiet.stdout.contains("K203"));
    assert!(!quiet.stdout.contains("Found "), "{}", quiet.stdout);
    assert_eq!(quiet.stderr, "");
    let silent = kafkalint_in(
        dir.path(),
        &["check", "--silent", "--kafka-version", "9.1", "."],
    );
    assert_eq!(silent.status, 1);
    assert_eq!((silent.stdout.as_str(), silent.stderr.as_str()), ("", ""));
}

#[test]
fn exit_zero_passes_on_findings_but_not_on_failures() {
    let dir = project();
    let o = kafkalint_in(dir.path(), &["check", "--exit-zero", "."]);
    assert_eq!(o.status, 0);
    assert!(o.stdout.contains("K203"));
    let broken = kafkalint_in(dir.path(), &["check", "--exit-zero", "missing.properties"]);
    assert_eq!(broken.status, 2, "{}", broken.stderr);
}

#[test]
fn show_fixes_lists_what_fix_settled_per_file_and_code() {
    let dir = project();
    let o = kafkalint_in(
        dir.path(),
        &["check", "--fix", "--show-fixes", "producer.properties"],
    );
    assert_eq!(
        o.stderr,
        "kafkalint: fixed 1 problem in 1 file:\n  producer.properties:\n    1 × K203 (invalid-value)\nkafkalint: 1 more fix is available with --unsafe-fixes\n"
    );
    let fixed = std::fs::read_to_string(dir.path().join("producer.properties")).expect("read");
    assert!(fixed.contains("acks=all\n"));
}

#[test]
fn help_and_manual_page_say_what_the_exit_statuses_mean() {
    let dir = project();
    for args in [&["--help"][..], &["check", "--help"], &["man"]] {
        let o = kafkalint_in(dir.path(), args);
        assert_eq!(o.status, 0);
        assert!(o.stdout.contains("Exit status:"), "{args:?}");
        assert!(o.stdout.contains("exit"), "{args:?}");
    }
}

#[test]
fn init_refuses_to_overwrite_unless_forced() {
    let dir = project();
    assert_eq!(kafkalint_in(dir.path(), &["init"]).status, 0);
    std::fs::write(
        dir.path().join("kafkalint.toml"),
        "kafka-version = \"3.7\"\n",
    )
    .expect("edit");
    let again = kafkalint_in(dir.path(), &["init"]);
    assert_eq!(again.status, 2);
    assert!(again.stderr.contains("init --force"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("kafkalint.toml")).expect("read"),
        "kafka-version = \"3.7\"\n"
    );
    let forced = kafkalint_in(dir.path(), &["init", "--force"]);
    assert_eq!(forced.status, 0, "{}", forced.stderr);
    let starter = std::fs::read_to_string(dir.path().join("kafkalint.toml")).expect("read");
    assert!(starter.contains("[[cluster]]"), "{starter}");
}

#[test]
fn files_entries_ignore_checks_for_their_files_only() {
    let dir = project();
    std::fs::write(
        dir.path().join("kafkalint.toml"),
        "[[files]]\npath = \"consumer.properties\"\nignore = [\"K1\"]\n\n[[files]]\npath = \"*.properties\"\nignore = [\"invalid-value\"]\n",
    )
    .expect("config");
    let o = kafkalint_in(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(
        o.stdout,
        "./producer.properties:3:1: warning[K101] unknown producer key `lingr.ms` in Kafka 4.4; did you mean `linger.ms`?\n"
    );
    std::fs::write(
        dir.path().join("kafkalint.toml"),
        "[[files]]\npath = \"consumer.properties\"\nignore = [\"K9999\"]\n",
    )
    .expect("config");
    let bad = kafkalint_in(dir.path(), &["check", "."]);
    assert_eq!(bad.status, 2);
    assert!(bad.stderr.contains("files[0].ignore[0]"), "{}", bad.stderr);
    assert!(bad.stderr.contains("K9999"), "{}", bad.stderr);
}

#[test]
fn config_select_takes_code_prefixes() {
    let dir = project();
    std::fs::write(
        dir.path().join("kafkalint.toml"),
        "[rules]\nselect = [\"K2\"]\n",
    )
    .expect("config");
    let o = kafkalint_in(dir.path(), &["check", "--statistics", "."]);
    assert_eq!(o.stdout, "1  K203  [*] invalid-value (error)\n");
}

#[test]
fn a_user_rule_keeps_its_severity_when_the_broker_is_assumed() {
    let dir = project();
    // Rules judge only files whose keys they read are valid.
    std::fs::write(
        dir.path().join("producer.properties"),
        "bootstrap.servers=localhost:9092\nacks=all\n",
    )
    .expect("write producer");
    let rules = dir.path().join("policy");
    std::fs::create_dir(&rules).expect("rules dir");
    let rule = |code: &str, extra: &str| {
        format!(
            r#"code = "{code}"
name = "policy-{}"
roles = ["producer"]
reads = ["acks", "broker:min.insync.replicas"]
key = "acks"
{extra}
[[case]]
severity = "error"
condition = 'broker["min.insync.replicas"] < 2'
message = "team policy: min.insync.replicas must be at least 2"

[doc]
summary = "s"
what = "w"
why = "y"
example = "e"
fix = "f"
"#,
            code.to_lowercase()
        )
    };
    std::fs::write(rules.join("keep.toml"), rule("ACME1", "")).expect("rule");
    std::fs::write(
        rules.join("lower.toml"),
        rule("ACME2", "assumed-broker = \"lower\""),
    )
    .expect("rule");
    let o = kafkalint_in(
        dir.path(),
        &[
            "check",
            "--rules",
            "policy",
            "--select",
            "ACME",
            "--format",
            "concise",
            "producer.properties",
        ],
    );
    assert_eq!(o.status, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("error[ACME1]"), "{}", o.stdout);
    assert!(o.stdout.contains("warning[ACME2]"), "{}", o.stdout);
    std::fs::write(
        rules.join("lower.toml"),
        rule("ACME2", "assumed-broker = \"sometimes\""),
    )
    .expect("rule");
    let bad = kafkalint_in(dir.path(), &["check", "--rules", "policy", "."]);
    assert_eq!(bad.status, 2);
    assert!(
        bad.stderr.contains("`assumed-broker` is `lower` or `keep`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn watch_lints_again_when_a_file_changes() {
    let dir = project();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .args([
            "check",
            "--watch",
            "--format",
            "concise",
            "producer.properties",
        ])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start --watch");
    let stderr = child.stderr.take().expect("stderr");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    let err_tx = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = err_tx.send(format!("E {line}"));
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(format!("O {line}"));
        }
    });
    // Standard output and error arrive through two threads, in either order:
    // a needle may be among the lines already received.
    let seen = std::cell::RefCell::new(Vec::<String>::new());
    let wait_for = |needle: &str| {
        loop {
            if seen.borrow().iter().any(|l| l.contains(needle)) {
                return;
            }
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(line) => seen.borrow_mut().push(line),
                Err(_) => panic!("no `{needle}` within 30 s; saw {:?}", seen.borrow()),
            }
        }
    };
    wait_for("error[K203]");
    wait_for("watching for changes");
    std::fs::write(
        dir.path().join("producer.properties"),
        "bootstrap.servers=localhost:9092\nacks=all\nmax.poll.records=5\n",
    )
    .expect("edit");
    wait_for("[K102]");
    let _ = child.kill();
    let _ = child.wait();
}
