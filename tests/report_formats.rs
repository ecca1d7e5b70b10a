//! The CI output formats of `check`: SARIF (validated against the official OASIS
//! schema), GitHub workflow commands, GitLab Code Quality and JUnit XML, run
//! through the real binary on the shipped samples.

mod common;

use serde_json::Value;
use std::collections::HashSet;

const FORMATS: [&str; 4] = ["sarif", "github", "gitlab", "junit"];
const SECRET: &str = "hunter2";

/// `kafkalint check --format FORMAT PATHS...` from the crate root: stdout and exit code.
/// `check --format FORMAT PATHS` in the crate's directory, which must print
/// nothing on standard error: standard output and exit status.
fn check(format: &str, paths: &[&str]) -> (String, i32) {
    let o = common::kafkalint(&[&["check", "--format", format], paths].concat());
    assert!(o.stderr.is_empty(), "stderr: {}", o.stderr);
    (o.stdout, o.status)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// How many findings `--format concise` reports, to compare the formats with.
fn finding_count(paths: &[&str]) -> usize {
    check("concise", paths).0.lines().count()
}

/// The pattern of `toolComponent.language` and `run.language` in the OASIS schema,
/// with a stray `]`: a literal `]` under ECMA-262's web-compatibility grammar (Annex
/// B), but an error in the strict grammar that the `regex` format of the draft-07
/// meta-schema checks, so the schema as published fails its own meta-validation.
const STRAY_BRACKET_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
/// The same pattern with that `]` escaped: it matches exactly the same strings.
const ESCAPED_BRACKET_PATTERN: &str = r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\]?$";

/// Replaces, in memory, every `pattern` equal to `STRAY_BRACKET_PATTERN`.
fn escape_stray_bracket(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (name, v) in map.iter_mut() {
                if name == "pattern" && v == STRAY_BRACKET_PATTERN {
                    *v = ESCAPED_BRACKET_PATTERN.into();
                } else {
                    escape_stray_bracket(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(escape_stray_bracket),
        _ => {}
    }
}

/// A validator for the vendored official schema, format assertions included
/// (`uri`, `uri-reference`, `date-time`...).
fn sarif_validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sarif/sarif-schema-2.1.0.json"
    );
    let mut schema = json(&std::fs::read_to_string(path).expect("vendored SARIF schema"));
    escape_stray_bracket(&mut schema);
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_snapshots() {
    insta::assert_snapshot!("sarif_bad", check("sarif", &["samples/bad"]).0);
    insta::assert_snapshot!("sarif_good", check("sarif", &["samples/good"]).0);
}

#[test]
fn github_snapshots() {
    insta::assert_snapshot!("github_bad", check("github", &["samples/bad"]).0);
    insta::assert_snapshot!("github_good", check("github", &["samples/good"]).0);
}

#[test]
fn gitlab_snapshots() {
    insta::assert_snapshot!("gitlab_bad", check("gitlab", &["samples/bad"]).0);
    insta::assert_snapshot!("gitlab_good", check("gitlab", &["samples/good"]).0);
}

#[test]
fn junit_snapshots() {
    insta::assert_snapshot!("junit_bad", check("junit", &["samples/bad"]).0);
    insta::assert_snapshot!("junit_good", check("junit", &["samples/good"]).0);
}

#[test]
fn the_vendored_schema_is_the_oasis_sarif_2_1_0_schema() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sarif/sarif-schema-2.1.0.json"
    );
    let schema = json(&std::fs::read_to_string(path).unwrap());
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    assert!(
        schema["$id"]
            .as_str()
            .unwrap()
            .ends_with("/sarif-spec/master/Schemata/sarif-schema-2.1.0.json")
    );
    assert_eq!(schema["required"], serde_json::json!(["version", "runs"]));
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_validator();
    for paths in [
        &["samples/bad"][..],
        &["samples/good"],
        &["samples/bad", "samples/good"],
    ] {
        let sarif = json(&check("sarif", paths).0);
        let errors = schema_errors(&validator, &sarif);
        assert!(errors.is_empty(), "{paths:?}: {errors:#?}");
    }
}

