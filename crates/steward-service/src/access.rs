//! Who may act: user accounts, passwords (argon2id) and API tokens.
//!
//! Tokens are 32 random bytes shown once as `stw_<64 hex>`; only their SHA-256 is stored (a token
//! has full entropy, so a fast hash is enough and lets the lookup use an index). Passwords are
//! stored as argon2id PHC strings. Neither is ever returned by the API or written to a log.

use crate::{Actor, Batch, Error, Result, Service, ADMIN_PERSON_ID};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use steward_domain::value::now;
use steward_domain::{DomainError, ErrorKind, Record, Value};
use time::Duration;
use uuid::Uuid;

/// Tokens always expire; this is the longest life one may have.
pub const TOKEN_MAX_DAYS: i64 = steward_domain::rules::TOKEN_MAX_DAYS;
/// The shortest password an account may have.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The user name of the administrator created on first start.
pub const ADMIN_USER: &str = "admin";

/// What a token may do, narrowing its owner's permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    Read,
    Write,
    Admin,
}

impl Scope {
    pub fn code(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Admin => "admin",
        }
    }
    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "read" => Some(Scope::Read),
            "write" => Some(Scope::Write),
            "admin" => Some(Scope::Admin),
            _ => None,
        }
    }
}

/// A token just created: the clear text is shown once and never again.
pub struct NewToken {
    pub token: String,
    pub record: Record,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// An argon2id PHC string for a password.
pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("hashing a password: {e}")))
}

/// A hash of a random password, with the same parameters as every stored one, computed once: a
/// sign-in for an unknown or inactive account is checked against it, so that it takes as long as one
/// for a known account with a wrong password (no user-name enumeration by timing).
pub(crate) fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password(&random_password()).expect("hashing a random password"))
}

