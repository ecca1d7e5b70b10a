//! `docs/rules/<CODE>.md` is generated from the code registry: one page per
//! built-in check and rule, and an index. This test fails when a page is
//! stale, missing or left over; `KAFKALINT_UPDATE_DOCS=1 cargo test --test
//! rule_docs` writes them anew. The README's tables must list every code too.

mod common;

use kafkalint::registry::Registry;
use std::collections::BTreeMap;
use std::path::Path;

fn expected_pages() -> BTreeMap<String, String> {
    let registry = Registry::builtin().expect("built-in rules load");
    let mut pages = BTreeMap::new();
    let mut index = String::from(
        "# kafkalint's checks and rules\n\nGenerated from the code registry (`tests/rule_docs.rs`); `kafkalint explain CODE` prints the same.\n\n| code | name | severity | summary |\n|---|---|---|---|\n",
    );
    for code in registry.codes() {
        let d = code.describe().expect("built-in documentation");
        index.push_str(&format!(
            "| [{0}]({0}.md) | {1} | {2} | {3} |\n",
            d.code,
            d.name,
            d.severity,
            d.summary.trim().replace('|', "\\|")
        ));
        pages.insert(format!("{}.md", d.code), d.page());
    }
    pages.insert("README.md".to_string(), index);
    pages
}

#[test]
fn rule_pages_are_generated_from_the_registry() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let expected = expected_pages();
    if std::env::var_os("KAFKALINT_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).expect("create docs/rules");
        for entry in std::fs::read_dir(&dir).expect("list docs/rules").flatten() {
            std::fs::remove_file(entry.path()).expect("remove an old page");
        }
        for (name, page) in &expected {
            std::fs::write(dir.join(name), page).expect("write a page");
        }
    }
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(&dir)
        .expect("docs/rules exists")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        found.insert(
            name,
            std::fs::read_to_string(entry.path()).expect("read a page"),
        );
    }
    for (name, page) in &expected {
        assert_eq!(
            found.get(name),
            Some(page),
            "docs/rules/{name} is stale or missing: run KAFKALINT_UPDATE_DOCS=1 cargo test --test rule_docs"
        );
    }
    let extra: Vec<&String> = found
        .keys()
        .filter(|n| !expected.contains_key(*n))
        .collect();
    assert!(extra.is_empty(), "pages of no code: {extra:?}");
}

/// Where SARIF's `helpUri`, the language server's `codeDescription` and
/// `explain` send a reader: the page of the code in docs/rules, which exists.
#[test]
fn every_documentation_link_leads_to_the_codes_page() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let registry = Registry::builtin().expect("built-in rules load");
    for code in registry.codes() {
        let d = code.describe().expect("built-in documentation");
        let url = kafkalint::registry::doc_url(&d.code).expect("a built-in code has a page");
        let page = url.rsplit('/').next().expect("a file name");
        assert_eq!(page, format!("{}.md", d.code));
        assert!(dir.join(page).is_file(), "{url}");
        assert!(url.contains("/docs/rules/"), "{url}");
    }
    let explained = common::kafkalint(&["explain", "K203"]);
    let link = kafkalint::registry::doc_url("K203").expect("K203's page");
    assert!(
        explained
            .stdout
            .ends_with(&format!("\nDocumentation: {link}\n")),
        "{}",
        explained.stdout
    );
    let sarif = common::kafkalint(&[
        "check",
        "--format",
        "sarif",
        "samples/bad/producer.properties",
    ]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("SARIF");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rule descriptors");
    assert!(!rules.is_empty());
    for rule in rules {
        let id = rule["id"].as_str().expect("id");
        assert_eq!(
            rule["helpUri"].as_str().map(String::from),
            kafkalint::registry::doc_url(id),
            "{id}"
        );
    }
}
