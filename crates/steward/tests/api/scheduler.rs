//! The job engine across servers: two real `steward serve` processes on one database run every due
//! run — one-off runs queued at instants, and a recurring job's occurrences — exactly once; then
//! one of them is SIGKILLed while it holds runs, and the other takes those runs over once their
//! leases expire: none lost, none doubled (each run is recorded once in `job_runs`).

use crate::crash::{free_port, raw_rows, run, start_with};
use crate::testkit::FreshDb;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Child;
use std::sync::Arc;
use std::time::Duration;
use steward_model::Model;
use steward_service::Service;

/// Servers look at the queue every 100 ms and lease a run for 2 s; the heartbeat recurs every
/// second; the other jobs are off (their work is tested elsewhere).
const SERVE: &[&str] = &[
    "--job-tick-ms",
    "100",
    "--job-lease-seconds",
    "2",
    "--schedule",
    "heartbeat=every 1s",
    "--schedule",
    "sla=off",
    "--schedule",
    "timers=off",
];

struct Servers {
    url: String,
    client: reqwest::Client,
}

impl Servers {
    async fn start(&self) -> Child {
        start_with(&self.url, free_port(), &self.client, SERVE).await
    }
}

/// (run_key, status, attempts, lease_owner) of every queued run.
async fn queue(db: &FreshDb) -> Vec<(String, String, i64, String)> {
    raw_rows(
        db.backend,
        &db.url,
        "SELECT run_key, status, CAST(attempts AS TEXT), COALESCE(lease_owner, '') FROM job_queue",
    )
    .await
    .into_iter()
    .map(|r| {
        (
            r[0].clone(),
            r[1].clone(),
            r[2].parse().unwrap(),
            r[3].clone(),
        )
    })
    .collect()
}

/// The recorded runs of queued runs: run_key -> [(attempt, server)].
async fn recorded(db: &FreshDb) -> BTreeMap<String, Vec<(i64, String)>> {
    let mut out: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for r in raw_rows(
        db.backend,
        &db.url,
        "SELECT run_key, CAST(attempt AS TEXT), server FROM job_run WHERE run_key IS NOT NULL",
    )
    .await
    {
        out.entry(r[0].clone())
            .or_default()
            .push((r[1].parse().unwrap(), r[2].clone()));
    }
    out
}

