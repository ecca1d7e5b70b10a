//! Finding and reading the files to lint. Every failure names the path.

use super::CliError;
use crate::carrier::Carriers;
use crate::catalog;
use crate::engine::{ConfigChoice, Engine, EngineOptions};
use crate::model::{Hints, Overrides};
use ignore::WalkBuilder;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Resolves check's file options into overrides; a bad version is a usage error.
pub fn overrides(options: &super::args::FileOptions) -> Result<Overrides, CliError> {
    let kafka_version = match &options.kafka_version {
        Some(v) => {
            let selection = catalog::select_version(v)
                .map_err(|e| CliError(format!("--kafka-version: {e}")))?;
            if let Some(note) = &selection.note {
                super::say(&format!("note: {note}"));
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
/// `*.properties`), as the walk reaches it, once per file: a file named twice,
/// named and also below a directory named, or reached through a link as well,
/// is linted (and fixed) once. The order of the calls is the walk's: sort the
/// results. Problems are collected, not fatal. `select` is told whether the
/// walk read the path as neither a directory nor a link.
pub fn for_each(
    paths: &[PathBuf],
    errors: &mut Vec<String>,
    select: &mut dyn FnMut(&Path, bool) -> bool,
    mut found: impl FnMut(PathBuf),
) {
    let mut seen = HashSet::default();
    let mut emit = |path: PathBuf, id: FileId| {
        if seen.insert(id) {
            found(path);
        }
    };
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, select, &mut emit, errors),
            Ok(meta) => emit(path.clone(), FileId::of(&meta)),
            Err(e) => errors.push(format!("cannot read `{}`: {e}", path.display())),
        }
    }
}

/// Which file a path leads to: two paths with one id are one file.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId {
    device: u64,
    inode: u64,
}

impl FileId {
    fn of(meta: &Metadata) -> FileId {
        FileId {
            device: meta.dev(),
            inode: meta.ino(),
        }
    }

    /// The file `path` leads to, links followed; `None` if it cannot be read.
    pub fn of_path(path: &Path) -> Option<FileId> {
        std::fs::metadata(path).ok().map(|m| FileId::of(&m))
    }
}

fn walk(
    dir: &Path,
    select: &mut dyn FnMut(&Path, bool) -> bool,
    found: &mut impl FnMut(PathBuf, FileId),
    errors: &mut Vec<String>,
) {
    let tree = match std::fs::canonicalize(dir) {
        Ok(root) => Tree { dir, root },
        Err(e) => return errors.push(format!("cannot read `{}`: {e}", dir.display())),
    };
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
    let mut links = Vec::new();
    // The device of each directory walked: a regular file's id is its
    // directory's device and the inode the directory listing gives, so the
    // walk does not ask the system about every file (a `stat` each, a tenth
    // of a small-file tree's wall time).
    let mut devices = HashMap::default();
    for entry in walker {
        match entry {
            Ok(e) => {
                // Neither a directory nor a link, as the walk read it: select
                // can take it for a file without asking the system again.
                let kind = e.file_type();
                if kind.is_some_and(|t| t.is_dir()) {
                    if let Ok(meta) = std::fs::metadata(e.path()) {
                        devices.insert(e.path().to_path_buf(), meta.dev());
                    }
                    continue;
                }
                let plain = kind.is_some_and(|t| !t.is_dir() && !t.is_symlink());
                let path = clean(e.path());
                if !select(&path, plain) {
                    continue;
                }
                let listed = kind.filter(|t| t.is_file()).and(e.ino()).and_then(|inode| {
                    let device = *devices.get(e.path().parent()?)?;
                    Some(FileId { device, inode })
                });
                if e.path_is_symlink() {
                    links.push(path);
                } else if let Some(id) = listed {
                    found(path, id);
                } else {
                    regular_file(path, found, errors);
                }
            }
            Err(e) => errors.push(format!("cannot read `{}`: {e}", dir.display())),
        }
    }
    // Links come last, so that a file the walk reaches under its own name is
    // linted under that name, and the link to it is not linted again.
    for link in links {
        tree.linked_file(link, found, errors);
    }
}

/// Passes on a regular file. Directories, sockets and pipes named *.properties
/// are not configuration; a link that leads nowhere (dangling, or a loop) is a
/// file that cannot be read, and is reported as one.
fn regular_file(path: PathBuf, found: &mut impl FnMut(PathBuf, FileId), errors: &mut Vec<String>) {
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => found(path, FileId::of(&meta)),
        Ok(_) => {}
        Err(err) => errors.push(format!("cannot read `{}`: {err}", path.display())),
    }
}

/// A directory named on the command line, and where it really is.
struct Tree<'a> {
    dir: &'a Path,
    root: PathBuf,
}

