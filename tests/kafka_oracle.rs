//! Differential test: kafkalint's claims that Kafka refuses a configuration,
//! against Kafka's own validation.
//!
//! Every fixture and sample file (`tests/fixtures/checks`, `tests/fixtures/rules`,
//! `samples`) is linted for every Kafka version whose jars
//! `tests/kafka/fetch-jars.sh` fetched (into `target/kafka-jars/<version>/`, or
//! `$KAFKA_JARS_CACHE`) and whose release line the catalog has, in the role
//! kafkalint gives the file. The same files go, one JVM per version, through
//! `tests/kafka/KafkaOracle.java`, which hands them to Kafka's own classes
//! (client Config classes and constructors, `KafkaConfig.fromProps`,
//! `LogConfig.validate` (from 3.6 as the controller runs it, over a broker's
//! topic defaults: the `broker.properties` beside the topic file, which the
//! topic is also linted with, else a default broker with tiered storage on),
//! `StreamsConfig` and the configs of the clients a
//! Streams application creates, a Connect worker's `DistributedConfig` or
//! `StandaloneConfig` and the configs of its clients; the Streams and Connect
//! jars come from `fetch-jars.sh --streams-connect`).
//!
//! What must hold: an error finding that claims a refusal
//! ([`kafkalint::diagnostics::Diagnostic::refusal`]) is matched by a refusal.
//! A missing-required-key claim (K401) by Kafka finding the key missing; any
//! other claim by Kafka refusing the file once the required keys it lacks are
//! filled with placeholders (so that the verdict is about what the file says).
//! Where Kafka refuses and kafkalint has no error finding at all, the case is
//! printed as a miss, for later work, and does not fail the test.
//!
//! The misses that remain are not decidable from the file, and are not claimed:
//! files it names that this machine lacks (trust stores, the properties file a
//! `FileConfigProvider` reads), a SASL client without `sasl.jaas.config` (the
//! JVM's `java.security.auth.login.config` may supply it), an `${env:...}`
//! reference whose variable is unset here, and a KRaft node without its quorum
//! or id (K704 warns: deployments such as container images supply them). A
//! KRaft-only file linted at a release before KRaft (a `CONTROLLER` listener
//! and nothing for the brokers, 0.10.2 to 2.7) is refused by the listener
//! checks of those releases; no user runs such a file there.
//!
//! Without Java, Maven or a reachable Maven repository the test prints a
//! notice and passes, except under CI=true, where it fails.
//!
//! By default the fetch script's set is fetched (a no-op once cached) and
//! every version in the cache is compared; `KAFKA_ORACLE_VERSIONS=2.8.2,4.4.0`
//! narrows a run to those versions (fetched if need be).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use kafkalint::carrier::Carriers;
use kafkalint::catalog::{Role, select_version};
use kafkalint::diagnostics::{Diagnostic, Severity};
use kafkalint::engine::{Engine, EngineOptions, FileSettings};
use kafkalint::model::Overrides;

/// The folders whose `.properties` files go through the oracle.
const CORPUS: [&str; 3] = ["tests/fixtures/checks", "tests/fixtures/rules", "samples"];

/// Fewer files than this means the corpus went missing.
const MIN_FILES: usize = 150;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The corpus files, relative to the repository, sorted.
fn corpus() -> Vec<String> {
    let mut files = Vec::new();
    let mut dirs: Vec<PathBuf> = CORPUS.iter().map(|d| root().join(d)).collect();
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "properties") && kafkas_to_read(&path) {
                let relative = path.strip_prefix(root()).unwrap();
                files.push(relative.to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    files
}

/// Whether Kafka reads the file as it is: a file another carrier takes
/// (Spring Boot's `application.properties`) holds that framework's keys.
fn kafkas_to_read(path: &Path) -> bool {
    let bytes = fs::read(path).unwrap_or_default();
    kafkalint::carrier::Carriers::default()
        .for_file(path, &bytes)
        .is_some_and(|c| c.name() == "properties")
}

fn jars_cache() -> PathBuf {
    std::env::var_os("KAFKA_JARS_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/kafka-jars"))
}

