//! Parse a client's JSON body into typed field values, before any I/O.

use crate::error::{DomainError, ErrorKind};
use crate::value::{parse_date, parse_datetime, Record, Value};
use rust_decimal::Decimal;
use serde_json::{Map, Value as Json};
use steward_model::{FieldType, Model, Table};
use uuid::Uuid;

/// The largest money amount accepted (fits numeric(18,2)).
const MAX_MONEY: i64 = 9_999_999_999_999_999;

/// Parse every member of `body` against `table`'s fields. Collects every bad field, not only the first.
/// OData annotations (`@odata.etag`, ...) are ignored; navigation properties are not writable.
pub fn parse_body(
    model: &Model,
    table: &Table,
    body: &Map<String, Json>,
) -> Result<Record, DomainError> {
    let mut out = Record::new();
    let mut errors = Vec::new();
    for (name, json) in body {
        if name.contains('@') {
            continue;
        }
        let Some(field) = table.writable_field(name) else {
            errors.push(DomainError::field(
                ErrorKind::BadRequest,
                "unknown_field",
                name,
                format!("{} has no field '{name}'", table.name),
            ));
            continue;
        };
        if field.workflow && !json.is_null() {
            errors.push(DomainError::field(
                ErrorKind::Forbidden,
                "workflow_field",
                name,
                format!(
                    "'{name}' is set by the {} lifecycle's transitions, not by a write; take a transition (Steward.transitions lists them)",
                    table.name
                ),
            ));
            continue;
        }
        if field.workflow || field.read_only || field.derived.is_some() && !overridable(table, name)
        {
            // Clients that send every property (as generic OData clients do) send computed ones as
            // null: nothing is asked of them, so they are ignored. A value is refused.
            if json.is_null() {
                continue;
            }
            errors.push(DomainError::field(
                ErrorKind::BadRequest,
                "read_only_field",
                name,
                format!("'{name}' is set by Steward and cannot be written"),
            ));
            continue;
        }
        match parse_value(model, &field.ty, name, json) {
            Ok(v) => {
                out.insert(name.clone(), v);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        // Touching a workflow-owned field is refused as such (403), whatever else is wrong.
        errors.sort_by_key(|e| e.code != "workflow_field");
        Err(DomainError::many(errors))
    }
}

/// A derived field that a client may still set explicitly: `risk_item.risk_level` (the spec says
/// "unless overridden"), and `person.name`, which is derived for humans only (a non-human identity
/// is named by its client; for a human with a first or last name the derived name wins).
pub fn overridable(table: &Table, field: &str) -> bool {
    matches!(
        (table.name.as_str(), field),
        ("risk_item", "risk_level") | ("person", "name")
    )
}

fn mismatch(field: &str, expected: &str, got: &Json) -> DomainError {
    let kind = match got {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    };
    DomainError::field(
        ErrorKind::BadRequest,
        "type_mismatch",
        field,
        format!("'{field}' must be {expected}, not {kind}"),
    )
}

/// Parse one JSON value for a field of type `ty`.
pub fn parse_value(
    model: &Model,
    ty: &FieldType,
    field: &str,
    json: &Json,
) -> Result<Value, DomainError> {
    if json.is_null() {
        return Ok(Value::Null);
    }
    let bad = |what: &str| mismatch(field, what, json);
    // PostgreSQL text cannot hold NUL; refuse it and the other control characters on every
    // backend alike.
    if let Some((pos, c)) = json.as_str().and_then(steward_model::forbidden_char) {
        return Err(DomainError::field(
            ErrorKind::BadRequest,
            "invalid_character",
            field,
            format!(
                "'{field}' holds the control character U+{:04X} at position {pos}; text may hold tabs and line breaks but no other control character",
                c as u32
            ),
        ));
    }
    match ty {
        FieldType::Text { max } => {
            let s = json.as_str().ok_or_else(|| bad("a string"))?;
            let len = s.chars().count();
            if len > *max as usize {
                return Err(DomainError::field(
                    ErrorKind::BadRequest,
                    "too_long",
                    field,
                    format!("'{field}' is {len} characters long; the most is {max}"),
                ));
            }
            if s.contains(['\n', '\r']) {
                return Err(DomainError::field(
                    ErrorKind::BadRequest,
                    "invalid_value",
                    field,
                    format!("'{field}' is a single line and cannot hold line breaks"),
                ));
            }
            Ok(Value::Text(s.to_string()))
        }
        FieldType::Memo => {
            let s = json.as_str().ok_or_else(|| bad("a string"))?;
            // A memo is long, not unbounded: 1 MiB of text.
            if s.len() > 1 << 20 {
                return Err(DomainError::field(
                    ErrorKind::BadRequest,
                    "too_long",
                    field,
                    format!("'{field}' is longer than 1 MiB"),
                ));
            }
            Ok(Value::Text(s.to_string()))
        }
        FieldType::Int { min, max } => {
            let i = json.as_i64().ok_or_else(|| bad("a whole number"))?;
            if min.is_some_and(|m| i < m) || max.is_some_and(|m| i > m) {
                let range = match (min, max) {
                    (Some(a), Some(b)) => format!("from {a} to {b}"),
                    (Some(a), None) => format!("at least {a}"),
                    (None, Some(b)) => format!("at most {b}"),
                    (None, None) => unreachable!(),
                };
                return Err(DomainError::field(
                    ErrorKind::BadRequest,
                    "out_of_range",
                    field,
                    format!("'{field}' must be {range}"),
                ));
            }
            Ok(Value::Int(i))
        }
        FieldType::Money => {
            let text = match json {
                Json::Number(n) => n.to_string(),
                Json::String(s) => s.clone(),
                _ => return Err(bad("a decimal amount")),
            };
            let d: Decimal = text.parse().map_err(|_| bad("a decimal amount"))?;
            if d.scale() > 2 && d.normalize().scale() > 2 {
                return Err(DomainError::field(
                    ErrorKind::BadRequest,
                    "invalid_value",
                    field,
                    format!("'{field}' is an amount of money with at most 2 decimals"),
                ));
            }
            if d.abs() > Decimal::new(MAX_MONEY, 2) {
                return Err(DomainError::field(
                    ErrorKind::BadRequest,
                    "out_of_range",
                    field,
                    format!("'{field}' is too large"),
                ));
            }
            Ok(Value::Decimal(d.normalize()))
        }
        FieldType::Bool => json
            .as_bool()
            .map(Value::Bool)
            .ok_or_else(|| bad("true or false")),
        FieldType::Date => {
            let s = json.as_str().ok_or_else(|| bad("a date (YYYY-MM-DD)"))?;
            parse_date(s).map(Value::Date).ok_or_else(|| {
                DomainError::field(
                    ErrorKind::BadRequest,
                    "invalid_value",
                    field,
                    format!(
                        "'{field}' must be a date like 2024-05-01, not '{}'",
                        clip(s)
                    ),
                )
            })
        }
        FieldType::DateTime => {
            let s = json.as_str().ok_or_else(|| bad("a date and time"))?;
            parse_datetime(s).map(Value::DateTime).ok_or_else(|| {
                DomainError::field(
                    ErrorKind::BadRequest,
                    "invalid_value",
                    field,
                    format!(
                        "'{field}' must be an RFC 3339 instant like 2024-05-01T10:00:00Z, not '{}'",
                        clip(s)
                    ),
                )
            })
        }
        FieldType::Uuid | FieldType::Lookup { .. } => {
            let s = json.as_str().ok_or_else(|| bad("an id (UUID string)"))?;
            Uuid::parse_str(s).map(Value::Uuid).map_err(|_| {
                DomainError::field(
                    ErrorKind::BadRequest,
                    "invalid_value",
                    field,
                    format!("'{field}' must be a UUID, not '{}'", clip(s)),
                )
            })
        }
        FieldType::Choice { set } => {
            let s = json.as_str().ok_or_else(|| bad("a choice code (string)"))?;
            check_code(model, set, field, s)?;
            Ok(Value::Text(s.to_string()))
        }
        FieldType::Choices { set } => {
            let items = json
                .as_array()
                .ok_or_else(|| bad("an array of choice codes"))?;
            let mut codes: Vec<String> = Vec::with_capacity(items.len());
            for item in items {
                let s = item
                    .as_str()
                    .ok_or_else(|| bad("an array of choice codes"))?;
                check_code(model, set, field, s)?;
                if !codes.iter().any(|c| c == s) {
                    codes.push(s.to_string());
                }
            }
            Ok(Value::Codes(codes))
        }
    }
}

fn check_code(model: &Model, set: &str, field: &str, code: &str) -> Result<(), DomainError> {
    let choices = model
        .choice_set(set)
        .expect("the model's choice sets resolve");
    if choices.has(code) {
        return Ok(());
    }
    let valid: Vec<&str> = choices.choices.iter().map(|c| c.code.as_str()).collect();
    Err(DomainError::field(
        ErrorKind::BadRequest,
        "invalid_choice",
        field,
        format!(
            "'{}' is not a code of {} (one of: {})",
            clip(code),
            choices.label,
            valid.join(", ")
        ),
    ))
}

/// Quote at most 60 characters of user input back in a message.
fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        s.chars().take(60).collect::<String>() + "..."
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(set: &str, body: Json) -> Result<Record, DomainError> {
        let m = Model::builtin();
        let t = m.by_set(set).unwrap().clone();
        parse_body(&m, &t, body.as_object().unwrap())
    }

    #[test]
    fn rejects_each_bad_kind_with_its_code() {
        let cases = [
            (json!({"nope": 1}), "unknown_field"),
            (json!({"name": 5}), "type_mismatch"),
            (json!({"name": "x".repeat(201)}), "too_long"),
            (json!({"priority": "urgent"}), "invalid_choice"),
            (json!({"satisfaction_rating": 9}), "out_of_range"),
            (json!({"request_date": "yesterday"}), "invalid_value"),
            (json!({"requested_by_id": "not-a-uuid"}), "invalid_value"),
            (json!({"total_estimated_cost": "1.234"}), "invalid_value"),
            (json!({"row_version": 3}), "read_only_field"),
            (json!({"number": "REQ-1"}), "read_only_field"),
        ];
        for (body, code) in cases {
            let err = parse("it_service_requests", body.clone()).unwrap_err();
            assert_eq!(err.code, code, "{body}");
            assert!(err.target.is_some());
        }
    }

    #[test]
    fn accepts_typed_values() {
        let r = parse(
            "it_service_requests",
            json!({"name": "Laptop; DROP TABLE person;--", "total_estimated_cost": 12.5, "priority": "high",
                   "request_date": "2024-05-01T10:00:00+02:00", "@odata.etag": "W/\"1\""}),
        )
        .unwrap();
        assert_eq!(
            r["name"],
            Value::Text("Laptop; DROP TABLE person;--".into())
        );
        assert_eq!(
            r["request_date"].to_json(),
            json!("2024-05-01T08:00:00.000000Z")
        );
        assert_eq!(r.len(), 4);
    }

    #[test]
    fn collects_every_bad_field() {
        let err = parse("it_service_requests", json!({"name": 1, "priority": "x"})).unwrap_err();
        assert_eq!(err.details.len(), 2);
    }
}
