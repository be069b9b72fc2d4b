//! Signed checkpoints: `steward audit checkpoint` and `steward audit verify --checkpoint`, run as
//! the real binary, finding the rewrites that a self-consistent hash chain hides, and a checkpoint
//! checked with the `openssl` tool instead of Steward.

use crate::testkit::TestApp;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Output;
use steward_domain::audit::{canonical, chain_hash, AuditEntry};
use steward_domain::checkpoint::Checkpoint;
use steward_service::ChainBreak;

/// A temporary directory for key and checkpoint files, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let dir = std::env::temp_dir().join(format!("steward-cp-{:016x}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).expect("create the scratch directory");
        Scratch(dir)
    }
    fn path(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[track_caller]
fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {} {}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// A database with a few records, a signing key, a checkpoint of its head, and writes after it.
async fn checkpointed() -> (TestApp, Scratch, Checkpoint) {
    let app = TestApp::spawn().await;
    for name in ["Anchor A", "Anchor B", "Anchor C"] {
        app.create("it_systems", json!({"name": name})).await;
    }
    let dir = Scratch::new();
    let (key, cp_file) = (dir.path("key.pem"), dir.path("cp.json"));
    let public = ok(&app.run_steward(&["audit", "keygen", "--out", &key]).await);
    std::fs::write(dir.path("pub.pem"), &public).expect("write pub.pem");
    let head = app.audit_seq().await;
    ok(&app
        .run_steward(&["audit", "checkpoint", "--key", &key, "--out", &cp_file])
        .await);
    let cp: Checkpoint =
        serde_json::from_str(&std::fs::read_to_string(&cp_file).expect("read cp.json"))
            .expect("a checkpoint");
    assert_eq!(cp.seq, head, "the checkpoint signs the head it found");
    // Life goes on after the checkpoint.
    for name in ["Anchor D", "Anchor E"] {
        app.create("it_systems", json!({"name": name})).await;
    }
    (app, dir, cp)
}

async fn verify_with(app: &TestApp, dir: &Scratch) -> Output {
    app.run_steward(&[
        "audit",
        "verify",
        "--checkpoint",
        &dir.path("cp.json"),
        "--pubkey",
        &dir.path("pub.pem"),
    ])
    .await
}

/// The rewrite passes the plain verify (which says what it cannot prove) and fails against the
/// checkpoint with a message containing `expected`.
async fn assert_only_the_checkpoint_catches(app: &TestApp, dir: &Scratch, expected: &str) {
    let plain = ok(&app.run_audit_verify().await);
    assert!(plain.contains("all intact"), "{plain}");
    assert!(
        plain.contains("cannot show that no entries were removed"),
        "{plain}"
    );
    let out = verify_with(app, dir).await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "must fail: {stderr}");
    assert!(
        stderr.contains(expected),
        "stderr should say '{expected}': {stderr}"
    );
}

/// Every entry, in order, read through the service (what an attacker with the database has).
async fn entries(app: &TestApp) -> Vec<AuditEntry> {
    app.service
        .db()
        .audit_after(0, 1_000_000)
        .await
        .expect("entries")
}

fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Rewrite entry `seq` with `edit`, recompute its hash and every later one, move the head row:
/// the chain is then consistent again, as a careful attacker would leave it.
async fn rewrite_from(app: &TestApp, seq: i64, edit: impl Fn(&mut AuditEntry)) {
    let mut all = entries(app).await;
    let start = all.iter().position(|e| e.seq == seq).expect("the entry");
    edit(&mut all[start]);
    let mut prev = all[start].prev_hash.clone();
    let mut sql = String::new();
    for e in &mut all[start..] {
        e.prev_hash = prev;
        let c = canonical(
            e.seq,
            &e.at,
            &e.actor_id,
            &e.action,
            &e.table_name,
            &e.record_id,
            &e.changes,
        );
        e.hash = chain_hash(&e.prev_hash, &c);
        prev = e.hash.clone();
        sql.push_str(&format!(
            "UPDATE audit_entry SET actor_id = {}, changes = {}, prev_hash = {}, hash = {} WHERE seq = {};\n",
            sql_text(&e.actor_id),
            sql_text(&e.changes),
            sql_text(&e.prev_hash),
            sql_text(&e.hash),
            e.seq
        ));
    }
    sql.push_str(&format!(
        "UPDATE audit_head SET hash = {} WHERE id = 1;",
        sql_text(&prev)
    ));
    let n = app.raw_sql(&sql).await;
    assert_eq!(n as usize, all.len() - start + 1);
}

#[tokio::test]
async fn an_untouched_chain_verifies_against_its_checkpoint() {
    let (app, dir, cp) = checkpointed().await;
    let out = ok(&verify_with(&app, &dir).await);
    assert!(out.contains("consistent with 1 signed checkpoint"), "{out}");
    assert!(out.contains(&format!("entries 1 to {}", cp.seq)), "{out}");
    assert!(!out.contains("--pubkey"), "{out}");
    // Without a pinned key the signature proves only that someone signed: it says so.
    let unpinned = ok(&app
        .run_steward(&["audit", "verify", "--checkpoint", &dir.path("cp.json")])
        .await);
    assert!(unpinned.contains("pass --pubkey"), "{unpinned}");
    // The checkpoint is itself in the chain, right after the head it signed.
    assert_eq!(
        app.raw_count(&format!(
            "SELECT COUNT(*) FROM audit_entry WHERE action = 'checkpoint' AND seq = {} \
             AND table_name = 'audit_checkpoint' AND changes LIKE '%{}%'",
            cp.seq + 1,
            cp.hash
        ))
        .await,
        1
    );
    // The key file is the owner's only, and keygen never replaces it.
    let key = dir.path("key.pem");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&key).expect("key").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    let before = std::fs::read(&key).expect("key");
    let again = app.run_steward(&["audit", "keygen", "--out", &key]).await;
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("refusing to overwrite"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(std::fs::read(&key).expect("key"), before);
    app.finish().await;
}

