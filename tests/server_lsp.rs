//! `kafkalint server` in process: a client over lsp-server's in-memory
//! connection against the real server loop. What the editor sees must be what
//! `check` says: the same findings at the same places, and `check --fix`'s
//! bytes from "fix all".

mod lsp_client;

use lsp_client::{Client, plain, uri};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A server with `text` open as `name` (also written to disk), after its first diagnostics.
fn opened(name: &str, text: &str) -> (tempfile::TempDir, Client, String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let mut client = Client::start(plain(), dir.path());
    let (uri, published) = client.open_and_wait(&path, text);
    (dir, client, uri, published)
}

/// The first element of a JSON array whose `field` is `value`.
fn item<'a>(list: &'a Value, field: &str, value: &str) -> &'a Value {
    let items = list
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"));
    items
        .iter()
        .find(|i| i[field] == value)
        .unwrap_or_else(|| panic!("no {field} {value} in {list}"))
}

/// The codes of published diagnostics, in order.
fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn kafkalint() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kafkalint"))
}

fn fixtures(dirs: &[&str]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in dirs {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(dir);
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|x| x == "properties") {
                files.push(entry.into_path());
            }
        }
    }
    files
}

/// Copies fixtures into `dir` (one subdirectory each, keeping their names).
fn copy_into(dir: &Path, files: &[PathBuf]) -> Vec<PathBuf> {
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let sub = dir.join(i.to_string());
            std::fs::create_dir_all(&sub).unwrap();
            let to = sub.join(f.file_name().unwrap());
            std::fs::copy(f, &to).unwrap();
            to
        })
        .collect()
}

/// The text an editor shows for a file's bytes: UTF-8, else ISO-8859-1.
fn editor_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// The LSP position (UTF-16) of a byte offset of the file, worked out on its own.
fn lsp_position(bytes: &[u8], offset: usize) -> (u64, u64) {
    let text = editor_text(bytes);
    let utf8 = std::str::from_utf8(bytes).is_ok();
    // The text offset of the byte offset: bytes are characters in ISO-8859-1.
    let mut at = if utf8 {
        offset.min(text.len())
    } else {
        text.char_indices()
            .nth(offset)
            .map_or(text.len(), |(i, _)| i)
    };
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let mut line = 0;
    let mut line_start = 0;
    let b = before.as_bytes();
    for i in 0..b.len() {
        let ends = b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'));
        if ends {
            line += 1;
            line_start = i + 1;
        }
    }
    // A `\r` just before the offset whose `\n` is the offset's own byte.
    if before.ends_with('\r') && text[at..].starts_with('\n') {
        line += 1;
        line_start = at;
    }
    let column = text[line_start..at].encode_utf16().count();
    (line as u64, column as u64)
}

fn check_json(files: &[PathBuf]) -> Value {
    let out = kafkalint()
        .args(["check", "--format", "json"])
        .args(files)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

type Finding = (String, String, String, (u64, u64), (u64, u64));

fn from_json(d: &Value, bytes: &[u8]) -> Finding {
    let at = |p: &Value| lsp_position(bytes, p["offset"].as_u64().unwrap() as usize);
    (
        d["code"].as_str().unwrap().to_string(),
        d["severity"].as_str().unwrap().to_string(),
        d["message"].as_str().unwrap().to_string(),
        at(&d["range"]["start"]),
        at(&d["range"]["end"]),
    )
}

fn from_lsp(d: &Value) -> Finding {
    let severity = match d["severity"].as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "info",
        other => panic!("severity {other:?}"),
    };
    let at = |p: &Value| {
        (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        )
    };
    (
        d["code"].as_str().unwrap().to_string(),
        severity.to_string(),
        d["message"].as_str().unwrap().to_string(),
        at(&d["range"]["start"]),
        at(&d["range"]["end"]),
    )
}

fn sorted(mut v: Vec<Finding>) -> Vec<Finding> {
    v.sort_by(|a, b| (a.3, a.4, &a.0, &a.2).cmp(&(b.3, b.4, &b.0, &b.2)));
    v
}

