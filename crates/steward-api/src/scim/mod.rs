//! SCIM 2.0 (RFC 7643, RFC 7644) at `/scim/v2`, so an identity provider can provision people and
//! teams. Users are user accounts with their person, Groups are teams; see `docs/SCIM.md`.
//! Every request needs an API token of `admin` scope whose owner may provision (Administrator).

mod discovery;
mod patch;
mod resources;

use crate::error::ApiError;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use discovery::{DEFAULT_COUNT, ERROR, LIST_RESPONSE, MAX_RESULTS, PATCH_OP};
use patch::{parse_equals, ScimFault};
use resources::Projection;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use steward_service::{Actor, GroupKey, Scope, UserKey};
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ServiceProviderConfig", get(service_provider_config))
        .route("/ResourceTypes", get(resource_types))
        .route("/ResourceTypes/{id}", get(resource_type))
        .route("/Schemas", get(schemas))
        .route("/Schemas/{id}", get(schema))
        .route("/.search", post(search_all))
        .route("/{kind}", get(list).post(create))
        .route("/{kind}/.search", post(search))
        .route(
            "/{kind}/{id}",
            get(read).put(replace).patch(modify).delete(remove),
        )
        .fallback(not_found)
}

/// An error in SCIM's form (RFC 7644 §3.12).
#[derive(Debug)]
pub struct ScimError {
    status: StatusCode,
    scim_type: Option<&'static str>,
    detail: String,
}

impl ScimError {
    fn new(status: StatusCode, scim_type: Option<&'static str>, detail: impl Into<String>) -> Self {
        ScimError {
            status,
            scim_type,
            detail: detail.into(),
        }
    }
    fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, None, detail)
    }
    /// 400 with a SCIM error type.
    fn bad(scim_type: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some(scim_type), detail)
    }
}

impl From<ScimFault> for ScimError {
    fn from(f: ScimFault) -> Self {
        ScimError::bad(f.scim_type, f.detail)
    }
}

impl From<ApiError> for ScimError {
    fn from(e: ApiError) -> Self {
        let detail = match &e.target {
            Some(t) if !e.message.contains(t.as_str()) => format!("{t}: {}", e.message),
            _ => e.message.clone(),
        };
        // SCIM reports invalid values as 400 with a type, where the OData API says 422.
        let (status, scim_type) = match (e.status, e.code) {
            (_, "duplicate") => (StatusCode::CONFLICT, Some("uniqueness")),
            (StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST, _) => {
                (StatusCode::BAD_REQUEST, Some("invalidValue"))
            }
            (s, _) => (s, None),
        };
        ScimError::new(status, scim_type, detail)
    }
}

impl From<steward_service::Error> for ScimError {
    fn from(e: steward_service::Error) -> Self {
        ApiError::from(e).into()
    }
}

impl IntoResponse for ScimError {
    fn into_response(self) -> Response {
        let mut body = json!({
            "schemas": [ERROR],
            "status": self.status.as_u16().to_string(),
            "detail": self.detail,
        });
        if let Some(t) = self.scim_type {
            body["scimType"] = json!(t);
        }
        let mut resp = scim_json(self.status, body);
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"steward\""),
            );
        }
        resp
    }
}

type Result<T> = std::result::Result<T, ScimError>;

fn scim_json(status: StatusCode, body: Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/scim+json"),
    );
    resp
}

/// The provisioning client: a bearer token of `admin` scope (sessions cannot provision).
pub struct ScimActor(Actor);

impl FromRequestParts<AppState> for ScimActor {
    type Rejection = ScimError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let unauthorized = |detail: &str| ScimError::new(StatusCode::UNAUTHORIZED, None, detail);
        let token = crate::extract::bearer(parts).ok_or_else(|| {
            unauthorized("send an API token of admin scope as 'Authorization: Bearer <token>'")
        })?;
        let actor = state
            .service
            .authenticate_token(token)
            .await?
            .ok_or_else(|| unauthorized("the token is unknown, expired or revoked"))?;
        if actor.scope != Scope::Admin {
            return Err(ScimError::new(
                StatusCode::FORBIDDEN,
                None,
                format!(
                    "provisioning needs a token of 'admin' scope; this one has '{}'",
                    actor.scope.code()
                ),
            ));
        }
        Ok(ScimActor(actor))
    }
}

/// The service's base URL as the client reached it, for `meta.location` and member `$ref`s.
pub struct Base(String);

