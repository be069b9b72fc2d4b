//! SCIM 2.0 provisioning at `/scim/v2`: who may call it, Users as accounts with their person,
//! Groups as teams, deactivation ending sessions and tokens, filters and PATCH, all audited.
//! (PyPI's scim2-tester checks protocol conformance separately: `scripts/scim-check`.)

use crate::testkit::{id_of, str_of, Resp, TestApp};
use serde_json::{json, Value};
use steward_service::{Actor, OidcIdentity, Scope};

fn scim(app: &TestApp, path: &str) -> String {
    format!("{}/scim/v2{path}", app.origin)
}

async fn post(app: &TestApp, path: &str, body: Value) -> Resp {
    let rb = app
        .client
        .post(scim(app, path))
        .header("content-type", "application/scim+json")
        .body(body.to_string());
    app.send(rb, format!("POST /scim/v2{path}")).await
}

async fn get(app: &TestApp, path: &str, query: &[(&str, &str)]) -> Resp {
    let rb = app.client.get(scim(app, path)).query(query);
    app.send(rb, format!("GET /scim/v2{path} {query:?}")).await
}

async fn patch(app: &TestApp, path: &str, ops: Value) -> Resp {
    let body =
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops});
    let rb = app
        .client
        .patch(scim(app, path))
        .header("content-type", "application/scim+json")
        .body(body.to_string());
    app.send(rb, format!("PATCH /scim/v2{path}")).await
}

async fn delete(app: &TestApp, path: &str) -> Resp {
    let rb = app.client.delete(scim(app, path));
    app.send(rb, format!("DELETE /scim/v2{path}")).await
}

/// Assert a SCIM error response with this status (and scimType, when given).
#[track_caller]
fn scim_error(r: &Resp, status: u16, scim_type: Option<&str>) {
    assert_eq!(r.status, status, "{}: {}", r.what, r.text);
    assert_eq!(
        r.body["schemas"],
        json!(["urn:ietf:params:scim:api:messages:2.0:Error"]),
        "{}",
        r.text
    );
    assert_eq!(r.body["status"], json!(status.to_string()), "{}", r.text);
    assert_eq!(r.body["scimType"].as_str(), scim_type, "{}", r.text);
    assert!(
        !r.body["detail"].as_str().unwrap_or("").is_empty(),
        "{}",
        r.text
    );
}

/// Provision a user through SCIM and return its id.
async fn provision(app: &TestApp, user_name: &str, email: &str) -> String {
    let created = post(app, "/Users", user(user_name, email))
        .await
        .expect(201);
    created.body["id"].as_str().unwrap().to_string()
}

fn user(user_name: &str, email: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "externalId": format!("idp-{user_name}"),
        "name": {"givenName": "Grace", "familyName": "Hopper"},
        "title": "Rear Admiral",
        "emails": [{"value": email, "type": "work", "primary": true}],
        "phoneNumbers": [{"value": "+1 555 0100", "type": "work"}],
        "active": true
    })
}

#[tokio::test]
async fn scim_needs_an_admin_scoped_token() {
    let app = TestApp::spawn().await;
    let plain = reqwest::Client::builder().no_proxy().build().unwrap();
    let none = app
        .send(plain.get(scim(&app, "/Users")), "no token".into())
        .await;
    scim_error(&none, 401, None);
    for scope in [Scope::Read, Scope::Write] {
        let token = app
            .service
            .create_token(Actor::administrator(), "admin", "narrow", 1, scope)
            .await
            .unwrap()
            .token;
        let r = app
            .send(
                plain
                    .post(scim(&app, "/Users"))
                    .bearer_auth(&token)
                    .body(user("x", "x@example.org").to_string()),
                format!("{scope:?} token"),
            )
            .await;
        scim_error(&r, 403, None);
    }
    let bogus = app
        .send(
            plain
                .get(scim(&app, "/Users"))
                .bearer_auth("stw_".to_string() + &"0".repeat(64)),
            "unknown token".into(),
        )
        .await;
    scim_error(&bogus, 401, None);
    // Nothing was provisioned by the refused calls.
    assert_eq!(app.count("user_accounts", Some("name eq 'x'")).await, 0);
    app.finish().await;
}

