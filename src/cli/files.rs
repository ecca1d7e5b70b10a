//! Finding and reading the files to lint. Every failure names the path.

use super::CliError;
use crate::catalog;
use crate::model::Overrides;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

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
    })
}

/// The files named, and the `*.properties` files below the directories named,
/// sorted and without duplicates. Problems are collected, not fatal.
pub fn collect(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut files, errors),
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(format!("cannot read `{}`: {e}", path.display())),
        }
    }
    files.sort();
    files.dedup();
    files
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    // Symbolic links are not followed into directories, so a link loop cannot trap the walk.
    for entry in WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(e) => {
                let is_properties = e.path().extension().is_some_and(|x| x == "properties");
                if is_properties && std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()) {
                    files.push(e.into_path());
                }
            }
            Err(e) => {
                let place = e
                    .path()
                    .map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                errors.push(format!(
                    "cannot read `{place}`: {}",
                    e.io_error()
                        .map_or_else(|| e.to_string(), |io| io.to_string())
                ));
            }
        }
    }
}

/// Reads a file for linting; binary files are refused.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(format!(
            "`{}` looks like a binary file (it contains NUL bytes), not a .properties file; skipped",
            path.display()
        ));
    }
    Ok(bytes)
}

/// How a path is shown: as given on the command line, with `/` separators.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
