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

/// `kafkalint check --format concise ARGS producer.properties` next to `file`.
fn kafkalint(file: &Path, args: &[&str]) -> (String, String, i32) {
    let args = [args, &["producer.properties"]].concat();
    check_in(file.parent().expect("dir"), &args)
}

/// `kafkalint check --format concise ARGS` in `dir`: stdout, stderr, status.
fn check_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .arg("check")
        .args(["--format", "concise"])
        .args(args)
        .current_dir(dir)
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

/// A file with one safe fix (`acks=ALL` to `acks=all`) and nothing else to report.
const FIXABLE: &[u8] = b"bootstrap.servers=localhost:9092\nacks=ALL\n";
const FIXED: &[u8] = b"bootstrap.servers=localhost:9092\nacks=all\n";

/// A walk does not follow a link out of the tree; a link to a file inside the
/// tree is that file, linted and fixed once, under its own name.
#[test]
fn fix_of_a_directory_edits_nothing_outside_it_and_nothing_twice() {
    let file = temp_copy("walk", FIXABLE);
    let base = file.parent().expect("dir");
    let tree = base.join("tree");
    let outside = base.join("outside/x.properties");
    std::fs::create_dir_all(outside.parent().expect("dir")).expect("mkdir");
    std::fs::create_dir_all(&tree).expect("mkdir");
    std::fs::write(&outside, FIXABLE).expect("write");
    std::fs::rename(&file, tree.join("producer.properties")).expect("move");
    std::os::unix::fs::symlink(&outside, tree.join("link.properties")).expect("symlink");
    std::os::unix::fs::symlink("producer.properties", tree.join("alias.properties"))
        .expect("symlink");

    let (out, err, status) = check_in(base, &["tree"]);
    assert_eq!(status, 1, "{err}");
    assert_eq!(out.lines().count(), 1, "linted once: {out}");
    assert!(out.starts_with("tree/producer.properties:2:6:"), "{out}");
    assert!(
        err.contains("kafkalint: note: `tree/link.properties` links to `")
            && err.contains("outside `tree`; skipped"),
        "{err}"
    );

    let (_, err, status) = check_in(base, &["--fix", "tree"]);
    assert_eq!(status, 0, "{err}");
    assert!(err.contains("fixed 1 problem in 1 file"), "{err}");
    assert_eq!(std::fs::read(&outside).expect("read"), FIXABLE);
    assert_eq!(
        std::fs::read(tree.join("producer.properties")).expect("read"),
        FIXED
    );
    assert!(
        std::fs::symlink_metadata(tree.join("alias.properties"))
            .expect("stat")
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_link_named_on_the_command_line_is_fixed_through_to_its_target() {
    let file = temp_copy("named-link", FIXABLE);
    let dir = file.parent().expect("dir");
    let target = dir.join("outside/real.properties");
    std::fs::create_dir_all(target.parent().expect("dir")).expect("mkdir");
    std::fs::rename(&file, &target).expect("move");
    std::os::unix::fs::symlink(&target, &file).expect("symlink");
    let (_, err, status) = kafkalint(&file, &["--fix"]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(std::fs::read(&target).expect("read"), FIXED);
    assert!(
        std::fs::symlink_metadata(&file)
            .expect("stat")
            .file_type()
            .is_symlink()
    );
}
