//! Property tests in batches: proptest generates the cases, the test checks a
//! whole batch at once (one JVM for thousands of files, since starting Java
//! costs more than reading them), and a failing case is shrunk with proptest's
//! own simplification, one case at a time.
//!
//! `PROPTEST_CASES` sets how many cases run (each test has a small default),
//! `PROPTEST_RNG_SEED` the seed (a number; random by default, and printed with
//! every failure so that it can be run again).
#![allow(dead_code)]

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// How many cases, and from which seed.
pub struct Plan {
    pub cases: usize,
    pub seed: u64,
}

impl Plan {
    /// `default_cases` unless `PROPTEST_CASES` says otherwise.
    pub fn from_env(default_cases: usize) -> Plan {
        let number = |name: &str| std::env::var(name).ok().and_then(|v| v.trim().parse().ok());
        let seed = number("PROPTEST_RNG_SEED").unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        });
        Plan {
            cases: number("PROPTEST_CASES").map_or(default_cases, |n| n as usize),
            seed,
        }
    }

    fn runner(&self) -> TestRunner {
        let mut seed = [0u8; 32];
        for (i, b) in seed.iter_mut().enumerate() {
            *b = self.seed.to_le_bytes()[i % 8] ^ (i as u8);
        }
        TestRunner::new_with_rng(
            Config::default(),
            TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
        )
    }
}

/// Figures of a run, for the report of a long one.
#[derive(Debug, Default)]
pub struct Figures {
    pub cases: usize,
    pub batches: usize,
    pub seconds: f64,
}

/// Generates `plan.cases` values of `strategy` and checks them `batch` at a
/// time: `check` says, for each value of a slice, what is wrong with it, if
/// anything. The first failure is shrunk (at most `max_shrinks` checks of one
/// value) and reported with the seed.
pub fn check_in_batches<S: Strategy>(
    strategy: S,
    plan: &Plan,
    batch: usize,
    max_shrinks: usize,
    mut check: impl FnMut(&[S::Value]) -> Vec<Option<String>>,
) -> Figures {
    let started = std::time::Instant::now();
    let mut runner = plan.runner();
    let mut figures = Figures::default();
    let mut left = plan.cases;
    while left > 0 {
        let n = left.min(batch);
        left -= n;
        let mut trees: Vec<S::Tree> = (0..n)
            .map(|_| strategy.new_tree(&mut runner).expect("a case"))
            .collect();
        let values: Vec<S::Value> = trees.iter().map(ValueTree::current).collect();
        let verdicts = check(&values);
        figures.cases += n;
        figures.batches += 1;
        let failed = verdicts.iter().position(Option::is_some);
        if let Some(i) = failed {
            let first = verdicts[i].clone().unwrap_or_default();
            let tree = &mut trees[i];
            let (why, steps) = shrink(tree, max_shrinks, first, &mut check);
            panic!(
                "case {} of seed {} fails (shrunk in {steps} steps; PROPTEST_RNG_SEED={} runs it again):\n{why}",
                figures.cases - n + i,
                plan.seed,
                plan.seed
            );
        }
    }
    figures.seconds = started.elapsed().as_secs_f64();
    figures
}

/// Simplifies a failing case while it still fails.
fn shrink<T: ValueTree>(
    tree: &mut T,
    max: usize,
    mut why: String,
    check: &mut impl FnMut(&[T::Value]) -> Vec<Option<String>>,
) -> (String, usize) {
    let mut steps = 0;
    let mut simpler = tree.simplify();
    while simpler && steps < max {
        steps += 1;
        match check(&[tree.current()]).pop().flatten() {
            Some(still) => {
                why = still;
                simpler = tree.simplify();
            }
            None => simpler = tree.complicate(),
        }
    }
    (why, steps)
}

/// Bytes as text: printable ASCII as it is, `\n`, `\r`, `\t` as escapes, every
/// other byte as `<XX>`.
pub fn show_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        match b {
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("<{b:02X}>")),
        }
    }
    out
}
