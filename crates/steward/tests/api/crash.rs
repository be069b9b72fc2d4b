//! The crash test: the real `steward serve` on a fresh database of the selected backend, concurrent
//! writers creating and patching records over HTTP, the server SIGKILLed at random moments and
//! started again. In the end every acknowledged write is there, nothing is half-written (each row
//! has its create entry and one update entry per version, each audit entry's record exists) and
//! `steward audit verify` passes.

use crate::testkit::{Backend, FreshDb};
use rand::Rng;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use steward_model::Model;

const KILLS: usize = 6;
const WRITERS: usize = 4;
const PASSWORD: &str = "crash test password";
/// The tables written, as (entity set, table).
const SETS: [(&str, &str); 2] = [
    ("it_systems", "it_system"),
    ("it_service_requests", "it_service_request"),
];

pub(crate) fn steward(db: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_steward"));
    c.args(["--db", db])
        .env("STEWARD_ADMIN_PASSWORD", PASSWORD)
        .env("STEWARD_LOG", "warn")
        .env_remove("STEWARD_DATABASE_URL");
    c
}

/// Run a command of the binary to the end; its stdout.
pub(crate) async fn run(db: &str, args: &[&str]) -> String {
    let mut c = steward(db);
    c.args(args);
    let what = format!("steward {}", args.join(" "));
    let out = tokio::task::spawn_blocking(move || c.output().expect("run the steward binary"))
        .await
        .expect("join");
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Start `steward serve` and wait until it answers `/healthz`.
async fn start(db: &str, port: u16, client: &reqwest::Client) -> Child {
    start_with(db, port, client, &[]).await
}

/// Start `steward serve` with more arguments and wait until it answers `/healthz`.
pub(crate) async fn start_with(
    db: &str,
    port: u16,
    client: &reqwest::Client,
    args: &[&str],
) -> Child {
    let mut c = steward(db);
    c.args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    let mut child = c.spawn().expect("start steward serve");
    for _ in 0..600 {
        if let Some(status) = child.try_wait().expect("try_wait") {
            panic!("steward serve exited at start: {status}");
        }
        let up = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await;
        if up.is_ok_and(|r| r.status().is_success()) {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("steward serve did not answer /healthz on port {port}");
}

/// What the server acknowledged: the highest version answered for each record, by set.
#[derive(Default)]
struct Acked {
    versions: BTreeMap<(String, String), i64>,
    writes: u64,
}

/// One writer: creates records of both sets and patches its own, until told to stop. Failures
/// (the server is down, or was killed mid-request) are not acknowledged and simply retried later.
async fn writer(
    w: usize,
    base: String,
    client: reqwest::Client,
    acked: Arc<Mutex<Acked>>,
    count: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
) {
    let mut mine: Vec<(String, String)> = Vec::new();
    let mut k = 0u64;
    while !stop.load(Ordering::Relaxed) {
        k += 1;
        let patch = !mine.is_empty() && rand::thread_rng().gen_bool(0.6);
        let (set, url, body, is_create) = if patch {
            let (set, id) = mine[rand::thread_rng().gen_range(0..mine.len())].clone();
            let body = json!({"description": format!("writer {w} edit {k}")});
            (set.clone(), format!("{base}/{set}({id})"), body, false)
        } else {
            let set = SETS[k as usize % SETS.len()].0.to_string();
            let body = json!({"name": format!("crash writer {w} record {k}")});
            (set.clone(), format!("{base}/{set}"), body, true)
        };
        let rb = if is_create {
            client.post(&url)
        } else {
            client.patch(&url)
        };
        let answer = match rb.json(&body).send().await {
            Ok(r) => {
                let status = r.status().as_u16();
                r.json::<Value>().await.ok().map(|b| (status, b))
            }
            Err(_) => None,
        };
        let Some((status, body)) = answer else {
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        assert!(status < 500, "{url}: the server answered {status}: {body}");
        if !(200..300).contains(&status) {
            panic!("{url}: {status} {body}");
        }
        let id = body["id"].as_str().expect("an id").to_string();
        let version = body["row_version"].as_i64().expect("a row_version");
        let mut a = acked.lock().unwrap();
        let v = a.versions.entry((set.clone(), id.clone())).or_insert(0);
        *v = (*v).max(version);
        a.writes += 1;
        drop(a);
        count.fetch_add(1, Ordering::Relaxed);
        if is_create {
            mine.push((set, id));
        }
    }
}

/// Raw rows of the database, bypassing Steward: each column read as text.
pub(crate) async fn raw_rows(backend: Backend, url: &str, sql: &str) -> Vec<Vec<String>> {
    use sqlx::{Connection, Row};
    match backend {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(url).await.expect("connect");
            let rows = sqlx::query(sql).fetch_all(&mut c).await.expect(sql);
            rows.iter()
                .map(|r| (0..r.len()).map(|i| r.get::<String, _>(i)).collect())
                .collect()
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(url).await.expect("connect");
            let rows = sqlx::query(sql).fetch_all(&mut c).await.expect(sql);
            rows.iter()
                .map(|r| (0..r.len()).map(|i| r.get::<String, _>(i)).collect())
                .collect()
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill() {
    let db = FreshDb::create().await;
    let url = db.url.clone();
    run(&url, &["migrate"]).await;
    let token = run(
        &url,
        &[
            "token",
            "create",
            "--user",
            "admin",
            "--name",
            "crash test",
            "--expires-in",
            "1",
            "--scope",
            "admin",
        ],
    )
    .await
    .trim()
    .to_string();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().expect("a header value"),
    );
    let client = reqwest::Client::builder()
        .no_proxy()
        .default_headers(headers)
        .timeout(Duration::from_secs(20))
        .build()
        .expect("an HTTP client");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let mut server = start(&url, port, &client).await;

    let acked = Arc::new(Mutex::new(Acked::default()));
    let count = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = tokio::task::JoinSet::new();
    for w in 0..WRITERS {
        writers.spawn(writer(
            w,
            base.clone(),
            client.clone(),
            acked.clone(),
            count.clone(),
            stop.clone(),
        ));
    }
    for kill in 1..=KILLS {
        // A random moment: after some acknowledged writes since the last start, and a little more.
        let (after, extra) = {
            let mut rng = rand::thread_rng();
            (rng.gen_range(10..60u64), rng.gen_range(0..60u64))
        };
        let from = count.load(Ordering::Relaxed);
        while count.load(Ordering::Relaxed) < from + after {
            if let Some(done) = writers.try_join_next() {
                done.expect("a writer");
                panic!("a writer stopped early");
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(extra)).await;
        server.kill().expect("SIGKILL the server");
        server.wait().expect("reap the server");
        if kill < KILLS {
            server = start(&url, port, &client).await;
        }
    }
    stop.store(true, Ordering::Relaxed);
    while let Some(done) = writers.join_next().await {
        done.expect("a writer");
    }
    let acked = std::mem::take(&mut *acked.lock().unwrap());

    // Every acknowledged record is there, at least at the acknowledged version.
    let backend = db.backend;
    let mut stored: BTreeMap<(String, String), i64> = BTreeMap::new();
    for (set, table) in SETS {
        let sql = format!("SELECT CAST(id AS TEXT), CAST(row_version AS TEXT) FROM \"{table}\"");
        for r in raw_rows(backend, &url, &sql).await {
            stored.insert(
                (set.to_string(), r[0].clone()),
                r[1].parse().expect("a version"),
            );
        }
    }
    for ((set, id), version) in &acked.versions {
        let got = stored.get(&(set.clone(), id.clone()));
        assert!(
            got.is_some_and(|v| v >= version),
            "{set}({id}) was acknowledged at version {version}, stored: {got:?}"
        );
    }

    // Nothing half-written: each row has its create entry and one update entry per later version;
    // each audit entry's record exists (nothing was deleted).
    let model = Model::builtin();
    let entries = raw_rows(
        backend,
        &url,
        "SELECT table_name, record_id, action FROM audit_entry",
    )
    .await;
    let mut by_record: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for e in &entries {
        by_record
            .entry((e[0].clone(), e[1].clone()))
            .or_default()
            .push(e[2].clone());
    }
    for ((set, id), version) in &stored {
        let table = SETS.iter().find(|(s, _)| s == set).expect("a set").1;
        let actions = by_record
            .get(&(table.to_string(), id.clone()))
            .unwrap_or_else(|| panic!("{table} {id} has no audit entry"));
        let creates = actions.iter().filter(|a| *a == "create").count();
        let updates = actions.iter().filter(|a| *a == "update").count() as i64;
        assert_eq!(creates, 1, "{table} {id}: {actions:?}");
        assert_eq!(
            updates,
            version - 1,
            "{table} {id} at version {version}: {actions:?}"
        );
    }
    let mut ids_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut checked_entries = 0;
    for ((table, id), actions) in &by_record {
        if actions.iter().any(|a| a == "delete") {
            continue;
        }
        if !ids_of.contains_key(table) {
            let t = model
                .table(table)
                .unwrap_or_else(|| panic!("audit entry of an unknown table {table}"));
            let sql = format!("SELECT CAST(id AS TEXT) FROM \"{}\"", t.name);
            let ids = raw_rows(backend, &url, &sql).await;
            ids_of.insert(
                table.clone(),
                ids.into_iter().map(|r| r[0].clone()).collect(),
            );
        }
        assert!(
            ids_of[table].contains(id),
            "the audit has {actions:?} of {table} {id}, which is not stored"
        );
        checked_entries += actions.len();
    }
    let numbers: Vec<Vec<String>> =
        raw_rows(backend, &url, "SELECT number FROM it_service_request").await;
    let distinct: BTreeSet<&String> = numbers.iter().map(|r| &r[0]).collect();
    assert_eq!(distinct.len(), numbers.len(), "human numbers collide");

    let out = tokio::task::spawn_blocking({
        let url = url.clone();
        move || {
            steward(&url)
                .args(["audit", "verify"])
                .output()
                .expect("run steward audit verify")
        }
    })
    .await
    .expect("join");
    assert!(
        out.status.success(),
        "steward audit verify: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "crash test on {backend:?}: {KILLS} SIGKILLs, {} acknowledged writes ({} records), \
         {} rows checked, {checked_entries} of {} audit entries checked; {}",
        acked.writes,
        acked.versions.len(),
        stored.len(),
        entries.len(),
        String::from_utf8_lossy(&out.stdout).trim()
    );
    drop(db);
}
