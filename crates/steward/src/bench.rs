//! `steward bench`: load N service requests through the domain layer (validated and audited), then
//! measure the API over real HTTP on loopback. Figures go to stdout and, on request, into a section of
//! `docs/performance.md` per backend, with the command that produced them.

use anyhow::Context;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value as Json};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use steward_domain::value::{format_datetime, now};
use steward_domain::{Record, Value};
use steward_model::Model;
use steward_service::{Actor, Scope, Service};
use steward_store::{redact_url, Db, Dialect};

#[derive(clap::Args)]
pub struct BenchArgs {
    /// How many service requests to load.
    #[arg(long, default_value_t = 100_000)]
    requests: u64,
    /// Timed requests per measurement (after a warm-up).
    #[arg(long, default_value_t = 1000)]
    samples: usize,
    /// Records per transaction in the bulk load.
    #[arg(long, default_value_t = 5000)]
    batch: usize,
    /// Start from an empty database: delete the SQLite file, or drop and re-create the PostgreSQL database.
    #[arg(long)]
    fresh: bool,
    /// Write the figures into this Markdown file (one section per backend, replaced on each run).
    #[arg(long)]
    write_report: Option<PathBuf>,
    /// Measure the job engine instead: due runs per second, outbox mails per second, breach to mail.
    #[arg(long)]
    jobs: bool,
    /// With --jobs: how many runs (and mails) to measure.
    #[arg(long, default_value_t = 2000)]
    runs: usize,
    /// With --jobs: the SMTP server the outbox figures send to (a real one; e.g. a local aiosmtpd).
    #[arg(long)]
    smtp_url: Option<String>,
}

/// p50, p95, p99 and the mean of a set of timings, in milliseconds.
struct Figures {
    p50: f64,
    p95: f64,
    p99: f64,
    mean: f64,
    n: usize,
}

fn figures(mut d: Vec<Duration>) -> Figures {
    d.sort();
    let ms = |x: Duration| x.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(d[((d.len() as f64 * q).ceil() as usize).clamp(1, d.len()) - 1]);
    Figures {
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
        mean: d.iter().map(|x| ms(*x)).sum::<f64>() / d.len() as f64,
        n: d.len(),
    }
}

async fn fresh_database(url: &str) -> anyhow::Result<()> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or(path);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
        return Ok(());
    }
    let (server, name) = url
        .rsplit_once('/')
        .context("a postgres:// URL names its database")?;
    let name = name.split('?').next().unwrap_or(name);
    anyhow::ensure!(
        name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "unexpected database name '{name}'"
    );
    let admin = Db::connect(&format!("{server}/postgres"))
        .await
        .or(Db::connect(&format!("{server}/test")).await)?;
    admin
        .execute_unchecked(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await?;
    admin
        .execute_unchecked(&format!("CREATE DATABASE \"{name}\""))
        .await?;
    admin.close().await;
    Ok(())
}

fn weighted<'a>(rng: &mut StdRng, choices: &[(&'a str, u32)]) -> &'a str {
    let total: u32 = choices.iter().map(|c| c.1).sum();
    let mut n = rng.gen_range(0..total);
    for (code, w) in choices {
        if n < *w {
            return code;
        }
        n -= w;
    }
    choices[0].0
}

async fn create(
    service: &Service,
    set: &str,
    bodies: Vec<Map<String, Json>>,
) -> anyhow::Result<Vec<String>> {
    create_with(service, set, bodies, &[]).await
}

async fn create_with(
    service: &Service,
    set: &str,
    bodies: Vec<Map<String, Json>>,
    states: &[Record],
) -> anyhow::Result<Vec<String>> {
    let table = service.table_by_set(set)?;
    let mut batch = service.batch().await?;
    let records = service
        .create_many_with(&mut batch, Actor::administrator(), table, &bodies, states)
        .await?;
    batch.commit().await?;
    Ok(records
        .iter()
        .map(|r| {
            r.get("id")
                .and_then(Value::as_uuid)
                .expect("ids")
                .to_string()
        })
        .collect())
}

fn obj(v: Json) -> Map<String, Json> {
    v.as_object().expect("an object").clone()
}

