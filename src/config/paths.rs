//! Path arithmetic for the project config: absolute lexical paths for
//! matching and caching, and paths as shown (relative to the working
//! directory when they are below it).

use std::path::{Component, Path, PathBuf};

/// `path` made absolute (against the working directory) with `.` and `..`
/// removed lexically. Symbolic links are not resolved: `a/link/..` is `a`.
pub(super) fn absolute(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    normalize(&abs)
}

/// Removes `.` and resolves `..` lexically (`..` at the root stays at the root).
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                // `..` at the root is the root.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

/// How a path the config names is shown and opened: relative to `cwd` when it
/// is below it, else absolute. `abs` must be absolute and normalized.
pub(super) fn display(abs: &Path, cwd: Option<&Path>) -> PathBuf {
    match cwd.and_then(|cwd| abs.strip_prefix(cwd).ok()) {
        Some(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Some(rel) => rel.to_path_buf(),
        None => abs.to_path_buf(),
    }
}

/// The working directory, normalized; `None` if it cannot be read.
pub(super) fn cwd() -> Option<PathBuf> {
    std::env::current_dir().ok().map(|d| normalize(&d))
}

/// `abs` relative to `dir` with `/` separators, as globs see it; `None` when
/// `abs` is not strictly below `dir`. Both must be absolute and normalized.
pub(super) fn relative(abs: &Path, dir: &Path) -> Option<String> {
    let rel = abs.strip_prefix(dir).ok()?;
    let mut out = String::new();
    for c in rel.components() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(&c.as_os_str().to_string_lossy());
    }
    (!out.is_empty()).then_some(out)
}

/// Where the paths of a config in `dir` must stay: the nearest directory at or
/// above `dir` that holds `.git` (the repository), else `dir` itself.
#[derive(Clone, Debug)]
pub(super) struct Confinement {
    /// Canonical: links resolved.
    pub root: PathBuf,
    /// `dir`, canonical.
    dir: PathBuf,
    pub in_repository: bool,
}

impl Confinement {
    pub fn of(dir: &Path) -> std::io::Result<Confinement> {
        let dir = std::fs::canonicalize(dir)?;
        let repository = dir.ancestors().find(|a| a.join(".git").exists());
        Ok(Confinement {
            root: repository.unwrap_or(&dir).to_path_buf(),
            in_repository: repository.is_some(),
            dir,
        })
    }

    /// Why `written` (relative to the config's directory, or absolute) leads
    /// outside the root, if it does: by its text (`..`, an absolute path), or
    /// through a symbolic link. A path that does not exist is not judged here.
    pub fn escape(&self, written: &str) -> Option<String> {
        let lexical = normalize(&self.dir.join(written));
        let resolved = std::fs::canonicalize(&lexical).ok()?;
        if resolved.starts_with(&self.root) {
            return None;
        }
        let place = if self.in_repository {
            format!("the repository `{}`", self.root.display())
        } else {
            format!(
                "`{}`, the directory of the config (it is in no repository)",
                self.root.display()
            )
        };
        let how = if lexical.starts_with(&self.root) {
            format!(" through a symbolic link to `{}`", resolved.display())
        } else if Path::new(written).is_absolute() {
            " (an absolute path)".to_string()
        } else {
            String::new()
        };
        Some(format!(
            "`{written}`{how} leads outside {place}: paths in kafkalint.toml stay inside it (name a file elsewhere on the command line instead)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_removes_dots() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(normalize(Path::new("/../a")), PathBuf::from("/a"));
        assert_eq!(normalize(Path::new("a/../../b")), PathBuf::from("../b"));
    }

    #[test]
    fn relative_uses_slashes_and_needs_a_strict_descendant() {
        let dir = Path::new("/p/q");
        assert_eq!(
            relative(Path::new("/p/q/a/b.properties"), dir).as_deref(),
            Some("a/b.properties")
        );
        assert_eq!(relative(Path::new("/p/q"), dir), None);
        assert_eq!(relative(Path::new("/p/r/x"), dir), None);
    }

    #[test]
    fn display_is_relative_below_the_working_directory() {
        let cwd = Path::new("/w");
        assert_eq!(
            display(Path::new("/w/a/b"), Some(cwd)),
            PathBuf::from("a/b")
        );
        assert_eq!(display(Path::new("/w"), Some(cwd)), PathBuf::from("."));
        assert_eq!(display(Path::new("/x/b"), Some(cwd)), PathBuf::from("/x/b"));
        assert_eq!(display(Path::new("/x/b"), None), PathBuf::from("/x/b"));
    }
}
