//! Record rules: derived fields, required-when rules, human numbers, work assignment windows,
//! deactivation and deletion.

use crate::testkit::{id_of, str_of, TestApp, ADMIN_ID};
use serde_json::{json, Value};

#[tokio::test]
async fn person_name_is_derived_from_first_and_last_name() {
    let app = TestApp::spawn().await;
    let p = app
        .create(
            "persons",
            json!({"first_name": "Ada", "middle_name": "King", "last_name": "Lovelace"}),
        )
        .await;
    assert_eq!(p["name"], "Ada Lovelace");
    assert_eq!(p["identity_kind"], "human", "the default identity kind");
    assert_eq!(p["is_active"], true, "the default of is_active");
    let path = TestApp::path_of("persons", &p);
    let r = app
        .patch(&path, &json!({"last_name": "Byron"}), None)
        .await
        .expect(200);
    assert_eq!(r.body["name"], "Ada Byron");
    let r = app
        .patch(&path, &json!({"first_name": "Augusta"}), None)
        .await
        .expect(200);
    assert_eq!(r.body["name"], "Augusta Byron");
    let stored = app.get(&path).await.expect(200);
    assert_eq!(stored.body["name"], "Augusta Byron");
    let one = app.create("persons", json!({"last_name": "Hopper"})).await;
    assert_eq!(one["name"], "Hopper");
    app.finish().await;
}

#[tokio::test]
async fn non_human_identity_needs_a_human_owner() {
    let app = TestApp::spawn().await;
    let before = app.audit_seq().await;
    let r = app
        .post(
            "/persons",
            &json!({"name": "svc-backup", "identity_kind": "service_account"}),
        )
        .await;
    r.expect_error(422, "required");
    assert_eq!(r.target(), Some("owner_id"), "{}", r.text);
    assert_eq!(app.audit_seq().await, before);
    // With an accountable human it is created, under the name it was given.
    let svc = app
        .create(
            "persons",
            json!({"name": "svc-backup", "identity_kind": "service_account", "owner_id": ADMIN_ID}),
        )
        .await;
    assert_eq!(svc["name"], "svc-backup");
    assert_eq!(svc["owner_id"], ADMIN_ID);
    // The owner must be a human.
    let r = app
        .post(
            "/persons",
            &json!({"name": "agent-7", "identity_kind": "ai_agent", "owner_id": id_of(&svc)}),
        )
        .await;
    r.expect_error(422, "owner_not_human");
    // Turning a human into a non-human identity needs the owner too.
    let h = app.create("persons", json!({"first_name": "Kiosk"})).await;
    let r = app
        .patch(
            &TestApp::path_of("persons", &h),
            &json!({"identity_kind": "device"}),
            None,
        )
        .await;
    r.expect_error(422, "required");
    assert_eq!(r.target(), Some("owner_id"));
    // Clearing the owner of a non-human identity is refused.
    app.patch(
        &TestApp::path_of("persons", &svc),
        &json!({"owner_id": null}),
        None,
    )
    .await
    .expect_error(422, "required");
    app.finish().await;
}

#[tokio::test]
async fn it_system_security_category_is_the_high_water_mark() {
    let app = TestApp::spawn().await;
    // (confidentiality, integrity, availability) -> security_category
    let cases = [
        ((None, None, None), None),
        ((Some("low"), None, None), Some("low")),
        ((Some("low"), Some("low"), Some("low")), Some("low")),
        (
            (Some("low"), Some("moderate"), Some("low")),
            Some("moderate"),
        ),
        ((Some("low"), Some("high"), Some("moderate")), Some("high")),
        ((None, None, Some("high")), Some("high")),
        ((Some("moderate"), None, Some("low")), Some("moderate")),
    ];
    for ((c, i, a), want) in cases {
        let s = app
            .create(
                "it_systems",
                json!({"name": "S", "confidentiality_impact": c, "integrity_impact": i, "availability_impact": a}),
            )
            .await;
        assert_eq!(s["security_category"], json!(want), "{c:?} {i:?} {a:?}");
    }
    // It follows updates, up and down.
    let s = app
        .create(
            "it_systems",
            json!({"name": "Moving", "confidentiality_impact": "low", "integrity_impact": "high"}),
        )
        .await;
    let path = TestApp::path_of("it_systems", &s);
    let r = app
        .patch(&path, &json!({"integrity_impact": "low"}), None)
        .await
        .expect(200);
    assert_eq!(r.body["security_category"], "low");
    let r = app
        .patch(&path, &json!({"availability_impact": "moderate"}), None)
        .await
        .expect(200);
    assert_eq!(r.body["security_category"], "moderate");
    let r = app
        .patch(&path, &json!({"confidentiality_impact": null, "availability_impact": null, "integrity_impact": null}), None)
        .await
        .expect(200);
    assert_eq!(r.body["security_category"], Value::Null);
    app.patch(&path, &json!({"security_category": "high"}), None)
        .await
        .expect_error(400, "read_only_field");
    app.finish().await;
}

