//! The audit chain's use cases: walking it, signing checkpoints of its head, and checking it
//! against checkpoints kept elsewhere.

use crate::{Result, Service, ADMIN_PERSON_ID};
use serde_json::{json, Value as Json};
use steward_domain::audit::{Action, ChainBreak, ChainVerifier, FieldChange};
use steward_domain::checkpoint::{
    self, Checkpoint, CheckpointError, CheckpointKey, CheckpointPublicKey,
};
use steward_domain::value::{format_datetime, now};
use uuid::Uuid;

/// Why `verify_audit_checkpoints` does not vouch for the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyFailure {
    /// The checkpoint at this index of the list given cannot be trusted.
    Checkpoint {
        index: usize,
        error: CheckpointError,
    },
    /// The stored chain does not verify, or not against the checkpoints.
    Chain(ChainBreak),
}

impl std::fmt::Display for VerifyFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VerifyFailure::Checkpoint { index, error } => {
                write!(f, "checkpoint {} is not valid: {error}", index + 1)
            }
            VerifyFailure::Chain(b) => b.fmt(f),
        }
    }
}

impl Service {
    /// Walk the whole audit chain. Calls `progress` with the count verified every 10,000 entries.
    pub async fn verify_audit(
        &self,
        progress: impl FnMut(i64),
    ) -> Result<std::result::Result<i64, ChainBreak>> {
        self.walk_audit(ChainVerifier::default(), progress).await
    }

    /// Check each checkpoint's signature (against `pinned` when given), then walk the chain from
    /// the start through the current head, requiring each checkpointed entry to be there with the
    /// signed hash. Returns the number of entries verified.
    pub async fn verify_audit_checkpoints(
        &self,
        checkpoints: &[Checkpoint],
        pinned: Option<&CheckpointPublicKey>,
        progress: impl FnMut(i64),
    ) -> Result<std::result::Result<i64, VerifyFailure>> {
        let mut heads = Vec::with_capacity(checkpoints.len());
        for (index, cp) in checkpoints.iter().enumerate() {
            match checkpoint::verify(cp, pinned) {
                Ok(head) => heads.push(head),
                Err(error) => return Ok(Err(VerifyFailure::Checkpoint { index, error })),
            }
        }
        let v = ChainVerifier::with_anchors(heads.iter().map(|h| (h.seq, h.hash.as_str())));
        Ok(self
            .walk_audit(v, progress)
            .await?
            .map_err(VerifyFailure::Chain))
    }

    async fn walk_audit(
        &self,
        mut v: ChainVerifier,
        mut progress: impl FnMut(i64),
    ) -> Result<std::result::Result<i64, ChainBreak>> {
        let mut after = 0;
        loop {
            let batch = self.db.audit_after(after, 10_000).await?;
            if batch.is_empty() {
                break;
            }
            for e in &batch {
                if let Err(b) = v.next(e) {
                    return Ok(Err(b));
                }
            }
            after = batch.last().map(|e| e.seq).unwrap_or(after);
            progress(v.count());
        }
        let (seq, hash) = self.db.audit_head().await?;
        Ok(v.finish(seq, &hash).map(|_| v.count()))
    }

    /// Sign the current chain head and append an entry recording the checkpoint, in one write
    /// transaction: the head cannot move between reading and signing it, and a checkpoint is only
    /// handed out once its entry is committed.
    pub async fn checkpoint_audit(&self, key: &CheckpointKey) -> Result<Checkpoint> {
        let mut tx = self.db.begin().await?;
        let (seq, hash) = tx.audit_head();
        let cp = checkpoint::sign(key, seq, hash, &format_datetime(now()));
        let public_key = hex::encode(key.verifying_key().as_bytes());
        let changes: Vec<FieldChange> = [
            ("seq", json!(cp.seq)),
            ("hash", json!(cp.hash)),
            ("time", json!(cp.time)),
            ("public_key", json!(public_key)),
        ]
        .into_iter()
        .map(|(field, new)| FieldChange {
            field: field.into(),
            old: Json::Null,
            new,
        })
        .collect();
        tx.audit(
            ADMIN_PERSON_ID,
            Action::Checkpoint,
            "audit_checkpoint",
            Uuid::now_v7(),
            &changes,
        )
        .await?;
        tx.commit().await?;
        Ok(cp)
    }
}

/// The most entries one read of the audit stream returns.
pub const AUDIT_PAGE_MAX: i64 = 10_000;

impl Service {
    /// The audit trail as a stream, for a SIEM: the entries after `after` (a sequence number, 0 for
    /// the first), at most `limit`, in order; the cursor to read next is the last entry's `seq`.
    /// For those who read every table of the organization and its protected data (an auditor, an
    /// administrator): the entries carry every change, protected values included.
    pub async fn audit_stream(
        &self,
        actor: &crate::Actor,
        after: i64,
        limit: i64,
    ) -> Result<Vec<steward_domain::audit::AuditEntry>> {
        let everything = actor.permissions.reads_protected()
            && self.model.tables.iter().all(|t| {
                actor.permissions.depth(&t.name, crate::Privilege::Read)
                    == crate::Depth::Organization
            });
        if !everything {
            return Err(steward_domain::DomainError::new(
                steward_domain::ErrorKind::Forbidden,
                "forbidden",
                "the audit stream is for those who read every record and its protected data (auditors, administrators)",
            )
            .into());
        }
        Ok(self
            .db
            .audit_after(after.max(0), limit.clamp(1, AUDIT_PAGE_MAX))
            .await?)
    }
}
