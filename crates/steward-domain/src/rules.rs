//! Record rules that need nothing but the record: derived fields and cross-field checks.
//! Rules that need stored data (lookups exist, no cycles, work assignment windows, uniqueness) are
//! applied by the service layer with the store; their error builders live here so codes stay in one place.

use crate::error::{DomainError, ErrorKind};
use crate::value::{Record, Value};
use steward_model::{Derivation, Model, Table};

/// The longest life an API token may have, in days (the service's `TOKEN_MAX_DAYS`).
pub const TOKEN_MAX_DAYS: i64 = 365;

fn text<'a>(r: &'a Record, f: &str) -> Option<&'a str> {
    r.get(f).and_then(Value::as_text)
}

fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> DomainError {
    DomainError::field(ErrorKind::Invalid, code, field, message)
}

/// Rank of a code in a choice set's declared order.
fn rank(model: &Model, set: &str, r: &Record, field: &str) -> Option<usize> {
    model.choice_set(set)?.rank(text(r, field)?)
}

/// Risk Level x Risk Level -> Risk Level, on the 5 x 5 matrix (score = (l+1) x (i+1)).
pub fn risk_level(likelihood: usize, impact: usize) -> &'static str {
    match (likelihood + 1) * (impact + 1) {
        0..=2 => "very_low",
        3..=5 => "low",
        6..=11 => "moderate",
        12..=19 => "high",
        _ => "very_high",
    }
}

/// Impact x urgency (both Risk Level) -> Priority.
pub fn incident_priority(impact: usize, urgency: usize) -> &'static str {
    match (impact + 1) * (urgency + 1) {
        0..=2 => "planning",
        3..=5 => "low",
        6..=11 => "medium",
        12..=19 => "high",
        _ => "critical",
    }
}

/// Compute derived fields on `merged` (the record as it will be stored). `changes` is what the client
/// sent, to tell an explicit override from a value to derive.
pub fn derive(model: &Model, table: &Table, changes: &Record, merged: &mut Record) {
    for field in table.fields.iter().filter(|f| f.derived.is_some()) {
        let value = match field.derived.expect("filtered") {
            Derivation::PersonName => {
                if text(merged, "identity_kind").unwrap_or("human") != "human" {
                    continue;
                }
                let parts: Vec<&str> = ["first_name", "last_name"]
                    .iter()
                    .filter_map(|f| text(merged, f))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                if parts.is_empty() {
                    continue; // keep the name the client gave
                }
                Value::Text(parts.join(" "))
            }
            Derivation::SecurityCategory => {
                let high = [
                    "confidentiality_impact",
                    "integrity_impact",
                    "availability_impact",
                ]
                .iter()
                .filter_map(|f| rank(model, "impact_level", merged, f))
                .max();
                match high {
                    Some(r) => Value::Text(
                        model.choice_set("impact_level").expect("set").choices[r]
                            .code
                            .clone(),
                    ),
                    None => Value::Null,
                }
            }
            Derivation::RiskLevel => {
                if changes.contains_key("risk_level") {
                    continue; // an explicit override wins
                }
                match (
                    rank(model, "risk_level", merged, "likelihood"),
                    rank(model, "risk_level", merged, "impact"),
                ) {
                    (Some(l), Some(i)) => Value::Text(risk_level(l, i).into()),
                    _ => continue,
                }
            }
            Derivation::IncidentPriority => {
                match (
                    rank(model, "risk_level", merged, "impact"),
                    rank(model, "risk_level", merged, "urgency"),
                ) {
                    (Some(i), Some(u)) => Value::Text(incident_priority(i, u).into()),
                    _ => Value::Null,
                }
            }
        };
        merged.insert(field.name.clone(), value);
    }
}

