//! kafkalint: a linter and advisor for Apache Kafka configuration.
//!
//! Data flows one way through the modules below:
//! `carrier` (file formats: bytes -> settings with spans, edits in their syntax)
//! -> `unit` (the settings of one Kafka component) -> `model` (role, version,
//! effective config) -> `checks` and `rules` -> `diagnostics`.
//! `engine` runs that pipeline for one file with resolved settings, as a
//! library; `registry` knows every code. The front ends are thin callers:
//! `cli` (with `report`, the output formats, and the fixer's file writing),
//! `server` (the language server), and the tests.

pub mod carrier;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod engine;
pub mod fix;
pub mod input;
pub mod model;
pub mod registry;
pub mod report;
pub mod rules;
pub mod secret;
pub mod server;
pub mod text;
pub mod unit;
