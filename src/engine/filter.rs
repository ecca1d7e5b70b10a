//! `--select`, `--extend-select` and `--ignore`: codes, code prefixes (`K1`),
//! names, or `ALL`.

use super::{EngineOptions, Error};
use crate::config::RulesSettings;
use crate::diagnostics::Diagnostic;
use crate::registry::{Registry, closeness};

pub struct Filter {
    select: Vec<String>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
}

impl Filter {
    pub fn new(options: &EngineOptions, registry: &Registry) -> Result<Filter, Error> {
        let lists = [
            ("--select", &options.select),
            ("--extend-select", &options.extend_select),
            ("--ignore", &options.ignore),
        ];
        for (flag, list) in lists {
            if let Some(unknown) = list.iter().find(|s| !registry.matches_any(s)) {
                return Err(Error(format!(
                    "unknown check `{unknown}` in {flag} (see `kafkalint rules`)"
                )));
            }
        }
        Ok(Filter {
            select: options.select.clone(),
            extend_select: options.extend_select.clone(),
            ignore: options.ignore.clone(),
        })
    }

    /// `--select` replaces the config's `select`; `--extend-select` adds to
    /// whichever `select` holds, and the config's `extend-select` to its own
    /// `select` (an empty `select` is every code); `--ignore` adds to the
    /// config's `ignore`. As command-line flags outrank the config, a code
    /// `--select` or `--extend-select` names at least as closely as the
    /// config's `ignore` does (`K101` over `K101` or `K1`, not `K` over `K101`)
    /// is reported.
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
        let picked = closest(&self.select).max(closest(&self.extend_select));
        if picked.is_some_and(|selected| config_ignore.is_none_or(|ignored| selected >= ignored)) {
            return true;
        }
        if !self.select.is_empty() {
            return false;
        }
        let (select, extend) = config.map_or((&[][..], &[][..]), |c| {
            (c.select.as_slice(), c.extend_select.as_slice())
        });
        let selected = select.is_empty() || closest(select).is_some() || closest(extend).is_some();
        selected && config_ignore.is_none()
    }
}
