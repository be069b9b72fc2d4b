//! The scheduler: every server runs it; the queue in the database makes them one. Each tick adds
//! the recurring jobs' latest occurrences (once, whoever adds them first), then claims what is due
//! under a lease and runs it; a lease is renewed while its run goes on, and a server that dies
//! leaves one that expires, so another server takes the run over. A job's run is recorded in
//! `job_run` in the same transaction that marks it done, and only while the lease is still held:
//! a run is recorded once, whatever the servers do.

use crate::jobs::{job, JobOutcome, JOBS};
use crate::{Result, Service};
use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;
use steward_domain::value::now;
use steward_domain::{DomainError, ErrorKind};
use steward_store::{Finish, NewRun, QueuedRun};

/// When a recurring job falls due.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    Off,
    /// At every multiple of the period since the Unix epoch (every minute: at :00 seconds).
    Every(Duration),
    /// Once a day at a wall-clock time in a zone.
    Daily {
        at: jiff::civil::Time,
        zone: jiff::tz::TimeZone,
    },
}

impl std::str::FromStr for Schedule {
    type Err = String;

    /// `off`, `every 30s` (s, m, h), `hourly`, `daily 02:00` (UTC) or `daily 02:00 Europe/Paris`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let words: Vec<&str> = s.split_whitespace().collect();
        match words.as_slice() {
            ["off"] => Ok(Schedule::Off),
            ["hourly"] => Ok(Schedule::Every(Duration::from_secs(3600))),
            ["every", period] => {
                let (n, unit) = period.split_at(period.len().saturating_sub(1));
                let n: u64 = n
                    .parse()
                    .map_err(|_| format!("'{period}' is not a period like 30s, 5m or 1h"))?;
                let secs = match unit {
                    "s" => n,
                    "m" => n * 60,
                    "h" => n * 3600,
                    _ => return Err(format!("'{period}': the unit is s, m or h")),
                };
                if secs == 0 {
                    return Err("a period is at least 1s".into());
                }
                Ok(Schedule::Every(Duration::from_secs(secs)))
            }
            ["daily", at, zone @ ..] if zone.len() <= 1 => {
                let at: jiff::civil::Time = at
                    .parse()
                    .map_err(|_| format!("'{at}' is not a time like 02:00"))?;
                let zone = match zone.first() {
                    Some(z) => jiff::tz::TimeZone::get(z)
                        .map_err(|_| format!("'{z}' is not a time zone (an IANA name)"))?,
                    None => jiff::tz::TimeZone::UTC,
                };
                Ok(Schedule::Daily { at, zone })
            }
            _ => Err(format!(
                "'{s}' is not a schedule: off, every 30s|5m|1h, hourly, daily HH:MM [ZONE]"
            )),
        }
    }
}

impl Schedule {
    /// The latest occurrence at or before `now_ms` (Unix milliseconds).
    pub fn latest(&self, now_ms: i64) -> Option<i64> {
        match self {
            Schedule::Off => None,
            Schedule::Every(p) => {
                let p = p.as_millis() as i64;
                Some(now_ms.div_euclid(p) * p)
            }
            Schedule::Daily { at, zone } => {
                let now = jiff::Timestamp::from_millisecond(now_ms).ok()?;
                let today = now.to_zoned(zone.clone()).date();
                [today, today.yesterday().ok()?]
                    .into_iter()
                    .filter_map(|d| d.to_datetime(*at).to_zoned(zone.clone()).ok())
                    .map(|z| z.timestamp().as_millisecond())
                    .find(|t| *t <= now_ms)
            }
        }
    }
}

impl std::fmt::Display for Schedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Schedule::Off => f.write_str("off"),
            Schedule::Every(p) => {
                let s = p.as_secs();
                match (s % 3600, s % 60) {
                    (0, _) => write!(f, "every {}h", s / 3600),
                    (_, 0) => write!(f, "every {}m", s / 60),
                    _ => write!(f, "every {s}s"),
                }
            }
            Schedule::Daily { at, zone } => write!(
                f,
                "daily {} {}",
                at.strftime("%H:%M"),
                zone.iana_name().unwrap_or("UTC")
            ),
        }
    }
}