impl FromRequestParts<AppState> for Base {
    type Rejection = ScimError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
            })
            .unwrap_or("localhost");
        let scheme = if state.secure_cookies {
            "https"
        } else {
            "http"
        };
        Ok(Base(format!("{scheme}://{host}/scim/v2")))
    }
}

async fn not_found() -> ScimError {
    ScimError::not_found("there is no such SCIM endpoint")
}

async fn service_provider_config(_: ScimActor, Base(base): Base) -> Response {
    scim_json(StatusCode::OK, discovery::service_provider_config(&base))
}

fn list_response(total: u64, start: u64, resources: Vec<Value>) -> Response {
    scim_json(
        StatusCode::OK,
        json!({
            "schemas": [LIST_RESPONSE],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": resources.len(),
            "Resources": resources,
        }),
    )
}

fn by_id(items: Vec<Value>, id: &str, what: &str) -> Result<Response> {
    items
        .into_iter()
        .find(|v| v["id"] == json!(id))
        .map(|v| scim_json(StatusCode::OK, v))
        .ok_or_else(|| ScimError::not_found(format!("there is no {what} '{id}'")))
}

async fn resource_types(_: ScimActor, Base(base): Base) -> Response {
    let all = discovery::resource_types(&base);
    list_response(all.len() as u64, 1, all)
}

async fn resource_type(_: ScimActor, Base(base): Base, Path(id): Path<String>) -> Result<Response> {
    by_id(discovery::resource_types(&base), &id, "resource type")
}

async fn schemas(_: ScimActor, Base(base): Base) -> Response {
    let all = discovery::schemas(&base);
    list_response(all.len() as u64, 1, all)
}

async fn schema(_: ScimActor, Base(base): Base, Path(id): Path<String>) -> Result<Response> {
    by_id(discovery::schemas(&base), &id, "schema")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    User,
    Group,
}

impl Kind {
    fn parse(segment: &str) -> Result<Kind> {
        match segment {
            "Users" => Ok(Kind::User),
            "Groups" => Ok(Kind::Group),
            _ => Err(ScimError::not_found(format!(
                "there is no resource type at '/{segment}'"
            ))),
        }
    }
    fn name(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Group => "group",
        }
    }
}

/// A list or search request: filter, paging and projection.
struct Search {
    filter: Option<String>,
    start: u64,
    count: u64,
    projection: Projection,
}

impl Search {
    fn from_query(q: &HashMap<String, String>) -> Result<Search> {
        let number = |name: &str, default: u64| -> Result<u64> {
            match q.get(name) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<i64>()
                    .map(|n| n.max(0) as u64)
                    .map_err(|_| {
                        ScimError::bad("invalidValue", format!("{name}: '{v}' is not a number"))
                    }),
            }
        };
        Ok(Search {
            filter: q.get("filter").cloned(),
            start: number("startIndex", 1)?,
            count: number("count", DEFAULT_COUNT)?,
            projection: Projection::parse(
                q.get("attributes").map(String::as_str),
                q.get("excludedAttributes").map(String::as_str),
            ),
        })
    }

    fn from_body(body: &Bytes) -> Result<Search> {
        let doc = json_object(body)?;
        let list = |name: &str| -> Option<String> {
            doc.get(name).and_then(Value::as_array).map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(",")
            })
        };
        let number = |name: &str, default: u64| -> Result<u64> {
            match doc.get(name) {
                None | Some(Value::Null) => Ok(default),
                Some(v) => v.as_i64().map(|n| n.max(0) as u64).ok_or_else(|| {
                    ScimError::bad("invalidValue", format!("{name}: expected a number"))
                }),
            }
        };
        Ok(Search {
            filter: doc
                .get("filter")
                .and_then(Value::as_str)
                .map(str::to_string),
            start: number("startIndex", 1)?,
            count: number("count", DEFAULT_COUNT)?,
            projection: Projection::parse(
                list("attributes").as_deref(),
                list("excludedAttributes").as_deref(),
            ),
        })
    }

    /// (skip, top) from the 1-based `startIndex` and `count`.
    fn window(&self) -> (u64, u64) {
        (self.start.max(1) - 1, self.count.min(MAX_RESULTS))
    }
}

fn json_object(body: &Bytes) -> Result<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ScimError::bad(
            "invalidSyntax",
            "the body must be a JSON object",
        )),
        Err(e) => Err(ScimError::bad(
            "invalidSyntax",
            format!("the body is not valid JSON: {e}"),
        )),
    }
}

