//! Configuration item relations and the impact view (issue 11): relations name two different
//! inventory records the caller may read, and `Steward.impact` lists everything that depends on an
//! item — through relations and the component tree, cycle-safe, each dependant once — with owners,
//! accreditation and access, as the caller may see them.

use crate::testkit::{id_of, TestApp, ADMIN_ID};
use crate::write_guards::{as_holder, holder};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// `source <relation> target`, created by the administrator.
async fn relate(
    app: &TestApp,
    source: (&str, &Value),
    relation: &str,
    target: (&str, &Value),
) -> Value {
    app.create("ci_relations", relation_body(source, relation, target))
        .await
}

fn relation_body(source: (&str, &Value), relation: &str, target: (&str, &Value)) -> Value {
    json!({
        "name": format!("{} {relation} {}", source.1["name"], target.1["name"]),
        "source_table": source.0, "source_id": id_of(source.1),
        "relation_type": relation,
        "target_table": target.0, "target_id": id_of(target.1),
    })
}

async fn system(app: &TestApp, name: &str) -> Value {
    app.create("it_systems", json!({ "name": name })).await
}

async fn component(app: &TestApp, name: &str, system: &Value, parent: Option<&Value>) -> Value {
    app.create(
        "it_system_components",
        json!({"name": name, "it_system_id": id_of(system),
               "parent_it_system_component_id": parent.map(|p| id_of(p))}),
    )
    .await
}

/// `GET {set}({id})/Steward.impact` as the administrator.
async fn impact(app: &TestApp, set: &str, record: &Value) -> Value {
    app.get(&format!("{}/Steward.impact", TestApp::path_of(set, record)))
        .await
        .expect(200)
        .body
}

/// The dependants' (name, depth), in the order listed.
fn listed(impact: &Value) -> Vec<(String, u64)> {
    impact["value"]
        .as_array()
        .expect("value")
        .iter()
        .map(|d| {
            (
                d["name"].as_str().expect("name").to_string(),
                d["depth"].as_u64().expect("depth"),
            )
        })
        .collect()
}

/// The dependant named `name`.
#[track_caller]
fn entry<'a>(impact: &'a Value, name: &str) -> &'a Value {
    impact["value"]
        .as_array()
        .expect("value")
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not listed in {impact}"))
}

/// The path to a dependant as (relation, name of the record) steps.
fn path(app_names: &[(&Value, &str)], item: &Value) -> Vec<(String, String)> {
    item["via"]
        .as_array()
        .expect("via")
        .iter()
        .map(|s| {
            let name = app_names
                .iter()
                .find(|(r, _)| r["id"] == s["id"])
                .map_or("?", |(_, n)| n);
            (
                s["relation"].as_str().unwrap_or("").to_string(),
                name.to_string(),
            )
        })
        .collect()
}

