//! The query options on every entity set of the model: three records per set, then `$filter`,
//! `$select`, `$orderby`, `$top`, `$skip`, `$count`, `$expand`, `/$count` and reads by key.

use crate::testkit::{id_of, str_of, TestApp};
use serde_json::Value;
use steward_model::Table;

/// Run every check on one set; failures are collected so that one run shows them all.
async fn check_set(app: &TestApp, t: &Table, tag: &str, failures: &mut Vec<String>) {
    let set = t.set.as_str();
    let mut fail = |what: &str, detail: String| failures.push(format!("{set}: {what}: {detail}"));
    let mut created = Vec::new();
    for suffix in ["alpha", "charlie", "bravo"] {
        created.push(app.create_minimal(t, &format!("{tag} {suffix}")).await);
    }
    let names: Vec<&str> = created.iter().map(|r| str_of(r, "name")).collect();
    let ids: Vec<&str> = created.iter().map(id_of).collect();
    assert_eq!(
        names,
        [
            format!("{tag} alpha"),
            format!("{tag} charlie"),
            format!("{tag} bravo")
        ]
    );
    let path = format!("/{set}");
    let scope = format!("startswith(name,'{tag} ')");

    // $filter=name eq '...'
    let r = app
        .get_q(&path, &[("$filter", &format!("name eq '{}'", names[1]))])
        .await;
    let got: Vec<&str> = r.rows().iter().map(id_of).collect();
    if r.status != 200 || got != [ids[1]] {
        fail("$filter name eq", format!("{} {}", r.status, r.text));
    }

    // $select=id,name: those two and the ETag, nothing else.
    let r = app
        .get_q(&path, &[("$filter", &scope), ("$select", "id,name")])
        .await;
    let ok = r.status == 200
        && r.rows().len() == 3
        && r.rows().iter().all(|row| {
            let keys: Vec<&String> = row.as_object().expect("object").keys().collect();
            keys.len() == 3
                && row["@odata.etag"].is_string()
                && row["id"].is_string()
                && row["name"].is_string()
        });
    if !ok {
        fail("$select=id,name", r.text.clone());
    }

    // $orderby=name desc
    let r = app
        .get_q(&path, &[("$filter", &scope), ("$orderby", "name desc")])
        .await;
    let got: Vec<&str> = r.rows().iter().map(|x| str_of(x, "name")).collect();
    let want = [names[1], names[2], names[0]];
    if got != want {
        fail("$orderby=name desc", format!("{got:?}, want {want:?}"));
    }

    // $top and $skip over a stable order.
    let r = app
        .get_q(
            &path,
            &[("$filter", &scope), ("$orderby", "name"), ("$top", "2")],
        )
        .await;
    let got: Vec<&str> = r.rows().iter().map(|x| str_of(x, "name")).collect();
    if got != [names[0], names[2]] {
        fail("$top=2", format!("{got:?}"));
    }
    let r = app
        .get_q(
            &path,
            &[
                ("$filter", &scope),
                ("$orderby", "name"),
                ("$skip", "1"),
                ("$top", "1"),
            ],
        )
        .await;
    let got: Vec<&str> = r.rows().iter().map(|x| str_of(x, "name")).collect();
    if got != [names[2]] {
        fail("$skip=1&$top=1", format!("{got:?}"));
    }
    let r = app
        .get_q(&path, &[("$filter", &scope), ("$skip", "3")])
        .await;
    if !r.rows().is_empty() {
        fail("$skip past the end", r.text.clone());
    }

    // $count=true
    let r = app
        .get_q(
            &path,
            &[("$filter", &scope), ("$count", "true"), ("$top", "1")],
        )
        .await;
    if r.body["@odata.count"] != 3 || r.rows().len() != 1 {
        fail("$count=true", r.text.clone());
    }
    let n = app.count(set, Some(&scope)).await;
    if n != 3 {
        fail("/$count", n.to_string());
    }

    // $expand=created_by($select=name)
    let r = app
        .get_q(
            &path,
            &[("$filter", &scope), ("$expand", "created_by($select=name)")],
        )
        .await;
    let ok = r.status == 200
        && r.rows().len() == 3
        && r.rows().iter().all(|row| {
            let by = &row["created_by"];
            by["name"] == "Steward Administrator"
                && by.get("first_name").is_none()
                && row["created_by_id"] == crate::testkit::ADMIN_ID
        });
    if !ok {
        fail("$expand=created_by($select=name)", r.text.clone());
    }

    // A read by key, with its ETag.
    let r = app.get(&format!("/{set}({})", ids[0])).await;
    let ok = r.status == 200
        && r.body["id"] == ids[0]
        && r.header("etag") == Some("W/\"1\"")
        && r.body["@odata.etag"] == "W/\"1\""
        && r.body["state"] == "active"
        && r.body["row_version"] == 1;
    if !ok {
        fail("GET by key", format!("{:?} {}", r.header("etag"), r.text));
    }
    let r = app
        .get_q(
            &format!("/{set}('{}')", ids[2]),
            &[("$select", "name"), ("$expand", "modified_by")],
        )
        .await;
    let ok = r.status == 200
        && r.body["name"] == names[2]
        && r.body.get("state").is_none()
        && r.body["modified_by"]["id"] == crate::testkit::ADMIN_ID;
    if !ok {
        fail("GET by quoted key with $select and $expand", r.text.clone());
    }
}

#[tokio::test]
async fn query_options_work_on_every_entity_set() {
    let app = TestApp::spawn().await;
    let mut failures = Vec::new();
    // A job's runs are named by their job and written by Steward only: the records this test
    // names cannot be made there (the jobs tests read them).
    for (i, t) in app.model.tables.iter().enumerate() {
        if t.written_by_steward {
            continue;
        }
        check_set(&app, t, &format!("Q{i:02}"), &mut failures).await;
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    app.finish().await;
}

#[tokio::test]
async fn every_entity_set_refuses_an_empty_body_naming_the_required_fields() {
    let app = TestApp::spawn().await;
    for t in &app.model.tables {
        let before = app.audit_seq().await;
        let r = app
            .post(&format!("/{}", t.set), &Value::Object(Default::default()))
            .await;
        r.expect_error(422, "required");
        let mut targets: Vec<&str> = r.body["error"]["details"]
            .as_array()
            .map(|d| d.iter().filter_map(|e| e["target"].as_str()).collect())
            .unwrap_or_default();
        targets.extend(r.target());
        assert!(targets.contains(&"name"), "{}: {}", t.set, r.text);
        assert_eq!(app.audit_seq().await, before, "{}: nothing written", t.set);
    }
    app.finish().await;
}
