//! Lifecycles (issue 11): every (table, state, transition) against the declaration, workflow-owned
//! fields refused for every role, the bound actions over HTTP (409, 403, 422, 412), and the
//! approval roll-up with its separation of duties.

use crate::testkit::{id_of, str_of, TestApp};
use crate::write_guards::{as_holder, holder};
use serde_json::{json, Map, Value};
use steward_domain::value::{format_date, format_datetime, now};
use steward_model::{FieldType, Table};
use steward_process::{Guard, Who};
use steward_service::{builtin_roles, Actor, Error};

/// A value of a field's type that passes the record rules, for parameters and probes.
fn sample(app: &TestApp, table: &Table, field: &str, person: &str) -> Value {
    let f = table.field(field).expect("a field");
    let at = now();
    match &f.ty {
        FieldType::Choice { set } => json!(app.model.choice_set(set).unwrap().choices[0].code),
        FieldType::DateTime if field.ends_with("_end") || field.starts_with("expiration") => {
            json!(format_datetime(at + time::Duration::days(2)))
        }
        FieldType::DateTime => json!(format_datetime(at + time::Duration::days(1))),
        FieldType::Date => json!(format_date(at.date())),
        FieldType::Bool => json!(true),
        FieldType::Lookup { table } if table == "person" => json!(person),
        FieldType::Int { .. } => json!(1),
        _ => json!("Recorded by the test."),
    }
}

/// The transition an audit entry records, if it records one.
fn transition_of(entry: &Value) -> Option<&str> {
    entry["changes"]
        .as_array()?
        .iter()
        .find(|c| c["field"] == "transition")
        .and_then(|c| c["new"].as_str())
}

/// One change of an audit entry.
fn change<'e>(entry: &'e Value, field: &str) -> Option<&'e Value> {
    entry["changes"]
        .as_array()?
        .iter()
        .find(|c| c["field"] == field)
}

fn code_of(e: &Error) -> &str {
    match e {
        Error::Domain(d) => d.code,
        Error::Internal(m) => panic!("internal error: {m}"),
    }
}

/// Every transition from every state of every lifecycle, taken by Steward's own engine (who may
/// take anything the declaration allows): allowed ones succeed and land in the declared state,
/// every other one is 409 `transition_not_allowed` and writes nothing.
#[tokio::test]
async fn every_state_and_transition_pair_follows_the_declaration() {
    let app = TestApp::spawn().await;
    let steward = Actor::administrator();
    let me = steward.person_id.to_string();
    let (mut allowed, mut refused, mut http) = (0, 0, 0);
    // A request's chain asks its requester's manager.
    let manager = app
        .create(
            "persons",
            json!({"first_name": "Mona", "last_name": "Manager"}),
        )
        .await;
    let requester = app
        .create(
            "persons",
            json!({"first_name": "Reed", "last_name": "Requester", "manager_id": manager["id"]}),
        )
        .await;
    for lifecycle in app.service.processes().lifecycles() {
        let table = app.model.table(&lifecycle.table).unwrap().clone();
        for state in &lifecycle.states {
            for name in lifecycle.names() {
                if name == app.service.processes().correction {
                    continue; // any state to any state: tested below
                }
                let mut body = app
                    .minimal_body(&table, &format!("{} {state} {name}", table.name))
                    .await;
                if table.name == "it_system_access_request" {
                    body["requestor_certifies_need_to_know"] = json!(true);
                }
                if table.name == "it_service_request" {
                    body["requested_for_id"] = requester["id"].clone();
                }
                let created = app.create(&table.set, body).await;
                let id: uuid::Uuid = id_of(&created).parse().unwrap();
                let set_up = json!({"state": state, "reason": "test set-up"});
                app.service
                    .transition(
                        &steward,
                        &table,
                        id,
                        "correct",
                        set_up.as_object().unwrap(),
                        None,
                    )
                    .await
                    .unwrap_or_else(|e| panic!("{} to {state}: {e}", table.name));
                let stored = app
                    .service
                    .db()
                    .get_unscoped(&table, id)
                    .await
                    .unwrap()
                    .unwrap();
                let expected = lifecycle.pick(name, &stored);
                let mut params = Map::new();
                if let Ok(t) = expected {
                    for p in &t.required {
                        params.insert(p.clone(), sample(&app, &table, p, &me));
                    }
                    if t.reason {
                        params.insert("reason".into(), json!("tested"));
                    }
                }
                let seq = app.audit_seq().await;
                // The administrator takes over HTTP what its privileges allow (and every refusal);
                // what only a person of the record or Steward may take, and what a separation
                // of duties keeps from the record's creator, Steward's engine takes.
                let over_http = match expected {
                    Ok(t) => {
                        t.who.iter().any(|w| matches!(w, Who::Privilege { .. }))
                            && !t.guards.contains(&Guard::NotInvolved)
                    }
                    Err(_) => true,
                };
                let taken: Result<steward_domain::Record, String> = if over_http {
                    let r = app
                        .act(&table.set, &created, name, Value::Object(params.clone()))
                        .await;
                    if r.status == 200 {
                        http += 1;
                        Ok(app
                            .service
                            .db()
                            .get_unscoped(&table, id)
                            .await
                            .unwrap()
                            .unwrap())
                    } else {
                        Err(r.code().to_string())
                    }
                } else {
                    app.service
                        .transition(&steward, &table, id, name, &params, None)
                        .await
                        .map_err(|e| code_of(&e).to_string())
                };
                match (expected, taken) {
                    (Ok(t), Ok(after)) => {
                        let want = t.target(state, None).unwrap().to_string();
                        let got = after.get(&lifecycle.field).and_then(|v| v.as_text());
                        // A transition that opens an approval chain with nothing to approve goes
                        // on through the chain's approval.
                        let mut there = stored.clone();
                        there.insert(
                            lifecycle.field.clone(),
                            steward_domain::Value::Text(want.clone()),
                        );
                        let chained = app
                            .service
                            .processes()
                            .chain(&table.name)
                            .is_some_and(|c| c.opens_on == name)
                            .then(|| lifecycle.pick("approve", &there).ok())
                            .flatten()
                            .and_then(|a| a.target(&want, None).map(str::to_string));
                        assert!(
                            got == Some(want.as_str()) || got.map(str::to_string) == chained,
                            "{} {state} --{name}--> {got:?}, declared {want}",
                            table.name
                        );
                        allowed += 1;
                    }
                    (Err(_), Err(code)) => {
                        assert_eq!(
                            code, "transition_not_allowed",
                            "{} {state} {name}",
                            table.name
                        );
                        let after = app.service.db().get_unscoped(&table, id).await.unwrap();
                        assert_eq!(
                            after.as_ref(),
                            Some(&stored),
                            "{} {state} {name}",
                            table.name
                        );
                        assert_eq!(
                            app.audit_seq().await,
                            seq,
                            "a refused transition audits nothing"
                        );
                        refused += 1;
                    }
                    (Ok(_), Err(e)) => {
                        panic!("{} {state} {name} is declared but failed: {e}", table.name)
                    }
                    (Err(_), Ok(_)) => {
                        panic!("{} {state} {name} is not declared but passed", table.name)
                    }
                }
            }
        }
    }
    eprintln!("{allowed} allowed ({http} of them over HTTP), {refused} refused");
    assert!(
        allowed > 50 && refused > 200 && http > 30,
        "{allowed} allowed ({http} of them over HTTP), {refused} refused"
    );
    app.finish().await;
}

/// Every field a lifecycle owns, sent by every built-in role (the administrator included) in a
/// POST and a PATCH: refused, nothing written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workflow_fields_are_refused_for_every_role() {
    let app = TestApp::spawn().await;
    let unit = id_of(&app.create("organization_units", json!({"name": "U"})).await).to_string();
    let mut holders = Vec::new();
    for (i, (role, _, _)) in builtin_roles().into_iter().enumerate() {
        holders.push((role, holder(&app, role, &format!("role{i}"), &unit).await));
    }
    for lifecycle in app.service.processes().lifecycles() {
        let table = app.model.table(&lifecycle.table).unwrap().clone();
        let existing = app.create_minimal(&table, "existing").await;
        let path = TestApp::path_of(&table.set, &existing);
        let stored = app.get(&path).await.expect(200).body;
        for field in &lifecycle.owned {
            let value = sample(&app, &table, field, &holders[0].1.person);
            let mut body = app.minimal_body(&table, "probe").await;
            body[field.as_str()] = value.clone();
            let before = app.count(&table.set, None).await;
            // The administrator's own token.
            app.post(&format!("/{}", table.set), &body)
                .await
                .expect_error(403, "workflow_field");
            app.patch(&path, &json!({ field.as_str(): value }), None)
                .await
                .expect_error(403, "workflow_field");
            for (role, who) in &holders {
                let r = as_holder(
                    &app,
                    who,
                    reqwest::Method::POST,
                    &format!("/{}", table.set),
                    Some(&body),
                )
                .await;
                assert_eq!(
                    r.status, 403,
                    "{role} POST {}.{field}: {}",
                    table.name, r.text
                );
                assert!(
                    matches!(r.code(), "workflow_field" | "forbidden"),
                    "{role}: {}",
                    r.text
                );
                let r = as_holder(
                    &app,
                    who,
                    reqwest::Method::PATCH,
                    &path,
                    Some(&json!({ field.as_str(): value })),
                )
                .await;
                assert!(
                    matches!(r.status, 403 | 404),
                    "{role} PATCH {}.{field}: {}",
                    table.name,
                    r.text
                );
            }
            assert_eq!(
                app.count(&table.set, None).await,
                before,
                "{}.{field}",
                table.name
            );
            assert_eq!(
                app.get(&path).await.expect(200).body,
                stored,
                "{}.{field}",
                table.name
            );
        }
        // A create starts in the initial state.
        assert_eq!(
            stored[lifecycle.field.as_str()],
            json!(lifecycle.initial),
            "{}",
            table.name
        );
    }
    app.finish().await;
}