#[test]
fn diagnostics_are_what_check_json_says_for_every_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let files = copy_into(
        dir.path(),
        &fixtures(&["checks", "rules", "secrets", "fixes"]),
    );
    let json = check_json(&files);
    let mut client = Client::start(plain(), dir.path());
    let mut compared = 0;
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let name = file.to_string_lossy();
        let expected: Vec<&Value> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"] == *name)
            .collect();
        let (_, published) = client.open_and_wait(file, &editor_text(&bytes));
        assert_eq!(published["version"], 1);
        let got = published["diagnostics"].as_array().unwrap();
        assert_eq!(
            sorted(got.iter().map(from_lsp).collect()),
            sorted(expected.iter().map(|d| from_json(d, &bytes)).collect()),
            "{name}"
        );
        for d in got {
            assert_eq!(d["source"], "kafkalint");
            let code = d["code"].as_str().unwrap();
            assert_eq!(
                d["codeDescription"]["href"].as_str().map(String::from),
                kafkalint::registry::doc_url(code),
                "{code}"
            );
        }
        // Related locations: the same messages as the JSON's, in the same file.
        let related = |ds: Vec<&Value>, field: &str| {
            let mut m: Vec<String> = ds
                .iter()
                .flat_map(|d| d[field].as_array().cloned().unwrap_or_default())
                .map(|r| r["message"].as_str().unwrap_or_default().to_string())
                .collect();
            m.sort();
            m
        };
        assert_eq!(
            related(got.iter().collect(), "relatedInformation"),
            related(expected.clone(), "related"),
            "{name}"
        );
        compared += got.len();
    }
    assert!(compared > 100, "only {compared} findings compared");
    client.shutdown();
}

#[test]
fn fix_all_writes_what_check_fix_writes() {
    let dir = tempfile::tempdir().unwrap();
    let files = copy_into(dir.path(), &fixtures(&["fixes", "checks"]));
    let mut client = Client::start(plain(), dir.path());
    let mut fixed = 0;
    for file in &files {
        let before = std::fs::read(file).unwrap();
        let text = editor_text(&before);
        let (uri, _) = client.open_and_wait(file, &text);
        let actions = client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": [], "only": ["source.fixAll"]},
            }),
        );
        let status = kafkalint()
            .args(["check", "--fix", "--format", "json"])
            .arg(file)
            .output()
            .unwrap();
        assert!(status.status.code().is_some_and(|c| c < 2), "{status:?}");
        let after = std::fs::read(file).unwrap();
        let actions = actions.as_array().unwrap();
        if after == before {
            assert!(actions.is_empty(), "{}: {actions:?}", file.display());
            continue;
        }
        assert_eq!(actions.len(), 1, "{}", file.display());
        assert_eq!(actions[0]["kind"], "source.fixAll.kafkalint");
        let edits = &actions[0]["edit"]["changes"][&uri];
        let new_text = apply(&text, edits.as_array().unwrap());
        // Saved as the editor read it: ISO-8859-1 when the file was not UTF-8.
        let saved: Vec<u8> = match std::str::from_utf8(&before) {
            Ok(_) => new_text.into_bytes(),
            Err(_) => new_text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap())
                .collect(),
        };
        assert_eq!(
            editor_text(&saved),
            editor_text(&after),
            "{}",
            file.display()
        );
        assert_eq!(saved, after, "{}", file.display());
        fixed += 1;
    }
    assert!(fixed > 10, "only {fixed} files fixed");
    client.shutdown();
}

/// Applies LSP text edits (UTF-16 positions, not overlapping) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let (line, character) = (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        );
        let mut start = 0;
        for _ in 0..line {
            let rest = &text[start..];
            let end = rest.find(['\n', '\r']).map_or(rest.len(), |i| i);
            let width = if rest[end..].starts_with("\r\n") {
                2
            } else {
                1
            };
            start = (start + end + width).min(text.len());
        }
        let mut units = character as usize;
        let mut at = start;
        for c in text[start..].chars() {
            if units == 0 || c == '\n' || c == '\r' {
                break;
            }
            units = units.saturating_sub(c.len_utf16());
            at += c.len_utf8();
        }
        at
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

