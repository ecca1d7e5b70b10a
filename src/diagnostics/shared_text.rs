//! Text that findings hold (messages, keys), one copy for findings that say
//! the same thing.

use serde::{Serialize, Serializer};
use std::borrow::Borrow;
use std::cell::RefCell;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string that clones by reference count. [`SharedText::new`]
/// gives the copy a recent finding of this thread made of the same text: the
/// findings a check makes in a row tend to repeat their key and, often, their
/// message (400,000 duplicates of a key name the same key and the same line
/// that wins), and each would otherwise hold its own copy until the report.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedText(Arc<str>);

/// How many recent texts each thread remembers: a finding's message, its key
/// and its related location's key, with room for one more.
const RECENT: usize = 4;

impl SharedText {
    pub fn new(text: &str) -> SharedText {
        thread_local! {
            static RECENT_TEXTS: RefCell<([Option<Arc<str>>; RECENT], usize)> =
                const { RefCell::new(([const { None }; RECENT], 0)) };
        }
        RECENT_TEXTS.with(|recent| {
            let (texts, next) = &mut *recent.borrow_mut();
            if let Some(known) = texts.iter().flatten().find(|t| ***t == *text) {
                return SharedText(Arc::clone(known));
            }
            let made: Arc<str> = Arc::from(text);
            texts[*next] = Some(Arc::clone(&made));
            *next = (*next + 1) % RECENT;
            SharedText(made)
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SharedText {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> SharedText {
        SharedText::new(text)
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> SharedText {
        SharedText::new(&text)
    }
}

impl From<&String> for SharedText {
    fn from(text: &String) -> SharedText {
        SharedText::new(text)
    }
}

impl From<SharedText> for String {
    fn from(text: SharedText) -> String {
        text.0.to_string()
    }
}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for SharedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recent_text_is_shared_and_an_other_one_is_not() {
        let key = SharedText::new("acks");
        let message = SharedText::new("`acks` is set again");
        let again = SharedText::new("acks");
        assert!(Arc::ptr_eq(&key.0, &again.0));
        assert!(!Arc::ptr_eq(&key.0, &message.0));
        assert_eq!(again, "acks");
    }

    #[test]
    fn a_text_forgotten_since_is_made_again_with_the_same_content() {
        let first = SharedText::new("linger.ms");
        for i in 0..RECENT {
            SharedText::new(&format!("other {i}"));
        }
        let later = SharedText::new("linger.ms");
        assert!(!Arc::ptr_eq(&first.0, &later.0));
        assert_eq!(first, later);
    }
}
