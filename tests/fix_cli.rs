//! `check --fix`, `--unsafe-fixes` and `--diff` on real files: what changes,
//! what stays byte for byte, and that a second run changes nothing.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn temp_copy(name: &str, text: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kafkalint-fix-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("producer.properties");
    std::fs::write(&file, text).expect("write");
    file
}

fn kafkalint(file: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .arg("check")
        .args(["--format", "concise"])
        .args(args)
        .arg("producer.properties")
        .current_dir(file.parent().expect("dir"))
        .output()
        .expect("run kafkalint");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

const CRLF: &[u8] = b"# Orders producer\r\nbootstrap.servers=localhost:9092\r\nacks=ALL\r\nretries=3\r\n\r\n# tuning\r\nlingr.ms=20\r\nretries=10\r\nssl.keystore.password=hunter2\r\n";

#[test]
fn diff_shows_the_safe_fixes_and_changes_nothing() {
    let file = temp_copy("diff", CRLF);
    let (out, _, status) = kafkalint(&file, &["--diff"]);
    assert_eq!(status, 1);
    assert_eq!(
        std::fs::read(&file).expect("read"),
        CRLF,
        "--diff must not write"
    );
    assert!(!out.contains("hunter2"), "{out}");
    insta::assert_snapshot!(out.replace('\r', "\\r"));
    let clean = temp_copy(
        "diff-clean",
        b"bootstrap.servers=localhost:9092\nacks=all\n",
    );
    let (out, _, status) = kafkalint(&clean, &["--diff"]);
    assert_eq!((status, out.as_str()), (0, ""));
}

#[test]
fn fix_rewrites_only_the_fixed_bytes_and_is_idempotent() {
    let file = temp_copy("fix", CRLF);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let (out, err, _) = kafkalint(&file, &["--fix"]);
    let fixed = std::fs::read(&file).expect("read");
    // acks case fixed (safe), the ignored duplicate removed (safe); the rename is unsafe.
    assert_eq!(
        fixed,
        b"# Orders producer\r\nbootstrap.servers=localhost:9092\r\nacks=all\r\n\r\n# tuning\r\nlingr.ms=20\r\nretries=10\r\nssl.keystore.password=hunter2\r\n"
    );
    assert!(err.contains("fixed 2 problems in 1 file"), "{err}");
    assert!(
        out.contains("[K101]") && !out.contains("[K203]") && !out.contains("[K008]"),
        "what remains is reported: {out}"
    );
    assert_eq!(
        std::fs::metadata(&file).expect("stat").permissions().mode() & 0o777,
        0o640
    );
    let (_, err, _) = kafkalint(&file, &["--fix"]);
    assert!(
        !err.contains("fixed"),
        "a second run changes nothing: {err}"
    );
    assert_eq!(std::fs::read(&file).expect("read"), fixed);
}

#[test]
fn unsafe_fixes_apply_renames_too() {
    let file = temp_copy("unsafe", CRLF);
    let (out, _, _) = kafkalint(&file, &["--fix", "--unsafe-fixes"]);
    let fixed = String::from_utf8(std::fs::read(&file).expect("read")).expect("ascii");
    assert!(fixed.contains("\r\nlinger.ms=20\r\n"), "{fixed}");
    assert!(!out.contains("[K101]"), "{out}");
}

#[test]
fn fix_refuses_standard_input() {
    let out = Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .args(["check", "--fix", "-"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}
