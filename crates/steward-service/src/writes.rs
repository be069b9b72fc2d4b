//! Create, update (including deactivate) and delete, each in one transaction with its audit entry.

use crate::authz::{forbidden, Privilege};
use crate::{Actor, Error, Result, Service, ADMIN_PERSON_ID};
use serde_json::{Map, Value as Json};
use std::collections::HashSet;
use steward_domain::audit::{Action, FieldChange};
use steward_domain::input::parse_body;
use steward_domain::rules::{check, cycle_error, dangling_error, derive};
use steward_domain::value::now;
use steward_domain::{DomainError, ErrorKind, Record, Value};
use steward_model::{DefaultValue, FieldType, Model, Table};
use steward_store::WriteTx;
use uuid::Uuid;

/// A write transaction with what it has already checked, so that a batch does not look up the same
/// person a thousand times.
pub struct Batch {
    tx: WriteTx,
    known: HashSet<(String, Uuid)>,
    /// Records a scoped caller was found to read in this batch.
    readable: HashSet<(String, Uuid)>,
    /// Work assignment code windows read in this batch (start, end).
    windows: std::collections::HashMap<Uuid, (Option<Value>, Option<Value>)>,
}

impl Batch {
    /// The write transaction itself, for security events that belong to no record change.
    pub(crate) fn tx_mut(&mut self) -> &mut WriteTx {
        &mut self.tx
    }

    /// Set one bookkeeping field (like a token's `last_used_on`) without a new version or an
    /// audit entry.
    pub(crate) async fn touch(
        &mut self,
        table: &Table,
        id: Uuid,
        field: &str,
        value: Value,
    ) -> Result<()> {
        self.tx
            .touch(table, id, field, value)
            .await
            .map_err(Into::into)
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await.map_err(Into::into)
    }

    async fn exists(&mut self, table: &str, id: Uuid) -> Result<bool> {
        if self.known.contains(&(table.to_string(), id)) {
            return Ok(true);
        }
        let found = self.tx.exists(table, id).await?;
        if found {
            self.known.insert((table.to_string(), id));
        }
        Ok(found)
    }

    /// Whether `id` is a record of `table` that `actor` may read. A record it may not read is
    /// answered exactly like one that does not exist (one read either way), so that no write
    /// tells which ids exist.
    async fn readable(&mut self, actor: &Actor, table: &Table, id: Uuid) -> Result<bool> {
        let scope = actor.scope(&table.name, Privilege::Read);
        if scope == steward_store::RowScope::ALL {
            return self.exists(&table.name, id).await;
        }
        let key = (table.name.clone(), id);
        if self.readable.contains(&key) {
            return Ok(true);
        }
        let reached = self
            .tx
            .get(table, id)
            .await?
            .is_some_and(|r| actor.reaches(&table.name, Privilege::Read, &r));
        if reached {
            self.readable.insert(key);
        }
        Ok(reached)
    }
}

fn default_value(d: &DefaultValue, actor: &Actor) -> Value {
    match d {
        DefaultValue::Bool(b) => Value::Bool(*b),
        DefaultValue::Text(s) => Value::Text(s.clone()),
        DefaultValue::Int(i) => Value::Int(*i),
        DefaultValue::Caller => Value::Uuid(actor.person_id),
    }
}

/// The fields whose value differs between two records (system bookkeeping excluded).
fn diff(table: &Table, before: &Record, after: &Record) -> Vec<FieldChange> {
    table
        .fields
        .iter()
        .filter(|f| {
            !matches!(
                f.name.as_str(),
                "modified_on" | "modified_by_id" | "row_version"
            )
        })
        .filter_map(|f| {
            let old = before.get(&f.name).unwrap_or(&Value::Null);
            let new = after.get(&f.name).unwrap_or(&Value::Null);
            // A secret's change is recorded, never its value.
            let shown = |v: &Value| match (f.secret, v.is_null()) {
                (true, false) => Json::String("[secret]".into()),
                _ => v.to_json(),
            };
            (old != new).then(|| FieldChange {
                field: f.name.clone(),
                old: shown(old),
                new: shown(new),
            })
        })
        .collect()
}

