//! Concurrent writers: optimistic concurrency holds, human numbers never collide, and the audit
//! chain (checked by `finish`) stays whole.

use crate::testkit::{id_of, TestApp};
use serde_json::{json, Value};
use std::collections::BTreeSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_patches_with_the_same_if_match_one_wins() {
    let app = TestApp::spawn().await;
    let rec = app.create("it_systems", json!({"name": "Contended"})).await;
    let path = TestApp::path_of("it_systems", &rec);
    let rounds = 8;
    for round in 0..rounds {
        let tag = app
            .get(&path)
            .await
            .expect(200)
            .header("etag")
            .unwrap()
            .to_string();
        let (body_a, body_b) = (
            json!({"abbreviation": format!("A{round}")}),
            json!({"abbreviation": format!("B{round}")}),
        );
        let (a, b) = tokio::join!(
            app.patch(&path, &body_a, Some(&tag)),
            app.patch(&path, &body_b, Some(&tag)),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [200, 412],
            "round {round}: {} / {}",
            a.text,
            b.text
        );
        let loser = if a.status == 412 { &a } else { &b };
        assert_eq!(loser.code(), "precondition_failed");
        let winner = if a.status == 200 { &a } else { &b };
        let stored = app.get(&path).await.expect(200);
        assert_eq!(stored.body["abbreviation"], winner.body["abbreviation"]);
        assert_eq!(stored.body["row_version"], round + 2);
    }
    assert_eq!(
        app.history("it_systems", id_of(&rec)).await.len(),
        rounds as usize + 1
    );
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_get_distinct_numbers() {
    let app = TestApp::spawn().await;
    // Below the server's 64 connections per address: a connection the client's pool still holds
    // from setup, or one the server has not yet seen close, would otherwise make one more.
    let n = 48;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        let client = app.client.clone();
        let url = app.url("/it_service_requests");
        tasks.spawn(async move {
            let r = client
                .post(url)
                .json(&json!({"name": format!("parallel {i}")}))
                .send()
                .await
                .expect("request");
            let status = r.status().as_u16();
            let body: Value = r.json().await.expect("JSON");
            (status, body)
        });
    }
    let mut numbers = BTreeSet::new();
    while let Some(done) = tasks.join_next().await {
        let (status, body) = done.expect("task");
        assert_eq!(status, 201, "{body}");
        numbers.insert(body["number"].as_str().expect("number").to_string());
    }
    let want: BTreeSet<String> = (1..=n).map(|i| format!("REQ-{i:06}")).collect();
    assert_eq!(numbers, want, "{n} distinct numbers, none skipped");
    assert_eq!(app.count("it_service_requests", None).await, n as i64);
    // Concurrent updates of different records meanwhile keep the chain whole (checked by finish).
    let rows = app
        .get_q("/it_service_requests", &[("$top", "16")])
        .await
        .expect(200)
        .rows()
        .clone();
    let mut tasks = tokio::task::JoinSet::new();
    for row in rows {
        let client = app.client.clone();
        let url = app.url(&TestApp::path_of("it_service_requests", &row));
        tasks.spawn(async move {
            client
                .patch(url)
                .json(&json!({"priority": "low"}))
                .send()
                .await
                .expect("request")
                .status()
                .as_u16()
        });
    }
    while let Some(done) = tasks.join_next().await {
        assert_eq!(done.expect("task"), 200);
    }
    app.finish().await;
}
