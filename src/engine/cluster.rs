//! The broker that client files talk to, read from its file.

use super::{Error, display, read_file};
use crate::catalog::{Role, VersionSelection};
use crate::model::{Overrides, ProjectDefaults, UnitModel};
use crate::rules::BrokerView;
use std::path::Path;

/// Reads a broker config as the broker of a cluster: always the broker role.
pub fn broker_from_file(
    path: &Path,
    overrides: &Overrides,
    version: Option<&VersionSelection>,
) -> Result<BrokerView, Error> {
    let bytes = read_file(path, overrides.max_file_size).map_err(Error)?;
    let overrides = Overrides {
        role: Some(Role::Broker),
        ..overrides.clone()
    };
    let defaults = ProjectDefaults {
        role: Some(Role::Broker),
        kafka_version: version.cloned(),
    };
    let model = UnitModel::properties_with(&display(path), bytes, &overrides, &defaults);
    Ok(BrokerView::from_file(model))
}

/// `path:line:column: message` when Java cannot load the file at all.
pub fn load_error(model: &UnitModel) -> Option<String> {
    let error = model.file().load_error.as_ref()?;
    let p = model.file().text.position(error.span.start);
    Some(format!(
        "{}:{}:{}: {}",
        model.path, p.line, p.column, error.message
    ))
}
