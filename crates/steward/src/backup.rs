//! `steward backup FILE` and `steward restore FILE`: a consistent SQLite copy with a manifest
//! (FILE.json: audit head, row counts, SHA-256 of the copy) read from the copy itself, and a
//! restore that checks the copy against it before it replaces anything.

use anyhow::{bail, Context};
use serde_json::{json, Value as Json};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use steward_model::Model;
use steward_service::Service;
use steward_store::{redact_url, Db};

const FORMAT: &str = "steward-backup/1";

/// The file of a `sqlite://FILE` URL, or a clear refusal for PostgreSQL.
fn sqlite_path(url: &str, what: &str) -> anyhow::Result<PathBuf> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        bail!(
            "{what} works on SQLite only; back up PostgreSQL with pg_dump as docs/DEPLOYMENT.md \
             (\"Backup and restore on PostgreSQL\") describes, then check it with `steward audit verify --checkpoint`"
        );
    }
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .with_context(|| format!("'{}' is not a sqlite:// URL", redact_url(url)))?;
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        bail!("'{url}' names no database file");
    }
    Ok(PathBuf::from(path))
}

/// The manifest beside a backup file.
fn manifest_path(file: &Path) -> PathBuf {
    let mut s = file.as_os_str().to_owned();
    s.push(".json");
    PathBuf::from(s)
}

fn sha256_of(file: &Path) -> anyhow::Result<String> {
    let mut f =
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).with_context(|| format!("cannot read {}", file.display()))?;
    Ok(hex::encode(h.finalize()))
}

/// Every table Steward keeps rows in, the audit chain included.
fn tables(model: &Model) -> Vec<&str> {
    let mut t: Vec<&str> = model.tables.iter().map(|t| t.name.as_str()).collect();
    t.push("audit_entry");
    t
}

/// Open a copy and read what it holds: the chain (verified), its head and its row counts.
async fn inspect(file: &Path) -> anyhow::Result<Json> {
    let url = format!("sqlite://{}", file.display());
    let db = Db::connect(&url)
        .await
        .with_context(|| format!("cannot open {}", file.display()))?;
    let model = Arc::new(Model::builtin());
    let service = Service::new(model.clone(), db.clone());
    let checked = async {
        let verified = service
            .verify_audit(|_| {})
            .await
            .context("cannot read the audit chain")?;
        let n = match verified {
            Ok(n) => n,
            Err(b) => bail!("the audit chain of {} is BROKEN: {b}", file.display()),
        };
        let (seq, hash) = db.audit_head().await.context("cannot read the audit head")?;
        let counts = db
            .row_counts(&tables(&model))
            .await
            .context("cannot count the rows")?;
        let counts: serde_json::Map<String, Json> =
            counts.into_iter().map(|(t, n)| (t, json!(n))).collect();
        Ok(json!({"audit_head": {"seq": seq, "hash": hash}, "entries_verified": n, "counts": counts}))
    }
    .await;
    // Closing checkpoints and removes the copy's WAL, so the file is whole before it is hashed.
    db.close().await;
    checked
}

