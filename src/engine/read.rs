//! Reading a file to lint. Every failure names the path.

use std::path::Path;

/// Reads a file for linting: a regular file of at most `limit` bytes; binary
/// files are refused.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let bytes = crate::input::read_regular(path, limit)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    refuse_binary(path, bytes)
}

/// Refuses bytes that hold NUL bytes near the start: not a text file.
pub fn refuse_binary(path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    // UTF-16 text is full of NUL bytes too; the carrier says what Kafka makes of it.
    if bytes[..bytes.len().min(8192)].contains(&0) && crate::text::utf16::detect(&bytes).is_none() {
        return Err(format!(
            "`{}` looks like a binary file (it contains NUL bytes), not a .properties file; skipped",
            path.display()
        ));
    }
    Ok(bytes)
}

/// How a path is shown: as given.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
