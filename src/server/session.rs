//! What the server holds between messages: the open documents, the project
//! config that applies to them, the engine, and the findings of each
//! document's latest version.

use super::diagnostics;
use super::documents::{Document, file_path};
use super::positions::Units;
use crate::carrier::Carriers;
use crate::diagnostics::Diagnostic;
use crate::engine::{ConfigChoice, Engine, EngineOptions, FileSettings, Links, Project};
use crate::model::Overrides;
use crossbeam_channel::Sender;
use lsp_server::{Message, Notification, Request, RequestId};
use lsp_types::notification::{self as n, Notification as _};
use lsp_types::request as r;
use lsp_types::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The `source.fixAll` kind of kafkalint's fix-all action.
pub const FIX_ALL: &str = "source.fixAll.kafkalint";

/// The findings of one version of a document.
pub struct Findings {
    pub version: i32,
    pub diagnostics: Vec<Diagnostic>,
    /// The other files the document names that findings are placed in.
    pub elsewhere: Vec<crate::unit::Elsewhere>,
}

pub struct Session {
    sender: Sender<Message>,
    pub units: Units,
    /// The client asks for diagnostics (`textDocument/diagnostic`): none are pushed.
    pull: bool,
    /// The client can be asked to pull every document's diagnostics again.
    refresh: bool,
    watch: bool,
    roots: Vec<PathBuf>,
    project: Project,
    pub engine: Engine,
    documents: HashMap<Uri, Document>,
    findings: HashMap<Uri, Findings>,
    /// Broker files that open documents are linted against, canonical.
    brokers: HashSet<PathBuf>,
    /// Problems already told, told once.
    told: HashSet<String>,
    /// The workspace's files whose units declare or join clusters (Strimzi
    /// resources), found on first need.
    linking_files: Option<Vec<PathBuf>>,
    next_request: i32,
}

impl Session {
    pub fn new(params: &InitializeParams, sender: Sender<Message>) -> Session {
        let capabilities = &params.capabilities;
        let offers_utf8 = capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let workspace = capabilities.workspace.as_ref();
        let mut session = Session {
            sender,
            units: if offers_utf8 {
                Units::Utf8
            } else {
                Units::Utf16
            },
            pull: capabilities
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            refresh: workspace
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            watch: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            roots: roots(params),
            project: no_project(),
            engine: builtin_engine(),
            documents: HashMap::new(),
            findings: HashMap::new(),
            brokers: HashSet::new(),
            told: HashSet::new(),
            linking_files: None,
            next_request: 0,
        };
        session.load_project();
        session
    }

