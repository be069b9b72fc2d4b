//! Bad input is refused with the documented status and code, never a 500 (the test kit fails any
//! 5xx), and never a partial write: after each refusal the audit head, the record count and the
//! record's version are what they were.

use crate::testkit::{id_of, str_of, TestApp};
use serde_json::{json, Value};

/// What a refused write must leave as it was.
#[derive(Debug, PartialEq)]
struct Snapshot {
    audit_seq: i64,
    count: i64,
    /// The watched record as stored, if any.
    record: Option<Value>,
}

async fn snapshot(app: &TestApp, set: &str, record: Option<&str>) -> Snapshot {
    let record = match record {
        Some(path) => Some(app.get(path).await.expect(200).body),
        None => None,
    };
    Snapshot {
        audit_seq: app.audit_seq().await,
        count: app.count(set, None).await,
        record,
    }
}

/// Does `message` name this number (as a whole number, not inside another)?
fn names_number(message: &str, n: usize) -> bool {
    message
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w == n.to_string())
}

fn bad_bodies() -> Vec<(Value, u16, &'static str, Option<&'static str>)> {
    let ghost = uuid::Uuid::now_v7().to_string();
    vec![
        (
            json!({"name": "x", "bogus": 1}),
            400,
            "unknown_field",
            Some("bogus"),
        ),
        (json!({"name": 5}), 400, "type_mismatch", Some("name")),
        (json!({"name": ["x"]}), 400, "type_mismatch", Some("name")),
        (
            json!({"name": "x", "satisfaction_rating": "five"}),
            400,
            "type_mismatch",
            Some("satisfaction_rating"),
        ),
        (
            json!({"name": "x", "satisfaction_rating": 4.5}),
            400,
            "type_mismatch",
            Some("satisfaction_rating"),
        ),
        (
            json!({"name": "x", "total_estimated_cost": true}),
            400,
            "type_mismatch",
            Some("total_estimated_cost"),
        ),
        (
            json!({"name": "x", "requested_by_id": 12}),
            400,
            "type_mismatch",
            Some("requested_by_id"),
        ),
        (
            json!({"name": "x", "request_date": 20240101}),
            400,
            "type_mismatch",
            Some("request_date"),
        ),
        (
            json!({"name": "x", "description": {"a": 1}}),
            400,
            "type_mismatch",
            Some("description"),
        ),
        (
            json!({"name": "x".repeat(201)}),
            400,
            "too_long",
            Some("name"),
        ),
        (
            json!({"name": "é".repeat(201)}),
            400,
            "too_long",
            Some("name"),
        ),
        (
            json!({"name": "x", "description": "d".repeat((1 << 20) + 1)}),
            400,
            "too_long",
            Some("description"),
        ),
        (
            json!({"name": "x", "priority": "urgent"}),
            400,
            "invalid_choice",
            Some("priority"),
        ),
        (
            json!({"name": "x", "priority": "High"}),
            400,
            "invalid_choice",
            Some("priority"),
        ),
        (
            json!({"name": "x", "satisfaction_rating": 6}),
            400,
            "out_of_range",
            Some("satisfaction_rating"),
        ),
        (
            json!({"name": "x", "satisfaction_rating": 0}),
            400,
            "out_of_range",
            Some("satisfaction_rating"),
        ),
        (
            json!({"name": "x", "request_date": "yesterday"}),
            400,
            "invalid_value",
            Some("request_date"),
        ),
        (
            json!({"name": "x", "required_date": "2024-02-30"}),
            400,
            "invalid_value",
            Some("required_date"),
        ),
        (
            json!({"name": "x", "requested_by_id": "not-a-uuid"}),
            400,
            "invalid_value",
            Some("requested_by_id"),
        ),
        (
            json!({"name": "x", "total_estimated_cost": 1.234}),
            400,
            "invalid_value",
            Some("total_estimated_cost"),
        ),
        (
            json!({"name": "nul\u{0}byte"}),
            400,
            "invalid_character",
            Some("name"),
        ),
        (
            json!({"name": "x", "description": "nul \u{0} byte"}),
            400,
            "invalid_character",
            Some("description"),
        ),
        (
            json!({"name": "line\nbreak"}),
            400,
            "invalid_value",
            Some("name"),
        ),
        (
            json!({"name": "x", "number": "REQ-999999"}),
            400,
            "read_only_field",
            Some("number"),
        ),
        (
            json!({"name": "x", "row_version": 7}),
            400,
            "read_only_field",
            Some("row_version"),
        ),
        (
            json!({"name": "x", "created_by_id": ghost}),
            400,
            "read_only_field",
            Some("created_by_id"),
        ),
        (
            json!({"name": "x", "requested_by_id": ghost}),
            422,
            "dangling_lookup",
            Some("requested_by_id"),
        ),
        (
            json!({"name": "x", "it_service_request_type_id": ghost}),
            422,
            "dangling_lookup",
            Some("it_service_request_type_id"),
        ),
        (
            json!({"name": "x", "form_answers": "[1, 2]"}),
            422,
            "invalid_value",
            Some("form_answers"),
        ),
        (
            json!({"name": "x", "state": "archived"}),
            400,
            "invalid_choice",
            Some("state"),
        ),
        (json!({"name": null}), 422, "required", Some("name")),
    ]
}

