//! The rules of the processes that need more than the built-in declaration or more than one
//! caller: an approval stage every reviewer must grant ("all"), and workflow-owned fields posted
//! through the web forms by every built-in role.

use crate::matrix::documented;
use crate::processes::{decide, status_of};
use crate::testkit::{id_of, TestApp};
use crate::web::{pairs, Browser, Page};
use crate::write_guards::{holder, Holder};
use serde_json::{json, Value};
use std::collections::HashMap;
use steward_model::{FieldType, Table};
use steward_process::{Effect, Lifecycle};
use steward_service::{builtin_roles, Actor, Depth, Privilege};

/// The transition an audit entry records, if it records one.
fn transition_of(entry: &Value) -> Option<&str> {
    change(entry, "transition").and_then(|c| c["new"].as_str())
}

/// One change of an audit entry.
fn change<'e>(entry: &'e Value, field: &str) -> Option<&'e Value> {
    entry["changes"]
        .as_array()?
        .iter()
        .find(|c| c["field"] == field)
}

/// The transitions a record's history names, oldest first.
async fn transitions_of(app: &TestApp, set: &str, record: &Value) -> Vec<String> {
    app.history(set, id_of(record))
        .await
        .iter()
        .filter_map(|e| transition_of(e).map(str::to_string))
        .collect()
}

// ---------------------------------------------------------------------------------------------------
// A stage every reviewer must approve.

/// The System owner stage of the access-request chain, as the built-in declaration has it.
const OWNER_STAGE_ANY: &str = r#"[[chain.stage]]
label = "System owner"
reviewer_type = "system_owner"
reviewers = ["it_product_entitlement_id.approver_id", "it_system_id.system_owner_id"]
rule = "any""#;

/// The built-in declaration with the System owner stage decided by all of its reviewers.
fn owner_stage_needs_all(declaration: &str) -> String {
    assert_eq!(
        declaration.matches(OWNER_STAGE_ANY).count(),
        1,
        "the System owner stage is declared once, as this test expects"
    );
    let all = OWNER_STAGE_ANY.replace(r#"rule = "any""#, r#"rule = "all""#);
    declaration.replace(OWNER_STAGE_ANY, &all)
}

/// The people of an access request whose System owner stage has two reviewers: the subject, the
/// resource owner the entitlement names, and the system's owner (a different person).
struct Cast {
    subject: Holder,
    resource_owner: Holder,
    system_owner: Holder,
    system: String,
}

async fn cast(app: &TestApp) -> Cast {
    let unit = id_of(
        &app.create("organization_units", json!({"name": "Payments"}))
            .await,
    )
    .to_string();
    let subject = holder(app, "Requester", "sid", &unit).await;
    let resource_owner = holder(app, "Approver", "rob", &unit).await;
    let system_owner = holder(app, "Approver", "oscar", &unit).await;
    let system = app
        .create(
            "it_systems",
            json!({"name": "Payments", "system_owner_id": system_owner.person}),
        )
        .await;
    Cast {
        subject,
        resource_owner,
        system_owner,
        system: id_of(&system).to_string(),
    }
}

/// An access request for the subject to an entitlement that needs its owners' approval (the
/// resource owner as its approver), submitted; the request and its approvals.
async fn submitted(app: &TestApp, c: &Cast, name: &str) -> (Value, Vec<Value>) {
    let ent = app
        .create(
            "it_product_entitlements",
            json!({"name": name, "it_system_id": c.system, "requires_owner_approval": true,
                   "approver_id": c.resource_owner.person}),
        )
        .await;
    let sar = app
        .create(
            "it_system_access_requests",
            json!({"name": format!("Access: {name}"), "person_id": c.subject.person,
                   "requested_by_id": c.subject.person, "it_system_id": c.system,
                   "it_product_entitlement_id": id_of(&ent), "requestor_certifies_need_to_know": true}),
        )
        .await;
    let sar = app
        .act("it_system_access_requests", &sar, "submit", json!({}))
        .await
        .expect(200)
        .body;
    let approvals = app
        .get_q(
            "/approvals",
            &[("$filter", &format!("regarding_id eq {}", id_of(&sar)))],
        )
        .await
        .expect(200)
        .rows()
        .clone();
    (sar, approvals)
}

/// The approval of this reviewer among these.
#[track_caller]
fn of_reviewer<'a>(approvals: &'a [Value], who: &Holder) -> &'a Value {
    approvals
        .iter()
        .find(|a| a["reviewer_id"] == json!(who.person))
        .unwrap_or_else(|| panic!("no approval for {} in {approvals:?}", who.person))
}