/// The versions `KAFKA_ORACLE_VERSIONS` asks for (empty: the fetch script's set).
fn chosen_versions() -> Vec<String> {
    std::env::var("KAFKA_ORACLE_VERSIONS")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// Runs the (idempotent) fetch; `Err` says why there are no jars.
fn fetch() -> Result<(), String> {
    for tool in ["java", "javac"] {
        let found = Command::new(tool).arg("-version").output();
        if !found.is_ok_and(|o| o.status.success()) {
            return Err(format!("no `{tool}` on PATH"));
        }
    }
    // The broker's jars, then Kafka Streams' and the Connect worker's beside them.
    for streams_connect in [false, true] {
        let out = Command::new("bash")
            .arg(root().join("tests/kafka/fetch-jars.sh"))
            .args(streams_connect.then_some("--streams-connect"))
            .args(chosen_versions())
            .output()
            .map_err(|e| format!("cannot run tests/kafka/fetch-jars.sh: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "tests/kafka/fetch-jars.sh failed (is Maven installed and its repository reachable?):\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    Ok(())
}

/// The fetched versions whose release line the catalog has: (jar version, catalog line).
fn fetched_versions() -> Vec<(String, &'static str)> {
    let chosen = chosen_versions();
    let mut versions: Vec<(String, &'static str)> = fs::read_dir(jars_cache())
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join(".complete").is_file())
        .filter(|e| chosen.is_empty() || chosen.iter().any(|v| e.file_name() == v.as_str()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let selection = select_version(&name).ok()?;
            selection
                .note
                .is_none()
                .then_some((name, selection.catalog))
        })
        .collect();
    versions.sort_by(|a, b| kafkalint::catalog::compare_versions(&a.0, &b.0));
    versions
}

/// Kafka's verdict on one file.
#[derive(Debug, Default)]
struct Verdict {
    /// `accepted`, `refused` or `unsupported`.
    outcome: String,
    message: String,
    /// Required keys the file lacks (filled with placeholders for the verdict).
    missing: BTreeSet<String>,
    /// ConfigDef.validate's errors, per key.
    key_errors: BTreeMap<String, Vec<String>>,
}

impl Verdict {
    fn refused(&self) -> bool {
        self.outcome == "refused"
    }

    /// Kafka refuses the file as it is: a value, or a required key it lacks.
    fn refuses_as_is(&self) -> bool {
        self.refused() || (self.outcome != "unsupported" && !self.missing.is_empty())
    }

    fn describe(&self) -> String {
        let mut s = format!("{} {}", self.outcome, self.message);
        if !self.missing.is_empty() {
            let missing: Vec<&str> = self.missing.iter().map(String::as_str).collect();
            s.push_str(&format!(" (required, absent: {})", missing.join(", ")));
        }
        s.trim().to_string()
    }
}

/// Runs a command to its end; its output, or a panic naming `what` failed.
fn run(command: &mut Command, what: &str) -> std::process::Output {
    let out = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Compiles the harness once for every version (it reaches Kafka by reflection
/// only, so it compiles without Kafka's jars); `java KafkaOracle.java` would
/// compile it again in every JVM.
fn compile_harness() -> PathBuf {
    let classes =
        std::env::temp_dir().join(format!("kafkalint-oracle-classes-{}", std::process::id()));
    run(
        Command::new("javac")
            .arg("-d")
            .arg(&classes)
            .arg(root().join("tests/kafka/KafkaOracle.java")),
        "javac tests/kafka/KafkaOracle.java",
    );
    classes
}

/// Runs the harness on `files` (role, path) with one version's jars.
fn kafka_verdicts(
    classes: &Path,
    version: &str,
    files: &[(Role, String, Option<String>)],
) -> BTreeMap<String, Verdict> {
    let work =
        std::env::temp_dir().join(format!("kafkalint-oracle-{}-{version}", std::process::id()));
    fs::create_dir_all(&work).unwrap();
    let manifest: String = files
        .iter()
        .map(|(role, path, broker)| {
            let broker = broker
                .as_ref()
                .map(|b| format!("\t{}", root().join(b).display()))
                .unwrap_or_default();
            format!(
                "{}\t{}{broker}\n",
                role.as_str(),
                root().join(path).display()
            )
        })
        .collect();
    fs::write(work.join("manifest.tsv"), manifest).unwrap();
    let jars = jars_cache().join(version);
    let classpath = std::env::join_paths([
        classes.to_path_buf(),
        jars.join("*"),
        jars.join("streams-connect").join("*"),
    ])
    .expect("a classpath");
    run(
        Command::new("java")
            .arg("-cp")
            .arg(&classpath)
            .arg("KafkaOracle")
            .arg("validate")
            .arg(work.join("manifest.tsv"))
            .arg(work.join("verdicts.jsonl")),
        &format!("KafkaOracle.java with the Kafka {version} jars"),
    );
    let text = fs::read_to_string(work.join("verdicts.jsonl")).unwrap();
    let _ = fs::remove_dir_all(&work);
    let prefix = format!("{}/", root().display());
    let mut verdicts: BTreeMap<String, Verdict> = BTreeMap::new();
    for line in text.lines() {
        let fields: BTreeMap<String, String> =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("harness line {line}: {e}"));
        let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
        let path = field("path");
        let verdict = verdicts
            .entry(path.strip_prefix(&prefix).unwrap_or(&path).to_string())
            .or_default();
        match field("kind").as_str() {
            "verdict" => {
                verdict.outcome = field("outcome");
                verdict.message = field("message");
            }
            "missing" => {
                verdict.missing.insert(field("key"));
            }
            "keyerror" => verdict
                .key_errors
                .entry(field("key"))
                .or_default()
                .push(field("message")),
            other => panic!("unexpected harness line {other}: {line}"),
        }
    }
    verdicts
}

/// What kafkalint says of one file for one version.
struct Ours {
    role: Role,
    /// The broker file a topic is linted and validated on.
    broker: Option<String>,
    /// Error findings that claim a refusal.
    claims: Vec<Diagnostic>,
    /// Whether it has any error finding.
    any_error: bool,
}

/// The broker a topic file is created on: a `broker.properties` beside it (as
/// `tests/rules.rs` passes it with `--broker`), relative to the repository.
fn topic_broker(path: &str) -> Option<String> {
    let broker = Path::new(path).with_file_name("broker.properties");
    (broker.to_str() != Some(path) && root().join(&broker).is_file())
        .then(|| broker.to_string_lossy().into_owned())
}

fn engine(version: &str, broker: Option<&str>) -> Engine {
    let options = EngineOptions {
        overrides: Overrides {
            kafka_version: Some(select_version(version).unwrap()),
            ..Overrides::default()
        },
        broker: broker.map(|b| root().join(b)),
        ..EngineOptions::default()
    };
    Engine::new(options, Carriers::default()).unwrap()
}

fn lint(version: &str, files: &[String]) -> BTreeMap<String, Ours> {
    let plain = engine(version, None);
    let settings = FileSettings::default();
    let mut out = BTreeMap::new();
    for path in files {
        let bytes = fs::read(root().join(path)).unwrap();
        let units = plain.model(path, bytes.clone(), &settings);
        let Some(role) = units.first().and_then(|u| u.role()) else {
            continue;
        };
        // A topic beside a broker file is linted, and validated, on that broker.
        let broker = (role == Role::Topic).then(|| topic_broker(path)).flatten();
        let with_broker = broker.as_deref().map(|b| engine(version, Some(b)));
        let engine = with_broker.as_ref().unwrap_or(&plain);
        let linted = engine.lint(path, bytes, &settings, None);
        let errors: Vec<Diagnostic> = linted
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        out.insert(
            path.clone(),
            Ours {
                role,
                broker,
                any_error: !errors.is_empty(),
                claims: errors.into_iter().filter(|d| d.refusal).collect(),
            },
        );
    }
    out
}

/// Whether Kafka's verdict backs a claim.
fn backs(claim: &Diagnostic, verdict: &Verdict) -> bool {
    if claim.code() == "K401" {
        return claim
            .key
            .as_ref()
            .is_some_and(|k| verdict.missing.contains(k.as_str()));
    }
    verdict.refused()
}

/// One version's comparison.
#[derive(Default)]
struct Outcome {
    checked: usize,
    claims: usize,
    disagreements: Vec<String>,
    /// (file, Kafka's verdict) where Kafka refuses what the file says and
    /// kafkalint has no error.
    misses: Vec<(String, String)>,
    /// Files that Kafka refuses only for the required keys they lack, where
    /// kafkalint has no error: it reports those only in files that look
    /// complete (K401), since most files leave serializers or a broker's
    /// identity to the application or the deployment.
    incomplete: usize,
    unsupported: usize,
}

fn compare(classes: &Path, version: &str, catalog: &str, files: &[String]) -> Outcome {
    let ours = lint(version, files);
    let roles: Vec<(Role, String, Option<String>)> = ours
        .iter()
        .map(|(p, o)| (o.role, p.clone(), o.broker.clone()))
        .collect();
    let verdicts = kafka_verdicts(classes, version, &roles);
    let mut outcome = Outcome::default();
    for (path, ours) in &ours {
        let verdict = verdicts
            .get(path)
            .unwrap_or_else(|| panic!("Kafka {version}: no verdict for {path}"));
        if verdict.outcome == "unsupported" {
            outcome.unsupported += 1;
            continue;
        }
        outcome.checked += 1;
        for claim in &ours.claims {
            outcome.claims += 1;
            if !backs(claim, verdict) {
                let key = claim.key.as_deref().unwrap_or("");
                let key_errors = verdict
                    .key_errors
                    .get(key)
                    .map_or_else(|| "none".to_string(), |errors| errors.join("; "));
                outcome.disagreements.push(format!(
                    "Kafka {version} (catalog {catalog}), {path} as {}: kafkalint {} {key}: {}\n    Kafka: {}\n    Kafka's errors for `{key}` alone: {key_errors}",
                    ours.role.as_str(),
                    claim.code(),
                    claim.message,
                    verdict.describe()
                ));
            }
        }
        if verdict.refused() && !ours.any_error {
            outcome.misses.push((path.clone(), verdict.describe()));
        } else if verdict.refuses_as_is() && !ours.any_error {
            outcome.incomplete += 1;
        }
    }
    outcome
}

/// Misses grouped by file and Kafka's message, with the versions they hold for.
fn summarise_misses(misses: &[(String, String, String)]) -> String {
    let mut grouped: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for (version, path, message) in misses {
        grouped.entry((path, message)).or_default().push(version);
    }
    grouped
        .iter()
        .map(|((path, message), versions)| {
            let shown = if versions.len() > 3 {
                format!(
                    "{} .. {} ({} versions)",
                    versions[0],
                    versions[versions.len() - 1],
                    versions.len()
                )
            } else {
                versions.join(", ")
            };
            format!("  {path} [{shown}]: {message}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn refusals_that_kafkalint_claims_are_kafkas() {
    let files = corpus();
    assert!(
        files.len() >= MIN_FILES,
        "only {} corpus files",
        files.len()
    );
    if let Err(why) = fetch() {
        assert!(!in_ci(), "CI=true, but the Kafka jars cannot be had: {why}");
        eprintln!("notice: Kafka oracle not run: {why}");
        return;
    }
    let versions = fetched_versions();
    assert!(
        !versions.is_empty(),
        "no fetched Kafka version is in the catalog's range: see {}",
        jars_cache().display()
    );
    let classes = compile_harness();
    // Two JVMs at a time: linting is quick, Kafka's class loading is not.
    let results: Vec<(String, Outcome)> = std::thread::scope(|scope| {
        let chunks: Vec<Vec<(String, &'static str)>> = vec![
            versions.iter().step_by(2).cloned().collect(),
            versions.iter().skip(1).step_by(2).cloned().collect(),
        ];
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let (files, classes) = (&files, &classes);
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(v, catalog)| {
                            let outcome = compare(classes, &v, catalog, files);
                            (v, outcome)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let mut disagreements = Vec::new();
    let mut misses = Vec::new();
    let (mut checked, mut claims, mut unsupported, mut incomplete) = (0, 0, 0, 0);
    for (version, outcome) in results {
        checked += outcome.checked;
        incomplete += outcome.incomplete;
        claims += outcome.claims;
        unsupported += outcome.unsupported;
        disagreements.extend(outcome.disagreements);
        misses.extend(
            outcome
                .misses
                .into_iter()
                .map(|(p, m)| (version.clone(), p, m)),
        );
    }
    let _ = fs::remove_dir_all(&classes);
    misses.sort_by(|a, b| kafkalint::catalog::compare_versions(&a.0, &b.0));
    eprintln!(
        "Kafka oracle: {} versions, {checked} file verdicts, {claims} refusal claims checked, {unsupported} verdicts without a validator in that version, {incomplete} refused only for required keys the file leaves out",
        versions.len()
    );
    if !misses.is_empty() {
        eprintln!(
            "Kafka oracle: {} times Kafka refuses a file that kafkalint finds no error in (not failures; findings for later work):\n{}",
            misses.len(),
            summarise_misses(&misses)
        );
    }
    assert!(
        claims > 0,
        "no refusal claim was checked: the corpus lost its triggers"
    );
    assert!(
        disagreements.is_empty(),
        "{} refusal claims that Kafka does not back:\n\n{}",
        disagreements.len(),
        disagreements.join("\n\n")
    );
}
