//! The scheduler's page, for administrators: each job with its schedule and last run, the
//! queue's counts by job and status, and its latest rows — the jobs' runs, the outbox's mail and
//! the webhook deliveries — with their attempts, their last error and the record they are about.
//! Read through the service's `job_board`, which decides who may see it.

use crate::pages::{error_page, html};
use crate::session::Viewer;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use steward_api::{ApiError, AppState};

/// The page's address.
pub const JOBS_PATH: &str = "/app/jobs";

pub struct JobLine {
    pub name: String,
    pub about: String,
    pub schedule: String,
    pub last_run: String,
}

pub struct CountLine {
    pub job: String,
    pub status: String,
    pub count: i64,
    pub href: String,
}

pub struct RunLine {
    pub job: String,
    pub key: String,
    pub status: String,
    pub attempts: i64,
    pub due: String,
    pub done: String,
    pub what: String,
    pub error: String,
    pub record_href: String,
    pub record: String,
}

pub struct Filter {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "jobs.html")]
pub struct JobsPage {
    pub chrome: crate::session::Chrome,
    pub jobs: Vec<JobLine>,
    pub counts: Vec<CountLine>,
    pub runs: Vec<RunLine>,
    pub kinds: Vec<Filter>,
    pub statuses: Vec<Filter>,
}

/// A queued row as the page says it: a mail's recipient and subject, a delivery's event.
fn summary(job: &str, payload: &str) -> String {
    let p: serde_json::Value = serde_json::from_str(payload).unwrap_or_default();
    match job {
        "mail" => format!(
            "To {}: {}",
            p["to"].as_str().unwrap_or(""),
            p["subject"].as_str().unwrap_or("")
        ),
        "webhook" => format!("Event {}", p["event"].as_str().unwrap_or("")),
        _ => match p.as_object() {
            Some(o) if !o.is_empty() => p.to_string(),
            _ => String::new(),
        },
    }
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let (job, status) = (get("job"), get("status"));
    let board = match state
        .service
        .job_board(&viewer.actor, job.as_deref(), status.as_deref())
        .await
    {
        Ok(b) => b,
        Err(e) => return error_page(ApiError::from(e)),
    };
    let zone = &viewer.zone;
    let at = |ms: i64| {
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
            .map(|t| zone.show(t))
            .unwrap_or_default()
    };
    let model = state.service.model();
    let jobs = board
        .jobs
        .iter()
        .map(|j| JobLine {
            name: j.name.into(),
            about: j.about.into(),
            schedule: j.schedule.into(),
            last_run: j
                .last_run
                .as_ref()
                .map(|(t, outcome, server)| format!("{} — {outcome} on {server}", zone.show(*t)))
                .unwrap_or_else(|| "not yet".into()),
        })
        .collect();
    let counts = board
        .counts
        .iter()
        .map(|(j, s, n)| CountLine {
            job: j.clone(),
            status: s.clone(),
            count: *n,
            href: format!(
                "{JOBS_PATH}?{}",
                crate::session::query(&[("job", j), ("status", s)])
            ),
        })
        .collect();
    let runs = board
        .runs
        .iter()
        .map(|r| {
            let table = r.record_table.as_deref().and_then(|t| model.table(t));
            RunLine {
                job: r.job.clone(),
                key: r.key.clone(),
                status: match (r.status.as_str(), r.attempts) {
                    ("pending", n) if n > 0 => "retrying".into(),
                    (s, _) => s.into(),
                },
                attempts: r.attempts,
                due: at(r.due_at),
                done: r.done_at.map(at).unwrap_or_default(),
                what: summary(&r.job, &r.payload),
                error: r.last_error.clone().unwrap_or_default(),
                record_href: match (table, &r.record_id) {
                    (Some(t), Some(id)) => format!("/app/{}/{id}", t.set),
                    _ => String::new(),
                },
                record: table.map(|t| t.label.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let filter = |values: &[&str], chosen: &Option<String>| {
        std::iter::once(("", "All"))
            .chain(values.iter().map(|v| (*v, *v)))
            .map(|(v, l)| Filter {
                value: v.into(),
                label: l.into(),
                selected: chosen.as_deref().unwrap_or("") == v,
            })
            .collect()
    };
    let mut kinds: Vec<&str> = steward_service::JOBS.iter().map(|j| j.name).collect();
    kinds.extend(["mail", "webhook"]);
    html(JobsPage {
        chrome: viewer.chrome(&state, "Jobs and outbox", "jobs"),
        jobs,
        counts,
        runs,
        kinds: filter(&kinds, &job),
        statuses: filter(&["pending", "running", "done", "failed"], &status),
    })
}
