//! Kafka version parsing and mapping a user's version onto a catalog release.

use super::data;
use std::cmp::Ordering;
use std::fmt;

/// A Kafka release version as a user writes it (`3.7.1`, `0.10.1.1`).
///
/// For 0.x releases the catalog line has three components (`0.10.1`), so a
/// fourth component (`0.10.1.1`) is dropped; from 1.0 on a line is
/// `major.minor` and `patch` is the bug-fix release (0 when not given).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KafkaVersion {
    /// Major version (`3` in 3.7.1, `0` in 0.10.1).
    pub major: u32,
    /// Minor version (`7` in 3.7.1, `10` in 0.10.1).
    pub minor: u32,
    /// Patch level (`1` in 3.7.1, `1` in 0.10.1); 0 when not given.
    pub patch: u32,
}

/// Splits `s` into numeric components; `None` if any component is not a plain number.
fn components(s: &str) -> Option<Vec<u32>> {
    s.split('.')
        .map(|c| {
            if c.is_empty() || !c.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                c.parse::<u32>().ok()
            }
        })
        .collect()
}

impl KafkaVersion {
    /// Parses `3.7`, `3.7.1`, `0.10.1` or `0.10.1.1` (the 4th component of a
    /// 0.x version is dropped). `None` for anything else, including `3`, `0.10`
    /// (ambiguous: which 0.10.x?) and `3.7.1.2`.
    pub fn parse(s: &str) -> Option<KafkaVersion> {
        let c = components(s.trim())?;
        match (c.first().copied()?, c.len()) {
            (0, 3 | 4) => Some(KafkaVersion {
                major: 0,
                minor: c[1],
                patch: c[2],
            }),
            (0, _) => None,
            (major, 2) => Some(KafkaVersion {
                major,
                minor: c[1],
                patch: 0,
            }),
            (major, 3) => Some(KafkaVersion {
                major,
                minor: c[1],
                patch: c[2],
            }),
            _ => None,
        }
    }

    /// The catalog release line this version belongs to (`3.7` for 3.7.1, `0.10.1` for 0.10.1.1).
    pub fn line(self) -> String {
        if self.major == 0 {
            format!("0.{}.{}", self.minor, self.patch)
        } else {
            format!("{}.{}", self.major, self.minor)
        }
    }

    /// Compares release lines only (ignores the patch level from 1.0 on).
    fn line_key(self) -> (u32, u32, u32) {
        if self.major == 0 {
            (0, self.minor, self.patch)
        } else {
            (self.major, self.minor, 0)
        }
    }
}

impl fmt::Display for KafkaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The outcome of mapping a user's Kafka version onto a catalog release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionSelection {
    /// The version as requested (keeps the patch level, e.g. 3.0.1, for rules that need it).
    pub requested: KafkaVersion,
    /// The catalog release used, one of [`versions()`] (e.g. `"3.7"`, `"0.10.1"`).
    pub catalog: &'static str,
    /// Set when the catalog release is not the requested line (e.g. a newer Kafka than we know).
    pub note: Option<String>,
}

/// All catalog releases, oldest first (`"0.9.0"` ... `"4.4"`).
pub fn versions() -> &'static [&'static str] {
    &data::VERSION_NAMES
}

/// The newest catalog release (the default when no version is given).
pub fn newest() -> &'static str {
    data::VERSION_NAMES[data::VERSION_COUNT - 1]
}

/// The selection used when the user gives no version: the newest release.
pub fn default_selection() -> VersionSelection {
    let catalog = newest();
    VersionSelection {
        requested: KafkaVersion::parse(catalog).unwrap_or(KafkaVersion {
            major: 0,
            minor: 0,
            patch: 0,
        }),
        catalog,
        note: None,
    }
}

fn known_list() -> String {
    versions().join(", ")
}

/// Maps a user-supplied Kafka version onto a catalog release.
///
/// `3.7.1` -> `3.7`; `0.10.1.1` -> `0.10.1`; a version newer than the newest
/// known release -> the newest, with a note. Malformed (`abc`, `3`, `3.x`, ``),
/// ambiguous (`0.10`) and unknown (`2.9`, `3.10`, `0.8.2`) versions are errors
/// whose message lists the known versions.
pub fn select_version(input: &str) -> Result<VersionSelection, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err(format!(
            "no Kafka version given; known versions: {}",
            known_list()
        ));
    }
    let Some(c) = components(s) else {
        return Err(format!(
            "`{s}` is not a Kafka version (expected numbers such as 3.7 or 3.7.1); known versions: {}",
            known_list()
        ));
    };
    match (c[0], c.len()) {
        (0, 2) => {
            let prefix = format!("0.{}.", c[1]);
            let lines: Vec<&str> = versions()
                .iter()
                .copied()
                .filter(|v| v.starts_with(&prefix))
                .collect();
            return Err(if lines.is_empty() {
                format!(
                    "`{s}` is ambiguous: Kafka 0.x versions have three components (e.g. 0.10.2), and no 0.{}.x release is known; known versions: {}",
                    c[1],
                    known_list()
                )
            } else {
                format!(
                    "`{s}` is ambiguous: Kafka 0.x versions have three components; use one of {}",
                    lines.join(", ")
                )
            });
        }
        (_, 1) => {
            return Err(format!(
                "`{s}` is not a full Kafka version: give major.minor (e.g. 3.7) or major.minor.patch (e.g. 3.7.1); known versions: {}",
                known_list()
            ));
        }
        _ => {}
    }
    let Some(requested) = KafkaVersion::parse(s) else {
        return Err(format!(
            "`{s}` has too many components for a Kafka version (expected e.g. 3.7.1, or 0.10.1.1 for 0.x); known versions: {}",
            known_list()
        ));
    };
    let line = requested.line();
    if let Some(&catalog) = versions().iter().find(|v| **v == line) {
        // The bug-fix release, when given: the third number, the fourth for 0.x.
        let patch = match (requested.major, c.len()) {
            (0, 4) => c.get(3).copied(),
            (0, _) => None,
            (_, 3) => Some(requested.patch),
            _ => None,
        };
        let note = match patch.map(|p| super::releases::check_patch(catalog, p)) {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(note))) => Some(format!(
                "Kafka {s} is not a release kafkalint knows: {note}"
            )),
            Some(Err(releases)) => {
                return Err(format!(
                    "Kafka {s} is not a known Kafka release ({releases}); known versions: {}",
                    known_list()
                ));
            }
        };
        return Ok(VersionSelection {
            requested,
            catalog,
            note,
        });
    }
    let newest = newest();
    let newest_key = KafkaVersion::parse(newest).map(KafkaVersion::line_key);
    if newest_key.is_some_and(|n| requested.line_key() > n) {
        return Ok(VersionSelection {
            requested,
            catalog: newest,
            note: Some(format!(
                "Kafka {s} is newer than the newest known ({newest}); using {newest}"
            )),
        });
    }
    let oldest = versions()[0];
    let oldest_key = KafkaVersion::parse(oldest).map(KafkaVersion::line_key);
    if oldest_key.is_some_and(|o| requested.line_key() < o) {
        return Err(format!(
            "Kafka {s} is older than the oldest known version ({oldest}); known versions: {}",
            known_list()
        ));
    }
    Err(format!(
        "Kafka {s} is not a known Kafka release (no {line} line); known versions: {}",
        known_list()
    ))
}

/// Orders catalog version names numerically (`"0.9.0" < "0.10.0" < "3.9" < "4.0"`).
/// Non-numeric names sort after numeric ones, by text.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    match (components(a), components(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}