#[tokio::test]
async fn a_truncation_below_the_checkpoint_is_found() {
    let (app, dir, cp) = checkpointed().await;
    // Cut off the checkpointed entry and everything after it, and move the head row back.
    let keep = cp.seq - 1;
    app.raw_sql(&format!(
        "DELETE FROM audit_entry WHERE seq > {keep};
         UPDATE audit_head SET seq = {keep}, hash = (SELECT hash FROM audit_entry WHERE seq = {keep}) WHERE id = 1;"
    ))
    .await;
    assert_only_the_checkpoint_catches(&app, &dir, "entries were removed from the end").await;
    assert_eq!(
        app.finish_rewritten(std::slice::from_ref(&cp)).await,
        ChainBreak::CheckpointMissing {
            seq: cp.seq,
            last: keep
        }
    );
}

#[tokio::test]
async fn an_edit_with_every_later_hash_recomputed_is_found() {
    let (app, dir, cp) = checkpointed().await;
    let edited = entries(&app)
        .await
        .into_iter()
        .find(|e| e.changes.contains("Anchor A"))
        .expect("the create of Anchor A")
        .seq;
    assert!(edited < cp.seq);
    rewrite_from(&app, edited, |e| {
        e.changes = e.changes.replace("Anchor A", "Anchor X");
    })
    .await;
    assert_only_the_checkpoint_catches(
        &app,
        &dir,
        &format!("rewritten at or before entry {}", cp.seq),
    )
    .await;
    assert_eq!(
        app.finish_rewritten(std::slice::from_ref(&cp)).await,
        ChainBreak::CheckpointMismatch { seq: cp.seq }
    );
}

#[tokio::test]
async fn a_replaced_head_entry_is_found() {
    let (app, dir, cp) = checkpointed().await;
    // The checkpointed head itself replaced by a forged entry (another actor), the rest re-chained.
    rewrite_from(&app, cp.seq, |e| {
        e.actor_id = uuid::Uuid::nil().to_string();
    })
    .await;
    assert_only_the_checkpoint_catches(
        &app,
        &dir,
        &format!("entry {} does not carry the hash", cp.seq),
    )
    .await;
    assert_eq!(
        app.finish_rewritten(std::slice::from_ref(&cp)).await,
        ChainBreak::CheckpointMismatch { seq: cp.seq }
    );
}

#[tokio::test]
async fn a_forged_or_foreign_checkpoint_is_refused() {
    let (app, dir, cp) = checkpointed().await;
    // A checkpoint edited to vouch for less: the signature no longer matches.
    let mut forged = cp.clone();
    forged.seq -= 1;
    forged.message = forged.message.replace(
        &format!("seq={}\n", cp.seq),
        &format!("seq={}\n", forged.seq),
    );
    let forged_file = dir.path("forged.json");
    std::fs::write(&forged_file, serde_json::to_string(&forged).unwrap()).unwrap();
    let out = app
        .run_steward(&["audit", "verify", "--checkpoint", &forged_file])
        .await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("forged.json cannot be trusted"), "{stderr}");
    assert!(stderr.contains("signature does not match"), "{stderr}");
    // A genuine checkpoint checked against another key than the auditor pinned.
    let other = dir.path("other.pem");
    let other_pub = ok(&app.run_steward(&["audit", "keygen", "--out", &other]).await);
    std::fs::write(dir.path("other-pub.pem"), other_pub).unwrap();
    let out = app
        .run_steward(&[
            "audit",
            "verify",
            "--checkpoint",
            &dir.path("cp.json"),
            "--pubkey",
            &dir.path("other-pub.pem"),
        ])
        .await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("different key than the pinned public key"),
        "{stderr}"
    );
    app.finish().await;
}

/// An auditor without Steward: OpenSSL checks the checkpoint's signature with the public key
/// `steward audit pubkey` prints, and refuses a changed message.
#[tokio::test]
async fn openssl_verifies_a_checkpoint() {
    use base64::Engine;
    let (app, dir, cp) = checkpointed().await;
    let public = ok(&app
        .run_steward(&["audit", "pubkey", "--key", &dir.path("key.pem")])
        .await);
    assert_eq!(public, cp.public_key);
    std::fs::write(dir.path("message.txt"), &cp.message).unwrap();
    let sig = base64::engine::general_purpose::STANDARD
        .decode(&cp.signature)
        .expect("base64");
    std::fs::write(dir.path("sig.bin"), sig).unwrap();
    let openssl = |message: &Path| {
        std::process::Command::new("openssl")
            .args(["pkeyutl", "-verify", "-pubin", "-inkey"])
            .arg(dir.path("pub.pem"))
            .arg("-rawin")
            .arg("-in")
            .arg(message)
            .arg("-sigfile")
            .arg(dir.path("sig.bin"))
            .output()
            .expect("run openssl (install it: apt-get install openssl)")
    };
    let out = openssl(Path::new(&dir.path("message.txt")));
    assert!(ok(&out).contains("Signature Verified Successfully"));
    let changed = dir.path("changed.txt");
    std::fs::write(
        &changed,
        cp.message.replace(&format!("seq={}", cp.seq), "seq=1"),
    )
    .unwrap();
    let out = openssl(Path::new(&changed));
    assert!(!out.status.success(), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("Signature Verification Failure"),
        "{}",
        text(&out.stdout)
    );
    app.finish().await;
}
