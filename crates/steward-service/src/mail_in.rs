//! Mail in: a message to the service desk's address becomes a change, made as its sender would
//! make it through the API (their account, their rights), never as Steward:
//!
//! - a reply — to `DESK+TOKEN@...` (the `Reply-To` of Steward's mails), or `In-Reply-To` one of
//!   Steward's messages — adds a note to its record, the quoted text left out;
//! - any other mail opens a service request for the sender, submitted, its subject the name and
//!   its text the description.
//!
//! The sender is the person whose address is the mail's `From`, with an active account; anyone
//! else is refused (the listener answers 550, so the sending server bounces it) and the reason is
//! logged. A refusal changes nothing.

use crate::{id_of, Result, Service};
use mail_parser::MessageParser;
use serde_json::json;
use steward_domain::{DomainError, ErrorKind, Value};
use uuid::Uuid;

/// What a received mail did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// A note on this record.
    Comment { table: String, id: Uuid },
    /// A new service request.
    Request { id: Uuid },
}

fn refused(why: impl Into<String>) -> crate::Error {
    DomainError::new(ErrorKind::Forbidden, "mail_refused", why).into()
}

/// The text of a reply without what it quotes.
fn without_quotes(text: &str) -> String {
    let mut kept = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("On ") && t.ends_with("wrote:") || t == "-----Original Message-----" {
            break;
        }
        if !t.starts_with('>') {
            kept.push(line);
        }
    }
    kept.join("\n").trim().to_string()
}

impl Service {
    /// Take one received message (its raw bytes) addressed to `recipients`.
    pub async fn receive_mail(&self, raw: &[u8], recipients: &[String]) -> Result<Received> {
        let Some(mail) = self.mail.clone() else {
            return Err(refused("this server takes no mail (no --smtp-url)"));
        };
        let Some(desk) = mail.desk.clone() else {
            return Err(refused("no desk address is configured (--mail-desk)"));
        };
        let message = MessageParser::default()
            .parse(raw)
            .ok_or_else(|| refused("the message could not be read"))?;
        let from = message
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(|a| a.trim().to_string())
            .ok_or_else(|| refused("the message has no sender"))?;
        let actor = self.mail_sender(&from).await?;
        let subject = message
            .subject()
            .unwrap_or("(no subject)")
            .trim()
            .to_string();
        let text = message
            .body_text(0)
            .map(|t| t.to_string())
            .unwrap_or_default();
        // The record a reply is about: the token of the desk address it was sent to, or the
        // Steward message it answers.
        let (user, domain) = (desk.user().to_lowercase(), desk.domain().to_lowercase());
        let token = recipients.iter().find_map(|r| {
            let r = r.trim().trim_matches(['<', '>']).to_lowercase();
            let (local, d) = r.rsplit_once('@')?;
            let tail = local.strip_prefix(&format!("{user}+"))?;
            (d == domain).then(|| tail.to_string())
        });
        let answered = message
            .in_reply_to()
            .as_text_list()
            .unwrap_or_default()
            .iter()
            .chain(
                message
                    .references()
                    .as_text_list()
                    .unwrap_or_default()
                    .iter(),
            )
            .map(|s| s.to_string())
            .collect::<Vec<_>>();
        let regarding = match token.and_then(|t| Uuid::parse_str(&t).ok()) {
            Some(id) => self.record_of_token(id).await?,
            None => self.record_of_message(&answered).await?,
        };
        match regarding {
            Some((table, id)) => {
                let notes = self.builtin_table("note");
                let body = json!({
                    "name": subject.chars().take(200).collect::<String>(),
                    "regarding_table": table,
                    "regarding_id": id.to_string(),
                    "body": without_quotes(&text),
                    "author_id": actor.person_id.to_string(),
                });
                self.create(actor, notes, body.as_object().expect("an object"))
                    .await?;
                Ok(Received::Comment { table, id })
            }
            None => {
                let requests = self.builtin_table("it_service_request");
                let me = actor.person_id.to_string();
                let body = json!({
                    "name": subject.chars().take(200).collect::<String>(),
                    "description": text.trim(),
                    "requested_by_id": me,
                    "requested_for_id": me,
                });
                let made = self
                    .create(
                        actor.clone(),
                        requests,
                        body.as_object().expect("an object"),
                    )
                    .await?;
                let id = id_of(&made);
                self.transition(
                    &actor,
                    requests,
                    id,
                    "submit",
                    &serde_json::Map::new(),
                    None,
                )
                .await?;
                Ok(Received::Request { id })
            }
        }
    }

