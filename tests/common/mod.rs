//! How the test binaries run the real kafkalint: `kafkalint(ARGS)` in the
//! crate's directory, `kafkalint_in(DIR, ARGS)` elsewhere,
//! `kafkalint_with_stdin` with standard input. Every run has colour variables
//! cleared (a FORCE_COLOR in the caller's environment would colour the
//! output), must end within a deadline, end with a status, and never panic.
//! (`batch.rs`, `intent.rs` and `java.rs` beside it are separate modules that
//! some binaries include by path.)

// Each test binary uses its own part of this module.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_kafkalint");

/// Generous: the 400,000-line file takes a few seconds in a debug build, and
/// the machine may be busy.
pub const DEADLINE: Duration = Duration::from_secs(120);

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

/// Runs `kafkalint ARGS` in the crate's directory, so that paths are the
/// repository's (`samples/...`, `tests/fixtures/...`).
pub fn kafkalint<S: AsRef<OsStr>>(args: &[S]) -> Output {
    kafkalint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs `kafkalint ARGS` in `dir`, so that paths in messages are the relative ones given.
pub fn kafkalint_in<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Output {
    kafkalint_with_stdin(dir, args, None)
}

/// Runs `kafkalint ARGS` in `dir` with `stdin` as its standard input (none
/// when `None`).
pub fn kafkalint_with_stdin<S: AsRef<OsStr>>(
    dir: &Path,
    args: &[S],
    stdin: Option<&[u8]>,
) -> Output {
    run(dir, args, stdin, &[])
}

/// Runs `kafkalint ARGS` in `dir` with the environment variables `env` set.
pub fn kafkalint_with_env<S: AsRef<OsStr>>(dir: &Path, args: &[S], env: &[(&str, &str)]) -> Output {
    run(dir, args, None, env)
}

/// The colour variables, cleared for every run unless a test sets them.
const COLOUR_VARIABLES: [&str; 3] = ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"];

/// Runs kafkalint. Fails the test if the run outlives `DEADLINE`, dies of a
/// signal, or panics.
fn run<S: AsRef<OsStr>>(
    dir: &Path,
    args: &[S],
    stdin: Option<&[u8]>,
    env: &[(&str, &str)],
) -> Output {
    let mut command = Command::new(BIN);
    command.args(args).current_dir(dir);
    for name in COLOUR_VARIABLES {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let mut child = command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kafkalint");
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        let bytes = bytes.to_vec();
        // Written by a thread: a large input must not block on a full pipe.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
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
        std::thread::sleep(Duration::from_millis(5));
    };
    let output = Output {
        status: status
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

/// Every output format of `check`.
pub const FORMATS: [&str; 7] = [
    "human", "concise", "json", "sarif", "github", "gitlab", "junit",
];

/// Every check the registry knows: per-key checks and the carriers' syntax checks.
pub fn checks() -> Vec<&'static kafkalint::checks::CheckMeta> {
    kafkalint::registry::Registry::builtin()
        .unwrap_or_else(|e| panic!("{e}"))
        .checks()
        .collect()
}