fn steps(s: &[(&str, &str)]) -> Vec<(String, String)> {
    s.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[tokio::test]
async fn relations_are_refused_for_other_tables_themselves_and_missing_ends() {
    let app = TestApp::spawn().await;
    let payroll = system(&app, "Payroll").await;
    let db = component(&app, "Payroll DB", &payroll, None).await;
    let person = app.create("persons", json!({"first_name": "Pat"})).await;
    let before = (app.audit_seq().await, app.count("ci_relations", None).await);
    let refused = |body: Value, code: &'static str, field: &'static str| {
        let app = &app;
        async move {
            let r = app.post("/ci_relations", &body).await;
            r.expect_error(422, code);
            assert_eq!(r.target(), Some(field), "{}", r.text);
        }
    };
    // A table that is not a configuration item, at either end.
    refused(
        relation_body(("person", &person), "depends_on", ("it_system", &payroll)),
        "invalid_value",
        "source_table",
    )
    .await;
    refused(
        relation_body(("it_system", &payroll), "depends_on", ("persons", &person)),
        "invalid_value",
        "target_table",
    )
    .await;
    // A record related to itself.
    refused(
        relation_body(
            ("it_system", &payroll),
            "depends_on",
            ("it_system", &payroll),
        ),
        "self_relation",
        "target_id",
    )
    .await;
    // An id of no record, and an id of a record of another table than the one named.
    let nothing = json!({"id": uuid::Uuid::now_v7().to_string(), "name": "nothing"});
    refused(
        relation_body(
            ("it_system", &payroll),
            "runs_on",
            ("it_datacenter", &nothing),
        ),
        "dangling_lookup",
        "target_id",
    )
    .await;
    refused(
        relation_body(
            ("it_datacenter", &payroll),
            "runs_on",
            ("it_system", &payroll),
        ),
        "dangling_lookup",
        "source_id",
    )
    .await;
    // A relation type outside the choice set.
    let r = app
        .post(
            "/ci_relations",
            &relation_body(
                ("it_system_component", &db),
                "eats",
                ("it_system", &payroll),
            ),
        )
        .await;
    r.expect_error(400, "invalid_choice");
    assert_eq!(
        (app.audit_seq().await, app.count("ci_relations", None).await),
        before,
        "nothing written"
    );

    // A good one, then a change that would make it point at itself.
    let rel = relate(
        &app,
        ("it_system_component", &db),
        "runs_on",
        ("it_system", &payroll),
    )
    .await;
    assert_eq!(rel["relation_type"], "runs_on");
    let seq = app.audit_seq().await;
    let r = app
        .patch(
            &TestApp::path_of("ci_relations", &rel),
            &json!({"target_table": "it_system_component", "target_id": id_of(&db)}),
            None,
        )
        .await;
    r.expect_error(422, "self_relation");
    let r = app
        .patch(
            &TestApp::path_of("ci_relations", &rel),
            &json!({"target_id": id_of(&person)}),
            None,
        )
        .await;
    r.expect_error(422, "dangling_lookup");
    assert_eq!(r.target(), Some("target_id"));
    assert_eq!(app.audit_seq().await, seq, "nothing written");
    let stored = app
        .get(&TestApp::path_of("ci_relations", &rel))
        .await
        .expect(200)
        .body;
    assert_eq!(stored["target_id"], payroll["id"]);
    app.finish().await;
}

#[tokio::test]
async fn a_cycle_of_relations_ends_and_lists_each_dependant_once() {
    let app = TestApp::spawn().await;
    let a = system(&app, "A").await;
    let b = system(&app, "B").await;
    let c = system(&app, "C").await;
    let d = system(&app, "D").await;
    fn s(r: &Value) -> (&'static str, &Value) {
        ("it_system", r)
    }
    relate(&app, s(&b), "depends_on", s(&a)).await;
    relate(&app, s(&c), "depends_on", s(&b)).await;
    relate(&app, s(&a), "depends_on", s(&c)).await; // back to A: a cycle
    relate(&app, s(&d), "connects_to", s(&a)).await;
    relate(&app, s(&d), "connects_to", s(&b)).await; // D reached twice
    let names = [(&a, "A"), (&b, "B"), (&c, "C"), (&d, "D")];

    let of_a = impact(&app, "it_systems", &a).await;
    assert_eq!(of_a["item"]["name"], "A");
    assert_eq!(of_a["item"]["depth"], 0);
    assert_eq!(of_a["item"]["via"], json!([]));
    assert_eq!(
        listed(&of_a),
        [("B".into(), 1), ("D".into(), 1), ("C".into(), 2)],
        "{of_a}"
    );
    assert_eq!(
        path(&names, entry(&of_a, "C")),
        steps(&[("depends_on", "B"), ("depends_on", "C")])
    );
    assert_eq!(
        path(&names, entry(&of_a, "D")),
        steps(&[("connects_to", "D")])
    );
    let c_entry = entry(&of_a, "C");
    assert_eq!(c_entry["table"], "it_system");
    assert_eq!(c_entry["id"], c["id"]);
    assert!(c_entry["via"][0]["relation_id"].is_string());

    // From inside the cycle, the item itself comes back round as a dependant of its dependants.
    let of_b = impact(&app, "it_systems", &b).await;
    assert_eq!(
        listed(&of_b),
        [("C".into(), 1), ("D".into(), 1), ("A".into(), 2)],
        "{of_b}"
    );
    // A record a relation names is referenced: it is deactivated, not deleted.
    let r = app.delete(&TestApp::path_of("it_systems", &d), None).await;
    r.expect_error(409, "referenced");
    assert!(
        r.message().contains("ci_relation.source_id (2)"),
        "{}",
        r.text
    );
    let e = system(&app, "E").await;
    app.delete(&TestApp::path_of("it_systems", &e), None)
        .await
        .expect(204);
    // A deactivated relation no longer counts.
    let rels = app
        .get_q(
            "/ci_relations",
            &[(
                "$filter",
                &format!("source_id eq {} and target_id eq {}", id_of(&d), id_of(&a)),
            )],
        )
        .await
        .expect(200);
    let rel = rels.rows()[0].clone();
    app.patch(
        &TestApp::path_of("ci_relations", &rel),
        &json!({"state": "inactive"}),
        None,
    )
    .await
    .expect(200);
    let of_a = impact(&app, "it_systems", &a).await;
    assert_eq!(
        listed(&of_a),
        [("B".into(), 1), ("C".into(), 2), ("D".into(), 2)],
        "{of_a}"
    );
    app.finish().await;
}

#[tokio::test]
async fn dependants_are_found_through_relations_and_the_component_tree() {
    let app = TestApp::spawn().await;
    let dc = app
        .create("it_datacenters", json!({"name": "East DC"}))
        .await;
    let hr = system(&app, "HR").await;
    let web = component(&app, "HR web", &hr, None).await;
    let app_server = component(&app, "HR app server", &hr, Some(&web)).await;
    let portal = system(&app, "Portal").await;
    let widget = component(&app, "Portal widget", &portal, None).await;
    let tech = app
        .create("it_technologies", json!({"name": "PostgreSQL"}))
        .await;
    relate(
        &app,
        ("it_system", &hr),
        "hosted_in",
        ("it_datacenter", &dc),
    )
    .await;
    relate(
        &app,
        ("it_system_component", &widget),
        "runs_on",
        ("it_system_component", &app_server),
    )
    .await;
    relate(
        &app,
        ("it_system_component", &app_server),
        "depends_on",
        ("it_technology", &tech),
    )
    .await;
    let names = [
        (&dc, "East DC"),
        (&hr, "HR"),
        (&web, "HR web"),
        (&app_server, "HR app server"),
        (&widget, "Portal widget"),
    ];

    let of_dc = impact(&app, "it_datacenters", &dc).await;
    assert_eq!(
        listed(&of_dc),
        [
            ("HR".into(), 1),
            ("HR web".into(), 2),
            ("HR app server".into(), 3),
            ("Portal widget".into(), 4),
        ],
        "{of_dc}"
    );
    assert_eq!(
        path(&names, entry(&of_dc, "Portal widget")),
        steps(&[
            ("hosted_in", "HR"),
            ("part_of", "HR web"),
            ("part_of", "HR app server"),
            ("runs_on", "Portal widget"),
        ])
    );
    let part = &entry(&of_dc, "HR web")["via"][1];
    assert_eq!(part["relation_id"], Value::Null, "{part}");
    // The Portal system is not a dependant of its widget: a system depends on nothing below it.
    assert!(listed(&of_dc).iter().all(|(n, _)| n != "Portal"));

    // A component below a system's top component comes once, through its parent.
    let of_hr = impact(&app, "it_systems", &hr).await;
    assert_eq!(
        listed(&of_hr),
        [
            ("HR web".into(), 1),
            ("HR app server".into(), 2),
            ("Portal widget".into(), 3),
        ],
        "{of_hr}"
    );
    let of_tech = impact(&app, "it_technologies", &tech).await;
    assert_eq!(
        listed(&of_tech),
        [("HR app server".into(), 1), ("Portal widget".into(), 2)],
        "{of_tech}"
    );
    // Nothing depends on a leaf.
    let of_widget = impact(&app, "it_system_components", &widget).await;
    assert_eq!(of_widget["value"], json!([]));
    assert_eq!(of_widget["item"]["name"], "Portal widget");
    app.finish().await;
}

#[tokio::test]
async fn owners_accreditation_and_access_are_listed() {
    let app = TestApp::spawn().await;
    let person = |first: &'static str| {
        let app = &app;
        async move {
            app.create("persons", json!({"first_name": first, "last_name": "Doe"}))
                .await
        }
    };
    let (owner, isso, holder_a, holder_b) = (
        person("Olga").await,
        person("Ivan").await,
        person("Hana").await,
        person("Rui").await,
    );
    let dc = app.create("it_datacenters", json!({"name": "DC"})).await;
    let hr = app
        .create(
            "it_systems",
            json!({"name": "HR", "system_owner_id": id_of(&owner),
                   "information_security_officer_id": id_of(&isso)}),
        )
        .await;
    let old_ato = app
        .create(
            "it_system_accreditations",
            json!({"name": "HR ATO 2020", "it_system_id": id_of(&hr)}),
        )
        .await;
    let ato = app
        .create(
            "it_system_accreditations",
            json!({"name": "HR ATO 2024", "it_system_id": id_of(&hr), "expiration_date": "2027-01-01T00:00:00Z"}),
        )
        .await;
    // The system's current ATO wins over any other accreditation of it.
    app.patch(
        &TestApp::path_of("it_systems", &hr),
        &json!({"ato_id": id_of(&old_ato)}),
        None,
    )
    .await
    .expect(200);
    let db = app
        .create(
            "it_system_components",
            json!({"name": "HR DB", "it_system_id": id_of(&hr), "primary_steward_id": id_of(&owner)}),
        )
        .await;
    let admin_role = app
        .create(
            "it_product_entitlements",
            json!({"name": "HR admin", "it_system_id": id_of(&hr)}),
        )
        .await;
    let grant = |who: &Value, ent: &Value, status: &str| {
        json!({"name": format!("{} {}", who["name"], ent["name"]), "person_id": id_of(who),
               "it_product_entitlement_id": id_of(ent), "assignment_status": status})
    };
    let active = app
        .create(
            "it_assigned_entitlements",
            grant(&holder_a, &admin_role, "active"),
        )
        .await;
    app.create(
        "it_assigned_entitlements",
        grant(&holder_b, &admin_role, "revoked"),
    )
    .await;
    relate(
        &app,
        ("it_system", &hr),
        "hosted_in",
        ("it_datacenter", &dc),
    )
    .await;

    let of_dc = impact(&app, "it_datacenters", &dc).await;
    assert_eq!(of_dc["item"]["accreditation"], Value::Null);
    assert_eq!(of_dc["item"]["access"], json!([]));
    assert_eq!(
        of_dc["item"]["owners"],
        json!([{"field": "owner_id", "person_id": ADMIN_ID, "name": "Steward Administrator"}])
    );
    let hr_entry = entry(&of_dc, "HR");
    assert_eq!(
        hr_entry["owners"],
        json!([
            {"field": "owner_id", "person_id": ADMIN_ID, "name": "Steward Administrator"},
            {"field": "system_owner_id", "person_id": id_of(&owner), "name": "Olga Doe"},
            {"field": "information_security_officer_id", "person_id": id_of(&isso), "name": "Ivan Doe"},
        ])
    );
    assert_eq!(hr_entry["accreditation"]["id"], old_ato["id"], "{hr_entry}");
    assert_eq!(hr_entry["accreditation"]["name"], "HR ATO 2020");
    assert_eq!(
        hr_entry["access"],
        json!([{"person_id": id_of(&holder_a), "name": "Hana Doe", "entitlement": "HR admin",
                "entitlement_id": id_of(&admin_role), "assignment_id": id_of(&active)}]),
        "only the active assignment"
    );
    // A component is covered by its system's accreditation and reached through its entitlements.
    let db_entry = entry(&of_dc, "HR DB");
    assert_eq!(db_entry["id"], db["id"]);
    assert_eq!(db_entry["accreditation"]["id"], old_ato["id"]);
    assert_eq!(db_entry["access"], hr_entry["access"]);
    assert_eq!(
        db_entry["owners"][1],
        json!({"field": "primary_steward_id", "person_id": id_of(&owner), "name": "Olga Doe"})
    );

    // Without a current ATO, the accreditation expiring last covers the system.
    app.patch(
        &TestApp::path_of("it_systems", &hr),
        &json!({"ato_id": null}),
        None,
    )
    .await
    .expect(200);
    let of_hr = impact(&app, "it_systems", &hr).await;
    assert_eq!(of_hr["item"]["accreditation"]["id"], ato["id"]);
    assert_eq!(
        of_hr["item"]["accreditation"]["expiration_date"],
        ato["expiration_date"]
    );
    assert!(ato["expiration_date"]
        .as_str()
        .is_some_and(|t| t.starts_with("2027-01-01T00:00:00")));

    // A product's access is held through its own entitlements.
    let product = app.create("it_products", json!({"name": "Office"})).await;
    let licence = app
        .create(
            "it_product_entitlements",
            json!({"name": "Office licence", "it_product_id": id_of(&product)}),
        )
        .await;
    app.create(
        "it_assigned_entitlements",
        grant(&holder_b, &licence, "active"),
    )
    .await;
    let of_product = impact(&app, "it_products", &product).await;
    let access = of_product["item"]["access"].as_array().unwrap();
    assert_eq!(access.len(), 1, "{of_product}");
    assert_eq!(access[0]["person_id"], holder_b["id"]);
    assert_eq!(access[0]["entitlement"], "Office licence");
    app.finish().await;
}

