//! List pages for every entity set: chosen columns, sort by header, a filter builder that becomes
//! the API's `$filter`, paging. The page asks the same list use case as the API, as the viewer.

use crate::display::{id_text, show, title_of};
use crate::pages::{error_page, html};
use crate::session::{query, Chrome, Viewer};
use crate::zone::Zone;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::StreamExt;
use steward_api::AppState;
use steward_model::{Field, FieldType, Model, Table};
use steward_odata::parse_query;
use steward_service::ListRequest;

/// Rows per list page.
pub const PAGE_ROWS: u64 = 50;
/// A list counts its rows up to this many (or a page past the one shown); beyond, it says "more
/// than". The CSV export and the API's `$count` are exact.
pub const COUNT_CAP: u64 = 10_000;

/// The operators of the filter builder: (code, label).
pub const OPERATORS: &[(&str, &str)] = &[
    ("eq", "is"),
    ("ne", "is not"),
    ("contains", "contains"),
    ("startswith", "starts with"),
    ("gt", "after / more than"),
    ("ge", "on or after / at least"),
    ("lt", "before / less than"),
    ("le", "on or before / at most"),
    ("null", "is empty"),
    ("notnull", "is not empty"),
];

/// One condition of the filter builder.
#[derive(Debug, Clone, Default)]
pub struct Condition {
    pub field: String,
    pub op: String,
    pub value: String,
}

/// What the list shows, from the page's query string.
#[derive(Debug, Clone, Default)]
pub struct ListView {
    pub columns: Vec<String>,
    pub sort: Option<(String, bool)>,
    pub page: u64,
    pub conditions: Vec<Condition>,
}

/// Fields a list can show: public, not long text, not secret.
fn listable(f: &Field) -> bool {
    !matches!(f.ty, FieldType::Memo) && f.name != "id" && f.name != "row_version"
}

/// Number and name first, then the first few fields that say most about a row.
pub fn default_columns(table: &Table) -> Vec<String> {
    let mut cols: Vec<String> = ["number", "name"]
        .iter()
        .filter(|n| table.public_field(n).is_some())
        .map(|n| n.to_string())
        .collect();
    let more: Vec<String> = table
        .public_fields()
        .filter(|f| !f.is_system() && listable(f) && !cols.contains(&f.name))
        .filter(|f| !matches!(f.ty, FieldType::Uuid))
        .take(5 - cols.len().min(2))
        .map(|f| f.name.clone())
        .collect();
    cols.extend(more);
    cols
}

