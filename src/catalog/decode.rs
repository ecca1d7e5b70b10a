//! Decoding of the embedded tables (`data/*.tsv`, written by `tools/catalog-gen`).
//!
//! Malformed lines are skipped and counted; callers treat a non-zero count as
//! a programming error (`debug_assert!`), never as a reason to panic in release.

use rustc_hash::FxHashMap;

use super::validator::Validator;
use super::{ConfigType, Default, Importance, KeyDef, KeyHistory, Role, RoleTable, UpdateMode};
use std::borrow::Cow;

/// Undoes the generator's escaping (`\\`, `\t`, `\n`, `\r`); borrows when there is nothing to undo.
pub(crate) fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('\\') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// Number of columns in a release table line.
const COLUMNS: usize = 9;

/// Splits a line into exactly `N` tab-separated fields (with a byte search:
/// `split('\t')` was a tenth of a small file's run).
fn fields<const N: usize>(line: &str) -> Option<[&str; N]> {
    let mut out = [""; N];
    let mut rest = line;
    for (i, slot) in out.iter_mut().enumerate() {
        match memchr::memchr(b'\t', rest.as_bytes()) {
            Some(end) if i + 1 < N => {
                *slot = &rest[..end];
                rest = &rest[end + 1..];
            }
            // One tab too many.
            Some(_) => return None,
            None if i + 1 == N => *slot = rest,
            // Too few fields.
            None => return None,
        }
    }
    Some(out)
}

/// The flags column: (required, null, deprecated); None when malformed.
fn flags(column: &str) -> Option<(bool, bool, bool)> {
    let (mut required, mut null, mut deprecated) = (false, false, false);
    for f in column.chars() {
        match f {
            'r' => required = true,
            'n' => null = true,
            'd' => deprecated = true,
            _ => return None,
        }
    }
    Some((required, null, deprecated))
}

/// Whether a release table line is that of a required key (no default), read
/// from its flags alone.
pub(crate) fn is_required_line(line: &str) -> bool {
    fields::<COLUMNS>(line)
        .and_then(|f| flags(f[6]))
        .is_some_and(|(required, null, _)| required && !null)
}

/// Decodes one line of a release table into its role and key.
pub(crate) fn decode_key(line: &'static str) -> Option<(Role, &'static str, KeyDef)> {
    let [
        role,
        name,
        ty,
        default,
        validator,
        importance,
        flags,
        sdp,
        update_mode,
    ] = fields::<COLUMNS>(line)?;
    if name.is_empty() || name.contains('\\') {
        return None;
    }
    let role = Role::parse(role)?;
    let (required, null, deprecated) = self::flags(flags)?;
    let default = match (required, null) {
        (true, false) => Default::Required,
        (false, true) => Default::Null,
        (false, false) => Default::Value(unescape(default).into_owned()),
        (true, true) => return None,
    };
    let key = KeyDef {
        name: name.to_string(),
        ty: ConfigType::parse(ty)?,
        default,
        validator: Validator::decode(&unescape(validator))?,
        importance: Importance::parse(importance)?,
        deprecated,
        server_default_property: (!sdp.is_empty()).then(|| unescape(sdp).into_owned()),
        update_mode: if update_mode.is_empty() {
            None
        } else {
            Some(UpdateMode::parse(update_mode)?)
        },
    };
    Some((role, name, key))
}

