//! Sign-in through an OpenID Connect provider: the HTTP layer proves the identity (authorization
//! code with PKCE, ID token verified); this module matches it to an account, creates one when
//! configured, grants the roles the provider names, and opens the session.

use crate::sessions::NewSession;
use crate::{Actor, Result, Service};
use serde_json::json;
use steward_domain::{DomainError, ErrorKind, Record, Value};

/// What a verified ID token says about the person signing in.
#[derive(Debug, Clone, Default)]
pub struct OidcIdentity {
    pub subject: String,
    pub email: Option<String>,
    pub name: Option<String>,
    /// Role names from the configured claim; names of no Steward role are ignored.
    pub roles: Vec<String>,
}

fn no_account() -> DomainError {
    DomainError::new(
        ErrorKind::Unauthenticated,
        "no_account",
        "no Steward account matches this identity",
    )
}

impl Service {
    /// Match (or create) the account of a verified OpenID Connect identity and open a session.
    /// Accounts are matched by subject, then by the email of their person.
    pub async fn sign_in_oidc(
        &self,
        id: &OidcIdentity,
        create_users: bool,
        client_address: &str,
        user_agent: &str,
    ) -> Result<NewSession> {
        let users = self.builtin_table("user_account");
        let persons = self.builtin_table("person");
        let admin = Actor::administrator();
        let mut account = self
            .db
            .find_by(users, "external_subject", Value::Text(id.subject.clone()))
            .await?;
        if account.is_none() {
            if let Some(email) = &id.email {
                if let Some(person) = self
                    .db
                    .find_by(persons, "email", Value::Text(email.clone()))
                    .await?
                {
                    let person_id = person.get("id").and_then(Value::as_uuid).expect("ids");
                    if let Some(found) = self
                        .db
                        .find_by(users, "person_id", Value::Uuid(person_id))
                        .await?
                    {
                        let link = json!({"external_subject": id.subject, "auth_source": "openid_connect"});
                        let found_id = found.get("id").and_then(Value::as_uuid).expect("ids");
                        account = Some(
                            self.update_with(
                                admin.clone(),
                                users,
                                found_id,
                                link.as_object().expect("object"),
                                None,
                                Some(&Record::new()),
                            )
                            .await?,
                        );
                    }
                }
            }
        }
        let account = match account {
            Some(a) => a,
            None if create_users => {
                let created = self.create_oidc_account(id).await?;
                // Everyone may at least order from the catalog and follow their own requests.
                let created_id = created.get("id").and_then(Value::as_uuid).expect("ids");
                self.grant_role(admin.clone(), created_id, "Requester")
                    .await?;
                created
            }
            None => return Err(no_account().into()),
        };
        let user_id = account.get("id").and_then(Value::as_uuid).expect("ids");
        let Some((account, person)) = self.live_account(user_id).await? else {
            return Err(no_account().into());
        };
        for role in &id.roles {
            match self.grant_role(admin.clone(), user_id, role).await {
                // A name the provider sends that is no Steward role is ignored.
                Err(crate::Error::Domain(e)) if e.kind == ErrorKind::NotFound => {}
                other => other?,
            }
        }
        self.open_session(&account, &person, client_address, user_agent)
            .await
    }

    /// A person and an account for a first sign-in (audited like any record).
    async fn create_oidc_account(&self, id: &OidcIdentity) -> Result<Record> {
        let persons = self.builtin_table("person");
        let users = self.builtin_table("user_account");
        let display = id
            .name
            .clone()
            .or_else(|| id.email.clone())
            .unwrap_or_else(|| id.subject.clone());
        let (first, last) = match display.rsplit_once(' ') {
            Some((f, l)) => (f.to_string(), l.to_string()),
            None => (display.clone(), String::new()),
        };
        let mut person = json!({"first_name": first.chars().take(100).collect::<String>(), "identity_kind": "human"});
        if !last.is_empty() {
            person["last_name"] = json!(last.chars().take(100).collect::<String>());
        }
        if let Some(email) = &id.email {
            person["email"] = json!(email);
        }
        let admin = Actor::administrator();
        let mut batch = self.batch().await?;
        let person = self
            .create_in(
                &mut batch,
                admin.clone(),
                persons,
                person.as_object().expect("object"),
                None,
            )
            .await?;
        let person_id = person.get("id").and_then(Value::as_uuid).expect("ids");
        let base: String = id
            .email
            .clone()
            .unwrap_or_else(|| id.subject.clone())
            .chars()
            .take(90)
            .collect();
        let taken = self
            .db
            .find_by(users, "name", Value::Text(base.clone()))
            .await?
            .is_some();
        let name = if taken {
            format!("{base}-{}", &person_id.simple().to_string()[24..])
        } else {
            base
        };
        let body = json!({"name": name, "person_id": person_id.to_string(), "auth_source": "openid_connect", "external_subject": id.subject});
        let account = self
            .create_in(
                &mut batch,
                admin,
                users,
                body.as_object().expect("object"),
                None,
            )
            .await?;
        batch.commit().await?;
        Ok(account)
    }
}