impl ListView {
    pub fn from_params(table: &Table, params: &[(String, String)]) -> ListView {
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let all = |k: &'static str| {
            params
                .iter()
                .filter(move |(n, _)| n == k)
                .map(|(_, v)| v.clone())
        };
        let picked: Vec<String> = all("col")
            .filter(|n| table.public_field(n).is_some_and(listable))
            .collect();
        let columns: Vec<String> = Some(picked)
            .filter(|p| !p.is_empty())
            .or_else(|| {
                get("cols").map(|c| {
                    c.split(',')
                        .filter(|n| table.public_field(n).is_some_and(listable))
                        .map(str::to_string)
                        .collect()
                })
            })
            .filter(|c: &Vec<String>| !c.is_empty())
            .unwrap_or_else(|| default_columns(table));
        let sort = get("sort")
            .filter(|s| table.public_field(s).is_some_and(|f| f.ty.is_orderable()))
            .map(|s| (s.to_string(), get("dir") == Some("desc")));
        let conditions = all("f")
            .zip(all("o"))
            .zip(all("v").chain(std::iter::repeat(String::new())))
            .filter(|((f, _), _)| !f.is_empty())
            .map(|((field, op), value)| Condition { field, op, value })
            .collect();
        ListView {
            columns,
            sort,
            page: get("page").and_then(|p| p.parse().ok()).unwrap_or(0),
            conditions,
        }
    }

    /// The address of this list with `change` applied to a copy of the view.
    pub fn href(&self, set: &str, change: impl FnOnce(&mut ListView)) -> String {
        self.href_at(&format!("/app/{set}"), change)
    }

    /// `path` with this view, changed, as its query string.
    pub fn href_at(&self, path: &str, change: impl FnOnce(&mut ListView)) -> String {
        let mut v = self.clone();
        change(&mut v);
        let cols = v.columns.join(",");
        let page = v.page.to_string();
        let mut pairs: Vec<(&str, &str)> = vec![("cols", &cols)];
        if let Some((s, desc)) = &v.sort {
            pairs.push(("sort", s));
            pairs.push(("dir", if *desc { "desc" } else { "asc" }));
        }
        for c in &v.conditions {
            pairs.extend([
                ("f", c.field.as_str()),
                ("o", c.op.as_str()),
                ("v", c.value.as_str()),
            ]);
        }
        if v.page > 0 {
            pairs.push(("page", &page));
        }
        format!("{path}?{}", query(&pairs))
    }

    /// The OData `$filter` of the conditions, or a message naming the condition that is wrong.
    /// Dates and times are read in the viewer's zone.
    pub fn filter(&self, table: &Table, zone: &Zone) -> Result<Option<String>, String> {
        let mut clauses = Vec::new();
        for c in &self.conditions {
            let f = table
                .public_field(&c.field)
                .ok_or_else(|| format!("there is no field '{}'", c.field))?;
            clauses.push(clause(f, &c.op, c.value.trim(), zone)?);
        }
        Ok((!clauses.is_empty()).then(|| clauses.join(" and ")))
    }
}

/// One condition as an OData clause. Values are turned into literals here and the whole filter is
/// then parsed and type-checked by the API's own parser.
fn clause(f: &Field, op: &str, value: &str, zone: &Zone) -> Result<String, String> {
    let name = &f.name;
    let label = &f.label;
    match op {
        "null" => return Ok(format!("{name} eq null")),
        "notnull" => return Ok(format!("{name} ne null")),
        _ => {}
    }
    if value.is_empty() {
        return Err(format!("{label}: enter a value to compare with"));
    }
    // No stored text holds a control character (PostgreSQL cannot hold NUL): say so before any
    // lookup by name reaches the database.
    if let Some((pos, c)) = steward_model::forbidden_char(value) {
        return Err(format!(
            "{label}: the value holds the control character U+{:04X} at position {pos}",
            c as u32
        ));
    }
    // A lookup is compared by the looked-up record's name, unless an id is given.
    let (path, literal) = match &f.ty {
        FieldType::Lookup { .. } if uuid::Uuid::parse_str(value).is_ok() => {
            (name.clone(), value.to_string())
        }
        FieldType::Lookup { .. } => (
            format!("{}/name", f.navigation_name().unwrap_or(name)),
            steward_odata::string_literal(value),
        ),
        FieldType::Int { .. } => (
            name.clone(),
            value
                .parse::<i64>()
                .map_err(|_| format!("{label}: '{value}' is not a whole number"))?
                .to_string(),
        ),
        FieldType::Money => (
            name.clone(),
            value
                .parse::<f64>()
                .map_err(|_| format!("{label}: '{value}' is not an amount"))?
                .to_string(),
        ),
        FieldType::Bool => (
            name.clone(),
            match value.to_ascii_lowercase().as_str() {
                "yes" | "true" => "true".to_string(),
                "no" | "false" => "false".to_string(),
                _ => return Err(format!("{label}: choose yes or no")),
            },
        ),
        FieldType::Date => (name.clone(), value.to_string()),
        FieldType::DateTime => (
            name.clone(),
            zone.to_utc(value).ok_or_else(|| {
                format!("{label}: '{value}' is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)")
            })?,
        ),
        FieldType::Uuid => (name.clone(), value.to_string()),
        _ => (name.clone(), steward_odata::string_literal(value)),
    };
    Ok(match op {
        "eq" | "ne" | "gt" | "lt" | "ge" | "le" => format!("{path} {op} {literal}"),
        "contains" | "startswith" if literal.starts_with('\'') => format!("{op}({path},{literal})"),
        "contains" | "startswith" => return Err(format!("{label}: '{op}' applies to text")),
        other => return Err(format!("unknown operator '{other}'")),
    })
}

