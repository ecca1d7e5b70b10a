//! Reading input files: regular files only, and never more than a bound.
//!
//! A FIFO would block a run for ever, `/dev/zero` would fill the memory, and a
//! sparse multi-gigabyte file would be read whole; no configuration file is
//! anywhere near the bound.

use std::io::{self, Read};
use std::path::Path;

/// The default largest file read: far above any real configuration file.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum InputError {
    Io(io::Error),
    /// A directory, FIFO, socket or device.
    NotRegular,
    TooLarge {
        limit: u64,
    },
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Io(e) => write!(f, "{e}"),
            InputError::NotRegular => f.write_str("not a regular file"),
            InputError::TooLarge { limit } => write!(
                f,
                "larger than {limit} bytes, the most kafkalint reads (--max-file-size)"
            ),
        }
    }
}

/// Reads a regular file of at most `limit` bytes (a symbolic link is followed).
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let file = open_without_blocking(path).map_err(InputError::Io)?;
    let meta = file.metadata().map_err(InputError::Io)?;
    if !meta.is_file() {
        return Err(InputError::NotRegular);
    }
    if meta.len() > limit {
        return Err(InputError::TooLarge { limit });
    }
    // Sized to the file, so that its text is kept without a doubling's spare room.
    let capacity = usize::try_from(meta.len()).unwrap_or(0);
    read_into(file, limit, Vec::with_capacity(capacity))
}

/// Opens for reading without waiting for a writer: opening a FIFO blocks until
/// one comes, before any check on what the file is can run.
fn open_without_blocking(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // No effect on regular files, which are all that is read from here on.
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads a stream of at most `limit` bytes (standard input).
pub fn read_bounded(reader: impl Read, limit: u64) -> Result<Vec<u8>, InputError> {
    read_into(reader, limit, Vec::new())
}

fn read_into(reader: impl Read, limit: u64, mut bytes: Vec<u8>) -> Result<Vec<u8>, InputError> {
    // One byte more than allowed tells a stream that grew past the limit.
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_regular_file_or_too_large() {
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 1024),
            Err(InputError::NotRegular)
        ));
        assert!(matches!(
            read_regular(Path::new("."), 1024),
            Err(InputError::NotRegular)
        ));
        let dir = std::env::temp_dir().join(format!("kafkalint-fifo-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let fifo = dir.join("x.properties");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(
                read_regular(&fifo, 1024),
                Err(InputError::NotRegular)
            ));
        }
        let _ = std::fs::remove_dir_all(&dir);
        assert!(matches!(
            read_bounded(std::io::repeat(b'a'), 1024),
            Err(InputError::TooLarge { limit: 1024 })
        ));
        assert_eq!(read_bounded(&b"abc"[..], 3).ok(), Some(b"abc".to_vec()));
    }
}