#[tokio::test]
async fn bad_bodies_are_refused_on_create_without_writing() {
    let app = TestApp::spawn().await;
    let existing = app
        .create("it_service_requests", json!({"name": "existing"}))
        .await;
    // A lookup holding the id of a row of another table dangles too.
    let r = app
        .post(
            "/it_service_requests",
            &json!({"name": "x", "requested_by_id": id_of(&existing)}),
        )
        .await;
    r.expect_error(422, "dangling_lookup");
    assert_eq!(r.target(), Some("requested_by_id"));
    for (body, status, code, target) in bad_bodies() {
        let before = snapshot(&app, "it_service_requests", None).await;
        let r = app.post("/it_service_requests", &body).await;
        r.expect_error(status, code);
        if let Some(t) = target {
            assert_eq!(r.target(), Some(t), "{}: {}", r.what, r.text);
        }
        assert_eq!(
            snapshot(&app, "it_service_requests", None).await,
            before,
            "{}",
            r.what
        );
    }
    // Every bad field of one body is reported, each with its target.
    let r = app
        .post(
            "/it_service_requests",
            &json!({"name": 1, "priority": "urgent", "satisfaction_rating": 9}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    let mut targets: Vec<&str> = r.body["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .map(|d| d["target"].as_str().unwrap())
        .collect();
    targets.sort();
    assert_eq!(targets, ["name", "priority", "satisfaction_rating"]);
    app.finish().await;
}

#[tokio::test]
async fn bad_bodies_are_refused_on_update_without_writing() {
    let app = TestApp::spawn().await;
    let rec = app
        .create(
            "it_service_requests",
            json!({"name": "to keep", "priority": "low"}),
        )
        .await;
    let path = TestApp::path_of("it_service_requests", &rec);
    for (body, status, code, target) in bad_bodies() {
        let before = snapshot(&app, "it_service_requests", Some(&path)).await;
        let r = app.patch(&path, &body, None).await;
        r.expect_error(status, code);
        if let Some(t) = target {
            assert_eq!(r.target(), Some(t), "{}: {}", r.what, r.text);
        }
        let after = snapshot(&app, "it_service_requests", Some(&path)).await;
        assert_eq!(after, before, "{}", r.what);
    }
    assert_eq!(
        app.history("it_service_requests", id_of(&rec)).await.len(),
        1
    );
    app.finish().await;
}

#[tokio::test]
async fn bad_bodies_on_other_tables() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            "persons",
            json!({"first_name": "A", "email": "not-an-email"}),
            422,
            "invalid_value",
            "email",
        ),
        (
            "persons",
            json!({"first_name": "A", "identity_kind": "robot"}),
            400,
            "invalid_choice",
            "identity_kind",
        ),
        (
            "organization_units",
            json!({"name": "U", "code": "c".repeat(51)}),
            400,
            "too_long",
            "code",
        ),
        (
            "locations",
            json!({"name": "L", "country_code": "usa"}),
            400,
            "too_long",
            "country_code",
        ),
        (
            "locations",
            json!({"name": "L", "country_code": "us"}),
            422,
            "invalid_value",
            "country_code",
        ),
        (
            "compliance_requirements",
            json!({"name": "AC-2"}),
            422,
            "required",
            "framework_id",
        ),
        (
            "compliance_requirements",
            json!({"name": "AC-2", "framework_id": uuid::Uuid::now_v7().to_string(), "baselines": ["low", "extreme"]}),
            400,
            "invalid_choice",
            "baselines",
        ),
        (
            "it_systems",
            json!({"name": "S", "security_category": "high"}),
            400,
            "read_only_field",
            "security_category",
        ),
        (
            "incidents",
            json!({"name": "I", "priority": "high"}),
            400,
            "read_only_field",
            "priority",
        ),
        (
            "change_requests",
            json!({"name": "C", "planned_start": "2024-05-02T00:00:00Z", "planned_end": "2024-05-01T00:00:00Z"}),
            422,
            "invalid_range",
            "planned_end",
        ),
        (
            "risk_items",
            json!({"name": "R", "risk_response": "accept"}),
            422,
            "required",
            "acceptance_expires_on",
        ),
        (
            "it_assigned_entitlements",
            json!({"name": "E", "assignment_type": "temporary"}),
            422,
            "required",
            "end_date",
        ),
        (
            "it_poam_items",
            json!({"name": "P", "milestones": "{}"}),
            422,
            "invalid_value",
            "milestones",
        ),
    ];
    for (set, body, status, code, target) in cases {
        let before = snapshot(&app, set, None).await;
        let r = app.post(&format!("/{set}"), &body).await;
        r.expect_error(status, code);
        assert_eq!(r.target(), Some(target), "{}: {}", r.what, r.text);
        assert_eq!(snapshot(&app, set, None).await, before, "{}", r.what);
    }
    // A workflow-owned field: refused, nothing written (the refusal itself is audited).
    let before = app.count("it_system_access_requests", None).await;
    let r = app
        .post(
            "/it_system_access_requests",
            &json!({"name": "A", "request_status": "submitted"}),
        )
        .await;
    r.expect_error(403, "workflow_field");
    assert_eq!(r.target(), Some("request_status"));
    assert_eq!(app.count("it_system_access_requests", None).await, before);
    // Boundaries that are fine: exactly the maximum length, in characters not bytes.
    app.create("it_service_requests", json!({"name": "x".repeat(200)}))
        .await;
    let r = app
        .create("it_service_requests", json!({"name": "é".repeat(200)}))
        .await;
    assert_eq!(str_of(&r, "name"), "é".repeat(200));
    app.finish().await;
}

