//! The web UI: server-rendered HTML from templates compiled into the binary, built from the same
//! model as the API. Every list, record page and form is generated from the table's declaration,
//! so every table (and later every custom field) appears without a hand-written page. Pages read
//! and write through the same service use cases as the API, as the signed-in user: a page shows
//! only what that user may see. Forms work without JavaScript; `static/steward.js` only enhances.

// Handlers and extractors return ready-made responses as their error.
#![allow(clippy::result_large_err)]

mod calendar;
mod dashboard;
mod display;
mod form;
mod jobs;
mod list;
mod nav;
mod pages;
mod portal;
mod prefs;
mod queues;
mod record;
mod search;
mod session;
mod workflow;
mod zone;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use steward_api::{ApiConfig, AppState};
use steward_service::Service;

/// The whole application: the machine interfaces of `steward-api` and the web UI, behind the same
/// security headers, body limit and timeout.
pub fn app(service: Service, config: ApiConfig) -> Router {
    let state = steward_api::app_state(service, config);
    steward_api::harden(steward_api::routes().merge(routes()), state)
}

fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::home))
        .route("/login", get(pages::login_page).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/static/steward.css", get(stylesheet))
        .route("/static/steward.js", get(script))
        .route("/search", get(search::search))
        .route("/preferences", get(prefs::show).post(prefs::save))
        .route("/portal", get(portal::catalog))
        .route(
            "/portal/order/{id}",
            get(portal::order_page).post(portal::order),
        )
        .route("/portal/requests", get(portal::my_requests))
        .route("/portal/access", get(portal::my_access))
        .route("/portal/approvals", get(portal::approvals))
        .route("/app/approvals/{id}/decide", post(portal::decide))
        .route(calendar::CALENDAR_PATH, get(calendar::page))
        .route(queues::QUEUES_PATH, get(queues::page))
        .route(jobs::JOBS_PATH, get(jobs::page))
        .route("/app/{set}", get(list::page))
        .route("/app/{set}/export.csv", get(list::export))
        .route("/app/{set}/suggest", get(search::suggest))
        .route("/app/{set}/views", post(list::save_view))
        .route("/app/{set}/views/{id}/delete", post(list::delete_view))
        .route("/app/{set}/new", get(form::new_page).post(form::create))
        .route("/app/{set}/{id}", get(record::page))
        .route("/app/{set}/{id}/do/{transition}", post(workflow::take))
        .route(
            "/app/{set}/{id}/edit",
            get(form::edit_page).post(form::update),
        )
        .fallback(pages::not_found)
}

const CSS: &str = include_str!("../static/steward.css");
const JS: &str = include_str!("../static/steward.js");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut resp = (StatusCode::OK, body).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    resp
}

async fn stylesheet() -> Response {
    asset(CSS, "text/css; charset=utf-8")
}

async fn script() -> Response {
    asset(JS, "text/javascript; charset=utf-8")
}
