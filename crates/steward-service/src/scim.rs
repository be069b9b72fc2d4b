//! SCIM 2.0 provisioning in Steward's terms. A SCIM User is a user account with the person it
//! belongs to; a SCIM Group is a team and its members. The HTTP layer speaks the protocol (JSON,
//! PATCH, filters, paging); these use cases keep the records, the rules and the audit trail, each
//! change in one transaction written by the provisioning token's owner.

use crate::authz::{Depth, Privilege};
use crate::writes::Batch;
use crate::{id_of, Actor, Result, Service};
use serde_json::{json, Map, Value as Json};
use std::collections::{HashMap, HashSet};
use steward_domain::value::{format_datetime, now};
use steward_domain::{DomainError, ErrorKind, Record, Value};
use steward_model::Table;
use steward_odata::parse_query;
use time::OffsetDateTime;
use uuid::Uuid;

/// A user as SCIM sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScimUser {
    /// The user account's id.
    pub id: Uuid,
    pub user_name: String,
    pub external_id: Option<String>,
    pub given_name: Option<String>,
    pub middle_name: Option<String>,
    pub family_name: Option<String>,
    /// The person's name, derived by Steward.
    pub display_name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    pub created: OffsetDateTime,
    pub modified: OffsetDateTime,
}

/// What a provisioning client sets on a user (a whole replacement: an absent value clears the field).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScimUserInput {
    pub user_name: String,
    pub external_id: Option<String>,
    pub given_name: Option<String>,
    pub middle_name: Option<String>,
    pub family_name: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
}

/// A group as SCIM sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScimGroup {
    /// The team's id.
    pub id: Uuid,
    pub display_name: String,
    pub external_id: Option<String>,
    /// Members that have a user account: (account id, person name).
    pub members: Vec<(Uuid, String)>,
    pub created: OffsetDateTime,
    pub modified: OffsetDateTime,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScimGroupInput {
    pub display_name: String,
    pub external_id: Option<String>,
    /// User account ids.
    pub members: Vec<Uuid>,
}

/// The attributes a user list may be filtered on (`attr eq "value"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserKey {
    UserName,
    ExternalId,
    Email,
}

/// The attributes a group list may be filtered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKey {
    DisplayName,
    ExternalId,
}

/// What provisioning changes: only an actor holding every privilege on these, organization-wide,
/// may use SCIM (the Administrator role).
const PROVISIONED: &[&str] = &[
    "person",
    "user_account",
    "user_session",
    "api_token",
    "user_role",
    "team",
    "team_member",
    "team_role",
];

fn not_found(what: &str, id: Uuid) -> DomainError {
    DomainError::new(
        ErrorKind::NotFound,
        "not_found",
        format!("there is no {what} {id}"),
    )
}

fn text(r: &Record, field: &str) -> Option<String> {
    r.get(field).and_then(Value::as_text).map(str::to_string)
}

fn time_of(r: &Record, field: &str) -> OffsetDateTime {
    match r.get(field) {
        Some(Value::DateTime(t)) => *t,
        _ => OffsetDateTime::UNIX_EPOCH,
    }
}

fn object(v: Json) -> Map<String, Json> {
    match v {
        Json::Object(m) => m,
        _ => unreachable!("built as an object"),
    }
}

impl Service {
    /// Refuse callers that may not provision (403), before anything is read.
    fn require_provisioning(&self, actor: &Actor) -> Result<()> {
        for table in PROVISIONED {
            for privilege in [
                Privilege::Read,
                Privilege::Create,
                Privilege::Write,
                Privilege::Delete,
            ] {
                if actor.permissions.depth(table, privilege) != Depth::Organization {
                    return Err(DomainError::new(
                        ErrorKind::Forbidden,
                        "forbidden",
                        format!(
                            "provisioning needs the {} privilege on {table} for the whole organization",
                            privilege.code()
                        ),
                    )
                    .into());
                }
            }
        }
        Ok(())
    }

    fn scim_user_of(account: &Record, person: &Record) -> ScimUser {
        ScimUser {
            id: id_of(account),
            user_name: text(account, "name").unwrap_or_default(),
            external_id: text(account, "external_subject"),
            given_name: text(person, "first_name"),
            middle_name: text(person, "middle_name"),
            family_name: text(person, "last_name"),
            display_name: text(person, "name").unwrap_or_default(),
            title: text(person, "job_title"),
            email: text(person, "email"),
            phone: text(person, "business_phone"),
            active: account.get("is_active") == Some(&Value::Bool(true)),
            created: time_of(account, "created_on"),
            modified: time_of(account, "modified_on").max(time_of(person, "modified_on")),
        }
    }

