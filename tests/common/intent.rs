//! A model of what an edit makes Java read, derived from the edit's shape
//! against the original's spans, written independently of kafkalint's reader:
//! an edit of a key's span renames, of a value's span sets the value, one that
//! deletes whole lines removes entries, one that inserts whole lines adds them,
//! one inside a key or value replaces the characters of the bytes it covers
//! with its unescaped replacement, and a `\` inserted into an escape or a line
//! continuation makes that backslash literal.
#![allow(dead_code)]

use kafkalint::carrier::properties::Document;
use kafkalint::diagnostics::Edit;
use kafkalint::fix;
use kafkalint::text::{Chars, Encoding, Span};
use std::collections::BTreeMap;

/// One output character of Java's `loadConvert` and the source bytes it came from.
#[derive(Clone, Debug)]
struct Unit {
    span: Span,
    text: String,
    /// `\x` (x not `u`): a backslash that escapes the next character.
    escape: bool,
    /// The UTF-16 unit of a `\uXXXX` escape.
    utf16: Option<u32>,
}

/// A backslash-newline inside a key or value: from the backslash to the first
/// character of the next line that Java keeps.
#[derive(Clone, Copy, Debug)]
struct Continuation {
    span: Span,
    /// Where the next physical line starts (after the terminator).
    next_line: usize,
}

/// What Java makes of raw key or value characters: `LineReader` joins continued
/// lines, then `loadConvert` resolves escapes. Written here, independently of
/// kafkalint's reader, to know which bytes each character came from.
fn decode(chars: &[(char, usize, usize)]) -> (Vec<Unit>, Vec<Continuation>) {
    // Join continued lines, as LineReader does (backslashes pair left to right).
    let mut joined: Vec<(char, usize, usize)> = Vec::new();
    let mut continuations = Vec::new();
    let mut odd = false;
    let mut i = 0;
    while i < chars.len() {
        let (c, start, end) = chars[i];
        if matches!(c, '\n' | '\r') && odd {
            joined.pop();
            odd = false;
            let mut j = i + 1;
            if c == '\r' && chars.get(j).is_some_and(|n| n.0 == '\n') {
                j += 1;
            }
            let next_line = chars.get(j).map_or(end, |n| n.1);
            while chars
                .get(j)
                .is_some_and(|n| matches!(n.0, ' ' | '\t' | '\u{c}'))
            {
                j += 1;
            }
            let resume = chars.get(j).map_or(chars[j - 1].2, |n| n.1);
            continuations.push(Continuation {
                span: Span::new(start - 1, resume),
                next_line,
            });
            i = j;
            continue;
        }
        odd = c == '\\' && !odd;
        joined.push((c, start, end));
        i += 1;
    }
    // loadConvert.
    let mut units: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < joined.len() {
        let (c, start, end) = joined[i];
        let unit = |end: usize, text: char, escape: bool, utf16: Option<u32>| Unit {
            span: Span::new(start, end),
            text: text.to_string(),
            escape,
            utf16,
        };
        if c == '\\' && i + 1 == joined.len() {
            // Only after a malformed `\u` took a backslash as a digit (the
            // line reader pairs backslashes otherwise): Java throws; kafkalint's
            // reader, and this model, drop it.
            break;
        }
        if c != '\\' {
            units.push(unit(end, c, false, None));
            i += 1;
            continue;
        }
        let (n, _, n_end) = joined[i + 1];
        if n != 'u' {
            let text = match n {
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                'f' => '\u{c}',
                other => other,
            };
            units.push(unit(n_end, text, true, None));
            i += 2;
            continue;
        }
        let digits = &joined[i + 2..(i + 6).min(joined.len())];
        let end = digits.last().map_or(n_end, |d| d.2);
        let hex: Option<u32> = (digits.len() == 4)
            .then(|| {
                digits
                    .iter()
                    .map(|d| d.0.to_digit(16))
                    .collect::<Option<Vec<u32>>>()
            })
            .flatten()
            .map(|d| d.iter().fold(0, |v, x| v << 4 | x));
        let Some(value) = hex else {
            // Malformed: Java's load throws; kafkalint's reader, and this
            // model, keep the escape as written.
            let text: String = ['\\', 'u']
                .into_iter()
                .chain(digits.iter().map(|d| d.0))
                .collect();
            units.push(Unit {
                span: Span::new(start, end),
                text,
                escape: false,
                utf16: None,
            });
            i += 2 + digits.len();
            continue;
        };
        units.push(unit(
            end,
            char::from_u32(value).unwrap_or('\u{FFFD}'),
            false,
            Some(value),
        ));
        i += 6;
    }
    // A surrogate pair is two escapes but one character; a lone surrogate reads
    // as U+FFFD (see PropertiesOracle.java).
    let mut merged: Vec<Unit> = Vec::with_capacity(units.len());
    for u in units {
        if let (Some(low @ 0xDC00..=0xDFFF), Some(prev)) = (u.utf16, merged.last_mut())
            && let Some(high @ 0xD800..=0xDBFF) = prev.utf16
        {
            let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
            prev.text = char::from_u32(c).unwrap().to_string();
            prev.span.end = u.span.end;
            prev.utf16 = None;
            continue;
        }
        merged.push(u);
    }
    (merged, continuations)
}

