//! The one error type at the HTTP edge, in OData's error form:
//! `{"error": {"code", "message", "target", "details": [{"code", "message", "target"}]}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use steward_domain::{DomainError, ErrorKind};
use steward_odata::ODataError;
use steward_service::Error as ServiceError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub target: Option<String>,
    pub details: Vec<(String, String, Option<String>)>,
    /// The methods the resource does allow, sent as `Allow` with a 405.
    pub allow: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            target: None,
            details: Vec::new(),
            allow: None,
        }
    }
    /// 405, naming the methods the resource allows.
    pub fn method_not_allowed(
        code: &'static str,
        message: impl Into<String>,
        allow: &'static str,
    ) -> Self {
        ApiError {
            allow: Some(allow),
            ..Self::new(StatusCode::METHOD_NOT_ALLOWED, code, message)
        }
    }
    /// 401, with the challenge a client needs.
    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        let status = match e.kind {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::Stale => StatusCode::PRECONDITION_FAILED,
            ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        };
        ApiError {
            status,
            code: e.code,
            message: e.message,
            target: e.target,
            details: e
                .details
                .into_iter()
                .map(|d| (d.code.to_string(), d.message, d.target))
                .collect(),
            allow: None,
        }
    }
}

impl From<ODataError> for ApiError {
    fn from(e: ODataError) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: e.code,
            message: e.message,
            target: Some(e.target),
            details: Vec::new(),
            allow: None,
        }
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Domain(d) => d.into(),
            ServiceError::Internal(cause) => {
                // The cause goes to the log; the client learns nothing internal.
                tracing::error!(error = %cause, "internal error");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    "an internal error occurred; it has been logged",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let details: Vec<Value> = self.details.iter().map(|(code, message, target)| json!({"code": code, "message": message, "target": target})).collect();
        let mut body = json!({"error": {"code": self.code, "message": self.message}});
        if let Some(t) = &self.target {
            body["error"]["target"] = json!(t);
        }
        if !details.is_empty() {
            body["error"]["details"] = json!(details);
        }
        let mut resp = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer realm=\"steward\""),
            );
        }
        if let Some(allow) = self.allow {
            resp.headers_mut().insert(
                axum::http::header::ALLOW,
                axum::http::HeaderValue::from_static(allow),
            );
        }
        resp
    }
}
