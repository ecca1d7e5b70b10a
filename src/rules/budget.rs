//! What evaluating one rule on one file may cost, and the CEL functions that
//! keep it to that. The `cel` crate has no fuel, so the compiled expressions
//! are instrumented (see `expr.rs`): every iteration of a comprehension (`all`,
//! `exists`, `exists_one`, `map`, `filter`) calls [`TICK`], which counts it and
//! the size of what a `map` or `filter` keeps, and `replace` is [`REPLACE`],
//! which refuses a result beyond [`MAX_STRING_BYTES`] before building it.
//! `matches` compiles each pattern once per run (the crate's compiles it on
//! every call).
//!
//! The budget is per thread: [`start`] before a rule runs on a file, [`spent`]
//! after. Once spent, every further iteration fails at once, so an expression
//! that swallows the error (`... || true`) still ends quickly, and the rule is
//! reported as out of budget whatever it returned.

use cel::ExecutionError;
use cel::common::types::{self, CelInt, CelList, CelString};
use cel::common::value::CowVal;
use regex::Regex;
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Loop iterations one rule may run on one file.
pub const MAX_ITERATIONS: u64 = 100_000;
/// What the loops of one rule on one file may keep: string bytes, plus 16 per
/// list element.
pub const MAX_KEPT_BYTES: u64 = 64 * 1024 * 1024;
/// The longest string `replace` may make.
pub const MAX_STRING_BYTES: usize = 1024 * 1024;

/// The instrumented name of a comprehension's step counter: `@` cannot be
/// written in CEL, so no rule can call it.
pub const TICK: &str = "@budget";
/// What `s.replace(...)` calls once instrumented.
pub const REPLACE: &str = "@replace";

#[derive(Clone, Copy)]
struct Left {
    iterations: u64,
    bytes: u64,
    exhausted: bool,
}

const FULL: Left = Left {
    iterations: MAX_ITERATIONS,
    bytes: MAX_KEPT_BYTES,
    exhausted: false,
};

thread_local! {
    static LEFT: Cell<Left> = const { Cell::new(FULL) };
}

/// Gives this thread a whole budget: before evaluating a rule on a file.
pub fn start() {
    LEFT.with(|l| l.set(FULL));
}

/// Why the budget ran out since [`start`], if it did.
pub fn spent() -> Option<String> {
    LEFT.with(|l| l.get().exhausted).then(|| {
        format!(
            "it ran out of its evaluation budget ({MAX_ITERATIONS} loop iterations, {} MiB kept by loops, per rule and file)",
            MAX_KEPT_BYTES >> 20
        )
    })
}

fn exhausted(function: &str) -> ExecutionError {
    LEFT.with(|l| {
        let mut left = l.get();
        left.exhausted = true;
        l.set(left);
    });
    ExecutionError::function_error(function, "evaluation budget exhausted")
}

/// Counts one iteration that keeps `bytes`.
fn charge(bytes: u64) -> Result<(), ExecutionError> {
    let left = LEFT.with(Cell::get);
    if left.exhausted || left.iterations == 0 || left.bytes < bytes {
        return Err(exhausted(TICK));
    }
    LEFT.with(|l| {
        l.set(Left {
            iterations: left.iterations - 1,
            bytes: left.bytes - bytes,
            exhausted: false,
        })
    });
    Ok(())
}

/// What keeping a value costs.
fn kept_bytes(value: &CowVal<'_, '_>) -> u64 {
    if let Some(s) = value.downcast_ref::<CelString>() {
        s.inner().len() as u64
    } else if let Some(l) = value.downcast_ref::<CelList>() {
        16 * l.inner().len() as u64
    } else {
        0
    }
}

/// `@budget(x)`: counts an iteration (and what it keeps) and gives `x` back.
fn tick<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let value = args
        .into_iter()
        .next()
        .ok_or(ExecutionError::MissingArgumentOrTarget)?;
    charge(kept_bytes(&value))?;
    Ok(value)
}

