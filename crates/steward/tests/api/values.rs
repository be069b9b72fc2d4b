//! Values of every type come back as documented, and a read returns what the write answered.

use crate::testkit::{id_of, TestApp};
use serde_json::{json, Value};

/// GET the record and compare every field with what the write answered.
async fn assert_reads_back(app: &TestApp, set: &str, written: &Value) {
    let read = app.get(&TestApp::path_of(set, written)).await.expect(200);
    for (k, v) in written.as_object().expect("object") {
        if k == "@odata.context" {
            continue;
        }
        assert_eq!(
            &read.body[k], v,
            "{set}.{k}: written {v}, read {}",
            read.body[k]
        );
    }
}

#[tokio::test]
async fn values_round_trip_in_their_documented_form() {
    let app = TestApp::spawn().await;
    // (body, field, expected wire value)
    let cases = [
        (
            json!({"request_date": "2024-05-01T12:30:00.1234567+02:00"}),
            "request_date",
            json!("2024-05-01T10:30:00.123456Z"),
        ),
        (
            json!({"request_date": "2024-05-01T10:00:00Z"}),
            "request_date",
            json!("2024-05-01T10:00:00.000000Z"),
        ),
        (
            json!({"required_date": "2024-02-29"}),
            "required_date",
            json!("2024-02-29"),
        ),
        (
            json!({"total_estimated_cost": 150}),
            "total_estimated_cost",
            json!(150),
        ),
        (
            json!({"total_estimated_cost": 150.0}),
            "total_estimated_cost",
            json!(150),
        ),
        (
            json!({"total_estimated_cost": 0}),
            "total_estimated_cost",
            json!(0),
        ),
        (
            json!({"total_estimated_cost": 12.5}),
            "total_estimated_cost",
            json!(12.5),
        ),
        (
            json!({"total_estimated_cost": "99.99"}),
            "total_estimated_cost",
            json!(99.99),
        ),
        (
            json!({"total_estimated_cost": 0.1}),
            "total_estimated_cost",
            json!(0.1),
        ),
        (
            json!({"total_estimated_cost": 1234567.89}),
            "total_estimated_cost",
            json!(1234567.89),
        ),
        (
            json!({"total_estimated_cost": -5}),
            "total_estimated_cost",
            json!(-5),
        ),
        (
            json!({"total_estimated_cost": 1}),
            "total_estimated_cost_currency",
            json!("USD"),
        ),
        (
            json!({"total_estimated_cost": 1, "total_estimated_cost_currency": "EUR"}),
            "total_estimated_cost_currency",
            json!("EUR"),
        ),
        (
            json!({"satisfaction_rating": 1}),
            "satisfaction_rating",
            json!(1),
        ),
        (
            json!({"satisfaction_rating": 5}),
            "satisfaction_rating",
            json!(5),
        ),
        (
            json!({"description": "two\nlines, ünïcode ✓ and \"quotes\""}),
            "description",
            json!("two\nlines, ünïcode ✓ and \"quotes\""),
        ),
        (
            json!({"priority": "critical"}),
            "priority",
            json!("critical"),
        ),
        (json!({"description": null}), "description", Value::Null),
        (
            json!({"form_answers": "{\"a\": 1}"}),
            "form_answers",
            json!("{\"a\": 1}"),
        ),
    ];
    for (mut body, field, want) in cases {
        body["name"] = json!("values");
        let r = app.create("it_service_requests", body.clone()).await;
        assert_eq!(r[field], want, "{body}");
        assert_reads_back(&app, "it_service_requests", &r).await;
    }
    // Other types: bool, int, uuid, several choices (kept in order, duplicates dropped).
    let sys = app
        .create(
            "it_systems",
            json!({"name": "B", "contains_pii": true, "is_public_api_available": false}),
        )
        .await;
    assert_eq!(
        (&sys["contains_pii"], &sys["is_public_api_available"]),
        (&json!(true), &json!(false))
    );
    assert_reads_back(&app, "it_systems", &sys).await;
    let system = app.create("it_systems", json!({"name": "Regarded"})).await;
    let regarding = crate::testkit::id_of(&system).to_string();
    let appr = app
        .create("approvals", json!({"name": "A", "stage": -3, "regarding_id": regarding, "regarding_table": "it_system"}))
        .await;
    assert_eq!(
        (&appr["stage"], &appr["regarding_id"]),
        (&json!(-3), &json!(regarding))
    );
    assert_reads_back(&app, "approvals", &appr).await;
    let note = app.create("notes", json!({"name": "N"})).await;
    assert_eq!(note["is_internal"], false, "the default of is_internal");
    let fw = app
        .create(
            "compliance_frameworks",
            json!({"name": "NIST SP 800-53 Rev 5"}),
        )
        .await;
    let req = app
        .create(
            "compliance_requirements",
            json!({"name": "AC-2", "identifier": "AC-2", "framework_id": id_of(&fw), "baselines": ["moderate", "low", "moderate"]}),
        )
        .await;
    assert_eq!(req["baselines"], json!(["moderate", "low"]));
    assert_reads_back(&app, "compliance_requirements", &req).await;
    let other = app
        .create(
            "compliance_requirements",
            json!({"name": "AC-3", "identifier": "AC-3", "framework_id": id_of(&fw), "baselines": ["high"]}),
        )
        .await;
    // `contains` on a choices field means "holds that code".
    let r = app
        .get_q(
            "/compliance_requirements",
            &[("$filter", "contains(baselines,'low')")],
        )
        .await
        .expect(200);
    let ids: Vec<&str> = r.rows().iter().map(id_of).collect();
    assert_eq!(ids, [id_of(&req)]);
    // An update can clear a value with null, and the read agrees.
    let u = app
        .patch(
            &TestApp::path_of("compliance_requirements", &other),
            &json!({"baselines": null, "family": "Access Control"}),
            None,
        )
        .await
        .expect(200);
    assert_eq!(u.body["baselines"], Value::Null);
    assert_reads_back(&app, "compliance_requirements", &u.body).await;
    app.finish().await;
}

