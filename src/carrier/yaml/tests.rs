use super::*;

fn read(text: &str) -> YamlFile {
    YamlFile::read(text.as_bytes().to_vec()).unwrap_or_else(|e| panic!("{}", e.error))
}

fn error(text: &[u8]) -> YamlError {
    match YamlFile::read(text.to_vec()) {
        Ok(_) => panic!("read as YAML: {}", String::from_utf8_lossy(text)),
        Err(e) => e.error,
    }
}

/// `path = value @ key-text / value-text #doc`, one line a scalar.
fn flat(file: &YamlFile) -> String {
    let mut out = Vec::new();
    for doc in 0..file.yaml.documents.len() {
        for e in file.flatten(doc).unwrap_or_else(|e| panic!("{e}")) {
            out.push(format!(
                "{} = {:?} @ {} / {} #{}{}",
                e.path,
                e.value,
                file.slice(e.key_span),
                file.slice(e.value_span),
                e.document,
                if e.aliased { " aliased" } else { "" }
            ));
        }
    }
    out.join("\n")
}

fn apply(file: &YamlFile, edit: &crate::unit::TextEdit) -> String {
    let mut bytes = file.text.bytes.clone();
    bytes.splice(edit.span.start..edit.span.end, edit.replacement.bytes());
    String::from_utf8(bytes).unwrap_or_default()
}

