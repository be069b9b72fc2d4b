//! Who is told what, when a record changes (webhooks: `webhooks.rs`, from the same place): each message is a row of the outbox written in the
//! same transaction as the change (so a change that rolls back tells nobody, and one that commits
//! is told for sure), delivered later by the scheduler. The rules, in one place:
//!
//! - the people of a lifecycle's `requesters` fields: when the record is made, at each change of
//!   its state (its resolution with the notes), not of a change they made themselves (kind
//!   `request_progress`);
//! - a reviewer, when an approval waits for them, with the links to decide (always sent);
//! - the assignee, when work is handed to them by someone else; the team's people, when work
//!   arrives in their team's queue with nobody assigned (kind `assignment`);
//! - the assignee (or else the team's manager) when the service level is at risk (kind
//!   `sla_warning`); the assignee and the team's manager — the escalation — when it is breached
//!   (always sent).
//!
//! A person without an address, or inactive, gets nothing; a kind a person turned off
//! (`user_preference.mail_off`) is not sent to them. Bulk creates (imports, the demo, the
//! benchmark) send nothing.

use crate::mail::{Letter, MailConfig};
use crate::{id_of, text_of as text, uuid_of as person, Actor, Batch, Result, Service};
use std::sync::Arc;
use steward_domain::{Record, Value};
use steward_model::Table;
use steward_store::NewRun;
use uuid::Uuid;

/// One message to one person, before their address and preferences are looked up.
struct Notice {
    to: Uuid,
    kind: Option<&'static str>,
    subject: String,
    body: String,
}

fn changed(before: Option<&Record>, after: &Record, f: &str) -> bool {
    before.is_some_and(|b| b.get(f) != after.get(f))
}

