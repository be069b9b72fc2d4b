//! The home dashboard: counts of the viewer's own work, and charts drawn as SVG on the server. Each
//! bar segment is a list view (conditions of the filter builder): its count is taken with that
//! view's own filter and its link opens that view, so a bar always counts exactly the list it opens.
//! What a viewer sees follows their roles: a chart of a table they may not read is left out, and the
//! counts are of the rows they may read (a requester's "open requests" are their own).

use crate::display::label_of;
use crate::list::{default_columns, Condition, ListView};
use crate::pages::html;
use crate::session::{Chrome, Viewer};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use steward_api::AppState;
use steward_domain::Value;
use steward_model::Table;
use steward_odata::parse_query;
use steward_service::{Depth, Privilege, Service};

fn cond(field: &str, op: &str, value: &str) -> Condition {
    Condition {
        field: field.into(),
        op: op.into(),
        value: value.into(),
    }
}

fn not_in(field: &str, codes: &[&str]) -> Vec<Condition> {
    codes.iter().map(|c| cond(field, "ne", c)).collect()
}

/// The conditions of a table's open work: its status in none of its lifecycle's done states.
pub(crate) fn open_work(service: &Service, table: &str) -> Vec<Condition> {
    service
        .lifecycle(table)
        .map(|l| l.done.iter().map(|d| cond(&l.field, "ne", d)).collect())
        .unwrap_or_default()
}

/// One coloured part of a bar.
pub struct Segment {
    pub x: String,
    pub width: String,
    pub class: String,
    pub href: String,
    pub label: String,
}

/// One row of a chart: its label and total in HTML (readable at any width), its segments as an SVG
/// bar whose length is the row's share of the largest row.
pub struct Bar {
    pub label: String,
    pub total: i64,
    /// The bar's length, in percent of the widest bar.
    pub length: String,
    pub segments: Vec<Segment>,
}

pub struct LegendItem {
    pub label: String,
    pub class: String,
}

pub struct Chart {
    pub id: String,
    pub title: String,
    pub note: String,
    pub bars: Vec<Bar>,
    pub legend: Vec<LegendItem>,
    pub total: i64,
}

/// A number to show with a link: the viewer's own work.
pub struct Tile {
    pub label: String,
    pub count: i64,
    pub href: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    tiles: Vec<Tile>,
    charts: Vec<Chart>,
}

/// What a chart draws: rows of a list, each split by the values of one choice field.
struct ChartSpec<'a> {
    id: &'a str,
    title: &'a str,
    note: String,
    table: &'a str,
    rows: Vec<(String, Vec<Condition>)>,
    series: &'a str,
}

/// Colours of a chart's series (CSS classes `s0`..`s7`; the last is for "not set").
const SERIES_CLASSES: usize = 8;

struct Ctx<'a> {
    service: &'a Service,
    viewer: &'a Viewer,
}

