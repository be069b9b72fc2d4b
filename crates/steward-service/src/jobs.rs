//! Jobs: the work Steward does by itself as time passes. Each is idempotent by design: it re-reads,
//! in its own transaction per record, the state it acts on, so running it twice, or on two servers,
//! changes nothing the second time. `steward jobs run NAME` runs one once by hand; the scheduler
//! (`scheduler.rs`) runs them on their schedules, once across servers.

use crate::{Actor, Result, Service};
use serde_json::{json, Map};
use steward_domain::value::now;
use steward_domain::{DomainError, ErrorKind, Record, Value};
use steward_model::Table;
use uuid::Uuid;

/// A job Steward runs.
pub struct Job {
    pub name: &'static str,
    pub about: &'static str,
    /// When it runs by itself unless the server says otherwise (`steward serve --schedule`).
    pub schedule: &'static str,
}

pub const JOBS: &[Job] = &[
    Job {
        name: "sla",
        about: "measure again the due_on and sla_state of every open record a service level applies to (at risk, breached as time passes)",
        // Half a minute: a breach is mailed well within a minute of its instant.
        schedule: "every 30s",
    },
    Job {
        name: "timers",
        about: "take the transitions the lifecycles' timers declare (a resolved incident closes itself after its days)",
        schedule: "every 5m",
    },
    Job {
        name: "approvals",
        about: "remind the reviewer of an approval past its due date (once), and a day later hand it to the reviewer's manager, due again in 3 days",
        schedule: "every 15m",
    },
    Job {
        name: "heartbeat",
        about: "does nothing but be recorded: shows that a server's scheduler runs (a one-off run may hold its lease for hold_ms)",
        schedule: "every 1h",
    },
];

/// The job called `name`.
pub fn job(name: &str) -> Option<&'static Job> {
    JOBS.iter().find(|j| j.name == name)
}

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobOutcome {
    /// Records looked at.
    pub examined: usize,
    /// Records changed (each change audited).
    pub changed: usize,
    /// Records left as they were because acting on them failed (each logged).
    pub failed: usize,
}

impl Service {
    /// Run the job `name` once, by hand, and record the run (`job_runs`: when, what it did, how
    /// it ended).
    pub async fn run_job(&self, name: &str) -> Result<JobOutcome> {
        if job(name).is_none() {
            return Err(unknown_job(name));
        }
        let started = now();
        let result = self.job_body(name, &serde_json::Value::Null).await;
        let mut batch = self.batch().await?;
        let by = crate::scheduler::server_name();
        self.record_run(&mut batch, name, None, &by, started, &result)
            .await?;
        batch.commit().await?;
        result
    }

    /// Record a run of `name` in `job_runs` (Steward's own table): the queued run it was and its
    /// attempt, when it started and ended, what it did.
    pub(crate) async fn record_run(
        &self,
        batch: &mut crate::Batch,
        name: &str,
        run: Option<(&str, i64)>,
        server: &str,
        started: time::OffsetDateTime,
        result: &Result<JobOutcome>,
    ) -> Result<()> {
        let (outcome, message, done) = match result {
            Ok(o) => ("succeeded", String::new(), o.clone()),
            Err(e) => ("failed", e.to_string(), JobOutcome::default()),
        };
        let mut internal: Record = [
            ("started_on", Value::DateTime(started)),
            ("ended_on", Value::DateTime(now())),
            ("outcome", Value::Text(outcome.into())),
            ("examined", Value::Int(done.examined as i64)),
            ("changed", Value::Int(done.changed as i64)),
            ("failed", Value::Int(done.failed as i64)),
            ("message", Value::Text(message)),
            ("server", Value::Text(server.into())),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        if let Some((key, attempt)) = run {
            internal.insert("run_key".into(), Value::Text(key.into()));
            internal.insert("attempt".into(), Value::Int(attempt));
        }
        let runs = self.builtin_table("job_run");
        self.create_with(
            batch,
            Actor::administrator(),
            runs,
            &Map::from_iter([("name".to_string(), json!(name))]),
            None,
            &internal,
        )
        .await?;
        Ok(())
    }
}

pub(crate) fn unknown_job(name: &str) -> crate::Error {
    DomainError::new(
        ErrorKind::NotFound,
        "unknown_job",
        format!(
            "there is no job '{name}'; the jobs: {}",
            JOBS.iter().map(|j| j.name).collect::<Vec<_>>().join(", ")
        ),
    )
    .into()
}

impl Service {
    /// The active records of `table` whose status is one of `states`.
    async fn records_in(&self, table: &Table, field: &str, states: &[&str]) -> Result<Vec<Record>> {
        let values: Vec<Value> = states.iter().map(|s| Value::Text(s.to_string())).collect();
        Ok(self
            .db
            .find_all_in(table, field, &values)
            .await?
            .into_iter()
            .filter(|r| r.get("state").and_then(Value::as_text) == Some("active"))
            .collect())
    }