fn code_actions(client: &mut Client, uri: &str, line: u32) -> Vec<Value> {
    let range =
        json!({"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}});
    let result = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    result.as_array().unwrap().clone()
}

#[test]
fn a_quick_fix_and_a_disable_comment_each_clear_the_finding() {
    // K203: a value in the wrong case; its fix is safe.
    let text = "bootstrap.servers=localhost:9092\nacks=all\ncompression.type=GZIP\n";
    let (_dir, mut client, uri, published) = opened("producer.properties", text);
    let finding = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["range"]["start"]["line"] == 2)
        .cloned()
        .unwrap_or_else(|| panic!("no finding on line 3: {published}"));
    let code = finding["code"].as_str().unwrap().to_string();
    // A request that names no kind (a cursor move) gets the line's actions,
    // without running the fixer's passes for "fix all".
    let unasked = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": at(2, 0), "end": at(2, 0)}, "context": {"diagnostics": []}}),
    );
    let kinds: Vec<&Value> = unasked
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["kind"])
        .collect();
    assert_eq!(kinds, [&json!("quickfix"), &json!("quickfix")]);
    let actions = code_actions(&mut client, &uri, 2);
    let fix = actions
        .iter()
        .find(|a| a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("no preferred fix: {actions:?}"));
    assert_eq!(fix["kind"], "quickfix");
    let fixed = apply(text, fix["edit"]["changes"][&uri].as_array().unwrap());
    assert_eq!(
        fixed,
        "bootstrap.servers=localhost:9092\nacks=all\ncompression.type=gzip\n"
    );
    let disable = actions
        .iter()
        .find(|a| a["title"] == format!("Disable {code} for this entry"))
        .unwrap_or_else(|| panic!("no disable action: {actions:?}"));
    let disabled = apply(text, disable["edit"]["changes"][&uri].as_array().unwrap());
    assert_eq!(
        disabled,
        format!(
            "bootstrap.servers=localhost:9092\nacks=all\n# kafkalint: disable={code}\ncompression.type=GZIP\n"
        )
    );
    // Each edit, sent as the editor would, leaves no finding of that code on the entry.
    for (version, new_text) in [(2, &fixed), (3, &disabled)] {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": new_text}]}),
        );
        let published = client.published(&uri);
        assert_eq!(published["version"], version);
        let codes: Vec<&Value> = published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| &d["code"])
            .collect();
        assert!(!codes.contains(&&json!(code)), "{published}");
    }
    client.shutdown();
}

#[test]
fn unsafe_fixes_are_labelled_and_not_preferred() {
    // K203's "did you mean" for a value: it changes what Kafka is told.
    let text = "bootstrap.servers=localhost:9092\ncompression.type=gzipp\n";
    let (dir, mut client, uri, published) = opened("producer.properties", text);
    let json = check_json(&[dir.path().join("producer.properties")]);
    let unsafe_lines: Vec<u64> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["fix"]["applicability"] == "unsafe")
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap() - 1)
        .collect();
    assert!(
        !unsafe_lines.is_empty(),
        "no unsafe fix in {json} / {published}"
    );
    let actions = code_actions(&mut client, &uri, unsafe_lines[0] as u32);
    let labelled: Vec<&Value> = actions
        .iter()
        .filter(|a| a["title"].as_str().unwrap().contains("(unsafe"))
        .collect();
    assert!(!labelled.is_empty(), "{actions:?}");
    assert!(labelled.iter().all(|a| a["isPreferred"] == false));
    client.shutdown();
}

#[test]
fn incremental_changes_are_applied_in_order_and_published_with_their_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("consumer.properties");
    let text = "bootstrap.servers=localhost:9092\ngroup.id=g\nmax.poll.records=10\n";
    let mut client = Client::start(plain(), dir.path());
    let (uri, published) = client.open_and_wait(&path, text);
    // The poll budget of max.poll.records=10.
    assert_eq!(codes(&published), ["K501"]);
    // Two edits in one notification, the second made against the first's result.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 7}, "contentChanges": [
            {"range": {"start": {"line": 2, "character": 17}, "end": {"line": 2, "character": 19}}, "text": "abc"},
            {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 3}}, "text": "MAX"},
        ]}),
    );
    let published = client.published(&uri);
    assert_eq!(published["version"], 7);
    // `MAX.poll.records=abc`: an unknown key (keys are case-sensitive).
    assert_eq!(codes(&published), ["K101"], "{published}");
    client.shutdown();
}

#[test]
fn pull_diagnostics_when_the_client_offers_them_and_none_pushed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("producer.properties");
    let offered = json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostic": {"refreshSupport": true}}});
    let mut client = Client::start(offered, dir.path());
    let uri = client.open(&path, "acks=maybe\n");
    let report = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().unwrap();
    assert!(items.iter().any(|d| d["code"] == "K203"), "{report}");
    // A project config saved: the client is asked to pull again.
    std::fs::write(
        dir.path().join("kafkalint.toml"),
        "[rules]\nignore = [\"K203\"]\n",
    )
    .unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": lsp_client::uri(&dir.path().join("kafkalint.toml"))}}),
    );
    let report = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(report["items"], json!([]));
    assert!(client.said("workspace/diagnostic/refresh"));
    client.request("shutdown", Value::Null);
    assert!(!client.said("publishDiagnostics"));
    client.notify("exit", Value::Null);
}

