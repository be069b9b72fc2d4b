//! The write side of authorization: what a write may point at, who may hand a record over, system
//! columns, approvals that cannot be forged, and nobody granting themselves access. Each test names
//! a finding of the security review (issue 10) and fails on the code before its fix.

use crate::testkit::{id_of, Resp, TestApp};
use serde_json::{json, Value};
use steward_model::FieldType;
use steward_service::{builtin_roles, Actor, Depth, Privilege, Scope};

/// A person in `unit` with a user account holding the built-in `role`, and an API token for it.
pub struct Holder {
    pub person: String,
    pub token: String,
}

pub async fn holder(app: &TestApp, role: &str, login: &str, unit: &str) -> Holder {
    let person = app
        .create(
            "persons",
            json!({"first_name": login, "last_name": "Holder", "organization_unit_id": unit}),
        )
        .await;
    let user = app
        .create(
            "user_accounts",
            json!({"name": login, "person_id": id_of(&person)}),
        )
        .await;
    let role_id = id_of(
        &app.get_q(
            "/security_roles",
            &[("$filter", &format!("name eq '{role}'"))],
        )
        .await
        .expect(200)
        .rows()[0],
    )
    .to_string();
    app.create(
        "user_roles",
        json!({"name": role, "user_account_id": id_of(&user), "security_role_id": role_id}),
    )
    .await;
    let token = app
        .service
        .create_token(Actor::administrator(), login, "tests", 1, Scope::Admin)
        .await
        .expect("a token")
        .token;
    let who = Holder {
        person: id_of(&person).to_string(),
        token,
    };
    // A token's first use is audited: spend it here, so that a test counts only its own writes.
    as_holder(app, &who, reqwest::Method::GET, "/", None)
        .await
        .expect(200);
    who
}

/// A request with another caller's token.
pub async fn as_holder(
    app: &TestApp,
    who: &Holder,
    method: reqwest::Method,
    path: &str,
    body: Option<&Value>,
) -> Resp {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut rb = client
        .request(method.clone(), app.url(path))
        .bearer_auth(&who.token);
    if let Some(b) = body {
        rb = rb.json(b);
    }
    if method == reqwest::Method::PATCH {
        rb = rb.header("If-Match", "*");
    }
    app.send(
        rb,
        format!("{method} {path} {}", body.cloned().unwrap_or_default()),
    )
    .await
}

async fn unit(app: &TestApp, code: &str) -> String {
    let u = app
        .create(
            "organization_units",
            json!({"name": format!("Unit {code}"), "code": code}),
        )
        .await;
    id_of(&u).to_string()
}

