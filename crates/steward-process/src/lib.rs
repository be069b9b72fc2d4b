//! Processes as data. Each lifecycle (`lifecycles.toml`, embedded) names a table's status field, its
//! initial state, the fields only its transitions write, and the transitions: from which states to
//! which, when, who may take them, what they need and what they set. [`Processes::builtin`] reads
//! the declaration and checks every name in it against the model, so that a mistake stops Steward
//! at start with the place at fault. The engine here is pure: it picks the transition a record can
//! take and computes its effects; the service layer runs it inside a write transaction.

mod diagram;
mod sla;

pub use diagram::{mermaid, workflows_markdown};
pub use sla::{Calendar, Measure, Sla};

use serde::Deserialize;
use std::collections::BTreeMap;
use steward_domain::{Record, Value};
use steward_model::{FieldType, Model, Table};
use time::OffsetDateTime;
use uuid::Uuid;

/// The built-in declaration.
pub const DECLARATION: &str = include_str!("../lifecycles.toml");

/// The privileges a `who` entry may name (the service's `Privilege` codes).
const PRIVILEGES: &[&str] = &["read", "create", "write", "delete", "assign", "share"];
/// The depths a `who` entry may ask for (the service's `Depth` codes), shallowest first.
pub const DEPTHS: &[&str] = &["user", "unit", "unit_and_below", "organization"];

/// Who may take a transition: any one of a transition's entries suffices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// A caller whose roles grant `privilege` on the table, reaching this record, at least at
    /// `depth` when one is given (`write:unit`: someone who works records beyond their own).
    Privilege {
        privilege: String,
        depth: Option<String>,
    },
    /// The person named in this lookup field of the record (the assignee, the requester).
    Person(String),
    /// Steward's own engine only: an approval roll-up, a timer.
    Steward,
}

impl Who {
    pub fn describe(&self, table: &Table) -> String {
        match self {
            Who::Privilege { privilege, depth } => match depth.as_deref() {
                None => format!("{privilege} privilege"),
                Some("unit") => format!("{privilege} beyond their own records"),
                Some(d) => format!("{privilege} at {} depth", d.replace('_', " ")),
            },
            Who::Person(f) => table
                .field(f)
                .map(|f| f.label.to_lowercase())
                .unwrap_or_else(|| f.clone()),
            Who::Steward => "Steward".into(),
        }
    }
}

/// A named check the service runs before a transition is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// The record's approvals granted it (`approval_status` approved or not required).
    ApprovalGranted,
    /// `planned_start` is before `planned_end`.
    WindowInOrder,
    /// A service request's type does not require approval (else it is ordered for approval).
    TypeNeedsNoApproval,
    /// An access request's requester certified the need to know.
    NeedToKnowCertified,
    /// The actor did not request, own, create or fulfil the record (separation of duties).
    NotInvolved,
    /// A POA&M item is verified by someone other than its assignee.
    VerifierNotAssignee,
    /// An approval's reviewer did not request, own or fulfil the record decided on.
    ReviewerNotInvolved,
    /// Every approval of an earlier stage of the same record is approved: a stage opens when the
    /// previous one is.
    EarlierStagesApproved,
    /// A change's window collides with no other scheduled or implementing change on the same system
    /// or on a parent or child component, unless the caller acknowledges the collisions
    /// (`acknowledge_collisions: true`, recorded in the audit entry).
    NoCollision,
}

impl Guard {
    const ALL: &'static [(&'static str, Guard)] = &[
        ("approval_granted", Guard::ApprovalGranted),
        ("window_in_order", Guard::WindowInOrder),
        ("type_needs_no_approval", Guard::TypeNeedsNoApproval),
        ("need_to_know_certified", Guard::NeedToKnowCertified),
        ("not_involved", Guard::NotInvolved),
        ("verifier_not_assignee", Guard::VerifierNotAssignee),
        ("reviewer_not_involved", Guard::ReviewerNotInvolved),
        ("earlier_stages_approved", Guard::EarlierStagesApproved),
        ("no_collision", Guard::NoCollision),
    ];
    pub fn parse(s: &str) -> Option<Guard> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, g)| *g)
    }
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, g)| *g == self)
            .map(|(n, _)| *n)
            .expect("every guard is named")
    }
}

