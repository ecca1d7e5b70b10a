//! What the tests that run the real binary share: a temporary directory of
//! their own, and a run (`common`'s) that must end within a deadline and never
//! panic, with its exit status as `code`.
// Each test crate uses its own part of this module.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

#[path = "../common/mod.rs"]
mod common;

/// A directory of its own under the system's temporary directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(test: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = std::env::temp_dir().join(format!(
            "kafkalint-test-{test}-{}-{nanos}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(&path).expect("create the test directory");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create a parent directory");
        }
        fs::write(&path, bytes).expect("write a test file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `kafkalint ARGS` in `dir`, so paths in messages are the relative ones given.
/// Fails the test if the run outlives `DEADLINE`, dies of a signal, or panics.
pub fn run<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Output {
    common::kafkalint_in(dir, args).into()
}

/// Runs `kafkalint ARGS` in `dir` with `input` on standard input, as `run` does.
pub fn run_with_stdin(dir: &Path, args: &[&str], input: Vec<u8>) -> Output {
    common::kafkalint_with_stdin(dir, args, Some(&input)).into()
}

impl From<common::Output> for Output {
    fn from(o: common::Output) -> Output {
        Output {
            code: o.status,
            stdout: o.stdout,
            stderr: o.stderr,
        }
    }
}

/// A user rule file with one warning case: `code` (named after it) for `role`,
/// reading `reads`, firing when the CEL `condition` holds.
pub fn rule_file(code: &str, role: &str, reads: &[&str], condition: &str) -> String {
    let reads: Vec<String> = reads.iter().map(|r| format!("{r:?}")).collect();
    format!(
        r#"code = "{code}"
name = "rule-{}"
roles = ["{role}"]
reads = [{}]

[[case]]
severity = "warning"
condition = '''{condition}'''
message = "{code} fired"

[doc]
summary = "a test rule"
what = "-"
why = "-"
example = "-"
fix = "-"
"#,
        code.to_ascii_lowercase(),
        reads.join(", ")
    )
}

/// Runs `kafkalint check --format concise ARGS` in `dir`.
pub fn check_concise(dir: &Path, args: &[&str]) -> Output {
    run(dir, &[&["check", "--format", "concise"][..], args].concat())
}
