//! Signed checkpoints of the audit chain: what is signed, how, and how a checkpoint is checked.
//!
//! The hash chain alone proves only that the stored entries agree with each other: whoever can write
//! the database can cut entries off the end (and move the head row back) or edit an entry and
//! recompute every later hash. A checkpoint is the chain head (sequence number and entry hash)
//! signed with an Ed25519 key kept outside the database, and itself kept outside it (a SIEM, a WORM
//! bucket, an e-mail). A later verification against it proves that entry `seq` still exists with
//! exactly that hash, so nothing up to it was removed or rewritten.
//!
//! The signed message is this text, UTF-8, each line ending in `\n`, nothing else:
//!
//! ```text
//! steward-audit-checkpoint/1
//! seq=1234
//! hash=<64 lowercase hex digits: the entry's hash>
//! time=2024-05-01T10:00:00.000000Z
//! ```
//!
//! The signature is plain Ed25519 (RFC 8032, no pre-hash) over those bytes, so
//! `openssl pkeyutl -verify -rawin` checks it without Steward (docs/AUDIT.md).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, KeypairBytes,
};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

pub use ed25519_dalek::{SigningKey as CheckpointKey, VerifyingKey as CheckpointPublicKey};

/// The first line of the signed message; a new format gets a new number.
pub const FORMAT: &str = "steward-audit-checkpoint/1";

/// The chain head a checkpoint vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHead {
    pub seq: i64,
    pub hash: String,
    /// When the checkpoint was made, RFC 3339.
    pub time: String,
}

/// The exact bytes that are signed.
pub fn message(seq: i64, hash: &str, time: &str) -> String {
    format!("{FORMAT}\nseq={seq}\nhash={hash}\ntime={time}\n")
}

/// Read a message back; only the exact canonical text is accepted, so one head has one message.
pub fn parse_message(text: &str) -> Result<SignedHead, CheckpointError> {
    let bad = |why: &str| CheckpointError::Malformed(why.to_string());
    let body = text
        .strip_suffix('\n')
        .ok_or_else(|| bad("the message does not end with a newline"))?;
    let lines: Vec<&str> = body.split('\n').collect();
    let [format, seq, hash, time] = lines[..] else {
        return Err(bad("the message does not have exactly four lines"));
    };
    if format != FORMAT {
        return Err(bad(&format!(
            "unknown format '{format}' (expected {FORMAT})"
        )));
    }
    let field = |line: &'_ str, key: &str| -> Result<String, CheckpointError> {
        line.strip_prefix(key)
            .and_then(|l| l.strip_prefix('='))
            .map(str::to_string)
            .ok_or_else(|| bad(&format!("the line '{line}' should start with '{key}='")))
    };
    let seq_text = field(seq, "seq")?;
    let seq: i64 = seq_text
        .parse()
        .ok()
        .filter(|n: &i64| *n >= 0 && n.to_string() == seq_text)
        .ok_or_else(|| bad(&format!("seq '{seq_text}' is not a sequence number")))?;
    let hash = field(hash, "hash")?;
    if hash.len() != 64
        || !hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(bad("hash is not 64 lowercase hex digits"));
    }
    let time = field(time, "time")?;
    if time::OffsetDateTime::parse(&time, &time::format_description::well_known::Rfc3339).is_err() {
        return Err(bad(&format!("time '{time}' is not RFC 3339")));
    }
    let head = SignedHead { seq, hash, time };
    if message(head.seq, &head.hash, &head.time) != text {
        return Err(bad("the message is not in canonical form"));
    }
    Ok(head)
}

/// A checkpoint as handed out: the message, its signature and the key that made it. `seq`,
/// `hash` and `time` repeat the message for people and tools; verification reads the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub format: String,
    pub seq: i64,
    pub hash: String,
    pub time: String,
    /// The signed text.
    pub message: String,
    /// Ed25519 signature of `message`, standard base64 (64 bytes).
    pub signature: String,
    /// The signer's public key, SPKI PEM.
    pub public_key: String,
}

/// Why a checkpoint cannot be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointError {
    Malformed(String),
    BadKey(String),
    /// Signed by another key than the one the auditor pinned.
    UnexpectedKey,
    BadSignature,
}

impl std::fmt::Display for CheckpointError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckpointError::Malformed(why) => write!(f, "malformed checkpoint: {why}"),
            CheckpointError::BadKey(why) => write!(f, "unreadable public key: {why}"),
            CheckpointError::UnexpectedKey => {
                write!(f, "signed by a different key than the pinned public key")
            }
            CheckpointError::BadSignature => {
                write!(f, "the signature does not match the message and public key")
            }
        }
    }
}

impl std::error::Error for CheckpointError {}

/// A new signing key from a cryptographic random source (the caller's: this crate does no I/O).
pub fn generate_key<R: rand_core::CryptoRngCore + ?Sized>(rng: &mut R) -> SigningKey {
    SigningKey::generate(rng)
}

/// Read a private key from PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`, what OpenSSL writes for
/// `openssl genpkey -algorithm ed25519`).
pub fn key_from_pem(pem: &str) -> Result<SigningKey, CheckpointError> {
    // The decoder's message never contains key material.
    SigningKey::from_pkcs8_pem(pem).map_err(|e| CheckpointError::BadKey(e.to_string()))
}