/// The first line of `text` that starts with `prefix`, without the line break.
fn line_starting(text: &'static str, prefix: &str) -> Option<&'static str> {
    let start = if text.starts_with(prefix) {
        0
    } else {
        // SIMD substring search: a release table is searched once per role and release.
        memchr::memmem::find(text.as_bytes(), format!("\n{prefix}").as_bytes())? + 1
    };
    let rest = text.get(start..)?;
    let line = rest.split('\n').next().unwrap_or(rest);
    Some(line.strip_suffix('\r').unwrap_or(line))
}

/// The lines of `text` whose second field is `name`, in order: what
/// [`index_history`] maps `name` to, found by substring search without
/// building the index.
pub(crate) fn lines_named(text: &'static str, name: &str) -> Vec<&'static str> {
    let bytes = text.as_bytes();
    let needle = format!("\t{name}\t");
    memchr::memmem::find_iter(bytes, needle.as_bytes())
        .filter_map(|at| {
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            let line = text.get(start..end)?;
            let line = line.strip_suffix('\r').unwrap_or(line);
            // The match must be the line's first tab: `name` is its second field.
            let second = memchr::memchr(b'\t', line.as_bytes()) == Some(at - start);
            (second && !line.starts_with('#')).then_some(line)
        })
        .collect()
}

/// Decodes the one line of `role` and `name` in a release table, without
/// decoding the rest of the role: what a single lookup (`explain KEY`) needs.
/// As in [`decode_role`], the first line of a key wins and a malformed one is
/// no key.
pub(crate) fn decode_one(text: &'static str, role: Role, name: &str) -> Option<KeyDef> {
    let line = line_starting(text, &format!("{}\t{name}\t", role.as_str()))?;
    decode_key(line).map(|(_, _, key)| key)
}

/// Whether a release table has lines of `role` (admin exists from 0.11.0 on).
pub(crate) fn has_role_lines(text: &'static str, role: Role) -> bool {
    line_starting(text, &format!("{}\t", role.as_str())).is_some()
}

/// The lines of an embedded table, as `str::lines` gives them (without `\n`
/// or `\r\n`), found with a vectorised byte search: a start-up decodes a few
/// whole tables, and `lines` was a quarter of a small file's run.
fn table_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .filter_map(move |end| {
            let line = text.get(start..end);
            start = end + 1;
            line
        })
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
}

/// The first two tab-separated fields of a line (role and name).
pub(crate) fn first_two_fields(line: &str) -> Option<(&str, &str)> {
    let (first, rest) = line.split_at(memchr::memchr(b'\t', line.as_bytes())?);
    let rest = &rest[1..];
    let second = match memchr::memchr(b'\t', rest.as_bytes()) {
        Some(end) => &rest[..end],
        None => rest,
    };
    Some((first, second))
}

/// Decodes one role's lines of a release table. Returns the table (None when
/// the release does not document the role) and the number of malformed lines.
pub(crate) fn decode_role(text: &'static str, role: Role) -> (Option<RoleTable>, usize) {
    let prefix = role.as_str();
    let mut table: Option<RoleTable> = None;
    let mut skipped = 0;
    for line in table_lines(text) {
        let ours = line
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('\t'));
        if !ours {
            continue;
        }
        let Some((_, name, key)) = decode_key(line) else {
            skipped += 1;
            continue;
        };
        let t = table.get_or_insert_with(|| RoleTable {
            keys: Vec::with_capacity(if role == Role::Broker { 320 } else { 112 }),
            index: FxHashMap::with_capacity_and_hasher(
                if role == Role::Broker { 320 } else { 112 },
                rustc_hash::FxBuildHasher,
            ),
        });
        if t.index.contains_key(name) {
            skipped += 1; // duplicate key in one role
            continue;
        }
        t.index.insert(name, t.keys.len());
        t.keys.push(key);
    }
    (table, skipped)
}

/// Key name to the roles documenting it (bit `role as u8`), read from the first
/// two fields of each line only.
pub(crate) fn index_owners(text: &'static str) -> FxHashMap<&'static str, u8> {
    let mut owners: FxHashMap<&'static str, u8> =
        FxHashMap::with_capacity_and_hasher(800, rustc_hash::FxBuildHasher);
    for line in table_lines(text) {
        let Some((role, name)) = first_two_fields(line) else {
            continue;
        };
        if let Some(role) = Role::parse(role) {
            *owners.entry(name).or_default() |= 1 << role as u8;
        }
    }
    owners
}

/// Decodes a whole release table eagerly (what the tests check line by line).
/// Returns the catalog and the number of skipped (malformed) lines.
#[cfg(test)]
pub(crate) fn decode_catalog(version: &'static str, text: &'static str) -> (super::Catalog, usize) {
    let catalog = super::Catalog::lazy(version, text);
    let mut skipped = 0;
    for role in Role::ALL {
        let (table, bad) = decode_role(text, role);
        skipped += bad;
        let _ = catalog.roles[role as usize].set(table);
    }
    // Lines whose role is not one of the five are malformed too.
    skipped += text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| Role::parse(l.split('\t').next().unwrap_or_default()).is_none())
        .count();
    (catalog, skipped)
}

