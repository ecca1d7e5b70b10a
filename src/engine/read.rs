//! Reading a file to lint. Every failure names the path.

use std::path::Path;

/// Reads a file for linting; binary files are refused.
pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
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

/// How a path is shown: as given.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