/// The bound actions over HTTP: listed, taken with their parameters, and refused with the
/// documented codes; the incident's story of scenario (c) on the way.
#[tokio::test]
async fn an_incident_is_assigned_held_resolved_reopened_and_resolved_again() {
    let app = TestApp::spawn().await;
    let agent = id_of(
        &app.create(
            "persons",
            json!({"first_name": "Ada", "last_name": "Agent"}),
        )
        .await,
    )
    .to_string();
    let inc = app
        .create(
            "incidents",
            json!({"name": "Mail is down", "incident_status": null}),
        )
        .await;
    assert_eq!(inc["incident_status"], json!("new"));
    assert!(inc["opened_on"].is_string(), "opened_on is set on create");
    let path = TestApp::path_of("incidents", &inc);
    let listed = app
        .get(&format!("{path}/Steward.transitions"))
        .await
        .expect(200)
        .body;
    assert_eq!(listed["state"], json!("new"));
    let names: Vec<&str> = listed["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["assign", "start", "resolve", "cancel", "correct"]);

    // A missing parameter names it; an unknown one is refused; nothing is written.
    app.act("incidents", &inc, "assign", json!({}))
        .await
        .expect_error(422, "missing_parameter");
    let r = app
        .act(
            "incidents",
            &inc,
            "assign",
            json!({"assigned_to_id": agent, "colour": "red"}),
        )
        .await;
    r.expect_error(400, "unknown_parameter");
    assert_eq!(r.target(), Some("colour"));
    // Not allowed from this state: 409, naming the state and what is allowed.
    let r = app
        .act("incidents", &inc, "reopen", json!({"reason": "x"}))
        .await;
    r.expect_error(409, "transition_not_allowed");
    assert!(
        r.message().contains("new") && r.message().contains("assign"),
        "{}",
        r.message()
    );
    app.act("incidents", &inc, "fly", json!({}))
        .await
        .expect_error(404, "unknown_transition");

    let r = app
        .act(
            "incidents",
            &inc,
            "assign",
            json!({"assigned_to_id": agent}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["incident_status"], json!("in_progress"));
    // A stale If-Match is 412.
    let stale = app
        .send(
            app.client
                .post(app.url(&format!("{path}/Steward.put_on_hold")))
                .header("If-Match", "W/\"1\"")
                .json(&json!({"reason": "Waiting for the vendor"})),
            "stale put_on_hold".into(),
        )
        .await;
    stale.expect_error(412, "precondition_failed");
    app.act("incidents", &inc, "put_on_hold", json!({}))
        .await
        .expect_error(422, "missing_parameter");
    app.act(
        "incidents",
        &inc,
        "put_on_hold",
        json!({"reason": "Waiting for the vendor"}),
    )
    .await
    .expect(200);
    app.act(
        "incidents",
        &inc,
        "resolve",
        json!({"resolution_code": "solved_workaround"}),
    )
    .await
    .expect_error(422, "missing_parameter");
    let resolved = app
        .act("incidents", &inc, "resolve", json!({"resolution_code": "solved_workaround", "resolution_notes": "Restarted the relay."}))
        .await
        .expect(200)
        .body;
    assert_eq!(resolved["incident_status"], json!("resolved"));
    assert!(resolved["resolved_on"].is_string());
    let reopened = app
        .act("incidents", &inc, "reopen", json!({"reason": "Down again"}))
        .await
        .expect(200)
        .body;
    assert_eq!(reopened["incident_status"], json!("in_progress"));
    assert!(reopened["resolved_on"].is_null() && reopened["resolution_code"].is_null());
    app.act(
        "incidents",
        &inc,
        "resolve",
        json!({"resolution_code": "solved_permanently", "resolution_notes": "Replaced the relay."}),
    )
    .await
    .expect(200);

    // The history tells the story: each step a transition entry naming it, reasons kept.
    let history = app.history("incidents", id_of(&inc)).await;
    let steps: Vec<&str> = history
        .iter()
        .filter(|e| e["action"] == json!("transition"))
        .filter_map(transition_of)
        .collect();
    assert_eq!(
        steps,
        ["assign", "put_on_hold", "resolve", "reopen", "resolve"]
    );
    let reopen = history
        .iter()
        .find(|e| transition_of(e) == Some("reopen"))
        .unwrap();
    assert_eq!(
        change(reopen, "reason"),
        Some(&json!({"field": "reason", "old": null, "new": "Down again"}))
    );
    app.finish().await;
}

/// A requester may cancel her own incident but not resolve it; an agent resolves it. Steward-only
/// transitions are nobody's to take through the API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_may_take_a_transition_is_the_declarations() {
    let app = TestApp::spawn().await;
    let unit = id_of(&app.create("organization_units", json!({"name": "U"})).await).to_string();
    let rita = holder(&app, "Requester", "rita", &unit).await;
    let sam = holder(&app, "Service Desk Agent", "sam", &unit).await;
    let post = |who, path: String, body: Value| {
        let app = &app;
        async move { as_holder(app, who, reqwest::Method::POST, &path, Some(&body)).await }
    };
    let mine = post(
        &rita,
        "/incidents".into(),
        json!({"name": "My printer", "reported_by_id": rita.person}),
    )
    .await
    .expect(201)
    .body;
    let path = TestApp::path_of("incidents", &mine);
    let resolve = json!({"resolution_code": "solved_permanently", "resolution_notes": "Done"});
    post(&rita, format!("{path}/Steward.resolve"), resolve.clone())
        .await
        .expect_error(403, "transition_forbidden");
    let listed = as_holder(
        &app,
        &rita,
        reqwest::Method::GET,
        &format!("{path}/Steward.transitions"),
        None,
    )
    .await
    .expect(200)
    .body;
    let names: Vec<&str> = listed["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["cancel"],
        "a requester may only cancel her open incident"
    );
    post(&sam, format!("{path}/Steward.resolve"), resolve)
        .await
        .expect(200);
    // The requester closes it, or reopens it.
    post(
        &rita,
        format!("{path}/Steward.reopen"),
        json!({"reason": "Still jammed"}),
    )
    .await
    .expect(200);

    // Steward-only: a request is approved by its approvals, never by a caller, the administrator
    // included.
    let req = app
        .create("it_service_requests", json!({"name": "Laptop"}))
        .await;
    app.correct_to("it_service_requests", &req, "pending_approval")
        .await;
    app.act("it_service_requests", &req, "approve", json!({}))
        .await
        .expect_error(403, "transition_forbidden");
    app.finish().await;
}

/// Two-stage approval: stage 2 waits for stage 1; the last approval approves the request once,
/// with the approver recorded; a rejection rejects it and cancels what was still pending.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_stages_open_in_order_and_roll_up_once() {
    let app = TestApp::spawn().await;
    let unit = id_of(&app.create("organization_units", json!({"name": "U"})).await).to_string();
    let ann = holder(&app, "Approver", "ann", &unit).await;
    let bob = holder(&app, "Approver", "bob", &unit).await;
    let approve = |who, approval: &Value| {
        let path = format!(
            "{}/Steward.approve",
            TestApp::path_of("approvals", approval)
        );
        let app = &app;
        async move { as_holder(app, who, reqwest::Method::POST, &path, Some(&json!({}))).await }
    };
    for outcome in ["approved", "rejected"] {
        let req = app
            .create(
                "it_service_requests",
                json!({"name": format!("Server {outcome}")}),
            )
            .await;
        app.correct_to("it_service_requests", &req, "pending_approval")
            .await;
        let ask = |reviewer: &str, stage: i64| {
            json!({"name": format!("Stage {stage}"), "regarding_table": "it_service_request",
                   "regarding_id": id_of(&req), "reviewer_id": reviewer, "stage": stage})
        };
        let first = app.create("approvals", ask(&ann.person, 1)).await;
        let second = app.create("approvals", ask(&bob.person, 2)).await;
        approve(&bob, &second)
            .await
            .expect_error(409, "stage_not_open");
        if outcome == "rejected" {
            let path = format!("{}/Steward.reject", TestApp::path_of("approvals", &first));
            as_holder(
                &app,
                &ann,
                reqwest::Method::POST,
                &path,
                Some(&json!({"reviewer_comments": "No budget"})),
            )
            .await
            .expect(200);
            let r = app
                .get(&TestApp::path_of("it_service_requests", &req))
                .await
                .expect(200)
                .body;
            assert_eq!(
                (r["request_status"].as_str(), r["approval_status"].as_str()),
                (Some("rejected"), Some("rejected"))
            );
            let s = app
                .get(&TestApp::path_of("approvals", &second))
                .await
                .expect(200)
                .body;
            assert_eq!(
                s["approval_status"],
                json!("cancelled"),
                "one rejection ends the chain"
            );
            continue;
        }
        approve(&ann, &first).await.expect(200);
        let r = app
            .get(&TestApp::path_of("it_service_requests", &req))
            .await
            .expect(200)
            .body;
        assert_eq!(
            r["request_status"],
            json!("pending_approval"),
            "stage 2 still to decide"
        );
        approve(&bob, &second).await.expect(200);
        let r = app
            .get(&TestApp::path_of("it_service_requests", &req))
            .await
            .expect(200)
            .body;
        assert_eq!(r["request_status"], json!("approved"));
        assert_eq!(r["approved_by_id"], json!(bob.person));
        let rollups = app
            .history("it_service_requests", id_of(&req))
            .await
            .iter()
            .filter(|e| transition_of(e) == Some("approve"))
            .count();
        assert_eq!(rollups, 1, "the request is approved once");
        approve(&bob, &second)
            .await
            .expect_error(409, "transition_not_allowed");
    }
    app.finish().await;
}

