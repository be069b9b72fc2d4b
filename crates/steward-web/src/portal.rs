//! The self-service portal: the catalog of orderable request types grouped by the type tree, an
//! order form with the type's own questions, "my requests", "my access", and the approvals inbox
//! with its decisions. Everything goes through the service as the viewer, like every other page.

use crate::display::{id_text, show, text, title_of};
use crate::list::{odata_params, row_views, CellView, ListView, Option_, RowView};
use crate::pages::{error_page, html, html_status};
use crate::record::lookups_expanded;
use crate::session::{Chrome, Viewer};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use std::collections::HashMap;
use steward_api::{ApiError, AppState};
use steward_domain::questions::{parse_questions, Question, QuestionKind};
use steward_domain::{Record, Value};
use steward_model::Table;
use steward_odata::parse_query;
use steward_service::{Decision, ListRequest, OrderForm, Row};
use uuid::Uuid;

/// Rows a portal list shows; the full list view has the rest.
const PORTAL_ROWS: u64 = 100;

/// Rows of `set` matching an OData filter, as the viewer may read them, with lookups expanded.
pub(crate) async fn rows(
    state: &AppState,
    viewer: &Viewer,
    set: &str,
    columns: &[&str],
    filter: &str,
    orderby: &str,
    top: u64,
) -> Result<(Table, Vec<Row>, i64), Response> {
    let service = &state.service;
    let model = service.model();
    let table = service
        .table_for(&viewer.actor, set)
        .map_err(|e| error_page(e.into()))?;
    let view = ListView {
        columns: columns.iter().map(|c| c.to_string()).collect(),
        ..ListView::default()
    };
    let filter = (!filter.is_empty()).then_some(filter);
    let mut params = odata_params(model, &table, &view, filter, top);
    params.retain(|(k, _)| k != "$orderby");
    params.push(("$orderby".into(), orderby.into()));
    params.push(("$count".into(), "true".into()));
    let query = parse_query(model, &table, &params).map_err(|e| {
        error_page(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("a portal query is wrong: {}", e.message),
        ))
    })?;
    let page = service
        .list(
            &viewer.actor,
            &table,
            &ListRequest {
                query,
                max_page_size: Some(top),
                count_at_most: None,
            },
        )
        .await
        .map_err(|e| error_page(e.into()))?;
    Ok((table, page.rows, page.count.unwrap_or(0)))
}

// ---------------------------------------------------------------------------------------------
// The catalog

pub struct CatalogItem {
    pub name: String,
    pub path: String,
    pub description: String,
    pub href: String,
    pub approval: bool,
    pub hours: String,
}

pub struct CatalogSection {
    pub name: String,
    pub items: Vec<CatalogItem>,
}