async fn approval_status(app: &TestApp, approval: &Value) -> String {
    app.get(&TestApp::path_of("approvals", approval))
        .await
        .expect(200)
        .body["approval_status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// With the System owner stage declared `rule = "all"`, an entitlement whose approver is not the
/// system's owner gives the stage two reviewers: one approval leaves the request pending and the
/// other approval waiting; the second approves it, once. One rejection rejects it at once, and the
/// approval still pending is cancelled by Steward, with the reason; the histories name each step.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stage_that_needs_every_reviewer_waits_for_all_of_them() {
    let app = TestApp::spawn_with_lifecycles(owner_stage_needs_all).await;
    let stage = app
        .service
        .processes()
        .chain("it_system_access_request")
        .expect("the access-request chain")
        .stages
        .iter()
        .find(|s| s.label == "System owner")
        .expect("the System owner stage")
        .rule;
    assert_eq!(stage.name(), "all", "the app runs the edited declaration");
    let c = cast(&app).await;

    // Both reviewers approve.
    let (sar, approvals) = submitted(&app, &c, "Ledger read").await;
    let mut reviewers: Vec<(i64, &str, &str)> = approvals
        .iter()
        .map(|a| {
            (
                a["stage"].as_i64().unwrap(),
                a["reviewer_id"].as_str().unwrap(),
                a["approval_status"].as_str().unwrap(),
            )
        })
        .collect();
    reviewers.sort();
    let mut want = vec![
        (2, c.resource_owner.person.as_str(), "pending"),
        (2, c.system_owner.person.as_str(), "pending"),
    ];
    want.sort();
    assert_eq!(
        reviewers, want,
        "one stage, the System owner's, with both owners as its reviewers"
    );
    assert_eq!(
        status_of(&app, &sar).await,
        ("pending_approval".into(), "pending".into())
    );
    let by_owner = of_reviewer(&approvals, &c.system_owner);
    let by_resource = of_reviewer(&approvals, &c.resource_owner);
    decide(&app, &c.system_owner, by_owner, "approve")
        .await
        .expect(200);
    assert_eq!(approval_status(&app, by_owner).await, "approved");
    assert_eq!(
        status_of(&app, &sar).await,
        ("pending_approval".into(), "pending".into()),
        "one approval of two does not decide an 'all' stage"
    );
    assert_eq!(
        approval_status(&app, by_resource).await,
        "pending",
        "the other reviewer is still asked"
    );
    assert_eq!(
        transitions_of(&app, "it_system_access_requests", &sar).await,
        ["submit"],
        "nothing rolled up yet"
    );
    decide(&app, &c.resource_owner, by_resource, "approve")
        .await
        .expect(200);
    assert_eq!(
        status_of(&app, &sar).await,
        ("approved".into(), "approved".into()),
        "the last reviewer of the stage approves the request"
    );
    let h = app.history("it_system_access_requests", id_of(&sar)).await;
    let steps: Vec<&str> = h.iter().filter_map(transition_of).collect();
    assert_eq!(steps, ["submit", "approve"], "approved exactly once");
    let approved = h
        .iter()
        .find(|e| transition_of(e) == Some("approve"))
        .unwrap();
    assert_eq!(
        approved["actor_id"],
        json!(c.resource_owner.person),
        "the last approver is the request's approver"
    );
    for (a, who) in [
        (by_owner, &c.system_owner),
        (by_resource, &c.resource_owner),
    ] {
        let h = app.history("approvals", id_of(a)).await;
        let entry = h
            .iter()
            .find(|e| transition_of(e) == Some("approve"))
            .expect("an approve entry");
        assert_eq!(entry["actor_id"], json!(who.person));
        assert_eq!(
            transitions_of(&app, "approvals", a).await,
            ["approve"],
            "each approval decided once, by its reviewer"
        );
    }

    // One reviewer rejects: the request is rejected at once, the other approval is cancelled.
    let (sar, approvals) = submitted(&app, &c, "Ledger write").await;
    assert_eq!(approvals.len(), 2, "{approvals:?}");
    let by_owner = of_reviewer(&approvals, &c.system_owner);
    let by_resource = of_reviewer(&approvals, &c.resource_owner);
    decide(&app, &c.resource_owner, by_resource, "reject")
        .await
        .expect(200);
    assert_eq!(
        status_of(&app, &sar).await,
        ("rejected".into(), "rejected".into()),
        "one rejection rejects an 'all' stage at once"
    );
    assert_eq!(approval_status(&app, by_resource).await, "rejected");
    assert_eq!(
        approval_status(&app, by_owner).await,
        "cancelled",
        "what was still pending is no longer asked"
    );
    assert_eq!(
        transitions_of(&app, "it_system_access_requests", &sar).await,
        ["submit", "reject"]
    );
    let h = app.history("approvals", id_of(by_resource)).await;
    let rejected = h
        .iter()
        .find(|e| transition_of(e) == Some("reject"))
        .expect("a reject entry");
    assert_eq!(rejected["actor_id"], json!(c.resource_owner.person));
    let h = app.history("approvals", id_of(by_owner)).await;
    let steps: Vec<&str> = h.iter().filter_map(transition_of).collect();
    assert_eq!(steps, ["cancel"], "cancelled by Steward, not decided");
    let cancelled = h
        .iter()
        .find(|e| transition_of(e) == Some("cancel"))
        .unwrap();
    let label = &app.model.table("it_system_access_request").unwrap().label;
    assert_eq!(
        change(cancelled, "reason").map(|r| &r["new"]),
        Some(&json!(format!("the {label} was rejected"))),
        "the cancellation says why: {cancelled}"
    );
    // The cancelled approval cannot be decided any more; the request stays rejected.
    decide(&app, &c.system_owner, by_owner, "approve")
        .await
        .expect_error(409, "transition_not_allowed");
    assert_eq!(
        status_of(&app, &sar).await,
        ("rejected".into(), "rejected".into())
    );
    app.finish().await;
}

// ---------------------------------------------------------------------------------------------------
// Workflow fields through the web forms.

const PASSWORD: &str = "a long enough password";

/// A local user holding the built-in `role`, whose person is in `unit`, signed in to the web UI.
pub(crate) async fn web_user(app: &TestApp, role: &str, n: usize, unit: &str) -> Browser {
    let first = format!("Role{n}");
    let person = app
        .create(
            "persons",
            json!({"first_name": first, "last_name": "Webform", "organization_unit_id": unit}),
        )
        .await;
    let login = format!("web{n}");
    app.service
        .create_user(
            Actor::administrator(),
            &login,
            &format!("{first} Webform"),
            &[role.to_string()],
            PASSWORD,
        )
        .await
        .unwrap_or_else(|e| panic!("create the {role} user: {e}"));
    let account = app
        .get_q(
            "/user_accounts",
            &[("$filter", &format!("name eq '{login}'"))],
        )
        .await
        .expect(200);
    assert_eq!(
        account.rows()[0]["person_id"],
        person["id"],
        "the account is the unit's person"
    );
    let (mut browser, signed_in) = Browser::sign_in(app, &login, PASSWORD).await;
    assert_eq!(
        (signed_in.status, signed_in.location.as_str()),
        (303, "/app/it_systems"),
        "{role} signs in: {}",
        signed_in.html
    );
    browser.person = person["id"].as_str().expect("an id").to_string();
    browser
}

/// A value a form would post for a field, and the JSON the API would store for it: different from
/// `current`, valid for the field's type.
async fn other_value(
    app: &TestApp,
    table: &Table,
    field: &str,
    current: &Value,
    targets: &mut HashMap<String, String>,
) -> (String, Value) {
    let f = table.field(field).expect("an owned field");
    let (text, stored) = match &f.ty {
        FieldType::Choice { set } => {
            let code = app
                .model
                .choice_set(set)
                .unwrap()
                .choices
                .iter()
                .map(|c| c.code.clone())
                .find(|c| json!(c) != *current)
                .expect("another code");
            (code.clone(), json!(code))
        }
        FieldType::Bool => {
            let v = current != &json!(true);
            (v.to_string(), json!(v))
        }
        FieldType::DateTime => ("2001-02-03T04:05".into(), json!("2001-02-03T04:05:00Z")),
        FieldType::Date => ("2001-02-03".into(), json!("2001-02-03")),
        FieldType::Int { .. } => ("7".into(), json!(7)),
        FieldType::Money => ("7".into(), json!(7)),
        FieldType::Lookup { table: target } => {
            if !targets.contains_key(target) {
                let t = app.model.table(target).expect("a lookup target");
                let rec = app.create_minimal(t, &format!("posted {target}")).await;
                targets.insert(target.clone(), id_of(&rec).to_string());
            }
            let id = targets[target].clone();
            (id.clone(), json!(id))
        }
        _ => (
            "Posted through the form.".into(),
            json!("Posted through the form."),
        ),
    };
    assert_ne!(
        &stored, current,
        "{}.{field}: a different value",
        table.name
    );
    (text, stored)
}

/// The fields of a JSON body as a browser posts them.
fn form_of(table: &Table, body: &Value) -> Vec<(String, String)> {
    let mut form = Vec::new();
    for (k, v) in body.as_object().unwrap() {
        let datetime = table
            .field(k)
            .is_some_and(|f| matches!(f.ty, FieldType::DateTime));
        match v {
            Value::Null => {}
            Value::String(s) if datetime => form.push((k.clone(), s[..16].to_string())),
            Value::String(s) => form.push((k.clone(), s.clone())),
            Value::Array(a) => {
                for x in a {
                    form.push((k.clone(), x.as_str().unwrap().to_string()));
                }
            }
            other => form.push((k.clone(), other.to_string())),
        }
    }
    form
}

/// A record without the fields every save moves (its version and when and by whom it changed).
fn without_save_marks(record: &Value, also: &[&str]) -> Value {
    let mut r = record.clone();
    let o = r.as_object_mut().unwrap();
    o.retain(|k, _| {
        !also.contains(&k.as_str())
            && !k.starts_with('@')
            && !matches!(k.as_str(), "row_version" | "modified_on" | "modified_by_id")
    });
    r
}

/// One record of a lifecycle's table, made by the administrator, and the form values of its
/// workflow fields (each different from what it holds).
struct Probe<'a> {
    lifecycle: &'a Lifecycle,
    table: Table,
    record: Value,
    path: String,
    posted: Vec<(String, String, Value)>,
}

