//! Webhooks: an administrator subscribes a URL to events (`webhook_subscription`); each event a
//! change raises is queued, for each subscription that wants it, in the change's own transaction,
//! and the scheduler POSTs it, signed, until the receiver takes it (a 2xx), with backoff: a
//! receiver down for an hour loses nothing. The deliveries of one record to one subscription are
//! made in order (a lane each), so a receiver sees a record's events in the order they happened.
//!
//! Each delivery carries `Steward-Delivery` (its id: a receiver that sees it twice drops the copy),
//! `Steward-Event`, `Steward-Timestamp` (Unix seconds) and `Steward-Signature: v1=HEX`, the
//! HMAC-SHA256 of `TIMESTAMP.BODY` under the subscription's signing secret; a receiver checks the
//! signature and refuses an old timestamp (a replay).

use crate::scheduler::{now_ms, SchedulerConfig};
use crate::{id_of, text_of as text, Actor, Batch, Result, Service};
use hmac::{Hmac, Mac};
use serde_json::{json, Value as Json};
use sha2::Sha256;
use steward_domain::{Record, Value};
use steward_model::Table;
use steward_store::{Finish, NewRun, QueuedRun};
use uuid::Uuid;

pub const DELIVERY_HEADER: &str = "Steward-Delivery";
pub const EVENT_HEADER: &str = "Steward-Event";
pub const TIMESTAMP_HEADER: &str = "Steward-Timestamp";
pub const SIGNATURE_HEADER: &str = "Steward-Signature";

/// The signature of a delivery: `v1=` and the hex HMAC-SHA256 of `timestamp.body` under `secret`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("v1={}", hex::encode(mac.finalize().into_bytes()))
}

fn client() -> &'static reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client")
    })
}

impl Service {
    /// The events a change raises: (event code, what it adds to the event's body).
    fn events_of(
        &self,
        table: &Table,
        before: Option<&Record>,
        after: &Record,
    ) -> Vec<(&'static str, Json)> {
        let mut out = Vec::new();
        let Some(before) = before else {
            out.push(("record_created", json!({})));
            return out;
        };
        if let Some(lifecycle) = self.lifecycle(&table.name) {
            let (from, to) = (lifecycle.state_of(before), lifecycle.state_of(after));
            if from != to {
                out.push(("transition_taken", json!({"from": from, "to": to})));
                if table.name == "approval" && matches!(to, "approved" | "rejected") {
                    out.push((
                        "approval_decided",
                        json!({"decision": to,
                               "regarding_table": text(after, "regarding_table"),
                               "regarding_id": crate::uuid_of(after, "regarding_id").map(|u| u.to_string())}),
                    ));
                }
            }
        }
        if text(after, "sla_state") == Some("breached")
            && text(before, "sla_state") != Some("breached")
        {
            let due = match after.get("due_on") {
                Some(Value::DateTime(t)) => {
                    Json::String(steward_domain::value::format_datetime(*t))
                }
                _ => Json::Null,
            };
            out.push(("sla_breached", json!({"due_on": due})));
        }
        out
    }

    /// Queue the deliveries of a change's events to the active subscriptions that want them.
    pub(crate) async fn publish(
        &self,
        batch: &mut Batch,
        actor: &Actor,
        table: &Table,
        before: Option<&Record>,
        after: &Record,
    ) -> Result<()> {
        if table.written_by_steward || table.name == "webhook_subscription" {
            return Ok(());
        }
        let events = self.events_of(table, before, after);
        if events.is_empty() {
            return Ok(());
        }
        let subscriptions = self.builtin_table("webhook_subscription");
        let active = batch
            .tx_mut()
            .find_all_by(subscriptions, "state", Value::Text("active".into()))
            .await?;
        if active.is_empty() {
            return Ok(());
        }
        let id = id_of(after);
        let at = steward_domain::value::format_datetime(steward_domain::value::now());
        for (event, extra) in events {
            let event_id = Uuid::now_v7();
            let mut body = json!({
                "id": event_id.to_string(),
                "type": event,
                "occurred_on": at,
                "table": table.name,
                "entity_set": table.set,
                "record": {"id": id.to_string(), "number": text(after, "number"), "name": text(after, "name")},
                "actor_id": actor.person_id.to_string(),
            });
            if let (Json::Object(b), Json::Object(e)) = (&mut body, extra) {
                b.extend(e);
            }
            for sub in &active {
                if !wants(sub, event, table) {
                    continue;
                }
                let sub_id = id_of(sub);
                let run = NewRun {
                    job: "webhook".into(),
                    key: format!("webhook:{event_id}:{sub_id}"),
                    due_at: now_ms(),
                    payload: json!({"subscription_id": sub_id.to_string(), "event": event, "body": body.to_string()})
                        .to_string(),
                    lane: Some(format!("webhook:{sub_id}:{id}")),
                    record: Some((table.name.clone(), id.to_string())),
                };
                batch.tx_mut().enqueue(&run, now_ms()).await?;
            }
        }
        Ok(())
    }

