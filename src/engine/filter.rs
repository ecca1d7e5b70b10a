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

    /// `--select` replaces the config's `select`; `--ignore` adds to its `ignore`.
    pub fn allows(&self, d: &Diagnostic, config: Option<&RulesSettings>) -> bool {
        let select = match config {
            Some(c) if self.select.is_empty() => c.select.as_slice(),
            _ => self.select.as_slice(),
        };
        let config_ignore = config.map_or(&[][..], |c| c.ignore.as_slice());
        let selected = select.is_empty() || select.iter().any(|s| matches(s, &d.code, &d.name));
        selected
            && !self
                .ignore
                .iter()
                .chain(config_ignore)
                .any(|s| matches(s, &d.code, &d.name))
    }
}
