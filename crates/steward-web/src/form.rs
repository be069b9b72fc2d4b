//! Create and edit forms for every table, generated from the model: a widget per field type, the
//! server's validation messages next to their field, and a stale edit shown as a conflict with the
//! other person's change. Forms post back to the server and work without JavaScript.

use crate::display::title_of;
use crate::list::Option_;
use crate::pages::{error_page, html, html_status};
use crate::record::{history, lookups_expanded, ChangeView};
use crate::session::{Chrome, Viewer};
use crate::zone::Zone;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde_json::{json, Map, Value as Json};
use steward_api::{ApiError, AppState};
use steward_domain::input::overridable;
use steward_domain::{Record, Value};
use steward_model::{Field, FieldType, Model, Table};
use steward_service::{Actor, Service};
use uuid::Uuid;

pub struct Widget {
    /// The element id (`f-<name>` on a record's form; unique per form on a page of several), and
    /// the key of its error and hint ids (`e-<key>`, `h-<key>`).
    pub id: String,
    pub key: String,
    pub name: String,
    pub label: String,
    /// text, memo, number, money, bool, date, datetime, choice, choices, lookup
    pub kind: &'static str,
    pub value: String,
    pub required: bool,
    pub max: String,
    pub options: Vec<Option_>,
    pub error: String,
    pub hint: String,
    /// For lookups: the id the shown text stands for, and that text, to tell an untouched lookup.
    pub lookup_id: String,
    pub lookup_set: String,
    /// The first field with an error takes the focus, so that a keyboard user lands on it.
    pub focus: bool,
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub chrome: Chrome,
    pub area: String,
    pub label: String,
    pub list_href: String,
    pub heading: String,
    pub action: String,
    pub cancel_href: String,
    pub version: String,
    pub widgets: Vec<Widget>,
    pub error: String,
    pub conflict: String,
    pub conflict_changes: Vec<ChangeView>,
    pub conflict_by: String,
}

/// Fields a person fills in: writable, not computed (unless it may be overridden), not secret,
/// and not owned by a lifecycle (those move through the record's transitions).
pub fn editable(table: &Table) -> impl Iterator<Item = &Field> {
    table
        .fields
        .iter()
        .filter(|f| !f.secret || f.write_only)
        .filter(move |f| {
            !f.read_only
                && !f.workflow
                && (f.derived.is_none() || overridable(table, &f.name))
                && f.name != "id"
        })
}

fn kind_of(ty: &FieldType) -> &'static str {
    match ty {
        FieldType::Text { .. } | FieldType::Uuid => "text",
        FieldType::Memo => "memo",
        FieldType::Int { .. } => "number",
        FieldType::Money => "money",
        FieldType::Bool => "bool",
        FieldType::Date => "date",
        FieldType::DateTime => "datetime",
        FieldType::Choice { .. } => "choice",
        FieldType::Choices { .. } => "choices",
        FieldType::Lookup { .. } => "lookup",
    }
}

/// The value of a stored field as a form shows it.
fn form_value(value: Option<&Value>, ty: &FieldType, zone: &Zone) -> Vec<String> {
    let Some(v) = value.filter(|v| !v.is_null()) else {
        return Vec::new();
    };
    if let Value::DateTime(t) = v {
        return vec![zone.input(*t)]; // what a datetime-local input shows, in the viewer's zone
    }
    match (ty, v.to_json()) {
        (FieldType::Choices { .. }, Json::Array(a)) => a
            .iter()
            .filter_map(|c| c.as_str().map(str::to_string))
            .collect(),
        (_, Json::String(s)) => vec![s],
        (_, Json::Bool(b)) => vec![b.to_string()],
        (_, other) => vec![other.to_string()],
    }
}

