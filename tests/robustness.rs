//! Bad input never crashes the tool: thousands of generated files, mixing real
//! Kafka keys with hostile values, escapes, encodings, line endings and
//! directives, go through the whole pipeline for every role and several Kafka
//! versions: model, checks, rules, suppressions, every output format, and the
//! fixes, whose result must read back without a new load error. The generator is
//! deterministic (fixed seed), so a failure reproduces. To hunt further, vary
//! it: `ROBUSTNESS_SEED=7 ROBUSTNESS_CASES=50000 cargo test --release --test robustness`.

use kafkalint::carrier::Carriers;
use kafkalint::carrier::properties::Document;
use kafkalint::catalog::{self, Catalog, Role};
use kafkalint::diagnostics::{Diagnostic, Fix};
use kafkalint::engine::{Engine, EngineOptions, FileSettings};
use kafkalint::fix;
use kafkalint::model::{Hints, Overrides};
use kafkalint::report::{self, FileReport, Format, Run};
use kafkalint::text::Encoding;

/// xorshift64*: small, deterministic, good enough to pick fragments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }

    fn fragment(&mut self, items: &[&'static str]) -> &'static str {
        self.pick::<&str>(items)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const VALUES: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "1",
    "3",
    "5",
    "6",
    "all",
    "ALL",
    "-1",
    "true",
    "TRUE",
    "yes",
    "earliest",
    "latest",
    "2147483647",
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "0.5d",
    "30s",
    "10MB",
    "${file:/etc/k.properties:x}",
    "${env:X}",
    "a,b,,c,",
    ",",
    "\\u0041",
    "\\uZZZZ",
    "\\u00",
    "C:\\kafka\\logs\\",
    "x\\",
    "\\",
    "\u{a0}",
    "caf\u{e9}",
    "\u{200b}",
    "PLAINTEXT://:9092,CONTROLLER://:9093",
    "PLAINTEXT://0.0.0.0:9092",
    "1@host:9093,2@host:9093",
    "broker,controller",
    "controller",
    "consumer",
    "classic",
    "org.apache.kafka.clients.consumer.RangeAssignor,org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
    "PLAIN",
    "SASL_PLAINTEXT",
    "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"p\";",
];

/// A secret no output format may ever show.
const SECRET_LINE: &str = "ssl.keystore.password=s3cr3t-never-printed";

const SEPARATORS: &[&str] = &["=", ":", " ", " = ", "\t:", "=\\\n  ", ""];
const ENDINGS: &[&str] = &["\n", "\r\n", "\r", "\\\n", "\\\r\n"];
const EXTRAS: &[&str] = &[
    "# kafkalint: disable=K101,K999 -- reason",
    "# kafkalint: disable-file=unknown-key",
    "# kafkalint: role=consumer kafka-version=0.10.0 record-processing-ms=800",
    "# kafkalint: kafka-version=3.x rle=x record-processing-ms=-5",
    "! comment \\",
    "   ",
    "\u{feff}key=value",
    "=no.key",
    "\\",
];

/// Every key any role documents in the newest and oldest catalogs.
fn keys() -> Vec<String> {
    let mut keys = Vec::new();
    for version in [catalog::newest(), catalog::versions()[0]] {
        let c = Catalog::get(version);
        for role in Role::ALL {
            keys.extend(c.keys(role).iter().map(|d| d.name.clone()));
        }
    }
    keys.extend(
        [
            "lingr.ms",
            "sasl.mechanisms",
            "allow.everyone.if.no.acl.found",
            "x y",
            "ssl.keystore.password",
        ]
        .map(String::from),
    );
    keys.sort();
    keys.dedup();
    keys
}

fn generate(rng: &mut Rng, keys: &[String]) -> Vec<u8> {
    let mut text = String::new();
    if rng.one_in(3) {
        // First, so no continuation line can fold it into another key's value.
        text.push_str(SECRET_LINE);
        text.push_str(rng.fragment(&ENDINGS[..3]));
    }
    let lines = rng.next() % 24;
    for _ in 0..lines {
        if rng.one_in(6) {
            text.push_str(rng.fragment(EXTRAS));
        } else {
            text.push_str(rng.pick(keys).as_str());
            text.push_str(rng.fragment(SEPARATORS));
            text.push_str(rng.fragment(VALUES));
        }
        text.push_str(rng.fragment(ENDINGS));
    }
    let mut bytes = text.into_bytes();
    if rng.one_in(8) {
        // Raw high bytes, as a latin1 editor or a broken copy would leave them.
        bytes.extend_from_slice(&[0xC3, 0x28, 0xE9, 0xFF, b'=', 0x80, b'\n']);
    }
    bytes
}

/// A file's report and its diagnostics after suppressions.
type Linted = (FileReport, Vec<Diagnostic>);

/// Applies every fix, safe and unsafe, pass after pass as `--fix` does: no pass
/// may make a loadable file unloadable, and the passes must reach a fixed point
/// (two fixes that undo each other would loop for ever).
fn assert_fixes_converge(
    case: u64,
    name: &str,
    original: &[u8],
    encoding: Encoding,
    lint: &dyn Fn(&[u8]) -> Linted,
) {
    const PASSES: usize = 8;
    let loads = |bytes: &[u8]| {
        Document::parse(bytes.to_vec(), encoding)
            .file
            .load_error
            .is_none()
    };
    let mut current = original.to_vec();
    for _ in 0..PASSES {
        let (_, diagnostics) = lint(&current);
        let fixes: Vec<&Fix> = diagnostics.iter().filter_map(|d| d.fix.as_ref()).collect();
        let fixed = fix::apply_fixes(&current, &fixes, name, encoding);
        if !fixed.changed(&current) {
            return;
        }
        assert!(
            !loads(&current) || loads(&fixed.bytes),
            "case {case}: fixes made a loadable file unloadable:\n{:?}\n->\n{:?}",
            String::from_utf8_lossy(&current),
            String::from_utf8_lossy(&fixed.bytes)
        );
        current = fixed.bytes;
    }
    panic!(
        "case {case}: fixes still change the file after {PASSES} passes:\n{:?}\n->\n{:?}",
        String::from_utf8_lossy(original),
        String::from_utf8_lossy(&current)
    );
}

fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    Some(
        text.parse()
            .unwrap_or_else(|_| panic!("{name}={text} is not a number")),
    )
}

#[test]
fn generated_files_never_crash_any_stage() {
    let keys = keys();
    let versions: Vec<&'static str> =
        ["0.9.0", "0.10.0", "0.11.0", "2.8", "3.7", catalog::newest()]
            .into_iter()
            .filter_map(|v| catalog::select_version(v).ok().map(|s| s.catalog))
            .collect();
    let roles: Vec<Option<Role>> = std::iter::once(None)
        .chain(Role::ALL.into_iter().map(Some))
        .collect();
    let seed = env_number("ROBUSTNESS_SEED").unwrap_or(0x9E37_79B9_7F4A_7C15);
    let cases = env_number("ROBUSTNESS_CASES").unwrap_or(1500);
    // xorshift never leaves zero.
    let mut rng = Rng(seed.max(1));
    let mut diagnostics_seen = 0;
    for case in 0..cases {
        let bytes = generate(&mut rng, &keys);
        let role = *rng.pick(&roles);
        let version = *rng.pick(&versions);
        let encoding = if rng.one_in(4) {
            Encoding::Utf8
        } else {
            Encoding::Latin1
        };
        let overrides = Overrides {
            role,
            kafka_version: catalog::select_version(version).ok(),
            encoding,
            ..Overrides::default()
        };
        let name = format!("case-{case}.properties");
        let hint = Hints {
            record_processing_ms: Some(1 + rng.next() % 2000),
        };
        let engine = Engine::new(
            EngineOptions {
                overrides,
                hints: hint,
                ..EngineOptions::default()
            },
            Carriers::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let lint = |bytes: &[u8]| {
            let linted = engine.lint(&name, bytes.to_vec(), &FileSettings::default(), None);
            assert!(
                engine.finish().is_ok(),
                "case {case}: {:?}",
                engine.finish()
            );
            (linted.report, linted.diagnostics)
        };
        let (report, diagnostics) = lint(&bytes);
        diagnostics_seen += diagnostics.len();
        assert_fixes_converge(case, &name, &bytes, encoding, &lint);

        let run = Run::new(vec![report], diagnostics);
        for format in [
            Format::Human,
            Format::Concise,
            Format::Json,
            Format::Sarif,
            Format::Github,
            Format::Gitlab,
            Format::Junit,
        ] {
            let mut out = Vec::new();
            report::write_run(
                format,
                &run,
                &report::Style::PLAIN,
                report::no_docs(),
                &mut out,
            )
            .expect("write to a Vec");
            let out = String::from_utf8_lossy(&out);
            assert!(
                !out.contains("s3cr3t-never-printed"),
                "case {case}: {format:?} shows the secret of\n{:?}\n{out}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }
    assert!(
        diagnostics_seen as u64 > cases * 3,
        "the generator should exercise the checks: {diagnostics_seen}"
    );
}