/// Check the merged record against the table's pure rules. Returns every failure at once.
pub fn check(table: &Table, merged: &Record) -> Result<(), DomainError> {
    let mut errors = Vec::new();
    let null = |f: &str| merged.get(f).is_none_or(Value::is_null);

    for field in &table.fields {
        if field.required && !field.read_only && null(&field.name) {
            errors.push(invalid(
                &field.name,
                "required",
                format!("'{}' is required", field.name),
            ));
        }
    }
    // A money amount's currency: three capital letters (ISO 4217).
    for field in table
        .fields
        .iter()
        .filter(|f| f.name.ends_with("_currency"))
    {
        if let Some(c) = text(merged, &field.name) {
            if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_uppercase()) {
                errors.push(invalid(
                    &field.name,
                    "invalid_value",
                    format!("'{}' must be an ISO 4217 code like USD", field.name),
                ));
            }
        }
    }
    if let Some(f) = table.field("country_code") {
        if let Some(c) = text(merged, &f.name) {
            if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase()) {
                errors.push(invalid(
                    "country_code",
                    "invalid_value",
                    "'country_code' must be two capital letters (ISO 3166-1 alpha-2)",
                ));
            }
        }
    }
    for email in ["email", "email_address"] {
        if let Some(e) = table.field(email).and_then(|_| text(merged, email)) {
            let ok = e
                .split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.starts_with('.'));
            if !ok {
                errors.push(invalid(
                    email,
                    "invalid_value",
                    format!("'{email}' is not an email address"),
                ));
            }
        }
    }
    for (start, end) in [
        ("start_date", "end_date"),
        ("planned_start", "planned_end"),
        ("actual_start", "actual_end"),
        ("starts_on", "ends_on"),
    ] {
        if let (Some(a), Some(b)) = (merged.get(start), merged.get(end)) {
            let before = match (a, b) {
                (Value::DateTime(a), Value::DateTime(b)) => a <= b,
                (Value::Date(a), Value::Date(b)) => a <= b,
                _ => true,
            };
            if !before {
                errors.push(invalid(
                    end,
                    "invalid_range",
                    format!("'{end}' is before '{start}'"),
                ));
            }
        }
    }
    check_json_memos(table, merged, &mut errors);
    if table.name == "api_token" {
        // A token lives at most 365 days from its creation (or from now, while it is being created).
        let from = match merged.get("created_on") {
            Some(Value::DateTime(t)) => *t,
            _ => crate::value::now(),
        };
        if let Some(Value::DateTime(end)) = merged.get("expires_on") {
            if *end > from + time::Duration::days(TOKEN_MAX_DAYS) + time::Duration::minutes(5) {
                errors.push(invalid(
                    "expires_on",
                    "invalid_expiry",
                    format!("a token lives at most {TOKEN_MAX_DAYS} days; 'expires_on' is later"),
                ));
            }
        }
    }
    if table.name == "user_preference" {
        if let Some(zone) = text(merged, "time_zone") {
            if jiff::tz::db().get(zone).is_err() {
                errors.push(invalid(
                    "time_zone",
                    "invalid_value",
                    format!("'{zone}' is not a time zone; use an IANA name like America/New_York or UTC"),
                ));
            }
        }
    }
    if table.name == "ci_relation" {
        check_ci_relation(merged, &mut errors);
    }

    // Table-specific rules: (table, applies, field, code, message).
    let submitted =
        || text(merged, "request_status").is_some_and(|s| !matches!(s, "draft" | "cancelled"));
    let specific: [(&str, bool, &str, &'static str, &str); 4] = [
        (
            "person",
            text(merged, "identity_kind").is_some_and(|k| k != "human") && null("owner_id"),
            "owner_id",
            "required",
            "a non-human identity needs an accountable human owner ('owner_id')",
        ),
        (
            "risk_item",
            text(merged, "risk_response") == Some("accept") && null("acceptance_expires_on"),
            "acceptance_expires_on",
            "required",
            "an accepted risk needs 'acceptance_expires_on'",
        ),
        (
            "it_assigned_entitlement",
            matches!(
                text(merged, "assignment_type"),
                Some("temporary" | "emergency")
            ) && null("end_date"),
            "end_date",
            "required",
            "a temporary or emergency assignment needs 'end_date'",
        ),
        (
            "it_system_access_request",
            submitted()
                && merged.get("requestor_certifies_need_to_know") != Some(&Value::Bool(true)),
            "requestor_certifies_need_to_know",
            "certification_required",
            "the requestor must certify need to know before the request is submitted",
        ),
    ];
    for (t, applies, field, code, message) in specific {
        if t == table.name && applies {
            errors.push(invalid(field, code, message));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DomainError::many(errors))
    }
}

/// A configuration item relation names inventory records at both ends (`CI_TABLES`), and two
/// different records: an item does not depend on itself.
fn check_ci_relation(merged: &Record, errors: &mut Vec<DomainError>) {
    for field in ["source_table", "target_table"] {
        if let Some(t) = text(merged, field) {
            if !steward_model::CI_TABLES.contains(&t) {
                errors.push(invalid(
                    field,
                    "invalid_value",
                    format!(
                        "'{field}' must name one of {}; '{t}' is not a configuration item table",
                        steward_model::CI_TABLES.join(", ")
                    ),
                ));
            }
        }
    }
    let end = |t: &str, id: &str| (text(merged, t), merged.get(id).and_then(Value::as_uuid));
    if let ((Some(a), Some(x)), (Some(b), Some(y))) = (
        end("source_table", "source_id"),
        end("target_table", "target_id"),
    ) {
        if a == b && x == y {
            errors.push(invalid(
                "target_id",
                "self_relation",
                "a record cannot relate to itself: 'target_id' is the source record",
            ));
        }
    }
}

