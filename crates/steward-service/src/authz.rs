//! Security roles enforced in the query: a caller's privileges per table, each at a depth, become a
//! `RowScope` that the store puts inside the SQL of every read.

use crate::{Actor, Result, Service};
use std::collections::HashMap;
use steward_domain::{DomainError, ErrorKind, Record, Value};
use steward_model::Table;
use steward_store::{RowScope, Rows};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Privilege {
    Read,
    Create,
    Write,
    Delete,
    Assign,
    Share,
}

impl Privilege {
    pub fn code(self) -> &'static str {
        match self {
            Privilege::Read => "read",
            Privilege::Create => "create",
            Privilege::Write => "write",
            Privilege::Delete => "delete",
            Privilege::Assign => "assign",
            Privilege::Share => "share",
        }
    }
    pub fn parse(s: &str) -> Option<Privilege> {
        [
            Privilege::Read,
            Privilege::Create,
            Privilege::Write,
            Privilege::Delete,
            Privilege::Assign,
            Privilege::Share,
        ]
        .into_iter()
        .find(|p| p.code() == s)
    }
}

/// How far a privilege reaches, from nothing to the whole organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Depth {
    None,
    /// Records the caller owns or created.
    User,
    /// Also records owned by the caller's organization unit.
    Unit,
    /// Also records owned by the units below it.
    UnitAndBelow,
    Organization,
}

impl Depth {
    pub fn code(self) -> &'static str {
        match self {
            Depth::None => "none",
            Depth::User => "user",
            Depth::Unit => "unit",
            Depth::UnitAndBelow => "unit_and_below",
            Depth::Organization => "organization",
        }
    }
    pub fn parse(s: &str) -> Option<Depth> {
        [
            Depth::None,
            Depth::User,
            Depth::Unit,
            Depth::UnitAndBelow,
            Depth::Organization,
        ]
        .into_iter()
        .find(|d| d.code() == s)
    }
}

/// The fields that name the person a record is about. A caller whose depth on the table is at least
/// `user` also reaches the records naming them there: a requester sees the requests filed for them
/// and the access they hold, a reviewer the approvals they are asked to decide.
pub fn subject_fields(table: &str) -> &'static [&'static str] {
    match table {
        "it_service_request" => &["requested_by_id", "requested_for_id"],
        "it_system_access_request" => &["person_id", "requested_by_id"],
        "it_assigned_entitlement" => &["person_id"],
        "it_provisioning_request" => &["person_id"],
        "incident" => &["reported_by_id"],
        "approval" => &["reviewer_id"],
        "approval_delegation" => &["delegator_id", "delegate_id"],
        _ => &[],
    }
}

/// The subject fields through which a delegate also reaches the rows of the people who delegated
/// to them, while the delegation is active and its window holds the present: an approval's reviewer.
pub fn delegated_fields(table: &str) -> &'static [&'static str] {
    match table {
        "approval" => &["reviewer_id"],
        _ => &[],
    }
}

/// What a caller's roles grant: the deepest depth per (table, privilege); `*` stands for every table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Permissions {
    grants: HashMap<(String, Privilege), Depth>,
    /// Steward itself (bootstrap, CLI, demo): everything.
    everything: bool,
    /// Whether a role lets the caller read protected fields and internal notes.
    protected: bool,
}

impl Permissions {
    pub fn everything() -> Permissions {
        Permissions {
            grants: HashMap::new(),
            everything: true,
            protected: true,
        }
    }
    /// Steward itself (bootstrap, CLI, demo, a workflow step): not a caller the write guards check.
    pub fn is_everything(&self) -> bool {
        self.everything
    }
    /// Whether the caller may read protected fields (`Field::protected`) and internal notes.
    pub fn reads_protected(&self) -> bool {
        self.everything || self.protected
    }
    pub fn allow_protected(&mut self) {
        self.protected = true;
    }
    pub fn grant(&mut self, table: &str, privilege: Privilege, depth: Depth) {
        let d = self
            .grants
            .entry((table.to_string(), privilege))
            .or_insert(Depth::None);
        *d = (*d).max(depth);
    }
    pub fn depth(&self, table: &str, privilege: Privilege) -> Depth {
        if self.everything {
            return Depth::Organization;
        }
        let own = self
            .grants
            .get(&(table.to_string(), privilege))
            .copied()
            .unwrap_or(Depth::None);
        let all = self
            .grants
            .get(&("*".to_string(), privilege))
            .copied()
            .unwrap_or(Depth::None);
        own.max(all)
    }
}

