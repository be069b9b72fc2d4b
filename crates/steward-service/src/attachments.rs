//! Files on process and compliance records: uploaded bytes whose type is sniffed (never taken from
//! the client), size-limited, stored in the database or, with `--attachments-dir`, as files named
//! by their SHA-256 in a directory, each one's SHA-256 recorded in the audit chain by its create
//! entry, so that `steward audit verify` catches bytes swapped afterwards, wherever they are.

use crate::authz::{forbidden, Privilege};
use crate::{id_of, Actor, Result, Service};
use base64::Engine;
use serde_json::{json, Value as Json};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use steward_domain::{DomainError, ErrorKind, Record, Value};
use steward_model::Table;
use uuid::Uuid;

/// The largest file Steward takes.
pub const ATTACHMENT_MAX_BYTES: usize = 1024 * 1024;

/// The records that carry files: every process record and the compliance records of evidence.
pub const ATTACHABLE: &[&str] = &[
    "it_service_request",
    "incident",
    "problem",
    "change_request",
    "it_system_access_request",
    "it_provisioning_request",
    "it_poam_item",
    "it_system_accreditation",
    "it_compliance_assessment",
    "risk_item",
];

/// The types Steward keeps, by what the bytes are: images, PDF, and plain UTF-8 text (logs, CSV).
/// Anything that a browser could run (HTML, SVG, scripts) or that hides what it is is refused.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    const ALLOWED: &[&str] = &[
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "application/pdf",
    ];
    if let Some(kind) = infer::get(bytes) {
        return ALLOWED.iter().copied().find(|m| *m == kind.mime_type());
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let plain = steward_model::forbidden_char(text).is_none();
    let markup = text.trim_start().starts_with('<');
    (plain && !markup).then_some("text/plain")
}

fn invalid(code: &'static str, field: &str, message: impl Into<String>) -> crate::Error {
    DomainError::field(ErrorKind::Invalid, code, field, message).into()
}

/// A stored file: its record and its bytes.
pub struct AttachmentFile {
    pub record: Record,
    pub bytes: Vec<u8>,
}

/// An attachment whose stored bytes no longer match what its create entry recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentMismatch {
    pub id: Uuid,
    pub name: String,
    pub why: String,
}

