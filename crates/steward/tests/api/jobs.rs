//! The jobs Steward runs as time passes, run once each (`Service::run_job`, `steward jobs run`),
//! on an administrator's declaration with short targets: a service level moves to at risk, then
//! breached, with time alone; a resolved incident closes itself once its timer's days are over.
//! Each job is idempotent: a second run changes nothing.

use crate::testkit::TestApp;
use serde_json::json;

#[tokio::test]
async fn the_sla_job_moves_a_record_to_at_risk_then_breached_as_time_passes() {
    // A critical incident is due 8 seconds after it is opened (at risk after 6; Steward counts
    // whole seconds, so each wait leaves a second of margin).
    let app = TestApp::spawn_with_lifecycles(|d| {
        d.replacen(
            "resolve_within_hours = 4\n",
            "resolve_within_hours = 0.0022223\n",
            1,
        )
    })
    .await;
    let inc = app
        .create(
            "incidents",
            json!({"name": "Core switch down", "impact": "very_high", "urgency": "very_high"}),
        )
        .await;
    assert_eq!(inc["sla_state"], "within_target");
    let path = TestApp::path_of("incidents", &inc);
    let state = || async { app.get(&path).await.expect(200).body["sla_state"].clone() };
    let run = || async { app.service.run_job("sla").await.expect("the sla job runs") };

    let first = run().await;
    assert_eq!((first.examined, first.changed), (1, 0), "nothing moved yet");
    tokio::time::sleep(std::time::Duration::from_millis(6500)).await;
    assert_eq!(run().await.changed, 1);
    assert_eq!(state().await, "at_risk");
    tokio::time::sleep(std::time::Duration::from_millis(2000)).await;
    assert_eq!(run().await.changed, 1);
    assert_eq!(state().await, "breached");
    assert_eq!(run().await.changed, 0, "a second run changes nothing");
    // The change is audited as Steward's.
    let history = app.history("incidents", inc["id"].as_str().unwrap()).await;
    assert!(history
        .iter()
        .any(|e| e["changes"].as_array().is_some_and(|c| c
            .iter()
            .any(|c| c["field"] == "sla_state" && c["new"] == "breached"))));
    app.finish().await;
}

#[tokio::test]
async fn the_timers_job_closes_a_resolved_incident_once_its_days_are_over() {
    let app = TestApp::spawn_with_lifecycles(|d| {
        d.replacen(
            "timers = [{ in = \"resolved\", days = 5, transition = \"close\" }]",
            "timers = [{ in = \"resolved\", days = 0, transition = \"close\" }]",
            1,
        )
    })
    .await;
    let open = app.create("incidents", json!({"name": "Still open"})).await;
    let done = app
        .create("incidents", json!({"name": "Printer fixed"}))
        .await;
    app.act(
        "incidents",
        &done,
        "resolve",
        json!({"resolution_code": "solved_permanently", "resolution_notes": "New drum."}),
    )
    .await
    .expect(200);
    let ran = app.service.run_job("timers").await.unwrap();
    assert_eq!((ran.examined, ran.changed, ran.failed), (1, 1, 0));
    let status = |r: &serde_json::Value| {
        let path = TestApp::path_of("incidents", r);
        let app = &app;
        async move { app.get(&path).await.expect(200).body["incident_status"].clone() }
    };
    assert_eq!(status(&done).await, "closed");
    assert_eq!(status(&open).await, "new", "a timer acts only in its state");
    let again = app.service.run_job("timers").await.unwrap();
    assert_eq!(
        (again.examined, again.changed),
        (0, 0),
        "a second run finds nothing to do"
    );
    // On the built-in declaration (5 days), a just-resolved incident stays resolved; and the
    // command names an unknown job.
    let out = app.run_steward(&["jobs", "run", "timers"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("timers: 0 records examined, 0 changed"));
    // Every run is recorded, for administrators to read, and written by Steward only.
    let runs = app
        .get_q("/job_runs", &[("$orderby", "started_on")])
        .await
        .expect(200);
    let runs = runs.rows();
    assert_eq!(
        runs.len(),
        3,
        "two runs here and one by the command: {runs:?}"
    );
    assert_eq!(
        (&runs[0]["name"], &runs[0]["outcome"], &runs[0]["changed"]),
        (&json!("timers"), &json!("succeeded"), &json!(1))
    );
    app.post("/job_runs", &json!({"name": "forged"}))
        .await
        .expect_error(403, "written_by_steward");
    let id = runs[0]["id"].as_str().unwrap();
    app.patch(
        &format!("/job_runs({id})"),
        &json!({"name": "renamed"}),
        None,
    )
    .await
    .expect_error(403, "written_by_steward");
    let unknown = app.run_steward(&["jobs", "run", "nap"]).await;
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no job 'nap'"));
    app.finish().await;
}
