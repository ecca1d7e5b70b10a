//! Command-line definitions (the contract of DESIGN.md).

use crate::catalog::Role;
use crate::diagnostics::Severity;
use crate::report::{ColorChoice, Format};
use crate::text::Encoding;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// What each exit status means: the one source of the exit status section of
/// `--help` and of the manual page (`\n` where `--help` breaks the line).
pub const EXIT_STATUSES: [(u8, &str); 3] = [
    (
        0,
        "no finding at or above --fail-on (or --exit-zero was given)",
    ),
    (
        1,
        "a finding at or above --fail-on; with --diff, a fix that would change a file",
    ),
    (
        2,
        "a usage error, input that cannot be read, an invalid project config or rule file,\n\
         or a rule that fails to evaluate on a file (even with --exit-zero)",
    ),
];

/// The exit status section of `--help`.
fn exit_status_help() -> String {
    let mut text = String::from("Exit status:");
    for (status, meaning) in EXIT_STATUSES {
        text.push_str(&format!(
            "\n  {status}  {}",
            meaning.replace('\n', "\n     ")
        ));
    }
    text
}

#[derive(Parser, Debug)]
#[command(
    name = "kafkalint",
    version,
    about = "A linter and advisor for Apache Kafka configuration files",
    after_help = exit_status_help()
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint files; directories are walked for *.properties
    #[command(after_help = exit_status_help())]
    Check(CheckArgs),
    /// Print the effective configuration of a file, key by key
    Show(ShowArgs),
    /// Print a check's documentation, or what a key does and its facts across Kafka versions
    Explain(ExplainArgs),
    /// List every check and rule
    Rules(RulesArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `kafkalint man > kafkalint.1`
    Man,
    /// Write a commented starter kafkalint.toml in the current directory
    Init(InitArgs),
    /// Run the language server (LSP over standard input and output) for editors
    Server,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Overwrite an existing kafkalint.toml
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options that decide how a file is read and understood.
#[derive(Args, Debug, Clone)]
pub struct FileOptions {
    /// The component the files configure (else: directive, file name, content)
    #[arg(long, value_enum)]
    pub role: Option<RoleArg>,
    /// Kafka version of the clients and brokers, e.g. 3.7 or 3.7.1 (default: newest known)
    #[arg(long, value_name = "X.Y[.Z]")]
    pub kafka_version: Option<String>,
    /// How bytes are decoded: latin1 as Kafka's own loader does, or utf8
    #[arg(long, value_enum, default_value = "latin1")]
    pub encoding: EncodingArg,
    /// Broker config that the client files talk to, for the cross-file rules
    #[arg(long, value_name = "FILE")]
    pub broker: Option<PathBuf>,
    /// Worst-case time to process one record, for the poll-budget rule (1 to 2147483647 ms)
    #[arg(long, value_name = "N", value_parser = crate::model::record_processing_ms)]
    pub record_processing_ms: Option<u64>,
    /// More rule files, in the format of the built-in rules/ (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Project config for every file (default: the nearest kafkalint.toml upwards)
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Use no project config
    #[arg(long)]
    pub no_config: bool,
    /// Largest file read, in bytes; larger files, FIFOs and devices are refused
    #[arg(long, value_name = "BYTES", default_value_t = crate::input::DEFAULT_MAX_BYTES)]
    pub max_file_size: u64,
    /// Read every file with this carrier: properties, compose, strimzi (default: by name and content)
    #[arg(long, value_name = "NAME")]
    pub carrier: Option<String>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files and directories to lint (default: .)
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub file: FileOptions,
    /// Output format (default: human on a terminal, concise otherwise)
    #[arg(long, short = 'f', visible_alias = "output-format", value_enum)]
    pub format: Option<Format>,
    /// Write the report (or the diff) to FILE instead of standard output (`-`: standard output)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Print how many findings each code has instead of the findings
    #[arg(long, conflicts_with = "diff")]
    pub statistics: bool,
    /// Print the findings only: no summary line, no notes
    #[arg(long, short = 'q', conflicts_with = "silent")]
    pub quiet: bool,
    /// Print nothing but errors that stop the run: the exit status tells
    #[arg(long, short = 's')]
    pub silent: bool,
    /// Lowest severity that makes the exit status 1
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: SeverityArg,
    /// Exit with status 0 even when findings are at or above --fail-on (2 still
    /// means the run failed)
    #[arg(long)]
    pub exit_zero: bool,
    /// Only these checks (codes, code prefixes, names or ALL, comma-separated);
    /// replaces the project config's `select` and `extend-select`
    #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = code_pattern)]
    pub select: Vec<String>,
    /// These checks as well as those selected (same forms)
    #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = code_pattern)]
    pub extend_select: Vec<String>,
    /// Skip these checks (codes, code prefixes, names or ALL, comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = code_pattern)]
    pub ignore: Vec<String>,
    /// Colour in the human and concise formats. auto: on a terminal, unless NO_COLOR is set;
    /// FORCE_COLOR or CLICOLOR_FORCE colour standard output that is not a terminal
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Apply the safe fixes (and the unsafe ones with --unsafe-fixes), then report what remains
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Include unsafe fixes in --fix and --diff
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// With --fix, list what was fixed, per file and code
    #[arg(long, requires = "fix")]
    pub show_fixes: bool,
    /// Lint again whenever a file under the paths changes, until interrupted
    #[arg(long, conflicts_with_all = ["diff", "stdin_filename"])]
    pub watch: bool,
    /// Print the fixes as a unified diff and change nothing (exit 1 when something would change)
    #[arg(long)]
    pub diff: bool,
    /// With PATH `-`: read the file from standard input; its role and settings
    /// are looked up under this name
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
}

/// One item of `--select`, `--extend-select` or `--ignore`. An empty one
/// (`--ignore "$EMPTY"`, `--ignore K1,`) is refused: as a prefix it would
/// name every code, and ignore them all.
fn code_pattern(item: &str) -> Result<String, String> {
    if item.trim().is_empty() {
        Err(
            "an empty item: give codes (K101), code prefixes (K1), names (unknown-key) or ALL"
                .to_string(),
        )
    } else {
        // `--select "K1, K2"` as it is naturally typed.
        Ok(item.trim().to_string())
    }
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The file to show (`-`: standard input, its role from its content or --role)
    pub file: PathBuf,
    #[command(flatten)]
    pub options: FileOptions,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: ShowFormat,
    /// Print secret values instead of [hidden]
    #[arg(long)]
    pub show_secrets: bool,
    /// The unit to show, in a file that configures several (`service kafka-1`, `Kafka/my-cluster`)
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A check or rule code or name (K101, unknown-key), or a configuration key
    pub what: String,
    /// More rule files, in the format of the built-in rules/ (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: ShowFormat,
    /// More rule files, in the format of the built-in rules/ (repeatable)
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RoleArg {
    Producer,
    Consumer,
    Admin,
    Broker,
    Topic,
    Streams,
    Connect,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Producer => Role::Producer,
            RoleArg::Consumer => Role::Consumer,
            RoleArg::Admin => Role::Admin,
            RoleArg::Broker => Role::Broker,
            RoleArg::Topic => Role::Topic,
            RoleArg::Streams => Role::Streams,
            RoleArg::Connect => Role::Connect,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EncodingArg {
    Latin1,
    Utf8,
}

impl From<EncodingArg> for Encoding {
    fn from(e: EncodingArg) -> Encoding {
        match e {
            EncodingArg::Latin1 => Encoding::Latin1,
            EncodingArg::Utf8 => Encoding::Utf8,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }
}
