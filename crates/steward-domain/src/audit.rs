//! The audit entry's canonical form and its place in the hash chain.
//!
//! Each entry's hash is `SHA-256(prev_hash || "\n" || canonical)`, hex encoded, where `canonical` is a
//! JSON array of the entry's content in a fixed order. Changing, removing or reordering any stored
//! entry breaks the chain from that entry on, which `steward audit verify` reports.

use serde_json::{json, Value as Json};
use sha2::{Digest, Sha256};

/// The hash that precedes the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Deactivate,
    Reactivate,
    Delete,
    /// A security event: a refused sign-in (recorded against the account, or the nil id when the
    /// user name is unknown).
    LoginFailed,
    /// A security event: a write refused for separation of duties or for touching a field only a
    /// workflow sets (recorded against the record, or the nil id for a create).
    Refused,
    /// A signed checkpoint of the chain was made (`table_name` is `audit_checkpoint`; the changes
    /// hold the signed seq, hash and time and the public key).
    Checkpoint,
    /// A lifecycle transition: the changes start with the transition's name (`transition`) and,
    /// when given, its `reason`, then the fields it changed.
    Transition,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Deactivate => "deactivate",
            Action::Reactivate => "reactivate",
            Action::Delete => "delete",
            Action::LoginFailed => "login_failed",
            Action::Refused => "refused",
            Action::Checkpoint => "checkpoint",
            Action::Transition => "transition",
        }
    }
}

/// One changed field: old and new value in wire (JSON) form.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub old: Json,
    pub new: Json,
}

/// An audit entry as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub seq: i64,
    /// RFC 3339, fixed width (see `format_datetime`).
    pub at: String,
    pub actor_id: String,
    pub action: String,
    pub table_name: String,
    pub record_id: String,
    /// JSON array of `{"field", "old", "new"}`, sorted by field.
    pub changes: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The JSON text stored for a list of changes: sorted by field, compact.
pub fn changes_json(changes: &[FieldChange]) -> String {
    let mut sorted: Vec<&FieldChange> = changes.iter().collect();
    sorted.sort_by(|a, b| a.field.cmp(&b.field));
    let list: Vec<Json> = sorted
        .iter()
        .map(|c| json!({"field": c.field, "old": c.old, "new": c.new}))
        .collect();
    Json::Array(list).to_string()
}

/// The canonical content of an entry (everything but the hashes).
pub fn canonical(
    seq: i64,
    at: &str,
    actor_id: &str,
    action: &str,
    table_name: &str,
    record_id: &str,
    changes: &str,
) -> String {
    // `changes` is already canonical JSON text; it is embedded as a string so that the stored text is what is hashed.
    json!([seq, at, actor_id, action, table_name, record_id, changes]).to_string()
}

pub fn chain_hash(prev_hash: &str, canonical: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    hex::encode(h.finalize())
}

impl AuditEntry {
    /// The hash this entry should carry given its content and `prev_hash`.
    pub fn expected_hash(&self) -> String {
        let c = canonical(
            self.seq,
            &self.at,
            &self.actor_id,
            &self.action,
            &self.table_name,
            &self.record_id,
            &self.changes,
        );
        chain_hash(&self.prev_hash, &c)
    }
}

/// Why a chain does not verify, naming the first entry that fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The entry's content does not hash to its stored hash (an edited value).
    Altered { seq: i64 },
    /// The entry does not link to the one before it (an entry removed or moved before it).
    Unlinked { seq: i64 },
    /// A sequence number is missing (an entry deleted).
    Gap { expected: i64, found: i64 },
    /// The chain ends before the recorded head (entries deleted at the end).
    Truncated { last: i64, head: i64 },
    /// Entry `seq` no longer carries the hash a signed checkpoint vouches for: it, or an entry
    /// before it, was rewritten and the later hashes recomputed (or the head was replaced).
    CheckpointMismatch { seq: i64 },
    /// The chain ends at `last`, before entry `seq` that a signed checkpoint vouches for: entries
    /// were removed from the end together with the head row.
    CheckpointMissing { seq: i64, last: i64 },
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainBreak::Altered { seq } => write!(
                f,
                "entry {seq} was altered: its content does not match its hash"
            ),
            ChainBreak::Unlinked { seq } => write!(
                f,
                "entry {seq} does not link to the entry before it (entries removed or reordered)"
            ),
            ChainBreak::Gap { expected, found } => write!(
                f,
                "entry {expected} is missing (next entry found is {found})"
            ),
            ChainBreak::Truncated { last, head } => write!(
                f,
                "entries after {last} are missing (the chain head says {head})"
            ),
            ChainBreak::CheckpointMismatch { seq } => write!(
                f,
                "entry {seq} does not carry the hash the signed checkpoint of entry {seq} vouches for: the chain was rewritten at or before entry {seq}"
            ),
            ChainBreak::CheckpointMissing { seq, last } => write!(
                f,
                "the chain ends at entry {last}, but a signed checkpoint vouches for entry {seq}: entries were removed from the end"
            ),
        }
    }
}

/// Walks entries in sequence order and finds the first break. Feed entries one by one with `next`.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
    /// (seq, hash) that signed checkpoints vouch for, checked as the walk passes them.
    anchors: std::collections::BTreeMap<i64, Vec<String>>,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_string(),
            anchors: Default::default(),
        }
    }
}

