use super::*;
use std::os::unix::fs::PermissionsExt;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kafkalint-write-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn kind(result: Result<(), WriteError>) -> WriteErrorKind {
    result.expect_err("the write is refused").kind
}

const OLD: &[u8] = b"acks=ALL\n";
const NEW: &[u8] = b"acks=all\n";

#[test]
fn replaces_the_file_and_leaves_nothing_behind() {
    let dir = scratch("write");
    let file = dir.join("producer.properties");
    fs::write(&file, OLD).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    write_atomically(&file, OLD, NEW).unwrap();
    assert_eq!(fs::read(&file).unwrap(), NEW);
    assert_eq!(names(&dir), vec!["producer.properties"]);
    assert_eq!(mode(&file), 0o640);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn follows_symlinks() {
    let dir = scratch("symlink");
    let real = dir.join("real.properties");
    let link = dir.join("link.properties");
    fs::write(&real, OLD).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_atomically(&link, OLD, NEW).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(&real).unwrap(), NEW);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn fails_cleanly() {
    let dir = scratch("fail");
    // The target is a directory: it and its contents stay, and no temporary
    // file is left.
    let target = dir.join("taken.properties");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("inside"), b"x").unwrap();
    let result = write_atomically(&target, OLD, NEW);
    assert!(matches!(kind(result), WriteErrorKind::NotRegular));
    assert!(target.is_dir());
    assert_eq!(names(&dir), vec!["taken.properties"]);
    // A file that is gone was changed after it was read: nothing is created.
    let gone = dir.join("missing/a.properties");
    assert!(matches!(
        kind(write_atomically(&gone, OLD, NEW)),
        WriteErrorKind::Changed
    ));
    assert_eq!(names(&dir), vec!["taken.properties"]);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_file_that_no_longer_holds_the_linted_bytes_is_left_as_it_is() {
    let dir = scratch("stale");
    let file = dir.join("producer.properties");
    // Changed after it was read, to as many bytes: only the bytes tell.
    fs::write(&file, b"acks=one\n").unwrap();
    let result = write_atomically(&file, OLD, NEW);
    assert!(matches!(kind(result), WriteErrorKind::Changed));
    assert_eq!(fs::read(&file).unwrap(), b"acks=one\n");
    assert_eq!(names(&dir), vec!["producer.properties"]);
    let _ = fs::remove_dir_all(&dir);
}

/// Someone else's change to the file at a path.
type Change = fn(&Path);

/// Each way someone else can change the file while the new copy is being made,
/// done at the last moment before the rename.
#[test]
fn a_change_while_the_copy_is_made_is_never_lost() {
    let changes: [(&str, Change); 5] = [
        ("other bytes", |f| fs::write(f, b"acks=0\n\n\n").unwrap()),
        // Same length, and the modification time put back.
        ("same length", |f| {
            let times = fs::metadata(f).unwrap().modified().unwrap();
            fs::write(f, b"acks=one\n").unwrap();
            File::options()
                .write(true)
                .open(f)
                .unwrap()
                .set_modified(times)
                .unwrap();
        }),
        // An editor saving by rename, with the same bytes: another file.
        ("replaced", |f| {
            let other = f.with_extension("saved");
            fs::write(&other, OLD).unwrap();
            fs::rename(&other, f).unwrap();
        }),
        ("chmod", |f| {
            fs::set_permissions(f, fs::Permissions::from_mode(0o600)).unwrap()
        }),
        ("removed", |f| fs::remove_file(f).unwrap()),
    ];
    for (name, change) in changes {
        let dir = scratch("race");
        let file = dir.join("producer.properties");
        fs::write(&file, OLD).unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        let mut after_change = None;
        let result = replace(&file, OLD, NEW, || {
            change(&file);
            after_change = fs::read(&file).ok();
        });
        assert!(
            matches!(kind(result), WriteErrorKind::Changed),
            "{name}: the change is detected"
        );
        assert_eq!(
            fs::read(&file).ok(),
            after_change,
            "{name}: the change stays"
        );
        let left: Vec<String> = names(&dir)
            .into_iter()
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{name}: temporary files left: {left:?}");
        let _ = fs::remove_dir_all(&dir);
    }
}

#[test]
fn files_a_rename_cannot_replace_faithfully_are_refused() {
    let dir = scratch("refuse");
    let linked = dir.join("linked.properties");
    fs::write(&linked, OLD).unwrap();
    fs::hard_link(&linked, dir.join("other-name.properties")).unwrap();
    assert!(matches!(
        kind(write_atomically(&linked, OLD, NEW)),
        WriteErrorKind::HardLinks(2)
    ));
    let read_only = dir.join("read-only.properties");
    fs::write(&read_only, OLD).unwrap();
    fs::set_permissions(&read_only, fs::Permissions::from_mode(0o444)).unwrap();
    assert!(matches!(
        kind(write_atomically(&read_only, OLD, NEW)),
        WriteErrorKind::ReadOnly(0o444)
    ));
    let socket = dir.join("socket.properties");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    assert!(matches!(
        kind(write_atomically(&socket, OLD, NEW)),
        WriteErrorKind::NotRegular
    ));
    assert_eq!(fs::read(&linked).unwrap(), OLD);
    assert_eq!(fs::read(&read_only).unwrap(), OLD);
    assert_eq!(
        names(&dir),
        vec![
            "linked.properties",
            "other-name.properties",
            "read-only.properties",
            "socket.properties"
        ]
    );
    let _ = fs::remove_dir_all(&dir);
}

/// The copy holds the secret before it has the original's owner and mode: no
/// one but its creator may read it meanwhile, and it goes when it is dropped.
#[test]
fn the_temporary_file_is_private_until_it_is_complete() {
    let dir = scratch("temp");
    let file = dir.join("producer.properties");
    let temp = Temp::create(&file, 0o666).unwrap();
    assert_eq!(mode(&temp.path) & 0o077, 0, "readable by others");
    let write_only = Temp::create(&file, 0o220).unwrap();
    assert_eq!(mode(&write_only.path) & 0o477, 0, "more than the original");
    drop((temp, write_only));
    assert_eq!(names(&dir), Vec::<String>::new());
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn messages_name_the_path_and_say_it_was_left_alone() {
    let error = |kind| {
        WriteError {
            path: PathBuf::from("conf/producer.properties"),
            kind,
        }
        .to_string()
    };
    assert_eq!(
        error(WriteErrorKind::Changed),
        "`conf/producer.properties` changed while it was being fixed; left as it is"
    );
    assert_eq!(
        error(WriteErrorKind::HardLinks(3)),
        "`conf/producer.properties` has 3 hard links; fixing it would split them; left as it is"
    );
    assert_eq!(
        error(WriteErrorKind::ReadOnly(0o444)),
        "`conf/producer.properties` is read-only (mode 0444); left as it is"
    );
}