/// Wait until every one-off run is done and at least `recurring` heartbeat occurrences are.
async fn wait_done(db: &FreshDb, recurring: usize) {
    for _ in 0..600 {
        let q = queue(db).await;
        let open = q
            .iter()
            .filter(|r| r.0.starts_with("heartbeat:") && r.1 != "done")
            .count();
        let occurrences = q
            .iter()
            .filter(|r| r.0.starts_with("heartbeat@") && r.1 == "done")
            .count();
        if open == 0 && occurrences >= recurring {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the servers did not run every due run in a minute");
}

/// Every queued run that is done was recorded exactly once, and nothing else was recorded.
async fn each_done_run_recorded_once(db: &FreshDb) -> BTreeMap<String, Vec<(i64, String)>> {
    let q = queue(db).await;
    let runs = recorded(db).await;
    for (key, status, _, _) in &q {
        if status == "done" {
            let got = runs.get(key).map(Vec::len).unwrap_or(0);
            assert_eq!(got, 1, "{key} was recorded {got} times");
        }
    }
    let queued: BTreeSet<&String> = q.iter().map(|r| &r.0).collect();
    for key in runs.keys() {
        assert!(queued.contains(key), "{key} was recorded but never queued");
    }
    runs
}

fn pid_of(server: &str) -> &str {
    server
        .split("(process ")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .unwrap_or("")
}

async fn one_off(service: &Service, n: usize, spread_ms: i64, hold_ms: u64) {
    let now = time::OffsetDateTime::now_utc();
    for i in 0..n {
        let at = now + time::Duration::milliseconds(spread_ms * i as i64 / n as i64);
        let payload = serde_json::json!({ "hold_ms": hold_ms });
        let added = service
            .schedule_once("heartbeat", None, at, &payload)
            .await
            .expect("queue a run");
        assert!(added);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_run_each_due_run_once_even_when_one_is_killed() {
    let db = FreshDb::create().await;
    run(&db.url, &["migrate"]).await;
    let service = Service::new(
        Arc::new(Model::builtin()),
        steward_store::Db::connect(&db.url).await.expect("connect"),
    );
    let servers = Servers {
        url: db.url.clone(),
        client: reqwest::Client::builder().no_proxy().build().unwrap(),
    };

    // 1. 200 one-off runs due over four seconds, and a heartbeat every second, on two servers.
    one_off(&service, 200, 4_000, 20).await;
    let mut a = servers.start().await;
    let mut b = servers.start().await;
    wait_done(&db, 8).await;
    let runs = each_done_run_recorded_once(&db).await;
    let servers_seen: BTreeSet<&str> = runs.values().flatten().map(|(_, s)| pid_of(s)).collect();
    assert_eq!(
        servers_seen,
        BTreeSet::from([a.id().to_string().as_str(), b.id().to_string().as_str()]),
        "both servers took runs"
    );
    assert!(runs.values().flatten().all(|(attempt, _)| *attempt == 1));
    let by_server = |pid: &str| {
        runs.values()
            .flatten()
            .filter(|(_, s)| pid_of(s) == pid)
            .count()
    };
    eprintln!(
        "{} runs, each once: {} by one server, {} by the other",
        runs.len(),
        by_server(&a.id().to_string()),
        by_server(&b.id().to_string())
    );
    assert!(
        runs.len() >= 208,
        "{} runs: 200 one-off and at least 8 occurrences",
        runs.len()
    );
    // The recurring occurrences come every second, none missing between the first and the last.
    let mut seconds: Vec<i64> = queue(&db)
        .await
        .iter()
        .filter(|r| r.0.starts_with("heartbeat@"))
        .map(|r| {
            time::OffsetDateTime::parse(
                &r.0["heartbeat@".len()..],
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap()
            .unix_timestamp()
        })
        .collect();
    seconds.sort_unstable();
    assert!(
        seconds.windows(2).all(|w| w[1] - w[0] == 1),
        "an occurrence is missing: {seconds:?}"
    );

    // 2. Runs that hold their lease for a while; one server is killed while it holds some.
    one_off(&service, 40, 1_000, 600).await;
    let a_pid = a.id().to_string();
    let mut held_by_a = Vec::new();
    for _ in 0..200 {
        held_by_a = queue(&db)
            .await
            .into_iter()
            .filter(|r| r.1 == "running" && pid_of(&r.3) == a_pid)
            .map(|r| r.0)
            .collect();
        if held_by_a.iter().any(|k| k.starts_with("heartbeat:")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    a.kill().expect("SIGKILL a server");
    a.wait().expect("reap it");
    // Read again after the kill: what the killed server held then is what it never finished.
    let held: Vec<String> = queue(&db)
        .await
        .into_iter()
        .filter(|r| r.1 == "running" && pid_of(&r.3) == a_pid)
        .map(|r| r.0)
        .collect();
    assert!(
        held.iter().any(|k| k.starts_with("heartbeat:")),
        "the killed server held no one-off run (it held {held_by_a:?})"
    );
    eprintln!("killed a server holding {} runs: {held:?}", held.len());
    wait_done(&db, 0).await;
    let runs = each_done_run_recorded_once(&db).await;
    let q = queue(&db).await;
    let b_pid = b.id().to_string();
    for key in &held {
        let row = q.iter().find(|r| &r.0 == key).expect("still queued");
        assert_eq!(row.1, "done", "{key} was taken over and done");
        assert_eq!(
            row.2, 2,
            "{key} was attempted twice: killed, then taken over"
        );
        let by = &runs[key];
        assert_eq!(by.len(), 1, "{key}: {by:?}");
        assert_eq!(by[0].0, 2, "{key} is recorded as its second attempt");
        assert_eq!(
            pid_of(&by[0].1),
            b_pid,
            "{key} was finished by the other server"
        );
    }
    let one_offs = q.iter().filter(|r| r.0.starts_with("heartbeat:")).count();
    assert_eq!(one_offs, 240);
    assert!(q
        .iter()
        .filter(|r| r.0.starts_with("heartbeat:") && !held.contains(&r.0))
        .all(|r| r.2 == 1 && r.1 == "done"));
    b.kill().expect("stop the other server");
    b.wait().expect("reap it");
    service.db().close().await;
    drop(db);
}
