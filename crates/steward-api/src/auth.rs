//! Sign-in and sign-out with a password, the session cookie, and login throttling.

use crate::error::ApiError;
use crate::extract::{client_address, CurrentSession};
use crate::AppState;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

/// The cookie that carries the session token (HttpOnly).
pub const SESSION_COOKIE: &str = "steward_session";
/// The cookie that carries the CSRF token, readable by the page so that it can echo it.
pub const CSRF_COOKIE: &str = "steward_csrf";
/// The header a cookie-authenticated state-changing request must carry.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Failed sign-ins allowed per account within the window before 429.
pub const MAX_FAILURES_PER_ACCOUNT: u32 = 5;
/// Failed sign-ins allowed per client address within the window before 429.
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;
/// The window failures are counted in.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Deserialize)]
pub struct Credentials {
    pub user_name: String,
    pub password: String,
}

/// Credentials as JSON.
pub struct LoginBody(Credentials);

impl<S: Send + Sync> FromRequest<S> for LoginBody {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        // JSON only: a form can be posted by any site, which would sign the browser in to an
        // account of that site's choosing (login CSRF). The sign-in page posts to `/login`, which
        // checks its own CSRF token.
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send user_name and password as JSON (Content-Type: application/json)",
            ));
        }
        Json::<Credentials>::from_request(req, state)
            .await
            .map(|Json(c)| LoginBody(c))
            .map_err(|_| {
                ApiError::bad_request("invalid_body", "send user_name and password as JSON")
            })
    }
}

fn cookie(
    name: &str,
    value: &str,
    http_only: bool,
    secure: bool,
    max_age: Option<i64>,
) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&c).expect("cookie text is ASCII")
}

/// Put a new session's two cookies on a response.
pub fn set_session_cookies(
    resp: &mut Response,
    session: &steward_service::NewSession,
    secure: bool,
) {
    let age = steward_service::SESSION_ABSOLUTE_HOURS * 3600;
    let h = resp.headers_mut();
    h.append(
        header::SET_COOKIE,
        cookie(
            SESSION_COOKIE,
            &session.session_token,
            true,
            secure,
            Some(age),
        ),
    );
    h.append(
        header::SET_COOKIE,
        cookie(CSRF_COOKIE, &session.csrf_token, false, secure, Some(age)),
    );
}

/// Check a password sign-in against the throttle and open the session. Failures count against the
/// account and the client address and are audited; a throttled attempt is 429 `too_many_attempts`.
/// Shared by the JSON endpoint and the sign-in page.
pub async fn sign_in(
    app: &AppState,
    parts: &axum::http::request::Parts,
    user_name: &str,
    password: &str,
) -> Result<steward_service::NewSession, ApiError> {
    for (field, text) in [("user_name", user_name), ("password", password)] {
        if let Some((pos, c)) = steward_model::forbidden_char(text) {
            let mut e = ApiError::bad_request(
                "invalid_character",
                format!(
                    "'{field}' holds the control character U+{:04X} at position {pos}",
                    c as u32
                ),
            );
            e.target = Some(field.to_string());
            return Err(e);
        }
    }
    let address = client_address(parts);
    // Counted in the database: every server of a deployment counts the same failures.
    let (user_key, addr_key) = (format!("user:{user_name}"), format!("addr:{address}"));
    let service = &app.service;
    if service.failures(&user_key).await? >= i64::from(MAX_FAILURES_PER_ACCOUNT)
        || service.failures(&addr_key).await? >= i64::from(MAX_FAILURES_PER_ADDRESS)
    {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            "too many failed sign-ins; wait 15 minutes and try again",
        ));
    }
    let agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match app
        .service
        .login(user_name, password, &address, agent)
        .await
    {
        Ok(session) => {
            service.clear_failures(&user_key).await?;
            Ok(session)
        }
        Err(e) => {
            service.count_failure(&user_key, FAILURE_WINDOW).await?;
            service.count_failure(&addr_key, FAILURE_WINDOW).await?;
            Err(e.into())
        }
    }
}

/// `POST /auth/login`: 200 with the CSRF token and two cookies, 400 on wrong credentials, 429 when
/// throttled. Failures are written to the audit chain.
pub async fn login(
    State(app): State<AppState>,
    req_parts: axum::http::request::Parts,
    LoginBody(c): LoginBody,
) -> Result<Response, ApiError> {
    match sign_in(&app, &req_parts, &c.user_name, &c.password).await {
        Ok(session) => {
            let mut resp = Json(json!({"user_id": session.actor.user_id, "person_id": session.actor.person_id, "csrf_token": session.csrf_token})).into_response();
            set_session_cookies(&mut resp, &session, app.secure_cookies);
            Ok(resp)
        }
        Err(e) if e.status == StatusCode::TOO_MANY_REQUESTS => {
            let mut resp = e.into_response();
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("900"));
            Ok(resp)
        }
        Err(e) => Err(e),
    }
}

/// Expire the session's two cookies on a response.
pub fn clear_session_cookies(resp: &mut Response, secure: bool) {
    let h = resp.headers_mut();
    h.append(
        header::SET_COOKIE,
        cookie(SESSION_COOKIE, "", true, secure, Some(0)),
    );
    h.append(
        header::SET_COOKIE,
        cookie(CSRF_COOKIE, "", false, secure, Some(0)),
    );
}

/// `POST /auth/logout`: ends the session (audited) and clears the cookies.
pub async fn logout(
    State(app): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Response, ApiError> {
    app.service
        .logout(session.actor, session.session_id)
        .await?;
    let mut resp = StatusCode::NO_CONTENT.into_response();
    clear_session_cookies(&mut resp, app.secure_cookies);
    Ok(resp)
}
