//! Kafka's bug-fix releases of each catalog line, to tell `3.6.2` (a release)
//! from `3.6.7` (none). The catalog tables know release lines only.
//!
//! Source: the versions of `org.apache.kafka:kafka-clients` published on Maven
//! Central, read on 2026-11-26 (every Kafka release publishes it; the 0.8
//! lines are older than the catalog). Lines newer than the list are not
//! listed: any patch of them is taken as written.

/// The patch levels released in each line (the fourth number for 0.x lines:
/// 0.10.2.2 is patch 2 of 0.10.2).
const RELEASES: &[(&str, &[u32])] = &[
    ("0.9.0", &[0, 1]),
    ("0.10.0", &[0, 1]),
    ("0.10.1", &[0, 1]),
    ("0.10.2", &[0, 1, 2]),
    ("0.11.0", &[0, 1, 2, 3]),
    ("1.0", &[0, 1, 2]),
    ("1.1", &[0, 1]),
    ("2.0", &[0, 1]),
    ("2.1", &[0, 1]),
    ("2.2", &[0, 1, 2]),
    ("2.3", &[0, 1]),
    ("2.4", &[0, 1]),
    ("2.5", &[0, 1]),
    ("2.6", &[0, 1, 2, 3]),
    ("2.7", &[0, 1, 2]),
    ("2.8", &[0, 1, 2]),
    ("3.0", &[0, 1, 2]),
    ("3.1", &[0, 1, 2]),
    ("3.2", &[0, 1, 2, 3]),
    ("3.3", &[0, 1, 2]),
    ("3.4", &[0, 1]),
    ("3.5", &[0, 1, 2]),
    ("3.6", &[0, 1, 2]),
    ("3.7", &[0, 1, 2]),
    ("3.8", &[0, 1]),
    ("3.9", &[0, 1, 2]),
    ("4.0", &[0, 1, 2]),
    ("4.1", &[0, 1, 2]),
    ("4.2", &[0, 1, 2]),
    ("4.3", &[0, 1]),
    ("4.4", &[0]),
];

/// The lines that could still get bug-fix releases after the list was read:
/// Kafka fixes its three newest release lines.
const OPEN: &[&str] = &["4.2", "4.3", "4.4"];

/// What the releases say of patch `patch` of catalog line `line`: nothing
/// (`Ok(None)`: it was released, or the line is newer than the list), a note
/// (`Ok(Some)`: newer than the newest release known of a line that may have
/// had more since), or an error (`Err`: the line is closed, or the patch is
/// older than its newest release, and it was never released), each saying
/// which releases the line has.
pub(super) fn check_patch(line: &str, patch: u32) -> Result<Option<String>, String> {
    let Some((_, patches)) = RELEASES.iter().find(|(l, _)| *l == line) else {
        return Ok(None);
    };
    if patches.contains(&patch) {
        return Ok(None);
    }
    let name = |p: u32| format!("{line}.{p}");
    let listed: Vec<String> = patches.iter().map(|&p| name(p)).collect();
    let newest = patches.iter().max().map_or_else(String::new, |&p| name(p));
    if OPEN.contains(&line) && patches.iter().all(|&p| p < patch) {
        return Ok(Some(format!(
            "the newest {line} release kafkalint knows is {newest}; using {line}"
        )));
    }
    Err(format!("the {line} line has {}", listed.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn released_patches_pass_closed_lines_refuse_and_open_ones_note() {
        assert_eq!(check_patch("3.6", 2), Ok(None));
        assert_eq!(check_patch("0.10.2", 2), Ok(None));
        assert_eq!(check_patch("4.4", 0), Ok(None));
        assert_eq!(check_patch("4.5", 9), Ok(None));
        assert_eq!(
            check_patch("3.4", 7),
            Err("the 3.4 line has 3.4.0, 3.4.1".to_string())
        );
        assert_eq!(
            check_patch("3.9", 3),
            Err("the 3.9 line has 3.9.0, 3.9.1, 3.9.2".to_string())
        );
        assert!(check_patch("4.3", 7).is_ok_and(|n| n.is_some_and(|n| n.contains("4.3.1"))));
        assert!(check_patch("0.9.0", 5).is_err());
    }
}
