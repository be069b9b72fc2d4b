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
    /// The kinds of mail one may do without, checked when sent.
    mails: Vec<Option_>,
    error: String,
    saved: bool,
}

fn page(
    state: &AppState,
    viewer: &Viewer,
    zone: &str,
    theme: &str,
    mail_off: &[String],
) -> PreferencesPage {
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
        mails: state
            .service
            .model()
            .choice_set("mail_kind")
            .map(|set| {
                set.choices
                    .iter()
                    .map(|c| opt(&c.code, &c.label, !mail_off.contains(&c.code)))
                    .collect()
            })
            .unwrap_or_default(),
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
    let mail_off = state
        .service
        .preferences(&viewer.actor)
        .await
        .map(|p| p.mail_off)
        .unwrap_or_default();
    let mut p = page(&state, &viewer, &viewer.zone.name, &viewer.theme, &mail_off);
    p.saved = !q.saved.is_empty();
    html(p)
}

/// The posted form: `_csrf`, `time_zone`, `theme`, and one `mail` per kind of mail kept (the
/// checked boxes; the others are turned off).
#[derive(Default)]
pub struct PreferencesForm {
    csrf: String,
    time_zone: String,
    theme: String,
    mail: Vec<String>,
}

impl PreferencesForm {
    fn of(pairs: Vec<(String, String)>) -> Self {
        let mut f = PreferencesForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "_csrf" => f.csrf = v,
                "time_zone" => f.time_zone = v,
                "theme" => f.theme = v,
                "mail" => f.mail.push(v),
                _ => {}
            }
        }
        f
    }
}

pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let f = PreferencesForm::of(pairs);
    if let Err(r) = viewer.check_csrf(Some(&f.csrf)) {
        return r;
    }
    let mail_off: Vec<String> = state
        .service
        .model()
        .choice_set("mail_kind")
        .map(|set| {
            set.choices
                .iter()
                .filter(|c| !f.mail.contains(&c.code))
                .map(|c| c.code.clone())
                .collect()
        })
        .unwrap_or_default();
    let prefs = Preferences {
        time_zone: f.time_zone.trim().to_string(),
        theme: f.theme.trim().to_string(),
        mail_off,
    };
    match state.service.set_preferences(&viewer.actor, &prefs).await {
        Ok(_) => Redirect::to("/preferences?saved=1").into_response(),
        Err(e) => {
            let e = ApiError::from(e);
            if e.status.is_server_error() {
                return error_page(e);
            }
            let mut p = page(
                &state,
                &viewer,
                &prefs.time_zone,
                &prefs.theme,
                &prefs.mail_off,
            );
            p.error = e.message;
            html_status(e.status, p)
        }
    }
}
