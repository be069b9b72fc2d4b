//! The rules every write of a caller passes, decided in one place for the API, the web UI, SCIM and
//! imports alike: what a write may point at, who may hand a record over, which fields belong to the
//! approval process, and separation of duties (nobody approves their own work or grants themselves
//! access). Steward itself (bootstrap, the CLI, the demo, a workflow step it carries out for an
//! actor) is not a caller: a use case that runs as `Actor::for_workflow` has checked the step.
//! `docs/ROLES.md` states these rules; `docs/SECURITY.md` maps them to their tests.

use crate::authz::{forbidden, Privilege};
use crate::{uuid_of as uuid, Actor, Result, Service};
use steward_domain::{DomainError, ErrorKind, Record, Value};
use steward_model::Table;
use uuid::Uuid;

/// The codes of refusals that are recorded in the audit trail as refused attempts: a caller trying
/// to take a step that is not theirs is a security event, not a typo.
pub(crate) const RECORDED_REFUSALS: &[&str] = &[
    "own_request",
    "self_review",
    "self_grant",
    "self_verify",
    "workflow_field",
    "transition_forbidden",
];

/// The fields that make a record someone's own work: they asked for it, it is about them, they
/// own it, created it, or fulfil it. Nobody reviews such a record.
const INVOLVED_FIELDS: &[&str] = &[
    "requested_by_id",
    "requested_for_id",
    "person_id",
    "reported_by_id",
    "owner_id",
    "created_by_id",
    "assigned_to_id",
];

/// Whether `person` asked for, is the subject of, owns, created or fulfils `record`.
pub(crate) fn involved(record: &Record, person: Uuid) -> bool {
    INVOLVED_FIELDS
        .iter()
        .any(|f| record.get(*f).and_then(Value::as_uuid) == Some(person))
}

/// Tables only Steward writes (`Table::written_by_steward`: a job's runs are its record of what
/// it did).
pub(crate) fn refuse_system_table(actor: &Actor, table: &Table) -> Result<()> {
    if table.written_by_steward && !actor.permissions.is_everything() {
        return Err(refusal(
            "written_by_steward",
            format!("{} records are written by Steward only", table.label),
        ));
    }
    Ok(())
}

pub(crate) fn refusal(code: &'static str, message: impl Into<String>) -> crate::Error {
    DomainError::new(ErrorKind::Forbidden, code, message).into()
}

fn immutable(field: &str) -> crate::Error {
    DomainError::field(
        ErrorKind::BadRequest,
        "immutable_field",
        field,
        format!("'{field}' is fixed when the record is created; create a new record instead"),
    )
    .into()
}

/// A reviewer delegates their own approvals, to someone else; an administrator (who assigns
/// records organization-wide) may set one up for them.
fn guard_delegation(actor: &Actor, after: &Record) -> Result<()> {
    let delegator = uuid(after, "delegator_id");
    if delegator.is_some() && delegator == uuid(after, "delegate_id") {
        return Err(DomainError::field(
            ErrorKind::Invalid,
            "invalid_value",
            "delegate_id",
            "a delegate stands in for someone else: name another person",
        )
        .into());
    }
    let administers = actor
        .permissions
        .depth("approval_delegation", Privilege::Assign)
        == crate::authz::Depth::Organization;
    if delegator != Some(actor.person_id) && !administers {
        return Err(refusal(
            "not_your_delegation",
            "you delegate your own approvals only; an administrator may set up a delegation for someone else",
        ));
    }
    Ok(())
}

fn given(changed: &Record, field: &str) -> bool {
    changed.get(field).is_some_and(|v| !v.is_null())
}

impl Service {
    /// The caller's side of a create or an update, checked before anything is written: `before` is
    /// the stored record (`None` on create), `after` the record as it would be stored and `changed`
    /// the fields the write sets.
    pub(crate) async fn guard_write(
        &self,
        actor: &Actor,
        table: &Table,
        before: Option<&Record>,
        after: &Record,
        changed: &Record,
    ) -> Result<()> {
        refuse_system_table(actor, table)?;
        if let Some(stored) = before {
            // A note, an approval or an attachment stays about the record it was made for.
            for f in ["regarding_table", "regarding_id"] {
                if table.field(f).is_some() && changed.contains_key(f) {
                    return Err(immutable(f));
                }
            }
            // A field its lifecycle freezes in the record's state moves only by a transition.
            if let Some(lifecycle) = self.lifecycle(&table.name) {
                let state = lifecycle.state_of(stored);
                if let Some(f) = changed.keys().find(|f| lifecycle.frozen_in(f, state)) {
                    return Err(DomainError::field(
                        ErrorKind::Forbidden,
                        "workflow_field",
                        f,
                        format!("'{f}' is fixed while the {} is {state}; a transition changes it (Steward.transitions lists them)", table.label),
                    )
                    .into());
                }
            }
            // An approval's place in its chain is fixed, and its reviewer changes only by the
            // `reassign` transition, with a reason (else a PATCH would reorder stages or hand a
            // decision to someone else unaudited).
            if table.name == "approval" {
                for f in ["stage", "reviewer_type"] {
                    if changed.contains_key(f) {
                        return Err(immutable(f));
                    }
                }
                if changed.contains_key("reviewer_id") {
                    return Err(DomainError::field(
                        ErrorKind::Forbidden,
                        "workflow_field",
                        "reviewer_id",
                        "an approval's reviewer changes by its reassign transition (Steward.reassign, with a reason), not by a write",
                    )
                    .into());
                }
            }
        }
        if actor.permissions.is_everything() {
            return Ok(());
        }
        if before.is_none() {
            self.guard_owner_on_create(actor, table, after, changed)?;
        }
        if table.name == "approval" {
            self.guard_approval(actor, after, changed)?;
        }
        if table.name == "approval_delegation" {
            guard_delegation(actor, after)?;
        }
        // A file comes with its bytes: through the upload, which sets them.
        if table.name == "attachment"
            && before.is_none()
            && after.get("sha256").is_none_or(Value::is_null)
        {
            return Err(DomainError::new(
                ErrorKind::Invalid,
                "upload_required",
                "an attachment is made by uploading its file: POST the bytes to /api/v1/{set}({id})/attachments",
            )
            .into());
        }
        self.guard_self_grant(actor, table, after).await
    }

