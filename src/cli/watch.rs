//! `check --watch`: notices changes by polling, which needs no platform
//! notification API and costs little for the trees a linter watches.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often the files are looked at again.
const POLL: Duration = Duration::from_millis(300);

/// Each file under the watched paths (as a walk honouring `.gitignore` finds
/// them, project configs included) with its length and modification time.
#[derive(PartialEq, Eq)]
pub struct Snapshot(BTreeMap<PathBuf, (u64, Option<SystemTime>)>);

impl Snapshot {
    /// The files under `roots` but `report`, the file the runs write their
    /// report to: a report written under the watched paths must not start the
    /// next run.
    pub fn take(roots: &[PathBuf], report: Option<&Path>) -> Snapshot {
        let report = report.map(Report::new);
        let mut files = BTreeMap::new();
        for root in roots {
            for entry in ignore::WalkBuilder::new(root).build().flatten() {
                if let Ok(meta) = entry.metadata()
                    && meta.is_file()
                    && !report.as_ref().is_some_and(|r| r.is(entry.path()))
                {
                    files.insert(
                        entry.path().to_path_buf(),
                        (meta.len(), meta.modified().ok()),
                    );
                }
            }
            add_configs_above(root, &mut files);
        }
        Snapshot(files)
    }

    /// Returns once the files differ from this snapshot.
    pub fn wait_for_change(&self, roots: &[PathBuf], report: Option<&Path>) {
        loop {
            std::thread::sleep(POLL);
            if Snapshot::take(roots, report) != *self {
                return;
            }
        }
    }
}

/// The project configs that apply from above a watched path.
fn add_configs_above(root: &Path, files: &mut BTreeMap<PathBuf, (u64, Option<SystemTime>)>) {
    let Ok(absolute) = std::path::absolute(root) else {
        return;
    };
    for dir in absolute.ancestors().skip(1) {
        let config = dir.join(crate::config::FILE_NAME);
        if let Ok(meta) = std::fs::metadata(&config) {
            files.insert(config, (meta.len(), meta.modified().ok()));
        }
    }
}

/// The report file, known by its name and by where it is.
struct Report<'a> {
    path: &'a Path,
    name: Option<&'a std::ffi::OsStr>,
}

impl<'a> Report<'a> {
    fn new(path: &'a Path) -> Report<'a> {
        Report {
            path,
            name: path.file_name(),
        }
    }

    /// Whether `path` is the report (only a file of its name is looked at closely).
    fn is(&self, path: &Path) -> bool {
        path.file_name() == self.name
            && std::fs::canonicalize(path).ok() == std::fs::canonicalize(self.path).ok()
    }
}
