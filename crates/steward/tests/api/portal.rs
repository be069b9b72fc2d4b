//! The self-service portal, approvals, dashboards, search, saved views, CSV export and preferences,
//! driven as a browser without JavaScript would: forms posted, links followed, over real HTTP.

use crate::testkit::{id_of, str_of, TestApp};
use crate::web::{pairs, Browser, Page};
use serde_json::{json, Value};
use steward_service::Actor;

const PASSWORD: &str = "a long enough password";

/// A signed-in user with the given roles, and their person's id.
async fn user(app: &TestApp, name: &str, person: &str, roles: &[&str]) -> (Browser, String) {
    let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
    app.service
        .create_user(Actor::administrator(), name, person, &roles, PASSWORD)
        .await
        .expect("create the user");
    let (browser, signed_in) = Browser::sign_in(app, name, PASSWORD).await;
    assert_eq!(signed_in.status, 303, "{name} signs in");
    let found = app
        .get_q("/persons", &[("$filter", &format!("name eq '{person}'"))])
        .await
        .expect(200);
    let id = id_of(&found.rows()[0]).to_string();
    (browser, id)
}

/// The number after `label` in a page ("of 12").
fn total_of(page: &Page) -> i64 {
    let marker = " of ";
    let at = page
        .html
        .find("class=\"pager\"")
        .expect("a list page with a pager");
    let range = &page.html[at..];
    match range.find(marker) {
        Some(i) => range[i + marker.len()..]
            .split('<')
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap(),
        None => 0, // "No records"
    }
}

/// The hidden input of the form that posts to `action`.
fn hidden_in_form(page: &Page, action: &str, name: &str) -> String {
    let start = page
        .html
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form posting to {action}"));
    let form = &page.html[start..];
    let marker = format!("name=\"{name}\" value=\"");
    let at = form.find(&marker).expect("the hidden input") + marker.len();
    form[at..].split('"').next().unwrap().to_string()
}

/// A catalog item that needs approval and asks two questions.
async fn laptop_type(app: &TestApp) -> String {
    let questions = json!([
        {"name": "model", "label": "Model", "type": "choice", "options": ["13 inch", "15 inch"], "required": true},
        {"name": "count", "label": "How many", "type": "number"}
    ]);
    let t = app
        .create(
            "it_service_request_types",
            json!({"name": "Laptop", "is_orderable": true, "requires_approval": true,
                   "default_priority": "medium", "target_hours": 48, "form_fields": questions.to_string()}),
        )
        .await;
    id_of(&t).to_string()
}

/// Rita the requester, whose manager is Mark the approver.
async fn rita_and_mark(app: &TestApp) -> ((Browser, String), (Browser, String)) {
    let rita = user(app, "rita", "Rita Requester", &["Requester"]).await;
    let mark = user(app, "mark", "Mark Manager", &["Approver"]).await;
    app.patch(
        &format!("/persons({})", rita.1),
        &json!({"manager_id": mark.1}),
        None,
    )
    .await
    .expect(200);
    (rita, mark)
}

async fn order_laptop(app: &TestApp, rita: &Browser, type_id: &str) -> String {
    let form = rita.get(&format!("/portal/order/{type_id}")).await;
    let csrf = form.hidden("_csrf");
    let placed = rita
        .post(
            &format!("/portal/order/{type_id}"),
            &pairs(&[
                ("_csrf", &csrf),
                ("q.model", "15 inch"),
                ("q.count", "2"),
                ("business_justification", "A new starter in January"),
            ]),
        )
        .await;
    assert_eq!(placed.status, 303, "{}", placed.html);
    let request_id = placed.location.rsplit('/').next().unwrap().to_string();
    assert_eq!(
        placed.location,
        format!("/app/it_service_requests/{request_id}")
    );
    let _ = app;
    request_id
}