/// Records a transition opens, in the same transaction: the work that follows from the new state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opens {
    /// An access request's provisioning tasks: one per line of the request (its action, its
    /// entitlement, the person it is for), or one for the request itself when it has no lines.
    ProvisioningTasks,
    /// An access request to remove all access to a system (type Remove Access, a system, no
    /// person): a revoke line for every active grant of an entitlement on that system.
    RevokeLines,
}

impl Opens {
    const ALL: &'static [(&'static str, Opens, &'static str)] = &[
        (
            "provisioning_tasks",
            Opens::ProvisioningTasks,
            "it_system_access_request",
        ),
        (
            "revoke_lines",
            Opens::RevokeLines,
            "it_system_access_request",
        ),
    ];
    pub fn parse(s: &str) -> Option<Opens> {
        Self::ALL.iter().find(|(n, ..)| *n == s).map(|(_, o, _)| *o)
    }
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, o, _)| *o == self)
            .map(|(n, ..)| *n)
            .expect("every outcome is named")
    }
    /// The table whose transitions may open it.
    fn table(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, o, _)| *o == self)
            .map(|(.., t)| *t)
            .expect("every outcome is named")
    }
}

/// What a transition writes into a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Now,
    Today,
    Actor,
    Null,
    Bool(bool),
    /// A choice code.
    Code(String),
}

impl Effect {
    fn parse(s: &str) -> Effect {
        match s {
            "now" => Effect::Now,
            "today" => Effect::Today,
            "actor" => Effect::Actor,
            "null" => Effect::Null,
            "true" => Effect::Bool(true),
            "false" => Effect::Bool(false),
            code => Effect::Code(code.to_string()),
        }
    }
    pub fn describe(&self) -> String {
        match self {
            Effect::Now => "now".into(),
            Effect::Today => "today".into(),
            Effect::Actor => "the actor".into(),
            Effect::Null => "cleared".into(),
            Effect::Bool(b) => b.to_string(),
            Effect::Code(c) => c.clone(),
        }
    }
    fn value(&self, actor: Uuid, at: OffsetDateTime) -> Value {
        match self {
            Effect::Now => Value::DateTime(at),
            Effect::Today => Value::Date(at.date()),
            Effect::Actor => Value::Uuid(actor),
            Effect::Null => Value::Null,
            Effect::Bool(b) => Value::Bool(*b),
            Effect::Code(c) => Value::Text(c.clone()),
        }
    }
}

/// Where a transition goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    State(String),
    /// It stays in its state (a reassignment, an approval after the fact).
    Stay,
    /// To the state the caller names in the `state` parameter (the administrator's correction).
    Chosen,
}

#[derive(Debug, Clone)]
pub struct Transition {
    pub name: String,
    pub label: String,
    pub from: Vec<String>,
    pub to: Target,
    /// Record fields and the values one of which each must hold.
    pub when: BTreeMap<String, Vec<String>>,
    pub who: Vec<Who>,
    pub params: Vec<String>,
    pub required: Vec<String>,
    pub reason: bool,
    pub guards: Vec<Guard>,
    pub sets: BTreeMap<String, Effect>,
    /// Records it opens once taken.
    pub opens: Vec<Opens>,
}

impl Transition {
    /// Whether this transition applies to a record in `state` holding these values.
    pub fn applies(&self, state: &str, record: &Record) -> bool {
        self.from.iter().any(|s| s == state)
            && self.when.iter().all(|(field, values)| {
                record
                    .get(field)
                    .and_then(Value::as_text)
                    .is_some_and(|v| values.iter().any(|w| w == v))
            })
    }
    /// Only Steward's own engine may take it.
    pub fn steward_only(&self) -> bool {
        self.who.iter().all(|w| *w == Who::Steward)
    }
    /// The values this transition sets, the actor and the instant given.
    pub fn effects(&self, actor: Uuid, at: OffsetDateTime) -> Record {
        self.sets
            .iter()
            .map(|(f, e)| (f.clone(), e.value(actor, at)))
            .collect()
    }
    /// The state it goes to from `state` (`chosen` for a correction).
    pub fn target<'a>(&'a self, state: &'a str, chosen: Option<&'a str>) -> Option<&'a str> {
        match &self.to {
            Target::State(s) => Some(s),
            Target::Stay => Some(state),
            Target::Chosen => chosen,
        }
    }
    /// The state it leads to, when the declaration names one.
    pub fn to_state(&self) -> Option<&str> {
        match &self.to {
            Target::State(s) => Some(s),
            _ => None,
        }
    }
    /// The correction: the caller names the target state in the `state` parameter.
    pub fn chooses_state(&self) -> bool {
        self.to == Target::Chosen
    }
    /// It takes `acknowledge_collisions` (a change's schedule checks collisions).
    pub fn acknowledges(&self) -> bool {
        self.guards.contains(&Guard::NoCollision)
    }
    /// Every parameter it takes: its record fields, then `reason`, `state` and
    /// `acknowledge_collisions` when it takes them.
    pub fn parameters(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.params.iter().map(String::as_str).collect();
        out.extend(
            [
                (self.reason, "reason"),
                (self.chooses_state(), "state"),
                (self.acknowledges(), "acknowledge_collisions"),
            ]
            .into_iter()
            .filter_map(|(takes, name)| takes.then_some(name)),
        );
        out
    }
}