pub(crate) fn widget(
    model: &Model,
    zone: &Zone,
    f: &Field,
    values: &[String],
    lookup: Option<(String, String)>,
) -> Widget {
    let first = values.first().cloned().unwrap_or_default();
    let options = match &f.ty {
        FieldType::Choice { set } | FieldType::Choices { set } => {
            let blank = matches!(f.ty, FieldType::Choice { .. }).then(|| Option_ {
                value: String::new(),
                label: "—".into(),
                selected: first.is_empty(),
            });
            blank
                .into_iter()
                .chain(
                    model
                        .choice_set(set)
                        .into_iter()
                        .flat_map(|s| s.choices.iter())
                        .map(|c| Option_ {
                            selected: values.contains(&c.code),
                            value: c.code.clone(),
                            label: c.label.clone(),
                        }),
                )
                .collect()
        }
        FieldType::Bool => [("", "—"), ("true", "Yes"), ("false", "No")]
            .into_iter()
            .map(|(v, l)| Option_ {
                value: v.into(),
                label: l.into(),
                selected: first == v,
            })
            .collect(),
        _ => Vec::new(),
    };
    let (shown, lookup_id) = match lookup {
        Some((id, title)) => (title, id),
        None => (first, String::new()),
    };
    Widget {
        id: format!("f-{}", f.name),
        key: f.name.clone(),
        name: f.name.clone(),
        label: f.label.clone(),
        kind: if f.write_only {
            "password"
        } else {
            kind_of(&f.ty)
        },
        // A secret is never shown, not even back in a form that was refused.
        value: if f.write_only { String::new() } else { shown },
        // A secret is kept when left blank on an edit; the service requires it on create.
        required: f.required && f.default.is_none() && f.derived.is_none() && !f.write_only,
        max: match f.ty {
            FieldType::Text { max } => max.to_string(),
            _ => String::new(),
        },
        options,
        error: String::new(),
        hint: match (&f.ty, &f.description) {
            (FieldType::DateTime, _) => format!("In your time zone, {}", zone.name),
            (FieldType::Lookup { table }, _) => format!(
                "Type the {}'s name{}, or its id",
                model
                    .table(table)
                    .map_or("record".into(), |t| t.label.to_lowercase()),
                if model
                    .table(table)
                    .is_some_and(|t| t.field("number").is_some())
                {
                    " or number"
                } else {
                    ""
                }
            ),
            (_, Some(d)) => d.clone(),
            _ => String::new(),
        },
        lookup_id,
        lookup_set: f
            .ty
            .lookup_table()
            .and_then(|t| model.table(t))
            .map_or(String::new(), |t| t.set.clone()),
        focus: false,
    }
}

/// Widgets for a stored record (or an empty one), lookups shown by their target's title.
fn widgets_for(
    model: &Model,
    zone: &Zone,
    table: &Table,
    record: &Record,
    expanded: &std::collections::BTreeMap<String, Option<Record>>,
) -> Vec<Widget> {
    editable(table)
        .map(|f| {
            let values = form_value(record.get(&f.name), &f.ty, zone);
            let lookup = f
                .navigation_name()
                .and_then(|n| expanded.get(n))
                .and_then(|r| r.as_ref())
                .map(|t| (values.first().cloned().unwrap_or_default(), title_of(t)));
            widget(model, zone, f, &values, lookup)
        })
        .collect()
}

/// Widgets re-filled from what was posted.
fn widgets_from_post(
    model: &Model,
    zone: &Zone,
    table: &Table,
    posted: &[(String, String)],
) -> Vec<Widget> {
    editable(table)
        .map(|f| {
            let values: Vec<String> = posted
                .iter()
                .filter(|(k, _)| *k == f.name)
                .map(|(_, v)| v.clone())
                .collect();
            let lookup = matches!(f.ty, FieldType::Lookup { .. }).then(|| {
                let get = |k: String| {
                    posted
                        .iter()
                        .find(|(n, _)| *n == k)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                let id = get(format!("{}__id", f.name));
                let shown = values.first().cloned().unwrap_or_default();
                (
                    if shown == get(format!("{}__was", f.name)) {
                        id
                    } else {
                        String::new()
                    },
                    shown,
                )
            });
            widget(model, zone, f, &values, lookup)
        })
        .collect()
}

/// The id a lookup's text names: an id, or exactly one record with that number or name.
async fn resolve(
    service: &Service,
    actor: &Actor,
    f: &Field,
    text: &str,
) -> Result<Option<String>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if Uuid::parse_str(text).is_ok() {
        return Ok(Some(text.to_string()));
    }
    let model = service.model();
    let target = model
        .table(f.ty.lookup_table().expect("a lookup"))
        .expect("lookup targets exist");
    let view = service
        .table_for(actor, &target.set)
        .map_err(|_| "not readable".to_string())?;
    let quoted = steward_odata::string_literal(text);
    let filter = if view.field("number").is_some() {
        format!("number eq {quoted} or name eq {quoted}")
    } else {
        format!("name eq {quoted}")
    };
    let found = service
        .titled(actor, &view, &filter, "id", 2)
        .await
        .map_err(|e| ApiError::from(e).message)?;
    let label = target.label.to_lowercase();
    match found.as_slice() {
        [one] => Ok(one
            .get("id")
            .and_then(Value::as_uuid)
            .map(|u| u.to_string())),
        [] => Err(format!("there is no {label} named '{text}'")),
        _ => Err(format!(
            "several {label} records are named '{text}'; give its number or id"
        )),
    }
}

