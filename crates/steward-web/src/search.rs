//! The global search box (records by number or name across every table the viewer may read) and
//! the type-ahead behind lookup fields (records of one table by number or name, as JSON).

use crate::display::{id_text, title_of};
use crate::pages::{error_page, html};
use crate::session::{Chrome, Viewer};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use serde::Deserialize;
use steward_api::AppState;
use steward_domain::Value;

/// 400 `invalid_character` for a search text holding a control character (none is stored).
fn control_error(q: &str) -> Option<steward_api::ApiError> {
    steward_model::forbidden_char(q).map(|(pos, c)| {
        steward_api::ApiError::bad_request(
            "invalid_character",
            format!(
                "the search text holds the control character U+{:04X} at position {pos}",
                c as u32
            ),
        )
    })
}

/// Records per table on the search page, and suggestions per lookup.
const PER_TABLE: u64 = 8;
const SUGGESTIONS: u64 = 10;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub struct HitView {
    pub href: String,
    pub title: String,
}

pub struct GroupView {
    pub label: String,
    pub hits: Vec<HitView>,
    pub more_href: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    groups: Vec<GroupView>,
}

pub async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<SearchQuery>,
) -> Response {
    if let Some(e) = control_error(&q.q) {
        return error_page(e);
    }
    let text = q.q.trim().to_string();
    let hits = match state.service.search(&viewer.actor, &text, PER_TABLE).await {
        Ok(h) => h,
        Err(e) => return error_page(e.into()),
    };
    // A number that names exactly one record opens it.
    if let [one] = hits.as_slice() {
        if let [record] = one.records.as_slice() {
            let number = record.get("number").and_then(Value::as_text);
            if number.is_some_and(|n| n.eq_ignore_ascii_case(&text)) {
                return Redirect::to(&format!("/app/{}/{}", one.table.set, id_text(record)))
                    .into_response();
            }
        }
    }
    let groups = hits
        .iter()
        .map(|h| GroupView {
            label: h.table.label.clone(),
            hits: h
                .records
                .iter()
                .map(|r| HitView {
                    href: format!("/app/{}/{}", h.table.set, id_text(r)),
                    title: title_of(r),
                })
                .collect(),
            more_href: format!(
                "/app/{}?{}",
                h.table.set,
                crate::session::query(&[("f", "name"), ("o", "contains"), ("v", &text)])
            ),
        })
        .collect();
    let mut chrome = viewer.chrome(&state, format!("Search: {text}"), "");
    chrome.search = text.clone();
    html(SearchPage {
        chrome,
        q: text,
        groups,
    })
}

#[derive(serde::Serialize)]
pub struct Suggestion {
    id: String,
    title: String,
    /// The bare name, which a filter on the lookup compares with.
    name: String,
}

/// Records of `set` whose number or name starts with (or whose name contains) the text, for the
/// type-ahead of lookup fields. Signed-in users only, and only what they may read.
pub async fn suggest(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(set): Path<String>,
    Query(q): Query<SearchQuery>,
) -> Response {
    let service = &state.service;
    let Ok(table) = service.table_for(&viewer.actor, &set) else {
        return Json(Vec::<Suggestion>::new()).into_response();
    };
    if let Some(e) = control_error(&q.q) {
        return e.into_response();
    }
    let text = q.q.trim();
    if text.is_empty() || table.field("name").is_none() {
        return Json(Vec::<Suggestion>::new()).into_response();
    }
    let quoted = steward_odata::string_literal(text);
    let filter = if table.field("number").is_some() {
        format!(
            "startswith(number,{}) or contains(name,{quoted})",
            quoted.to_uppercase()
        )
    } else {
        format!("contains(name,{quoted})")
    };
    match service
        .titled(&viewer.actor, &table, &filter, "name,id", SUGGESTIONS)
        .await
    {
        Ok(records) => Json(
            records
                .iter()
                .map(|r| Suggestion {
                    id: id_text(r),
                    title: title_of(r),
                    name: r
                        .get("name")
                        .and_then(Value::as_text)
                        .unwrap_or("")
                        .to_string(),
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(e) => error_page(e.into()),
    }
}
