//! The HTTP API: OData v4 JSON under `/api/v1`, `$metadata`, OpenAPI, health.
//! Handlers are thin: they extract, call one service function, and map the result to a view.

pub mod auth;
mod error;
pub mod extract;
mod guard;
mod handlers;
pub mod mail_in;
pub mod metadata;
mod oidc;
pub mod openapi;
mod scim;
pub mod server;
mod views;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;
use steward_service::Service;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::ApiError;
pub use oidc::OidcConfig;

/// Largest request body accepted (a memo holds at most 1 MiB of text).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// What the HTTP layer needs to know about its deployment.
#[derive(Debug, Clone, Default)]
pub struct ApiConfig {
    /// Mark cookies `Secure`: set when the public URL is https.
    pub secure_cookies: bool,
    /// Single sign-on, when configured.
    pub oidc: Option<OidcConfig>,
    /// Timeouts and sizes a client may not exceed.
    pub limits: server::Limits,
}

#[derive(Clone)]
pub struct AppState {
    pub service: Service,
    pub base_path: Arc<str>,
    pub secure_cookies: bool,
    pub limits: server::Limits,
    oidc_config: Option<OidcConfig>,
    oidc: Arc<oidc::OidcState>,
    metadata: Arc<String>,
    openapi: Arc<String>,
}

/// The whole HTTP application, with the default configuration.
pub fn router(service: Service) -> Router {
    router_with(service, ApiConfig::default())
}

/// The whole HTTP application.
pub fn router_with(service: Service, config: ApiConfig) -> Router {
    let state = app_state(service, config);
    harden(routes().fallback(handlers::not_found), state)
}

/// The shared state of every handler (the API's and the web UI's).
pub fn app_state(service: Service, config: ApiConfig) -> AppState {
    let model = service.model();
    AppState {
        secure_cookies: config.secure_cookies,
        limits: config.limits.clone(),
        oidc_config: config.oidc.clone(),
        oidc: Arc::new(oidc::OidcState::default()),
        metadata: Arc::new(metadata::document(model, service.processes())),
        openapi: Arc::new(
            serde_json::to_string_pretty(&openapi::document(model, service.processes()))
                .expect("serialisable"),
        ),
        base_path: Arc::from("/api/v1"),
        service,
    }
}

/// The machine interfaces: health, sign-in, the OData API, SCIM. No fallback: the caller adds one.
pub fn routes() -> Router<AppState> {
    let api = Router::new()
        .route("/", get(handlers::service_document))
        .route("/$metadata", get(handlers::metadata))
        .route("/openapi.json", get(handlers::openapi))
        .route("/audit_entries", get(handlers::audit_entries))
        .route(
            "/{segment}",
            get(handlers::get)
                .post(handlers::create)
                .patch(handlers::update)
                .delete(handlers::delete)
                .fallback(handlers::method_not_allowed),
        )
        .route("/{segment}/history", get(handlers::history))
        .route("/{segment}/$count", get(handlers::count))
        // A record's files, and an attachment's bytes.
        .route(
            "/{segment}/attachments",
            get(handlers::attachments)
                .post(handlers::attach)
                .layer(DefaultBodyLimit::max(steward_service::ATTACHMENT_MAX_BYTES)),
        )
        .route("/{segment}/$value", get(handlers::attachment_value))
        // Bound operations: `Steward.<transition>` (POST), `Steward.transitions` and `Steward.impact` (GET).
        .route(
            "/{segment}/{operation}",
            get(handlers::transitions)
                .post(handlers::transition)
                .fallback(handlers::operation_method_not_allowed),
        )
        .fallback(handlers::not_found);
    Router::new()
        .route("/healthz", get(handlers::healthz))
        .route("/auth/login", axum::routing::post(auth::login))
        .route("/auth/logout", axum::routing::post(auth::logout))
        .route("/auth/oidc/login", get(oidc::login))
        .route("/auth/oidc/callback", get(oidc::callback))
        // The service document also answers with the trailing slash the docs show (`/api/v1/`).
        .route("/api/v1/", get(handlers::service_document))
        .nest("/api/v1", api)
        .nest("/scim/v2", scim::router())
}

/// Security headers, caching rules, the size limits, the timeout, OData error bodies and tracing
/// around every route.
pub fn harden(routes: Router<AppState>, state: AppState) -> Router {
    let limits = state.limits.clone();
    routes
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("odata-version"),
            HeaderValue::from_static("4.0"),
        ))
        // Answers depend on who asks: never stored by a browser or a proxy (static assets set their
        // own Cache-Control), and a cache must key them on the credentials.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("Cookie, Authorization"),
        ))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(axum::middleware::from_fn(move |req, next| {
            guard::guard(limits.clone(), req, next)
        }))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