/// Whether an account is active and not switched off (its person aside).
pub(crate) fn switched_on(account: &Record) -> bool {
    account.get("is_active") == Some(&Value::Bool(true))
        && account.get("state").and_then(Value::as_text) == Some("active")
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A random password for a new account (the first administrator's too), shown once: 24 characters
/// from an unambiguous alphabet.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> Error {
    DomainError::field(ErrorKind::BadRequest, code, field, message).into()
}

impl Service {
    /// On an empty database, create the user `admin` for the built-in administrator person. Its
    /// password is `password` when given, else a random one, returned so that it is shown once.
    /// Returns `None` when the account already exists.
    pub async fn ensure_admin_account(&self, password: Option<&str>) -> Result<Option<String>> {
        let users = self.builtin_table("user_account");
        if self
            .db
            .find_by(users, "name", Value::Text(ADMIN_USER.into()))
            .await?
            .is_some()
        {
            return Ok(None);
        }
        let generated = password.is_none().then(random_password);
        let clear = password
            .map(str::to_string)
            .or_else(|| generated.clone())
            .expect("one of them");
        let internal = Record::from([(
            "password_hash".to_string(),
            Value::Text(hash_password(&clear)?),
        )]);
        let body = json!({"name": ADMIN_USER, "person_id": ADMIN_PERSON_ID.to_string(), "auth_source": "local"});
        let mut batch = self.batch().await?;
        self.create_with(
            &mut batch,
            Actor::administrator(),
            users,
            body.as_object().expect("object"),
            None,
            &internal,
        )
        .await?;
        batch.commit().await?;
        let account = self
            .db
            .find_by(users, "name", Value::Text(ADMIN_USER.into()))
            .await?
            .and_then(|a| a.get("id").and_then(Value::as_uuid))
            .expect("just created");
        self.grant_role(Actor::administrator(), account, "Administrator")
            .await?;
        Ok(Some(generated.unwrap_or_default()).filter(|g| !g.is_empty()))
    }

    /// Create an API token for the user named `user`. The token is returned in clear once.
    pub async fn create_token(
        &self,
        actor: Actor,
        user: &str,
        label: &str,
        days: i64,
        scope: Scope,
    ) -> Result<NewToken> {
        if !(1..=TOKEN_MAX_DAYS).contains(&days) {
            return Err(invalid(
                "expires_in",
                "invalid_expiry",
                format!("a token lives from 1 to {TOKEN_MAX_DAYS} days, not {days}"),
            ));
        }
        let users = self.builtin_table("user_account");
        let account = self
            .db
            .find_by(users, "name", Value::Text(user.to_string()))
            .await?
            .ok_or_else(|| {
                DomainError::field(
                    ErrorKind::NotFound,
                    "not_found",
                    "user",
                    format!("there is no user '{user}'"),
                )
            })?;
        let mut secret = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut secret);
        let token = format!("stw_{}", hex::encode(secret));
        let internal = Record::from([
            ("token_hash".to_string(), Value::Text(token_hash(&token))),
            (
                "token_prefix".to_string(),
                Value::Text(token[..12].to_string()),
            ),
        ]);
        let body = json!({
            "name": label,
            "user_account_id": account["id"].as_uuid().expect("ids are uuids").to_string(),
            "scope": scope.code(),
            "expires_on": steward_domain::value::format_datetime(now() + Duration::days(days)),
        });
        let tokens = self.builtin_table("api_token");
        let mut batch = self.batch().await?;
        let record = self
            .create_with(
                &mut batch,
                actor,
                tokens,
                body.as_object().expect("object"),
                None,
                &internal,
            )
            .await?;
        batch.commit().await?;
        Ok(NewToken { token, record })
    }

    /// Create a local account `user_name` for the person named `person_name` (created when no
    /// person has that name), with `password` and the given roles, in one transaction. Returns the
    /// account's id.
    pub async fn create_user(
        &self,
        actor: Actor,
        user_name: &str,
        person_name: &str,
        roles: &[String],
        password: &str,
    ) -> Result<Uuid> {
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(invalid(
                "password",
                "weak_password",
                format!("a password has at least {MIN_PASSWORD_CHARS} characters"),
            ));
        }
        let security_roles = self.builtin_table("security_role");
        let mut role_ids = Vec::new();
        for role in roles {
            let found = self
                .db
                .find_by(security_roles, "name", Value::Text(role.clone()))
                .await?
                .ok_or_else(|| {
                    DomainError::field(
                        ErrorKind::NotFound,
                        "not_found",
                        "role",
                        format!("there is no role '{role}'"),
                    )
                })?;
            role_ids.push((role.clone(), found["id"].as_uuid().expect("ids")));
        }
        let persons = self.builtin_table("person");
        let mut batch = self.batch().await?;
        let person = match self
            .db
            .find_by(persons, "name", Value::Text(person_name.trim().to_string()))
            .await?
        {
            Some(p) => p["id"].as_uuid().expect("ids"),
            None => {
                let (first, last) = person_name
                    .trim()
                    .rsplit_once(' ')
                    .unwrap_or(("", person_name.trim()));
                let body = json!({"first_name": first.trim(), "last_name": last, "identity_kind": "human"});
                let mut body = body.as_object().expect("object").clone();
                body.retain(|_, v| v != &json!(""));
                self.create_in(&mut batch, actor.clone(), persons, &body, None)
                    .await?["id"]
                    .as_uuid()
                    .expect("ids")
            }
        };
        let internal = Record::from([(
            "password_hash".to_string(),
            Value::Text(hash_password(password)?),
        )]);
        let body =
            json!({"name": user_name, "person_id": person.to_string(), "auth_source": "local"});
        let account = self
            .create_with(
                &mut batch,
                actor.clone(),
                self.builtin_table("user_account"),
                body.as_object().expect("object"),
                None,
                &internal,
            )
            .await?["id"]
            .as_uuid()
            .expect("ids");
        let links: Vec<_> = role_ids
            .iter()
            .map(|(name, id)| {
                json!({"name": name, "user_account_id": account.to_string(), "security_role_id": id.to_string()})
                    .as_object()
                    .expect("object")
                    .clone()
            })
            .collect();
        self.create_many(&mut batch, actor, self.builtin_table("user_role"), &links)
            .await?;
        batch.commit().await?;
        Ok(account)
    }

    /// Revoke a token by id: it stops working at once.
    pub async fn revoke_token(&self, actor: Actor, id: Uuid) -> Result<()> {
        let tokens = self.builtin_table("api_token");
        let body = json!({"revoked_on": steward_domain::value::format_datetime(now())});
        self.update_with(
            actor,
            tokens,
            id,
            body.as_object().expect("object"),
            None,
            Some(&Record::new()),
        )
        .await
        .map(|_| ())
    }

    /// A user account that may act now: it exists, is active, is not switched off, and its person
    /// is active. The one check shared by tokens, sessions and single sign-on: deactivating the
    /// account or the person stops every credential at the next request.
    /// Returns the account and its person, read once for the whole request.
    pub(crate) async fn live_account(&self, user_id: Uuid) -> Result<Option<(Record, Record)>> {
        let users = self.builtin_table("user_account");
        let Some(user) = self
            .db
            .get_unscoped(users, user_id)
            .await?
            .filter(switched_on)
        else {
            return Ok(None);
        };
        let person = self.active_person_of(&user).await?;
        Ok(person.map(|p| (user, p)))
    }

    /// The person of an account (`None` for no account), when that person exists and is active.
    pub(crate) async fn active_person_of(&self, account: &Record) -> Result<Option<Record>> {
        let persons = self.builtin_table("person");
        let id = account
            .get("person_id")
            .and_then(Value::as_uuid)
            .unwrap_or(Uuid::nil());
        Ok(self
            .db
            .get_unscoped(persons, id)
            .await?
            .filter(|p| p.get("state").and_then(Value::as_text) == Some("active")))
    }

    /// The actor behind a presented bearer token, or `None` when it is unknown, expired, revoked,
    /// or its account or person is inactive.
    pub async fn authenticate_token(&self, presented: &str) -> Result<Option<Actor>> {
        if !presented.starts_with("stw_") || presented.len() != 68 {
            return Ok(None);
        }
        let tokens = self.builtin_table("api_token");
        let Some(token) = self
            .db
            .find_by(tokens, "token_hash", Value::Text(token_hash(presented)))
            .await?
        else {
            return Ok(None);
        };
        let at = now();
        let live = token.get("state").and_then(Value::as_text) == Some("active")
            && token.get("revoked_on").is_none_or(Value::is_null)
            && matches!(token.get("expires_on"), Some(Value::DateTime(e)) if *e > at);
        if !live {
            return Ok(None);
        }
        let user_id = token
            .get("user_account_id")
            .and_then(Value::as_uuid)
            .expect("a required lookup");
        let Some((_, person)) = self.live_account(user_id).await? else {
            return Ok(None);
        };
        let scope = token
            .get("scope")
            .and_then(Value::as_text)
            .and_then(Scope::parse)
            .unwrap_or(Scope::Read);
        let actor = self.actor_for(user_id, &person, scope).await?;
        self.note_token_use(actor.clone(), &token, at).await?;
        Ok(Some(actor))
    }

    /// The first use of a token is a security event (audited); later uses only refresh
    /// `last_used_on`, at most once a minute, as unaudited bookkeeping.
    async fn note_token_use(
        &self,
        actor: Actor,
        token: &Record,
        at: time::OffsetDateTime,
    ) -> Result<()> {
        let tokens = self.builtin_table("api_token");
        let id = token.get("id").and_then(Value::as_uuid).expect("ids");
        match token.get("last_used_on") {
            Some(Value::DateTime(last)) if at - *last < Duration::minutes(1) => Ok(()),
            Some(Value::DateTime(_)) => {
                let mut batch: Batch = self.batch().await?;
                batch
                    .touch(tokens, id, "last_used_on", Value::DateTime(at))
                    .await?;
                batch.commit().await
            }
            _ => {
                let first_use = Record::from([("last_used_on".to_string(), Value::DateTime(at))]);
                self.update_with(
                    actor,
                    tokens,
                    id,
                    &serde_json::Map::new(),
                    None,
                    Some(&first_use),
                )
                .await
                .map(|_| ())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("correct horse ", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let (a, b) = (random_password(), random_password());
        assert_eq!(a.len(), 24);
        assert_ne!(a, b);
    }
}
