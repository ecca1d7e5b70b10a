//! User rules cannot make kafkalint crash, hang or flood the terminal: an
//! expression beyond the limits (4 KB, 64 levels of brackets, 200 operators) is
//! refused before it is parsed, with its file and line and only its start; one
//! within them evaluates on any thread; loops are budgeted per rule and file;
//! `replace` cannot build a huge string, and a bad literal pattern of `matches`
//! is an error of the rule file.

mod support;

use support::{TempDir, check_concise, rule_file, run};

/// Runs `check` and `rules` with the rule directory `rules` on `file`.
fn check_and_list(dir: &TempDir, file: &str) -> [support::Output; 2] {
    [
        check_concise(dir.path(), &["--rules", "rules", file]),
        run(dir.path(), &["rules", "--rules", "rules"]),
    ]
}

#[test]
fn expressions_beyond_the_limits_are_refused_with_their_line_and_only_their_start() {
    let long_chain = vec!["1"; 2000].join(" + ") + " > 0";
    let terms_200 = vec!["1"; 1000].join("+");
    let cases = [
        (
            "operators",
            terms_200.clone(),
            "999 operators (at most 200)",
        ),
        ("chain", long_chain, "2000 operators (at most 200)"),
        (
            "brackets",
            format!("{}1{} == 1", "[".repeat(3000), "]".repeat(3000)),
            "nested 3000 brackets deep (at most 64)",
        ),
        (
            "parentheses",
            format!("{}1{} == 1", "(".repeat(3000), ")".repeat(3000)),
            "nested 3000 brackets deep (at most 64)",
        ),
        (
            "string",
            format!("'{}' == ''", "x".repeat(5000)),
            "bytes long (at most 4096)",
        ),
    ];
    for (name, condition, why) in cases {
        let dir = TempDir::new(&format!("limit-{name}"));
        dir.write("consumer.properties", "group.id=g\n");
        dir.write("rules/x.toml", rule_file("X1", "consumer", &[], &condition));
        for out in check_and_list(&dir, "consumer.properties") {
            assert_eq!(out.code, 2, "{name}: {out:#?}");
            assert!(
                out.stderr
                    .contains("kafkalint: invalid rule file: rules/x.toml:8: invalid CEL expression: expression too large: ")
                    && out.stderr.contains(why),
                "{name}: {out:#?}"
            );
            assert!(out.stderr.len() < 400, "{name}: echoes too much: {out:#?}");
        }
    }
    // In a message's `{{ }}`, at the message's line.
    let dir = TempDir::new("limit-template");
    dir.write("consumer.properties", "group.id=g\n");
    let rule = rule_file("X1", "consumer", &[], "true").replace(
        "message = \"X1 fired\"",
        &format!("message = \"{{{{ {terms_200} }}}}\""),
    );
    dir.write("rules/x.toml", rule);
    for out in check_and_list(&dir, "consumer.properties") {
        assert_eq!(out.code, 2, "{out:#?}");
        assert!(
            out.stderr.contains(
                "rules/x.toml:9: invalid CEL expression: expression too large: 999 operators"
            ),
            "{out:#?}"
        );
    }
}