    pub(crate) async fn run_sla_job(&self) -> Result<JobOutcome> {
        let mut out = JobOutcome::default();
        let mut tables: Vec<&str> = self
            .processes
            .slas()
            .iter()
            .map(|s| s.table.as_str())
            .collect();
        tables.sort_unstable();
        tables.dedup();
        for name in tables {
            let (Some(table), Some(lifecycle)) = (self.model.table(name), self.lifecycle(name))
            else {
                continue;
            };
            let open: Vec<&str> = lifecycle.open_states().collect();
            for record in self.records_in(table, &lifecycle.field, &open).await? {
                out.examined += 1;
                let id = crate::id_of(&record);
                // An update with nothing to change: the write path measures the service level
                // again and writes it only when it moved.
                let measured = async {
                    let mut batch = self.batch().await?;
                    let after = self
                        .update_as(
                            &mut batch,
                            Actor::administrator(),
                            table,
                            id,
                            &Map::new(),
                            None,
                            Some(&Record::new()),
                            None,
                        )
                        .await?;
                    batch.commit().await?;
                    Ok::<_, crate::Error>(after)
                }
                .await;
                match measured {
                    Ok(after) if after.get("row_version") != record.get("row_version") => {
                        out.changed += 1
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(table = name, %id, error = %e, "the sla job left a record as it was");
                        out.failed += 1;
                    }
                }
            }
        }
        Ok(out)
    }

    /// When a record entered its current state: the last audited change of its status to it,
    /// else its creation.
    async fn entered_on(&self, table: &Table, record: &Record, field: &str) -> Result<i64> {
        let id = crate::id_of(record);
        let state = record.get(field).and_then(Value::as_text).unwrap_or("");
        let mut at = match record.get("created_on") {
            Some(Value::DateTime(t)) => t.unix_timestamp(),
            _ => 0,
        };
        if let Some((t, _)) = self
            .states_entered(table, id, field)
            .await?
            .into_iter()
            .rfind(|(_, s)| s == state)
        {
            at = t;
        }
        Ok(at)
    }