    /// Handing a new record to someone else (another owner or unit than the caller's own) needs
    /// `assign`, as it does on update.
    fn guard_owner_on_create(
        &self,
        actor: &Actor,
        table: &Table,
        after: &Record,
        changed: &Record,
    ) -> Result<()> {
        let other_owner = table.name != "person"
            && given(changed, "owner_id")
            && uuid(changed, "owner_id") != Some(actor.person_id);
        let other_unit = given(changed, "owning_unit_id")
            && uuid(changed, "owning_unit_id") != actor.units.first().copied();
        if (other_owner || other_unit) && !actor.reaches(&table.name, Privilege::Assign, after) {
            return Err(forbidden(&table.name, Privilege::Assign).into());
        }
        Ok(())
    }

    /// Reviewers are chosen by the workflow or by someone else, never by themselves (and the
    /// approval's `approve` refuses a reviewer who requested, owns or fulfils the record).
    fn guard_approval(&self, actor: &Actor, after: &Record, changed: &Record) -> Result<()> {
        if changed.contains_key("reviewer_id")
            && uuid(after, "reviewer_id") == Some(actor.person_id)
        {
            return Err(refusal(
                "self_review",
                "no one names themselves the reviewer of an approval (separation of duties)",
            ));
        }
        Ok(())
    }

    /// Nobody grants themselves an entitlement or a role, directly or through a team.
    async fn guard_self_grant(&self, actor: &Actor, table: &Table, after: &Record) -> Result<()> {
        let me = actor.person_id;
        let own = match table.name.as_str() {
            "it_assigned_entitlement" => uuid(after, "person_id") == Some(me),
            "user_role" => {
                actor.user_id.is_some() && uuid(after, "user_account_id") == actor.user_id
            }
            "team_member" => uuid(after, "person_id") == Some(me),
            "team_role" => match uuid(after, "team_id") {
                Some(team) => self.is_member(team, me).await?,
                None => false,
            },
            "role_privilege" => match uuid(after, "security_role_id") {
                Some(role) => self.holds_role(actor, role).await?,
                None => false,
            },
            _ => false,
        };
        if own {
            return Err(refusal(
                "self_grant",
                format!(
                    "no one grants themselves access: another person must make this {} (separation of duties)",
                    table.name
                ),
            ));
        }
        Ok(())
    }

    async fn is_member(&self, team: Uuid, person: Uuid) -> Result<bool> {
        let members = self.builtin_table("team_member");
        Ok(self
            .db
            .find_all_by(members, "team_id", Value::Uuid(team))
            .await?
            .iter()
            .any(|m| uuid(m, "person_id") == Some(person)))
    }

    /// Whether the actor holds a role, directly or through one of its teams.
    async fn holds_role(&self, actor: &Actor, role: Uuid) -> Result<bool> {
        if let Some(user) = actor.user_id {
            let direct = self
                .db
                .find_all_by(
                    self.builtin_table("user_role"),
                    "user_account_id",
                    Value::Uuid(user),
                )
                .await?;
            if direct
                .iter()
                .any(|r| uuid(r, "security_role_id") == Some(role))
            {
                return Ok(true);
            }
        }
        let teams = self
            .db
            .find_all_by(
                self.builtin_table("team_role"),
                "security_role_id",
                Value::Uuid(role),
            )
            .await?;
        for t in teams {
            if let Some(team) = uuid(&t, "team_id") {
                if self.is_member(team, actor.person_id).await? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Record a refused step (separation of duties, a workflow field) in the audit trail, in its
    /// own transaction: the write itself rolled back.
    pub(crate) async fn record_refusal(
        &self,
        actor: &Actor,
        table: &Table,
        id: Option<Uuid>,
        error: &crate::Error,
    ) {
        let crate::Error::Domain(e) = error else {
            return;
        };
        if actor.permissions.is_everything() || !RECORDED_REFUSALS.contains(&e.code) {
            return;
        }
        let changes = vec![steward_domain::audit::FieldChange {
            field: "refused".into(),
            old: serde_json::Value::Null,
            new: serde_json::json!(e.code),
        }];
        let recorded = async {
            let mut batch = self.batch().await?;
            batch
                .tx_mut()
                .audit(
                    actor.person_id,
                    steward_domain::audit::Action::Refused,
                    &table.name,
                    id.unwrap_or(Uuid::nil()),
                    &changes,
                )
                .await?;
            batch.commit().await
        };
        if let Err(failed) = recorded.await {
            tracing::warn!(error = %failed, "could not record a refused attempt");
        }
    }
}