#[tokio::test]
async fn risk_level_comes_from_likelihood_and_impact_unless_overridden() {
    let app = TestApp::spawn().await;
    for (likelihood, impact, want) in [
        ("very_low", "very_low", "very_low"),
        ("low", "low", "low"),
        ("moderate", "moderate", "moderate"),
        ("high", "high", "high"),
        ("very_high", "very_high", "very_high"),
    ] {
        let r = app
            .create(
                "risk_items",
                json!({"name": "R", "likelihood": likelihood, "impact": impact}),
            )
            .await;
        assert_eq!(r["risk_level"], want, "{likelihood} x {impact}");
    }
    // Higher likelihood or impact never lowers the level.
    let order = ["very_low", "low", "moderate", "high", "very_high"];
    let rank = |s: &Value| order.iter().position(|o| s == o).expect("a risk level");
    let mut last = 0;
    for l in order {
        let r = app
            .create(
                "risk_items",
                json!({"name": "R", "likelihood": l, "impact": "moderate"}),
            )
            .await;
        let now = rank(&r["risk_level"]);
        assert!(now >= last, "{l} x moderate -> {}", r["risk_level"]);
        last = now;
    }
    // Only one of the two: nothing to derive.
    let r = app
        .create("risk_items", json!({"name": "R", "likelihood": "high"}))
        .await;
    assert_eq!(r["risk_level"], Value::Null);
    // An explicit value wins over the matrix, on create and on update.
    let r = app
        .create(
            "risk_items",
            json!({"name": "R", "likelihood": "very_high", "impact": "very_high", "risk_level": "low"}),
        )
        .await;
    assert_eq!(r["risk_level"], "low");
    let path = TestApp::path_of("risk_items", &r);
    let u = app
        .patch(&path, &json!({"risk_level": "moderate"}), None)
        .await
        .expect(200);
    assert_eq!(u.body["risk_level"], "moderate");
    assert_eq!(
        app.get(&path).await.expect(200).body["risk_level"],
        "moderate"
    );
    app.finish().await;
}

#[tokio::test]
async fn incident_priority_comes_from_impact_and_urgency() {
    let app = TestApp::spawn().await;
    for (impact, urgency, want) in [
        ("very_low", "very_low", "planning"),
        ("low", "low", "low"),
        ("moderate", "moderate", "medium"),
        ("high", "high", "high"),
        ("very_high", "very_high", "critical"),
    ] {
        let r = app
            .create(
                "incidents",
                json!({"name": "I", "impact": impact, "urgency": urgency}),
            )
            .await;
        assert_eq!(r["priority"], want, "{impact} x {urgency}");
    }
    let r = app
        .create("incidents", json!({"name": "I", "impact": "high"}))
        .await;
    assert_eq!(r["priority"], Value::Null);
    let path = TestApp::path_of("incidents", &r);
    let u = app
        .patch(&path, &json!({"urgency": "high"}), None)
        .await
        .expect(200);
    assert_eq!(u.body["priority"], "high");
    let u = app
        .patch(
            &path,
            &json!({"urgency": "very_high", "impact": "very_high"}),
            None,
        )
        .await
        .expect(200);
    assert_eq!(u.body["priority"], "critical");
    app.finish().await;
}