#[tokio::test]
async fn a_provisioned_user_is_an_account_with_its_person_and_is_found_by_user_name() {
    let app = TestApp::spawn().await;
    let seq = app.audit_seq().await;
    let created = post(&app, "/Users", user("grace", "grace@example.org"))
        .await
        .expect(201);
    let id = created.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        created.header("location"),
        Some(format!("{}/Users/{id}", scim(&app, "")).as_str())
    );
    assert_eq!(created.body["userName"], "grace");
    assert_eq!(created.body["displayName"], "Grace Hopper");
    assert_eq!(
        created.body["emails"],
        json!([{"value": "grace@example.org"}])
    );
    assert_eq!(created.body["meta"]["resourceType"], "User");

    // The same records through the OData API: an account from SCIM, and its person.
    let account = app.get(&format!("/user_accounts({id})")).await.expect(200);
    assert_eq!(str_of(&account.body, "auth_source"), "scim");
    assert_eq!(str_of(&account.body, "external_subject"), "idp-grace");
    let person_id = str_of(&account.body, "person_id").to_string();
    let person = app.get(&format!("/persons({person_id})")).await.expect(200);
    for (field, value) in [
        ("first_name", "Grace"),
        ("last_name", "Hopper"),
        ("email", "grace@example.org"),
        ("job_title", "Rear Admiral"),
        ("business_phone", "+1 555 0100"),
    ] {
        assert_eq!(str_of(&person.body, field), value, "{field}");
    }
    // Both creations are in the audit chain.
    let after: Vec<Value> = app.history("user_accounts", &id).await;
    assert_eq!(after.len(), 1);
    assert!(app.audit_seq().await >= seq + 2);

    // Filtering on userName (the lookup identity providers do before creating).
    let found = get(&app, "/Users", &[("filter", "userName eq \"grace\"")])
        .await
        .expect(200);
    assert_eq!(found.body["totalResults"], 1);
    assert_eq!(found.body["Resources"][0]["id"], json!(id));
    let none = get(&app, "/Users", &[("filter", "userName eq \"nobody\"")])
        .await
        .expect(200);
    assert_eq!(none.body["totalResults"], 0);
    assert_eq!(none.body["Resources"], json!([]));
    let by_email = get(
        &app,
        "/Users",
        &[("filter", "emails.value eq \"grace@example.org\"")],
    )
    .await
    .expect(200);
    assert_eq!(by_email.body["Resources"][0]["id"], json!(id));
    for bad in [
        "userName sw \"g\"",
        "title eq \"x\"",
        "userName eq grace",
        "userName eq \"a\" or userName eq \"b\"",
    ] {
        let r = get(&app, "/Users", &[("filter", bad)]).await;
        scim_error(&r, 400, Some("invalidFilter"));
    }

    // userName is unique; a second account for the same person is refused.
    let dup = post(&app, "/Users", user("grace", "other@example.org")).await;
    scim_error(&dup, 409, Some("uniqueness"));
    let same_person = post(&app, "/Users", user("grace2", "grace@example.org")).await;
    scim_error(&same_person, 409, Some("uniqueness"));
    let bad = post(
        &app,
        "/Users",
        json!({"name": {"givenName": "No user name"}}),
    )
    .await;
    scim_error(&bad, 400, Some("invalidValue"));
    let too_long = post(&app, "/Users", user(&"u".repeat(101), "long@example.org")).await;
    scim_error(&too_long, 400, Some("invalidValue"));
    assert_eq!(
        app.count("persons", Some("email eq 'long@example.org'"))
            .await,
        0,
        "nothing half-written"
    );
    app.finish().await;
}

#[tokio::test]
async fn a_person_already_in_steward_is_linked_by_email() {
    let app = TestApp::spawn().await;
    let person = app
        .create(
            "persons",
            json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org"}),
        )
        .await;
    let created = post(&app, "/Users", user("ada", "ada@example.org"))
        .await
        .expect(201);
    let account = app
        .get(&format!(
            "/user_accounts({})",
            created.body["id"].as_str().unwrap()
        ))
        .await
        .expect(200);
    assert_eq!(str_of(&account.body, "person_id"), id_of(&person));
    assert_eq!(
        app.count("persons", Some("email eq 'ada@example.org'"))
            .await,
        1
    );
    app.finish().await;
}

