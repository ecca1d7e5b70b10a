//! The hash tables of key names that build.rs writes (a release's keys per
//! role, every key Kafka ever documented). build.rs includes this file too:
//! the tables are probed at run time with the same hash, so no run builds a
//! hash map of names.

/// The hash of a name: eight bytes at a time (the rotate-xor-multiply step
/// of rustc's FxHash), then its length. Names are ASCII key names of a few
/// dozen bytes, hashed once per lookup.
pub(crate) fn name_hash(name: &str) -> u64 {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let step = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    let mut chunks = name.as_bytes().chunks_exact(8);
    let mut hash = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = step(hash, u64::from_le_bytes(word));
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    hash = step(hash, u64::from_le_bytes(last));
    // The multiply leaves the low bits weakest: the slot comes from the high ones.
    step(hash, name.len() as u64)
}

/// The table of `names` that [`probe`] reads: as many slots as the smallest
/// power of two at least twice the names (so that a probe ends after a step
/// or two), each name's [`slot_entry`] at the first free slot from its
/// [`first_slot`]. build.rs writes the tables; the crate only reads them (and
/// its tests write some). None when there are more names than a slot counts.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn table<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> Option<Vec<u32>> {
    let mut slots = vec![0u32; (names.len() * 2).next_power_of_two()];
    let mask = slots.len() - 1;
    for (position, name) in names.enumerate() {
        let hash = name_hash(name);
        let mut slot = first_slot(hash, mask);
        while slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        slots[slot] = slot_entry(hash, position)?;
    }
    Some(slots)
}

/// A slot's entry: the name's position plus one in the low half (0: an
/// empty slot), sixteen bits of its hash in the high half, which rule out
/// almost every other name without comparing it.
fn slot_entry(hash: u64, position: usize) -> Option<u32> {
    let position = u16::try_from(position + 1).ok()?;
    Some((tag(hash) << 16) | u32::from(position))
}

fn tag(hash: u64) -> u32 {
    (hash >> 16) as u32 & 0xffff
}

/// The first slot to probe for `hash` in a table of `mask + 1` slots.
fn first_slot(hash: u64, mask: usize) -> usize {
    (hash >> 40) as usize & mask
}

/// The position of `name` in a table of names written by build.rs: `slots`
/// is an open-addressing table (linear probing from [`first_slot`], at most
/// half full) of [`slot_entry`]s; `name_at` gives the name at a position.
pub(crate) fn probe<'a>(
    slots: &[u32],
    name: &str,
    name_at: impl Fn(usize) -> Option<&'a str>,
) -> Option<usize> {
    let mask = slots.len().checked_sub(1)?;
    let hash = name_hash(name);
    let mut slot = first_slot(hash, mask);
    // An empty slot ends the probe: the table has some.
    loop {
        let entry = *slots.get(slot)?;
        let position = usize::from(entry as u16).checked_sub(1)?;
        if entry >> 16 == tag(hash) && name_at(position) == Some(name) {
            return Some(position);
        }
        slot = (slot + 1) & mask;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(names: &[&str]) -> Vec<u32> {
        super::table(names.iter().copied()).unwrap_or_default()
    }

    #[test]
    fn every_name_is_found_at_its_position_and_no_other_name_is() {
        let names: Vec<String> = (0..700).map(|i| format!("key.{i}.ms")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let slots = table(&names);
        let at = |p: usize| names.get(p).copied();
        for (position, name) in names.iter().enumerate() {
            assert_eq!(probe(&slots, name, at), Some(position), "{name}");
        }
        for other in ["", "key.", "key.1.m", "key.1.mss", "key.700.ms", "KEY.1.MS"] {
            assert_eq!(probe(&slots, other, at), None, "{other}");
        }
        assert_eq!(probe(&table(&[]), "key.1.ms", at), None);
    }

    #[test]
    fn names_differing_in_any_byte_or_length_hash_apart() {
        let base = "ssl.endpoint.identification.algorithm";
        let hash = name_hash(base);
        for i in 0..base.len() {
            let mut changed = base.as_bytes().to_vec();
            changed[i] ^= 1;
            let changed = String::from_utf8(changed).unwrap_or_default();
            assert_ne!(name_hash(&changed), hash, "{changed}");
        }
        assert_ne!(
            name_hash(&base[..8]),
            name_hash(&format!("{}\0", &base[..8]))
        );
    }
}
