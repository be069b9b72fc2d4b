//! Who may call: bearer tokens, their scopes, expiry and revocation, and that a token is never
//! stored or logged in clear.

use crate::testkit::{id_of, TestApp};
use serde_json::json;
use steward_service::{Actor, Scope};

/// Run the real binary with these arguments on the app's database.
async fn steward(app: &TestApp, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--db".to_string(), app.db_url.clone()];
    all.extend(args.iter().map(|a| a.to_string()));
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
            .args(&all)
            .env("STEWARD_LOG", "warn")
            .env_remove("STEWARD_DATABASE_URL")
            .output()
            .expect("run the steward binary")
    })
    .await
    .expect("join")
}

/// A request with this bearer token (or none), returning the status and the error code.
async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
) -> (u16, String) {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut req = client.request(method.clone(), app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if method == reqwest::Method::POST {
        req = req.json(&json!({"name": "from a token"}));
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let body: serde_json::Value = resp.json().await.unwrap_or_default();
    (
        status,
        body["error"]["code"].as_str().unwrap_or("").to_string(),
    )
}

async fn token(app: &TestApp, scope: Scope) -> String {
    app.service
        .create_token(Actor::administrator(), "admin", "test", 1, scope)
        .await
        .expect("token")
        .token
}

#[tokio::test]
async fn unauthenticated_requests_get_401_except_health() {
    let app = TestApp::spawn().await;
    for path in [
        "/persons",
        "/it_systems(00000000-0000-7000-8000-000000000001)",
        "/$metadata",
        "/openapi.json",
        "/",
    ] {
        assert_eq!(
            call(&app, reqwest::Method::GET, path, None).await,
            (401, "authentication_required".into()),
            "{path}"
        );
    }
    let (status, code) = call(&app, reqwest::Method::GET, "/persons", Some("stw_0000")).await;
    assert_eq!((status, code.as_str()), (401, "invalid_token"));
    let health = reqwest::get(format!("{}/healthz", app.origin))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    app.finish().await;
}

#[tokio::test]
async fn scopes_narrow_what_a_token_may_do() {
    let app = TestApp::spawn().await;
    let read = token(&app, Scope::Read).await;
    let write = token(&app, Scope::Write).await;
    use reqwest::Method as M;
    assert_eq!(call(&app, M::GET, "/it_systems", Some(&read)).await.0, 200);
    assert_eq!(
        call(&app, M::POST, "/it_systems", Some(&read)).await,
        (403, "insufficient_scope".into())
    );
    assert_eq!(
        call(&app, M::POST, "/it_systems", Some(&write)).await.0,
        201
    );
    assert_eq!(
        call(&app, M::POST, "/security_roles", Some(&write)).await,
        (403, "insufficient_scope".into())
    );
    // The admin token of the test app may manage access records.
    app.post("/security_roles", &json!({"name": "Reviewer"}))
        .await
        .expect(201);
    app.finish().await;
}

#[tokio::test]
async fn revoked_and_expired_tokens_stop_at_once() {
    let app = TestApp::spawn().await;
    let t = token(&app, Scope::Read).await;
    assert_eq!(
        call(&app, reqwest::Method::GET, "/persons", Some(&t))
            .await
            .0,
        200
    );
    let tokens = app
        .get("/api_tokens?$filter=name eq 'test'")
        .await
        .expect(200);
    let id = id_of(&tokens.rows()[0]);
    app.patch(
        &format!("/api_tokens({id})"),
        &json!({"revoked_on": "2020-01-01T00:00:00Z"}),
        None,
    )
    .await
    .expect(200);
    assert_eq!(
        call(&app, reqwest::Method::GET, "/persons", Some(&t)).await,
        (401, "invalid_token".into())
    );

    let t2 = token(&app, Scope::Read).await;
    assert_eq!(
        call(&app, reqwest::Method::GET, "/persons", Some(&t2))
            .await
            .0,
        200
    );
    let past = match app.backend {
        crate::testkit::Backend::Sqlite => "'2020-01-01T00:00:00.000000Z'",
        crate::testkit::Backend::Postgres => "'2020-01-01T00:00:00Z'",
    };
    app.raw_sql(&format!(
        "UPDATE api_token SET expires_on = {past} WHERE revoked_on IS NULL AND name = 'test'"
    ))
    .await;
    assert_eq!(
        call(&app, reqwest::Method::GET, "/persons", Some(&t2)).await,
        (401, "invalid_token".into())
    );
    app.finish().await;
}

#[tokio::test]
async fn tokens_never_expire_later_than_a_year() {
    let app = TestApp::spawn().await;
    let err = app
        .service
        .create_token(
            Actor::administrator(),
            "admin",
            "too long",
            366,
            Scope::Read,
        )
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("365"), "{err}");
    let out = steward(
        &app,
        &[
            "token",
            "create",
            "--user",
            "admin",
            "--name",
            "x",
            "--expires-in",
            "2y",
        ],
    )
    .await;
    assert!(!out.status.success());
    app.finish().await;
}

#[tokio::test]
async fn the_cli_creates_and_revokes_tokens_stored_only_as_hashes() {
    let app = TestApp::spawn().await;
    let out = steward(
        &app,
        &[
            "token",
            "create",
            "--user",
            "admin",
            "--name",
            "pipeline",
            "--expires-in",
            "30d",
            "--scope",
            "write",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let clear = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(clear.starts_with("stw_") && clear.len() == 68, "{clear}");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains(&clear),
        "the token is printed once, on stdout only"
    );
    assert_eq!(
        call(&app, reqwest::Method::POST, "/it_systems", Some(&clear))
            .await
            .0,
        201
    );

    // Not in the database: neither in the token table nor in the audit trail.
    let rows = app
        .service
        .db()
        .find_by(
            app.model.table("api_token").unwrap(),
            "name",
            steward_domain::Value::Text("pipeline".into()),
        )
        .await
        .unwrap()
        .unwrap();
    for (field, value) in &rows {
        assert!(
            !format!("{value:?}").contains(&clear[4..]),
            "{field} holds the token in clear"
        );
    }
    assert!(
        app.raw_count(&format!(
            "SELECT COUNT(*) FROM audit_entry WHERE changes LIKE '%{}%'",
            &clear[4..]
        ))
        .await
            == 0
    );
    // Not served: the API shows the prefix, never the hash.
    let listed = app
        .get("/api_tokens?$filter=name eq 'pipeline'")
        .await
        .expect(200);
    let token_row = &listed.rows()[0];
    assert!(token_row.get("token_hash").is_none());
    assert_eq!(token_row["token_prefix"], json!(clear[..12]));
    assert_eq!(token_row["scope"], json!("write"));

    let id = id_of(token_row);
    let out = steward(&app, &["token", "revoke", id]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        call(&app, reqwest::Method::GET, "/persons", Some(&clear)).await,
        (401, "invalid_token".into())
    );
    app.finish().await;
}

#[tokio::test]
async fn the_server_log_never_holds_a_token() {
    let app = TestApp::spawn().await;
    let clear = token(&app, Scope::Read).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
        .args([
            "--db",
            &app.db_url,
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .env("STEWARD_LOG", "trace")
        .env_remove("STEWARD_DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start steward serve");
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if client.get(format!("{base}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for path in ["/api/v1/persons", "/api/v1/persons?$filter=name eq 'x'"] {
        let r = client
            .get(format!("{base}{path}"))
            .bearer_auth(&clear)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let r = client
        .get(format!("{base}/api/v1/persons"))
        .bearer_auth(format!("{clear}x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    child.kill().ok();
    let out = child.wait_with_output().unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(log.len() > 100, "the server logged at trace level: {log}");
    assert!(!log.contains(&clear[4..20]), "the log holds the token");
    app.finish().await;
}

/// A client that keeps no cookies by itself: the tests pass them explicitly.
fn bare() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

async fn login(app: &TestApp, user: &str, password: &str) -> reqwest::Response {
    bare()
        .post(format!("{}/auth/login", app.origin))
        .json(&json!({"user_name": user, "password": password}))
        .send()
        .await
        .unwrap()
}

fn cookies(resp: &reqwest::Response) -> Vec<String> {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn sign_in_sets_a_session_cookie_and_changes_need_the_csrf_token() {
    let app = TestApp::spawn().await;
    let resp = login(&app, "admin", crate::testkit::ADMIN_PASSWORD).await;
    assert_eq!(resp.status(), 200);
    let set = cookies(&resp);
    let session = set
        .iter()
        .find(|c| c.starts_with("steward_session="))
        .expect("a session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    assert!(!session.contains("Secure"), "plain http: not Secure");
    let pair = session.split(';').next().unwrap().to_string();
    let body: serde_json::Value = resp.json().await.unwrap();
    let csrf = body["csrf_token"].as_str().unwrap().to_string();

    let get = bare()
        .get(app.url("/persons"))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 200);
    let before = app.audit_seq().await;
    let refused = bare()
        .post(app.url("/it_systems"))
        .header("cookie", &pair)
        .json(&json!({"name": "no csrf"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let code: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(code["error"]["code"], "csrf_required");
    let wrong = bare()
        .post(app.url("/it_systems"))
        .header("cookie", &pair)
        .header("x-csrf-token", "nope")
        .json(&json!({"name": "bad csrf"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    assert_eq!(
        app.audit_seq().await,
        before,
        "a refused change writes nothing"
    );
    let ok = bare()
        .post(app.url("/it_systems"))
        .header("cookie", &pair)
        .header("x-csrf-token", &csrf)
        .json(&json!({"name": "with csrf"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201);

    // Logout ends the session at once; the audit chain holds the login and the logout.
    let out = bare()
        .post(format!("{}/auth/logout", app.origin))
        .header("cookie", &pair)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let after = bare()
        .get(app.url("/persons"))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);
    let sessions = app.get("/user_sessions").await.expect(200);
    let s = &sessions.rows()[0];
    let history = app.history("user_sessions", id_of(s)).await;
    let actions: Vec<&str> = history
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "update"], "login then logout");
    app.finish().await;
}

#[tokio::test]
async fn failed_sign_ins_are_audited_and_throttled() {
    let app = TestApp::spawn().await;
    let before = app
        .raw_count("SELECT COUNT(*) FROM audit_entry WHERE action = 'login_failed'")
        .await;
    assert_eq!(before, 0);
    for _ in 0..5 {
        let r = login(&app, "admin", "wrong password").await;
        assert_eq!(r.status(), 401);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid_credentials");
    }
    let unknown = login(&app, "nobody", "x").await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(
        app.raw_count("SELECT COUNT(*) FROM audit_entry WHERE action = 'login_failed'")
            .await,
        6
    );
    // The account is now throttled, even with the right password.
    let r = login(&app, "admin", crate::testkit::ADMIN_PASSWORD).await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers().get("retry-after").unwrap(), "900");
    app.finish().await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/healthz", "/api/v1/persons", "/nowhere"] {
        let r = bare()
            .get(format!("{}{path}", app.origin))
            .send()
            .await
            .unwrap();
        let h = r.headers();
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert!(
            !h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("unsafe-inline"),
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
    }
    app.finish().await;
}
