//! Finding and reading the files to lint. Every failure names the path.

use super::CliError;
use crate::carrier::Carriers;
use crate::catalog;
use crate::engine::{ConfigChoice, Engine, EngineOptions};
use crate::model::{Hints, Overrides};
use ignore::WalkBuilder;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Resolves check's file options into overrides; a bad version is a usage error.
pub fn overrides(options: &super::args::FileOptions) -> Result<Overrides, CliError> {
    let kafka_version = match &options.kafka_version {
        Some(v) => {
            let selection = catalog::select_version(v)
                .map_err(|e| CliError(format!("--kafka-version: {e}")))?;
            if let Some(note) = &selection.note {
                eprintln!("kafkalint: note: {note}");
            }
            Some(selection)
        }
        None => None,
    };
    Ok(Overrides {
        role: options.role.map(Into::into),
        kafka_version,
        encoding: options.encoding.into(),
        max_file_size: options.max_file_size,
    })
}

/// Calls `found` with each file named and each file below the directories
/// named that `select` accepts (the project config's include/exclude, else
/// `*.properties`), as the walk reaches it, once per path (a file named twice,
/// or named and also below a directory named, is linted once). The order of the
/// calls is the walk's: sort the results. Problems are collected, not fatal.
pub fn for_each(
    paths: &[PathBuf],
    errors: &mut Vec<String>,
    select: &mut dyn FnMut(&Path) -> bool,
    mut found: impl FnMut(PathBuf),
) {
    let mut seen = HashSet::new();
    let mut emit = |path: PathBuf| {
        if seen.insert(path.clone()) {
            found(path);
        }
    };
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, select, &mut emit, errors),
            Ok(_) => emit(path.clone()),
            Err(e) => errors.push(format!("cannot read `{}`: {e}", path.display())),
        }
    }
}

fn walk(
    dir: &Path,
    select: &mut dyn FnMut(&Path) -> bool,
    found: &mut impl FnMut(PathBuf),
    errors: &mut Vec<String>,
) {
    // .gitignore (and .ignore) files are honoured, in and outside git repositories;
    // hidden directories are walked too. Symbolic links are not followed into
    // directories, so a link loop cannot trap the walk.
    let walker = WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".git")
        .sort_by_file_name(std::ffi::OsStr::cmp)
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_dir()) || !select(e.path()) {
                    continue;
                }
                // Directories, sockets and pipes named *.properties are not
                // configuration; a link that leads nowhere (dangling, or a loop)
                // is a file that cannot be read, and is reported as one.
                match std::fs::metadata(e.path()) {
                    Ok(m) if m.is_file() => found(e.into_path()),
                    Ok(_) => {}
                    Err(err) => errors.push(format!("cannot read `{}`: {err}", e.path().display())),
                }
            }
            Err(e) => errors.push(format!("cannot read `{}`: {e}", dir.display())),
        }
    }
}

pub use crate::engine::{display, read_file as read};

/// Which project config the options choose.
pub fn config_choice(options: &super::args::FileOptions) -> ConfigChoice {
    if options.no_config {
        ConfigChoice::None
    } else if let Some(path) = &options.config {
        ConfigChoice::File(path.clone())
    } else {
        ConfigChoice::Discover
    }
}

/// The engine for the options, with the rule directories the project configs add.
pub fn engine(
    options: &super::args::FileOptions,
    overrides: &Overrides,
    config_rules: &[PathBuf],
    select: &[String],
    ignore: &[String],
) -> Result<Engine, CliError> {
    let mut rule_dirs = options.rules.clone();
    rule_dirs.extend(config_rules.iter().cloned());
    let engine = Engine::new(
        EngineOptions {
            overrides: overrides.clone(),
            broker: options.broker.clone(),
            hints: Hints {
                record_processing_ms: options.record_processing_ms,
            },
            rule_dirs,
            select: select.to_vec(),
            ignore: ignore.to_vec(),
        },
        Carriers::default(),
    )?;
    Ok(engine)
}