    async fn scim_user_record(&self, account: Record) -> Result<ScimUser> {
        let person_id = account
            .get("person_id")
            .and_then(Value::as_uuid)
            .expect("accounts belong to a person");
        let person = self
            .db
            .get_unscoped(self.builtin_table("person"), person_id)
            .await?
            .ok_or_else(|| not_found("person", person_id))?;
        Ok(Self::scim_user_of(&account, &person))
    }

    /// One page of users (accounts in user-name order) and how many match in all.
    pub async fn scim_users(
        &self,
        actor: &Actor,
        filter: Option<(UserKey, String)>,
        skip: u64,
        top: u64,
    ) -> Result<(u64, Vec<ScimUser>)> {
        self.require_provisioning(actor)?;
        let users = self.builtin_table("user_account");
        if let Some((key, value)) = filter {
            let found = match key {
                UserKey::UserName => self.db.find_by(users, "name", Value::Text(value)).await?,
                UserKey::ExternalId => {
                    self.db
                        .find_by(users, "external_subject", Value::Text(value))
                        .await?
                }
                UserKey::Email => {
                    let persons = self.builtin_table("person");
                    match self
                        .db
                        .find_by(persons, "email", Value::Text(value))
                        .await?
                    {
                        Some(p) => {
                            self.db
                                .find_by(users, "person_id", Value::Uuid(id_of(&p)))
                                .await?
                        }
                        None => None,
                    }
                }
            };
            let mut out = Vec::new();
            if let Some(account) = found {
                if skip == 0 && top > 0 {
                    out.push(self.scim_user_record(account).await?);
                }
                return Ok((1, out));
            }
            return Ok((0, out));
        }
        let (total, accounts) = self.page_of(actor, users, skip, top).await?;
        let person_ids: Vec<Uuid> = accounts
            .iter()
            .filter_map(|a| a.get("person_id").and_then(Value::as_uuid))
            .collect();
        let persons_table = self.builtin_table("person");
        let cols: Vec<_> = persons_table.fields.iter().collect();
        let persons: HashMap<Uuid, Record> = self
            .db
            .get_many(
                persons_table,
                &cols,
                &person_ids,
                &steward_store::RowScope::ALL,
            )
            .await?
            .into_iter()
            .map(|p| (id_of(&p), p))
            .collect();
        let out = accounts
            .iter()
            .filter_map(|a| {
                let pid = a.get("person_id").and_then(Value::as_uuid)?;
                Some(Self::scim_user_of(a, persons.get(&pid)?))
            })
            .collect();
        Ok((total, out))
    }

    /// Records of a table in name order, through the ordinary list (and its read scope).
    async fn page_of(
        &self,
        actor: &Actor,
        table: &Table,
        skip: u64,
        top: u64,
    ) -> Result<(u64, Vec<Record>)> {
        let params = vec![
            ("$orderby".to_string(), "name,id".to_string()),
            ("$top".to_string(), top.to_string()),
            ("$skip".to_string(), skip.to_string()),
            ("$count".to_string(), "true".to_string()),
        ];
        let query = parse_query(&self.model, table, &params).expect("a valid query");
        let page = self
            .list(
                actor,
                table,
                &crate::ListRequest {
                    query,
                    max_page_size: Some(top.max(1)),
                    count_at_most: None,
                },
            )
            .await?;
        let total = page.count.unwrap_or(0).max(0) as u64;
        let rows = if top == 0 {
            Vec::new()
        } else {
            page.rows.into_iter().map(|r| r.record).collect()
        };
        Ok((total, rows))
    }

    pub async fn scim_user(&self, actor: &Actor, id: Uuid) -> Result<ScimUser> {
        self.require_provisioning(actor)?;
        let account = self
            .db
            .get_unscoped(self.builtin_table("user_account"), id)
            .await?
            .ok_or_else(|| not_found("user", id))?;
        self.scim_user_record(account).await
    }

    /// The person fields a SCIM user sets; the person's state follows `active`. Without a given
    /// or family name to derive the name from, the person is named after the user name.
    fn person_body(input: &ScimUserInput) -> Map<String, Json> {
        let mut body = object(json!({
            "first_name": input.given_name,
            "middle_name": input.middle_name,
            "last_name": input.family_name,
            "job_title": input.title,
            "email": input.email,
            "business_phone": input.phone,
            "is_active": input.active,
            "state": if input.active { "active" } else { "inactive" },
        }));
        if input.given_name.is_none() && input.family_name.is_none() {
            let name: String = input.user_name.chars().take(200).collect();
            body.insert("name".into(), json!(name));
        }
        body
    }

