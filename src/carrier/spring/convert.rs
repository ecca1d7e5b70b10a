//! Spring's conversions of a written value into what Kafka receives, for the
//! property kinds of `mapping.tsv`. A value Spring cannot convert is left as
//! written: binding fails and the application does not start, and Kafka's
//! own type check reports the value.

use super::mapping::Kind;

/// The value Kafka receives for `written` of a property of `kind`.
pub fn to_kafka(kind: Kind, written: &str) -> Option<String> {
    match kind {
        Kind::DurationMs => duration_ms(written.trim()).map(|ms| ms.to_string()),
        Kind::DataSize => data_size_bytes(written.trim()).map(|b| b.to_string()),
        Kind::EnumLower => Some(enum_lower(written.trim())),
        Kind::Resource => Some(resource_path(written)),
        _ => None,
    }
}

/// Spring Boot's `DurationStyle`: `SIMPLE` (`^([+-]?\d+)([a-zA-Z]{0,2})$`, a
/// unit suffix in any case, none meaning the property's default, ms here) or
/// `ISO8601` (`java.time.Duration.parse`), as milliseconds
/// (`Duration::toMillis`). `spring-boot-project/spring-boot/src/main/java/org/
/// springframework/boot/convert/DurationStyle.java`@v3.5.16.
pub fn duration_ms(text: &str) -> Option<i64> {
    if text.trim_start_matches(['+', '-']).starts_with(['p', 'P']) {
        return iso_duration_ms(text);
    }
    let (number, suffix) = split_number(text)?;
    let nanos_per_unit: i128 = match suffix.to_ascii_lowercase().as_str() {
        "ns" => 1,
        "us" => 1_000,
        "" | "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        "d" => 86_400_000_000_000,
        _ => return None,
    };
    let nanos = i128::from(number).checked_mul(nanos_per_unit)?;
    i64::try_from(nanos.div_euclid(1_000_000)).ok()
}

/// A signed integer followed by at most two letters.
fn split_number(text: &str) -> Option<(i64, &str)> {
    let digits_end = text
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || (*i == 0 && matches!(c, '+' | '-'))))
        .map_or(text.len(), |(i, _)| i);
    let (number, suffix) = text.split_at(digits_end);
    let valid_suffix = suffix.len() <= 2 && suffix.chars().all(|c| c.is_ascii_alphabetic());
    if !valid_suffix
        || !number
            .trim_start_matches(['+', '-'])
            .starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    Some((number.parse().ok()?, suffix))
}

/// `java.time.Duration.parse`: `[+-]PnDTnHnMn.nS`, any case.
fn iso_duration_ms(text: &str) -> Option<i64> {
    let upper = text.to_ascii_uppercase();
    let (negative, rest) = match upper.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, upper.strip_prefix('+').unwrap_or(&upper)),
    };
    let rest = rest.strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((days, time)) => (days, Some(time)),
        None => (rest, None),
    };
    let mut nanos: i128 = 0;
    if !days.is_empty() {
        let d: i128 = days.strip_suffix('D')?.parse().ok()?;
        nanos += d * 86_400_000_000_000;
    }
    if let Some(mut time) = time {
        if time.is_empty() {
            return None;
        }
        for (unit, scale) in [('H', 3_600_000_000_000i128), ('M', 60_000_000_000)] {
            if let Some((n, after)) = time.split_once(unit) {
                nanos += n.parse::<i128>().ok()? * scale;
                time = after;
            }
        }
        if let Some(seconds) = time.strip_suffix('S') {
            nanos += seconds_nanos(seconds)?;
        } else if !time.is_empty() {
            return None;
        }
    }
    let nanos = if negative { -nanos } else { nanos };
    i64::try_from(nanos.div_euclid(1_000_000)).ok()
}

fn seconds_nanos(text: &str) -> Option<i128> {
    let (whole, fraction) = text.split_once(['.', ',']).unwrap_or((text, ""));
    if fraction.len() > 9 || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let negative = whole.starts_with('-');
    let whole: i128 = whole.parse().ok()?;
    let fraction: i128 = format!("{fraction:0<9}").parse().ok()?;
    let magnitude = whole.abs() * 1_000_000_000 + fraction;
    Some(if negative { -magnitude } else { magnitude })
}

/// Spring Framework's `DataSize.parse`: an integer and a `DataUnit` suffix
/// (`B`, `KB`, `MB`, `GB`, `TB`, powers of 1024), none meaning bytes.
pub fn data_size_bytes(text: &str) -> Option<i64> {
    let (number, suffix) = split_number(text)?;
    let scale: i64 = match suffix {
        "" | "B" => 1,
        "KB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        "TB" => 1 << 40,
        _ => return None,
    };
    number.checked_mul(scale)
}

/// An enum bound by relaxed name (`read-committed`, `READ_COMMITTED`), given
/// to Kafka as `name().toLowerCase()`.
fn enum_lower(text: &str) -> String {
    text.replace('-', "_").to_lowercase()
}

/// A `file:` resource is given to Kafka as its path.
fn resource_path(text: &str) -> String {
    text.strip_prefix("file:").unwrap_or(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_spring_form() {
        assert_eq!(duration_ms("3s"), Some(3000));
        assert_eq!(duration_ms("3S"), Some(3000));
        assert_eq!(duration_ms("500"), Some(500));
        assert_eq!(duration_ms("5m"), Some(300_000));
        assert_eq!(duration_ms("1500us"), Some(1));
        assert_eq!(duration_ms("PT3S"), Some(3000));
        assert_eq!(duration_ms("pt1.5s"), Some(1500));
        assert_eq!(duration_ms("PT5M"), Some(300_000));
        assert_eq!(duration_ms("P1DT1H"), Some(90_000_000));
        assert_eq!(duration_ms("3 seconds"), None);
        assert_eq!(duration_ms("3sec"), None);
        assert_eq!(duration_ms(""), None);
    }

    #[test]
    fn data_sizes_in_binary_units() {
        assert_eq!(data_size_bytes("32KB"), Some(32_768));
        assert_eq!(data_size_bytes("1MB"), Some(1_048_576));
        assert_eq!(data_size_bytes("16384"), Some(16_384));
        assert_eq!(data_size_bytes("10B"), Some(10));
        assert_eq!(data_size_bytes("10XB"), None);
    }

    #[test]
    fn enums_and_resources() {
        assert_eq!(
            to_kafka(Kind::EnumLower, "READ-COMMITTED").as_deref(),
            Some("read_committed")
        );
        assert_eq!(
            to_kafka(Kind::Resource, "file:/etc/k.jks").as_deref(),
            Some("/etc/k.jks")
        );
        assert_eq!(to_kafka(Kind::Text, "x"), None);
    }
}