/// All the declarations of one transition name, as one operation (the OData bound action): the
/// union of their parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub name: String,
    /// The first declaration's label.
    pub label: String,
    pub params: Vec<String>,
    pub reason: bool,
    pub chooses_state: bool,
    pub acknowledges: bool,
}

/// When the job engine takes a transition by itself: `days` after a record entered `state`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    pub state: String,
    pub days: u32,
    pub transition: String,
}

#[derive(Debug, Clone)]
pub struct Lifecycle {
    pub table: String,
    pub field: String,
    pub initial: String,
    /// The codes of the status field's choice set, in declared order.
    pub states: Vec<String>,
    /// The fields only its transitions write, the status field first.
    pub owned: Vec<String>,
    /// The states in which the work is done: a record in one is in no queue and counts as closed
    /// on the dashboard.
    pub done: Vec<String>,
    pub on_create: BTreeMap<String, Effect>,
    /// Fields callers may write, except while the record is in one of these states: then only
    /// transitions do (a scheduled change's window moves by `reschedule`, which checks it again).
    pub frozen: Vec<(String, Vec<String>)>,
    pub timers: Vec<Timer>,
    /// The person fields of the record whose people are told of its progress (created, each
    /// change of state, done) by mail.
    pub requesters: Vec<String>,
    /// In declared order; the correction last.
    pub transitions: Vec<Transition>,
}

/// Why a transition cannot be taken on a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The lifecycle has no transition of that name.
    Unknown,
    /// It has one, but not from the record's state (or not for records like this one).
    NotAllowed,
}

impl Lifecycle {
    /// The record's state (the initial one when the field is empty).
    pub fn state_of<'r>(&'r self, record: &'r Record) -> &'r str {
        record
            .get(&self.field)
            .and_then(Value::as_text)
            .unwrap_or(&self.initial)
    }
    /// The transition `name` takes on this record: the first declared one whose states and
    /// conditions match.
    pub fn pick(&self, name: &str, record: &Record) -> Result<&Transition, Refusal> {
        let state = self.state_of(record);
        let mut known = false;
        for t in self.transitions.iter().filter(|t| t.name == name) {
            known = true;
            if t.applies(state, record) {
                return Ok(t);
            }
        }
        Err(if known {
            Refusal::NotAllowed
        } else {
            Refusal::Unknown
        })
    }
    /// Every transition this record could take now, one per name, in declared order (who may take
    /// them is the service's to decide).
    pub fn available(&self, record: &Record) -> Vec<&Transition> {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for name in self.names() {
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            if let Ok(t) = self.pick(name, record) {
                out.push(t);
            }
        }
        out
    }
    /// The distinct transition names, in declared order.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for t in &self.transitions {
            if !names.contains(&t.name.as_str()) {
                names.push(&t.name);
            }
        }
        names
    }
    /// One operation per transition name, in declared order.
    pub fn operations(&self) -> Vec<Operation> {
        self.names()
            .into_iter()
            .map(|name| {
                let mut op = Operation {
                    name: name.to_string(),
                    label: String::new(),
                    params: Vec::new(),
                    reason: false,
                    chooses_state: false,
                    acknowledges: false,
                };
                for t in self.declarations(name) {
                    if op.label.is_empty() {
                        op.label = t.label.clone();
                    }
                    for p in &t.params {
                        if !op.params.contains(p) {
                            op.params.push(p.clone());
                        }
                    }
                    op.reason |= t.reason;
                    op.chooses_state |= t.chooses_state();
                    op.acknowledges |= t.acknowledges();
                }
                op
            })
            .collect()
    }
    /// The operation of the transition `name`, if the lifecycle has one.
    pub fn operation(&self, name: &str) -> Option<Operation> {
        self.operations().into_iter().find(|o| o.name == name)
    }
    /// Every declaration of the transition `name`.
    pub fn declarations<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Transition> {
        self.transitions.iter().filter(move |t| t.name == name)
    }
    /// The values a new record starts with: the initial state and the `on_create` effects.
    pub fn initial_values(&self, actor: Uuid, at: OffsetDateTime) -> Record {
        let mut r: Record = self
            .on_create
            .iter()
            .map(|(f, e)| (f.clone(), e.value(actor, at)))
            .collect();
        r.insert(self.field.clone(), Value::Text(self.initial.clone()));
        r
    }
    /// Whether a record in `state` is still work to do (not in one of the done states).
    pub fn is_open(&self, state: &str) -> bool {
        !self.done.iter().any(|d| d == state)
    }

    /// The states where work is still to do, in declared order.
    pub fn open_states(&self) -> impl Iterator<Item = &str> {
        self.states
            .iter()
            .map(String::as_str)
            .filter(|s| self.is_open(s))
    }

    pub fn owns(&self, field: &str) -> bool {
        self.owned.iter().any(|f| f == field)
    }
    /// Whether only transitions may write `field` while the record is in `state`.
    pub fn frozen_in(&self, field: &str, state: &str) -> bool {
        self.frozen
            .iter()
            .any(|(f, states)| f == field && states.iter().any(|s| s == state))
    }
}