    /// Whether mail from `address` (an envelope sender) would be taken: a person with an account.
    pub async fn mail_sender_of(&self, address: &str) -> Result<()> {
        let address = address.trim().trim_matches(['<', '>']);
        self.mail_sender(address).await.map(|_| ())
    }

    /// The sender of a mail as an actor: the person with that address and an active account.
    async fn mail_sender(&self, address: &str) -> Result<crate::Actor> {
        let persons = self.builtin_table("person");
        let accounts = self.builtin_table("user_account");
        let mut person = None;
        for candidate in [address.to_string(), address.to_lowercase()] {
            if let Some(p) = self
                .db
                .find_by(persons, "email", Value::Text(candidate))
                .await?
            {
                person = Some(p);
                break;
            }
        }
        let Some(person) =
            person.filter(|p| p.get("state").and_then(Value::as_text) == Some("active"))
        else {
            return Err(refused(format!(
                "the sender {address} is not a person Steward knows"
            )));
        };
        for account in self
            .db
            .find_all_by(accounts, "person_id", Value::Uuid(id_of(&person)))
            .await?
        {
            if let Some((_, person)) = self.live_account(id_of(&account)).await? {
                return self
                    .actor_for(id_of(&account), &person, crate::Scope::Write)
                    .await;
            }
        }
        Err(refused(format!(
            "the sender {address} has no active account"
        )))
    }

    /// The process record whose id a reply token is.
    async fn record_of_token(&self, id: Uuid) -> Result<Option<(String, Uuid)>> {
        for lifecycle in self.processes.lifecycles() {
            let Some(table) = self.model.table(&lifecycle.table) else {
                continue;
            };
            if self.db.get_unscoped(table, id).await?.is_some() {
                return Ok(Some((table.name.clone(), id)));
            }
        }
        Ok(None)
    }

    /// The record of a Steward message a mail answers (`<ID@domain>` of a queued mail).
    async fn record_of_message(&self, ids: &[String]) -> Result<Option<(String, Uuid)>> {
        for m in ids {
            let key = m.trim_matches(['<', '>']).split('@').next().unwrap_or("");
            if let Some(run) = self.db.queued(&format!("mail:{key}")).await? {
                if let (Some(t), Some(id)) = (
                    run.record_table,
                    run.record_id.and_then(|i| Uuid::parse_str(&i).ok()),
                ) {
                    return Ok(Some((t, id)));
                }
            }
        }
        Ok(None)
    }
}

impl Service {
    /// Whether mail to `recipient` is the desk's: its address, or its address plus a token.
    pub fn takes_mail_for(&self, recipient: &str) -> bool {
        let Some(desk) = self.mail.as_ref().and_then(|m| m.desk.clone()) else {
            return false;
        };
        let r = recipient.trim().trim_matches(['<', '>']).to_lowercase();
        let Some((local, domain)) = r.rsplit_once('@') else {
            return false;
        };
        let user = desk.user().to_lowercase();
        domain == desk.domain().to_lowercase()
            && (local == user || local.starts_with(&format!("{user}+")))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_reply_keeps_its_own_text_only() {
        let text = "Yes, please go ahead.\n\nOn Fri, Dec 4, 2026 Steward wrote:\n> REQ-000001 is now Pending";
        assert_eq!(super::without_quotes(text), "Yes, please go ahead.");
        assert_eq!(super::without_quotes("> quoted\nmine"), "mine");
    }
}