/// The record page shows the state and the transitions the viewer may take, each a form that works
/// without JavaScript; the edit form neither shows nor writes workflow fields.
#[tokio::test]
async fn the_record_page_takes_transitions_and_the_edit_form_leaves_the_status_alone() {
    use crate::web::{pairs, Browser};
    let app = TestApp::spawn().await;
    let (admin, _) = Browser::sign_in(&app, "admin", crate::testkit::ADMIN_PASSWORD).await;
    let inc = app.create("incidents", json!({"name": "VPN drops"})).await;
    let id = id_of(&inc);
    let page = admin.get(&format!("/app/incidents/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.html
            .contains(r#"<span class="badge state">New</span>"#),
        "the state badge"
    );
    for action in ["assign", "start", "resolve", "cancel", "correct"] {
        assert!(
            page.html
                .contains(&format!(r#"action="/app/incidents/{id}/do/{action}""#)),
            "a form for {action}"
        );
    }
    assert!(
        !page.html.contains("/do/reopen"),
        "nothing that is not allowed now"
    );
    let csrf = page.hidden("_csrf");
    let version = page.hidden("_version");
    // Resolving without notes: refused, naming the field; nothing changes.
    let refused = admin
        .post(
            &format!("/app/incidents/{id}/do/resolve"),
            &pairs(&[
                ("_csrf", &csrf),
                ("_version", &version),
                ("resolution_code", "duplicate"),
            ]),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(
        refused.html.contains("resolution_notes"),
        "{}",
        refused.html
    );
    let done = admin
        .post(
            &format!("/app/incidents/{id}/do/resolve"),
            &pairs(&[
                ("_csrf", &csrf),
                ("_version", &version),
                ("resolution_code", "duplicate"),
                ("resolution_notes", "Same as INC-1"),
            ]),
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.html);
    assert_eq!(done.location, format!("/app/incidents/{id}"));
    let stored = app
        .get(&TestApp::path_of("incidents", &inc))
        .await
        .expect(200)
        .body;
    assert_eq!(stored["incident_status"], json!("resolved"));

    // The edit form has no status field, and a posted one is not written.
    let edit = admin.get(&format!("/app/incidents/{id}/edit")).await;
    assert!(
        !edit.html.contains(r#"name="incident_status""#),
        "no status on the edit form"
    );
    let saved = admin
        .post(
            &format!("/app/incidents/{id}/edit"),
            &pairs(&[
                ("_csrf", &edit.hidden("_csrf")),
                ("_version", &edit.hidden("_version")),
                ("name", "VPN drops at night"),
                ("incident_status", "new"),
            ]),
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.html);
    let stored = app
        .get(&TestApp::path_of("incidents", &inc))
        .await
        .expect(200)
        .body;
    assert_eq!(stored["name"], json!("VPN drops at night"));
    assert_eq!(
        stored["incident_status"],
        json!("resolved"),
        "the form does not set the status"
    );
    app.finish().await;
}

/// The people of an access request's chain: the subject and their manager, the system's owner and
/// security officer, each able to decide through the API.
struct Cast {
    subject: crate::write_guards::Holder,
    manager: crate::write_guards::Holder,
    owner: crate::write_guards::Holder,
    isso: crate::write_guards::Holder,
    system: String,
}

async fn cast(app: &TestApp) -> Cast {
    let unit = id_of(
        &app.create("organization_units", json!({"name": "Payments"}))
            .await,
    )
    .to_string();
    let subject = holder(app, "Requester", "sid", &unit).await;
    let manager = holder(app, "Approver", "meg", &unit).await;
    let owner = holder(app, "Approver", "oscar", &unit).await;
    let isso = holder(app, "Approver", "ivy", &unit).await;
    app.patch(
        &format!("/persons({})", subject.person),
        &json!({"manager_id": manager.person}),
        None,
    )
    .await
    .expect(200);
    let system = app
        .create(
            "it_systems",
            json!({"name": "Payments", "system_owner_id": owner.person, "information_security_officer_id": isso.person}),
        )
        .await;
    Cast {
        subject,
        manager,
        owner,
        isso,
        system: id_of(&system).to_string(),
    }
}

/// An access request for the cast's subject to an entitlement with these approval flags,
/// submitted; the request and its approvals by stage.
async fn submitted(app: &TestApp, c: &Cast, flags: Value) -> (Value, Vec<Value>) {
    let mut ent = json!({"name": "Payments admin", "it_system_id": c.system});
    for (k, v) in flags.as_object().unwrap() {
        ent[k] = v.clone();
    }
    let ent = app.create("it_product_entitlements", ent).await;
    let sar = app
        .create(
            "it_system_access_requests",
            json!({"name": "Access to Payments", "person_id": c.subject.person, "requested_by_id": c.subject.person,
                   "it_system_id": c.system, "it_product_entitlement_id": id_of(&ent), "requestor_certifies_need_to_know": true}),
        )
        .await;
    let sar = app
        .act("it_system_access_requests", &sar, "submit", json!({}))
        .await
        .expect(200)
        .body;
    let approvals = app.approvals_of(&sar).await;
    (sar, approvals)
}

/// Take an approval's `approve` or `reject` as `who`, with a comment.
pub(crate) async fn decide(
    app: &TestApp,
    who: &crate::write_guards::Holder,
    approval: &Value,
    name: &str,
) -> crate::testkit::Resp {
    let path = format!("{}/Steward.{name}", TestApp::path_of("approvals", approval));
    as_holder(
        app,
        who,
        reqwest::Method::POST,
        &path,
        Some(&json!({"reviewer_comments": format!("{name}d")})),
    )
    .await
}

/// (request_status, approval_status) of an access request.
pub(crate) async fn status_of(app: &TestApp, sar: &Value) -> (String, String) {
    let r = app
        .get(&TestApp::path_of("it_system_access_requests", sar))
        .await
        .expect(200)
        .body;
    (
        r["request_status"].as_str().unwrap().into(),
        r["approval_status"].as_str().unwrap().into(),
    )
}

/// Scenarios (a) and (e): a privileged entitlement's request goes to the manager, then the system
/// owner, then a security review; each stage opens when the one before it is approved; the
/// history says who approved at which stage, and when.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_three_stage_access_chain_runs_in_order() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let (sar, approvals) = submitted(
        &app,
        &c,
        json!({"requires_manager_approval": true, "requires_owner_approval": true, "entitlement_category": "privileged_access"}),
    )
    .await;
    let stages: Vec<(i64, &str)> = approvals
        .iter()
        .map(|a| {
            (
                a["stage"].as_i64().unwrap(),
                a["reviewer_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        stages,
        [
            (1, c.manager.person.as_str()),
            (2, c.owner.person.as_str()),
            (3, c.isso.person.as_str())
        ]
    );
    assert_eq!(
        status_of(&app, &sar).await,
        ("pending_approval".into(), "pending".into())
    );
    // The security review waits for the stages before it.
    decide(&app, &c.isso, &approvals[2], "approve")
        .await
        .expect_error(409, "stage_not_open");
    decide(&app, &c.owner, &approvals[1], "approve")
        .await
        .expect_error(409, "stage_not_open");
    decide(&app, &c.manager, &approvals[0], "approve")
        .await
        .expect(200);
    decide(&app, &c.owner, &approvals[1], "approve")
        .await
        .expect(200);
    assert_eq!(
        status_of(&app, &sar).await.0,
        "pending_approval",
        "the security review is still to come"
    );
    decide(&app, &c.isso, &approvals[2], "approve")
        .await
        .expect(200);
    assert_eq!(
        status_of(&app, &sar).await,
        ("approved".into(), "approved".into())
    );
    // (e) From the history alone: who approved, at which stage, when.
    for (a, who) in approvals.iter().zip([&c.manager, &c.owner, &c.isso]) {
        let h = app.history("approvals", id_of(a)).await;
        let entry = h
            .iter()
            .find(|e| transition_of(e) == Some("approve"))
            .expect("an approve entry");
        assert_eq!(entry["actor_id"], json!(who.person));
        assert!(entry["at"].is_string());
        let approval = app
            .get(&TestApp::path_of("approvals", a))
            .await
            .expect(200)
            .body;
        assert_eq!(approval["stage"], a["stage"]);
    }
    let h = app.history("it_system_access_requests", id_of(&sar)).await;
    let approved = h
        .iter()
        .find(|e| transition_of(e) == Some("approve"))
        .unwrap();
    assert_eq!(
        approved["actor_id"],
        json!(c.isso.person),
        "the last approver is the request's approver"
    );
    app.finish().await;
}

/// One- and two-stage chains from the entitlement's flags; a rejection at any stage rejects the
/// request and cancels what was still pending; no flag at all approves at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chains_follow_the_entitlement_and_a_rejection_ends_them() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let (_, one) = submitted(&app, &c, json!({"requires_manager_approval": true})).await;
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["reviewer_type"], json!("manager"));
    let (_, owner_only) = submitted(&app, &c, json!({"requires_owner_approval": true})).await;
    assert_eq!(
        (owner_only.len(), owner_only[0]["stage"].as_i64()),
        (1, Some(2))
    );
    let (none, no_approvals) = submitted(&app, &c, json!({})).await;
    assert!(no_approvals.is_empty());
    assert_eq!(
        status_of(&app, &none).await,
        ("approved".into(), "approved".into()),
        "nothing to approve"
    );

    for reject_at in 0..3 {
        let (sar, approvals) = submitted(
            &app,
            &c,
            json!({"requires_manager_approval": true, "requires_owner_approval": true, "requires_security_review": true}),
        )
        .await;
        let people = [&c.manager, &c.owner, &c.isso];
        for (i, who) in people.iter().enumerate().take(reject_at) {
            decide(&app, who, &approvals[i], "approve")
                .await
                .expect(200);
        }
        decide(&app, people[reject_at], &approvals[reject_at], "reject")
            .await
            .expect(200);
        assert_eq!(
            status_of(&app, &sar).await,
            ("rejected".into(), "rejected".into()),
            "rejected at stage {}",
            reject_at + 1
        );
        for later in &approvals[reject_at + 1..] {
            let a = app
                .get(&TestApp::path_of("approvals", later))
                .await
                .expect(200)
                .body;
            assert_eq!(a["approval_status"], json!("cancelled"));
        }
    }
    app.finish().await;
}

/// Separation of duties in the chain: the requester is never asked; one person is never the only
/// approver of two stages (their manager stands in); a stage with nobody left refuses the submit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chain_keeps_duties_separate() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    // The subject's manager also owns the system: the owner's stage goes to the manager's manager.
    let boss = holder(
        &app,
        "Approver",
        "bea",
        id_of(
            &app.create("organization_units", json!({"name": "Board"}))
                .await,
        ),
    )
    .await;
    app.patch(
        &format!("/persons({})", c.manager.person),
        &json!({"manager_id": boss.person}),
        None,
    )
    .await
    .expect(200);
    app.patch(
        &format!("/it_systems({})", c.system),
        &json!({"system_owner_id": c.manager.person}),
        None,
    )
    .await
    .expect(200);
    let (_, approvals) = submitted(
        &app,
        &c,
        json!({"requires_manager_approval": true, "requires_owner_approval": true}),
    )
    .await;
    let reviewers: Vec<&str> = approvals
        .iter()
        .map(|a| a["reviewer_id"].as_str().unwrap())
        .collect();
    assert_eq!(reviewers, [c.manager.person.as_str(), boss.person.as_str()]);
    // The system's security officer asks for access for herself: she is not her own reviewer, and
    // with nobody else to review, the submit is refused and the request stays a draft.
    app.patch(
        &format!("/it_systems({})", c.system),
        &json!({"system_owner_id": c.owner.person}),
        None,
    )
    .await
    .expect(200);
    let ent = app.create("it_product_entitlements", json!({"name": "Audit log", "it_system_id": c.system, "requires_security_review": true})).await;
    let sar = app
        .create(
            "it_system_access_requests",
            json!({"name": "Ivy's access", "person_id": c.isso.person, "requested_by_id": c.isso.person, "it_system_id": c.system,
                   "it_product_entitlement_id": id_of(&ent), "requestor_certifies_need_to_know": true}),
        )
        .await;
    let r = app
        .act("it_system_access_requests", &sar, "submit", json!({}))
        .await;
    r.expect_error(422, "no_approver");
    assert!(r.message().contains("Security review"), "{}", r.message());
    assert_eq!(status_of(&app, &sar).await.0, "draft");
    let _ = &c.subject;
    app.finish().await;
}

/// A normal change goes to its advisory board, decided by a majority; two members approving an
/// emergency change at the same moment approve it exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn boards_decide_by_majority_and_concurrent_decisions_roll_up_once() {
    let app = TestApp::spawn().await;
    let unit = id_of(
        &app.create("organization_units", json!({"name": "Ops"}))
            .await,
    )
    .to_string();
    let mut members = Vec::new();
    for name in ["cab1", "cab2", "cab3", "ecab1", "ecab2"] {
        members.push(holder(&app, "Approver", name, &unit).await);
    }
    for (team, range) in [
        ("Change Advisory Board", 0..3),
        ("Emergency Change Advisory Board", 3..5),
    ] {
        let t = app.create("teams", json!({"name": team})).await;
        for m in &members[range] {
            app.create(
                "team_members",
                json!({"name": "member", "team_id": id_of(&t), "person_id": m.person}),
            )
            .await;
        }
    }
    let approvals_of = |chg: &Value| {
        let filter = format!("regarding_id eq {}", id_of(chg));
        let app = &app;
        async move {
            app.get_q(
                "/approvals",
                &[("$filter", &filter), ("$orderby", "created_on")],
            )
            .await
            .expect(200)
            .rows()
            .clone()
        }
    };
    let normal = app
        .create(
            "change_requests",
            json!({"name": "Patch the gateway", "change_type": "normal"}),
        )
        .await;
    app.act(
        "change_requests",
        &normal,
        "submit",
        json!({"change_type": "normal"}),
    )
    .await
    .expect(200);
    let board = approvals_of(&normal).await;
    assert_eq!(board.len(), 3);
    decide(&app, &members[0], &board[0], "approve")
        .await
        .expect(200);
    let chg = app
        .get(&TestApp::path_of("change_requests", &normal))
        .await
        .expect(200)
        .body;
    assert_eq!(
        chg["change_status"],
        json!("assessment"),
        "one of three is no majority"
    );
    decide(&app, &members[1], &board[1], "approve")
        .await
        .expect(200);
    let chg = app
        .get(&TestApp::path_of("change_requests", &normal))
        .await
        .expect(200)
        .body;
    assert_eq!(
        (
            chg["change_status"].as_str(),
            chg["approval_status"].as_str()
        ),
        (Some("authorized"), Some("approved"))
    );
    let third = app
        .get(&TestApp::path_of("approvals", &board[2]))
        .await
        .expect(200)
        .body;
    assert_eq!(
        third["approval_status"],
        json!("cancelled"),
        "a decided stage asks no one else"
    );

    // Scenario (b): an emergency change to rotate exposed API keys, linked to the POA&M item it
    // remediates, authorized at once, approved after the fact.
    let poam = app
        .create(
            "it_poam_items",
            json!({"name": "API keys exposed in a public repository"}),
        )
        .await;
    let emergency = app
        .create(
            "change_requests",
            json!({
                "name": "Rotate the exposed API keys",
                "change_type": "emergency",
                "related_poam_item_id": id_of(&poam),
            }),
        )
        .await;
    let chg = app
        .act("change_requests", &emergency, "submit", json!({}))
        .await
        .expect(200)
        .body;
    assert_eq!(
        (
            chg["change_status"].as_str(),
            chg["approval_status"].as_str()
        ),
        (Some("authorized"), Some("pending"))
    );
    let ecab = approvals_of(&emergency).await;
    assert_eq!(ecab.len(), 2);
    let (a, b) = tokio::join!(
        decide(&app, &members[3], &ecab[0], "approve"),
        decide(&app, &members[4], &ecab[1], "approve")
    );
    let mut codes = [a.status, b.status];
    codes.sort();
    assert_eq!(
        codes,
        [200, 409],
        "one decides the stage, the other finds it decided: {} / {}",
        a.text,
        b.text
    );
    let chg = app
        .get(&TestApp::path_of("change_requests", &emergency))
        .await
        .expect(200)
        .body;
    assert_eq!(
        (
            chg["change_status"].as_str(),
            chg["approval_status"].as_str()
        ),
        (Some("authorized"), Some("approved"))
    );
    // The POA&M item reaches the change that remediates it, and the change its item.
    let remediating = app
        .get_q(
            "/change_requests",
            &[(
                "$filter",
                &format!("related_poam_item_id eq {}", id_of(&poam)),
            )],
        )
        .await
        .expect(200);
    let names: Vec<&str> = remediating
        .rows()
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, ["Rotate the exposed API keys"]);
    let linked = app
        .get_q(
            &TestApp::path_of("change_requests", &emergency),
            &[("$expand", "related_poam_item($select=name)")],
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        linked["related_poam_item"]["name"],
        json!("API keys exposed in a public repository")
    );
    let rollups = app
        .history("change_requests", id_of(&emergency))
        .await
        .iter()
        .filter(|e| transition_of(e) == Some("approve"))
        .count();
    assert_eq!(rollups, 1);
    app.finish().await;
}

/// Acceptance 4, the collisions a schedule checks: overlap on the same system, on a parent or
/// child component; none for windows that only touch, nor for another component of the system;
/// an acknowledged collision schedules and is recorded.
#[tokio::test]
async fn scheduling_a_change_flags_its_collisions() {
    let app = TestApp::spawn().await;
    let system = app.create("it_systems", json!({"name": "Ledger"})).await;
    let sys = id_of(&system).to_string();
    let web = app
        .create(
            "it_system_components",
            json!({"name": "Web tier", "it_system_id": sys}),
        )
        .await;
    let nginx = app
        .create("it_system_components", json!({"name": "nginx", "it_system_id": sys, "parent_it_system_component_id": id_of(&web)}))
        .await;
    let db = app
        .create(
            "it_system_components",
            json!({"name": "Database", "it_system_id": sys}),
        )
        .await;
    let base = now() + time::Duration::days(3);
    let at = |h: i64| format_datetime(base + time::Duration::hours(h));
    // A standard change, submitted (authorized at once) and scheduled from hour `from` to `to`.
    let schedule = |name: &'static str, target: Value, from: i64, to: i64, ack: bool| {
        let app = &app;
        let (start, end) = (at(from), at(to));
        async move {
            let mut body = json!({"name": name, "change_type": "standard"});
            for (k, v) in target.as_object().unwrap() {
                body[k] = v.clone();
            }
            let chg = app.create("change_requests", body).await;
            app.act("change_requests", &chg, "submit", json!({}))
                .await
                .expect(200);
            let mut params = json!({"planned_start": start, "planned_end": end});
            if ack {
                params["acknowledge_collisions"] = json!(true);
            }
            (
                app.act("change_requests", &chg, "schedule", params).await,
                chg,
            )
        }
    };
    let (first, first_chg) = schedule(
        "Patch the ledger",
        json!({"it_system_id": sys}),
        0,
        4,
        false,
    )
    .await;
    first.expect(200);
    let number = first_chg["number"].as_str().unwrap().to_string();
    // The same system, overlapping: refused, naming the other change; nothing written.
    let (r, chg) = schedule(
        "Rotate certificates",
        json!({"it_system_id": sys}),
        2,
        6,
        false,
    )
    .await;
    r.expect_error(409, "change_collision");
    assert!(
        r.message().contains(&number) && r.message().contains("the same system"),
        "{}",
        r.message()
    );
    let still = app
        .get(&TestApp::path_of("change_requests", &chg))
        .await
        .expect(200)
        .body;
    assert_eq!(still["change_status"], json!("authorized"));
    // Windows that only touch do not collide.
    schedule("Right after", json!({"it_system_id": sys}), 4, 8, false)
        .await
        .0
        .expect(200);
    schedule("Right before", json!({"it_system_id": sys}), -4, 0, false)
        .await
        .0
        .expect(200);
    // Components: a parent and its child collide, two unrelated components do not.
    schedule(
        "Web tier config",
        json!({"it_system_component_id": id_of(&web)}),
        20,
        24,
        false,
    )
    .await
    .0
    .expect(200);
    let (r, _) = schedule(
        "nginx upgrade",
        json!({"it_system_component_id": id_of(&nginx)}),
        22,
        26,
        false,
    )
    .await;
    r.expect_error(409, "change_collision");
    assert!(
        r.message().contains("a parent or child component"),
        "{}",
        r.message()
    );
    schedule(
        "Database vacuum",
        json!({"it_system_component_id": id_of(&db)}),
        22,
        26,
        false,
    )
    .await
    .0
    .expect(200);
    // Acknowledged: scheduled, and the audit entry says with what it collides.
    let (r, acked) = schedule(
        "nginx upgrade, acknowledged",
        json!({"it_system_component_id": id_of(&nginx)}),
        22,
        26,
        true,
    )
    .await;
    r.expect(200);
    let history = app.history("change_requests", id_of(&acked)).await;
    let entry = history
        .iter()
        .find(|e| transition_of(e) == Some("schedule"))
        .unwrap();
    let noted = change(entry, "acknowledged_collisions").expect("the collisions are recorded");
    assert_eq!(noted["new"][0]["why"], json!("a parent or child component"));
    app.finish().await;
}

/// Acceptance 4, continued: a blackout window (on the system, or on every system) and an item
/// that depends on the other through a relation are collisions too.
#[tokio::test]
async fn blackouts_and_relations_are_collisions() {
    let app = TestApp::spawn().await;
    let ledger = app.create("it_systems", json!({"name": "Ledger"})).await;
    let portal = app.create("it_systems", json!({"name": "Portal"})).await;
    let other = app.create("it_systems", json!({"name": "Intranet"})).await;
    // The portal depends on the ledger.
    app.create(
        "ci_relations",
        json!({"name": "Portal needs the ledger", "source_table": "it_system", "source_id": id_of(&portal),
               "relation_type": "depends_on", "target_table": "it_system", "target_id": id_of(&ledger)}),
    )
    .await;
    let base = now() + time::Duration::days(5);
    let at = |h: i64| format_datetime(base + time::Duration::hours(h));
    let schedule = |system: &Value, from: i64, to: i64| {
        let app = &app;
        let body =
            json!({"name": "A change", "change_type": "standard", "it_system_id": id_of(system)});
        let params = json!({"planned_start": at(from), "planned_end": at(to)});
        async move {
            let chg = app.create("change_requests", body).await;
            app.act("change_requests", &chg, "submit", json!({}))
                .await
                .expect(200);
            app.act("change_requests", &chg, "schedule", params).await
        }
    };
    schedule(&ledger, 0, 4).await.expect(200);
    let r = schedule(&portal, 2, 6).await;
    r.expect_error(409, "change_collision");
    assert!(
        r.message()
            .contains("depends on the other through a relation"),
        "{}",
        r.message()
    );
    schedule(&other, 2, 6).await.expect(200);

    // A blackout on the intranet, then a freeze on every system.
    app.create("change_blackouts", json!({"name": "Intranet launch", "starts_on": at(30), "ends_on": at(40), "it_system_id": id_of(&other)}))
        .await;
    let r = schedule(&other, 35, 36).await;
    r.expect_error(409, "change_collision");
    assert!(
        r.message().contains("blackout Intranet launch"),
        "{}",
        r.message()
    );
    schedule(&ledger, 35, 36).await.expect(200);
    app.create(
        "change_blackouts",
        json!({"name": "Year-end freeze", "starts_on": at(50), "ends_on": at(60)}),
    )
    .await;
    schedule(&ledger, 55, 56)
        .await
        .expect_error(409, "change_collision");
    schedule(&ledger, 60, 61).await.expect(200);
    app.finish().await;
}

/// Delegation while away: the delegate decides in the window, audited as the delegate for the
/// reviewer; outside it, or for someone else's approvals, nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegate_decides_for_a_reviewer_away() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let unit = id_of(
        &app.create("organization_units", json!({"name": "Stand-ins"}))
            .await,
    )
    .to_string();
    let dora = holder(&app, "Approver", "dora", &unit).await;
    let late = holder(&app, "Approver", "lou", &unit).await;
    let delegate =
        |who: &crate::write_guards::Holder, delegator: &str, delegate: &str, from: i64, to: i64| {
            let body = json!({"name": "Away", "delegator_id": delegator, "delegate_id": delegate,
                          "starts_on": format_datetime(now() + time::Duration::days(from)),
                          "ends_on": format_datetime(now() + time::Duration::days(to))});
            let app = &app;
            let who = who.token.clone();
            async move {
                let holder = crate::write_guards::Holder {
                    person: String::new(),
                    token: who,
                };
                as_holder(
                    app,
                    &holder,
                    reqwest::Method::POST,
                    "/approval_delegations",
                    Some(&body),
                )
                .await
            }
        };
    // Meg (the manager) is away: Dora stands in from yesterday to next week; Lou's window ended.
    delegate(&c.manager, &c.manager.person, &dora.person, -1, 7)
        .await
        .expect(201);
    delegate(&c.manager, &c.manager.person, &late.person, -5, -1)
        .await
        .expect(201);
    // Nobody sets up a delegation for someone else, nor for themselves.
    delegate(&dora, &c.manager.person, &dora.person, 0, 1)
        .await
        .expect_error(403, "not_your_delegation");
    delegate(&c.manager, &c.manager.person, &c.manager.person, 0, 1)
        .await
        .expect_error(422, "invalid_value");

    // Two web users whose roles read only their own approvals (Requesters, where an Approver
    // reads every approval): one stands in for Meg now, the other's window has ended.
    let web = crate::process_rules::web_user(&app, "Requester", 7, &unit).await;
    delegate(&c.manager, &c.manager.person, &web.person, -1, 7)
        .await
        .expect(201);
    let ended = crate::process_rules::web_user(&app, "Requester", 8, &unit).await;
    delegate(&c.manager, &c.manager.person, &ended.person, -5, -1)
        .await
        .expect(201);

    let (sar, approvals) = submitted(&app, &c, json!({"requires_manager_approval": true})).await;
    let page_of = format!("/app/approvals/{}", id_of(&approvals[0]));
    let decide_form = format!("{page_of}/decide");
    let inbox = web.get("/portal/approvals").await;
    assert_eq!(inbox.status, 200);
    assert!(
        inbox.html.contains(&decide_form),
        "the delegate's inbox offers Meg's approval: {}",
        inbox.html
    );
    assert!(inbox.html.contains("as their delegate"));
    let page = web.get(&page_of).await;
    assert_eq!(page.status, 200, "the delegate reads it (read scope)");
    assert!(page.html.contains(&decide_form), "with the decision form");
    assert!(!ended
        .get("/portal/approvals")
        .await
        .html
        .contains(&decide_form));
    assert_eq!(
        ended.get(&page_of).await.status,
        404,
        "a window that ended reaches nothing"
    );

    decide(&app, &late, &approvals[0], "approve")
        .await
        .expect_error(403, "transition_forbidden");
    decide(&app, &dora, &approvals[0], "approve")
        .await
        .expect(200);
    assert_eq!(status_of(&app, &sar).await.0, "approved");
    let h = app.history("approvals", id_of(&approvals[0])).await;
    let entry = h
        .iter()
        .find(|e| transition_of(e) == Some("approve"))
        .unwrap();
    assert_eq!(entry["actor_id"], json!(dora.person), "the delegate acted");
    assert_eq!(
        change(entry, "on_behalf_of").unwrap()["new"],
        json!(c.manager.person),
        "for the reviewer"
    );
    app.finish().await;
}