    /// Create the account (and its person, unless a person with the same email exists without an
    /// account: then the account is linked to that person).
    pub async fn scim_create_user(&self, actor: &Actor, input: &ScimUserInput) -> Result<ScimUser> {
        self.require_provisioning(actor)?;
        let persons = self.builtin_table("person");
        let users = self.builtin_table("user_account");
        let existing = match &input.email {
            Some(email) => {
                self.db
                    .find_by(persons, "email", Value::Text(email.clone()))
                    .await?
            }
            None => None,
        };
        let mut batch = self.batch().await?;
        let person_id = match existing {
            Some(person) => {
                let pid = id_of(&person);
                if self
                    .db
                    .find_by(users, "person_id", Value::Uuid(pid))
                    .await?
                    .is_some()
                {
                    return Err(DomainError::field(
                        ErrorKind::Conflict,
                        "duplicate",
                        "emails",
                        "the person with this email already has a user account",
                    )
                    .into());
                }
                self.update_in(
                    &mut batch,
                    actor.clone(),
                    persons,
                    pid,
                    &Self::person_body(input),
                    None,
                    None,
                )
                .await?;
                pid
            }
            None => {
                let mut body = Self::person_body(input);
                body.insert("identity_kind".into(), json!("human"));
                let person = self
                    .create_in(&mut batch, actor.clone(), persons, &body, None)
                    .await?;
                id_of(&person)
            }
        };
        let body = object(json!({
            "name": input.user_name,
            "person_id": person_id.to_string(),
            "auth_source": "scim",
            "external_subject": input.external_id,
            "is_active": input.active,
        }));
        let account = self
            .create_in(&mut batch, actor.clone(), users, &body, None)
            .await?;
        batch.commit().await?;
        self.scim_user_record(account).await
    }

    /// Replace a user. `active = false` deactivates the person, ends the account's sessions and
    /// revokes its tokens, in the same transaction.
    pub async fn scim_replace_user(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ScimUserInput,
    ) -> Result<ScimUser> {
        self.require_provisioning(actor)?;
        let users = self.builtin_table("user_account");
        let account = self
            .db
            .get_unscoped(users, id)
            .await?
            .ok_or_else(|| not_found("user", id))?;
        if !input.active {
            self.refuse_self(actor, id, "deactivate")?;
        }
        let person_id = account
            .get("person_id")
            .and_then(Value::as_uuid)
            .expect("accounts belong to a person");
        let mut batch = self.batch().await?;
        self.update_in(
            &mut batch,
            actor.clone(),
            self.builtin_table("person"),
            person_id,
            &Self::person_body(input),
            None,
            None,
        )
        .await?;
        let body = object(json!({
            "name": input.user_name,
            "external_subject": input.external_id,
            "is_active": input.active,
        }));
        let account = self
            .update_in(&mut batch, actor.clone(), users, id, &body, None, None)
            .await?;
        if !input.active {
            self.end_credentials(&mut batch, actor, id).await?;
        }
        batch.commit().await?;
        self.scim_user_record(account).await
    }

    fn refuse_self(&self, actor: &Actor, id: Uuid, what: &str) -> Result<()> {
        if actor.user_id == Some(id) {
            return Err(DomainError::new(
                ErrorKind::Conflict,
                "own_account",
                format!("a provisioning client cannot {what} the account it acts as"),
            )
            .into());
        }
        Ok(())
    }

