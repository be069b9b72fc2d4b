//! Sign-in, sign-out, the home page, and error pages.

use crate::session::Viewer;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use steward_api::auth::{clear_session_cookies, set_session_cookies, sign_in};
use steward_api::{ApiError, AppState};

/// A rendered template as an HTML response.
pub fn html<T: Template>(page: T) -> Response {
    html_status(StatusCode::OK, page)
}

pub fn html_status<T: Template>(status: StatusCode, page: T) -> Response {
    match page.render() {
        Ok(body) => {
            let mut resp = (status, body).into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            resp
        }
        Err(e) => {
            tracing::error!(error = %e, "rendering a page");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be rendered; it has been logged",
            )
                .into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    title: String,
    message: String,
}

/// An error as a small page with its status (404 for what the viewer may not see).
pub fn error_page(e: ApiError) -> Response {
    let title = match e.status {
        StatusCode::NOT_FOUND => "Not found".to_string(),
        StatusCode::FORBIDDEN => "Not allowed".to_string(),
        s => s.canonical_reason().unwrap_or("Error").to_string(),
    };
    html_status(
        e.status,
        MessagePage {
            title,
            message: e.message,
        },
    )
}

pub async fn not_found() -> Response {
    html_status(
        StatusCode::NOT_FOUND,
        MessagePage {
            title: "Not found".into(),
            message: "There is no page at this address.".into(),
        },
    )
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    next: String,
    csrf: String,
    user_name: String,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct Next {
    #[serde(default)]
    next: String,
}

/// Only a path of this site may be a target after sign-in: it starts with exactly one `/`, holds no
/// `//`, no backslash, and only visible ASCII (no control characters, which browsers drop, so that
/// `/\t/evil.example` would become `//evil.example`; a path Steward builds is percent-encoded).
/// Anything else goes to the home page.
pub fn safe_next(next: &str) -> String {
    let same_origin = next.starts_with('/')
        && !next.contains("//")
        && !next.contains('\\')
        && next.bytes().all(|b| b.is_ascii_graphic());
    if same_origin {
        next.to_string()
    } else {
        "/".to_string()
    }
}

/// The cookie holding the sign-in form's CSRF token (before there is a session): the form must
/// carry the same value as `_csrf` (double submit), so that another site cannot sign a browser in
/// to an account of its choosing (login CSRF).
pub const LOGIN_CSRF_COOKIE: &str = "steward_login_csrf";

/// The browser's sign-in token when it has a well-formed one, else a new random one.
fn login_token(parts: &Parts) -> String {
    steward_api::extract::cookie(parts, LOGIN_CSRF_COOKIE)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_string)
        .unwrap_or_else(|| {
            let bytes: [u8; 32] = rand::random();
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        })
}

fn with_login_cookie(mut resp: Response, token: &str, secure: bool) -> Response {
    let mut c = format!(
        "{LOGIN_CSRF_COOKIE}={token}; Path=/login; SameSite=Strict; HttpOnly; Max-Age=7200"
    );
    if secure {
        c.push_str("; Secure");
    }
    if let Ok(v) = HeaderValue::from_str(&c) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

pub async fn login_page(
    State(state): State<AppState>,
    parts: Parts,
    Query(q): Query<Next>,
) -> Response {
    let csrf = login_token(&parts);
    let page = html(LoginPage {
        next: safe_next(&q.next),
        csrf: csrf.clone(),
        user_name: String::new(),
        error: String::new(),
    });
    with_login_cookie(page, &csrf, state.secure_cookies)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    user_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

pub async fn login(
    State(state): State<AppState>,
    parts: Parts,
    Form(f): Form<LoginForm>,
) -> Response {
    let held = steward_api::extract::cookie(&parts, LOGIN_CSRF_COOKIE).unwrap_or("");
    if held.is_empty() || f.csrf != held {
        // Nothing is checked or changed: no session, no failure counted.
        let csrf = login_token(&parts);
        let page = html_status(
            StatusCode::FORBIDDEN,
            LoginPage {
                next: safe_next(&f.next),
                csrf: csrf.clone(),
                user_name: String::new(),
                error: "This sign-in form has expired or did not come from Steward. Try again."
                    .into(),
            },
        );
        return with_login_cookie(page, &csrf, state.secure_cookies);
    }
    match sign_in(&state, &parts, &f.user_name, &f.password).await {
        Ok(session) => {
            let mut resp = Redirect::to(&safe_next(&f.next)).into_response();
            set_session_cookies(&mut resp, &session, state.secure_cookies);
            resp
        }
        Err(e) => {
            let status = if e.status == StatusCode::TOO_MANY_REQUESTS
                || e.status == StatusCode::BAD_REQUEST
            {
                e.status
            } else {
                StatusCode::UNAUTHORIZED
            };
            let error = if status != StatusCode::UNAUTHORIZED {
                e.message
            } else {
                "The user name or the password is not right.".to_string()
            };
            html_status(
                status,
                LoginPage {
                    next: safe_next(&f.next),
                    csrf: f.csrf,
                    user_name: f.user_name,
                    error,
                },
            )
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Err(resp) = viewer.check_csrf(Some(&f.csrf)) {
        return resp;
    }
    if let Err(e) = state
        .service
        .logout(viewer.actor.clone(), viewer.session_id)
        .await
    {
        return error_page(e.into());
    }
    let mut resp = Redirect::to("/login").into_response();
    clear_session_cookies(&mut resp, state.secure_cookies);
    resp
}