/// A problem records a known error with its workaround; an incident linked to it shows the
/// workaround on its page.
#[tokio::test]
async fn an_incident_linked_to_a_known_error_shows_its_workaround() {
    use crate::web::Browser;
    let app = TestApp::spawn().await;
    let (admin, _) = Browser::sign_in(&app, "admin", crate::testkit::ADMIN_PASSWORD).await;
    let problem = app
        .create("problems", json!({"name": "Relay memory leak"}))
        .await;
    let known = app
        .act(
            "problems",
            &problem,
            "record_known_error",
            json!({"workaround": "Restart the relay nightly."}),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        (
            known["problem_status"].as_str(),
            known["known_error"].as_bool()
        ),
        (Some("known_error"), Some(true))
    );
    let inc = app
        .create(
            "incidents",
            json!({"name": "Mail slow", "problem_id": id_of(&problem)}),
        )
        .await;
    let page = admin.get(&format!("/app/incidents/{}", id_of(&inc))).await;
    assert!(
        page.html.contains("Known error:") && page.html.contains("Restart the relay nightly."),
        "{}",
        page.html
    );
    let unlinked = app
        .create("incidents", json!({"name": "Printer jam"}))
        .await;
    let page = admin
        .get(&format!("/app/incidents/{}", id_of(&unlinked)))
        .await;
    assert!(!page.html.contains("Known error:"));
    app.finish().await;
}

