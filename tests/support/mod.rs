//! What the tests that run the real binary share: a temporary directory of
//! their own, and a run that must end within a deadline and never panic.
// Each test crate uses its own part of this module.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const BIN: &str = env!("CARGO_BIN_EXE_kafkalint");

/// Generous: the 400,000-line file takes a few seconds in a debug build.
pub const DEADLINE: Duration = Duration::from_secs(60);

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
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kafkalint");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout is piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr is piped")));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for kafkalint") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "kafkalint {:?} did not finish within {DEADLINE:?}",
                args.iter().map(|a| a.as_ref()).collect::<Vec<_>>()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let output = Output {
        code: status
            .code()
            .unwrap_or_else(|| panic!("kafkalint was killed by a signal: {status:?}")),
        stdout: stdout.join().expect("read stdout"),
        stderr: stderr.join().expect("read stderr"),
    };
    assert!(
        !output.stderr.contains("panicked"),
        "kafkalint panicked: {output:#?}"
    );
    output
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
