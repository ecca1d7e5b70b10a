//! `kafkalint server`: a language server (LSP 3.17 over standard input and
//! output) in front of the engine. One synchronous loop reads the client's
//! messages in order and answers each before reading the next, so a change is
//! never linted out of order and requests see every change sent before them.
//! Nothing but LSP messages is written to standard output.
//!
//! ```text
//! loop.rs         the message loop: dispatch, initialize, shutdown
//! session.rs      open documents, project config, the engine, linting
//! documents.rs    a document's text and the bytes the engine lints
//! positions.rs    engine byte offsets <-> client lines and columns
//! diagnostics.rs  findings as LSP diagnostics
//! code_actions.rs quick fixes, fix all, disable for this entry
//! hover.rs        hover on keys, values and codes in directives
//! completion.rs   keys, enum values, directives and codes
//! ```

mod carrier_keys;
mod code_actions;
mod completion;
mod diagnostics;
mod documents;
mod hover;
mod r#loop;
mod positions;
mod session;

pub use r#loop::serve;
pub use positions::{Bytes, Locator, Units};

/// Serves a client over standard input and output until it says `exit`.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    serve(connection)?;
    io_threads
        .join()
        .map_err(|e| format!("language server: {e}"))
}
