//! OpenID Connect sign-in: authorization code flow with PKCE against the configured issuer.
//! `/auth/oidc/login` sends the browser to the provider; `/auth/oidc/callback` exchanges the code,
//! verifies the ID token (signature, issuer, audience, expiry, nonce) and opens a Steward session.

use crate::auth::set_session_cookies;
use crate::error::ApiError;
use crate::extract::client_address;
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope as OidcScope, TokenResponse,
};
use serde::Deserialize;
use std::time::Duration;
use steward_service::OidcIdentity;
use tokio::sync::OnceCell;

/// How Steward talks to its OpenID Connect provider.
#[derive(Debug, Clone)]
pub struct OidcConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// Where the provider sends the browser back: `<public URL>/auth/oidc/callback`.
    pub redirect_url: String,
    /// The ID token claim that lists role names (e.g. `roles`).
    pub roles_claim: String,
    /// Create a person and an account on a first sign-in.
    pub create_users: bool,
}

/// A started sign-in waits this long for the provider to send the browser back.
const PENDING_FOR: Duration = Duration::from_secs(600);

#[derive(Default)]
pub struct OidcState {
    metadata: OnceCell<CoreProviderMetadata>,
}

fn http() -> Result<openidconnect::reqwest::Client, ApiError> {
    openidconnect::reqwest::Client::builder()
        // Following redirects would let a provider response bounce the back channel elsewhere.
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| unavailable(format!("cannot build the HTTP client: {e}")))
}

fn unavailable(cause: String) -> ApiError {
    tracing::warn!(error = %cause, "OpenID Connect provider problem");
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        "identity_provider_unavailable",
        "the identity provider could not be reached or answered wrongly",
    )
}

fn config(app: &AppState) -> Result<&OidcConfig, ApiError> {
    app.oidc_config.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "oidc_not_configured",
            "single sign-on is not configured",
        )
    })
}

async fn client(
    app: &AppState,
) -> Result<
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    ApiError,
> {
    let cfg = config(app)?;
    let http = http()?;
    let metadata = app
        .oidc
        .metadata
        .get_or_try_init(|| async {
            let issuer = IssuerUrl::new(cfg.issuer.clone())
                .map_err(|e| unavailable(format!("bad issuer URL: {e}")))?;
            CoreProviderMetadata::discover_async(issuer, &http)
                .await
                .map_err(|e| unavailable(format!("discovery failed: {e}")))
        })
        .await?
        .clone();
    let redirect = RedirectUrl::new(cfg.redirect_url.clone())
        .map_err(|e| unavailable(format!("bad redirect URL: {e}")))?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(cfg.client_id.clone()),
        cfg.client_secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(redirect))
}

/// `GET /auth/oidc/login`: 302 to the provider's authorization endpoint.
pub async fn login(State(app): State<AppState>) -> Result<Response, ApiError> {
    let client = client(&app).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(OidcScope::new("email".into()))
        .add_scope(OidcScope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    // Kept in the database: the provider may send the browser back to another server.
    let pending = serde_json::json!({"verifier": verifier.secret(), "nonce": nonce.secret()});
    app.service
        .keep_pending_sign_in(state.secret(), &pending.to_string(), PENDING_FOR)
        .await?;
    let mut resp = StatusCode::FOUND.into_response();
    resp.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(url.as_str())
            .map_err(|_| unavailable("bad authorization URL".into()))?,
    );
    Ok(resp)
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /auth/oidc/callback`: verify, sign in, set the session cookies, 302 to `/`.
pub async fn callback(
    State(app): State<AppState>,
    parts: axum::http::request::Parts,
    Query(cb): Query<Callback>,
) -> Result<Response, ApiError> {
    let refused = |why: &str| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "oidc_refused",
            format!("single sign-on failed: {why}"),
        )
    };
    if let Some(e) = cb.error {
        return Err(refused(&format!(
            "the provider answered '{}'",
            e.chars().take(100).collect::<String>()
        )));
    }
    let (Some(code), Some(state)) = (cb.code, cb.state) else {
        return Err(refused("the provider sent no code"));
    };
    let pending: Option<serde_json::Value> = app
        .service
        .take_pending_sign_in(&state)
        .await?
        .and_then(|v| serde_json::from_str(&v).ok());
    let Some((verifier, nonce)) = pending.and_then(|p| {
        Some((
            p["verifier"].as_str()?.to_string(),
            p["nonce"].as_str()?.to_string(),
        ))
    }) else {
        return Err(refused("unknown or expired sign-in state"));
    };
    let cfg = config(&app)?.clone();
    let client = client(&app).await?;
    let http = http()?;
    let token = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| unavailable(format!("no token endpoint: {e}")))?
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(&http)
        .await
        .map_err(|e| unavailable(format!("code exchange failed: {e}")))?;
    let id_token = token
        .id_token()
        .ok_or_else(|| refused("the provider returned no ID token"))?;
    let claims = id_token
        .claims(&client.id_token_verifier(), &Nonce::new(nonce))
        .map_err(|e| refused(&format!("the ID token does not verify: {e}")))?;
    // The signature is verified above; read the role claim from the same payload.
    let payload = id_token.to_string().split('.').nth(1).and_then(|p| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(p)
            .ok()
    });
    let extra: serde_json::Value = payload
        .and_then(|p| serde_json::from_slice(&p).ok())
        .unwrap_or_default();
    let roles = match &extra[&cfg.roles_claim] {
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|r| r.as_str().map(str::to_string))
            .collect(),
        serde_json::Value::String(s) => s
            .split([',', ' '])
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    let identity = OidcIdentity {
        subject: claims.subject().as_str().to_string(),
        email: claims.email().map(|e| e.as_str().to_string()),
        name: claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_string()),
        roles,
    };
    let agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let session = app
        .service
        .sign_in_oidc(&identity, cfg.create_users, &client_address(&parts), agent)
        .await?;
    let mut resp = StatusCode::FOUND.into_response();
    resp.headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static("/"));
    set_session_cookies(&mut resp, &session, app.secure_cookies);
    Ok(resp)
}
