//! OpenID Connect sign-in end to end, against a real provider on loopback (PyPI
//! `oidc-provider-mock`, started here), following the real redirects. `scripts/test` installs the
//! provider and names it in `STEWARD_TEST_OIDC_PROVIDER`; plain `cargo test` skips this test.

use crate::testkit::TestApp;
use std::net::SocketAddr;

pub(crate) struct Provider(std::process::Child);

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) fn location(resp: &reqwest::Response) -> String {
    resp.headers()
        .get("location")
        .unwrap_or_else(|| panic!("a redirect, got {}", resp.status()))
        .to_str()
        .unwrap()
        .to_string()
}

/// Start oidc-provider-mock with these user claims; it and its issuer URL, once it answers.
pub(crate) async fn start_provider(claims: &str) -> (Provider, String) {
    let provider_cmd = std::env::var("STEWARD_TEST_OIDC_PROVIDER")
        .expect("STEWARD_TEST_OIDC_PROVIDER names oidc-provider-mock");
    let port = free_port();
    let provider = Provider(
        std::process::Command::new(provider_cmd)
            .args(["--port", &port.to_string(), "--user-claims", claims])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start oidc-provider-mock"),
    );
    let issuer = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    for _ in 0..100 {
        if client
            .get(format!("{issuer}/.well-known/openid-configuration"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    (provider, issuer)
}

#[tokio::test]
#[ignore = "needs oidc-provider-mock: run ./scripts/test"]
async fn sign_in_with_openid_connect_creates_the_account_and_grants_roles() {
    let claims = r#"{"sub":"alice-sub","email":"alice@example.gov","name":"Alice Smith","roles":["Auditor","No Such Role"]}"#;
    let (_provider, issuer) = start_provider(claims).await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // Steward with single sign-on, on its own port so that the redirect URL is known.
    let app = TestApp::spawn().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let config = steward_api::ApiConfig {
        secure_cookies: false,
        oidc: Some(steward_api::OidcConfig {
            issuer: issuer.clone(),
            client_id: "steward".into(),
            client_secret: Some("test-secret".into()),
            redirect_url: format!("http://{addr}/auth/oidc/callback"),
            roles_claim: "roles".into(),
            create_users: true,
        }),
        limits: Default::default(),
    };
    let router = steward_web::app(app.service.clone(), config);
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    let steward = format!("http://{addr}");

    let sign_in = || async {
        // Steward sends the browser to the provider, with PKCE...
        let start = client
            .get(format!("{steward}/auth/oidc/login"))
            .send()
            .await
            .unwrap();
        assert_eq!(start.status(), 302);
        let authorize = location(&start);
        assert!(
            authorize.starts_with(&issuer) && authorize.contains("code_challenge_method=S256"),
            "{authorize}"
        );
        // ...the user signs in there, and the provider sends the browser back with a code.
        let consent = client
            .post(&authorize)
            .form(&[("sub", "alice-sub")])
            .send()
            .await
            .unwrap();
        let callback = location(&consent);
        assert!(
            callback.starts_with(&format!("{steward}/auth/oidc/callback")),
            "{callback}"
        );
        let done = client.get(&callback).send().await.unwrap();
        assert_eq!(
            done.status(),
            302,
            "{}",
            done.text().await.unwrap_or_default()
        );
        let cookie = done
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.starts_with("steward_session="))
            .expect("a session cookie");
        cookie.split(';').next().unwrap().to_string()
    };
    let cookie = sign_in().await;
    let persons = client
        .get(format!(
            "{steward}/api/v1/persons?$filter=email eq 'alice@example.gov'"
        ))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(persons.status(), 200, "the session works");
    let body: serde_json::Value = persons.json().await.unwrap();
    assert_eq!(
        body["value"][0]["name"], "Alice Smith",
        "the person was created from the claims"
    );

    let account = app
        .get("/user_accounts?$filter=external_subject eq 'alice-sub'")
        .await
        .expect(200);
    assert_eq!(account.rows().len(), 1);
    assert_eq!(account.rows()[0]["auth_source"], "openid_connect");
    let user_id = account.rows()[0]["id"].as_str().unwrap().to_string();
    let roles = app
        .get(&format!(
            "/user_roles?$filter=user_account_id eq {user_id}&$expand=security_role($select=name)"
        ))
        .await
        .expect(200);
    let mut names: Vec<&str> = roles
        .rows()
        .iter()
        .map(|r| r["security_role"]["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["Auditor", "Requester"],
        "Requester for every new account, the rest from the claim; unknown names are ignored"
    );

    // The Auditor reads everything and changes nothing.
    let csrf_free_write = client
        .post(format!("{steward}/api/v1/it_systems"))
        .header("cookie", &cookie)
        .json(&serde_json::json!({"name": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(csrf_free_write.status(), 403);

    // A second sign-in finds the same account.
    sign_in().await;
    assert_eq!(
        app.get("/user_accounts?$filter=external_subject eq 'alice-sub'")
            .await
            .expect(200)
            .rows()
            .len(),
        1
    );

    // A callback with a state Steward never issued is refused.
    let forged = client
        .get(format!(
            "{steward}/auth/oidc/callback?code=abc&state=forged"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    server.abort();
    app.finish().await;
}
