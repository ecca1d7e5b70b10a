//! `--select` and `--ignore`: codes, code prefixes (`K1`) or names.

use super::Error;
use crate::config::RulesSettings;
use crate::diagnostics::Diagnostic;
use crate::registry::{Registry, matches};

pub struct Filter {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Filter {
    pub fn new(select: &[String], ignore: &[String], registry: &Registry) -> Result<Filter, Error> {
        if let Some(unknown) = select
            .iter()
            .chain(ignore)
            .find(|s| !registry.matches_any(s))
        {
            return Err(Error(format!(
                "unknown check `{unknown}` in --select/--ignore (see `kafkalint rules`)"
            )));
        }
        Ok(Filter {
            select: select.to_vec(),
            ignore: ignore.to_vec(),
        })
    }

    /// `--select` replaces the config's `select`; `--ignore` adds to its
    /// `ignore`. As command-line flags outrank the config, a code `--select`
    /// names at least as closely as the config's `ignore` does (`K101` over
    /// `K101` or `K1`, not `K` over `K101`) is reported.
    pub fn allows(&self, d: &Diagnostic, config: Option<&RulesSettings>) -> bool {
        let closest = |patterns: &[String]| {
            patterns
                .iter()
                .filter_map(|p| closeness(p, d.code(), d.name()))
                .max()
        };
        if closest(&self.ignore).is_some() {
            return false;
        }
        let config_ignore = config.and_then(|c| closest(&c.ignore));
        if !self.select.is_empty() {
            return closest(&self.select)
                .is_some_and(|selected| config_ignore.is_none_or(|ignored| selected >= ignored));
        }
        let select = config.map_or(&[][..], |c| c.select.as_slice());
        (select.is_empty() || closest(select).is_some()) && config_ignore.is_none()
    }
}

/// How closely `pattern` names the code `code` called `name`: the length of
/// the code prefix it gives (a name or the whole code: the code's length);
/// None when it does not name it.
fn closeness(pattern: &str, code: &str, name: &str) -> Option<usize> {
    if pattern == name {
        Some(code.len())
    } else {
        matches(pattern, code, name).then_some(pattern.len())
    }
}
