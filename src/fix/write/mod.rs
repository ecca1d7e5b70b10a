//! Replacing a file's contents without losing a byte, and without showing one
//! to anyone the original did not show it to.
//!
//! The fixed bytes go to a new file in the original's directory (so the rename
//! stays on one file system), which gets the original's owner, group, extended
//! attributes and mode (see [`keep`]), is flushed to disk and is then renamed
//! over the original. Readers see the old file or the new one, never a mix, and a
//! run killed at any point leaves the original whole. What a rename cannot
//! replace faithfully (hard links, read-only files, pipes and devices) is refused,
//! and so is a file that changed since it was read: its new bytes would be lost.

mod keep;

#[cfg(test)]
mod tests;

use std::fmt;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Temporary files made by this process, for unique names across threads.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Why a file was not replaced. It is always left as it was.
#[derive(Debug)]
pub struct WriteError {
    /// The path as given to [`write_atomically`].
    pub path: PathBuf,
    pub kind: WriteErrorKind,
}

/// Why a file was not replaced.
#[derive(Debug)]
pub enum WriteErrorKind {
    /// The file is gone, or no longer holds the bytes that were linted, or was
    /// changed in any way while the new copy was made: replacing it would lose
    /// that change.
    Changed,
    /// It has this many names: a rename would give only one of them the new bytes.
    HardLinks(u64),
    /// No one may write it (this mode has no write bit). Root could, but a file
    /// made read-only was made so on purpose.
    ReadOnly(u32),
    /// A pipe, socket or device: a rename would put a regular file in its place.
    NotRegular,
    Io(io::Error),
}

impl WriteErrorKind {
    /// The reason for a failure to find or open a file that was just read.
    fn missing_or(e: io::Error) -> WriteErrorKind {
        if e.kind() == io::ErrorKind::NotFound {
            WriteErrorKind::Changed
        } else {
            WriteErrorKind::Io(e)
        }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            WriteErrorKind::Changed => write!(
                f,
                "`{path}` changed while it was being fixed; left as it is"
            ),
            WriteErrorKind::HardLinks(n) => write!(
                f,
                "`{path}` has {n} hard links; fixing it would split them; left as it is"
            ),
            WriteErrorKind::ReadOnly(mode) => {
                write!(f, "`{path}` is read-only (mode {mode:04o}); left as it is")
            }
            WriteErrorKind::NotRegular => write!(
                f,
                "`{path}` is not a regular file; fixing it would replace it with one; left as it is"
            ),
            WriteErrorKind::Io(e) => write!(f, "cannot write `{path}`: {e}; left as it is"),
        }
    }
}

impl std::error::Error for WriteError {}

/// Replaces the contents of `path`, which held `expected_original` when it was
/// read, with `new`, atomically (see the module's documentation). On any error
/// the file is left as it is and no temporary file remains.
///
/// A symbolic link is followed: its target is replaced and the link kept.
pub fn write_atomically(
    path: &Path,
    expected_original: &[u8],
    new: &[u8],
) -> Result<(), WriteError> {
    replace(path, expected_original, new, || {})
}

/// [`write_atomically`], calling `before_check` once the new copy is complete,
/// just before the original is checked for changes and replaced: tests change
/// the original there.
fn replace(
    path: &Path,
    expected_original: &[u8],
    new: &[u8],
    before_check: impl FnOnce(),
) -> Result<(), WriteError> {
    let error = |kind| WriteError {
        path: path.to_path_buf(),
        kind,
    };
    let io_error = |e| error(WriteErrorKind::Io(e));
    let target = resolve(path).map_err(|e| error(WriteErrorKind::missing_or(e)))?;
    let original = Original::open(&target).map_err(error)?;
    let mut temp = Temp::create(&target, original.seen.mode()).map_err(io_error)?;
    temp.fill(new, &original).map_err(io_error)?;
    before_check();
    // The check comes last: only a change made between it and the rename, or
    // written after the rename through a file opened before it, can still be
    // lost (editors honour no lock that could close that window).
    original
        .check_unchanged(&target, expected_original)
        .map_err(error)?;
    temp.rename_over(&target).map_err(io_error)
}

/// The file a write to `path` should replace: the final target of a symlink.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// The file to replace, open, and its metadata when it was opened.
struct Original {
    file: File,
    seen: Metadata,
}