pub struct SavedViewLink {
    pub name: String,
    pub href: String,
    pub delete_action: String,
    /// Whether the list shows this view now.
    pub current: bool,
}

pub struct ColumnView {
    pub label: String,
    pub sort_href: String,
    /// "ascending", "descending" or "none" (for aria-sort).
    pub sorted: &'static str,
}

pub struct CellView {
    pub text: String,
    pub href: String,
}

pub struct RowView {
    pub href: String,
    pub title: String,
    pub cells: Vec<CellView>,
}

pub struct Option_ {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct ConditionView {
    pub fields: Vec<Option_>,
    pub ops: Vec<Option_>,
    pub value: String,
    /// Choices of the condition's field, when it is a choice: then the value is picked.
    pub choices: Vec<Option_>,
    /// The entity set a lookup field points at, for the value's type-ahead.
    pub lookup_set: String,
}

#[derive(Template)]
#[template(path = "list.html")]
pub struct ListPage {
    pub chrome: Chrome,
    /// The viewer's saved views of this table, and this view's query string (to save it).
    pub saved: Vec<SavedViewLink>,
    pub this_query: String,
    pub set: String,
    pub label: String,
    pub area: String,
    pub columns: Vec<ColumnView>,
    pub rows: Vec<RowView>,
    pub conditions: Vec<ConditionView>,
    pub error: String,
    pub range: String,
    pub prev_href: String,
    pub next_href: String,
    pub new_href: String,
    pub csv_href: String,
    pub clear_href: String,
    pub column_choices: Vec<Option_>,
    /// The choices of each choice field, and the set of each lookup field, for the script that
    /// offers them as soon as the field is picked (without it they appear once applied).
    pub choice_fields: Vec<(String, Vec<Option_>)>,
    pub lookup_fields: Vec<(String, String)>,
}

fn options(items: impl Iterator<Item = (String, String)>, selected: &str) -> Vec<Option_> {
    items
        .map(|(value, label)| Option_ {
            selected: value == selected,
            value,
            label,
        })
        .collect()
}

/// The entity set a lookup field of the table points at ("" for other fields).
fn lookup_set(model: &Model, table: &Table, field: &str) -> String {
    table
        .public_field(field)
        .and_then(|f| f.ty.lookup_table())
        .and_then(|t| model.table(t))
        .map_or(String::new(), |t| t.set.clone())
}

fn condition_view(model: &Model, table: &Table, c: &Condition) -> ConditionView {
    let fields = options(
        std::iter::once((String::new(), "Field…".to_string())).chain(
            table
                .public_fields()
                .filter(|f| f.name != "row_version")
                .map(|f| (f.name.clone(), f.label.clone())),
        ),
        &c.field,
    );
    let ops = options(
        OPERATORS
            .iter()
            .map(|(o, l)| (o.to_string(), l.to_string())),
        if c.op.is_empty() { "eq" } else { &c.op },
    );
    let choices = match table
        .public_field(&c.field)
        .and_then(|f| f.ty.choice_set())
        .and_then(|s| model.choice_set(s))
    {
        Some(set) => options(
            std::iter::once((String::new(), "Choose…".to_string())).chain(
                set.choices
                    .iter()
                    .map(|ch| (ch.code.clone(), ch.label.clone())),
            ),
            &c.value,
        ),
        None => Vec::new(),
    };
    ConditionView {
        fields,
        ops,
        value: c.value.clone(),
        choices,
        lookup_set: lookup_set(model, table, &c.field),
    }
}

/// The `$select` / `$expand` / `$orderby` / `$filter` / paging of a view, as OData query options.
pub fn odata_params(
    model: &Model,
    table: &Table,
    view: &ListView,
    filter: Option<&str>,
    top: u64,
) -> Vec<(String, String)> {
    let mut select: Vec<String> = vec!["id".into()];
    for n in ["number", "name"] {
        if table.public_field(n).is_some() {
            select.push(n.into());
        }
    }
    let mut expand = Vec::new();
    for c in &view.columns {
        if !select.contains(c) {
            select.push(c.clone());
        }
        if let Some(f) = table.public_field(c) {
            if let (Some(nav), Some(target)) = (f.navigation_name(), f.ty.lookup_table()) {
                let target = model.table(target).expect("lookup targets exist");
                let shown: Vec<&str> = ["number", "name"]
                    .into_iter()
                    .filter(|n| target.field(n).is_some())
                    .collect();
                expand.push(format!("{nav}($select={})", shown.join(",")));
            }
        }
    }
    let mut params = vec![
        ("$select".to_string(), select.join(",")),
        // No `$top`: the caller's page size bounds the page, and the service then says whether
        // more rows follow.
        ("$skip".to_string(), (view.page * top).to_string()),
    ];
    if !expand.is_empty() {
        params.push(("$expand".into(), expand.join(",")));
    }
    let order = match &view.sort {
        Some((s, true)) => format!("{s} desc,id"),
        Some((s, false)) => format!("{s},id"),
        // Newest first: what people look for most often.
        None => "created_on desc,id desc".into(),
    };
    params.push(("$orderby".into(), order));
    if let Some(f) = filter {
        params.push(("$filter".into(), f.to_string()));
    }
    params
}

/// A list view as asked for: the table as the viewer sees it, the view, its parsed query, and why
/// the filter was set aside when it is wrong (the list is then shown without it).
struct Resolved {
    table: Table,
    view: ListView,
    query: steward_odata::Query,
    error: String,
}

fn resolve(
    state: &AppState,
    viewer: &Viewer,
    set: &str,
    params: &[(String, String)],
) -> Result<Resolved, Response> {
    let service = &state.service;
    let model = service.model_for(&viewer.actor);
    let table = service
        .table_for(&viewer.actor, set)
        .map_err(|e| error_page(e.into()))?;
    let view = ListView::from_params(&table, params);
    let (filter, mut error) = match view.filter(&table, &viewer.zone) {
        Ok(f) => (f, String::new()),
        Err(e) => (None, e),
    };
    let mut q = parse_query(
        model,
        &table,
        &odata_params(model, &table, &view, filter.as_deref(), PAGE_ROWS),
    );
    if let Err(e) = &q {
        // A filter the parser refuses (a wrong date, say): show why, and the list without it.
        error = e.message.clone();
        q = parse_query(
            model,
            &table,
            &odata_params(model, &table, &view, None, PAGE_ROWS),
        );
    }
    let query = q.expect("the view's own query options are valid");
    Ok(Resolved {
        table,
        view,
        query,
        error,
    })
}

/// The rows of a page as shown: one cell per column, lookups linked to their record.
pub fn row_views(
    model: &Model,
    zone: &Zone,
    table: &Table,
    columns: &[String],
    rows: &[steward_service::Row],
) -> Vec<RowView> {
    rows.iter()
        .map(|row| {
            let id = id_text(&row.record);
            let cells = columns
                .iter()
                .filter_map(|c| table.public_field(c))
                .map(|f| {
                    let target = f
                        .navigation_name()
                        .and_then(|n| row.expanded.get(n))
                        .and_then(|r| r.as_ref());
                    let s = show(model, zone, f, row.record.get(&f.name), target);
                    CellView {
                        text: s.text,
                        href: s.href.unwrap_or_default(),
                    }
                })
                .collect();
            RowView {
                href: format!("/app/{}/{id}", table.set),
                title: title_of(&row.record),
                cells,
            }
        })
        .collect()
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(set): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    let service = &state.service;
    let model = service.model();
    let Resolved {
        table,
        view,
        query,
        error,
    } = match resolve(&state, &viewer, &set, &params) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    // The count stops a little past this page: an exact count of a table of millions costs far
    // more than the page itself.
    let cap = COUNT_CAP.max(view.page * PAGE_ROWS + PAGE_ROWS);
    let page = match service
        .list(
            &viewer.actor,
            &table,
            &ListRequest {
                query: steward_odata::Query {
                    count: true,
                    ..query
                },
                max_page_size: Some(PAGE_ROWS),
                count_at_most: Some(cap + 1),
            },
        )
        .await
    {
        Ok(p) => p,
        Err(e) => return error_page(e.into()),
    };
    let total = page.count.unwrap_or(0);
    let total_text = if total as u64 > cap {
        format!("more than {cap}")
    } else {
        total.to_string()
    };
    let columns = view
        .columns
        .iter()
        .filter_map(|c| table.public_field(c))
        .map(|f| {
            let current = view.sort.as_ref().filter(|(s, _)| *s == f.name);
            let desc_next = matches!(current, Some((_, false)));
            ColumnView {
                label: f.label.clone(),
                sort_href: if f.ty.is_orderable() {
                    view.href(&set, |v| {
                        v.sort = Some((f.name.clone(), desc_next));
                        v.page = 0;
                    })
                } else {
                    String::new()
                },
                sorted: match current {
                    Some((_, true)) => "descending",
                    Some((_, false)) => "ascending",
                    None => "none",
                },
            }
        })
        .collect();
    let rows = row_views(model, &viewer.zone, &table, &view.columns, &page.rows);
    let first = view.page * PAGE_ROWS;
    let shown = rows.len() as u64;
    let mut conditions: Vec<ConditionView> = view
        .conditions
        .iter()
        .map(|c| condition_view(model, &table, c))
        .collect();
    conditions.push(condition_view(model, &table, &Condition::default()));
    let column_choices = options(
        table
            .public_fields()
            .filter(|f| listable(f))
            .map(|f| (f.name.clone(), f.label.clone())),
        "",
    )
    .into_iter()
    .map(|mut o| {
        o.selected = view.columns.contains(&o.value);
        o
    })
    .collect();
    let csv_href = view.href_at(&format!("/app/{set}/export.csv"), |v| v.page = 0);
    let this_view = view.href(&set, |v| v.page = 0);
    let this_query = this_view.split_once('?').map_or("", |(_, q)| q).to_string();
    let saved = service
        .saved_views(&viewer.actor, &table.name)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|v| SavedViewLink {
            current: v.query == this_query,
            href: format!("/app/{set}?{}", v.query),
            delete_action: format!("/app/{set}/views/{}/delete", v.id),
            name: v.name,
        })
        .collect();
    html(ListPage {
        saved,
        this_query,
        chrome: viewer.chrome(&state, &table.label, &set),
        area: crate::nav::area_of(&table.name).to_string(),
        label: table.label.clone(),
        columns,
        rows,
        conditions,
        error,
        range: if shown == 0 {
            "No records".into()
        } else {
            format!("{}–{} of {total_text}", first + 1, first + shown)
        },
        prev_href: if view.page > 0 {
            view.href(&set, |v| v.page -= 1)
        } else {
            String::new()
        },
        next_href: if page.next.is_some() {
            view.href(&set, |v| v.page += 1)
        } else {
            String::new()
        },
        new_href: format!("/app/{set}/new"),
        csv_href,
        clear_href: format!("/app/{set}"),
        column_choices,
        choice_fields: table
            .public_fields()
            .filter_map(|f| {
                let set = model.choice_set(f.ty.choice_set()?)?;
                Some((
                    f.name.clone(),
                    options(
                        set.choices
                            .iter()
                            .map(|c| (c.code.clone(), c.label.clone())),
                        "",
                    ),
                ))
            })
            .collect(),
        lookup_fields: table
            .public_fields()
            .map(|f| (f.name.clone(), lookup_set(model, &table, &f.name)))
            .filter(|(_, set)| !set.is_empty())
            .collect(),
        set,
    })
}

