//! Where each key's line and name are in an embedded release table, per role,
//! built at build time (build.rs writes `catalog_index.rs`) with a table of
//! the names: a run looks a name up in it and decodes only the lines of the
//! keys it looks up, instead of decoding a whole role's table first.

/// One role's lines in one release table.
pub(crate) struct RoleIndex {
    /// Byte offset of the line of each key, in the table's order: the
    /// position of a key here is its position in `Catalog::keys`.
    lines: &'static [u32],
    /// Where the name starts in each line (after the role and a tab).
    name_offset: usize,
    /// The length of each key's name.
    name_lens: &'static [u8],
    /// The keys by name (see [`probe`]).
    slots: &'static [u32],
}

use super::name_hash::probe;

include!(concat!(env!("OUT_DIR"), "/catalog_index.rs"));

impl RoleIndex {
    /// How many keys the role has in the release.
    pub(crate) fn len(&self) -> usize {
        self.lines.len()
    }

    /// The line of the key at `position`, without its line break.
    pub(crate) fn line(&self, text: &'static str, position: usize) -> Option<&'static str> {
        let start = usize::try_from(*self.lines.get(position)?).ok()?;
        let rest = text.get(start..)?;
        let line = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(end) => &rest[..end],
            None => rest,
        };
        Some(line.strip_suffix('\r').unwrap_or(line))
    }

    /// The name of the key at `position` (the line's second field), found
    /// without searching the line.
    pub(crate) fn name(&self, text: &'static str, position: usize) -> Option<&'static str> {
        let line = usize::try_from(*self.lines.get(position)?).ok()?;
        let start = line + self.name_offset;
        text.get(start..start + usize::from(*self.name_lens.get(position)?))
    }

    /// The position of the key called `name`.
    pub(crate) fn position(&self, text: &'static str, name: &str) -> Option<usize> {
        probe(self.slots, name, |position| self.name(text, position))
    }
}
