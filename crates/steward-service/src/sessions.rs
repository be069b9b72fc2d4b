//! Password sign-in and browser sessions.
//!
//! A session is a `user_session` record: creating it is the audited login, setting `ended_on` the
//! audited logout. The browser holds a random session token (only its SHA-256 is stored) in an
//! HttpOnly cookie, and a CSRF token it must echo in `X-CSRF-Token` on every state-changing request.

use crate::access::{dummy_hash, switched_on, verify_password, Scope};
use crate::{Actor, Result, Service};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use steward_domain::audit::{Action, FieldChange};
use steward_domain::value::{format_datetime, now};
use steward_domain::{DomainError, ErrorKind, Record, Value};
use time::Duration;
use uuid::Uuid;

/// A session ends after this long without a request.
pub const SESSION_IDLE_MINUTES: i64 = 30;
/// A session ends this long after sign-in, however active.
pub const SESSION_ABSOLUTE_HOURS: i64 = 12;

fn sha256(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// A session just opened: the two secrets go to the browser once.
pub struct NewSession {
    pub session_token: String,
    pub csrf_token: String,
    pub session_id: Uuid,
    pub actor: Actor,
}

/// A live session found from its cookie.
pub struct LiveSession {
    pub actor: Actor,
    pub session_id: Uuid,
    csrf_hash: String,
}

impl LiveSession {
    /// Whether the presented CSRF token is this session's.
    pub fn csrf_matches(&self, presented: &str) -> bool {
        // Both sides are SHA-256 hex of the same length; comparing hashes leaks nothing useful.
        sha256(presented) == self.csrf_hash
    }
}

fn refused() -> DomainError {
    DomainError::new(
        ErrorKind::Unauthenticated,
        "invalid_credentials",
        "the user name or the password is wrong",
    )
}

impl Service {
    /// Check a user name and password; on success open a session. Every failure is audited.
    pub async fn login(
        &self,
        user: &str,
        password: &str,
        client_address: &str,
        user_agent: &str,
    ) -> Result<NewSession> {
        let users = self.builtin_table("user_account");
        let account = self
            .db
            .find_by(users, "name", Value::Text(user.to_string()))
            .await?;
        // The same work whether or not the account exists and may act (the person read, the
        // password checked against a dummy hash when there is none), so that every refusal takes
        // the same time.
        let person = match &account {
            Some(a) => self.active_person_of(a).await?,
            None => self.active_person_of(&Record::new()).await?,
        };
        let may_act = person.is_some() && account.as_ref().is_some_and(switched_on);
        let stored = account
            .as_ref()
            .and_then(|a| a.get("password_hash"))
            .and_then(Value::as_text)
            .filter(|_| may_act);
        let verified = match stored {
            Some(h) => verify_password(password, h),
            None => verify_password(password, dummy_hash()),
        };
        let usable = account.as_ref().filter(|_| verified && stored.is_some());
        let Some(account) = usable else {
            let id = account
                .as_ref()
                .and_then(|a| a.get("id"))
                .and_then(Value::as_uuid)
                .unwrap_or(Uuid::nil());
            let person = account
                .as_ref()
                .and_then(|a| a.get("person_id"))
                .and_then(Value::as_uuid)
                .unwrap_or(Uuid::nil());
            let changes = [
                FieldChange {
                    field: "user_name".into(),
                    old: serde_json::Value::Null,
                    new: json!(user),
                },
                FieldChange {
                    field: "client_address".into(),
                    old: serde_json::Value::Null,
                    new: json!(client_address),
                },
            ];
            let mut batch = self.batch().await?;
            batch
                .tx_mut()
                .audit(person, Action::LoginFailed, "user_account", id, &changes)
                .await?;
            batch.commit().await?;
            return Err(refused().into());
        };
        let person = person.expect("an account that may act has its person");
        self.open_session(account, &person, client_address, user_agent)
            .await
    }

    /// Open a session for an account that has just proven who it is (the audited login).
    pub(crate) async fn open_session(
        &self,
        account: &Record,
        person: &Record,
        client_address: &str,
        user_agent: &str,
    ) -> Result<NewSession> {
        let users = self.builtin_table("user_account");
        let user_id = account.get("id").and_then(Value::as_uuid).expect("ids");
        let actor = self.actor_for(user_id, person, Scope::Admin).await?;
        let (session_token, csrf_token) = (random_token("sts_"), random_token(""));
        let at = now();
        let internal = Record::from([
            (
                "token_hash".to_string(),
                Value::Text(sha256(&session_token)),
            ),
            ("csrf_hash".to_string(), Value::Text(sha256(&csrf_token))),
            (
                "client_address".to_string(),
                Value::Text(client_address.chars().take(100).collect()),
            ),
            (
                "expires_on".to_string(),
                Value::DateTime(at + Duration::hours(SESSION_ABSOLUTE_HOURS)),
            ),
            ("last_seen_on".to_string(), Value::DateTime(at)),
        ]);
        let agent: String = user_agent
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        let body = json!({"name": if agent.is_empty() { "unknown client".to_string() } else { agent }, "user_account_id": user_id.to_string()});
        let sessions = self.builtin_table("user_session");
        let mut batch = self.batch().await?;
        // Steward records the session of the account that signed in (the person may not read
        // accounts, their own included).
        let record = self
            .create_with(
                &mut batch,
                actor.for_workflow(),
                sessions,
                body.as_object().expect("object"),
                None,
                &internal,
            )
            .await?;
        batch
            .touch(users, user_id, "last_login_on", Value::DateTime(at))
            .await?;
        batch.commit().await?;
        let session_id = record.get("id").and_then(Value::as_uuid).expect("ids");
        Ok(NewSession {
            session_token,
            csrf_token,
            session_id,
            actor,
        })
    }

    /// The live session behind a session cookie, or `None` when it is unknown, ended, idle too long
    /// or past its absolute end, or its account is inactive.
    pub async fn authenticate_session(&self, presented: &str) -> Result<Option<LiveSession>> {
        if !presented.starts_with("sts_") || presented.len() != 68 {
            return Ok(None);
        }
        let sessions = self.builtin_table("user_session");
        let Some(session) = self
            .db
            .find_by(sessions, "token_hash", Value::Text(sha256(presented)))
            .await?
        else {
            return Ok(None);
        };
        let at = now();
        let idle_since = match session.get("last_seen_on") {
            Some(Value::DateTime(t)) => *t,
            _ => at,
        };
        let live = session.get("ended_on").is_none_or(Value::is_null)
            && session.get("state").and_then(Value::as_text) == Some("active")
            && matches!(session.get("expires_on"), Some(Value::DateTime(e)) if *e > at)
            && at - idle_since < Duration::minutes(SESSION_IDLE_MINUTES);
        if !live {
            return Ok(None);
        }
        let user_id = session
            .get("user_account_id")
            .and_then(Value::as_uuid)
            .expect("a required lookup");
        let session_id = session.get("id").and_then(Value::as_uuid).expect("ids");
        let Some((_, person)) = self.live_account(user_id).await? else {
            // The account or its person was deactivated: the session ends now, audited as
            // Steward's own logout.
            self.logout(Actor::administrator(), session_id).await?;
            return Ok(None);
        };
        if at - idle_since >= Duration::minutes(1) {
            let mut batch = self.batch().await?;
            batch
                .touch(sessions, session_id, "last_seen_on", Value::DateTime(at))
                .await?;
            batch.commit().await?;
        }
        let csrf_hash = session
            .get("csrf_hash")
            .and_then(Value::as_text)
            .unwrap_or_default()
            .to_string();
        let actor = self.actor_for(user_id, &person, Scope::Admin).await?;
        Ok(Some(LiveSession {
            actor,
            session_id,
            csrf_hash,
        }))
    }

    /// End a session (the audited logout).
    pub async fn logout(&self, actor: Actor, session_id: Uuid) -> Result<()> {
        let sessions = self.builtin_table("user_session");
        let body = json!({"ended_on": format_datetime(now())});
        self.update_with(
            actor,
            sessions,
            session_id,
            body.as_object().expect("object"),
            None,
            Some(&Record::new()),
        )
        .await
        .map(|_| ())
    }
}

/// Shared by every server (the database's `shared_value`): failed sign-ins counted together, and a
/// started OpenID Connect sign-in that any server can complete.
impl Service {
    /// The failed sign-ins counted under `key` (`user:NAME`, `addr:IP`) in the current window.
    pub async fn failures(&self, key: &str) -> Result<i64> {
        Ok(self
            .db
            .counter(&format!("throttle:{key}"), crate::scheduler::now_ms())
            .await?)
    }

    /// Count one more failed sign-in under `key`, in a window of `window` from the first.
    pub async fn count_failure(&self, key: &str, window: std::time::Duration) -> Result<i64> {
        Ok(self
            .db
            .count_up(
                &format!("throttle:{key}"),
                window.as_millis() as i64,
                crate::scheduler::now_ms(),
            )
            .await?)
    }

    pub async fn clear_failures(&self, key: &str) -> Result<()> {
        Ok(self.db.forget(&format!("throttle:{key}")).await?)
    }

    /// Keep what a started sign-in needs at its callback, under its `state` (hashed: the store
    /// never holds the state itself), for `ttl`.
    pub async fn keep_pending_sign_in(
        &self,
        state: &str,
        value: &str,
        ttl: std::time::Duration,
    ) -> Result<()> {
        let expires = crate::scheduler::now_ms() + ttl.as_millis() as i64;
        Ok(self.db.keep(&pending_key(state), value, expires).await?)
    }

    /// Take a started sign-in's value, once, on whichever server the callback reached.
    pub async fn take_pending_sign_in(&self, state: &str) -> Result<Option<String>> {
        Ok(self
            .db
            .take(&pending_key(state), crate::scheduler::now_ms())
            .await?)
    }
}

fn pending_key(state: &str) -> String {
    use sha2::Digest;
    format!(
        "oidc:{}",
        hex::encode(sha2::Sha256::digest(state.as_bytes()))
    )
}