/// Under a majority, one dissent does not hold the record back: two of three approve it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_majority_approves_over_one_dissent() {
    let app = TestApp::spawn().await;
    let unit = id_of(
        &app.create("organization_units", json!({"name": "Ops"}))
            .await,
    )
    .to_string();
    let mut members = Vec::new();
    for name in ["m1", "m2", "m3"] {
        members.push(holder(&app, "Approver", name, &unit).await);
    }
    let board = app
        .create("teams", json!({"name": "Change Advisory Board"}))
        .await;
    for m in &members {
        app.create(
            "team_members",
            json!({"name": "member", "team_id": id_of(&board), "person_id": m.person}),
        )
        .await;
    }
    let chg = app
        .create(
            "change_requests",
            json!({"name": "Resize the cluster", "change_type": "normal"}),
        )
        .await;
    app.act(
        "change_requests",
        &chg,
        "submit",
        json!({"change_type": "normal"}),
    )
    .await
    .expect(200);
    let asked = app
        .get_q(
            "/approvals",
            &[
                ("$filter", &format!("regarding_id eq {}", id_of(&chg))),
                ("$orderby", "created_on"),
            ],
        )
        .await
        .expect(200)
        .rows()
        .clone();
    let by = |who: &crate::write_guards::Holder| {
        asked
            .iter()
            .find(|a| a["reviewer_id"] == json!(who.person))
            .unwrap()
            .clone()
    };
    decide(&app, &members[0], &by(&members[0]), "reject")
        .await
        .expect(200);
    decide(&app, &members[1], &by(&members[1]), "approve")
        .await
        .expect(200);
    let still = app
        .get(&TestApp::path_of("change_requests", &chg))
        .await
        .expect(200)
        .body;
    assert_eq!(
        still["change_status"],
        json!("assessment"),
        "one for, one against"
    );
    decide(&app, &members[2], &by(&members[2]), "approve")
        .await
        .expect(200);
    let done = app
        .get(&TestApp::path_of("change_requests", &chg))
        .await
        .expect(200)
        .body;
    assert_eq!(
        (
            done["change_status"].as_str(),
            done["approval_status"].as_str()
        ),
        (Some("authorized"), Some("approved"))
    );
    app.finish().await;
}

