//! The conventions users bring from ruff, shellcheck and hadolint: statistics,
//! output files, quiet and silent runs, --exit-zero, --show-fixes, the `[*]`
//! marker, the exit-status section, `init --force`, per-file ignores, --watch,
//! and user rules that keep their declared severity.

mod common;

use common::{Output, kafkalint_in};
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

/// `project()` with this `kafkalint.toml`.
fn project_with_config(toml: &str) -> tempfile::TempDir {
    let dir = project();
    std::fs::write(dir.path().join("kafkalint.toml"), toml).expect("config");
    dir
}

/// `kafkalint check OPTIONS producer.properties` in `dir`.
fn check_producer(dir: &std::path::Path, options: &[&str]) -> Output {
    kafkalint_in(
        dir,
        &[&["check"], options, &["producer.properties"]].concat(),
    )
}

/// Runs `kafkalint ARGS` in `dir` and asserts that it is refused: status 2,
/// nothing on standard output, `message` (one `kafkalint: ` line) on standard error.
fn assert_refused(dir: &std::path::Path, args: &[&str], message: &str) {
    let o = kafkalint_in(dir, args);
    assert_eq!(
        (o.status, o.stdout.as_str(), o.stderr.as_str()),
        (2, "", format!("kafkalint: {message}\n").as_str()),
        "{args:?}"
    );
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
        report.contains("producer.properties:2:6: error[K203] [*] `acks=ALL`"),
        "{report}"
    );
    // A file is no terminal: the format is concise and has no colour.
    assert!(!report.contains('\u{1b}'));
}

#[test]
fn concise_marks_findings_that_fix_settles() {
    let dir = project();
    let o = check_producer(dir.path(), &["--format", "concise"]);
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
    // Nor a diff: the status says that a fix would change a file.
    let diff = kafkalint_in(dir.path(), &["check", "--silent", "--diff", "."]);
    assert_eq!(
        (diff.status, diff.stdout.as_str(), diff.stderr.as_str()),
        (1, "", "")
    );
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
    let o = check_producer(dir.path(), &["--fix", "--show-fixes"]);
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
    let section = "Exit status:
  0  no finding at or above --fail-on (or --exit-zero was given)
  1  a finding at or above --fail-on; with --diff, a fix that would change a file
  2  a usage error, input that cannot be read, an invalid project config or rule file,
     or a rule that fails to evaluate on a file (even with --exit-zero)
";
    for args in [&["--help"][..], &["check", "--help"], &["check", "-h"]] {
        let o = kafkalint_in(dir.path(), args);
        assert_eq!(o.status, 0);
        assert!(o.stdout.ends_with(section), "{args:?}: {}", o.stdout);
    }
    // The manual page has an EXIT STATUS section as manual pages do, and the
    // options of `check` (no kafkalint-check(1) page is installed).
    let man = kafkalint_in(dir.path(), &["man"]);
    assert_eq!(man.status, 0);
    let exit_status = ".SH \"EXIT STATUS\"
.TP
\\fB0\\fR
no finding at or above \\-\\-fail\\-on (or \\-\\-exit\\-zero was given)
.TP
\\fB1\\fR
a finding at or above \\-\\-fail\\-on; with \\-\\-diff, a fix that would change a file
.TP
\\fB2\\fR
a usage error, input that cannot be read, an invalid project config or rule file, or a rule that fails to evaluate on a file (even with \\-\\-exit\\-zero)
.SH VERSION
";
    assert!(man.stdout.contains(exit_status), "{}", man.stdout);
    assert!(!man.stdout.contains(".SH EXTRA"), "{}", man.stdout);
    let check = &man.stdout[man
        .stdout
        .find(".SH \"CHECK OPTIONS\"")
        .expect("check's options")..];
    for option in [
        "\\-\\-exit\\-zero",
        "\\-\\-output\\-file",
        "\\-\\-watch",
        "PATHS",
    ] {
        assert!(check.contains(option), "{option}: {check}");
    }
}