impl Original {
    /// Opens the file at `target`, refusing one that a rename cannot replace
    /// faithfully.
    fn open(target: &Path) -> Result<Original, WriteErrorKind> {
        // Looked at before it is opened: opening a pipe would wait for a writer.
        let before = fs::metadata(target).map_err(WriteErrorKind::missing_or)?;
        refuse_unfaithful(&before)?;
        let file = File::open(target).map_err(WriteErrorKind::missing_or)?;
        let seen = file.metadata().map_err(WriteErrorKind::Io)?;
        if !same_state(&before, &seen) {
            return Err(WriteErrorKind::Changed);
        }
        Ok(Original { file, seen })
    }

    /// Whether the file at `target` is still the one opened, untouched since,
    /// and holds exactly `expected` (what was linted, read before it was opened).
    fn check_unchanged(&self, target: &Path, expected: &[u8]) -> Result<(), WriteErrorKind> {
        let now = fs::symlink_metadata(target).map_err(WriteErrorKind::missing_or)?;
        // Another file at the path, or any write, chmod, chown or xattr change
        // since it was opened shows in its metadata, without reading it.
        if !same_state(&now, &self.seen) || now.len() != expected.len() as u64 {
            return Err(WriteErrorKind::Changed);
        }
        let mut on_disk = Vec::with_capacity(expected.len());
        let mut file = &self.file;
        file.seek(SeekFrom::Start(0)).map_err(WriteErrorKind::Io)?;
        file.take(expected.len() as u64 + 1)
            .read_to_end(&mut on_disk)
            .map_err(WriteErrorKind::Io)?;
        if on_disk == expected {
            Ok(())
        } else {
            Err(WriteErrorKind::Changed)
        }
    }
}

/// Refuses a file whose replacement by a rename would not be the same file
/// with other bytes.
fn refuse_unfaithful(meta: &Metadata) -> Result<(), WriteErrorKind> {
    if !meta.is_file() {
        Err(WriteErrorKind::NotRegular)
    } else if meta.nlink() > 1 {
        Err(WriteErrorKind::HardLinks(meta.nlink()))
    } else if meta.mode() & 0o222 == 0 {
        Err(WriteErrorKind::ReadOnly(meta.mode() & 0o7777))
    } else {
        Ok(())
    }
}

/// Whether two looks at a path saw the same file in the same state: any change
/// to its bytes or metadata moves its change time, which no one can set.
/// (Timestamps can be coarser than two quick writes: the bytes are compared too.)
fn same_state(a: &Metadata, b: &Metadata) -> bool {
    (a.dev(), a.ino(), a.len(), a.mtime(), a.mtime_nsec())
        == (b.dev(), b.ino(), b.len(), b.mtime(), b.mtime_nsec())
        && (a.ctime(), a.ctime_nsec()) == (b.ctime(), b.ctime_nsec())
}

/// The new copy, next to the original; removed unless it replaced the original,
/// on every failure path, panics included.
struct Temp {
    path: PathBuf,
    file: File,
    renamed: bool,
}

impl Temp {
    /// A new, empty file in `target`'s directory with a name no one else uses.
    /// It is readable by its creator alone, and never by more than the original
    /// (`original_mode & 0o600`), until it has the original's owner and mode.
    fn create(target: &Path, original_mode: u32) -> io::Result<Temp> {
        let dir = parent_dir(target);
        let name = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?
            .to_string_lossy();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let mut attempts = 0;
        loop {
            attempts += 1;
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!(
                ".{name}.kafkalint-{}-{nanos}-{n}.tmp",
                std::process::id()
            ));
            let created = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(original_mode & 0o600)
                .open(&path);
            match created {
                Ok(file) => {
                    return Ok(Temp {
                        path,
                        file,
                        renamed: false,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 100 => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Writes `bytes`, gives the file all the original keeps, and flushes it to disk.
    fn fill(&mut self, bytes: &[u8], original: &Original) -> io::Result<()> {
        self.file.write_all(bytes)?;
        keep::everything(&original.file, &original.seen, &self.file)?;
        self.file.sync_all()
    }

    fn rename_over(mut self, target: &Path) -> io::Result<()> {
        fs::rename(&self.path, target)?;
        self.renamed = true;
        sync_dir(&parent_dir(target));
        Ok(())
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes the rename itself durable; best effort (the data is already on disk,
/// and the rename is done either way).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