/// How a stage of approvals is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// One approval decides it.
    Any,
    /// Every reviewer approves.
    All,
    /// More than half of its reviewers approve.
    Majority,
}

impl Rule {
    pub fn name(self) -> &'static str {
        match self {
            Rule::Any => "any",
            Rule::All => "all",
            Rule::Majority => "majority",
        }
    }
    /// Whether a stage with these counts is approved.
    pub fn approved(self, approved: usize, total: usize) -> bool {
        match self {
            Rule::Any => approved >= 1,
            Rule::All => approved == total,
            Rule::Majority => approved * 2 > total,
        }
    }
    /// Whether a stage with these counts is rejected (it can no longer be approved, or, for `any`
    /// and `all`, someone rejected: one rejection rejects the chain).
    pub fn rejected(self, rejected: usize, total: usize) -> bool {
        match self {
            Rule::Any | Rule::All => rejected >= 1,
            Rule::Majority => (total - rejected) * 2 <= total,
        }
    }
}

/// A path from a record to a value: its own field, or a field of the record its lookups lead to,
/// one after the other (`it_system_id.system_owner_id`,
/// `it_service_request_type_id.fulfillment_unit_id.manager_id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The lookup fields followed, in order.
    pub via: Vec<String>,
    pub field: String,
}

impl Path {
    pub fn describe(&self) -> String {
        self.via
            .iter()
            .chain(std::iter::once(&self.field))
            .cloned()
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// Where a stage's reviewers come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reviewers {
    /// The person a path leads to.
    Person(Path),
    /// The members of the team of that name.
    Team(String),
}

/// When a stage opens: a yes/no field holds yes, or a field holds (or does not hold) a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    True(Path),
    Is(Path, String),
    IsNot(Path, String),
}

#[derive(Debug, Clone)]
pub struct Stage {
    pub label: String,
    pub reviewer_type: String,
    pub reviewers: Vec<Reviewers>,
    /// The reviewers are alternatives, in order: the first source that finds someone (not
    /// involved in the record) reviews alone.
    pub first_found: bool,
    pub rule: Rule,
    /// Empty: the stage always opens.
    pub if_any: Vec<Condition>,
}

/// The stages of approvals a transition opens on records of a table. Stage `n` (from 1) is
/// `stages[n - 1]`; an approval's `stage` field holds that number.
#[derive(Debug, Clone)]
pub struct Chain {
    pub table: String,
    pub opens_on: String,
    /// The record's field whose text the approvals carry as the requester's comments.
    pub comments_from: Option<String>,
    pub stages: Vec<Stage>,
}

/// Every lifecycle of the model.
#[derive(Debug, Clone)]
pub struct Processes {
    lifecycles: Vec<Lifecycle>,
    chains: Vec<Chain>,
    calendars: Vec<Calendar>,
    /// In declared order: the first that matches a record applies.
    slas: Vec<Sla>,
    /// The name of the administrator's correction, present in every lifecycle.
    pub correction: String,
}

