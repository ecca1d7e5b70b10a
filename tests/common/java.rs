//! Java's own reading of `.properties` files, through
//! `tests/java/PropertiesOracle.java`: one JVM for a whole batch of files,
//! since starting one costs more than reading many files.
#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Whether `java` runs here. Without it, tests that need it print a notice and
/// pass, except on CI (`CI=true`), where they fail.
pub fn java_available(what: &str) -> bool {
    let found = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "`java` is needed on CI for {what}"
        );
        eprintln!("NOTICE: `java` not found: skipping {what}");
    }
    found
}

/// What Java's `Properties.load` made of a file.
pub type JavaView = Result<BTreeMap<String, String>, String>;

/// Reads every file with one JVM (`--read`, as Kafka reads them); None when
/// `java` is not installed.
pub fn java_read(files: &[&Path]) -> Option<Vec<JavaView>> {
    let out = match Command::new("java")
        .args(["tests/java/PropertiesOracle.java", "--read"])
        .args(files)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("java: {e}"),
    };
    assert!(
        out.status.success(),
        "java PropertiesOracle --read failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("ASCII");
    let views: Vec<JavaView> = text
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            view(&v)
        })
        .collect();
    assert_eq!(views.len(), files.len());
    Some(views)
}

/// What `PropertiesOracle.java <cases-dir> <golden-dir>` records for every
/// `NNN.properties` of a directory, read both ways: ISO-8859-1
/// (`load(InputStream)`) and UTF-8 (`load(Reader)`), each a map from case
/// name to Java's outcome.
pub fn java_goldens(
    cases: &Path,
    golden: &Path,
) -> (BTreeMap<String, JavaView>, BTreeMap<String, JavaView>) {
    let out = Command::new("java")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/java/PropertiesOracle.java"))
        .arg(cases)
        .arg(golden)
        .output()
        .expect("run java");
    assert!(
        out.status.success(),
        "java PropertiesOracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |mode: &str| -> BTreeMap<String, JavaView> {
        let text = std::fs::read_to_string(golden.join(format!("{mode}.json"))).expect("golden");
        let json: BTreeMap<String, Value> = serde_json::from_str(&text).expect("golden json");
        json.into_iter().map(|(name, v)| (name, view(&v))).collect()
    };
    (read("latin1"), read("utf8"))
}

/// One outcome of the oracle: `{"entries": {...}}` or `{"error": "..."}`.
fn view(v: &Value) -> JavaView {
    match v.get("error") {
        Some(e) => Err(e.as_str().unwrap_or_default().to_string()),
        None => Ok(v["entries"]
            .as_object()
            .expect("entries")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
            .collect()),
    }
}
