//! The command line: parses arguments and runs a command. Exit status: 0 nothing
//! at or above `--fail-on`, 1 something at or above it, 2 usage error or
//! unreadable input.

mod ahead;
mod args;
mod check;
mod explain;
mod files;
mod man;
mod rules;
mod show;
mod watch;

use args::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

/// What a command returns: its exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Clean = 0,
    Findings = 1,
    Failure = 2,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(s as u8)
    }
}

/// `kafkalint init`: a starter kafkalint.toml; an existing one is overwritten
/// only with `--force`, and then atomically, keeping its permissions.
fn init(args: &args::InitArgs) -> Result<Status, CliError> {
    let path = std::path::Path::new(crate::config::FILE_NAME);
    let starter = crate::config::starter_file();
    if let (Ok(target), false) = (std::fs::read_link(path), path.exists()) {
        return Err(CliError(format!(
            "`{}` is a symbolic link to `{}`, which does not exist: remove the link, or create the file it names",
            path.display(),
            target.display()
        )));
    }
    if path.exists() && !path.is_file() {
        // --force would not help: say so rather than suggest it.
        return Err(CliError(format!(
            "`{}` exists and is not a file: move it away, then run `kafkalint init` again",
            path.display()
        )));
    }
    if args.force && path.exists() {
        let old = crate::input::read_regular(path, crate::input::DEFAULT_MAX_BYTES)
            .map_err(|e| CliError(format!("cannot read `{}`: {e}", path.display())))?;
        crate::fix::write_atomically(path, &old, starter.as_bytes())
            .map_err(|e| CliError(e.to_string()))?;
        eprintln!("kafkalint: overwrote {}", path.display());
        return Ok(Status::Clean);
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => CliError(format!(
                "`{}` exists; `kafkalint init --force` overwrites it",
                path.display()
            )),
            _ => CliError(format!("cannot create `{}`: {e}", path.display())),
        })?;
    std::io::Write::write_all(&mut file, starter.as_bytes())
        .map_err(|e| CliError(format!("cannot write `{}`: {e}", path.display())))?;
    eprintln!("kafkalint: wrote {}", path.display());
    Ok(Status::Clean)
}

/// Writes `text` to standard output. A reader that stops reading
/// (`kafkalint rules | head`) is not an error; print! would panic.
fn print_out(text: impl AsRef<[u8]>) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    std::io::Write::write_all(&mut out, text.as_ref())
        .and_then(|()| std::io::Write::flush(&mut out))
        .or_else(check::ignore_closed_pipe)
        .map_err(|e| CliError(format!("cannot write to standard output: {e}")))
}

/// Whether notes and summaries on standard error are muted (`--quiet`, `--silent`).
static MUTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn mute_notes(muted: bool) {
    MUTED.store(muted, std::sync::atomic::Ordering::Relaxed);
}

/// Prints `kafkalint: TEXT` on standard error, unless muted.
fn say(text: &str) {
    say_lines(&[format!("kafkalint: {text}")]);
}

/// Prints `lines` on standard error as they are, unless muted.
fn say_lines(lines: &[String]) {
    if !MUTED.load(std::sync::atomic::Ordering::Relaxed) {
        for line in lines {
            eprintln!("{line}");
        }
    }
}

/// Prints what the user should know about a valid project config (a Kafka
/// version newer than kafkalint knows), as the command line's options do.
fn print_config_notes(config: &crate::config::LoadedConfig) {
    for note in config.notes() {
        say(&format!("note: {note}"));
    }
}

/// Prints what the user should know about the rule directories (links skipped).
fn print_rule_notes(rules: &crate::rules::RuleSet) {
    for note in rules.notes() {
        say(&format!("note: {note}"));
    }
}

/// A usage or input error: printed as `kafkalint: <message>`, exit status 2.
#[derive(Debug)]
pub struct CliError(pub String);

impl From<crate::engine::Error> for CliError {
    fn from(e: crate::engine::Error) -> CliError {
        CliError(e.0)
    }
}

/// A panic is a bug: said as one, with exit status 2 as every failed run has
/// (not 101, or an abort signal in release builds).
fn report_panics() {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("{}", panic_message(info));
        std::process::exit(Status::Failure as i32);
    }));
}

/// What a panic prints: where and why, and that it is kafkalint's bug.
fn panic_message(info: &std::panic::PanicHookInfo) -> String {
    format!(
        "kafkalint: internal error (a bug in kafkalint; please report it with the input that caused it): {info}"
    )
}

pub fn main() -> ExitCode {
    report_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Check(args) if args.watch => check::watch(&args),
        Command::Check(args) => check::run(&args, true),
        Command::Show(args) => show::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Completions(args) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut command, "kafkalint", &mut script);
            print_out(script).map(|()| Status::Clean)
        }
        Command::Init(args) => init(&args),
        Command::Server => crate::server::run_stdio()
            .map(|()| Status::Clean)
            .map_err(CliError),
        Command::Man => man::run(),
    };
    match result {
        Ok(status) => status.into(),
        Err(CliError(message)) => {
            eprintln!("kafkalint: {message}");
            Status::Failure.into()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_is_reported_as_a_bug_with_where_and_why() {
        let message = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let seen = std::sync::Arc::clone(&message);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Ok(mut m) = seen.lock() {
                *m = super::panic_message(info);
            }
        }));
        let _ = std::panic::catch_unwind(|| panic!("index 3 out of range"));
        std::panic::set_hook(previous);
        let message = message.lock().map(|m| m.clone()).unwrap_or_default();
        assert!(
            message.starts_with("kafkalint: internal error (a bug in kafkalint; please report it with the input that caused it): panicked at src/cli/mod.rs:"),
            "{message}"
        );
        assert!(message.ends_with("index 3 out of range"), "{message}");
    }
}
