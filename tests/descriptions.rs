//! Key descriptions (`src/catalog/descriptions.tsv`): every key that matters has
//! one, computed from the catalog and the rule files, so a new high-importance
//! key or a new rule without a description fails here.

use kafkalint::catalog::{self, Catalog, Importance, Role};
use std::collections::{BTreeMap, BTreeSet};

/// Every key the catalog documents in any release, with the roles that document it.
fn catalog_keys() -> BTreeMap<String, BTreeSet<Role>> {
    let mut keys: BTreeMap<String, BTreeSet<Role>> = BTreeMap::new();
    for version in catalog::versions() {
        let catalog = Catalog::get(version);
        for role in Role::ALL {
            for def in catalog.keys(role) {
                keys.entry(def.name.clone()).or_default().insert(role);
            }
        }
    }
    keys
}

/// Keys with importance high in some release, per role.
fn high_importance() -> BTreeSet<(String, Role)> {
    let mut keys = BTreeSet::new();
    for version in catalog::versions() {
        let catalog = Catalog::get(version);
        for role in Role::ALL {
            for def in catalog.keys(role) {
                if def.importance == Importance::High {
                    keys.insert((def.name.clone(), role));
                }
            }
        }
    }
    keys
}

/// Keys the built-in rules read (`reads`), per role: `broker:KEY` in the broker
/// role, any other key in those of the rule's roles whose catalog has it (in all
/// of the rule's roles for a key that no catalog table documents).
fn rule_reads(catalog: &BTreeMap<String, BTreeSet<Role>>) -> BTreeSet<(String, Role)> {
    let mut reads = BTreeSet::new();
    for rule in kafkalint::rules::builtin_sources() {
        let table: toml::Table = rule.text.parse().expect(rule.path);
        let roles: BTreeSet<Role> = rule
            .roles
            .iter()
            .map(|r| Role::parse(r).expect(rule.path))
            .collect();
        let listed = table
            .get("reads")
            .and_then(|r| r.as_array())
            .unwrap_or_else(|| panic!("{}: no `reads` list", rule.path));
        for read in listed {
            let read = read.as_str().expect(rule.path);
            if let Some(key) = read.strip_prefix("broker:") {
                reads.insert((key.to_string(), Role::Broker));
                continue;
            }
            let documented: Vec<Role> = match catalog.get(read) {
                Some(has) => roles.intersection(has).copied().collect(),
                None => Vec::new(),
            };
            let chosen = if documented.is_empty() {
                roles.iter().copied().collect()
            } else {
                documented
            };
            for role in chosen {
                reads.insert((read.to_string(), role));
            }
        }
    }
    reads
}

/// Fails, naming them, when some of `wanted` (at least `least` keys) have no description.
fn assert_described(wanted: &BTreeSet<(String, Role)>, least: usize) {
    assert!(wanted.len() >= least, "only {} keys", wanted.len());
    let missing: Vec<String> = wanted
        .iter()
        .filter(|(key, role)| catalog::describe(key, *role).is_none())
        .map(|(key, role)| format!("{key} ({role})"))
        .collect();
    assert!(
        missing.is_empty(),
        "add a line to src/catalog/descriptions.tsv for: {missing:#?}"
    );
}

#[test]
fn every_high_importance_key_has_a_description() {
    assert_described(&high_importance(), 100);
}

#[test]
fn every_key_a_rule_reads_has_a_description() {
    assert_described(&rule_reads(&catalog_keys()), 30);
}

#[test]
fn a_described_key_is_described_in_every_role_it_exists_in_and_no_other() {
    let catalog = catalog_keys();
    let reads = rule_reads(&catalog);
    let described = catalog::described_keys();
    assert!(described.len() >= 150, "{} keys described", described.len());
    let mut problems = Vec::new();
    for key in described {
        let in_catalog = catalog.get(key).cloned().unwrap_or_default();
        let read_in: BTreeSet<Role> = reads
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, r)| *r)
            .collect();
        if in_catalog.is_empty() && read_in.is_empty() {
            problems.push(format!("{key}: neither in the catalog nor read by a rule"));
        }
        for role in &in_catalog {
            if catalog::describe(key, *role).is_none() {
                problems.push(format!(
                    "{key}: exists for the {role} but has no line for it"
                ));
            }
        }
        for line in catalog::descriptions(key) {
            for role in &line.roles {
                if !in_catalog.contains(role) && !read_in.contains(role) {
                    problems.push(format!(
                        "{key}: described for the {role}, which has no such key"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn descriptions_are_single_sentences_of_reasonable_length() {
    let mut problems = Vec::new();
    for key in catalog::described_keys() {
        for line in catalog::descriptions(key) {
            let text = line.text;
            if text.chars().any(char::is_control) {
                problems.push(format!("{key}: control character in {text:?}"));
            }
            if !text.ends_with('.') || text.ends_with("..") {
                problems.push(format!("{key}: does not end with one period: {text:?}"));
            }
            if !text.starts_with(|c: char| c.is_ascii_uppercase()) {
                problems.push(format!("{key}: does not start with a capital: {text:?}"));
            }
            if text.chars().count() > 160 {
                problems.push(format!("{key}: longer than 160 characters: {text:?}"));
            }
            if text.trim() != text || text.contains("  ") {
                problems.push(format!("{key}: stray spaces in {text:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Words with a dot inside that start with a lower-case letter: what a key looks like.
fn key_like_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| w.contains('.') && w.starts_with(|c: char| c.is_ascii_lowercase()))
        .collect()
}

#[test]
fn a_key_a_description_mentions_exists_and_is_in_backticks() {
    let catalog = catalog_keys();
    let reads = rule_reads(&catalog);
    let known = |k: &str| catalog.contains_key(k) || reads.iter().any(|(r, _)| r == k);
    let mut problems = Vec::new();
    for key in catalog::described_keys() {
        for line in catalog::descriptions(key) {
            for (i, part) in line.text.split('`').enumerate() {
                if i % 2 == 1 {
                    if !known(part) {
                        problems.push(format!("{key}: `{part}` is not a Kafka key"));
                    }
                } else {
                    for word in key_like_words(part) {
                        problems.push(format!(
                            "{key}: `{word}` looks like a key: name it in backticks"
                        ));
                    }
                }
            }
            if line.text.matches('`').count() % 2 != 0 {
                problems.push(format!("{key}: unbalanced backticks in {:?}", line.text));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn key_like_words_finds_dotted_names_only() {
    assert_eq!(
        key_like_words("wait for linger.ms, then poll() 0.11 host:port e.g. KIP-848."),
        ["linger.ms", "e.g"]
    );
}
