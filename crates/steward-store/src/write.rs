//! The write transaction: record inserts, updates and deletes, the human-number counters and the
//! audit append, all in one database transaction that the service layer commits.

use crate::sql::{self, q, Kind, SqlBuf};
use crate::{Dialect, Pools, Result};
use sqlx::{Postgres, Row, Sqlite, Transaction};
use steward_domain::audit::{canonical, chain_hash, changes_json, Action, AuditEntry, FieldChange};
use steward_domain::value::format_datetime;
use steward_domain::{Record, Value};
use steward_model::{Field, Model, Table};
use uuid::Uuid;

enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// The single write transaction. Holds the audit chain head for its whole life.
pub struct WriteTx {
    tx: Tx,
    dialect: Dialect,
    head_seq: i64,
    head_hash: String,
    /// The head when the transaction began: the head row is only written if entries were added.
    start_seq: i64,
}

impl WriteTx {
    pub(crate) async fn begin(pools: &Pools) -> Result<WriteTx> {
        const HEAD: &str = "SELECT seq, hash FROM audit_head WHERE id = 1";
        match pools {
            Pools::Sqlite { write, .. } => {
                let mut tx = write.begin_with("BEGIN IMMEDIATE").await?;
                let row = sqlx::query(HEAD).fetch_one(&mut *tx).await?;
                let head_seq = row.try_get(0)?;
                Ok(WriteTx {
                    head_seq,
                    start_seq: head_seq,
                    head_hash: row.try_get(1)?,
                    tx: Tx::Sqlite(tx),
                    dialect: Dialect::Sqlite,
                })
            }
            Pools::Postgres(p) => {
                let mut tx = p.begin().await?;
                // Locking the head first serialises writers: the chain and the counters never race.
                let row = sqlx::query(&format!("{HEAD} FOR UPDATE"))
                    .fetch_one(&mut *tx)
                    .await?;
                let head_seq = row.try_get(0)?;
                Ok(WriteTx {
                    head_seq,
                    start_seq: head_seq,
                    head_hash: row.try_get(1)?,
                    tx: Tx::Postgres(tx),
                    dialect: Dialect::Postgres,
                })
            }
        }
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The chain head as this transaction sees it (locked: no other writer can move it).
    pub fn audit_head(&self) -> (i64, &str) {
        (self.head_seq, &self.head_hash)
    }

    /// Move the chain head to the last entry written, then commit everything at once.
    pub async fn commit(mut self) -> Result<()> {
        if self.head_seq != self.start_seq {
            let mut h = SqlBuf::new(self.dialect);
            h.push("UPDATE audit_head SET seq = ");
            h.int(self.head_seq).push(", hash = ");
            h.text(&self.head_hash.clone()).push(" WHERE id = 1");
            self.execute(&h).await?;
        }
        match self.tx {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    pub(crate) async fn execute(&mut self, b: &SqlBuf) -> Result<u64> {
        Ok(match &mut self.tx {
            Tx::Sqlite(tx) => sql::sqlite_query(b)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
            Tx::Postgres(tx) => sql::pg_query(b).execute(&mut **tx).await?.rows_affected(),
        })
    }

    pub async fn fetch(&mut self, b: &SqlBuf, columns: &[&Field]) -> Result<Vec<Record>> {
        match &mut self.tx {
            Tx::Sqlite(tx) => {
                let rows = sql::sqlite_query(b).fetch_all(&mut **tx).await?;
                rows.iter()
                    .map(|r| sql::decode_sqlite(r, columns).map_err(Into::into))
                    .collect()
            }
            Tx::Postgres(tx) => {
                let rows = sql::pg_query(b).fetch_all(&mut **tx).await?;
                rows.iter()
                    .map(|r| sql::decode_pg(r, columns).map_err(Into::into))
                    .collect()
            }
        }
    }

    async fn fetch_i64s(&mut self, b: &SqlBuf) -> Result<Vec<i64>> {
        Ok(match &mut self.tx {
            Tx::Sqlite(tx) => sql::sqlite_query(b)
                .fetch_all(&mut **tx)
                .await?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?,
            Tx::Postgres(tx) => sql::pg_query(b)
                .fetch_all(&mut **tx)
                .await?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?,
        })
    }

    /// The whole record, as stored now, seen from inside this transaction.
    pub async fn get(&mut self, table: &Table, id: Uuid) -> Result<Option<Record>> {
        let cols: Vec<&Field> = table.fields.iter().collect();
        let b =
            crate::query::select_by_ids(table, &cols, &[id], &crate::RowScope::ALL, self.dialect);
        Ok(self.fetch(&b, &cols).await?.pop())
    }

    /// Every row whose `field` holds `value`, every column, oldest first, seen from inside this
    /// transaction (writers are serialised, so what it reads cannot change before the commit).
    pub async fn find_all_by(
        &mut self,
        table: &Table,
        field: &str,
        value: Value,
    ) -> Result<Vec<Record>> {
        let f = table.field(field).expect("a field of the table");
        let cols: Vec<&Field> = table.fields.iter().collect();
        let names: Vec<String> = cols.iter().map(|c| sql::q(&c.name)).collect();
        let mut b = SqlBuf::new(self.dialect);
        b.push(&format!(
            "SELECT {} FROM {} WHERE {} = ",
            names.join(", "),
            sql::q(&table.name),
            sql::q(field)
        ));
        b.param(value, Kind::of(&f.ty));
        b.push(" ORDER BY \"created_on\", \"id\"");
        self.fetch(&b, &cols).await
    }

    /// Whether a row with this id exists in `table`.
    pub async fn exists(&mut self, table: &str, id: Uuid) -> Result<bool> {
        let mut b = SqlBuf::new(self.dialect);
        b.push(&format!(
            "SELECT COUNT(*) FROM {} WHERE \"id\" = ",
            q(table)
        ));
        b.uuid(id);
        Ok(self.fetch_i64s(&b).await?.first().copied().unwrap_or(0) > 0)
    }

    /// The value of one lookup column of one row (`None` if no row; `Some(None)` if the column is null).
    pub async fn lookup_of(
        &mut self,
        table: &Table,
        field: &Field,
        id: Uuid,
    ) -> Result<Option<Option<Uuid>>> {
        let mut b = SqlBuf::new(self.dialect);
        b.push(&format!(
            "SELECT {} FROM {} WHERE \"id\" = ",
            q(&field.name),
            q(&table.name)
        ));
        b.uuid(id);
        let rows = self.fetch(&b, &[field]).await?;
        Ok(rows
            .into_iter()
            .next()
            .map(|r| r.get(&field.name).and_then(Value::as_uuid)))
    }

    /// Another row that already holds `value` in a unique field (within its scope fields), if any.
    pub async fn duplicate_of(
        &mut self,
        table: &Table,
        field: &Field,
        record: &Record,
        id: Uuid,
    ) -> Result<bool> {
        let mut b = SqlBuf::new(self.dialect);
        b.push(&format!(
            "SELECT COUNT(*) FROM {} WHERE \"id\" <> ",
            q(&table.name)
        ));
        b.uuid(id);
        for name in field.unique_with.iter().chain([&field.name]) {
            let f = table.field(name).expect("unique scope fields exist");
            match record.get(name).cloned().unwrap_or(Value::Null) {
                Value::Null => b.push(&format!(" AND {} IS NULL", q(name))),
                v => {
                    b.push(&format!(" AND {} = ", q(name)));
                    b.param(v, Kind::of(&f.ty))
                }
            };
        }
        Ok(self.fetch_i64s(&b).await?.first().copied().unwrap_or(0) > 0)
    }

    /// Every (table, field) that references the row, with how many rows do.
    pub async fn references(
        &mut self,
        model: &Model,
        table: &Table,
        id: Uuid,
    ) -> Result<Vec<(String, String, i64)>> {
        let refs = model.referencing(&table.name);
        let mut out = Vec::new();
        // One statement per 40 referencing columns keeps it quick without huge SQL.
        for chunk in refs.chunks(40) {
            let mut b = SqlBuf::new(self.dialect);
            for (i, (t, f)) in chunk.iter().enumerate() {
                if i > 0 {
                    b.push(" UNION ALL ");
                }
                // The row's own self-references (created_by on the admin person) do not count.
                b.push(&format!(
                    "SELECT COUNT(*) FROM {} WHERE {} = ",
                    q(&t.name),
                    q(&f.name)
                ));
                b.uuid(id);
                b.push(" AND \"id\" <> ");
                b.uuid(id);
            }
            let counts = self.fetch_i64s(&b).await?;
            for ((t, f), n) in chunk.iter().zip(counts) {
                if n > 0 {
                    out.push((t.name.clone(), f.name.clone(), n));
                }
            }
        }
        Ok(out)
    }

    /// The next human number of a numbered table: 1, 2, 3... never reused.
    pub async fn next_number(&mut self, table: &str) -> Result<i64> {
        let mut b = SqlBuf::new(self.dialect);
        b.push("INSERT INTO number_counter (table_name, last_value) VALUES (");
        b.text(table);
        b.push(", 1) ON CONFLICT (table_name) DO UPDATE SET last_value = number_counter.last_value + 1 RETURNING last_value");
        Ok(self.fetch_i64s(&b).await?[0])
    }

    pub async fn insert(&mut self, table: &Table, record: &Record) -> Result<()> {
        let mut b = SqlBuf::new(self.dialect);
        let cols: Vec<&Field> = table
            .fields
            .iter()
            .filter(|f| record.contains_key(&f.name))
            .collect();
        let names: Vec<String> = cols.iter().map(|f| q(&f.name)).collect();
        b.push(&format!(
            "INSERT INTO {} ({}) VALUES (",
            q(&table.name),
            names.join(", ")
        ));
        for (i, f) in cols.iter().enumerate() {
            if i > 0 {
                b.push(", ");
            }
            b.param(record[&f.name].clone(), Kind::of(&f.ty));
        }
        b.push(")");
        self.execute(&b).await?;
        Ok(())
    }

    /// Insert many records of one table with multi-row INSERTs (every column; absent ones are NULL).
    pub async fn insert_many(&mut self, table: &Table, records: &[Record]) -> Result<()> {
        let cols: Vec<&Field> = table.fields.iter().collect();
        let names: Vec<String> = cols.iter().map(|f| q(&f.name)).collect();
        // Stay under both backends' bound-parameter limits (SQLite 32766, PostgreSQL 65535).
        let rows_per_statement = (30_000 / cols.len()).max(1);
        for chunk in records.chunks(rows_per_statement) {
            let mut b = SqlBuf::new(self.dialect);
            b.push(&format!(
                "INSERT INTO {} ({}) VALUES ",
                q(&table.name),
                names.join(", ")
            ));
            for (r, record) in chunk.iter().enumerate() {
                b.push(if r == 0 { "(" } else { ", (" });
                for (i, f) in cols.iter().enumerate() {
                    if i > 0 {
                        b.push(", ");
                    }
                    b.param(
                        record.get(&f.name).cloned().unwrap_or(Value::Null),
                        Kind::of(&f.ty),
                    );
                }
                b.push(")");
            }
            self.execute(&b).await?;
        }
        Ok(())
    }

    /// Reserve `n` consecutive human numbers; returns the first.
    pub async fn next_numbers(&mut self, table: &str, n: i64) -> Result<i64> {
        let mut b = SqlBuf::new(self.dialect);
        b.push("INSERT INTO number_counter (table_name, last_value) VALUES (");
        b.text(table);
        b.push(", ");
        b.int(n);
        b.push(
            ") ON CONFLICT (table_name) DO UPDATE SET last_value = number_counter.last_value + ",
        );
        b.int(n);
        b.push(" RETURNING last_value");
        Ok(self.fetch_i64s(&b).await?[0] - n + 1)
    }

    /// Update the given columns; `row_version` must still be `expected` (it is in `changes` as the new one).
    /// Returns false when no row matched (gone, or changed since it was read).
    pub async fn update(
        &mut self,
        table: &Table,
        id: Uuid,
        expected: i64,
        changes: &Record,
    ) -> Result<bool> {
        let mut b = SqlBuf::new(self.dialect);
        b.push(&format!("UPDATE {} SET ", q(&table.name)));
        for (i, (name, v)) in changes.iter().enumerate() {
            let f = table
                .field(name)
                .expect("changes hold only the table's fields");
            if i > 0 {
                b.push(", ");
            }
            b.push(&format!("{} = ", q(name)));
            b.param(v.clone(), Kind::of(&f.ty));
        }
        b.push(" WHERE \"id\" = ");
        b.uuid(id);
        b.push(" AND \"row_version\" = ");
        b.int(expected);
        Ok(self.execute(&b).await? == 1)
    }

    /// Set one column without touching `row_version`: bookkeeping only, never a business change.
    pub async fn touch(
        &mut self,
        table: &Table,
        id: Uuid,
        field: &str,
        value: Value,
    ) -> Result<()> {
        let f = table.field(field).expect("a field of the table");
        let mut b = SqlBuf::new(self.dialect);
        b.push(&format!("UPDATE {} SET {} = ", q(&table.name), q(field)));
        b.param(value, Kind::of(&f.ty));
        b.push(" WHERE \"id\" = ");
        b.uuid(id);
        self.execute(&b).await?;
        Ok(())
    }

    pub async fn delete(&mut self, table: &Table, id: Uuid, expected: i64) -> Result<bool> {
        let mut b = SqlBuf::new(self.dialect);
        b.push(&format!("DELETE FROM {} WHERE \"id\" = ", q(&table.name)));
        b.uuid(id);
        b.push(" AND \"row_version\" = ");
        b.int(expected);
        Ok(self.execute(&b).await? == 1)
    }

    /// Append one entry to the audit chain, in this transaction.
    pub async fn audit(
        &mut self,
        actor: Uuid,
        action: Action,
        table: &str,
        record_id: Uuid,
        changes: &[FieldChange],
    ) -> Result<AuditEntry> {
        let mut entries = self
            .audit_many(actor, action, table, &[(record_id, changes.to_vec())])
            .await?;
        Ok(entries.pop().expect("one entry"))
    }

    /// Append one entry per (record, changes), in order, with multi-row INSERTs.
    pub async fn audit_many(
        &mut self,
        actor: Uuid,
        action: Action,
        table: &str,
        items: &[(Uuid, Vec<FieldChange>)],
    ) -> Result<Vec<AuditEntry>> {
        let at = format_datetime(steward_domain::value::now());
        let actor_id = actor.to_string();
        let mut entries = Vec::with_capacity(items.len());
        for (record_id, changes) in items {
            let seq = self.head_seq + 1;
            let record_id = record_id.to_string();
            let changes = changes_json(changes);
            let canon = canonical(
                seq,
                &at,
                &actor_id,
                action.as_str(),
                table,
                &record_id,
                &changes,
            );
            let hash = chain_hash(&self.head_hash, &canon);
            entries.push(AuditEntry {
                seq,
                at: at.clone(),
                actor_id: actor_id.clone(),
                action: action.as_str().into(),
                table_name: table.into(),
                record_id,
                changes,
                prev_hash: std::mem::replace(&mut self.head_hash, hash.clone()),
                hash,
            });
            self.head_seq = seq;
        }
        for chunk in entries.chunks(2000) {
            let mut b = SqlBuf::new(self.dialect);
            b.push("INSERT INTO audit_entry (seq, at, actor_id, action, table_name, record_id, changes, prev_hash, hash) VALUES ");
            for (r, e) in chunk.iter().enumerate() {
                b.push(if r == 0 { "(" } else { ", (" });
                b.int(e.seq);
                for s in [
                    &e.at,
                    &e.actor_id,
                    &e.action,
                    &e.table_name,
                    &e.record_id,
                    &e.changes,
                    &e.prev_hash,
                    &e.hash,
                ] {
                    b.push(", ");
                    b.text(s);
                }
                b.push(")");
            }
            self.execute(&b).await?;
        }
        Ok(entries)
    }
}