#[test]
fn sarif_schema_validation_catches_what_is_missing_or_wrong() {
    let validator = sarif_validator();
    let sarif = json(&check("sarif", &["samples/bad"]).0);
    assert!(validator.is_valid(&sarif));

    let mut no_version = sarif.clone();
    no_version.as_object_mut().unwrap().remove("version");
    assert!(!validator.is_valid(&no_version), "`version` is required");

    let mut wrong_version = sarif.clone();
    wrong_version["version"] = "2.0.0".into();
    assert!(!validator.is_valid(&wrong_version), "only 2.1.0");

    let mut no_driver = sarif.clone();
    no_driver["runs"][0]["tool"]
        .as_object_mut()
        .unwrap()
        .remove("driver");
    assert!(!validator.is_valid(&no_driver), "`tool.driver` is required");

    let mut zero_line = sarif.clone();
    zero_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator.is_valid(&zero_line), "lines are 1-based");

    let mut bad_uri = sarif.clone();
    bad_uri["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "samples/my file.properties".into();
    assert!(!validator.is_valid(&bad_uri), "`uri` is a URI reference");

    let mut no_message = sarif;
    no_message["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&no_message), "`message` is required");
}

/// What GitHub code scanning needs beyond the schema.
#[test]
fn sarif_meets_github_code_scanning_expectations() {
    let paths = ["samples/bad", "samples/good"];
    let sarif = json(&check("sarif", &paths).0);
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "kafkalint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "rule ids are unique"
    );
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert!(rule["name"].as_str().is_some_and(|n| !n.is_empty()), "{id}");
        for text in [
            &rule["shortDescription"]["text"],
            &rule["fullDescription"]["text"],
            &rule["help"]["text"],
            &rule["help"]["markdown"],
        ] {
            assert!(text.as_str().is_some_and(|t| !t.is_empty()), "{id}");
        }
        assert!(
            ["error", "warning", "note"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()),
            "{id}"
        );
    }

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), finding_count(&paths));
    let mut fingerprints = HashSet::new();
    for result in results {
        let rule_id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(ids.get(index), Some(&rule_id), "ruleIndex points at ruleId");
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let fingerprint = result["partialFingerprints"]["kafkalintFinding/v1"]
            .as_str()
            .unwrap();
        assert!(
            fingerprints.insert(fingerprint.to_string()),
            "duplicate fingerprint {fingerprint}"
        );

        let locations = result["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1);
        let mut physical: Vec<&Value> = vec![&locations[0]["physicalLocation"]];
        if let Some(related) = result["relatedLocations"].as_array() {
            physical.extend(related.iter().map(|r| &r["physicalLocation"]));
        }
        for fix in result["fixes"].as_array().into_iter().flatten() {
            for change in fix["artifactChanges"].as_array().unwrap() {
                let uri = change["artifactLocation"]["uri"].as_str().unwrap();
                assert_relative(uri);
                for replacement in change["replacements"].as_array().unwrap() {
                    assert_region(&replacement["deletedRegion"], rule_id);
                }
            }
        }
        for location in physical {
            let uri = location["artifactLocation"]["uri"].as_str().unwrap();
            assert_relative(uri);
            assert!(uri.starts_with("samples/"), "{uri}");
            assert!(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(uri)
                    .is_file(),
                "{uri} names the file from the repository root"
            );
            assert_region(&location["region"], rule_id);
        }
    }
}

fn assert_relative(uri: &str) {
    assert!(
        !uri.starts_with('/')
            && !uri.starts_with("./")
            && !uri.contains('\\')
            && !uri.contains(':'),
        "{uri} is a relative URI reference with / separators"
    );
}

/// 1-based lines and columns, the end after the start.
fn assert_region(region: &Value, rule_id: &str) {
    let get = |name: &str| {
        region[name]
            .as_u64()
            .unwrap_or_else(|| panic!("{rule_id}: {name}"))
    };
    let (start_line, start_column) = (get("startLine"), get("startColumn"));
    let (end_line, end_column) = (get("endLine"), get("endColumn"));
    assert!(start_line >= 1 && start_column >= 1, "{rule_id}: {region}");
    assert!(
        (end_line, end_column) >= (start_line, start_column),
        "{rule_id}: {region}"
    );
}