#[test]
fn exit_zero_with_diff_is_clean_and_a_failed_run_still_fails() {
    let dir = project();
    let o = check_producer(dir.path(), &["--diff", "--exit-zero"]);
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(o.stdout.contains("-acks=ALL\n+acks=all\n"), "{}", o.stdout);
    let without = check_producer(dir.path(), &["--diff"]);
    assert_eq!(without.status, 1);
    // A rule that fails on a file fails the run, --exit-zero or not.
    let rules = dir.path().join("failing");
    std::fs::create_dir(&rules).expect("rules dir");
    std::fs::write(
        rules.join("x100.toml"),
        failing_rule("cfg['linger.ms'] / 0 > 1"),
    )
    .expect("rule");
    for extra in [&[][..], &["--diff"][..]] {
        let args = [
            &["check", "--exit-zero", "--rules", "failing"][..],
            extra,
            &["producer.properties"],
        ]
        .concat();
        let o = kafkalint_in(dir.path(), &args);
        assert_eq!(o.status, 2, "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains("rule X100"), "{}", o.stderr);
    }
}

/// A user rule X100 on producers, reading `linger.ms`, whose condition is `condition`.
fn failing_rule(condition: &str) -> String {
    format!(
        r#"code = "X100"
name = "x-hundred"
roles = ["producer"]
reads = ["linger.ms"]

[[case]]
severity = "warning"
condition = '''{condition}'''
message = "X100 fired"

[doc]
summary = "s"
what = "w"
why = "y"
example = "e"
fix = "f"
"#
    )
}

#[test]
fn output_file_that_is_a_file_the_run_reads_is_refused_and_the_file_kept() {
    let dir = project();
    let producer = std::fs::read(dir.path().join("producer.properties")).expect("read");
    for (args, named) in [
        (
            &["check", "-o", "producer.properties", "producer.properties"][..],
            "producer.properties",
        ),
        (
            &["check", "--output-file", "./producer.properties", "."][..],
            "producer.properties",
        ),
        (
            &["check", "-o", "consumer.properties", "--fix", "."][..],
            "consumer.properties",
        ),
    ] {
        let output = args[2];
        assert_refused(
            dir.path(),
            args,
            &format!(
                "--output-file `{output}` is also a file this run reads (`{named}`): writing the report there would erase it"
            ),
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("producer.properties")).expect("read"),
        producer
    );
    let consumer = std::fs::read_to_string(dir.path().join("consumer.properties")).expect("read");
    assert!(consumer.contains("fetch.min.byts=1"), "{consumer}");
}

#[test]
fn format_takes_the_spellings_of_ruff_and_shellcheck() {
    // `--output-format` (ruff) once met a tip towards --output-file, which
    // would have written the report to a file named `json`.
    let dir = project();
    let json = check_producer(dir.path(), &["--format", "json"]);
    assert_eq!(json.status, 1);
    for flag in ["--output-format", "-f"] {
        let o = check_producer(dir.path(), &[flag, "json"]);
        assert_eq!((o.status, &o.stdout), (1, &json.stdout), "{flag}");
    }
    assert!(!dir.path().join("json").exists());
}

#[test]
fn show_reads_standard_input_as_check_does() {
    let dir = project();
    let text = std::fs::read(dir.path().join("producer.properties")).expect("read");
    let piped =
        common::kafkalint_with_stdin(dir.path(), &["show", "--format", "json", "-"], Some(&text));
    assert_eq!(piped.status, 0, "{}", piped.stderr);
    let named = kafkalint_in(
        dir.path(),
        &["show", "--format", "json", "producer.properties"],
    );
    assert_eq!(
        piped.stdout,
        named.stdout.replace("\"producer.properties\"", "\"-\"")
    );
}

#[test]
fn output_file_dash_is_standard_output() {
    let dir = project();
    let o = check_producer(dir.path(), &["-o", "-"]);
    assert_eq!(o.status, 1, "{}", o.stderr);
    assert!(o.stdout.contains("error[K203]"), "{}", o.stdout);
    assert!(!dir.path().join("-").exists());
}

#[test]
fn output_file_directories_are_made() {
    let dir = project();
    let o = kafkalint_in(
        dir.path(),
        &[
            "check",
            "-o",
            "build/reports/kafkalint.txt",
            "producer.properties",
        ],
    );
    assert_eq!(o.status, 1, "{}", o.stderr);
    assert_eq!(o.stdout, "");
    let report =
        std::fs::read_to_string(dir.path().join("build/reports/kafkalint.txt")).expect("report");
    insta::assert_snapshot!(report);
    // A path that cannot be a file is an error naming it.
    assert_refused(
        dir.path(),
        &["check", "-o", "build", "producer.properties"],
        "cannot create `build`: Is a directory (os error 21)",
    );
    // A directory that cannot be made names the file in its way.
    assert_refused(
        dir.path(),
        &[
            "check",
            "-o",
            "producer.properties/out/r.txt",
            "consumer.properties",
        ],
        "cannot create `producer.properties/out/r.txt`: `producer.properties` is a file, not a directory",
    );
}

#[test]
fn a_user_rule_that_does_not_compile_stops_the_run_before_the_report_begins() {
    let dir = project();
    let rules = dir.path().join("bad-rules");
    std::fs::create_dir(&rules).expect("rules dir");
    std::fs::write(
        rules.join("x100.toml"),
        failing_rule(r#"string(cfg['linger.ms']).matches("[")"#),
    )
    .expect("rule");
    std::fs::write(dir.path().join("old.json"), "{}\n").expect("old report");
    for format in ["json", "sarif", "concise", "junit"] {
        let args = ["check", "--rules", "bad-rules", "--format", format];
        let message = "invalid rule file: bad-rules/x100.toml:8: invalid CEL expression: `[` is not a valid regular expression: error: unclosed character class";
        assert_refused(
            dir.path(),
            &[&args[..], &["-o", "old.json", "."]].concat(),
            message,
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("old.json")).expect("read"),
            "{}\n"
        );
        assert_refused(dir.path(), &[&args[..], &["."]].concat(), message);
    }
}

/// Environment variables: (name, value).
type Env<'a> = &'a [(&'a str, &'a str)];

#[test]
fn colour_follows_force_color_clicolor_force_and_no_color() {
    let dir = project();
    let coloured = |color: &str, env: &[(&str, &str)]| {
        let args = [
            "check",
            "--format",
            "human",
            "--color",
            color,
            "producer.properties",
        ];
        let o = common::kafkalint_with_env(dir.path(), &args, env);
        assert_eq!(o.status, 1, "{}", o.stderr);
        o.stdout.contains('\u{1b}')
    };
    // Standard output is a pipe here: auto colours it only when forced; an
    // empty or `0` value forces nothing; forcing wins over NO_COLOR, and the
    // flag over every variable.
    let cases: [(&str, Env, bool); 10] = [
        ("auto", &[], false),
        ("auto", &[("FORCE_COLOR", "1")], true),
        ("auto", &[("CLICOLOR_FORCE", "1")], true),
        ("auto", &[("FORCE_COLOR", "0")], false),
        ("auto", &[("FORCE_COLOR", "")], false),
        ("auto", &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")], true),
        ("auto", &[("NO_COLOR", "1")], false),
        ("always", &[("NO_COLOR", "1")], true),
        ("never", &[("FORCE_COLOR", "1")], false),
        ("never", &[("CLICOLOR_FORCE", "1")], false),
    ];
    for (color, env, expected) in cases {
        assert_eq!(coloured(color, env), expected, "--color {color} {env:?}");
    }
    // A report file is never coloured by the environment.
    let o = common::kafkalint_with_env(
        dir.path(),
        &[
            "check",
            "--format",
            "human",
            "-o",
            "report.txt",
            "producer.properties",
        ],
        &[("FORCE_COLOR", "1")],
    );
    assert_eq!(o.status, 1);
    let report = std::fs::read_to_string(dir.path().join("report.txt")).expect("report");
    assert!(
        report.contains("K203") && !report.contains('\u{1b}'),
        "{report}"
    );
}

#[test]
fn color_always_colours_the_concise_lines_through_a_pipe() {
    // `kafkalint check --color always | less -R`: the default format of a pipe
    // is concise, and it was never coloured.
    let dir = project();
    let o = kafkalint_in(dir.path(), &["check", "--color", "always", "."]);
    assert_eq!(o.status, 1, "{}", o.stderr);
    let plain = kafkalint_in(dir.path(), &["check", "--color", "never", "."]);
    let without_escapes = |text: &str| {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find('\u{1b}') {
            out.push_str(&rest[..start]);
            rest = rest[start..].split_once('m').map_or("", |(_, after)| after);
        }
        out + rest
    };
    assert_eq!(without_escapes(&o.stdout), plain.stdout);
    assert!(!plain.stdout.contains('\u{1b}'));
    insta::assert_snapshot!(o.stdout.replace('\u{1b}', "\\e"));
}

#[test]
fn a_glob_with_a_leading_bang_is_refused_not_silently_matching_nothing() {
    let dir = project_with_config("[[files]]\npath = \"!legacy/**\"\nignore = [\"K1\"]\n");
    assert_refused(
        dir.path(),
        &["check", "."],
        "invalid project config: kafkalint.toml:2: files[0].path: `!legacy/**`: globs here have no negation; name the files it is for (`exclude` keeps files out of the walk; `\\!` matches a name that starts with `!`)",
    );
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
fn init_names_a_directory_in_the_way_instead_of_asking_for_force() {
    let dir = project();
    std::fs::create_dir(dir.path().join("kafkalint.toml")).expect("a directory");
    for args in [&["init"][..], &["init", "--force"]] {
        assert_refused(
            dir.path(),
            args,
            "`kafkalint.toml` exists and is not a file: move it away, then run `kafkalint init` again",
        );
    }
    assert!(dir.path().join("kafkalint.toml").is_dir());
}

#[test]
fn init_names_a_dangling_link_instead_of_asking_for_force_again() {
    let dir = project();
    std::os::unix::fs::symlink("shared/kafkalint.toml", dir.path().join("kafkalint.toml"))
        .expect("link");
    for args in [&["init"][..], &["init", "--force"]] {
        assert_refused(
            dir.path(),
            args,
            "`kafkalint.toml` is a symbolic link to `shared/kafkalint.toml`, which does not exist: remove the link, or create the file it names",
        );
    }
}

#[test]
fn files_entries_ignore_checks_for_their_files_only() {
    let dir = project_with_config(
        "[[files]]\npath = \"consumer.properties\"\nignore = [\"K1\"]\n\n[[files]]\npath = \"*.properties\"\nignore = [\"invalid-value\"]\n",
    );
    let o = kafkalint_in(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(
        o.stdout,
        "producer.properties:3:1: warning[K101] unknown producer key `lingr.ms` in Kafka 4.4; did you mean `linger.ms`?\n"
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
fn files_entries_match_relative_to_the_config_and_a_directory_stands_for_its_files() {
    let dir = project();
    let apps = dir.path().join("apps/sub");
    std::fs::create_dir_all(&apps).expect("apps/sub");
    for to in ["apps/producer.properties", "apps/sub/producer.properties"] {
        std::fs::copy(dir.path().join("producer.properties"), dir.path().join(to)).expect("copy");
    }
    let mut report = String::new();
    for path in ["apps", "apps/", "./apps/sub", "apps/*.properties"] {
        std::fs::write(
            dir.path().join("kafkalint.toml"),
            format!("[[files]]\npath = \"{path}\"\nignore = [\"K101\"]\n"),
        )
        .expect("config");
        // From the config's directory, from below it and from above it.
        let whole = dir.path().to_string_lossy();
        let runs = [
            ("the config's directory", dir.path(), "."),
            ("apps/sub", apps.as_path(), ".."),
            (
                "above it",
                dir.path().parent().expect("parent"),
                whole.as_ref(),
            ),
        ];
        for (from, cwd, target) in runs {
            let o = kafkalint_in(
                cwd,
                &["check", "--select", "K101", "--format", "json", target],
            );
            let found: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
            let mut paths: Vec<String> = found["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .map(|d| {
                    let p = d["path"].as_str().expect("path");
                    let absolute = cwd.join(p).canonicalize().expect("a file");
                    let root = dir.path().canonicalize().expect("root");
                    absolute
                        .strip_prefix(root)
                        .expect("inside")
                        .display()
                        .to_string()
                })
                .collect();
            paths.sort();
            let target = if target == whole { "PROJECT" } else { target };
            report.push_str(&format!(
                "path = {path:?}, `check {target}` from {from}: K101 in {paths:?}\n"
            ));
        }
    }
    insta::assert_snapshot!(report);
}

#[test]
fn suppressions_take_all_as_shellcheck_takes_disable_all() {
    let dir = project();
    let files = [
        (
            "generated.properties",
            "# kafkalint: disable-file=all -- generated\nbootstrap.servers=b:9092\nacks=ALL\nlingr.ms=5\n",
        ),
        (
            "one.properties",
            "bootstrap.servers=b:9092\n# kafkalint: disable=ALL\nlingr.ms=5\nacks=ALL\n",
        ),
        (
            "dead.properties",
            "bootstrap.servers=b:9092\n# kafkalint: disable=ALL\nacks=all\n",
        ),
    ];
    let mut report = String::new();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
        let o = kafkalint_in(dir.path(), &["check", "--role", "producer", name]);
        report.push_str(&format!(
            "$ kafkalint check {name}  (exit {})\n{}\n",
            o.status, o.stdout
        ));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn config_select_takes_code_prefixes() {
    let dir = project_with_config("[rules]\nselect = [\"K2\"]\n");
    let o = kafkalint_in(dir.path(), &["check", "--statistics", "."]);
    assert_eq!(o.stdout, "1  K203  [*] invalid-value (error)\n");
}

#[test]
fn select_on_the_command_line_outranks_the_configs_ignore_where_it_is_as_close() {
    let dir = project_with_config("[rules]\nselect = [\"K2\"]\nignore = [\"K1\"]\n");
    let statistics = |args: &[&str]| {
        let o = kafkalint_in(
            dir.path(),
            &[&["check", "--statistics"], args, &["."]].concat(),
        );
        assert!(o.status < 2, "{args:?}: {}", o.stderr);
        o.stdout
    };
    let k101 = "2  K101      unknown-key (warning)\n";
    let k203 = "1  K203  [*] invalid-value (error)\n";
    assert_eq!(statistics(&[]), k203);
    assert_eq!(statistics(&["--select", "K101"]), k101);
    assert_eq!(
        statistics(&["--select", "unknown-key,K2"]),
        format!("{k101}{k203}")
    );
    assert_eq!(statistics(&["--select", "K1"]), k101);
    // Less close than the config's ignore, or ignored on the command line too.
    assert_eq!(statistics(&["--select", "K"]), k203);
    assert_eq!(statistics(&["--select", "K101", "--ignore", "K1"]), "");
}

#[test]
fn paths_found_by_walking_dot_are_shown_as_ruff_shows_them_in_every_format() {
    let dir = project();
    let run = |args: &[&str]| {
        let o = kafkalint_in(dir.path(), args);
        assert!(o.status < 2, "{args:?}: {o:#?}");
        o.stdout
    };
    let named = ["consumer.properties", "producer.properties"];
    for format in common::FORMATS {
        let walked = run(&["check", "--format", format, "."]);
        assert!(!walked.contains("./producer"), "{format}: {walked}");
        // The same bytes whether the files are walked or named, with or without `./`.
        assert_eq!(
            walked,
            run(&[&["check", "--format", format], &named[..]].concat())
        );
        assert_eq!(
            walked,
            run(&[
                "check",
                "--format",
                format,
                "./consumer.properties",
                ".//producer.properties"
            ])
        );
    }
    let diff = run(&["check", "--diff", "."]);
    let fixed = kafkalint_in(
        dir.path(),
        &[
            "check",
            "--fix",
            "--show-fixes",
            "--format",
            "concise",
            "./",
        ],
    );
    let missing = kafkalint_in(dir.path(), &["check", "./missing.properties"]);
    // Files named by options are shown alike.
    std::fs::create_dir(dir.path().join("policy")).expect("policy");
    std::fs::write(dir.path().join("policy/bad.toml"), "code = 1\n").expect("rule");
    std::fs::write(dir.path().join("bad.toml"), "[rules]\nselct = 1\n").expect("config");
    let bad_rule = kafkalint_in(dir.path(), &["check", "--rules", "./policy", "."]);
    let bad_config = kafkalint_in(dir.path(), &["check", "--config", "./bad.toml", "."]);
    insta::assert_snapshot!(format!(
        "$ kafkalint check --diff .\n{diff}\n$ kafkalint check --fix --show-fixes --format concise ./\n{}{}\n$ kafkalint check ./missing.properties\n{}\n$ kafkalint check --rules ./policy .\n{}\n$ kafkalint check --config ./bad.toml .\n{}",
        fixed.stdout, fixed.stderr, missing.stderr, bad_rule.stderr, bad_config.stderr
    ));
}

#[test]
fn a_reader_that_stops_reading_is_no_error_for_any_command() {
    // `kafkalint rules | head -1`: the pipe is closed before anything is
    // written, so every write fails with a broken pipe.
    let dir = project();
    for (args, status) in [
        (&["rules"][..], 0),
        (&["explain", "K101"], 0),
        (&["explain", "acks"], 0),
        (&["show", "producer.properties"], 0),
        (&["man"], 0),
        (&["completions", "zsh"], 0),
        (&["check", "--format", "json", "."], 1),
    ] {
        let mut child = Command::new(common::BIN)
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start kafkalint");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait for kafkalint");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            (out.status.code(), stderr.as_ref()),
            (Some(status), ""),
            "{args:?}"
        );
    }
}

#[test]
fn an_empty_code_is_refused_rather_than_ignoring_every_code() {
    let dir = project();
    // `--ignore "$CODES"` with CODES unset, or a trailing comma: as a prefix the
    // empty item named every code, and the run passed whatever it found.
    for args in [
        &["--ignore", ""][..],
        &["--ignore", "K1,"],
        &["--select", ","],
    ] {
        let o = kafkalint_in(dir.path(), &[&["check"], args, &["."]].concat());
        assert_eq!(o.status, 2, "{args:?}: {o:#?}");
        assert!(
            o.stderr.contains(
                "an empty item: give codes (K101), code prefixes (K1), names (unknown-key) or ALL"
            ),
            "{args:?}: {}",
            o.stderr
        );
    }
    // Spaces after the commas, as a list is naturally typed.
    let spaced = kafkalint_in(
        dir.path(),
        &["check", "--statistics", "--select", "K2, K101", "."],
    );
    let tight = kafkalint_in(
        dir.path(),
        &["check", "--statistics", "--select", "K2,K101", "."],
    );
    assert_eq!(
        (spaced.status, &spaced.stdout),
        (1, &tight.stdout),
        "{spaced:#?}"
    );
    // --show-fixes lists what --fix fixed: alone it would print nothing more.
    let o = kafkalint_in(dir.path(), &["check", "--show-fixes", "."]);
    assert_eq!(o.status, 2, "{o:#?}");
    assert!(o.stderr.contains("--fix"), "{}", o.stderr);
}

/// What `check --statistics ARGS .` prints in `dir` for each `ARGS`, one
/// block per run, headed by the arguments and the exit status.
fn statistics_of_runs(dir: &std::path::Path, runs: &[&[&str]]) -> String {
    let mut report = String::new();
    for args in runs {
        let args = [&["check", "--statistics"], *args, &["."]].concat();
        let o = kafkalint_in(dir, &args);
        report.push_str(&format!(
            "$ kafkalint {}  (exit {})\n{}{}\n",
            args.join(" "),
            o.status,
            o.stdout,
            o.stderr
        ));
    }
    report
}

#[test]
fn select_all_and_extend_select_work_as_in_ruff_on_the_command_line_and_in_the_config() {
    // The config narrows to K2; the command line widens again.
    let narrowed = project_with_config("[rules]\nselect = [\"K2\"]\n");
    let mut report = statistics_of_runs(
        narrowed.path(),
        &[
            &[],
            &["--extend-select", "K101"],
            &["--extend-select", "ALL"],
            &["--select", "ALL"],
            &["--select", "ALL", "--ignore", "K1"],
            &["--select", "K1", "--extend-select", "invalid-value"],
            &["--extend-select", "nope"],
        ],
    );
    // The config's own extend-select adds to its select; --select replaces both.
    let extended =
        project_with_config("[rules]\nselect = [\"K2\"]\nextend-select = [\"unknown-key\"]\n");
    report += &statistics_of_runs(extended.path(), &[&[], &["--select", "K2"]]);
    // ALL in the config, and as the least specific severity.
    let all = project_with_config(
        "[rules]\nselect = [\"ALL\"]\nignore = [\"K1\"]\nseverity = { ALL = \"info\", K2 = \"warning\" }\n",
    );
    report += &statistics_of_runs(all.path(), &[&[], &["--extend-select", "K101"]]);
    let unknown = project_with_config("[rules]\nextend-select = [\"K9x\"]\n");
    report += &statistics_of_runs(unknown.path(), &[&[]]);
    insta::assert_snapshot!(report);
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

/// A `check --watch` run in the background, its lines (`O ` standard output,
/// `E ` standard error) gathered as they come; killed when dropped.
struct Watcher {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Watcher {
    fn start(dir: &std::path::Path, args: &[&str]) -> Watcher {
        let mut child = Command::new(common::BIN)
            .args(["check", "--watch"])
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start --watch");
        let (tx, lines) = mpsc::channel();
        let pipes: [(Box<dyn std::io::Read + Send>, &str); 2] = [
            (Box::new(child.stdout.take().expect("stdout")), "O"),
            (Box::new(child.stderr.take().expect("stderr")), "E"),
        ];
        for (pipe, tag) in pipes {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let _ = tx.send(format!("{tag} {line}"));
                }
            });
        }
        Watcher {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// How many of the lines seen so far contain `needle`.
    fn count(&self, needle: &str) -> usize {
        self.seen.iter().filter(|l| l.contains(needle)).count()
    }

    /// Waits until `n` lines contain `needle` (standard output and error
    /// arrive through two threads, in either order).
    fn wait_for(&mut self, needle: &str, n: usize) {
        while self.count(needle) < n {
            match self.lines.recv_timeout(Duration::from_secs(30)) {
                Ok(line) => self.seen.push(line),
                Err(_) => panic!("no {n} × `{needle}` within 30 s; saw {:?}", self.seen),
            }
        }
    }

    /// Gathers the lines that come within `time`.
    fn listen(&mut self, time: Duration) {
        let end = std::time::Instant::now() + time;
        while let Some(left) = end.checked_duration_since(std::time::Instant::now()) {
            if let Ok(line) = self.lines.recv_timeout(left) {
                self.seen.push(line);
            }
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const WATCHING: &str = "watching for changes";

#[test]
fn watch_lints_again_when_a_file_changes() {
    let dir = project();
    let mut watch = Watcher::start(dir.path(), &["--format", "concise", "producer.properties"]);
    watch.wait_for("error[K203]", 1);
    watch.wait_for(WATCHING, 1);
    std::fs::write(
        dir.path().join("producer.properties"),
        "bootstrap.servers=localhost:9092\nacks=all\nmax.poll.records=5\n",
    )
    .expect("edit");
    watch.wait_for("[K102]", 1);
}

#[test]
fn watch_outlives_a_deleted_file_and_ends_at_ctrl_c() {
    use std::os::unix::process::ExitStatusExt;
    let dir = project();
    let producer = dir.path().join("producer.properties");
    let mut watch = Watcher::start(dir.path(), &["--format", "concise", "producer.properties"]);
    watch.wait_for(WATCHING, 1);
    // The file named is deleted: said, and watched for again.
    std::fs::remove_file(&producer).expect("delete");
    watch.wait_for("cannot read `producer.properties`", 1);
    watch.wait_for(WATCHING, 2);
    std::fs::write(
        &producer,
        "bootstrap.servers=localhost:9092\nacks=all\nlingr.ms=5\n",
    )
    .expect("write again");
    watch.wait_for("warning[K101]", 1);
    watch.wait_for(WATCHING, 3);
    // Ctrl-C ends it at once, as the signal ends any program: no error, no bug report.
    let pid = i32::try_from(watch.child.id()).expect("a pid");
    // SAFETY: kill(2) on the child this test started; no memory is involved.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = watch.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}");
    watch.listen(Duration::from_millis(200));
    assert!(
        !watch
            .seen
            .iter()
            .any(|l| l.contains("internal error") || l.contains("panicked")),
        "{:?}",
        watch.seen
    );
}

#[test]
fn watch_refuses_standard_input_which_cannot_change() {
    assert_refused(
        project().path(),
        &["check", "--watch", "-"],
        "--watch cannot watch standard input (`-`): name the files or directories to watch",
    );
}

#[test]
fn watch_writing_its_report_under_the_watched_paths_does_not_lint_again() {
    let dir = project();
    let report = dir.path().join("reports/kafkalint.txt");
    let mut watch = Watcher::start(dir.path(), &["-o", "reports/kafkalint.txt", "."]);
    watch.wait_for(WATCHING, 1);
    // Five polls: the report the run wrote is no change.
    watch.listen(Duration::from_millis(1500));
    assert_eq!(watch.count(WATCHING), 1, "{:?}", watch.seen);
    let first = std::fs::read_to_string(&report).expect("report");
    assert!(
        first.contains("producer.properties:2:6: error[K203]"),
        "{first}"
    );
    // A new file is linted.
    std::fs::write(
        dir.path().join("admin.properties"),
        "bootstrap.servers=b:9092\nretries=x\n",
    )
    .expect("new file");
    watch.wait_for(WATCHING, 2);
    let second = std::fs::read_to_string(&report).expect("report");
    assert!(
        second.contains("admin.properties:2:9: error[K201]"),
        "{second}"
    );
    // An editor's atomic save (a new file renamed over the old one), and a
    // deleted file: linted again, the deleted file no longer reported.
    let saved = dir.path().join(".producer.properties.swp");
    std::fs::write(&saved, "bootstrap.servers=localhost:9092\nacks=all\n").expect("save");
    std::fs::rename(&saved, dir.path().join("producer.properties")).expect("rename");
    std::fs::remove_file(dir.path().join("admin.properties")).expect("delete");
    watch.wait_for(WATCHING, 3);
    watch.listen(Duration::from_millis(700));
    let last = std::fs::read_to_string(&report).expect("report");
    assert!(!last.contains("producer.properties:2"), "{last}");
    assert!(!last.contains("admin.properties"), "{last}");
    assert!(
        watch
            .seen
            .iter()
            .all(|l| !l.starts_with("E kafkalint: cannot")),
        "{:?}",
        watch.seen
    );
}

#[test]
fn a_directory_without_configuration_files_is_said_not_passed_silently() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("conf/empty")).expect("dirs");
    std::fs::write(dir.path().join("conf/notes.txt"), "acks=all\n").expect("write");
    let o = kafkalint_in(dir.path(), &["check", "conf", "conf/empty"]);
    assert_eq!((o.status, o.stdout.as_str()), (0, ""));
    assert_eq!(
        o.stderr,
        "kafkalint: note: no Kafka configuration file found under `conf` and `conf/empty`\n"
    );
    let quiet = kafkalint_in(dir.path(), &["check", "-q", "conf"]);
    assert_eq!((quiet.status, quiet.stderr.as_str()), (0, ""));
}