    /// End the open sessions and revoke the live tokens of an account.
    async fn end_credentials(&self, batch: &mut Batch, actor: &Actor, user_id: Uuid) -> Result<()> {
        let stamp = json!(format_datetime(now()));
        for (table, field) in [("user_session", "ended_on"), ("api_token", "revoked_on")] {
            let t = self.builtin_table(table);
            for row in self
                .db
                .find_all_by(t, "user_account_id", Value::Uuid(user_id))
                .await?
            {
                if row.get(field).is_none_or(Value::is_null) {
                    let body = object(json!({ field: stamp.clone() }));
                    self.update_in(batch, actor.clone(), t, id_of(&row), &body, None, None)
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// Delete every row of `tables` whose `field` points at `id` (each deletion audited).
    async fn delete_links(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        tables: &[&str],
        field: &str,
        id: Uuid,
    ) -> Result<()> {
        for table in tables {
            let t = self.builtin_table(table);
            for row in self.db.find_all_by(t, field, Value::Uuid(id)).await? {
                self.delete_in(batch, actor.clone(), t, id_of(&row), None)
                    .await?;
            }
        }
        Ok(())
    }

    /// Delete a user: the account goes with its sessions, tokens and role grants (each deletion in
    /// the audit trail); the person stays, deactivated, with everything that refers to them.
    pub async fn scim_delete_user(&self, actor: &Actor, id: Uuid) -> Result<()> {
        self.require_provisioning(actor)?;
        self.refuse_self(actor, id, "delete")?;
        let users = self.builtin_table("user_account");
        let account = self
            .db
            .get_unscoped(users, id)
            .await?
            .ok_or_else(|| not_found("user", id))?;
        let person_id = account
            .get("person_id")
            .and_then(Value::as_uuid)
            .expect("accounts belong to a person");
        let mut batch = self.batch().await?;
        self.delete_links(
            &mut batch,
            actor,
            &["user_session", "api_token", "user_role"],
            "user_account_id",
            id,
        )
        .await?;
        self.delete_in(&mut batch, actor.clone(), users, id, None)
            .await?;
        let body = object(json!({"is_active": false, "state": "inactive"}));
        self.update_in(
            &mut batch,
            actor.clone(),
            self.builtin_table("person"),
            person_id,
            &body,
            None,
            None,
        )
        .await?;
        batch.commit().await
    }

    /// The accounts of these persons, by person (a person has at most one account).
    async fn accounts_of(
        &self,
        persons: impl Iterator<Item = Uuid>,
    ) -> Result<HashMap<Uuid, Record>> {
        let ids: Vec<Value> = persons.map(Value::Uuid).collect();
        Ok(self
            .db
            .find_all_in(self.builtin_table("user_account"), "person_id", &ids)
            .await?
            .into_iter()
            .filter_map(|a| Some((a.get("person_id")?.as_uuid()?, a)))
            .collect())
    }

    async fn scim_group_record(&self, team: Record) -> Result<ScimGroup> {
        let id = id_of(&team);
        let person_ids: Vec<Uuid> = self
            .db
            .find_all_by(
                self.builtin_table("team_member"),
                "team_id",
                Value::Uuid(id),
            )
            .await?
            .iter()
            .filter_map(|link| link.get("person_id").and_then(Value::as_uuid))
            .collect();
        let accounts = self.accounts_of(person_ids.iter().copied()).await?;
        let persons = self.builtin_table("person");
        let cols: Vec<_> = ["id", "name"]
            .iter()
            .filter_map(|n| persons.field(n))
            .collect();
        let names: HashMap<Uuid, String> = self
            .db
            .get_many(persons, &cols, &person_ids, &steward_store::RowScope::ALL)
            .await?
            .iter()
            .map(|p| (id_of(p), text(p, "name").unwrap_or_default()))
            .collect();
        // A member without an account is not a SCIM user.
        let members = person_ids
            .iter()
            .filter_map(|pid| {
                let account = accounts.get(pid)?;
                Some((id_of(account), names.get(pid).cloned().unwrap_or_default()))
            })
            .collect();
        Ok(ScimGroup {
            id,
            display_name: text(&team, "name").unwrap_or_default(),
            external_id: text(&team, "external_id"),
            members,
            created: time_of(&team, "created_on"),
            modified: time_of(&team, "modified_on"),
        })
    }

    pub async fn scim_groups(
        &self,
        actor: &Actor,
        filter: Option<(GroupKey, String)>,
        skip: u64,
        top: u64,
    ) -> Result<(u64, Vec<ScimGroup>)> {
        self.require_provisioning(actor)?;
        let teams = self.builtin_table("team");
        if let Some((key, value)) = filter {
            let field = match key {
                GroupKey::DisplayName => "name",
                GroupKey::ExternalId => "external_id",
            };
            return Ok(
                match self.db.find_by(teams, field, Value::Text(value)).await? {
                    Some(team) if skip == 0 && top > 0 => {
                        (1, vec![self.scim_group_record(team).await?])
                    }
                    Some(_) => (1, Vec::new()),
                    None => (0, Vec::new()),
                },
            );
        }
        let (total, rows) = self.page_of(actor, teams, skip, top).await?;
        let mut out = Vec::with_capacity(rows.len());
        for team in rows {
            out.push(self.scim_group_record(team).await?);
        }
        Ok((total, out))
    }

    pub async fn scim_group(&self, actor: &Actor, id: Uuid) -> Result<ScimGroup> {
        self.require_provisioning(actor)?;
        let team = self
            .db
            .get_unscoped(self.builtin_table("team"), id)
            .await?
            .ok_or_else(|| not_found("group", id))?;
        self.scim_group_record(team).await
    }

    /// The persons behind member account ids; an unknown id is the client's error (400).
    async fn member_persons(&self, members: &[Uuid]) -> Result<Vec<(Uuid, String)>> {
        let users = self.builtin_table("user_account");
        let cols: Vec<_> = users.fields.iter().collect();
        let found: HashMap<Uuid, Record> = self
            .db
            .get_many(users, &cols, members, &steward_store::RowScope::ALL)
            .await?
            .into_iter()
            .map(|a| (id_of(&a), a))
            .collect();
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for (i, m) in members.iter().enumerate() {
            let account = found.get(m).ok_or_else(|| {
                DomainError::field(
                    ErrorKind::BadRequest,
                    "invalid_value",
                    &format!("members[{i}].value"),
                    format!("there is no user {m}"),
                )
            })?;
            let pid = account
                .get("person_id")
                .and_then(Value::as_uuid)
                .expect("accounts belong to a person");
            if seen.insert(pid) {
                out.push((pid, text(account, "name").unwrap_or_default()));
            }
        }
        Ok(out)
    }

    /// Make a team's account-holding members exactly `members` (members without an account,
    /// added in Steward, stay).
    async fn set_members(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        team_id: Uuid,
        team_name: &str,
        members: &[(Uuid, String)],
    ) -> Result<()> {
        let links = self.builtin_table("team_member");
        let current = self
            .db
            .find_all_by(links, "team_id", Value::Uuid(team_id))
            .await?;
        let person_of = |link: &Record| {
            link.get("person_id")
                .and_then(Value::as_uuid)
                .expect("a required lookup")
        };
        let with_account = self.accounts_of(current.iter().map(person_of)).await?;
        let wanted: HashSet<Uuid> = members.iter().map(|(p, _)| *p).collect();
        let mut present = HashSet::new();
        for link in current {
            let pid = person_of(&link);
            if wanted.contains(&pid) {
                present.insert(pid);
            } else if with_account.contains_key(&pid) {
                self.delete_in(batch, actor.clone(), links, id_of(&link), None)
                    .await?;
            }
        }
        for (pid, user_name) in members {
            if present.contains(pid) {
                continue;
            }
            let name: String = format!("{team_name}: {user_name}")
                .chars()
                .take(200)
                .collect();
            let body = object(json!({
                "name": name,
                "team_id": team_id.to_string(),
                "person_id": pid.to_string(),
            }));
            self.create_in(batch, actor.clone(), links, &body, None)
                .await?;
        }
        Ok(())
    }

    pub async fn scim_create_group(
        &self,
        actor: &Actor,
        input: &ScimGroupInput,
    ) -> Result<ScimGroup> {
        self.require_provisioning(actor)?;
        let members = self.member_persons(&input.members).await?;
        let teams = self.builtin_table("team");
        let mut batch = self.batch().await?;
        let body = object(json!({"name": input.display_name, "external_id": input.external_id}));
        let team = self
            .create_in(&mut batch, actor.clone(), teams, &body, None)
            .await?;
        let id = id_of(&team);
        self.set_members(&mut batch, actor, id, &input.display_name, &members)
            .await?;
        batch.commit().await?;
        self.scim_group(actor, id).await
    }

    pub async fn scim_replace_group(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ScimGroupInput,
    ) -> Result<ScimGroup> {
        self.require_provisioning(actor)?;
        let teams = self.builtin_table("team");
        if self.db.get_unscoped(teams, id).await?.is_none() {
            return Err(not_found("group", id).into());
        }
        let members = self.member_persons(&input.members).await?;
        let mut batch = self.batch().await?;
        let body = object(json!({"name": input.display_name, "external_id": input.external_id}));
        self.update_in(&mut batch, actor.clone(), teams, id, &body, None, None)
            .await?;
        self.set_members(&mut batch, actor, id, &input.display_name, &members)
            .await?;
        batch.commit().await?;
        self.scim_group(actor, id).await
    }

    /// Delete a team with its memberships and role grants. A team other records still refer to
    /// is refused (409), as any referenced record is.
    pub async fn scim_delete_group(&self, actor: &Actor, id: Uuid) -> Result<()> {
        self.require_provisioning(actor)?;
        let teams = self.builtin_table("team");
        if self.db.get_unscoped(teams, id).await?.is_none() {
            return Err(not_found("group", id).into());
        }
        let mut batch = self.batch().await?;
        self.delete_links(
            &mut batch,
            actor,
            &["team_member", "team_role"],
            "team_id",
            id,
        )
        .await?;
        self.delete_in(&mut batch, actor.clone(), teams, id, None)
            .await?;
        batch.commit().await
    }
}