#[test]
fn github_commands_annotate_every_finding() {
    let paths = ["samples/bad"];
    let (out, _) = check("github", &paths);
    assert_eq!(out.lines().count(), finding_count(&paths));
    for line in out.lines() {
        let (command, rest) = line
            .strip_prefix("::")
            .and_then(|l| l.split_once(' '))
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        assert!(["error", "warning", "notice"].contains(&command), "{line}");
        let (properties, message) = rest.split_once("::").expect("message");
        assert!(!message.is_empty() && !message.contains('\n'), "{line}");
        let names: Vec<&str> = properties
            .split(',')
            .map(|p| p.split_once('=').expect("name=value").0)
            .collect();
        assert_eq!(
            names,
            ["file", "line", "endLine", "col", "endColumn", "title"],
            "{line}"
        );
        assert!(properties.starts_with("file=samples/bad/"), "{line}");
    }
    // A clean run prints nothing at all.
    assert_eq!(check("github", &["samples/good"]).0, "");
}

#[test]
fn gitlab_fingerprints_are_unique_across_the_samples_findings() {
    let paths = ["samples/bad", "samples/good"];
    let issues = json(&check("gitlab", &paths).0);
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), finding_count(&paths));
    let mut seen = HashSet::new();
    for issue in issues {
        let fingerprint = issue["fingerprint"].as_str().unwrap();
        assert!(
            seen.insert(fingerprint.to_string()),
            "duplicate fingerprint {fingerprint}: {issue}"
        );
        assert!(!issue["description"].as_str().unwrap().is_empty());
        assert!(issue["check_name"].as_str().unwrap().starts_with('K'));
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap())
        );
        assert!(
            issue["location"]["path"]
                .as_str()
                .unwrap()
                .starts_with("samples/bad/")
        );
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    // The same findings get the same fingerprints in the next pipeline.
    assert_eq!(json(&check("gitlab", &paths).0).as_array().unwrap(), issues);
    assert_eq!(check("gitlab", &["samples/good"]).0, "[]\n");
}

#[test]
fn junit_is_well_formed_with_a_suite_per_file() {
    let (out, _) = check("junit", &["samples/bad", "samples/good"]);
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    let files = ["samples/bad", "samples/good"]
        .iter()
        .map(|d| std::fs::read_dir(d).unwrap().count())
        .sum::<usize>();
    assert_eq!(suites.len(), files);
    let mut failures = 0;
    for suite in &suites {
        assert_eq!(suite.tag_name().name(), "testsuite");
        let cases: Vec<_> = suite.children().filter(|n| n.is_element()).collect();
        assert!(!cases.is_empty());
        let failing: Vec<_> = cases
            .iter()
            .filter_map(|c| c.children().find(|n| n.has_tag_name("failure")))
            .collect();
        assert_eq!(
            suite.attribute("failures"),
            Some(failing.len().to_string().as_str())
        );
        assert_eq!(
            suite.attribute("tests"),
            Some(cases.len().to_string().as_str())
        );
        for failure in &failing {
            assert!(failure.attribute("type").is_some());
            assert!(failure.attribute("message").is_some_and(|m| !m.is_empty()));
        }
        let name = suite.attribute("name").unwrap();
        if name.starts_with("samples/good/") {
            assert!(failing.is_empty(), "{name} passes");
            assert_eq!(cases.len(), 1, "{name} has its one passing testcase");
        }
        failures += failing.len();
    }
    assert_eq!(failures, finding_count(&["samples/bad", "samples/good"]));
    assert_eq!(
        root.attribute("failures"),
        Some(failures.to_string().as_str())
    );
}

#[test]
fn no_format_prints_a_secret() {
    for format in FORMATS {
        let (out, _) = check(format, &["samples/bad"]);
        assert!(!out.contains(SECRET), "{format} printed the secret");
    }
    // The sample does hold the secret that the outputs leave out.
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/bad/producer.properties"
    ))
    .unwrap();
    assert!(sample.contains(SECRET));
}

#[test]
fn the_exit_status_does_not_depend_on_the_format() {
    for format in FORMATS {
        assert_eq!(check(format, &["samples/bad"]).1, 1, "{format}");
        assert_eq!(check(format, &["samples/good"]).1, 0, "{format}");
    }
}