/// Memo fields that hold JSON must hold the documented shape.
fn check_json_memos(table: &Table, merged: &Record, errors: &mut Vec<DomainError>) {
    if table.name == "it_service_request_type" {
        if let Some(Err(message)) =
            text(merged, "form_fields").map(crate::questions::parse_questions)
        {
            errors.push(invalid("form_fields", "invalid_value", message));
        }
    }
    let shapes: &[(&str, &str, bool)] = &[
        ("it_service_request", "form_answers", false),
        ("it_poam_item", "milestones", true),
    ];
    for (t, f, list) in shapes {
        if table.name != *t {
            continue;
        }
        let Some(s) = text(merged, f) else { continue };
        let ok = match serde_json::from_str::<serde_json::Value>(s) {
            Ok(v) if *list => v.is_array(),
            Ok(v) => v.is_object(),
            Err(_) => false,
        };
        if !ok {
            let shape = if *list {
                "a JSON list"
            } else {
                "a JSON object"
            };
            errors.push(invalid(
                f,
                "invalid_value",
                format!("'{f}' must hold {shape}"),
            ));
        }
    }
}

/// A tree parent that would make a cycle.
pub fn cycle_error(field: &str) -> DomainError {
    DomainError::field(
        ErrorKind::Conflict,
        "cycle",
        field,
        format!("'{field}' would make the tree a cycle (a record cannot be below itself)"),
    )
}

/// A lookup that points at no row.
pub fn dangling_error(field: &str, table: &str, id: impl std::fmt::Display) -> DomainError {
    DomainError::field(
        ErrorKind::Invalid,
        "dangling_lookup",
        field,
        format!("'{field}' points at no {table} with id {id}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn matrices() {
        assert_eq!(risk_level(0, 0), "very_low");
        assert_eq!(risk_level(2, 2), "moderate");
        assert_eq!(risk_level(4, 4), "very_high");
        assert_eq!(incident_priority(4, 4), "critical");
        assert_eq!(incident_priority(0, 1), "planning");
        assert_eq!(incident_priority(3, 2), "high");
    }

    #[test]
    fn derives_security_category_and_person_name() {
        let m = Model::builtin();
        let sys = m.table("it_system").unwrap();
        let mut r = Record::from([
            ("confidentiality_impact".into(), t("low")),
            ("integrity_impact".into(), t("high")),
        ]);
        derive(&m, sys, &Record::new(), &mut r);
        assert_eq!(r["security_category"], t("high"));

        let person = m.table("person").unwrap();
        let mut p = Record::from([
            ("first_name".into(), t("Ada")),
            ("last_name".into(), t("Lovelace")),
        ]);
        derive(&m, person, &Record::new(), &mut p);
        assert_eq!(p["name"], t("Ada Lovelace"));
    }

    #[test]
    fn risk_override_wins() {
        let m = Model::builtin();
        let risk = m.table("risk_item").unwrap();
        let changes = Record::from([("risk_level".into(), t("low"))]);
        let mut r = Record::from([
            ("likelihood".into(), t("very_high")),
            ("impact".into(), t("very_high")),
            ("risk_level".into(), t("low")),
        ]);
        derive(&m, risk, &changes, &mut r);
        assert_eq!(r["risk_level"], t("low"));
    }

    #[test]
    fn ci_relations_name_two_inventory_records() {
        let m = Model::builtin();
        let rel = m.table("ci_relation").unwrap();
        let a = Value::Uuid(uuid::Uuid::now_v7());
        let b = Value::Uuid(uuid::Uuid::now_v7());
        let mut r = Record::from([
            ("name".into(), t("app runs on db")),
            ("source_table".into(), t("it_system_component")),
            ("source_id".into(), a.clone()),
            ("relation_type".into(), t("runs_on")),
            ("target_table".into(), t("it_system_component")),
            ("target_id".into(), b),
            ("state".into(), t("active")),
        ]);
        assert!(check(rel, &r).is_ok());
        r.insert("target_id".into(), a);
        let err = check(rel, &r).unwrap_err();
        assert_eq!(
            (err.code, err.target.as_deref()),
            ("self_relation", Some("target_id"))
        );
        r.insert("target_table".into(), t("person"));
        r.insert("source_table".into(), t("it_system"));
        let err = check(rel, &r).unwrap_err();
        assert_eq!(
            (err.code, err.target.as_deref()),
            ("invalid_value", Some("target_table"))
        );
    }

    #[test]
    fn non_human_needs_owner() {
        let m = Model::builtin();
        let person = m.table("person").unwrap();
        let r = Record::from([
            ("name".into(), t("svc-backup")),
            ("identity_kind".into(), t("service_account")),
            ("state".into(), t("active")),
        ]);
        let err = check(person, &r).unwrap_err();
        assert_eq!(err.target.as_deref(), Some("owner_id"));
    }
}