/// The record as stored now and its version, after checking the caller may reach it (a record it
/// may not read is a 404, one it may read but not change a 403) and the client's `If-Match`.
async fn current(
    batch: &mut Batch,
    table: &Table,
    id: Uuid,
    if_match: Option<i64>,
    access: Option<(&Actor, Privilege)>,
) -> Result<(Record, i64)> {
    let record = batch
        .tx
        .get(table, id)
        .await?
        .ok_or_else(|| DomainError::not_found(&table.name, id))?;
    if let Some((actor, privilege)) = access {
        if !actor.reaches(&table.name, Privilege::Read, &record) {
            return Err(DomainError::not_found(&table.name, id).into());
        }
        if !actor.reaches(&table.name, privilege, &record) {
            return Err(forbidden(&table.name, privilege).into());
        }
    }
    let version = record
        .get("row_version")
        .and_then(Value::as_int)
        .unwrap_or(0);
    if if_match.is_some_and(|v| v != version) {
        return Err(DomainError::stale().into());
    }
    Ok((record, version))
}

/// Whether a change hands the record to another owner or unit: the assign privilege, checked on the
/// record as it was. (A person's `owner_id` is the accountable human, a business field.)
fn hands_over(table: &Table, changed: &Record) -> bool {
    changed.contains_key("owning_unit_id")
        || (table.name != "person" && changed.contains_key("owner_id"))
}

impl Service {
    /// Open a write transaction for several writes committed together.
    pub async fn batch(&self) -> Result<Batch> {
        Ok(Batch {
            tx: self.db.begin().await?,
            known: HashSet::new(),
            readable: HashSet::new(),
            windows: Default::default(),
        })
    }

    pub async fn create(
        &self,
        actor: Actor,
        table: &Table,
        body: &Map<String, Json>,
    ) -> Result<Record> {
        // A caller creates only what its roles allow, and only within its reach (the record's
        // owner and owning unit default to the caller's).
        actor.require(&table.name, Privilege::Create)?;
        let created = async {
            let mut batch = self.batch().await?;
            let record = self
                .create_in(&mut batch, actor.clone(), table, body, None)
                .await?;
            if !actor.reaches(&table.name, Privilege::Create, &record) {
                return Err(forbidden(&table.name, Privilege::Create).into()); // the batch rolls back
            }
            batch.commit().await?;
            Ok(record)
        }
        .await;
        if let Err(e) = &created {
            self.record_refusal(&actor, table, None, e).await;
        }
        created
    }

    /// Create one record inside `batch`. `id` is only given for built-in records.
    pub async fn create_in(
        &self,
        batch: &mut Batch,
        actor: Actor,
        table: &Table,
        body: &Map<String, Json>,
        id: Option<Uuid>,
    ) -> Result<Record> {
        self.create_with(batch, actor, table, body, id, &Record::new())
            .await
    }

    /// `create_in` with values only Steward sets (`internal`: secrets, token prefixes).
    pub(crate) async fn create_with(
        &self,
        batch: &mut Batch,
        actor: Actor,
        table: &Table,
        body: &Map<String, Json>,
        id: Option<Uuid>,
        internal: &Record,
    ) -> Result<Record> {
        let mut record = self
            .prepare_create(batch, &actor, table, body, id, internal)
            .await?;
        if let Some(prefix) = &table.number_prefix {
            let n = batch.tx.next_number(&table.name).await?;
            record.insert("number".into(), Value::Text(format!("{prefix}-{n:06}")));
        }
        batch.tx.insert(table, &record).await?;
        let audit = diff(table, &Record::new(), &record);
        let id = record
            .get("id")
            .and_then(Value::as_uuid)
            .expect("prepared records have ids");
        batch
            .tx
            .audit(actor.person_id, Action::Create, &table.name, id, &audit)
            .await?;
        self.announce(batch, &actor, table, None, &record).await?;
        Ok(record)
    }

    /// Create many records of one table inside `batch`, with multi-row writes: the bulk path of
    /// imports, the demo and the benchmark. Every record goes through the same rules as `create_in`;
    /// the first invalid one fails the whole batch.
    pub async fn create_many(
        &self,
        batch: &mut Batch,
        actor: Actor,
        table: &Table,
        bodies: &[Map<String, Json>],
    ) -> Result<Vec<Record>> {
        self.create_many_with(batch, actor, table, bodies, &[])
            .await
    }

