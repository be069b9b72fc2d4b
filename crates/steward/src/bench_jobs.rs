//! `steward bench --jobs`: the job engine's figures on one server — due runs per second (each
//! claimed under a lease and recorded in `job_runs` with its audit entry), outbox mails per second
//! to a real SMTP server (`--smtp-url`), and how long a breached service level takes from its
//! instant to its mail being accepted by the SMTP server, with the default schedule (the `sla`
//! job every 30 s, the queue looked at every second).

use crate::bench::write_section;
use anyhow::Context;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use steward_domain::value::now;
use steward_model::Model;
use steward_service::{Actor, MailConfig, Processes, SchedulerConfig, Service};
use steward_store::{redact_url, Db, QueueFilter};

pub async fn run(
    db_url: &str,
    smtp_url: Option<&str>,
    runs: usize,
    report: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let db = Db::connect(db_url)
        .await
        .with_context(|| format!("cannot open {}", redact_url(db_url)))?;
    let backend = match db.dialect() {
        steward_store::Dialect::Sqlite => "SQLite",
        steward_store::Dialect::Postgres => "PostgreSQL",
    };
    let model = Model::builtin();
    // A critical incident's target is 20 seconds here, so that a breach comes soon.
    let declaration = steward_process::DECLARATION.replacen(
        "resolve_within_hours = 4\n",
        "resolve_within_hours = 0.0055556\n",
        1,
    );
    let processes = Processes::parse(&declaration, &model).map_err(anyhow::Error::msg)?;
    let mut service = Service::with_processes(Arc::new(model), db, processes);
    if let Some(url) = smtp_url {
        service = service.with_mail(
            MailConfig::from_url(
                url,
                "Steward <steward@bench.example>",
                "http://127.0.0.1:8080",
                None,
            )
            .map_err(anyhow::Error::msg)?,
        );
    }
    service.start().await?;
    let config = SchedulerConfig::default();
    let mut out = String::new();

    // 1. Due runs: one-off heartbeats, all due now, drained by one server's ticks.
    for _ in 0..runs {
        service
            .schedule_once(
                "heartbeat",
                None,
                time::OffsetDateTime::now_utc(),
                &json!({}),
            )
            .await?;
    }
    let started = Instant::now();
    let mut done = 0;
    while done < runs {
        done += service.scheduler_tick(&config).await?;
    }
    let secs = started.elapsed().as_secs_f64();
    out.push_str(&format!(
        "- **{:.0} due runs/s**: {runs} one-off runs claimed under a lease (8 at a time), each recorded in `job_runs` with its audit entry, in {secs:.1} s.\n",
        runs as f64 / secs
    ));
    println!("{out}");

    if smtp_url.is_some() {
        // 2. The outbox: a mail to each of `runs` requesters, enqueued by their requests.
        let persons = service.table_by_set("persons")?;
        let requests = service.table_by_set("it_service_requests")?;
        let mut batch = service.batch().await?;
        let mut people = Vec::new();
        for i in 0..runs {
            let p = service
                .create_in(
                    &mut batch,
                    Actor::administrator(),
                    persons,
                    json!({"first_name": format!("Mail{i}"), "last_name": "Bench", "email": format!("m{i}@bench.example")})
                        .as_object()
                        .unwrap(),
                    None,
                )
                .await?;
            people.push(p.get("id").and_then(|v| v.as_uuid()).unwrap());
        }
        batch.commit().await?;
        for p in &people {
            service
                .create(
                    Actor::administrator(),
                    requests,
                    json!({"name": "Bench request", "requested_by_id": p.to_string()})
                        .as_object()
                        .unwrap(),
                )
                .await?;
        }
        let started = Instant::now();
        loop {
            service.scheduler_tick(&config).await?;
            let left = service
                .db()
                .queue(&QueueFilter {
                    jobs: &["mail"],
                    status: Some("pending"),
                    limit: 1,
                })
                .await?;
            if left.is_empty() {
                break;
            }
        }
        let secs = started.elapsed().as_secs_f64();
        let line = format!(
            "- **{:.0} mails/s** from the outbox to the SMTP server: {runs} mails, each its own SMTP transaction on a pooled connection, in {secs:.1} s.\n",
            runs as f64 / secs
        );
        println!("{line}");
        out.push_str(&line);

        // 3. Breach to mail, the scheduler running as `steward serve` runs it.
        let incidents = service.table_by_set("incidents")?;
        let teams = service.table_by_set("organization_units")?;
        let lead = people[0];
        let team = service
            .create(
                Actor::administrator(),
                teams,
                json!({"name": "Bench desk", "manager_id": lead.to_string()})
                    .as_object()
                    .unwrap(),
            )
            .await?;
        let team = team.get("id").and_then(|v| v.as_uuid()).unwrap();
        let mut agents = Vec::new();
        for i in 0..3 {
            let a = service
                .create(
                    Actor::administrator(),
                    persons,
                    json!({"first_name": format!("Agent{i}"), "last_name": "Bench",
                           "email": format!("agent{i}@bench.example"), "organization_unit_id": team.to_string()})
                        .as_object()
                        .unwrap(),
                )
                .await?;
            agents.push(a.get("id").and_then(|v| v.as_uuid()).unwrap());
        }
        let mut dues = Vec::new();
        for (i, agent) in agents.iter().enumerate() {
            let inc = service
                .create(
                    Actor::administrator(),
                    incidents,
                    json!({"name": format!("Bench outage {i}"), "impact": "very_high", "urgency": "very_high",
                           "assigned_team_id": team.to_string(), "assigned_to_id": agent.to_string()})
                        .as_object()
                        .unwrap(),
                )
                .await?;
            if let Some(steward_domain::Value::DateTime(t)) = inc.get("due_on") {
                dues.push((
                    inc.get("number")
                        .and_then(|v| v.as_text())
                        .unwrap_or("")
                        .to_string(),
                    *t,
                ));
            }
            tokio::time::sleep(Duration::from_secs(7)).await;
        }
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let runner = {
            let service = service.clone();
            tokio::spawn(async move {
                service
                    .run_scheduler(SchedulerConfig::default(), async {
                        let _ = stopped.await;
                    })
                    .await
            })
        };
        let mut lags = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(180);
        while lags.len() < dues.len() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let rows = service
                .db()
                .queue(&QueueFilter {
                    jobs: &["mail"],
                    status: Some("done"),
                    limit: 100,
                })
                .await?;
            lags = dues
                .iter()
                .filter_map(|(number, due)| {
                    let row = rows.iter().find(|r| {
                        r.payload.contains("Service level breached")
                            && r.payload.contains(number.as_str())
                    })?;
                    let done = row.done_at?;
                    Some((done - (due.unix_timestamp_nanos() / 1_000_000) as i64) as f64 / 1000.0)
                })
                .collect();
        }
        let _ = stop.send(());
        let _ = runner.await;
        anyhow::ensure!(
            lags.len() == dues.len(),
            "not every breach was mailed in 3 minutes"
        );
        let worst = lags.iter().cloned().fold(0.0, f64::max);
        let mean = lags.iter().sum::<f64>() / lags.len() as f64;
        let line = format!(
            "- **breach to mail: {mean:.1} s on average, {worst:.1} s at worst** over {} breaches at staggered instants (the `sla` job every 30 s, the queue every second; the target is under 60 s).\n",
            lags.len()
        );
        println!("{line}");
        out.push_str(&line);
    } else {
        println!("(no --smtp-url: the outbox and breach figures need a real SMTP server)");
    }
    if let Some(path) = report {
        let section = format!(
            "## The job engine on {backend}\n\nMeasured {} on one server, {} cores:\n\n```sh\ncargo build --release -p steward && target/release/steward --db {} bench --jobs --runs {runs}{}\n```\n\n{out}",
            now().date(),
            std::thread::available_parallelism().map_or(1, |n| n.get()),
            redact_url(db_url),
            smtp_url.map(|u| format!(" --smtp-url {u}")).unwrap_or_default(),
        );
        write_section(
            &path.to_path_buf(),
            &format!("jobs-{}", backend.to_lowercase()),
            &section,
        )?;
    }
    service.db().close().await;
    Ok(())
}
