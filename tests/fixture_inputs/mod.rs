//! The fixture and sample files that whole-corpus tests lint, read once.

use std::path::Path;

/// Every file under tests/fixtures and samples that `keep` accepts, in
/// path order, as (path, bytes); at least `at_least` of them, so that a
/// moved fixture directory fails the test instead of emptying it.
pub fn fixture_inputs(keep: impl Fn(&Path) -> bool, at_least: usize) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = ["tests/fixtures", "samples"]
        .iter()
        .flat_map(|dir| walkdir::WalkDir::new(root.join(dir)).into_iter().flatten())
        .filter(|e| e.file_type().is_file() && keep(e.path()))
        .map(walkdir::DirEntry::into_path)
        .collect();
    paths.sort();
    assert!(paths.len() > at_least, "only {} fixtures", paths.len());
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.display().to_string(), bytes)
        })
        .collect()
}
