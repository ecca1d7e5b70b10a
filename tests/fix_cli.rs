//! `check --fix`, `--unsafe-fixes` and `--diff` on real files: what changes,
//! what stays byte for byte, and that a second run changes nothing.

mod common;

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
/// `check --format concise ARGS` in `dir`: standard output, standard error and exit status.
fn check_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let o = common::kafkalint_in(dir, &[&["check", "--format", "concise"], args].concat());
    (o.stdout, o.stderr, o.status)
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
    let out = common::kafkalint_with_stdin(
        &std::env::temp_dir(),
        &["check", "--fix", "-"],
        Some(b"acks=ALL\n"),
    );
    assert_eq!(out.status, 2);
    assert_eq!(
        out.stderr,
        "kafkalint: --fix cannot write standard input back; use --diff\n"
    );
}

/// A file with one safe fix (`acks=ALL` to `acks=all`) and nothing else to report.
const FIXABLE: &[u8] = b"bootstrap.servers=localhost:9092\nacks=ALL\n";
const FIXED: &[u8] = b"bootstrap.servers=localhost:9092\nacks=all\n";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o7777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn fix_keeps_owner_group_mode_and_extended_attributes() {
    use std::os::unix::fs::MetadataExt;
    let file = temp_copy("owner", FIXABLE);
    if let Err(e) = std::os::unix::fs::chown(&file, Some(1234), Some(1234)) {
        eprintln!("skipped: giving a file to another user needs root ({e})");
        return;
    }
    // Set after the chown, which clears the set-ID bits.
    chmod(&file, 0o7640);
    let xattr_set = xattr::set(&file, "user.kafkalint.origin", b"kept");
    if let Err(e) = &xattr_set {
        eprintln!("extended attributes not checked: the file system has none ({e})");
    }
    let (_, err, status) = kafkalint(&file, &["--fix"]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(std::fs::read(&file).expect("read"), FIXED);
    let meta = std::fs::metadata(&file).expect("stat");
    assert_eq!((meta.uid(), meta.gid()), (1234, 1234));
    assert_eq!(mode(&file), 0o7640);
    if xattr_set.is_ok() {
        assert_eq!(
            xattr::get(&file, "user.kafkalint.origin").expect("xattr"),
            Some(b"kept".to_vec())
        );
    }
}

/// A hard-linked file and a read-only one are refused, named, and reported as
/// they are on disk; the other file is still fixed; the run fails (status 2).
#[test]
fn fix_refuses_hard_links_and_read_only_files_and_fixes_the_rest() {
    let file = temp_copy("refuse", FIXABLE);
    let dir = file.parent().expect("dir");
    let twin = dir.with_extension("twin.properties");
    std::fs::write(dir.join("linked.properties"), FIXABLE).expect("write");
    let _ = std::fs::remove_file(&twin);
    std::fs::hard_link(dir.join("linked.properties"), &twin).expect("link");
    std::fs::write(dir.join("read-only.properties"), FIXABLE).expect("write");
    chmod(&dir.join("read-only.properties"), 0o444);
    let (out, err, status) = check_in(
        dir,
        &[
            "--fix",
            "linked.properties",
            "producer.properties",
            "read-only.properties",
        ],
    );
    assert_eq!(status, 2, "{err}");
    assert!(
        err.contains(
            "kafkalint: `linked.properties` has 2 hard links; fixing it would split them; left as it is"
        ),
        "{err}"
    );
    assert!(
        err.contains("kafkalint: `read-only.properties` is read-only (mode 0444); left as it is"),
        "{err}"
    );
    assert!(err.contains("fixed 1 problem in 1 file"), "{err}");
    assert_eq!(std::fs::read(&file).expect("read"), FIXED);
    for unchanged in [
        dir.join("linked.properties"),
        twin.clone(),
        dir.join("read-only.properties"),
    ] {
        assert_eq!(
            std::fs::read(&unchanged).expect("read"),
            FIXABLE,
            "{}",
            unchanged.display()
        );
    }
    // What is reported is what is on disk: the files not written still hold
    // the problem their fix would have removed.
    let reported: Vec<&str> = out.lines().filter(|l| l.contains("[K203]")).collect();
    assert_eq!(reported.len(), 2, "{out}");
    assert!(reported[0].starts_with("linked.properties:2:6:"), "{out}");
    assert!(
        reported[1].starts_with("read-only.properties:2:6:"),
        "{out}"
    );
    let _ = std::fs::remove_file(&twin);
}

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

/// A `--fix` run killed anywhere leaves the old file or the new one, never a
/// part of either, and any copy it leaves behind is no more readable than the
/// original.
#[test]
fn a_killed_fix_leaves_the_old_file_or_the_new_one() {
    let comments = "# padding so that reading, fixing and writing take a while\n".repeat(40_000);
    let old = [FIXABLE, comments.as_bytes()].concat();
    let new = [FIXED, comments.as_bytes()].concat();
    let file = temp_copy("killed", &old);
    let dir = file.parent().expect("dir");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_kafkalint"))
            .args([
                "check",
                "--fix",
                "--format",
                "concise",
                "producer.properties",
            ])
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("run kafkalint")
    };
    chmod(&file, 0o640);
    let started = std::time::Instant::now();
    run().wait().expect("wait");
    let whole_run = started.elapsed();
    assert_eq!(std::fs::read(&file).expect("read"), new);
    // The copy is written and renamed in the last few hundredths of a run:
    // most kills land in its second half.
    for percent in (40..=100).step_by(5) {
        std::fs::write(&file, &old).expect("write");
        let mut child = run();
        std::thread::sleep(whole_run * percent / 100);
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(&file).expect("read");
        assert!(
            now == old || now == new,
            "killed at {percent}%: a partial file"
        );
        assert_eq!(mode(&file), 0o640, "killed at {percent}%");
        for entry in std::fs::read_dir(dir).expect("list") {
            let path = entry.expect("entry").path();
            if path != file {
                assert_eq!(mode(&path) & !0o640, 0, "{} is too open", path.display());
                std::fs::remove_file(&path).expect("remove");
            }
        }
    }
}