#[test]
fn over_standard_io_the_server_writes_nothing_but_lsp_messages() {
    let dir = tempfile::tempdir().unwrap();
    let file = uri(&dir.path().join("producer.properties"));
    let messages = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": file, "languageId": "properties", "version": 1, "text": "acks=maybe\nkey=\\u12\n"}}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}),
        json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
    ];
    let mut input = Vec::new();
    for m in &messages {
        let body = m.to_string();
        input.extend(format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes());
    }
    let mut child = kafkalint()
        .arg("server")
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    // Every byte of the output is a framed message.
    let mut rest = out.stdout.as_slice();
    let mut methods = Vec::new();
    while !rest.is_empty() {
        let text = std::str::from_utf8(rest).unwrap();
        let header = text
            .strip_prefix("Content-Length: ")
            .unwrap_or_else(|| panic!("not LSP: {text}"));
        let (length, body) = header.split_once("\r\n\r\n").unwrap();
        let length: usize = length.parse().unwrap();
        let message: Value = serde_json::from_str(&body[..length]).unwrap();
        methods.push(
            message["method"]
                .as_str()
                .unwrap_or("(response)")
                .to_string(),
        );
        rest = &body.as_bytes()[length..];
    }
    assert_eq!(
        methods,
        [
            "(response)",
            "textDocument/publishDiagnostics",
            "(response)"
        ]
    );
}

#[test]
fn utf8_columns_when_offered_and_latin1_files_read_as_check_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    // A Latin-1 file: `é` is one byte on disk, and check counts it as one character.
    let latin1 = dir.path().join("latin1.properties");
    let bytes = b"# caf\xe9\nclient.id=caf\xe9\nacks=maybe\n".to_vec();
    std::fs::write(&latin1, &bytes).unwrap();
    let utf8 = dir.path().join("utf8.properties");
    let text8 = "client.id=😀\nacks=😀maybe\n";
    std::fs::write(&utf8, text8).unwrap();
    for (offered, units) in [
        (json!({}), "utf-16"),
        (
            json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
            "utf-8",
        ),
    ] {
        let mut client = Client::start(offered, dir.path());
        let (_, d) = client.open_and_wait(&latin1, &editor_text(&bytes));
        let acks = item(&d["diagnostics"], "code", "K203");
        assert_eq!(
            acks["range"]["start"],
            json!({"line": 2, "character": 5}),
            "{units}"
        );
        // The same as check's JSON, placed on its own.
        let json = check_json(std::slice::from_ref(&latin1));
        let expected = item(&json["diagnostics"], "code", "K203");
        assert_eq!(expected["range"]["start"]["column"], 6);
        let (_, d) = client.open_and_wait(&utf8, text8);
        let acks = item(&d["diagnostics"], "code", "K203");
        let column = if units == "utf-8" {
            5 + 4 + 5
        } else {
            5 + 2 + 5
        };
        assert_eq!(
            acks["range"]["end"],
            json!({"line": 1, "character": column}),
            "{units}"
        );
        client.shutdown();
    }
}