impl ChainVerifier {
    /// A verifier that also requires entry `seq` to carry `hash` for each (already signature
    /// checked) checkpoint head.
    pub fn with_anchors<'a>(anchors: impl IntoIterator<Item = (i64, &'a str)>) -> Self {
        let mut v = ChainVerifier::default();
        for (seq, hash) in anchors {
            v.anchors.entry(seq).or_default().push(hash.to_string());
        }
        v
    }

    pub fn next(&mut self, e: &AuditEntry) -> Result<(), ChainBreak> {
        if e.seq != self.expected_seq {
            return Err(ChainBreak::Gap {
                expected: self.expected_seq,
                found: e.seq,
            });
        }
        if e.prev_hash != self.prev_hash {
            return Err(ChainBreak::Unlinked { seq: e.seq });
        }
        if e.expected_hash() != e.hash {
            return Err(ChainBreak::Altered { seq: e.seq });
        }
        if let Some(hashes) = self.anchors.get(&e.seq) {
            if hashes.iter().any(|h| h != &e.hash) {
                return Err(ChainBreak::CheckpointMismatch { seq: e.seq });
            }
        }
        self.expected_seq += 1;
        self.prev_hash = e.hash.clone();
        Ok(())
    }
    /// Entries verified so far.
    pub fn count(&self) -> i64 {
        self.expected_seq - 1
    }
    /// Check the end of the walk against the stored chain head.
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<(), ChainBreak> {
        let last = self.count();
        if head_seq != last || (last > 0 && head_hash != self.prev_hash) {
            return Err(ChainBreak::Truncated {
                last,
                head: head_seq,
            });
        }
        // A consistent chain that stops short of a checkpoint was cut, head row and all.
        if let Some((&seq, _)) = self.anchors.range(last + 1..).next() {
            return Err(ChainBreak::CheckpointMissing { seq, last });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: i64, prev: &str, value: &str) -> AuditEntry {
        let changes = changes_json(&[FieldChange {
            field: "name".into(),
            old: Json::Null,
            new: json!(value),
        }]);
        let mut e = AuditEntry {
            seq,
            at: "2024-05-01T10:00:00.000000Z".into(),
            actor_id: "a".into(),
            action: "create".into(),
            table_name: "person".into(),
            record_id: "r".into(),
            changes,
            prev_hash: prev.into(),
            hash: String::new(),
        };
        e.hash = e.expected_hash();
        e
    }

    fn chain() -> Vec<AuditEntry> {
        let a = entry(1, GENESIS_HASH, "a");
        let b = entry(2, &a.hash, "b");
        let c = entry(3, &b.hash, "c");
        vec![a, b, c]
    }

    fn verify(entries: &[AuditEntry], head: (i64, &str)) -> Result<(), ChainBreak> {
        verify_anchored(entries, head, &[])
    }

    fn verify_anchored(
        entries: &[AuditEntry],
        head: (i64, &str),
        anchors: &[(i64, &str)],
    ) -> Result<(), ChainBreak> {
        let mut v = ChainVerifier::with_anchors(anchors.iter().copied());
        for e in entries {
            v.next(e)?;
        }
        v.finish(head.0, head.1)
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain();
        assert_eq!(verify(&c, (3, &c[2].hash.clone())), Ok(()));
    }

    #[test]
    fn each_tampering_is_found() {
        let c = chain();
        let head = c[2].hash.clone();
        let mut edited = c.clone();
        edited[1].changes = edited[1].changes.replace("\"b\"", "\"x\"");
        assert_eq!(
            verify(&edited, (3, &head)),
            Err(ChainBreak::Altered { seq: 2 })
        );
        let deleted = vec![c[0].clone(), c[2].clone()];
        assert_eq!(
            verify(&deleted, (3, &head)),
            Err(ChainBreak::Gap {
                expected: 2,
                found: 3
            })
        );
        let mut swapped = c.clone();
        swapped.swap(1, 2);
        swapped[1].seq = 2;
        swapped[2].seq = 3;
        assert_eq!(
            verify(&swapped, (3, &head)),
            Err(ChainBreak::Unlinked { seq: 2 })
        );
        assert_eq!(
            verify(&c[..2], (3, &head)),
            Err(ChainBreak::Truncated { last: 2, head: 3 })
        );
    }

    /// What a checkpoint adds: a truncated or recomputed chain is consistent by itself and only
    /// the signed (seq, hash) shows the change.
    #[test]
    fn anchors_catch_what_a_consistent_chain_hides() {
        let c = chain();
        let anchor = [(2, c[1].hash.as_str())];
        assert_eq!(verify_anchored(&c, (3, &c[2].hash), &anchor), Ok(()));
        // Cut back to entry 1, head row moved with it.
        assert_eq!(verify(&c[..1], (1, &c[0].hash)), Ok(()));
        assert_eq!(
            verify_anchored(&c[..1], (1, &c[0].hash), &anchor),
            Err(ChainBreak::CheckpointMissing { seq: 2, last: 1 })
        );
        // Entry 1 edited, every later hash recomputed.
        let a = entry(1, GENESIS_HASH, "edited");
        let b = entry(2, &a.hash, "b");
        let d = entry(3, &b.hash, "c");
        let rewritten = vec![a, b, d];
        let head = rewritten[2].hash.clone();
        assert_eq!(verify(&rewritten, (3, &head)), Ok(()));
        assert_eq!(
            verify_anchored(&rewritten, (3, &head), &anchor),
            Err(ChainBreak::CheckpointMismatch { seq: 2 })
        );
    }
}