/// The JSON body of a posted form, or a 422 whose details name the fields (lookups that name no
/// record). `before` is the stored record on an edit: only fields whose value changed are sent.
async fn body_of(
    service: &Service,
    viewer: &Viewer,
    table: &Table,
    posted: &[(String, String)],
    before: Option<&Record>,
) -> Result<Map<String, Json>, ApiError> {
    body_of_fields(service, viewer, editable(table).collect(), posted, before).await
}

/// The JSON body for these fields from a posted form (a transition's parameters, or a record's
/// editable fields): values typed as the API takes them, lookups resolved from their text.
pub(crate) async fn body_of_fields(
    service: &Service,
    viewer: &Viewer,
    fields: Vec<&Field>,
    posted: &[(String, String)],
    before: Option<&Record>,
) -> Result<Map<String, Json>, ApiError> {
    let mut body = Map::new();
    let mut errors = Vec::new();
    for f in fields {
        let values: Vec<&str> = posted
            .iter()
            .filter(|(k, _)| *k == f.name)
            .map(|(_, v)| v.as_str())
            .collect();
        let present = !values.is_empty()
            || posted
                .iter()
                .any(|(k, _)| *k == format!("{}__present", f.name));
        if before.is_some() && !present {
            continue; // a field the form did not carry stays as it is
        }
        let first = values.first().copied().unwrap_or("").trim();
        if f.write_only && first.is_empty() {
            continue; // a secret left blank stays as it is (it is never shown to be edited)
        }
        let value = match &f.ty {
            FieldType::Choices { .. } => {
                json!(values.iter().filter(|v| !v.is_empty()).collect::<Vec<_>>())
            }
            _ if first.is_empty() => Json::Null,
            FieldType::Bool => json!(first == "true"),
            FieldType::Int { .. } => first
                .parse::<i64>()
                .map_or_else(|_| json!(first), |n| json!(n)),
            FieldType::Money => first
                .parse::<f64>()
                .map_or_else(|_| json!(first), |n| json!(n)),
            // Typed in the viewer's zone; anything else goes on for the parser to explain.
            FieldType::DateTime => viewer.zone.to_utc(first).map_or(json!(first), |u| json!(u)),
            FieldType::Lookup { .. } => {
                let get = |k: String| {
                    posted
                        .iter()
                        .find(|(n, _)| *n == k)
                        .map(|(_, v)| v.as_str())
                        .unwrap_or("")
                };
                if first == get(format!("{}__was", f.name))
                    && !get(format!("{}__id", f.name)).is_empty()
                {
                    json!(get(format!("{}__id", f.name)))
                } else {
                    match resolve(service, &viewer.actor, f, first).await {
                        Ok(id) => json!(id),
                        Err(e) => {
                            errors.push((f.name.clone(), e));
                            continue;
                        }
                    }
                }
            }
            _ => json!(first),
        };
        match before {
            None if value.is_null() || value == json!([]) => {}
            None => {
                body.insert(f.name.clone(), value);
            }
            Some(b) => {
                let old = b.get(&f.name).map_or(Json::Null, Value::to_json);
                let same = old == value
                    || (matches!(f.ty, FieldType::DateTime)
                        && old
                            .as_str()
                            .zip(value.as_str())
                            .is_some_and(|(o, n)| o.get(0..16) == n.get(0..16)))
                    || (matches!(f.ty, FieldType::Money)
                        && old.as_f64().is_some()
                        && old.as_f64() == value.as_f64())
                    || (old.is_null() && value == json!([]));
                if !same {
                    body.insert(f.name.clone(), value);
                }
            }
        }
    }
    if errors.is_empty() {
        return Ok(body);
    }
    let mut e = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_value",
        "the form has values that name no record",
    );
    e.details = errors
        .into_iter()
        .map(|(field, message)| ("invalid_value".to_string(), message, Some(field)))
        .collect();
    Err(e)
}

