//! Team queues: a team's open work, table by table, unassigned first (oldest first, as a desk
//! works it), then what its people hold. A team is an organization unit; a record is in its queue
//! while it is assigned to the team and its state is not one of its lifecycle's done states. Every
//! read is the list use case as the viewer, so a queue shows only what the viewer may read.

use crate::dashboard::open_work;
use crate::display::text;
use crate::list::{row_views, Condition, ListView, RowView};
use crate::pages::{error_page, html};
use crate::portal::rows;
use crate::session::Viewer;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use steward_api::{ApiError, AppState};
use steward_domain::Value;
use steward_model::Table;
use uuid::Uuid;

/// The queues' address.
pub const QUEUES_PATH: &str = "/app/queues";
/// Rows shown per part of a queue; the rest are a link away.
const QUEUE_ROWS: u64 = 50;
/// Teams offered in the chooser.
const TEAMS_SHOWN: u64 = 500;

/// One part of a table's queue: its unassigned or its assigned records.
pub struct QueuePart {
    pub heading: String,
    pub columns: Vec<String>,
    pub rows: Vec<RowView>,
    pub total: i64,
    pub list_href: String,
    pub empty: String,
}

/// One table's queue for the team.
pub struct TableQueue {
    pub id: String,
    pub label: String,
    pub parts: Vec<QueuePart>,
}

pub struct TeamOption {
    pub id: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "queues.html")]
pub struct QueuesPage {
    pub chrome: crate::session::Chrome,
    pub team_name: String,
    pub teams: Vec<TeamOption>,
    pub queues: Vec<TableQueue>,
    pub open_total: i64,
}

/// The tables whose records a team works: a lifecycle, a team and a person to assign.
fn queue_tables(state: &AppState, viewer: &Viewer) -> Vec<Table> {
    let service = &state.service;
    service
        .model()
        .tables
        .iter()
        .filter(|t| service.lifecycle(&t.name).is_some())
        .filter(|t| {
            let lookup = |f: &str, to: &str| {
                t.public_field(f)
                    .and_then(|f| f.ty.lookup_table())
                    .is_some_and(|target| target == to)
            };
            lookup("assigned_team_id", "organization_unit") && lookup("assigned_to_id", "person")
        })
        .filter_map(|t| service.table_for(&viewer.actor, &t.set).ok())
        .collect()
}

fn cond(field: &str, op: &str, value: &str) -> Condition {
    Condition {
        field: field.into(),
        op: op.into(),
        value: value.into(),
    }
}

/// The columns a queue shows, of those the table has.
fn columns(table: &Table, status: &str, assigned: bool) -> Vec<String> {
    let mut cols = vec!["number", "name", status, "priority"];
    if assigned {
        cols.push("assigned_to_id");
    }
    cols.extend(["due_on", "created_on"]);
    cols.into_iter()
        .filter(|c| table.public_field(c).is_some())
        .map(str::to_string)
        .collect()
}

async fn part(
    state: &AppState,
    viewer: &Viewer,
    table: &Table,
    team: Uuid,
    assigned: bool,
) -> Result<QueuePart, Response> {
    let service = &state.service;
    let status = service
        .lifecycle(&table.name)
        .map(|l| l.field.clone())
        .unwrap_or_default();
    let cols = columns(table, &status, assigned);
    let mut conditions = vec![
        cond("assigned_team_id", "eq", &team.to_string()),
        cond(
            "assigned_to_id",
            if assigned { "notnull" } else { "null" },
            "",
        ),
    ];
    conditions.extend(open_work(service, &table.name));
    let view = ListView {
        columns: cols.clone(),
        sort: Some(("created_on".into(), false)),
        page: 0,
        conditions,
    };
    let filter = view
        .filter(table, &viewer.zone)
        .map_err(|e| {
            error_page(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!("a queue's filter is wrong: {e}"),
            ))
        })?
        .unwrap_or_default();
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let (table, found, total) = rows(
        state,
        viewer,
        &table.set,
        &col_refs,
        &filter,
        "created_on asc,id asc",
        QUEUE_ROWS,
    )
    .await?;
    let labels = cols
        .iter()
        .filter_map(|c| table.public_field(c))
        .map(|f| f.label.clone())
        .collect();
    Ok(QueuePart {
        heading: if assigned { "Assigned" } else { "Unassigned" }.into(),
        columns: labels,
        rows: row_views(service.model(), &viewer.zone, &table, &cols, &found),
        total,
        list_href: view.href(&table.set, |_| {}),
        empty: if assigned {
            "Nobody in the team holds open work here."
        } else {
            "Nothing waits for someone to take it."
        }
        .into(),
    })
}

/// The organization units the viewer may read, by name, for the chooser; the team shown is among
/// them even when it is past the first [`TEAMS_SHOWN`].
async fn teams(state: &AppState, viewer: &Viewer, team: Uuid) -> (Vec<TeamOption>, String) {
    let name_of = |r: &steward_domain::Record| text(r, "name");
    let mut options: Vec<TeamOption> = match rows(
        state,
        viewer,
        "organization_units",
        &["name"],
        "",
        "name asc,id asc",
        TEAMS_SHOWN,
    )
    .await
    {
        Ok((_, found, _)) => found
            .iter()
            .filter_map(|r| {
                let id = r.record.get("id").and_then(Value::as_uuid)?;
                Some(TeamOption {
                    id: id.to_string(),
                    name: name_of(&r.record),
                    selected: id == team,
                })
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    if team.is_nil() {
        return (options, String::new());
    }
    let mut team_name = options.iter().find(|o| o.selected).map(|o| o.name.clone());
    if team_name.is_none() {
        if let Ok(t) = state.service.table_for(&viewer.actor, "organization_units") {
            if let Ok(r) = state.service.get(&viewer.actor, &t, team, None, &[]).await {
                let name = name_of(&r.record);
                options.insert(
                    0,
                    TeamOption {
                        id: team.to_string(),
                        name: name.clone(),
                        selected: true,
                    },
                );
                team_name = Some(name);
            }
        }
    }
    (options, team_name.unwrap_or_else(|| "this team".into()))
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    let asked = params
        .iter()
        .find(|(k, _)| k == "team")
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty());
    let team = match asked {
        Some(v) => match v.parse::<Uuid>() {
            Ok(id) => id,
            Err(_) => {
                return error_page(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_parameter",
                    format!("The 'team' parameter '{v}' is not the id of an organization unit."),
                ))
            }
        },
        // By default the viewer's own unit; someone in none chooses.
        None => match viewer.actor.units.first() {
            Some(u) => *u,
            None => {
                let (teams, _) = teams(&state, &viewer, Uuid::nil()).await;
                return html(QueuesPage {
                    chrome: viewer.chrome(&state, "Team queues", "team_queues"),
                    team_name: String::new(),
                    teams,
                    queues: Vec::new(),
                    open_total: 0,
                });
            }
        },
    };
    let (teams, team_name) = teams(&state, &viewer, team).await;
    let mut queues = Vec::new();
    let mut open_total = 0;
    for table in queue_tables(&state, &viewer) {
        let mut parts = Vec::new();
        for assigned in [false, true] {
            match part(&state, &viewer, &table, team, assigned).await {
                Ok(p) => {
                    open_total += p.total;
                    parts.push(p);
                }
                Err(resp) => return resp,
            }
        }
        queues.push(TableQueue {
            id: table.set.clone(),
            label: table.label.clone(),
            parts,
        });
    }
    html(QueuesPage {
        chrome: viewer.chrome(&state, format!("Queue of {team_name}"), "team_queues"),
        team_name,
        teams,
        queues,
        open_total,
    })
}