async fn approval_of(app: &TestApp, request_id: &str) -> Value {
    let found = app
        .get_q(
            "/approvals",
            &[("$filter", &format!("regarding_id eq {request_id}"))],
        )
        .await
        .expect(200);
    assert_eq!(found.rows().len(), 1, "one approval for the order");
    found.rows()[0].clone()
}

#[tokio::test]
async fn a_requester_orders_from_the_catalog_and_the_manager_approves() {
    let app = TestApp::spawn().await;
    let ((rita, rita_id), (mark, mark_id)) = rita_and_mark(&app).await;
    let type_id = laptop_type(&app).await;

    let catalog = rita.get("/portal").await;
    assert_eq!(catalog.status, 200);
    assert!(catalog.html.contains(&format!("/portal/order/{type_id}")));
    assert!(catalog.html.contains("Needs approval"));

    // A required question left empty is refused next to its field, and nothing is written.
    let form = rita.get(&format!("/portal/order/{type_id}")).await;
    assert!(
        form.html.contains("id=\"f-q.model\""),
        "the type's question"
    );
    let csrf = form.hidden("_csrf");
    let refused = rita
        .post(
            &format!("/portal/order/{type_id}"),
            &pairs(&[("_csrf", &csrf), ("q.count", "two")]),
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.html.contains("id=\"e-q.model\""),
        "{}",
        refused.html
    );
    assert!(refused.html.contains("id=\"e-q.count\""));
    assert_eq!(app.count("it_service_requests", None).await, 0);

    let request_id = order_laptop(&app, &rita, &type_id).await;
    let request = app
        .get(&format!("/it_service_requests({request_id})"))
        .await
        .expect(200)
        .body;
    assert_eq!(request["request_status"], json!("pending_approval"));
    assert_eq!(request["approval_status"], json!("pending"));
    assert_eq!(request["requested_by_id"], json!(rita_id));
    assert_eq!(request["priority"], json!("medium"));
    assert_eq!(
        request["name"],
        json!("Laptop"),
        "the type names an order without a summary"
    );
    assert!(request["due_on"].is_string(), "the SLA target is set");
    let answers: Value = serde_json::from_str(str_of(&request, "form_answers")).unwrap();
    assert_eq!(answers, json!({"model": "15 inch", "count": 2}));
    let approval = approval_of(&app, &request_id).await;
    assert_eq!(approval["reviewer_id"], json!(mark_id));
    assert_eq!(approval["reviewer_type"], json!("manager"));
    assert_eq!(approval["approval_status"], json!("pending"));
    let number = str_of(&request, "number").to_string();

    let mine = rita.get("/portal/requests").await;
    assert!(mine.html.contains(&number), "my requests lists the order");
    let page = rita
        .get(&format!("/app/it_service_requests/{request_id}"))
        .await;
    assert!(
        page.html.contains("Mark Manager"),
        "the approval is on the request's page"
    );

    // The inbox shows the request with its answers; only the reviewer may decide.
    let inbox = mark.get("/portal/approvals").await;
    assert!(inbox.html.contains(&number), "{}", inbox.html);
    assert!(
        inbox.html.contains("15 inch"),
        "the answers are shown to decide"
    );
    assert!(inbox.html.contains("A new starter in January"));
    let approval_id = id_of(&approval).to_string();
    let action = format!("/app/approvals/{approval_id}/decide");
    let version = hidden_in_form(&inbox, &action, "_version");
    let not_reviewer = rita
        .post(
            &action,
            &pairs(&[
                ("_csrf", &rita_csrf(&rita).await),
                ("_version", &version),
                ("decision", "approve"),
            ]),
        )
        .await;
    assert_eq!(not_reviewer.status, 403, "the requester cannot decide");
    let mark_csrf = inbox.hidden("_csrf");
    let decided = mark
        .post(
            &action,
            &pairs(&[
                ("_csrf", &mark_csrf),
                ("_version", &version),
                ("decision", "approve"),
                ("comments", "Enjoy"),
                ("next", "/portal/approvals"),
            ]),
        )
        .await;
    assert_eq!(
        (decided.status, decided.location.as_str()),
        (303, "/portal/approvals"),
        "{}",
        decided.html
    );
    let approval = app
        .get(&format!("/approvals({approval_id})"))
        .await
        .expect(200)
        .body;
    assert_eq!(approval["approval_status"], json!("approved"));
    assert_eq!(approval["reviewer_comments"], json!("Enjoy"));
    assert!(approval["decision_date"].is_string());
    let request = app
        .get(&format!("/it_service_requests({request_id})"))
        .await
        .expect(200)
        .body;
    assert_eq!(request["approval_status"], json!("approved"));
    assert_eq!(request["request_status"], json!("approved"));
    assert_eq!(request["approved_by_id"], json!(mark_id));
    let history = app.history("it_service_requests", &request_id).await;
    let last = history.last().unwrap();
    assert_eq!(
        last["actor_id"],
        json!(mark_id),
        "the roll-up is audited as the approver"
    );

    let again = mark
        .post(
            &action,
            &pairs(&[("_csrf", &mark_csrf), ("decision", "reject")]),
        )
        .await;
    assert_eq!(again.status, 409, "an approval is decided once");
    let page = mark
        .get(&format!("/app/it_service_requests/{request_id}"))
        .await;
    assert!(page.html.contains("Approved"));
    assert!(page.html.contains("<h2 id=\"timeline-h\">Timeline</h2>"));
    app.finish().await;
}