#[derive(Template)]
#[template(path = "catalog.html")]
struct CatalogPage {
    chrome: Chrome,
    sections: Vec<CatalogSection>,
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

pub async fn catalog(State(state): State<AppState>, viewer: Viewer) -> Response {
    let cols = [
        "name",
        "description",
        "parent_it_service_request_type_id",
        "is_orderable",
        "requires_approval",
        "target_hours",
    ];
    let (_, types, _) = match rows(
        &state,
        &viewer,
        "it_service_request_types",
        &cols,
        "state eq 'active'",
        "name,id",
        steward_odata::MAX_PAGE_SIZE,
    )
    .await
    {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let by_id: HashMap<String, &Record> = types
        .iter()
        .map(|r| (id_text(&r.record), &r.record))
        .collect();
    let parent = |r: &Record| {
        r.get("parent_it_service_request_type_id")
            .and_then(Value::as_uuid)
            .map(|u| u.to_string())
    };
    let mut sections: Vec<CatalogSection> = Vec::new();
    for r in types.iter().map(|r| &r.record) {
        if r.get("is_orderable") != Some(&Value::Bool(true)) {
            continue;
        }
        // Walk up the tree: the top type names the section, the ones between make the path.
        let mut chain = Vec::new();
        let mut at = parent(r);
        while let Some(p) = at.and_then(|id| by_id.get(&id).copied()) {
            if chain.len() > 20 {
                break;
            }
            chain.push(text(p, "name"));
            at = parent(p);
        }
        let section = chain.pop().unwrap_or_else(|| "General".to_string());
        chain.reverse();
        let item = CatalogItem {
            name: text(r, "name"),
            path: chain.join(" › "),
            description: short(&text(r, "description"), 240),
            href: format!("/portal/order/{}", id_text(r)),
            approval: r.get("requires_approval") == Some(&Value::Bool(true)),
            hours: r
                .get("target_hours")
                .and_then(Value::as_int)
                .map(|h| h.to_string())
                .unwrap_or_default(),
        };
        match sections.iter_mut().find(|s| s.name == section) {
            Some(s) => s.items.push(item),
            None => sections.push(CatalogSection {
                name: section,
                items: vec![item],
            }),
        }
    }
    sections.sort_by(|a, b| a.name.cmp(&b.name));
    html(CatalogPage {
        chrome: viewer.chrome(&state, "Catalog", "portal"),
        sections,
    })
}

// ---------------------------------------------------------------------------------------------
// Ordering

pub struct AskWidget {
    pub name: String,
    pub label: String,
    /// text, memo, number, date, bool, choice
    pub kind: &'static str,
    pub value: String,
    pub required: bool,
    pub options: Vec<Option_>,
    pub hint: String,
    pub error: String,
    /// The first answer with an error takes the focus.
    pub focus: bool,
}

#[derive(Template)]
#[template(path = "order.html")]
struct OrderPage {
    chrome: Chrome,
    type_name: String,
    description: String,
    approval: bool,
    action: String,
    standard: Vec<AskWidget>,
    questions: Vec<AskWidget>,
    error: String,
}

fn kind_code(k: QuestionKind) -> &'static str {
    match k {
        QuestionKind::Text => "text",
        QuestionKind::Memo => "memo",
        QuestionKind::Number => "number",
        QuestionKind::Date => "date",
        QuestionKind::Bool => "bool",
        QuestionKind::Choice => "choice",
    }
}

fn ask(name: &str, label: &str, kind: &'static str, value: &str, hint: &str) -> AskWidget {
    AskWidget {
        name: name.into(),
        label: label.into(),
        kind,
        value: value.into(),
        required: false,
        options: Vec::new(),
        hint: hint.into(),
        error: String::new(),
        focus: false,
    }
}

fn posted_value(posted: &[(String, String)], name: &str) -> String {
    posted
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn question_widget(q: &Question, value: &str) -> AskWidget {
    let mut w = ask(
        &format!("q.{}", q.name),
        &q.label,
        kind_code(q.kind),
        value,
        q.help.as_deref().unwrap_or(""),
    );
    w.required = q.required && q.kind != QuestionKind::Bool;
    if q.kind == QuestionKind::Choice {
        w.options = std::iter::once(Option_ {
            value: String::new(),
            label: "—".into(),
            selected: value.is_empty(),
        })
        .chain(q.options.iter().map(|o| Option_ {
            value: o.clone(),
            label: o.clone(),
            selected: o == value,
        }))
        .collect();
    }
    w
}

/// The order form of a type, filled from what was posted (empty on first show).
async fn order_form(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    posted: &[(String, String)],
) -> Result<(OrderPage, Uuid, Vec<Question>), Response> {
    let service = &state.service;
    let not_offered = || {
        error_page(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_orderable",
            "this item is not in the catalog",
        ))
    };
    let type_id = Uuid::parse_str(id).map_err(|_| not_offered())?;
    let types = service
        .table_for(&viewer.actor, "it_service_request_types")
        .map_err(|e| error_page(e.into()))?;
    let kind = service
        .get(&viewer.actor, &types, type_id, None, &[])
        .await
        .map_err(|e| error_page(e.into()))?
        .record;
    if kind.get("is_orderable") != Some(&Value::Bool(true)) {
        return Err(not_offered());
    }
    let questions = parse_questions(
        &Some(text(&kind, "form_fields"))
            .filter(|f| !f.is_empty())
            .unwrap_or_else(|| "[]".into()),
    )
    .unwrap_or_default();
    let v = |n: &str| posted_value(posted, n);
    let standard = vec![
        ask(
            "name",
            "Summary",
            "text",
            &v("name"),
            &format!(
                "A few words; “{}” if you leave it empty",
                text(&kind, "name")
            ),
        ),
        ask("description", "Details", "memo", &v("description"), ""),
        ask(
            "business_justification",
            "Business justification",
            "memo",
            &v("business_justification"),
            "Why it is needed: your approver reads this",
        ),
        ask(
            "required_date",
            "Needed by",
            "date",
            &v("required_date"),
            "",
        ),
    ];
    let page = OrderPage {
        chrome: viewer.chrome(state, format!("Order {}", text(&kind, "name")), "portal"),
        type_name: text(&kind, "name"),
        description: text(&kind, "description"),
        approval: kind.get("requires_approval") == Some(&Value::Bool(true)),
        action: format!("/portal/order/{type_id}"),
        questions: questions
            .iter()
            .map(|q| question_widget(q, &v(&format!("q.{}", q.name))))
            .collect(),
        standard,
        error: String::new(),
    };
    Ok((page, type_id, questions))
}

pub async fn order_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Response {
    match order_form(&state, &viewer, &id, &[]).await {
        Ok((page, _, _)) => html(page),
        Err(resp) => resp,
    }
}

pub async fn order(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(r) = viewer.check_csrf(Some(&posted_value(&posted, "_csrf"))) {
        return r;
    }
    let (mut page, type_id, _) = match order_form(&state, &viewer, &id, &posted).await {
        Ok(x) => x,
        Err(resp) => return resp,
    };
    let v = |n: &str| posted_value(&posted, n);
    let form = OrderForm {
        summary: v("name"),
        description: v("description"),
        business_justification: v("business_justification"),
        required_date: v("required_date"),
    };
    let answer = |q: &str| {
        posted
            .iter()
            .find(|(k, _)| k.strip_prefix("q.") == Some(q))
            .map(|(_, v)| v.clone())
    };
    match state
        .service
        .order(&viewer.actor, type_id, &form, &answer)
        .await
    {
        Ok(request) => {
            Redirect::to(&format!("/app/it_service_requests/{}", id_text(&request))).into_response()
        }
        Err(e) => {
            let e = ApiError::from(e);
            let mut general = Vec::new();
            let all: Vec<(Option<String>, String)> = if e.details.is_empty() {
                vec![(e.target.clone(), e.message.clone())]
            } else {
                e.details
                    .iter()
                    .map(|(_, m, t)| (t.clone(), m.clone()))
                    .collect()
            };
            for (target, message) in all {
                let name = target.map(|t| match t.strip_prefix("form_answers.") {
                    Some(q) => format!("q.{q}"),
                    None => t,
                });
                let w = page
                    .questions
                    .iter_mut()
                    .chain(page.standard.iter_mut())
                    .find(|w| Some(&w.name) == name.as_ref());
                match w {
                    Some(w) => w.error = message,
                    None => general.push(message),
                }
            }
            // In the form's order: the summary, the type's questions, then the rest.
            let (summary, rest) = page.standard.split_at_mut(1);
            if let Some(w) = summary
                .iter_mut()
                .chain(page.questions.iter_mut())
                .chain(rest.iter_mut())
                .find(|w| !w.error.is_empty())
            {
                w.focus = true;
            }
            page.error = if general.is_empty() {
                "The order was not placed: correct the answers marked below.".into()
            } else {
                general.join(" ")
            };
            html_status(e.status, page)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// My requests and my access

#[derive(Template)]
#[template(path = "portal_list.html")]
struct PortalList {
    chrome: Chrome,
    heading: String,
    intro: String,
    columns: Vec<String>,
    rows: Vec<RowView>,
    total: i64,
    all_href: String,
    empty: String,
}

/// The words of a portal list: its menu key, heading, introduction and what it says when empty.
struct Words<'a> {
    key: &'a str,
    heading: &'a str,
    intro: &'a str,
    empty: &'a str,
}

/// A list of the viewer's own records of `set`: those naming them in one of `mine` (the last one is
/// the condition of the full list view it links to).
async fn portal_list(
    state: &AppState,
    viewer: &Viewer,
    words: Words<'_>,
    set: &str,
    mine: &[&str],
    orderby: &str,
    columns: &[&str],
) -> Response {
    let me = viewer.actor.person_id.to_string();
    let filter: Vec<String> = mine.iter().map(|f| format!("{f} eq {me}")).collect();
    let (table, found, total) = match rows(
        state,
        viewer,
        set,
        columns,
        &filter.join(" or "),
        orderby,
        PORTAL_ROWS,
    )
    .await
    {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let cols: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    let all = ListView {
        columns: cols.clone(),
        conditions: vec![crate::list::Condition {
            field: mine.last().copied().unwrap_or_default().into(),
            op: "eq".into(),
            value: me,
        }],
        ..ListView::default()
    };
    html(PortalList {
        chrome: viewer.chrome(state, words.heading, words.key),
        heading: words.heading.into(),
        intro: words.intro.into(),
        columns: cols
            .iter()
            .filter_map(|c| table.public_field(c))
            .map(|f| f.label.clone())
            .collect(),
        rows: row_views(state.service.model(), &viewer.zone, &table, &cols, &found),
        total,
        all_href: all.href(set, |_| {}),
        empty: words.empty.into(),
    })
}

pub async fn my_requests(State(state): State<AppState>, viewer: Viewer) -> Response {
    let words = Words {
        key: "my-requests",
        heading: "My requests",
        intro: "What you ordered or was requested for you, newest first.",
        empty: "You have no requests yet. Order something from the catalog.",
    };
    let columns = [
        "number",
        "name",
        "it_service_request_type_id",
        "request_status",
        "approval_status",
        "request_date",
        "due_on",
    ];
    let mine = ["requested_by_id", "requested_for_id"];
    let order = "created_on desc,id desc";
    portal_list(
        &state,
        &viewer,
        words,
        "it_service_requests",
        &mine,
        order,
        &columns,
    )
    .await
}

pub async fn my_access(State(state): State<AppState>, viewer: Viewer) -> Response {
    let words = Words {
        key: "my-access",
        heading: "My access",
        intro: "The entitlements you hold, the soonest to end first.",
        empty: "You hold no entitlements in Steward.",
    };
    let columns = [
        "number",
        "it_product_entitlement_id",
        "assignment_status",
        "assignment_type",
        "start_date",
        "end_date",
        "account_username",
    ];
    let set = "it_assigned_entitlements";
    portal_list(
        &state,
        &viewer,
        words,
        set,
        &["person_id"],
        "end_date,id",
        &columns,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Approvals

pub struct ApprovalCard {
    pub title: String,
    pub href: String,
    pub subject_title: String,
    pub subject_href: String,
    pub due: String,
    pub requestor_comments: String,
    pub facts: Vec<(String, CellView)>,
    pub action: String,
    pub version: String,
    /// The reviewer the viewer decides for, as their delegate (empty: the viewer's own).
    pub for_whom: String,
}

pub struct DecidedRow {
    pub title: String,
    pub href: String,
    pub status: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "approvals.html")]
struct ApprovalsPage {
    chrome: Chrome,
    pending: Vec<ApprovalCard>,
    /// Pending approvals of later stages, not open yet.
    waiting: usize,
    decided: Vec<DecidedRow>,
}

/// Fields of a record decided on that a reviewer needs to see, when the table has them.
const CONTEXT_FIELDS: &[&str] = &[
    "requested_for_id",
    "requested_by_id",
    "person_id",
    "it_service_request_type_id",
    "it_system_id",
    "it_product_entitlement_id",
    "priority",
    "total_estimated_cost",
    "required_date",
    "business_justification",
    "justification",
    "description",
];

/// The answers to a request type's questions, as `label: answer` facts.
pub async fn answers(
    state: &AppState,
    viewer: &Viewer,
    record: &Record,
) -> Vec<(String, CellView)> {
    let (Some(answers), Some(kind)) = (
        record
            .get("form_answers")
            .and_then(Value::as_text)
            .and_then(|a| {
                serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(a).ok()
            }),
        record
            .get("it_service_request_type_id")
            .and_then(Value::as_uuid),
    ) else {
        return Vec::new();
    };
    let service = &state.service;
    let Ok(types) = service.table_for(&viewer.actor, "it_service_request_types") else {
        return Vec::new();
    };
    let questions = match service.get(&viewer.actor, &types, kind, None, &[]).await {
        Ok(t) => parse_questions(&text(&t.record, "form_fields")).unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    answers
        .iter()
        .map(|(name, value)| {
            let label = questions
                .iter()
                .find(|q| &q.name == name)
                .map_or_else(|| name.clone(), |q| q.label.clone());
            let shown = match value {
                serde_json::Value::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (
                label,
                CellView {
                    text: shown,
                    href: String::new(),
                },
            )
        })
        .collect()
}

/// The record an approval is about, with what a reviewer needs to decide.
pub struct Subject {
    pub title: String,
    pub href: String,
    pub facts: Vec<(String, CellView)>,
}

/// The record an approval is about, as the viewer sees it.
pub async fn subject(state: &AppState, viewer: &Viewer, approval: &Record) -> Option<Subject> {
    let service = &state.service;
    let model = service.model();
    let table = model.table(&text(approval, "regarding_table"))?;
    let view = service.table_for(&viewer.actor, &table.set).ok()?;
    let id = approval.get("regarding_id").and_then(Value::as_uuid)?;
    let expand = lookups_expanded(model, &view);
    let row = service
        .get(&viewer.actor, &view, id, None, &expand)
        .await
        .ok()?;
    let mut facts: Vec<(String, CellView)> = CONTEXT_FIELDS
        .iter()
        .filter_map(|n| view.public_field(n))
        .filter_map(|f| {
            let target = f
                .navigation_name()
                .and_then(|n| row.expanded.get(n))
                .and_then(|r| r.as_ref());
            let s = show(model, &viewer.zone, f, row.record.get(&f.name), target);
            (!s.text.is_empty()).then(|| {
                (
                    f.label.clone(),
                    CellView {
                        text: s.text,
                        href: s.href.unwrap_or_default(),
                    },
                )
            })
        })
        .collect();
    facts.extend(answers(state, viewer, &row.record).await);
    Some(Subject {
        title: title_of(&row.record),
        href: format!("/app/{}/{id}", table.set),
        facts,
    })
}

pub async fn approvals(State(state): State<AppState>, viewer: Viewer) -> Response {
    let me = viewer.actor.person_id;
    let cols = [
        "name",
        "regarding_table",
        "regarding_id",
        "approval_status",
        "due_date",
        "decision_date",
        "requestor_comments",
        "stage",
        "reviewer_id",
    ];
    // The viewer's own, and those of the reviewers they stand in for now.
    let delegators = state
        .service
        .delegators_of(&viewer.actor)
        .await
        .unwrap_or_default();
    let reviewers: Vec<String> = std::iter::once(me)
        .chain(delegators)
        .map(|p| format!("reviewer_id eq {p}"))
        .collect();
    let (approvals, pending, _) = match rows(
        &state,
        &viewer,
        "approvals",
        &cols,
        &format!(
            "({}) and approval_status eq 'pending'",
            reviewers.join(" or ")
        ),
        "due_date,id",
        PORTAL_ROWS,
    )
    .await
    {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let (_, decided, _) = match rows(
        &state,
        &viewer,
        "approvals",
        &cols,
        &format!("reviewer_id eq {me} and approval_status ne 'pending'"),
        "decision_date desc,id",
        10,
    )
    .await
    {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let mut cards = Vec::new();
    let mut waiting = 0;
    for a in &pending {
        let r = &a.record;
        // A later stage is not for deciding yet: it opens when the stages before it are approved.
        if !state.service.stage_is_open(r).await.unwrap_or(true) {
            waiting += 1;
            continue;
        }
        let id = id_text(r);
        let Subject {
            title: subject_title,
            href: subject_href,
            facts,
        } = subject(&state, &viewer, r)
            .await
            .unwrap_or_else(|| Subject {
                title: "(a record you cannot see)".into(),
                href: String::new(),
                facts: Vec::new(),
            });
        cards.push(ApprovalCard {
            title: text(r, "name"),
            href: format!("/app/approvals/{id}"),
            subject_title,
            subject_href,
            due: match r.get("due_date") {
                Some(Value::DateTime(t)) => viewer.zone.show(*t),
                _ => String::new(),
            },
            requestor_comments: text(r, "requestor_comments"),
            facts,
            for_whom: match r.get("reviewer_id").and_then(Value::as_uuid) {
                Some(p) if p != me => approvals
                    .public_field("reviewer_id")
                    .map(|f| {
                        let target = f
                            .navigation_name()
                            .and_then(|n| a.expanded.get(n))
                            .and_then(|x| x.as_ref());
                        show(
                            state.service.model(),
                            &viewer.zone,
                            f,
                            r.get("reviewer_id"),
                            target,
                        )
                        .text
                    })
                    .unwrap_or_default(),
                _ => String::new(),
            },
            action: format!("/app/approvals/{id}/decide"),
            version: r
                .get("row_version")
                .and_then(Value::as_int)
                .unwrap_or(0)
                .to_string(),
        });
    }
    let model = state.service.model();
    let decided = decided
        .iter()
        .map(|a| DecidedRow {
            title: text(&a.record, "name"),
            href: format!("/app/approvals/{}", id_text(&a.record)),
            status: crate::display::label_of(
                model,
                "approval_status",
                &text(&a.record, "approval_status"),
            ),
            when: match a.record.get("decision_date") {
                Some(Value::DateTime(t)) => viewer.zone.show(*t),
                _ => String::new(),
            },
        })
        .collect();
    html(ApprovalsPage {
        chrome: viewer.chrome(&state, "My approvals", "approvals"),
        pending: cards,
        waiting,
        decided,
    })
}

/// A reviewer's decision, from the inbox or the approval's page.
pub async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    let v = |n: &str| posted_value(&posted, n);
    if let Err(r) = viewer.check_csrf(Some(&v("_csrf"))) {
        return r;
    }
    let Ok(id) = Uuid::parse_str(&id) else {
        return crate::pages::not_found().await;
    };
    let Some(decision) = Decision::parse(&v("decision")) else {
        return error_page(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_value",
            "choose Approve or Reject",
        ));
    };
    let version = v("_version").parse().ok();
    match state
        .service
        .decide(&viewer.actor, id, decision, &v("comments"), version)
        .await
    {
        Ok(_) => {
            let next = crate::pages::safe_next(&v("next"));
            Redirect::to(if next == "/" {
                "/portal/approvals"
            } else {
                &next
            })
            .into_response()
        }
        Err(e) => {
            let mut e = ApiError::from(e);
            if e.status == StatusCode::PRECONDITION_FAILED {
                e.message = "This approval changed since you opened it. Go back and reload the page before deciding.".into();
            }
            error_page(e)
        }
    }
}
