//! The documents the client has open: their text as the client sees it, and
//! the bytes the engine lints, which are what the file holds on disk.

use super::positions::{Bytes, Locator, Units};
use lsp_types::{TextDocumentContentChangeEvent, Uri};
use std::path::PathBuf;

pub struct Document {
    pub uri: Uri,
    /// The file behind it, for `file:` documents.
    pub path: Option<PathBuf>,
    /// The name the engine reports it under: the path, else the URI.
    pub name: String,
    pub version: i32,
    pub text: String,
    /// How the file's bytes are made from the text.
    pub bytes: Bytes,
}

impl Document {
    pub fn open(uri: Uri, version: i32, text: String) -> Document {
        let path = file_path(&uri);
        let name = match &path {
            Some(p) => crate::engine::display(p),
            None => uri.as_str().to_string(),
        };
        let bytes = on_disk_encoding(path.as_ref(), &text);
        Document {
            uri,
            path,
            name,
            version,
            text,
            bytes,
        }
    }

    /// The bytes the file would hold with this text: what `check` would read.
    pub fn bytes(&self) -> Vec<u8> {
        match self.bytes {
            Bytes::Utf8 => self.text.as_bytes().to_vec(),
            // Every character fits one byte: `on_disk_encoding` made sure.
            Bytes::Latin1 => self.text.chars().map(|c| c as u32 as u8).collect(),
        }
    }

    /// Turns bytes in the file's encoding back into text.
    pub fn decode(&self, bytes: &[u8]) -> String {
        match self.bytes {
            Bytes::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
            Bytes::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
        }
    }

    pub fn locator(&self, units: Units) -> Locator<'_> {
        Locator::new(&self.text, self.bytes, units)
    }

    /// Applies the client's changes, in order: a change with a range replaces
    /// that range, one without replaces the whole text.
    pub fn change(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        units: Units,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let at = Locator::new(&self.text, self.bytes, units);
                    let start = at.offset(range.start);
                    let end = at.offset(range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
        }
        if self.bytes == Bytes::Latin1 && self.text.chars().any(|c| u32::from(c) > 0xFF) {
            // A character ISO-8859-1 cannot hold: the file will be saved otherwise.
            self.bytes = Bytes::Utf8;
        }
        self.version = version;
    }
}

/// The local path of a `file:` URI.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let url = url::Url::parse(uri.as_str()).ok()?;
    (url.scheme() == "file")
        .then(|| url.to_file_path().ok())
        .flatten()
}

/// The `file:` URI of a path.
pub fn file_uri(path: &std::path::Path) -> Option<Uri> {
    let url = url::Url::from_file_path(path).ok()?;
    url.as_str().parse().ok()
}

/// ISO-8859-1 when the file on disk is not UTF-8 and the client's text fits it
/// (the client read it as ISO-8859-1, as Kafka does); UTF-8 otherwise.
fn on_disk_encoding(path: Option<&PathBuf>, text: &str) -> Bytes {
    // A FIFO or a device is refused, not waited on.
    let read = |p: &PathBuf| crate::input::read_regular(p, crate::input::DEFAULT_MAX_BYTES).ok();
    let Some(disk) = path.and_then(read) else {
        return Bytes::Utf8;
    };
    let latin1 = std::str::from_utf8(&disk).is_err() && text.chars().all(|c| u32::from(c) <= 0xFF);
    if latin1 { Bytes::Latin1 } else { Bytes::Utf8 }
}
