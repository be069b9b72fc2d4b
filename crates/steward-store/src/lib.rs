//! Storage on SQLite (embedded, the default) or PostgreSQL: pools, migrations, the query compiler,
//! record reads and writes, the audit chain and human numbers.
//!
//! Writes happen only inside a [`WriteTx`], which the service layer opens, and which serialises
//! writers: SQLite has one writer connection; PostgreSQL locks the audit chain's head row first.
//! That makes the hash chain and the human numbers gap-free and race-free on both backends.

pub mod ddl;
pub mod query;
pub mod queue;
mod shared;
pub mod sql;
mod write;

use sqlx::pool::PoolOptions;
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqliteSynchronous};
use sqlx::Row;
use std::str::FromStr;
use std::time::Duration;
use steward_domain::audit::AuditEntry;
use steward_domain::{DomainError, Record, Value};
use steward_model::{Field, Model, Table};
use uuid::Uuid;

pub use query::{ListSpec, RowScope, Rows, Scopes};
pub use queue::{Finish, NewRun, QueueFilter, QueuedRun};
pub use sql::{Kind, SqlBuf};
pub use write::WriteTx;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A record rule that only the store can check (duplicate, referenced row...).
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Config(String),
}

impl StoreError {
    /// A unique index refused the write.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Db(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()))
    }
    /// A foreign key refused the write.
    pub fn is_foreign_key_violation(&self) -> bool {
        matches!(self, StoreError::Db(e) if e.as_database_error().is_some_and(|d| d.is_foreign_key_violation()))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone)]
enum Pools {
    /// Readers share `read`; every write goes through the single `write` connection.
    Sqlite {
        read: SqlitePool,
        write: SqlitePool,
    },
    Postgres(PgPool),
}

/// A handle on the database. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pools: Pools,
}