/// The private key as PKCS#8 v1 PEM (RFC 8410). Zeroized when dropped.
pub fn key_to_pem(key: &SigningKey) -> zeroize::Zeroizing<String> {
    // v1, without the optional public key: OpenSSL 3.0 refuses the v2 form dalek writes by default.
    let bytes = KeypairBytes {
        secret_key: key.to_bytes(),
        public_key: None,
    };
    bytes
        .to_pkcs8_pem(LineEnding::LF)
        .expect("an Ed25519 key always encodes")
}

/// A public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
pub fn public_key_pem(key: &VerifyingKey) -> String {
    key.to_public_key_pem(LineEnding::LF)
        .expect("an Ed25519 key always encodes")
}

pub fn public_key_from_pem(pem: &str) -> Result<VerifyingKey, CheckpointError> {
    VerifyingKey::from_public_key_pem(pem.trim())
        .map_err(|e| CheckpointError::BadKey(e.to_string()))
}

/// Sign a chain head.
pub fn sign(key: &SigningKey, seq: i64, hash: &str, time: &str) -> Checkpoint {
    let message = message(seq, hash, time);
    let signature = key.sign(message.as_bytes());
    Checkpoint {
        format: FORMAT.to_string(),
        seq,
        hash: hash.to_string(),
        time: time.to_string(),
        signature: BASE64.encode(signature.to_bytes()),
        public_key: public_key_pem(&key.verifying_key()),
        message,
    }
}

/// Check a checkpoint's signature (against `pinned` when the auditor gives the expected key) and
/// return the head it vouches for.
pub fn verify(
    cp: &Checkpoint,
    pinned: Option<&VerifyingKey>,
) -> Result<SignedHead, CheckpointError> {
    let key = public_key_from_pem(&cp.public_key)?;
    if pinned.is_some_and(|p| p != &key) {
        return Err(CheckpointError::UnexpectedKey);
    }
    let bytes = BASE64
        .decode(cp.signature.trim())
        .map_err(|_| CheckpointError::Malformed("the signature is not base64".into()))?;
    let signature = Signature::from_slice(&bytes)
        .map_err(|_| CheckpointError::Malformed("the signature is not 64 bytes".into()))?;
    // Strict: rejects the malleable and small-order forms plain `verify` lets through.
    key.verify_strict(cp.message.as_bytes(), &signature)
        .map_err(|_| CheckpointError::BadSignature)?;
    let head = parse_message(&cp.message)?;
    if (head.seq, head.hash.as_str(), head.time.as_str())
        != (cp.seq, cp.hash.as_str(), cp.time.as_str())
    {
        return Err(CheckpointError::Malformed(
            "seq, hash or time differ from the signed message".into(),
        ));
    }
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> SigningKey {
        SigningKey::from_bytes(&[byte; 32])
    }

    const HASH: &str = "ab00000000000000000000000000000000000000000000000000000000000001";
    const TIME: &str = "2024-05-01T10:00:00.000000Z";

    #[test]
    fn the_message_is_canonical_text() {
        assert_eq!(
            message(7, HASH, TIME),
            format!("steward-audit-checkpoint/1\nseq=7\nhash={HASH}\ntime={TIME}\n")
        );
        let head = parse_message(&message(7, HASH, TIME)).unwrap();
        assert_eq!(head.seq, 7);
        for bad in [
            format!("steward-audit-checkpoint/1\nseq=07\nhash={HASH}\ntime={TIME}\n"),
            format!(
                "steward-audit-checkpoint/1\nseq=7\nhash={}\ntime={TIME}\n",
                HASH.to_uppercase()
            ),
            format!("steward-audit-checkpoint/2\nseq=7\nhash={HASH}\ntime={TIME}\n"),
            format!("steward-audit-checkpoint/1\nseq=7\nhash={HASH}\ntime={TIME}"),
            format!("steward-audit-checkpoint/1\nseq=7\nhash={HASH}\ntime=yesterday\n"),
            format!("steward-audit-checkpoint/1\nseq=7\nhash={HASH}\ntime={TIME}\nx=1\n"),
        ] {
            assert!(parse_message(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_signed_checkpoint_verifies_and_any_change_does_not() {
        let k = key(1);
        let cp = sign(&k, 7, HASH, TIME);
        assert_eq!(verify(&cp, None).unwrap().hash, HASH);
        assert_eq!(verify(&cp, Some(&k.verifying_key())).unwrap().seq, 7);
        assert_eq!(
            verify(&cp, Some(&key(2).verifying_key())),
            Err(CheckpointError::UnexpectedKey)
        );
        let mut forged = cp.clone();
        forged.message = message(8, HASH, TIME);
        forged.seq = 8;
        assert_eq!(verify(&forged, None), Err(CheckpointError::BadSignature));
        // Re-signed by another key: the signature holds, the pinned key catches it.
        let other = sign(&key(2), 7, HASH, TIME);
        assert!(verify(&other, None).is_ok());
        assert_eq!(
            verify(&other, Some(&k.verifying_key())),
            Err(CheckpointError::UnexpectedKey)
        );
        let mut mismatched = cp.clone();
        mismatched.seq = 6;
        assert!(matches!(
            verify(&mismatched, None),
            Err(CheckpointError::Malformed(_))
        ));
    }

    #[test]
    fn keys_round_trip_through_pem() {
        let k = key(3);
        let pem = key_to_pem(&k);
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{}", *pem);
        assert_eq!(key_from_pem(&pem).unwrap().to_bytes(), k.to_bytes());
        let public = public_key_pem(&k.verifying_key());
        assert!(public.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert_eq!(public_key_from_pem(&public).unwrap(), k.verifying_key());
        assert!(
            key_from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").is_err()
        );
    }
}
