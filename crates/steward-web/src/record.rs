//! Record pages for every table, generated from the model: every field, the records that look up
//! to this one (related lists), notes, and the record's audit history.

use crate::display::{show, text, title_of};
use crate::pages::{error_page, html};
use crate::session::{query, Chrome, Viewer};
use crate::zone::Zone;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Value as Json;
use std::collections::HashMap;
use steward_api::AppState;
use steward_domain::{Record, Value};
use steward_model::{Field, Model, Table};
use steward_odata::{parse_query, Expand};
use steward_service::{Actor, ListRequest, Service};
use uuid::Uuid;

/// Rows shown per related list.
const RELATED_ROWS: u64 = 5;
/// Notes and approvals shown on a record page, newest first.
const REGARDING_ROWS: u64 = 50;

pub struct FieldView {
    pub name: String,
    pub label: String,
    pub text: String,
    pub href: String,
    pub long: bool,
}

pub struct RelatedRow {
    pub href: String,
    pub title: String,
}

pub struct RelatedView {
    pub label: String,
    pub via: String,
    pub total: i64,
    pub rows: Vec<RelatedRow>,
    pub all_href: String,
    pub new_href: String,
}

pub struct ChangeView {
    pub label: String,
    pub old: String,
    pub new: String,
}

pub struct HistoryView {
    /// When, in nanoseconds since the epoch: the timeline's order.
    pub instant: i128,
    pub at: String,
    pub who: String,
    pub action: String,
    pub changes: Vec<ChangeView>,
}

/// One approval of the record, as its approvals list shows it.
pub struct ApprovalLine {
    pub href: String,
    pub stage: String,
    pub reviewer: String,
    /// What the reviewer decides as (Manager, System Owner, Security...).
    pub reviewer_type: String,
    pub status: String,
    pub decided: String,
    pub comments: String,
}

/// The decision form on an approval's own page, for its reviewer while it is pending.
pub struct DecisionForm {
    pub action: String,
    pub version: String,
    pub next: String,
    pub key: String,
}

pub struct NoteView {
    pub instant: i128,
    pub subject: String,
    pub body: String,
    pub author: String,
    pub at: String,
    pub internal: bool,
}

#[derive(Template)]
#[template(path = "record.html")]
pub struct RecordPage {
    pub chrome: Chrome,
    pub area: String,
    pub label: String,
    pub list_href: String,
    pub title: String,
    pub state: String,
    pub edit_href: String,
    pub fields: Vec<FieldView>,
    pub system: Vec<FieldView>,
    pub related: Vec<RelatedView>,
    /// Notes (comments and work notes) and history, newest first, in one list.
    pub timeline: Vec<TimelineItem>,
    pub note_count: usize,
    pub note_href: String,
    pub approvals: Vec<ApprovalLine>,
    pub decision: Option<DecisionForm>,
    /// On an approval: the record it is about, with what the reviewer needs to decide.
    pub subject: Option<crate::portal::Subject>,
    /// A catalog order's answers to its type's questions, by question label.
    pub answers: Vec<(String, crate::list::CellView)>,
    /// A process record's state and the transitions the viewer may take now.
    pub workflow: Option<crate::workflow::WorkflowView>,
    /// On an incident linked to a known error: the problem (title, link) and its workaround.
    pub known_error: Option<(String, String, String)>,
}

/// One entry of a record's timeline: a note or a change of its history.
pub struct TimelineItem {
    pub note: Option<NoteView>,
    pub change: Option<HistoryView>,
}

impl TimelineItem {
    fn instant(&self) -> i128 {
        self.note
            .as_ref()
            .map(|n| n.instant)
            .or(self.change.as_ref().map(|h| h.instant))
            .unwrap_or_default()
    }
}

/// Notes and history merged, newest first; at the same instant a change comes after the note
/// written with it (the newer one reads first).
fn timeline(notes: Vec<NoteView>, history: Vec<HistoryView>) -> Vec<TimelineItem> {
    let mut items: Vec<TimelineItem> = notes
        .into_iter()
        .map(|n| TimelineItem {
            note: Some(n),
            change: None,
        })
        .chain(history.into_iter().map(|h| TimelineItem {
            note: None,
            change: Some(h),
        }))
        .collect();
    // Stable: each source is already newest first.
    items.sort_by_key(|i| std::cmp::Reverse(i.instant()));
    items
}