fn string_arg<'a>(args: &'a [CowVal<'_, '_>], i: usize) -> Result<&'a str, ExecutionError> {
    args.get(i)
        .and_then(|a| a.downcast_ref::<CelString>())
        .map(CelString::inner)
        .ok_or(ExecutionError::MissingArgumentOrTarget)
}

/// `s.replace(from, to[, n])` as the strings extension has it (the first `n`,
/// all when `n` is negative or absent), refusing a result beyond
/// [`MAX_STRING_BYTES`]: `s.replace('', s)` squares the length of `s`.
fn replace<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let (s, from, to) = (
        string_arg(&args, 0)?,
        string_arg(&args, 1)?,
        string_arg(&args, 2)?,
    );
    let limit = match args.get(3).and_then(|n| n.downcast_ref::<CelInt>()) {
        Some(n) => usize::try_from(*n.inner()).unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    let count = s.matches(from).take(limit).count();
    let size = (s.len() - count * from.len()).saturating_add(count.saturating_mul(to.len()));
    if size > MAX_STRING_BYTES {
        return Err(ExecutionError::function_error(
            "replace",
            format!("the result would be {size} bytes long (at most {MAX_STRING_BYTES})"),
        ));
    }
    Ok(CowVal::owned(CelString::from(s.replacen(from, to, limit))))
}

/// Compiled patterns, shared by the threads of a run. Patterns come from rules
/// (literals, compiled when the rule is) or from values; a run that meets more
/// than [`MAX_CACHED_PATTERNS`] starts over.
static PATTERNS: Mutex<Option<HashMap<String, Arc<Regex>>>> = Mutex::new(None);
const MAX_CACHED_PATTERNS: usize = 1024;
/// The largest compiled pattern (the regex crate's default is ten times more).
const MAX_PATTERN_BYTES: usize = 1024 * 1024;

/// The compiled `pattern`, from the cache when it has been compiled before.
pub fn regex(pattern: &str) -> Result<Arc<Regex>, String> {
    let mut cache = PATTERNS.lock().unwrap_or_else(PoisonError::into_inner);
    let cache = cache.get_or_insert_with(HashMap::new);
    if let Some(re) = cache.get(pattern) {
        return Ok(Arc::clone(re));
    }
    let re = regex::RegexBuilder::new(pattern)
        .size_limit(MAX_PATTERN_BYTES)
        .build()
        .map(Arc::new)
        .map_err(|e| {
            let e = e.to_string();
            format!(
                "`{}` is not a valid regular expression: {}",
                crate::text::clip(pattern, 60),
                crate::text::clip(e.lines().last().unwrap_or_default(), 100)
            )
        })?;
    if cache.len() >= MAX_CACHED_PATTERNS {
        cache.clear();
    }
    cache.insert(pattern.to_string(), Arc::clone(&re));
    Ok(re)
}

/// `matches(s, pattern)` and `s.matches(pattern)`, compiling each pattern once.
fn matches<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let (s, pattern) = (string_arg(&args, 0)?, string_arg(&args, 1)?);
    let re = regex(pattern).map_err(|e| ExecutionError::function_error("matches", e))?;
    Ok(CowVal::owned(types::CelBool::from(re.is_match(s))))
}

/// Adds the counter, the bounded `replace` and the caching `matches` to `env`.
pub fn register(env: &mut cel::Env) -> Result<(), cel::DeclarationError> {
    use types::{DYN_TYPE, INT_TYPE, STRING_TYPE};
    env.add_overload(TICK, "budget", vec![DYN_TYPE], tick)?;
    env.add_member_overload(
        REPLACE,
        "replace_bounded",
        STRING_TYPE,
        vec![STRING_TYPE, STRING_TYPE],
        replace,
    )?;
    env.add_member_overload(
        REPLACE,
        "replace_n_bounded",
        STRING_TYPE,
        vec![STRING_TYPE, STRING_TYPE, INT_TYPE],
        replace,
    )?;
    env.add_overload(
        "matches",
        "matches_cached",
        vec![STRING_TYPE, STRING_TYPE],
        matches,
    )?;
    env.add_member_overload(
        "matches",
        "string_matches_cached",
        STRING_TYPE,
        vec![STRING_TYPE],
        matches,
    )
}