#[test]
fn expressions_at_the_limits_evaluate_with_one_file_and_with_many() {
    let dir = TempDir::new("limit-edges");
    dir.write("a/consumer.properties", "group.id=g\n");
    dir.write("b/consumer.properties", "group.id=g\n");
    let mut macros = "true".to_string();
    for i in 0..60 {
        macros = format!("[1].all(x{i}, {macros})");
    }
    let conditions = [
        vec!["1"; 200].join(" + ") + " > 0",
        format!("{}1{} > 0", "(".repeat(64), ")".repeat(64)),
        format!("{}1{} != [1]", "[".repeat(64), "]".repeat(64)),
        format!("{}true", "!".repeat(200)),
        macros,
    ];
    for (i, condition) in conditions.iter().enumerate() {
        let code = format!("X{i}");
        dir.write(
            &format!("rules/{i}.toml"),
            rule_file(&code, "consumer", &[], condition),
        );
    }
    for paths in [&["a/consumer.properties"][..], &["a", "b"][..]] {
        let mut args = vec!["check", "--format", "concise", "--rules", "rules"];
        args.extend_from_slice(paths);
        let out = run(dir.path(), &args);
        assert_eq!(out.code, 0, "{out:#?}");
        assert_eq!(out.stderr, "", "{out:#?}");
        for fired in ["X0", "X1", "X2", "X4"] {
            assert!(
                out.stdout.contains(&format!("[{fired}] {fired} fired")),
                "{fired}: {out:#?}"
            );
        }
    }
    let out = run(dir.path(), &["rules", "--rules", "rules"]);
    assert_eq!(out.code, 0, "{out:#?}");
}

#[test]
fn nested_loops_over_a_hostile_file_end_with_an_error_naming_rule_and_file() {
    let dir = TempDir::new("limit-loops");
    let listeners: Vec<String> = (1..=1000).map(|i| format!("L{i}://h:{i}")).collect();
    dir.write(
        "server.properties",
        format!("listeners={}\n", listeners.join(",")),
    );
    let all3 = "derived.listeners.all(a, derived.listeners.all(b, derived.listeners.all(c, a.port + b.port + c.port > 0)))";
    dir.write(
        "rules/nested.toml",
        rule_file("X1", "broker", &["listeners"], all3),
    );
    // Swallowing the error does not let the loops go on.
    dir.write(
        "rules/swallowed.toml",
        rule_file("X2", "broker", &["listeners"], &format!("{all3} || true")),
    );
    let out = check_concise(
        dir.path(),
        &["--select", "X", "--rules", "rules", "server.properties"],
    );
    assert_eq!(out.code, 2, "{out:#?}");
    for rule in ["X1 (rules/nested.toml)", "X2 (rules/swallowed.toml)"] {
        assert!(
            out.stderr.contains(&format!(
                "kafkalint: rule {rule} could not be evaluated on server.properties: it ran out of its evaluation budget (100000 loop iterations"
            )),
            "{out:#?}"
        );
    }
}

#[test]
fn replace_is_bounded_and_a_bad_literal_pattern_is_a_rule_file_error() {
    let dir = TempDir::new("limit-strings");
    dir.write("consumer.properties", "group.id=g\n");
    let kilobyte = format!("'{}'", "x".repeat(1100));
    dir.write(
        "rules/replace.toml",
        rule_file(
            "X1",
            "consumer",
            &[],
            &format!("{kilobyte}.replace('', {kilobyte}).size() > 0"),
        ),
    );
    let out = check_concise(dir.path(), &["--rules", "rules", "consumer.properties"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr.contains(
            "rule X1 (rules/replace.toml) could not be evaluated on consumer.properties: "
        ) && out.stderr.contains("(at most 1048576)"),
        "{out:#?}"
    );

    // A value that is not a boolean is shown only in part.
    let long_list = format!("[{}]", vec!["'a long element'"; 200].join(", "));
    dir.write(
        "rules/replace.toml",
        rule_file("X1", "consumer", &[], &long_list),
    );
    let out = check_concise(dir.path(), &["--rules", "rules", "consumer.properties"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr.contains("expected a boolean, got ") && out.stderr.len() < 500,
        "{out:#?}"
    );

    dir.write(
        "rules/replace.toml",
        rule_file("X1", "consumer", &[], "'group'.matches('(unclosed')"),
    );
    for out in check_and_list(&dir, "consumer.properties") {
        assert_eq!(out.code, 2, "{out:#?}");
        assert!(
            out.stderr.contains("invalid rule file: rules/replace.toml:8: invalid CEL expression: `(unclosed` is not a valid regular expression"),
            "{out:#?}"
        );
    }
}