/// A database URL with any password hidden, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Db {
    /// Connect to `sqlite://path` (created if missing) or `postgres://...`.
    pub async fn connect(url: &str) -> Result<Db> {
        if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::Config(format!("bad SQLite URL: {e}")))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: each commit is fsynced to the WAL before it returns, so a committed change
                // and its audit entry survive a power cut (NORMAL may lose the last commits).
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("cache_size", "-65536")
                .pragma("temp_store", "memory");
            let write = PoolOptions::new()
                .max_connections(1)
                .connect_with(opts.clone())
                .await?;
            let read = PoolOptions::new()
                .max_connections(8)
                .connect_with(opts.read_only(false))
                .await?;
            Ok(Db {
                pools: Pools::Sqlite { read, write },
            })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts = PgConnectOptions::from_str(url)
                .map_err(|e| StoreError::Config(format!("bad PostgreSQL URL: {e}")))?;
            let pool = PoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db {
                pools: Pools::Postgres(pool),
            })
        } else {
            Err(StoreError::Config(format!(
                "unsupported database URL '{}': use sqlite://FILE or postgres://...",
                redact_url(url)
            )))
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self.pools {
            Pools::Sqlite { .. } => Dialect::Sqlite,
            Pools::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Bring the schema up to date (embedded, forward-only migrations).
    pub async fn migrate(&self) -> Result<()> {
        match &self.pools {
            Pools::Sqlite { write, .. } => SQLITE_MIGRATIONS.run(write).await?,
            Pools::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await?,
        }
        Ok(())
    }

    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Pools::Postgres(p) => p.close().await,
        }
    }

    /// Start the one write transaction allowed at a time.
    pub async fn begin(&self) -> Result<WriteTx> {
        WriteTx::begin(&self.pools).await
    }

    /// Run a read and decode its rows into records of the given columns.
    pub async fn fetch(&self, b: &SqlBuf, columns: &[&Field]) -> Result<Vec<Record>> {
        match &self.pools {
            Pools::Sqlite { read, .. } => {
                let rows = sql::sqlite_query(b).fetch_all(read).await?;
                rows.iter()
                    .map(|r| sql::decode_sqlite(r, columns).map_err(Into::into))
                    .collect()
            }
            Pools::Postgres(p) => {
                let rows = sql::pg_query(b).fetch_all(p).await?;
                rows.iter()
                    .map(|r| sql::decode_pg(r, columns).map_err(Into::into))
                    .collect()
            }
        }
    }

    async fn fetch_i64(&self, b: &SqlBuf) -> Result<i64> {
        Ok(match &self.pools {
            Pools::Sqlite { read, .. } => sql::sqlite_query(b).fetch_one(read).await?.try_get(0)?,
            Pools::Postgres(p) => sql::pg_query(b).fetch_one(p).await?.try_get(0)?,
        })
    }

    /// One page of a list.
    pub async fn list(
        &self,
        model: &Model,
        table: &Table,
        spec: &ListSpec<'_>,
    ) -> Result<Vec<Record>> {
        let b = query::select_page(model, table, spec, self.dialect());
        self.fetch(&b, &spec.columns).await
    }

    /// How many rows a filter matches, counting no further than `at_most` when it is given.
    pub async fn count(
        &self,
        model: &Model,
        table: &Table,
        filter: Option<&steward_odata::Expr>,
        scopes: query::Scopes<'_>,
        at_most: Option<u64>,
    ) -> Result<i64> {
        let b = query::select_count(model, table, filter, scopes, self.dialect(), at_most);
        self.fetch_i64(&b).await
    }

    /// How many rows a filter matches for each distinct value of the `group` columns (a chart's
    /// bars): each record holds the group columns, with its count.
    pub async fn count_by(
        &self,
        model: &Model,
        table: &Table,
        filter: Option<&steward_odata::Expr>,
        group: &[&Field],
        scopes: query::Scopes<'_>,
    ) -> Result<Vec<(Record, i64)>> {
        let b = query::select_groups(model, table, filter, group, scopes, self.dialect());
        let counted = |n: Result<i64, sqlx::Error>, r: Result<Record, sqlx::Error>| Ok((r?, n?));
        match &self.pools {
            Pools::Sqlite { read, .. } => sql::sqlite_query(&b)
                .fetch_all(read)
                .await?
                .iter()
                .map(|row| counted(row.try_get("n"), sql::decode_sqlite(row, group)))
                .collect(),
            Pools::Postgres(p) => sql::pg_query(&b)
                .fetch_all(p)
                .await?
                .iter()
                .map(|row| counted(row.try_get("n"), sql::decode_pg(row, group)))
                .collect(),
        }
    }

    /// Every row of a list read, streamed: the statement runs once on a connection of its own and
    /// its rows arrive in order through the channel, at most `buffer` ahead of the reader (an
    /// export of a million rows holds a few thousand in memory, never the whole result). The
    /// spec's limit and offset are ignored. An error ends the stream with that error.
    pub fn stream(
        &self,
        model: &Model,
        table: &Table,
        spec: &ListSpec<'_>,
        buffer: usize,
    ) -> tokio::sync::mpsc::Receiver<Result<Record>> {
        use futures_util::TryStreamExt;
        let mut all = spec.clone();
        all.limit = u64::MAX;
        all.offset = 0;
        let b = query::select_page(model, table, &all, self.dialect());
        let columns: Vec<Field> = spec.columns.iter().map(|f| (*f).clone()).collect();
        let (tx, rx) = tokio::sync::mpsc::channel(buffer.max(1));
        let pools = self.pools.clone();
        tokio::spawn(async move {
            let cols: Vec<&Field> = columns.iter().collect();
            macro_rules! pump {
                ($rows:expr, $decode:path) => {{
                    let mut rows = $rows;
                    loop {
                        let next = match rows.try_next().await {
                            Ok(Some(row)) => $decode(&row, &cols).map_err(StoreError::from),
                            Ok(None) => break,
                            Err(e) => Err(e.into()),
                        };
                        let failed = next.is_err();
                        // The reader went away (the client closed the download): stop reading.
                        if tx.send(next).await.is_err() || failed {
                            break;
                        }
                    }
                }};
            }
            match &pools {
                Pools::Sqlite { read, .. } => {
                    pump!(sql::sqlite_query(&b).fetch(read), sql::decode_sqlite)
                }
                Pools::Postgres(p) => pump!(sql::pg_query(&b).fetch(p), sql::decode_pg),
            }
        });
        rx
    }

    /// Rows by id (any order) within a read scope, with the given columns.
    pub async fn get_many(
        &self,
        table: &Table,
        columns: &[&Field],
        ids: &[Uuid],
        scope: &RowScope,
    ) -> Result<Vec<Record>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(ids.len());
        // Keep statements well under every backend's parameter limit.
        for chunk in ids.chunks(500) {
            let b = query::select_by_ids(table, columns, chunk, scope, self.dialect());
            out.extend(self.fetch(&b, columns).await?);
        }
        Ok(out)
    }

    /// The first row whose `field` equals `value` (for unique fields), every column.
    pub async fn find_by(
        &self,
        table: &Table,
        field: &str,
        value: Value,
    ) -> Result<Option<Record>> {
        Ok(self
            .select_where(table, field, &[value], " LIMIT 1")
            .await?
            .pop())
    }

    /// Every row whose `field` equals `value`, every column, oldest first (for the links of one
    /// record: a team's members, an account's sessions). Steward's own bookkeeping, never a caller's list.
    pub async fn find_all_by(
        &self,
        table: &Table,
        field: &str,
        value: Value,
    ) -> Result<Vec<Record>> {
        self.select_where(table, field, &[value], " ORDER BY \"created_on\", \"id\"")
            .await
    }

    /// Every row whose `field` is one of `values`, every column, in no particular order: one
    /// statement per 500 values instead of one per value.
    pub async fn find_all_in(
        &self,
        table: &Table,
        field: &str,
        values: &[Value],
    ) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        for chunk in values.chunks(500) {
            out.extend(self.select_where(table, field, chunk, "").await?);
        }
        Ok(out)
    }

    /// `SELECT` every column `WHERE field IN (values)`, then `tail`.
    async fn select_where(
        &self,
        table: &Table,
        field: &str,
        values: &[Value],
        tail: &str,
    ) -> Result<Vec<Record>> {
        if values.is_empty() {
            return Ok(Vec::new());
        }
        let f = table.field(field).expect("a field of the table");
        let cols: Vec<&Field> = table.fields.iter().collect();
        let names: Vec<String> = cols.iter().map(|c| sql::q(&c.name)).collect();
        let mut b = SqlBuf::new(self.dialect());
        b.push(&format!(
            "SELECT {} FROM {} WHERE {} IN (",
            names.join(", "),
            sql::q(&table.name),
            sql::q(field)
        ));
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                b.push(", ");
            }
            b.param(v.clone(), Kind::of(&f.ty));
        }
        b.push(")");
        b.push(tail);
        self.fetch(&b, &cols).await
    }

    /// One row by id, every column, whoever may read it: for Steward's own checks (authentication,
    /// bootstrap), never to answer a caller.
    pub async fn get_unscoped(&self, table: &Table, id: Uuid) -> Result<Option<Record>> {
        let cols: Vec<&Field> = table.fields.iter().collect();
        Ok(self
            .get_many(table, &cols, &[id], &RowScope::ALL)
            .await?
            .pop())
    }

    /// (table, privilege, depth) of every active privilege of the roles a user holds, directly or
    /// through a team the person belongs to.
    pub async fn privileges_of(
        &self,
        user_id: Uuid,
        person_id: Uuid,
    ) -> Result<Vec<(String, String, String)>> {
        let mut b = SqlBuf::new(self.dialect());
        b.push(
            "SELECT rp.table_name, rp.privilege, rp.depth FROM role_privilege rp \
             JOIN security_role r ON r.id = rp.security_role_id AND r.state = 'active' \
             WHERE rp.state = 'active' AND rp.security_role_id IN (\
             SELECT ur.security_role_id FROM user_role ur WHERE ur.state = 'active' AND ur.user_account_id = ",
        );
        b.uuid(user_id);
        b.push(
            " UNION SELECT tr.security_role_id FROM team_role tr \
             JOIN team_member tm ON tm.team_id = tr.team_id AND tm.state = 'active' \
             JOIN team tt ON tt.id = tr.team_id AND tt.state = 'active' \
             WHERE tr.state = 'active' AND tm.person_id = ",
        );
        b.uuid(person_id);
        b.push(")");
        let text = |name: &str| {
            Field::new(
                name,
                steward_model::FieldType::Memo,
                steward_model::Origin::System,
            )
        };
        let (t, p, d) = (text("table_name"), text("privilege"), text("depth"));
        let rows = self.fetch(&b, &[&t, &p, &d]).await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let get = |k: &str| r.get(k).and_then(Value::as_text).map(str::to_string);
                Some((get("table_name")?, get("privilege")?, get("depth")?))
            })
            .collect())
    }

    /// Whether any active role the user holds (directly or through a team) reads protected fields.
    pub async fn reads_protected(&self, user_id: Uuid, person_id: Uuid) -> Result<bool> {
        let mut b = SqlBuf::new(self.dialect());
        b.push(
            "SELECT COUNT(*) FROM security_role r WHERE r.state = 'active' AND r.reads_protected_fields = ",
        );
        b.param(Value::Bool(true), Kind::Bool);
        b.push(" AND r.id IN (SELECT ur.security_role_id FROM user_role ur WHERE ur.state = 'active' AND ur.user_account_id = ");
        b.uuid(user_id);
        b.push(
            " UNION SELECT tr.security_role_id FROM team_role tr \
             JOIN team_member tm ON tm.team_id = tr.team_id AND tm.state = 'active' \
             WHERE tr.state = 'active' AND tm.person_id = ",
        );
        b.uuid(person_id);
        b.push(")");
        Ok(self.fetch_i64(&b).await? > 0)
    }

    /// A unit and every unit below it (the unit first).
    pub async fn unit_subtree(&self, unit: Uuid) -> Result<Vec<Uuid>> {
        let mut b = SqlBuf::new(self.dialect());
        b.push(
            "WITH RECURSIVE below(id, depth) AS (SELECT id, 0 FROM organization_unit WHERE id = ",
        );
        b.uuid(unit);
        b.push(
            " UNION SELECT o.id, below.depth + 1 FROM organization_unit o JOIN below ON o.parent_id = below.id \
             WHERE below.depth < 100) SELECT id FROM below ORDER BY depth",
        );
        let id = Field::new(
            "id",
            steward_model::FieldType::Uuid,
            steward_model::Origin::System,
        );
        let rows = self.fetch(&b, &[&id]).await?;
        let mut out: Vec<Uuid> = Vec::with_capacity(rows.len());
        for r in rows {
            if let Some(u) = r.get("id").and_then(Value::as_uuid) {
                if !out.contains(&u) {
                    out.push(u);
                }
            }
        }
        Ok(out)
    }

    /// The audit entries of one record, oldest first.
    pub async fn history(&self, table: &Table, id: Uuid) -> Result<Vec<AuditEntry>> {
        let mut b = SqlBuf::new(self.dialect());
        b.push(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_entry WHERE record_id = "
        ));
        b.text(&id.to_string());
        b.push(" AND table_name = ");
        b.text(&table.name);
        b.push(" ORDER BY seq");
        self.fetch_audit(&b).await
    }

    /// Audit entries with `seq > after`, in order, at most `limit`.
    pub async fn audit_after(&self, after: i64, limit: i64) -> Result<Vec<AuditEntry>> {
        let mut b = SqlBuf::new(self.dialect());
        b.push(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_entry WHERE seq > "
        ));
        b.int(after);
        b.push(" ORDER BY seq LIMIT ");
        b.int(limit);
        self.fetch_audit(&b).await
    }

    /// The chain head: the last sequence number and hash written.
    pub async fn audit_head(&self) -> Result<(i64, String)> {
        let sql = "SELECT seq, hash FROM audit_head WHERE id = 1";
        Ok(match &self.pools {
            Pools::Sqlite { read, .. } => {
                let r = sqlx::query(sql).fetch_one(read).await?;
                (r.try_get(0)?, r.try_get(1)?)
            }
            Pools::Postgres(p) => {
                let r = sqlx::query(sql).fetch_one(p).await?;
                (r.try_get(0)?, r.try_get(1)?)
            }
        })
    }

    async fn fetch_audit(&self, b: &SqlBuf) -> Result<Vec<AuditEntry>> {
        match &self.pools {
            Pools::Sqlite { read, .. } => sql::sqlite_query(b)
                .fetch_all(read)
                .await?
                .iter()
                .map(audit_row)
                .collect(),
            Pools::Postgres(p) => sql::pg_query(b)
                .fetch_all(p)
                .await?
                .iter()
                .map(audit_row)
                .collect(),
        }
    }

    /// A consistent copy of a SQLite database into a new file: `VACUUM INTO` reads one snapshot
    /// (on a reader connection) while writers carry on. Not for PostgreSQL (use pg_dump).
    pub async fn sqlite_backup_into(&self, path: &str) -> Result<()> {
        match &self.pools {
            Pools::Sqlite { read, .. } => {
                sqlx::query("VACUUM INTO ?")
                    .bind(path)
                    .execute(read)
                    .await?;
                Ok(())
            }
            Pools::Postgres(_) => Err(StoreError::Config(
                "VACUUM INTO is a SQLite backup; back up PostgreSQL with pg_dump".into(),
            )),
        }
    }

    /// How many rows each named table holds (names from the model, or Steward's own tables).
    pub async fn row_counts(&self, tables: &[&str]) -> Result<Vec<(String, i64)>> {
        let mut out = Vec::with_capacity(tables.len());
        for t in tables {
            let b = SqlBuf::raw(
                self.dialect(),
                format!("SELECT COUNT(*) FROM {}", sql::q(t)),
            );
            out.push((t.to_string(), self.fetch_i64(&b).await?));
        }
        Ok(out)
    }

    /// Run raw SQL with no parameters. Only for tests and the benchmark's set-up (e.g. ANALYZE).
    pub async fn execute_unchecked(&self, sql: &str) -> Result<u64> {
        Ok(match &self.pools {
            Pools::Sqlite { write, .. } => sqlx::raw_sql(sql).execute(write).await?.rows_affected(),
            Pools::Postgres(p) => sqlx::raw_sql(sql).execute(p).await?.rows_affected(),
        })
    }

    /// Whether the database holds no records yet (the demo only loads into an empty one).
    pub async fn is_empty(&self, model: &Model) -> Result<bool> {
        // Accounts, roles and sessions (schema 2 on) are Steward's own, not the agency's data.
        for t in model
            .tables
            .iter()
            .filter(|t| t.name != "person" && t.since == 1)
        {
            let b = SqlBuf::raw(
                self.dialect(),
                format!("SELECT COUNT(*) FROM {}", sql::q(&t.name)),
            );
            if self.fetch_i64(&b).await? > 0 {
                return Ok(false);
            }
        }
        // The built-in administrator person always exists; anything more is data.
        let b = SqlBuf::raw(self.dialect(), "SELECT COUNT(*) FROM \"person\"");
        Ok(self.fetch_i64(&b).await? <= 1)
    }
}