    /// `create_many` with workflow-owned values Steward itself sets on each record (`states[i]` for
    /// `bodies[i]`): the synthetic history of the benchmark's bulk load. Only Steward itself may
    /// (`Actor::administrator()`); callers' records start in their initial state.
    pub async fn create_many_with(
        &self,
        batch: &mut Batch,
        actor: Actor,
        table: &Table,
        bodies: &[Map<String, Json>],
        states: &[Record],
    ) -> Result<Vec<Record>> {
        if !states.is_empty() && !actor.permissions.is_everything() {
            return Err(forbidden(&table.name, Privilege::Create).into());
        }
        let none = Record::new();
        let mut records = Vec::with_capacity(bodies.len());
        for (i, body) in bodies.iter().enumerate() {
            let internal = states.get(i).unwrap_or(&none);
            records.push(
                self.prepare_create(batch, &actor, table, body, None, internal)
                    .await?,
            );
        }
        if let (Some(prefix), false) = (&table.number_prefix, records.is_empty()) {
            let first = batch
                .tx
                .next_numbers(&table.name, records.len() as i64)
                .await?;
            for (i, r) in records.iter_mut().enumerate() {
                r.insert(
                    "number".into(),
                    Value::Text(format!("{prefix}-{:06}", first + i as i64)),
                );
            }
        }
        batch.tx.insert_many(table, &records).await?;
        let audit: Vec<(Uuid, Vec<FieldChange>)> = records
            .iter()
            .map(|r| {
                (
                    r.get("id")
                        .and_then(Value::as_uuid)
                        .expect("prepared records have ids"),
                    diff(table, &Record::new(), r),
                )
            })
            .collect();
        batch
            .tx
            .audit_many(actor.person_id, Action::Create, &table.name, &audit)
            .await?;
        Ok(records)
    }

    /// Everything a create decides before writing: defaults, system columns, derived fields, rules.
    async fn prepare_create(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        table: &Table,
        body: &Map<String, Json>,
        id: Option<Uuid>,
        internal: &Record,
    ) -> Result<Record> {
        let from_caller = parse_body(&self.model, table, body)?;
        let mut changes = from_caller.clone();
        // Values only Steward sets (secrets, token prefixes), never taken from a client.
        changes.extend(internal.clone());
        // On create, null for a field with a default asks for the default (generic clients send
        // every property).
        changes.retain(|name, v| {
            !(v.is_null() && table.field(name).is_some_and(|f| f.default.is_some()))
        });
        let id = id.unwrap_or_else(Uuid::now_v7);
        let at = now();
        let mut record = Record::new();
        for f in &table.fields {
            if let Some(d) = &f.default {
                record.insert(f.name.clone(), default_value(d, actor));
            }
        }
        record.extend(changes.clone());
        record.insert("id".into(), Value::Uuid(id));
        record.insert("created_on".into(), Value::DateTime(at));
        record.insert("modified_on".into(), Value::DateTime(at));
        record.insert("created_by_id".into(), Value::Uuid(actor.person_id));
        record.insert("modified_by_id".into(), Value::Uuid(actor.person_id));
        record.insert("row_version".into(), Value::Int(1));
        if !changes.contains_key("owning_unit_id") {
            if let Some(unit) = actor.units.first() {
                record.insert("owning_unit_id".into(), Value::Uuid(*unit));
            }
        }
        // On person, owner_id is the accountable human of a non-human identity, never defaulted.
        if table.name != "person" && !changes.contains_key("owner_id") {
            record.insert("owner_id".into(), Value::Uuid(actor.person_id));
        }
        // A process record starts in its lifecycle's initial state, whatever the body says (the
        // body cannot name a workflow field); only Steward's own `internal` values come after.
        if let Some(lifecycle) = self.lifecycle(&table.name) {
            record.extend(lifecycle.initial_values(actor.person_id, at));
            record.extend(internal.clone());
        }
        derive(&self.model, table, &changes, &mut record);
        self.measure_sla(batch, table, None, &mut record).await?;
        check(table, &record)?;
        self.guard_write(actor, table, None, &record, &from_caller)
            .await?;
        self.check_stored(batch, actor, table, &record, &changes, id)
            .await?;
        // Later records of the same batch may point at this one.
        batch.known.insert((table.name.clone(), id));
        Ok(record)
    }

