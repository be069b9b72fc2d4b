//! Service levels on records: `due_on` and `sla_state` from the declared SLA a record matches and
//! the states it went through (its history), written by Steward with every create and change of
//! the record, never by a caller (they are workflow-owned fields). A table without a declared SLA
//! keeps what Steward set otherwise (a catalog type's target hours).

use crate::writes::Batch;
use crate::{Result, Service};
use steward_domain::value::{now, parse_datetime};
use steward_domain::{Record, Value};
use steward_model::Table;
use uuid::Uuid;

impl Service {
    /// Set `due_on` and `sla_state` on a record about to be written (after its derived fields):
    /// `before` is the stored record (`None` on create). A record no SLA matches keeps them empty.
    /// A change of what decides the SLA (a priority) keeps the record's start: the new target
    /// counts from its creation, with the time already spent.
    pub(crate) async fn measure_sla(
        &self,
        batch: &mut Batch,
        table: &Table,
        before: Option<&Record>,
        after: &mut Record,
    ) -> Result<()> {
        let (Some(lifecycle), Some((sla, calendar))) = (
            self.lifecycle(&table.name),
            self.processes.sla_for(&table.name, after),
        ) else {
            let declared = self.processes.slas().iter().any(|s| s.table == table.name);
            if declared && before.is_some_and(|b| b.get("sla_state").is_some_and(|v| !v.is_null()))
            {
                // No SLA applies any longer (a condition changed): nothing is measured.
                after.insert("due_on".into(), Value::Null);
                after.insert("sla_state".into(), Value::Null);
            }
            return Ok(());
        };
        let at = now();
        let second = |v: Option<&Value>| match v {
            Some(Value::DateTime(t)) => Some(t.unix_timestamp()),
            _ => None,
        };
        let created = second(after.get("created_on")).unwrap_or(at.unix_timestamp());
        let state_of = |r: &Record| {
            r.get(&lifecycle.field)
                .and_then(Value::as_text)
                .map(str::to_string)
        };
        let mut entered: Vec<(i64, String)> = vec![(created, lifecycle.initial.clone())];
        if let Some(id) = before.and_then(|b| b.get("id")).and_then(Value::as_uuid) {
            entered.extend(self.states_entered(table, id, &lifecycle.field).await?);
            // What the stored record says wins over a history written in this transaction.
            if let Some(stored) = before.and_then(state_of) {
                if entered.last().map(|(_, s)| s) != Some(&stored) {
                    entered.push((at.unix_timestamp(), stored));
                }
            }
        }
        if let Some(new) = state_of(after) {
            if entered.last().map(|(_, s)| s) != Some(&new) {
                entered.push((at.unix_timestamp(), new));
            }
        }
        let target = match &sla.target_from {
            Some(path) => self
                .follow(batch, table, after, path)
                .await?
                .and_then(|v| v.as_int())
                .filter(|h| *h > 0)
                .map(|h| h * 3600),
            None => None,
        };
        let m = sla.measure(
            &calendar.hours,
            lifecycle,
            created,
            &entered,
            at.unix_timestamp(),
            target.unwrap_or(sla.target_seconds),
        );
        if let Ok(due) = time::OffsetDateTime::from_unix_timestamp(m.due) {
            after.insert("due_on".into(), Value::DateTime(due));
        }
        after.insert("sla_state".into(), Value::Text(m.state.into()));
        Ok(())
    }

    /// The states a record's status entered after its creation, from its audit history: (instant,
    /// state), in order.
    pub(crate) async fn states_entered(
        &self,
        table: &Table,
        id: Uuid,
        field: &str,
    ) -> Result<Vec<(i64, String)>> {
        let mut out = Vec::new();
        for e in self.db.history(table, id).await? {
            if e.action == "create" {
                continue;
            }
            let Ok(changes) = serde_json::from_str::<serde_json::Value>(&e.changes) else {
                continue;
            };
            let new_state = changes.as_array().and_then(|c| {
                c.iter()
                    .find(|c| c["field"] == field)
                    .and_then(|c| c["new"].as_str().map(str::to_string))
            });
            if let (Some(s), Some(t)) = (new_state, parse_datetime(&e.at)) {
                out.push((t.unix_timestamp(), s));
            }
        }
        Ok(out)
    }
}
