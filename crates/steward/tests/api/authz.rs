//! Roles enforced in the query: a caller limited to its own unit cannot reach another unit's record
//! by id, through `$filter`, `$expand`, `$count`, history, or a write.

use crate::testkit::{id_of, TestApp};
use serde_json::{json, Value};
use steward_service::{Actor, Scope};

struct World {
    app: TestApp,
    /// A token of a user in unit A whose only role reads incidents and people of its own unit.
    token_a: String,
    ia: String,
    ib: String,
    person_b_name: String,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let unit_a = app
        .create("organization_units", json!({"name": "Unit A", "code": "A"}))
        .await;
    let unit_b = app
        .create("organization_units", json!({"name": "Unit B", "code": "B"}))
        .await;
    let (ua, ub) = (id_of(&unit_a).to_string(), id_of(&unit_b).to_string());
    let pa = app.create("persons", json!({"first_name": "Ann", "last_name": "Able", "organization_unit_id": ua, "owning_unit_id": ua})).await;
    let pb = app.create("persons", json!({"first_name": "Bob", "last_name": "Baker", "organization_unit_id": ub, "owning_unit_id": ub})).await;
    let user_a = app
        .create(
            "user_accounts",
            json!({"name": "ann", "person_id": id_of(&pa)}),
        )
        .await;
    let role = app
        .create("security_roles", json!({"name": "Unit Reader"}))
        .await;
    for (table, depth) in [("incident", "unit"), ("person", "unit")] {
        app.create(
            "role_privileges",
            json!({"name": format!("read {table}"), "security_role_id": id_of(&role), "table_name": table, "privilege": "read", "depth": depth}),
        )
        .await;
    }
    app.create("user_roles", json!({"name": "ann reads", "user_account_id": id_of(&user_a), "security_role_id": id_of(&role)})).await;
    let ia = app
        .create(
            "incidents",
            json!({"name": "IA", "owning_unit_id": ua, "reported_by_id": id_of(&pb)}),
        )
        .await;
    let ib = app
        .create(
            "incidents",
            json!({"name": "IB", "owning_unit_id": ub, "reported_by_id": id_of(&pb)}),
        )
        .await;
    let token_a = app
        .service
        .create_token(Actor::administrator(), "ann", "leak tests", 1, Scope::Write)
        .await
        .unwrap()
        .token;
    World {
        token_a,
        ia: id_of(&ia).into(),
        ib: id_of(&ib).into(),
        person_b_name: pb["name"].as_str().unwrap().into(),
        app,
    }
}

impl World {
    async fn as_a(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let mut req = client
            .request(method, self.app.url(path))
            .bearer_auth(&self.token_a);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }
    async fn names(&self, path: &str) -> Vec<String> {
        let (status, body) = self.as_a(reqwest::Method::GET, path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
        body["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap_or("").to_string())
            .collect()
    }
}

#[tokio::test]
async fn a_unit_reader_sees_only_its_unit() {
    let w = world().await;
    use reqwest::Method as M;
    assert_eq!(
        w.as_a(M::GET, &format!("/incidents({})", w.ia), None)
            .await
            .0,
        200
    );
    let (status, body) = w.as_a(M::GET, &format!("/incidents({})", w.ib), None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found")),
        "another unit's record is a 404"
    );
    assert_eq!(w.names("/incidents").await, ["IA"]);
    assert!(
        w.names("/incidents?$filter=name eq 'IB'").await.is_empty(),
        "$filter cannot find it"
    );
    let (_, counted) = w.as_a(M::GET, "/incidents?$count=true&$top=0", None).await;
    assert_eq!(counted["@odata.count"], 1, "$count does not count it");
    let (status, _) = w
        .as_a(M::GET, &format!("/incidents({})/history", w.ib), None)
        .await;
    assert_eq!(status, 404, "nor its history");
    assert_eq!(
        w.as_a(M::GET, &format!("/incidents({})/history", w.ia), None)
            .await
            .0,
        200
    );
    w.app.finish().await;
}

#[tokio::test]
async fn expand_and_navigated_filters_do_not_reach_invisible_rows() {
    let w = world().await;
    use reqwest::Method as M;
    // IA was reported by Bob of unit B, whom Ann may not read: the lookup expands to null.
    let (status, body) = w
        .as_a(
            M::GET,
            &format!("/incidents({})?$expand=reported_by($select=name)", w.ia),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["reported_by"], Value::Null);
    let filter = format!(
        "/incidents?$filter=reported_by/name eq '{}'",
        w.person_b_name
    );
    assert!(
        w.names(&filter).await.is_empty(),
        "a navigated filter cannot test an invisible row"
    );
    assert!(w
        .names("/persons?$filter=startswith(name,'Bob')")
        .await
        .is_empty());
    w.app.finish().await;
}

#[tokio::test]
async fn writes_need_their_privilege_and_reach() {
    let w = world().await;
    use reqwest::Method as M;
    let (status, body) = w
        .as_a(M::POST, "/incidents", Some(json!({"name": "mine"})))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("forbidden")),
        "no create privilege"
    );
    let (status, _) = w
        .as_a(
            M::PATCH,
            &format!("/incidents({})", w.ib),
            Some(json!({"name": "x"})),
        )
        .await;
    assert_eq!(status, 404, "an invisible record cannot be changed");
    let (status, body) = w
        .as_a(
            M::PATCH,
            &format!("/incidents({})", w.ia),
            Some(json!({"name": "x"})),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("forbidden")),
        "readable is not writable"
    );
    let (status, _) = w
        .as_a(M::DELETE, &format!("/incidents({})", w.ia), None)
        .await;
    assert_eq!(status, 403);
    let after = w
        .app
        .get(&format!("/incidents({})", w.ia))
        .await
        .expect(200);
    assert_eq!(after.body["name"], "IA", "nothing changed");
    w.app.finish().await;
}

