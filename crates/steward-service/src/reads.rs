//! Lists, single reads with `$expand`, and history.

use crate::authz::Privilege;
use crate::{Actor, Result, Service};
use std::collections::{BTreeMap, HashMap};
use steward_domain::audit::AuditEntry;
use steward_domain::{DomainError, ErrorKind, Record, Value};
use steward_model::{Field, Table};
use steward_odata::{Expand, Expr, FieldRef, OrderBy, Query, MAX_PAGE_SIZE};
use steward_store::{ListSpec, RowScope};
use uuid::Uuid;

/// Rows per page when the client sets neither `$top` nor `Prefer: odata.maxpagesize`.
pub const DEFAULT_PAGE_SIZE: u64 = 100;

/// A list read: the parsed query and the page size the client prefers.
#[derive(Debug, Clone)]
pub struct ListRequest {
    pub query: Query,
    pub max_page_size: Option<u64>,
    /// With `$count`: stop counting past this many rows (a screen that only needs to say "more
    /// than 10,000"); `None` counts them all, as the API does.
    pub count_at_most: Option<u64>,
}

/// One returned row with its expanded lookups (by navigation name; `None` when the lookup is empty).
#[derive(Debug, Clone)]
pub struct Row {
    pub record: Record,
    pub expanded: BTreeMap<String, Option<Record>>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub rows: Vec<Row>,
    pub count: Option<i64>,
    /// When more rows remain: the `$skip` and `$top` of the next page.
    pub next: Option<(u64, Option<u64>)>,
}

/// The columns to read: the selection plus what the response always needs (id, ETag, expanded lookups).
pub(crate) fn columns<'t>(
    table: &'t Table,
    select: Option<&Vec<String>>,
    expand: &[Expand],
) -> Vec<&'t Field> {
    match select {
        None => table.public_fields().collect(),
        // Only public fields: a name that is secret (or protected, in a view) is never read.
        Some(names) => table
            .public_fields()
            .filter(|f| {
                matches!(f.name.as_str(), "id" | "row_version")
                    || names.contains(&f.name)
                    || expand.iter().any(|e| e.field == f.name)
            })
            .collect(),
    }
}

/// Every field a filter names, through any path.
fn filter_fields<'e>(e: &'e Expr, out: &mut Vec<&'e FieldRef>) {
    match e {
        Expr::And(a, b) | Expr::Or(a, b) => {
            filter_fields(a, out);
            filter_fields(b, out);
        }
        Expr::Not(a) => filter_fields(a, out),
        Expr::Compare { field, .. } | Expr::In { field, .. } | Expr::Str { field, .. } => {
            out.push(field)
        }
        Expr::IsTrue(field) => out.push(field),
        Expr::Const(_) => {}
    }
}

fn unknown_field(table: &str, field: &str) -> crate::Error {
    DomainError::field(
        ErrorKind::BadRequest,
        "unknown_field",
        field,
        format!("{table} has no field '{field}'"),
    )
    .into()
}

impl Service {
    /// Refuse query options that name a field the actor may not read, through any navigation path
    /// or nested `$select` — as if the field did not exist. The parsers already bind against
    /// `model_for(actor)`; this holds whatever model a caller of the service parsed with.
    pub(crate) fn check_visible(&self, actor: &Actor, q: &Query) -> Result<()> {
        self.check_named_visible(actor, q.filter.as_ref(), &q.orderby)?;
        self.check_expand_visible(actor, &q.expand)
    }

    pub(crate) fn check_named_visible(
        &self,
        actor: &Actor,
        filter: Option<&Expr>,
        orderby: &[OrderBy],
    ) -> Result<()> {
        let model = self.model_for(actor);
        let visible = |table: &str, field: &str| {
            model
                .table(table)
                .is_some_and(|t| t.public_field(field).is_some())
        };
        let mut named = Vec::new();
        if let Some(f) = filter {
            filter_fields(f, &mut named);
        }
        named.extend(orderby.iter().map(|o| &o.field));
        match named.into_iter().find(|f| !visible(&f.table, &f.field)) {
            Some(f) => Err(unknown_field(&f.table, &f.field)),
            None => Ok(()),
        }
    }

    fn check_expand_visible(&self, actor: &Actor, expand: &[Expand]) -> Result<()> {
        let model = self.model_for(actor);
        for e in expand {
            let target = model.table(&e.table);
            for name in e.select.iter().flatten() {
                if target.is_none_or(|t| t.public_field(name).is_none()) {
                    return Err(unknown_field(&e.table, name));
                }
            }
        }
        Ok(())
    }

    pub async fn list(&self, actor: &Actor, table: &Table, req: &ListRequest) -> Result<Page> {
        self.check_visible(actor, &req.query)?;
        let scopes = |t: &str| actor.scope(t, Privilege::Read);
        let q = &req.query;
        let page_size = req
            .max_page_size
            .unwrap_or(DEFAULT_PAGE_SIZE)
            .clamp(1, MAX_PAGE_SIZE);
        let wanted = q.top;
        let limit = wanted.map_or(page_size, |t| t.min(page_size));
        let offset = q.skip.unwrap_or(0);
        let spec = ListSpec {
            filter: q.filter.as_ref(),
            orderby: &q.orderby,
            columns: columns(table, q.select.as_ref(), &q.expand),
            limit: limit + 1,
            offset,
            scopes: &scopes,
        };
        // The page (with its expansions) and the count are independent reads: run them at once.
        let page = async {
            let mut records = self.db.list(&self.model, table, &spec).await?;
            let more = records.len() as u64 > limit;
            records.truncate(limit as usize);
            let rows = self.expand(actor, records, &q.expand).await?;
            Ok::<_, crate::Error>((rows, more))
        };
        let count = async {
            match q.count {
                true => Ok::<_, crate::Error>(Some(
                    self.db
                        .count(
                            &self.model,
                            table,
                            q.filter.as_ref(),
                            &scopes,
                            req.count_at_most,
                        )
                        .await?,
                )),
                false => Ok(None),
            }
        };
        let ((rows, more), count) = tokio::try_join!(page, count)?;
        let next = match wanted {
            _ if !more => None,
            None => Some((offset.saturating_add(limit), None)),
            Some(t) if t > limit => Some((offset.saturating_add(limit), Some(t - limit))),
            Some(_) => None,
        };
        Ok(Page { rows, count, next })
    }