    /// POST one claimed delivery, signed, and end its run.
    pub(crate) async fn deliver_webhook(
        &self,
        config: &SchedulerConfig,
        run: &QueuedRun,
    ) -> Result<()> {
        let payload: Json = serde_json::from_str(&run.payload).unwrap_or(Json::Null);
        let body = payload["body"].as_str().unwrap_or("{}").to_string();
        let event = payload["event"].as_str().unwrap_or("").to_string();
        let sub = match payload["subscription_id"]
            .as_str()
            .and_then(|s| Uuid::parse_str(s).ok())
        {
            Some(id) => {
                self.db
                    .get_unscoped(self.builtin_table("webhook_subscription"), id)
                    .await?
            }
            None => None,
        };
        let how = match sub {
            None => Finish::Failed {
                error: "the subscription is gone".into(),
            },
            Some(s) if text(&s, "state") != Some("active") => Finish::Retry {
                // Paused: kept, and sent when the subscription is active again.
                at: now_ms() + config.backoff(run.attempts).as_millis() as i64,
                error: "the subscription is inactive".into(),
            },
            Some(s) => {
                let url = text(&s, "url").unwrap_or_default().to_string();
                let secret = text(&s, "signing_secret").unwrap_or_default().to_string();
                let ts = now_ms() / 1000;
                let sent = self
                    .with_lease(
                        config,
                        run.seq,
                        client()
                            .post(&url)
                            .header("content-type", "application/json")
                            .header(DELIVERY_HEADER, run.key.trim_start_matches("webhook:"))
                            .header(EVENT_HEADER, &event)
                            .header(TIMESTAMP_HEADER, ts.to_string())
                            .header(SIGNATURE_HEADER, signature(&secret, ts, &body))
                            .body(body.clone())
                            .send(),
                    )
                    .await;
                let error = match sent {
                    Ok(r) if r.status().is_success() => None,
                    Ok(r) => Some(format!("the receiver answered {}", r.status())),
                    Err(e) => Some(format!("the receiver could not be reached: {e}")),
                };
                match error {
                    None => Finish::Done,
                    Some(error) if run.attempts < config.max_attempts => Finish::Retry {
                        at: now_ms() + config.backoff(run.attempts).as_millis() as i64,
                        error,
                    },
                    Some(error) => Finish::Failed {
                        error: format!("given up after {} attempts: {error}", run.attempts),
                    },
                }
            }
        };
        if let Finish::Retry { error, .. } | Finish::Failed { error } = &how {
            tracing::info!(run = %run.key, attempts = run.attempts, %error, "a webhook delivery was not taken");
        }
        self.db
            .finish_run(run.seq, &config.owner, &how, now_ms())
            .await?;
        Ok(())
    }
}

/// Whether a subscription wants this event of this table.
fn wants(sub: &Record, event: &str, table: &Table) -> bool {
    let events = match sub.get("events") {
        Some(Value::Codes(c)) => c.iter().any(|c| c == event),
        _ => false,
    };
    let tables = text(sub, "table_names").unwrap_or("");
    events
        && (tables.trim().is_empty()
            || tables
                .split(',')
                .map(str::trim)
                .any(|t| t == table.name || t == table.set))
}