/// `attr eq "value"` as the key Steward can look a resource up by.
fn user_key(filter: &str) -> Result<(UserKey, String)> {
    let eq = parse_equals(filter)?;
    let key = match eq.attr.to_ascii_lowercase().as_str() {
        "username" => UserKey::UserName,
        "externalid" => UserKey::ExternalId,
        "emails" | "emails.value" => UserKey::Email,
        other => {
            return Err(ScimFault {
                scim_type: "invalidFilter",
                detail: format!("filtering users on '{other}' is not supported; use userName, externalId or emails.value"),
            }
            .into())
        }
    };
    Ok((key, string_value(eq.value, filter)?))
}

fn group_key(filter: &str) -> Result<(GroupKey, String)> {
    let eq = parse_equals(filter)?;
    let key = match eq.attr.to_ascii_lowercase().as_str() {
        "displayname" => GroupKey::DisplayName,
        "externalid" => GroupKey::ExternalId,
        other => {
            return Err(ScimFault {
                scim_type: "invalidFilter",
                detail: format!(
                    "filtering groups on '{other}' is not supported; use displayName or externalId"
                ),
            }
            .into())
        }
    };
    Ok((key, string_value(eq.value, filter)?))
}

fn string_value(v: Value, filter: &str) -> Result<String> {
    match v {
        Value::String(s) => Ok(s),
        _ => Err(ScimFault {
            scim_type: "invalidFilter",
            detail: format!("filter '{filter}': the value must be a quoted string"),
        }
        .into()),
    }
}

/// One page of a resource type, as JSON, with the total that matches.
async fn page(
    state: &AppState,
    actor: &Actor,
    kind: Kind,
    base: &str,
    s: &Search,
    skip: u64,
    top: u64,
) -> Result<(u64, Vec<Value>)> {
    let service = &state.service;
    let project = |m| Value::Object(s.projection.apply(m));
    Ok(match kind {
        Kind::User => {
            let filter = s.filter.as_deref().map(user_key).transpose()?;
            let (total, users) = service.scim_users(actor, filter, skip, top).await?;
            (
                total,
                users
                    .iter()
                    .map(|u| project(resources::user_json(u, base)))
                    .collect(),
            )
        }
        Kind::Group => {
            let filter = s.filter.as_deref().map(group_key).transpose()?;
            let (total, groups) = service.scim_groups(actor, filter, skip, top).await?;
            (
                total,
                groups
                    .iter()
                    .map(|g| project(resources::group_json(g, base)))
                    .collect(),
            )
        }
    })
}

/// A list response for one resource type.
async fn respond(
    state: &AppState,
    actor: &Actor,
    kind: &str,
    base: &str,
    s: Search,
) -> Result<Response> {
    let kind = Kind::parse(kind)?;
    let (skip, top) = s.window();
    let (total, items) = page(state, actor, kind, base, &s, skip, top).await?;
    Ok(list_response(total, skip + 1, items))
}

