//! Embeds every rule file under `rules/` into the binary, with the code, name and
//! roles of each read here, so that a run parses only the rules its files need.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
}

fn field<'a>(table: &'a toml::Table, key: &str, path: &Path) -> &'a toml::Value {
    table
        .get(key)
        .unwrap_or_else(|| panic!("{}: rule file without `{key}`", path.display()))
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&root.join("rules"), &mut files);
    files.sort();
    let mut code = String::from("&[\n");
    for file in &files {
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // A built-in rule that does not parse is a build error, with the parser's message.
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let rule_code = field(&table, "code", file).as_str().unwrap_or_default();
        let name = field(&table, "name", file).as_str().unwrap_or_default();
        let roles: Vec<&str> = field(&table, "roles", file)
            .as_array()
            .map(|a| a.iter().filter_map(|r| r.as_str()).collect())
            .unwrap_or_default();
        // One rule, one file, named after the rule: `rules/<area>/<name>.toml`.
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        assert_eq!(
            stem,
            name,
            "{}: a rule file is named after its rule",
            file.display()
        );
        let relative = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        // What evaluation needs: the file up to its documentation (same line numbers).
        let body = text
            .find("\n[doc]")
            .map_or(text.as_str(), |end| &text[..end + 1]);
        let _ = writeln!(
            code,
            "    BuiltinRule {{ path: {relative:?}, code: {rule_code:?}, name: {name:?}, roles: &{roles:?}, text: include_str!({:?}), body: {body:?} }},",
            file.to_string_lossy()
        );
    }
    code.push(']');
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_rules.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
