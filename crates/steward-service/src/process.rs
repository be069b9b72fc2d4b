//! Lifecycle transitions, one engine for every process table: the declaration (`steward-process`)
//! says which transition a record can take and what it sets; this module checks the caller, the
//! parameters and the guards, and writes the record's new state with its audit entry in one
//! transaction. Deciding an approval rolls the outcome up to the record it is about in the same
//! transaction (writers are serialised, so two reviewers deciding at once roll up exactly once).

use crate::authz::{Depth, Privilege};
use crate::guards::{involved, refusal};
use crate::writes::Batch;
use crate::{id_of, text_of as text, uuid_of as uuid, Actor, Result, Service};
use serde_json::{Map, Value as Json};
use steward_domain::audit::FieldChange;
use steward_domain::input::parse_value;
use steward_domain::value::now;
use steward_domain::{DomainError, ErrorKind, Record, Value};
use steward_model::Table;
use steward_process::{
    Chain, Condition, Guard, Lifecycle, Path, Refusal, Reviewers, Rule, Target, Transition, Who,
};
use uuid::Uuid;

/// The longest reason a transition takes.
const MAX_REASON: usize = 4000;

fn missing(field: &str, message: String) -> DomainError {
    DomainError::field(ErrorKind::Invalid, "missing_parameter", field, message)
}

impl Service {
    /// The lifecycle of a table, if it has one.
    pub fn lifecycle(&self, table: &str) -> Option<&Lifecycle> {
        self.processes.lifecycle(table)
    }

    fn lifecycle_of(&self, table: &Table) -> Result<&Lifecycle> {
        self.lifecycle(&table.name).ok_or_else(|| {
            DomainError::new(
                ErrorKind::NotFound,
                "no_lifecycle",
                format!(
                    "{} records have no lifecycle, so no transitions",
                    table.name
                ),
            )
            .into()
        })
    }

    /// Whether `actor` is among those the transition names.
    pub(crate) fn may_take(
        &self,
        actor: &Actor,
        table: &Table,
        record: &Record,
        t: &Transition,
    ) -> bool {
        if actor.permissions.is_everything() {
            return true; // Steward's own engine
        }
        t.who.iter().any(|w| match w {
            Who::Steward => false,
            Who::Person(f) => uuid(record, f) == Some(actor.person_id),
            Who::Privilege { privilege, depth } => {
                let p = Privilege::parse(privilege).expect("checked at load");
                let least = depth
                    .as_deref()
                    .and_then(Depth::parse)
                    .unwrap_or(Depth::User);
                actor.permissions.depth(&table.name, p) >= least
                    && actor.reaches(&table.name, p, record)
            }
        })
    }

    /// The record as the actor may read it (a record it may not read does not exist for it).
    async fn readable_record(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        table: &Table,
        id: Uuid,
    ) -> Result<Record> {
        batch
            .tx_mut()
            .get(table, id)
            .await?
            .filter(|r| actor.reaches(&table.name, Privilege::Read, r))
            .ok_or_else(|| DomainError::not_found(&table.name, id).into())
    }

    /// What the actor may do now with a record: its transitions they may take.
    pub async fn transitions(
        &self,
        actor: &Actor,
        table: &Table,
        id: Uuid,
    ) -> Result<(Record, Vec<&Transition>)> {
        let lifecycle = self.lifecycle_of(table)?;
        let record = self
            .db
            .get_unscoped(table, id)
            .await?
            .filter(|r| actor.reaches(&table.name, Privilege::Read, r))
            .ok_or_else(|| DomainError::not_found(&table.name, id))?;
        let available = self.available_to(actor, table, lifecycle, &record);
        Ok((record, available))
    }

