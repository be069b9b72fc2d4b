//! `steward demo` fills an empty database with a realistic agency whose every record passes the
//! record rules, and refuses a database that already holds data.

use crate::testkit::TestApp;
use steward_domain::rules::{check, derive};
use steward_domain::Record;
use steward_odata::Query;
use steward_service::{Actor, ListRequest};

async fn run_demo(app: &TestApp) -> std::process::Output {
    let url = app.db_url.clone();
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
            .args(["--db", &url, "demo"])
            .env("STEWARD_LOG", "warn")
            .env_remove("STEWARD_DATABASE_URL")
            .output()
            .expect("run steward demo")
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_demo_fills_an_empty_database_with_records_that_pass_every_rule() {
    let app = TestApp::spawn().await;
    let out = run_demo(&app).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("demo agency loaded"));

    let admin = Actor::administrator();
    let mut counts = std::collections::BTreeMap::new();
    for table in app.model.tables.iter().filter(|t| t.since == 1) {
        let mut skip = 0;
        loop {
            let query = Query {
                top: Some(1000),
                skip: Some(skip),
                ..Query::default()
            };
            let page = app
                .service
                .list(
                    &admin,
                    table,
                    &ListRequest {
                        query,
                        max_page_size: Some(1000),
                        count_at_most: None,
                    },
                )
                .await
                .unwrap();
            for row in &page.rows {
                let stored: Record = row.record.clone();
                // The stored record satisfies the rules, and its derived fields are what the rules derive.
                check(table, &stored)
                    .unwrap_or_else(|e| panic!("{} {:?}: {e}", table.name, stored.get("id")));
                let mut again = stored.clone();
                derive(&app.model, table, &Record::new(), &mut again);
                for f in table.fields.iter().filter(|f| f.derived.is_some()) {
                    if table.name == "risk_item" && f.name == "risk_level" {
                        continue; // an explicit override may stand
                    }
                    assert_eq!(
                        again.get(&f.name),
                        stored.get(&f.name),
                        "{}.{} is not what the rules derive",
                        table.name,
                        f.name
                    );
                }
            }
            *counts.entry(table.name.clone()).or_insert(0) += page.rows.len();
            if page.next.is_none() {
                break;
            }
            skip += 1000;
        }
    }
    let n = |t: &str| counts[t];
    assert!(n("person") >= 200, "{counts:?}");
    assert!(n("organization_unit") >= 12);
    assert_eq!(n("it_system"), 25);
    assert!(n("it_system_component") >= 50);
    assert!(n("it_service_request") >= 300);
    assert!(n("it_system_access_request") >= 100);
    assert!(
        n("it_poam_item") > 0
            && n("it_compliance_assessment") > 0
            && n("it_system_accreditation") == 25
    );
    // Non-human identities all have an owner; some accreditations expire within 90 days.
    let persons = app
        .get("/persons?$filter=identity_kind ne 'human' and owner_id eq null&$count=true&$top=0")
        .await
        .expect(200);
    assert_eq!(persons.body["@odata.count"], 0);
    let soon = steward_domain::value::format_datetime(
        steward_domain::value::now() + time::Duration::days(90),
    );
    let expiring = app
        .get(&format!(
            "/it_system_accreditations?$filter=expiration_date lt {soon}&$count=true&$top=0"
        ))
        .await
        .expect(200);
    assert!(expiring.body["@odata.count"].as_i64().unwrap() > 0);
    let with_ato = app
        .get("/it_systems?$filter=ato_id ne null&$count=true&$top=0")
        .await
        .expect(200);
    assert_eq!(with_ato.body["@odata.count"], 25);
    // Approvals are their chains': pending ones only on records still waiting for them, and a
    // request approved through its chain was approved by its reviewer, in the history.
    let pending = app
        .get("/approvals?$filter=approval_status eq 'pending' and regarding_table eq 'it_service_request'&$top=1000")
        .await
        .expect(200);
    assert!(
        !pending.rows().is_empty(),
        "some requests wait for approval"
    );
    for a in pending.rows() {
        let r = app
            .get(&format!(
                "/it_service_requests({})",
                a["regarding_id"].as_str().unwrap()
            ))
            .await
            .expect(200);
        assert_eq!(r.body["request_status"], "pending_approval", "{a}");
    }
    let approved = app
        .get("/approvals?$filter=approval_status eq 'approved' and regarding_table eq 'it_service_request'&$top=1")
        .await
        .expect(200);
    let decided = &approved.rows()[0];
    let entry = app
        .history("approvals", decided["id"].as_str().unwrap())
        .await
        .into_iter()
        .find(|e| {
            e["changes"].as_array().is_some_and(|c| {
                c.iter()
                    .any(|c| c["field"] == "transition" && c["new"] == "approve")
            })
        })
        .expect("an approve entry");
    assert_eq!(
        entry["actor_id"], decided["reviewer_id"],
        "decided by its reviewer"
    );
    assert!(matches!(app.service.verify_audit(|_| {}).await.unwrap(), Ok(n) if n > 1700));

    let again = run_demo(&app).await;
    assert!(
        !again.status.success(),
        "a second load into a full database is refused"
    );
    app.finish().await;
}