impl Service {
    /// Enqueue the mails a change of `table` sends (`before` is none for a create).
    pub(crate) async fn announce(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        table: &Table,
        before: Option<&Record>,
        after: &Record,
    ) -> Result<()> {
        self.publish(batch, actor, table, before, after).await?;
        let Some(mail) = self.mail.clone() else {
            return Ok(());
        };
        let mut notices = Vec::new();
        let what = self.what(table, after);
        let link = format!("{}/app/{}/{}", mail.public_url, table.set, id_of(after));
        let me = actor.person_id;
        if table.name == "approval" {
            self.approval_notices(batch, &mail, before, after, &mut notices)
                .await?;
        }
        if let Some(lifecycle) = self.lifecycle(&table.name) {
            let state = self.choice_label(table, &lifecycle.field, lifecycle.state_of(after));
            let mut requesters: Vec<Uuid> = lifecycle
                .requesters
                .iter()
                .filter_map(|f| person(after, f))
                .collect();
            requesters.dedup();
            let moved = changed(before, after, &lifecycle.field);
            for p in requesters {
                if before.is_none() {
                    notices.push(Notice {
                        to: p,
                        kind: Some("request_progress"),
                        subject: format!("Received: {what}"),
                        body: format!("{what} was received.\n\nFollow it here: {link}\n"),
                    });
                } else if moved && p != me {
                    let done = !lifecycle.is_open(lifecycle.state_of(after));
                    let mut body = format!("{what} is now {state}.\n");
                    if done {
                        for f in ["resolution_notes", "completion_notes", "reviewer_comments"] {
                            if let Some(notes) = text(after, f) {
                                body.push_str(&format!("\n{notes}\n"));
                            }
                        }
                    }
                    body.push_str(&format!("\nSee it here: {link}\n"));
                    notices.push(Notice {
                        to: p,
                        kind: Some("request_progress"),
                        subject: format!("{state}: {what}"),
                        body,
                    });
                }
            }
        }
        let assignee = person(after, "assigned_to_id");
        let team = person(after, "assigned_team_id");
        if let Some(p) = assignee
            .filter(|p| *p != me && (before.is_none() || changed(before, after, "assigned_to_id")))
        {
            notices.push(Notice {
                to: p,
                kind: Some("assignment"),
                subject: format!("Assigned to you: {what}"),
                body: format!("{what} is assigned to you.\n\nWork it here: {link}\n"),
            });
        }
        if let (None, Some(t)) = (assignee, team) {
            if before.is_none() || changed(before, after, "assigned_team_id") {
                for p in self.unit_people(batch, t).await? {
                    if p != me {
                        notices.push(Notice {
                            to: p,
                            kind: Some("assignment"),
                            subject: format!("In your team's queue: {what}"),
                            body: format!(
                                "{what} is in your team's queue, with nobody assigned yet.\n\nTake it here: {link}\n"
                            ),
                        });
                    }
                }
            }
        }
        if changed(before, after, "sla_state")
            || (before.is_none() && after.contains_key("sla_state"))
        {
            let manager = match team {
                Some(t) => self.unit_manager(batch, t).await?,
                None => None,
            };
            let due = match after.get("due_on") {
                Some(Value::DateTime(t)) => steward_domain::value::format_datetime(*t),
                _ => "soon".into(),
            };
            match text(after, "sla_state") {
                Some("at_risk") => {
                    if let Some(p) = assignee.or(manager) {
                        notices.push(Notice {
                            to: p,
                            kind: Some("sla_warning"),
                            subject: format!("Service level at risk: {what}"),
                            body: format!(
                                "{what} is due {due} and most of its time is gone.\n\n{link}\n"
                            ),
                        });
                    }
                }
                Some("breached") => {
                    for (p, role) in [
                        (assignee, "assigned to you"),
                        (manager, "in a team you lead"),
                    ] {
                        if let Some(p) = p {
                            notices.push(Notice {
                                to: p,
                                kind: None,
                                subject: format!("Service level breached: {what}"),
                                body: format!(
                                    "{what}, {role}, was due {due}: its service level is breached.\n\n{link}\n"
                                ),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        let token = id_of(after).simple().to_string();
        for n in notices {
            self.post(batch, &mail, table, after, &token, n).await?;
        }
        Ok(())
    }

    /// An approval that now waits for its reviewer: the mail asking them to decide.
    async fn approval_notices(
        &self,
        batch: &mut Batch,
        mail: &MailConfig,
        before: Option<&Record>,
        after: &Record,
        out: &mut Vec<Notice>,
    ) -> Result<()> {
        let waits = text(after, "approval_status") == Some("pending");
        let newly = before.is_none()
            || changed(before, after, "reviewer_id")
            || changed(before, after, "approval_status");
        let Some(reviewer) = person(after, "reviewer_id").filter(|_| waits && newly) else {
            return Ok(());
        };
        let regarding = match (
            text(after, "regarding_table").and_then(|t| self.model.table(t)),
            after.get("regarding_id").and_then(Value::as_uuid),
        ) {
            (Some(t), Some(id)) => match batch.tx_mut().get(t, id).await? {
                Some(r) => self.what(t, &r),
                None => "a record".into(),
            },
            _ => "a record".into(),
        };
        let page = format!("{}/app/approvals/{}", mail.public_url, id_of(after));
        let mut body = format!("Your decision is asked on {regarding}.\n");
        if let Some(c) = text(after, "requestor_comments") {
            body.push_str(&format!("\nThe requester says: {c}\n"));
        }
        if let Some(Value::DateTime(due)) = after.get("due_date") {
            body.push_str(&format!(
                "\nPlease decide by {}.\n",
                steward_domain::value::format_datetime(*due)
            ));
        }
        body.push_str(&format!(
            "\nApprove: {page}?decision=approve\nReject: {page}?decision=reject\n\n\
             (Each link opens the decision, after you sign in; nothing is decided until you confirm there.)\n"
        ));
        out.push(Notice {
            to: reviewer,
            kind: None,
            subject: format!("Approval needed: {regarding}"),
            body,
        });
        Ok(())
    }

    /// The reminder of an overdue approval to its reviewer, once (its mail is keyed by the
    /// approval and the reviewer); whether it was queued now.
    pub(crate) async fn remind_reviewer(
        &self,
        batch: &mut Batch,
        approval: &Record,
        reviewer: Uuid,
    ) -> Result<bool> {
        let Some(mail) = self.mail.clone() else {
            return Ok(false);
        };
        let table = self.builtin_table("approval");
        let page = format!("{}/app/approvals/{}", mail.public_url, id_of(approval));
        let what = text(approval, "name").unwrap_or("an approval").to_string();
        let n = Notice {
            to: reviewer,
            kind: None,
            subject: format!("Overdue, your decision: {what}"),
            body: format!(
                "{what} waits for your decision and is past its due date; if it is not decided within a day it goes to your manager.\n\nDecide here: {page}\n"
            ),
        };
        let key = format!("mail:reminder-{}-{reviewer}", id_of(approval).simple());
        self.post_keyed(
            batch,
            &mail,
            table,
            approval,
            &id_of(approval).simple().to_string(),
            n,
            Some(key),
        )
        .await
    }

    /// Enqueue one notice for its person: their address, unless they turned its kind off.
    async fn post(
        &self,
        batch: &mut Batch,
        mail: &Arc<MailConfig>,
        table: &Table,
        record: &Record,
        token: &str,
        n: Notice,
    ) -> Result<()> {
        self.post_keyed(batch, mail, table, record, token, n, None)
            .await
            .map(|_| ())
    }

    /// `post` under a key of its own (a mail sent once per key); whether it was queued.
    #[allow(clippy::too_many_arguments)]
    async fn post_keyed(
        &self,
        batch: &mut Batch,
        mail: &Arc<MailConfig>,
        table: &Table,
        record: &Record,
        token: &str,
        n: Notice,
        key: Option<String>,
    ) -> Result<bool> {
        let persons = self.builtin_table("person");
        let Some(p) = batch.tx_mut().get(persons, n.to).await? else {
            return Ok(false);
        };
        let Some(address) = text(&p, "email").filter(|_| text(&p, "state") == Some("active"))
        else {
            return Ok(false);
        };
        if let Some(kind) = n.kind {
            if self.turned_off(batch, n.to, kind).await? {
                return Ok(false);
            }
        }
        let letter = Letter {
            to: address.to_string(),
            to_name: text(&p, "name").unwrap_or_default().to_string(),
            subject: n.subject,
            body: n.body,
            kind: n.kind.map(str::to_string),
            reply_to: mail.reply_to(token),
        };
        let run = NewRun {
            job: "mail".into(),
            key: key.unwrap_or_else(|| format!("mail:{}", Uuid::now_v7())),
            due_at: crate::scheduler::now_ms(),
            payload: serde_json::to_string(&letter).expect("a letter serializes"),
            // One reader's mails arrive in the order of the changes that sent them.
            lane: Some(format!("mail:{}", letter.to.to_lowercase())),
            record: Some((table.name.clone(), id_of(record).to_string())),
        };
        Ok(batch
            .tx_mut()
            .enqueue(&run, crate::scheduler::now_ms())
            .await?)
    }

    /// Whether `person` turned mail of `kind` off in their preferences (any of their accounts).
    async fn turned_off(&self, batch: &mut Batch, person: Uuid, kind: &str) -> Result<bool> {
        let accounts = self.builtin_table("user_account");
        let prefs = self.builtin_table("user_preference");
        for a in batch
            .tx_mut()
            .find_all_by(accounts, "person_id", Value::Uuid(person))
            .await?
        {
            for p in batch
                .tx_mut()
                .find_all_by(prefs, "user_account_id", Value::Uuid(id_of(&a)))
                .await?
            {
                if let Some(Value::Codes(off)) = p.get("mail_off") {
                    if off.iter().any(|c| c == kind) {
                        return Ok(true);
                    }
                }
            }
        }
        Ok(false)
    }

    /// The active people of an organization unit (a team).
    async fn unit_people(&self, batch: &mut Batch, unit: Uuid) -> Result<Vec<Uuid>> {
        let persons = self.builtin_table("person");
        Ok(batch
            .tx_mut()
            .find_all_by(persons, "organization_unit_id", Value::Uuid(unit))
            .await?
            .iter()
            .filter(|p| text(p, "state") == Some("active"))
            .map(id_of)
            .collect())
    }

    async fn unit_manager(&self, batch: &mut Batch, unit: Uuid) -> Result<Option<Uuid>> {
        let units = self.builtin_table("organization_unit");
        Ok(batch
            .tx_mut()
            .get(units, unit)
            .await?
            .and_then(|u| person(&u, "manager_id")))
    }

    /// A record as a mail names it: its number and name ("INC-000042 Printer on fire").
    fn what(&self, table: &Table, r: &Record) -> String {
        match (text(r, "number"), text(r, "name")) {
            (Some(n), Some(name)) => format!("{n} {name}"),
            (Some(n), None) => n.to_string(),
            (None, Some(name)) => format!("{} \"{name}\"", table.label),
            (None, None) => table.label.clone(),
        }
    }

    fn choice_label(&self, table: &Table, field: &str, code: &str) -> String {
        table
            .field(field)
            .and_then(|f| f.ty.choice_set())
            .and_then(|s| self.model.choice_set(s))
            .and_then(|s| s.choices.iter().find(|c| c.code == code))
            .map_or_else(|| code.to_string(), |c| c.label.clone())
    }
}
