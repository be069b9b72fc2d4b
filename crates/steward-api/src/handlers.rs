//! Thin handlers: extract, call one service function, map to a view.

use crate::error::ApiError;
use crate::extract::{
    ActionParams, Address, CurrentActor, IfMatch, JsonObject, MaxPageSize, QueryParams,
};
use crate::views::{audit_json, etag, impact_item_json, record_json, row_json};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value as Json_};
use steward_domain::Value;
use steward_odata::{parse_expand, parse_query, parse_select};
use steward_service::ListRequest;

type ApiResult = Result<Response, ApiError>;

fn context(set: &str, entity: bool) -> String {
    format!("$metadata#{set}{}", if entity { "/$entity" } else { "" })
}

/// `GET /api/v1/{set}` or `GET /api/v1/{set}({id})`.
pub async fn get(
    State(app): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(segment): Path<String>,
    QueryParams(params): QueryParams,
    MaxPageSize(max): MaxPageSize,
) -> ApiResult {
    let address = Address::parse(&segment)?;
    let table = &app.service.table_for(&actor, &address.set)?;
    let model = app.service.model_for(&actor);
    if let Some(id) = address.id {
        let select = option(&params, "$select")
            .map(|s| parse_select(table, s))
            .transpose()?;
        let expand = option(&params, "$expand")
            .map(|s| parse_expand(model, table, s))
            .transpose()?
            .unwrap_or_default();
        let row = app
            .service
            .get(&actor, table, id, select.as_ref(), &expand)
            .await?;
        let mut body = row_json(model, table, &row, select.as_ref(), &expand);
        body["@odata.context"] = json!(context(&table.set, true));
        return Ok(with_etag(Json(body).into_response(), &etag(&row.record)));
    }
    let query = parse_query(model, table, &params)?;
    let page = app
        .service
        .list(
            &actor,
            table,
            &ListRequest {
                query: query.clone(),
                max_page_size: max,
                count_at_most: None,
            },
        )
        .await?;
    let mut body = serde_json::Map::new();
    body.insert("@odata.context".into(), json!(context(&table.set, false)));
    if let Some(n) = page.count {
        body.insert("@odata.count".into(), json!(n));
    }
    let rows: Vec<Json_> = page
        .rows
        .iter()
        .map(|r| row_json(model, table, r, query.select.as_ref(), &query.expand))
        .collect();
    body.insert("value".into(), Json_::Array(rows));
    if let Some((skip, top)) = page.next {
        body.insert(
            "@odata.nextLink".into(),
            json!(next_link(&app.base_path, &table.set, &params, skip, top)),
        );
    }
    Ok(Json(Json_::Object(body)).into_response())
}

/// `GET /api/v1/{set}/$count`: the number alone, as text.
pub async fn count(
    State(app): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(set): Path<String>,
    QueryParams(params): QueryParams,
) -> ApiResult {
    let table = &app.service.table_for(&actor, &set)?;
    let mut query = parse_query(app.service.model_for(&actor), table, &params)?;
    query.count = true;
    query.top = Some(0);
    let page = app
        .service
        .list(
            &actor,
            table,
            &ListRequest {
                query,
                max_page_size: None,
                count_at_most: None,
            },
        )
        .await?;
    Ok(page.count.unwrap_or(0).to_string().into_response())
}

/// `POST /api/v1/{set}`.
pub async fn create(
    State(app): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(segment): Path<String>,
    body: Result<JsonObject, ApiError>,
) -> ApiResult {
    // The address is checked before the body: a POST to a record is 405 whatever it carries.
    let address = Address::parse(&segment)?;
    address.require_collection()?;
    let table = &app.service.table_for(&actor, &address.set)?;
    let JsonObject(body) = body?;
    let record = app.service.create(actor, table, &body).await?;
    let id = record
        .get("id")
        .and_then(Value::as_uuid)
        .expect("created records have ids");
    let mut out = record_json(table, &record, None);
    out.insert("@odata.context".into(), json!(context(&table.set, true)));
    let mut resp = (StatusCode::CREATED, Json(Json_::Object(out))).into_response();
    let location = format!("{}/{}({id})", app.base_path, table.set);
    resp.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(&location).expect("ascii"),
    );
    Ok(with_etag(resp, &etag(&record)))
}

