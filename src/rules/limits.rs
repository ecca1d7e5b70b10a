//! Bounds on what a rule may ask of kafkalint, far above any real rule (the
//! built-in rules stay under 400 bytes, 4 levels of brackets and 25 operators
//! per expression; `limits_are_far_above_the_builtin_rules` checks it).
//!
//! An expression is measured on its text, before the parser sees it: a hostile
//! one (thousands of operators, brackets thousands deep) is refused without
//! being parsed. Evaluation is budgeted per rule and file (see `budget.rs`).

/// The longest expression (a condition, a fix value, a `{{ }}` of a message).
pub const MAX_EXPRESSION_BYTES: usize = 4096;
/// The deepest nesting of `(`, `[` and `{` in an expression.
pub const MAX_NESTING: usize = 64;
/// The most operators in an expression (`.`, `[`, `!`, `-`, `&&`, `in`, `?`...).
pub const MAX_OPERATORS: usize = 200;
/// The largest user rule file.
pub const MAX_RULE_FILE_BYTES: u64 = 1024 * 1024;
/// How much of an expression an error message shows.
pub const SHOWN_CHARS: usize = 100;

/// What the text of an expression asks of the parser and the evaluator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measure {
    pub bytes: usize,
    pub nesting: usize,
    pub operators: usize,
}

impl Measure {
    /// The text's size, nesting and operators, outside string literals.
    pub fn of(source: &str) -> Measure {
        let bytes = source.as_bytes();
        let mut m = Measure {
            bytes: bytes.len(),
            ..Measure::default()
        };
        let mut depth = 0usize;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\'' || b == b'"' {
                i = skip_string(bytes, i);
                continue;
            }
            let next = bytes.get(i + 1).copied();
            let word = |at: usize| {
                bytes
                    .get(at)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
            };
            match b {
                b'(' | b'{' => {
                    depth += 1;
                    m.nesting = m.nesting.max(depth);
                }
                b'[' => {
                    depth += 1;
                    m.nesting = m.nesting.max(depth);
                    // An index is an operator: `a[0][0]...` nests without brackets inside.
                    m.operators += 1;
                }
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                b'&' | b'|' | b'=' if next == Some(b) => {
                    m.operators += 1;
                    i += 1;
                }
                b'!' | b'<' | b'>' => {
                    m.operators += 1;
                    if next == Some(b'=') {
                        i += 1;
                    }
                }
                b'+' | b'-' | b'*' | b'/' | b'%' | b'?' => m.operators += 1,
                // A member, not the point of a number such as 1.5.
                b'.' if !(i > 0 && bytes[i - 1].is_ascii_digit()) => m.operators += 1,
                b'i' if next == Some(b'n') && !(i > 0 && word(i - 1)) && !word(i + 2) => {
                    m.operators += 1;
                    i += 1;
                }
                _ => {}
            }
            i += 1;
        }
        m
    }

    /// How deep evaluating the expression can recurse, at most: each operator
    /// adds a level, each bracket (a call, a macro and its expansion, a
    /// literal) at most five.
    pub fn depth_bound(self) -> usize {
        self.operators + 5 * self.nesting + 2
    }
}

/// The index just past the string literal that opens at `start` (`'`, `"`,
/// or their triple forms; a backslash escapes the next byte, which is also
/// right for raw strings: it never ends one early, so the count stays an
/// upper bound). An unterminated string runs to the end.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let triple = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => {
                if !triple {
                    return i + 1;
                }
                if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                    return i + 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Refuses an expression beyond the limits, saying which and showing its start.
pub fn check(source: &str) -> Result<Measure, String> {
    let m = Measure::of(source);
    let problem = if m.nesting > MAX_NESTING {
        format!("nested {} brackets deep (at most {MAX_NESTING})", m.nesting)
    } else if m.operators > MAX_OPERATORS {
        format!("{} operators (at most {MAX_OPERATORS})", m.operators)
    } else if m.bytes > MAX_EXPRESSION_BYTES {
        format!("{} bytes long (at most {MAX_EXPRESSION_BYTES})", m.bytes)
    } else {
        return Ok(m);
    };
    Err(format!(
        "expression too large: {problem}: `{}`",
        shown(source)
    ))
}

/// The start of an expression, as an error message shows it.
pub fn shown(source: &str) -> std::borrow::Cow<'_, str> {
    crate::text::clip(source.trim(), SHOWN_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_outside_strings() {
        let m = Measure::of(r#"cfg["a.b"] > 1 && "x(" in ['(', "\"["]"#);
        assert_eq!(m.nesting, 1);
        // [ (index) > && in [ (list)
        assert_eq!(m.operators, 5);
        assert_eq!(Measure::of("1.5 + a.b").operators, 2);
        assert_eq!(Measure::of("'''a'b''' + 1").operators, 1);
        assert_eq!(Measure::of("index + inner").operators, 1);
    }

    #[test]
    fn refuses_what_is_too_large_and_shows_only_its_start() {
        let long = vec!["1"; 1000].join("+");
        let e = check(&long).unwrap_err();
        assert!(e.contains("999 operators (at most 200)"), "{e}");
        assert!(e.len() < 200, "{e}");
        let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
        assert!(
            check(&deep)
                .unwrap_err()
                .contains("nested 300 brackets deep")
        );
        let big = format!("'{}'", "x".repeat(5000));
        assert!(check(&big).unwrap_err().contains("5002 bytes long"));
        assert!(check("cfg['a'] > 1").is_ok());
    }
}
