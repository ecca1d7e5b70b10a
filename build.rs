//! Embeds every rule file under `rules/` into the binary, with the code, name and
//! roles of each read here, and each rule's body parsed here into the same
//! `RuleSpec` (src/rules/spec.rs) a user's rule file is read into at run time:
//! the binary holds Rust that rebuilds it, so that no run parses built-in TOML.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

// The hash of the name tables, shared with the crate (which also probes them).
#[path = "src/catalog/name_hash.rs"]
#[allow(dead_code)]
mod name_hash;

// The rule file format, shared with the crate: what a built-in rule is parsed into here.
#[path = "src/rules/spec.rs"]
#[allow(dead_code)]
mod spec;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
}

fn field<'a>(table: &'a toml::Table, key: &str, path: &Path) -> &'a toml::Value {
    table
        .get(key)
        .unwrap_or_else(|| panic!("{}: rule file without `{key}`", path.display()))
}

/// On Linux with glibc the binary is linked as a fixed-position executable:
/// the loader then has none of its ~11,700 relocations to apply at each start,
/// which is about a tenth of a small file's run (kafkalint starts once per
/// pre-commit run). Only the binary, not the tests; other targets keep their defaults.
fn link_for_start_up() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

fn main() {
    link_for_start_up();
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&root.join("rules"), &mut files);
    files.sort();
    let mut specs: Vec<String> = Vec::new();
    // (code, name, entry): the entries in code order, the order of a run's rules.
    let mut entries: Vec<(String, String, String)> = Vec::new();
    for file in &files {
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // A built-in rule that does not parse is a build error, with the parser's message.
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let rule_code = field(&table, "code", file).as_str().unwrap_or_default();
        let name = field(&table, "name", file).as_str().unwrap_or_default();
        let roles: Vec<&str> = field(&table, "roles", file)
            .as_array()
            .map(|a| a.iter().filter_map(|r| r.as_str()).collect())
            .unwrap_or_default();
        // One rule, one file, named after the rule: `rules/<area>/<name>.toml`.
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert_eq!(
            stem,
            name,
            "{}: a rule file is named after its rule",
            file.display()
        );
        let relative = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        // What evaluation needs: the file up to its documentation (same line numbers).
        let body = text
            .find("\n[doc]")
            .map_or(text.as_str(), |end| &text[..end + 1]);
        let spec: spec::RuleSpec =
            toml::from_str(body).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let entry = format!(
            "    BuiltinRule {{ path: {relative:?}, code: {rule_code:?}, name: {name:?}, roles: &{roles:?}, text: include_str!({:?}), body: {body:?}, spec: builtin_spec_{} }},\n",
            file.to_string_lossy(),
            specs.len()
        );
        entries.push((rule_code.to_string(), name.to_string(), entry));
        specs.push(format!(
            "fn builtin_spec_{}() -> RuleSpec {{\n    {}\n}}\n",
            specs.len(),
            emit::rule(&spec)
        ));
    }
    entries.sort();
    let (mut codes, mut names) = (BTreeSet::new(), BTreeSet::new());
    for (code, name, _) in &entries {
        // What a run checks of the user's rules; the built-in ones are checked here.
        assert!(
            codes.insert(code) && names.insert(name),
            "rules/: the code {code} or the name {name} is used twice"
        );
    }
    let mut code = format!(
        "pub(super) static BUILTIN_RULES: [BuiltinRule; {}] = [\n",
        entries.len()
    );
    code.extend(entries.iter().map(|(_, _, entry)| entry.as_str()));
    code.push_str("];\n");
    write_out("builtin_rules.rs", &(specs.concat() + &code));
    key_names(&root.join("src/catalog/data"));
    catalog_index(&root.join("src/catalog/data"));
    kafka_classes(&root.join("src/checks/kafka_classes.tsv"));
    fills(&root.join("src/model/fills.toml"));
    toml_as_json(&root.join("src/checks/key_facts.toml"), "key_facts.json");
}

/// A data file written in TOML, embedded as JSON: the same serde types read it
/// (no spans: JSON has none), in a tenth of the time TOML parsing takes.
fn toml_as_json(path: &Path, name: &str) {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json = serde_json::to_string(&table).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    write_out(name, &json);
}