/// Indexes the embedded history table by key name, without parsing the lines:
/// a lookup then parses only the one to three lines of its key.
pub(crate) fn index_history(text: &'static str) -> FxHashMap<&'static str, Vec<&'static str>> {
    let mut index: FxHashMap<&'static str, Vec<&'static str>> =
        FxHashMap::with_capacity_and_hasher(500, rustc_hash::FxBuildHasher);
    for line in table_lines(text) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((_, name)) = first_two_fields(line) {
            index.entry(name).or_default().push(line);
        }
    }
    index
}

/// One line of the history table, or None when it is malformed.
pub(crate) fn parse_history_line(
    line: &'static str,
    versions: &'static [&'static str],
) -> Option<KeyHistory> {
    let intern = |v: &str| versions.iter().copied().find(|k| *k == v);
    let opt = |v: &str| -> Option<Option<&'static str>> {
        if v.is_empty() {
            Some(None)
        } else {
            intern(v).map(Some)
        }
    };
    let line = line.strip_suffix('\r').unwrap_or(line);
    let [role, name, first, last, removed_in, missing_in] = fields::<6>(line)?;
    if name.is_empty() || name.contains('\\') {
        return None;
    }
    let missing_in = if missing_in.is_empty() {
        Vec::new()
    } else {
        missing_in
            .split(',')
            .map(intern)
            .collect::<Option<Vec<_>>>()?
    };
    Some(KeyHistory {
        role: Role::parse(role)?,
        first: intern(first)?,
        last: opt(last)?,
        removed_in: opt(removed_in)?,
        missing_in,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_round_trip() {
        assert_eq!(unescape("plain"), "plain");
        assert_eq!(unescape(r"a\tb\nc\\d\re"), "a\tb\nc\\d\re");
        assert_eq!(unescape("trailing\\"), "trailing\\");
    }

    #[test]
    fn garbage_is_skipped_not_panicking() {
        let text: &'static str = "# comment\n\
            producer\tacks\tstring\tall\te:all,-1,0,1\tlow\t\t\t\n\
            producer\tbad\tnotatype\t\t\thigh\t\t\t\n\
            nobody\tx\tint\t1\t\thigh\t\t\t\n\
            producer\tshort\tline\n\
            producer\tflags\tint\t1\t\thigh\tZ\t\t\n\
            producer\tboth\tint\t\t\thigh\trn\t\t\n\
            producer\tval\tint\t1\tr:x::\thigh\t\t\t\n\
            producer\tacks\tstring\tall\t\tlow\t\t\t\n\
            \t\t\t\t\t\t\t\t\n\
            producer\tmode\tint\t1\t\thigh\t\t\tsideways\n\
            \u{fffd}\u{0}\t\n";
        let (cat, skipped) = decode_catalog("test", text);
        assert_eq!(skipped, 10);
        assert_eq!(cat.keys(Role::Producer).len(), 1);
        assert!(cat.key(Role::Producer, "acks").is_some());
        let index = index_history("producer\tacks\t0.9.0\t\t\t\nproducer\tx\t9.9\t\t\t\n\n");
        assert_eq!(index.len(), 2);
        assert!(parse_history_line(index["acks"][0], &["0.9.0"]).is_some());
        assert!(parse_history_line(index["x"][0], &["0.9.0"]).is_none());
    }
}