    pub(crate) async fn run_timers_job(&self) -> Result<JobOutcome> {
        let mut out = JobOutcome::default();
        let at = now().unix_timestamp();
        for lifecycle in self.processes.lifecycles() {
            let Some(table) = self.model.table(&lifecycle.table) else {
                continue;
            };
            for timer in &lifecycle.timers {
                for record in self
                    .records_in(table, &lifecycle.field, &[timer.state.as_str()])
                    .await?
                {
                    out.examined += 1;
                    let entered = self.entered_on(table, &record, &lifecycle.field).await?;
                    if at - entered < i64::from(timer.days) * 86_400 {
                        continue;
                    }
                    let id: Uuid = crate::id_of(&record);
                    let mut params = Map::new();
                    if lifecycle.declarations(&timer.transition).any(|t| t.reason) {
                        params.insert(
                            "reason".into(),
                            json!(format!(
                                "{} days after it became {}",
                                timer.days, timer.state
                            )),
                        );
                    }
                    let taken = async {
                        let mut batch = self.batch().await?;
                        // Re-read in the transaction: a record that moved on is left alone.
                        let stored = batch.tx_mut().get(table, id).await?;
                        if stored.as_ref().and_then(|r| r.get(&lifecycle.field))
                            != record.get(&lifecycle.field)
                        {
                            return Ok(false);
                        }
                        self.transition_in(
                            &mut batch,
                            &Actor::administrator(),
                            table,
                            id,
                            &timer.transition,
                            &params,
                            None,
                        )
                        .await?;
                        batch.commit().await?;
                        Ok::<_, crate::Error>(true)
                    }
                    .await;
                    match taken {
                        Ok(true) => out.changed += 1,
                        Ok(false) => {}
                        Err(e) => {
                            tracing::warn!(table = %table.name, %id, transition = %timer.transition, error = %e, "a timer's transition was refused");
                            out.failed += 1;
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}

/// How long after its due date an overdue approval goes to the reviewer's manager.
pub(crate) const ESCALATE_AFTER_HOURS: i64 = 24;

impl Service {
    /// Overdue approvals: a reminder to the reviewer once it is past due (a mail keyed by the
    /// approval and its reviewer, so it is sent once), then, a day later, the approval handed to
    /// the reviewer's manager through its `reassign` transition (audited with its reason; the
    /// manager is asked by mail as every new reviewer is), due again in `APPROVAL_DAYS`.
    pub(crate) async fn run_approvals_job(&self) -> Result<JobOutcome> {
        let mut out = JobOutcome::default();
        let approvals = self.builtin_table("approval");
        let persons = self.builtin_table("person");
        let at = now();
        for record in self
            .records_in(approvals, "approval_status", &["pending"])
            .await?
        {
            let Some(Value::DateTime(due)) = record.get("due_date").cloned() else {
                continue;
            };
            if due > at {
                continue;
            }
            out.examined += 1;
            let id = crate::id_of(&record);
            let reviewer = record.get("reviewer_id").and_then(Value::as_uuid);
            let acted = async {
                let mut batch = self.batch().await?;
                // Re-read in the transaction: an approval decided or moved on is left alone.
                let Some(stored) = batch.tx_mut().get(approvals, id).await? else {
                    return Ok::<_, crate::Error>(false);
                };
                if stored.get("approval_status") != record.get("approval_status")
                    || stored.get("reviewer_id") != record.get("reviewer_id")
                {
                    return Ok(false);
                }
                let manager = match reviewer {
                    Some(r) => batch
                        .tx_mut()
                        .get(persons, r)
                        .await?
                        .and_then(|p| p.get("manager_id").and_then(Value::as_uuid))
                        .filter(|m| Some(*m) != reviewer),
                    None => None,
                };
                let late = at - due >= time::Duration::hours(ESCALATE_AFTER_HOURS);
                let changed = match (late, manager) {
                    (true, Some(m)) => {
                        // The approval's own reassign transition, with its reason; then the new
                        // reviewer's due date and ownership, Steward's, in the same transaction.
                        let params = Map::from_iter([
                            ("reviewer_id".to_string(), json!(m.to_string())),
                            (
                                "reason".to_string(),
                                json!(format!(
                                    "{ESCALATE_AFTER_HOURS} hours past its due date: handed to the reviewer's manager"
                                )),
                            ),
                        ]);
                        self.transition_in(
                            &mut batch,
                            &Actor::administrator(),
                            approvals,
                            id,
                            "reassign",
                            &params,
                            None,
                        )
                        .await?;
                        let internal: Record = [
                            ("owner_id".to_string(), Value::Uuid(m)),
                            (
                                "due_date".to_string(),
                                Value::DateTime(
                                    at + time::Duration::days(crate::catalog::APPROVAL_DAYS),
                                ),
                            ),
                        ]
                        .into_iter()
                        .collect();
                        self.update_as(
                            &mut batch,
                            Actor::administrator(),
                            approvals,
                            id,
                            &Map::new(),
                            None,
                            Some(&internal),
                            None,
                        )
                        .await?;
                        true
                    }
                    _ => match reviewer {
                        Some(r) => self.remind_reviewer(&mut batch, &stored, r).await?,
                        None => false,
                    },
                };
                batch.commit().await?;
                Ok(changed)
            }
            .await;
            match acted {
                Ok(true) => out.changed += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(%id, error = %e, "the approvals job left an approval as it was");
                    out.failed += 1;
                }
            }
        }
        Ok(out)
    }
}
