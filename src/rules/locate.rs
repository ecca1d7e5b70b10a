//! Where a rule's finding points, and its edits, written by the unit's carrier.

use super::Read;
use super::context::BrokerView;
use crate::diagnostics::{Edit, Related};
use crate::model::UnitModel;
use crate::model::effective::ValueSource;
use crate::text::Span;

/// The span of the value Java keeps for `key` in `file`.
pub(super) fn entry_span(file: &UnitModel, key: &str) -> Option<Span> {
    match file.config.get(key)?.source {
        ValueSource::File { entry } => file.setting(entry).map(|s| s.key_span()),
        // Filled in from another key: point at that one.
        ValueSource::Filled { from, .. } => entry_span(file, from),
        ValueSource::Default => None,
    }
}

pub(super) fn related_location(
    file: &UnitModel,
    broker: &BrokerView,
    read: &Read,
    primary: Option<&str>,
) -> Option<Related> {
    match read {
        Read::Own(k) if Some(k.as_str()) != primary => {
            let span = entry_span(file, k)?;
            Some(Related {
                path: crate::diagnostics::shared_path(&file.path),
                key: Some(k.as_str().into()),
                span: Some(span),
                message: format!("`{k}` is set here").into(),
            })
        }
        Read::Own(_) => None,
        Read::Broker(k) => {
            let broker_file = broker.file.as_ref()?;
            let span = entry_span(broker_file, k);
            Some(Related {
                path: crate::diagnostics::shared_path(&broker_file.path),
                key: Some(k.as_str().into()),
                span,
                message: match span {
                    Some(_) => format!("the broker's `{k}`").into(),
                    None => format!("the broker's `{k}` (its default)").into(),
                },
            })
        }
    }
}

/// The index of the setting Kafka keeps for `key`, when the unit sets it.
pub(super) fn setting_index(file: &UnitModel, key: &str) -> Option<usize> {
    match file.config.get(key)?.source {
        ValueSource::File { entry } => Some(entry),
        ValueSource::Default | ValueSource::Filled { .. } => None,
    }
}

/// An edit, in the file's own syntax, that deletes the setting Kafka keeps for `key`.
pub(super) fn remove_key(file: &UnitModel, key: &str) -> Option<Edit> {
    let edit = file.parsed.remove(setting_index(file, key)?);
    Some(Edit {
        path: crate::diagnostics::shared_path(&file.path),
        span: edit.span,
        replacement: edit.replacement,
    })
}

/// An edit, in the file's own syntax, that gives `key` the value `value`:
/// rewrite the value Kafka keeps, or add the key when the unit does not set it.
pub(super) fn set_key(file: &UnitModel, key: &str, value: &str) -> Edit {
    let edit = match setting_index(file, key) {
        Some(index) => file.parsed.replace_value(index, value),
        None => file.parsed.append(file.unit, key, value),
    };
    Edit {
        path: crate::diagnostics::shared_path(&file.path),
        span: edit.span,
        replacement: edit.replacement,
    }
}