impl Tree<'_> {
    /// Passes on a link found in the walk when it leads to a file inside the
    /// tree: a walk must not lead `--fix` to edit a file outside the tree it was
    /// given. A link that leads outside is checked when it is named itself.
    fn linked_file(
        &self,
        link: PathBuf,
        found: &mut impl FnMut(PathBuf, FileId),
        errors: &mut Vec<String>,
    ) {
        match std::fs::canonicalize(&link) {
            Ok(target) if !target.starts_with(&self.root) => {
                if target.is_file() {
                    super::say(&format!(
                        "note: `{}` links to `{}`, outside `{}`; skipped (name it to check it)",
                        link.display(),
                        target.display(),
                        self.dir.display()
                    ));
                }
            }
            Ok(_) => regular_file(link, found, errors),
            Err(err) => errors.push(format!("cannot read `{}`: {err}", link.display())),
        }
    }
}

pub use crate::engine::{display, read_file as read};

/// `path` without its `.` components, as ruff shows paths: `check .` and
/// `check producer.properties` name the file alike, `producer.properties`,
/// in every format, in `--diff` and in messages.
pub fn clean(path: &Path) -> PathBuf {
    if !needs_cleaning(path.as_os_str().as_encoded_bytes()) {
        // What the walk gives: rebuilding it would only copy it (a tree asks for every file).
        return path.to_path_buf();
    }
    rebuilt(path)
}

/// `path` rebuilt from its components but `.`, or `.` if none is left.
fn rebuilt(path: &Path) -> PathBuf {
    let cleaned: PathBuf = path
        .components()
        .filter(|c| *c != std::path::Component::CurDir)
        .collect();
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
}

/// Whether rebuilding `path` from its components changes it: a `.`
/// component, or a separator that components drop (doubled or trailing).
fn needs_cleaning(path: &[u8]) -> bool {
    path == b"."
        || path.starts_with(b"./")
        || path.ends_with(b"/.")
        || (path.len() > 1 && path.ends_with(b"/"))
        || path.windows(2).any(|w| w == b"//")
        || path.windows(3).any(|w| w == b"/./")
}

/// Each of `paths`, [`clean`].
pub fn clean_all(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths.iter().map(|p| clean(p)).collect()
}

/// Standard input, the file `-` names, at most `max_bytes` of it.
pub fn read_stdin(max_bytes: u64) -> Result<Vec<u8>, CliError> {
    crate::input::read_bounded(std::io::stdin(), max_bytes)
        .map_err(|e| CliError(format!("cannot read standard input: {e}")))
}

/// Which project config the options choose.
pub fn config_choice(options: &super::args::FileOptions) -> ConfigChoice {
    if options.no_config {
        ConfigChoice::None
    } else if let Some(path) = &options.config {
        ConfigChoice::File(clean(path))
    } else {
        ConfigChoice::Discover
    }
}

/// The carriers of a run: every one, or the one `--carrier` names.
pub fn carriers(options: &super::args::FileOptions) -> Result<Carriers, CliError> {
    let mut carriers = Carriers::default();
    if let Some(name) = &options.carrier {
        carriers
            .force(name)
            .map_err(|e| CliError(format!("--carrier: {e}")))?;
    }
    Ok(carriers)
}

/// The command line's `--select`, `--extend-select` and `--ignore`.
pub struct Selection<'a> {
    pub select: &'a [String],
    pub extend_select: &'a [String],
    pub ignore: &'a [String],
}

/// The engine for the options, with the rule directories the project configs add.
pub fn engine(
    options: &super::args::FileOptions,
    overrides: &Overrides,
    config_rules: &[PathBuf],
    selection: Selection,
) -> Result<Engine, CliError> {
    let mut rule_dirs = clean_all(&options.rules);
    rule_dirs.extend(config_rules.iter().cloned());
    let engine = Engine::new(
        EngineOptions {
            overrides: overrides.clone(),
            broker: options.broker.as_deref().map(clean),
            hints: Hints {
                record_processing_ms: options.record_processing_ms,
            },
            rule_dirs,
            select: selection.select.to_vec(),
            extend_select: selection.extend_select.to_vec(),
            ignore: selection.ignore.to_vec(),
        },
        carriers(options)?,
    )?;
    super::print_rule_notes(engine.rules());
    Ok(engine)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_cleans_as_rebuilding_does() {
        let paths = [
            ".",
            "./",
            "./a",
            "a/./b",
            "a/.",
            "a/",
            "a//b",
            "/",
            "//a",
            "/a/b",
            "a/../b",
            "../a",
            "a/b.properties",
            ".hidden/a",
            "a/.b",
            "a/..",
            "a./b",
            "a/b.",
            "tree/dev/x.properties",
        ];
        for path in paths {
            assert_eq!(clean(Path::new(path)), rebuilt(Path::new(path)), "{path}");
        }
    }
}