/// The answer with the ids replaced, to compare two refusals.
fn shape(r: &Resp, ids: &[&str]) -> String {
    let mut text = format!("{} {}", r.status, r.text);
    for id in ids {
        text = text.replace(id, "<id>");
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn for_every_role_an_unreadable_reference_is_refused_exactly_like_a_missing_one() {
    let app = TestApp::spawn().await;
    let home = unit(&app, "HOME").await;
    let mut compared = 0;
    for (r, (role, _, grants)) in builtin_roles().iter().enumerate() {
        let depth = |t: &str, p: Privilege| crate::matrix::documented(grants, t, p);
        let who = holder(&app, role, &format!("ref-{r}"), &home).await;
        for table in app.model.tables.iter() {
            if depth(&table.name, Privilege::Create) == Depth::None {
                continue;
            }
            for f in table.fields.iter().filter(|f| !f.read_only && !f.secret) {
                let FieldType::Lookup { table: target } = &f.ty else {
                    continue;
                };
                if f.name == "owner_id" || f.name == "owning_unit_id" {
                    continue; // handing over: the assign rule, tested below
                }
                if depth(target, Privilege::Read) == Depth::Organization {
                    continue; // the role reads every record of the target
                }
                // A record of the target made by the administrator: out of this role's reach.
                let target_table = app.model.table(target).unwrap();
                let hidden = app
                    .create_minimal(target_table, &format!("hidden {target} {r}"))
                    .await;
                let hidden_id = id_of(&hidden).to_string();
                let missing = uuid::Uuid::now_v7().to_string();
                let base = app
                    .minimal_body(table, &format!("{role} {} ref", table.name))
                    .await;
                let answer = |to: &str| {
                    let mut b = base.clone();
                    b[&f.name] = json!(to);
                    b
                };
                let path = format!("/{}", table.set);
                let before = app.audit_seq().await;
                let to_hidden = as_holder(
                    &app,
                    &who,
                    reqwest::Method::POST,
                    &path,
                    Some(&answer(&hidden_id)),
                )
                .await;
                let to_missing = as_holder(
                    &app,
                    &who,
                    reqwest::Method::POST,
                    &path,
                    Some(&answer(&missing)),
                )
                .await;
                assert_eq!(
                    to_hidden.status, 422,
                    "{role}: {}.{} to an unreadable {target}: {}",
                    table.name, f.name, to_hidden.text
                );
                assert_eq!(
                    shape(&to_hidden, &[&hidden_id]),
                    shape(&to_missing, &[&missing]),
                    "{role}: {}.{}: the answers differ",
                    table.name,
                    f.name
                );
                assert_eq!(app.audit_seq().await, before, "nothing was written");
                compared += 1;
            }
        }
    }
    assert!(compared >= 10, "only {compared} references compared");
    eprintln!("{compared} (role, field) references compared");
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notes_and_approvals_stay_about_the_record_they_were_made_for() {
    let app = TestApp::spawn().await;
    let (a, b) = (unit(&app, "A").await, unit(&app, "B").await);
    let rita = holder(&app, "Requester", "rita", &a).await;
    let other = app
        .create(
            "it_service_requests",
            json!({"name": "Another unit's", "owning_unit_id": b}),
        )
        .await;
    let other_id = id_of(&other).to_string();
    // A note on a record the requester cannot read is refused like a note on nothing.
    let missing = uuid::Uuid::now_v7().to_string();
    let note = |to: &str| json!({"name": "Hi", "body": "x", "regarding_table": "it_service_request", "regarding_id": to});
    let hidden = as_holder(
        &app,
        &rita,
        reqwest::Method::POST,
        "/notes",
        Some(&note(&other_id)),
    )
    .await;
    hidden.expect_error(422, "dangling_lookup");
    let nothing = as_holder(
        &app,
        &rita,
        reqwest::Method::POST,
        "/notes",
        Some(&note(&missing)),
    )
    .await;
    assert_eq!(shape(&hidden, &[&other_id]), shape(&nothing, &[&missing]));
    // An unknown table is no better than an unknown id.
    as_holder(
        &app,
        &rita,
        reqwest::Method::POST,
        "/notes",
        Some(&json!({"name": "Hi", "regarding_table": "no_such_table", "regarding_id": missing})),
    )
    .await
    .expect_error(422, "dangling_lookup");
    // Her own request: fine.
    let mine = as_holder(
        &app,
        &rita,
        reqwest::Method::POST,
        "/it_service_requests",
        Some(&json!({"name": "Mine"})),
    )
    .await
    .expect(201);
    let mine_id = id_of(&mine.body).to_string();
    let own_note = as_holder(
        &app,
        &rita,
        reqwest::Method::POST,
        "/notes",
        Some(&note(&mine_id)),
    )
    .await
    .expect(201);
    // regarding_* cannot be changed afterwards, by anyone (the administrator included).
    let note_path = format!("/notes({})", id_of(&own_note.body));
    for (field, value) in [
        ("regarding_id", json!(other_id)),
        ("regarding_table", json!("incident")),
    ] {
        as_holder(
            &app,
            &rita,
            reqwest::Method::PATCH,
            &note_path,
            Some(&json!({ field: value })),
        )
        .await
        .expect_error(400, "immutable_field");
        app.patch(&note_path, &json!({ field: value }), Some("*"))
            .await
            .expect_error(400, "immutable_field");
    }
    let approval = app
        .create("approvals", json!({"name": "Review", "regarding_table": "it_service_request", "regarding_id": mine_id, "stage": 1}))
        .await;
    app.patch(
        &TestApp::path_of("approvals", &approval),
        &json!({"regarding_id": other_id}),
        Some("*"),
    )
    .await
    .expect_error(400, "immutable_field");
    let stored = app.get(&note_path).await.expect(200).body;
    assert_eq!(stored["regarding_id"], json!(mine_id));
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handing_a_new_record_to_someone_else_needs_assign_and_system_columns_are_never_written() {
    let app = TestApp::spawn().await;
    let (a, b) = (unit(&app, "A").await, unit(&app, "B").await);
    let rita = holder(&app, "Requester", "rita", &a).await;
    let bob = holder(&app, "Requester", "bob", &b).await;
    let count = app.count("it_service_requests", None).await;
    for body in [
        json!({"name": "For Bob", "owner_id": bob.person}),
        json!({"name": "For unit B", "owning_unit_id": b}),
    ] {
        as_holder(
            &app,
            &rita,
            reqwest::Method::POST,
            "/it_service_requests",
            Some(&body),
        )
        .await
        .expect_error(403, "forbidden");
    }
    assert_eq!(
        app.count("it_service_requests", None).await,
        count,
        "nothing was written"
    );
    // Naming herself and her own unit is what the defaults do anyway.
    as_holder(
        &app,
        &rita,
        reqwest::Method::POST,
        "/it_service_requests",
        Some(&json!({"name": "Mine", "owner_id": rita.person, "owning_unit_id": a})),
    )
    .await
    .expect(201);

    let system = app.create("it_systems", json!({"name": "S"})).await;
    let path = TestApp::path_of("it_systems", &system);
    let number_table = app
        .create("it_service_requests", json!({"name": "Numbered"}))
        .await;
    let person = ADMIN;
    for (field, value) in [
        ("id", json!(uuid::Uuid::now_v7().to_string())),
        ("created_on", json!("2020-01-01T00:00:00Z")),
        ("created_by_id", json!(person)),
        ("modified_on", json!("2020-01-01T00:00:00Z")),
        ("modified_by_id", json!(person)),
        ("row_version", json!(7)),
    ] {
        app.post("/it_systems", &json!({"name": "X", field: value}))
            .await
            .expect_error(400, "read_only_field");
        app.patch(&path, &json!({ field: value }), Some("*"))
            .await
            .expect_error(400, "read_only_field");
    }
    app.post(
        "/it_service_requests",
        &json!({"name": "X", "number": "REQ-999999"}),
    )
    .await
    .expect_error(400, "read_only_field");
    app.patch(
        &TestApp::path_of("it_service_requests", &number_table),
        &json!({"number": "REQ-999999"}),
        Some("*"),
    )
    .await
    .expect_error(400, "read_only_field");
    app.finish().await;
}

const ADMIN: &str = crate::testkit::ADMIN_ID;

/// The refused attempts the audit trail holds for a table.
async fn refusals(app: &TestApp, table: &str) -> i64 {
    app.raw_count(&format!(
        "SELECT COUNT(*) FROM audit_entry WHERE action = 'refused' AND table_name = '{table}'"
    ))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approvals_cannot_be_forged() {
    let app = TestApp::spawn().await;
    let home = unit(&app, "H").await;
    let rita = holder(&app, "Requester", "rita", &home).await;
    let anna = holder(&app, "Approver", "anna", &home).await;
    let mark = holder(&app, "Approver", "mark", &home).await;

    // 1. A requester creates a request already approved, or already decided: refused, recorded.
    for body in [
        json!({"name": "Pre-approved", "approval_status": "approved"}),
        json!({"name": "Pre-approved", "approved_by_id": mark.person}),
        json!({"name": "Pre-approved", "approval_date": "2026-01-01T00:00:00Z"}),
        json!({"name": "Pre-approved", "request_status": "approved"}),
    ] {
        as_holder(
            &app,
            &rita,
            reqwest::Method::POST,
            "/it_service_requests",
            Some(&body),
        )
        .await
        .expect_error(403, "workflow_field");
    }
    assert_eq!(
        refusals(&app, "it_service_request").await,
        4,
        "each refused attempt is in the audit trail"
    );
    // The administrator cannot either: the approval state is the process's.
    app.post(
        "/it_service_requests",
        &json!({"name": "Admin's", "approval_status": "approved"}),
    )
    .await
    .expect_error(403, "workflow_field");

    // 2. The requester PATCHes her own request's approval state.
    let mine = as_holder(
        &app,
        &rita,
        reqwest::Method::POST,
        "/it_service_requests",
        Some(&json!({"name": "Laptop", "requested_by_id": rita.person})),
    )
    .await
    .expect(201);
    let mine_id = id_of(&mine.body).to_string();
    let mine_path = format!("/it_service_requests({mine_id})");
    for body in [
        json!({"approval_status": "approved"}),
        json!({"approved_by_id": mark.person}),
        json!({"request_status": "approved"}),
    ] {
        as_holder(&app, &rita, reqwest::Method::PATCH, &mine_path, Some(&body))
            .await
            .expect_error(403, "workflow_field");
    }
    let refused = app
        .history("it_service_requests", &mine_id)
        .await
        .iter()
        .filter(|e| e["action"] == json!("refused"))
        .count();
    assert_eq!(
        refused, 3,
        "the record's history shows the refused attempts"
    );

    // 3. An approver creates an approval naming herself and decides it.
    let approval = json!({"name": "Self-appointed", "regarding_table": "it_service_request", "regarding_id": mine_id, "reviewer_id": anna.person, "stage": 1});
    as_holder(
        &app,
        &anna,
        reqwest::Method::POST,
        "/approvals",
        Some(&approval),
    )
    .await
    .expect_error(403, "self_review");
    // Nor is an approval created already approved.
    let mut decided = approval.clone();
    decided["reviewer_id"] = json!(mark.person);
    decided["approval_status"] = json!("approved");
    app.post("/approvals", &decided)
        .await
        .expect_error(403, "workflow_field");

    // An approval asked of Mark (by someone else) is decided by Mark alone, once, through its
    // transition, and the decision rolls up to the request.
    decided.as_object_mut().unwrap().remove("approval_status");
    let asked = app.create("approvals", decided).await;
    assert_eq!(asked["approval_status"], json!("pending"));
    let asked_path = TestApp::path_of("approvals", &asked);
    app.correct_to("it_service_requests", &mine.body, "pending_approval")
        .await;
    as_holder(
        &app,
        &mark,
        reqwest::Method::PATCH,
        &asked_path,
        Some(&json!({"approval_status": "approved"})),
    )
    .await
    .expect_error(403, "workflow_field");
    let approve = format!("{asked_path}/Steward.approve");
    as_holder(
        &app,
        &anna,
        reqwest::Method::POST,
        &approve,
        Some(&json!({})),
    )
    .await
    .expect_error(403, "transition_forbidden");
    let still = app.get(&asked_path).await.expect(200).body;
    assert_eq!(
        still["approval_status"],
        json!("pending"),
        "only the named reviewer decides"
    );
    as_holder(
        &app,
        &mark,
        reqwest::Method::PATCH,
        &asked_path,
        Some(&json!({"decision_date": "2026-01-01T00:00:00Z"})),
    )
    .await
    .expect_error(403, "workflow_field");
    as_holder(
        &app,
        &mark,
        reqwest::Method::POST,
        &approve,
        Some(&json!({"reviewer_comments": "Fine"})),
    )
    .await
    .expect(200);
    let request = app.get(&mine_path).await.expect(200).body;
    assert_eq!(request["request_status"], json!("approved"));
    assert_eq!(request["approval_status"], json!("approved"));
    assert_eq!(request["approved_by_id"], json!(mark.person));
    as_holder(
        &app,
        &mark,
        reqwest::Method::POST,
        &format!("{asked_path}/Steward.reject"),
        Some(&json!({})),
    )
    .await
    .expect_error(409, "transition_not_allowed");

    // Nobody reviews a record they own or fulfil, even when someone else names them.
    let theirs = app
        .create(
            "it_service_requests",
            json!({"name": "Mark fulfils", "assigned_to_id": mark.person}),
        )
        .await;
    let own = app.create("approvals", json!({"name": "Own", "regarding_table": "it_service_request", "regarding_id": id_of(&theirs), "reviewer_id": mark.person, "stage": 1})).await;
    as_holder(
        &app,
        &mark,
        reqwest::Method::POST,
        &format!("{}/Steward.approve", TestApp::path_of("approvals", &own)),
        Some(&json!({})),
    )
    .await
    .expect_error(403, "own_request");
    assert!(
        refusals(&app, "approval").await >= 3,
        "refused decisions are recorded"
    );
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_grants_themselves_an_entitlement_or_a_role() {
    let app = TestApp::spawn().await;
    let home = unit(&app, "H").await;
    let fay = holder(&app, "Fulfiller", "fay", &home).await;
    let other = holder(&app, "Requester", "olga", &home).await;
    let entitlement = app
        .create_minimal(
            app.model.table("it_product_entitlement").unwrap(),
            "Admin rights",
        )
        .await;
    let grant = |person: &str| json!({"name": "Grant", "person_id": person, "it_product_entitlement_id": id_of(&entitlement), "owning_unit_id": home});
    let before = app.count("it_assigned_entitlements", None).await;
    as_holder(
        &app,
        &fay,
        reqwest::Method::POST,
        "/it_assigned_entitlements",
        Some(&grant(&fay.person)),
    )
    .await
    .expect_error(403, "self_grant");
    assert_eq!(app.count("it_assigned_entitlements", None).await, before);
    let granted = as_holder(
        &app,
        &fay,
        reqwest::Method::POST,
        "/it_assigned_entitlements",
        Some(&grant(&other.person)),
    )
    .await
    .expect(201);
    // Nor by moving someone else's grant to herself.
    as_holder(
        &app,
        &fay,
        reqwest::Method::PATCH,
        &format!("/it_assigned_entitlements({})", id_of(&granted.body)),
        Some(&json!({"person_id": fay.person})),
    )
    .await
    .expect_error(403, "self_grant");
    assert_eq!(refusals(&app, "it_assigned_entitlement").await, 2);

    // The administrator cannot give her own account a role, nor join a team that carries one.
    let admin_account = id_of(
        &app.get_q("/user_accounts", &[("$filter", "name eq 'admin'")])
            .await
            .expect(200)
            .rows()[0],
    )
    .to_string();
    let role = id_of(
        &app.get_q("/security_roles", &[("$filter", "name eq 'Auditor'")])
            .await
            .expect(200)
            .rows()[0],
    )
    .to_string();
    app.post(
        "/user_roles",
        &json!({"name": "Auditor too", "user_account_id": admin_account, "security_role_id": role}),
    )
    .await
    .expect_error(403, "self_grant");
    let team = app
        .create_minimal(app.model.table("team").unwrap(), "Auditors")
        .await;
    app.post(
        "/team_members",
        &json!({"name": "me", "team_id": id_of(&team), "person_id": ADMIN}),
    )
    .await
    .expect_error(403, "self_grant");
    app.finish().await;
}