#[tokio::test]
async fn numbered_tables_get_human_numbers() {
    let app = TestApp::spawn().await;
    let numbered: Vec<_> = app
        .model
        .tables
        .iter()
        .filter(|t| t.number_prefix.is_some())
        .collect();
    assert_eq!(
        numbered.len(),
        11,
        "RISK REQ ENT PRV SAR ATO ASMT POAM INC PRB CHG"
    );
    for t in numbered {
        let prefix = t.number_prefix.as_deref().unwrap();
        let a = app.create_minimal(t, "first").await;
        let b = app.create_minimal(t, "second").await;
        assert_eq!(a["number"], format!("{prefix}-000001"), "{}", t.set);
        assert_eq!(b["number"], format!("{prefix}-000002"), "{}", t.set);
        // Numbers are never reused, not even after a delete; nor changed by an update.
        app.delete(&TestApp::path_of(&t.set, &b), None)
            .await
            .expect(204);
        let c = app.create_minimal(t, "third").await;
        assert_eq!(c["number"], format!("{prefix}-000003"), "{}", t.set);
        let u = app
            .patch(
                &TestApp::path_of(&t.set, &a),
                &json!({"name": "renamed"}),
                None,
            )
            .await
            .expect(200);
        assert_eq!(u.body["number"], format!("{prefix}-000001"));
        // The number is a filter key like any field.
        let r = app
            .get_q(
                &format!("/{}", t.set),
                &[("$filter", &format!("number eq '{prefix}-000003'"))],
            )
            .await
            .expect(200);
        assert_eq!(r.rows().len(), 1, "{}", r.text);
        assert_eq!(r.rows()[0]["id"], c["id"]);
    }
    let unnumbered = app.create("it_systems", json!({"name": "S"})).await;
    assert!(unnumbered.get("number").is_none(), "{unnumbered}");
    app.finish().await;
}

#[tokio::test]
async fn work_assignment_codes_only_inside_their_window() {
    let app = TestApp::spawn().await;
    let code = app
        .create(
            "it_work_assignment_codes",
            json!({"name": "FY24", "code": "FY24-001", "start_date": "2024-01-01T00:00:00Z", "end_date": "2024-12-31T23:59:59Z"}),
        )
        .await;
    let code_id = id_of(&code);
    let open = app
        .create(
            "it_work_assignment_codes",
            json!({"name": "Open", "code": "OPEN"}),
        )
        .await;
    let set = "/it_service_requests";
    // Inside the window, its edges included.
    for date in [
        "2024-06-01T12:00:00Z",
        "2024-01-01T00:00:00Z",
        "2024-12-31T23:59:59Z",
    ] {
        app.post(
            set,
            &json!({"name": "in", "request_date": date, "it_work_assignment_code_id": code_id}),
        )
        .await
        .expect(201);
    }
    // Outside: refused, nothing written.
    let before = (
        app.audit_seq().await,
        app.count("it_service_requests", None).await,
    );
    for date in [
        "2025-01-15T00:00:00Z",
        "2023-12-31T23:59:59Z",
        "2025-01-01T00:00:00Z",
    ] {
        let r = app
            .post(set, &json!({"name": "out", "request_date": date, "it_work_assignment_code_id": code_id}))
            .await;
        r.expect_error(422, "outside_window");
        assert_eq!(r.target(), Some("it_work_assignment_code_id"));
    }
    assert_eq!(
        (
            app.audit_seq().await,
            app.count("it_service_requests", None).await
        ),
        before
    );
    // A code without a window fits any date.
    app.post(
        set,
        &json!({"name": "open", "it_work_assignment_code_id": id_of(&open)}),
    )
    .await
    .expect(201);
    // Moving a coded record out of the window is refused too, as is putting the code on it later.
    let rec = app
        .create(
            "it_service_requests",
            json!({"name": "moving", "request_date": "2024-03-01T00:00:00Z", "it_work_assignment_code_id": code_id}),
        )
        .await;
    let path = TestApp::path_of("it_service_requests", &rec);
    app.patch(
        &path,
        &json!({"request_date": "2025-03-01T00:00:00Z"}),
        None,
    )
    .await
    .expect_error(422, "outside_window");
    let late = app
        .create(
            "it_service_requests",
            json!({"name": "late", "request_date": "2026-01-01T00:00:00Z"}),
        )
        .await;
    app.patch(
        &TestApp::path_of("it_service_requests", &late),
        &json!({"it_work_assignment_code_id": code_id}),
        None,
    )
    .await
    .expect_error(422, "outside_window");
    assert_eq!(
        app.get(&path).await.expect(200).body["request_date"],
        "2024-03-01T00:00:00.000000Z"
    );
    // Access requests follow the same rule.
    app.post(
        "/it_system_access_requests",
        &json!({"name": "sar", "request_date": "2030-01-01T00:00:00Z", "it_work_assignment_code_id": code_id}),
    )
    .await
    .expect_error(422, "outside_window");
    app.finish().await;
}