/// A role reading ci_relations, datacenters and people organization-wide, but systems and components
/// only where it owns them; creating relations.
async fn narrow_reader(app: &TestApp) -> crate::write_guards::Holder {
    let role = app
        .create(
            "security_roles",
            json!({"name": "Impact Reader", "description": "tests"}),
        )
        .await;
    for (table, privilege, depth) in [
        ("ci_relation", "read", "organization"),
        ("ci_relation", "create", "organization"),
        ("it_datacenter", "read", "organization"),
        ("person", "read", "organization"),
        ("it_system", "read", "user"),
        ("it_system_component", "read", "user"),
    ] {
        app.create(
            "role_privileges",
            json!({"name": format!("{table} {privilege}"), "security_role_id": id_of(&role),
                   "table_name": table, "privilege": privilege, "depth": depth}),
        )
        .await;
    }
    let unit = app
        .create(
            "organization_units",
            json!({"name": "Readers", "code": "RD"}),
        )
        .await;
    holder(app, "Impact Reader", "reader", id_of(&unit)).await
}

#[tokio::test]
async fn a_caller_sees_only_the_dependants_it_may_read() {
    let app = TestApp::spawn().await;
    let reader = narrow_reader(&app).await;
    let dc = app.create("it_datacenters", json!({"name": "DC"})).await;
    let hidden = system(&app, "Hidden").await;
    let mine = app
        .create(
            "it_systems",
            json!({"name": "Mine", "owner_id": reader.person}),
        )
        .await;
    let behind = app
        .create(
            "it_systems",
            json!({"name": "Behind hidden", "owner_id": reader.person}),
        )
        .await;
    relate(
        &app,
        ("it_system", &hidden),
        "hosted_in",
        ("it_datacenter", &dc),
    )
    .await;
    relate(
        &app,
        ("it_system", &mine),
        "hosted_in",
        ("it_datacenter", &dc),
    )
    .await;
    relate(
        &app,
        ("it_system", &behind),
        "depends_on",
        ("it_system", &hidden),
    )
    .await;

    // The administrator sees all three.
    let of_dc = impact(&app, "it_datacenters", &dc).await;
    assert_eq!(
        listed(&of_dc),
        [
            ("Hidden".into(), 1),
            ("Mine".into(), 1),
            ("Behind hidden".into(), 2)
        ]
    );
    // The reader sees its own system only: not the one it cannot read, nor what is reached only
    // through it.
    let path = format!("{}/Steward.impact", TestApp::path_of("it_datacenters", &dc));
    let r = as_holder(&app, &reader, reqwest::Method::GET, &path, None)
        .await
        .expect(200);
    assert_eq!(listed(&r.body), [("Mine".into(), 1)], "{}", r.text);
    assert!(!r.text.contains(id_of(&hidden)), "{}", r.text);
    // The impact of a record it cannot read is a 404, as its read is.
    let path = format!("{}/Steward.impact", TestApp::path_of("it_systems", &hidden));
    as_holder(&app, &reader, reqwest::Method::GET, &path, None)
        .await
        .expect_error(404, "not_found");
    as_holder(
        &app,
        &reader,
        reqwest::Method::GET,
        &TestApp::path_of("it_systems", &hidden),
        None,
    )
    .await
    .expect_error(404, "not_found");
    // Nor may it relate anything to a record it cannot read: the id is answered as missing.
    let before = app.count("ci_relations", None).await;
    let body = relation_body(("it_system", &mine), "depends_on", ("it_system", &hidden));
    let r = as_holder(
        &app,
        &reader,
        reqwest::Method::POST,
        "/ci_relations",
        Some(&body),
    )
    .await;
    r.expect_error(422, "dangling_lookup");
    assert_eq!(r.target(), Some("target_id"));
    assert_eq!(
        app.count("ci_relations", None).await,
        before,
        "nothing written"
    );
    let body = relation_body(("it_system", &mine), "hosted_in", ("it_datacenter", &dc));
    let r = as_holder(
        &app,
        &reader,
        reqwest::Method::POST,
        "/ci_relations",
        Some(&body),
    )
    .await;
    r.expect(201);
    app.finish().await;
}

