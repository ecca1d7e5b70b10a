//! One fixture pair per check: `trigger.properties` must produce exactly the
//! snapshotted diagnostics of that check, `clean.properties` none at all.

mod common;

use common::checks;
use std::path::Path;

/// `check --format concise EXTRA PATH` in the crate's directory: standard output and exit status.
fn check(path: &Path, extra: &[&str]) -> (String, i32) {
    let path = path.to_string_lossy();
    let args = [&["check", "--format", "concise"], extra, &[path.as_ref()]].concat();
    let o = common::kafkalint(&args);
    (o.stdout, o.status)
}

#[test]
fn every_check_has_a_fixture_pair_that_behaves() {
    let root = Path::new("tests/fixtures/checks");
    let mut seen = 0;
    for meta in checks() {
        let dir = root.join(meta.code);
        // `.properties`, or the file type of the carrier whose check it is
        // (Spring Boot's files are claimed by name: `application-trigger.*`).
        let trigger = fixture(&dir, "trigger");
        let clean = fixture(&dir, "clean");
        assert!(
            trigger.is_file() && clean.is_file(),
            "{}: missing fixture pair in {}",
            meta.code,
            dir.display()
        );

        let (out, status) = check(&trigger, &["--select", meta.code]);
        assert!(
            !out.is_empty(),
            "{}: trigger.properties produced nothing",
            meta.code
        );
        for line in out.lines() {
            assert!(
                line.contains(&format!("[{}]", meta.code)),
                "{}: unexpected line {line}",
                meta.code
            );
        }
        let expected_status = if meta.severity == kafkalint::diagnostics::Severity::Error {
            1
        } else {
            0
        };
        assert_eq!(status, expected_status, "{}: exit status", meta.code);
        insta::assert_snapshot!(format!("{}-{}", meta.code, meta.name), out);

        // The clean file is clean of every per-key check, not only of this one
        // (relationship rules have fixtures of their own, in tests/fixtures/rules).
        let (out, status) = check(&clean, &["--select", "K0,K1,K2,K3,K4"]);
        assert_eq!(
            out, "",
            "{}: clean.properties produced diagnostics",
            meta.code
        );
        assert_eq!(status, 0);
        seen += 1;
    }
    assert_eq!(seen, checks().len());
    assert!(seen >= 20);
}

/// The file `NAME.*` (or `application-NAME.*`, `compose-NAME.*`) of a fixture
/// directory (`trigger.properties`, `trigger.yaml`, `application-trigger.properties`,
/// `compose-trigger.yaml`: Spring Boot and compose files are claimed by name).
fn fixture(dir: &Path, name: &str) -> std::path::PathBuf {
    let spring = format!("application-{name}");
    let compose = format!("compose-{name}");
    let found = std::fs::read_dir(dir).ok().and_then(|entries| {
        entries.filter_map(Result::ok).map(|e| e.path()).find(|p| {
            p.file_stem()
                .is_some_and(|s| s == name || s == spring.as_str() || s == compose.as_str())
        })
    });
    found.unwrap_or_else(|| dir.join(format!("{name}.properties")))
}

/// Beside the pair, a check's folder may hold `trigger-*.properties` and
/// `clean-*.properties` files, one on each side of a Kafka version boundary the
/// check depends on: every trigger file gets the check's finding (snapshotted
/// together), every clean file no finding of any per-key check.
#[test]
fn version_boundary_fixtures_trigger_and_stay_clean() {
    let root = Path::new("tests/fixtures/checks");
    for meta in checks() {
        let Ok(entries) = std::fs::read_dir(root.join(meta.code)) else {
            continue;
        };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        let mut triggered = String::new();
        for path in &files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("trigger-") {
                let (out, _) = check(path, &["--select", meta.code]);
                assert!(
                    out.contains(&format!("[{}]", meta.code)),
                    "{}: {name} produced no finding",
                    meta.code
                );
                triggered.push_str(&out);
            } else if name.starts_with("clean-") {
                let (out, status) = check(path, &["--select", "K0,K1,K2,K3,K4"]);
                assert_eq!(out, "", "{}: {name} produced diagnostics", meta.code);
                assert_eq!(status, 0, "{}: {name}", meta.code);
            }
        }
        if !triggered.is_empty() {
            insta::assert_snapshot!(
                format!("{}-{}-version-boundaries", meta.code, meta.name),
                triggered
            );
        }
    }
}