const SPRING: &str = "\
# app config
spring:
  kafka:
    bootstrap-servers: [\"a:9092\", 'b:9092']
    consumer:
      max-poll-records: 500   # too many?
      group-id: \"payments\"
      auto-offset-reset:
    properties:
      \"[sasl.mechanism]\": PLAIN
---
spring.config.activate.on-profile: prod
spring.kafka.consumer.max-poll-records: 100
";

#[test]
fn flattens_every_scalar_with_exact_spans_per_document() {
    let file = read(SPRING);
    assert_eq!(
        flat(&file),
        "\
spring.kafka.bootstrap-servers[0] = Some(\"a:9092\") @ \"a:9092\" / \"a:9092\" #0
spring.kafka.bootstrap-servers[1] = Some(\"b:9092\") @ 'b:9092' / 'b:9092' #0
spring.kafka.consumer.max-poll-records = Some(\"500\") @ max-poll-records / 500 #0
spring.kafka.consumer.group-id = Some(\"payments\") @ group-id / \"payments\" #0
spring.kafka.consumer.auto-offset-reset = None @ auto-offset-reset /  #0
spring.kafka.properties.[sasl.mechanism] = Some(\"PLAIN\") @ \"[sasl.mechanism]\" / PLAIN #0
spring.config.activate.on-profile = Some(\"prod\") @ spring.config.activate.on-profile / prod #1
spring.kafka.consumer.max-poll-records = Some(\"100\") @ spring.kafka.consumer.max-poll-records / 100 #1"
    );
}

#[test]
fn keeps_comments_but_not_hashes_inside_values() {
    let file = read("a: 1 # one\nb: 'x # not' # two\nc: x#y\n# own line\nd: |\n  # text\n");
    let texts: Vec<&str> = file.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, [" one", " two", " own line"]);
    assert_eq!(file.slice(file.comments[0].span), "# one");
}

#[test]
fn positions_count_bytes_for_non_ascii_text() {
    let file = read("é: \"ü\"\nkey: välue\n");
    assert_eq!(
        flat(&file),
        "é = Some(\"ü\") @ é / \"ü\" #0\nkey = Some(\"välue\") @ key / välue #0"
    );
}

#[test]
fn invalid_yaml_names_line_and_column() {
    let e = error(b"a:\n  b: 1\n c: 2\n");
    assert_eq!((e.line, e.column), (3, 2), "{e}");
    let e = error(b"a: \"open\n");
    assert_eq!((e.line, e.column), (1, 4), "{e}");
    let e = error(b"a: 1\nb: \xff\n");
    assert_eq!(e.to_string(), "2:4: invalid YAML: byte 0xFF is not UTF-8");
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let deep = "[".repeat(1_000_000);
    let start = std::time::Instant::now();
    // saphyr's own limit comes first for flow collections.
    let e = error(deep.as_bytes());
    assert_eq!(
        e.to_string(),
        "1:256: invalid YAML: recursion limit exceeded"
    );
    assert!(start.elapsed().as_secs() < 5);
    let block: String = (0..300)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    assert!(
        error(block.as_bytes())
            .message
            .contains("nesting deeper than 256")
    );
}

#[test]
fn an_alias_bomb_stops_at_the_budget() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..9 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("l{}", i - 1)
        };
        let items = vec![format!("*{prev}"); 10].join(", ");
        text.push_str(&format!("l{i}: &l{i} [{items}]\n"));
    }
    let file = read(&text);
    let e = file.flatten(0).err().map(|e| e.message).unwrap_or_default();
    assert!(e.contains("more than 200000"), "{e}");
}

#[test]
fn merge_keys_and_aliases_are_followed() {
    let file =
        read("v: &v 4\nbase: &base\n  A: \"1\"\n  B: 2\nsvc:\n  <<: *base\n  B: 3\n  C: *v\n");
    let svc: Vec<String> = flat(&file)
        .lines()
        .filter(|l| l.starts_with("svc"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        svc,
        [
            "svc.A = Some(\"1\") @ A / \"1\" #0 aliased",
            "svc.B = Some(\"3\") @ B / 3 #0",
            "svc.C = Some(\"4\") @ C / 4 #0 aliased",
        ]
    );
}

fn value_node(file: &YamlFile, path: &str) -> NodeId {
    let all = file.flatten(0).unwrap_or_default();
    all.iter()
        .find(|e| e.path == path)
        .map(|e| e.value_node)
        .unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn replacing_a_scalar_keeps_its_style_and_every_other_byte() {
    let text = "a: 1   # c\nb: 'x'\nc: \"y\"\nd:\ne: |\n  line\nf: plain\n";
    let file = read(text);
    let cases = [
        ("a", "300", "a: 300   # c\n"),
        ("b", "it's", "b: 'it''s'\n"),
        ("c", "say \"hi\"", "c: \"say \\\"hi\\\"\"\n"),
        ("d", "5", "d: 5\n"),
        ("e", "new", "e: new\n"),
        ("f", "a: b", "f: 'a: b'\n"),
        ("f", "true", "f: 'true'\n"),
        ("f", "", "f: ''\n"),
        ("f", "-1", "f: -1\n"),
    ];
    for (path, value, line) in cases {
        let edit = file.replace_scalar(value_node(&file, path), value);
        let out = apply(&file, &edit);
        assert!(out.contains(line), "{path} = {value:?}:\n{out}");
        assert_eq!(
            out.len(),
            text.len() - file.slice(edit.span).len() + edit.replacement.len()
        );
        // Everything else reads as before.
        let again = read(&out);
        let changed: Vec<String> = flat(&again)
            .lines()
            .zip(flat(&file).lines())
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a.to_string())
            .collect();
        assert!(changed.len() <= 1, "{changed:?}");
        let fixed = again.flatten(0).unwrap_or_default();
        let e = fixed
            .iter()
            .find(|e| e.path == path)
            .map(|e| e.value.clone());
        assert_eq!(
            e,
            Some(Some(value.to_string()))
                .filter(|_| !value.is_empty())
                .or(Some(Some(String::new())))
        );
    }
}

#[test]
fn inserting_uses_the_mappings_indentation_and_creates_missing_parents() {
    let file = read(SPRING);
    let root = file.yaml.root(0).unwrap_or_default();
    let edit = file.insert(
        root,
        &["spring", "kafka", "consumer", "fetch-min-size"],
        "1KB",
    );
    let out = apply(&file, &edit);
    assert!(
        out.contains("      auto-offset-reset:\n      fetch-min-size: 1KB\n    properties:"),
        "{out}"
    );
    let edit = file.insert(root, &["spring", "kafka", "producer", "acks"], "all");
    let out = apply(&file, &edit);
    assert!(
        out.contains("      \"[sasl.mechanism]\": PLAIN\n    producer:\n      acks: all\n---"),
        "{out}"
    );
    let flow = read("env: {A: 1}\nempty: {}\n");
    let root = flow.yaml.root(0).unwrap_or_default();
    let env = flow.yaml.at(root, &["env"]).unwrap_or_default();
    assert_eq!(
        apply(&flow, &flow.insert(env, &["B"], "x y")),
        "env: {A: 1, B: x y}\nempty: {}\n"
    );
    let empty = flow.yaml.at(root, &["empty"]).unwrap_or_default();
    assert_eq!(
        apply(&flow, &flow.insert(empty, &["B", "C"], "2")),
        "env: {A: 1}\nempty: {B: {C: 2}}\n"
    );
}

#[test]
fn inserting_keeps_crlf_line_breaks() {
    let file = read("a:\r\n  b: 1\r\nc: 2\r\n");
    let root = file.yaml.root(0).unwrap_or_default();
    assert_eq!(
        apply(&file, &file.insert(root, &["a", "d"], "3")),
        "a:\r\n  b: 1\r\n  d: 3\r\nc: 2\r\n"
    );
}

#[test]
fn removing_takes_the_entry_with_its_lines_only() {
    let text = "svc:\n  environment:\n    A: 1 # one\n    B: |\n      two\n    C: 3\n  list:\n    - X=1\n    - Y=2\n  seq:\n    - k: 1\n      l: 2\n";
    let file = read(text);
    let root = file.yaml.root(0).unwrap_or_default();
    let env = file
        .yaml
        .at(root, &["svc", "environment"])
        .unwrap_or_default();
    assert_eq!(
        apply(&file, &file.remove_entry(env, 1)),
        text.replace("    B: |\n      two\n", "")
    );
    assert_eq!(
        apply(&file, &file.remove_entry(env, 0)),
        text.replace("    A: 1 # one\n", "")
    );
    let list = file.yaml.at(root, &["svc", "list"]).unwrap_or_default();
    assert_eq!(
        apply(&file, &file.remove_item(list, 0)),
        text.replace("    - X=1\n", "")
    );
    let item = file
        .yaml
        .items(file.yaml.at(root, &["svc", "seq"]).unwrap_or_default())[0];
    assert_eq!(
        apply(&file, &file.remove_entry(item, 0)),
        text.replace("- k: 1\n      l", "- l")
    );
    let flow = read("a: [1, 2, 3]\nb: {x: 1, y: 2}\n");
    let root = flow.yaml.root(0).unwrap_or_default();
    let a = flow.yaml.at(root, &["a"]).unwrap_or_default();
    assert_eq!(
        apply(&flow, &flow.remove_item(a, 1)),
        "a: [1, 3]\nb: {x: 1, y: 2}\n"
    );
    assert_eq!(
        apply(&flow, &flow.remove_item(a, 2)),
        "a: [1, 2]\nb: {x: 1, y: 2}\n"
    );
    let b = flow.yaml.at(root, &["b"]).unwrap_or_default();
    assert_eq!(
        apply(&flow, &flow.remove_entry(b, 0)),
        "a: [1, 2, 3]\nb: {y: 2}\n"
    );
}

#[test]
fn plain_safety() {
    for safe in ["300", "all", "PLAINTEXT://kafka:9092", "a b", "-1", "1.5"] {
        assert!(edits::plain_safe(safe), "{safe}");
    }
    for unsafe_ in [
        "", " a", "a: b", "x #y", "*a", "- x", "yes", "null", "~", "key:", "{a}",
    ] {
        assert!(!edits::plain_safe(unsafe_), "{unsafe_}");
    }
}

#[test]
fn pushing_an_item_follows_the_sequences_layout() {
    let file = read("env:\n  - A=1\n  - B=2 # two\nflow: [x]\n");
    let root = file.yaml.root(0).unwrap_or_default();
    let env = file.yaml.at(root, &["env"]).unwrap_or_default();
    assert_eq!(
        apply(&file, &file.push_item(env, "C=3")),
        "env:\n  - A=1\n  - B=2 # two\n  - C=3\nflow: [x]\n"
    );
    let flow = file.yaml.at(root, &["flow"]).unwrap_or_default();
    assert_eq!(
        apply(&file, &file.push_item(flow, "a b")),
        "env:\n  - A=1\n  - B=2 # two\nflow: [x, a b]\n"
    );
}