impl Processes {
    /// The built-in declaration, checked against `model`.
    pub fn builtin(model: &Model) -> Result<Processes, String> {
        Processes::parse(DECLARATION, model)
    }

    /// A declaration, checked against `model`: every table, field, state, privilege, guard and
    /// effect it names must exist and fit.
    pub fn parse(text: &str, model: &Model) -> Result<Processes, String> {
        let raw: RawDeclaration = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut lifecycles = Vec::new();
        for l in raw.lifecycle {
            let checked = check_lifecycle(model, &raw.correction, l)?;
            if lifecycles
                .iter()
                .any(|o: &Lifecycle| o.table == checked.table)
            {
                return Err(format!("two lifecycles for table {}", checked.table));
            }
            lifecycles.push(checked);
        }
        let mut chains = Vec::new();
        for c in raw.chain {
            let lifecycle = lifecycles
                .iter()
                .find(|l: &&Lifecycle| l.table == c.table)
                .ok_or_else(|| format!("chain for {}, which has no lifecycle", c.table))?;
            let checked = check_chain(model, lifecycle, c)?;
            if chains.iter().any(|o: &Chain| o.table == checked.table) {
                return Err(format!("two chains for table {}", checked.table));
            }
            chains.push(checked);
        }
        let mut calendars: Vec<Calendar> = Vec::new();
        for c in raw.calendar {
            let checked = sla::check_calendar(c)?;
            if calendars.iter().any(|o| o.name == checked.name) {
                return Err(format!("two calendars named {}", checked.name));
            }
            calendars.push(checked);
        }
        let slas = raw
            .sla
            .into_iter()
            .map(|s| sla::check_sla(model, &lifecycles, &calendars, s))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Processes {
            lifecycles,
            chains,
            calendars,
            slas,
            correction: raw.correction.name,
        })
    }

    pub fn lifecycles(&self) -> &[Lifecycle] {
        &self.lifecycles
    }

    pub fn lifecycle(&self, table: &str) -> Option<&Lifecycle> {
        self.lifecycles.iter().find(|l| l.table == table)
    }

    /// The approval chain of a table's records, if it has one.
    pub fn chain(&self, table: &str) -> Option<&Chain> {
        self.chains.iter().find(|c| c.table == table)
    }

    pub fn calendars(&self) -> &[Calendar] {
        &self.calendars
    }

    pub fn slas(&self) -> &[Sla] {
        &self.slas
    }

    /// The service level of a record of `table` (the first declared that matches it) and its
    /// calendar.
    pub fn sla_for(&self, table: &str, record: &Record) -> Option<(&Sla, &Calendar)> {
        let s = self
            .slas
            .iter()
            .find(|s| s.table == table && s.matches(record))?;
        let c = self.calendars.iter().find(|c| c.name == s.calendar)?;
        Some((s, c))
    }

    pub fn chains(&self) -> &[Chain] {
        &self.chains
    }

    /// Mark every field a lifecycle owns as written only by its transitions: every write refuses
    /// it, forms and OpenAPI leave it out.
    pub fn mark(&self, model: &mut Model) {
        for l in &self.lifecycles {
            let table = model
                .tables
                .iter_mut()
                .find(|t| t.name == l.table)
                .expect("checked at parse");
            for f in table.fields.iter_mut().filter(|f| l.owns(&f.name)) {
                f.workflow = true;
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeclaration {
    correction: RawCorrection,
    lifecycle: Vec<RawLifecycle>,
    #[serde(default)]
    chain: Vec<RawChain>,
    #[serde(default)]
    calendar: Vec<sla::RawCalendar>,
    #[serde(default)]
    sla: Vec<sla::RawSla>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChain {
    table: String,
    opens_on: String,
    #[serde(default)]
    comments_from: Option<String>,
    stage: Vec<RawStage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStage {
    label: String,
    reviewer_type: String,
    reviewers: Vec<String>,
    #[serde(default)]
    first_found: bool,
    rule: String,
    #[serde(default)]
    if_any: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorrection {
    name: String,
    label: String,
    who: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLifecycle {
    table: String,
    field: String,
    initial: String,
    #[serde(default)]
    owns: Vec<String>,
    #[serde(default)]
    done: Vec<String>,
    #[serde(default)]
    on_create: BTreeMap<String, String>,
    #[serde(default)]
    frozen: Vec<RawFrozen>,
    #[serde(default)]
    timers: Vec<RawTimer>,
    #[serde(default)]
    requesters: Vec<String>,
    transition: Vec<RawTransition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrozen {
    fields: Vec<String>,
    #[serde(rename = "in")]
    states: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimer {
    #[serde(rename = "in")]
    state: String,
    days: u32,
    transition: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransition {
    name: String,
    label: String,
    from: Vec<String>,
    to: Option<String>,
    #[serde(default)]
    when: BTreeMap<String, Vec<String>>,
    who: Vec<String>,
    #[serde(default)]
    params: Vec<String>,
    #[serde(default)]
    required: Vec<String>,
    #[serde(default)]
    reason: bool,
    #[serde(default)]
    guards: Vec<String>,
    #[serde(default)]
    sets: BTreeMap<String, String>,
    #[serde(default)]
    opens: Vec<String>,
}

fn check_lifecycle(
    model: &Model,
    correction: &RawCorrection,
    l: RawLifecycle,
) -> Result<Lifecycle, String> {
    let table = model
        .table(&l.table)
        .ok_or_else(|| format!("lifecycle for unknown table {}", l.table))?;
    let at = |what: &str| format!("lifecycle {}: {what}", l.table);
    let status = table
        .field(&l.field)
        .ok_or_else(|| at(&format!("no field {}", l.field)))?;
    let set = match &status.ty {
        FieldType::Choice { set } => model
            .choice_set(set)
            .ok_or_else(|| at(&format!("no choice set {set}")))?,
        _ => return Err(at(&format!("{} is not a choice field", l.field))),
    };
    let states: Vec<String> = set.choices.iter().map(|c| c.code.clone()).collect();
    let state = |s: &str, ctx: &str| {
        if states.iter().any(|x| x == s) {
            Ok(())
        } else {
            Err(at(&format!("{ctx}: '{s}' is not a state of {}", l.field)))
        }
    };
    state(&l.initial, "initial")?;
    let mut owned = vec![l.field.clone()];
    for f in &l.owns {
        field(table, f).map_err(|e| at(&format!("owns: {e}")))?;
        if !owned.contains(f) {
            owned.push(f.clone());
        }
    }
    for s in &l.done {
        state(s, "done")?;
    }
    if l.done.contains(&l.initial) {
        return Err(at("done: the initial state is where work starts"));
    }
    let on_create =
        effects(model, table, &l.on_create).map_err(|e| at(&format!("on_create: {e}")))?;
    for r in &l.requesters {
        let f = field(table, r).map_err(|e| at(&format!("requesters: {e}")))?;
        if f.ty.lookup_table() != Some("person") {
            return Err(at(&format!("requesters: {r} is not a person lookup")));
        }
    }
    let mut transitions = Vec::new();
    for t in l.transition {
        let ctx = format!("transition {}", t.name);
        let inside = |e: String| at(&format!("{ctx}: {e}"));
        if !t.name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            || t.name == correction.name
            || t.name == "transitions"
        {
            return Err(inside(
                "names are lowercase words joined by _, and not reserved".into(),
            ));
        }
        for s in &t.from {
            state(s, &ctx)?;
        }
        if t.from.is_empty() {
            return Err(inside("from names no state".into()));
        }
        let to = match &t.to {
            Some(s) => {
                state(s, &ctx)?;
                Target::State(s.clone())
            }
            None => Target::Stay,
        };
        for (f, values) in &t.when {
            let fd = field(table, f).map_err(inside)?;
            for v in values {
                code_of(model, fd, v).map_err(inside)?;
            }
        }
        let who = parse_who(table, &t.who).map_err(inside)?;
        for p in t.params.iter().chain(&t.required) {
            let fd = field(table, p).map_err(inside)?;
            if fd.read_only || fd.is_system() || fd.derived.is_some() || fd.secret {
                return Err(inside(format!("{p} is set by Steward, not a parameter")));
            }
            if p == &l.field {
                return Err(inside(format!("{p} is the status itself")));
            }
        }
        let guards = t
            .guards
            .iter()
            .map(|g| Guard::parse(g).ok_or_else(|| inside(format!("no guard named {g}"))))
            .collect::<Result<Vec<_>, _>>()?;
        let opens = t
            .opens
            .iter()
            .map(|o| match Opens::parse(o) {
                Some(x) if x.table() == table.name => Ok(x),
                Some(x) => Err(inside(format!("{o} opens only from {}", x.table()))),
                None => Err(inside(format!("nothing named {o} to open"))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let sets = effects(model, table, &t.sets).map_err(inside)?;
        for f in sets.keys() {
            if !owned.contains(f) {
                return Err(inside(format!(
                    "sets {f}, which the lifecycle does not own"
                )));
            }
        }
        transitions.push(Transition {
            name: t.name,
            label: t.label,
            from: t.from,
            to,
            when: t.when,
            who,
            params: t.params,
            required: t.required,
            reason: t.reason,
            guards,
            sets,
            opens,
        });
    }
    transitions.push(Transition {
        name: correction.name.clone(),
        label: correction.label.clone(),
        from: states.clone(),
        to: Target::Chosen,
        when: BTreeMap::new(),
        who: parse_who(table, &correction.who).map_err(|e| format!("correction: {e}"))?,
        params: Vec::new(),
        required: Vec::new(),
        reason: true,
        guards: Vec::new(),
        sets: BTreeMap::new(),
        opens: Vec::new(),
    });
    let mut frozen = Vec::new();
    for f in l.frozen {
        for s in &f.states {
            state(s, "frozen")?;
        }
        for name in f.fields {
            field(table, &name).map_err(|e| at(&format!("frozen: {e}")))?;
            frozen.push((name, f.states.clone()));
        }
    }
    let mut timers = Vec::new();
    for t in l.timers {
        state(&t.state, "timer")?;
        if !transitions.iter().any(|x| {
            x.name == t.transition && x.from.contains(&t.state) && x.who.contains(&Who::Steward)
        }) {
            return Err(at(&format!(
                "timer: no transition {} from {} that Steward may take",
                t.transition, t.state
            )));
        }
        timers.push(Timer {
            state: t.state,
            days: t.days,
            transition: t.transition,
        });
    }
    Ok(Lifecycle {
        table: l.table,
        field: l.field,
        initial: l.initial,
        states,
        owned,
        done: l.done,
        on_create,
        frozen,
        timers,
        requesters: l.requesters,
        transitions,
    })
}

fn check_chain(model: &Model, lifecycle: &Lifecycle, c: RawChain) -> Result<Chain, String> {
    let table = model.table(&c.table).expect("a lifecycle's table");
    let at = |what: String| format!("chain {}: {what}", c.table);
    if !lifecycle.transitions.iter().any(|t| t.name == c.opens_on) {
        return Err(at(format!("opens_on: no transition {}", c.opens_on)));
    }
    let approval = model
        .table("approval")
        .ok_or("the model has no approval table")?;
    let reviewer_type = approval
        .field("reviewer_type")
        .ok_or("approval has no reviewer_type")?;
    let mut stages = Vec::new();
    for s in c.stage {
        let ctx = |e: String| at(format!("stage {}: {e}", s.label));
        code_of(model, reviewer_type, &s.reviewer_type).map_err(ctx)?;
        let rule = match s.rule.as_str() {
            "any" => Rule::Any,
            "all" => Rule::All,
            "majority" => Rule::Majority,
            other => return Err(ctx(format!("no rule {other} (any, all, majority)"))),
        };
        let mut reviewers = Vec::new();
        for r in &s.reviewers {
            if let Some(team) = r.strip_prefix("team:") {
                reviewers.push(Reviewers::Team(team.to_string()));
                continue;
            }
            let (path, ty) = path_of(model, table, r).map_err(ctx)?;
            if ty != FieldType::lookup("person") {
                return Err(ctx(format!("{r} does not lead to a person")));
            }
            reviewers.push(Reviewers::Person(path));
        }
        if reviewers.is_empty() {
            return Err(ctx("reviewers names no one".into()));
        }
        let mut if_any = Vec::new();
        for cond in &s.if_any {
            let parsed = if let Some((p, code)) = cond.split_once("!=") {
                let (path, ty) = path_of(model, table, p).map_err(ctx)?;
                check_code(model, &ty, code).map_err(ctx)?;
                Condition::IsNot(path, code.to_string())
            } else if let Some((p, code)) = cond.split_once('=') {
                let (path, ty) = path_of(model, table, p).map_err(ctx)?;
                check_code(model, &ty, code).map_err(ctx)?;
                Condition::Is(path, code.to_string())
            } else {
                let (path, ty) = path_of(model, table, cond).map_err(ctx)?;
                if ty != FieldType::Bool {
                    return Err(ctx(format!("{cond} is not a yes/no field")));
                }
                Condition::True(path)
            };
            if_any.push(parsed);
        }
        stages.push(Stage {
            label: s.label,
            reviewer_type: s.reviewer_type,
            reviewers,
            first_found: s.first_found,
            rule,
            if_any,
        });
    }
    if let Some(f) = &c.comments_from {
        let fd = field(table, f).map_err(|e| at(format!("comments_from: {e}")))?;
        if !matches!(fd.ty, FieldType::Text { .. } | FieldType::Memo) {
            return Err(at(format!("comments_from: {f} is not text")));
        }
    }
    Ok(Chain {
        table: c.table,
        opens_on: c.opens_on,
        comments_from: c.comments_from,
        stages,
    })
}

/// A path of the record (`field`, `lookup.field`, `lookup.lookup.field`...) and the type it leads to.
pub(crate) fn path_of(
    model: &Model,
    table: &Table,
    raw: &str,
) -> Result<(Path, FieldType), String> {
    let mut parts: Vec<&str> = raw.split('.').collect();
    let last = parts.pop().expect("split gives one part");
    let mut at = table;
    for lookup in &parts {
        at = field(at, lookup)?
            .ty
            .lookup_table()
            .and_then(|t| model.table(t))
            .ok_or_else(|| format!("{lookup} is not a lookup"))?;
    }
    Ok((
        Path {
            via: parts.iter().map(|p| p.to_string()).collect(),
            field: last.to_string(),
        },
        field(at, last)?.ty.clone(),
    ))
}

fn check_code(model: &Model, ty: &FieldType, code: &str) -> Result<(), String> {
    match ty.choice_set().and_then(|s| model.choice_set(s)) {
        Some(set) if set.has(code) => Ok(()),
        Some(set) => Err(format!("'{code}' is not a code of {}", set.name)),
        None => Err("a condition with = compares a choice field".into()),
    }
}

fn field<'t>(table: &'t Table, name: &str) -> Result<&'t steward_model::Field, String> {
    table
        .field(name)
        .ok_or_else(|| format!("{} has no field {name}", table.name))
}

fn code_of(model: &Model, f: &steward_model::Field, code: &str) -> Result<(), String> {
    match f.ty.choice_set().and_then(|s| model.choice_set(s)) {
        Some(set) if set.has(code) => Ok(()),
        Some(set) => Err(format!("'{code}' is not a code of {}", set.name)),
        None => Err(format!("{} is not a choice field", f.name)),
    }
}

fn parse_who(table: &Table, entries: &[String]) -> Result<Vec<Who>, String> {
    if entries.is_empty() {
        return Err("who names nobody".into());
    }
    entries
        .iter()
        .map(|w| {
            if w == "steward" {
                return Ok(Who::Steward);
            }
            let (privilege, depth) = match w.split_once(':') {
                Some((p, d)) => (p, Some(d)),
                None => (w.as_str(), None),
            };
            if PRIVILEGES.contains(&privilege) {
                if let Some(d) = depth.filter(|d| !DEPTHS.contains(d)) {
                    return Err(format!("who: no depth {d}"));
                }
                return Ok(Who::Privilege {
                    privilege: privilege.into(),
                    depth: depth.map(str::to_string),
                });
            }
            match table.field(w).map(|f| &f.ty) {
                Some(FieldType::Lookup { table }) if table == "person" => {
                    Ok(Who::Person(w.clone()))
                }
                _ => Err(format!(
                    "who: '{w}' is neither a privilege, a person field of the record, nor steward"
                )),
            }
        })
        .collect()
}

fn effects(
    model: &Model,
    table: &Table,
    raw: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, Effect>, String> {
    let mut out = BTreeMap::new();
    for (name, value) in raw {
        let f = field(table, name)?;
        let effect = Effect::parse(value);
        let fits = match (&effect, &f.ty) {
            (Effect::Null, _) => Ok(()),
            (Effect::Now, FieldType::DateTime) | (Effect::Today, FieldType::Date) => Ok(()),
            (Effect::Actor, FieldType::Lookup { table }) if table == "person" => Ok(()),
            (Effect::Bool(_), FieldType::Bool) => Ok(()),
            (Effect::Code(c), FieldType::Choice { .. }) => code_of(model, f, c),
            _ => Err(format!("'{value}' does not fit {name}")),
        };
        fits?;
        out.insert(name.clone(), effect);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