/// Put the service's errors next to their fields; the rest go on top.
fn place_errors(widgets: &mut [Widget], e: &ApiError) -> String {
    let mut general = Vec::new();
    let mut all: Vec<(Option<String>, String)> = e
        .details
        .iter()
        .map(|(_, m, t)| (t.clone(), m.clone()))
        .collect();
    if all.is_empty() {
        all.push((e.target.clone(), e.message.clone()));
    }
    for (target, message) in all {
        match target.and_then(|t| widgets.iter_mut().find(|w| w.name == t)) {
            Some(w) => {
                if !w.error.is_empty() {
                    w.error.push_str("; ");
                }
                w.error.push_str(&message);
            }
            None => general.push(message),
        }
    }
    if let Some(w) = widgets.iter_mut().find(|w| !w.error.is_empty()) {
        w.focus = true;
    }
    if general.is_empty() {
        "The record was not saved: correct the fields marked below.".into()
    } else {
        general.join(" ")
    }
}

fn csrf_of(posted: &[(String, String)]) -> Option<&str> {
    posted
        .iter()
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v.as_str())
}

fn form_page(
    viewer: &Viewer,
    state: &AppState,
    table: &Table,
    heading: String,
    action: String,
    cancel: String,
) -> FormPage {
    FormPage {
        chrome: viewer.chrome(state, heading.clone(), &table.set),
        area: crate::nav::area_of(&table.name).to_string(),
        label: table.label.clone(),
        list_href: format!("/app/{}", table.set),
        heading,
        action,
        cancel_href: cancel,
        version: String::new(),
        widgets: Vec::new(),
        error: String::new(),
        conflict: String::new(),
        conflict_changes: Vec::new(),
        conflict_by: String::new(),
    }
}

/// The frame of a create form.
fn new_form(viewer: &Viewer, state: &AppState, table: &Table) -> FormPage {
    let set = &table.set;
    form_page(
        viewer,
        state,
        table,
        format!("New {}", table.label),
        format!("/app/{set}/new"),
        format!("/app/{set}"),
    )
}

/// The frame of an edit form for `record`.
fn edit_form(viewer: &Viewer, state: &AppState, table: &Table, record: &Record) -> FormPage {
    let set = &table.set;
    let id = record
        .get("id")
        .and_then(Value::as_uuid)
        .expect("records have ids");
    form_page(
        viewer,
        state,
        table,
        format!("Edit {}", title_of(record)),
        format!("/app/{set}/{id}/edit"),
        format!("/app/{set}/{id}"),
    )
}