#[tokio::test]
async fn deactivating_a_user_deactivates_the_person_and_ends_sessions_and_tokens() {
    let app = TestApp::spawn().await;
    let id = provision(&app, "alan", "alan@example.org").await;
    // The user signs in through single sign-on (matched by the externalId the provider set) and
    // makes a token.
    let session = app
        .service
        .sign_in_oidc(
            &OidcIdentity {
                subject: "idp-alan".into(),
                ..Default::default()
            },
            false,
            "127.0.0.1",
            "test",
        )
        .await
        .expect("an SSO session");
    let token = app
        .service
        .create_token(Actor::administrator(), "alan", "laptop", 30, Scope::Read)
        .await
        .unwrap()
        .token;
    let plain = reqwest::Client::builder().no_proxy().build().unwrap();
    let as_user = |path: &str| {
        plain
            .get(format!("{}{path}", app.origin))
            .bearer_auth(&token)
    };
    let with_cookie = |path: &str| {
        plain.get(format!("{}{path}", app.origin)).header(
            "cookie",
            format!("steward_session={}", session.session_token),
        )
    };
    assert_eq!(as_user("/api/v1/").send().await.unwrap().status(), 200);
    assert_eq!(with_cookie("/api/v1/").send().await.unwrap().status(), 200);

    let off = patch(
        &app,
        &format!("/Users/{id}"),
        json!([{"op": "Replace", "path": "active", "value": "False"}]),
    )
    .await
    .expect(200);
    assert_eq!(off.body["active"], false);
    assert_eq!(
        as_user("/api/v1/").send().await.unwrap().status(),
        401,
        "the token is revoked"
    );
    assert_eq!(
        with_cookie("/api/v1/").send().await.unwrap().status(),
        401,
        "the session is ended"
    );
    let account = app.get(&format!("/user_accounts({id})")).await.expect(200);
    assert_eq!(account.body["is_active"], false);
    let person = app
        .get(&format!("/persons({})", str_of(&account.body, "person_id")))
        .await
        .expect(200);
    assert_eq!(
        (
            person.body["is_active"].clone(),
            person.body["state"].clone()
        ),
        (json!(false), json!("inactive"))
    );
    let filter = format!("user_account_id eq {id}");
    assert_eq!(
        app.count(
            "user_sessions",
            Some(&format!("{filter} and ended_on eq null"))
        )
        .await,
        0
    );
    assert_eq!(
        app.count(
            "api_tokens",
            Some(&format!("{filter} and revoked_on eq null"))
        )
        .await,
        0
    );
    assert_eq!(
        app.count("api_tokens", Some(&filter)).await,
        1,
        "revoked, not deleted"
    );
    let actions: Vec<String> = app
        .history("persons", str_of(&account.body, "person_id"))
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        actions.last().map(String::as_str),
        Some("deactivate"),
        "{actions:?}"
    );

    // Reactivation brings the person back but not the old credentials.
    let on = patch(
        &app,
        &format!("/Users/{id}"),
        json!([{"op": "replace", "value": {"active": true}}]),
    )
    .await
    .expect(200);
    assert_eq!(on.body["active"], true);
    assert_eq!(as_user("/api/v1/").send().await.unwrap().status(), 401);
    app.finish().await;
}

#[tokio::test]
async fn patch_changes_only_what_it_names() {
    let app = TestApp::spawn().await;
    let path = format!("/Users/{}", provision(&app, "kat", "kat@example.org").await);
    let r = patch(
        &app,
        &path,
        json!([
            {"op": "replace", "path": "name.familyName", "value": "Johnson"},
            {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "katherine@example.org"},
            {"op": "remove", "path": "title"}
        ]),
    )
    .await
    .expect(200);
    assert_eq!(
        r.body["name"],
        json!({"givenName": "Grace", "familyName": "Johnson"})
    );
    assert_eq!(r.body["displayName"], "Grace Johnson");
    assert_eq!(
        r.body["emails"],
        json!([{"value": "katherine@example.org"}])
    );
    assert!(r.body.get("title").is_none(), "{}", r.text);
    assert_eq!(r.body["userName"], "kat");
    let again = get(&app, &path, &[("attributes", "userName,name.givenName")])
        .await
        .expect(200);
    let mut keys: Vec<&String> = again.body.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["id", "name", "schemas", "userName"],
        "{}",
        again.text
    );
    assert_eq!(again.body["name"], json!({"givenName": "Grace"}));

    let seq = app.audit_seq().await;
    for (ops, scim_type) in [
        (
            json!([{"op": "move", "path": "title", "value": "x"}]),
            "invalidSyntax",
        ),
        (json!([{"op": "remove"}]), "noTarget"),
        (
            json!([{"op": "replace", "path": "name[", "value": "x"}]),
            "invalidPath",
        ),
        (
            json!([{"op": "replace", "path": "title", "value": "ok"}, {"op": "replace", "path": "active", "value": 3}]),
            "invalidValue",
        ),
    ] {
        let r = patch(&app, &path, ops.clone()).await;
        scim_error(&r, 400, Some(scim_type));
    }
    assert_eq!(
        app.audit_seq().await,
        seq,
        "a refused PATCH changes nothing, not even its valid operations"
    );
    app.finish().await;
}

