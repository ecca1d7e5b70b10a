//! Java's `loadConvert`: backslash escapes in keys and values.
//!
//! `\t \n \r \f` become control characters, `\uXXXX` a UTF-16 unit (a surrogate
//! pair combines into one character), and any other escaped character stands for
//! itself, so `C:\kafka\logs` reads as `C:kafkalogs`. Fewer than four hex digits
//! after `\u` makes Java's whole load fail.

use crate::text::{SourceChar, Span};

/// An escape that Java resolves in a way the author may not expect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EscapeIssue {
    /// `\x` where x has no escape meaning: Java silently drops the backslash.
    DroppedBackslash { span: Span, ch: char },
    /// `\uXXXX` with fewer than four hex digits: Java's load throws.
    MalformedUnicode { span: Span },
    /// A `\uD800`-`\uDFFF` escape that does not form a surrogate pair.
    LoneSurrogate { span: Span },
}

/// Characters whose escaping is part of the `.properties` syntax, not a mistake.
fn is_syntax_escape(c: char) -> bool {
    matches!(c, '\\' | '=' | ':' | ' ' | '#' | '!' | '\t' | '\u{c}')
}

/// What kind of source text a [`Unit`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    /// A character standing for itself.
    Plain,
    /// `\x` with x not `u`: a control character (`\t \n \r \f`) or x itself.
    Escape,
    /// `\uXXXX`, or two of them forming a surrogate pair.
    Unicode,
    /// `\u` without four hex digits: Java's load throws here. Its text is the
    /// escape as written.
    Malformed,
}

/// One character of a key or value as Java's `loadConvert` produces it, and the
/// source bytes it came from (continuation lines inside it included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub span: Span,
    /// What Java reads: one character, or for [`UnitKind::Malformed`] the
    /// escape's text as written.
    pub text: String,
    pub kind: UnitKind,
}

/// Unescapes the characters of a key or value, reporting surprising escapes.
/// Works on a stream so that a multi-megabyte line is never copied char by char.
pub(super) fn unescape(
    chars: impl Iterator<Item = SourceChar>,
    issues: &mut Vec<EscapeIssue>,
) -> String {
    let mut out = String::new();
    convert(chars, issues, |text, _, _| out.push_str(text));
    out
}

/// The characters of a key or value one by one, with their source spans.
pub(super) fn units(chars: impl Iterator<Item = SourceChar>) -> Vec<Unit> {
    let mut out = Vec::new();
    convert(chars, &mut Vec::new(), |text, span, kind| {
        out.push(Unit {
            span,
            text: text.to_string(),
            kind,
        })
    });
    out
}

/// Java's `loadConvert`, handing each character (its text, span and kind) to `emit`.
fn convert(
    mut chars: impl Iterator<Item = SourceChar>,
    issues: &mut Vec<EscapeIssue>,
    mut emit: impl FnMut(&str, Span, UnitKind),
) {
    let mut pending_high: Option<(u16, Span)> = None;
    let mut buf = [0u8; 4];
    while let Some(c) = chars.next() {
        if c.ch != '\\' {
            flush_high(&mut emit, &mut pending_high, issues);
            emit(
                c.ch.encode_utf8(&mut buf),
                Span::new(c.start, c.end),
                UnitKind::Plain,
            );
            continue;
        }
        // A logical line never ends in an odd backslash (it continues the line or
        // is dropped at end of file), so a missing escaped char cannot happen.
        let Some(next) = chars.next() else { break };
        if next.ch != 'u' {
            flush_high(&mut emit, &mut pending_high, issues);
            let ch = match next.ch {
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                'f' => '\u{c}',
                other => {
                    if !is_syntax_escape(other) {
                        issues.push(EscapeIssue::DroppedBackslash {
                            span: Span::new(c.start, next.end),
                            ch: other,
                        });
                    }
                    other
                }
            };
            emit(
                ch.encode_utf8(&mut buf),
                Span::new(c.start, next.end),
                UnitKind::Escape,
            );
            continue;
        }
        let mut digits: Vec<SourceChar> = Vec::with_capacity(4);
        let mut unit: u16 = 0;
        let mut valid = true;
        for d in chars.by_ref().take(4) {
            digits.push(d);
            match d.ch.to_digit(16) {
                Some(v) if valid => unit = (unit << 4) | v as u16,
                _ => valid = false,
            }
        }
        let end = digits.last().map_or(next.end, |d| d.end);
        let span = Span::new(c.start, end);
        if !valid || digits.len() < 4 {
            flush_high(&mut emit, &mut pending_high, issues);
            issues.push(EscapeIssue::MalformedUnicode { span });
            // Java throws here; keep the text literally so later stages still see it.
            let mut text = String::from("\\u");
            text.extend(digits.iter().map(|d| d.ch));
            emit(&text, span, UnitKind::Malformed);
            continue;
        }
        push_unit(&mut emit, &mut pending_high, unit, span, issues);
    }
    flush_high(&mut emit, &mut pending_high, issues);
}

fn push_unit(
    emit: &mut impl FnMut(&str, Span, UnitKind),
    pending_high: &mut Option<(u16, Span)>,
    unit: u16,
    span: Span,
    issues: &mut Vec<EscapeIssue>,
) {
    let mut buf = [0u8; 4];
    match unit {
        0xD800..=0xDBFF => {
            flush_high(emit, pending_high, issues);
            *pending_high = Some((unit, span));
        }
        0xDC00..=0xDFFF => match pending_high.take() {
            Some((high, high_span)) => {
                let code =
                    0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                let ch = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
                emit(
                    ch.encode_utf8(&mut buf),
                    Span::new(high_span.start, span.end),
                    UnitKind::Unicode,
                );
            }
            None => {
                issues.push(EscapeIssue::LoneSurrogate { span });
                emit(
                    char::REPLACEMENT_CHARACTER.encode_utf8(&mut buf),
                    span,
                    UnitKind::Unicode,
                );
            }
        },
        _ => {
            flush_high(emit, pending_high, issues);
            let ch = char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER);
            emit(ch.encode_utf8(&mut buf), span, UnitKind::Unicode);
        }
    }
}

/// A high surrogate not followed by a low one cannot live in a Rust string:
/// it becomes U+FFFD and is reported.
fn flush_high(
    emit: &mut impl FnMut(&str, Span, UnitKind),
    pending_high: &mut Option<(u16, Span)>,
    issues: &mut Vec<EscapeIssue>,
) {
    if let Some((_, span)) = pending_high.take() {
        issues.push(EscapeIssue::LoneSurrogate { span });
        let mut buf = [0u8; 4];
        emit(
            char::REPLACEMENT_CHARACTER.encode_utf8(&mut buf),
            span,
            UnitKind::Unicode,
        );
    }
}