/// What Kafka fills in before validating (`src/model/fills.toml`), as a static
/// table: parsing TOML at every start would cost more than linting a small file.
fn fills(path: &Path) {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let empty = Vec::new();
    let fills = table
        .get("fill")
        .and_then(|f| f.as_array())
        .unwrap_or(&empty);
    let mut code = String::from("&[\n");
    for fill in fills {
        let text_of = |key: &str| fill.get(key).and_then(|v| v.as_str()).map(str::to_string);
        let required = |key: &str| {
            text_of(key).unwrap_or_else(|| panic!("{}: a fill without `{key}`", path.display()))
        };
        let source = required("source");
        assert!(
            source.contains('@'),
            "{}: the fill of `{}` names no file@tag",
            path.display(),
            required("key")
        );
        let kinds = ["from", "value", "template"];
        assert!(
            kinds.iter().filter(|k| text_of(k).is_some()).count() == 1,
            "{}: the fill of `{}` needs one of `from`, `value` and `template`",
            path.display(),
            required("key")
        );
        let when_set: Vec<String> = fill
            .get("when_set")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|k| k.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            text_of("template").is_none() || !when_set.is_empty(),
            "{}: the template fill of `{}` needs `when_set`",
            path.display(),
            required("key")
        );
        let _ = writeln!(
            code,
            "    Fill {{ role: {:?}, key: {:?}, from: {:?}, from_default: {:?}, scale: {:?}, value: {:?}, template: {:?}, when_set: &{:?}, when: {:?}, since: {:?}, before: {:?} }},",
            required("role"),
            required("key"),
            text_of("from"),
            fill.get("from_default")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            fill.get("scale").and_then(|v| v.as_integer()).unwrap_or(1),
            text_of("value"),
            text_of("template"),
            when_set,
            text_of("when"),
            required("since"),
            text_of("before"),
        );
    }
    code.push(']');
    write_out("fills.rs", &code);
}

/// Kafka's classes with the release lines that hold them
/// (src/checks/kafka_classes.tsv), sorted by name (a package's classes are
/// together) and by name in a hash table: a run that names one class does
/// not parse the whole table.
fn kafka_classes(path: &Path) {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut classes: Vec<[&str; 3]> = text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields[..] {
                [class, first, last] => [class, first, last],
                _ => panic!("{}: malformed line {line:?}", path.display()),
            }
        })
        .collect();
    classes.sort();
    classes.dedup_by(|a, b| a[0] == b[0]);
    let mut code = String::from(
        "/// (class, first release line, last one or \"\"), sorted by class (generated by build.rs).\n\
         static CLASSES: &[(&str, &str, &str)] = &[\n",
    );
    for [class, first, last] in &classes {
        let _ = writeln!(code, "    ({class:?}, {first:?}, {last:?}),");
    }
    code.push_str("];\n");
    let _ = writeln!(
        code,
        "/// `CLASSES` by name (see `catalog::name_hash::probe`).\n\
         static CLASS_SLOTS: &[u32] = &[{}];",
        name_slots(classes.iter().map(|[class, _, _]| *class)).join(",")
    );
    write_out("kafka_classes.rs", &code);
}

fn write_out(name: &str, code: &str) {
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join(name);
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}

/// Every key name of every catalog table, and those typed PASSWORD in any version
/// and role: what decides whether a value is a secret before its role is known.
fn key_names(dir: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut tables = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "tsv") {
            tables.push(path);
        }
    }
    let (mut known, mut passwords) = (BTreeSet::new(), BTreeSet::new());
    for table in tables {
        let text =
            std::fs::read_to_string(&table).unwrap_or_else(|e| panic!("{}: {e}", table.display()));
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut columns = line.split('\t').skip(1);
            let (Some(name), Some(ty)) = (columns.next(), columns.next()) else {
                continue;
            };
            known.insert(name.to_string());
            if ty == "password" {
                passwords.insert(name.to_string());
            }
        }
    }
    let list = |set: &BTreeSet<String>| {
        let items: Vec<String> = set.iter().map(|n| format!("{n:?}")).collect();
        items.join(", ")
    };
    let is_password: Vec<String> = known
        .iter()
        .map(|name| passwords.contains(name).to_string())
        .collect();
    write_out(
        "key_names.rs",
        &format!(
            "pub static KNOWN_KEYS: &[&str] = &[{}];\n\
             /// Whether the key of `KNOWN_KEYS` at the same position is a password key.\n\
             pub static KNOWN_KEY_IS_PASSWORD: &[bool] = &[{}];\n\
             /// `KNOWN_KEYS` by name (see `catalog::name_hash::probe`).\n\
             pub static KNOWN_KEY_SLOTS: &[u32] = &[{}];\n\
             pub static PASSWORD_KEYS: &[&str] = &[{}];\n",
            list(&known),
            is_password.join(","),
            name_slots(known.iter().map(String::as_str)).join(","),
            list(&passwords)
        ),
    );
}

/// Rust expressions that rebuild a parsed `RuleSpec`, spans included (they
/// locate errors in the rule's file). Each struct is destructured whole, so that
/// a field added to the format fails this build until it is emitted too.
mod emit {
    use super::spec::{CaseSpec, FixSpec, RuleSpec, VersionsSpec};
    use toml::Spanned;

    fn text(s: &Spanned<String>) -> String {
        format!(
            "Spanned::new({:?}, String::from({:?}))",
            s.span(),
            s.get_ref()
        )
    }

    fn option<T>(value: &Option<T>, emit: impl Fn(&T) -> String) -> String {
        value
            .as_ref()
            .map_or_else(|| "None".to_string(), |v| format!("Some({})", emit(v)))
    }

