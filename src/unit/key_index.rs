//! A hash table of positions by key that holds no key: it is given the keys
//! when it looks one up. Open addressing with linear probing, four bytes a
//! slot, at most two thirds of them used: six bytes a key, where a map of
//! `&str` would take over thirty (a file may set 400,000 keys).

use std::hash::BuildHasher;

#[derive(Clone, Debug, Default)]
pub(crate) struct KeyIndex {
    /// A position, or `EMPTY`.
    slots: Vec<u32>,
}

const EMPTY: u32 = u32::MAX;

fn key_hash(key: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(key)
}

impl KeyIndex {
    /// An empty index with room for `keys` keys.
    pub(crate) fn with_room_for(keys: usize) -> KeyIndex {
        KeyIndex {
            slots: vec![EMPTY; (keys + keys / 2).max(8)],
        }
    }

    /// The index of `keys`, which are distinct, by their position.
    pub(crate) fn new<'k>(keys: usize, key_at: impl Fn(usize) -> &'k str) -> KeyIndex {
        let mut index = KeyIndex::with_room_for(keys);
        for position in 0..keys {
            index.put(position, &key_at);
        }
        index
    }

    /// Puts `position` under its key (`key_at(position)`), in place of the
    /// position of the same key if there is one: the last position of a key
    /// wins. No more positions than the room was made for.
    pub(crate) fn put<'k>(&mut self, position: usize, key_at: impl Fn(usize) -> &'k str) {
        let Ok(value) = u32::try_from(position) else {
            return;
        };
        let key = key_at(position);
        let slot = self.probe(key).find(|&slot| {
            let held = self.slots[slot];
            held == EMPTY || key_at(held as usize) == key
        });
        if let Some(slot) = slot {
            self.slots[slot] = value;
        }
    }

    /// The slots `key` may be in, in probing order, up to the first empty one.
    fn probe(&self, key: &str) -> impl Iterator<Item = usize> + '_ {
        let len = self.slots.len();
        // The hash scaled to the table (its high bits, the best mixed of FxHash's).
        let start = ((u128::from(key_hash(key)) * len as u128) >> 64) as usize;
        // The table is at most two thirds full: a probe meets an empty slot in time.
        (0..len).map(move |step| (start + step) % len)
    }

    /// The position of `key`, given the key at each position.
    pub(crate) fn find<'k>(&self, key: &str, key_at: impl Fn(usize) -> &'k str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        self.probe(key)
            .map(|slot| self.slots[slot])
            .take_while(|&position| position != EMPTY)
            .map(|position| position as usize)
            .find(|&position| key_at(position) == key)
    }

    /// The positions it holds, one per key, in no order.
    pub(crate) fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.slots
            .iter()
            .filter(|&&p| p != EMPTY)
            .map(|&p| p as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_index_finds_every_key_and_no_other() {
        let keys: Vec<String> = (0..1000).map(|n| format!("key.{n}")).collect();
        let index = KeyIndex::new(keys.len(), |p| keys[p].as_str());
        for (n, key) in keys.iter().enumerate() {
            assert_eq!(index.find(key, |p| keys[p].as_str()), Some(n));
        }
        assert_eq!(index.find("key.1000", |p| keys[p].as_str()), None);
        let empty = KeyIndex::default();
        assert_eq!(empty.find("key.1", |p| keys[p].as_str()), None);
    }

    #[test]
    fn the_last_position_of_a_key_wins() {
        let keys = ["a", "b", "a", "c", "b", "a"];
        let mut index = KeyIndex::with_room_for(keys.len());
        for position in 0..keys.len() {
            index.put(position, |p| keys[p]);
        }
        let mut positions: Vec<usize> = index.positions().collect();
        positions.sort_unstable();
        assert_eq!(positions, vec![3, 4, 5]);
        assert_eq!(index.find("a", |p| keys[p]), Some(5));
    }
}
