//! Recognising UTF-16 text: what Windows PowerShell 5 writes with `>`, and what
//! Java's ISO-8859-1 reading turns into keys full of NUL characters.

/// The byte order of a UTF-16 file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utf16 {
    LittleEndian,
    BigEndian,
}

impl Utf16 {
    pub fn as_str(self) -> &'static str {
        match self {
            Utf16::LittleEndian => "UTF-16LE",
            Utf16::BigEndian => "UTF-16BE",
        }
    }

    /// The text, decoded; None when it is not valid UTF-16 (a byte-order mark
    /// is dropped).
    pub fn decode(self, bytes: &[u8]) -> Option<String> {
        let units = bytes.chunks(2).map(|pair| match (self, pair) {
            (Utf16::LittleEndian, [lo, hi]) => Some(u16::from_le_bytes([*lo, *hi])),
            (Utf16::BigEndian, [hi, lo]) => Some(u16::from_be_bytes([*hi, *lo])),
            _ => None,
        });
        let units: Option<Vec<u16>> = units.collect();
        let text = String::from_utf16(&units?).ok()?;
        Some(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
    }
}

/// How much of the start is looked at without a byte-order mark.
const SAMPLE: usize = 512;

/// Whether `bytes` look like UTF-16 text: a UTF-16 byte-order mark, or, in the
/// first bytes, a NUL in nearly every other byte and none in the rest (ASCII
/// text as UTF-16), which no ISO-8859-1 or UTF-8 configuration file has.
pub fn detect(bytes: &[u8]) -> Option<Utf16> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(Utf16::LittleEndian),
        [0xFE, 0xFF, ..] => return Some(Utf16::BigEndian),
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(SAMPLE) & !1];
    // Nearly every file has no NUL at all: the common answer costs one scan.
    if sample.len() < 4 || !sample.contains(&0) {
        return None;
    }
    let pairs = sample.len() / 2;
    let nul_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    let mostly = |n: usize| n * 10 >= pairs * 9;
    match (even, odd) {
        (0, odd) if mostly(odd) => Some(Utf16::LittleEndian),
        (even, 0) if mostly(even) => Some(Utf16::BigEndian),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn recognises_utf16_with_and_without_a_byte_order_mark() {
        let text = "bootstrap.servers=localhost:9092\r\nacks=all\r\n";
        assert_eq!(detect(&utf16le(text, true)), Some(Utf16::LittleEndian));
        assert_eq!(detect(&utf16le(text, false)), Some(Utf16::LittleEndian));
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(detect(&be), Some(Utf16::BigEndian));
        assert_eq!(
            Utf16::LittleEndian.decode(&utf16le(text, true)).as_deref(),
            Some(text)
        );
        assert_eq!(detect(text.as_bytes()), None);
        assert_eq!(detect(b"a=\x00\x00\x00\x00\x01\x02"), None);
    }
}