pub async fn new_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(set): Path<String>,
    Query(prefill): Query<Vec<(String, String)>>,
) -> Response {
    let service = &state.service;
    let table = match service.table_for(&viewer.actor, &set) {
        Ok(t) => t,
        Err(e) => return error_page(e.into()),
    };
    let mut p = new_form(&viewer, &state, &table);
    // Values given in the address (from a related list's "New" link) fill the form.
    let mut record = Record::new();
    for f in editable(&table) {
        if let Some((_, v)) = prefill.iter().find(|(k, _)| *k == f.name) {
            record.insert(
                f.name.clone(),
                match f.ty {
                    FieldType::Lookup { .. } | FieldType::Uuid => {
                        Uuid::parse_str(v).map_or(Value::Null, Value::Uuid)
                    }
                    _ => Value::Text(v.clone()),
                },
            );
        }
    }
    let mut expanded = std::collections::BTreeMap::new();
    for f in editable(&table) {
        if let (Some(Value::Uuid(id)), Some(nav), Some(target)) = (
            record.get(&f.name),
            f.navigation_name(),
            f.ty.lookup_table(),
        ) {
            let target = service.model().table(target).expect("lookup targets exist");
            if let Ok(view) = service.table_for(&viewer.actor, &target.set) {
                if let Ok(row) = service.get(&viewer.actor, &view, *id, None, &[]).await {
                    expanded.insert(nav.to_string(), Some(row.record));
                }
            }
        }
    }
    p.widgets = widgets_for(service.model(), &viewer.zone, &table, &record, &expanded);
    html(p)
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(set): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(r) = viewer.check_csrf(csrf_of(&posted)) {
        return r;
    }
    let service = &state.service;
    let table = match service.table_for(&viewer.actor, &set) {
        Ok(t) => t,
        Err(e) => return error_page(e.into()),
    };
    let mut p = new_form(&viewer, &state, &table);
    p.widgets = widgets_from_post(service.model(), &viewer.zone, &table, &posted);
    let created = match body_of(service, &viewer, &table, &posted, None).await {
        Ok(body) => service
            .create(viewer.actor.clone(), &table, &body)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match created {
        Ok(record) => {
            let id = record
                .get("id")
                .and_then(Value::as_uuid)
                .expect("created records have ids");
            Redirect::to(&format!("/app/{set}/{id}")).into_response()
        }
        Err(e) => {
            p.error = place_errors(&mut p.widgets, &e);
            html_status(e.status, p)
        }
    }
}

async fn load(
    service: &Service,
    actor: &Actor,
    set: &str,
    id: &str,
) -> Result<(Table, steward_service::Row), Response> {
    let table = service
        .table_for(actor, set)
        .map_err(|e| error_page(e.into()))?;
    let id = Uuid::parse_str(id).map_err(|_| {
        error_page(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "there is no such record",
        ))
    })?;
    let expand = lookups_expanded(service.model(), &table);
    let row = service
        .get(actor, &table, id, None, &expand)
        .await
        .map_err(|e| error_page(e.into()))?;
    Ok((table, row))
}

fn version_of(record: &Record) -> String {
    record
        .get("row_version")
        .and_then(Value::as_int)
        .unwrap_or(0)
        .to_string()
}

pub async fn edit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((set, id)): Path<(String, String)>,
) -> Response {
    let service = &state.service;
    let (table, row) = match load(service, &viewer.actor, &set, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut p = edit_form(&viewer, &state, &table, &row.record);
    p.version = version_of(&row.record);
    p.widgets = widgets_for(
        service.model(),
        &viewer.zone,
        &table,
        &row.record,
        &row.expanded,
    );
    html(p)
}

pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((set, id)): Path<(String, String)>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(r) = viewer.check_csrf(csrf_of(&posted)) {
        return r;
    }
    let service = &state.service;
    let (table, row) = match load(service, &viewer.actor, &set, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let record_id = row.record.get("id").and_then(Value::as_uuid).expect("ids");
    let mut p = edit_form(&viewer, &state, &table, &row.record);
    p.widgets = widgets_from_post(service.model(), &viewer.zone, &table, &posted);
    let posted_version: Option<i64> = posted
        .iter()
        .find(|(k, _)| k == "_version")
        .and_then(|(_, v)| v.parse().ok());
    p.version = posted_version.map(|v| v.to_string()).unwrap_or_default();
    let updated = match body_of(service, &viewer, &table, &posted, Some(&row.record)).await {
        Ok(body) => service
            .update(
                viewer.actor.clone(),
                &table,
                record_id,
                &body,
                posted_version,
            )
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match updated {
        Ok(_) => Redirect::to(&format!("/app/{set}/{id}")).into_response(),
        Err(e) => {
            if e.status == StatusCode::PRECONDITION_FAILED {
                // Someone saved first: show their change (the newest history entry), keep what
                // this person typed, and let a second save overwrite knowingly (the form now
                // carries the new version).
                p.version = version_of(&row.record);
                if let Some(last) = history(service, &viewer, &table, record_id)
                    .await
                    .into_iter()
                    .next()
                {
                    p.conflict_by = format!("{} at {}", last.who, last.at);
                    p.conflict_changes = last.changes;
                }
                p.conflict = "Someone else saved this record after you opened it. Their change is shown below; your values are kept in the form. Save again to replace their values with yours, or cancel to keep theirs.".into();
                return html_status(StatusCode::CONFLICT, p);
            }
            p.error = place_errors(&mut p.widgets, &e);
            html_status(e.status, p)
        }
    }
}