/// Every lookup of a table expanded to its target's number and name.
pub fn lookups_expanded(model: &Model, table: &Table) -> Vec<Expand> {
    table
        .public_fields()
        .filter_map(|f| {
            let nav = f.navigation_name()?;
            let target = model.table(f.ty.lookup_table()?)?;
            Some(Expand {
                nav: nav.to_string(),
                field: f.name.clone(),
                table: target.name.clone(),
                select: Some(
                    ["number", "name"]
                        .into_iter()
                        .filter(|n| target.field(n).is_some())
                        .map(str::to_string)
                        .collect(),
                ),
            })
        })
        .collect()
}

fn field_view(
    model: &Model,
    zone: &Zone,
    f: &Field,
    record: &Record,
    expanded: &std::collections::BTreeMap<String, Option<Record>>,
) -> FieldView {
    let target = f
        .navigation_name()
        .and_then(|n| expanded.get(n))
        .and_then(|r| r.as_ref());
    let s = show(model, zone, f, record.get(&f.name), target);
    FieldView {
        name: f.name.clone(),
        label: f.label.clone(),
        text: s.text,
        href: s.href.unwrap_or_default(),
        long: matches!(f.ty, steward_model::FieldType::Memo),
    }
}

/// The records of `set` (notes, approvals) about one record, as the viewer may read them (none when
/// they may read none).
async fn regarding(
    service: &Service,
    viewer: &Viewer,
    set: &str,
    table: &Table,
    id: Uuid,
    orderby: &str,
    expand: Option<&str>,
) -> Vec<steward_service::Row> {
    let Ok(view) = service.table_for(&viewer.actor, set) else {
        return Vec::new();
    };
    let mut params = vec![
        (
            "$filter".to_string(),
            format!(
                "regarding_table eq '{}' and regarding_id eq {id}",
                table.name
            ),
        ),
        ("$orderby".to_string(), orderby.to_string()),
        ("$top".to_string(), REGARDING_ROWS.to_string()),
    ];
    if let Some(e) = expand {
        params.push(("$expand".to_string(), e.to_string()));
    }
    let Ok(query) = parse_query(service.model_for(&viewer.actor), &view, &params) else {
        return Vec::new();
    };
    service
        .list(
            &viewer.actor,
            &view,
            &ListRequest {
                query,
                max_page_size: Some(REGARDING_ROWS),
                count_at_most: None,
            },
        )
        .await
        .map(|p| p.rows)
        .unwrap_or_default()
}

/// The approval chain of a record (stage, reviewer, decision, what waits): whoever reads the
/// record follows it; an approval links to its page when the viewer may read it.
async fn approvals(
    service: &Service,
    viewer: &Viewer,
    table: &Table,
    id: Uuid,
) -> Vec<ApprovalLine> {
    let model = service.model();
    let chain = service
        .approval_chain(&viewer.actor, table, id)
        .await
        .unwrap_or_default();
    if chain.is_empty() {
        return Vec::new();
    }
    let readable: std::collections::HashSet<Uuid> =
        regarding(service, viewer, "approvals", table, id, "stage,id", None)
            .await
            .iter()
            .filter_map(|r| r.record.get("id").and_then(Value::as_uuid))
            .collect();
    let reviewers = names(
        service,
        &viewer.actor,
        chain
            .iter()
            .filter_map(|s| s.approval.get("reviewer_id").and_then(Value::as_uuid))
            .collect(),
    )
    .await;
    chain
        .iter()
        .map(|step| {
            let rec = &step.approval;
            let approval = rec.get("id").and_then(Value::as_uuid);
            let kind = text(rec, "reviewer_type");
            let who = rec
                .get("reviewer_id")
                .and_then(Value::as_uuid)
                .and_then(|p| reviewers.get(&p).cloned())
                .unwrap_or_default();
            let status = text(rec, "approval_status");
            ApprovalLine {
                href: approval
                    .filter(|a| readable.contains(a))
                    .map(|a| format!("/app/approvals/{a}"))
                    .unwrap_or_default(),
                stage: rec
                    .get("stage")
                    .and_then(Value::as_int)
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                reviewer: who,
                reviewer_type: if kind.is_empty() {
                    String::new()
                } else {
                    crate::display::label_of(model, "reviewer_type", &kind)
                },
                status: if status == "pending" && !step.open {
                    "Waiting for the stages before it".to_string()
                } else {
                    crate::display::label_of(model, "approval_status", &status)
                },
                decided: match rec.get("decision_date") {
                    Some(Value::DateTime(t)) => viewer.zone.show(*t),
                    _ => String::new(),
                },
                comments: text(rec, "reviewer_comments"),
            }
        })
        .collect()
}