/// An approval's stage and reviewer type are fixed, and its reviewer changes only by `reassign`
/// (an administrator, with a reason), never by a PATCH: a write cannot reorder a chain or hand a
/// decision to someone else.
#[tokio::test]
async fn an_approvals_place_in_its_chain_is_not_patched() {
    let app = TestApp::spawn().await;
    let ann = app
        .create("persons", json!({"first_name": "Ann", "last_name": "A"}))
        .await;
    let bob = app
        .create("persons", json!({"first_name": "Bob", "last_name": "B"}))
        .await;
    let req = app
        .create("it_service_requests", json!({"name": "Server"}))
        .await;
    let approval = app
        .create(
            "approvals",
            json!({"name": "Stage 2", "regarding_table": "it_service_request", "regarding_id": id_of(&req),
                   "reviewer_id": id_of(&ann), "stage": 2, "reviewer_type": "manager"}),
        )
        .await;
    let path = TestApp::path_of("approvals", &approval);
    app.patch(&path, &json!({"stage": 1}), None)
        .await
        .expect_error(400, "immutable_field");
    app.patch(&path, &json!({"reviewer_type": "system_owner"}), None)
        .await
        .expect_error(400, "immutable_field");
    app.patch(&path, &json!({"reviewer_id": id_of(&bob)}), None)
        .await
        .expect_error(403, "workflow_field");
    let still = app.get(&path).await.expect(200).body;
    assert_eq!(
        (still["stage"].as_i64(), still["reviewer_id"].as_str()),
        (Some(2), Some(id_of(&ann)))
    );
    let moved = app
        .act(
            "approvals",
            &approval,
            "reassign",
            json!({"reviewer_id": id_of(&bob), "reason": "Ann is on leave"}),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(moved["reviewer_id"], json!(id_of(&bob)));
    app.finish().await;
}

/// A scheduled change's window is frozen: a PATCH cannot move it past the collision check; its
/// `reschedule` transition checks the new window again.
#[tokio::test]
async fn a_scheduled_window_moves_only_by_reschedule() {
    let app = TestApp::spawn().await;
    let system = app.create("it_systems", json!({"name": "Ledger"})).await;
    let base = now() + time::Duration::days(3);
    let at = |h: i64| format_datetime(base + time::Duration::hours(h));
    let mut scheduled = Vec::new();
    for (name, from, to) in [("First", 0, 4), ("Second", 10, 14)] {
        let chg = app
            .create(
                "change_requests",
                json!({"name": name, "change_type": "standard", "it_system_id": id_of(&system)}),
            )
            .await;
        app.act("change_requests", &chg, "submit", json!({}))
            .await
            .expect(200);
        app.act(
            "change_requests",
            &chg,
            "schedule",
            json!({"planned_start": at(from), "planned_end": at(to)}),
        )
        .await
        .expect(200);
        scheduled.push(chg);
    }
    let path = TestApp::path_of("change_requests", &scheduled[1]);
    app.patch(&path, &json!({"planned_start": at(2)}), None)
        .await
        .expect_error(403, "workflow_field");
    app.act(
        "change_requests",
        &scheduled[1],
        "reschedule",
        json!({"planned_start": at(2), "planned_end": at(6)}),
    )
    .await
    .expect_error(409, "change_collision");
    let moved = app
        .act(
            "change_requests",
            &scheduled[1],
            "reschedule",
            json!({"planned_start": at(20), "planned_end": at(24)}),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(moved["planned_start"], json!(at(20)));
    app.finish().await;
}

/// The provisioning tasks of an access request, oldest first.
async fn tasks_for(app: &TestApp, filter: &str) -> Vec<Value> {
    app.get_q(
        "/it_provisioning_requests",
        &[("$filter", filter), ("$orderby", "name")],
    )
    .await
    .expect(200)
    .rows()
    .clone()
}

/// Scenario (a): a platform team requests a service account's access for a new payment
/// microservice; a non-human identity's request needs its owner's manager stage, the system owner
/// and a security review, and the provisioning task opens only once the security review approves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_accounts_provisioning_waits_for_the_security_review() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    // The service account: the platform engineer who asks for it is its accountable owner, and
    // their manager its manager.
    let account = app
        .create(
            "persons",
            json!({"name": "payments-api", "identity_kind": "service_account",
                   "owner_id": c.subject.person, "manager_id": c.manager.person}),
        )
        .await;
    let ent = app
        .create(
            "it_product_entitlements",
            json!({"name": "Payments ledger writer", "it_system_id": c.system}),
        )
        .await;
    let sar = app
        .create(
            "it_system_access_requests",
            json!({"name": "Ledger access for the payments microservice", "person_id": id_of(&account),
                   "requested_by_id": c.subject.person, "it_system_id": c.system,
                   "it_product_entitlement_id": id_of(&ent), "it_system_access_request_type": "new_access",
                   "requestor_certifies_need_to_know": true}),
        )
        .await;
    app.act("it_system_access_requests", &sar, "submit", json!({}))
        .await
        .expect(200);
    let approvals = app.approvals_of(&sar).await;
    let types: Vec<&str> = approvals
        .iter()
        .map(|a| a["reviewer_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        ["manager", "system_owner", "information_security_officer"],
        "a non-human identity's request goes through every stage"
    );
    let for_account = format!("person_id eq {}", id_of(&account));
    for (a, who) in approvals.iter().zip([&c.manager, &c.owner]) {
        decide(&app, who, a, "approve").await.expect(200);
        assert!(
            tasks_for(&app, &for_account).await.is_empty(),
            "no provisioning task before the security review"
        );
    }
    decide(&app, &c.isso, &approvals[2], "approve")
        .await
        .expect(200);
    assert_eq!(
        status_of(&app, &sar).await,
        ("approved".into(), "approved".into())
    );
    let tasks = tasks_for(&app, &for_account).await;
    assert_eq!(tasks.len(), 1, "{tasks:?}");
    let task = &tasks[0];
    assert_eq!(
        (
            task["provisioning_action"].as_str(),
            task["provisioning_status"].as_str(),
            task["it_product_entitlement_id"].as_str(),
        ),
        (Some("grant"), Some("not_started"), Some(id_of(&ent)))
    );
    assert_eq!(
        task["name"],
        json!("Grant: Ledger access for the payments microservice")
    );
    // Opened by Steward in the approving transaction, for the last approver.
    let h = app.history("it_provisioning_requests", id_of(task)).await;
    assert_eq!(h[0]["action"], json!("create"));
    assert_eq!(h[0]["actor_id"], json!(c.isso.person));
    app.finish().await;
}

/// Scenario (d): a request to remove all access to a system being decommissioned gets a revoke
/// line for every active grant on it (none for a revoked grant, nor for another system's), and its
/// approval opens one revoke task per line, for the grant's holder.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decommissioning_a_system_revokes_every_active_grant_on_it() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let other = app.create("it_systems", json!({"name": "Payroll"})).await;
    let admin_ent = app
        .create(
            "it_product_entitlements",
            json!({"name": "Payments admin", "it_system_id": c.system}),
        )
        .await;
    let read_ent = app
        .create(
            "it_product_entitlements",
            json!({"name": "Payments reader", "it_system_id": c.system}),
        )
        .await;
    let payroll_ent = app
        .create(
            "it_product_entitlements",
            json!({"name": "Payroll reader", "it_system_id": id_of(&other)}),
        )
        .await;
    let mut holders = Vec::new();
    for name in ["Ada", "Bo", "Cy"] {
        holders.push(
            app.create(
                "persons",
                json!({"first_name": name, "last_name": "Holder"}),
            )
            .await,
        );
    }
    let grant = |person: &Value, ent: &Value, status: &str| {
        json!({"name": format!("{} on {}", str_of(person, "name"), str_of(ent, "name")),
               "person_id": id_of(person), "it_product_entitlement_id": id_of(ent),
               "assignment_status": status})
    };
    let mut active = Vec::new();
    for (p, e) in [(0, &admin_ent), (1, &admin_ent), (2, &read_ent)] {
        active.push(
            app.create("it_assigned_entitlements", grant(&holders[p], e, "active"))
                .await,
        );
    }
    app.create(
        "it_assigned_entitlements",
        grant(&holders[0], &read_ent, "revoked"),
    )
    .await;
    app.create(
        "it_assigned_entitlements",
        grant(&holders[1], &payroll_ent, "active"),
    )
    .await;

    let sar = app
        .create(
            "it_system_access_requests",
            json!({"name": "Decommission Payments", "requested_by_id": c.owner.person,
                   "it_system_id": c.system, "it_system_access_request_type": "remove_access",
                   "justification": "Payments is retired on 31 December",
                   "requestor_certifies_need_to_know": true}),
        )
        .await;
    app.act("it_system_access_requests", &sar, "submit", json!({}))
        .await
        .expect(200);
    let lines = app
        .get_q(
            "/it_system_access_details",
            &[
                (
                    "$filter",
                    &format!("it_system_access_request_id eq {}", id_of(&sar)),
                ),
                ("$orderby", "name"),
            ],
        )
        .await
        .expect(200)
        .rows()
        .clone();
    let got: Vec<(&str, &str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["name"].as_str().unwrap(),
                l["it_system_access_action"].as_str().unwrap(),
                l["it_assigned_entitlement_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Revoke Payments admin from Ada Holder",
                "revoke",
                id_of(&active[0])
            ),
            (
                "Revoke Payments admin from Bo Holder",
                "revoke",
                id_of(&active[1])
            ),
            (
                "Revoke Payments reader from Cy Holder",
                "revoke",
                id_of(&active[2])
            ),
        ]
    );
    assert!(lines
        .iter()
        .all(|l| l["justification"] == json!("Payments is retired on 31 December")));
    // No chain stage applies to a removal: it is approved at once and its tasks open.
    assert_eq!(
        status_of(&app, &sar).await,
        ("approved".into(), "approved".into())
    );
    let tasks = tasks_for(&app, "provisioning_action eq 'revoke'").await;
    let got: Vec<(&str, &str, &str)> = tasks
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap(),
                t["person_id"].as_str().unwrap(),
                t["it_system_access_detail_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Revoke Payments admin from Ada Holder",
                id_of(&holders[0]),
                id_of(&lines[0])
            ),
            (
                "Revoke Payments admin from Bo Holder",
                id_of(&holders[1]),
                id_of(&lines[1])
            ),
            (
                "Revoke Payments reader from Cy Holder",
                id_of(&holders[2]),
                id_of(&lines[2])
            ),
        ]
    );
    app.finish().await;
}