#[tokio::test]
async fn malformed_filters_are_400_naming_the_position() {
    let app = TestApp::spawn().await;
    // (filter, the 0-based offset the message must name, when it is unambiguous)
    let cases: &[(&str, Option<usize>)] = &[
        ("name eq 'a' xor name eq 'b'", Some(12)),
        ("name eqq 'a'", Some(5)),
        ("name eq 'a')", Some(11)),
        ("name eq 'a' and", Some(15)),
        ("name eq", Some(7)),
        ("name eq 'unterminated", None),
        ("(name eq 'a'", None),
        (") or name eq 'a'", Some(0)),
        ("name = 'a'", Some(5)),
        ("contains(name)", None),
        ("name eq 'a' and ) name eq 'b'", Some(16)),
        ("priority in ()", None),
        ("name eq 'a' name eq 'b'", Some(12)),
        ("satisfaction_rating eq 1 or", Some(27)),
        ("name eq @", Some(8)),
    ];
    let before = snapshot(&app, "it_service_requests", None).await;
    for (filter, pos) in cases {
        let r = app
            .get_q("/it_service_requests", &[("$filter", filter)])
            .await;
        r.expect_error(400, "invalid_filter");
        assert_eq!(r.target(), Some("$filter"), "{filter}: {}", r.text);
        let m = r.message();
        assert!(
            m.chars().any(|c| c.is_ascii_digit()),
            "$filter={filter}: the message names no position: {m}"
        );
        if let Some(p) = pos {
            assert!(
                names_number(m, *p),
                "$filter={filter}: the message should name position {p}: {m}"
            );
        }
    }
    // Well-formed filters that do not fit the model.
    let typed: &[(&str, &str)] = &[
        ("nope eq 1", "unknown_field"),
        ("requested_by/nope eq 'x'", "unknown_field"),
        ("satisfaction_rating eq 'five'", "type_mismatch"),
        ("name eq 5", "type_mismatch"),
        ("request_date gt 'yesterday'", "type_mismatch"),
    ];
    for (filter, code) in typed {
        let r = app
            .get_q("/it_service_requests", &[("$filter", filter)])
            .await;
        r.expect_error(400, code);
    }
    assert_eq!(snapshot(&app, "it_service_requests", None).await, before);
    app.finish().await;
}