impl Service {
    /// Attach a file to a record the actor may read, in one transaction with its audit entry.
    pub async fn attach(
        &self,
        actor: &Actor,
        table: &Table,
        id: Uuid,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Record> {
        if !ATTACHABLE.contains(&table.name.as_str()) {
            return Err(DomainError::new(
                ErrorKind::NotFound,
                "no_attachments",
                format!(
                    "{} records carry no files; these do: {}",
                    table.name,
                    ATTACHABLE.join(", ")
                ),
            )
            .into());
        }
        let attachments = self.builtin_table("attachment");
        actor.require(&attachments.name, Privilege::Create)?;
        self.db
            .get_unscoped(table, id)
            .await?
            .filter(|r| actor.reaches(&table.name, Privilege::Read, r))
            .ok_or_else(|| DomainError::not_found(&table.name, id))?;
        // Only the last part of a path a browser may send, as plain text.
        let name = file_name.rsplit(['/', '\\']).next().unwrap_or("").trim();
        if name.is_empty()
            || name.chars().count() > 255
            || steward_model::forbidden_char(name).is_some()
        {
            return Err(invalid(
                "invalid_value",
                "name",
                "a file needs a name of at most 255 characters, without control characters",
            ));
        }
        if bytes.is_empty() {
            return Err(invalid("empty_file", "content", "the file is empty"));
        }
        if bytes.len() > ATTACHMENT_MAX_BYTES {
            return Err(invalid(
                "file_too_large",
                "content",
                format!("a file holds at most {ATTACHMENT_MAX_BYTES} bytes"),
            ));
        }
        let Some(content_type) = sniff(bytes) else {
            return Err(invalid(
                "file_type_not_allowed",
                "content",
                "Steward keeps images (PNG, JPEG, GIF, WebP), PDF and plain text; this file is none of them",
            ));
        };
        let body = json!({
            "name": name,
            "regarding_table": table.name,
            "regarding_id": id.to_string(),
        });
        let sha256 = hex::encode(Sha256::digest(bytes));
        let mut internal: Record = [
            ("content_type", Value::Text(content_type.into())),
            ("size_bytes", Value::Int(bytes.len() as i64)),
            ("sha256", Value::Text(sha256.clone())),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        match self.attachments_dir.as_deref() {
            // The file first: a transaction that then fails leaves an unreferenced file (named by
            // its hash, harmless), never a record without its bytes.
            Some(dir) => write_file(dir, &sha256, bytes).await?,
            None => {
                internal.insert(
                    "content".into(),
                    Value::Text(base64::engine::general_purpose::STANDARD.encode(bytes)),
                );
            }
        }
        let created = async {
            let mut batch = self.batch().await?;
            let record = self
                .create_with(
                    &mut batch,
                    actor.clone(),
                    attachments,
                    body.as_object().expect("an object"),
                    None,
                    &internal,
                )
                .await?;
            if !actor.reaches(&attachments.name, Privilege::Create, &record) {
                return Err(forbidden(&attachments.name, Privilege::Create).into());
            }
            batch.commit().await?;
            Ok(record)
        }
        .await;
        if let Err(e) = &created {
            self.record_refusal(actor, attachments, None, e).await;
        }
        created.map(|mut r| {
            r.remove("content");
            r
        })
    }

    /// The attachments of a record the actor may read, without their bytes.
    pub async fn attachments_of(
        &self,
        actor: &Actor,
        table: &Table,
        id: Uuid,
    ) -> Result<Vec<Record>> {
        self.db
            .get_unscoped(table, id)
            .await?
            .filter(|r| actor.reaches(&table.name, Privilege::Read, r))
            .ok_or_else(|| DomainError::not_found(&table.name, id))?;
        let attachments = self.builtin_table("attachment");
        Ok(self
            .db
            .find_all_by(attachments, "regarding_id", Value::Uuid(id))
            .await?
            .into_iter()
            .filter(|a| a.get("regarding_table").and_then(Value::as_text) == Some(&table.name))
            .filter(|a| actor.reaches(&attachments.name, Privilege::Read, a))
            .map(|mut a| {
                a.remove("content");
                a
            })
            .collect())
    }

    /// An attachment's bytes, for a caller who may read it.
    pub async fn attachment_file(&self, actor: &Actor, id: Uuid) -> Result<AttachmentFile> {
        let attachments = self.builtin_table("attachment");
        let mut record = self
            .db
            .get_unscoped(attachments, id)
            .await?
            .filter(|r| actor.reaches(&attachments.name, Privilege::Read, r))
            .ok_or_else(|| DomainError::not_found(&attachments.name, id))?;
        let bytes = self
            .stored_bytes(&record)
            .await
            .map_err(|why| crate::Error::Internal(format!("attachment {id}: {why}")))?;
        record.remove("content");
        Ok(AttachmentFile { record, bytes })
    }

    /// Every attachment whose bytes are not the ones its create entry in the audit chain recorded
    /// (bytes swapped, or the stored hash rewritten with them).
    pub async fn verify_attachments(&self) -> Result<Vec<AttachmentMismatch>> {
        let attachments = self.builtin_table("attachment");
        let mut out = Vec::new();
        let states = [Value::Text("active".into()), Value::Text("inactive".into())];
        for a in self.db.find_all_in(attachments, "state", &states).await? {
            let id = id_of(&a);
            let name = a
                .get("name")
                .and_then(Value::as_text)
                .unwrap_or("")
                .to_string();
            let actual = match self.stored_bytes(&a).await {
                Ok(b) => hex::encode(Sha256::digest(b)),
                Err(why) => {
                    out.push(AttachmentMismatch { id, name, why });
                    continue;
                }
            };
            let recorded = self
                .db
                .history(attachments, id)
                .await?
                .into_iter()
                .find(|e| e.action == "create")
                .and_then(|e| serde_json::from_str::<Json>(&e.changes).ok())
                .and_then(|c| {
                    c.as_array()?
                        .iter()
                        .find(|c| c["field"] == "sha256")
                        .and_then(|c| c["new"].as_str().map(str::to_string))
                });
            let why = match recorded {
                None => Some("its create entry records no SHA-256".to_string()),
                Some(h) if h != actual => Some(format!(
                    "its bytes hash to {actual}, but the audit chain recorded {h}"
                )),
                Some(_) => None,
            };
            if let Some(why) = why {
                out.push(AttachmentMismatch { id, name, why });
            }
        }
        Ok(out)
    }

    /// An attachment's bytes, from the database or from the attachments directory.
    async fn stored_bytes(&self, attachment: &Record) -> std::result::Result<Vec<u8>, String> {
        if let Some(content) = attachment
            .get("content")
            .and_then(Value::as_text)
            .filter(|c| !c.is_empty())
        {
            return base64::engine::general_purpose::STANDARD
                .decode(content)
                .map_err(|e| format!("its stored bytes are not base64: {e}"));
        }
        let sha256 = attachment
            .get("sha256")
            .and_then(Value::as_text)
            .unwrap_or("");
        let Some(dir) = self.attachments_dir.as_deref() else {
            return Err("its bytes are in an attachments directory, and Steward runs without --attachments-dir".into());
        };
        let path = file_path(dir, sha256).ok_or("its stored SHA-256 is not one")?;
        tokio::fs::read(&path)
            .await
            .map_err(|e| format!("its file {} cannot be read: {e}", path.display()))
    }

    /// At start: the attachments directory exists (made if missing) and takes files.
    pub(crate) async fn check_attachments_dir(&self) -> Result<()> {
        let Some(dir) = self.attachments_dir.as_deref() else {
            return Ok(());
        };
        let probe = dir.join(format!(".steward-probe-{}", Uuid::now_v7()));
        let checked = async {
            tokio::fs::create_dir_all(dir).await?;
            tokio::fs::write(&probe, b"probe").await?;
            tokio::fs::remove_file(&probe).await
        }
        .await;
        checked.map_err(|e| {
            crate::Error::Internal(format!(
                "the attachments directory {} does not take files: {e}",
                dir.display()
            ))
        })
    }
}

/// `dir/ab/abcdef…`: a file named by its SHA-256 (hex), under a directory of its first two digits.
fn file_path(dir: &Path, sha256: &str) -> Option<PathBuf> {
    let hex = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
    hex.then(|| dir.join(&sha256[..2]).join(sha256))
}

/// Write a file's bytes under its hash, atomically (a temporary file renamed into place); a file
/// already there holds the same bytes, by its name.
async fn write_file(dir: &Path, sha256: &str, bytes: &[u8]) -> Result<()> {
    let path = file_path(dir, sha256).expect("a hex SHA-256");
    if tokio::fs::try_exists(&path).await.unwrap_or(false) {
        return Ok(());
    }
    let parent = path.parent().expect("under dir");
    let tmp = parent.join(format!(".{sha256}.{}", Uuid::now_v7()));
    let written = async {
        tokio::fs::create_dir_all(parent).await?;
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::File::open(&tmp).await?.sync_all().await?;
        tokio::fs::rename(&tmp, &path).await
    }
    .await;
    if let Err(e) = written {
        let _ = tokio::fs::remove_file(&tmp).await;
        return Err(crate::Error::Internal(format!(
            "cannot write the attachment to {}: {e}",
            path.display()
        )));
    }
    Ok(())
}
