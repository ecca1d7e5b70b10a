//! What a key does, in one line per key and role: `descriptions.tsv`, embedded
//! and indexed on first use. Shown by `kafkalint explain KEY` and editor hovers.

use super::Role;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The embedded table: `key<TAB>roles<TAB>description`, `#` lines are comments.
const TEXT: &str = include_str!("descriptions.tsv");

/// One line of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyDescription {
    /// The roles the line names; empty for a `*` line (every role without a line of its own).
    pub roles: Vec<Role>,
    /// One sentence: what the key does and what that means for an operator.
    pub text: &'static str,
}

/// The table by key, each key's lines in file order.
struct Index {
    keys: FxHashMap<&'static str, Vec<KeyDescription>>,
    /// Lines that could not be read, as `line N: why`; empty for the embedded table.
    problems: Vec<String>,
}

static INDEX: OnceLock<Index> = OnceLock::new();

fn index() -> &'static Index {
    INDEX.get_or_init(|| {
        let index = parse(TEXT);
        debug_assert!(
            index.problems.is_empty(),
            "descriptions.tsv: {:?}",
            index.problems
        );
        index
    })
}

fn parse(text: &'static str) -> Index {
    let mut keys: FxHashMap<&'static str, Vec<KeyDescription>> = FxHashMap::default();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(key), Some(roles), Some(text), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            problems.push(format!("line {}: not three tab-separated fields", n + 1));
            continue;
        };
        let roles = if roles == "*" {
            Vec::new()
        } else {
            let parsed: Vec<Option<Role>> = roles
                .split(',')
                .map(|r| Role::ALL.into_iter().find(|role| role.as_str() == r))
                .collect();
            if parsed.iter().any(Option::is_none) {
                problems.push(format!("line {}: unknown role in `{roles}`", n + 1));
                continue;
            }
            parsed.into_iter().flatten().collect()
        };
        if key.is_empty() || text.is_empty() {
            problems.push(format!("line {}: empty key or description", n + 1));
            continue;
        }
        let lines = keys.entry(key).or_default();
        let overlaps = lines.iter().any(|l| {
            (l.roles.is_empty() && roles.is_empty()) || l.roles.iter().any(|r| roles.contains(r))
        });
        if overlaps {
            let which = if roles.is_empty() {
                "*"
            } else {
                "a role it names"
            };
            problems.push(format!(
                "line {}: `{key}` already has a line for {which}",
                n + 1
            ));
            continue;
        }
        lines.push(KeyDescription { roles, text });
    }
    Index { keys, problems }
}

/// What `key` does in `role`, in one line: the line naming the role, else the
/// key's `*` line. `None` when the key has no description.
///
/// A `*` line answers for every role, also one whose catalog lacks the key;
/// ask the catalog whether the key exists in the role.
pub fn describe(key: &str, role: Role) -> Option<&'static str> {
    let lines = index().keys.get(key)?;
    lines
        .iter()
        .find(|l| l.roles.contains(&role))
        .or_else(|| lines.iter().find(|l| l.roles.is_empty()))
        .map(|l| l.text)
}

/// Every description line of `key`, in file order (empty when it has none).
pub fn descriptions(key: &str) -> &'static [KeyDescription] {
    index().keys.get(key).map_or(&[], Vec::as_slice)
}

/// Every key that has a description, sorted.
pub fn described_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = index().keys.keys().copied().collect();
    keys.sort_unstable();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_reads_without_problems() {
        let index = parse(TEXT);
        assert!(index.problems.is_empty(), "{:#?}", index.problems);
        assert!(index.keys.len() >= 150, "{} keys", index.keys.len());
    }

    #[test]
    fn a_role_line_wins_over_the_star_line() {
        assert_ne!(
            describe("ssl.keystore.location", Role::Broker),
            describe("ssl.keystore.location", Role::Producer)
        );
        assert_eq!(
            describe("ssl.truststore.location", Role::Broker),
            describe("ssl.truststore.location", Role::Consumer)
        );
        assert!(describe("compression.type", Role::Producer).is_some());
        assert_ne!(
            describe("compression.type", Role::Producer),
            describe("compression.type", Role::Topic)
        );
        assert_eq!(describe("acks", Role::Topic), None);
        assert_eq!(describe("no.such.key", Role::Producer), None);
    }

    #[test]
    fn malformed_lines_are_reported() {
        let index = parse(
            "# comment\n\
             a.b\tproducer\tFine.\n\
             a.b\tproducer,consumer\tTwice for the producer.\n\
             c.d\twriter\tUnknown role.\n\
             e.f\t*\n\
             g.h\t*\tOne.\n\
             g.h\t*\tTwo stars.\n",
        );
        assert_eq!(index.problems.len(), 4, "{:#?}", index.problems);
        assert_eq!(index.keys.len(), 2);
    }
}