/// Applies `diff` to a copy of `original` with `git apply` (when `git` is true)
/// or `patch -p1`, returning the patched bytes, or None when it does not apply.
fn apply_diff(tool: &str, original: &[u8], diff: &str) -> Option<Vec<u8>> {
    let dir = temp_copy(&format!("apply-{tool}"), original);
    let root = dir.parent().expect("dir");
    let patch = root.join("fix.diff");
    std::fs::write(&patch, diff).expect("write the diff");
    let status = match tool {
        "git" => Command::new("git")
            .args(["apply", "fix.diff"])
            .current_dir(root)
            .status(),
        _ => Command::new("patch")
            .args(["-p1", "--quiet", "-i", "fix.diff"])
            .current_dir(root)
            .status(),
    };
    let applied = status.ok()?.success();
    applied.then(|| std::fs::read(&dir).expect("read back"))
}

#[test]
fn diff_never_shows_a_secret_and_its_hunks_apply() {
    // Secrets next to the line that changes: they are not used as context.
    let text = b"bootstrap.servers=h:9092\nclient.id=orders\nssl.keystore.password=hunter2-SECRET\nacks=ALL\nlinger.ms=5\nretries=3\n";
    let file = temp_copy("diff-secret-context", text);
    let (diff, _, status) = kafkalint(&file, &["--diff"]);
    assert_eq!(status, 1);
    assert!(!diff.contains("hunter2"), "{diff}");
    assert!(diff.contains("-acks=ALL\n+acks=all\n"), "{diff}");
    let (_, _, _) = kafkalint(&file, &["--fix"]);
    let fixed = std::fs::read(&file).expect("fixed");
    for tool in ["git", "patch"] {
        assert_eq!(
            apply_diff(tool, text, &diff).as_deref(),
            Some(fixed.as_slice()),
            "{tool} cannot apply:\n{diff}"
        );
    }
    // A change inside a secret is still a change: shown, hidden on both sides.
    let file = temp_copy(
        "diff-secret-change",
        b"ssl.keystore.password=caf\xe9-SECRET\n",
    );
    let (diff, _, status) = kafkalint(&file, &["--diff", "--unsafe-fixes"]);
    assert_eq!(status, 1);
    assert_eq!(
        diff,
        format!(
            "--- a/producer.properties\n+++ b/producer.properties\n@@ -1,1 +1,1 @@\n-ssl.keystore.password=[hidden]\n+ssl.keystore.password=[hidden]\n"
        )
    );
}

/// `--fix ARGS` on `text`: the fixed file, stdout and stderr.
fn fixed(name: &str, text: &[u8], args: &[&str]) -> (Vec<u8>, String, String) {
    let file = temp_copy(name, text);
    let (out, err, _) = kafkalint(&file, &[&["--fix"], args].concat());
    (std::fs::read(&file).expect("read"), out, err)
}