#[tokio::test]
async fn groups_are_teams_with_their_members() {
    let app = TestApp::spawn().await;
    let a = provision(&app, "ann", "ann@example.org").await;
    let b = provision(&app, "bob", "bob@example.org").await;
    let group = post(
        &app,
        "/Groups",
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Network Ops", "externalId": "g-1", "members": [{"value": a}]}),
    )
    .await
    .expect(201);
    let gid = group.body["id"].as_str().unwrap().to_string();
    assert_eq!(group.body["members"][0]["value"], json!(a));
    assert_eq!(
        group.body["members"][0]["$ref"],
        json!(format!("{}/Users/{a}", scim(&app, "")))
    );
    let team = app.get(&format!("/teams({gid})")).await.expect(200);
    assert_eq!(
        (
            str_of(&team.body, "name"),
            str_of(&team.body, "external_id")
        ),
        ("Network Ops", "g-1")
    );
    assert_eq!(
        app.count("team_members", Some(&format!("team_id eq {gid}")))
            .await,
        1
    );

    // Add Bob, remove Ann: the way identity providers send membership changes.
    let path = format!("/Groups/{gid}");
    patch(
        &app,
        &path,
        json!([{"op": "add", "path": "members", "value": [{"value": b}]}]),
    )
    .await
    .expect(200);
    let r = patch(
        &app,
        &path,
        json!([{"op": "remove", "path": format!("members[value eq \"{a}\"]")}]),
    )
    .await
    .expect(200);
    assert_eq!(
        r.body["members"],
        json!([{"value": b, "$ref": format!("{}/Users/{b}", scim(&app, ""))}])
    );
    assert_eq!(
        app.count("team_members", Some(&format!("team_id eq {gid}")))
            .await,
        1
    );
    let unknown = patch(&app, &path, json!([{"op": "add", "path": "members", "value": [{"value": "01a20000-0000-7000-8000-000000000000"}]}])).await;
    scim_error(&unknown, 400, Some("invalidValue"));

    let found = get(
        &app,
        "/Groups",
        &[("filter", "displayName eq \"Network Ops\"")],
    )
    .await
    .expect(200);
    assert_eq!(found.body["Resources"][0]["id"], json!(gid));

    // Deleting the group deletes the team and its memberships; the people stay.
    delete(&app, &path).await.expect(204);
    scim_error(&get(&app, &path, &[]).await, 404, None);
    assert_eq!(
        app.count("team_members", Some(&format!("team_id eq {gid}")))
            .await,
        0
    );
    assert_eq!(
        app.count("user_accounts", Some(&format!("id eq {b}")))
            .await,
        1
    );
    app.finish().await;
}

#[tokio::test]
async fn deleting_a_user_removes_the_account_and_keeps_the_person() {
    let app = TestApp::spawn().await;
    let id = provision(&app, "lin", "lin@example.org").await;
    let account = app.get(&format!("/user_accounts({id})")).await.expect(200);
    let person_id = str_of(&account.body, "person_id").to_string();
    app.service
        .grant_role(Actor::administrator(), id.parse().unwrap(), "Requester")
        .await
        .unwrap();
    delete(&app, &format!("/Users/{id}")).await.expect(204);
    scim_error(&get(&app, &format!("/Users/{id}"), &[]).await, 404, None);
    scim_error(&delete(&app, &format!("/Users/{id}")).await, 404, None);
    assert_eq!(
        app.count("user_accounts", Some(&format!("id eq {id}")))
            .await,
        0
    );
    assert_eq!(
        app.count("user_roles", Some(&format!("user_account_id eq {id}")))
            .await,
        0
    );
    let person = app.get(&format!("/persons({person_id})")).await.expect(200);
    assert_eq!(person.body["state"], "inactive");
    // The provisioning client cannot remove or switch off the account it acts as.
    let admin = get(&app, "/Users", &[("filter", "userName eq \"admin\"")])
        .await
        .expect(200);
    let admin_id = admin.body["Resources"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = delete(&app, &format!("/Users/{admin_id}")).await;
    scim_error(&r, 409, None);
    app.finish().await;
}