async fn rita_csrf(rita: &Browser) -> String {
    rita.get("/portal").await.hidden("_csrf")
}

#[tokio::test]
async fn a_rejection_rejects_the_request_and_no_one_decides_their_own() {
    let app = TestApp::spawn().await;
    let ((rita, _), (mark, mark_id)) = rita_and_mark(&app).await;
    let type_id = laptop_type(&app).await;
    let request_id = order_laptop(&app, &rita, &type_id).await;
    let approval_id = id_of(&approval_of(&app, &request_id).await).to_string();
    let page = mark.get(&format!("/app/approvals/{approval_id}")).await;
    assert!(
        page.html.contains("Decision on"),
        "the approval page shows what is decided"
    );
    let action = format!("/app/approvals/{approval_id}/decide");
    let rejected = mark
        .post(
            &action,
            &pairs(&[
                ("_csrf", &page.hidden("_csrf")),
                ("_version", &hidden_in_form(&page, &action, "_version")),
                ("decision", "reject"),
                ("comments", "Use the pool laptops"),
                ("next", &format!("/app/approvals/{approval_id}")),
            ]),
        )
        .await;
    assert_eq!(rejected.status, 303);
    let request = app
        .get(&format!("/it_service_requests({request_id})"))
        .await
        .expect(200)
        .body;
    assert_eq!(request["request_status"], json!("rejected"));
    assert_eq!(request["approval_status"], json!("rejected"));

    // An approval of the reviewer's own request is refused (separation of duties).
    let own = app
        .create(
            "it_service_requests",
            json!({"name": "Mark's own", "requested_by_id": mark_id}),
        )
        .await;
    let own_approval = app
        .create(
            "approvals",
            json!({"name": "Approval", "regarding_table": "it_service_request", "regarding_id": id_of(&own),
                   "reviewer_id": mark_id, "stage": 1}),
        )
        .await;
    let own_action = format!("/app/approvals/{}/decide", id_of(&own_approval));
    let refused = mark
        .post(
            &own_action,
            &pairs(&[("_csrf", &page.hidden("_csrf")), ("decision", "approve")]),
        )
        .await;
    assert_eq!(refused.status, 403);
    assert!(refused.html.contains("own request"), "{}", refused.html);
    let still = app
        .get(&format!("/approvals({})", id_of(&own_approval)))
        .await
        .expect(200)
        .body;
    assert_eq!(still["approval_status"], json!("pending"));
    app.finish().await;
}