    pub async fn get(
        &self,
        actor: &Actor,
        table: &Table,
        id: Uuid,
        select: Option<&Vec<String>>,
        expand: &[Expand],
    ) -> Result<Row> {
        self.check_expand_visible(actor, expand)?;
        let cols = columns(table, select, expand);
        let scope = actor.scope(&table.name, Privilege::Read);
        // A record the caller may not read is a 404, like one that does not exist.
        let mut found = self.db.get_many(table, &cols, &[id], &scope).await?;
        let record = found
            .pop()
            .ok_or_else(|| DomainError::not_found(&table.name, id))?;
        Ok(self
            .expand(actor, vec![record], expand)
            .await?
            .pop()
            .expect("one row in, one out"))
    }

    /// The number and name of records of `table` by id, those the actor may read (for showing the
    /// ids a history or a note refers to).
    pub async fn titles(
        &self,
        actor: &Actor,
        table: &Table,
        ids: &[Uuid],
    ) -> Result<HashMap<Uuid, Record>> {
        let cols: Vec<&Field> = ["id", "number", "name"]
            .iter()
            .filter_map(|n| table.field(n))
            .collect();
        let scope = actor.scope(&table.name, Privilege::Read);
        let mut ids = ids.to_vec();
        ids.sort();
        ids.dedup();
        Ok(self
            .db
            .get_many(table, &cols, &ids, &scope)
            .await?
            .into_iter()
            .filter_map(|r| Some((r.get("id")?.as_uuid()?, r)))
            .collect())
    }

    /// Fetch every expanded lookup of a page with one query per navigation property.
    pub(crate) async fn expand(
        &self,
        actor: &Actor,
        records: Vec<Record>,
        expand: &[Expand],
    ) -> Result<Vec<Row>> {
        let mut fetched: Vec<HashMap<Uuid, Record>> = Vec::with_capacity(expand.len());
        for e in expand {
            let target = &self.view_of(actor, self.model.table(&e.table).expect("bound expand"));
            let mut ids: Vec<Uuid> = records
                .iter()
                .filter_map(|r| r.get(&e.field).and_then(Value::as_uuid))
                .collect();
            ids.sort();
            ids.dedup();
            let cols = columns(target, e.select.as_ref(), &[]);
            // A target the caller may not read expands to null, as if the lookup were empty.
            let scope = actor.scope(&target.name, Privilege::Read);
            let rows = self.db.get_many(target, &cols, &ids, &scope).await?;
            fetched.push(
                rows.into_iter()
                    .filter_map(|r| r.get("id").and_then(Value::as_uuid).map(|id| (id, r)))
                    .collect(),
            );
        }
        Ok(records
            .into_iter()
            .map(|record| {
                let expanded = expand
                    .iter()
                    .zip(&fetched)
                    .map(|(e, by_id)| {
                        let target = record
                            .get(&e.field)
                            .and_then(Value::as_uuid)
                            .and_then(|id| by_id.get(&id).cloned());
                        (e.nav.clone(), target)
                    })
                    .collect();
                Row { record, expanded }
            })
            .collect())
    }

    /// A record's audit entries, oldest first. The record may since have been deleted.
    /// A record's audit entries, oldest first, for a caller who may read the record. The history of
    /// a deleted record is for callers who may read the whole table.
    pub async fn history(&self, actor: &Actor, table: &Table, id: Uuid) -> Result<Vec<AuditEntry>> {
        let scope = actor.scope(&table.name, Privilege::Read);
        let id_col = table.field("id").expect("every table has id");
        let readable = !self
            .db
            .get_many(table, &[id_col], &[id], &scope)
            .await?
            .is_empty();
        let exists = readable || self.db.get_unscoped(table, id).await?.is_some();
        let entries = if readable || (!exists && scope == RowScope::ALL) {
            self.db.history(table, id).await?
        } else {
            Vec::new()
        };
        if entries.is_empty() && !readable {
            return Err(DomainError::not_found(&table.name, id).into());
        }
        // A protected field's old and new values stay out of the history of callers who may not
        // read it (the entry still shows that something else changed).
        let hidden: Vec<&str> = match actor.permissions.reads_protected() {
            true => Vec::new(),
            false => table
                .fields
                .iter()
                .filter(|f| f.protected)
                .map(|f| f.name.as_str())
                .collect(),
        };
        if hidden.is_empty() {
            return Ok(entries);
        }
        Ok(entries
            .into_iter()
            .map(|mut e| {
                if let Ok(serde_json::Value::Array(mut changes)) =
                    serde_json::from_str::<serde_json::Value>(&e.changes)
                {
                    changes.retain(|c| !c["field"].as_str().is_some_and(|f| hidden.contains(&f)));
                    e.changes = serde_json::Value::Array(changes).to_string();
                }
                e
            })
            .collect())
    }
}
