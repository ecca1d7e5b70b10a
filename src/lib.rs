//! kafkalint: a linter and advisor for Apache Kafka `.properties` configuration.
//!
//! Data flows one way through the modules below:
//! `source` (lossless reader) -> `model` (role, version, effective config)
//! -> `checks` (per-key) -> `diagnostics` -> `report`. `cli` wires them together.

pub mod catalog;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod fix;
pub mod model;
pub mod report;
pub mod rules;
pub mod source;