#[test]
fn a_change_to_the_broker_file_or_to_kafkalint_toml_lints_open_clients_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("apps")).unwrap();
    std::fs::write(
        root.join("kafkalint.toml"),
        "[[cluster]]\nname = \"prod\"\nbroker = \"server.properties\"\nclients = [\"apps/*.properties\"]\n",
    )
    .unwrap();
    let broker = root.join("server.properties");
    std::fs::write(
        &broker,
        "process.roles=broker\nnode.id=1\ntransaction.max.timeout.ms=900000\n",
    )
    .unwrap();
    let client_path = root.join("apps/producer.properties");
    let text =
        "bootstrap.servers=localhost:9092\ntransactional.id=tx\ntransaction.timeout.ms=600000\n";
    let mut client = Client::start(
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        root,
    );
    let (uri, first) = client.open_and_wait(&client_path, text);
    assert!(!codes(&first).contains(&"K608".to_string()), "{first}");
    // The broker's maximum drops below the client's timeout, and the file is saved.
    std::fs::write(
        &broker,
        "process.roles=broker\nnode.id=1\ntransaction.max.timeout.ms=300000\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&broker), "type": 2}]}),
    );
    let second = client.published(&uri);
    assert!(codes(&second).contains(&"K608".to_string()), "{second}");
    let k608 = item(&second["diagnostics"], "code", "K608");
    assert!(
        k608["relatedInformation"]
            .as_array()
            .is_some_and(|r| r.iter().any(|r| r["location"]["uri"] == uri_of(&broker))),
        "{k608}"
    );
    // kafkalint.toml turns K608 off.
    std::fs::write(
        root.join("kafkalint.toml"),
        "[[cluster]]\nname = \"prod\"\nbroker = \"server.properties\"\nclients = [\"apps/*.properties\"]\n[rules]\nseverity = { K608 = \"off\" }\n",
    )
    .unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri_of(&root.join("kafkalint.toml"))}}),
    );
    let third = client.published(&uri);
    assert!(!codes(&third).contains(&"K608".to_string()), "{third}");
    assert!(client.said("client/registerCapability"));
    client.shutdown();
}

fn uri_of(path: &Path) -> String {
    uri(&std::fs::canonicalize(path).unwrap())
}

fn at(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn hover(client: &mut Client, uri: &str, line: u32, character: u32) -> String {
    let result = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": at(line, character)}),
    );
    result["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn hover_tells_what_a_key_does_what_kafka_makes_of_a_value_and_what_a_code_means() {
    let text = "# kafkalint: kafka-version=3.7\n# kafkalint: disable=K101\nmax.poll.records = 500  \nsasl.jaas.config=secret-VALUE-x\nbootstrap.servers=a:9092\ngroup.id=g\n";
    let (_dir, mut client, uri, _) = opened("consumer.properties", text);
    let key = hover(&mut client, &uri, 2, 3);
    let description =
        kafkalint::catalog::describe("max.poll.records", kafkalint::catalog::Role::Consumer)
            .unwrap();
    assert!(key.contains(description), "{key}");
    assert!(key.contains("consumer, Kafka 3.7"), "{key}");
    assert!(key.contains("int, default 500"), "{key}");
    assert!(key.contains("appeared in"), "{key}");
    let value = hover(&mut client, &uri, 2, 20);
    assert!(
        value.contains("Kafka reads `max.poll.records` as int `500`"),
        "{value}"
    );
    let secret = hover(&mut client, &uri, 3, 20);
    assert!(
        secret.contains("[hidden]") && !secret.contains("VALUE"),
        "{secret}"
    );
    let code = hover(&mut client, &uri, 1, 23);
    assert!(code.starts_with("**K101 unknown-key**"), "{code}");
    assert!(!client.said("VALUE"));
    client.shutdown();
}

fn labels(result: &Value) -> Vec<String> {
    result
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn completion_offers_keys_of_the_role_and_version_values_directives_and_codes() {
    let text = "# kafkalint: kafka-version=2.8\nbootstrap.servers=a:9092\nacks=\nenable.idempotence=\n# kafkalint: disable=\n# kafkalint: \nlin\n";
    let (_dir, mut client, uri, _) = opened("producer.properties", text);
    let mut complete = |line: u32, character: u32| {
        client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": at(line, character)}),
        )
    };
    let keys = complete(6, 3);
    let names = labels(&keys);
    assert!(names.contains(&"linger.ms".to_string()), "{names:?}");
    assert!(
        !names.contains(&"group.id".to_string()),
        "a consumer key offered to a producer"
    );
    let catalog = kafkalint::catalog::Catalog::get("2.8");
    let producer = kafkalint::catalog::Role::Producer;
    assert_eq!(names.len(), catalog.keys(producer).len());
    let linger = item(&keys, "label", "linger.ms");
    assert!(
        linger["detail"]
            .as_str()
            .unwrap()
            .starts_with("long, default"),
        "{linger}"
    );
    let deprecated: Vec<&Value> = keys
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["tags"] == json!([1]))
        .collect();
    assert_eq!(
        deprecated.len(),
        catalog
            .keys(producer)
            .iter()
            .filter(|k| k.deprecated)
            .count()
    );
    assert_eq!(labels(&complete(2, 5)), ["all", "-1", "0", "1"]);
    assert_eq!(labels(&complete(3, 19)), ["true", "false"]);
    let codes = labels(&complete(4, 21));
    assert!(
        codes.contains(&"K101".to_string()) && codes.contains(&"K608".to_string()),
        "{codes:?}"
    );
    assert_eq!(
        labels(&complete(5, 13)),
        kafkalint::model::directives::KNOWN.to_vec()
    );
    client.shutdown();
}

