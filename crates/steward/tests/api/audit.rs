//! The audit trail: the history endpoint, and `steward audit verify` finding every kind of tampering
//! done directly in the database.

use crate::testkit::{id_of, str_of, TestApp, ADMIN_ID};
use serde_json::{json, Value};
use steward_service::ChainBreak;

#[tokio::test]
async fn history_shows_old_and_new_values_of_an_update() {
    let app = TestApp::spawn().await;
    let rec = app
        .create(
            "it_service_requests",
            json!({"name": "Before", "description": "same"}),
        )
        .await;
    let id = id_of(&rec);
    let path = TestApp::path_of("it_service_requests", &rec);
    app.patch(
        &path,
        &json!({"name": "After", "priority": "high", "description": "same"}),
        None,
    )
    .await
    .expect(200);
    let h = app.history("it_service_requests", id).await;
    assert_eq!(h.len(), 2, "{h:?}");
    let (create, update) = (&h[0], &h[1]);
    assert_eq!(create["action"], "create");
    assert_eq!(update["action"], "update");
    for e in &h {
        assert_eq!(e["table"], "it_service_request");
        assert_eq!(e["record_id"], id);
        assert_eq!(e["actor_id"], ADMIN_ID);
        assert_eq!(str_of(e, "hash").len(), 64);
        assert!(str_of(e, "at").ends_with('Z'), "{e}");
    }
    // Only what changed, sorted by field, with both values; no bookkeeping fields.
    assert_eq!(
        update["changes"],
        json!([
            {"field": "name", "old": "Before", "new": "After"},
            {"field": "priority", "old": null, "new": "high"},
        ])
    );
    // The create holds every value set, each from null.
    let fields: Vec<&str> = create["changes"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|c| assert!(c["old"].is_null(), "{c}"))
        .map(|c| str_of(c, "field"))
        .collect();
    for f in ["name", "description", "number", "state", "created_by_id"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    // The entries are chained: nothing else was written between them.
    assert!(update["seq"].as_i64() > create["seq"].as_i64());
    assert_eq!(update["prev_hash"], create["hash"]);
    app.finish().await;
}

/// An app with a few records; the audit seq of the create of each record, in order.
async fn app_with_records() -> (TestApp, Vec<i64>) {
    let app = TestApp::spawn().await;
    let mut seqs = Vec::new();
    for name in ["Tamper A", "Tamper B", "Tamper C", "Tamper D"] {
        let r = app.create("it_systems", json!({"name": name})).await;
        let h = app.history("it_systems", id_of(&r)).await;
        seqs.push(h[0]["seq"].as_i64().expect("seq"));
    }
    app.patch(
        "/persons(00000000-0000-7000-8000-000000000001)",
        &json!({"job_title": "Root"}),
        None,
    )
    .await
    .expect(200);
    (app, seqs)
}

/// Run `steward audit verify` on the tampered database: it must fail naming `seq`.
async fn assert_binary_names(app: &TestApp, seq: i64) {
    let out = app.run_audit_verify().await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "a tampered chain must fail: {stderr}"
    );
    assert!(
        stderr.contains(&format!("entry {seq} ")),
        "stderr should name entry {seq}: {stderr}"
    );
}

#[tokio::test]
async fn audit_verify_passes_an_untouched_chain() {
    let (app, _) = app_with_records().await;
    let head = app.audit_seq().await;
    let out = app.run_audit_verify().await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(&format!("{head} entries")), "{stdout}");
    app.finish().await;
}

#[tokio::test]
async fn audit_verify_finds_an_edited_value() {
    let (app, seqs) = app_with_records().await;
    let seq = seqs[1];
    let n = app
        .raw_sql(&format!(
            "UPDATE audit_entry SET changes = replace(changes, 'Tamper B', 'Tamper X') WHERE seq = {seq}"
        ))
        .await;
    assert_eq!(n, 1);
    assert_binary_names(&app, seq).await;
    assert_eq!(app.finish_tampered().await, ChainBreak::Altered { seq });
}

#[tokio::test]
async fn audit_verify_finds_a_deleted_entry() {
    let (app, seqs) = app_with_records().await;
    let seq = seqs[2];
    assert_eq!(
        app.raw_sql(&format!("DELETE FROM audit_entry WHERE seq = {seq}"))
            .await,
        1
    );
    assert_binary_names(&app, seq).await;
    assert_eq!(
        app.finish_tampered().await,
        ChainBreak::Gap {
            expected: seq,
            found: seq + 1
        }
    );
}

