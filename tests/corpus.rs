//! Runs over every file of the shared real-world corpus (../shared/corpus/real-world)
//! when it is present: no crash anywhere, no warning on Apache Kafka's own shipped
//! 3.8 client configs, no error on its shipped broker configs (each linted against
//! the Kafka version it shipped with).

mod common;

use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-world");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "notice: {} is not present; the corpus test checked nothing",
            dir.display()
        );
        None
    }
}

/// `check --format concise ARGS PATH`: standard output, standard error and exit status.
fn concise(args: &[&str], path: &Path) -> (String, String, i32) {
    let path = path.to_string_lossy();
    let o =
        common::kafkalint(&[&["check", "--format", "concise"], args, &[path.as_ref()]].concat());
    (o.stdout, o.stderr, o.status)
}

fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            all_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_corpus_file_is_linted_without_a_crash() {
    let Some(dir) = corpus() else { return };
    let mut files = Vec::new();
    all_files(&dir, &mut files);
    assert!(
        files.len() > 100,
        "corpus looks truncated: {} files",
        files.len()
    );
    // Every file, whatever its extension (YAML and .config files included), named explicitly.
    for file in &files {
        let (_, stderr, status) = concise(&[], file);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", file.display());
        // A built-in rule whose expression fails on real input is a rule bug.
        assert!(
            !stderr.contains("could not be evaluated"),
            "{}: {stderr}",
            file.display()
        );
        assert!(
            status == 0 || status == 1,
            "{}: exit {status}: {stderr}",
            file.display()
        );
    }
    // And the whole tree at once, walked.
    let (stdout, stderr, status) = concise(&[], &dir);
    assert!(status == 0 || status == 1, "exit {status}: {stderr}");
    assert!(stdout.lines().count() > 50);
}

/// The version an Apache file shipped with, from its corpus name
/// (`apache-kafka-3.8.0-server.properties`); trunk files are 4.0 development.
fn apache_version(name: &str) -> String {
    let rest = name.trim_start_matches("apache-kafka-");
    let version: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let version = version.trim_end_matches('.');
    match version {
        "" => "4.0".to_string(),
        // Older than the oldest catalog: check against the oldest.
        v if v.starts_with("0.7") || v.starts_with("0.8") => "0.9.0".to_string(),
        v => v.to_string(),
    }
}

#[test]
fn apache_shipped_client_configs_have_no_warnings() {
    let Some(dir) = corpus() else { return };
    for name in [
        "apache-kafka-3.8.0-producer.properties",
        "apache-kafka-3.8.0-consumer.properties",
    ] {
        let (stdout, stderr, status) =
            concise(&["--kafka-version", "3.8"], &dir.join("client").join(name));
        assert_eq!(status, 0, "{name}: {stderr}");
        assert!(
            !stdout.contains("warning[") && !stdout.contains("error["),
            "{name}:\n{stdout}"
        );
    }
}

#[test]
fn apache_shipped_broker_configs_have_no_errors() {
    let Some(dir) = corpus() else { return };
    let mut checked = 0;
    let Ok(entries) = std::fs::read_dir(dir.join("broker")) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("apache-kafka-") {
            continue;
        }
        let version = apache_version(&name);
        let (stdout, stderr, status) = concise(&["--kafka-version", &version], &entry.path());
        assert!(!stdout.contains("error["), "{name} at {version}:\n{stdout}");
        assert_eq!(status, 0, "{name} at {version}: {stderr}");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} Apache broker files found");
}
