//! The server protects itself and its users: slow, idle and greedy clients are cut off; every error
//! carries an OData body with a stable code; sign-in redirects stay on the site and take as long
//! for an unknown account as for a wrong password; a deactivated person's sessions and tokens stop
//! at once; token lives are bounded; authenticated answers are never cached.

use crate::testkit::{id_of, TestApp, ADMIN_PASSWORD};
use crate::web::login_form;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use steward_api::server::Limits;
use steward_service::{Actor, Scope};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn short(f: impl FnOnce(&mut Limits)) -> Limits {
    let mut l = Limits {
        header_read_timeout: Duration::from_secs(1),
        ..Limits::default()
    };
    f(&mut l);
    l
}

fn addr(app: &TestApp) -> String {
    app.origin.trim_start_matches("http://").to_string()
}

/// Read until the server closes the connection (or `limit` passes); returns what was read and
/// whether it was closed.
async fn read_to_close(stream: &mut TcpStream, limit: Duration) -> (String, bool) {
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&all).into(), true),
            Ok(Ok(n)) => all.extend_from_slice(&buf[..n]),
            Err(_) => return (String::from_utf8_lossy(&all).into(), false),
        }
    }
}

/// One request over a raw connection that is kept open; returns the response head and body.
async fn raw_get(stream: &mut TcpStream, path: &str) -> Option<String> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
    stream.write_all(req.as_bytes()).await.ok()?;
    let mut buf = vec![0u8; 8192];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
        .await
        .ok()?
        .ok()?;
    (n > 0).then(|| String::from_utf8_lossy(&buf[..n]).into())
}