#[tokio::test]
async fn audit_verify_finds_two_swapped_entries() {
    let (app, seqs) = app_with_records().await;
    let (a, b) = (seqs[1], seqs[2]);
    // Swap everything but the sequence numbers: each position now holds the other's entry.
    let n = app
        .raw_sql(&format!(
            "UPDATE audit_entry SET seq = -1 WHERE seq = {a};
             UPDATE audit_entry SET seq = {a} WHERE seq = {b};
             UPDATE audit_entry SET seq = {b} WHERE seq = -1;"
        ))
        .await;
    assert_eq!(n, 3);
    assert_binary_names(&app, a).await;
    assert_eq!(app.finish_tampered().await, ChainBreak::Unlinked { seq: a });
}

#[tokio::test]
async fn audit_verify_finds_a_truncated_chain() {
    let (app, _) = app_with_records().await;
    let head = app.audit_seq().await;
    assert_eq!(
        app.raw_sql(&format!("DELETE FROM audit_entry WHERE seq = {head}"))
            .await,
        1
    );
    let out = app.run_audit_verify().await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("after {}", head - 1)), "{stderr}");
    assert_eq!(
        app.finish_tampered().await,
        ChainBreak::Truncated {
            last: head - 1,
            head
        }
    );
}

/// `GET /audit_entries` as the user `name` with one built-in role; (status, body text, headers).
async fn stream_as(
    app: &TestApp,
    token: &str,
    query: &str,
    accept: Option<&str>,
) -> (u16, String, reqwest::header::HeaderMap) {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut req = client
        .get(app.url(&format!("/audit_entries{query}")))
        .bearer_auth(token);
    if let Some(a) = accept {
        req = req.header("accept", a);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, resp.text().await.unwrap(), headers)
}

async fn token_of(app: &TestApp, name: &str, role: &str) -> String {
    app.service
        .create_user(
            steward_service::Actor::administrator(),
            name,
            &format!("{name} person"),
            &[role.to_string()],
            "a long enough password",
        )
        .await
        .expect("create the user");
    app.service
        .create_token(
            steward_service::Actor::administrator(),
            name,
            "stream",
            1,
            steward_service::Scope::Read,
        )
        .await
        .unwrap()
        .token
}

#[tokio::test]
async fn a_siem_follows_the_audit_trail_with_a_cursor() {
    let app = TestApp::spawn().await;
    for i in 0..5 {
        app.create("it_systems", json!({"name": format!("System {i}")}))
            .await;
    }
    let auditor = token_of(&app, "audrey", "Auditor").await;
    let requester = token_of(&app, "rick", "Requester").await;
    // Followed 40 at a time from the start, as a SIEM polls: every entry once, in order.
    let mut seen: Vec<i64> = Vec::new();
    let mut next = "?after=0&limit=40".to_string();
    for _ in 0..100 {
        let (status, text, _) = stream_as(&app, &auditor, &next, None).await;
        assert_eq!(status, 200, "{text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        let got: Vec<i64> = body["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect();
        assert!(got.len() <= 40);
        let then = body["@next"].as_str().unwrap();
        next = then.trim_start_matches("/api/v1/audit_entries").to_string();
        if got.is_empty() {
            break;
        }
        seen.extend(got);
    }
    // (The auditor token's first use is itself an entry, written while the stream is read.)
    let head = app.audit_seq().await;
    assert_eq!(
        seen,
        (1..=head).collect::<Vec<_>>(),
        "every entry once, in order"
    );
    // The same as JSON lines, with the cursor in a header; each line carries its chain hashes.
    let (status, text, headers) = stream_as(
        &app,
        &auditor,
        "?after=2&limit=4",
        Some("application/x-ndjson"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/x-ndjson");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(
        lines
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [3, 4, 5, 6]
    );
    assert_eq!(headers["steward-next-after"], "6");
    assert_eq!(lines[1]["prev_hash"], lines[0]["hash"], "the chain links");
    // Not for a requester; a bad cursor names its parameter.
    let (status, _, _) = stream_as(&app, &requester, "", None).await;
    assert_eq!(status, 403);
    let (status, text, _) = stream_as(&app, &auditor, "?after=-1", None).await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("\"target\":\"after\""), "{text}");
    let (status, _, _) = stream_as(&app, &auditor, "?since=3", None).await;
    assert_eq!(status, 400);
    app.finish().await;
}
