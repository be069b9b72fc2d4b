//! What a transition opens (`opens` in the declaration): the records that follow from its new
//! state, created in the same transaction by Steward acting for the caller, so that an approved
//! request always has its provisioning tasks and a decommissioning request its revoke lines.

use crate::writes::Batch;
use crate::{id_of, text_of as text, uuid_of as uuid, Actor, Result, Service};
use serde_json::{json, Map, Value as Json};
use steward_domain::{Record, Value};
use steward_model::Table;
use steward_process::Opens;
use uuid::Uuid;

/// The Access Action a request of this Access Request Type carries out.
fn action_for(request_type: Option<&str>) -> &'static str {
    match request_type {
        Some("modify_access") => "modify",
        Some("remove_access") => "revoke",
        Some("transfer_access") => "transfer",
        _ => "grant",
    }
}

/// The label of an Access Action, for a task's name.
fn action_label(action: &str) -> &'static str {
    match action {
        "modify" => "Modify",
        "revoke" => "Revoke",
        "extend" => "Extend",
        "transfer" => "Transfer",
        _ => "Grant",
    }
}

/// A provisioning task to open.
struct Task {
    /// The line it carries out (none: the request itself).
    line: Option<Uuid>,
    /// A code of Access Action.
    action: String,
    entitlement: Option<Uuid>,
    /// Who receives or loses the access.
    person: Option<Uuid>,
    /// The line's name, or the action and the request's.
    name: String,
}

fn active(r: &Record) -> bool {
    text(r, "state") == Some("active")
}

/// A lookup's id as a JSON value (null when empty).
fn id_json(id: Option<Uuid>) -> Json {
    id.map_or(Json::Null, |u| Json::String(u.to_string()))
}

impl Service {
    /// Open what `what` names for `record` of `table`, just moved by a transition.
    pub(crate) async fn open(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        table: &Table,
        record: &Record,
        what: Opens,
    ) -> Result<()> {
        match what {
            Opens::ProvisioningTasks => self.open_provisioning_tasks(batch, actor, record).await,
            Opens::RevokeLines => {
                debug_assert_eq!(table.name, "it_system_access_request");
                self.open_revoke_lines(batch, actor, record).await
            }
        }
    }

    async fn lines_of(&self, batch: &mut Batch, request: &Record) -> Result<Vec<Record>> {
        let lines = self.builtin_table("it_system_access_detail");
        let mut found = batch
            .tx_mut()
            .find_all_by(
                lines,
                "it_system_access_request_id",
                Value::Uuid(id_of(request)),
            )
            .await?;
        found.retain(active);
        Ok(found)
    }

    /// One provisioning task per line of an approved access request, or one for the request.
    async fn open_provisioning_tasks(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        request: &Record,
    ) -> Result<()> {
        let tasks = self.builtin_table("it_provisioning_request");
        let grants = self.builtin_table("it_assigned_entitlement");
        let request_name = text(request, "name")
            .unwrap_or("access request")
            .to_string();
        let due = request
            .get("requested_by_date")
            .filter(|v| !v.is_null())
            .map(Value::to_json)
            .unwrap_or(Json::Null);
        let requested = action_for(text(request, "it_system_access_request_type"));
        let lines = self.lines_of(batch, request).await?;
        let mut work: Vec<Task> = Vec::new();
        if lines.is_empty() {
            work.push(Task {
                line: None,
                action: requested.to_string(),
                entitlement: uuid(request, "it_product_entitlement_id"),
                person: uuid(request, "person_id"),
                name: format!("{}: {request_name}", action_label(requested)),
            });
        }
        for line in &lines {
            let action = text(line, "it_system_access_action")
                .unwrap_or(requested)
                .to_string();
            // A line that changes a grant is for the grant's holder.
            let grant = match uuid(line, "it_assigned_entitlement_id") {
                Some(g) => batch.tx_mut().get(grants, g).await?,
                None => None,
            };
            let person = grant
                .as_ref()
                .and_then(|g| uuid(g, "person_id"))
                .or(uuid(request, "person_id"));
            let entitlement = uuid(line, "it_product_entitlement_id")
                .or(grant
                    .as_ref()
                    .and_then(|g| uuid(g, "it_product_entitlement_id")))
                .or(uuid(request, "it_product_entitlement_id"));
            let name = match text(line, "name") {
                Some(n) => n.to_string(),
                None => format!("{}: {request_name}", action_label(&action)),
            };
            work.push(Task {
                line: Some(id_of(line)),
                action,
                entitlement,
                person,
                name,
            });
        }
        for task in work {
            let body = json!({
                "name": clip(&task.name),
                "it_system_access_detail_id": id_json(task.line),
                "it_product_entitlement_id": id_json(task.entitlement),
                "person_id": id_json(task.person),
                "provisioning_action": task.action,
                "due_on": due,
            });
            self.create_in(
                batch,
                actor.for_workflow(),
                tasks,
                &without_nulls(body),
                None,
            )
            .await?;
        }
        Ok(())
    }