#[tokio::test]
async fn protected_fields_and_internal_notes_need_the_right() {
    let w = world().await;
    use reqwest::Method as M;
    let ann = w
        .app
        .get("/persons?$filter=first_name eq 'Ann'")
        .await
        .expect(200)
        .rows()[0]
        .clone();
    let ann_id = id_of(&ann).to_string();
    w.app
        .patch(
            &format!("/persons({ann_id})"),
            &json!({"user_identification_number": "UID-7"}),
            None,
        )
        .await
        .expect(200);
    // The administrator sees it; Ann's role (no protected data) neither sees it nor can query by it.
    let admin_view = w.app.get(&format!("/persons({ann_id})")).await.expect(200);
    assert_eq!(admin_view.body["user_identification_number"], "UID-7");
    let (status, mine) = w.as_a(M::GET, &format!("/persons({ann_id})"), None).await;
    assert_eq!(status, 200);
    assert!(mine.get("user_identification_number").is_none(), "{mine}");
    for query in [
        "$filter=user_identification_number eq 'UID-7'",
        "$orderby=user_identification_number",
        "$select=user_identification_number",
    ] {
        let (status, body) = w.as_a(M::GET, &format!("/persons?{query}"), None).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("unknown_field")),
            "{query}"
        );
    }
    let (_, expanded) = w
        .as_a(
            M::GET,
            &format!("/incidents({})?$expand=created_by", w.ia),
            None,
        )
        .await;
    assert!(
        expanded["created_by"].is_null()
            || expanded["created_by"]
                .get("user_identification_number")
                .is_none()
    );

    // Internal notes: Ann may read notes of her unit, but not the internal ones.
    let role = w
        .app
        .get("/security_roles?$filter=name eq 'Unit Reader'")
        .await
        .expect(200)
        .rows()[0]
        .clone();
    w.app
        .create("role_privileges", json!({"name": "read note", "security_role_id": id_of(&role), "table_name": "note", "privilege": "read", "depth": "unit"}))
        .await;
    let unit_a = w
        .app
        .get("/organization_units?$filter=code eq 'A'")
        .await
        .expect(200)
        .rows()[0]
        .clone();
    for (name, internal) in [("public note", false), ("work note", true)] {
        w.app
            .create("notes", json!({"name": name, "body": "b", "is_internal": internal, "owning_unit_id": id_of(&unit_a)}))
            .await;
    }
    assert_eq!(w.names("/notes").await, ["public note"]);
    let (_, counted) = w.as_a(M::GET, "/notes?$count=true&$top=0", None).await;
    assert_eq!(counted["@odata.count"], 1);
    assert_eq!(
        w.app.get("/notes").await.expect(200).rows().len(),
        2,
        "the administrator sees both"
    );
    w.app.finish().await;
}