async fn list(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    Base(base): Base,
    Path(kind): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response> {
    respond(&state, &actor, &kind, &base, Search::from_query(&q)?).await
}

async fn search(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    Base(base): Base,
    Path(kind): Path<String>,
    body: Bytes,
) -> Result<Response> {
    respond(&state, &actor, &kind, &base, Search::from_body(&body)?).await
}

/// A search across users and groups (users first). A filter applies to the types that know its
/// attribute.
async fn search_all(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    Base(base): Base,
    body: Bytes,
) -> Result<Response> {
    let s = Search::from_body(&body)?;
    let (skip, top) = s.window();
    let kinds: Vec<Kind> = match &s.filter {
        None => vec![Kind::User, Kind::Group],
        Some(f) => match (user_key(f), group_key(f)) {
            // Neither type knows the attribute: the user filter's error names what is wrong.
            (Err(e), Err(_)) => return Err(e),
            (u, g) => [(Kind::User, u.is_ok()), (Kind::Group, g.is_ok())]
                .into_iter()
                .filter_map(|(kind, fits)| fits.then_some(kind))
                .collect(),
        },
    };
    let (mut total, mut items) = (0, Vec::new());
    let mut skip_left = skip;
    for kind in kinds {
        let want = top - items.len() as u64;
        let (n, got) = page(&state, &actor, kind, &base, &s, skip_left, want).await?;
        skip_left = skip_left.saturating_sub(n);
        total += n;
        items.extend(got);
    }
    Ok(list_response(total, skip + 1, items))
}

fn parse_id(kind: Kind, id: &str) -> Result<Uuid> {
    // A malformed id names no resource: 404, like any unknown one.
    Uuid::parse_str(id)
        .map_err(|_| ScimError::not_found(format!("there is no {} '{id}'", kind.name())))
}

async fn fetch(
    state: &AppState,
    actor: &Actor,
    kind: Kind,
    id: Uuid,
    base: &str,
) -> Result<Map<String, Value>> {
    Ok(match kind {
        Kind::User => resources::user_json(&state.service.scim_user(actor, id).await?, base),
        Kind::Group => resources::group_json(&state.service.scim_group(actor, id).await?, base),
    })
}

async fn read(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    Base(base): Base,
    Path((kind, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response> {
    let kind = Kind::parse(&kind)?;
    let id = parse_id(kind, &id)?;
    let projection = Projection::parse(
        q.get("attributes").map(String::as_str),
        q.get("excludedAttributes").map(String::as_str),
    );
    let doc = fetch(&state, &actor, kind, id, &base).await?;
    Ok(scim_json(
        StatusCode::OK,
        Value::Object(projection.apply(doc)),
    ))
}

/// Create (`id` none) or replace a resource from its JSON document.
async fn store(
    state: &AppState,
    actor: &Actor,
    kind: Kind,
    id: Option<Uuid>,
    doc: &Map<String, Value>,
    base: &str,
) -> Result<Map<String, Value>> {
    let service = &state.service;
    Ok(match kind {
        Kind::User => {
            let input = resources::user_input(doc)?;
            let user = match id {
                None => service.scim_create_user(actor, &input).await?,
                Some(id) => service.scim_replace_user(actor, id, &input).await?,
            };
            resources::user_json(&user, base)
        }
        Kind::Group => {
            let input = resources::group_input(doc)?;
            let group = match id {
                None => service.scim_create_group(actor, &input).await?,
                Some(id) => service.scim_replace_group(actor, id, &input).await?,
            };
            resources::group_json(&group, base)
        }
    })
}

async fn create(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    Base(base): Base,
    Path(kind): Path<String>,
    body: Bytes,
) -> Result<Response> {
    let kind = Kind::parse(&kind)?;
    let doc = json_object(&body)?;
    let created = store(&state, &actor, kind, None, &doc, &base).await?;
    let location = created["meta"]["location"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut resp = scim_json(StatusCode::CREATED, Value::Object(created));
    if let Ok(v) = HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Ok(resp)
}

async fn replace(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    Base(base): Base,
    Path((kind, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response> {
    let kind = Kind::parse(&kind)?;
    let id = parse_id(kind, &id)?;
    let doc = json_object(&body)?;
    let stored = store(&state, &actor, kind, Some(id), &doc, &base).await?;
    Ok(scim_json(StatusCode::OK, Value::Object(stored)))
}

/// PATCH: apply the operations to the resource as it reads now, then store the result whole.
async fn modify(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    Base(base): Base,
    Path((kind, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response> {
    let kind = Kind::parse(&kind)?;
    let id = parse_id(kind, &id)?;
    let request = json_object(&body)?;
    let schemas_ok = request
        .get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|v| v == PATCH_OP));
    if !schemas_ok {
        return Err(ScimError::bad(
            "invalidSyntax",
            format!("schemas: a PATCH body names '{PATCH_OP}'"),
        ));
    }
    let ops = request
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Operations"))
        .and_then(|(_, v)| v.as_array())
        .ok_or_else(|| {
            ScimError::bad(
                "invalidSyntax",
                "Operations: a list of operations is required",
            )
        })?;
    let mut doc = fetch(&state, &actor, kind, id, &base).await?;
    for (i, op) in ops.iter().enumerate() {
        let at = |f: ScimFault| ScimFault {
            scim_type: f.scim_type,
            detail: format!("Operations[{i}]: {}", f.detail),
        };
        let name = op.get("op").and_then(Value::as_str).ok_or_else(|| {
            ScimError::bad("invalidSyntax", format!("Operations[{i}].op: required"))
        })?;
        let path = op.get("path").and_then(Value::as_str);
        patch::apply(&mut doc, name, path, op.get("value").cloned()).map_err(at)?;
    }
    let stored = store(&state, &actor, kind, Some(id), &doc, &base).await?;
    Ok(scim_json(StatusCode::OK, Value::Object(stored)))
}

async fn remove(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Response> {
    let kind = Kind::parse(&kind)?;
    let id = parse_id(kind, &id)?;
    match kind {
        Kind::User => state.service.scim_delete_user(&actor, id).await?,
        Kind::Group => state.service.scim_delete_group(&actor, id).await?,
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
