//! CEL expressions, parsed with the crate's hand-written Pratt parser: about 20
//! times faster than its generated ANTLR parser, and parsing is most of what a
//! run on one small file costs. It expands CEL's standard macros (`has`, `all`,
//! `exists`, `exists_one`, `map`, `filter`).
//!
//! An expression is measured before it is parsed (`limits.rs`), and
//! instrumented once parsed (`budget.rs`): each comprehension counts its
//! iterations, `replace` is the bounded one, and each literal pattern of
//! `matches` is compiled now, so that a bad one is an error of the rule file.

use super::budget::{self, REPLACE, TICK};
use super::limits;
use cel::IdedExpr;
use cel::Value;
use cel::common::ast::operators::{ADD, CONDITIONAL, EQUALS, IN, INDEX, LOGICAL_NOT, NOT_EQUALS};
use cel::common::ast::{CallExpr, ComprehensionExpr, EntryExpr, Expr as Node, LiteralValue};
use cel::parser::PrattParser;

#[derive(Debug)]
pub struct Expr(IdedExpr);

impl Expr {
    pub fn parse(source: &str) -> Result<Expr, String> {
        Expr::parse_with_depth(source).map(|(expr, _)| expr)
    }

    /// The expression, and the depth of its tree once instrumented: how deep
    /// evaluating it recurses. That depth never exceeds the bound its text
    /// gives ([`limits::Measure::depth_bound`]), which decides the stack it
    /// is evaluated on.
    pub fn parse_with_depth(source: &str) -> Result<(Expr, usize), String> {
        let measure = limits::check(source)?;
        let mut expr = PrattParser::new().parse(source).map_err(|e| {
            // The crate's message quotes the whole line: show the error, and
            // the start of the expression.
            let first = e.errors.first().map_or_else(String::new, |e| {
                format!(
                    "{}:{}: {}",
                    e.pos.0,
                    e.pos.1,
                    crate::text::clip(&e.msg, limits::SHOWN_CHARS)
                )
            });
            format!("{first} in `{}`", limits::shown(source))
        })?;
        let depth = instrument(&mut expr)?;
        if depth > measure.depth_bound() {
            return Err(format!(
                "nested {depth} levels deep once parsed, more than its text allows ({}): `{}`",
                measure.depth_bound(),
                limits::shown(source)
            ));
        }
        Ok((Expr(expr), depth))
    }

    pub fn eval(&self, ctx: &cel::Context) -> Result<Value, String> {
        Value::resolve_val(&self.0, ctx)
            .and_then(|v| {
                // A value of an application type (`cfg`, see `config_map.rs`)
                // converts through its copy, a built-in one.
                Value::try_from(v.as_ref())
                    .or_else(|_| Value::try_from(v.clone_as_boxed().as_ref()))
            })
            .map_err(|e| crate::text::clip(&e.to_string(), 2 * limits::SHOWN_CHARS).into_owned())
    }
}

impl Expr {
    /// Whether the expression sees the value of the file's key `key` only as
    /// null, empty or neither: it uses `cfg[key]` only compared (`==`, `!=`)
    /// with `null` or `""`, `explicit[key]` and `key in cfg` as it likes, and
    /// `cfg` and `explicit` only so, indexed by a literal key. Anything else
    /// (a computed key, `cfg` whole, `derived`, the key's text elsewhere)
    /// says no.
    pub fn sees_only_the_shape_of(&self, key: &str) -> bool {
        shape_only(&self.0, key)
    }
}

/// The file's maps, which `sees_only_the_shape_of` follows.
const FILE_MAPS: [&str; 2] = ["cfg", "explicit"];

fn shape_only(expr: &IdedExpr, key: &str) -> bool {
    match &expr.expr {
        Node::Call(call) => {
            if let Some(allowed) = shape_only_call(call, key) {
                return allowed;
            }
            call.target.iter().all(|t| shape_only(t, key))
                && call.args.iter().all(|a| shape_only(a, key))
        }
        Node::Comprehension(c) => [
            &c.iter_range,
            &c.accu_init,
            &c.loop_cond,
            &c.loop_step,
            &c.result,
        ]
        .into_iter()
        .all(|part| shape_only(part, key)),
        Node::List(list) => list.elements.iter().all(|e| shape_only(e, key)),
        Node::Map(map) => map.entries.iter().all(|entry| match &entry.expr {
            EntryExpr::MapEntry(e) => shape_only(&e.key, key) && shape_only(&e.value, key),
            EntryExpr::StructField(f) => shape_only(&f.value, key),
        }),
        Node::Struct(s) => s.entries.iter().all(|entry| match &entry.expr {
            EntryExpr::StructField(f) => shape_only(&f.value, key),
            EntryExpr::MapEntry(e) => shape_only(&e.key, key) && shape_only(&e.value, key),
        }),
        Node::Select(select) => shape_only(&select.operand, key),
        // `derived` is worked out from the file's keys, their text included.
        Node::Ident(name) => !FILE_MAPS.contains(&name.as_str()) && name != "derived",
        Node::Literal(LiteralValue::String(s)) => s.inner() != key,
        Node::Literal(_) | Node::Unspecified => true,
    }
}

