//! The viewer's preferences: the time zone dates are shown and typed in, and the colour theme.

use crate::list::Option_;
use crate::pages::{error_page, html, html_status};
use crate::session::{Chrome, Viewer};
use crate::zone::zone_names;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use steward_api::{ApiError, AppState};
use steward_service::Preferences;

#[derive(Template)]
#[template(path = "preferences.html")]
struct PreferencesPage {
    chrome: Chrome,
    zones: Vec<Option_>,
    themes: Vec<Option_>,
    error: String,
    saved: bool,
}

fn page(state: &AppState, viewer: &Viewer, zone: &str, theme: &str) -> PreferencesPage {
    let opt = |value: &str, label: &str, selected: bool| Option_ {
        value: value.into(),
        label: label.into(),
        selected,
    };
    PreferencesPage {
        chrome: viewer.chrome(state, "Preferences", ""),
        zones: zone_names()
            .into_iter()
            .map(|z| opt(&z, &z.replace('_', " "), z == zone))
            .collect(),
        themes: [
            ("system", "As my system"),
            ("light", "Light"),
            ("dark", "Dark"),
        ]
        .into_iter()
        .map(|(v, l)| opt(v, l, v == theme))
        .collect(),
        error: String::new(),
        saved: false,
    }
}

#[derive(Deserialize, Default)]
pub struct Saved {
    #[serde(default)]
    saved: String,
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    axum::extract::Query(q): axum::extract::Query<Saved>,
) -> Response {
    let mut p = page(&state, &viewer, &viewer.zone.name, &viewer.theme);
    p.saved = !q.saved.is_empty();
    html(p)
}

#[derive(Deserialize)]
pub struct PreferencesForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    theme: String,
}

pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<PreferencesForm>,
) -> Response {
    if let Err(r) = viewer.check_csrf(Some(&f.csrf)) {
        return r;
    }
    let prefs = Preferences {
        time_zone: f.time_zone.trim().to_string(),
        theme: f.theme.trim().to_string(),
    };
    match state.service.set_preferences(&viewer.actor, &prefs).await {
        Ok(_) => Redirect::to("/preferences?saved=1").into_response(),
        Err(e) => {
            let e = ApiError::from(e);
            if e.status.is_server_error() {
                return error_page(e);
            }
            let mut p = page(&state, &viewer, &prefs.time_zone, &prefs.theme);
            p.error = e.message;
            html_status(e.status, p)
        }
    }
}