/// How a server runs the queue (`steward serve --job-*`).
#[derive(Debug, Clone)]
pub struct SchedulerConfig {
    /// How often the queue is looked at.
    pub tick: Duration,
    /// How long a claim holds before another server may take the run over (renewed at a third).
    pub lease: Duration,
    /// The first retry's delay; each next one doubles it, up to an hour.
    pub retry_base: Duration,
    /// Attempts before a run is given up.
    pub max_attempts: i64,
    /// Runs claimed at once (and run side by side).
    pub batch: i64,
    /// Schedules that replace a job's default.
    pub schedules: BTreeMap<String, Schedule>,
    /// This server, as leases and run records name it.
    pub owner: String,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig {
            tick: Duration::from_secs(1),
            lease: Duration::from_secs(60),
            retry_base: Duration::from_secs(10),
            max_attempts: 20,
            batch: 8,
            schedules: BTreeMap::new(),
            owner: server_name(),
        }
    }
}

/// This process: host, process id and a random part (a restarted process is another owner).
pub fn server_name() -> String {
    format!(
        "{} (process {}) {}",
        std::env::var("HOSTNAME").unwrap_or_else(|_| "localhost".into()),
        std::process::id(),
        &uuid::Uuid::now_v7().simple().to_string()[24..]
    )
}

impl SchedulerConfig {
    /// A job's schedule on this server: its override, else its default.
    pub fn schedule(&self, job: &str) -> Schedule {
        self.schedules.get(job).cloned().unwrap_or_else(|| {
            crate::jobs::job(job)
                .and_then(|j| j.schedule.parse().ok())
                .unwrap_or(Schedule::Off)
        })
    }

    /// The delay before attempt `attempts + 1`.
    pub(crate) fn backoff(&self, attempts: i64) -> Duration {
        let factor = 2u32.saturating_pow(attempts.clamp(1, 20) as u32 - 1);
        self.retry_base
            .saturating_mul(factor)
            .min(Duration::from_secs(3600))
    }
}

pub(crate) fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

fn iso_ms(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| ms.to_string())
}