/// Person names by id, for the history and the notes, as the viewer may read them.
async fn names(service: &Service, actor: &Actor, ids: Vec<Uuid>) -> HashMap<Uuid, String> {
    let persons = service.model().table("person").expect("person");
    service
        .titles(actor, persons, &ids)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(id, p)| (id, title_of(&p)))
        .collect()
}

async fn related(service: &Service, actor: &Actor, table: &Table, id: Uuid) -> Vec<RelatedView> {
    let model = service.model();
    let mut out = Vec::new();
    for (other, field) in model.referencing(&table.name) {
        if field.is_system() {
            continue; // created_by / modified_by / owner would list half the database
        }
        let Ok(view) = service.table_for(actor, &other.set) else {
            continue;
        };
        let mut select = vec!["id".to_string()];
        select.extend(
            ["number", "name"]
                .iter()
                .filter(|n| view.field(n).is_some())
                .map(|n| n.to_string()),
        );
        let params = vec![
            ("$select".to_string(), select.join(",")),
            ("$filter".to_string(), format!("{} eq {id}", field.name)),
            ("$top".to_string(), RELATED_ROWS.to_string()),
            ("$count".to_string(), "true".to_string()),
            ("$orderby".to_string(), "created_on desc,id".to_string()),
        ];
        let Ok(q) = parse_query(model, &view, &params) else {
            continue;
        };
        let Ok(page) = service
            .list(
                actor,
                &view,
                &ListRequest {
                    query: q,
                    max_page_size: Some(RELATED_ROWS),
                    count_at_most: None,
                },
            )
            .await
        else {
            continue;
        };
        let rows = page
            .rows
            .iter()
            .filter_map(|r| {
                let rid = r.record.get("id")?.as_uuid()?;
                Some(RelatedRow {
                    href: format!("/app/{}/{rid}", other.set),
                    title: title_of(&r.record),
                })
            })
            .collect();
        let id_text = id.to_string();
        out.push(RelatedView {
            label: other.label.clone(),
            via: field.label.clone(),
            total: page.count.unwrap_or(0),
            rows,
            all_href: format!(
                "/app/{}?{}",
                other.set,
                query(&[
                    ("f", field.name.as_str()),
                    ("o", "eq"),
                    ("v", id_text.as_str())
                ])
            ),
            new_href: format!(
                "/app/{}/new?{}",
                other.set,
                query(&[(field.name.as_str(), id_text.as_str())])
            ),
        });
    }
    out
}

async fn notes(service: &Service, viewer: &Viewer, table: &Table, id: Uuid) -> Vec<NoteView> {
    let actor = &viewer.actor;
    let rows = regarding(
        service,
        viewer,
        "notes",
        table,
        id,
        "created_on desc,id",
        None,
    )
    .await;
    let authors: Vec<Uuid> = rows
        .iter()
        .filter_map(|r| {
            r.record
                .get("author_id")
                .or(r.record.get("created_by_id"))
                .and_then(Value::as_uuid)
        })
        .collect();
    let who = names(service, actor, authors).await;
    rows.iter()
        .map(|r| {
            let rec = &r.record;
            let author = rec
                .get("author_id")
                .or(rec.get("created_by_id"))
                .and_then(Value::as_uuid);
            NoteView {
                instant: match rec.get("created_on") {
                    Some(Value::DateTime(t)) => t.unix_timestamp_nanos(),
                    _ => 0,
                },
                subject: text(rec, "name"),
                body: text(rec, "body"),
                author: author
                    .and_then(|a| who.get(&a).cloned())
                    .unwrap_or_default(),
                at: match rec.get("created_on") {
                    Some(Value::DateTime(t)) => viewer.zone.show(*t),
                    _ => String::new(),
                },
                internal: rec.get("is_internal") == Some(&Value::Bool(true)),
            }
        })
        .collect()
}

