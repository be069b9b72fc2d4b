//! Extractors: who is calling, the addressed resource, the body, the query options, `If-Match`.

use crate::error::ApiError;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::Method;
use axum::http::{header, StatusCode};
use serde_json::{Map, Value};
use steward_service::{Actor, Scope};
use uuid::Uuid;

/// The caller, from `Authorization: Bearer <token>`. This is the only place that decides who is
/// calling; a request without a valid credential gets 401, and a token's scope is checked against
/// the method: `read` tokens may only read, `write` tokens may change records, `admin` tokens may
/// also manage accounts, tokens and roles.
pub struct CurrentActor(pub Actor);

/// Entity sets that only an `admin`-scoped credential may change.
const ADMIN_SETS: &[&str] = &[
    "user_accounts",
    "api_tokens",
    "user_sessions",
    "security_roles",
    "role_privileges",
    "teams",
    "team_members",
    "user_roles",
    "team_roles",
];

impl FromRequestParts<AppState> for CurrentActor {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let writes = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        let actor = match bearer(parts) {
            Some(token) => state
                .service
                .authenticate_token(token)
                .await?
                .ok_or_else(|| {
                    ApiError::unauthorized(
                        "invalid_token",
                        "the token is unknown, expired or revoked",
                    )
                })?,
            None => match session_cookie(parts) {
                Some(_) => {
                    CurrentSession::from_request_parts(parts, state)
                        .await?
                        .0
                        .actor
                }
                None => {
                    return Err(ApiError::unauthorized(
                        "authentication_required",
                        "sign in, or send an API token as 'Authorization: Bearer <token>'",
                    ))
                }
            },
        };
        // Inside the nested API router the path no longer carries `/api/v1`.
        let path = parts.uri.path();
        let rest = path
            .strip_prefix("/api/v1")
            .unwrap_or(path)
            .trim_start_matches('/');
        let admin_set = ADMIN_SETS.contains(&rest.split(['/', '(']).next().unwrap_or(""));
        let needed = match (writes, admin_set) {
            (false, _) => Scope::Read,
            (true, false) => Scope::Write,
            (true, true) => Scope::Admin,
        };
        if actor.scope < needed {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "insufficient_scope",
                format!(
                    "this request needs a token of '{}' scope; this one has '{}'",
                    needed.code(),
                    actor.scope.code()
                ),
            ));
        }
        Ok(CurrentActor(actor))
    }
}

pub(crate) fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}

fn session_cookie(parts: &Parts) -> Option<&str> {
    cookie(parts, crate::auth::SESSION_COOKIE)
}

/// The value of a request cookie.
pub fn cookie<'a>(parts: &'a Parts, wanted: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| value)
}

/// The client's address, for throttling and the session record.
pub fn client_address(parts: &Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string())
}

/// A signed-in browser session. State-changing requests made with it must carry the session's CSRF
/// token in `X-CSRF-Token`; without it they are refused (403 `csrf_required`).
pub struct CurrentSession(pub steward_service::LiveSession);

impl FromRequestParts<AppState> for CurrentSession {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let cookie = session_cookie(parts)
            .ok_or_else(|| ApiError::unauthorized("authentication_required", "sign in first"))?;
        let session = state
            .service
            .authenticate_session(cookie)
            .await?
            .ok_or_else(|| {
                ApiError::unauthorized("session_expired", "the session has ended; sign in again")
            })?;
        let writes = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if writes {
            let presented = parts
                .headers
                .get(crate::auth::CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !session.csrf_matches(presented) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "csrf_required",
                    "a change made with a session cookie must carry the session's CSRF token in X-CSRF-Token",
                ));
            }
        }
        Ok(CurrentSession(session))
    }
}

/// A path segment `set` or `set(id)` (the key may be quoted: `set('id')`).
pub struct Address {
    pub set: String,
    pub id: Option<Uuid>,
}

