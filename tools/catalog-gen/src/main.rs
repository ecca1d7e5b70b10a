//! catalog-gen: turns the extracted Kafka configuration catalog (JSON, one file
//! per Kafka release, see `<input>/README.md`) into the compact tables that
//! kafkalint embeds (`src/catalog/data/*.tsv` plus a generated `mod.rs`).
//!
//! Usage: `cargo run -p catalog-gen -- ../shared/kafka-catalog src/catalog/data tools/catalog-gen/configdef`
//!
//! The optional third folder holds more `<version>.json` files in the same
//! shape, dumped from Kafka's own ConfigDefs by `tests/kafka/dump-catalog.sh`
//! (releases newer than the documentation snapshot in the first folder). A
//! version there is added to the catalog, or replaces the first folder's file
//! of the same version; its key counts are its own (counts.json does not know
//! it) and the history cross-check against index.json covers only the
//! versions index.json lists.
//!
//! The producer, consumer, admin, broker, topic, streams and connect (worker)
//! roles are kept. The
//! source data is normalised on the way (human-readable default suffixes,
//! build-machine TLS defaults, hand-written 0.9.0/0.10.0 topic tables, a role
//! missing from one release, unparseable validator text); every class of
//! normalisation is reported on stderr with a count and an example.
//!
//! Output format of `<version>.tsv` (tab-separated, one line per key, in the
//! documented order, grouped by role):
//!
//! `role  name  type  default  validator  importance  flags  server_default_property  update_mode`
//!
//! * `flags`: any of `r` (required: no default, must be set), `n` (default is
//!   null) and `d` (deprecated). With `r` or `n` the default column is empty;
//!   without them an empty default column means "the empty string/list".
//! * `validator`: empty (anything), `r:MIN:MAX:OR` (numeric range, parts may be
//!   empty), `e:a,b` (enum, case-sensitive), `ei:A,B` (enum, case-insensitive;
//!   in both, an item starting with `~` is a prefix pattern followed by an
//!   ISO-8601 duration, e.g. `~by_duration:`), `v:0.8.0,...,3.7-IV4` (Kafka
//!   protocol/message-format version list), `nn` (non-null string), `ne`
//!   (non-empty string), `nl` (non-empty list), `m:N` (list of at most N
//!   elements) and `t:<text>` (prose, display only).
//! * Escaping: inside a field `\\` is a backslash, `\t` a tab, `\n` a newline
//!   and `\r` a carriage return. Lines starting with `#` are comments.
//!
//! `history.tsv`: `role  name  first  last  removed_in  missing_in` where `last`
//! and `removed_in` are empty while the key is still present in the newest
//! release, and `missing_in` lists (comma-separated) releases between `first`
//! and `last` whose docs lack the key.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The roles kafkalint knows about, in output order. `connect` is the Connect
/// worker as Kafka documents it (DistributedConfig, the connect_config table).
const ROLES: [&str; 7] = [
    "producer", "consumer", "admin", "broker", "topic", "streams", "connect",
];

/// The command that regenerates the data; written into every generated file.
const COMMAND: &str = "cargo run -p catalog-gen -- ../shared/kafka-catalog src/catalog/data tools/catalog-gen/configdef";

// ---------------------------------------------------------------------------
// Input model
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
struct VersionFile {
    version: String,
    roles: BTreeMap<String, Vec<RawKey>>,
}

#[derive(Deserialize, Clone, Debug)]
struct RawKey {
    name: String,
    #[serde(rename = "type")]
    ty: Option<String>,
    default: Option<String>,
    valid_values: Option<String>,
    importance: Option<String>,
    #[serde(default)]
    update_mode: Option<String>,
    #[serde(default)]
    server_default_property: Option<String>,
    #[serde(default)]
    deprecated: bool,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    handwritten: bool,
}

#[derive(Deserialize)]
struct Index {
    versions: Vec<String>,
    roles: BTreeMap<String, IndexRole>,
}

#[derive(Deserialize)]
struct IndexRole {
    documented_in: Vec<String>,
    keys: BTreeMap<String, IndexKey>,
}

#[derive(Deserialize)]
struct IndexKey {
    first: String,
    last: Option<String>,
    #[serde(default)]
    removed_in: Option<String>,
    #[serde(default)]
    missing_in: Option<Vec<String>>,
}

// ---------------------------------------------------------------------------
// Normalised model
// ---------------------------------------------------------------------------

#[derive(Clone, PartialEq, Eq, Debug)]
enum Def {
    /// No default: the key must be set.
    Required,
    /// The default is null (absent).
    Null,
    /// A concrete default; "" is the empty string/list.
    Value(String),
}

#[derive(Clone, Debug)]
struct Key {
    name: String,
    ty: String,
    default: Def,
    /// Encoded validator (see the module docs).
    validator: String,
    importance: String,
    deprecated: bool,
    sdp: Option<String>,
    update_mode: Option<String>,
}

/// One release: role -> keys in documented order. A role that is absent is not in the map.
type Tables = BTreeMap<&'static str, Vec<Key>>;

/// Counts normalisations per class, with a few examples, for the stderr report.
#[derive(Default)]
struct Stats {
    classes: BTreeMap<String, (usize, Vec<String>)>,
}

impl Stats {
    fn note(&mut self, class: &str, example: impl Into<String>) {
        let entry = self.classes.entry(class.to_string()).or_default();
        entry.0 += 1;
        if entry.1.len() < 2 {
            entry.1.push(example.into());
        }
    }
}

// ---------------------------------------------------------------------------
// Default normalisation
// ---------------------------------------------------------------------------

fn is_number(s: &str) -> bool {
    let t = s.strip_prefix('-').unwrap_or(s);
    !t.is_empty()
        && t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.parse::<f64>().is_ok()
}

/// `30000 (30 seconds)` -> `30000`.
fn strip_human_suffix(s: &str) -> Option<&str> {
    let (num, rest) = s.split_once(" (")?;
    (is_number(num) && rest.ends_with(')')).then_some(num)
}