pub async fn run(db_url: &str, args: BenchArgs) -> anyhow::Result<()> {
    if args.fresh {
        fresh_database(db_url).await?;
    }
    if args.jobs {
        return crate::bench_jobs::run(
            db_url,
            args.smtp_url.as_deref(),
            args.runs.max(1),
            args.write_report.as_deref(),
        )
        .await;
    }
    let db = Db::connect(db_url)
        .await
        .with_context(|| format!("cannot open {}", redact_url(db_url)))?;
    let backend = match db.dialect() {
        Dialect::Sqlite => "SQLite",
        Dialect::Postgres => "PostgreSQL",
    };
    let service = Service::new(Arc::new(Model::builtin()), db);
    service.start().await?;
    let admin_password = format!("bench-{}", rand::random::<u64>());
    service.ensure_admin_account(Some(&admin_password)).await?;
    let mut rng = StdRng::seed_from_u64(7);

    // The base: units, 1,000 people, request types and work assignment codes.
    let units = create(
        &service,
        "organization_units",
        (0..10)
            .map(|i| obj(json!({"name": format!("Unit {i}"), "code": format!("U{i}")})))
            .collect(),
    )
    .await?;
    let people = create(
        &service,
        "persons",
        (0..1000)
            .map(|i| obj(json!({"first_name": format!("Person{i}"), "last_name": "Bench", "email": format!("p{i}@bench.example"), "organization_unit_id": units[i % 10]})))
            .collect(),
    )
    .await?;
    let types = create(
        &service,
        "it_service_request_types",
        (0..12)
            .map(|i| obj(json!({"name": format!("Type {i}"), "is_orderable": true})))
            .collect(),
    )
    .await?;
    let codes = create(
        &service,
        "it_work_assignment_codes",
        (0..3)
            .map(|i| obj(json!({"name": format!("Code {i}"), "code": format!("C{i}"), "start_date": format_datetime(now() - time::Duration::days(800)), "end_date": format_datetime(now() + time::Duration::days(400))})))
            .collect(),
    )
    .await?;

    // The bulk load, through the domain layer: every record validated and audited.
    eprintln!(
        "loading {} service requests into {backend}...",
        args.requests
    );
    let started = Instant::now();
    let mut ids: Vec<String> = Vec::with_capacity(args.requests as usize);
    let mut loaded = 0u64;
    while loaded < args.requests {
        let n = (args.requests - loaded).min(args.batch as u64);
        let bodies: Vec<Map<String, Json>> = (0..n)
            .map(|i| {
                let requester = people.choose(&mut rng).expect("people");
                let mut b = json!({
                    "name": format!("Request {}", loaded + i + 1),
                    "priority": weighted(&mut rng, &[("critical", 3), ("high", 12), ("medium", 45), ("low", 35), ("planning", 5)]),
                    "requested_by_id": requester, "requested_for_id": requester,
                    "it_service_request_type_id": types.choose(&mut rng).expect("types"),
                    "method_of_contact": weighted(&mut rng, &[("portal", 70), ("email", 15), ("phone", 10), ("chat", 5)]),
                    "description": "Please provide the item described in the title.",
                });
                if rng.gen_bool(0.5) {
                    b["it_work_assignment_code_id"] = json!(codes.choose(&mut rng).expect("codes"));
                }
                obj(b)
            })
            .collect();
        // Two years of history as Steward's own values (statuses and dates are workflow-owned: a
        // caller's records start as drafts and move through transitions).
        let states: Vec<Record> = (0..n)
            .map(|_| {
                let status = weighted(
                    &mut rng,
                    &[
                        ("closed", 35),
                        ("fulfilled", 20),
                        ("in_progress", 10),
                        ("submitted", 8),
                        ("pending_approval", 8),
                        ("approved", 5),
                        ("rejected", 4),
                        ("on_hold", 3),
                        ("cancelled", 4),
                        ("draft", 3),
                    ],
                );
                let at = now() - time::Duration::minutes(rng.gen_range(0..730 * 24 * 60));
                Record::from([
                    ("request_status".to_string(), Value::Text(status.into())),
                    ("request_date".to_string(), Value::DateTime(at)),
                ])
            })
            .collect();
        ids.extend(create_with(&service, "it_service_requests", bodies, &states).await?);
        loaded += n;
        eprintln!(
            "  {loaded} loaded ({:.0} records/s)",
            loaded as f64 / started.elapsed().as_secs_f64()
        );
    }
    let load_secs = started.elapsed().as_secs_f64();
    let rate = args.requests as f64 / load_secs;
    // Statistics for the planner; on PostgreSQL also the visibility map that index-only scans
    // (counts) need, which autovacuum would build soon after a bulk load anyway.
    let settle = match service.db().dialect() {
        Dialect::Postgres => "VACUUM ANALYZE",
        Dialect::Sqlite => "ANALYZE",
    };
    service.db().execute_unchecked(settle).await?;

    // The API over real HTTP on loopback.
    let token = service
        .create_token(Actor::administrator(), "admin", "bench", 1, Scope::Read)
        .await?
        .token;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr: SocketAddr = listener.local_addr()?;
    // The whole application: the API and the web UI, as `steward serve` runs it.
    let app = steward_web::app(service.clone(), steward_api::ApiConfig::default())
        .into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let client = reqwest::Client::builder().no_proxy().build()?;
    let base = format!("http://{addr}/api/v1/it_service_requests");
    let time_get = |url: String| {
        let (client, token) = (client.clone(), token.clone());
        async move {
            let t = Instant::now();
            let resp = client.get(&url).bearer_auth(&token).send().await?;
            anyhow::ensure!(resp.status().is_success(), "{url}: {}", resp.status());
            resp.bytes().await?;
            Ok::<Duration, anyhow::Error>(t.elapsed())
        }
    };
    let statuses = [
        "in_progress",
        "submitted",
        "pending_approval",
        "on_hold",
        "approved",
    ];
    let list_url = |i: usize| {
        format!(
            "{base}?$filter=request_status eq '{}' and priority in ('high','critical')&$orderby=request_date desc&$top=50",
            statuses[i % statuses.len()]
        )
    };
    let count_url = |i: usize| {
        format!(
            "{base}?$filter=request_status eq '{}'&$count=true&$top=0",
            statuses[i % statuses.len()]
        )
    };
    // The web UI signed in as a browser is: the session cookie (resolved, with its roles, on every
    // page) and HTML rendered on the server.
    // The sign-in answers with a redirect that carries the cookies: do not follow it.
    let signed_in = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()?
        .post(format!("http://{addr}/login"))
        .form(&[
            ("user_name", "admin"),
            ("password", admin_password.as_str()),
            ("next", "/"),
        ])
        .send()
        .await?;
    let cookies: Vec<String> = signed_in
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .collect();
    anyhow::ensure!(
        cookies.len() >= 2,
        "signing in to the web UI failed: {}",
        signed_in.status()
    );
    let cookie = cookies.join("; ");
    let web = format!("http://{addr}/app/it_service_requests");
    let time_page = |url: String| {
        let (client, cookie) = (client.clone(), cookie.clone());
        async move {
            let t = Instant::now();
            let resp = client
                .get(&url)
                .header(reqwest::header::COOKIE, &cookie)
                .send()
                .await?;
            anyhow::ensure!(resp.status().is_success(), "{url}: {}", resp.status());
            let body = resp.text().await?;
            anyhow::ensure!(
                body.contains("<table class=\"list\">"),
                "{url}: not a list page"
            );
            Ok::<Duration, anyhow::Error>(t.elapsed())
        }
    };
    let page_url = |label: &str, i: usize| match label {
        "page" => format!("{web}?page={}", i % 20),
        _ => format!(
            "{web}?f=request_status&o=eq&v={}&sort=request_date&dir=desc",
            statuses[i % statuses.len()]
        ),
    };
    let plan = [
        ("list", args.samples),
        ("get", args.samples),
        ("count", (args.samples / 10).max(20)),
        ("page", args.samples),
        ("page_filtered", args.samples),
    ];
    let mut results = Vec::new();
    for (label, samples) in plan {
        let web_page = label.starts_with("page");
        let url_for = |i: usize| match label {
            "list" => list_url(i),
            "get" => format!("{base}({})", ids[(i * 7919) % ids.len()]),
            "count" => count_url(i),
            _ => page_url(label, i),
        };
        for i in 0..20 {
            if web_page {
                time_page(url_for(i + 1_000_000)).await?;
            } else {
                time_get(url_for(i + 1_000_000)).await?;
            }
        }
        let mut timings = Vec::with_capacity(samples);
        for i in 0..samples {
            timings.push(if web_page {
                time_page(url_for(i)).await?
            } else {
                time_get(url_for(i)).await?
            });
        }
        results.push((label, figures(timings)));
    }
    // The CSV export of the whole table, streamed: its time to the last byte and its rate.
    let t = Instant::now();
    let export = client
        .get(format!("{web}/export.csv?cols=number,name,request_status,priority,requested_by_id,request_date"))
        .header(reqwest::header::COOKIE, &cookie)
        .send()
        .await?;
    anyhow::ensure!(export.status().is_success(), "export: {}", export.status());
    let csv = export.bytes().await?;
    let export_secs = t.elapsed().as_secs_f64();
    let export_rows = csv
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        .saturating_sub(1);
    anyhow::ensure!(
        export_rows as u64 == args.requests,
        "the export has {export_rows} rows, not {}",
        args.requests
    );
    server.abort();

    let nproc = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    let describe = |label: &str| {
        match label {
        "list" => "filtered, sorted first page of 50 (`request_status eq ... and priority in ('high','critical')`, `$orderby=request_date desc`)",
        "get" => "single GET by id",
        "count" => "`$count=true&$top=0` with a status filter",
        "page" => "web UI list page of 50 rows (`/app/it_service_requests`: default columns with their lookups, newest first, the count up to 10,000, pages 1-20), signed in with a session cookie",
        _ => "web UI list page of 50 rows filtered by status, sorted by request date (`?f=request_status&o=eq&v=...&sort=request_date&dir=desc`)",
    }
    };
    let mut table = String::from("| measurement | samples | p50 ms | p95 ms | p99 ms | mean ms |\n|---|---|---|---|---|---|\n");
    for (label, f) in &results {
        table.push_str(&format!(
            "| {} | {} | {:.2} | {:.2} | {:.2} | {:.2} |\n",
            describe(label),
            f.n,
            f.p50,
            f.p95,
            f.p99,
            f.mean
        ));
    }
    let summary = format!(
        "{table}\nAudited bulk load: {} service requests in {load_secs:.1} s = **{rate:.0} records/s** (batches of {}; each record validated, numbered and written with its audit entry).\n\nCSV export of the whole table from the web UI (6 columns, the requester's name looked up): {export_rows} rows, {:.1} MB in {export_secs:.1} s = **{:.0} rows/s**, streamed.\n",
        args.requests,
        args.batch,
        csv.len() as f64 / 1e6,
        export_rows as f64 / export_secs
    );
    println!(
        "## {backend}, {} service requests\n\n{summary}",
        args.requests
    );
    if let Some(path) = args.write_report {
        let command = format!(
            "cargo build --release -p steward && target/release/steward --db {} bench --requests {} --samples {}{} --write-report {}",
            redact_url(db_url),
            args.requests,
            args.samples,
            if args.fresh { " --fresh" } else { "" },
            path.display()
        );
        let section = format!(
            "## {backend}, {} service requests\n\nMeasured {} on a machine with {nproc} cores and {mem_gib:.0} GiB, over HTTP on 127.0.0.1, sequential requests after a warm-up of 20.\n\n```sh\n{command}\n```\n\n{summary}",
            args.requests,
            now().date(),
        );
        write_section(
            &path,
            &format!("{}-{}", backend.to_lowercase(), args.requests),
            &section,
        )?;
        eprintln!("wrote the {backend} figures to {}", path.display());
    }
    service.db().close().await;
    Ok(())
}

/// Replace (or add) the section between `<!-- bench:KEY -->` markers.
pub(crate) fn write_section(path: &PathBuf, key: &str, section: &str) -> anyhow::Result<()> {
    let (start, end) = (
        format!("<!-- bench:{key} -->"),
        format!("<!-- /bench:{key} -->"),
    );
    let doc = std::fs::read_to_string(path).unwrap_or_else(|_| "# Performance\n\n".to_string());
    let block = format!("{start}\n{section}{end}\n\n");
    let updated = match (doc.find(&start), doc.find(&end)) {
        (Some(a), Some(b)) if b > a => format!(
            "{}{block}{}",
            &doc[..a],
            doc[b + end.len()..].trim_start_matches('\n')
        ),
        _ => format!("{}\n\n{block}", doc.trim_end()),
    };
    std::fs::write(path, updated)?;
    Ok(())
}