#[tokio::test]
async fn unique_fields_refuse_duplicates() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            "persons",
            json!({"first_name": "A", "email": "same@example.gov"}),
            "email",
        ),
        (
            "organization_units",
            json!({"name": "U", "code": "OPS"}),
            "code",
        ),
        (
            "states_or_provinces",
            json!({"name": "Virginia", "code": "US-VA"}),
            "code",
        ),
        (
            "it_work_assignment_codes",
            json!({"name": "W", "code": "W-1"}),
            "code",
        ),
    ];
    for (set, body, field) in cases {
        let first = app.create(set, body.clone()).await;
        let before = app.audit_seq().await;
        let r = app.post(&format!("/{set}"), &body).await;
        r.expect_error(409, "duplicate");
        assert_eq!(r.target(), Some(field), "{}", r.text);
        // Updating another record to the taken value is refused too; the record itself may keep it.
        let mut other_body = body.clone();
        other_body[field] = json!(if field == "email" {
            "other@example.gov"
        } else {
            "OTHER"
        });
        let other = app.create(set, other_body).await;
        app.patch(
            &TestApp::path_of(set, &other),
            &json!({field: body[field].clone()}),
            None,
        )
        .await
        .expect_error(409, "duplicate");
        app.patch(
            &TestApp::path_of(set, &first),
            &json!({field: body[field].clone()}),
            None,
        )
        .await
        .expect(200);
        assert_eq!(
            app.audit_seq().await,
            before + 1,
            "only the other record was written"
        );
    }
    // Unique within a scope: the same identifier in two frameworks is fine, twice in one is not.
    let f1 = app
        .create("compliance_frameworks", json!({"name": "F1"}))
        .await;
    let f2 = app
        .create("compliance_frameworks", json!({"name": "F2"}))
        .await;
    for f in [&f1, &f2] {
        app.create(
            "compliance_requirements",
            json!({"name": "AC-2", "identifier": "AC-2", "framework_id": id_of(f)}),
        )
        .await;
    }
    app.post(
        "/compliance_requirements",
        &json!({"name": "AC-2", "identifier": "AC-2", "framework_id": id_of(&f1)}),
    )
    .await
    .expect_error(409, "duplicate");
    app.finish().await;
}