#[tokio::test]
async fn my_access_lists_what_the_person_holds_and_it_opens() {
    let app = TestApp::spawn().await;
    let (rita, rita_id) = user(&app, "rita", "Rita Requester", &["Requester"]).await;
    let product = app.create("it_products", json!({"name": "Payroll"})).await;
    let entitlement = app
        .create(
            "it_product_entitlements",
            json!({"name": "Payroll clerk", "it_product_id": id_of(&product)}),
        )
        .await;
    // Created by the administrator: Rita reaches it because it names her.
    let held = app
        .create(
            "it_assigned_entitlements",
            json!({"name": "Rita: payroll clerk", "person_id": rita_id, "assignment_status": "active",
                   "it_product_entitlement_id": id_of(&entitlement), "assignment_type": "temporary",
                   "end_date": "2030-01-01T00:00:00Z"}),
        )
        .await;
    let other = app
        .create(
            "it_assigned_entitlements",
            json!({"name": "Someone else's", "it_product_entitlement_id": id_of(&entitlement)}),
        )
        .await;
    let access = rita.get("/portal/access").await;
    assert!(access.html.contains("Payroll clerk"), "{}", access.html);
    assert!(access.html.contains("2030-01-01"));
    assert!(!access.html.contains(id_of(&other)));
    let page = rita
        .get(&format!("/app/it_assigned_entitlements/{}", id_of(&held)))
        .await;
    assert_eq!(page.status, 200);
    let hidden = rita
        .get(&format!("/app/it_assigned_entitlements/{}", id_of(&other)))
        .await;
    assert_eq!(hidden.status, 404);
    app.finish().await;
}

#[tokio::test]
async fn a_list_exports_its_view_as_csv() {
    let app = TestApp::spawn().await;
    let (admin, _) = Browser::sign_in(&app, "admin", crate::testkit::ADMIN_PASSWORD).await;
    for (name, criticality) in [
        ("Payroll", "mission_critical"),
        ("Payments", "low"),
        ("=HYPERLINK(\"x\")", "low"),
        ("Library", "low"),
    ] {
        app.create(
            "it_systems",
            json!({"name": name, "criticality": criticality}),
        )
        .await;
    }
    let list = admin
        .get("/app/it_systems?cols=name,criticality&f=criticality&o=eq&v=low&sort=name")
        .await;
    let href = list
        .html
        .split("href=\"")
        .find(|s| s.starts_with("/app/it_systems/export.csv"))
        .map(|s| s.split('"').next().unwrap().replace("&#38;", "&"))
        .expect("an export link");
    let csv = admin.get(&href).await;
    assert_eq!(csv.status, 200);
    let lines: Vec<&str> = csv.html.lines().collect();
    assert_eq!(lines[0], "Name,Criticality");
    assert_eq!(lines.len(), 4, "the filter applies: {lines:?}");
    assert!(lines.contains(&"Payments,Low"));
    assert!(
        lines.iter().any(|l| l.starts_with("\"'=HYPERLINK")),
        "a formula is quoted for spreadsheets: {lines:?}"
    );
    assert!(!lines.iter().any(|l| l.starts_with("Payroll")));
    let wrong = admin
        .get("/app/it_systems/export.csv?f=created_on&o=gt&v=yesterday")
        .await;
    assert_eq!(wrong.status, 400, "a wrong filter exports nothing");
    app.finish().await;
}