    /// The transitions of `record` that `actor` may take now.
    pub fn available_to<'l>(
        &self,
        actor: &Actor,
        table: &Table,
        lifecycle: &'l Lifecycle,
        record: &Record,
    ) -> Vec<&'l Transition> {
        lifecycle
            .available(record)
            .into_iter()
            .filter(|t| self.may_take(actor, table, record, t))
            .filter(|t| !(t.steward_only() && actor.permissions.is_everything()))
            .collect()
    }

    /// Take the transition `name` on a record, with its parameters, in one transaction.
    pub async fn transition(
        &self,
        actor: &Actor,
        table: &Table,
        id: Uuid,
        name: &str,
        params: &Map<String, Json>,
        if_match: Option<i64>,
    ) -> Result<Record> {
        let taken = async {
            let mut batch = self.batch().await?;
            let after = self
                .transition_in(&mut batch, actor, table, id, name, params, if_match)
                .await?;
            batch.commit().await?;
            Ok(after)
        }
        .await;
        if let Err(e) = &taken {
            self.record_refusal(actor, table, Some(id), e).await;
        }
        taken
    }

    /// `transition` inside a batch: what the catalog, the roll-up and the demo compose.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn transition_in(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        table: &Table,
        id: Uuid,
        name: &str,
        params: &Map<String, Json>,
        if_match: Option<i64>,
    ) -> Result<Record> {
        let lifecycle = self.lifecycle_of(table)?;
        // A delegate reaches the approvals of the reviewer they stand in for, in the window.
        let (record, standing_in) = match self.readable_record(batch, actor, table, id).await {
            Ok(r) => (r, None),
            Err(refused) => {
                let stored = match table.name.as_str() {
                    "approval" => batch.tx_mut().get(table, id).await?,
                    _ => None,
                };
                let Some(stored) = stored else {
                    return Err(refused);
                };
                match self.delegated_by(batch, actor, &stored).await? {
                    Some(reviewer) => (stored, Some(reviewer)),
                    None => return Err(refused),
                }
            }
        };
        let state = lifecycle.state_of(&record).to_string();
        let t = match lifecycle.pick(name, &record) {
            Ok(t) => t,
            Err(refused) => {
                let allowed: Vec<&str> = self
                    .available_to(actor, table, lifecycle, &record)
                    .into_iter()
                    .map(|a| a.name.as_str())
                    .collect();
                let allowed = match allowed.is_empty() {
                    true => "none".to_string(),
                    false => allowed.join(", "),
                };
                return Err(match refused {
                    Refusal::Unknown => DomainError::new(
                        ErrorKind::NotFound,
                        "unknown_transition",
                        format!(
                            "{} has no transition '{name}'; its transitions: {}",
                            table.name,
                            lifecycle.names().join(", ")
                        ),
                    ),
                    Refusal::NotAllowed => DomainError::new(
                        ErrorKind::Conflict,
                        "transition_not_allowed",
                        format!(
                            "'{name}' is not allowed while the {} is {state}; allowed now: {allowed}",
                            table.label
                        ),
                    ),
                }
                .into());
            }
        };
        let may = self.may_take(actor, table, &record, t);
        // A delegate takes only what the transition leaves to the approval's reviewer.
        let for_reviewer = t.who.contains(&Who::Person("reviewer_id".into()));
        let standing_in = match (may, standing_in) {
            (false, Some(reviewer)) if for_reviewer => Some(reviewer),
            (false, None) if for_reviewer => self.delegated_by(batch, actor, &record).await?,
            _ => None,
        };
        if !may && standing_in.is_none() {
            let who: Vec<String> = t.who.iter().map(|w| w.describe(table)).collect();
            return Err(refusal(
                "transition_forbidden",
                format!("'{name}' may be taken only by: {}", who.join("; ")),
            ));
        }
        // The parameters: the transition's own fields, a reason, a correction's target state.
        let mut values = Record::new();
        let mut reason = None;
        let mut chosen = None;
        let mut acknowledged = false;
        let mut errors = Vec::new();
        for (key, json) in params {
            if key.contains('@') {
                continue;
            }
            match key.as_str() {
                "reason" if t.reason => match json.as_str().map(str::trim) {
                    Some(r) if r.chars().count() > MAX_REASON => errors.push(DomainError::field(
                        ErrorKind::Invalid,
                        "too_long",
                        "reason",
                        format!("a reason holds at most {MAX_REASON} characters"),
                    )),
                    Some(r) if steward_model::forbidden_char(r).is_some() => {
                        errors.push(DomainError::field(
                            ErrorKind::BadRequest,
                            "control_character",
                            "reason",
                            "a reason is plain text, without control characters",
                        ))
                    }
                    Some(r) if !r.is_empty() => reason = Some(r.to_string()),
                    Some(_) | None if !json.is_null() && !json.is_string() => {
                        errors.push(DomainError::field(
                            ErrorKind::BadRequest,
                            "type_mismatch",
                            "reason",
                            "'reason' must be a string",
                        ))
                    }
                    _ => {}
                },
                "acknowledge_collisions" if t.acknowledges() => match json.as_bool() {
                    Some(b) => acknowledged = b,
                    None if json.is_null() => {}
                    None => errors.push(DomainError::field(
                        ErrorKind::BadRequest,
                        "type_mismatch",
                        "acknowledge_collisions",
                        "'acknowledge_collisions' must be true or false",
                    )),
                },
                "state" if t.chooses_state() => match json.as_str() {
                    Some(s) if lifecycle.states.iter().any(|x| x == s) => {
                        chosen = Some(s.to_string())
                    }
                    _ => errors.push(DomainError::field(
                        ErrorKind::Invalid,
                        "invalid_value",
                        "state",
                        format!("'state' must be one of {}", lifecycle.states.join(", ")),
                    )),
                },
                k if t.params.iter().any(|p| p == k) => {
                    let field = table.field(k).expect("checked at load");
                    match parse_value(&self.model, &field.ty, k, json) {
                        Ok(v) => {
                            values.insert(k.to_string(), v);
                        }
                        Err(e) => errors.push(e),
                    }
                }
                k => {
                    let accepted = t.parameters();
                    errors.push(DomainError::field(
                        ErrorKind::BadRequest,
                        "unknown_parameter",
                        k,
                        format!(
                            "'{name}' takes no parameter '{k}'; it takes: {}",
                            if accepted.is_empty() {
                                "none".to_string()
                            } else {
                                accepted.join(", ")
                            }
                        ),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(DomainError::many(errors).into());
        }
        let mut merged = record.clone();
        merged.extend(values.clone());
        for f in &t.required {
            if merged
                .get(f)
                .is_none_or(|v| v.is_null() || v.as_text() == Some(""))
            {
                errors.push(missing(f, format!("'{name}' needs '{f}'")));
            }
        }
        if t.reason && reason.is_none() {
            errors.push(missing("reason", format!("'{name}' needs a reason")));
        }
        if t.chooses_state() && chosen.is_none() {
            errors.push(missing(
                "state",
                format!("'{name}' needs the 'state' to put the record in"),
            ));
        }
        if !errors.is_empty() {
            return Err(DomainError::many(errors).into());
        }
        let mut notes = Vec::new();
        for g in &t.guards {
            notes.extend(
                self.check_guard(batch, actor, table, &merged, *g, acknowledged)
                    .await?,
            );
        }
        let target = t
            .target(&state, chosen.as_deref())
            .expect("a correction has its state")
            .to_string();
        let mut internal = values;
        internal.extend(t.effects(actor.person_id, now()));
        internal.insert(lifecycle.field.clone(), Value::Text(target.clone()));
        let mut prelude = vec![FieldChange {
            field: "transition".into(),
            old: Json::Null,
            new: Json::String(name.to_string()),
        }];
        if let Some(r) = reason {
            prelude.push(FieldChange {
                field: "reason".into(),
                old: Json::Null,
                new: Json::String(r),
            });
        }
        if let Some(reviewer) = standing_in {
            // "X for Y": the delegate acts, for the reviewer who is away.
            prelude.push(FieldChange {
                field: "on_behalf_of".into(),
                old: Json::Null,
                new: Json::String(reviewer.to_string()),
            });
        }
        prelude.extend(notes);
        // A chain this transition opens finds its reviewers before anything is written: a stage
        // without one refuses the transition whole.
        let chain = self
            .processes
            .chain(&table.name)
            .filter(|c| c.opens_on == name);
        let planned = match chain {
            Some(c) => {
                let mut projected = merged.clone();
                projected.extend(internal.clone());
                Some(Box::pin(self.plan_chain(batch, table, &projected, c)).await?)
            }
            None => None,
        };
        let after = self
            .update_as(
                batch,
                actor.clone(),
                table,
                id,
                &Map::new(),
                if_match,
                Some(&internal),
                Some(prelude),
            )
            .await?;
        // What follows from the new state, in the same transaction.
        for what in &t.opens {
            self.open(batch, actor, table, &after, *what).await?;
        }
        if let (Some(chain), Some(asks)) = (chain, planned) {
            let opened = asks.len();
            self.open_chain(batch, actor, table, &after, chain, asks)
                .await?;
            if opened == 0 && lifecycle.pick("approve", &after).is_ok() {
                // Nothing to approve: the chain approves at once.
                return Box::pin(self.transition_in(
                    batch,
                    &actor.for_workflow(),
                    table,
                    id,
                    "approve",
                    &Map::new(),
                    None,
                ))
                .await;
            }
        }
        if table.name == "approval" && matches!(name, "approve" | "reject") {
            Box::pin(self.roll_up(batch, actor, &after)).await?;
        } else if target == "cancelled" || (name == "reject" && table.name != "approval") {
            Box::pin(self.cancel_pending_approvals(batch, actor, table, id, name)).await?;
        }
        Ok(after)
    }

    /// Check one guard; what it lets through with a note for the audit entry (collisions the
    /// caller acknowledged) comes back as that note.
    async fn check_guard(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        table: &Table,
        record: &Record,
        guard: Guard,
        acknowledged: bool,
    ) -> Result<Option<FieldChange>> {
        let conflict = |code: &'static str, message: String| -> crate::Error {
            DomainError::new(ErrorKind::Conflict, code, message).into()
        };
        match guard {
            Guard::ApprovalGranted => {
                let status = text(record, "approval_status").unwrap_or("not_required");
                if !matches!(status, "approved" | "not_required") {
                    return Err(conflict(
                        "approval_not_granted",
                        format!(
                            "its approvals have not granted it yet (approval status: {status})"
                        ),
                    ));
                }
            }
            Guard::WindowInOrder => {
                if let (Some(Value::DateTime(s)), Some(Value::DateTime(e))) =
                    (record.get("planned_start"), record.get("planned_end"))
                {
                    if s >= e {
                        return Err(DomainError::field(
                            ErrorKind::Invalid,
                            "window_out_of_order",
                            "planned_end",
                            "'planned_end' must come after 'planned_start'",
                        )
                        .into());
                    }
                }
            }
            Guard::TypeNeedsNoApproval => {
                let types = self.builtin_table("it_service_request_type");
                if let Some(kind) = uuid(record, "it_service_request_type_id") {
                    let needs =
                        batch.tx_mut().get(types, kind).await?.is_some_and(|k| {
                            k.get("requires_approval") == Some(&Value::Bool(true))
                        });
                    if needs {
                        return Err(conflict(
                            "approval_required",
                            "this request type requires approval: order it from the catalog, which asks its approvers".into(),
                        ));
                    }
                }
            }
            Guard::NeedToKnowCertified => {
                if record.get("requestor_certifies_need_to_know") != Some(&Value::Bool(true)) {
                    return Err(DomainError::field(
                        ErrorKind::Invalid,
                        "certification_required",
                        "requestor_certifies_need_to_know",
                        "the requester must certify the need to know before the request is submitted",
                    )
                    .into());
                }
            }
            Guard::NotInvolved => {
                if involved(record, actor.person_id) && !actor.permissions.is_everything() {
                    return Err(refusal(
                        "own_request",
                        format!(
                            "no one decides on a {} they requested, own, created or work on (separation of duties)",
                            table.label
                        ),
                    ));
                }
            }
            Guard::VerifierNotAssignee => {
                if uuid(record, "assigned_to_id") == Some(actor.person_id)
                    && !actor.permissions.is_everything()
                {
                    return Err(refusal(
                        "self_verify",
                        "the person who remediated an item does not verify it (separation of duties)",
                    ));
                }
            }
            Guard::ReviewerNotInvolved => {
                if let Some((subject_table, subject)) = self.subject_of(batch, record).await? {
                    if involved(&subject, actor.person_id) && !actor.permissions.is_everything() {
                        return Err(refusal(
                            "own_request",
                            format!(
                                "no one approves their own request, nor a {} they own or work on (separation of duties)",
                                subject_table.label
                            ),
                        ));
                    }
                }
            }
            Guard::NoCollision => {
                let collisions = self.collisions(batch, record).await?;
                if collisions.is_empty() {
                    return Ok(None);
                }
                if !acknowledged {
                    return Err(conflict(
                        "change_collision",
                        format!(
                            "the window collides with {}; acknowledge the collisions (acknowledge_collisions: true) to schedule it anyway",
                            collisions
                                .iter()
                                .map(|(n, why)| format!("{n} ({why})"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
                return Ok(Some(FieldChange {
                    field: "acknowledged_collisions".into(),
                    old: Json::Null,
                    new: Json::Array(
                        collisions
                            .into_iter()
                            .map(|(n, why)| serde_json::json!({"change": n, "why": why}))
                            .collect(),
                    ),
                }));
            }
            Guard::EarlierStagesApproved => {
                let stage = stage_of(record);
                let siblings = self.sibling_approvals(batch, record).await?;
                if waits_for_earlier_stage(record, &siblings) {
                    return Err(conflict(
                        "stage_not_open",
                        format!("stage {stage} opens when every approval of the stages before it is approved"),
                    ));
                }
            }
        }
        Ok(None)
    }

    /// The record an approval is about.
    async fn subject_of(
        &self,
        batch: &mut Batch,
        approval: &Record,
    ) -> Result<Option<(&Table, Record)>> {
        let Some(table) = text(approval, "regarding_table").and_then(|t| self.model.table(t))
        else {
            return Ok(None);
        };
        let Some(id) = uuid(approval, "regarding_id") else {
            return Ok(None);
        };
        Ok(batch.tx_mut().get(table, id).await?.map(|r| (table, r)))
    }

    /// The other active approvals of the record this approval is about.
    /// Whether a pending approval's stage is open: what an inbox shows as waiting for a decision
    /// (a later stage waits, unseen, until the stages before it are approved).
    pub async fn stage_is_open(&self, approval: &Record) -> Result<bool> {
        let approvals = self.builtin_table("approval");
        let Some(subject) = uuid(approval, "regarding_id") else {
            return Ok(true);
        };
        let (me, table) = (uuid(approval, "id"), text(approval, "regarding_table"));
        let siblings: Vec<Record> = self
            .db
            .find_all_by(approvals, "regarding_id", Value::Uuid(subject))
            .await?
            .into_iter()
            .filter(|a| uuid(a, "id") != me && is_active_approval_of(a, table))
            .collect();
        Ok(!waits_for_earlier_stage(approval, &siblings))
    }

    async fn sibling_approvals(&self, batch: &mut Batch, approval: &Record) -> Result<Vec<Record>> {
        let approvals = self.builtin_table("approval");
        let Some(subject) = uuid(approval, "regarding_id") else {
            return Ok(Vec::new());
        };
        let me = uuid(approval, "id");
        let table = text(approval, "regarding_table");
        Ok(batch
            .tx_mut()
            .find_all_by(approvals, "regarding_id", Value::Uuid(subject))
            .await?
            .into_iter()
            .filter(|a| uuid(a, "id") != me && is_active_approval_of(a, table))
            .collect())
    }

    /// A decided approval's outcome on the record it is about: a rejection rejects it, the last
    /// approval approves it (as Steward, acting for the reviewer: the reviewer is in the audit
    /// entry and in `approved_by_id`).
    async fn roll_up(&self, batch: &mut Batch, actor: &Actor, approval: &Record) -> Result<()> {
        let Some((table, subject)) = self.subject_of(batch, approval).await? else {
            return Ok(());
        };
        let Some(lifecycle) = self.lifecycle(&table.name) else {
            return Ok(());
        };
        // The stage's rule decides it; approvals made outside a chain must all approve.
        let stage = approval.get("stage").and_then(Value::as_int).unwrap_or(1);
        let rule = self
            .processes
            .chain(&table.name)
            .and_then(|c| c.stages.get(usize::try_from(stage - 1).ok()?))
            .map_or(Rule::All, |s| s.rule);
        let siblings = self.sibling_approvals(batch, approval).await?;
        let stage_of = |a: &Record| a.get("stage").and_then(Value::as_int).unwrap_or(1);
        let mut same: Vec<&Record> = siblings.iter().filter(|a| stage_of(a) == stage).collect();
        same.push(approval);
        same.retain(|a| text(a, "approval_status") != Some("cancelled"));
        let count = |status: &str| {
            same.iter()
                .filter(|a| text(a, "approval_status") == Some(status))
                .count()
        };
        let outcome = match text(approval, "approval_status") {
            Some("rejected") if rule.rejected(count("rejected"), same.len()) => "reject",
            Some("approved") if rule.approved(count("approved"), same.len()) => {
                // The stage is decided: what is still pending in it is no longer asked.
                let pending: Vec<Uuid> = same
                    .iter()
                    .filter(|a| text(a, "approval_status") == Some("pending"))
                    .map(|a| id_of(a))
                    .collect();
                let why = format!("stage {stage} was approved ({} rule)", rule.name());
                self.cancel_approvals(batch, actor, pending, &why).await?;
                // The record is approved when no other stage is still to decide.
                let rest_done = siblings.iter().filter(|a| stage_of(a) != stage).all(|a| {
                    matches!(
                        text(a, "approval_status"),
                        Some("approved" | "not_required" | "cancelled")
                    )
                });
                if !rest_done {
                    return Ok(()); // later stages still to decide
                }
                "approve"
            }
            _ => return Ok(()), // the stage is still open
        };
        if lifecycle.pick(outcome, &subject).is_err() {
            return Ok(()); // the record moved on (cancelled, say): nothing to roll up
        }
        self.transition_in(
            batch,
            &actor.for_workflow(),
            table,
            id_of(&subject),
            outcome,
            &Map::new(),
            None,
        )
        .await?;
        Ok(())
    }

    /// A record cancelled or rejected leaves no approval waiting: its pending approvals are
    /// cancelled, with the reason.
    async fn cancel_pending_approvals(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        table: &Table,
        id: Uuid,
        why: &str,
    ) -> Result<()> {
        let approvals = self.builtin_table("approval");
        let pending: Vec<Uuid> = batch
            .tx_mut()
            .find_all_by(approvals, "regarding_id", Value::Uuid(id))
            .await?
            .iter()
            .filter(|a| text(a, "regarding_table") == Some(table.name.as_str()))
            .filter(|a| text(a, "approval_status") == Some("pending"))
            .map(id_of)
            .collect();
        let done = if why == "reject" {
            "rejected"
        } else {
            "cancelled"
        };
        let why = format!("the {} was {done}", table.label);
        self.cancel_approvals(batch, actor, pending, &why).await
    }

    /// Cancel these pending approvals as Steward, acting for `actor`, with the reason.
    async fn cancel_approvals(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        ids: Vec<Uuid>,
        why: &str,
    ) -> Result<()> {
        let approvals = self.builtin_table("approval");
        let params: Map<String, Json> = [("reason".to_string(), Json::String(why.into()))]
            .into_iter()
            .collect();
        for approval in ids {
            Box::pin(self.transition_in(
                batch,
                &actor.for_workflow(),
                approvals,
                approval,
                "cancel",
                &params,
                None,
            ))
            .await?;
        }
        Ok(())
    }
}

impl Service {
    /// Bring a record to `target` through its lifecycle, as Steward: the shortest path of declared
    /// transitions (the correction aside), each taken with its checks and audited, so that the
    /// record's history tells how it got there. `hints` gives parameter values; a required one not
    /// hinted gets a plain stand-in. For the demo (and, later, imports of history).
    pub async fn walk_to(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        table: &Table,
        id: Uuid,
        target: &str,
        hints: &Map<String, Json>,
    ) -> Result<Record> {
        let lifecycle = self.lifecycle_of(table)?;
        let mut record = self.readable_record(batch, actor, table, id).await?;
        let mut failed: Vec<(String, String)> = Vec::new();
        let mut last = String::new();
        for _ in 0..lifecycle.transitions.len() * 2 {
            let state = lifecycle.state_of(&record).to_string();
            if state == target {
                return Ok(record);
            }
            let Some(step) = first_step(lifecycle, &record, &state, target, &failed) else {
                break;
            };
            let t = lifecycle.pick(&step, &record).expect("a step applies");
            let mut params = Map::new();
            for p in t.params.iter().chain(&t.required) {
                if let Some(v) = hints
                    .get(p)
                    .filter(|v| !v.is_null() && v.as_str() != Some(""))
                {
                    params.insert(p.clone(), v.clone());
                } else if t.required.contains(p) && record.get(p).is_none_or(Value::is_null) {
                    let f = table.field(p).expect("checked at load");
                    params.insert(p.clone(), self.stand_in(actor, &f.name, &f.ty));
                }
            }
            if t.reason {
                let reason = hints.get("reason").cloned();
                params.insert(
                    "reason".into(),
                    reason.unwrap_or_else(|| Json::String("Recorded by the demo.".into())),
                );
            }
            // A record waiting for its chain is approved or rejected by its reviewers, stage by
            // stage, each in their own name; the roll-up moves the record.
            let by_chain = match step.as_str() {
                "approve" | "reject" if self.processes.chain(&table.name).is_some() => {
                    self.decide_chain(batch, table, id, &step).await?
                }
                _ => false,
            };
            let taken = match by_chain {
                true => self.readable_record(batch, actor, table, id).await,
                false => {
                    self.transition_in(batch, actor, table, id, &step, &params, None)
                        .await
                }
            };
            match taken {
                Ok(after) => record = after,
                Err(crate::Error::Domain(e)) => {
                    last.push_str(&format!("; {state} --{step}--> {e}"));
                    failed.push((state, step));
                }
                Err(e) => return Err(e),
            }
        }
        Err(DomainError::new(
            ErrorKind::Conflict,
            "no_path",
            format!(
                "no path of transitions takes this {} from {} to {target} (refused{last})",
                table.label,
                lifecycle.state_of(&record)
            ),
        )
        .into())
    }

    /// Decide a record's pending approvals as their reviewers would (the demo's walk): `approve`
    /// approves every one, stage by stage; `reject` rejects the first. Whether there was any.
    async fn decide_chain(
        &self,
        batch: &mut Batch,
        table: &Table,
        id: Uuid,
        step: &str,
    ) -> Result<bool> {
        let approvals = self.builtin_table("approval");
        let mut pending: Vec<Record> = batch
            .tx_mut()
            .find_all_by(approvals, "regarding_id", Value::Uuid(id))
            .await?
            .into_iter()
            .filter(|a| {
                is_active_approval_of(a, Some(&table.name))
                    && text(a, "approval_status") == Some("pending")
            })
            .collect();
        pending.sort_by_key(stage_of);
        if step == "reject" {
            pending.truncate(1);
        }
        let any = !pending.is_empty();
        for a in pending {
            let (Some(approval), Some(reviewer)) = (uuid(&a, "id"), uuid(&a, "reviewer_id")) else {
                continue;
            };
            // A majority stage may be decided (and its record moved on) before its last vote.
            if batch
                .tx_mut()
                .get(approvals, approval)
                .await?
                .is_none_or(|r| text(&r, "approval_status") != Some("pending"))
            {
                continue;
            }
            let as_reviewer = Actor {
                person_id: reviewer,
                ..Actor::administrator()
            };
            let comments = match step {
                "reject" => "Not justified.",
                _ => "Approved.",
            };
            let params = Map::from_iter([("reviewer_comments".to_string(), Json::from(comments))]);
            self.transition_in(
                batch,
                &as_reviewer,
                approvals,
                approval,
                step,
                &params,
                None,
            )
            .await?;
        }
        Ok(any)
    }

    fn stand_in(&self, actor: &Actor, name: &str, ty: &steward_model::FieldType) -> Json {
        use steward_model::FieldType as T;
        let at = now();
        let later = |days: i64| {
            Json::String(steward_domain::value::format_datetime(
                at + time::Duration::days(days),
            ))
        };
        match ty {
            T::Choice { set } => self
                .model
                .choice_set(set)
                .and_then(|s| s.choices.first())
                .map(|c| Json::String(c.code.clone()))
                .unwrap_or(Json::Null),
            T::DateTime if name.ends_with("_end") || name.starts_with("expiration") => later(365),
            T::DateTime => later(1),
            T::Date => Json::String(steward_domain::value::format_date(at.date())),
            T::Bool => Json::Bool(true),
            T::Lookup { table } if table == "person" => Json::String(actor.person_id.to_string()),
            T::Int { .. } => Json::from(1),
            _ => Json::String("Recorded by the demo.".into()),
        }
    }
}

/// The first transition of a shortest path from `state` to `target` (breadth first over the
/// declared transitions that apply to this record), leaving out those that already failed.
fn first_step(
    lifecycle: &Lifecycle,
    record: &Record,
    state: &str,
    target: &str,
    failed: &[(String, String)],
) -> Option<String> {
    use std::collections::{HashMap, VecDeque};
    let mut first: HashMap<String, String> = HashMap::new();
    let mut queue = VecDeque::from([state.to_string()]);
    let mut seen = vec![state.to_string()];
    while let Some(at) = queue.pop_front() {
        for t in &lifecycle.transitions {
            let Target::State(to) = &t.to else { continue };
            let mut probe = record.clone();
            probe.insert(lifecycle.field.clone(), Value::Text(at.clone()));
            if !t.applies(&at, &probe)
                || lifecycle.pick(&t.name, &probe).map(|p| std::ptr::eq(p, t)) != Ok(true)
                || failed.iter().any(|(s, n)| s == &at && n == &t.name)
                || seen.contains(to)
            {
                continue;
            }
            let step = first.get(&at).cloned().unwrap_or_else(|| t.name.clone());
            if to == target {
                return Some(step);
            }
            seen.push(to.clone());
            first.insert(to.clone(), step);
            queue.push_back(to.clone());
        }
    }
    None
}

impl Service {
    /// Follow a path from a record (its own field, or a field of the record a lookup names),
    /// inside the transaction.
    pub(crate) async fn follow(
        &self,
        batch: &mut Batch,
        table: &Table,
        record: &Record,
        path: &Path,
    ) -> Result<Option<Value>> {
        let mut at = table;
        let mut current = std::borrow::Cow::Borrowed(record);
        for lookup in &path.via {
            let Some(id) = uuid(&current, lookup) else {
                return Ok(None);
            };
            at = at
                .field(lookup)
                .and_then(|f| f.ty.lookup_table())
                .and_then(|t| self.model.table(t))
                .expect("checked at load");
            match batch.tx_mut().get(at, id).await? {
                Some(r) => current = std::borrow::Cow::Owned(r),
                None => return Ok(None),
            }
        }
        let value = current.get(&path.field).cloned();
        Ok(value.filter(|v| !v.is_null()))
    }

    async fn any_holds(
        &self,
        batch: &mut Batch,
        table: &Table,
        record: &Record,
        conditions: &[Condition],
    ) -> Result<bool> {
        for c in conditions {
            let holds = match c {
                Condition::True(p) => {
                    self.follow(batch, table, record, p).await? == Some(Value::Bool(true))
                }
                Condition::Is(p, code) => self
                    .follow(batch, table, record, p)
                    .await?
                    .is_some_and(|v| v.as_text() == Some(code)),
                Condition::IsNot(p, code) => self
                    .follow(batch, table, record, p)
                    .await?
                    .is_some_and(|v| v.as_text() != Some(code)),
            };
            if holds {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The members of the active team of that name.
    async fn team_members(&self, batch: &mut Batch, name: &str) -> Result<Vec<Uuid>> {
        let teams = self.builtin_table("team");
        let members = self.builtin_table("team_member");
        let mut out = Vec::new();
        let found = batch
            .tx_mut()
            .find_all_by(teams, "name", Value::Text(name.into()))
            .await?;
        for team in found.iter().filter(|t| text(t, "state") == Some("active")) {
            for m in batch
                .tx_mut()
                .find_all_by(members, "team_id", Value::Uuid(id_of(team)))
                .await?
            {
                if let Some(p) = uuid(&m, "person_id") {
                    if !out.contains(&p) {
                        out.push(p);
                    }
                }
            }
        }
        Ok(out)
    }

    /// The reviewers of a record's approval chain, as (stage number, reviewer): every stage whose
    /// condition holds, its reviewers found from the record (nobody involved in it; someone who
    /// is the only reviewer of an earlier stage gives way to their manager). A stage that finds
    /// no one is a `no_approver` refusal.
    async fn plan_chain(
        &self,
        batch: &mut Batch,
        table: &Table,
        record: &Record,
        chain: &Chain,
    ) -> Result<Vec<(usize, Uuid)>> {
        let persons = self.builtin_table("person");
        let what = what_of(record);
        // People who are the only reviewer of an earlier stage.
        let mut sole: Vec<Uuid> = Vec::new();
        let mut planned = Vec::new();
        for (i, stage) in chain.stages.iter().enumerate() {
            if !stage.if_any.is_empty()
                && !self.any_holds(batch, table, record, &stage.if_any).await?
            {
                continue;
            }
            let mut people: Vec<Uuid> = Vec::new();
            for source in &stage.reviewers {
                if stage.first_found && !people.is_empty() {
                    break;
                }
                let found: Vec<Uuid> = match source {
                    Reviewers::Person(p) => self
                        .follow(batch, table, record, p)
                        .await?
                        .and_then(|v| v.as_uuid())
                        .into_iter()
                        .collect(),
                    Reviewers::Team(name) => self.team_members(batch, name).await?,
                };
                // Nobody reviews their own request, nor a record they own or work on.
                for p in found {
                    if !people.contains(&p) && !involved(record, p) {
                        people.push(p);
                    }
                }
            }
            // Nobody is the only approver of two stages: their manager stands in.
            if let [only] = people[..] {
                if sole.contains(&only) {
                    let manager = batch
                        .tx_mut()
                        .get(persons, only)
                        .await?
                        .and_then(|p| uuid(&p, "manager_id"))
                        .filter(|m| *m != only && !involved(record, *m) && !sole.contains(m));
                    people = manager.into_iter().collect();
                }
            }
            if people.is_empty() {
                let asks: Vec<String> = stage
                    .reviewers
                    .iter()
                    .map(|r| match r {
                        Reviewers::Person(p) => p.describe(),
                        Reviewers::Team(t) => format!("the members of the team {t}"),
                    })
                    .collect();
                return Err(DomainError::new(
                    ErrorKind::Invalid,
                    "no_approver",
                    format!(
                        "stage {} ({}) of the approval chain finds no reviewer for {what}: it asks {}; set them (or ask an administrator) and submit again",
                        i + 1,
                        stage.label,
                        asks.join(" or ")
                    ),
                )
                .into());
            }
            if let [only] = people[..] {
                sole.push(only);
            }
            planned.extend(people.into_iter().map(|p| (i + 1, p)));
        }
        Ok(planned)
    }

    /// Open a record's approval chain as planned: one pending approval per (stage, reviewer),
    /// numbered by the stage's place in the declaration.
    async fn open_chain(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        table: &Table,
        record: &Record,
        chain: &Chain,
        planned: Vec<(usize, Uuid)>,
    ) -> Result<()> {
        let what = what_of(record);
        for (n, reviewer) in planned {
            let stage = &chain.stages[n - 1];
            let ask = Ask {
                name: format!("{}: {what}", stage.label),
                stage: n,
                reviewer_type: &stage.reviewer_type,
                reviewer,
                comments: chain
                    .comments_from
                    .as_deref()
                    .and_then(|f| text(record, f))
                    .unwrap_or(""),
            };
            self.ask_approval(batch, actor, table, record, ask).await?;
        }
        Ok(())
    }
}

impl Service {
    /// The scheduled or implementing changes whose planned window overlaps this change's (windows
    /// that only touch do not) on the same system or on a parent or child component: each with its
    /// number and why it collides.
    async fn collisions(
        &self,
        batch: &mut Batch,
        change: &Record,
    ) -> Result<Vec<(String, String)>> {
        let (Some(Value::DateTime(start)), Some(Value::DateTime(end))) =
            (change.get("planned_start"), change.get("planned_end"))
        else {
            return Ok(Vec::new());
        };
        let (start, end) = (*start, *end);
        let changes = self.builtin_table("change_request");
        let me = uuid(change, "id");
        let mine = self.scope_of(batch, change).await?;
        let mut out = Vec::new();
        // A blackout on its system, or on every system.
        let blackouts = self.builtin_table("change_blackout");
        for b in batch
            .tx_mut()
            .find_all_by(blackouts, "state", Value::Text("active".into()))
            .await?
        {
            let overlaps = match (b.get("starts_on"), b.get("ends_on")) {
                (Some(Value::DateTime(s)), Some(Value::DateTime(e))) => *s < end && start < *e,
                _ => false,
            };
            let system = uuid(&b, "it_system_id");
            if overlaps && (system.is_none() || system == mine.system) {
                let name = text(&b, "name").unwrap_or("a blackout").to_string();
                out.push((format!("blackout {name}"), "a blackout window".to_string()));
            }
        }
        // What depends on the change's item through relations (and the component tree).
        let my_dependants = self.dependants_of_item(&mine).await?;
        for status in ["scheduled", "implementing"] {
            for other in batch
                .tx_mut()
                .find_all_by(changes, "change_status", Value::Text(status.into()))
                .await?
            {
                if uuid(&other, "id") == me || text(&other, "state") != Some("active") {
                    continue;
                }
                let overlaps = match (other.get("planned_start"), other.get("planned_end")) {
                    (Some(Value::DateTime(s)), Some(Value::DateTime(e))) => *s < end && start < *e,
                    _ => false,
                };
                if !overlaps {
                    continue;
                }
                let theirs = self.scope_of(batch, &other).await?;
                let mut why = touches(&mine, &theirs);
                if why.is_none() {
                    let theirs_depends = theirs.item().is_some_and(|i| my_dependants.contains(&i));
                    let mine_depends = match mine.item() {
                        Some(i) => self.dependants_of_item(&theirs).await?.contains(&i),
                        None => false,
                    };
                    if theirs_depends || mine_depends {
                        why = Some("an item that depends on the other through a relation".into());
                    }
                }
                if let Some(why) = why {
                    let number = text(&other, "number").unwrap_or("a change").to_string();
                    out.push((number, why));
                }
            }
        }
        Ok(out)
    }

    /// Every configuration item that depends on a change's item, transitively (the impact view,
    /// as Steward sees it: whoever schedules, a collision is a collision).
    async fn dependants_of_item(&self, scope: &ChangeScope) -> Result<Vec<(&'static str, Uuid)>> {
        let Some((table, id)) = scope.item() else {
            return Ok(Vec::new());
        };
        let table = self.builtin_table(table);
        let impact = match self.impact(&Actor::administrator(), table, id).await {
            Ok(i) => i,
            Err(crate::Error::Domain(_)) => return Ok(Vec::new()), // the item is gone
            Err(e) => return Err(e),
        };
        Ok(impact
            .dependants
            .iter()
            .filter_map(|d| match d.table.as_str() {
                "it_system" => Some(("it_system", d.id)),
                "it_system_component" => Some(("it_system_component", d.id)),
                _ => None,
            })
            .collect())
    }

    /// What a change touches: its system (its component's, when it names only a component), and
    /// its component with the component's ancestors.
    async fn scope_of(&self, batch: &mut Batch, change: &Record) -> Result<ChangeScope> {
        let components = self.builtin_table("it_system_component");
        let mut system = uuid(change, "it_system_id");
        let mut path = Vec::new();
        let mut next = uuid(change, "it_system_component_id");
        while let Some(c) = next.filter(|c| !path.contains(c)) {
            path.push(c);
            let row = batch.tx_mut().get(components, c).await?;
            if system.is_none() {
                system = row.as_ref().and_then(|r| uuid(r, "it_system_id"));
            }
            next = row.and_then(|r| uuid(&r, "parent_it_system_component_id"));
        }
        Ok(ChangeScope {
            system,
            components: path,
        })
    }
}

/// A change's reach: its system and its component with that component's ancestors (nearest first).
struct ChangeScope {
    system: Option<Uuid>,
    components: Vec<Uuid>,
}

impl ChangeScope {
    /// The configuration item the change is on: its component, else its system.
    fn item(&self) -> Option<(&'static str, Uuid)> {
        match (self.components.first(), self.system) {
            (Some(c), _) => Some(("it_system_component", *c)),
            (None, Some(s)) => Some(("it_system", s)),
            _ => None,
        }
    }
}

/// Why two changes' reaches collide, if they do: the same system as a whole, the same component,
/// or a component and one of its ancestors.
fn touches(a: &ChangeScope, b: &ChangeScope) -> Option<String> {
    if a.system.is_none() || a.system != b.system {
        return None;
    }
    match (a.components.first(), b.components.first()) {
        (None, _) | (_, None) => Some("the same system".into()),
        (Some(x), Some(y)) if x == y => Some("the same component".into()),
        (Some(x), Some(y)) if a.components.contains(y) || b.components.contains(x) => {
            Some("a parent or child component".into())
        }
        _ => None,
    }
}

/// Whether a delegation is active and its window holds `at`.
fn delegation_holds(d: &Record, at: time::OffsetDateTime) -> bool {
    text(d, "state") == Some("active")
        && match (d.get("starts_on"), d.get("ends_on")) {
            (Some(Value::DateTime(s)), Some(Value::DateTime(e))) => *s <= at && at < *e,
            _ => false,
        }
}

impl Service {
    /// The people `actor` stands in for now: their active delegations to the actor whose window
    /// holds the present (a delegate's inbox holds their pending approvals too).
    pub async fn delegators_of(&self, actor: &Actor) -> Result<Vec<Uuid>> {
        let delegations = self.builtin_table("approval_delegation");
        let at = now();
        let mut out: Vec<Uuid> = self
            .db
            .find_all_by(delegations, "delegate_id", Value::Uuid(actor.person_id))
            .await?
            .iter()
            .filter(|d| delegation_holds(d, at))
            .filter_map(|d| uuid(d, "delegator_id"))
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// The reviewer of this approval, when `actor` is their delegate now (an active delegation
    /// whose window holds the present instant).
    async fn delegated_by(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        approval: &Record,
    ) -> Result<Option<Uuid>> {
        let Some(reviewer) = uuid(approval, "reviewer_id") else {
            return Ok(None);
        };
        let delegations = self.builtin_table("approval_delegation");
        let at = now();
        let now_delegated = batch
            .tx_mut()
            .find_all_by(delegations, "delegator_id", Value::Uuid(reviewer))
            .await?
            .iter()
            .filter(|d| uuid(d, "delegate_id") == Some(actor.person_id))
            .any(|d| delegation_holds(d, at));
        Ok(now_delegated.then_some(reviewer))
    }
}

/// How a chain names the record it is about: its number, else its name.
fn what_of(record: &Record) -> String {
    text(record, "number")
        .or(text(record, "name"))
        .unwrap_or("the record")
        .to_string()
}

/// Whether an approval is an active one about a record of `table`.
fn is_active_approval_of(approval: &Record, table: Option<&str>) -> bool {
    text(approval, "regarding_table") == table && text(approval, "state") == Some("active")
}

fn stage_of(approval: &Record) -> i64 {
    approval.get("stage").and_then(Value::as_int).unwrap_or(1)
}

/// Whether an approval of an earlier stage than `approval`'s, among its `siblings` (the other
/// approvals of the same record), is still undecided: its stage has not opened.
fn waits_for_earlier_stage(approval: &Record, siblings: &[Record]) -> bool {
    let stage = stage_of(approval);
    siblings.iter().filter(|a| stage_of(a) < stage).any(|a| {
        !matches!(
            text(a, "approval_status"),
            Some("approved" | "not_required" | "cancelled")
        )
    })
}

/// One approval of a record's chain, as anyone who reads the record sees its progress.
#[derive(Debug, Clone)]
pub struct ApprovalStep {
    /// Its progress fields only ([`PROGRESS_FIELDS`]).
    pub approval: Record,
    /// Whether its stage has opened (every approval of the stages before it is approved).
    pub open: bool,
}

/// What the progress of an approval chain shows of each approval.
const PROGRESS_FIELDS: &[&str] = &[
    "id",
    "name",
    "stage",
    "reviewer_type",
    "reviewer_id",
    "approval_status",
    "requested_date",
    "due_date",
    "decision_date",
    "reviewer_comments",
];

impl Service {
    /// The approvals of a record, by stage, for whoever may read the record (a requester follows
    /// their request's chain: who decides at each stage, what was decided, what waits), though
    /// their roles may not read the approvals themselves. 404 when the record is not readable.
    pub async fn approval_chain(
        &self,
        actor: &Actor,
        table: &Table,
        id: Uuid,
    ) -> Result<Vec<ApprovalStep>> {
        self.get(actor, table, id, Some(&vec!["id".to_string()]), &[])
            .await?;
        let approvals = self.builtin_table("approval");
        let mut chain: Vec<Record> = self
            .db
            .find_all_by(approvals, "regarding_id", Value::Uuid(id))
            .await?
            .into_iter()
            .filter(|a| is_active_approval_of(a, Some(&table.name)))
            .collect();
        chain.sort_by_key(|a| {
            (
                stage_of(a),
                a.get("created_on").and_then(|v| match v {
                    Value::DateTime(t) => Some(*t),
                    _ => None,
                }),
                uuid(a, "id"),
            )
        });
        Ok(chain
            .iter()
            .map(|a| ApprovalStep {
                approval: PROGRESS_FIELDS
                    .iter()
                    .filter_map(|f| a.get(*f).map(|v| (f.to_string(), v.clone())))
                    .collect(),
                open: !waits_for_earlier_stage(a, &chain),
            })
            .collect())
    }
}

/// One approval to ask of one reviewer.
pub(crate) struct Ask<'a> {
    pub name: String,
    pub stage: usize,
    /// A code of Reviewer Type.
    pub reviewer_type: &'a str,
    pub reviewer: Uuid,
    /// What the requester says to the reviewer (may be empty).
    pub comments: &'a str,
}

impl Service {
    /// Ask a reviewer for an approval of `record`, as Steward acting for `actor`: pending, due in
    /// `APPROVAL_DAYS`, owned by the reviewer (it is theirs to read and decide). The catalog's
    /// order and the approval chains ask through this.
    pub(crate) async fn ask_approval(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        table: &Table,
        record: &Record,
        ask: Ask<'_>,
    ) -> Result<Record> {
        let at = now();
        let mut body = serde_json::json!({
            "name": ask.name,
            "regarding_table": table.name,
            "regarding_id": id_of(record).to_string(),
            "stage": ask.stage,
            "reviewer_type": ask.reviewer_type,
            "reviewer_id": ask.reviewer.to_string(),
            "owner_id": ask.reviewer.to_string(),
        });
        let due = Record::from([(
            "due_date".to_string(),
            Value::DateTime(at + time::Duration::days(crate::catalog::APPROVAL_DAYS)),
        )]);
        if !ask.comments.trim().is_empty() {
            body["requestor_comments"] = Json::String(ask.comments.trim().to_string());
        }
        self.create_with(
            batch,
            actor.for_workflow(),
            self.builtin_table("approval"),
            body.as_object().expect("an object"),
            None,
            &due,
        )
        .await
    }
}
