//! Who is looking: the signed-in session, or a redirect to the sign-in page.

use crate::nav::{areas, NavArea};
use crate::zone::Zone;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use steward_api::auth::{CSRF_COOKIE, SESSION_COOKIE};
use steward_api::extract::cookie;
use steward_api::AppState;
use steward_domain::Value;
use steward_service::Actor;
use uuid::Uuid;

/// A signed-in user, with the session's CSRF token for the forms of the page.
pub struct Viewer {
    pub actor: Actor,
    pub session_id: Uuid,
    /// The CSRF token the browser holds (its cookie), checked against the session: every form
    /// carries it back as `_csrf`.
    pub csrf: String,
    pub name: String,
    /// The time zone dates are shown and typed in, and the colour theme.
    pub zone: Zone,
    pub theme: String,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let to_login = || {
            let here = parts
                .uri
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_string();
            let next = if here == "/" {
                String::new()
            } else {
                format!("?{}", query(&[("next", &here)]))
            };
            Redirect::to(&format!("/login{next}")).into_response()
        };
        let Some(token) = cookie(parts, SESSION_COOKIE) else {
            return Err(to_login());
        };
        let live = match state.service.authenticate_session(token).await {
            Ok(Some(live)) => live,
            Ok(None) => return Err(to_login()),
            Err(e) => return Err(crate::pages::error_page(e.into())),
        };
        let csrf = cookie(parts, CSRF_COOKIE)
            .filter(|c| live.csrf_matches(c))
            .map(str::to_string);
        let Some(csrf) = csrf else {
            return Err(to_login());
        };
        let persons = state.service.model().table("person").expect("person");
        let name = match state
            .service
            .db()
            .get_unscoped(persons, live.actor.person_id)
            .await
        {
            Ok(Some(p)) => p
                .get("name")
                .and_then(Value::as_text)
                .unwrap_or("")
                .to_string(),
            _ => String::new(),
        };
        let prefs = match state.service.preferences(&live.actor).await {
            Ok(p) => p,
            Err(e) => return Err(crate::pages::error_page(e.into())),
        };
        Ok(Viewer {
            actor: live.actor,
            session_id: live.session_id,
            csrf,
            name,
            zone: Zone::named(&prefs.time_zone),
            theme: prefs.theme,
        })
    }
}

impl Viewer {
    /// A form's `_csrf` must be this session's token; otherwise the change is refused (403).
    pub fn check_csrf(&self, presented: Option<&str>) -> Result<(), Response> {
        if presented == Some(self.csrf.as_str()) {
            return Ok(());
        }
        let mut resp = (
            StatusCode::FORBIDDEN,
            "This form has expired or did not come from Steward. Go back, reload the page and try again.",
        )
            .into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        Err(resp)
    }

    pub fn chrome(&self, state: &AppState, title: impl Into<String>, active: &str) -> Chrome {
        Chrome {
            title: title.into(),
            areas: areas(state.service.model()),
            user: self.name.clone(),
            csrf: self.csrf.clone(),
            active: active.to_string(),
            theme: self.theme.clone(),
            search: String::new(),
        }
    }
}

/// What every signed-in page's frame shows.
pub struct Chrome {
    pub title: String,
    pub areas: Vec<NavArea>,
    pub user: String,
    pub csrf: String,
    /// The entity set of the page (or the portal page's key), to mark its menu entry.
    pub active: String,
    /// `system`, `light` or `dark`, on the `<html>` element.
    pub theme: String,
    /// The text of the global search box.
    pub search: String,
}

/// A query string (`a=1&b=x%20y`) from pairs.
pub fn query(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}
