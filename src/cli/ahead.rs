//! Files linted while the walk still runs. The walk comes first, so that a bad
//! project config stops the run before anything is reported; meanwhile the
//! other cores lint the first files it finds, and the run then takes their
//! results instead of linting them again. Nothing is reported from here: the
//! run reports every file in its order, as before.

use super::check::{Lint, Outcome};
use crate::engine::FileSettings;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread::Scope;

/// At most this many files are linted ahead, whatever the tree's size: their
/// reports wait for the walk to end, and must not grow with the tree.
const FILES_AHEAD: usize = 256;

/// At most this many helpers: for a few hundred files, more threads would
/// cost more to start than they save.
const MOST_HELPERS: usize = 4;

/// Helpers start once the walk has found this many files: a run of a few
/// files (a pre-commit hook names them) starts no thread for them.
const FILES_BEFORE_HELPERS: usize = 8;

/// The results of the files linted ahead, by path.
#[derive(Default)]
pub(super) struct Ahead {
    done: Mutex<FxHashMap<PathBuf, Outcome>>,
    /// The files to lint, which the helpers share once the second file is found.
    jobs: OnceLock<Mutex<Receiver<Job>>>,
}

impl Ahead {
    /// Runs `walk`, which gives each file it finds to the [`Queue`], and lints
    /// the files it is given on other threads meanwhile. Returns when the walk
    /// and those files are done.
    pub(super) fn walking(lint: &Lint, walk: impl FnOnce(&mut Queue)) -> Ahead {
        let ahead = Ahead::default();
        std::thread::scope(|scope| {
            let mut queue = Queue {
                scope,
                lint,
                ahead: &ahead,
                found: 0,
                held: Vec::new(),
                sender: None,
            };
            walk(&mut queue);
            // The files not begun are left to the run, which lints on every
            // core; the helpers end with the file in hand.
            drop(queue);
            if let Some(jobs) = ahead.jobs.get() {
                let jobs = jobs.lock().unwrap_or_else(PoisonError::into_inner);
                while jobs.try_recv().is_ok() {}
            }
        });
        ahead
    }

    /// The result of `path` if it was linted ahead.
    pub(super) fn take(&self, path: &Path) -> Option<Outcome> {
        self.done
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(path)
    }
}

type Job = (PathBuf, Option<FileSettings>);

/// The walk's side of [`Ahead::walking`].
pub(super) struct Queue<'scope, 'env> {
    scope: &'scope Scope<'scope, 'env>,
    lint: &'env Lint<'env>,
    ahead: &'env Ahead,
    found: usize,
    /// The files found before the helpers start.
    held: Vec<Job>,
    sender: Option<Sender<Job>>,
}

impl Queue<'_, '_> {
    /// A file the walk found. YAML files are not linted ahead: they may link
    /// to clusters that other files declare, which the run gathers after the
    /// walk.
    pub(super) fn push(&mut self, path: &Path, settings: Option<&FileSettings>) {
        self.found += 1;
        if self.found > FILES_AHEAD || crate::carrier::is_yaml(path) {
            return;
        }
        self.held.push((path.to_path_buf(), settings.cloned()));
        if self.found < FILES_BEFORE_HELPERS {
            return;
        }
        if self.sender.is_none() {
            let (sender, receiver) = channel();
            self.spawn_helpers(receiver);
            self.sender = Some(sender);
        }
        if let Some(sender) = &self.sender {
            for job in self.held.drain(..) {
                let _ = sender.send(job);
            }
        }
    }

    /// As many helpers as the cores beside the walk's, within [`MOST_HELPERS`].
    fn spawn_helpers(&self, receiver: Receiver<Job>) {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let helpers = cores.saturating_sub(1).clamp(1, MOST_HELPERS);
        let (lint, ahead) = (self.lint, self.ahead);
        let jobs = ahead.jobs.get_or_init(|| Mutex::new(receiver));
        for _ in 0..helpers {
            self.scope.spawn(move || {
                while let Ok((path, settings)) = next(jobs) {
                    // A panic is left for the run's own lint of the file to raise.
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        lint(&path, settings.as_ref())
                    }));
                    if let Ok(outcome) = outcome {
                        ahead
                            .done
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .insert(path, outcome);
                    }
                }
            });
        }
    }
}

fn next(receiver: &Mutex<Receiver<Job>>) -> Result<Job, std::sync::mpsc::RecvError> {
    receiver
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .recv()
}