fn norm_default(raw: &RawKey, ty: &str, where_: &str, stats: &mut Stats) -> Def {
    let Some(d) = raw.default.as_deref() else {
        if raw.required {
            stats.note("required key (empty default cell) -> Required", where_);
            return Def::Required;
        }
        stats.note("null default -> Null (no default value)", where_);
        return Def::Null;
    };
    if d == "\"\"" {
        stats.note("default \"\" -> empty string", where_);
        return Def::Value(String::new());
    }
    if let Some(num) = strip_human_suffix(d) {
        stats.note(
            "default with human suffix stripped (e.g. `30000 (30 seconds)` -> `30000`)",
            format!("{where_}: {d}"),
        );
        return Def::Value(num.to_string());
    }
    let mut value = d.to_string();
    if ty == "list" && value.starts_with('[') && value.ends_with(']') {
        let inner = &value[1..value.len() - 1];
        if inner.is_empty() {
            stats.note("list default `[]` -> empty", where_);
        } else {
            stats.note("list default `[a, b]` -> `a,b`", format!("{where_}: {d}"));
        }
        value = inner
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(",");
    }
    if (ty == "list" || ty == "class") && value.split(',').any(|e| e.starts_with("class ")) {
        stats.note("default `class X` -> `X`", format!("{where_}: {d}"));
        value = value
            .split(',')
            .map(|e| e.strip_prefix("class ").unwrap_or(e))
            .collect::<Vec<_>>()
            .join(",");
    }
    Def::Value(value)
}

// ---------------------------------------------------------------------------
// Validator parsing
// ---------------------------------------------------------------------------

/// `org.apache.kafka.common.config.ConfigDef$NonNullValidator@685cb137`,
/// `kafka.api.ApiVersionValidator$@4eb7f003`: a Java object's `toString`.
fn is_java_object_string(s: &str) -> bool {
    let Some((class, hash)) = s.rsplit_once('@') else {
        return false;
    };
    !hash.is_empty()
        && hash.chars().all(|c| c.is_ascii_hexdigit())
        && !class.is_empty()
        && class
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '$' || c == '_')
}

/// `[0,...]`, `[1,...,9] or -1`, `[0.5,...,1.0]` -> `r:MIN:MAX:OR`.
fn parse_range(s: &str) -> Option<String> {
    let (body, or_value) = match s.split_once("] or ") {
        Some((b, o)) => (format!("{b}]"), Some(o.trim())),
        None => (s.to_string(), None),
    };
    let inner = body.strip_prefix('[')?.strip_suffix(']')?;
    let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
    let (min, max) = match parts.as_slice() {
        [min, "..."] => (*min, ""),
        [min, "...", max] => (*min, *max),
        ["...", max] => ("", *max),
        _ => return None,
    };
    let ok = |x: &str| x.is_empty() || is_number(x);
    if !ok(min) || !ok(max) || (min.is_empty() && max.is_empty()) {
        return None;
    }
    if let Some(o) = or_value
        && !is_number(o)
    {
        return None;
    }
    Some(format!("r:{min}:{max}:{}", or_value.unwrap_or("")))
}

/// `0.8.0`, `0.10.0-IV1`, `3.7-IV4`: a Kafka protocol / message format version.
fn is_protocol_version(s: &str) -> bool {
    let (base, iv) = match s.split_once("-IV") {
        Some((b, iv)) => (b, Some(iv)),
        None => (s, None),
    };
    let segs: Vec<&str> = base.split('.').collect();
    (2..=3).contains(&segs.len())
        && segs
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && iv.is_none_or(|iv| !iv.is_empty() && iv.chars().all(|c| c.is_ascii_digit()))
}

/// The ISO-8601 duration placeholder in `by_duration:PnDTnHnMn.nS`.
const ISO_DURATION_TEMPLATE: &str = "PnDTnHnMn.nS";

fn parse_enum_items(inner: &str, where_: &str, stats: &mut Stats) -> Option<Vec<String>> {
    let mut items = Vec::new();
    for item in inner.split(',').map(str::trim) {
        if item.is_empty() || item.contains(['[', ']', '\t', '\n']) || item.contains(' ') {
            return None;
        }
        if let Some(prefix) = item.strip_suffix(ISO_DURATION_TEMPLATE)
            && prefix.ends_with(':')
        {
            stats.note(
                    "enum item `by_duration:PnDTnHnMn.nS` -> prefix pattern `by_duration:` + ISO-8601 duration",
                    where_,
                );
            items.push(format!("~{prefix}"));
            continue;
        }
        if item.starts_with('~') {
            return None;
        }
        items.push(item.to_string());
    }
    Some(items)
}

/// Parses a `valid_values` cell into the compact validator encoding.
fn parse_validator(raw: Option<&str>, where_: &str, stats: &mut Stats) -> String {
    let Some(s) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return String::new();
    };
    if is_java_object_string(s) {
        if s.contains("NonNullValidator") {
            stats.note(
                "validator is a Java toString (`ConfigDef$NonNullValidator@…`) -> non-null string",
                format!("{where_}: {s}"),
            );
            return "nn".into();
        }
        stats.note(
            "validator is a Java toString (`…Validator$@…`) -> no validator",
            format!("{where_}: {s}"),
        );
        return String::new();
    }
    match s {
        "non-null string" => return "nn".into(),
        "non-empty string" => return "ne".into(),
        "non-empty list" => return "nl".into(),
        _ => {}
    }
    if let Some(n) = s
        .strip_prefix("List containing maximum of ")
        .and_then(|r| r.strip_suffix(" elements"))
        .and_then(|n| n.parse::<usize>().ok())
    {
        return format!("m:{n}");
    }
    if let Some(r) = parse_range(s) {
        return r;
    }
    let (case_insensitive, list) = match s.strip_prefix("(case insensitive) ") {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    if let Some(inner) = list.strip_prefix('[').and_then(|r| r.strip_suffix(']'))
        && let Some(items) = parse_enum_items(inner, where_, stats)
    {
        let versions =
            items.iter().all(|i| is_protocol_version(i)) && items.iter().any(|i| i.contains("-IV"));
        if versions && !case_insensitive {
            return format!("v:{}", items.join(","));
        }
        let tag = if case_insensitive { "ei" } else { "e" };
        return format!("{tag}:{}", items.join(","));
    }
    stats.note(
        "validator prose kept for display only (no checking)",
        format!("{where_}: {s}"),
    );
    format!("t:{s}")
}