#[test]
fn a_rule_fix_that_makes_another_needless_goes_first_and_alone() {
    // Removing enable.idempotence=false (K604) turns idempotence back on, and
    // with it K601's reordering goes: max.in.flight stays as it was.
    let text = b"# kafkalint: role=producer kafka-version=3.7\nbootstrap.servers=localhost:9092\ntransactional.id=orders\nenable.idempotence=false\n";
    let (bytes, out, _) = fixed("k604", text, &["--unsafe-fixes"]);
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        "# kafkalint: role=producer kafka-version=3.7\nbootstrap.servers=localhost:9092\ntransactional.id=orders\n"
    );
    assert!(!out.contains("[K60"), "{out}");
    // Lowering max.request.size to the broker's limit (K606) leaves buffer.memory
    // above it: raising buffer.memory to the old size (K607) is not needed.
    let text = b"# kafkalint: role=producer kafka-version=3.7\nbootstrap.servers=localhost:9092\nmax.request.size=10485760\nbuffer.memory=5242880\n";
    let (bytes, out, _) = fixed("k606", text, &["--unsafe-fixes"]);
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        "# kafkalint: role=producer kafka-version=3.7\nbootstrap.servers=localhost:9092\nmax.request.size=1048588\nbuffer.memory=5242880\n"
    );
    assert!(!out.contains("[K60"), "{out}");
}

#[test]
fn one_fix_run_leaves_nothing_for_a_second() {
    let zwsp = "\u{200b}";
    // Lines swallowed by continuations, and relationship rules, whose fixes go
    // one a pass: more passes than there used to be.
    let swallowed = "metric.reporters=a\\\nlinger.ms=1\\\nbatch.size=5\\\nretries=3\\\nsend.buffer.bytes=5\\\nreceive.buffer.bytes=5\\\nclient.id=x\nssl.endpoint.identification.algorithm=\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nretry.backoff.ms=5000\nretry.backoff.max.ms=1000\ndelivery.timeout.ms=1000\n";
    let text = format!(
        "# kafkalint: role=producer kafka-version=3.7\nbootstrap.servers=localhost:9092\nclient.id=o{zwsp}r{zwsp}d{zwsp}e{zwsp}r{zwsp}s{zwsp}\nlog.dirs=D:\\\u{dc}bungen\nacks=ALL\nacks=ALL\ntransactional.id=orders\nenable.idempotence=false\nmax.request.size=10485760\nbuffer.memory=5242880\nlingr.ms=5\nx=a\\\n{zwsp}linger.ms=1\\\nbatch.size=5\n{swallowed}"
    );
    for args in [&[][..], &["--unsafe-fixes"][..]] {
        let file = temp_copy("twice", text.as_bytes());
        let (_, first, _) = kafkalint(&file, &[&["--fix"], args].concat());
        let once = std::fs::read(&file).expect("read");
        assert_ne!(once, text.as_bytes());
        let (_, err, _) = kafkalint(&file, &[&["--fix"], args].concat());
        assert!(
            !err.contains("fixed"),
            "{args:?}: a second run fixed: {err}"
        );
        assert_eq!(std::fs::read(&file).expect("read"), once, "{args:?}");
        let (diff, _, _) = kafkalint(&file, &[&["--diff"], args].concat());
        assert_eq!(diff, "", "{args:?}: {first}");
    }
}

#[test]
fn fixes_only_unsafe_fixes_apply_are_named_with_their_flag() {
    // K001: Java cannot load the file; the fix (doubling the backslash) is unsafe.
    let text = b"# kafkalint: role=producer\nbootstrap.servers=localhost:9092\nssl.keystore.location=C:\\users\\kafka\\keystore.jks\n";
    let file = temp_copy("only-unsafe", text);
    let (_, err, _) = kafkalint(&file, &["--fix"]);
    assert!(
        err.contains("1 fix is available with --unsafe-fixes") && !err.contains("fixed"),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).expect("read"), text);
    let (out, err, status) = kafkalint(&file, &["--diff"]);
    assert_eq!((out.as_str(), status), ("", 0));
    assert!(
        err.contains("1 fix is available with --unsafe-fixes"),
        "{err}"
    );
    let human = common::kafkalint_in(
        file.parent().expect("dir"),
        &["check", "--format", "human", "producer.properties"],
    );
    let out = human.stdout;
    assert!(
        out.contains("(1 with a fix, all only with --unsafe-fixes)."),
        "{out}"
    );
    // With a safe fix too: what is left is `more`.
    let file = temp_copy("mixed", &[&text[..], b"acks=ALL\n"].concat());
    let (_, err, _) = kafkalint(&file, &["--fix"]);
    assert!(
        err.contains("fixed 1 problem")
            && err.contains("1 more fix is available with --unsafe-fixes"),
        "{err}"
    );
    // With the flag, nothing is left to name, and the file loads again.
    let (out, err, _) = kafkalint(&file, &["--fix", "--unsafe-fixes"]);
    assert!(!err.contains("--unsafe-fixes"), "{err}");
    assert!(!out.contains("[K001]"), "{out}");
    let fixed = String::from_utf8(std::fs::read(&file).expect("read")).expect("ascii");
    assert!(fixed.contains("C:\\\\users"), "{fixed}");
}