#[derive(serde::Deserialize)]
pub struct SaveViewForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    query: String,
}

/// Save the list's current view under a name (a view of that name is replaced).
pub async fn save_view(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(set): Path<String>,
    axum::Form(f): axum::Form<SaveViewForm>,
) -> Response {
    if let Err(r) = viewer.check_csrf(Some(&f.csrf)) {
        return r;
    }
    let service = &state.service;
    let table = match service.table_for(&viewer.actor, &set) {
        Ok(t) => t,
        Err(e) => return error_page(e.into()),
    };
    // Keep only what a list understands, in its own form: the saved query is the view, re-read.
    let params: Vec<(String, String)> = serde_urlencoded::from_str(&f.query).unwrap_or_default();
    let view = ListView::from_params(&table, &params);
    let canonical = view.href(&set, |v| v.page = 0);
    let query = canonical.split_once('?').map_or("", |(_, q)| q);
    match service
        .save_view(&viewer.actor, &table.name, &f.name, query)
        .await
    {
        Ok(_) => Redirect::to(&canonical).into_response(),
        Err(e) => error_page(e.into()),
    }
}

#[derive(serde::Deserialize)]
pub struct CsrfOnly {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

pub async fn delete_view(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((set, id)): Path<(String, String)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> Response {
    if let Err(r) = viewer.check_csrf(Some(&f.csrf)) {
        return r;
    }
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return crate::pages::not_found().await;
    };
    match state.service.delete_view(&viewer.actor, id).await {
        Ok(()) => Redirect::to(&format!("/app/{set}")).into_response(),
        Err(e) => error_page(e.into()),
    }
}

/// A cell as a spreadsheet should take it: text that a spreadsheet would run as a formula is
/// quoted (a leading apostrophe), numbers stay numbers.
fn spreadsheet_safe(text: String) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text
    }
}