    fn list(s: &Spanned<Vec<String>>) -> String {
        let items: Vec<String> = s
            .get_ref()
            .iter()
            .map(|i| format!("String::from({i:?})"))
            .collect();
        format!("Spanned::new({:?}, vec![{}])", s.span(), items.join(", "))
    }

    pub fn rule(spec: &RuleSpec) -> String {
        let RuleSpec {
            code,
            name,
            roles,
            versions: VersionsSpec { from, before },
            reads,
            key,
            when,
            report,
            assumed_broker,
            cases,
            doc,
        } = spec;
        assert!(doc.is_none(), "a rule body is read without its [doc]");
        let cases: Vec<String> = cases.iter().map(case).collect();
        format!(
            "RuleSpec {{ code: {}, name: {}, roles: {}, versions: VersionsSpec {{ from: {}, before: {} }}, reads: {}, key: {}, when: {}, report: {}, assumed_broker: {}, cases: vec![{}], doc: None }}",
            text(code),
            text(name),
            list(roles),
            option(from, text),
            option(before, text),
            list(reads),
            option(key, text),
            option(when, text),
            option(report, text),
            option(assumed_broker, text),
            cases.join(", ")
        )
    }

    fn case(case: &CaseSpec) -> String {
        let CaseSpec {
            severity,
            key,
            condition,
            message,
            help,
            fix,
            refuses,
        } = case;
        format!(
            "CaseSpec {{ severity: {}, key: {}, condition: {}, message: {}, help: {}, fix: {}, refuses: {} }}",
            text(severity),
            option(key, text),
            text(condition),
            text(message),
            option(help, text),
            option(fix, self::fix),
            option(refuses, |r| format!(
                "Spanned::new({:?}, {})",
                r.span(),
                r.get_ref()
            )),
        )
    }

    fn fix(fix: &FixSpec) -> String {
        let FixSpec {
            key,
            when,
            value,
            remove,
            applicability,
            message,
        } = fix;
        format!(
            "FixSpec {{ key: {}, when: {}, value: {}, remove: {remove}, applicability: {}, message: {} }}",
            option(key, text),
            option(when, text),
            option(value, text),
            text(applicability),
            text(message),
        )
    }
}

/// The roles of the catalog, in `Role::ALL` order (src/catalog/mod.rs).
const ROLES: [&str; 7] = [
    "producer", "consumer", "admin", "broker", "topic", "streams", "connect",
];

/// The table of `names` by name (`catalog::name_hash::table`), as Rust numbers.
fn name_slots<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> Vec<String> {
    let slots = name_hash::table(names).unwrap_or_else(|| panic!("too many names for a table"));
    slots.iter().map(u32::to_string).collect()
}

/// For each release table (`data/<release>.tsv`) and role, where each key's
/// line starts and how long its name is, in the table's order (the first line
/// of a key wins, as when the run decodes a table), and a table of its names:
/// a run looks names up in it and decodes only the keys it looks up, instead
/// of a whole role (a client file read a few broker defaults and decoded all
/// 300 broker keys).
fn catalog_index(dir: &Path) {
    let mut tables = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "tsv") && !path.ends_with("history.tsv") {
            tables.push(path);
        }
    }
    tables.sort();
    let mut code = String::from(
        "/// The index of the release table of `version` (generated by build.rs).\n\
         pub(super) fn role_index(version: &str) -> Option<&'static [RoleIndex; 7]> {\n    Some(match version {\n",
    );
    for table in tables {
        let text =
            std::fs::read_to_string(&table).unwrap_or_else(|e| panic!("{}: {e}", table.display()));
        let version = table
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let mut roles: [Vec<(&str, u32)>; ROLES.len()] = Default::default();
        let mut start = 0usize;
        for line in text.split('\n') {
            let at =
                u32::try_from(start).unwrap_or_else(|_| panic!("{}: too large", table.display()));
            start += line.len() + 1;
            let mut fields = line.split('\t');
            let (Some(role), Some(name)) = (fields.next(), fields.next()) else {
                continue;
            };
            if let Some(r) = ROLES.iter().position(|r| *r == role)
                && !roles[r].iter().any(|(n, _)| *n == name)
            {
                roles[r].push((name, at));
            }
        }
        let _ = writeln!(code, "        {version:?} => &[");
        for (role, keys) in ROLES.iter().zip(&roles) {
            let lines: Vec<String> = keys.iter().map(|(_, at)| at.to_string()).collect();
            let name_lens: Vec<String> = keys
                .iter()
                .map(|(name, _)| {
                    u8::try_from(name.len())
                        .unwrap_or_else(|_| panic!("{}: {name}: too long", table.display()))
                        .to_string()
                })
                .collect();
            let _ = writeln!(
                code,
                "            RoleIndex {{ name_offset: {}, lines: &[{}], name_lens: &[{}], slots: &[{}] }},",
                role.len() + 1,
                lines.join(","),
                name_lens.join(","),
                name_slots(keys.iter().map(|(name, _)| *name)).join(",")
            );
        }
        code.push_str("        ],\n");
    }
    code.push_str("        _ => return None,\n    })\n}\n");
    write_out("catalog_index.rs", &code);
}