fn json_text(v: &Json) -> String {
    match v {
        Json::Null => "—".into(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The record's audit history, newest first, as the viewer may see it.
pub(crate) async fn history(
    service: &Service,
    viewer: &Viewer,
    table: &Table,
    id: Uuid,
) -> Vec<HistoryView> {
    let actor = &viewer.actor;
    let Ok(entries) = service.history(actor, table, id).await else {
        return Vec::new();
    };
    let who = names(
        service,
        actor,
        entries
            .iter()
            .filter_map(|e| Uuid::parse_str(&e.actor_id).ok())
            .collect(),
    )
    .await;
    let model = service.model();
    let changes: Vec<Vec<Json>> = entries
        .iter()
        .map(|e| serde_json::from_str(&e.changes).unwrap_or_default())
        .collect();
    // The records that changed lookups pointed at, by table, shown by name instead of id.
    let mut wanted: HashMap<String, Vec<Uuid>> = HashMap::new();
    for c in changes.iter().flatten() {
        let Some(target) = c["field"]
            .as_str()
            .and_then(|f| table.public_field(f))
            .and_then(|f| f.ty.lookup_table())
        else {
            continue;
        };
        for side in ["old", "new"] {
            if let Some(id) = c[side].as_str().and_then(|s| Uuid::parse_str(s).ok()) {
                wanted.entry(target.to_string()).or_default().push(id);
            }
        }
    }
    let mut looked_up: HashMap<Uuid, Record> = HashMap::new();
    for (target, ids) in wanted {
        if let Some(t) = model.table(&target) {
            if let Ok(found) = service.titles(actor, t, &ids).await {
                looked_up.extend(found);
            }
        }
    }
    // A value as the record page shows it; one the field's type no longer reads stays as stored.
    let shown = |f: &Field, v: &Json| -> String {
        match steward_domain::input::parse_value(model, &f.ty, &f.name, v) {
            Ok(value) if !value.is_null() => {
                let target = value.as_uuid().and_then(|id| looked_up.get(&id));
                show(model, &viewer.zone, f, Some(&value), target).text
            }
            _ => json_text(v),
        }
    };
    entries
        .iter()
        .zip(&changes)
        .rev()
        .map(|(e, changes)| {
            HistoryView {
                instant: e
                    .at
                    .parse::<jiff::Timestamp>()
                    .map_or(0, |t| t.as_nanosecond()),
                at: viewer.zone.show_text(&e.at),
                who: Uuid::parse_str(&e.actor_id)
                    .ok()
                    .and_then(|a| who.get(&a).cloned())
                    .unwrap_or_else(|| e.actor_id.clone()),
                // A transition reads as its name ("resolve"), with its reason and what it
                // acknowledged beside the changes.
                action: changes
                    .iter()
                    .find(|c| c["field"] == "transition")
                    .and_then(|c| c["new"].as_str())
                    .map_or_else(|| e.action.replace('_', " "), |t| t.replace('_', " ")),
                changes: changes
                    .iter()
                    .filter_map(|c| {
                        if c["field"] == "reason" {
                            return Some(ChangeView {
                                label: "Reason".into(),
                                old: json_text(&Json::Null),
                                new: json_text(&c["new"]),
                            });
                        }
                        // Only fields the viewer may see (protected ones are left out).
                        let f = table.public_field(c["field"].as_str()?)?;
                        if f.is_system() {
                            return None;
                        }
                        Some(ChangeView {
                            label: f.label.clone(),
                            old: shown(f, &c["old"]),
                            new: shown(f, &c["new"]),
                        })
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The workaround of the known error an incident is linked to, as the viewer may read it.
async fn known_error(
    service: &Service,
    actor: &Actor,
    table: &Table,
    record: &Record,
) -> Option<(String, String, String)> {
    if table.name != "incident" {
        return None;
    }
    let problem_id = record.get("problem_id").and_then(Value::as_uuid)?;
    let problems = service.table_for(actor, "problems").ok()?;
    let problem = service
        .get(actor, &problems, problem_id, None, &[])
        .await
        .ok()?
        .record;
    if problem.get("known_error") != Some(&Value::Bool(true)) {
        return None;
    }
    let workaround = problem
        .get("workaround")
        .and_then(Value::as_text)?
        .to_string();
    Some((
        title_of(&problem),
        format!("/app/problems/{problem_id}"),
        workaround,
    ))
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((set, id)): Path<(String, String)>,
) -> Response {
    let service = &state.service;
    let model = service.model();
    let table = match service.table_for(&viewer.actor, &set) {
        Ok(t) => t,
        Err(e) => return error_page(e.into()),
    };
    let Ok(id) = Uuid::parse_str(&id) else {
        return crate::pages::not_found().await;
    };
    let expand = lookups_expanded(model, &table);
    let row = match service.get(&viewer.actor, &table, id, None, &expand).await {
        Ok(r) => r,
        Err(e) => return error_page(e.into()),
    };
    let (system, fields): (Vec<&Field>, Vec<&Field>) = table
        .public_fields()
        .filter(|f| f.name != "row_version")
        .partition(|f| f.is_system());
    let fields = fields
        .into_iter()
        .map(|f| field_view(model, &viewer.zone, f, &row.record, &row.expanded))
        .collect();
    let system = system
        .into_iter()
        .map(|f| field_view(model, &viewer.zone, f, &row.record, &row.expanded))
        .collect();
    let title = title_of(&row.record);
    let id_text = id.to_string();
    // The reviewer's, or their delegate's while they stand in for them.
    let pending_for_me = table.name == "approval"
        && row.record.get("approval_status").and_then(Value::as_text) == Some("pending")
        && match row.record.get("reviewer_id").and_then(Value::as_uuid) {
            Some(r) if r == viewer.actor.person_id => true,
            Some(r) => service
                .delegators_of(&viewer.actor)
                .await
                .is_ok_and(|d| d.contains(&r)),
            None => false,
        };
    let decision = pending_for_me.then(|| DecisionForm {
        action: format!("/app/approvals/{id}/decide"),
        version: row
            .record
            .get("row_version")
            .and_then(Value::as_int)
            .unwrap_or(0)
            .to_string(),
        next: format!("/app/approvals/{id}"),
        key: "record".into(),
    });
    // "Assign to me" is offered only to someone the record's team may be assigned to.
    let of_team = match row.record.get("assigned_team_id").and_then(Value::as_uuid) {
        Some(team) => service
            .is_of_team(&viewer.actor, team)
            .await
            .unwrap_or(false),
        None => true,
    };
    let answers = crate::portal::answers(&state, &viewer, &row.record).await;
    let notes = notes(service, &viewer, &table, id).await;
    let subject = if table.name == "approval" {
        crate::portal::subject(&state, &viewer, &row.record).await
    } else {
        None
    };
    html(RecordPage {
        chrome: viewer.chrome(&state, format!("{title} · {}", table.label), &set),
        area: crate::nav::area_of(&table.name).to_string(),
        label: table.label.clone(),
        list_href: format!("/app/{set}"),
        state: crate::display::label_of(
            model,
            "record_state",
            row.record
                .get("state")
                .and_then(Value::as_text)
                .unwrap_or("active"),
        ),
        edit_href: format!("/app/{set}/{id}/edit"),
        fields,
        system,
        related: related(service, &viewer.actor, &table, id).await,
        note_count: notes.len(),
        timeline: timeline(notes, history(service, &viewer, &table, id).await),
        note_href: format!(
            "/app/notes/new?{}",
            query(&[
                ("regarding_table", table.name.as_str()),
                ("regarding_id", id_text.as_str())
            ])
        ),
        approvals: approvals(service, &viewer, &table, id).await,
        decision,
        subject,
        answers,
        workflow: crate::workflow::view(service, model, &viewer, &table, &row.record, of_team),
        known_error: known_error(service, &viewer.actor, &table, &row.record).await,
        title,
    })
}