#[tokio::test]
async fn malformed_query_options_and_addresses() {
    let app = TestApp::spawn().await;
    let rec = app
        .create("it_service_requests", json!({"name": "r"}))
        .await;
    let set = "/it_service_requests";
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("$top", "-1")], "invalid_top"),
        (&[("$top", "ten")], "invalid_top"),
        (&[("$skip", "x")], "invalid_skip"),
        (&[("$count", "maybe")], "invalid_count"),
        (&[("$orderby", "name sideways")], "invalid_orderby"),
        (&[("$orderby", "description")], "invalid_orderby"),
        (&[("$select", "name,,id")], "invalid_select"),
        (&[("$bogus", "1")], "unknown_query_option"),
        (&[("$top", "1"), ("$top", "2")], "duplicate_query_option"),
    ];
    for (query, code) in cases {
        app.get_q(set, query).await.expect_error(400, code);
    }
    // Unknown or unfit names: a 400 whichever code names them.
    for query in [
        [("$select", "nope")],
        [("$orderby", "nope")],
        [("$expand", "nope")],
        [("$expand", "priority")],
        [("$expand", "requested_by($select=)")],
        [("$expand", "requested_by($select=nope)")],
    ] {
        app.get_q(set, &query).await.expect(400);
    }
    let ghost = uuid::Uuid::now_v7();
    app.get("/it_service_requests(nope)")
        .await
        .expect_error(400, "invalid_key");
    app.get("/no_such_set")
        .await
        .expect_error(404, "unknown_entity_set");
    app.get("/no_such_set/$count")
        .await
        .expect_error(404, "unknown_entity_set");
    app.get(&format!("{set}({ghost})"))
        .await
        .expect_error(404, "not_found");
    app.get(&format!("{set}({ghost})/history"))
        .await
        .expect_error(404, "not_found");
    app.patch(&format!("{set}({ghost})"), &json!({"name": "x"}), None)
        .await
        .expect_error(404, "not_found");
    app.delete(&format!("{set}({ghost})"), None)
        .await
        .expect_error(404, "not_found");
    app.patch(set, &json!({"name": "x"}), None)
        .await
        .expect_error(405, "key_required");
    app.delete(set, None)
        .await
        .expect_error(405, "key_required");
    app.post(
        &TestApp::path_of("it_service_requests", &rec),
        &json!({"name": "x"}),
    )
    .await
    .expect_error(405, "method_not_allowed");
    // Whatever the body: the address is checked first, and the 405 names what it does answer.
    let r = app
        .post(&TestApp::path_of("it_service_requests", &rec), &json!([]))
        .await;
    r.expect_error(405, "method_not_allowed");
    assert_eq!(r.header("allow"), Some("GET, HEAD, PATCH, DELETE"));
    assert_eq!(app.count("it_service_requests", None).await, 1);
    app.finish().await;
}