#[test]
fn the_server_survives_hostile_documents_and_never_shows_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(
        json!({"general": {"positionEncodings": ["utf-16"]}}),
        dir.path(),
    );
    let long_line = format!("client.id={}\n", "x".repeat(5 * 1024 * 1024));
    let hostile: Vec<(&str, String)> = vec![
        ("malformed.properties", "key=\\u12\nacks=al\\\n".to_string()),
        ("long.properties", long_line),
        ("unknown-role.properties", "what.is.this=1\n".to_string()),
        (
            "control.properties",
            "a\u{0}b=\u{1b}[31m\r\r\n\u{feff}x\n".to_string(),
        ),
        ("empty.properties", String::new()),
        (
            "compose.yaml",
            "services:\n  kafka:\n    environment: [\n".to_string(),
        ),
    ];
    for (name, text) in &hostile {
        let (uri, _) = client.open_and_wait(&dir.path().join(name), text);
        for (line, character) in [(0, 0), (0, 3), (1, 0), (9, 9)] {
            hover(&mut client, &uri, line, character);
            client.request(
                "textDocument/completion",
                json!({"textDocument": {"uri": uri}, "position": at(line, character)}),
            );
        }
        code_actions(&mut client, &uri, 0);
    }
    // A position beyond the text and a document never opened.
    let nowhere = uri(&dir.path().join("never-opened.properties"));
    assert_eq!(
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": nowhere}, "position": at(0, 0)})
        ),
        Value::Null
    );
    let bad = client.request_raw("textDocument/hover", json!({"textDocument": 3}));
    assert!(bad["error"]["code"].is_i64(), "{bad}");
    // Secrets: every fixture with one, every request at every position of its values.
    for file in fixtures(&["secrets"]) {
        let bytes = std::fs::read(&file).unwrap();
        let text = editor_text(&bytes);
        let to = dir.path().join(file.file_name().unwrap());
        std::fs::write(&to, &bytes).unwrap();
        let (uri, _) = client.open_and_wait(&to, &text);
        for (line, content) in text.lines().enumerate() {
            for character in (0..content.encode_utf16().count() as u32).step_by(3) {
                hover(&mut client, &uri, line as u32, character);
            }
            code_actions(&mut client, &uri, line as u32);
            client.request(
                "textDocument/completion",
                json!({"textDocument": {"uri": uri}, "position": at(line as u32, 0)}),
            );
        }
    }
    // The edits of code actions are the buffer's own text going back into it;
    // everything else the client shows (messages, titles, hovers) holds no secret.
    for message in &client.transcript {
        let mut value: Value = serde_json::from_str(message).unwrap();
        strip_edits(&mut value);
        let shown = value.to_string();
        assert!(!shown.contains("LEAK"), "a secret in {shown}");
    }
    client.shutdown();
}

fn strip_edits(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("edit");
            map.values_mut().for_each(strip_edits);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_edits),
        _ => {}
    }
}

#[test]
fn a_strimzi_topic_is_linked_to_its_cluster_on_disk_or_open_and_relinted_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/carriers/strimzi-links");
    std::fs::create_dir_all(root.join("cluster")).unwrap();
    std::fs::create_dir_all(root.join("topics")).unwrap();
    let cluster_text = std::fs::read_to_string(fixtures.join("cluster/kafka.yaml")).unwrap();
    let topic_text = std::fs::read_to_string(fixtures.join("topics/payments.yaml")).unwrap();
    let cluster = root.join("cluster/kafka.yaml");
    let topic = root.join("topics/payments.yaml");
    std::fs::write(&cluster, &cluster_text).unwrap();
    std::fs::write(&topic, &topic_text).unwrap();
    let mut client = Client::start(plain(), root);
    // The cluster is only on disk: two brokers for three replicas.
    let (topic_uri, first) = client.open_and_wait(&topic, &topic_text);
    assert_eq!(codes(&first), ["K141"], "{first}");
    // Hover reads the key at the cluster's Kafka 3.5, which still has it (4.0 removed it).
    let key = hover(&mut client, &topic_uri, 13, 8);
    assert!(key.contains("topic, Kafka 3.5:*"), "{key}");
    assert!(!key.contains("not a configuration key"), "{key}");
    // The cluster's file opens with a third broker, not yet saved: the open text wins.
    let grown = cluster_text.replace("replicas: 2", "replicas: 3");
    assert_ne!(grown, cluster_text);
    client.open(&cluster, &grown);
    let second = client.published(&topic_uri);
    assert_eq!(codes(&second), Vec::<String>::new(), "{second}");
    client.shutdown();
}