/// `PATCH /api/v1/{set}({id})`: merge.
pub async fn update(
    State(app): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(segment): Path<String>,
    IfMatch(version): IfMatch,
    body: Result<JsonObject, ApiError>,
) -> ApiResult {
    let address = Address::parse(&segment)?;
    let table = &app.service.table_for(&actor, &address.set)?;
    let id = address.require_id()?;
    let JsonObject(body) = body?;
    let record = app.service.update(actor, table, id, &body, version).await?;
    let mut out = record_json(table, &record, None);
    out.insert("@odata.context".into(), json!(context(&table.set, true)));
    Ok(with_etag(
        Json(Json_::Object(out)).into_response(),
        &etag(&record),
    ))
}

/// `DELETE /api/v1/{set}({id})`.
pub async fn delete(
    State(app): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(segment): Path<String>,
    IfMatch(version): IfMatch,
) -> ApiResult {
    let address = Address::parse(&segment)?;
    let table = &app.service.table_for(&actor, &address.set)?;
    app.service
        .delete(actor, table, address.require_id()?, version)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v1/{set}({id})/history`.
pub async fn history(
    State(app): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(segment): Path<String>,
) -> ApiResult {
    let address = Address::parse(&segment)?;
    let table = &app.service.table_for(&actor, &address.set)?;
    let entries = app
        .service
        .history(&actor, table, address.require_id()?)
        .await?;
    let value: Vec<Json_> = entries.iter().map(audit_json).collect();
    Ok(Json(json!({ "value": value })).into_response())
}

/// `GET /api/v1/audit_entries?after=SEQ&limit=N`: the audit trail as a stream a SIEM follows —
/// the entries after the cursor `after` (0: from the start), in order, at most `limit` (1000 by
/// default, 10,000 at most); `@next` is the URL of the next read (the same URL once nothing is
/// new: poll it). With `Accept: application/x-ndjson` (or `format=jsonl`), one JSON entry per line,
/// the next cursor in the `Steward-Next-After` header.
pub async fn audit_entries(
    State(app): State<AppState>,
    CurrentActor(actor): CurrentActor,
    headers: axum::http::HeaderMap,
    axum::extract::Query(params): axum::extract::Query<Vec<(String, String)>>,
) -> ApiResult {
    let number = |name: &str, default: i64| -> Result<i64, ApiError> {
        match params.iter().find(|(k, _)| k == name) {
            None => Ok(default),
            Some((_, v)) => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| {
                    let mut e = ApiError::bad_request(
                        "invalid_parameter",
                        format!("'{name}' is a whole number of 0 or more, not '{v}'"),
                    );
                    e.target = Some(name.to_string());
                    e
                }),
        }
    };
    let after = number("after", 0)?;
    let limit = number("limit", 1000)?;
    if let Some((k, _)) = params
        .iter()
        .find(|(k, _)| !matches!(k.as_str(), "after" | "limit" | "format"))
    {
        let mut e = ApiError::bad_request(
            "invalid_parameter",
            format!("the audit stream takes after, limit and format, not '{k}'"),
        );
        e.target = Some(k.clone());
        return Err(e);
    }
    let entries = app.service.audit_stream(&actor, after, limit).await?;
    let next = entries.last().map_or(after, |e| e.seq);
    let lines = params.iter().any(|(k, v)| k == "format" && v == "jsonl")
        || headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("application/x-ndjson") || a.contains("application/jsonl"));
    if lines {
        let mut body = String::new();
        for e in &entries {
            body.push_str(&audit_json(e).to_string());
            body.push('\n');
        }
        let mut resp = body.into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-ndjson"),
        );
        resp.headers_mut().insert(
            "steward-next-after",
            HeaderValue::from_str(&next.to_string()).expect("a number"),
        );
        return Ok(resp);
    }
    let value: Vec<Json_> = entries.iter().map(audit_json).collect();
    Ok(Json(json!({
        "value": value,
        "@next": format!("/api/v1/audit_entries?after={next}&limit={limit}"),
    }))
    .into_response())
}

/// The transition a bound operation segment names: `Steward.resolve` -> `resolve`.
fn bound_operation(operation: &str) -> Result<&str, ApiError> {
    operation
        .strip_prefix("Steward.")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no such resource '{operation}'; a record's operations are Steward.transitions, Steward.impact and Steward.<transition>"),
            )
        })
}

/// `GET /api/v1/{set}({id})/Steward.transitions`: the record's state and what the caller may do;
/// `GET /api/v1/{set}({id})/Steward.impact`: what depends on a configuration item.
pub async fn transitions(
    State(app): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path((segment, operation)): Path<(String, String)>,
) -> ApiResult {
    let address = Address::parse(&segment)?;
    let table = &app.service.table_for(&actor, &address.set)?;
    let id = address.require_id()?;
    if bound_operation(&operation)? == "impact" {
        let impact = app.service.impact(&actor, table, id).await?;
        let value: Vec<Json_> = impact.dependants.iter().map(impact_item_json).collect();
        return Ok(Json(json!({
            "@odata.context": format!("$metadata#Collection({}.ImpactItem)", crate::metadata::NAMESPACE),
            "item": impact_item_json(&impact.item),
            "value": value,
        }))
        .into_response());
    }
    if bound_operation(&operation)? != "transitions" {
        return Err(ApiError::method_not_allowed(
            "method_not_allowed",
            format!("{operation} is an action: POST it"),
            "POST",
        ));
    }
    let (record, available) = app.service.transitions(&actor, table, id).await?;
    let field = &app
        .service
        .lifecycle(&table.name)
        .expect("transitions answered")
        .field;
    let value: Vec<Json_> = available
        .iter()
        .map(|a| {
            let mut required: Vec<&str> = a.required.iter().map(String::as_str).collect();
            if a.reason {
                required.push("reason");
            }
            json!({"name": a.name, "label": a.label, "to": a.to_state(), "parameters": a.parameters(),
                   "required": required, "reason": a.reason})
        })
        .collect();
    Ok(Json(json!({
        "@odata.context": format!("$metadata#Collection({}.Transition)", crate::metadata::NAMESPACE),
        "state": record.get(field).and_then(Value::as_text).unwrap_or(""),
        "value": value,
    }))
    .into_response())
}

/// `POST /api/v1/{set}({id})/Steward.{transition}`: take a lifecycle transition.
pub async fn transition(
    State(app): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path((segment, operation)): Path<(String, String)>,
    IfMatch(version): IfMatch,
    body: Result<ActionParams, ApiError>,
) -> ApiResult {
    let address = Address::parse(&segment)?;
    let table = &app.service.table_for(&actor, &address.set)?;
    let id = address.require_id()?;
    let name = bound_operation(&operation)?;
    if matches!(name, "transitions" | "impact") {
        return Err(ApiError::method_not_allowed(
            "method_not_allowed",
            format!("Steward.{name} is a function: GET it"),
            "GET",
        ));
    }
    let ActionParams(params) = body?;
    let record = app
        .service
        .transition(&actor, table, id, name, &params, version)
        .await?;
    let mut out = record_json(table, &record, None);
    out.insert("@odata.context".into(), json!(context(&table.set, true)));
    Ok(with_etag(
        Json(Json_::Object(out)).into_response(),
        &etag(&record),
    ))
}

/// Any other method on a bound operation.
pub async fn operation_method_not_allowed(
    Path((_, operation)): Path<(String, String)>,
) -> ApiError {
    let allow = if matches!(operation.as_str(), "Steward.transitions" | "Steward.impact") {
        "GET"
    } else {
        "POST"
    };
    ApiError::method_not_allowed(
        "method_not_allowed",
        format!("this address answers {allow}"),
        allow,
    )
}

/// `GET /api/v1/`: the service document, listing every entity set.
pub async fn service_document(State(app): State<AppState>, _caller: CurrentActor) -> Response {
    let sets: Vec<Json_> = app
        .service
        .model()
        .tables
        .iter()
        .map(|t| json!({"name": t.set, "kind": "EntitySet", "url": t.set, "title": t.label}))
        .collect();
    Json(json!({"@odata.context": "$metadata", "value": sets})).into_response()
}

pub async fn metadata(State(app): State<AppState>, _caller: CurrentActor) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml")],
        app.metadata.as_ref().clone(),
    )
        .into_response()
}

pub async fn openapi(State(app): State<AppState>, _caller: CurrentActor) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        app.openapi.as_ref().clone(),
    )
        .into_response()
}

pub async fn healthz() -> &'static str {
    "ok"
}

/// Any other method on `/api/v1/{segment}`: 405 with the methods the address does answer.
pub async fn method_not_allowed(Path(segment): Path<String>) -> ApiError {
    let allow = Address::allowed_methods(&segment);
    ApiError::method_not_allowed(
        "method_not_allowed",
        format!("this address answers {allow}"),
        allow,
    )
}

pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such resource")
}

fn option<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn with_etag(mut resp: Response, tag: &str) -> Response {
    resp.headers_mut().insert(
        header::ETAG,
        HeaderValue::from_str(tag).expect("ascii etag"),
    );
    resp
}

/// The same query with the next page's `$skip` (and the remaining `$top`).
fn next_link(
    base: &str,
    set: &str,
    params: &[(String, String)],
    skip: u64,
    top: Option<u64>,
) -> String {
    let mut next: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "$skip" && k != "$top")
        .cloned()
        .collect();
    if let Some(t) = top {
        next.push(("$top".into(), t.to_string()));
    }
    next.push(("$skip".into(), skip.to_string()));
    format!(
        "{base}/{set}?{}",
        serde_urlencoded::to_string(&next).unwrap_or_default()
    )
}

/// `POST /api/v1/{set}({id})/attachments?name=scan.pdf` with the file's bytes as the body: attach
/// it (its type sniffed from the bytes, whatever `Content-Type` says).
pub async fn attach(
    State(app): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(segment): Path<String>,
    axum::extract::Query(query): axum::extract::Query<Vec<(String, String)>>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult {
    let address = Address::parse(&segment)?;
    let table = &app.service.table_for(&actor, &address.set)?;
    let id = address.require_id()?;
    let bytes = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!(
                    "a file holds at most {} bytes",
                    steward_service::ATTACHMENT_MAX_BYTES
                ),
            )
        } else {
            ApiError::bad_request("invalid_body", "the body could not be read")
        }
    })?;
    let name = query
        .iter()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let record = app.service.attach(&actor, table, id, name, &bytes).await?;
    let attachments = app.service.table_for(&actor, "attachments")?;
    let mut out = record_json(&attachments, &record, None);
    out.insert("@odata.context".into(), json!(context("attachments", true)));
    let rid = record.get("id").and_then(Value::as_uuid).expect("an id");
    let mut resp = (StatusCode::CREATED, Json(Json_::Object(out))).into_response();
    let location = format!("{}/attachments({rid})", app.base_path);
    resp.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(&location).expect("ascii"),
    );
    Ok(with_etag(resp, &etag(&record)))
}

/// `GET /api/v1/{set}({id})/attachments`: the record's files (without their bytes).
pub async fn attachments(
    State(app): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(segment): Path<String>,
) -> ApiResult {
    let address = Address::parse(&segment)?;
    let table = &app.service.table_for(&actor, &address.set)?;
    let id = address.require_id()?;
    let found = app.service.attachments_of(&actor, table, id).await?;
    let attachments = app.service.table_for(&actor, "attachments")?;
    let value: Vec<Json_> = found
        .iter()
        .map(|r| Json_::Object(record_json(&attachments, r, None)))
        .collect();
    Ok(
        Json(json!({"@odata.context": context("attachments", false), "value": value}))
            .into_response(),
    )
}

/// `GET /api/v1/attachments({id})/$value`: the file, always as a download.
pub async fn attachment_value(
    State(app): State<AppState>,
    CurrentActor(actor): CurrentActor,
    Path(segment): Path<String>,
) -> ApiResult {
    let address = Address::parse(&segment)?;
    if address.set != "attachments" {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "only an attachment has a $value here",
        ));
    }
    let file = app
        .service
        .attachment_file(&actor, address.require_id()?)
        .await?;
    let text = |f: &str| {
        file.record
            .get(f)
            .and_then(Value::as_text)
            .unwrap_or("")
            .to_string()
    };
    let content_type = text("content_type");
    // An ASCII fallback name, and the exact one percent-encoded (RFC 6266).
    let name = text("name");
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}");
    let mut resp = file.bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).expect("ascii"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(resp)
}