impl Probe<'_> {
    fn offers(page: &Page, field: &str) -> bool {
        page.html.contains(&format!("name=\"{field}\""))
    }

    /// The form offers the record's name, and none of its workflow fields.
    #[track_caller]
    fn assert_form_leaves_out_workflow_fields(&self, page: &Page, what: &str) {
        assert!(Self::offers(page, "name"), "{what}: the form offers name");
        for (field, _, _) in &self.posted {
            assert!(
                !Self::offers(page, field),
                "{what}: the form offers the workflow field {field}"
            );
        }
    }

    fn form_fields(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.posted.iter().map(|(f, t, _)| (f.clone(), t.clone()))
    }
}

/// Every built-in role signs in to the web UI and posts, for every lifecycle's table, the edit form
/// of a record and the create form, each with every workflow-owned field (the status and the fields
/// only transitions write) set to another valid value. The forms do not offer those fields and the
/// web layer drops them when posted: a role that may write the record saves (303) what it may (its
/// new name) and never a workflow field; a role that may not is refused exactly as the
/// authorization matrix says (404 when it cannot read the record, 403 when it cannot write it or
/// create at all, 422 were the create to name a parent it cannot see), with nothing written. A
/// create that succeeds starts in the initial state with the on-create values, whatever was posted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workflow_fields_posted_through_web_forms_are_refused_for_every_role() {
    let app = TestApp::spawn().await;
    let unit = id_of(
        &app.create("organization_units", json!({"name": "Web forms"}))
            .await,
    )
    .to_string();
    let mut targets = HashMap::new();
    let mut probes = Vec::new();
    for lifecycle in app.service.processes().lifecycles() {
        let table = app.model.table(&lifecycle.table).unwrap().clone();
        let created = app
            .create_minimal(&table, &format!("{} on the web", table.name))
            .await;
        let path = TestApp::path_of(&table.set, &created);
        let record = app.get(&path).await.expect(200).body;
        assert_eq!(
            record[lifecycle.field.as_str()],
            json!(lifecycle.initial),
            "{}",
            table.name
        );
        let mut posted = Vec::new();
        for field in &lifecycle.owned {
            assert!(
                table.field(field).unwrap().workflow,
                "{}.{field} is marked as the workflow's",
                table.name
            );
            let (text, stored) =
                other_value(&app, &table, field, &record[field.as_str()], &mut targets).await;
            posted.push((field.clone(), text, stored));
        }
        probes.push(Probe {
            lifecycle,
            table,
            record,
            path,
            posted,
        });
    }

    let mut outcomes: HashMap<(&str, u16), usize> = HashMap::new();
    for (n, (role, _, grants)) in builtin_roles().iter().enumerate() {
        let browser = web_user(&app, role, n, &unit).await;
        for p in &probes {
            let (set, name) = (&p.table.set, &p.table.name);
            let depth = |t: &str, privilege| documented(grants, t, privilege);
            let id = id_of(&p.record);

            // The create form: shown to everyone, without the workflow fields.
            let new = browser.get(&format!("/app/{set}/new")).await;
            assert_eq!(new.status, 200, "{role} GET /app/{set}/new");
            p.assert_form_leaves_out_workflow_fields(&new, &format!("{role} new {name}"));
            let csrf = new.hidden("_csrf");

            // The edit form of the administrator's record.
            let readable = depth(name, Privilege::Read) == Depth::Organization;
            let writable = depth(name, Privilege::Write) == Depth::Organization;
            let before = app.get(&p.path).await.expect(200).body;
            let edit = browser.get(&format!("/app/{set}/{id}/edit")).await;
            let version = if readable {
                assert_eq!(edit.status, 200, "{role} GET the {name} edit form");
                p.assert_form_leaves_out_workflow_fields(&edit, &format!("{role} edit {name}"));
                assert_eq!(edit.hidden("_csrf"), csrf, "one session, one token");
                edit.hidden("_version")
            } else {
                assert_eq!(
                    edit.status, 404,
                    "{role} cannot read the {name}: {}",
                    edit.html
                );
                before["row_version"].to_string()
            };
            assert_eq!(version, before["row_version"].to_string(), "{role} {name}");
            let new_name = format!("{name} renamed by {role}");
            let mut form = pairs(&[
                ("_csrf", &csrf),
                ("_version", &version),
                ("name", &new_name),
            ]);
            form.extend(p.form_fields());
            let saved = browser.post(&format!("/app/{set}/{id}/edit"), &form).await;
            let want = match (readable, writable) {
                (false, _) => 404,
                (true, false) => 403,
                (true, true) => 303,
            };
            assert_eq!(
                saved.status, want,
                "{role} POST the {name} edit form: {}",
                saved.html
            );
            *outcomes.entry(("edit", saved.status)).or_default() += 1;
            let after = app.get(&p.path).await.expect(200).body;
            for (field, _, value) in &p.posted {
                assert_eq!(
                    after[field.as_str()],
                    before[field.as_str()],
                    "{role} {name}.{field}: the edit form does not write it"
                );
                assert_ne!(&after[field.as_str()], value, "{role} {name}.{field}");
            }
            if saved.status == 303 {
                assert_eq!(saved.location, format!("/app/{set}/{id}"));
                assert_eq!(
                    after["name"],
                    json!(new_name),
                    "{role} {name}: the rest of the form is saved"
                );
                assert_eq!(
                    without_save_marks(&after, &["name"]),
                    without_save_marks(&before, &["name"]),
                    "{role} {name}: only the name changed"
                );
            } else {
                assert_eq!(
                    after, before,
                    "{role} {name}: a refused edit writes nothing"
                );
            }

            // The create form, posted with the workflow fields.
            let blind = p.table.fields.iter().any(|f| {
                f.required
                    && !f.read_only
                    && f.ty.lookup_table().is_some_and(|t| {
                        documented(grants, t, Privilege::Read) != Depth::Organization
                    })
            });
            let want = match (depth(name, Privilege::Create), blind) {
                (Depth::None, _) => 403,
                (_, true) => 422,
                (_, false) => 303,
            };
            let made_name = format!("{name} made by {role}");
            let body = app.minimal_body(&p.table, &made_name).await;
            let mut form = pairs(&[("_csrf", &csrf)]);
            form.extend(form_of(&p.table, &body));
            form.extend(p.form_fields());
            let count = app.count(set, None).await;
            let made = browser.post(&format!("/app/{set}/new"), &form).await;
            assert_eq!(
                made.status, want,
                "{role} POST the {name} create form: {}",
                made.html
            );
            *outcomes.entry(("create", made.status)).or_default() += 1;
            if made.status != 303 {
                assert_eq!(
                    app.count(set, None).await,
                    count,
                    "{role} {name}: a refused create makes nothing"
                );
                continue;
            }
            assert_eq!(
                app.count(set, None).await,
                count + 1,
                "{role} {name}: one record made"
            );
            let new_id = made
                .location
                .strip_prefix(&format!("/app/{set}/"))
                .and_then(|rest| uuid::Uuid::parse_str(rest).ok())
                .unwrap_or_else(|| panic!("{role} {name}: made {}", made.location));
            let stored = app.get(&format!("/{set}({new_id})")).await.expect(200).body;
            assert_eq!(stored["name"], json!(made_name), "{role} {name}");
            assert_eq!(
                stored[p.lifecycle.field.as_str()],
                json!(p.lifecycle.initial),
                "{role} {name}: a new record starts in the initial state"
            );
            for (field, _, value) in &p.posted {
                let got = &stored[field.as_str()];
                assert_ne!(
                    got, value,
                    "{role} {name}.{field}: the create form wrote it"
                );
                match p.lifecycle.on_create.get(field) {
                    // Set when the record is made: present, and not what was posted.
                    Some(Effect::Now | Effect::Today | Effect::Actor) => {
                        assert!(got.is_string(), "{role} {name}.{field}: {got}")
                    }
                    // Measured by the service level from the instant the record was made (in
                    // business hours it moves with the clock): present, and not what was posted.
                    _ if field == "due_on" => {
                        assert!(got.is_string(), "{role} {name}.{field}: {got}")
                    }
                    // Otherwise as every new record has it.
                    _ => assert_eq!(
                        got,
                        &p.record[field.as_str()],
                        "{role} {name}.{field}: as on a record made without it"
                    ),
                }
            }
        }
    }
    eprintln!("web form outcomes: {outcomes:?}");
    for kind in ["edit", "create"] {
        for status in [303, 403] {
            assert!(
                outcomes.get(&(kind, status)).copied().unwrap_or(0) > 0,
                "some {kind} answered {status}: {outcomes:?}"
            );
        }
    }
    assert!(
        outcomes.get(&("edit", 404)).copied().unwrap_or(0) > 0,
        "some role cannot open an edit form: {outcomes:?}"
    );
    app.finish().await;
}