/// The verdict on a call that uses the file's maps (Some), or None for a call
/// to look into.
fn shape_only_call(call: &CallExpr, key: &str) -> Option<bool> {
    let [a, b] = call.args.as_slice() else {
        return None;
    };
    match call.func_name.as_str() {
        EQUALS | NOT_EQUALS if call.target.is_none() => {
            let compared = |x: &IdedExpr, y: &IdedExpr| {
                file_map_index(x) == Some(("cfg", key)) && is_null_or_empty(y)
            };
            (compared(a, b) || compared(b, a)).then_some(true)
        }
        INDEX if call.target.is_none() => {
            file_map_index_parts(a, b).map(|(map, indexed)| indexed != key || map == "explicit")
        }
        IN if call.target.is_none() => match (&a.expr, &b.expr) {
            (Node::Literal(LiteralValue::String(_)), Node::Ident(map))
                if FILE_MAPS.contains(&map.as_str()) =>
            {
                Some(true)
            }
            _ => None,
        },
        _ => None,
    }
}

/// `map[literal]` for one of the file's maps: the map and the literal.
fn file_map_index(expr: &IdedExpr) -> Option<(&str, &str)> {
    match &expr.expr {
        Node::Call(call) if call.func_name == INDEX && call.target.is_none() => {
            match call.args.as_slice() {
                [a, b] => file_map_index_parts(a, b),
                _ => None,
            }
        }
        _ => None,
    }
}

fn file_map_index_parts<'e>(map: &'e IdedExpr, index: &'e IdedExpr) -> Option<(&'e str, &'e str)> {
    match (&map.expr, &index.expr) {
        (Node::Ident(map), Node::Literal(LiteralValue::String(key)))
            if FILE_MAPS.contains(&map.as_str()) =>
        {
            Some((map.as_str(), key.inner()))
        }
        _ => None,
    }
}

fn is_null_or_empty(expr: &IdedExpr) -> bool {
    match &expr.expr {
        Node::Literal(LiteralValue::Null) => true,
        Node::Literal(LiteralValue::String(s)) => s.inner().is_empty(),
        _ => false,
    }
}

/// `@budget(expr)`, with the id of `expr` (ids only serve error positions).
fn counted(expr: IdedExpr) -> IdedExpr {
    IdedExpr {
        id: expr.id,
        expr: Node::Call(CallExpr {
            func_name: TICK.to_string(),
            target: None,
            args: vec![expr],
        }),
    }
}

fn wrap(slot: &mut IdedExpr) {
    *slot = counted(std::mem::take(slot));
}

