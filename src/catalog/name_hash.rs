//! The hash tables of key names that build.rs writes (a release's keys per
//! role, every key Kafka ever documented). build.rs includes this file too:
//! the tables are probed at run time with the same hash, so no run builds a
//! hash map of names.

/// FNV-1a (64 bits) of the name's bytes.
pub(crate) fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The position of `name` in a table of names written by build.rs: `slots`
/// is an open-addressing table (linear probing from [`name_hash`], at most
/// half full) of positions plus one, 0 for an empty slot; `name_at` gives the
/// name at a position.
pub(crate) fn probe<'a>(
    slots: &[u16],
    name: &str,
    name_at: impl Fn(usize) -> Option<&'a str>,
) -> Option<usize> {
    let mask = slots.len().checked_sub(1)?;
    let mut slot = name_hash(name) as usize & mask;
    // An empty slot ends the probe: the table has some.
    loop {
        let position = usize::from(*slots.get(slot)?).checked_sub(1)?;
        if name_at(position) == Some(name) {
            return Some(position);
        }
        slot = (slot + 1) & mask;
    }
}
