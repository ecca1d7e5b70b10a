//! What check and show share beyond reading files: the rule set, the broker the
//! clients talk to, and the workload hints.

use super::args::FileOptions;
use super::{CliError, files};
use crate::catalog::Catalog;
use crate::model::{FileModel, Hints, Overrides};
use crate::rules::{BrokerView, RuleSet, broker_overrides};
use std::sync::Arc;

/// Everything rules need besides the file itself.
pub struct RuleContext {
    pub rules: RuleSet,
    /// The `--broker` file, when given.
    pub broker: Option<Arc<BrokerView>>,
    pub hints: Hints,
}

impl RuleContext {
    /// `config_rules`: rule directories that project configs add to `--rules`.
    pub fn new(
        options: &FileOptions,
        overrides: &Overrides,
        config_rules: &[std::path::PathBuf],
    ) -> Result<RuleContext, CliError> {
        let mut dirs = options.rules.clone();
        dirs.extend(config_rules.iter().cloned());
        let rules =
            RuleSet::load(&dirs).map_err(|e| CliError(format!("invalid rule file: {e}")))?;
        let broker = match &options.broker {
            Some(path) => {
                let bytes = files::read(path).map_err(CliError)?;
                let model =
                    FileModel::build(&files::display(path), bytes, &broker_overrides(overrides));
                if let Some(error) = &model.doc.load_error {
                    let p = model.doc.position(error.span.start);
                    return Err(CliError(format!(
                        "--broker {}:{}:{}: {}",
                        model.path, p.line, p.column, error.message
                    )));
                }
                Some(Arc::new(BrokerView::from_file(model)))
            }
            None => None,
        };
        Ok(RuleContext {
            rules,
            broker,
            hints: Hints {
                record_processing_ms: options.record_processing_ms,
            },
        })
    }

    /// The broker a file talks to: the `--broker` file, else its version's defaults.
    pub fn broker_for(&self, catalog: &'static Catalog) -> Arc<BrokerView> {
        match &self.broker {
            Some(b) => Arc::clone(b),
            None => Arc::new(BrokerView::defaults(catalog)),
        }
    }

    /// Rule errors met while compiling rules on first use: the run fails.
    pub fn finish(&self) -> Result<(), CliError> {
        let errors = self.rules.errors();
        if errors.is_empty() {
            return Ok(());
        }
        let text: Vec<String> = errors
            .iter()
            .map(|e| format!("invalid rule file: {e}"))
            .collect();
        Err(CliError(text.join("\nkafkalint: ")))
    }
}