impl Service {
    /// Run the scheduler until `stop` completes.
    pub async fn run_scheduler(&self, config: SchedulerConfig, stop: impl Future<Output = ()>) {
        tracing::info!(server = %config.owner, "the job scheduler runs");
        tokio::pin!(stop);
        let mut tick = tokio::time::interval(config.tick);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut pruned = 0i64;
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = &mut stop => break,
            }
            if let Err(e) = self.scheduler_tick(&config).await {
                tracing::warn!(error = %e, "the scheduler's tick failed; it tries again at the next");
            }
            let now = now_ms();
            if now - pruned > 3_600_000 {
                pruned = now;
                // A week of ended runs stays visible; what they did is in the audit chain.
                if let Err(e) = self.db.prune_queue(now - 7 * 86_400_000).await {
                    tracing::warn!(error = %e, "pruning the job queue failed");
                }
                if let Err(e) = self.db.prune_shared(now).await {
                    tracing::warn!(error = %e, "pruning the shared values failed");
                }
            }
        }
    }

    /// One tick: add the recurring jobs' due occurrences, then claim and run what is due until
    /// nothing is left. How many runs this server took.
    pub async fn scheduler_tick(&self, config: &SchedulerConfig) -> Result<usize> {
        let now = now_ms();
        for j in JOBS {
            if let Some(at) = config.schedule(j.name).latest(now) {
                let run = NewRun {
                    job: j.name.into(),
                    key: format!("{}@{}", j.name, iso_ms(at)),
                    due_at: at,
                    payload: "{}".into(),
                    // One occurrence at a time: a slow run is not overtaken by the next.
                    lane: Some(format!("job:{}", j.name)),
                    record: None,
                };
                self.db.enqueue(&run, now).await?;
            }
        }
        // What this server can run: every job, webhooks, and the mail when it sends mail.
        let mut kinds: Vec<&str> = JOBS.iter().map(|j| j.name).collect();
        kinds.push("webhook");
        if self.mail.is_some() {
            kinds.push("mail");
        }
        let mut taken = 0;
        loop {
            let runs = self
                .db
                .claim_runs(
                    &config.owner,
                    &kinds,
                    now_ms(),
                    config.lease.as_millis() as i64,
                    config.batch,
                )
                .await?;
            let n = runs.len();
            taken += n;
            futures_util::future::join_all(runs.into_iter().map(|r| self.execute_run(config, r)))
                .await;
            if (n as i64) < config.batch {
                break;
            }
        }
        Ok(taken)
    }

    /// Add a one-off run of a job at an instant; `key` makes it idempotent (the same key twice
    /// adds one run). Whether it was added.
    pub async fn schedule_once(
        &self,
        job_name: &str,
        key: Option<&str>,
        at: time::OffsetDateTime,
        payload: &serde_json::Value,
    ) -> Result<bool> {
        if job(job_name).is_none() {
            return Err(crate::jobs::unknown_job(job_name));
        }
        if !payload.is_object() {
            return Err(DomainError::new(
                ErrorKind::BadRequest,
                "bad_payload",
                "a run's payload is a JSON object",
            )
            .into());
        }
        let key = match key {
            Some(k) => format!("{job_name}:{k}"),
            None => format!("{job_name}:once:{}", uuid::Uuid::now_v7()),
        };
        let run = NewRun {
            job: job_name.into(),
            key,
            due_at: (at.unix_timestamp_nanos() / 1_000_000) as i64,
            payload: payload.to_string(),
            lane: None,
            record: None,
        };
        Ok(self.db.enqueue(&run, now_ms()).await?)
    }

    /// Run one claimed run and end it; errors are logged, never raised (the lease expires).
    async fn execute_run(&self, config: &SchedulerConfig, run: QueuedRun) {
        let span_key = run.key.clone();
        let result = match job(&run.job) {
            Some(_) => self.execute_job_run(config, &run).await,
            None if run.job == "mail" => self.deliver_mail(config, &run).await,
            None if run.job == "webhook" => self.deliver_webhook(config, &run).await,
            None => {
                let how = Finish::Failed {
                    error: format!("no job '{}' on this server", run.job),
                };
                self.db
                    .finish_run(run.seq, &config.owner, &how, now_ms())
                    .await
                    .map(|_| ())
                    .map_err(Into::into)
            }
        };
        if let Err(e) = result {
            tracing::warn!(run = %span_key, error = %e, "a run could not be ended; its lease will expire and it runs again");
        }
    }

    async fn execute_job_run(&self, config: &SchedulerConfig, run: &QueuedRun) -> Result<()> {
        let started = now();
        let payload: serde_json::Value =
            serde_json::from_str(&run.payload).unwrap_or(serde_json::Value::Null);
        let outcome = self
            .with_lease(config, run.seq, self.job_body(&run.job, &payload))
            .await;
        let how = match &outcome {
            Ok(_) => Finish::Done,
            Err(e) if run.attempts < config.max_attempts => Finish::Retry {
                at: now_ms() + config.backoff(run.attempts).as_millis() as i64,
                error: e.to_string(),
            },
            Err(e) => Finish::Failed {
                error: e.to_string(),
            },
        };
        let mut batch = self.batch().await?;
        self.record_run(
            &mut batch,
            &run.job,
            Some((&run.key, run.attempts)),
            &config.owner,
            started,
            &outcome,
        )
        .await?;
        if !batch
            .tx_mut()
            .finish_run(run.seq, &config.owner, &how, now_ms())
            .await?
        {
            // Another server took the run over (this one stalled past its lease): it records it.
            tracing::warn!(run = %run.key, "the lease was lost; the run is left to the server that took it");
            return Ok(());
        }
        batch.commit().await
    }

    /// Run `work` while renewing the lease of run `seq` at a third of its length.
    pub(crate) async fn with_lease<T>(
        &self,
        config: &SchedulerConfig,
        seq: i64,
        work: impl Future<Output = T>,
    ) -> T {
        tokio::pin!(work);
        let lease = config.lease.as_millis() as i64;
        let mut renew = tokio::time::interval(config.lease / 3);
        renew.tick().await;
        loop {
            tokio::select! {
                out = &mut work => return out,
                _ = renew.tick() => {
                    match self.db.renew_lease(seq, &config.owner, now_ms() + lease).await {
                        Ok(true) => {}
                        Ok(false) => tracing::warn!(seq, "a run's lease was lost while it ran"),
                        Err(e) => tracing::warn!(seq, error = %e, "renewing a lease failed"),
                    }
                }
            }
        }
    }

    /// What a job does, by name.
    pub(crate) async fn job_body(
        &self,
        name: &str,
        payload: &serde_json::Value,
    ) -> Result<JobOutcome> {
        match name {
            "sla" => self.run_sla_job().await,
            "timers" => self.run_timers_job().await,
            "approvals" => self.run_approvals_job().await,
            "heartbeat" => {
                // Holding the lease a while lets an operator (and the tests) see a run in flight.
                let hold = payload.get("hold_ms").and_then(|v| v.as_u64()).unwrap_or(0);
                tokio::time::sleep(Duration::from_millis(hold.min(600_000))).await;
                Ok(JobOutcome::default())
            }
            _ => Err(crate::jobs::unknown_job(name)),
        }
    }
}