// ---------------------------------------------------------------------------
// Key normalisation
// ---------------------------------------------------------------------------

const TYPES: [&str; 9] = [
    "boolean", "string", "int", "short", "long", "double", "list", "class", "password",
];
const IMPORTANCES: [&str; 3] = ["high", "medium", "low"];
const UPDATE_MODES: [&str; 3] = ["read-only", "per-broker", "cluster-wide"];

fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty()
        || name
            .chars()
            .any(|c| c.is_whitespace() || c == '\\' || c.is_control())
    {
        return Err(format!("unexpected key name {name:?}"));
    }
    Ok(())
}

fn normalise_key(raw: &RawKey, where_: &str, stats: &mut Stats) -> Result<Key, String> {
    check_name(&raw.name)?;
    let ty = raw.ty.clone().ok_or_else(|| format!("{where_}: no type"))?;
    if !TYPES.contains(&ty.as_str()) {
        return Err(format!("{where_}: unknown type {ty}"));
    }
    let importance = raw
        .importance
        .clone()
        .ok_or_else(|| format!("{where_}: no importance"))?;
    if !IMPORTANCES.contains(&importance.as_str()) {
        return Err(format!("{where_}: unknown importance {importance}"));
    }
    if let Some(m) = &raw.update_mode
        && !UPDATE_MODES.contains(&m.as_str())
    {
        return Err(format!("{where_}: unknown update mode {m}"));
    }
    Ok(Key {
        name: raw.name.clone(),
        default: norm_default(raw, &ty, where_, stats),
        ty,
        validator: parse_validator(raw.valid_values.as_deref(), where_, stats),
        importance,
        deprecated: raw.deprecated,
        sdp: raw.server_default_property.clone(),
        update_mode: raw.update_mode.clone(),
    })
}

/// Converts a hand-written prose default (`7 days`, `1 GB`, `1,000,000`) to a
/// number in the key's unit (`.ms` keys: milliseconds; `.bytes` keys: bytes,
/// binary multiples as Kafka uses them). `None` when the unit is not clear.
fn prose_to_number(name: &str, prose: &str) -> Option<String> {
    let p = prose.trim();
    if let Some(num) = strip_human_suffix(p) {
        return Some(num.to_string());
    }
    let no_commas = p.replace(',', "");
    if p.contains(',')
        && p.split(',').skip(1).all(|g| g.len() == 3)
        && no_commas.chars().all(|c| c.is_ascii_digit())
    {
        return Some(no_commas);
    }
    if is_number(p) {
        return Some(p.to_string());
    }
    let (n, unit) = p.split_once(' ')?;
    let n: u64 = n.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let factor: u64 = if name.ends_with(".ms") {
        match unit.as_str() {
            "ms" | "millisecond" | "milliseconds" => 1,
            "s" | "second" | "seconds" => 1_000,
            "min" | "minute" | "minutes" => 60_000,
            "h" | "hour" | "hours" => 3_600_000,
            "day" | "days" => 86_400_000,
            "week" | "weeks" => 7 * 86_400_000,
            _ => return None,
        }
    } else if name.ends_with(".bytes") {
        match unit.as_str() {
            "b" | "bytes" => 1,
            "kb" | "kib" => 1 << 10,
            "mb" | "mib" => 1 << 20,
            "gb" | "gib" => 1 << 30,
            _ => return None,
        }
    } else {
        return None;
    };
    n.checked_mul(factor).map(|v| v.to_string())
}

/// The same-release broker default for a topic key's server default property,
/// converted to the topic key's unit (`log.roll.hours` -> ms), if numeric.
fn broker_default_in_topic_unit(topic_name: &str, broker: &Key) -> Option<String> {
    let Def::Value(v) = &broker.default else {
        return None;
    };
    let n: f64 = v.parse().ok()?;
    let factor = if topic_name.ends_with(".ms") {
        if broker.name.ends_with(".hours") {
            3_600_000.0
        } else if broker.name.ends_with(".minutes") {
            60_000.0
        } else if broker.name.ends_with(".ms") {
            1.0
        } else {
            return None;
        }
    } else {
        1.0
    };
    let x = n * factor;
    Some(if x.fract() == 0.0 && x.abs() < 9.0e15 {
        format!("{}", x as i64)
    } else {
        v.clone()
    })
}

/// Builds a key of a hand-written (0.9.0/0.10.0) topic table from the prose on
/// the page, the nearest generated table with that key (`neighbour`) and the
/// same release's broker table.
fn fix_handwritten(
    raw: &RawKey,
    where_: &str,
    neighbour: &Key,
    neighbour_version: &str,
    broker: &[Key],
    stats: &mut Stats,
) -> Result<Key, String> {
    check_name(&raw.name)?;
    stats.note(
        &format!("hand-written topic table: type, validator and importance taken from the nearest generated table ({neighbour_version})"),
        where_,
    );
    let prose = raw.default.clone().unwrap_or_default();
    let numeric = matches!(neighbour.ty.as_str(), "int" | "long" | "short" | "double");
    let mut default = if numeric {
        match prose_to_number(&raw.name, &prose) {
            Some(n) => {
                if n != prose {
                    stats.note(
                        "hand-written prose default converted to a number in the key's unit",
                        format!("{where_}: {prose:?} -> {n}"),
                    );
                }
                Def::Value(n)
            }
            None => {
                stats.note(
                    &format!("hand-written prose default without a clear value -> default of {neighbour_version}"),
                    format!("{where_}: {prose:?} -> {:?}", neighbour.default),
                );
                neighbour.default.clone()
            }
        }
    } else if prose.is_empty() || prose == "None" {
        stats.note(
            &format!(
                "hand-written prose default without a clear value -> default of {neighbour_version}"
            ),
            format!("{where_}: {prose:?} -> {:?}", neighbour.default),
        );
        neighbour.default.clone()
    } else {
        Def::Value(prose.clone())
    };
    let broker_key = |name: &str| broker.iter().find(|k| k.name == name);
    let mut sdp = raw.server_default_property.clone();
    if let Some(p) = &sdp
        && broker_key(p).is_none()
    {
        let replacement = neighbour.sdp.clone().filter(|n| broker_key(n).is_some());
        stats.note(
                "hand-written server default property is not a broker key of that release -> neighbour's",
                format!("{where_}: {p} -> {replacement:?}"),
            );
        sdp = replacement;
    }
    // Cross-check numeric defaults against the broker key that supplies them.
    if let (Def::Value(v), Some(b)) = (&default, sdp.as_deref().and_then(broker_key))
        && let Some(bv) = broker_default_in_topic_unit(&raw.name, b)
    {
        let same = match (v.parse::<f64>(), bv.parse::<f64>()) {
            (Ok(a), Ok(c)) => a == c,
            _ => *v == bv,
        };
        if numeric && !same {
            stats.note(
                    "hand-written default disagrees with the same release's broker default it comes from -> broker's value",
                    format!("{where_}: {v} -> {bv} ({})", b.name),
                );
            default = Def::Value(bv);
        }
    }
    Ok(Key {
        name: raw.name.clone(),
        ty: neighbour.ty.clone(),
        default,
        validator: neighbour.validator.clone(),
        importance: neighbour.importance.clone(),
        deprecated: raw.deprecated,
        sdp,
        update_mode: None,
    })
}

