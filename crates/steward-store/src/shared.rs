//! Short-lived state every server of a deployment shares (`shared_value`, schema migration 9):
//! counters in a window (failed sign-ins per account and per address) and values taken once
//! (an OpenID Connect sign-in's PKCE verifier and nonce, between the redirect to the provider and
//! the callback, which may reach another server). Bookkeeping, not records: not in the audit
//! chain (a failed sign-in is audited on its own).

use crate::sql::{self, SqlBuf};
use crate::{Db, Dialect, Pools, Result};
use sqlx::Row;

pub(crate) fn ddl(d: Dialect) -> String {
    let big = match d {
        Dialect::Postgres => "bigint",
        Dialect::Sqlite => "INTEGER",
    };
    format!(
        "CREATE TABLE \"shared_value\" (
    \"key\" text PRIMARY KEY,
    \"value\" text NOT NULL,
    \"count\" {big} NOT NULL,
    \"expires_at\" {big} NOT NULL
);
CREATE INDEX \"ix_shared_value_expires_at\" ON \"shared_value\" (\"expires_at\");
"
    )
}

impl Db {
    async fn shared_fetch(&self, b: &SqlBuf) -> Result<Option<(String, i64, i64)>> {
        Ok(match &self.pools {
            Pools::Sqlite { write, .. } => sql::sqlite_query(b)
                .fetch_optional(write)
                .await?
                .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
                .transpose()?,
            Pools::Postgres(p) => sql::pg_query(b)
                .fetch_optional(p)
                .await?
                .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
                .transpose()?,
        })
    }

    /// The count under `key` at `now` (Unix ms): 0 once its window is over.
    pub async fn counter(&self, key: &str, now: i64) -> Result<i64> {
        let mut b = SqlBuf::new(self.dialect());
        b.push("SELECT value, count, expires_at FROM shared_value WHERE key = ");
        b.text(key).push(" AND expires_at > ");
        b.int(now);
        Ok(self.shared_fetch(&b).await?.map_or(0, |(_, n, _)| n))
    }

    /// Add one to the count under `key`, in a window of `window_ms` from its first count; the new
    /// count. One statement: two servers counting at once both count.
    pub async fn count_up(&self, key: &str, window_ms: i64, now: i64) -> Result<i64> {
        let mut b = SqlBuf::new(self.dialect());
        b.push("INSERT INTO shared_value (key, value, count, expires_at) VALUES (");
        b.text(key).push(", '', 1, ");
        b.int(now + window_ms);
        b.push(") ON CONFLICT (key) DO UPDATE SET count = CASE WHEN shared_value.expires_at <= ");
        b.int(now);
        b.push(" THEN 1 ELSE shared_value.count + 1 END, expires_at = CASE WHEN shared_value.expires_at <= ");
        b.int(now).push(" THEN ");
        b.int(now + window_ms);
        b.push(" ELSE shared_value.expires_at END RETURNING value, count, expires_at");
        Ok(self.shared_fetch(&b).await?.map_or(1, |(_, n, _)| n))
    }

    /// Forget what is under `key`.
    pub async fn forget(&self, key: &str) -> Result<()> {
        let mut b = SqlBuf::new(self.dialect());
        b.push("DELETE FROM shared_value WHERE key = ");
        b.text(key);
        self.shared_fetch(&b).await?;
        Ok(())
    }

    /// Keep `value` under `key` until `expires_at` (Unix ms), replacing what was there.
    pub async fn keep(&self, key: &str, value: &str, expires_at: i64) -> Result<()> {
        let mut b = SqlBuf::new(self.dialect());
        b.push("INSERT INTO shared_value (key, value, count, expires_at) VALUES (");
        b.text(key).push(", ");
        b.text(value).push(", 0, ");
        b.int(expires_at);
        b.push(") ON CONFLICT (key) DO UPDATE SET value = excluded.value, count = 0, expires_at = excluded.expires_at");
        self.shared_fetch(&b).await?;
        Ok(())
    }

    /// Take the value under `key` if it has not expired at `now`: it is gone afterwards, so two
    /// servers cannot both take it.
    pub async fn take(&self, key: &str, now: i64) -> Result<Option<String>> {
        let mut b = SqlBuf::new(self.dialect());
        b.push("DELETE FROM shared_value WHERE key = ");
        b.text(key);
        b.push(" RETURNING value, count, expires_at");
        Ok(self
            .shared_fetch(&b)
            .await?
            .filter(|(_, _, expires)| *expires > now)
            .map(|(v, _, _)| v))
    }

    /// Drop what expired before `now`.
    pub async fn prune_shared(&self, now: i64) -> Result<()> {
        let mut b = SqlBuf::new(self.dialect());
        b.push("DELETE FROM shared_value WHERE expires_at <= ");
        b.int(now);
        self.shared_fetch(&b).await?;
        Ok(())
    }
}
