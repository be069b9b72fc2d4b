//! Attachments (issue 11, acceptance 4): files on process records, their type sniffed, their size
//! limited, served as downloads, and each one's SHA-256 in the audit chain, so that swapping the
//! stored bytes is caught by `steward audit verify`.

use crate::testkit::{id_of, TestApp};
use serde_json::json;
use sha2::{Digest, Sha256};

/// The eight-byte PNG signature and the start of an IHDR chunk: what a sniffer recognises.
fn png() -> Vec<u8> {
    let mut v = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    v.extend_from_slice(&[
        0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
    ]);
    v
}

#[tokio::test]
async fn a_file_is_sniffed_stored_served_and_hashed_in_the_chain() {
    let app = TestApp::spawn().await;
    let inc = app
        .create("incidents", json!({"name": "Screen goes blank"}))
        .await;
    let path = format!("{}/attachments", TestApp::path_of("incidents", &inc));
    let bytes = png();
    let r = app
        .post_raw(
            &format!("{path}?name=screen%20shot.png"),
            Some("application/octet-stream"),
            bytes.clone(),
        )
        .await
        .expect(201);
    let att = r.body;
    assert_eq!(
        att["content_type"],
        json!("image/png"),
        "sniffed, not taken from the client"
    );
    assert_eq!(att["size_bytes"], json!(bytes.len()));
    assert_eq!(att["sha256"], json!(hex::encode(Sha256::digest(&bytes))));
    assert!(
        att.get("content").is_none(),
        "the bytes are not in the record"
    );
    // The create entry of the chain holds the hash.
    let h = app.history("attachments", id_of(&att)).await;
    assert!(h[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["field"] == "sha256" && c["new"] == att["sha256"]));
    // Listed on the record, downloaded as an attachment with its sniffed type.
    let list = app.get(&path).await.expect(200).body;
    assert_eq!(list["value"].as_array().unwrap().len(), 1);
    let got = app
        .client
        .get(app.url(&format!("/attachments({})/$value", id_of(&att))))
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "image/png");
    let disposition = got.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("screen%20shot.png"),
        "{disposition}"
    );
    assert_eq!(got.bytes().await.unwrap().as_ref(), bytes.as_slice());
    // Text claimed to be a PDF is kept as what it is.
    let note = app
        .post_raw(
            &format!("{path}?name=log.pdf"),
            Some("application/pdf"),
            b"2026-12-03 relay restarted\n".to_vec(),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(note["content_type"], json!("text/plain"));
    app.finish().await;
}

#[tokio::test]
async fn oversize_disallowed_and_bodiless_files_are_refused_with_nothing_written() {
    let app = TestApp::spawn().await;
    let inc = app
        .create("incidents", json!({"name": "Phishing mail"}))
        .await;
    let path = format!("{}/attachments?name=x", TestApp::path_of("incidents", &inc));
    let person = app
        .create("persons", json!({"first_name": "Ada", "last_name": "L"}))
        .await;
    let before = app.count("attachments", None).await;
    let seq = app.audit_seq().await;
    let big = vec![b'a'; steward_service::ATTACHMENT_MAX_BYTES + 1];
    app.post_raw(&path, Some("text/plain"), big)
        .await
        .expect_error(413, "payload_too_large");
    for (what, bytes) in [
        ("HTML", b"<html><script>alert(1)</script></html>".to_vec()),
        (
            "an executable",
            b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec(),
        ),
        ("binary junk", vec![0u8, 1, 2, 3, 255, 254]),
    ] {
        let r = app.post_raw(&path, Some("text/plain"), bytes).await;
        r.expect_error(422, "file_type_not_allowed");
        assert_eq!(r.target(), Some("content"), "{what}");
    }
    app.post_raw(&path, Some("text/plain"), Vec::new())
        .await
        .expect_error(422, "empty_file");
    app.post(
        "/attachments",
        &json!({"name": "a.txt", "regarding_table": "incident", "regarding_id": id_of(&inc)}),
    )
    .await
    .expect_error(422, "upload_required");
    // A record that carries no files.
    app.post_raw(
        &format!(
            "{}/attachments?name=x",
            TestApp::path_of("persons", &person)
        ),
        Some("text/plain"),
        b"hi".to_vec(),
    )
    .await
    .expect_error(404, "no_attachments");
    assert_eq!(app.count("attachments", None).await, before);
    assert_eq!(
        app.audit_seq().await,
        seq,
        "nothing written, nothing audited"
    );
    app.finish().await;
}