/// The record page's timeline: comments, work notes and history in one list, newest first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timeline_interleaves_notes_and_history_newest_first() {
    use crate::web::Browser;
    let app = TestApp::spawn().await;
    let (admin, _) = Browser::sign_in(&app, "admin", crate::testkit::ADMIN_PASSWORD).await;
    let inc = app
        .create("incidents", json!({"name": "Printer offline"}))
        .await;
    let note = |name: &str, internal: bool| {
        json!({"name": name, "body": format!("{name}."), "is_internal": internal,
               "regarding_table": "incident", "regarding_id": id_of(&inc)})
    };
    app.create("notes", note("Asked the user to power-cycle", false))
        .await;
    app.act("incidents", &inc, "start", json!({}))
        .await
        .expect(200);
    app.create("notes", note("Driver rollback planned", true))
        .await;
    let page = admin.get(&format!("/app/incidents/{}", id_of(&inc))).await;
    assert_eq!(page.status, 200);
    let at = |needle: &str| {
        page.html
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} is on the page"))
    };
    let timeline = at(r#"<h2 id="timeline-h">Timeline</h2>"#);
    let (work_note, start, comment, created) = (
        at("Driver rollback planned"),
        at("· start</p>"),
        at("Asked the user to power-cycle"),
        at("· create</p>"),
    );
    assert!(
        timeline < work_note && work_note < start && start < comment && comment < created,
        "newest first: work note {work_note}, start {start}, comment {comment}, create {created}"
    );
    assert!(page.html.contains("<strong>work note</strong>"));
    app.finish().await;
}

