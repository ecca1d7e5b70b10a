//! The message loop: `initialize`, then one message at a time until `exit`.

use super::session::Session;
use super::{code_actions, completion, hover};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{self as n, Notification as _};
use lsp_types::request::{self as r, Request as _};
use lsp_types::{InitializeParams, InitializeResult, ServerInfo};
use serde::de::DeserializeOwned;

/// Answers `initialize`, then serves the client until it says `exit`.
pub fn serve(connection: Connection) -> Result<(), String> {
    let protocol = |e: lsp_server::ProtocolError| format!("language server: {e}");
    let (id, params) = connection.initialize_start().map_err(protocol)?;
    let params: InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("language server: initialize: {e}"))?;
    let mut session = Session::new(&params, connection.sender.clone());
    let result = InitializeResult {
        capabilities: session.capabilities(),
        server_info: Some(ServerInfo {
            name: "kafkalint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| format!("language server: {e}"))?;
    connection.initialize_finish(id, result).map_err(protocol)?;
    session.initialized();
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request).map_err(protocol)? {
                    return Ok(());
                }
                let response = answer(&mut session, request);
                session.send(Message::Response(response));
            }
            Message::Notification(notification) => {
                if notification.method == n::Exit::METHOD {
                    return Ok(());
                }
                notified(&mut session, notification);
            }
            // Answers to the server's own requests (registrations, refreshes).
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// The answer to one request.
fn answer(session: &mut Session, request: Request) -> Response {
    let id = request.id.clone();
    let result = match request.method.as_str() {
        r::DocumentDiagnosticRequest::METHOD => {
            params(request).map(|p| json(session.pull_diagnostics(p)))
        }
        r::CodeActionRequest::METHOD => {
            params(request).map(|p| json(code_actions::actions(session, p)))
        }
        r::HoverRequest::METHOD => params(request).map(|p| json(hover::hover(session, p))),
        r::Completion::METHOD => params(request).map(|p| json(completion::complete(session, p))),
        method => Err((
            ErrorCode::MethodNotFound,
            format!("kafkalint does not serve `{method}`"),
        )),
    };
    match result {
        Ok(value) => Response::new_ok(id, value),
        Err((code, message)) => Response::new_err(id, code as i32, message),
    }
}

/// Handles one notification; those it does not know are ignored, as LSP says.
fn notified(session: &mut Session, notification: Notification) {
    let method = notification.method.clone();
    let handled = match method.as_str() {
        n::DidOpenTextDocument::METHOD => params(notification).map(|p| session.opened(p)),
        n::DidChangeTextDocument::METHOD => params(notification).map(|p| session.changed(p)),
        n::DidCloseTextDocument::METHOD => params(notification).map(|p| session.closed(p)),
        n::DidSaveTextDocument::METHOD => params(notification).map(|p| session.saved(p)),
        n::DidChangeWatchedFiles::METHOD => params(notification).map(|p| session.files_changed(p)),
        n::DidChangeConfiguration::METHOD => {
            session.reload();
            Ok(())
        }
        _ => Ok(()),
    };
    if let Err((_, message)) = handled {
        session.log(&format!("{method}: {message}"));
    }
}

/// Something the message carries parameters in.
trait Carrying {
    fn take(self) -> serde_json::Value;
}

impl Carrying for Request {
    fn take(self) -> serde_json::Value {
        self.params
    }
}

impl Carrying for Notification {
    fn take(self) -> serde_json::Value {
        self.params
    }
}

fn params<P: DeserializeOwned>(message: impl Carrying) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(message.take())
        .map_err(|e| (ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

fn json(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