#[tokio::test]
async fn impact_is_a_function_of_the_configuration_item_sets() {
    let app = TestApp::spawn().await;
    let s = system(&app, "S").await;
    let person = app.create("persons", json!({"first_name": "Pat"})).await;
    app.get(&format!(
        "{}/Steward.impact",
        TestApp::path_of("persons", &person)
    ))
    .await
    .expect_error(404, "no_impact");
    let missing = json!({"id": uuid::Uuid::now_v7().to_string()});
    app.get(&format!(
        "{}/Steward.impact",
        TestApp::path_of("it_systems", &missing)
    ))
    .await
    .expect_error(404, "not_found");
    let r = app
        .post(
            &format!("{}/Steward.impact", TestApp::path_of("it_systems", &s)),
            &json!({}),
        )
        .await;
    r.expect_error(405, "method_not_allowed");
    assert_eq!(r.header("allow"), Some("GET"));

    // The answer has exactly the members the OpenAPI document describes.
    let doc = app.get("/openapi.json").await.expect(200).body;
    let schemas = &doc["components"]["schemas"];
    let keys = |v: &Value| -> BTreeSet<String> {
        v.as_object().expect("object").keys().cloned().collect()
    };
    let declared = |name: &str| keys(&schemas[name]["properties"]);
    let dc = app.create("it_datacenters", json!({"name": "DC"})).await;
    relate(&app, ("it_system", &s), "hosted_in", ("it_datacenter", &dc)).await;
    let answer = impact(&app, "it_datacenters", &dc).await;
    assert_eq!(
        keys(&answer),
        BTreeSet::from(["@odata.context".into(), "item".into(), "value".into()])
    );
    let item = &answer["value"][0];
    assert_eq!(keys(item), declared("ImpactItem"));
    assert_eq!(keys(&item["via"][0]), declared("ImpactStep"));
    assert_eq!(keys(&item["owners"][0]), declared("ImpactOwner"));
    for schema in [
        "ImpactItem",
        "ImpactStep",
        "ImpactOwner",
        "ImpactAccess",
        "ImpactAccreditation",
    ] {
        assert_eq!(schemas[schema]["additionalProperties"], false, "{schema}");
    }
    let paths = doc["paths"].as_object().expect("paths");
    for set in [
        "it_systems",
        "it_system_components",
        "it_datacenters",
        "it_products",
        "it_technologies",
    ] {
        let p = format!("/api/v1/{set}({{id}})/Steward.impact");
        assert!(paths[&p]["get"].is_object(), "no GET {p}");
    }
    assert!(!paths.contains_key("/api/v1/persons({id})/Steward.impact"));

    // $metadata binds the function to the five entity types.
    let xml = app.get("/$metadata").await.expect(200).text;
    let doc = roxmltree::Document::parse(&xml).expect("XML");
    let bound: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("Function") && n.attribute("Name") == Some("impact"))
        .filter_map(|f| {
            f.children()
                .find(|c| c.attribute("Name") == Some("bindingParameter"))
                .and_then(|p| p.attribute("Type"))
        })
        .collect();
    assert_eq!(
        bound,
        BTreeSet::from([
            "Steward.ItDatacenter",
            "Steward.ItProduct",
            "Steward.ItSystem",
            "Steward.ItSystemComponent",
            "Steward.ItTechnology",
        ])
    );
    app.finish().await;
}