#[test]
fn node_pools_in_other_files_size_the_cluster_on_disk_or_open() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/carriers/strimzi-pools");
    let mut texts = Vec::new();
    for file in [
        "cluster/kafka.yaml",
        "pools/brokers.yaml",
        "pools/controllers.yaml",
        "topics/payments.yaml",
    ] {
        let text = std::fs::read_to_string(fixtures.join(file)).unwrap();
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        texts.push((path, text));
    }
    let mut client = Client::start(plain(), root);
    // The pools are only on disk: two brokers (the controllers are none).
    let (cluster, cluster_text) = &texts[0];
    let (cluster_uri, first) = client.open_and_wait(cluster, cluster_text);
    assert_eq!(codes(&first), ["K709"], "{first}");
    let (topic, topic_text) = &texts[3];
    let (topic_uri, first) = client.open_and_wait(topic, topic_text);
    assert_eq!(codes(&first), ["K141"], "{first}");
    // Opening a linking document lints the others again: the cluster, unchanged.
    let again = client.published(&cluster_uri);
    assert_eq!(codes(&again), ["K709"], "{again}");
    // The broker pool opens with a third broker, not yet saved: both are linted again.
    let (pool, pool_text) = &texts[1];
    let grown = pool_text.replace("replicas: 2", "replicas: 3");
    assert_ne!(&grown, pool_text);
    client.open(pool, &grown);
    // Published in any order: each is taken as it comes.
    let mut relinted = std::collections::BTreeMap::new();
    while relinted.len() < 2 {
        let published = client.notification("textDocument/publishDiagnostics");
        let uri = published["uri"].as_str().unwrap_or_default().to_string();
        if uri == cluster_uri || uri == topic_uri {
            relinted.insert(uri, codes(&published));
        }
    }
    assert_eq!(
        relinted.into_values().collect::<Vec<_>>(),
        [Vec::<String>::new(), Vec::new()]
    );
    client.shutdown();
}

/// A related location: file, line, character.
type Place = (String, u64, u64);

#[test]
fn findings_in_a_compose_env_file_are_shown_where_the_compose_file_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/carriers/compose-env");
    for file in ["docker-compose.yml", "kafka.env"] {
        std::fs::copy(fixtures.join(file), dir.path().join(file)).unwrap();
    }
    let compose = dir.path().join("docker-compose.yml");
    let text = std::fs::read_to_string(&compose).unwrap();
    let mut client = Client::start(plain(), dir.path());
    let (_, published) = client.open_and_wait(&compose, &text);
    let env_uri = uri_of(&dir.path().join("kafka.env"));
    let mut shown: Vec<(String, u64, String, Vec<Place>)> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let related = d["relatedInformation"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|r| {
                    let start = &r["location"]["range"]["start"];
                    (
                        r["location"]["uri"]
                            .as_str()
                            .unwrap_or_default()
                            .replace(&env_uri, "kafka.env"),
                        start["line"].as_u64().unwrap_or_default(),
                        start["character"].as_u64().unwrap_or_default(),
                    )
                })
                .collect();
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_string(),
                related,
            )
        })
        .collect();
    shown.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    // The env file's two findings sit on `- kafka.env` (line 6), pointing at their lines.
    let env_line = 5;
    assert_eq!(
        shown,
        [
            (
                "K101".to_string(),
                env_line,
                "kafka.env:4: unknown broker key `auto.create.topic.enable` in Kafka 3.7; did you mean `auto.create.topics.enable`?".to_string(),
                vec![("kafka.env".to_string(), 3, 7)]
            ),
            (
                "K201".to_string(),
                env_line,
                "kafka.env:3: `log.retention.hours=forever` is not a number of type INT: the broker refuses to start".to_string(),
                vec![("kafka.env".to_string(), 2, 26)]
            ),
            (
                "K130".to_string(),
                16,
                "service other names the env file `missing.env`, which cannot be read (no such file): docker compose refuses to start it".to_string(),
                vec![]
            ),
        ]
    );
    client.shutdown();
}

