//! Reads for people rather than programs: the global search, grouped counts for charts, and the
//! streamed export of a whole list. Each carries the actor's read scope into its SQL like `list`.

use crate::authz::{Depth, Privilege};
use crate::reads::Row;
use crate::{Actor, Result, Service};
use steward_domain::Record;
use steward_model::{Field, Table};
use steward_odata::{parse_query, string_literal, Expr, Query};
use steward_store::ListSpec;
use tokio::sync::mpsc;

/// The records of one table that a search found.
#[derive(Debug, Clone)]
pub struct SearchHit {
    pub table: Table,
    pub records: Vec<Record>,
}

/// Tables of bookkeeping that a search by name would only clutter.
const NOT_SEARCHED: &[&str] = &[
    "user_session",
    "role_privilege",
    "user_role",
    "team_role",
    "team_member",
    "user_preference",
    "saved_view",
    "api_token",
];

/// Rows per chunk of an export: the expansion of lookups runs once per chunk.
const EXPORT_CHUNK: usize = 500;

impl Service {
    /// Records whose number is `text` or whose name contains it, in every table the actor may read,
    /// at most `per_table` of each, most recently changed first. A text shaped like a number
    /// (`REQ-000123`) looks only at the table of that prefix.
    pub async fn search(
        &self,
        actor: &Actor,
        text: &str,
        per_table: u64,
    ) -> Result<Vec<SearchHit>> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let upper = text.to_uppercase();
        let prefix = upper
            .split_once('-')
            .filter(|(p, n)| {
                !p.is_empty() && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
            })
            .map(|(p, _)| p.to_string());
        let numbered_only = prefix.as_ref().is_some_and(|p| {
            self.model
                .tables
                .iter()
                .any(|t| t.number_prefix.as_ref() == Some(p))
        });
        let mut hits = Vec::new();
        for table in &self.model.tables {
            if NOT_SEARCHED.contains(&table.name.as_str())
                || actor.permissions.depth(&table.name, Privilege::Read) == Depth::None
                || table.field("name").is_none()
            {
                continue;
            }
            let numbered = table.number_prefix.is_some();
            let filter = match (numbered_only, numbered) {
                (true, true) if table.number_prefix == prefix => {
                    format!("number eq {}", string_literal(&upper))
                }
                (true, _) => continue,
                (false, true) => format!(
                    "number eq {} or contains(name,{})",
                    string_literal(&upper),
                    string_literal(text)
                ),
                (false, false) => format!("contains(name,{})", string_literal(text)),
            };
            let view = self.view_of(actor, table);
            let records = self
                .titled(actor, &view, &filter, "modified_on desc,id", per_table)
                .await?;
            if !records.is_empty() {
                hits.push(SearchHit {
                    table: view,
                    records,
                });
            }
        }
        Ok(hits)
    }

    /// The id, number (when numbered) and name of at most `limit` records of `table` (as the actor
    /// sees it) matching an OData filter built by Steward, in `orderby`: what a search, a
    /// type-ahead or a lookup typed by name needs.
    pub async fn titled(
        &self,
        actor: &Actor,
        table: &Table,
        filter: &str,
        orderby: &str,
        limit: u64,
    ) -> Result<Vec<Record>> {
        let select: Vec<&str> = ["id", "number", "name"]
            .into_iter()
            .filter(|n| table.public_field(n).is_some())
            .collect();
        let params = vec![
            ("$select".to_string(), select.join(",")),
            ("$filter".to_string(), filter.to_string()),
            ("$top".to_string(), limit.to_string()),
            ("$orderby".to_string(), orderby.to_string()),
        ];
        let query = parse_query(&self.model, table, &params).map_err(|e| {
            crate::Error::Internal(format!("a query of Steward's own: {}", e.message))
        })?;
        let page = self
            .list(
                actor,
                table,
                &crate::ListRequest {
                    query,
                    max_page_size: Some(limit),
                    count_at_most: None,
                },
            )
            .await?;
        Ok(page.rows.into_iter().map(|r| r.record).collect())
    }

    /// How many readable rows match `filter`; with `at_most`, counting stops there.
    pub async fn count(
        &self,
        actor: &Actor,
        table: &Table,
        filter: Option<&Expr>,
        at_most: Option<u64>,
    ) -> Result<i64> {
        self.check_named_visible(actor, filter, &[])?;
        let scopes = |t: &str| actor.scope(t, Privilege::Read);
        Ok(self
            .db
            .count(&self.model, table, filter, &scopes, at_most)
            .await?)
    }

    /// How many readable rows match `filter` for each distinct value of the `group` fields.
    pub async fn count_by(
        &self,
        actor: &Actor,
        table: &Table,
        filter: Option<&Expr>,
        group: &[&str],
    ) -> Result<Vec<(Record, i64)>> {
        self.check_named_visible(actor, filter, &[])?;
        let fields: Vec<&Field> = group
            .iter()
            .map(|g| {
                table
                    .public_field(g)
                    .ok_or_else(|| crate::Error::Internal(format!("no field {g} to group by")))
            })
            .collect::<Result<_>>()?;
        let scopes = |t: &str| actor.scope(t, Privilege::Read);
        Ok(self
            .db
            .count_by(&self.model, table, filter, &fields, &scopes)
            .await?)
    }

    /// Every row a list query matches (its `$top` and `$skip` aside), in its order, with its
    /// expansions, in chunks through a channel: for an export that streams a million rows.
    pub fn export(
        &self,
        actor: &Actor,
        table: &Table,
        query: &Query,
    ) -> mpsc::Receiver<Result<Vec<Row>>> {
        if let Err(e) = self.check_visible(actor, query) {
            let (tx, rx) = mpsc::channel(1);
            let _ = tx.try_send(Err(e));
            return rx;
        }
        let scopes = |t: &str| actor.scope(t, Privilege::Read);
        let spec = ListSpec {
            filter: query.filter.as_ref(),
            orderby: &query.orderby,
            columns: crate::reads::columns(table, query.select.as_ref(), &query.expand),
            limit: u64::MAX,
            offset: 0,
            scopes: &scopes,
        };
        let mut rows = self.db.stream(&self.model, table, &spec, EXPORT_CHUNK * 2);
        let (tx, rx) = mpsc::channel(2);
        let service = self.clone();
        let actor = actor.clone();
        let expand = query.expand.clone();
        tokio::spawn(async move {
            loop {
                let mut chunk = Vec::with_capacity(EXPORT_CHUNK);
                let mut failed = None;
                while chunk.len() < EXPORT_CHUNK {
                    match rows.recv().await {
                        Some(Ok(r)) => chunk.push(r),
                        Some(Err(e)) => {
                            failed = Some(e);
                            break;
                        }
                        None => break,
                    }
                }
                let last = chunk.len() < EXPORT_CHUNK || failed.is_some();
                let sent = match failed {
                    Some(e) => tx.send(Err(e.into())).await,
                    None if chunk.is_empty() => break,
                    None => tx.send(service.expand(&actor, chunk, &expand).await).await,
                };
                if sent.is_err() || last {
                    break;
                }
            }
        });
        rx
    }
}