/// Makes `c` count each iteration. A `map` or `filter` (an append step with a
/// literal loop condition: the crate builds its list in place) counts in its
/// step, where the appended element or the filter's guard is evaluated,
/// keeping the shape the crate recognises; other comprehensions count in
/// their loop condition, which runs before each step whatever the step does
/// (an `all` whose step fails goes on to the next element).
fn count_iterations(c: &mut ComprehensionExpr) {
    let appends = matches!(c.loop_cond.expr, Node::Literal(_))
        && matches!(&c.result.expr, Node::Ident(name) if *name == c.accu_var);
    if appends && let Node::Call(step) = &mut c.loop_step.expr {
        let append = |call: &mut CallExpr| match call.args.as_mut_slice() {
            [_, item] if call.func_name == ADD => match &mut item.expr {
                Node::List(list) if list.elements.len() == 1 => {
                    wrap(&mut list.elements[0]);
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if step.func_name == CONDITIONAL && step.args.len() == 3 {
            wrap(&mut step.args[0]);
            return;
        }
        if append(step) {
            return;
        }
    }
    wrap(&mut c.loop_cond);
}

/// Instruments `expr` and everything below it (see the module's
/// documentation); returns the depth of its tree once instrumented.
/// `!x` becomes `x ? false : true`: the same value when `x` is a boolean and an
/// error when it is not, without what the crate does for `!` at every
/// evaluation (it builds the error it would return, five allocations, before
/// it knows whether there is one; rules negate often).
fn negation_as_conditional(call: &mut CallExpr, id: u64) {
    if call.func_name != LOGICAL_NOT || call.target.is_some() || call.args.len() != 1 {
        return;
    }
    let literal = |b: bool| IdedExpr {
        id,
        expr: Node::Literal(LiteralValue::Boolean(b.into())),
    };
    call.func_name = CONDITIONAL.to_string();
    call.args.extend([literal(false), literal(true)]);
}

fn instrument(expr: &mut IdedExpr) -> Result<usize, String> {
    let mut below = 0;
    let mut visit = |e: &mut IdedExpr| -> Result<(), String> {
        below = below.max(instrument(e)?);
        Ok(())
    };
    match &mut expr.expr {
        Node::Call(call) => {
            negation_as_conditional(call, expr.id);
            if call.func_name == "replace" && call.target.is_some() {
                call.func_name = REPLACE.to_string();
            }
            if call.func_name == "matches"
                && let Some(IdedExpr {
                    expr: Node::Literal(LiteralValue::String(pattern)),
                    ..
                }) = call.args.last()
            {
                budget::regex(pattern.inner())?;
            }
            if let Some(target) = &mut call.target {
                visit(target)?;
            }
            for arg in &mut call.args {
                visit(arg)?;
            }
        }
        Node::Comprehension(c) => {
            count_iterations(c);
            for part in [
                &mut c.iter_range,
                &mut c.accu_init,
                &mut c.loop_cond,
                &mut c.loop_step,
                &mut c.result,
            ] {
                visit(part)?;
            }
        }
        Node::List(list) => {
            for element in &mut list.elements {
                visit(element)?;
            }
        }
        Node::Map(map) => {
            for entry in &mut map.entries {
                if let EntryExpr::MapEntry(e) = &mut entry.expr {
                    visit(&mut e.key)?;
                    visit(&mut e.value)?;
                }
            }
        }
        Node::Struct(s) => {
            for entry in &mut s.entries {
                if let EntryExpr::StructField(f) = &mut entry.expr {
                    visit(&mut f.value)?;
                }
            }
        }
        Node::Select(select) => visit(&mut select.operand)?,
        Node::Ident(_) | Node::Literal(_) | Node::Unspecified => {}
    }
    Ok(below + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(source: &str) -> (Result<Value, String>, Option<String>) {
        let ctx = cel::Context::with_env(super::super::environment());
        let expr = Expr::parse(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        budget::start();
        let value = expr.eval(&ctx);
        (value, budget::spent())
    }

    fn shape_only(source: &str) -> bool {
        let expr = Expr::parse(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        expr.sees_only_the_shape_of("group.id")
    }

    #[test]
    fn a_key_compared_only_with_null_or_empty_is_seen_only_by_its_shape() {
        for source in [
            r#"cfg["group.id"] == null"#,
            r#"null != cfg["group.id"] && explicit["group.id"]"#,
            r#"cfg["group.id"] == "" || "group.id" in cfg"#,
            r#"cfg["other"].size() > 3 && cfg["group.id"] != """#,
            r#"version >= v("4.0.0")"#,
        ] {
            assert!(shape_only(source), "{source}");
        }
        for source in [
            r#"cfg["group.id"] == "orders""#,
            r#"cfg["group.id"].size() == 0"#,
            r#"cfg["group.id"].startsWith("a") == null"#,
            r#""group.id" == "group.id""#,
            r#"cfg["group." + "id"] == null"#,
            r#"cfg.exists(k, k == "x")"#,
            r#"[cfg["group.id"]].size() == 1"#,
            r#"size(cfg) > 0"#,
            r#"cfg["group.id"] == null && derived.idempotent"#,
        ] {
            assert!(!shape_only(source), "{source}");
        }
    }

    fn value(source: &str) -> Value {
        match eval(source) {
            (Ok(v), None) => v,
            other => panic!("{source}: {other:?}"),
        }
    }

    #[test]
    fn negating_what_is_no_boolean_is_still_an_error() {
        for source in ["!1", "!null", "!'true'", "!{'a': 1}.a"] {
            assert!(eval(source).0.is_err(), "{source}");
        }
        // As for any error: `||` takes the side that holds.
        assert_eq!(value("!1 || true"), Value::Bool(true));
    }

    #[test]
    fn instrumented_macros_give_the_same_results() {
        let cases = [
            ("[1, 2, 3].all(x, x > 0)", Value::Bool(true)),
            ("[1, 2, 3].exists(x, x > 2)", Value::Bool(true)),
            ("[1, 2, 3].exists_one(x, x > 1)", Value::Bool(false)),
            ("[1, 2, 3].map(x, x * 2) == [2, 4, 6]", Value::Bool(true)),
            (
                "[1, 2, 3].map(x, x > 1, x * 2) == [4, 6]",
                Value::Bool(true),
            ),
            ("[1, 2, 3].filter(x, x != 2) == [1, 3]", Value::Bool(true)),
            ("{'a': 1}.all(k, k == 'a')", Value::Bool(true)),
            // An error that a later element overrides, as CEL has it.
            ("[0, 1].exists(x, 1 / x == 1)", Value::Bool(true)),
            ("'aXbX'.replace('X', '-')", Value::from("a-b-")),
            ("'aXbX'.replace('X', '-', 1)", Value::from("a-bX")),
            (
                "'abc'.matches('^a.c$') && matches('abc', 'b')",
                Value::Bool(true),
            ),
            ("has({'a': 1}.a)", Value::Bool(true)),
            // Negation, rewritten as a conditional.
            ("!false && !!true", Value::Bool(true)),
            ("!(1 > 2) ? 'yes' : 'no'", Value::from("yes")),
            ("[1, 2].exists(x, !(x > 1))", Value::Bool(true)),
        ];
        for (source, expected) in cases {
            assert_eq!(value(source), expected, "{source}");
        }
    }

    #[test]
    fn the_depth_never_exceeds_the_bound_of_the_text() {
        let nest = |open: &str, inner: &str, close: &str, n: usize| {
            format!("{}{inner}{}", open.repeat(n), close.repeat(n))
        };
        let mut sources = vec![
            format!("x{}", "[0]".repeat(40)),
            format!("x{}", ".a".repeat(40)),
            nest("-", "1", "", 40),
            nest("!", "true", "", 40),
            nest("[1].map(x, x > 0, ", "[x]", ")", 20),
            nest("[1].filter(x, ", "true", ")", 20),
            nest("[1].exists_one(x, ", "true", ")", 20),
            nest("{'a': ", "1", "}", 40),
            nest("has(x.", "a", ")", 1),
            nest("f(", "1", ")", 40),
            nest("true ? 1 : ", "2", "", 40),
            nest("(true ? ", "1", " : 2)", 40),
        ];
        sources.push(vec!["a"; 60].join(" in "));
        for source in sources {
            if let Err(e) = Expr::parse_with_depth(&source) {
                panic!("{source}: {e}");
            }
        }
    }

    #[test]
    fn nested_loops_run_out_of_budget_even_when_the_error_is_swallowed() {
        let hundred = format!("[{}]", vec!["1"; 100].join(", "));
        let nested = format!("{hundred}.all(a, {hundred}.all(b, {hundred}.all(c, a + b + c > 0)))");
        for source in [nested.clone(), format!("{nested} || true")] {
            let (_, spent) = eval(&source);
            assert!(
                spent.is_some_and(|why| why.contains("100000 loop iterations")),
                "{source}"
            );
        }
        // Within the budget: a fresh start for each rule and file.
        let (v, spent) = eval(&format!("{hundred}.all(a, {hundred}.all(b, a + b > 0))"));
        assert_eq!((v, spent), (Ok(Value::Bool(true)), None));
    }

    #[test]
    fn replace_refuses_a_result_beyond_its_bound() {
        let kilobyte = format!("'{}'", "x".repeat(1024));
        let (v, _) = eval(&format!("{kilobyte}.replace('', {kilobyte}).size() > 0"));
        let e = v.expect_err("a 1 MiB result is refused");
        assert!(e.contains("at most 1048576"), "{e}");
    }

    #[test]
    fn a_literal_pattern_is_compiled_with_the_rule_and_once_per_run() {
        let e = Expr::parse("'a'.matches('(unclosed')").expect_err("an invalid pattern");
        assert!(e.contains("is not a valid regular expression"), "{e}");
        let (a, b) = (budget::regex("^k+$"), budget::regex("^k+$"));
        assert!(matches!((a, b), (Ok(a), Ok(b)) if std::sync::Arc::ptr_eq(&a, &b)));
    }

    #[test]
    fn errors_show_only_the_start_of_a_long_expression() {
        let long = format!("[{}", vec!["1"; 1000].join(","));
        let e = Expr::parse(&long).expect_err("unclosed");
        assert!(e.len() < 400, "{e}");
    }
}