fn source_chars(bytes: &[u8], span: Span) -> Vec<(char, usize, usize)> {
    Chars::new(bytes, span, Encoding::Latin1)
        .map(|c| (c.ch, c.start, c.end))
        .collect()
}

/// What Java reads for a replacement written into a key or value.
fn unescape(text: &str) -> String {
    let chars: Vec<(char, usize, usize)> = text
        .char_indices()
        .map(|(i, c)| (c, i, i + c.len_utf8()))
        .collect();
    decode(&chars).0.into_iter().map(|u| u.text).collect()
}

/// A key/value pair of the model, ordered by where it sits in the file.
#[derive(Clone, Debug)]
struct ModelEntry {
    order: (usize, u8, usize),
    key: String,
    value: String,
}

fn is_line_start(bytes: &[u8], at: usize) -> bool {
    at == 0
        || (at <= bytes.len()
            && matches!(bytes[at - 1], b'\n' | b'\r')
            && !(bytes[at - 1] == b'\r' && bytes.get(at) == Some(&b'\n')))
}

/// The map Java should read from the fixed file, derived from the original and
/// the edits of the applied fixes; Err names an edit whose effect has no model.
pub fn intended(original: &[u8], edits: &[&Edit]) -> Result<BTreeMap<String, String>, String> {
    // The whole file rewritten (a UTF-16 file as ASCII): Java reads the new text.
    if let [edit] = edits
        && edit.span == Span::new(0, original.len())
    {
        let bytes = fix::encode_replacement(&edit.replacement, Encoding::Latin1).into_owned();
        return Document::parse(bytes, Encoding::Latin1)
            .java_view()
            .map_err(|e| e.message);
    }
    let doc = Document::parse(original.to_vec(), Encoding::Latin1);
    let mut model: Vec<Option<ModelEntry>> = doc
        .file
        .settings
        .iter()
        .map(|e| {
            Some(ModelEntry {
                order: (e.span().start, 1, 0),
                key: e.key().to_string(),
                value: e.value().expose().to_string(),
            })
        })
        .collect();
    let mut added: Vec<ModelEntry> = Vec::new();
    // Edits inside one key or value, grouped: (entry, is_key) -> edits.
    let mut partial: BTreeMap<(usize, bool), Vec<&Edit>> = BTreeMap::new();
    let describe = |e: &Edit| {
        format!(
            "edit {}..{} -> {:?} ({:?})",
            e.span.start,
            e.span.end,
            e.replacement,
            String::from_utf8_lossy(&original[e.span.start..e.span.end])
        )
    };
    // A value written after a key that had no separator brings its own `=`:
    // what Java then reads as the value is the rest.
    let normalized: Vec<Edit> = edits
        .iter()
        .map(|&e| {
            let lone_key =
                doc.file.settings.iter().enumerate().any(|(i, x)| {
                    doc.syntax(i).separator_span.is_empty() && x.value_span() == e.span
                });
            let mut e = e.clone();
            if lone_key && e.span.is_empty() && e.replacement.starts_with(['=', ':']) {
                e.replacement.remove(0);
            }
            e
        })
        .collect();
    // A `\` inserted at a line continuation (in a key, a value or between
    // them): the logical line ends there with a literal backslash, and the
    // lines it swallowed are read on their own. Each part, with the entry's
    // other edits, is modelled as a file of its own.
    let mut cuts: BTreeMap<usize, Vec<&Edit>> = BTreeMap::new();
    for edit in &normalized {
        let span = edit.span;
        let at_continuation = edit.replacement == "\\"
            && span.is_empty()
            && original.get(span.start) == Some(&b'\\')
            && matches!(original.get(span.start + 1), Some(b'\n' | b'\r'));
        let entry = doc
            .file
            .settings
            .iter()
            .position(|e| e.span().start <= span.start && span.start < e.span().end);
        if let (true, Some(i)) = (at_continuation, entry) {
            cuts.entry(i).or_default().push(edit);
        }
    }
    for (&i, entry_cuts) in &mut cuts {
        entry_cuts.sort_by_key(|c| c.span.start);
        let e = &doc.file.settings[i];
        // The pieces between the cuts: each but the last ends in the literal
        // backslash; each after the first starts on the line after a cut.
        let mut pieces: Vec<(Span, &[u8])> = Vec::new();
        let mut start = e.span().start;
        for cut in entry_cuts.iter() {
            pieces.push((Span::new(start, cut.span.start), b"\\\\\n"));
            let mut next_line = cut.span.start + 2;
            if original[cut.span.start + 1] == b'\r' && original.get(next_line) == Some(&b'\n') {
                next_line += 1;
            }
            start = next_line.min(e.span().end);
        }
        pieces.push((Span::new(start, e.span().end), b"\n"));
        for (rank, (range, end)) in pieces.into_iter().enumerate() {
            let mut bytes = original[range.start..range.end].to_vec();
            bytes.extend_from_slice(end);
            let rebased: Vec<Edit> = normalized
                .iter()
                .filter(|x| !entry_cuts.contains(x))
                .filter(|x| range.start <= x.span.start && x.span.end <= range.end)
                .map(|x| Edit {
                    span: Span::new(x.span.start - range.start, x.span.end - range.start),
                    ..x.clone()
                })
                .collect();
            let refs: Vec<&Edit> = rebased.iter().collect();
            for (j, (key, value)) in intended(&bytes, &refs)?.into_iter().enumerate() {
                added.push(ModelEntry {
                    order: (e.span().start, 1, rank * 1_000_000 + j),
                    key,
                    value,
                });
            }
        }
        model[i] = None;
    }
    let split: Vec<usize> = cuts.keys().copied().collect();
    for edit in &normalized {
        let span = edit.span;
        let inside = |outer: Span| outer.start <= span.start && span.end <= outer.end;
        // Whole lines deleted: their entries go.
        if edit.replacement.is_empty()
            && !span.is_empty()
            && is_line_start(original, span.start)
            && (span.end == original.len() || is_line_start(original, span.end))
        {
            for (i, e) in doc.file.settings.iter().enumerate() {
                let overlaps = e.span().start < span.end && span.start < e.span().end;
                let covered = span.start <= e.span().start && e.span().end <= span.end;
                if overlaps && !covered {
                    return Err(format!("{} cuts the entry `{}`", describe(edit), e.key()));
                }
                if overlaps {
                    model[i] = None;
                }
            }
            continue;
        }
        // Whole lines inserted between logical lines: their entries come in.
        if span.is_empty()
            && (is_line_start(original, span.start) || span.start == original.len())
            && (edit.replacement.ends_with(['\n', '\r']) || span.start == original.len())
            && !doc
                .file
                .settings
                .iter()
                .any(|e| e.span().start < span.start && span.start < e.span().end)
        {
            let text = fix::encode_replacement(&edit.replacement, Encoding::Latin1);
            let inserted = Document::parse(text.into_owned(), Encoding::Latin1);
            for (j, e) in inserted.file.settings.iter().enumerate() {
                added.push(ModelEntry {
                    order: (span.start, 0, j),
                    key: e.key().to_string(),
                    value: e.value().expose().to_string(),
                });
            }
            continue;
        }
        if split.iter().any(|&i| {
            let e = &doc.file.settings[i];
            e.span().start <= span.start && span.end <= e.span().end
        }) {
            continue;
        }
        let region = doc.file.settings.iter().enumerate().find_map(|(i, e)| {
            if span == e.value_span() {
                Some((i, false))
            } else if span == e.key_span() || inside(e.key_span()) {
                Some((i, true))
            } else if inside(e.value_span()) {
                Some((i, false))
            } else {
                None
            }
        });
        if let Some(region) = region {
            partial.entry(region).or_default().push(edit);
            continue;
        }
        let in_separator = (0..doc.file.settings.len())
            .any(|i| inside(doc.syntax(i).separator_span))
            && edit
                .replacement
                .chars()
                .all(|c| matches!(c, ' ' | '\t' | '=' | ':'));
        let in_comment = doc.file.comments.iter().any(|c| inside(c.span));
        if in_separator || in_comment {
            continue;
        }
        return Err(format!("{}: no model for its effect", describe(edit)));
    }
    for ((i, is_key), mut edits) in partial {
        let entry = &doc.file.settings[i];
        let region = if is_key {
            entry.key_span()
        } else {
            entry.value_span()
        };
        let (units, continuations) = decode(&source_chars(original, region));
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let raw_edits = edits.clone();
        let mut text = String::new();
        let mut next_unit = 0;
        let mut tail: Option<usize> = None;
        for edit in edits {
            let span = edit.span;
            if tail.is_some() {
                return Err(format!("{}: after a literal continuation", describe(edit)));
            }
            let within = |s: Span| s.start <= span.start && span.start <= s.start + 1;
            // A backslash inserted at a `\x` escape or a continuation makes it literal.
            if edit.replacement == "\\" && span.is_empty() {
                if let Some(k) = units[next_unit..]
                    .iter()
                    .position(|u| u.escape && within(u.span))
                {
                    let u = &units[next_unit + k];
                    for v in &units[next_unit..next_unit + k] {
                        text.push_str(&v.text);
                    }
                    text.push('\\');
                    text.extend(
                        original[u.span.start + 1..u.span.end]
                            .iter()
                            .map(|&b| b as char),
                    );
                    next_unit += k + 1;
                    continue;
                }
                if let Some(c) = continuations.iter().find(|c| within(c.span)) {
                    for v in units[next_unit..]
                        .iter()
                        .filter(|u| u.span.end <= c.span.start)
                    {
                        text.push_str(&v.text);
                    }
                    text.push('\\');
                    next_unit = units.len();
                    tail = Some(c.next_line);
                    continue;
                }
            }
            // Otherwise the edit must cover whole characters, which it replaces.
            let cut = |s: Span| {
                let inside = |at: usize| s.start < at && at < s.end;
                inside(span.start) || inside(span.end)
            };
            if units.iter().any(|u| cut(u.span)) || continuations.iter().any(|c| cut(c.span)) {
                return Err(format!(
                    "{}: cuts a character of `{}` in two",
                    describe(edit),
                    entry.key()
                ));
            }
            while next_unit < units.len() && units[next_unit].span.end <= span.start {
                text.push_str(&units[next_unit].text);
                next_unit += 1;
            }
            text.push_str(&unescape(&edit.replacement));
            while next_unit < units.len() && units[next_unit].span.start < span.end {
                next_unit += 1;
            }
        }
        for u in &units[next_unit..] {
            text.push_str(&u.text);
        }
        if is_key && comment_after(original, entry.span(), &raw_edits) {
            // The line now starts with `#` or `!` (say, once a byte-order mark is
            // gone): Java reads a comment, which never continues.
            if entry.span().end
                > doc
                    .text()
                    .lines
                    .line(doc.text().lines.line_of(entry.span().start))
                    .map_or(0, |l| l.content.end)
            {
                return Err(format!(
                    "`{}` becomes a comment over several lines",
                    entry.key()
                ));
            }
            model[i] = None;
            continue;
        }
        let m = model[i]
            .as_mut()
            .ok_or("an entry both removed and edited")?;
        if is_key {
            m.key = text;
        } else {
            m.value = text;
        }
        if let Some(next_line) = tail {
            // A key that ends there has nothing after it on its line.
            if is_key {
                m.value = String::new();
            }
            // The lines the continuation swallowed are read on their own.
            let mut rest = original[next_line..entry.span().end].to_vec();
            rest.push(b'\n');
            let swallowed = Document::parse(rest, Encoding::Latin1);
            for (j, e) in swallowed.file.settings.iter().enumerate() {
                added.push(ModelEntry {
                    order: (entry.span().start, 2, j),
                    key: e.key().to_string(),
                    value: e.value().expose().to_string(),
                });
            }
        }
    }
    let mut all: Vec<ModelEntry> = model.into_iter().flatten().chain(added).collect();
    all.sort_by_key(|m| m.order);
    Ok(all.into_iter().map(|m| (m.key, m.value)).collect())
}

/// Whether the logical line at `line`, once `edits` (sorted, inside it) are
/// made, starts with a comment marker after its leading whitespace.
fn comment_after(original: &[u8], line: Span, edits: &[&Edit]) -> bool {
    let mut raw = Vec::new();
    let mut cursor = line.start;
    for e in edits {
        raw.extend_from_slice(&original[cursor..e.span.start]);
        raw.extend_from_slice(&fix::encode_replacement(&e.replacement, Encoding::Latin1));
        cursor = e.span.end;
    }
    raw.extend_from_slice(&original[cursor..line.end]);
    let first = raw.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\x0c'));
    matches!(first, Some(b'#' | b'!'))
}
