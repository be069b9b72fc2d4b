//! `steward backup` and `steward restore`, run as the real binary: a backup taken while writers
//! create records over HTTP restores into a fresh file whose chain verifies and whose head and
//! counts are the ones the backup recorded; a restore never replaces a database unasked.

use crate::testkit::{Backend, TestApp};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Run the binary on another database than the app's.
async fn steward(db: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--db".to_string(), db.to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
            .args(&all)
            .env("STEWARD_LOG", "warn")
            .env_remove("STEWARD_DATABASE_URL")
            .output()
            .expect("run the steward binary")
    })
    .await
    .expect("join")
}

/// Create records over HTTP until `stop` is set, counting each in `made`; how many were made.
async fn write_until(app: &TestApp, who: &str, stop: &AtomicBool, made: &AtomicUsize) -> usize {
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) || n < 3 {
        app.create("it_systems", json!({"name": format!("{who} {n}")}))
            .await;
        made.fetch_add(1, Ordering::Relaxed);
        n += 1;
    }
    n
}

#[tokio::test]
async fn a_backup_under_concurrent_writes_restores_to_its_recorded_head() {
    let app = TestApp::spawn().await;
    if app.backend == Backend::Postgres {
        // The PostgreSQL procedure is pg_dump (docs/DEPLOYMENT.md): the command says so.
        let out = app.run_steward(&["backup", "/nonexistent/x.db"]).await;
        assert!(!out.status.success());
        assert!(
            text(&out.stderr).contains("pg_dump"),
            "{}",
            text(&out.stderr)
        );
        app.finish().await;
        return;
    }
    let dir = std::env::temp_dir().join(format!("steward-bk-{:016x}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("backup.db").display().to_string();
    let before = app.count("it_systems", None).await;
    let stop = AtomicBool::new(false);
    let made = AtomicUsize::new(0);
    let backup = async {
        // Let the writers get going first.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let at_start = made.load(Ordering::Relaxed);
        let out = app.run_steward(&["backup", &file]).await;
        let during = made.load(Ordering::Relaxed) - at_start;
        stop.store(true, Ordering::Relaxed);
        (out, during)
    };
    let ((out, during), a, b) = tokio::join!(
        backup,
        write_until(&app, "Writer A", &stop, &made),
        write_until(&app, "Writer B", &stop, &made)
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The writers were not held up: records were committed while the backup ran.
    assert!(during > 0, "no write committed during the backup");
    let after = app.count("it_systems", None).await;
    assert_eq!(after, before + (a + b) as i64);
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{file}.json")).unwrap()).unwrap();
    let in_backup = manifest["counts"]["it_system"].as_i64().expect("a count");
    assert!(
        (before..=after).contains(&in_backup),
        "{before} <= {in_backup} <= {after}"
    );
    let head = manifest["audit_head"]["seq"].as_i64().expect("a head");
    assert!(head <= app.audit_seq().await);

    let restored = format!("sqlite://{}", dir.join("restored.db").display());
    let out = steward(&restored, &["restore", &file]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("row counts match the manifest"));
    let out = steward(&restored, &["audit", "verify"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("{head} entries")),
        "{}",
        text(&out.stdout)
    );
    // Read the restored file directly: the head and the counts are the backup's.
    {
        use sqlx::{Connection, Row};
        let mut c = sqlx::SqliteConnection::connect(&restored).await.unwrap();
        let row = sqlx::query("SELECT seq, hash FROM audit_head")
            .fetch_one(&mut c)
            .await
            .unwrap();
        assert_eq!(row.get::<i64, _>(0), head);
        assert_eq!(row.get::<String, _>(1), manifest["audit_head"]["hash"]);
        for (table, n) in manifest["counts"].as_object().unwrap() {
            let found: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM \"{table}\""))
                .fetch_one(&mut c)
                .await
                .unwrap()
                .get(0);
            assert_eq!(Some(found), n.as_i64(), "{table}");
        }
        c.close().await.unwrap();
    }
    // The restored database is not empty now: replacing it needs --force.
    let out = steward(&restored, &["restore", &file]).await;
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    let out = steward(&restored, &["restore", &file, "--force"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A backup file that is not the one its manifest describes is refused.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"x"))
        .unwrap();
    let fresh = format!("sqlite://{}", dir.join("fresh.db").display());
    let out = steward(&fresh, &["restore", &file]).await;
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("SHA-256"),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    app.finish().await;
}