/// `steward backup FILE`.
pub async fn backup(db_url: &str, file: &Path) -> anyhow::Result<()> {
    let source = sqlite_path(db_url, "steward backup")?;
    if !source.exists() {
        bail!("there is no database at {}", source.display());
    }
    let manifest = manifest_path(file);
    for p in [file, manifest.as_path()] {
        if p.exists() {
            bail!("refusing to overwrite {}: the file exists", p.display());
        }
    }
    let db = Db::connect(db_url)
        .await
        .with_context(|| format!("cannot open the database {}", redact_url(db_url)))?;
    let target = file.to_str().context("the backup path is not UTF-8")?;
    db.sqlite_backup_into(target)
        .await
        .with_context(|| format!("cannot copy the database into {}", file.display()))?;
    db.close().await;
    let mut info = inspect(file).await?;
    info["format"] = json!(FORMAT);
    info["created_at"] = json!(steward_domain::value::format_datetime(
        steward_domain::value::now()
    ));
    info["source"] = json!(source.display().to_string());
    info["file"] = json!(file.file_name().map(|n| n.to_string_lossy().into_owned()));
    info["sha256"] = json!(sha256_of(file)?);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&manifest)
        .with_context(|| format!("cannot create {}", manifest.display()))?;
    f.write_all((serde_json::to_string_pretty(&info)? + "\n").as_bytes())
        .and_then(|_| f.sync_all())
        .with_context(|| format!("cannot write {}", manifest.display()))?;
    println!(
        "backed up {} to {}: audit head {} ({}), {} records in {} tables; manifest {}",
        source.display(),
        file.display(),
        info["audit_head"]["seq"],
        info["audit_head"]["hash"].as_str().unwrap_or(""),
        record_total(&info),
        info["counts"].as_object().map(|c| c.len()).unwrap_or(0),
        manifest.display()
    );
    Ok(())
}

fn record_total(info: &Json) -> i64 {
    info["counts"]
        .as_object()
        .map(|c| {
            c.iter()
                .filter(|(t, _)| *t != "audit_entry")
                .filter_map(|(_, n)| n.as_i64())
                .sum()
        })
        .unwrap_or(0)
}

/// `steward restore FILE [--force]` into the SQLite database of `--db`.
pub async fn restore(db_url: &str, file: &Path, force: bool) -> anyhow::Result<()> {
    let target = sqlite_path(db_url, "steward restore")?;
    let manifest_file = manifest_path(file);
    let manifest: Json =
        serde_json::from_str(&std::fs::read_to_string(&manifest_file).with_context(|| {
            format!(
                "cannot read the manifest {} written by `steward backup`",
                manifest_file.display()
            )
        })?)
        .with_context(|| format!("{} is not a backup manifest", manifest_file.display()))?;
    if manifest["format"] != FORMAT {
        bail!("{} is not a {FORMAT} manifest", manifest_file.display());
    }
    let sha = sha256_of(file)?;
    if manifest["sha256"] != sha.as_str() {
        bail!(
            "{} is not the file the manifest describes (SHA-256 {sha}, the manifest says {})",
            file.display(),
            manifest["sha256"]
        );
    }
    let occupied = std::fs::metadata(&target)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    if occupied && !force {
        bail!(
            "refusing to replace {}: it already holds a database. Stop Steward and pass --force to replace it",
            target.display()
        );
    }
    // Check a copy beside the target, then move it into place in one rename.
    let staged = manifest_path(&target).with_extension("restoring");
    let _ = std::fs::remove_file(&staged);
    std::fs::copy(file, &staged)
        .with_context(|| format!("cannot copy {} to {}", file.display(), staged.display()))?;
    let found = match inspect(&staged).await {
        Ok(found) => found,
        Err(e) => {
            let _ = std::fs::remove_file(&staged);
            return Err(e);
        }
    };
    for key in ["audit_head", "counts"] {
        if found[key] != manifest[key] {
            let _ = std::fs::remove_file(&staged);
            bail!(
                "the restored copy does not match the manifest: {key} is {} but the backup recorded {}",
                found[key],
                manifest[key]
            );
        }
    }
    // A WAL left by the replaced database would be replayed onto the restored one.
    for ext in ["-wal", "-shm"] {
        let mut p = target.as_os_str().to_owned();
        p.push(ext);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    std::fs::rename(&staged, &target)
        .with_context(|| format!("cannot move the restored copy to {}", target.display()))?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .with_context(|| format!("cannot sync {}", dir.display()))?;
    }
    println!(
        "restored {} into {}{}: audit chain verified ({} entries, head {} {}), {} records; row counts match the manifest",
        file.display(),
        target.display(),
        if occupied { " (replacing the database that was there)" } else { "" },
        found["entries_verified"],
        found["audit_head"]["seq"],
        found["audit_head"]["hash"].as_str().unwrap_or(""),
        record_total(&found),
    );
    Ok(())
}