#[tokio::test]
async fn swapping_a_files_bytes_is_caught_by_audit_verify() {
    let app = TestApp::spawn().await;
    let inc = app.create("incidents", json!({"name": "Evidence"})).await;
    let path = format!(
        "{}/attachments?name=scan.txt",
        TestApp::path_of("incidents", &inc)
    );
    let att = app
        .post_raw(&path, Some("text/plain"), b"port 22 closed\n".to_vec())
        .await
        .expect(201)
        .body;
    let ok = app.run_audit_verify().await;
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("attachments verified"));
    // Someone with the database rewrites the bytes, and then the stored hash too.
    let id = id_of(&att);
    app.raw_sql(&format!(
        "UPDATE attachment SET content = 'cG9ydCAyMiBvcGVuCg==' WHERE id = '{id}'"
    ))
    .await;
    let swapped = app.run_audit_verify().await;
    assert!(!swapped.status.success());
    assert!(
        String::from_utf8_lossy(&swapped.stderr).contains(&format!("attachment {id}")),
        "{}",
        String::from_utf8_lossy(&swapped.stderr)
    );
    let forged = hex::encode(Sha256::digest(b"port 22 open\n"));
    app.raw_sql(&format!(
        "UPDATE attachment SET sha256 = '{forged}' WHERE id = '{id}'"
    ))
    .await;
    let rewritten = app.run_audit_verify().await;
    assert!(
        !rewritten.status.success(),
        "the chain's create entry still holds the first hash"
    );
    app.finish().await;
}

/// With `--attachments-dir` a file's bytes are a file named by its SHA-256, not a column: served
/// back as they were, and `steward audit verify` catches a file swapped or removed on disk.
#[tokio::test]
async fn files_kept_in_a_directory_are_served_and_verified_from_there() {
    let app = TestApp::spawn_with_attachments_dir().await;
    let dir = app.attachments_dir.clone().expect("a directory");
    let inc = app
        .create("incidents", json!({"name": "Evidence on disk"}))
        .await;
    let bytes = b"firewall rule 42 removed\n".to_vec();
    let att = app
        .post_raw(
            &format!(
                "{}/attachments?name=rules.txt",
                TestApp::path_of("incidents", &inc)
            ),
            Some("text/plain"),
            bytes.clone(),
        )
        .await
        .expect(201)
        .body;
    let sha = hex::encode(Sha256::digest(&bytes));
    assert_eq!(att["sha256"], json!(sha));
    let file = dir.join(&sha[..2]).join(&sha);
    assert_eq!(std::fs::read(&file).expect("the file is on disk"), bytes);
    let id = id_of(&att);
    let without_bytes = app
        .raw_sql(&format!(
            "UPDATE attachment SET size_bytes = size_bytes WHERE id = '{id}' AND content IS NULL"
        ))
        .await;
    assert_eq!(without_bytes, 1, "no bytes in the database");

    let download = app
        .client
        .get(app.url(&format!("/attachments({id})/$value")))
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().to_vec(), bytes);

    let ok = app.run_audit_verify().await;
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    std::fs::write(&file, b"firewall rule 42 kept\n").unwrap();
    let swapped = app.run_audit_verify().await;
    assert!(!swapped.status.success(), "a swapped file is caught");
    assert!(String::from_utf8_lossy(&swapped.stderr).contains(&format!("attachment {id}")));
    std::fs::remove_file(&file).unwrap();
    let gone = app.run_audit_verify().await;
    assert!(!gone.status.success(), "a missing file is caught");
    assert!(
        String::from_utf8_lossy(&gone.stderr).contains("cannot be read"),
        "{}",
        String::from_utf8_lossy(&gone.stderr)
    );
    app.finish().await;
}
