//! The outermost layer of every request: Steward's own limits on the request target and headers
//! (below hyper's hard limits, so that the answer can carry a body), and an OData error body on
//! every error answered before Steward's handlers (axum's 405 and rejections, the 408 of the
//! timeout), so that a client always finds `{"error": {"code", "message"}}` with a stable code.

use crate::error::ApiError;
use crate::server::Limits;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The stable code of an error answered without one.
pub fn code_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "authentication_required",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        408 => "request_timeout",
        411 => "length_required",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        422 => "invalid_body",
        429 => "too_many_requests",
        431 => "headers_too_large",
        500..=599 => "internal_error",
        _ => "http_error",
    }
}

fn message_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        404 => "there is nothing at this address",
        405 => "this method is not allowed here; see the Allow header",
        408 => "the request took too long to arrive or to answer",
        413 => "the request body is too large",
        500..=599 => "an internal error occurred; it has been logged",
        _ => "the request cannot be answered",
    }
}

pub async fn guard(limits: Limits, req: Request, next: Next) -> Response {
    let target = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if target > limits.max_uri_bytes {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!(
                "the request target has {target} bytes; at most {} are accepted (send a long $filter as fewer, simpler conditions)",
                limits.max_uri_bytes
            ),
        )
        .into_response();
    }
    let headers: usize = req
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if headers > limits.max_header_bytes {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            format!(
                "the request headers have {headers} bytes; at most {} are accepted",
                limits.max_header_bytes
            ),
        )
        .into_response();
    }
    let resp = next.run(req).await;
    let status = resp.status();
    if status.as_u16() < 400 {
        return resp;
    }
    let content_type = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    // An answer with its own body type (OData JSON, an HTML page, the web's plain-text CSRF refusal)
    // is kept; a bare one, or a plain-text rejection of axum's, gets the OData form.
    let bare = content_type.is_empty();
    let rejection = content_type.starts_with("text/plain") && status != StatusCode::FORBIDDEN;
    if !bare && !rejection {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let mut message = message_for(status).to_string();
    if rejection && !status.is_server_error() {
        if let Ok(bytes) = axum::body::to_bytes(body, 4096).await {
            let text = String::from_utf8_lossy(&bytes).trim().to_string();
            if !text.is_empty() {
                message = text;
            }
        }
    }
    let mut fresh = ApiError::new(status, code_for(status), message).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            fresh.headers_mut().append(name, value.clone());
        }
    }
    let (mut p, b) = fresh.into_parts();
    p.extensions = parts.extensions;
    Response::from_parts(p, Body::new(b))
}