/// A requester follows their request's approval chain on its page, though their roles read no
/// approval of someone else: each stage's reviewer and decision, and what waits for an earlier
/// stage; then they cancel it, with a reason, while it is not fulfilled (both backends).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_requester_follows_the_chain_and_cancels_before_fulfilment() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let unit = id_of(
        &app.create("organization_units", json!({"name": "Followers"}))
            .await,
    )
    .to_string();
    let rita = crate::process_rules::web_user(&app, "Requester", 3, &unit).await;
    let me = rita.person.clone();
    app.patch(
        &format!("/persons({me})"),
        &json!({"manager_id": c.manager.person}),
        None,
    )
    .await
    .expect(200);
    let ent = app
        .create(
            "it_product_entitlements",
            json!({"name": "Ledger reader", "it_system_id": c.system,
                   "requires_manager_approval": true, "requires_owner_approval": true}),
        )
        .await;
    let sar = app
        .create(
            "it_system_access_requests",
            json!({"name": "Ledger for Rita", "person_id": me, "requested_by_id": me, "it_system_id": c.system,
                   "it_product_entitlement_id": id_of(&ent), "requestor_certifies_need_to_know": true}),
        )
        .await;
    app.act("it_system_access_requests", &sar, "submit", json!({}))
        .await
        .expect(200);
    let page_of = format!("/app/it_system_access_requests/{}", id_of(&sar));
    let approvals_of = |html: &str| -> String {
        let start = html.find("id=\"approvals-h\"").expect("the chain is shown");
        let end = html[start..].find("</section>").unwrap() + start;
        html[start..end].to_string()
    };
    let rows_of = |section: &str| -> Vec<String> {
        section
            .split("<tr>")
            .skip(2)
            .map(|r| r.split("</tr>").next().unwrap().to_string())
            .collect()
    };

    let page = rita.get(&page_of).await;
    assert_eq!(page.status, 200);
    let chain = rows_of(&approvals_of(&page.html));
    assert_eq!(chain.len(), 2, "two stages: {chain:?}");
    assert!(
        chain[0].contains("Pending") && chain[0].contains(">Manager</td>"),
        "{}",
        chain[0]
    );
    assert!(
        chain[1].contains("Waiting for the stages before it"),
        "{}",
        chain[1]
    );
    assert!(
        !chain[0].contains("/app/approvals/"),
        "no link to an approval she may not read"
    );

    let approvals = app.approvals_of(&sar).await;
    decide(&app, &c.manager, &approvals[0], "approve")
        .await
        .expect(200);
    let page = rita.get(&page_of).await;
    let chain = rows_of(&approvals_of(&page.html));
    assert!(
        chain[0].contains("Approved") && chain[0].contains("approved"),
        "decided, with the comment: {}",
        chain[0]
    );
    assert!(chain[1].contains("Pending"), "stage 2 opened: {}", chain[1]);

    // Cancel, from the page, with a reason: the pending approval is cancelled with it.
    assert!(
        page.html
            .contains(&format!("action=\"{page_of}/do/cancel\"")),
        "she may cancel"
    );
    let cancelled = rita
        .post(
            &format!("{page_of}/do/cancel"),
            &crate::web::pairs(&[
                ("_csrf", &page.hidden("_csrf")),
                ("_version", &page.hidden("_version")),
                ("reason", "No longer needed"),
            ]),
        )
        .await;
    assert_eq!(cancelled.status, 303, "{}", cancelled.html);
    assert_eq!(status_of(&app, &sar).await.0, "cancelled");
    let page = rita.get(&page_of).await;
    assert!(
        !page.html.contains("/do/cancel\""),
        "nothing left to cancel"
    );
    let chain = rows_of(&approvals_of(&page.html));
    assert!(chain[1].contains("Cancelled"), "{}", chain[1]);
    app.finish().await;
}

/// Service levels (issue 12): Steward writes an incident's `due_on` and `sla_state` from the SLA
/// its priority matches, on create and with each change: paused on hold, the due instant moved by
/// the time on hold, `met` once resolved; a priority change keeps the start (both backends).
#[tokio::test]
async fn an_incidents_service_level_follows_its_states_and_priority() {
    let app = TestApp::spawn().await;
    let inc = app
        .create(
            "incidents",
            json!({"name": "Payments down", "impact": "very_high", "urgency": "very_high"}),
        )
        .await;
    assert_eq!(inc["priority"], "critical");
    let at = |v: &Value| steward_domain::value::parse_datetime(v.as_str().unwrap()).unwrap();
    let created = at(&inc["created_on"]);
    // Critical: 4 hours around the clock, from creation.
    let due = at(&inc["due_on"]) - created;
    assert!(
        (due - time::Duration::hours(4)).abs() <= time::Duration::seconds(1),
        "due 4 h after creation: {due}"
    );
    assert_eq!(inc["sla_state"], "within_target");
    let path = TestApp::path_of("incidents", &inc);
    let get = || async { app.get(&path).await.expect(200).body };

    app.act("incidents", &inc, "start", json!({}))
        .await
        .expect(200);
    app.act(
        "incidents",
        &inc,
        "put_on_hold",
        json!({"reason": "waiting for the vendor"}),
    )
    .await
    .expect(200);
    assert_eq!(get().await["sla_state"], "paused");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    app.act("incidents", &inc, "resume", json!({}))
        .await
        .expect(200);
    let resumed = get().await;
    assert_eq!(resumed["sla_state"], "within_target");
    assert!(
        at(&resumed["due_on"]) > at(&inc["due_on"]),
        "the time on hold moves the due instant: {} then {}",
        inc["due_on"],
        resumed["due_on"]
    );
    // Down to high: 8 business hours on the service desk's calendar, from the same creation.
    app.patch(&path, &json!({"impact": "high", "urgency": "high"}), None)
        .await
        .expect(200);
    let high = get().await;
    assert_eq!(high["priority"], "high");
    assert!(at(&high["due_on"]) >= created + time::Duration::hours(8));
    assert_ne!(high["due_on"], resumed["due_on"]);
    // Nobody writes them by hand.
    app.patch(&path, &json!({"sla_state": "met"}), None)
        .await
        .expect_error(403, "workflow_field");
    app.act(
        "incidents",
        &inc,
        "resolve",
        json!({"resolution_code": "solved_permanently", "resolution_notes": "Failed over."}),
    )
    .await
    .expect(200);
    let done = get().await;
    assert_eq!(done["sla_state"], "met");
    assert_eq!(
        done["due_on"], high["due_on"],
        "the due instant stays once done"
    );
    app.finish().await;
}

/// A service request's target is its type's target hours, in business hours, with the clock
/// stopped while it is a draft: the one of a 2-hour type is due before the one of a type with no
/// target (30 hours), both paused until submitted (both backends).
#[tokio::test]
async fn a_service_requests_target_is_its_types_hours() {
    let app = TestApp::spawn().await;
    let quick = app
        .create(
            "it_service_request_types",
            json!({"name": "Password reset", "target_hours": 2}),
        )
        .await;
    let plain = app
        .create("it_service_request_types", json!({"name": "Anything else"}))
        .await;
    let request = |kind: &Value| {
        let body = json!({"name": "Help", "it_service_request_type_id": kind["id"]});
        let app = &app;
        async move { app.create("it_service_requests", body).await }
    };
    let (a, b) = (request(&quick).await, request(&plain).await);
    assert_eq!(
        (a["sla_state"].as_str(), b["sla_state"].as_str()),
        (Some("paused"), Some("paused"))
    );
    let at = |v: &Value| steward_domain::value::parse_datetime(v.as_str().unwrap()).unwrap();
    assert!(
        at(&a["due_on"]) < at(&b["due_on"]),
        "{} before {}",
        a["due_on"],
        b["due_on"]
    );
    // Service levels are measured in whole seconds: from the second the request was made.
    let made = at(&a["created_on"]);
    let made = made.replace_nanosecond(0).unwrap();
    assert!(at(&a["due_on"]) >= made + time::Duration::hours(2));
    app.finish().await;
}
