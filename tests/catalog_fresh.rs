//! The committed catalog tables are the generator's output for ../shared/kafka-catalog
//! and the ConfigDef dumps in tools/catalog-gen/configdef: regenerate into a
//! temporary folder and compare byte for byte.

use std::path::Path;
use std::process::Command;

#[test]
fn committed_catalog_matches_the_generator_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = root.join("../shared/kafka-catalog");
    if !source.is_dir() {
        eprintln!(
            "notice: {} is not present; catalog freshness not checked",
            source.display()
        );
        return;
    }
    let out = std::env::temp_dir().join(format!("kafkalint-catalog-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("temp dir");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(cargo)
        .args(["run", "-q", "-p", "catalog-gen", "--"])
        .arg(&source)
        .arg(&out)
        .arg(root.join("tools/catalog-gen/configdef"))
        .current_dir(root)
        .output()
        .expect("run the catalog generator");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let committed = root.join("src/catalog/data");
    let mut compared = 0;
    for entry in std::fs::read_dir(&out).expect("generated files").flatten() {
        let name = entry.file_name();
        let generated = std::fs::read(entry.path()).expect("read generated");
        let ours = std::fs::read(committed.join(&name)).unwrap_or_default();
        assert!(
            generated == ours,
            "src/catalog/data/{} is stale: run `cargo run -p catalog-gen -- ../shared/kafka-catalog src/catalog/data tools/catalog-gen/configdef`",
            name.to_string_lossy()
        );
        compared += 1;
    }
    assert!(compared >= 33, "only {compared} generated files");
    let _ = std::fs::remove_dir_all(&out);
}
