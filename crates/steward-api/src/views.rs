//! Wire views: records to OData JSON.

use serde_json::{json, Map, Value as Json};
use steward_domain::{Record, Value};
use steward_model::Table;
use steward_service::{AuditEntry, Row};

pub fn etag(record: &Record) -> String {
    format!(
        "W/\"{}\"",
        record
            .get("row_version")
            .and_then(Value::as_int)
            .unwrap_or(0)
    )
}

/// A record's fields (only `select` when given), in the model's order, with its ETag.
pub fn record_json(
    table: &Table,
    record: &Record,
    select: Option<&Vec<String>>,
) -> Map<String, Json> {
    let mut out = Map::new();
    out.insert("@odata.etag".into(), json!(etag(record)));
    for f in table.public_fields() {
        if select.is_some_and(|s| !s.contains(&f.name)) {
            continue;
        }
        out.insert(
            f.name.clone(),
            record.get(&f.name).map_or(Json::Null, Value::to_json),
        );
    }
    out
}

/// A row with its expanded navigation properties.
pub fn row_json(
    model: &steward_model::Model,
    table: &Table,
    row: &Row,
    select: Option<&Vec<String>>,
    expand: &[steward_odata::Expand],
) -> Json {
    let mut out = record_json(table, &row.record, select);
    for e in expand {
        let target = model.table(&e.table).expect("bound expand");
        // An expanded record holds only the columns its reader may see: show those alone.
        let shown: Vec<String> = target
            .public_fields()
            .filter(|f| e.select.as_ref().is_none_or(|s| s.contains(&f.name)))
            .map(|f| f.name.clone())
            .collect();
        let value = match row.expanded.get(&e.nav).cloned().flatten() {
            Some(r) => {
                let present: Vec<String> =
                    shown.into_iter().filter(|f| r.contains_key(f)).collect();
                Json::Object(record_json(target, &r, Some(&present)))
            }
            None => Json::Null,
        };
        out.insert(e.nav.clone(), value);
    }
    Json::Object(out)
}

pub fn audit_json(e: &AuditEntry) -> Json {
    let changes: Json = serde_json::from_str(&e.changes).unwrap_or(Json::Null);
    json!({
        "seq": e.seq,
        "at": e.at,
        "actor_id": e.actor_id,
        "action": e.action,
        "table": e.table_name,
        "record_id": e.record_id,
        "changes": changes,
        "hash": e.hash,
        "prev_hash": e.prev_hash,
    })
}

/// One item of an impact view (`Steward.impact`), as `components/schemas/ImpactItem` describes it.
pub fn impact_item_json(item: &steward_service::ImpactItem) -> Json {
    let via: Vec<Json> = item
        .via
        .iter()
        .map(|s| {
            json!({"table": s.table, "id": s.id.to_string(), "relation": s.relation,
                        "relation_id": s.relation_id.map(|u| u.to_string())})
        })
        .collect();
    let owners: Vec<Json> = item
        .owners
        .iter()
        .map(|o| json!({"field": o.field, "person_id": o.person_id.to_string(), "name": o.name}))
        .collect();
    let accreditation = item.accreditation.as_ref().map(|a| {
        json!({"id": a.id.to_string(), "number": a.number, "name": a.name,
               "accreditation_status": a.accreditation_status, "expiration_date": a.expiration_date.to_json()})
    });
    let access: Vec<Json> = item
        .access
        .iter()
        .map(|a| {
            json!({"person_id": a.person_id.to_string(), "name": a.name, "entitlement": a.entitlement,
                   "entitlement_id": a.entitlement_id.to_string(), "assignment_id": a.assignment_id.to_string()})
        })
        .collect();
    json!({"table": item.table, "id": item.id.to_string(), "name": item.name, "depth": item.depth,
           "via": via, "owners": owners, "accreditation": accreditation, "access": access})
}
