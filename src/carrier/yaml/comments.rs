//! A YAML file's comments: a `#` at a line's start or after a space or tab,
//! outside every scalar, to the end of its line. The parser drops them; the
//! directives (`# kafkalint: ...`) live there.

use super::{NodeKind, Yaml};
use crate::text::Span;
use crate::unit::Comment;

pub fn find(bytes: &[u8], yaml: &Yaml) -> Vec<Comment> {
    // Scalars come in file order: one cursor walks them alongside.
    let scalars: Vec<Span> = yaml
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Scalar { .. }))
        .map(|n| n.span)
        .collect();
    let mut next_scalar = 0;
    let mut comments = Vec::new();
    let mut at = 0;
    while let Some(found) = memchr_hash(&bytes[at..]) {
        let hash = at + found;
        while scalars.get(next_scalar).is_some_and(|s| s.end <= hash) {
            next_scalar += 1;
        }
        let inside = scalars
            .get(next_scalar)
            .is_some_and(|s| s.start <= hash && hash < s.end);
        let starts_comment = hash == 0 || matches!(bytes[hash - 1], b' ' | b'\t' | b'\n' | b'\r');
        let end = line_end(bytes, hash);
        if starts_comment && !inside {
            comments.push(Comment {
                span: Span::new(hash, end),
                text: String::from_utf8_lossy(&bytes[hash + 1..end]).into_owned(),
            });
            at = end;
        } else {
            at = hash + 1;
        }
    }
    comments
}

fn memchr_hash(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'#')
}

/// Where the line holding `offset` ends, before its line break.
pub fn line_end(bytes: &[u8], offset: usize) -> usize {
    bytes[offset..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |i| offset + i)
}