#[tokio::test]
async fn invalid_json_huge_bodies_and_wrong_content_types() {
    let app = TestApp::spawn().await;
    let rec = app
        .create("it_service_requests", json!({"name": "r"}))
        .await;
    let path = TestApp::path_of("it_service_requests", &rec);
    let set = "/it_service_requests";
    let json_ct = Some("application/json");
    let before = snapshot(&app, "it_service_requests", Some(&path)).await;
    for body in [
        r#"{"name": "#,
        r#"{"name": "a",}"#,
        "[]",
        r#""name""#,
        "",
        "nul",
        r#"{"name": "a"} x"#,
    ] {
        app.post_raw(set, json_ct, body.into())
            .await
            .expect_error(400, "invalid_json");
        app.patch_raw(&path, json_ct, body.into())
            .await
            .expect_error(400, "invalid_json");
    }
    // Over 2 MiB: 413, for a create and an update.
    let huge = format!(
        r#"{{"name": "big", "description": "{}"}}"#,
        "x".repeat(2 * 1024 * 1024 + 16)
    );
    app.post_raw(set, json_ct, huge.clone().into_bytes())
        .await
        .expect_error(413, "payload_too_large");
    app.patch_raw(&path, json_ct, huge.into_bytes())
        .await
        .expect_error(413, "payload_too_large");
    // Not JSON by its content type: 415, even when the bytes are JSON.
    let ok_body = br#"{"name": "typed"}"#.to_vec();
    for ct in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("application/jsonx"),
        None,
    ] {
        app.post_raw(set, ct, ok_body.clone())
            .await
            .expect_error(415, "unsupported_media_type");
        app.patch_raw(&path, ct, ok_body.clone())
            .await
            .expect_error(415, "unsupported_media_type");
    }
    assert_eq!(
        snapshot(&app, "it_service_requests", Some(&path)).await,
        before
    );
    // A charset parameter is fine.
    app.post_raw(set, Some("application/json; charset=utf-8"), ok_body)
        .await
        .expect(201);
    app.finish().await;
}

#[tokio::test]
async fn tree_cycles_are_refused() {
    let app = TestApp::spawn().await;
    let a = app.create("organization_units", json!({"name": "A"})).await;
    let b = app.create("organization_units", json!({"name": "B"})).await;
    let c = app.create("organization_units", json!({"name": "C"})).await;
    let (pa, pb, pc) = (
        TestApp::path_of("organization_units", &a),
        TestApp::path_of("organization_units", &b),
        TestApp::path_of("organization_units", &c),
    );
    // A -> B is fine; then B -> A is a cycle.
    app.patch(&pa, &json!({"parent_id": id_of(&b)}), None)
        .await
        .expect(200);
    let before = snapshot(&app, "organization_units", Some(&pb)).await;
    let r = app.patch(&pb, &json!({"parent_id": id_of(&a)}), None).await;
    r.expect_error(409, "cycle");
    assert_eq!(r.target(), Some("parent_id"));
    assert_eq!(
        snapshot(&app, "organization_units", Some(&pb)).await,
        before
    );
    // A record cannot be its own parent; nor can a longer loop close: C -> A -> B, then B -> C.
    app.patch(&pa, &json!({"parent_id": id_of(&a)}), None)
        .await
        .expect_error(409, "cycle");
    app.patch(&pc, &json!({"parent_id": id_of(&a)}), None)
        .await
        .expect(200);
    let before = snapshot(&app, "organization_units", Some(&pb)).await;
    app.patch(&pb, &json!({"parent_id": id_of(&c)}), None)
        .await
        .expect_error(409, "cycle");
    assert_eq!(
        snapshot(&app, "organization_units", Some(&pb)).await,
        before
    );
    // The other trees refuse cycles too.
    for (set, parent) in [
        (
            "it_service_request_types",
            "parent_it_service_request_type_id",
        ),
        ("it_technology_types", "parent_it_technology_type_id"),
    ] {
        let x = app.create(set, json!({"name": "x"})).await;
        let y = app
            .create(set, json!({"name": "y", parent: id_of(&x)}))
            .await;
        app.patch(
            &TestApp::path_of(set, &x),
            &json!({parent: id_of(&y)}),
            None,
        )
        .await
        .expect_error(409, "cycle");
    }
    app.finish().await;
}