const AUDIT_COLUMNS: &str =
    "seq, at, actor_id, action, table_name, record_id, changes, prev_hash, hash";

fn audit_row<R: Row>(r: &R) -> Result<AuditEntry>
where
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    usize: sqlx::ColumnIndex<R>,
{
    Ok(AuditEntry {
        seq: r.try_get(0)?,
        at: r.try_get(1)?,
        actor_id: r.try_get(2)?,
        action: r.try_get(3)?,
        table_name: r.try_get(4)?,
        record_id: r.try_get(5)?,
        changes: r.try_get(6)?,
        prev_hash: r.try_get(7)?,
        hash: r.try_get(8)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every SQLite connection, writer and readers, is in WAL with synchronous=FULL (2).
    #[tokio::test]
    async fn sqlite_commits_are_fsynced() {
        let dir = std::env::temp_dir().join(format!("steward-sync-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.join("s.db").display()))
            .await
            .unwrap();
        let Pools::Sqlite { read, write } = &db.pools else {
            unreachable!()
        };
        for pool in [read, write] {
            let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
                .fetch_one(pool)
                .await
                .unwrap();
            let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(pool)
                .await
                .unwrap();
            assert_eq!((sync, mode.as_str()), (2, "wal"));
        }
        db.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn urls_are_redacted() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("sqlite://x.db"), "sqlite://x.db");
    }

    /// The committed migrations are exactly what the model generates. Set STEWARD_WRITE_SCHEMA=1 to
    /// regenerate them after a model change (then add a new migration for existing databases).
    #[test]
    fn committed_schema_matches_the_model() {
        let model = Model::builtin();
        let newest = model.schema_version();
        assert_eq!(
            ddl::MIGRATIONS.len() as u32,
            newest,
            "every schema version has a migration file"
        );
        for (d, dir) in [(Dialect::Sqlite, "sqlite"), (Dialect::Postgres, "postgres")] {
            for (version, file) in ddl::MIGRATIONS {
                let path = format!("{}/migrations/{dir}/{file}", env!("CARGO_MANIFEST_DIR"));
                let generated = ddl::migration(d, &model, *version);
                if std::env::var_os("STEWARD_WRITE_SCHEMA").is_some() {
                    std::fs::write(&path, &generated).unwrap();
                }
                let committed = std::fs::read_to_string(&path).unwrap_or_default();
                assert!(
                    committed == generated,
                    "{path} is not what the model generates; run with STEWARD_WRITE_SCHEMA=1"
                );
            }
        }
    }
}
