//! An LSP client over lsp-server's in-memory connection: the server runs on a
//! thread of the test, as `kafkalint server` runs it over standard I/O.

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::path::Path;
use std::thread::JoinHandle;
use std::time::Duration;

pub struct Client {
    connection: Connection,
    server: Option<JoinHandle<Result<(), String>>>,
    next_id: i32,
    /// Notifications and server requests received and not yet looked at.
    pending: Vec<Message>,
    /// Every message the server sent, as JSON text.
    pub transcript: Vec<String>,
}

/// What a client that asks for nothing special offers.
pub fn plain() -> Value {
    json!({})
}

impl Client {
    /// Starts a server and initializes it with `capabilities`, rooted at `root`.
    pub fn start(capabilities: Value, root: &Path) -> Client {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || kafkalint::server::serve(server));
        let mut c = Client {
            connection: client,
            server: Some(handle),
            next_id: 0,
            pending: Vec::new(),
            transcript: Vec::new(),
        };
        let root_uri = uri(root);
        let result = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": capabilities,
            }),
        );
        assert!(result["capabilities"].is_object(), "{result}");
        c.notify("initialized", json!({}));
        c
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        let n = Notification::new(method.to_string(), params);
        self.connection
            .sender
            .send(Message::Notification(n))
            .expect("the server is running");
    }

    /// Sends a request and waits for its answer (the result; an error panics).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response["error"].is_null(), "{method}: {response}");
        response["result"].clone()
    }

    /// The whole response to a request.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.to_string(), params);
        self.connection
            .sender
            .send(Message::Request(request))
            .expect("the server is running");
        loop {
            match self.receive() {
                Message::Response(r) if r.id == id => return serde_json::to_value(r).unwrap(),
                other => self.pending.push(other),
            }
        }
    }

    fn receive(&mut self) -> Message {
        let message = self
            .connection
            .receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers within a minute");
        self.transcript
            .push(serde_json::to_string(&message).unwrap_or_default());
        message
    }

    /// The next notification `method` (taken from those already received first).
    pub fn notification(&mut self, method: &str) -> Value {
        let found = self
            .pending
            .iter()
            .position(|m| matches!(m, Message::Notification(n) if n.method == method));
        if let Some(i) = found {
            let Message::Notification(n) = self.pending.remove(i) else {
                unreachable!()
            };
            return n.params;
        }
        loop {
            match self.receive() {
                Message::Notification(n) if n.method == method => return n.params,
                other => self.pending.push(other),
            }
        }
    }

    /// The next diagnostics published for `uri`.
    pub fn published(&mut self, uri: &str) -> Value {
        loop {
            let params = self.notification("textDocument/publishDiagnostics");
            if params["uri"] == uri {
                return params;
            }
        }
    }

    /// Opens `path` with `text` (the file need not exist); returns its URI.
    pub fn open(&mut self, path: &Path, text: &str) -> String {
        let uri = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "properties", "version": 1, "text": text}}),
        );
        uri
    }

    /// Opens `path` with `text` and waits for its first diagnostics: its URI
    /// and what was published for it.
    pub fn open_and_wait(&mut self, path: &Path, text: &str) -> (String, Value) {
        let uri = self.open(path, text);
        let published = self.published(&uri);
        (uri, published)
    }

    /// Whether any message received so far holds `text`.
    pub fn said(&self, text: &str) -> bool {
        self.transcript.iter().any(|m| m.contains(text))
    }

    pub fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let result = self.server.take().unwrap().join().expect("no panic");
        assert_eq!(result, Ok(()));
    }
}

pub fn uri(path: &Path) -> String {
    url::Url::from_file_path(path).unwrap().to_string()
}
