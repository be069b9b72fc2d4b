//! Literal shapes (dates, instants, UUIDs, numbers) checked by hand, and the coercion of a literal
//! to the type of the field it is compared with.

use crate::{err, short, FieldRef, Literal, ODataError};
use steward_model::{FieldType, Model};

/// The most digits a decimal literal may have (what a 96-bit decimal holds exactly).
pub const MAX_DECIMAL_DIGITS: usize = 28;

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `u32::is_multiple_of` would be clearer but needs Rust 1.87; the workspace supports 1.80.
#[allow(clippy::manual_is_multiple_of)]
fn leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DD`, a real calendar day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    // Bytes 4 and 7 are ASCII, so these ranges fall on character boundaries.
    match (digits(&s[0..4]), digits(&s[5..7]), digits(&s[8..10])) {
        (Some(y), Some(m), Some(d)) => (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m),
        _ => false,
    }
}

/// An RFC 3339 instant as OData writes it: `YYYY-MM-DDThh:mm[:ss[.fff]]` then `Z` or `±hh:mm`.
/// Returns it normalised (`T` and `Z` upper case, seconds added when left out), or `None`.
pub fn datetime(s: &str) -> Option<String> {
    if !s.is_ascii() {
        return None;
    }
    let (date, time) = s.split_at_checked(10)?;
    if !is_date(date) {
        return None;
    }
    let time = time.strip_prefix(['T', 't'])?;
    let b = time.as_bytes();
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let (h, m) = (digits(&time[0..2])?, digits(&time[3..5])?);
    if h > 23 || m > 59 {
        return None;
    }
    let mut out = format!("{date}T{}", &time[0..5]);
    let mut rest = &time[5..];
    if let Some(r) = rest.strip_prefix(':') {
        let sec = digits(r.get(0..2)?)?;
        if sec > 59 {
            return None;
        }
        out.push_str(&rest[0..3]);
        rest = &r[2..];
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 || n > 9 {
                return None;
            }
            out.push_str(&rest[0..=n]);
            rest = &frac[n..];
        }
    } else {
        out.push_str(":00");
    }
    if rest == "Z" || rest == "z" {
        out.push('Z');
        return Some(out);
    }
    let r = rest.as_bytes();
    if r.len() == 6 && (r[0] == b'+' || r[0] == b'-') && r[3] == b':' {
        let (oh, om) = (digits(&rest[1..3])?, digits(&rest[4..6])?);
        if oh <= 23 && om <= 59 {
            out.push_str(rest);
            return Some(out);
        }
    }
    None
}

/// A hyphenated UUID (`8-4-4-4-12` hex digits, any case).
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// How a literal is named in messages.
pub fn describe(lit: &Literal) -> String {
    match lit {
        Literal::Null => "null".into(),
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::Decimal(d) => d.clone(),
        Literal::String(s) => format!("'{}'", short(s)),
        Literal::Date(d) | Literal::DateTime(d) | Literal::Uuid(d) => d.clone(),
    }
}

/// How a field type is named in messages.
pub fn type_name(ty: &FieldType) -> String {
    match ty {
        FieldType::Text { .. } => "text".into(),
        FieldType::Memo => "long text".into(),
        FieldType::Int { .. } => "a whole number".into(),
        FieldType::Money => "an amount".into(),
        FieldType::Bool => "true or false".into(),
        FieldType::Date => "a date".into(),
        FieldType::DateTime => "an instant".into(),
        FieldType::Uuid => "an id".into(),
        FieldType::Choice { set } => format!("a choice of {set}"),
        FieldType::Choices { set } => format!("several choices of {set}"),
        FieldType::Lookup { table } => format!("a reference to {table}"),
    }
}

/// Check a (non-null) literal against a field's type, converting where OData allows it.
pub fn coerce(
    model: &Model,
    field: &FieldRef,
    lit: Literal,
    pos: usize,
) -> Result<Literal, ODataError> {
    let name = &field.field;
    let given = describe(&lit);
    let bad = |hint: &str| {
        Err(err(
            "type_mismatch",
            "$filter",
            Some(pos),
            format!(
                "{given} does not fit '{name}', which is {}",
                type_name(&field.ty)
            ),
        )
        .hint(hint))
    };
    match (&field.ty, lit) {
        (FieldType::Text { .. } | FieldType::Memo, l @ Literal::String(_)) => Ok(l),
        (FieldType::Text { .. } | FieldType::Memo, _) => bad("use a quoted string"),
        (FieldType::Int { .. }, l @ Literal::Int(_)) => Ok(l),
        (FieldType::Int { .. }, _) => bad("use a whole number like 3"),
        (FieldType::Money, l @ Literal::Int(_)) => Ok(l),
        (FieldType::Money, Literal::Decimal(d)) => {
            if d.bytes().filter(u8::is_ascii_digit).count() > MAX_DECIMAL_DIGITS {
                return bad(&format!("use at most {MAX_DECIMAL_DIGITS} digits"));
            }
            Ok(Literal::Decimal(d))
        }
        (FieldType::Money, _) => bad("use a number like 12.50"),
        (FieldType::Bool, l @ Literal::Bool(_)) => Ok(l),
        (FieldType::Bool, _) => bad("use true or false"),
        (FieldType::Date, l @ Literal::Date(_)) => Ok(l),
        (FieldType::Date, Literal::String(s)) if is_date(&s) => Ok(Literal::Date(s)),
        (FieldType::Date, _) => bad("use a date like 2024-05-01"),
        (FieldType::DateTime, l @ Literal::DateTime(_)) => Ok(l),
        (FieldType::DateTime, Literal::Date(d)) => Ok(Literal::DateTime(format!("{d}T00:00:00Z"))),
        (FieldType::DateTime, Literal::String(s)) if is_date(&s) => {
            Ok(Literal::DateTime(format!("{s}T00:00:00Z")))
        }
        (FieldType::DateTime, Literal::String(s)) if datetime(&s).is_some() => {
            Ok(Literal::DateTime(datetime(&s).unwrap_or(s)))
        }
        (FieldType::DateTime, _) => bad("use an instant like 2024-05-01T10:00:00Z or a date"),
        (FieldType::Uuid | FieldType::Lookup { .. }, Literal::Uuid(u)) => {
            Ok(Literal::Uuid(u.to_ascii_lowercase()))
        }
        (FieldType::Uuid | FieldType::Lookup { .. }, Literal::String(s)) if is_uuid(&s) => {
            Ok(Literal::Uuid(s.to_ascii_lowercase()))
        }
        (FieldType::Uuid | FieldType::Lookup { .. }, _) => {
            bad("use a UUID like 0190a0b2-0000-7000-8000-000000000001")
        }
        (FieldType::Choice { set }, Literal::String(s)) => check_code(model, field, set, s, pos),
        (FieldType::Choice { .. }, _) => bad("use one of its codes as a quoted string"),
        (FieldType::Choices { .. }, _) => bad("use contains(field, 'code') or eq null"),
    }
}

/// A code of a choice set, or `invalid_choice`.
pub fn check_code(
    model: &Model,
    field: &FieldRef,
    set: &str,
    code: String,
    pos: usize,
) -> Result<Literal, ODataError> {
    if model.choice_set(set).is_some_and(|s| s.has(&code)) {
        return Ok(Literal::String(code));
    }
    Err(err(
        "invalid_choice",
        "$filter",
        Some(pos),
        format!(
            "{} is not a code of '{}' (choice set {set})",
            describe(&Literal::String(code)),
            field.field
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for ok in [
            "2024-05-01",
            "2024-02-29",
            "2000-02-29",
            "0001-01-01",
            "2023-12-31",
        ] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-+5-01",
            "2024-5-01",
            "24-05-01",
            "2024/05/01",
            "２０２４-05-01",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn datetimes() {
        let cases = [
            ("2024-05-01T10:00:00Z", Some("2024-05-01T10:00:00Z")),
            ("2024-05-01t10:00:00z", Some("2024-05-01T10:00:00Z")),
            ("2024-05-01T10:00Z", Some("2024-05-01T10:00:00Z")),
            (
                "2024-05-01T10:00:00.5+02:00",
                Some("2024-05-01T10:00:00.5+02:00"),
            ),
            (
                "2024-05-01T23:59:59.123456789-11:30",
                Some("2024-05-01T23:59:59.123456789-11:30"),
            ),
            ("2024-05-01T10:00+02:00", Some("2024-05-01T10:00:00+02:00")),
            ("2024-05-01T24:00:00Z", None),
            ("2024-05-01T10:60:00Z", None),
            ("2024-05-01T10:00:60Z", None),
            ("2024-05-01T10:00:00", None),
            ("2024-05-01T10:00:00.Z", None),
            ("2024-05-01T10:00:00.1234567890Z", None),
            ("2024-05-01T10:00:00+2:00", None),
            ("2024-05-01T10:00:00+02:60", None),
            ("2024-05-01T10:00:00+0200", None),
            ("2024-05-01 10:00:00Z", None),
            ("2024-02-30T10:00:00Z", None),
            ("2024-05-01T1:00:00Z", None),
            ("2024-05-01T", None),
            ("2024-05-01", None),
            ("2024-05-01T10:00:00Zé", None),
        ];
        for (input, want) in cases {
            assert_eq!(datetime(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("0190a0b2-0000-7000-8000-000000000001"));
        assert!(is_uuid("DEADBEEF-0000-7000-8000-00000000000F"));
        assert!(!is_uuid("0190a0b2-0000-7000-8000-00000000000g"));
        assert!(!is_uuid("0190a0b200007000800000000000000001"));
        assert!(!is_uuid("0190a0b2-0000-7000-8000-0000000000011"));
        assert!(!is_uuid("0190a0b2_0000-7000-8000-000000000001"));
    }
}
