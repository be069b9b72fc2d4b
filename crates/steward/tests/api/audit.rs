//! The audit trail: the history endpoint, and `steward audit verify` finding every kind of tampering
//! done directly in the database.

use crate::testkit::{id_of, str_of, TestApp, ADMIN_ID};
use serde_json::json;
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
