//! Both backends end with the same tables, columns and indexes after migrating.

use sqlx::{Connection, Row};
use std::collections::BTreeSet;
use steward_store::Db;

type Schema = (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>);

async fn sqlite_schema(url: &str) -> Schema {
    let mut c = sqlx::SqliteConnection::connect(url).await.expect("sqlite");
    let tables: Vec<String> = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'")
        .fetch_all(&mut c)
        .await
        .expect("tables")
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut columns = BTreeSet::new();
    for t in &tables {
        for r in sqlx::query("SELECT name FROM pragma_table_info(?)")
            .bind(t)
            .fetch_all(&mut c)
            .await
            .expect("columns")
        {
            columns.insert(format!("{t}.{}", r.get::<String, _>(0)));
        }
    }
    let indexes = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'",
    )
    .fetch_all(&mut c)
    .await
    .expect("indexes")
    .iter()
    .map(|r| r.get(0))
    .collect();
    (tables.into_iter().collect(), columns, indexes)
}

async fn pg_schema(url: &str) -> Schema {
    let mut c = sqlx::PgConnection::connect(url).await.expect("postgres");
    let names = |rows: Vec<sqlx::postgres::PgRow>| {
        rows.iter()
            .map(|r| r.get::<String, _>(0))
            .collect::<BTreeSet<_>>()
    };
    let tables = names(
        sqlx::query("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'")
            .fetch_all(&mut c)
            .await
            .expect("tables"),
    );
    let columns = names(
        sqlx::query("SELECT table_name::text || '.' || column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'")
            .fetch_all(&mut c)
            .await
            .expect("columns"),
    );
    let indexes = names(
        sqlx::query("SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'")
            .fetch_all(&mut c)
            .await
            .expect("indexes"),
    );
    (tables, columns, indexes)
}

#[tokio::test]
async fn both_backends_have_the_same_schema() {
    let dir = std::env::temp_dir().join(format!("steward-schema-{:016x}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite_url = format!("sqlite://{}", dir.join("s.db").display());
    let server = std::env::var("STEWARD_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let name = format!("steward_t_schema_{:016x}", rand::random::<u64>());
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/test"))
        .await
        .expect("postgres admin");
    sqlx::raw_sql(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .await
        .unwrap();
    let pg_url = format!("{server}/{name}");
    for url in [&sqlite_url, &pg_url] {
        let db = Db::connect(url).await.unwrap();
        db.migrate().await.unwrap();
        db.close().await;
    }
    let (lite, pg) = (sqlite_schema(&sqlite_url).await, pg_schema(&pg_url).await);
    sqlx::raw_sql(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        lite.0.len() >= 36,
        "the model's 33 tables and the audit and counter tables"
    );
    assert_eq!(lite.0, pg.0, "tables");
    assert_eq!(lite.1, pg.1, "columns");
    assert_eq!(lite.2, pg.2, "indexes");
}