#[tokio::test]
async fn stale_etags_are_412() {
    let app = TestApp::spawn().await;
    let rec = app.create("it_systems", json!({"name": "Payroll"})).await;
    let path = TestApp::path_of("it_systems", &rec);
    assert_eq!(rec["@odata.etag"], "W/\"1\"");
    let r = app
        .patch(&path, &json!({"abbreviation": "PAY"}), Some("W/\"1\""))
        .await
        .expect(200);
    assert_eq!(r.header("etag"), Some("W/\"2\""));
    assert_eq!(r.body["row_version"], 2);
    let before = snapshot(&app, "it_systems", Some(&path)).await;
    for stale in ["W/\"1\"", "\"1\"", "W/\"3\"", "garbage"] {
        app.patch(&path, &json!({"abbreviation": "OLD"}), Some(stale))
            .await
            .expect_error(412, "precondition_failed");
        app.delete(&path, Some(stale))
            .await
            .expect_error(412, "precondition_failed");
    }
    assert_eq!(snapshot(&app, "it_systems", Some(&path)).await, before);
    // The current version, weak or strong, and `*` apply.
    app.patch(&path, &json!({"abbreviation": "P2"}), Some("\"2\""))
        .await
        .expect(200);
    app.patch(&path, &json!({"abbreviation": "P3"}), Some("*"))
        .await
        .expect(200);
    app.delete(&path, Some("W/\"4\"")).await.expect(204);
    app.finish().await;
}

#[tokio::test]
async fn deleting_a_referenced_row_is_409_naming_the_referrer() {
    let app = TestApp::spawn().await;
    let sys = app.create("it_systems", json!({"name": "HR"})).await;
    let comp = app
        .create(
            "it_system_components",
            json!({"name": "DB", "it_system_id": id_of(&sys)}),
        )
        .await;
    let sys_path = TestApp::path_of("it_systems", &sys);
    let before = snapshot(&app, "it_systems", Some(&sys_path)).await;
    let r = app.delete(&sys_path, None).await;
    r.expect_error(409, "referenced");
    assert!(r.message().contains("it_system_component"), "{}", r.text);
    let details = r.body["error"]["details"].as_array().expect("details");
    assert!(
        details
            .iter()
            .any(|d| d["target"] == "it_system_component.it_system_id"),
        "{}",
        r.text
    );
    assert_eq!(snapshot(&app, "it_systems", Some(&sys_path)).await, before);
    // A person referenced by a request, the same.
    let p = app
        .create(
            "persons",
            json!({"first_name": "Ref", "last_name": "Erenced"}),
        )
        .await;
    app.create(
        "it_service_requests",
        json!({"name": "r", "requested_for_id": id_of(&p)}),
    )
    .await;
    let r = app.delete(&TestApp::path_of("persons", &p), None).await;
    r.expect_error(409, "referenced");
    assert!(r.message().contains("it_service_request"), "{}", r.text);
    // The administrator is built in.
    app.delete(&format!("/persons({})", crate::testkit::ADMIN_ID), None)
        .await
        .expect_error(409, "built_in");
    // Once the referrer is gone, the delete goes through.
    app.delete(&TestApp::path_of("it_system_components", &comp), None)
        .await
        .expect(204);
    app.delete(&sys_path, None).await.expect(204);
    app.finish().await;
}