impl Ctx<'_> {
    fn readable(&self, table: &str) -> Option<Table> {
        let t = self.service.model().table(table)?;
        (self.viewer.actor.permissions.depth(table, Privilege::Read) != Depth::None)
            .then(|| self.service.table_for(&self.viewer.actor, &t.set).ok())
            .flatten()
    }

    fn view(&self, table: &Table, conditions: Vec<Condition>) -> ListView {
        ListView {
            columns: default_columns(table),
            sort: None,
            page: 0,
            conditions,
        }
    }

    /// The filter of a list view, parsed as the list page parses it.
    fn filter(&self, table: &Table, view: &ListView) -> Option<steward_odata::Expr> {
        let text = view.filter(table, &self.viewer.zone).ok()??;
        parse_query(
            self.service.model(),
            table,
            &[("$filter".to_string(), text)],
        )
        .ok()?
        .filter
    }

    async fn count(&self, table: &Table, conditions: Vec<Condition>) -> Option<Tile> {
        let view = self.view(table, conditions);
        let filter = self.filter(table, &view);
        let count = self
            .service
            .count(&self.viewer.actor, table, filter.as_ref(), None)
            .await
            .ok()?;
        Some(Tile {
            label: String::new(),
            count,
            href: view.href(&table.set, |_| {}),
        })
    }

    async fn chart(&self, spec: ChartSpec<'_>) -> Option<Chart> {
        let table = self.readable(spec.table)?;
        let model = self.service.model();
        let field = table.public_field(spec.series)?;
        let set_name = field.ty.choice_set()?;
        let codes: Vec<String> = model
            .choice_set(set_name)?
            .choices
            .iter()
            .map(|c| c.code.clone())
            .collect();
        let mut counted = Vec::new();
        for (label, conditions) in spec.rows {
            let view = self.view(&table, conditions);
            let filter = self.filter(&table, &view);
            let groups = self
                .service
                .count_by(&self.viewer.actor, &table, filter.as_ref(), &[spec.series])
                .await
                .ok()?;
            let mut by_code: Vec<(Option<String>, i64)> = groups
                .into_iter()
                .map(|(r, n)| {
                    (
                        r.get(spec.series)
                            .and_then(Value::as_text)
                            .map(str::to_string),
                        n,
                    )
                })
                .collect();
            // In the choice set's order, "not set" last.
            by_code.sort_by_key(|(c, _)| {
                c.as_ref()
                    .and_then(|c| codes.iter().position(|x| x == c))
                    .unwrap_or(usize::MAX)
            });
            counted.push((label, view, by_code));
        }
        let max = counted
            .iter()
            .map(|(_, _, g)| g.iter().map(|(_, n)| n).sum::<i64>())
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        let mut legend: Vec<LegendItem> = Vec::new();
        let mut bars = Vec::new();
        let mut total = 0;
        for (label, view, groups) in counted {
            let row_total: i64 = groups.iter().map(|(_, n)| n).sum();
            // Segments are laid out in the bar's own units: 0..100 is the whole bar.
            let mut x = 0.0;
            let mut segments = Vec::new();
            for (code, n) in &groups {
                let series_label = code
                    .as_ref()
                    .map_or("Not set".to_string(), |c| label_of(model, set_name, c));
                let class = format!(
                    "s{}",
                    code.as_ref()
                        .and_then(|c| codes.iter().position(|x| x == c))
                        .map_or(SERIES_CLASSES - 1, |p| p % (SERIES_CLASSES - 1))
                );
                if !legend.iter().any(|l| l.label == series_label) {
                    legend.push(LegendItem {
                        label: series_label.clone(),
                        class: class.clone(),
                    });
                }
                let w = *n as f64 * 100.0 / row_total.max(1) as f64;
                let href = view.href(&table.set, |v| {
                    v.conditions.push(match code {
                        Some(c) => cond(spec.series, "eq", c),
                        None => cond(spec.series, "null", ""),
                    })
                });
                segments.push(Segment {
                    x: format!("{x:.2}"),
                    width: format!("{w:.2}"),
                    class,
                    href,
                    label: format!("{label}, {series_label}: {n}"),
                });
                x += w;
            }
            total += row_total;
            bars.push(Bar {
                label,
                total: row_total,
                length: format!("{:.1}", row_total as f64 * 100.0 / max),
                segments,
            });
        }
        // The legend in the series' own order, as the segments are.
        legend.sort_by_key(|l| {
            codes
                .iter()
                .position(|c| label_of(model, set_name, c) == l.label)
                .unwrap_or(usize::MAX)
        });
        Some(Chart {
            id: spec.id.to_string(),
            title: spec.title.to_string(),
            note: spec.note,
            bars,
            legend,
            total,
        })
    }
}

/// Rows of date buckets: `(label, from day, to day)` from today, on a date or datetime field.
fn buckets(
    field: &str,
    days: &[(&str, Option<i64>, Option<i64>)],
    zone: &crate::zone::Zone,
) -> Vec<(String, Vec<Condition>)> {
    days.iter()
        .map(|(label, from, to)| {
            let mut c = Vec::new();
            if let Some(f) = from {
                c.push(cond(field, "ge", &zone.day(*f)));
            }
            if let Some(t) = to {
                c.push(cond(field, "lt", &zone.day(*t)));
            }
            (label.to_string(), c)
        })
        .collect()
}