// ---------------------------------------------------------------------------
// Keys and validators taken from Kafka's source
// ---------------------------------------------------------------------------

/// `topic-keys-from-source.json`: keys a role's ConfigDef defines at a tag but
/// a hand-written documentation table leaves out, with the source they come from.
#[derive(Deserialize)]
struct SourceKeys {
    versions: BTreeMap<String, SourceKeysOfVersion>,
}

#[derive(Deserialize)]
struct SourceKeysOfVersion {
    source: String,
    #[serde(flatten)]
    roles: BTreeMap<String, Vec<RawKey>>,
}

/// Adds the keys the source defines and the docs of `version` lack; returns
/// how many keys each role gained (for the key-count check).
fn add_source_keys(
    version: &str,
    tables: &mut Tables,
    source: &SourceKeys,
    stats: &mut Stats,
) -> Result<BTreeMap<&'static str, usize>, String> {
    let mut added = BTreeMap::new();
    let Some(entry) = source.versions.get(version) else {
        return Ok(added);
    };
    for role in ROLES {
        let Some(raws) = entry.roles.get(role) else {
            continue;
        };
        let keys = tables.entry(role).or_default();
        for raw in raws {
            let where_ = format!("{version} {role} {}", raw.name);
            if keys.iter().any(|k| k.name == raw.name) {
                return Err(format!(
                    "{where_}: already documented; drop it from topic-keys-from-source.json"
                ));
            }
            keys.push(normalise_key(raw, &where_, stats)?);
            stats.note(
                "key the docs leave out, added from Kafka's source (topic-keys-from-source.json)",
                format!("{where_} ({})", entry.source),
            );
            *added.entry(role).or_insert(0) += 1;
        }
    }
    Ok(added)
}

/// One line of `validators.tsv`: the valid values Kafka's code enforces for a
/// key over a range of releases, where the docs list none or the wrong ones.
struct ValidatorFact {
    role: String,
    name: String,
    first: String,
    last: String,
    /// A type that replaces the table's (the docs' type is wrong), if any.
    ty: Option<String>,
    validator: String,
    source: String,
}

/// Parses `validators.tsv` (`role key first last type validator source`, `#` comments).
fn parse_validator_facts(text: &str) -> Result<Vec<ValidatorFact>, String> {
    let mut facts = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [role, name, first, last, ty, validator, source] = fields.as_slice() else {
            return Err(format!(
                "validators.tsv:{}: expected 7 tab-separated fields",
                n + 1
            ));
        };
        // Enumerations, and the protocol version lists of releases whose ConfigDef prints none.
        let listed = ["e:", "ei:", "v:"].iter().any(|p| validator.starts_with(p));
        if !ROLES.contains(role) || !listed || !(*ty == "-" || TYPES.contains(ty)) {
            return Err(format!(
                "validators.tsv:{}: bad role, type or validator",
                n + 1
            ));
        }
        facts.push(ValidatorFact {
            role: role.to_string(),
            name: name.to_string(),
            first: first.to_string(),
            last: last.to_string(),
            ty: (*ty != "-").then(|| ty.to_string()),
            validator: validator.to_string(),
            source: source.to_string(),
        });
    }
    Ok(facts)
}