/// An OData string literal: quotes doubled.
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[tokio::test]
async fn sql_looking_strings_are_data() {
    let app = TestApp::spawn().await;
    let persons_before = app.count("persons", None).await;
    let nasty = [
        "'; DROP TABLE person; --",
        "Robert'); --",
        "Robert'); DROP TABLE it_service_request; --",
        "x' OR '1'='1",
        "\" OR 1=1 --",
        "back\\slash \\' and 100% _under_",
        "$1 ? :name @p0",
        "Ünïcödé ✓ 漢字 🙂",
    ];
    let mut ids = Vec::new();
    for s in nasty {
        let r = app
            .create("it_service_requests", json!({"name": s, "description": s}))
            .await;
        assert_eq!(r["name"], s);
        let got = app
            .get(&TestApp::path_of("it_service_requests", &r))
            .await
            .expect(200);
        assert_eq!(
            (got.body["name"].as_str(), got.body["description"].as_str()),
            (Some(s), Some(s))
        );
        ids.push(id_of(&r).to_string());
    }
    for (s, id) in nasty.iter().zip(&ids) {
        for filter in [
            format!("name eq {}", literal(s)),
            format!(
                "description eq {} and contains(name,{})",
                literal(s),
                literal(s)
            ),
            format!("startswith(name,{})", literal(s)),
        ] {
            let r = app
                .get_q("/it_service_requests", &[("$filter", &filter)])
                .await
                .expect(200);
            let got: Vec<&str> = r.rows().iter().map(id_of).collect();
            assert_eq!(got, [id.as_str()], "$filter={filter}");
        }
    }
    // Nothing was dropped or widened.
    assert_eq!(app.count("persons", None).await, persons_before);
    assert_eq!(
        app.count("it_service_requests", None).await,
        nasty.len() as i64
    );
    let r = app
        .get_q("/persons", &[("$filter", "name eq 'x' or '1' eq '1'")])
        .await;
    assert_eq!(
        r.status, 400,
        "a literal-only comparison is not a filter: {}",
        r.text
    );
    app.finish().await;
}

#[tokio::test]
async fn extreme_query_values_are_refused_or_empty() {
    let app = TestApp::spawn().await;
    for i in 0..3 {
        app.create("it_service_requests", json!({"name": format!("r{i}")}))
            .await;
    }
    let set = "/it_service_requests";
    // Skipping past everything, however far, is an empty page with the right count.
    for skip in [
        "3",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
    ] {
        let r = app
            .get_q(set, &[("$skip", skip), ("$count", "true")])
            .await
            .expect(200);
        assert!(r.rows().is_empty(), "$skip={skip}: {}", r.text);
        assert_eq!(r.body["@odata.count"], 3, "$skip={skip}");
        assert!(r.next_link().is_none());
    }
    for (top, rows) in [("0", 0), ("2", 2), ("18446744073709551615", 3)] {
        let r = app.get_q(set, &[("$top", top)]).await.expect(200);
        assert_eq!(r.rows().len(), rows, "$top={top}");
    }
    // A NUL can be stored nowhere, so it is refused in a query as in a body.
    for filter in ["name eq 'a\u{0}b'", "contains(name,'\u{0}')"] {
        app.get_q(set, &[("$filter", filter)])
            .await
            .expect_error(400, "invalid_character");
    }
    // Size and depth are bounded: a refusal, not a crash.
    let deep = format!("{}name eq 'a'{}", "(".repeat(1000), ")".repeat(1000));
    let nots = format!("{}name eq 'a'", "not ".repeat(1000));
    let long = format!(
        "name in ({})",
        (0..3000)
            .map(|i| format!("'{i}'"))
            .collect::<Vec<_>>()
            .join(",")
    );
    for filter in [&deep, &nots, &long] {
        app.get_q(set, &[("$filter", filter)])
            .await
            .expect_error(400, "invalid_filter");
    }
    // Wide but shallow is fine, negated too (SQLite's expression depth limit is 1000).
    let wide = (0..380)
        .map(|i| format!("name eq 'x{i}'"))
        .collect::<Vec<_>>()
        .join(" or ");
    let r = app
        .get_q(set, &[("$filter", &format!("not ({wide})"))])
        .await
        .expect(200);
    assert_eq!(r.rows().len(), 3);
    app.finish().await;
}

#[tokio::test]
async fn impossible_literals_are_400_not_an_empty_page() {
    let app = TestApp::spawn().await;
    let set = "/it_service_requests";
    app.create(
        "it_service_requests",
        json!({"name": "r", "required_date": "2024-03-01"}),
    )
    .await;
    // Literals that are no value of their type: refused, not read as null (which matches nothing).
    for filter in [
        "required_date gt 2024-02-30",
        "request_date gt 2024-13-45T00:00:00Z",
        "requested_by_id eq 01234567-zzzz-0000-0000-000000000000",
        "satisfaction_rating gt 99999999999999999999",
    ] {
        let r = app.get_q(set, &[("$filter", filter)]).await;
        assert_eq!(r.status, 400, "$filter={filter}: {}", r.text);
    }
    app.finish().await;
}
