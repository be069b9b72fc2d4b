//! A user's personal records: their preferences (time zone, theme) and their saved list views.
//! They belong to the signed-in account: every read is keyed by the actor's own account and every
//! write touches only a record of that account, whatever the actor's roles (a requester saves views
//! too). Through the generic API these tables follow the roles like any other.

use crate::{id_of, Actor, Result, Service};
use serde_json::json;
use steward_domain::{DomainError, ErrorKind, Record, Value};
use uuid::Uuid;

/// How a user likes the web UI; the defaults until they choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    /// An IANA time zone name (checked by the record rules).
    pub time_zone: String,
    /// `system`, `light` or `dark`.
    pub theme: String,
    /// The kinds of mail (`mail_kind` codes) the user does without.
    pub mail_off: Vec<String>,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            time_zone: "UTC".into(),
            theme: "system".into(),
            mail_off: Vec::new(),
        }
    }
}

/// A list view saved under a name: the list page's query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    pub id: Uuid,
    pub name: String,
    pub query: String,
}

fn text(r: &Record, f: &str) -> String {
    r.get(f).and_then(Value::as_text).unwrap_or("").to_string()
}

impl Service {
    /// The account a personal record belongs to: the actor's own.
    fn own_account(actor: &Actor) -> Result<Uuid> {
        actor.user_id.ok_or_else(|| {
            DomainError::new(
                ErrorKind::Forbidden,
                "no_account",
                "personal settings belong to a signed-in user account",
            )
            .into()
        })
    }

    async fn preference_record(&self, account: Uuid) -> Result<Option<Record>> {
        let table = self.builtin_table("user_preference");
        Ok(self
            .db
            .find_by(table, "user_account_id", Value::Uuid(account))
            .await?)
    }

    /// The actor's preferences, or the defaults.
    pub async fn preferences(&self, actor: &Actor) -> Result<Preferences> {
        let Some(account) = actor.user_id else {
            return Ok(Preferences::default());
        };
        Ok(match self.preference_record(account).await? {
            Some(r) => Preferences {
                time_zone: Some(text(&r, "time_zone"))
                    .filter(|z| !z.is_empty())
                    .unwrap_or_else(|| "UTC".into()),
                theme: Some(text(&r, "theme"))
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| "system".into()),
                mail_off: match r.get("mail_off") {
                    Some(Value::Codes(c)) => c.clone(),
                    _ => Vec::new(),
                },
            },
            None => Preferences::default(),
        })
    }

    /// Save the actor's preferences (audited; an unknown time zone is a 422 naming `time_zone`).
    pub async fn set_preferences(&self, actor: &Actor, prefs: &Preferences) -> Result<Preferences> {
        let account = Self::own_account(actor)?;
        let table = self.builtin_table("user_preference");
        let body =
            json!({"time_zone": prefs.time_zone, "theme": prefs.theme, "mail_off": prefs.mail_off});
        let body = body.as_object().expect("object");
        match self.preference_record(account).await? {
            Some(r) => {
                self.update(actor.for_workflow(), table, id_of(&r), body, None)
                    .await?;
            }
            None => {
                let mut body = body.clone();
                body.insert("name".into(), json!("Preferences"));
                body.insert("user_account_id".into(), json!(account.to_string()));
                let mut batch = self.batch().await?;
                self.create_in(&mut batch, actor.for_workflow(), table, &body, None)
                    .await?;
                batch.commit().await?;
            }
        }
        self.preferences(actor).await
    }

    /// The actor's saved views of one table, by name.
    pub async fn saved_views(&self, actor: &Actor, table: &str) -> Result<Vec<SavedView>> {
        let Some(account) = actor.user_id else {
            return Ok(Vec::new());
        };
        let views = self.builtin_table("saved_view");
        let mut out: Vec<SavedView> = self
            .db
            .find_all_by(views, "user_account_id", Value::Uuid(account))
            .await?
            .into_iter()
            .filter(|r| text(r, "table_name") == table && text(r, "state") == "active")
            .map(|r| SavedView {
                id: id_of(&r),
                name: text(&r, "name"),
                query: text(&r, "view_query"),
            })
            .collect();
        out.sort_by_key(|v| v.name.to_lowercase());
        Ok(out)
    }

    /// Save a view of `table` under `name`; a view of the same name is replaced.
    pub async fn save_view(
        &self,
        actor: &Actor,
        table: &str,
        name: &str,
        query: &str,
    ) -> Result<SavedView> {
        let account = Self::own_account(actor)?;
        let views = self.builtin_table("saved_view");
        let name = name.trim();
        let existing = self
            .saved_views(actor, table)
            .await?
            .into_iter()
            .find(|v| v.name == name);
        let body = json!({"name": name, "view_query": query});
        let record = match existing {
            Some(v) => {
                self.update(
                    actor.for_workflow(),
                    views,
                    v.id,
                    body.as_object().expect("object"),
                    None,
                )
                .await?
            }
            None => {
                let mut body = body.as_object().expect("object").clone();
                body.insert("table_name".into(), json!(table));
                body.insert("user_account_id".into(), json!(account.to_string()));
                let mut batch = self.batch().await?;
                let r = self
                    .create_in(&mut batch, actor.for_workflow(), views, &body, None)
                    .await?;
                batch.commit().await?;
                r
            }
        };
        Ok(SavedView {
            id: id_of(&record),
            name: text(&record, "name"),
            query: text(&record, "view_query"),
        })
    }

    /// Delete one of the actor's saved views (another user's view is a 404, as if absent).
    pub async fn delete_view(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let account = Self::own_account(actor)?;
        let views = self.builtin_table("saved_view");
        let mine =
            self.db.get_unscoped(views, id).await?.is_some_and(|r| {
                r.get("user_account_id").and_then(Value::as_uuid) == Some(account)
            });
        if !mine {
            return Err(DomainError::not_found("saved_view", id).into());
        }
        self.delete(actor.for_workflow(), views, id, None).await
    }
}
