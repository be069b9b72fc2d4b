//! The authorization matrix: for every built-in role, every entity set and every operation, what
//! the API allows equals the documented matrix (`docs/ROLES.md`, checked against
//! `steward_service::builtin_roles` by a unit test).

use crate::testkit::{id_of, TestApp};
use crate::write_guards::holder;
use serde_json::{json, Value};
use steward_service::{builtin_roles, Depth, Privilege};

/// The deepest depth the documented grants give a role on a table for a privilege.
pub fn documented(
    grants: &[(&[&str], &[Privilege], Depth)],
    table: &str,
    privilege: Privilege,
) -> Depth {
    grants
        .iter()
        .filter(|(tables, privs, _)| {
            privs.contains(&privilege) && (tables.contains(&table) || tables.contains(&"*"))
        })
        .map(|(_, _, d)| *d)
        .max()
        .unwrap_or(Depth::None)
}

async fn status(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> u16 {
    let mut req = client.request(method, url).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.expect("request").status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_on_every_set_and_operation_matches_the_documented_matrix() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let unit = app
        .create(
            "organization_units",
            json!({"name": "Matrix unit", "code": "MX"}),
        )
        .await;
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for (r, (role, _, grants)) in builtin_roles().iter().enumerate() {
        let token = holder(&app, role, &format!("role-{r}"), id_of(&unit))
            .await
            .token;
        for table in app.model.tables.iter() {
            let depth = |p| documented(grants, &table.name, p);
            // A record owned by someone else, in no unit: only organization-wide grants reach it.
            let theirs = app
                .create_minimal(table, &format!("{role} {} theirs", table.name))
                .await;
            let url = app.url(&format!("/{}({})", table.set, id_of(&theirs)));
            let readable = depth(Privilege::Read) == Depth::Organization;
            let steward_only = table.written_by_steward;
            let expect = |p| match (readable, depth(p) == Depth::Organization) {
                (false, _) => 404,
                (true, false) => 403,
                // A job's runs are written by Steward only, whatever the roles say.
                (true, true) if steward_only => 403,
                (true, true) => {
                    if p == Privilege::Delete {
                        204
                    } else {
                        200
                    }
                }
            };
            let cases = [
                (
                    "read",
                    reqwest::Method::GET,
                    None,
                    if readable { 200 } else { 404 },
                ),
                (
                    "write",
                    reqwest::Method::PATCH,
                    Some(json!({"name": format!("{role} {} renamed", table.name)})),
                    expect(Privilege::Write),
                ),
                (
                    "delete",
                    reqwest::Method::DELETE,
                    None,
                    expect(Privilege::Delete),
                ),
            ];
            for (op, method, body, want) in cases {
                let got = status(&client, method, url.clone(), &token, body).await;
                checked += 1;
                if got != want {
                    mismatches.push(format!(
                        "{role} {op} {}: expected {want}, got {got}",
                        table.set
                    ));
                }
            }
            // Create: any depth lets a role create records within its own reach.
            let body = app
                .minimal_body(table, &format!("{role} {} mine", table.name))
                .await;
            // The body's required lookups name parents the administrator made: a role that does not
            // read their table organization-wide cannot point at them, and is told the parent does
            // not exist (422 dangling_lookup), exactly as for a parent that does not.
            let blind = table.fields.iter().any(|f| {
                f.required
                    && !f.read_only
                    && f.ty.lookup_table().is_some_and(|t| {
                        documented(grants, t, Privilege::Read) != Depth::Organization
                    })
            });
            let want = match (depth(Privilege::Create), blind) {
                (Depth::None, _) => 403,
                // A file is made by its upload (`attachments::`), never by a body without bytes.
                _ if table.name == "attachment" => 422,
                _ if table.written_by_steward => 403,
                (_, true) => 422,
                (_, false) => 201,
            };
            let got = status(
                &client,
                reqwest::Method::POST,
                app.url(&format!("/{}", table.set)),
                &token,
                Some(body),
            )
            .await;
            checked += 1;
            if got != want {
                mismatches.push(format!(
                    "{role} create {}: expected {want}, got {got}",
                    table.set
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {checked} checks differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(checked >= 10 * 41 * 4, "{checked} checks");
    app.finish().await;
}