    pub fn capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(match self.units {
                Units::Utf8 => PositionEncodingKind::UTF8,
                Units::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            diagnostic_provider: self.pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some(diagnostics::SOURCE.to_string()),
                    inter_file_dependencies: true,
                    workspace_diagnostics: false,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::from(FIX_ALL),
                ]),
                ..CodeActionOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(["=", ".", ":", ",", " "].map(String::from).to_vec()),
                ..CompletionOptions::default()
            }),
            ..ServerCapabilities::default()
        }
    }

    /// After `initialize`: asks to be told when project configs and
    /// broker files change on disk.
    pub fn initialized(&mut self) {
        if !self.watch {
            return;
        }
        let watchers = ["**/kafkalint.toml", "**/*.properties"]
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.to_string()),
                kind: None,
            })
            .to_vec();
        let registration = Registration {
            id: "kafkalint-watch".to_string(),
            method: n::DidChangeWatchedFiles::METHOD.to_string(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        self.request::<r::RegisterCapability>(RegistrationParams {
            registrations: vec![registration],
        });
    }

    pub fn send(&self, message: Message) {
        // The client is gone when this fails: the loop ends as the input does.
        let _ = self.sender.send(message);
    }

    fn notify<N: n::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_string(),
            params,
        )));
    }

    fn request<R: r::Request>(&mut self, params: R::Params) {
        self.next_request += 1;
        let id = RequestId::from(format!("kafkalint-{}", self.next_request));
        self.send(Message::Request(Request::new(
            id,
            R::METHOD.to_string(),
            params,
        )));
    }

    /// A line in the client's log (its output panel).
    pub fn log(&self, message: &str) {
        self.notify::<n::LogMessage>(LogMessageParams {
            typ: MessageType::WARNING,
            message: format!("kafkalint: {message}"),
        });
    }

    /// A problem the user must see (an invalid project config), shown once.
    fn tell(&mut self, message: String) {
        if self.told.insert(message.clone()) {
            self.notify::<n::ShowMessage>(ShowMessageParams {
                typ: MessageType::ERROR,
                message: format!("kafkalint: {message}"),
            });
        }
    }

    pub fn document(&self, uri: &Uri) -> Option<&Document> {
        self.documents.get(uri)
    }

    pub fn opened(&mut self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let doc = Document::open(item.uri.clone(), item.version, item.text);
        self.documents.insert(item.uri.clone(), doc);
        self.publish(&item.uri);
        self.relink(&item.uri);
    }

    pub fn changed(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let units = self.units;
        let Some(doc) = self.documents.get_mut(&uri) else {
            return;
        };
        doc.change(params.text_document.version, params.content_changes, units);
        self.publish(&uri);
        self.relink(&uri);
    }

    /// After a document that may declare a cluster changed: the other open
    /// documents that may belong to it are linted again.
    fn relink(&mut self, uri: &Uri) {
        let linking = |d: &Document| self.engine.links_files(&d.name, &d.bytes());
        if !self.documents.get(uri).is_some_and(linking) {
            return;
        }
        let others: Vec<Uri> = self
            .documents
            .values()
            .filter(|d| &d.uri != uri && linking(d))
            .map(|d| d.uri.clone())
            .collect();
        for other in others {
            self.findings.remove(&other);
            self.publish(&other);
        }
    }

    pub fn closed(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.documents.remove(&uri);
        self.findings.remove(&uri);
        if !self.pull {
            self.notify::<n::PublishDiagnostics>(PublishDiagnosticsParams::new(
                uri,
                Vec::new(),
                None,
            ));
        }
    }

    pub fn saved(&mut self, params: DidSaveTextDocumentParams) {
        if let Some(path) = file_path(&params.text_document.uri) {
            self.disk_changed(&[path]);
        }
    }

    pub fn files_changed(&mut self, params: DidChangeWatchedFilesParams) {
        let paths: Vec<PathBuf> = params
            .changes
            .iter()
            .filter_map(|c| file_path(&c.uri))
            .collect();
        self.disk_changed(&paths);
    }

    /// Files changed on disk: a project config or a broker file that open
    /// documents are linted against reloads the settings and lints them again.
    fn disk_changed(&mut self, paths: &[PathBuf]) {
        if paths.iter().any(|p| crate::carrier::is_yaml(p)) {
            // A cluster may have appeared or gone.
            self.linking_files = None;
        }
        let matters = paths.iter().any(|p| {
            p.file_name().is_some_and(|n| n == crate::config::FILE_NAME)
                || canonical(p).is_some_and(|c| self.brokers.contains(&c))
        });
        if matters {
            self.reload();
        }
    }

    /// Reads the project configs and rules again, and lints every open document.
    pub fn reload(&mut self) {
        self.load_project();
        self.findings.clear();
        self.told.clear();
        if self.pull {
            if self.refresh {
                self.request::<r::WorkspaceDiagnosticRefresh>(());
            }
            return;
        }
        let uris: Vec<Uri> = self.documents.keys().cloned().collect();
        for uri in uris {
            self.publish(&uri);
        }
    }

    /// The project (every `kafkalint.toml` is found from each file upwards)
    /// and an engine with the rule directories the workspace configs name.
    fn load_project(&mut self) {
        let overrides = Overrides::default();
        let mut project = match Project::new(&ConfigChoice::Discover, &overrides) {
            Ok(p) => p,
            Err(e) => {
                self.tell(e.0);
                no_project()
            }
        };
        let rule_dirs = match project.for_arguments(&self.roots) {
            Ok((dirs, _)) => dirs,
            Err(e) => {
                self.tell(e.0);
                Vec::new()
            }
        };
        let options = EngineOptions {
            rule_dirs,
            ..EngineOptions::default()
        };
        self.engine = match Engine::new(options, Carriers::default()) {
            Ok(engine) => engine,
            Err(e) => {
                self.tell(e.0);
                builtin_engine()
            }
        };
        self.project = project;
        self.brokers.clear();
        self.linking_files = None;
    }

    /// What the project config says of a document (nothing for a buffer
    /// without a file, or when the config cannot be used: that is told), and
    /// the clusters its units may belong to.
    pub fn settings(&mut self, uri: &Uri) -> FileSettings {
        let mut settings = self.config_settings(uri);
        let links = self
            .documents
            .get(uri)
            .is_some_and(|doc| self.engine.links_files(&doc.name, &doc.bytes()));
        if links {
            settings.links = Some(Arc::new(self.links(uri)));
        }
        settings
    }

    /// What the project config says of a document.
    fn config_settings(&mut self, uri: &Uri) -> FileSettings {
        let Some(path) = self.documents.get(uri).and_then(|d| d.path.clone()) else {
            return FileSettings::default();
        };
        match self.project.file_settings(&path) {
            Ok(settings) => {
                let brokers: Vec<PathBuf> =
                    self.project.broker_files().filter_map(canonical).collect();
                self.brokers.extend(brokers);
                settings
            }
            Err(e) => {
                self.tell(e.0);
                FileSettings::default()
            }
        }
    }

    /// The document a position is in, the position's offset in its text, and
    /// the document's units as the engine models them with `settings`.
    pub fn locate(
        &self,
        place: &TextDocumentPositionParams,
        settings: &FileSettings,
    ) -> Option<(&Document, usize, Vec<crate::model::UnitModel>)> {
        let doc = self.documents.get(&place.text_document.uri)?;
        let offset = doc.locator(self.units).offset(place.position);
        let units = self.engine.model(&doc.name, doc.bytes(), settings);
        Some((doc, offset, units))
    }

    /// The findings of a document's current version, linted when not yet.
    pub fn findings(&mut self, uri: &Uri) -> Option<&Findings> {
        let version = self.documents.get(uri)?.version;
        if self.findings.get(uri).is_none_or(|f| f.version != version) {
            let settings = self.settings(uri);
            let doc = self.documents.get(uri)?;
            let linted = self.engine.lint(&doc.name, doc.bytes(), &settings, None);
            for e in &linted.rule_errors {
                self.log(e);
            }
            let findings = Findings {
                version,
                diagnostics: linted.diagnostics,
                elsewhere: linted.elsewhere,
            };
            self.findings.insert(uri.clone(), findings);
        }
        self.findings.get(uri)
    }

    /// The clusters and node pools that the other open documents and the
    /// workspace's files declare (an open document's text wins over its file), for a document
    /// whose units may belong to one.
    fn links(&mut self, uri: &Uri) -> Links {
        let mut links = Links::default();
        let open: HashSet<PathBuf> = self
            .documents
            .values()
            .filter_map(|d| d.path.as_ref().and_then(canonical))
            .collect();
        let mut sources: Vec<(String, Vec<u8>, Option<PathBuf>)> = self
            .documents
            .values()
            .filter(|d| &d.uri != uri)
            .map(|d| (d.name.clone(), d.bytes(), d.path.clone()))
            .collect();
        let on_disk = self
            .linking_files()
            .iter()
            .filter(|p| canonical(p).is_none_or(|c| !open.contains(&c)));
        for path in on_disk.cloned().collect::<Vec<_>>() {
            if let Ok(bytes) = crate::engine::read_file(&path, crate::input::DEFAULT_MAX_BYTES) {
                sources.push((crate::engine::display(&path), bytes, Some(path)));
            }
        }
        sources.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, bytes, path) in sources {
            if !self.engine.links_files(&name, &bytes) {
                continue;
            }
            let settings = match &path {
                Some(path) => self.project.file_settings(path).unwrap_or_default(),
                None => FileSettings::default(),
            };
            links.add(self.engine.declarations(&name, bytes, &settings));
        }
        links
    }

    /// The workspace's YAML files that a linking carrier recognizes, found
    /// once per project load.
    fn linking_files(&mut self) -> &[PathBuf] {
        let carriers = &self.engine.carriers;
        let roots = &self.roots;
        self.linking_files
            .get_or_insert_with(|| crate::engine::linking_files(carriers, roots))
    }

    /// The findings of a document as the client gets them.
    fn client_diagnostics(&mut self, uri: &Uri) -> Option<(i32, Vec<lsp_types::Diagnostic>)> {
        let units = self.units;
        let findings = self.findings(uri)?;
        let (found, elsewhere) = (findings.diagnostics.clone(), findings.elsewhere.clone());
        let doc = self.documents.get(uri)?;
        let shown = diagnostics::for_client(&found, doc, units, &elsewhere);
        Some((doc.version, shown))
    }

    /// Pushes a document's diagnostics, unless the client pulls them.
    fn publish(&mut self, uri: &Uri) {
        if self.pull {
            return;
        }
        if let Some((version, diagnostics)) = self.client_diagnostics(uri) {
            self.notify::<n::PublishDiagnostics>(PublishDiagnosticsParams::new(
                uri.clone(),
                diagnostics,
                Some(version),
            ));
        }
    }

    pub fn pull_diagnostics(
        &mut self,
        params: DocumentDiagnosticParams,
    ) -> DocumentDiagnosticReportResult {
        let items = self
            .client_diagnostics(&params.text_document.uri)
            .map(|(_, d)| d)
            .unwrap_or_default();
        DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            },
        ))
    }
}

/// The workspace folders, else the root, as local paths.
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders = params.workspace_folders.iter().flatten().map(|f| &f.uri);
    #[allow(deprecated)] // Clients that know no workspace folders send only the root.
    let root = params.root_uri.iter();
    folders.chain(root).filter_map(file_path).collect()
}

fn canonical(path: impl AsRef<Path>) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

fn no_project() -> Project {
    // `None` reads no file, so it cannot fail.
    Project::new(&ConfigChoice::None, &Overrides::default())
        .unwrap_or_else(|_| unreachable!("a project without config reads nothing"))
}

fn builtin_engine() -> Engine {
    Engine::new(EngineOptions::default(), Carriers::default())
        .unwrap_or_else(|e| unreachable!("the built-in rules load: {e}"))
}
