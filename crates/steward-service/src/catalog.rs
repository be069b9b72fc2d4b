//! The self-service catalog and approvals: ordering a request type (its extra questions answered),
//! the approval that order asks for, and a reviewer's decision rolled up to the record decided on.
//! Each is one transaction: the request and its approval commit together, as do a decision and the
//! request's new status.

use crate::authz::{forbidden, Privilege};
use crate::{id_of, text_of as text, uuid_of as uuid, Actor, Result, Service};
use serde_json::{json, Map, Value as Json};
use steward_domain::questions::{parse_answers, parse_questions};
use steward_domain::value::{format_datetime, now};
use steward_domain::{DomainError, ErrorKind, Record, Value};
use uuid::Uuid;

/// A reviewer's decision on an approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "approve" | "approved" => Some(Decision::Approve),
            "reject" | "rejected" => Some(Decision::Reject),
            _ => None,
        }
    }
}

/// Days a reviewer has to decide before the approval is overdue.
pub(crate) const APPROVAL_DAYS: i64 = 3;

fn invalid(code: &'static str, message: impl Into<String>) -> crate::Error {
    DomainError::new(ErrorKind::Invalid, code, message).into()
}

/// What a requester fills in on a catalog form, besides the type's own questions.
#[derive(Debug, Clone, Default)]
pub struct OrderForm {
    /// A short summary; the type's name when empty.
    pub summary: String,
    pub description: String,
    pub business_justification: String,
    /// `YYYY-MM-DD`, when the requester needs it by.
    pub required_date: String,
}

impl Service {
    /// Order a catalog item: a service request of an orderable type, for the actor, with the answers
    /// to the type's questions (`answer(question name)`). When the type requires approval it is
    /// submitted for approval in the same transaction, which opens the request's declared chain
    /// (the requester's manager, else the fulfilling unit's manager).
    pub async fn order(
        &self,
        actor: &Actor,
        type_id: Uuid,
        form: &OrderForm,
        answer: &(dyn Fn(&str) -> Option<String> + Sync),
    ) -> Result<Record> {
        let types = self.view_of(actor, self.builtin_table("it_service_request_type"));
        let requests = self.builtin_table("it_service_request");
        actor.require(&requests.name, Privilege::Create)?;
        let kind = self.get(actor, &types, type_id, None, &[]).await?.record;
        if kind.get("is_orderable") != Some(&Value::Bool(true))
            || text(&kind, "state") != Some("active")
        {
            return Err(invalid(
                "not_orderable",
                "this request type is not offered in the catalog",
            ));
        }
        let questions =
            parse_questions(text(&kind, "form_fields").unwrap_or("[]")).map_err(|m| {
                invalid(
                    "invalid_form",
                    format!("this request type's form cannot be used ({m}); tell an administrator"),
                )
            })?;
        let answers = parse_answers(&questions, answer)?;
        let persons = self.builtin_table("person");
        let me = self
            .db
            .get_unscoped(persons, actor.person_id)
            .await?
            .unwrap_or_default();
        let needs_approval = kind.get("requires_approval") == Some(&Value::Bool(true));
        let at = now();
        let summary = Some(form.summary.trim())
            .filter(|s| !s.is_empty())
            .or(text(&kind, "name"))
            .unwrap_or("Request");
        let mut body = Map::new();
        let mut put = |k: &str, v: Json| {
            if !v.is_null() && v != json!("") {
                body.insert(k.to_string(), v);
            }
        };
        put("name", json!(summary));
        put("it_service_request_type_id", json!(type_id.to_string()));
        put("description", json!(form.description.trim()));
        put(
            "business_justification",
            json!(form.business_justification.trim()),
        );
        put("required_date", json!(form.required_date.trim()));
        put("requested_by_id", json!(actor.person_id.to_string()));
        put("requested_for_id", json!(actor.person_id.to_string()));
        put(
            "requesting_unit_id",
            json!(uuid(&me, "organization_unit_id").map(|u| u.to_string())),
        );
        put("request_date", json!(format_datetime(at)));
        put("method_of_contact", json!("portal"));
        put("priority", json!(text(&kind, "default_priority")));
        put(
            "assigned_team_id",
            json!(uuid(&kind, "fulfillment_unit_id").map(|u| u.to_string())),
        );
        put("form_answers", json!(Json::Object(answers).to_string()));
        // Its due_on and sla_state are the declared service level's (the type's target hours).
        let mut batch = self.batch().await?;
        let request = self
            .create_with(
                &mut batch,
                actor.clone(),
                requests,
                &body,
                None,
                &Record::new(),
            )
            .await?;
        if !actor.reaches(&requests.name, Privilege::Create, &request) {
            return Err(forbidden(&requests.name, Privilege::Create).into());
        }
        // Submitted in the same transaction: for its approvals (the chain opens on
        // `submit_for_approval`) when the type needs them.
        let (submitter, submit) = match needs_approval {
            true => (actor.for_workflow(), "submit_for_approval"),
            false => (actor.clone(), "submit"),
        };
        let request = self
            .transition_in(
                &mut batch,
                &submitter,
                requests,
                id_of(&request),
                submit,
                &Map::new(),
                None,
            )
            .await?;
        batch.commit().await?;
        Ok(request)
    }

    /// Decide an approval as its reviewer: the approval's `approve` or `reject` transition, whose
    /// guards hold the rules (only the named reviewer, never on their own record, a stage only once
    /// the stages before it are approved) and whose roll-up moves the record decided on.
    pub async fn decide(
        &self,
        actor: &Actor,
        approval_id: Uuid,
        decision: Decision,
        comments: &str,
        if_match: Option<i64>,
    ) -> Result<Record> {
        let mut params = Map::new();
        if !comments.trim().is_empty() {
            params.insert("reviewer_comments".into(), json!(comments.trim()));
        }
        let name = match decision {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
        };
        let approvals = self.builtin_table("approval");
        self.transition(actor, approvals, approval_id, name, &params, if_match)
            .await
    }
}