    /// A request to remove all access to a system (Remove Access, a system, no person) gets a
    /// revoke line for every active grant of an entitlement on the system that no line names yet.
    async fn open_revoke_lines(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        request: &Record,
    ) -> Result<()> {
        let (Some("remove_access"), Some(system), None) = (
            text(request, "it_system_access_request_type"),
            uuid(request, "it_system_id"),
            uuid(request, "person_id"),
        ) else {
            return Ok(());
        };
        let entitlements = self.builtin_table("it_product_entitlement");
        let grants = self.builtin_table("it_assigned_entitlement");
        let persons = self.builtin_table("person");
        let lines = self.builtin_table("it_system_access_detail");
        let covered: Vec<Uuid> = self
            .lines_of(batch, request)
            .await?
            .iter()
            .filter_map(|l| uuid(l, "it_assigned_entitlement_id"))
            .collect();
        let on_system = batch
            .tx_mut()
            .find_all_by(entitlements, "it_system_id", Value::Uuid(system))
            .await?;
        for entitlement in &on_system {
            let held = batch
                .tx_mut()
                .find_all_by(
                    grants,
                    "it_product_entitlement_id",
                    Value::Uuid(id_of(entitlement)),
                )
                .await?;
            for grant in held.iter().filter(|g| {
                active(g)
                    && text(g, "assignment_status") == Some("active")
                    && !covered.contains(&id_of(g))
            }) {
                let holder = match uuid(grant, "person_id") {
                    Some(p) => batch.tx_mut().get(persons, p).await?,
                    None => None,
                };
                let who = holder
                    .as_ref()
                    .and_then(|p| text(p, "name"))
                    .unwrap_or("its holder");
                let body = json!({
                    "name": clip(&format!(
                        "Revoke {} from {who}",
                        text(entitlement, "name").unwrap_or("the entitlement")
                    )),
                    "it_system_access_request_id": id_of(request).to_string(),
                    "it_system_access_action": "revoke",
                    "it_product_id": id_json(uuid(entitlement, "it_product_id")),
                    "it_product_entitlement_id": id_of(entitlement).to_string(),
                    "it_assigned_entitlement_id": id_of(grant).to_string(),
                    "justification": text(request, "justification"),
                    "action_status": "not_started",
                });
                self.create_in(
                    batch,
                    actor.for_workflow(),
                    lines,
                    &without_nulls(body),
                    None,
                )
                .await?;
            }
        }
        Ok(())
    }
}

/// A body without its null members (a null is "clear the field", and these are new records).
fn without_nulls(body: Json) -> Map<String, Json> {
    match body {
        Json::Object(m) => m.into_iter().filter(|(_, v)| !v.is_null()).collect(),
        _ => Map::new(),
    }
}

/// A name within the 200 characters a name holds.
fn clip(s: &str) -> String {
    s.chars().take(200).collect()
}
