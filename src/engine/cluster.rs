//! The broker that client files talk to, read from its file.

use super::{Error, display, read_file};
use crate::catalog::{Role, VersionSelection};
use crate::model::role::RoleDecision;
use crate::model::{Overrides, ProjectDefaults, UnitModel};
use crate::rules::BrokerView;
use std::path::Path;

/// Reads a broker config as the broker of a cluster: always the broker role.
/// A file that is clearly something else (its directive, name or keys make it
/// a client or topic configuration, or another program's) is an error: Kafka
/// would not start a broker with it, and the cross-file verdicts would rest on
/// keys the broker never has.
pub fn broker_from_file(
    path: &Path,
    overrides: &Overrides,
    version: Option<&VersionSelection>,
) -> Result<BrokerView, Error> {
    let bytes = read_file(path, overrides.max_file_size).map_err(Error)?;
    let name = display(path);
    let defaults = ProjectDefaults {
        role: None,
        kafka_version: version.cloned(),
        cluster_brokers: None,
    };
    let detected = UnitModel::properties_with(
        &name,
        bytes.clone(),
        &Overrides {
            role: None,
            ..overrides.clone()
        },
        &defaults,
    );
    let what = match detected.role {
        RoleDecision::Known(role, source) if role != Role::Broker => {
            format!(
                "by {}, it is {} configuration",
                source.describe(),
                crate::text::prose::a(role.as_str())
            )
        }
        RoleDecision::Other(kind) => format!("it is {}", kind.describe()),
        RoleDecision::Known(..) | RoleDecision::Unknown => String::new(),
    };
    if !what.is_empty() {
        return Err(Error(format!(
            "`{name}` is not a broker configuration: {what}; a broker would not start with it (name the broker's server.properties)"
        )));
    }
    let overrides = Overrides {
        role: Some(Role::Broker),
        ..overrides.clone()
    };
    let defaults = ProjectDefaults {
        role: Some(Role::Broker),
        ..defaults
    };
    let model = UnitModel::properties_with(&name, bytes, &overrides, &defaults);
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