pub async fn home(State(state): State<AppState>, viewer: Viewer) -> Response {
    let service = &state.service;
    let cx = Ctx {
        service,
        viewer: &viewer,
    };
    let me = viewer.actor.person_id.to_string();
    let zone = &viewer.zone;
    let mut tiles = Vec::new();
    let with = |mut c: Vec<Condition>, more: Vec<Condition>| {
        c.extend(more);
        c
    };
    if let Some(t) = cx.readable("it_service_request") {
        if let Some(mut tile) = cx
            .count(
                &t,
                with(
                    vec![cond("requested_by_id", "eq", &me)],
                    open_work(service, "it_service_request"),
                ),
            )
            .await
        {
            tile.label = "My open requests".into();
            tiles.push(tile);
        }
    }
    if let Some(t) = cx.readable("approval") {
        if let Some(mut tile) = cx
            .count(
                &t,
                vec![
                    cond("reviewer_id", "eq", &me),
                    cond("approval_status", "eq", "pending"),
                ],
            )
            .await
        {
            tile.label = "Approvals waiting for me".into();
            tile.href = "/portal/approvals".into();
            tiles.push(tile);
        }
    }
    if let Some(t) = cx.readable("it_assigned_entitlement") {
        if let Some(mut tile) = cx
            .count(
                &t,
                vec![
                    cond("person_id", "eq", &me),
                    cond("assignment_status", "eq", "active"),
                    cond("end_date", "ge", &zone.day(0)),
                    cond("end_date", "lt", &zone.day(31)),
                ],
            )
            .await
        {
            tile.label = "My access ending within 30 days".into();
            tiles.push(tile);
        }
    }
    let priorities: Vec<(String, Vec<Condition>)> = service
        .model()
        .choice_set("priority")
        .map(|s| {
            s.choices
                .iter()
                .map(|c| {
                    (
                        c.label.clone(),
                        with(
                            vec![cond("priority", "eq", &c.code)],
                            open_work(service, "it_service_request"),
                        ),
                    )
                })
                .chain(std::iter::once((
                    "No priority".to_string(),
                    with(
                        vec![cond("priority", "null", "")],
                        open_work(service, "it_service_request"),
                    ),
                )))
                .collect()
        })
        .unwrap_or_default();
    let specs = vec![
        ChartSpec {
            id: "requests",
            title: "Open requests by priority and state",
            note: "IT service requests not yet fulfilled, closed, cancelled or rejected".into(),
            table: "it_service_request",
            rows: priorities,
            series: "request_status",
        },
        ChartSpec {
            id: "sla",
            title: "SLA at risk or breached",
            note: "Open service requests by SLA state".into(),
            table: "it_service_request",
            rows: vec![
                (
                    "At risk".into(),
                    with(
                        vec![cond("sla_state", "eq", "at_risk")],
                        open_work(service, "it_service_request"),
                    ),
                ),
                (
                    "Breached".into(),
                    with(
                        vec![cond("sla_state", "eq", "breached")],
                        open_work(service, "it_service_request"),
                    ),
                ),
            ],
            series: "priority",
        },
        ChartSpec {
            id: "incident-sla",
            title: "Incidents at risk or breached",
            note: "Open incidents by SLA state".into(),
            table: "incident",
            rows: vec![
                (
                    "At risk".into(),
                    with(
                        vec![cond("sla_state", "eq", "at_risk")],
                        open_work(service, "incident"),
                    ),
                ),
                (
                    "Breached".into(),
                    with(
                        vec![cond("sla_state", "eq", "breached")],
                        open_work(service, "incident"),
                    ),
                ),
            ],
            series: "priority",
        },
        ChartSpec {
            id: "access",
            title: "Access ending in the next 30 days",
            note: "Active assigned entitlements by end date".into(),
            table: "it_assigned_entitlement",
            rows: buckets(
                "end_date",
                &[
                    ("In 0–7 days", Some(0), Some(8)),
                    ("In 8–14 days", Some(8), Some(15)),
                    ("In 15–21 days", Some(15), Some(22)),
                    ("In 22–30 days", Some(22), Some(31)),
                ],
                zone,
            )
            .into_iter()
            .map(|(l, c)| (l, with(c, vec![cond("assignment_status", "eq", "active")])))
            .collect(),
            series: "assignment_type",
        },
        ChartSpec {
            id: "ato",
            title: "Accreditations expiring in the next 90 days",
            note: "Accredited systems by expiration date".into(),
            table: "it_system_accreditation",
            rows: buckets(
                "expiration_date",
                &[
                    ("Already expired", None, Some(0)),
                    ("In 0–30 days", Some(0), Some(31)),
                    ("In 31–60 days", Some(31), Some(61)),
                    ("In 61–90 days", Some(61), Some(91)),
                ],
                zone,
            )
            .into_iter()
            .map(|(l, c)| {
                (
                    l,
                    with(
                        c,
                        not_in(
                            "accreditation_status",
                            &["not_started", "in_progress", "denied", "expired"],
                        ),
                    ),
                )
            })
            .collect(),
            series: "accreditation_status",
        },
        ChartSpec {
            id: "poam",
            title: "Open POA&M items by severity and age",
            note: "Age since the weakness was identified".into(),
            table: "it_poam_item",
            rows: buckets(
                "identified_date",
                &[
                    ("0–30 days", Some(-30), None),
                    ("31–90 days", Some(-90), Some(-30)),
                    ("91–180 days", Some(-180), Some(-90)),
                    ("Over 180 days", None, Some(-180)),
                ],
                zone,
            )
            .into_iter()
            .map(|(l, c)| (l, with(c, open_work(service, "it_poam_item"))))
            .collect(),
            series: "severity",
        },
    ];
    let mut charts = Vec::new();
    for spec in specs {
        if let Some(c) = cx.chart(spec).await {
            charts.push(c);
        }
    }
    html(HomePage {
        chrome: viewer.chrome(&state, "Dashboard", "home"),
        tiles,
        charts,
    })
}
