//! The agent's side of a lifecycle on a record's page: its state as a badge and the transitions the
//! viewer may take now, each a small form of its parameters that works without JavaScript (a
//! `<details>` that opens on Enter), posted to `/app/{set}/{id}/do/{transition}`.

use crate::form::{body_of_fields, widget, Widget};
use crate::list::Option_;
use crate::pages::error_page;
use crate::session::Viewer;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde_json::Value as Json;
use steward_api::{ApiError, AppState};
use steward_domain::{Record, Value};
use steward_model::{Model, Table};
use steward_service::Service;
use uuid::Uuid;

/// One transition the viewer may take, as a form.
pub struct TransitionForm {
    pub name: String,
    pub label: String,
    pub action: String,
    pub widgets: Vec<Widget>,
    pub reason: bool,
    /// The correction: a choice of the state to put the record in.
    pub states: Vec<Option_>,
    /// Whether it needs anything typed (else it is one button).
    pub asks: bool,
    /// A change's schedule: a box to schedule despite collisions.
    pub acknowledges: bool,
    /// The viewer's own person id, when the transition assigns (`assigned_to_id`) and the record
    /// is not theirs yet: a one-click "to me" beside the form.
    pub assign_to_me: Option<String>,
}

/// A process record's lifecycle as its page shows it.
pub struct WorkflowView {
    pub field_label: String,
    pub state: String,
    pub transitions: Vec<TransitionForm>,
    pub version: String,
}

fn posted_value(posted: &[(String, String)], name: &str) -> String {
    posted
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

/// The lifecycle card of a record, when its table has a lifecycle.
pub fn view(
    service: &Service,
    model: &Model,
    viewer: &Viewer,
    table: &Table,
    record: &Record,
    of_team: bool,
) -> Option<WorkflowView> {
    let lifecycle = service.lifecycle(&table.name)?;
    let id = record.get("id").and_then(Value::as_uuid)?;
    let state = lifecycle.state_of(record).to_string();
    let set_label =
        |code: &str| crate::display::label_of(model, choice_set(table, &lifecycle.field), code);
    let transitions = service
        .available_to(&viewer.actor, table, lifecycle, record)
        .into_iter()
        // An approval's decision has its own form beside what is decided (`parts/decide.html`).
        .filter(|a| !(table.name == "approval" && matches!(a.name.as_str(), "approve" | "reject")))
        .map(|a| {
            let widgets: Vec<Widget> = a
                .params
                .iter()
                .filter_map(|p| table.field(p))
                .map(|f| {
                    let mut w = widget(model, &viewer.zone, f, &[], None);
                    w.id = format!("t-{}-{}", a.name, f.name);
                    w.key = format!("t-{}-{}", a.name, f.name);
                    w.required = a.required.contains(&f.name);
                    w
                })
                .collect();
            let states = if a.chooses_state() {
                lifecycle
                    .states
                    .iter()
                    .map(|s| Option_ {
                        value: s.clone(),
                        label: set_label(s),
                        selected: *s == state,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let me = viewer.actor.person_id;
            let assign_to_me = (of_team
                && a.params.iter().any(|p| p == "assigned_to_id")
                && !a.reason
                && a.required.iter().all(|r| r == "assigned_to_id")
                && record.get("assigned_to_id").and_then(Value::as_uuid) != Some(me))
            .then(|| me.to_string());
            TransitionForm {
                assign_to_me,
                asks: !widgets.is_empty() || a.reason || a.chooses_state(),
                acknowledges: a.acknowledges(),
                action: format!("/app/{}/{id}/do/{}", table.set, a.name),
                name: a.name.clone(),
                label: a.label.clone(),
                widgets,
                reason: a.reason,
                states,
            }
        })
        .collect();
    Some(WorkflowView {
        field_label: table
            .field(&lifecycle.field)
            .map_or(String::new(), |f| f.label.clone()),
        state: set_label(&state),
        transitions,
        version: record
            .get("row_version")
            .and_then(Value::as_int)
            .unwrap_or(0)
            .to_string(),
    })
}

fn choice_set<'t>(table: &'t Table, field: &str) -> &'t str {
    table
        .field(field)
        .and_then(|f| f.ty.choice_set())
        .unwrap_or_default()
}

/// `POST /app/{set}/{id}/do/{transition}`: take it, then back to the record.
pub async fn take(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((set, id, name)): Path<(String, String, String)>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(r) = viewer.check_csrf(Some(&posted_value(&posted, "_csrf"))) {
        return r;
    }
    let service = &state.service;
    let table = match service.table_for(&viewer.actor, &set) {
        Ok(t) => t,
        Err(e) => return error_page(e.into()),
    };
    let Ok(id) = Uuid::parse_str(&id) else {
        return crate::pages::not_found().await;
    };
    let params = match params_of(service, &viewer, &table, &name, &posted).await {
        Ok(p) => p,
        Err(e) => return error_page(e),
    };
    let version = posted_value(&posted, "_version").parse().ok();
    match service
        .transition(&viewer.actor, &table, id, &name, &params, version)
        .await
    {
        Ok(_) => Redirect::to(&format!("/app/{set}/{id}")).into_response(),
        Err(e) => {
            let mut e = ApiError::from(e);
            if e.status == axum::http::StatusCode::PRECONDITION_FAILED {
                e.message = "This record changed since you opened it. Go back and reload the page before you try again.".into();
            }
            error_page(e)
        }
    }
}

/// The transition's parameters from the posted form: its fields (typed and resolved like a
/// record's form), the reason and a correction's state; empty values are left out, so that the
/// service names what is missing.
async fn params_of(
    service: &Service,
    viewer: &Viewer,
    table: &Table,
    name: &str,
    posted: &[(String, String)],
) -> Result<serde_json::Map<String, Json>, ApiError> {
    let operation = service
        .lifecycle(&table.name)
        .and_then(|l| l.operation(name));
    let fields = operation
        .iter()
        .flat_map(|o| &o.params)
        .filter_map(|p| table.field(p))
        .collect();
    let mut params = body_of_fields(service, viewer, fields, posted, None).await?;
    for extra in ["reason", "state"] {
        let v = posted_value(posted, extra);
        if !v.is_empty() {
            params.insert(extra.into(), Json::String(v));
        }
    }
    if posted_value(posted, "acknowledge_collisions") == "true" {
        params.insert("acknowledge_collisions".into(), Json::Bool(true));
    }
    Ok(params)
}