#[tokio::test]
async fn search_finds_by_number_and_name_within_what_the_viewer_may_read() {
    let app = TestApp::spawn().await;
    let (admin, _) = Browser::sign_in(&app, "admin", crate::testkit::ADMIN_PASSWORD).await;
    let (rita, _) = user(&app, "rita", "Rita Requester", &["Requester"]).await;
    let request = app
        .create(
            "it_service_requests",
            json!({"name": "Quarterly payroll run"}),
        )
        .await;
    let number = str_of(&request, "number").to_string();
    let found = admin.get("/search?q=payroll").await;
    assert!(found.html.contains(&number), "{}", found.html);
    let by_number = admin
        .get(&format!("/search?q={}", number.to_lowercase()))
        .await;
    assert_eq!(by_number.status, 303);
    assert_eq!(
        by_number.location,
        format!("/app/it_service_requests/{}", id_of(&request))
    );
    let hidden = rita.get("/search?q=payroll").await;
    assert!(
        !hidden.html.contains(&number),
        "another person's request stays hidden"
    );
    let suggested = admin
        .get("/app/it_service_requests/suggest?q=quarter")
        .await;
    let rows: Value = serde_json::from_str(&suggested.html).unwrap();
    assert_eq!(rows[0]["id"], json!(id_of(&request)));
    app.finish().await;
}

#[tokio::test]
async fn saved_views_belong_to_their_user() {
    let app = TestApp::spawn().await;
    let (rita, _) = user(&app, "rita", "Rita Requester", &["Requester"]).await;
    let (mark, _) = user(&app, "mark", "Mark Manager", &["Approver"]).await;
    let list = rita
        .get("/app/it_service_requests?f=priority&o=eq&v=high")
        .await;
    let query = hidden_in_form(&list, "/app/it_service_requests/views", "query");
    let saved = rita
        .post(
            "/app/it_service_requests/views",
            &pairs(&[
                ("_csrf", &list.hidden("_csrf")),
                ("name", "Urgent ones"),
                ("query", &query.replace("&#38;", "&")),
            ]),
        )
        .await;
    assert_eq!(saved.status, 303);
    assert!(saved.location.contains("v=high"), "{}", saved.location);
    let again = rita.get("/app/it_service_requests").await;
    assert!(again.html.contains("Urgent ones"));
    assert!(!mark
        .get("/app/it_service_requests")
        .await
        .html
        .contains("Urgent ones"));
    let view = app
        .get_q("/saved_views", &[("$filter", "name eq 'Urgent ones'")])
        .await
        .expect(200);
    let view_id = id_of(&view.rows()[0]).to_string();
    let delete = format!("/app/it_service_requests/views/{view_id}/delete");
    let mark_csrf = mark.get("/").await.hidden("_csrf");
    let theirs = mark.post(&delete, &pairs(&[("_csrf", &mark_csrf)])).await;
    assert_eq!(
        theirs.status, 404,
        "another user's view is not theirs to delete"
    );
    let mine = rita
        .post(&delete, &pairs(&[("_csrf", &again.hidden("_csrf"))]))
        .await;
    assert_eq!(mine.status, 303);
    assert!(!rita
        .get("/app/it_service_requests")
        .await
        .html
        .contains("Urgent ones"));
    app.finish().await;
}

#[tokio::test]
async fn dates_are_shown_and_read_in_the_users_time_zone() {
    let app = TestApp::spawn().await;
    let (admin, _) = Browser::sign_in(&app, "admin", crate::testkit::ADMIN_PASSWORD).await;
    let prefs = admin.get("/preferences").await;
    let csrf = prefs.hidden("_csrf");
    let wrong = admin
        .post(
            "/preferences",
            &pairs(&[
                ("_csrf", &csrf),
                ("time_zone", "Mars/Olympus"),
                ("theme", "dark"),
            ]),
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.html.contains("not a time zone"), "{}", wrong.html);
    let saved = admin
        .post(
            "/preferences",
            &pairs(&[
                ("_csrf", &csrf),
                ("time_zone", "Europe/Paris"),
                ("theme", "dark"),
            ]),
        )
        .await;
    assert_eq!(saved.status, 303);
    let form = admin.get("/app/it_system_accreditations/new").await;
    assert!(form.html.contains("data-theme=\"dark\""));
    assert!(
        form.html.contains("Europe/Paris"),
        "the zone is named by the field"
    );
    let system = app.create("it_systems", json!({"name": "Payroll"})).await;
    let created = admin
        .post(
            "/app/it_system_accreditations/new",
            &pairs(&[
                ("_csrf", &csrf),
                ("name", "ATO 2026"),
                ("it_system_id", id_of(&system)),
                ("expiration_date", "2026-07-01T10:00"),
            ]),
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.html);
    let id = created.location.rsplit('/').next().unwrap();
    let stored = app
        .get(&format!("/it_system_accreditations({id})"))
        .await
        .expect(200)
        .body;
    assert_eq!(
        stored["expiration_date"],
        json!("2026-07-01T08:00:00.000000Z"),
        "10:00 in Paris in summer is 08:00 UTC"
    );
    let page = admin.get(&created.location).await;
    assert!(page.html.contains("2026-07-01 10:00 CEST"), "{}", page.html);
    app.finish().await;
}