#[tokio::test]
async fn hardening_trickled_headers_are_cut_off_after_the_header_timeout() {
    let app = TestApp::spawn_with(short(|_| {})).await;
    let stream = TcpStream::connect(addr(&app)).await.unwrap();
    let (mut r, mut w) = stream.into_split();
    let started = Instant::now();
    let writer = tokio::spawn(async move {
        let head =
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        for b in head {
            if w.write_all(&[*b]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    });
    let mut buf = [0u8; 1024];
    let got = tokio::time::timeout(Duration::from_secs(8), async {
        loop {
            match r.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    let took = started.elapsed();
    writer.abort();
    assert!(
        got.is_ok(),
        "a client trickling its headers was not cut off in 8 s"
    );
    assert!(took < Duration::from_secs(4), "cut off only after {took:?}");
    app.finish().await;
}

#[tokio::test]
async fn hardening_idle_connections_are_closed() {
    let app = TestApp::spawn_with(short(|_| {})).await;
    // A connection that never sends anything.
    let mut silent = TcpStream::connect(addr(&app)).await.unwrap();
    let started = Instant::now();
    let (_, closed) = read_to_close(&mut silent, Duration::from_secs(6)).await;
    assert!(closed, "a silent connection was kept open for 6 s");
    assert!(started.elapsed() < Duration::from_secs(4));
    // A kept-alive connection after its answer.
    let mut kept = TcpStream::connect(addr(&app)).await.unwrap();
    let answer = raw_get(&mut kept, "/healthz").await.expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let (_, closed) = read_to_close(&mut kept, Duration::from_secs(6)).await;
    assert!(
        closed,
        "an idle kept-alive connection was kept open for 6 s"
    );
    app.finish().await;
}

#[tokio::test]
async fn hardening_one_address_holds_a_bounded_number_of_connections() {
    let cap = 4;
    let app = TestApp::spawn_with(short(|l| {
        l.header_read_timeout = Duration::from_secs(10);
        l.max_connections_per_address = cap;
    }))
    .await;
    let mut open = Vec::new();
    let mut refused = 0;
    for _ in 0..cap + 4 {
        let mut s = TcpStream::connect(addr(&app)).await.unwrap();
        match raw_get(&mut s, "/healthz").await {
            Some(a) if a.starts_with("HTTP/1.1 200") => open.push(s),
            _ => refused += 1,
        }
    }
    // The test client's own pooled connection may hold one slot.
    assert!(
        open.len() <= cap && open.len() >= cap - 1,
        "{} connections from one address were served (cap {cap})",
        open.len()
    );
    assert!(
        refused >= 4,
        "only {refused} connections over the cap were refused"
    );
    // Another client address is still served meanwhile.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
    let mut other = socket.connect(addr(&app).parse().unwrap()).await.unwrap();
    let answer = raw_get(&mut other, "/healthz").await.expect("served");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // Once the greedy connections close, the address is served again.
    drop(open);
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.get("/persons").await.expect(200);
    app.finish().await;
}

#[tokio::test]
async fn hardening_errors_before_the_handlers_carry_an_odata_body() {
    let app = TestApp::spawn_with(short(|l| {
        l.header_read_timeout = Duration::from_secs(10);
        l.request_timeout = Duration::from_secs(1);
    }))
    .await;
    // 414: a $filter of 62,000 characters (Steward's limit is 60 KiB; hyper's own is 64 KiB).
    let long = format!("name eq '{}'", "a".repeat(62_000));
    let r = app.get_q("/persons", &[("$filter", &long)]).await;
    r.expect_error(414, "uri_too_long");
    // 431: 40 KB of headers.
    let big = "b".repeat(40_000);
    let r = app.get_with("/persons", &[], &[("x-big", &big)]).await;
    r.expect_error(431, "headers_too_large");
    // 405, with its Allow header kept.
    let rb = app.client.post(app.url("/$metadata"));
    let r = app.send(rb, "POST $metadata".into()).await;
    r.expect_error(405, "method_not_allowed");
    assert!(r.header("allow").is_some_and(|a| a.contains("GET")));
    // 404 of an unknown API path.
    app.get("/persons/a/b/c")
        .await
        .expect_error(404, "not_found");
    // 413: a body over 2 MiB.
    let body = format!("{{\"name\": \"{}\"}}", "c".repeat(3 * 1024 * 1024));
    let r = app
        .post_raw("/it_systems", Some("application/json"), body.into_bytes())
        .await;
    r.expect_error(413, "payload_too_large");
    // 408: a body that never finishes arriving.
    let mut s = TcpStream::connect(addr(&app)).await.unwrap();
    s.write_all(b"POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"user")
        .await
        .unwrap();
    let (text, _) = read_to_close(&mut s, Duration::from_secs(5)).await;
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"code\":\"request_timeout\""), "{text}");
    app.finish().await;
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn hardening_sign_in_next_stays_on_the_site() {
    let app = TestApp::spawn().await;
    let client = no_redirects();
    for next in [
        "/\t/evil.example",
        "/a\nb",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "/x//evil.example",
        "/a\u{0}b",
    ] {
        let page = client
            .get(format!("{}/login", app.origin))
            .query(&[("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{next:?}");
        let html = page.text().await.unwrap();
        assert!(
            html.contains("name=\"next\" value=\"/\""),
            "{next:?}: {html}"
        );
        let (cookie, csrf) = login_form(&client, &app.origin).await;
        let resp = client
            .post(format!("{}/login", app.origin))
            .header("cookie", cookie)
            .form(&[
                ("user_name", "admin"),
                ("password", ADMIN_PASSWORD),
                ("next", next),
                ("_csrf", &csrf),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 303, "{next:?}");
        assert_eq!(
            resp.headers()["location"].to_str().unwrap(),
            "/",
            "{next:?}"
        );
    }
    let (cookie, csrf) = login_form(&client, &app.origin).await;
    let resp = client
        .post(format!("{}/login", app.origin))
        .header("cookie", cookie)
        .form(&[
            ("user_name", "admin"),
            ("password", ADMIN_PASSWORD),
            ("next", "/app/persons?sort=name"),
            ("_csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()["location"].to_str().unwrap(),
        "/app/persons?sort=name"
    );
    app.finish().await;
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::test]
async fn hardening_sign_in_takes_as_long_for_an_unknown_account() {
    let app = TestApp::spawn().await;
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    // Warm up (the dummy hash is computed once, on the first refusal).
    let _ = app
        .service
        .login("nobody-at-all", "x", "127.0.0.1", "t")
        .await;
    for i in 0..21 {
        let t = Instant::now();
        let r = app
            .service
            .login("admin", "wrong password here", "127.0.0.1", "t")
            .await;
        known.push(t.elapsed());
        assert!(r.is_err());
        let t = Instant::now();
        let r = app
            .service
            .login(
                &format!("nobody{i}"),
                "wrong password here",
                "127.0.0.1",
                "t",
            )
            .await;
        unknown.push(t.elapsed());
        assert!(r.is_err());
    }
    let (k, u) = (median(known), median(unknown));
    println!("sign-in medians: known account, wrong password {k:?}; unknown account {u:?}");
    let ratio = u.as_secs_f64() / k.as_secs_f64();
    assert!(
        (0.8..=1.2).contains(&ratio),
        "unknown {u:?} vs known {k:?}: ratio {ratio:.2}"
    );
    app.finish().await;
}

/// A person with an account, a token and a signed-in session: (account id, person id, token, cookie).
async fn kim(app: &TestApp) -> (String, String, String, String) {
    let account = app
        .service
        .create_user(
            Actor::administrator(),
            "kim",
            "Kim Lee",
            &["Administrator".to_string()],
            "a long enough password",
        )
        .await
        .unwrap();
    let token = app
        .service
        .create_token(Actor::administrator(), "kim", "kim's", 1, Scope::Read)
        .await
        .unwrap()
        .token;
    let resp = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(format!("{}/auth/login", app.origin))
        .json(&json!({"user_name": "kim", "password": "a long enough password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let cookie = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("steward_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let person = app
        .get(&format!("/user_accounts({account})"))
        .await
        .expect(200)
        .body["person_id"]
        .as_str()
        .unwrap()
        .to_string();
    (account.to_string(), person, token, cookie)
}

async fn works(app: &TestApp, token: Option<&str>, cookie: Option<&str>) -> u16 {
    let mut rb = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(app.url("/persons"));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    if let Some(c) = cookie {
        rb = rb.header("cookie", c);
    }
    rb.send().await.unwrap().status().as_u16()
}

async fn patch_state(app: &TestApp, path: &str, body: Value) {
    let current = app.get(path).await.expect(200);
    let tag = current.header("etag").unwrap().to_string();
    app.patch(path, &body, Some(&tag)).await.expect(200);
}

async fn session_ended(app: &TestApp, account: &str) -> bool {
    let r = app
        .get_q(
            "/user_sessions",
            &[("$filter", &format!("user_account_id eq {account}"))],
        )
        .await
        .expect(200);
    let rows = r.rows();
    !rows.is_empty() && rows.iter().all(|s| !s["ended_on"].is_null())
}

#[tokio::test]
async fn hardening_deactivating_a_person_stops_their_sessions_and_tokens() {
    let app = TestApp::spawn().await;
    let (account, person, token, cookie) = kim(&app).await;
    assert_eq!(works(&app, Some(&token), None).await, 200);
    assert_eq!(works(&app, None, Some(&cookie)).await, 200);
    let path = format!("/persons({person})");
    patch_state(&app, &path, json!({"state": "inactive"})).await;
    assert_eq!(works(&app, Some(&token), None).await, 401, "token");
    assert_eq!(works(&app, None, Some(&cookie)).await, 401, "session");
    assert!(session_ended(&app, &account).await, "the session is ended");
    // Active again: the token was only suspended; the session stays ended.
    patch_state(&app, &path, json!({"state": "active"})).await;
    assert_eq!(works(&app, Some(&token), None).await, 200, "token again");
    assert_eq!(works(&app, None, Some(&cookie)).await, 401, "session again");
    app.finish().await;
}

#[tokio::test]
async fn hardening_deactivating_an_account_stops_its_sessions_and_tokens() {
    let app = TestApp::spawn().await;
    let (account, _, token, cookie) = kim(&app).await;
    assert_eq!(works(&app, None, Some(&cookie)).await, 200);
    patch_state(
        &app,
        &format!("/user_accounts({account})"),
        json!({"is_active": false}),
    )
    .await;
    assert_eq!(works(&app, Some(&token), None).await, 401, "token");
    assert_eq!(works(&app, None, Some(&cookie)).await, 401, "session");
    assert!(session_ended(&app, &account).await, "the session is ended");
    app.finish().await;
}

#[tokio::test]
async fn hardening_a_token_lives_at_most_365_days() {
    let app = TestApp::spawn().await;
    let admin = app
        .get_q("/user_accounts", &[("$filter", "name eq 'admin'")])
        .await
        .expect(200);
    let admin = id_of(&admin.rows()[0]).to_string();
    let at = |days: i64| {
        (time::OffsetDateTime::now_utc() + time::Duration::days(days))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let r = app
        .post(
            "/api_tokens",
            &json!({"name": "forever", "user_account_id": admin, "scope": "read", "expires_on": at(9226)}),
        )
        .await;
    r.expect_error(422, "invalid_expiry");
    assert!(r.text.contains("\"target\":\"expires_on\""), "{}", r.text);
    app.post(
        "/api_tokens",
        &json!({"name": "a year", "user_account_id": admin, "scope": "read", "expires_on": at(364)}),
    )
    .await
    .expect(201);
    app.finish().await;
}

#[tokio::test]
async fn hardening_authenticated_answers_are_not_cached() {
    let app = TestApp::spawn().await;
    let r = app.get("/persons").await.expect(200);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert!(r
        .header("vary")
        .is_some_and(|v| v.contains("Authorization") && v.contains("Cookie")));
    let page = no_redirects()
        .get(format!("{}/login", app.origin))
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["cache-control"], "no-store");
    let css = no_redirects()
        .get(format!("{}/static/steward.css", app.origin))
        .send()
        .await
        .unwrap();
    assert_eq!(css.headers()["cache-control"], "public, max-age=3600");
    app.finish().await;
}

/// The admin's signed-in browser: the two cookies in one `Cookie` header.
async fn admin_browser(app: &TestApp) -> String {
    let resp = no_redirects()
        .post(format!("{}/auth/login", app.origin))
        .json(&json!({"user_name": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

#[tokio::test]
async fn hardening_control_characters_are_refused_everywhere_and_text_round_trips() {
    let app = TestApp::spawn().await;
    for bad in ["a\u{0}b", "a\u{1}b", "a\u{1b}[31mb", "a\u{7f}b"] {
        let r = app
            .post("/it_systems", &json!({"name": "x", "description": bad}))
            .await;
        r.expect_error(400, "invalid_character");
        assert_eq!(r.target(), Some("description"), "{}", r.text);
        let r = app
            .get_q("/it_systems", &[("$filter", &format!("name eq '{bad}'"))])
            .await;
        r.expect_error(400, "invalid_character");
        let rb = no_redirects()
            .post(format!("{}/auth/login", app.origin))
            .json(&json!({"user_name": bad, "password": "whatever it is"}));
        app.send(rb, format!("login {bad:?}"))
            .await
            .expect_error(400, "invalid_character");
    }
    let cookie = admin_browser(&app).await;
    for path in ["/search", "/app/persons/suggest"] {
        let rb = no_redirects()
            .get(format!("{}{path}", app.origin))
            .query(&[("q", "a\u{0}b")])
            .header("cookie", &cookie);
        let r = app.send(rb, format!("GET {path} with a NUL")).await;
        assert_eq!(r.status, 400, "{path}: {}", r.text);
    }
    // The list filter builder, on a text field and on a lookup (compared by name).
    for (set, field) in [
        ("persons", "last_name"),
        ("it_service_requests", "requested_by_id"),
    ] {
        let rb = no_redirects()
            .get(format!("{}/app/{set}", app.origin))
            .query(&[("f", field), ("o", "eq"), ("v", "a\u{0}b")])
            .header("cookie", &cookie);
        let r = app.send(rb, format!("list {set} {field} with a NUL")).await;
        assert!(
            r.text.contains("control character U+0000"),
            "{set}: {}",
            r.text
        );
    }
    let (login_cookie, csrf) = login_form(&no_redirects(), &app.origin).await;
    let rb = no_redirects()
        .post(format!("{}/login", app.origin))
        .header("cookie", login_cookie)
        .form(&[
            ("user_name", "ad\u{0}min"),
            ("password", ADMIN_PASSWORD),
            ("_csrf", &csrf),
        ]);
    let r = app.send(rb, "web login with a NUL".into()).await;
    assert_eq!(r.status, 400, "{}", r.text);

    // Text with tabs, line breaks and any Unicode is kept byte for byte: API, page and CSV.
    let value = "tab\there\nline two\r\nünïcödé ✓ 😀 \"quoted\", end";
    // A list column (one line): the CSV must hold it whole, quoted.
    let name = "Round trip ünïcödé ✓ 😀 \"q\", end";
    let created = app
        .post("/it_systems", &json!({"name": name, "description": value}))
        .await
        .expect(201);
    let id = id_of(&created.body).to_string();
    let read = app.get(&format!("/it_systems({id})")).await.expect(200);
    assert_eq!(read.body["description"], value);
    let page = no_redirects()
        .get(format!("{}/app/it_systems/{id}", app.origin))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("ünïcödé ✓ 😀 &quot;quoted&quot;, end")
            || page.contains("ünïcödé ✓ 😀 &#34;quoted&#34;, end"),
        "the page shows the text"
    );
    let csv = no_redirects()
        .get(format!("{}/app/it_systems/export.csv", app.origin))
        .query(&[("cols", "name")])
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    assert!(
        csv.contains(&quoted),
        "the CSV holds the whole value: {csv}"
    );
    app.finish().await;
}

#[tokio::test]
async fn hardening_the_sign_in_form_needs_its_csrf_token() {
    let app = TestApp::spawn().await;
    let client = no_redirects();
    let sessions = || async { app.count("user_sessions", None).await };
    let before = sessions().await;
    let (cookie, csrf) = login_form(&client, &app.origin).await;
    let form = |csrf: &str| {
        vec![
            ("user_name".to_string(), "admin".to_string()),
            ("password".to_string(), ADMIN_PASSWORD.to_string()),
            ("_csrf".to_string(), csrf.to_string()),
        ]
    };
    // Without the cookie, without the field, or with another value: refused, nothing changed.
    for (cookie, field) in [
        (None, csrf.as_str()),
        (Some(cookie.as_str()), ""),
        (Some(cookie.as_str()), &"0".repeat(64)),
    ] {
        let mut rb = client
            .post(format!("{}/login", app.origin))
            .form(&form(field));
        if let Some(c) = cookie {
            rb = rb.header("cookie", c);
        }
        let resp = rb.send().await.unwrap();
        assert_eq!(resp.status(), 403, "cookie {cookie:?}, field {field:?}");
        assert!(resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .all(|c| !c.to_str().unwrap().starts_with("steward_session=")));
    }
    assert_eq!(sessions().await, before, "no session was opened");
    // A form post to the JSON endpoint is refused too (any site can send a form).
    let resp = client
        .post(format!("{}/auth/login", app.origin))
        .form(&form(""))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 415);
    assert_eq!(sessions().await, before, "no session was opened");
    // The form as the page gives it works.
    let resp = client
        .post(format!("{}/login", app.origin))
        .header("cookie", &cookie)
        .form(&form(&csrf))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(sessions().await, before + 1);
    app.finish().await;
}
