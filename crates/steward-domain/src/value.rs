//! Parsed field values: a record holds only values that already fit their field's type.

use rust_decimal::Decimal;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use time::{format_description::well_known::Rfc3339, Date, OffsetDateTime, UtcOffset};
use uuid::Uuid;

/// One field's value, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Decimal(Decimal),
    /// Text, memo and choice codes.
    Text(String),
    Date(Date),
    /// Always UTC, truncated to microseconds (what both databases hold).
    DateTime(OffsetDateTime),
    /// Lookups and bare UUIDs.
    Uuid(Uuid),
    /// Several choice codes, in the order given, without duplicates.
    Codes(Vec<String>),
}

/// A record: field name to value. Ordered so that canonical forms are stable.
pub type Record = BTreeMap<String, Value>;

const DATE_FORMAT: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");
const DATETIME_FORMAT: &[time::format_description::FormatItem<'static>] = time::macros::format_description!(
    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
);

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_uuid(&self) -> Option<Uuid> {
        match self {
            Value::Uuid(u) => Some(*u),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The wire (and audit) form: what the API returns and the audit chain hashes.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Decimal(d) => {
                // Money is a JSON number (Edm.Decimal); normalise away trailing zeros.
                let s = d.normalize().to_string();
                serde_json::from_str(&s).unwrap_or(Json::String(s))
            }
            Value::Text(s) => Json::String(s.clone()),
            Value::Date(d) => Json::String(format_date(*d)),
            Value::DateTime(t) => Json::String(format_datetime(*t)),
            Value::Uuid(u) => Json::String(u.to_string()),
            Value::Codes(c) => Json::Array(c.iter().cloned().map(Json::String).collect()),
        }
    }
}

/// `2024-05-01`.
pub fn format_date(d: Date) -> String {
    d.format(DATE_FORMAT).expect("a date always formats")
}

/// `2024-05-01T10:00:00.000000Z`: fixed width, so text comparison is time order (SQLite relies on it).
pub fn format_datetime(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(DATETIME_FORMAT)
        .expect("a datetime always formats")
}

pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s, DATE_FORMAT).ok()
}

/// An RFC 3339 instant, brought to UTC and truncated to microseconds.
pub fn parse_datetime(s: &str) -> Option<OffsetDateTime> {
    // Checked: 9999-12-31T23:59:59-01:00 is past the last instant `time` holds in UTC.
    let t = OffsetDateTime::parse(s, &Rfc3339)
        .ok()?
        .checked_to_offset(UtcOffset::UTC)?;
    // 0000-01-01T00:00:00+01:00 is in year -1 in UTC, which RFC 3339 cannot write back.
    if t.year() < 0 {
        return None;
    }
    let micros = t.microsecond();
    t.replace_microsecond(micros).ok()
}

/// Now, truncated to microseconds like every stored instant.
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_microsecond(t.microsecond()).expect("in range")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_are_fixed_width_utc() {
        let t = parse_datetime("2024-05-01T12:30:00.1234567+02:00").unwrap();
        assert_eq!(format_datetime(t), "2024-05-01T10:30:00.123456Z");
        assert!(parse_datetime("2024-13-01T00:00:00Z").is_none());
    }

    #[test]
    fn money_is_a_json_number() {
        let v = Value::Decimal(Decimal::new(1250, 2));
        assert_eq!(v.to_json().to_string(), "12.5");
    }
}