#[tokio::test]
async fn each_dashboard_bar_counts_the_list_it_opens() {
    let app = TestApp::spawn().await;
    let (admin, _) = Browser::sign_in(&app, "admin", crate::testkit::ADMIN_PASSWORD).await;
    for (priority, status, n) in [
        ("high", "submitted", 3),
        ("high", "in_progress", 2),
        ("low", "submitted", 1),
        ("low", "closed", 4),
    ] {
        for i in 0..n {
            let r = app
                .create(
                    "it_service_requests",
                    json!({"name": format!("{priority} {status} {i}"), "priority": priority}),
                )
                .await;
            app.correct_to("it_service_requests", &r, status).await;
        }
    }
    let home = admin.get("/").await;
    assert_eq!(home.status, 200);
    let mut seen = 0;
    for part in home.html.split("<a href=\"").skip(1) {
        let (href, rest) = part.split_once('"').unwrap();
        let Some(label) = rest
            .strip_prefix(" aria-label=\"")
            .and_then(|l| l.split('"').next())
        else {
            continue;
        };
        if !href.starts_with("/app/it_service_requests?") {
            continue;
        }
        let count: i64 = label.rsplit(": ").next().unwrap().parse().unwrap();
        let list = admin.get(&href.replace("&#38;", "&")).await;
        assert_eq!(
            total_of(&list),
            count,
            "{label} opens a list of {count}: {href}"
        );
        seen += 1;
    }
    assert!(
        seen >= 3,
        "the open requests chart has a segment per priority and state"
    );
    assert!(
        home.html.contains("High, Submitted: 3"),
        "closed requests are not open work"
    );
    assert!(!home.html.contains("Closed: 4"));
    app.finish().await;
}

#[tokio::test]
async fn lists_page_by_fifty_and_counts_stop_at_their_cap() {
    let app = TestApp::spawn().await;
    let (admin, _) = Browser::sign_in(&app, "admin", crate::testkit::ADMIN_PASSWORD).await;
    let systems = app.model.table("it_system").unwrap();
    let mut batch = app.service.batch().await.unwrap();
    let bodies: Vec<_> = (0..55)
        .map(|i| {
            json!({"name": format!("System {i:02}")})
                .as_object()
                .unwrap()
                .clone()
        })
        .collect();
    app.service
        .create_many(&mut batch, Actor::administrator(), systems, &bodies)
        .await
        .unwrap();
    batch.commit().await.unwrap();
    let first = admin.get("/app/it_systems?sort=name").await;
    assert!(first.html.contains("1–50 of 55"), "{}", first.html);
    assert!(first.html.contains("rel=\"next\""));
    let second = admin.get("/app/it_systems?sort=name&page=1").await;
    assert!(second.html.contains("51–55 of 55"));
    assert!(second.html.contains("System 54"));
    assert!(
        !second.html.contains("rel=\"next\""),
        "the last page has no next"
    );
    let capped = app
        .service
        .count(&Actor::administrator(), systems, None, Some(10))
        .await
        .unwrap();
    assert_eq!(capped, 10, "a capped count stops at its cap");
    let exact = app
        .service
        .count(&Actor::administrator(), systems, None, None)
        .await
        .unwrap();
    assert_eq!(exact, 55);
    app.finish().await;
}