    /// Merge `body` into the record. `if_match` is the row_version the client last read.
    pub async fn update(
        &self,
        actor: Actor,
        table: &Table,
        id: Uuid,
        body: &Map<String, Json>,
        if_match: Option<i64>,
    ) -> Result<Record> {
        let updated = self
            .update_with(actor.clone(), table, id, body, if_match, None)
            .await;
        if let Err(e) = &updated {
            self.record_refusal(&actor, table, Some(id), e).await;
        }
        updated
    }

    /// `update`, or, with `internal` values only Steward sets, Steward itself making the change on
    /// the actor's behalf (a token's first use, a logout): then the actor's roles are not checked.
    pub(crate) async fn update_with(
        &self,
        actor: Actor,
        table: &Table,
        id: Uuid,
        body: &Map<String, Json>,
        if_match: Option<i64>,
        internal: Option<&Record>,
    ) -> Result<Record> {
        let mut batch = self.batch().await?;
        let after = self
            .update_in(&mut batch, actor, table, id, body, if_match, internal)
            .await?;
        batch.commit().await?;
        Ok(after)
    }

    /// `update_with` inside a batch, so that several changes commit together.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn update_in(
        &self,
        batch: &mut Batch,
        actor: Actor,
        table: &Table,
        id: Uuid,
        body: &Map<String, Json>,
        if_match: Option<i64>,
        internal: Option<&Record>,
    ) -> Result<Record> {
        self.update_as(batch, actor, table, id, body, if_match, internal, None)
            .await
    }

    /// `update_in`, audited as the lifecycle transition whose entries (its name, its reason) are
    /// `transition`, when one is given: then a new version is written even when no field changes.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn update_as(
        &self,
        batch: &mut Batch,
        actor: Actor,
        table: &Table,
        id: Uuid,
        body: &Map<String, Json>,
        if_match: Option<i64>,
        internal: Option<&Record>,
        transition: Option<Vec<FieldChange>>,
    ) -> Result<Record> {
        let mut changes = parse_body(&self.model, table, body)?;
        let enforce = internal.is_none();
        changes.extend(internal.cloned().unwrap_or_default());
        let (before, version) = current(
            batch,
            table,
            id,
            if_match,
            enforce.then_some((&actor, Privilege::Write)),
        )
        .await?;
        let mut after = before.clone();
        after.extend(changes.clone());
        derive(&self.model, table, &changes, &mut after);
        self.measure_sla(batch, table, Some(&before), &mut after)
            .await?;
        check(table, &after)?;
        let changed = diff(table, &before, &after);
        if changed.is_empty() && transition.is_none() {
            return Ok(before); // nothing to change: no new version, no audit entry
        }
        let changed_only: Record = changed
            .iter()
            .map(|c| (c.field.clone(), after[&c.field].clone()))
            .collect();
        if enforce {
            self.guard_write(&actor, table, Some(&before), &after, &changed_only)
                .await?;
        }
        if enforce
            && hands_over(table, &changed_only)
            && !actor.reaches(&table.name, Privilege::Assign, &before)
        {
            return Err(forbidden(&table.name, Privilege::Assign).into());
        }
        self.check_stored(batch, &actor, table, &after, &changed_only, id)
            .await?;
        after.insert("modified_on".into(), Value::DateTime(now()));
        after.insert("modified_by_id".into(), Value::Uuid(actor.person_id));
        after.insert("row_version".into(), Value::Int(version + 1));
        let mut set = changed_only;
        for sys in ["modified_on", "modified_by_id", "row_version"] {
            set.insert(sys.into(), after[sys].clone());
        }
        if !batch.tx.update(table, id, version, &set).await? {
            return Err(DomainError::stale().into());
        }
        let (action, entries) = match (
            transition,
            before.get("state").and_then(Value::as_text),
            after.get("state").and_then(Value::as_text),
        ) {
            (Some(mut prelude), _, _) => {
                prelude.extend(changed);
                (Action::Transition, prelude)
            }
            (None, Some("active"), Some("inactive")) => (Action::Deactivate, changed),
            (None, Some("inactive"), Some("active")) => (Action::Reactivate, changed),
            _ => (Action::Update, changed),
        };
        batch
            .tx
            .audit(actor.person_id, action, &table.name, id, &entries)
            .await?;
        self.announce(batch, &actor, table, Some(&before), &after)
            .await?;
        Ok(after)
    }

    /// Delete a record nothing references. A referenced record is refused with 409 naming the referrers;
    /// deactivate it instead.
    pub async fn delete(
        &self,
        actor: Actor,
        table: &Table,
        id: Uuid,
        if_match: Option<i64>,
    ) -> Result<()> {
        let mut batch = self.batch().await?;
        self.delete_in(&mut batch, actor, table, id, if_match)
            .await?;
        batch.commit().await
    }

    /// `delete` inside a batch, so that several changes commit together.
    pub(crate) async fn delete_in(
        &self,
        batch: &mut Batch,
        actor: Actor,
        table: &Table,
        id: Uuid,
        if_match: Option<i64>,
    ) -> Result<()> {
        let (before, version) = current(
            batch,
            table,
            id,
            if_match,
            Some((&actor, Privilege::Delete)),
        )
        .await?;
        crate::guards::refuse_system_table(&actor, table)?;
        if id == ADMIN_PERSON_ID {
            return Err(DomainError::new(
                ErrorKind::Conflict,
                "built_in",
                "the built-in administrator cannot be deleted",
            )
            .into());
        }
        let mut refs = batch.tx.references(&self.model, table, id).await?;
        // A configuration item named by a relation is referenced like a lookup's target.
        if steward_model::CI_TABLES.contains(&table.name.as_str()) {
            let relations = self.builtin_table("ci_relation");
            for end in ["source_id", "target_id"] {
                let n = batch
                    .tx
                    .find_all_by(relations, end, Value::Uuid(id))
                    .await?
                    .len() as i64;
                if n > 0 {
                    refs.push((relations.name.clone(), end.to_string(), n));
                }
            }
        }
        if !refs.is_empty() {
            let details: Vec<DomainError> = refs
                .iter()
                .map(|(t, f, n)| {
                    DomainError::field(
                        ErrorKind::Conflict,
                        "referenced",
                        &format!("{t}.{f}"),
                        format!("{n} {t} record(s) reference it through '{f}'"),
                    )
                })
                .collect();
            let names: Vec<String> = refs
                .iter()
                .map(|(t, f, n)| format!("{t}.{f} ({n})"))
                .collect();
            let mut e = DomainError::new(
                ErrorKind::Conflict,
                "referenced",
                format!(
                    "{} {id} is referenced by {}; deactivate it instead (state = inactive)",
                    table.name,
                    names.join(", ")
                ),
            );
            e.details = details;
            return Err(e.into());
        }
        if !batch.tx.delete(table, id, version).await? {
            return Err(DomainError::stale().into());
        }
        let audit = diff(table, &before, &Record::new());
        batch
            .tx
            .audit(actor.person_id, Action::Delete, &table.name, id, &audit)
            .await?;
        Ok(())
    }

    /// The rules that need stored data, for the fields in `changed`.
    async fn check_stored(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        table: &Table,
        record: &Record,
        changed: &Record,
        id: Uuid,
    ) -> Result<()> {
        let model: &Model = &self.model;
        let mut errors = Vec::new();
        for (name, value) in changed {
            let Some(field) = table.field(name) else {
                continue;
            };
            let FieldType::Lookup { table: target } = &field.ty else {
                continue;
            };
            let Some(to) = value.as_uuid() else { continue };
            let Some(target_table) = model.table(target) else {
                continue;
            };
            // The record's own id is fine for self-references (the administrator created itself).
            let exists = (to == id && target == &table.name)
                || batch.readable(actor, target_table, to).await?;
            if !exists {
                errors.push(dangling_error(name, target, to));
            }
        }
        // A polymorphic reference (a note's or an approval's record) is checked like a lookup:
        // table and id together, readable by the caller.
        if changed.contains_key("regarding_table") || changed.contains_key("regarding_id") {
            let to_table = record.get("regarding_table").and_then(Value::as_text);
            let to_id = record.get("regarding_id").and_then(Value::as_uuid);
            let ok = match (to_table.and_then(|t| model.table(t)), to_id) {
                (Some(t), Some(to)) => batch.readable(actor, t, to).await?,
                (None, None) if to_table.is_none() => true, // about no record
                _ => false,
            };
            if !ok {
                errors.push(dangling_error(
                    "regarding_id",
                    to_table.unwrap_or("table"),
                    to_id.map(|u| u.to_string()).unwrap_or_default(),
                ));
            }
        }
        // A configuration item relation's ends are checked like lookups: each table and id
        // together, a record the caller may read (the record rules already refused other tables).
        if table.name == "ci_relation" {
            for (t, f) in [("source_table", "source_id"), ("target_table", "target_id")] {
                if !(changed.contains_key(t) || changed.contains_key(f)) {
                    continue;
                }
                let to_table = record.get(t).and_then(Value::as_text);
                let Some(to) = record.get(f).and_then(Value::as_uuid) else {
                    continue;
                };
                let Some(target_table) = to_table
                    .filter(|t| steward_model::CI_TABLES.contains(t))
                    .and_then(|t| model.table(t))
                else {
                    continue;
                };
                if !batch.readable(actor, target_table, to).await? {
                    errors.push(dangling_error(f, &target_table.name, to));
                }
            }
        }
        // A record assigned to a team and a person: the person is a member of the team (its unit
        // or a unit below it), however the assignment is written.
        if (changed.contains_key("assigned_to_id") || changed.contains_key("assigned_team_id"))
            && errors.is_empty()
        {
            let id_in = |f: &str| record.get(f).and_then(Value::as_uuid);
            if let (Some(team), Some(person)) = (id_in("assigned_team_id"), id_in("assigned_to_id"))
            {
                if !self.works_in(batch, person, team).await? {
                    errors.push(DomainError::field(
                        ErrorKind::Invalid,
                        "assignee_not_in_team",
                        "assigned_to_id",
                        "the assignee must be a member of the assigned team (a person of that organization unit or of a unit below it)",
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(DomainError::many(errors).into());
        }
        if let Some(parent) = &table.tree_parent {
            if let Some(p) = changed.get(parent).and_then(Value::as_uuid) {
                self.check_no_cycle(batch, table, parent, id, p).await?;
            }
        }
        for field in table.fields.iter().filter(|f| f.unique) {
            let touched = changed.contains_key(&field.name)
                || field.unique_with.iter().any(|w| changed.contains_key(w));
            if touched
                && !record.get(&field.name).is_none_or(Value::is_null)
                && batch.tx.duplicate_of(table, field, record, id).await?
            {
                return Err(DomainError::field(
                    ErrorKind::Conflict,
                    "duplicate",
                    &field.name,
                    format!("another {} already has this '{}'", table.name, field.name),
                )
                .into());
            }
        }
        if table.name == "person" {
            if let Some(owner) = changed.get("owner_id").and_then(Value::as_uuid) {
                let human = owner == id
                    || batch.tx.get(table, owner).await?.is_some_and(|p| {
                        p.get("identity_kind").and_then(Value::as_text) == Some("human")
                    });
                if !human && record.get("identity_kind").and_then(Value::as_text) != Some("human") {
                    return Err(DomainError::field(
                        ErrorKind::Invalid,
                        "owner_not_human",
                        "owner_id",
                        "the accountable owner must be a human",
                    )
                    .into());
                }
            }
        }
        // The window applies whenever the code or the record's date changes.
        if changed.contains_key("it_work_assignment_code_id")
            || changed.contains_key("request_date")
        {
            if let Some(code) = record
                .get("it_work_assignment_code_id")
                .and_then(Value::as_uuid)
            {
                self.check_work_window(batch, model, record, code).await?;
            }
        }
        Ok(())
    }

    /// Whether the actor may be assigned work of `team`: a person of that organization unit or
    /// of a unit below it (what `assignee_not_in_team` checks on write).
    pub async fn is_of_team(&self, actor: &Actor, team: Uuid) -> Result<bool> {
        // The actor's own unit comes first in their units; it is the team or below it.
        let Some(unit) = actor.units.first() else {
            return Ok(false);
        };
        Ok(self.db.unit_subtree(team).await?.contains(unit))
    }

    /// Whether `person` belongs to the organization unit `team` or to a unit below it.
    async fn works_in(&self, batch: &mut Batch, person: Uuid, team: Uuid) -> Result<bool> {
        let persons = self.builtin_table("person");
        let units = self.builtin_table("organization_unit");
        let mut unit = batch
            .tx_mut()
            .get(persons, person)
            .await?
            .and_then(|p| p.get("organization_unit_id").and_then(Value::as_uuid));
        // The unit tree has no cycles (checked on write); the bound is a second guard.
        for _ in 0..64 {
            match unit {
                Some(u) if u == team => return Ok(true),
                Some(u) => {
                    unit = batch
                        .tx_mut()
                        .get(units, u)
                        .await?
                        .and_then(|r| r.get("parent_id").and_then(Value::as_uuid));
                }
                None => return Ok(false),
            }
        }
        Ok(false)
    }

    /// Walk up from the new parent; meeting the record itself means a cycle.
    async fn check_no_cycle(
        &self,
        batch: &mut Batch,
        table: &Table,
        parent: &str,
        id: Uuid,
        new_parent: Uuid,
    ) -> Result<()> {
        let field = table.field(parent).expect("tree parent is a field");
        let mut at = new_parent;
        for _ in 0..10_000 {
            if at == id {
                return Err(cycle_error(parent).into());
            }
            match batch.tx.lookup_of(table, field, at).await? {
                Some(Some(up)) => at = up,
                _ => return Ok(()),
            }
        }
        Err(cycle_error(parent).into())
    }

    /// A work assignment code may only be used on a record dated inside its window.
    async fn check_work_window(
        &self,
        batch: &mut Batch,
        model: &Model,
        record: &Record,
        code: Uuid,
    ) -> Result<()> {
        let codes = model
            .table("it_work_assignment_code")
            .expect("model has it");
        let (start, end) = match batch.windows.get(&code) {
            Some(w) => w.clone(),
            None => {
                let Some(c) = batch.tx.get(codes, code).await? else {
                    return Ok(());
                };
                let w = (c.get("start_date").cloned(), c.get("end_date").cloned());
                batch.windows.insert(code, w.clone());
                w
            }
        };
        let when = match record.get("request_date") {
            Some(Value::DateTime(t)) => *t,
            _ => now(),
        };
        let starts_after = matches!(start, Some(Value::DateTime(s)) if when < s);
        let ended_before = matches!(end, Some(Value::DateTime(e)) if when > e);
        if starts_after || ended_before {
            return Err(DomainError::field(
                ErrorKind::Invalid,
                "outside_window",
                "it_work_assignment_code_id",
                "the work assignment code is not valid on this record's date (outside its start_date..end_date window)",
            )
            .into());
        }
        Ok(())
    }

    /// Create the built-in administrator person on an empty database, audited like any record.
    pub(crate) async fn ensure_administrator(&self) -> Result<()> {
        let person = self.builtin_table("person");
        if self
            .db
            .get_unscoped(person, ADMIN_PERSON_ID)
            .await?
            .is_some()
        {
            return Ok(());
        }
        let body = serde_json::json!({
            "first_name": "Steward",
            "last_name": "Administrator",
            "identity_kind": "human",
            "job_title": "Built-in administrator",
        });
        let mut batch = self.batch().await?;
        let actor = crate::Actor::administrator();
        match self
            .create_in(
                &mut batch,
                actor,
                person,
                body.as_object().expect("object"),
                Some(ADMIN_PERSON_ID),
            )
            .await
        {
            Ok(_) => batch.commit().await,
            Err(Error::Domain(e)) => {
                Err(Error::Internal(format!("creating the administrator: {e}")))
            }
            Err(e) => Err(e),
        }
    }
}
