//! `steward audit ...`: reading and writing key and checkpoint files around the service's use cases.

use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};
use steward_domain::checkpoint::{self, Checkpoint, CheckpointKey};
use steward_service::{Service, VerifyFailure};

/// Create `path` for writing, never replacing an existing file, readable by its owner only when
/// `private`.
fn create_new(path: &Path, private: bool) -> anyhow::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    if private {
        o.mode(0o600);
    }
    o.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!("refusing to overwrite {}: the file exists", path.display())
        } else {
            anyhow::Error::new(e).context(format!("cannot create {}", path.display()))
        }
    })
}

/// `audit keygen --out FILE`: a new private key (PKCS#8 PEM, mode 0600); prints the public key.
pub fn keygen(out: &Path) -> anyhow::Result<()> {
    let key = checkpoint::generate_key(&mut rand::rngs::OsRng);
    let mut f = create_new(out, true)?;
    f.write_all(checkpoint::key_to_pem(&key).as_bytes())
        .and_then(|_| f.sync_all())
        .with_context(|| format!("cannot write the key to {}", out.display()))?;
    eprintln!(
        "Wrote a new audit signing key to {} (mode 0600). Keep it outside the database and its backups; its public key:",
        out.display()
    );
    print!("{}", checkpoint::public_key_pem(&key.verifying_key()));
    Ok(())
}

/// Read the private key named by `--key` / STEWARD_AUDIT_KEY_FILE.
pub fn read_key(path: &Path) -> anyhow::Result<CheckpointKey> {
    let pem = zeroize::Zeroizing::new(
        std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the audit key file {}", path.display()))?,
    );
    checkpoint::key_from_pem(&pem).with_context(|| {
        format!(
            "{} is not an Ed25519 private key in PKCS#8 PEM (make one with `steward audit keygen`)",
            path.display()
        )
    })
}

/// `audit pubkey`: the public key, SPKI PEM, for `openssl pkeyutl -verify -pubin`.
pub fn pubkey(key: &Path) -> anyhow::Result<()> {
    print!(
        "{}",
        checkpoint::public_key_pem(&read_key(key)?.verifying_key())
    );
    Ok(())
}

/// `audit checkpoint`: sign the head, record it in the chain, write the checkpoint out.
pub async fn checkpoint(
    service: &Service,
    key: &CheckpointKey,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    // Open the output first: a checkpoint recorded in the chain but written nowhere helps no one.
    let file = out.map(|p| create_new(p, false)).transpose()?;
    let cp = service
        .checkpoint_audit(key)
        .await
        .context("cannot record the checkpoint")?;
    let json = serde_json::to_string_pretty(&cp).expect("a checkpoint serializes") + "\n";
    match (file, out) {
        (Some(mut f), Some(p)) => {
            f.write_all(json.as_bytes())
                .and_then(|_| f.sync_all())
                .with_context(|| format!("cannot write the checkpoint to {}", p.display()))?;
            eprintln!(
                "Checkpoint of entry {} written to {}; keep a copy outside this server.",
                cp.seq,
                p.display()
            );
        }
        _ => print!("{json}"),
    }
    Ok(())
}

/// `audit verify [--checkpoint FILE]... [--pubkey FILE]`. Exits 2 when the chain does not verify.
pub async fn verify(
    service: &Service,
    files: &[PathBuf],
    pubkey: Option<&Path>,
) -> anyhow::Result<()> {
    let pinned = pubkey
        .map(|p| {
            let pem = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read the public key {}", p.display()))?;
            checkpoint::public_key_from_pem(&pem).with_context(|| {
                format!("{} is not an Ed25519 public key in SPKI PEM", p.display())
            })
        })
        .transpose()?;
    let mut checkpoints: Vec<Checkpoint> = Vec::with_capacity(files.len());
    for f in files {
        let text = std::fs::read_to_string(f)
            .with_context(|| format!("cannot read the checkpoint {}", f.display()))?;
        checkpoints.push(
            serde_json::from_str(&text)
                .with_context(|| format!("{} is not a Steward checkpoint file", f.display()))?,
        );
    }
    let progress = |n| eprintln!("verified {n} entries...");
    let result = service
        .verify_audit_checkpoints(&checkpoints, pinned.as_ref(), progress)
        .await?;
    match result {
        Ok(n) if checkpoints.is_empty() => {
            println!("audit chain verified: {n} entries, all intact");
            println!(
                "note: without --checkpoint this only shows that the stored entries agree with each other; \
                 it cannot show that no entries were removed from the end or that the chain was not \
                 recomputed after an edit. Verify against a signed checkpoint kept outside the database."
            );
        }
        Ok(n) => {
            let latest = checkpoints.iter().max_by_key(|c| c.seq).expect("some");
            println!(
                "audit chain verified: {n} entries, all intact, and consistent with {} signed checkpoint(s)",
                checkpoints.len()
            );
            println!(
                "the latest checkpoint vouches for entries 1 to {} (signed {}); entries after {} are covered by no checkpoint yet",
                latest.seq, latest.time, latest.seq
            );
            if pinned.is_none() {
                // Anyone can sign a checkpoint with a key of their own: only a pinned key proves who signed.
                println!(
                    "note: the signatures were checked against the public keys the checkpoints carry; \
                     pass --pubkey with the key you trust to prove they are Steward's"
                );
            }
        }
        Err(VerifyFailure::Checkpoint { index, error }) => {
            eprintln!(
                "audit chain NOT VERIFIED: the checkpoint {} cannot be trusted: {error}",
                files[index].display()
            );
            std::process::exit(2);
        }
        Err(VerifyFailure::Chain(b)) => {
            eprintln!("audit chain BROKEN: {b}");
            std::process::exit(2);
        }
    }
    // The chain vouches for each attachment's SHA-256: the stored bytes must still hash to it.
    let swapped = service.verify_attachments().await?;
    if !swapped.is_empty() {
        for m in &swapped {
            eprintln!("attachment {} ({}) NOT VERIFIED: {}", m.id, m.name, m.why);
        }
        eprintln!(
            "{} attachment(s) do not hold the bytes the audit chain recorded",
            swapped.len()
        );
        std::process::exit(2);
    }
    println!("attachments verified: every file holds the bytes its audit entry recorded");
    Ok(())
}
