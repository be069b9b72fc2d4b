//! Several servers behave as one: two application instances on one database, sharing nothing but
//! it (each its own service, pools and router, as two `steward serve` processes are), count failed
//! sign-ins together and complete each other's OpenID Connect sign-ins.

use crate::testkit::{TestApp, ADMIN_PASSWORD};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;
use steward_model::Model;
use steward_service::Service;

/// A second instance of the application on the test app's database; its origin.
async fn second_server(app: &TestApp, config: steward_api::ApiConfig) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    serve_on(app, listener, config).await
}

/// Another instance of the application on the test app's database, on `listener`; its origin.
async fn serve_on(
    app: &TestApp,
    listener: tokio::net::TcpListener,
    config: steward_api::ApiConfig,
) -> String {
    let db = steward_store::Db::connect(&app.db_url)
        .await
        .expect("connect");
    let service = Service::new(Arc::new(Model::builtin()), db);
    service.start().await.expect("start");
    let addr: SocketAddr = listener.local_addr().unwrap();
    let router = steward_web::app(service, config);
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });
    format!("http://{addr}")
}

async fn sign_in(client: &reqwest::Client, origin: &str, password: &str) -> u16 {
    client
        .post(format!("{origin}/auth/login"))
        .json(&json!({"user_name": "admin", "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn failed_sign_ins_on_two_servers_count_together() {
    let app = TestApp::spawn().await;
    let other = second_server(&app, Default::default()).await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    assert_eq!(
        sign_in(&client, &app.origin, ADMIN_PASSWORD).await,
        200,
        "the right password works"
    );
    // Five failures, on both servers: three here, two there.
    for origin in [&app.origin, &app.origin, &app.origin, &other, &other] {
        let status = sign_in(&client, origin, "not the password").await;
        assert!(
            matches!(status, 400 | 401),
            "a wrong password is refused: {status}"
        );
    }
    // The account is throttled on both, even with the right password.
    assert_eq!(sign_in(&client, &app.origin, ADMIN_PASSWORD).await, 429);
    assert_eq!(sign_in(&client, &other, ADMIN_PASSWORD).await, 429);
    app.finish().await;
}

#[tokio::test]
#[ignore = "needs oidc-provider-mock: run ./scripts/test"]
async fn an_openid_connect_sign_in_started_on_one_server_completes_on_the_other() {
    let (_provider, issuer) = crate::oidc::start_provider(
        r#"{"sub":"bob-sub","email":"bob@example.gov","name":"Bob Builder"}"#,
    )
    .await;
    let app = TestApp::spawn().await;
    // Both servers are one deployment: the provider sends browsers back to the second.
    let (first, second) = (
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
    );
    let back = format!("http://{}/auth/oidc/callback", second.local_addr().unwrap());
    let config = || steward_api::ApiConfig {
        oidc: Some(steward_api::OidcConfig {
            issuer: issuer.clone(),
            client_id: "steward".into(),
            client_secret: Some("test-secret".into()),
            redirect_url: back.clone(),
            roles_claim: "roles".into(),
            create_users: true,
        }),
        ..Default::default()
    };
    let a = serve_on(&app, first, config()).await;
    let b = serve_on(&app, second, config()).await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // Started on the first server...
    let start = client
        .get(format!("{a}/auth/oidc/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 302);
    let authorize = crate::oidc::location(&start);
    let consent = client
        .post(&authorize)
        .form(&[("sub", "bob-sub")])
        .send()
        .await
        .unwrap();
    let callback = crate::oidc::location(&consent);
    assert!(
        callback.starts_with(&format!("{b}/auth/oidc/callback")),
        "{callback}"
    );
    // ...completed on the second.
    let done = client.get(&callback).send().await.unwrap();
    assert_eq!(
        done.status(),
        302,
        "{}",
        done.text().await.unwrap_or_default()
    );
    assert!(
        done.headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("steward_session=")),
        "signed in"
    );
    // Taken once: the same callback again, on either server, is refused.
    for origin in [&a, &b] {
        let again = callback.replacen(&b, origin, 1);
        let replay = client.get(&again).send().await.unwrap();
        assert_eq!(replay.status(), 401, "a state is taken once");
    }
    app.finish().await;
}