/// The labels completion offers at the end of `text`'s line `line`, opened as `name`.
fn completed_at_line_end(name: &str, text: &str, line: u32) -> Vec<String> {
    let (_dir, mut client, uri, _) = opened(name, text);
    let character = text.lines().nth(line as usize).unwrap_or_default().len() as u32;
    let result = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": at(line, character)}),
    );
    client.shutdown();
    match result {
        Value::Null => Vec::new(),
        result => labels(&result),
    }
}

#[test]
fn completion_offers_prefixed_streams_keys_spring_properties_and_compose_variables() {
    let streams = completed_at_line_end(
        "streams.properties",
        "application.id=orders\nbootstrap.servers=a:9092\nproducer.\n",
        2,
    );
    for key in [
        "producer.linger.ms",
        "main.consumer.max.poll.records",
        "topic.retention.ms",
        "processing.guarantee",
        "max.poll.records",
    ] {
        assert!(streams.contains(&key.to_string()), "{key}: {streams:?}");
    }
    let spring = completed_at_line_end(
        "application.yml",
        "spring:\n  kafka:\n    bootstrap-servers: a:9092\n    consumer:\n      group-id: g\n      max\n",
        5,
    );
    assert!(
        spring.contains(&"max-poll-records".to_string()),
        "{spring:?}"
    );
    assert!(!spring.contains(&"acks".to_string()), "{spring:?}");
    let spring_properties = completed_at_line_end(
        "application.properties",
        "spring.kafka.bootstrap-servers=a:9092\nspring.kafka.producer.\n",
        1,
    );
    assert!(
        spring_properties.contains(&"spring.kafka.producer.batch-size".to_string()),
        "{spring_properties:?}"
    );
    let compose = completed_at_line_end(
        "docker-compose.yml",
        "services:\n  kafka:\n    image: confluentinc/cp-kafka:7.6.1\n    environment:\n      KAFKA_NUM_PARTITIONS: 3\n      KAFKA_AUTO_CREATE_TOPICS\n",
        5,
    );
    assert_eq!(compose, ["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]);
    // A value is no place for a key.
    let value = completed_at_line_end(
        "docker-compose.yml",
        "services:\n  kafka:\n    image: apache/kafka:3.7.0\n    environment:\n      KAFKA_NUM_PARTITIONS: 3\n",
        4,
    );
    assert!(value.is_empty(), "{value:?}");
}

#[test]
fn a_spring_profile_file_gets_the_findings_check_gives_it() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spring-profiles/split");
    for file in ["application.yml", "application-prod-eu.yml"] {
        std::fs::copy(fixtures.join(file), dir.path().join(file)).unwrap();
    }
    let profile = dir.path().join("application-prod-eu.yml");
    let text = std::fs::read_to_string(&profile).unwrap();
    let mut client = Client::start(plain(), dir.path());
    let (uri, published) = client.open_and_wait(&profile, &text);
    let base_uri = uri_of(&dir.path().join("application.yml"));
    let shown: Vec<(String, u64, String, Vec<Place>)> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let related = d["relatedInformation"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|r| {
                    let start = &r["location"]["range"]["start"];
                    let file = r["location"]["uri"].as_str().unwrap_or_default();
                    (
                        if file == base_uri {
                            "base"
                        } else if file == uri {
                            "profile"
                        } else {
                            file
                        }
                        .to_string(),
                        start["line"].as_u64().unwrap_or_default(),
                        start["character"].as_u64().unwrap_or_default(),
                    )
                })
                .collect();
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_string(),
                related,
            )
        })
        .collect();
    // The loop is found with the base file's max.poll.records: shown at the
    // top of the profile file, pointing at the line in application.yml and at
    // the profile's own max.poll.interval.ms.
    assert_eq!(
        shown,
        [(
            "K501".to_string(),
            0,
            "application.yml:7: a batch of max.poll.records=1000 records at 100 ms each takes 100000 ms, longer than max.poll.interval.ms=60000: the consumer is evicted, its commit fails, and the group re-consumes the same records for ever".to_string(),
            vec![("base".to_string(), 6, 6), ("profile".to_string(), 5, 8)]
        )]
    );
    client.shutdown();
}