#[tokio::test]
async fn handing_a_record_to_another_owner_needs_the_assign_privilege() {
    let w = world().await;
    // Ann may now write incidents of her unit, but not assign them.
    let role = w
        .app
        .create("security_roles", json!({"name": "Unit Writer"}))
        .await;
    w.app.create("role_privileges", json!({"name": "write incident", "security_role_id": id_of(&role), "table_name": "incident", "privilege": "write", "depth": "unit"})).await;
    let ann = w
        .app
        .get_q("/user_accounts", &[("$filter", "name eq 'ann'")])
        .await
        .expect(200);
    let ann_id = id_of(&ann.rows()[0]).to_string();
    w.app.create("user_roles", json!({"name": "ann writes", "user_account_id": ann_id, "security_role_id": id_of(&role)})).await;
    let path = format!("/incidents({})", w.ia);
    let (status, _) = w
        .as_a(
            reqwest::Method::PATCH,
            &path,
            Some(json!({"description": "edited"})),
        )
        .await;
    assert_eq!(status, 200, "writing within her unit is allowed");
    let other = w
        .app
        .create("persons", json!({"first_name": "Cy", "last_name": "Other"}))
        .await;
    let seq = w.app.audit_seq().await;
    for body in [
        json!({"owner_id": id_of(&other)}),
        json!({"owning_unit_id": null}),
    ] {
        let (status, err) = w
            .as_a(reqwest::Method::PATCH, &path, Some(body.clone()))
            .await;
        assert_eq!(
            (status, err["error"]["code"].as_str()),
            (403, Some("forbidden")),
            "{body}: {err}"
        );
        assert!(
            err["error"]["message"].as_str().unwrap().contains("assign"),
            "{err}"
        );
    }
    assert_eq!(w.app.audit_seq().await, seq, "nothing changed");
    // The administrator holds assign everywhere.
    w.app
        .patch(&path, &json!({"owner_id": id_of(&other)}), None)
        .await
        .expect(200);
    w.app.finish().await;
}

/// Upgrading: a built-in role of an older database gains this release's grants on the tables it
/// had no line for (here the attachments, as before migration 6), and keeps the lines an
/// administrator changed (a depth set to `none`) or added (both backends).
#[tokio::test]
async fn an_upgrade_gives_built_in_roles_the_grants_of_new_tables_and_keeps_the_administrators() {
    let app = TestApp::spawn().await;
    let role = app
        .get("/security_roles?$filter=name eq 'Requester'")
        .await
        .expect(200)
        .rows()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let lines = |table: &str| {
        let (app, role, table) = (&app, role.clone(), table.to_string());
        async move {
            app.get_q(
                "/role_privileges",
                &[(
                    "$filter",
                    &format!("security_role_id eq {role} and table_name eq '{table}'"),
                )],
            )
            .await
            .expect(200)
            .rows()
            .clone()
        }
    };
    let before = lines("attachment").await.len();
    assert!(before > 0, "the Requester works with attachments");
    // An older database: no attachment lines; an administrator tuned incidents and added problems.
    app.raw_sql(&format!(
        "DELETE FROM role_privilege WHERE security_role_id = '{role}' AND table_name = 'attachment'"
    ))
    .await;
    let incident_read = lines("incident")
        .await
        .into_iter()
        .find(|l| l["privilege"] == "read")
        .unwrap();
    app.patch(
        &format!(
            "/role_privileges({})",
            incident_read["id"].as_str().unwrap()
        ),
        &json!({"depth": "none"}),
        None,
    )
    .await
    .expect(200);
    app.post(
        "/role_privileges",
        &json!({"name": "Requester: read problem", "security_role_id": role, "table_name": "problem",
                "privilege": "read", "depth": "user"}),
    )
    .await
    .expect(201);

    app.service.start().await.expect("a restart");
    assert_eq!(
        lines("attachment").await.len(),
        before,
        "the new table's grants"
    );
    let incident = lines("incident").await;
    let read = incident.iter().find(|l| l["privilege"] == "read").unwrap();
    assert_eq!(read["depth"], "none", "the administrator's change stays");
    assert_eq!(
        incident.iter().filter(|l| l["privilege"] == "read").count(),
        1,
        "nothing added beside it"
    );
    assert_eq!(
        lines("problem").await.len(),
        1,
        "the administrator's own line stays"
    );
    app.finish().await;
}