/// An agent takes an incident with one click: "Assign to me" assigns it to them and starts it; on
/// their own incident the button is gone, and a colleague sees "Reassign to me".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_assigns_an_incident_to_themselves() {
    let app = TestApp::spawn().await;
    let unit = id_of(
        &app.create("organization_units", json!({"name": "Desk"}))
            .await,
    )
    .to_string();
    let agent = web_user(&app, "Service Desk Agent", 1, &unit).await;
    let colleague = web_user(&app, "Service Desk Agent", 2, &unit).await;
    let (me, other) = (agent.person.clone(), colleague.person.clone());
    let inc = app
        .create(
            "incidents",
            json!({"name": "Badge reader broken", "owning_unit_id": unit}),
        )
        .await;
    let path = format!("/app/incidents/{}", id_of(&inc));
    let page = agent.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(
        page.html.contains(">Assign to me</button>"),
        "{}",
        page.html
    );
    let taken = agent
        .post(
            &format!("{path}/do/assign"),
            &crate::web::pairs(&[
                ("_csrf", &page.hidden("_csrf")),
                ("_version", &page.hidden("_version")),
                ("assigned_to_id", &me),
                ("assigned_to_id__was", &me),
                ("assigned_to_id__id", &me),
            ]),
        )
        .await;
    assert_eq!(taken.status, 303, "{}", taken.html);
    let stored = app
        .get(&TestApp::path_of("incidents", &inc))
        .await
        .expect(200)
        .body;
    assert_eq!(
        (
            stored["incident_status"].as_str(),
            stored["assigned_to_id"].as_str()
        ),
        (Some("in_progress"), Some(me.as_str()))
    );
    let page = agent.get(&path).await;
    assert!(
        !page.html.contains("to me</button>"),
        "nothing to take on one's own incident"
    );
    let theirs = colleague.get(&path).await;
    assert!(theirs.html.contains(">Reassign to me</button>"));
    assert!(theirs
        .html
        .contains(&format!(r#"name="assigned_to_id__id" value="{other}""#)));
    // Another team's incident is not offered to someone outside it (the write would be refused:
    // assignee_not_in_team); its own team's member gets the offer.
    let network = app
        .create("organization_units", json!({"name": "Network"}))
        .await;
    let outage = app
        .create(
            "incidents",
            json!({"name": "Switch down", "owning_unit_id": unit, "assigned_team_id": network["id"]}),
        )
        .await;
    let outage_path = format!("/app/incidents/{}", id_of(&outage));
    assert!(!agent
        .get(&outage_path)
        .await
        .html
        .contains("to me</button>"));
    let desk_work = app
        .create(
            "incidents",
            json!({"name": "Printer jam", "owning_unit_id": unit, "assigned_team_id": unit}),
        )
        .await;
    let desk_path = format!("/app/incidents/{}", id_of(&desk_work));
    assert!(agent
        .get(&desk_path)
        .await
        .html
        .contains(">Assign to me</button>"));
    app.finish().await;
}

/// The web inbox lists an approval only once its stage is open: a security reviewer's approval of
/// stage 3 waits, counted but not offered, until the system owner's stage is approved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_offers_a_later_stage_only_once_it_opens() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let unit = id_of(
        &app.create("organization_units", json!({"name": "Security"}))
            .await,
    )
    .to_string();
    let isso_web = web_user(&app, "Information Security Officer", 7, &unit).await;
    let isso = isso_web.person.clone();
    app.patch(
        &format!("/it_systems({})", c.system),
        &json!({"information_security_officer_id": isso}),
        None,
    )
    .await
    .expect(200);
    let ent = app
        .create(
            "it_product_entitlements",
            json!({"name": "Ledger admin", "it_system_id": c.system, "requires_owner_approval": true,
                   "entitlement_category": "privileged_access"}),
        )
        .await;
    let sar = app
        .create(
            "it_system_access_requests",
            json!({"name": "Ledger admin for Sid", "person_id": c.subject.person,
                   "requested_by_id": c.subject.person, "it_system_id": c.system,
                   "it_product_entitlement_id": id_of(&ent), "requestor_certifies_need_to_know": true}),
        )
        .await;
    app.act("it_system_access_requests", &sar, "submit", json!({}))
        .await
        .expect(200);
    let approvals = app.approvals_of(&sar).await;
    assert_eq!(approvals.len(), 2, "{approvals:?}");
    assert_eq!(approvals[1]["reviewer_id"], json!(isso));
    let stage3 = format!("/app/approvals/{}/decide", id_of(&approvals[1]));
    let inbox = isso_web.get("/portal/approvals").await;
    assert_eq!(inbox.status, 200);
    assert!(!inbox.html.contains(&stage3), "not offered before it opens");
    assert!(inbox.html.contains(r#"data-waiting="1""#), "{}", inbox.html);
    decide(&app, &c.system_owner, &approvals[0], "approve")
        .await
        .expect(200);
    let inbox = isso_web.get("/portal/approvals").await;
    assert!(inbox.html.contains(&stage3), "offered once it opens");
    assert!(!inbox.html.contains("data-waiting"));
    app.finish().await;
}

/// A record assigned to a team is assigned to one of its members (its unit or a unit below),
/// through a transition or a write alike; nothing is written otherwise.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_assignee_is_a_member_of_the_assigned_team() {
    let app = TestApp::spawn().await;
    let desk = app
        .create("organization_units", json!({"name": "Desk"}))
        .await;
    let night = app
        .create(
            "organization_units",
            json!({"name": "Night desk", "parent_id": id_of(&desk)}),
        )
        .await;
    let other = app
        .create("organization_units", json!({"name": "Network"}))
        .await;
    let person = |name: &str, unit: &Value| json!({"first_name": name, "last_name": "Agent", "organization_unit_id": id_of(unit)});
    let nina = app.create("persons", person("Nina", &night)).await;
    let oscar = app.create("persons", person("Oscar", &other)).await;
    let inc = app.create("incidents", json!({"name": "Wi-Fi down"})).await;
    let before = app.audit_seq().await;
    let r = app
        .act(
            "incidents",
            &inc,
            "assign",
            json!({"assigned_team_id": id_of(&desk), "assigned_to_id": id_of(&oscar)}),
        )
        .await;
    r.expect_error(422, "assignee_not_in_team");
    assert_eq!(r.target(), Some("assigned_to_id"));
    let path = TestApp::path_of("incidents", &inc);
    let r = app
        .patch(
            &path,
            &json!({"assigned_team_id": id_of(&desk), "assigned_to_id": id_of(&oscar)}),
            None,
        )
        .await;
    r.expect_error(422, "assignee_not_in_team");
    let stored = app.get(&path).await.expect(200).body;
    assert_eq!(
        (&stored["incident_status"], &stored["assigned_to_id"]),
        (&json!("new"), &Value::Null),
        "nothing written"
    );
    assert_eq!(app.audit_seq().await, before, "no audit entry either");
    // A member of a unit below the team is a member of the team.
    let taken = app
        .act(
            "incidents",
            &inc,
            "assign",
            json!({"assigned_team_id": id_of(&desk), "assigned_to_id": id_of(&nina)}),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(taken["assigned_to_id"], json!(id_of(&nina)));
    // Moving the team away from the assignee is refused too.
    app.patch(&path, &json!({"assigned_team_id": id_of(&other)}), None)
        .await
        .expect_error(422, "assignee_not_in_team");
    app.finish().await;
}
