//! What the new copy of a file keeps of the original: owner and group, extended
//! attributes (SELinux label, ACLs, file capabilities, user attributes) and mode.
//!
//! The order matters: changing the owner clears the set-user-ID and
//! set-group-ID bits and file capabilities (an extended attribute), and setting
//! an ACL changes the group bits, so the mode is set last.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Display;
use std::fs::{File, Metadata, Permissions};
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt, fchown};
use xattr::FileExt;

/// Gives `copy` the owner, group, extended attributes and mode of `original`,
/// whose metadata is `seen`. An error says which could not be kept.
pub(super) fn everything(original: &File, seen: &Metadata, copy: &File) -> io::Result<()> {
    owner(seen, copy)?;
    xattrs(original, copy)?;
    let mode = seen.mode() & 0o7777;
    copy.set_permissions(Permissions::from_mode(mode))
        .map_err(|e| context(e, format_args!("cannot keep its mode {mode:04o}")))
}

/// Changes the owner only when it differs: a user who is not root may not
/// change it, but has nothing to change in a file of its own.
fn owner(seen: &Metadata, copy: &File) -> io::Result<()> {
    let (uid, gid) = (seen.uid(), seen.gid());
    let now = copy.metadata()?;
    if (now.uid(), now.gid()) == (uid, gid) {
        return Ok(());
    }
    fchown(copy, Some(uid), Some(gid))
        .map_err(|e| context(e, format_args!("cannot keep its owner {uid}:{gid}")))
}

/// Makes the copy's extended attributes exactly the original's: those it got
/// from its directory (a default ACL, a label) and the original lacks are
/// removed. Only what differs is written: a user who is not root may hold a
/// security label it is not allowed to set.
fn xattrs(original: &File, copy: &File) -> io::Result<()> {
    let wanted = match all_xattrs(original) {
        Ok(wanted) => wanted,
        // The copy is on the same file system: it has none either.
        Err(e) if e.kind() == io::ErrorKind::Unsupported => return Ok(()),
        Err(e) => return Err(context(e, "cannot read its extended attributes")),
    };
    let present = all_xattrs(copy)?;
    for name in present.keys().filter(|name| !wanted.contains_key(*name)) {
        copy.remove_xattr(name).map_err(|e| xattr_error(e, name))?;
    }
    for (name, value) in &wanted {
        if present.get(name) != Some(value) {
            copy.set_xattr(name, value)
                .map_err(|e| xattr_error(e, name))?;
        }
    }
    Ok(())
}

fn all_xattrs(file: &File) -> io::Result<BTreeMap<OsString, Vec<u8>>> {
    let mut all = BTreeMap::new();
    for name in file.list_xattr()? {
        // One removed between the listing and the reading is not there.
        if let Some(value) = file.get_xattr(&name)? {
            all.insert(name, value);
        }
    }
    Ok(all)
}

fn xattr_error(e: io::Error, name: &OsString) -> io::Error {
    context(
        e,
        format_args!(
            "cannot keep its extended attribute `{}`",
            name.to_string_lossy()
        ),
    )
}

/// `e` with what was being done when it happened.
fn context(e: io::Error, doing: impl Display) -> io::Error {
    io::Error::new(e.kind(), format!("{doing}: {e}"))
}