/// The current view as CSV: every matching row (not one page), the view's columns as shown, streamed
/// as it is read so that a million rows never sit in memory.
pub async fn export(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(set): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    let Resolved {
        table,
        view,
        query,
        error,
    } = match resolve(&state, &viewer, &set, &params) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    if !error.is_empty() {
        // Exporting without the filter asked for would hand over rows nobody wanted.
        return error_page(steward_api::ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "invalid_filter",
            format!("the view's filter is not valid, nothing was exported: {error}"),
        ));
    }
    let fields: Vec<steward_model::Field> = view
        .columns
        .iter()
        .filter_map(|c| table.public_field(c).cloned())
        .collect();
    let mut header = csv::Writer::from_writer(Vec::new());
    let _ = header.write_record(fields.iter().map(|f| f.label.as_str()));
    let header = header.into_inner().unwrap_or_default();
    let model = state.service.shared_model();
    let zone = viewer.zone.clone();
    let chunks = state.service.export(&viewer.actor, &table, &query);
    let body = futures_util::stream::once(async move { Ok::<_, std::io::Error>(header) }).chain(
        futures_util::stream::unfold(chunks, move |mut chunks| {
            let (model, zone, fields) = (model.clone(), zone.clone(), fields.clone());
            async move {
                let rows = match chunks.recv().await? {
                    Ok(rows) => rows,
                    Err(e) => {
                        // Headers are gone: end the download broken rather than pretend it is whole.
                        tracing::error!(error = %e, "exporting a list");
                        return Some((Err(std::io::Error::other("export failed")), chunks));
                    }
                };
                let mut w = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 128));
                for row in &rows {
                    let cells = fields.iter().map(|f| {
                        let target = f
                            .navigation_name()
                            .and_then(|n| row.expanded.get(n))
                            .and_then(|r| r.as_ref());
                        spreadsheet_safe(
                            show(&model, &zone, f, row.record.get(&f.name), target).text,
                        )
                    });
                    let _ = w.write_record(cells);
                }
                Some((Ok(w.into_inner().unwrap_or_default()), chunks))
            }
        }),
    );
    let file = format!("{set}-{}.csv", viewer.zone.day(0));
    let mut resp = axum::body::Body::from_stream(body).into_response();
    let h = resp.headers_mut();
    h.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = axum::http::HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        h.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    resp
}
