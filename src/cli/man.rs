//! `kafkalint man`: the manual page. One page holds the options of every
//! command (no `kafkalint-check(1)` pages are installed) and an EXIT STATUS
//! section, as manual pages have.

use super::args::{Cli, EXIT_STATUSES};
use super::{CliError, Status};
use clap::CommandFactory;
use std::io::Write;

pub fn run() -> Result<Status, CliError> {
    let page = page().map_err(|e| CliError(format!("cannot render the manual page: {e}")))?;
    super::print_out(page)?;
    Ok(Status::Clean)
}

/// The page, in roff.
fn page() -> std::io::Result<Vec<u8>> {
    let mut command = Cli::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    for sub in command.get_subcommands() {
        if sub
            .get_arguments()
            .any(|a| !a.is_hide_set() && a.get_id() != "help")
        {
            command_options(sub, &mut page)?;
        }
    }
    exit_status(&mut page)?;
    man.render_version_section(&mut page)?;
    Ok(once_preamble(&page))
}

/// The page with the roff preamble (the `Aq` string that each rendered part
/// defines again) kept only where it first stands.
fn once_preamble(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if !preamble || seen.insert(line) {
            out.push_str(line);
        }
    }
    out.into_bytes()
}

/// A command's options, under a heading that names the command.
fn command_options(sub: &clap::Command, page: &mut Vec<u8>) -> std::io::Result<()> {
    let mut options = Vec::new();
    clap_mangen::Man::new(sub.clone()).render_options_section(&mut options)?;
    let options = String::from_utf8_lossy(&options);
    let heading = format!(".SH \"{} OPTIONS\"", sub.get_name().to_uppercase());
    page.write_all(options.replacen(".SH OPTIONS", &heading, 1).as_bytes())
}

/// The EXIT STATUS section, from the table `--help` prints too.
fn exit_status(page: &mut Vec<u8>) -> std::io::Result<()> {
    writeln!(page, ".SH \"EXIT STATUS\"")?;
    for (status, meaning) in EXIT_STATUSES {
        let meaning = meaning.replace('\n', " ").replace('-', "\\-");
        writeln!(page, ".TP\n\\fB{status}\\fR\n{meaning}")?;
    }
    Ok(())
}