impl Actor {
    /// The rows of `table` this actor may touch with `privilege`.
    pub fn scope(&self, table: &str, privilege: Privilege) -> RowScope {
        let within = |units: Vec<Uuid>| Rows::Within {
            person: self.person_id,
            units,
            subject: subject_fields(table),
            delegated: delegated_fields(table),
            at: time::OffsetDateTime::now_utc(),
        };
        let rows = match self.permissions.depth(table, privilege) {
            Depth::Organization => Rows::All,
            Depth::UnitAndBelow => within(self.units.to_vec()),
            Depth::Unit => within(self.units.first().copied().into_iter().collect()),
            Depth::User => within(Vec::new()),
            Depth::None => Rows::Nothing,
        };
        // Internal work notes are protected: hidden from callers whose roles do not read protected data.
        let hide_flagged =
            (table == "note" && !self.permissions.reads_protected()).then_some("is_internal");
        RowScope { rows, hide_flagged }
    }

    /// Whether a stored (or about to be stored) record is within this actor's reach.
    pub fn reaches(&self, table: &str, privilege: Privilege, record: &Record) -> bool {
        let scope = self.scope(table, privilege);
        if let Some(flag) = scope.hide_flagged {
            if record.get(flag) == Some(&Value::Bool(true)) {
                return false;
            }
        }
        match scope.rows {
            Rows::All => true,
            Rows::Nothing => false,
            // A delegate's reach (`delegated`) is the SQL's alone: the transition engine checks a
            // delegation itself (`delegated_by`) before a delegate decides.
            Rows::Within {
                person,
                units,
                subject,
                ..
            } => {
                let is = |f: &str, id: Uuid| record.get(f).and_then(Value::as_uuid) == Some(id);
                is("owner_id", person)
                    || is("created_by_id", person)
                    || subject.iter().any(|f| is(f, person))
                    || record
                        .get("owning_unit_id")
                        .and_then(Value::as_uuid)
                        .is_some_and(|u| units.contains(&u))
            }
        }
    }

    /// 403 unless this actor holds `privilege` on `table` at some depth.
    pub fn require(&self, table: &str, privilege: Privilege) -> Result<()> {
        if self.permissions.depth(table, privilege) == Depth::None {
            return Err(forbidden(table, privilege).into());
        }
        Ok(())
    }
}

pub fn forbidden(table: &str, privilege: Privilege) -> DomainError {
    DomainError::new(
        ErrorKind::Forbidden,
        "forbidden",
        format!("your roles do not allow {} on {table}", privilege.code()),
    )
}

impl Service {
    /// A table as this actor sees it: without protected fields unless its roles read them.
    pub fn table_for(&self, actor: &Actor, set: &str) -> Result<Table> {
        let table = self.table_by_set(set)?;
        Ok(self.view_of(actor, table))
    }

    pub(crate) fn view_of(&self, actor: &Actor, table: &Table) -> Table {
        if actor.permissions.reads_protected() {
            table.clone()
        } else {
            table.without_protected()
        }
    }

    /// Resolve a signed-in user's roles (their own and their teams') and unit into an actor.
    pub(crate) async fn actor_for(
        &self,
        user_id: Uuid,
        person: &Record,
        scope: crate::Scope,
    ) -> Result<Actor> {
        let person_id = person.get("id").and_then(Value::as_uuid).expect("ids");
        let mut permissions = Permissions::default();
        for (table, privilege, depth) in self.db.privileges_of(user_id, person_id).await? {
            if let (Some(p), Some(d)) = (Privilege::parse(&privilege), Depth::parse(&depth)) {
                permissions.grant(&table, p, d);
            }
        }
        if self.db.reads_protected(user_id, person_id).await? {
            permissions.allow_protected();
        }
        let unit = person.get("organization_unit_id").and_then(Value::as_uuid);
        let units = match unit {
            Some(u) => self.db.unit_subtree(u).await?,
            None => Vec::new(),
        };
        Ok(Actor {
            person_id,
            user_id: Some(user_id),
            scope,
            permissions: permissions.into(),
            units: units.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deepest_grant_wins_and_star_covers_every_table() {
        let mut p = Permissions::default();
        p.grant("incident", Privilege::Read, Depth::User);
        p.grant("incident", Privilege::Read, Depth::Unit);
        p.grant("*", Privilege::Read, Depth::User);
        assert_eq!(p.depth("incident", Privilege::Read), Depth::Unit);
        assert_eq!(p.depth("problem", Privilege::Read), Depth::User);
        assert_eq!(p.depth("problem", Privilege::Write), Depth::None);
        assert_eq!(
            Permissions::everything().depth("x", Privilege::Delete),
            Depth::Organization
        );
    }
}