/// What the administrator's jobs page shows of one job.
#[derive(Debug, Clone)]
pub struct JobSummary {
    pub name: &'static str,
    pub about: &'static str,
    /// Its default schedule (a server may run another: `--schedule`).
    pub schedule: &'static str,
    /// The last recorded run: started, outcome, server.
    pub last_run: Option<(time::OffsetDateTime, String, String)>,
}

/// The administrator's view of the scheduler: the jobs, the queue's counts, its latest rows.
#[derive(Debug, Clone)]
pub struct JobBoard {
    pub jobs: Vec<JobSummary>,
    /// (job, status, count) over the whole queue.
    pub counts: Vec<(String, String, i64)>,
    /// The latest rows the filter selects, newest first.
    pub runs: Vec<QueuedRun>,
}

impl Service {
    /// The scheduler as an administrator sees it: for those who read the job runs of the whole
    /// organization. `job` narrows the rows to one job (`mail` is the outbox's mail, `webhook` the
    /// deliveries), `status` to one status.
    pub async fn job_board(
        &self,
        actor: &crate::Actor,
        job: Option<&str>,
        status: Option<&str>,
    ) -> Result<JobBoard> {
        if actor.permissions.depth("job_run", crate::Privilege::Read) != crate::Depth::Organization
        {
            return Err(DomainError::new(
                ErrorKind::Forbidden,
                "forbidden",
                "the jobs and the outbox are shown to administrators",
            )
            .into());
        }
        let runs_table = self.builtin_table("job_run");
        let mut jobs = Vec::new();
        for j in JOBS {
            let params = vec![
                ("$filter".to_string(), format!("name eq '{}'", j.name)),
                ("$orderby".to_string(), "started_on desc".to_string()),
                ("$top".to_string(), "1".to_string()),
            ];
            let query = steward_odata::parse_query(&self.model, runs_table, &params)
                .expect("a valid query");
            let page = self
                .list(
                    actor,
                    runs_table,
                    &crate::ListRequest {
                        query,
                        max_page_size: Some(1),
                        count_at_most: None,
                    },
                )
                .await?;
            let last = page.rows.first().and_then(|row| {
                let r = &row.record;
                match r.get("started_on") {
                    Some(steward_domain::Value::DateTime(t)) => Some((
                        *t,
                        r.get("outcome")
                            .and_then(|v| v.as_text())
                            .unwrap_or("")
                            .to_string(),
                        r.get("server")
                            .and_then(|v| v.as_text())
                            .unwrap_or("")
                            .to_string(),
                    )),
                    _ => None,
                }
            });
            jobs.push(JobSummary {
                name: j.name,
                about: j.about,
                schedule: j.schedule,
                last_run: last,
            });
        }
        let only: Vec<&str> = job.into_iter().collect();
        let runs = self
            .db
            .queue(&steward_store::QueueFilter {
                jobs: &only,
                status,
                limit: 100,
            })
            .await?;
        Ok(JobBoard {
            jobs,
            counts: self.db.queue_counts().await?,
            runs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Schedule;

    #[test]
    fn schedules_read_and_fall_due() {
        let every: Schedule = "every 5m".parse().unwrap();
        assert_eq!(every.latest(601_000), Some(600_000));
        assert_eq!(every.to_string(), "every 5m");
        assert_eq!("off".parse::<Schedule>().unwrap().latest(1), None);
        let daily: Schedule = "daily 02:00 America/New_York".parse().unwrap();
        // 2026-12-04 06:30 UTC is 01:30 in New York: the latest 02:00 there is the day before's.
        let t = jiff::Timestamp::from_second(1_796_365_800).unwrap();
        assert_eq!(t.to_string(), "2026-12-04T06:30:00Z");
        let got = daily.latest(t.as_millisecond()).unwrap();
        assert_eq!(
            jiff::Timestamp::from_millisecond(got).unwrap().to_string(),
            "2026-12-03T07:00:00Z"
        );
        assert!("every 0s".parse::<Schedule>().is_err());
        assert!("daily 25:00".parse::<Schedule>().is_err());
        assert!("daily 02:00 Mars/Olympus".parse::<Schedule>().is_err());
        assert!("weekly".parse::<Schedule>().is_err());
    }
}
