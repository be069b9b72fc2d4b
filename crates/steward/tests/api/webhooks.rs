//! Webhooks end to end: a real HTTP receiver on loopback checks each delivery's signature as a
//! receiver would; with the receiver down and back, every event arrives once, in order per record.
//! The outbox is delivered by the scheduler's own tick, as a server runs it.

use crate::testkit::{id_of, TestApp};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use steward_service::SchedulerConfig;

const SECRET: &str = "the receiver's shared secret";

#[derive(Clone, Default)]
struct Received {
    /// Deliveries whose signature checked: (delivery id, event body).
    good: Arc<Mutex<Vec<(String, Value)>>>,
    /// Deliveries refused for a bad signature.
    refused: Arc<Mutex<usize>>,
}

/// The receiver's check: the HMAC-SHA256 of `timestamp.body` under the secret it knows, and a
/// timestamp no older than five minutes.
async fn hook(State(r): State<Received>, headers: HeaderMap, body: String) -> StatusCode {
    let h = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let ts: i64 = h("steward-timestamp").parse().unwrap_or(0);
    let fresh = (time::OffsetDateTime::now_utc().unix_timestamp() - ts).abs() < 300;
    if !fresh || h("steward-signature") != steward_service::webhook_signature(SECRET, ts, &body) {
        *r.refused.lock().unwrap() += 1;
        return StatusCode::UNAUTHORIZED;
    }
    let event: Value = serde_json::from_str(&body).expect("a JSON event");
    assert_eq!(h("steward-event"), event["type"].as_str().unwrap());
    r.good.lock().unwrap().push((h("steward-delivery"), event));
    StatusCode::NO_CONTENT
}

/// The receiver on `port` until the returned task is aborted.
async fn receiver(port: u16, r: Received) -> tokio::task::JoinHandle<()> {
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(hook))
        .with_state(r);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("bind the receiver");
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    })
}

/// Run the scheduler's ticks; with `until_done`, until every delivery but those of the
/// subscription `skip` is done.
async fn deliver(app: &TestApp, until_done: bool, skip: &str) {
    let config = SchedulerConfig {
        retry_base: Duration::from_millis(100),
        ..Default::default()
    };
    for _ in 0..60 {
        app.service.scheduler_tick(&config).await.expect("a tick");
        let left = app
            .raw_count(&format!(
                "SELECT COUNT(*) FROM job_queue WHERE job = 'webhook' AND status <> 'done' AND lane NOT LIKE '%{skip}%'"
            ))
            .await;
        if !until_done || left == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the webhooks were not delivered");
}

/// The transitions (from, to) the receiver saw for a record, in the order it got them.
fn moves_of(r: &Received, id: &str) -> Vec<(String, String)> {
    r.good
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, e)| e["record"]["id"] == json!(id) && e["type"] == json!("transition_taken"))
        .map(|(_, e)| {
            (
                e["from"].as_str().unwrap().into(),
                e["to"].as_str().unwrap().into(),
            )
        })
        .collect()
}