#[tokio::test]
async fn deactivate_and_reactivate_are_audited_as_such() {
    let app = TestApp::spawn().await;
    let rec = app
        .create("it_products", json!({"name": "Office suite"}))
        .await;
    let path = TestApp::path_of("it_products", &rec);
    let r = app
        .patch(&path, &json!({"state": "inactive"}), None)
        .await
        .expect(200);
    assert_eq!(r.body["state"], "inactive");
    let h = app.history("it_products", id_of(&rec)).await;
    let last = h.last().unwrap();
    assert_eq!(last["action"], "deactivate", "{last}");
    assert_eq!(
        last["changes"],
        json!([{"field": "state", "old": "active", "new": "inactive"}])
    );
    // Still readable and listable by state.
    app.get(&path).await.expect(200);
    let r = app
        .get_q("/it_products", &[("$filter", "state eq 'inactive'")])
        .await
        .expect(200);
    assert_eq!(r.rows().len(), 1);
    app.patch(&path, &json!({"state": "active"}), None)
        .await
        .expect(200);
    let h = app.history("it_products", id_of(&rec)).await;
    let actions: Vec<&str> = h.iter().map(|e| str_of(e, "action")).collect();
    assert_eq!(actions, ["create", "deactivate", "reactivate"]);
    app.finish().await;
}

#[tokio::test]
async fn delete_then_get_is_404_and_history_keeps_the_delete() {
    let app = TestApp::spawn().await;
    let rec = app
        .create(
            "problems",
            json!({"name": "Mail queue stuck", "root_cause": "Pool exhaustion"}),
        )
        .await;
    let path = TestApp::path_of("problems", &rec);
    let before = app.count("problems", None).await;
    app.delete(&path, None).await.expect(204);
    app.get(&path).await.expect_error(404, "not_found");
    app.delete(&path, None).await.expect_error(404, "not_found");
    app.patch(&path, &json!({"name": "x"}), None)
        .await
        .expect_error(404, "not_found");
    assert_eq!(app.count("problems", None).await, before - 1);
    let h = app.history("problems", id_of(&rec)).await;
    let actions: Vec<&str> = h.iter().map(|e| str_of(e, "action")).collect();
    assert_eq!(actions, ["create", "delete"]);
    let gone = h[1]["changes"].as_array().unwrap();
    assert!(
        gone.iter()
            .any(|c| c["field"] == "name" && c["old"] == "Mail queue stuck" && c["new"].is_null()),
        "{}",
        h[1]
    );
    assert!(gone
        .iter()
        .any(|c| c["field"] == "root_cause" && c["old"] == "Pool exhaustion"));
    app.finish().await;
}

#[tokio::test]
async fn an_update_that_changes_nothing_writes_nothing() {
    let app = TestApp::spawn().await;
    let rec = app
        .create(
            "accounts",
            json!({"name": "Acme", "account_type": "vendor"}),
        )
        .await;
    let path = TestApp::path_of("accounts", &rec);
    let before = app.audit_seq().await;
    let r = app
        .patch(
            &path,
            &json!({"name": "Acme", "account_type": "vendor"}),
            Some("W/\"1\""),
        )
        .await
        .expect(200);
    assert_eq!(r.header("etag"), Some("W/\"1\""));
    assert_eq!(app.audit_seq().await, before);
    assert_eq!(app.history("accounts", id_of(&rec)).await.len(), 1);
    app.finish().await;
}