impl Address {
    pub fn parse(segment: &str) -> Result<Address, ApiError> {
        let Some(open) = segment.find('(') else {
            return Ok(Address {
                set: segment.to_string(),
                id: None,
            });
        };
        let set = &segment[..open];
        let key = segment[open + 1..]
            .strip_suffix(')')
            .ok_or_else(|| ApiError::bad_request("invalid_key", "the key must be closed by ')'"))?;
        let key = key.strip_prefix("id=").unwrap_or(key);
        let key = key.trim_matches('\'');
        let id = Uuid::parse_str(key).map_err(|_| {
            ApiError::bad_request("invalid_key", format!("'{key}' is not a valid id (a UUID)"))
        })?;
        Ok(Address {
            set: set.to_string(),
            id: Some(id),
        })
    }
    pub fn require_id(&self) -> Result<Uuid, ApiError> {
        self.id.ok_or_else(|| {
            ApiError::method_not_allowed(
                "key_required",
                "this operation needs a record: /api/v1/{set}({id})",
                COLLECTION_METHODS,
            )
        })
    }
    pub fn require_collection(&self) -> Result<(), ApiError> {
        match self.id {
            Some(_) => Err(ApiError::method_not_allowed(
                "method_not_allowed",
                "POST goes to the entity set, not to a record",
                RECORD_METHODS,
            )),
            None => Ok(()),
        }
    }
    /// The methods this address answers (for `Allow`).
    pub fn allowed_methods(segment: &str) -> &'static str {
        if segment.contains('(') {
            RECORD_METHODS
        } else {
            COLLECTION_METHODS
        }
    }
}

/// The methods an entity set answers, and those a record answers.
pub const COLLECTION_METHODS: &str = "GET, HEAD, POST";
pub const RECORD_METHODS: &str = "GET, HEAD, PATCH, DELETE";

/// The parameters of a bound action: a JSON object, or no body at all for an action that takes
/// none.
pub struct ActionParams(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for ActionParams {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = req.headers();
        let no_body = headers.get(header::CONTENT_TYPE).is_none()
            && headers.get(header::TRANSFER_ENCODING).is_none()
            && headers
                .get(header::CONTENT_LENGTH)
                .is_none_or(|v| v.as_bytes() == b"0");
        if no_body {
            return Ok(ActionParams(Map::new()));
        }
        let JsonObject(map) = JsonObject::from_request(req, state).await?;
        Ok(ActionParams(map))
    }
}

/// A JSON object body, with OData errors for every way it can be wrong.
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                ct.split(';')
                    .next()
                    .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !json_type {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "the body must be JSON (Content-Type: application/json)",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("the body is larger than {} bytes", crate::MAX_BODY_BYTES),
                )
            } else {
                ApiError::bad_request("invalid_body", "the body could not be read")
            }
        })?;
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(JsonObject(map)),
            Ok(_) => Err(ApiError::bad_request(
                "invalid_json",
                "the body must be a JSON object",
            )),
            Err(e) => Err(ApiError::bad_request(
                "invalid_json",
                format!(
                    "the body is not valid JSON: {e} (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            )),
        }
    }
}

/// Query parameters in order, percent-decoded.
pub struct QueryParams(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or("");
        let params = serde_urlencoded::from_str::<Vec<(String, String)>>(raw).map_err(|e| {
            ApiError::bad_request(
                "invalid_query",
                format!("the query string is malformed: {e}"),
            )
        })?;
        // No stored text holds NUL (PostgreSQL cannot) or another control character, and
        // PostgreSQL refuses NUL as a parameter.
        for (k, v) in &params {
            if let Some((pos, c)) =
                steward_model::forbidden_char(k).or_else(|| steward_model::forbidden_char(v))
            {
                let mut e = ApiError::bad_request(
                    "invalid_character",
                    format!(
                        "the query option '{k}' holds the control character U+{:04X} at position {pos}",
                        c as u32
                    ),
                );
                e.target = Some(k.chars().filter(|c| !c.is_control()).collect());
                return Err(e);
            }
        }
        Ok(QueryParams(params))
    }
}

/// The row version a client sent in `If-Match` (`W/"3"`, `"3"`), or none for `*` or no header.
pub struct IfMatch(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(v) = parts.headers.get(header::IF_MATCH) else {
            return Ok(IfMatch(None));
        };
        let s = v.to_str().unwrap_or("").trim();
        if s == "*" {
            return Ok(IfMatch(None));
        }
        // An ETag this server never issued matches no version: the write is refused with 412
        // `precondition_failed` once the request is otherwise valid and the record exists (RFC 9110
        // evaluates preconditions after those), like a stale one.
        let inner = s.strip_prefix("W/").unwrap_or(s).trim_matches('"');
        Ok(IfMatch(Some(inner.parse::<i64>().unwrap_or(NO_VERSION))))
    }
}

/// A row version no record has (they start at 1).
const NO_VERSION: i64 = i64::MIN;

/// `Prefer: odata.maxpagesize=N`.
pub struct MaxPageSize(pub Option<u64>);

impl<S: Send + Sync> FromRequestParts<S> for MaxPageSize {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let size = parts
            .headers
            .get_all("prefer")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|p| p.trim().strip_prefix("odata.maxpagesize="))
            .find_map(|n| n.trim().parse::<u64>().ok());
        Ok(MaxPageSize(size))
    }
}