async fn walk(app: &TestApp, incident: &Value) {
    for (name, params) in [
        ("start", json!({})),
        ("put_on_hold", json!({"reason": "Waiting for a part"})),
        ("resume", json!({})),
        (
            "resolve",
            json!({"resolution_code": "solved_permanently", "resolution_notes": "Fixed."}),
        ),
    ] {
        let now = app
            .get(&TestApp::path_of("incidents", incident))
            .await
            .expect(200)
            .body;
        app.act("incidents", &now, name, params).await.expect(200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribed_events_arrive_signed_once_and_in_order_through_an_outage() {
    let app = TestApp::spawn().await;
    let port = crate::crash::free_port();
    let received = Received::default();
    let server = receiver(port, received.clone()).await;
    let url = format!("http://127.0.0.1:{port}/hook");
    let sub = app
        .create(
            "webhook_subscriptions",
            json!({"name": "SIEM", "url": url, "table_names": "incident",
                   "events": ["record_created", "transition_taken", "sla_breached", "approval_decided"],
                   "signing_secret": SECRET}),
        )
        .await;
    assert!(
        sub.get("signing_secret").is_none(),
        "the secret is never read back: {sub}"
    );
    let got = app
        .get(&TestApp::path_of("webhook_subscriptions", &sub))
        .await
        .expect(200)
        .body;
    assert!(got.get("signing_secret").is_none());
    // A subscription whose secret is not the receiver's: the receiver's check refuses it.
    let wrong = app
        .create(
            "webhook_subscriptions",
            json!({"name": "Misconfigured", "url": url, "events": ["record_created"],
               "signing_secret": "not the receiver's secret"}),
        )
        .await;
    let wrong = id_of(&wrong).to_string();
    // Without a secret there is no subscription.
    let unsigned = app
        .post(
            "/webhook_subscriptions",
            &json!({"name": "Unsigned", "url": url, "events": ["record_created"]}),
        )
        .await;
    assert_eq!(unsigned.status, 422, "{}", unsigned.text);

    let first = app
        .create("incidents", json!({"name": "Printer jam"}))
        .await;
    walk(&app, &first).await;
    app.create("it_systems", json!({"name": "Not an incident"}))
        .await;
    deliver(&app, true, &wrong).await;
    let first_id = id_of(&first).to_string();
    assert_eq!(
        moves_of(&received, &first_id),
        [
            ("new", "in_progress"),
            ("in_progress", "on_hold"),
            ("on_hold", "in_progress"),
            ("in_progress", "resolved")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let created: Vec<Value> = received
        .good
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, e)| e["type"] == json!("record_created"))
        .map(|(_, e)| e.clone())
        .collect();
    assert_eq!(
        created.len(),
        1,
        "one subscription wants incidents created: {created:?}"
    );
    assert_eq!(created[0]["record"]["number"], first["number"]);
    assert_eq!(created[0]["table"], json!("incident"));
    assert!(
        *received.refused.lock().unwrap() >= 1,
        "the wrong secret was caught"
    );
    let retried = app
        .raw_count("SELECT COUNT(*) FROM job_queue WHERE job = 'webhook' AND status = 'pending' AND last_error LIKE '%401%'")
        .await;
    assert!(
        retried >= 1,
        "a refused delivery is tried again, not dropped"
    );

    // The receiver goes down; two incidents move on meanwhile; it comes back.
    server.abort();
    let _ = server.await;
    let second = app.create("incidents", json!({"name": "Disk full"})).await;
    let third = app.create("incidents", json!({"name": "VPN down"})).await;
    walk(&app, &second).await;
    walk(&app, &third).await;
    for _ in 0..5 {
        deliver(&app, false, &wrong).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let waiting = app
        .raw_count("SELECT COUNT(*) FROM job_queue WHERE job = 'webhook' AND status = 'pending' AND record_id IN (SELECT CAST(id AS TEXT) FROM incident WHERE name <> 'Printer jam')")
        .await;
    assert!(
        waiting >= 10,
        "the events wait while the receiver is down ({waiting})"
    );
    let before = received.good.lock().unwrap().len();
    let _server = receiver(port, received.clone()).await;
    deliver(&app, true, &wrong).await;
    for r in [&second, &third] {
        assert_eq!(
            moves_of(&received, id_of(r)),
            [
                ("new", "in_progress"),
                ("in_progress", "on_hold"),
                ("on_hold", "in_progress"),
                ("in_progress", "resolved")
            ]
            .map(|(a, b)| (a.to_string(), b.to_string())),
            "every event once, in order"
        );
    }
    let all = received.good.lock().unwrap().clone();
    assert_eq!(
        all.len() - before,
        10,
        "2 created and 8 transitions after the outage"
    );
    let mut ids: Vec<&String> = all.iter().map(|(d, _)| d).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "no delivery twice");
    app.finish().await;
}
