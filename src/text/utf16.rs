//! Recognising UTF-16 text: what Windows PowerShell 5 writes with `>`, and what
//! Java's ISO-8859-1 reading turns into keys full of NUL characters. UTF-32,
//! rarer (some editors offer it), fails the same way and is recognised too.

/// The encoding and byte order of a file in a wide Unicode encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utf16 {
    LittleEndian,
    BigEndian,
    /// UTF-32, little-endian.
    Utf32LittleEndian,
    /// UTF-32, big-endian.
    Utf32BigEndian,
}

impl Utf16 {
    pub fn as_str(self) -> &'static str {
        match self {
            Utf16::LittleEndian => "UTF-16LE",
            Utf16::BigEndian => "UTF-16BE",
            Utf16::Utf32LittleEndian => "UTF-32LE",
            Utf16::Utf32BigEndian => "UTF-32BE",
        }
    }

    /// The text, decoded; None when it is not valid in its encoding (a
    /// byte-order mark is dropped).
    pub fn decode(self, bytes: &[u8]) -> Option<String> {
        let text = match self {
            Utf16::LittleEndian | Utf16::BigEndian => self.decode_utf16(bytes)?,
            Utf16::Utf32LittleEndian | Utf16::Utf32BigEndian => self.decode_utf32(bytes)?,
        };
        Some(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
    }

    fn decode_utf16(self, bytes: &[u8]) -> Option<String> {
        let units = bytes.chunks(2).map(|pair| match (self, pair) {
            (Utf16::LittleEndian, [lo, hi]) => Some(u16::from_le_bytes([*lo, *hi])),
            (Utf16::BigEndian, [hi, lo]) => Some(u16::from_be_bytes([*hi, *lo])),
            _ => None,
        });
        let units: Option<Vec<u16>> = units.collect();
        String::from_utf16(&units?).ok()
    }

    fn decode_utf32(self, bytes: &[u8]) -> Option<String> {
        bytes
            .chunks(4)
            .map(|quad| {
                let quad: [u8; 4] = quad.try_into().ok()?;
                let code = match self {
                    Utf16::Utf32BigEndian => u32::from_be_bytes(quad),
                    _ => u32::from_le_bytes(quad),
                };
                char::from_u32(code)
            })
            .collect()
    }
}

/// How much of the start is looked at without a byte-order mark.
const SAMPLE: usize = 512;

/// Whether `bytes` look like UTF-16 text: a UTF-16 byte-order mark, or, in the
/// first bytes, a NUL in nearly every other byte and none in the rest (ASCII
/// text as UTF-16), which no ISO-8859-1 or UTF-8 configuration file has.
pub fn detect(bytes: &[u8]) -> Option<Utf16> {
    match bytes {
        // UTF-32LE's mark starts as UTF-16LE's does.
        [0xFF, 0xFE, 0, 0, ..] => return Some(Utf16::Utf32LittleEndian),
        [0, 0, 0xFE, 0xFF, ..] => return Some(Utf16::Utf32BigEndian),
        [0xFF, 0xFE, ..] => return Some(Utf16::LittleEndian),
        [0xFE, 0xFF, ..] => return Some(Utf16::BigEndian),
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(SAMPLE) & !3];
    // Nearly every file has no NUL at all: the common answer costs one scan.
    if sample.len() < 4 || !sample.contains(&0) {
        return None;
    }
    detect_utf32(sample).or_else(|| detect_utf16(sample))
}

/// ASCII text as UTF-32: three NULs in nearly every four bytes, the fourth
/// never NUL.
fn detect_utf32(sample: &[u8]) -> Option<Utf16> {
    let quads = sample.len() / 4;
    let nul_at = |offset: usize| {
        sample
            .iter()
            .skip(offset)
            .step_by(4)
            .filter(|b| **b == 0)
            .count()
    };
    let counts = [nul_at(0), nul_at(1), nul_at(2), nul_at(3)];
    let mostly = |n: usize| n * 10 >= quads * 9;
    match counts {
        [0, a, b, c] if mostly(a) && mostly(b) && mostly(c) => Some(Utf16::Utf32LittleEndian),
        [a, b, c, 0] if mostly(a) && mostly(b) && mostly(c) => Some(Utf16::Utf32BigEndian),
        _ => None,
    }
}

fn detect_utf16(sample: &[u8]) -> Option<Utf16> {
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

    #[test]
    fn recognises_utf32_with_and_without_a_byte_order_mark() {
        let text = "bootstrap.servers=localhost:9092\nacks=all\n";
        let le: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        let be: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        assert_eq!(detect(&le), Some(Utf16::Utf32LittleEndian));
        assert_eq!(detect(&be), Some(Utf16::Utf32BigEndian));
        let marked = [&[0xFF, 0xFE, 0, 0][..], &le].concat();
        assert_eq!(detect(&marked), Some(Utf16::Utf32LittleEndian));
        assert_eq!(
            Utf16::Utf32LittleEndian.decode(&marked).as_deref(),
            Some(text)
        );
        let marked = [&[0, 0, 0xFE, 0xFF][..], &be].concat();
        assert_eq!(detect(&marked), Some(Utf16::Utf32BigEndian));
        assert_eq!(Utf16::Utf32BigEndian.decode(&marked).as_deref(), Some(text));
    }
}