/// Sets the validator of every key a fact covers in `version`. A fact that
/// names a key the release does not have is an error: the data is stale.
fn apply_validator_facts(
    version: &str,
    tables: &mut Tables,
    facts: &[ValidatorFact],
    stats: &mut Stats,
) -> Result<(), String> {
    let v = version_key(version);
    for f in facts
        .iter()
        .filter(|f| version_key(&f.first) <= v && v <= version_key(&f.last))
    {
        let key = tables
            .get_mut(f.role.as_str())
            .and_then(|keys| keys.iter_mut().find(|k| k.name == f.name))
            .ok_or_else(|| {
                format!(
                    "validators.tsv: {} {} is not a key of {version}",
                    f.role, f.name
                )
            })?;
        if key.validator != f.validator {
            stats.note(
                "valid values from Kafka's code (validators.tsv) replace the documented ones",
                format!(
                    "{version} {} {}: {:?} -> {} ({})",
                    f.role, f.name, key.validator, f.validator, f.source
                ),
            );
            key.validator = f.validator.clone();
        }
        if let Some(ty) = f.ty.as_ref().filter(|ty| **ty != key.ty) {
            stats.note(
                "type from Kafka's code (validators.tsv) replaces the documented one",
                format!(
                    "{version} {} {}: {} -> {ty} ({})",
                    f.role, f.name, key.ty, f.source
                ),
            );
            key.ty = ty.clone();
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// TLS build-environment defaults
// ---------------------------------------------------------------------------

/// `ssl.protocol` / `ssl.enabled.protocols`, Kafka 2.6 – 3.9.
///
/// Since 2.6 (KIP-573, "Enable TLSv1.3 by default") `SslConfigs` computes the
/// defaults at class-load time: TLSv1.3 / `TLSv1.2,TLSv1.3` on Java 11+,
/// TLSv1.2 / `TLSv1.2` on Java 8. The generated docs therefore show whatever
/// JVM built them, which flips between releases (3.1 TLSv1.3, 3.2 TLSv1.2,
/// 3.3 TLSv1.3, 3.4 TLSv1.2, 3.5–3.8 TLSv1.3, 3.9 TLSv1.2; 2.6–3.0 were built
/// on Java 8). We use the Java 11+ value throughout 2.6–3.9: it is what any
/// supported deployment runs (Java 8 was deprecated in 3.0 and dropped in
/// 4.0), and 4.0 made exactly these values the fixed defaults. 2.5 is not
/// touched: there the default was a fixed TLSv1.2 (KIP-553). The ZooKeeper
/// client key `zookeeper.ssl.protocol` is a fixed TLSv1.2 and is not touched.
fn fix_tls(version: &str, versions: &[String], tables: &mut Tables, stats: &mut Stats) {
    let pos = |v: &str| versions.iter().position(|x| x == v);
    let (Some(i), Some(lo), Some(hi)) = (pos(version), pos("2.6"), pos("3.9")) else {
        return;
    };
    if i < lo || i > hi {
        return;
    }
    for (role, keys) in tables.iter_mut() {
        for k in keys.iter_mut() {
            let want = match k.name.as_str() {
                "ssl.protocol" => "TLSv1.3",
                "ssl.enabled.protocols" => "TLSv1.2,TLSv1.3",
                _ => continue,
            };
            if k.default != Def::Value(want.into()) {
                stats.note(
                    "build-machine TLS default (2.6–3.9) -> Java 11+ value (ssl.protocol=TLSv1.3, ssl.enabled.protocols=TLSv1.2,TLSv1.3)",
                    format!("{version} {role} {}: {:?} -> {want}", k.name, k.default),
                );
                k.default = Def::Value(want.into());
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Synthesising a role missing from one release
// ---------------------------------------------------------------------------

/// Builds `role` for release `all[at]` from the neighbouring releases that
/// have it (`prev`, `next`) and from that release's producer/consumer tables
/// (the client keys they share).
///
/// Which keys: a key in both neighbours is kept; a key in only one neighbour
/// is kept if this release's producer or consumer has it (a common client
/// key that was added or removed in this release), else left out.
///
/// Which facts, field by field (type, default, validator, ...): if the
/// neighbours agree, their value. If they differ: the newer neighbour's value
/// when this release's producer/consumer already has it (a change to all
/// clients made in this release); the older neighbour's value when the peers
/// have it here and the newer value in the next release (a change to all
/// clients made in the next release); else the newer neighbour's value. A
/// key in one neighbour only takes that neighbour's facts unless the peers
/// show a change for all clients between the two releases. Role-specific
/// defaults (e.g. admin `retries`, `bootstrap.servers` = "") are therefore
/// never overwritten by producer/consumer values.
fn synthesise_role(
    role: &'static str,
    all: &[(String, Tables)],
    at: usize,
    prev: usize,
    next: usize,
    stats: &mut Stats,
) -> Vec<Key> {
    let (version, now) = (&all[at].0, &all[at].1);
    let find = |t: &Tables, r: &str, name: &str| -> Option<Key> {
        t.get(r)?.iter().find(|k| k.name == name).cloned()
    };
    let peers = |t: &Tables, name: &str| -> Vec<Key> {
        ["consumer", "producer"]
            .iter()
            .filter_map(|r| find(t, r, name))
            .collect()
    };
    let prev_keys = &all[prev].1[role];
    let next_keys = &all[next].1[role];
    let prev_names: HashSet<&str> = prev_keys.iter().map(|k| k.name.as_str()).collect();
    let next_names: HashSet<&str> = next_keys.iter().map(|k| k.name.as_str()).collect();

    // Field-wise choice. `a`: the role's value in the older neighbour, `b`: in
    // the newer one (either may be missing), `p_now`/`p_prev`/`p_next`: the
    // client peers (consumer/producer) in this, the older and the newer release.
    fn pick<T: PartialEq + Clone>(
        a: Option<T>,
        b: Option<T>,
        p_now: &[T],
        p_prev: &[T],
        p_next: &[T],
    ) -> (T, &'static str) {
        match (a, b) {
            (Some(a), Some(b)) if a == b => (a, "neighbours agree"),
            (Some(a), Some(b)) => {
                if p_now.contains(&b) {
                    // The peers already have the new value here: changed in this release.
                    (b, "changed in this release (peers agree)")
                } else if p_now.contains(&a) && p_next.contains(&b) {
                    // The peers changed in the next release too: a common change there.
                    (a, "changed in the next release (with peers)")
                } else {
                    (b, "neighbours differ, newer neighbour's value")
                }
            }
            (Some(a), None) => {
                if !p_now.is_empty() && !p_now.contains(&a) && p_prev.contains(&a) {
                    (p_now[0].clone(), "peers changed in this release")
                } else {
                    (a, "only neighbour")
                }
            }
            (None, Some(b)) => {
                if !p_now.is_empty() && !p_now.contains(&b) && p_next.contains(&b) {
                    (p_now[0].clone(), "peers changed in the next release")
                } else {
                    (b, "only neighbour")
                }
            }
            (None, None) => unreachable!("key must be in one neighbour"),
        }
    }

    let mut order: Vec<&str> = next_keys.iter().map(|k| k.name.as_str()).collect();
    for k in prev_keys {
        if !next_names.contains(k.name.as_str()) {
            order.push(&k.name);
        }
    }
    let mut out = Vec::new();
    for name in order {
        let in_prev = prev_names.contains(name);
        let in_next = next_names.contains(name);
        let p_now = peers(now, name);
        if !(in_prev && in_next) && p_now.is_empty() {
            stats.note(
                &format!("synthesised {role} {version}: key in only one neighbour and not a {version} producer/consumer key -> left out"),
                name,
            );
            continue;
        }
        let a = find(&all[prev].1, role, name);
        let b = find(&all[next].1, role, name);
        let p_prev = peers(&all[prev].1, name);
        let p_next = peers(&all[next].1, name);
        macro_rules! field {
            ($f:ident) => {{
                let (v, why) = pick(
                    a.as_ref().map(|k| k.$f.clone()),
                    b.as_ref().map(|k| k.$f.clone()),
                    &p_now.iter().map(|k| k.$f.clone()).collect::<Vec<_>>(),
                    &p_prev.iter().map(|k| k.$f.clone()).collect::<Vec<_>>(),
                    &p_next.iter().map(|k| k.$f.clone()).collect::<Vec<_>>(),
                );
                if why != "neighbours agree" && why != "only neighbour" {
                    stats.note(
                        &format!("synthesised {role} {version}: field chosen by rule `{why}`"),
                        format!("{name}.{} = {:?}", stringify!($f), v),
                    );
                }
                v
            }};
        }
        let key = Key {
            name: name.to_string(),
            ty: field!(ty),
            default: field!(default),
            validator: field!(validator),
            importance: field!(importance),
            deprecated: field!(deprecated),
            sdp: field!(sdp),
            update_mode: field!(update_mode),
        };
        let source = match (in_prev, in_next) {
            (true, true) => "in both neighbours",
            (false, true) => {
                "only in the newer neighbour, kept because the producer/consumer has it"
            }
            _ => "only in the older neighbour, kept because the producer/consumer has it",
        };
        stats.note(&format!("synthesised {role} {version}: key {source}"), name);
        out.push(key);
    }
    out
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn render_version(version: &str, tables: &Tables, synthesised: &[&str]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Kafka {version} configuration catalog. GENERATED by tools/catalog-gen ({COMMAND}); do not edit."
    );
    if !synthesised.is_empty() {
        let _ = writeln!(
            s,
            "# Role(s) synthesised from neighbouring releases (no docs page): {}",
            synthesised.join(", ")
        );
    }
    let _ = writeln!(
        s,
        "# role\tname\ttype\tdefault\tvalidator\timportance\tflags\tserver_default_property\tupdate_mode"
    );
    for role in ROLES {
        let Some(keys) = tables.get(role) else {
            continue;
        };
        for k in keys {
            let mut flags = String::new();
            let default = match &k.default {
                Def::Required => {
                    flags.push('r');
                    ""
                }
                Def::Null => {
                    flags.push('n');
                    ""
                }
                Def::Value(v) => v.as_str(),
            };
            if k.deprecated {
                flags.push('d');
            }
            let _ = writeln!(
                s,
                "{role}\t{}\t{}\t{}\t{}\t{}\t{flags}\t{}\t{}",
                esc(&k.name),
                k.ty,
                esc(default),
                esc(&k.validator),
                k.importance,
                esc(k.sdp.as_deref().unwrap_or("")),
                k.update_mode.as_deref().unwrap_or(""),
            );
        }
    }
    s
}

struct History {
    first: String,
    last: Option<String>,
    removed_in: Option<String>,
    missing_in: Vec<String>,
}

fn compute_history(all: &[(String, Tables)]) -> BTreeMap<(&'static str, String), History> {
    let mut out = BTreeMap::new();
    for role in ROLES {
        let with_role: Vec<(&str, HashSet<&str>)> = all
            .iter()
            .filter_map(|(v, t)| {
                t.get(role)
                    .map(|keys| (v.as_str(), keys.iter().map(|k| k.name.as_str()).collect()))
            })
            .collect();
        let names: BTreeSet<&str> = with_role
            .iter()
            .flat_map(|(_, s)| s.iter().copied())
            .collect();
        for name in names {
            let present: Vec<usize> = with_role
                .iter()
                .enumerate()
                .filter(|(_, (_, s))| s.contains(name))
                .map(|(i, _)| i)
                .collect();
            let (first, last) = (present[0], present[present.len() - 1]);
            let still = last == with_role.len() - 1;
            let missing_in = (first..=last)
                .filter(|i| !present.contains(i))
                .map(|i| with_role[i].0.to_string())
                .collect();
            out.insert(
                (role, name.to_string()),
                History {
                    first: with_role[first].0.to_string(),
                    last: (!still).then(|| with_role[last].0.to_string()),
                    removed_in: (!still).then(|| with_role[last + 1].0.to_string()),
                    missing_in,
                },
            );
        }
    }
    out
}

fn render_history(h: &BTreeMap<(&'static str, String), History>) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Per role and key: first/last release documenting it. GENERATED by tools/catalog-gen ({COMMAND}); do not edit."
    );
    let _ = writeln!(
        s,
        "# role\tname\tfirst\tlast (empty: still present)\tremoved_in\tmissing_in (releases between first and last lacking it)"
    );
    for role in ROLES {
        for ((r, name), x) in h.range((role, String::new())..) {
            if *r != role {
                break;
            }
            let _ = writeln!(
                s,
                "{role}\t{}\t{}\t{}\t{}\t{}",
                esc(name),
                x.first,
                x.last.as_deref().unwrap_or(""),
                x.removed_in.as_deref().unwrap_or(""),
                x.missing_in.join(",")
            );
        }
    }
    s
}

fn render_mod_rs(versions: &[String]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "//! Embedded Kafka configuration catalog data. GENERATED by tools/catalog-gen\n//! (`{COMMAND}`); do not edit.\n"
    );
    let _ = writeln!(
        s,
        "/// Number of catalog releases (length of [`VERSIONS`])."
    );
    let _ = writeln!(s, "pub const VERSION_COUNT: usize = {};\n", versions.len());
    let _ = writeln!(s, "/// Catalog release names, oldest first.");
    let _ = writeln!(s, "pub static VERSION_NAMES: [&str; VERSION_COUNT] = [");
    for v in versions {
        let _ = writeln!(s, "    \"{v}\",");
    }
    let _ = writeln!(s, "];\n");
    let _ = writeln!(
        s,
        "/// `(release, table)` pairs, oldest first; each table is decoded lazily by `Catalog::get`."
    );
    let _ = writeln!(s, "pub static VERSIONS: &[(&str, &str)] = &[");
    for v in versions {
        let _ = writeln!(s, "    (\"{v}\", include_str!(\"{v}.tsv\")),");
    }
    let _ = writeln!(s, "];\n");
    let _ = writeln!(
        s,
        "/// Per role and key: first, last, removed_in, missing_in."
    );
    let _ = writeln!(
        s,
        "pub static HISTORY: &str = include_str!(\"history.tsv\");"
    );
    s
}

// ---------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// `0.10.1` -> [0, 10, 1]: release lines in order.
fn version_key(v: &str) -> Vec<u32> {
    v.split('.')
        .map(|c| c.parse().unwrap_or(u32::MAX))
        .collect()
}

/// The version files of `extra` (the ConfigDef dumps), by version.
fn read_extra(extra: Option<&Path>) -> Result<BTreeMap<String, VersionFile>, String> {
    let mut files = BTreeMap::new();
    let Some(dir) = extra else {
        return Ok(files);
    };
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let file: VersionFile = read_json(&path)?;
            if path.file_stem().and_then(|s| s.to_str()) != Some(file.version.as_str()) {
                return Err(format!("{} says version {}", path.display(), file.version));
            }
            files.insert(file.version.clone(), file);
        }
    }
    Ok(files)
}

fn run(input: &Path, output: &Path, extra: Option<&Path>) -> Result<(), String> {
    let index: Index = read_json(&input.join("index.json"))?;
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> =
        read_json(&input.join("counts.json"))?;
    let mut dumped = read_extra(extra)?;
    let mut versions = index.versions.clone();
    let new: Vec<String> = dumped
        .keys()
        .filter(|v| !versions.contains(v))
        .cloned()
        .collect();
    versions.extend(new);
    versions.sort_by_key(|v| version_key(v));
    let mut stats = Stats::default();

    // 1. Read and normalise every generated table.
    let mut raws: Vec<(String, BTreeMap<String, Vec<RawKey>>)> = Vec::new();
    for v in &versions {
        let file: VersionFile = match dumped.remove(v) {
            Some(file) => {
                eprintln!("catalog-gen: {v} from the ConfigDef dump");
                let own = file.roles.iter().map(|(r, k)| (r.clone(), k.len()));
                counts.insert(v.clone(), own.collect());
                file
            }
            None => read_json(&input.join(format!("{v}.json")))?,
        };
        if &file.version != v {
            return Err(format!("{v}.json says version {}", file.version));
        }
        raws.push((v.clone(), file.roles));
    }
    let mut all: Vec<(String, Tables)> = Vec::new();
    for (v, roles) in &raws {
        let mut tables = Tables::new();
        for role in ROLES {
            let Some(raw_keys) = roles.get(role) else {
                continue;
            };
            let mut seen = HashSet::new();
            let mut keys = Vec::new();
            for raw in raw_keys {
                if !seen.insert(raw.name.clone()) {
                    return Err(format!("{v} {role}: duplicate key {}", raw.name));
                }
                if raw.handwritten {
                    continue; // second pass, needs the neighbours
                }
                keys.push(normalise_key(
                    raw,
                    &format!("{v} {role} {}", raw.name),
                    &mut stats,
                )?);
            }
            tables.insert(role, keys);
        }
        all.push((v.clone(), tables));
    }

    // 2. Hand-written topic tables (0.9.0, 0.10.0).
    for (i, (v, roles)) in raws.iter().enumerate() {
        for role in ROLES {
            let Some(raw_keys) = roles.get(role) else {
                continue;
            };
            if !raw_keys.iter().any(|k| k.handwritten) {
                continue;
            }
            let broker = all[i].1.get("broker").cloned().unwrap_or_default();
            let mut keys = Vec::new();
            for raw in raw_keys {
                let where_ = format!("{v} {role} {}", raw.name);
                if !raw.handwritten {
                    keys.push(normalise_key(raw, &where_, &mut stats)?);
                    continue;
                }
                // Nearest generated table with the key: look forward first, then back.
                let later = (i + 1..all.len()).chain((0..i).rev());
                let neighbour = later
                    .filter(|&j| {
                        !raws[j]
                            .1
                            .get(role)
                            .is_some_and(|ks| ks.iter().any(|k| k.handwritten))
                    })
                    .find_map(|j| {
                        all[j]
                            .1
                            .get(role)?
                            .iter()
                            .find(|k| k.name == raw.name)
                            .map(|k| (all[j].0.clone(), k.clone()))
                    })
                    .ok_or_else(|| format!("{where_}: no generated table has this key"))?;
                keys.push(fix_handwritten(
                    raw,
                    &where_,
                    &neighbour.1,
                    &neighbour.0,
                    &broker,
                    &mut stats,
                )?);
            }
            all[i].1.insert(role, keys);
        }
    }

    // 2b. Keys the source defines and the hand-written docs leave out, and the
    // valid values the code enforces (data beside this generator, with sources).
    let source_keys: SourceKeys =
        serde_json::from_str(include_str!("../topic-keys-from-source.json"))
            .map_err(|e| format!("topic-keys-from-source.json: {e}"))?;
    let validator_facts = parse_validator_facts(include_str!("../validators.tsv"))?;
    for (v, tables) in all.iter_mut() {
        for (role, n) in add_source_keys(v, tables, &source_keys, &mut stats)? {
            if let Some(count) = counts.get_mut(v.as_str()).and_then(|c| c.get_mut(role)) {
                *count += n;
            }
        }
    }

    // 3. Build-machine TLS defaults.
    for (v, tables) in all.iter_mut() {
        fix_tls(v, &versions, tables, &mut stats);
    }

    // 4. Roles missing from one release between releases that have them.
    let mut synthesised: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
    for role in ROLES {
        let have: Vec<usize> = (0..all.len())
            .filter(|&i| all[i].1.contains_key(role))
            .collect();
        let (Some(&lo), Some(&hi)) = (have.first(), have.last()) else {
            continue;
        };
        for at in lo..=hi {
            if all[at].1.contains_key(role) {
                continue;
            }
            let prev = (lo..at).rev().find(|&i| all[i].1.contains_key(role));
            let next = (at + 1..=hi).find(|&i| all[i].1.contains_key(role));
            let (Some(prev), Some(next)) = (prev, next) else {
                continue;
            };
            let keys = synthesise_role(role, &all, at, prev, next, &mut stats);
            eprintln!(
                "catalog-gen: role {role} is missing in {}: synthesised {} keys from {role} {} and {role} {} plus the {} producer/consumer tables",
                all[at].0,
                keys.len(),
                all[prev].0,
                all[next].0,
                all[at].0
            );
            all[at].1.insert(role, keys);
            synthesised.entry(all[at].0.clone()).or_default().push(role);
        }
    }

    // 4b. Valid values from the code, also for synthesised roles.
    for (v, tables) in all.iter_mut() {
        apply_validator_facts(v, tables, &validator_facts, &mut stats)?;
    }

    // 5. Sanity checks.
    let mut problems = Vec::new();
    for (v, tables) in &all {
        for (role, keys) in tables {
            for k in keys {
                if let Def::Value(d) = &k.default {
                    if d.contains(" (") || d.starts_with("class ") || d.starts_with('[') {
                        problems.push(format!(
                            "{v} {role} {}: default {d:?} still has page rendering",
                            k.name
                        ));
                    }
                    if matches!(k.ty.as_str(), "int" | "long" | "short" | "double") && !is_number(d)
                    {
                        problems.push(format!("{v} {role} {}: numeric default {d:?}", k.name));
                    }
                }
            }
            let expected = counts.get(v).and_then(|c| c.get(*role)).copied();
            let is_synth = synthesised.get(v).is_some_and(|r| r.contains(role));
            match expected {
                Some(n) if n == keys.len() => {}
                Some(n) => problems.push(format!(
                    "{v} {role}: {} keys, counts.json says {n}",
                    keys.len()
                )),
                None if is_synth => eprintln!(
                    "catalog-gen: note: {v} {role} ({} keys) is synthesised; counts.json has no entry",
                    keys.len()
                ),
                None => problems.push(format!("{v} {role}: not in counts.json")),
            }
        }
        for role in ROLES {
            if !tables.contains_key(role) && counts.get(v).is_some_and(|c| c.contains_key(role)) {
                problems.push(format!("{v} {role}: missing, but counts.json has it"));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }

    // 6. History, cross-checked against index.json over the versions it lists.
    let history = compute_history(&all);
    let indexed: Vec<(String, Tables)> = all
        .iter()
        .filter(|(v, _)| index.versions.contains(v))
        .cloned()
        .collect();
    let indexed_history = compute_history(&indexed);
    let mut diffs = Vec::new();
    for ((role, name), h) in &indexed_history {
        let Some(ix) = index.roles.get(*role).and_then(|r| r.keys.get(name)) else {
            diffs.push(format!("{role} {name}: not in index.json"));
            continue;
        };
        let ix_missing = ix.missing_in.clone().unwrap_or_default();
        if ix.first != h.first
            || ix.last != h.last
            || ix.removed_in != h.removed_in
            || ix_missing != h.missing_in
        {
            diffs.push(format!(
                "{role} {name}: index.json first={} last={:?} removed_in={:?} missing_in={:?}; catalog first={} last={:?} removed_in={:?} missing_in={:?}",
                ix.first, ix.last, ix.removed_in, ix_missing, h.first, h.last, h.removed_in, h.missing_in
            ));
        }
    }
    for (role, r) in &index.roles {
        if !ROLES.contains(&role.as_str()) {
            continue;
        }
        for name in r.keys.keys() {
            if !indexed_history
                .keys()
                .any(|(ro, n)| ro == role && n == name)
            {
                diffs.push(format!("{role} {name}: in index.json, not in the catalog"));
            }
        }
        let documented: Vec<&String> = indexed
            .iter()
            .filter(|(_, t)| t.contains_key(role.as_str()))
            .map(|(v, _)| v)
            .collect();
        let ix_doc: Vec<&String> = r.documented_in.iter().collect();
        if documented != ix_doc {
            eprintln!(
                "catalog-gen: note: role {role} documented in {} releases in index.json, present in {} releases of the catalog (synthesised roles)",
                ix_doc.len(),
                documented.len()
            );
        }
    }
    for d in &diffs {
        eprintln!(
            "catalog-gen: history differs from index.json (expected only around synthesised roles): {d}"
        );
    }

    // 7. Write.
    fs::create_dir_all(output).map_err(|e| format!("{}: {e}", output.display()))?;
    let write = |name: &str, text: &str| -> Result<(), String> {
        let p = output.join(name);
        fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))
    };
    let mut total = 0;
    for (v, tables) in &all {
        let synth = synthesised.get(v).cloned().unwrap_or_default();
        let text = render_version(v, tables, &synth);
        total += text.len();
        write(&format!("{v}.tsv"), &text)?;
    }
    let hist = render_history(&history);
    write("history.tsv", &hist)?;
    write("mod.rs", &render_mod_rs(&versions))?;

    // 8. Report.
    for (class, (n, examples)) in &stats.classes {
        eprintln!(
            "catalog-gen: normalised: {class}: {n} (e.g. {})",
            examples.join("; ")
        );
    }
    let per_version: HashMap<&str, usize> = all
        .iter()
        .map(|(v, t)| (v.as_str(), t.values().map(Vec::len).sum()))
        .collect();
    eprintln!(
        "catalog-gen: wrote {} release tables ({} bytes, {} keys in total), history.tsv ({} bytes, {} entries) and mod.rs to {}",
        all.len(),
        total,
        per_version.values().sum::<usize>(),
        hist.len(),
        history.len(),
        output.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output, extra) = match args.as_slice() {
        [input, output] => (input, output, None),
        [input, output, extra] => (input, output, Some(PathBuf::from(extra))),
        _ => {
            eprintln!(
                "usage: catalog-gen <kafka-catalog dir> <output dir> [<ConfigDef dump dir>]\n  e.g. {COMMAND}"
            );
            return ExitCode::from(2);
        }
    };
    match run(
        &PathBuf::from(input),
        &PathBuf::from(output),
        extra.as_deref(),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("catalog-gen: error: {e}");
            ExitCode::FAILURE
        }
    }
}
