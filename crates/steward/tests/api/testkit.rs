//! The test app: the real Steward application served in-process on 127.0.0.1:0, over a fresh
//! database per test, on the backend `STEWARD_TEST_BACKEND` selects (`sqlite`, the default, or
//! `postgres`), with an HTTP client and helpers that return status, headers and JSON.
//!
//! Every test ends with [`TestApp::finish`], which checks the audit hash chain through the service
//! and drops the test database. A test that breaks the chain on purpose ends with
//! [`TestApp::finish_tampered`] instead.

use reqwest::header::{HeaderMap, CONTENT_TYPE, IF_MATCH};
use reqwest::RequestBuilder;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use steward_model::{FieldType, Model, Table};
use steward_service::{Actor, ChainBreak, Scope, Service};
use steward_store::Db;
use tokio::task::JoinHandle;

/// The id of the built-in administrator, who acts in every request for now.
pub const ADMIN_ID: &str = "00000000-0000-7000-8000-000000000001";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_env() -> Backend {
        match std::env::var("STEWARD_TEST_BACKEND").as_deref() {
            Err(_) | Ok("") | Ok("sqlite") => Backend::Sqlite,
            Ok("postgres") | Ok("postgresql") => Backend::Postgres,
            Ok(other) => panic!("STEWARD_TEST_BACKEND={other}: use sqlite or postgres"),
        }
    }
}

/// Where the test database lives, until it is dropped.
#[derive(Debug)]
enum Storage {
    /// A temporary directory holding the SQLite file.
    SqliteDir(PathBuf),
    /// A database created on the PostgreSQL server; `admin_url` reaches its `test` database.
    Postgres { admin_url: String, name: String },
}

/// One HTTP answer: status, headers, the body as text and (when it is JSON) parsed.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    /// The body parsed as JSON, or `Null` when it is not JSON.
    pub body: Value,
    /// What was asked, for failure messages.
    pub what: String,
}

impl Resp {
    /// Assert the status, showing the request and the body when it differs.
    #[track_caller]
    pub fn expect(self, status: u16) -> Resp {
        assert_eq!(
            self.status, status,
            "{}: expected {status}, got {} with {}",
            self.what, self.status, self.text
        );
        self
    }

    /// Assert an OData error with this status and code.
    #[track_caller]
    pub fn expect_error(&self, status: u16, code: &str) -> &Resp {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "{}: expected {status} {code}, got {}",
            self.what,
            self.text
        );
        assert!(
            !self.message().is_empty(),
            "{}: an error needs a message: {}",
            self.what,
            self.text
        );
        self
    }

    /// `error.code` of an OData error, or "".
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    pub fn message(&self) -> &str {
        self.body["error"]["message"].as_str().unwrap_or("")
    }

    pub fn target(&self) -> Option<&str> {
        self.body["error"]["target"].as_str()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `value` array of a collection.
    #[track_caller]
    pub fn rows(&self) -> &Vec<Value> {
        self.body["value"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no 'value' array in {}", self.what, self.text))
    }

    /// `@odata.nextLink`, if any.
    pub fn next_link(&self) -> Option<&str> {
        self.body["@odata.nextLink"].as_str()
    }
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

pub struct TestApp {
    /// `http://127.0.0.1:PORT/api/v1`.
    pub base: String,
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    /// The database URL the app uses (also what `steward --db` takes).
    pub db_url: String,
    pub backend: Backend,
    pub client: reqwest::Client,
    pub service: Service,
    pub model: Arc<Model>,
    /// Where attachments' files go, when the app keeps them in a directory.
    pub attachments_dir: Option<PathBuf>,
    server: JoinHandle<()>,
    storage: Option<Storage>,
    /// Parent records made by `create_minimal` for required lookups, by table.
    parents: Mutex<HashMap<String, String>>,
}

fn random_hex() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// `postgres://user@host:port[/db][?params]` split into the server part and the query string.
fn pg_server(url: &str) -> (String, String) {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let query = rest
        .find('?')
        .map(|q| rest[q..].to_string())
        .unwrap_or_default();
    (format!("{scheme}://{}", &rest[..end]), query)
}

async fn pg_admin(admin_url: &str, statement: &str) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::raw_sql(statement).execute(&mut conn).await?;
    conn.close().await
}

/// The password the test administrator gets.
pub const ADMIN_PASSWORD: &str = "correct horse battery staple";

/// Create the `admin` account and an admin-scoped token for it, as an operator would.
pub async fn admin_token(service: &Service) -> String {
    service
        .ensure_admin_account(Some(ADMIN_PASSWORD))
        .await
        .expect("the admin account");
    service
        .create_token(Actor::administrator(), "admin", "tests", 1, Scope::Admin)
        .await
        .expect("an admin token")
        .token
}

impl TestApp {
    /// Start the real application over a fresh, migrated database.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(steward_api::server::Limits::default()).await
    }

    /// Start the real application with these limits on clients (short timeouts for a test).
    pub async fn spawn_with(limits: steward_api::server::Limits) -> TestApp {
        let model = Model::builtin();
        let processes = steward_service::Processes::builtin(&model).expect("built-in lifecycles");
        Self::spawn_full(limits, model, processes, None, None).await
    }

    /// Start the application sending mail to the SMTP server at `smtp_url` (links to this app,
    /// replies to desk@agency.test).
    pub async fn spawn_with_mail(smtp_url: &str) -> TestApp {
        let model = Model::builtin();
        let processes = steward_service::Processes::builtin(&model).expect("built-in lifecycles");
        Self::spawn_full(
            steward_api::server::Limits::default(),
            model,
            processes,
            None,
            Some(smtp_url),
        )
        .await
    }

    /// Start the application keeping attachments' bytes as files in a fresh directory
    /// (`--attachments-dir`), removed by `finish`.
    pub async fn spawn_with_attachments_dir() -> TestApp {
        let model = Model::builtin();
        let processes = steward_service::Processes::builtin(&model).expect("built-in lifecycles");
        let dir = std::env::temp_dir().join(format!("steward-files-{}", random_hex()));
        Self::spawn_full(
            steward_api::server::Limits::default(),
            model,
            processes,
            Some(dir),
            None,
        )
        .await
    }

    /// `spawn_with_mail`, running the built-in declaration with `edit` applied to it.
    pub async fn spawn_with_mail_and_lifecycles(
        smtp_url: &str,
        edit: impl FnOnce(&str) -> String,
    ) -> TestApp {
        let model = Model::builtin();
        let processes =
            steward_service::Processes::parse(&edit(steward_process::DECLARATION), &model)
                .unwrap_or_else(|e| panic!("the edited declaration: {e}"));
        Self::spawn_full(
            steward_api::server::Limits::default(),
            model,
            processes,
            None,
            Some(smtp_url),
        )
        .await
    }

    /// Start the application running another declaration of the lifecycles and chains (what an
    /// administrator's `--lifecycles FILE` gives): the built-in one with `edit` applied to it.
    pub async fn spawn_with_lifecycles(edit: impl FnOnce(&str) -> String) -> TestApp {
        let model = Model::builtin();
        let text = edit(steward_process::DECLARATION);
        assert_ne!(
            text,
            steward_process::DECLARATION,
            "the edit changed nothing"
        );
        let processes = steward_service::Processes::parse(&text, &model)
            .unwrap_or_else(|e| panic!("the edited declaration: {e}"));
        Self::spawn_full(
            steward_api::server::Limits::default(),
            model,
            processes,
            None,
            None,
        )
        .await
    }

    async fn spawn_full(
        limits: steward_api::server::Limits,
        model: Model,
        processes: steward_service::Processes,
        attachments_dir: Option<PathBuf>,
        smtp_url: Option<&str>,
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr: SocketAddr = listener.local_addr().expect("local address");
        // The database is the test's from here on: `finish` drops it.
        let mut fresh = FreshDb::create().await;
        let (db_url, backend) = (fresh.url.clone(), fresh.backend);
        let storage = fresh.storage.take().expect("a fresh database");
        let db = Db::connect(&db_url)
            .await
            .unwrap_or_else(|e| panic!("connect to {db_url}: {e}"));
        let mut service = Service::with_processes(Arc::new(model), db, processes);
        if let Some(dir) = &attachments_dir {
            service = service.with_attachments_dir(dir.clone());
        }
        if let Some(url) = smtp_url {
            let mail = steward_service::MailConfig::from_url(
                url,
                "Steward <steward@agency.test>",
                &format!("http://{addr}"),
                Some("desk@agency.test"),
            )
            .expect("a mail configuration");
            service = service.with_mail(mail);
        }
        // The model as the service holds it: workflow-owned fields marked by the lifecycles.
        let model = service.shared_model();
        service.start().await.expect("migrate and start");
        let config = steward_api::ApiConfig {
            limits: limits.clone(),
            ..Default::default()
        };
        let router = steward_web::app(service.clone(), config);
        let server = tokio::spawn(async move {
            steward_api::server::serve(listener, router, limits, std::future::pending())
                .await
                .expect("serve");
        });
        let token = admin_token(&service).await;
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::AUTHORIZATION,
            format!("Bearer {token}").parse().expect("a header value"),
        );
        let client = reqwest::Client::builder()
            .no_proxy()
            .default_headers(headers)
            .build()
            .expect("an HTTP client");
        // The token's first use is itself audited; spend it here so that tests start from a quiet chain.
        let first = client
            .get(format!("http://{addr}/api/v1/"))
            .send()
            .await
            .expect("first request");
        assert_eq!(first.status(), 200, "the admin token works");
        TestApp {
            base: format!("http://{addr}/api/v1"),
            origin: format!("http://{addr}"),
            db_url,
            backend,
            client,
            service,
            model,
            attachments_dir,
            server,
            storage: Some(storage),
            parents: Mutex::new(HashMap::new()),
        }
    }

    /// An absolute URL: `/persons` is under the API's base, `/api/v1/...` (a nextLink) under the origin.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else if path.starts_with("/api/") || path.starts_with("/healthz") {
            format!("{}{path}", self.origin)
        } else {
            format!("{}{path}", self.base)
        }
    }

    /// Send a request; any 5xx fails the test at once (bad input must never yield one).
    pub async fn send(&self, rb: RequestBuilder, what: String) -> Resp {
        let resp = rb
            .send()
            .await
            .unwrap_or_else(|e| panic!("{what}: request failed: {e}"));
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp
            .text()
            .await
            .unwrap_or_else(|e| panic!("{what}: cannot read the body: {e}"));
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(status < 500, "{what}: the server answered {status}: {text}");
        Resp {
            status,
            headers,
            text,
            body,
            what,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.get_with(path, &[], &[]).await
    }

    /// GET with query options (form-encoded by the client) and extra headers.
    pub async fn get_q(&self, path: &str, query: &[(&str, &str)]) -> Resp {
        self.get_with(path, query, &[]).await
    }

    pub async fn get_with(
        &self,
        path: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut rb = self.client.get(self.url(path)).query(query);
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        self.send(rb, format!("GET {path} {query:?}")).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Resp {
        let rb = self.client.post(self.url(path)).json(body);
        self.send(rb, format!("POST {path} {}", clip(&body.to_string())))
            .await
    }

    /// POST raw bytes with the given content type (none: no header).
    pub async fn post_raw(&self, path: &str, content_type: Option<&str>, body: Vec<u8>) -> Resp {
        let mut rb = self.client.post(self.url(path)).body(body);
        if let Some(ct) = content_type {
            rb = rb.header(CONTENT_TYPE, ct);
        }
        self.send(rb, format!("POST {path} (raw, {content_type:?})"))
            .await
    }

    pub async fn patch(&self, path: &str, body: &Value, if_match: Option<&str>) -> Resp {
        let mut rb = self.client.patch(self.url(path)).json(body);
        if let Some(tag) = if_match {
            rb = rb.header(IF_MATCH, tag);
        }
        self.send(
            rb,
            format!(
                "PATCH {path} {} (If-Match {if_match:?})",
                clip(&body.to_string())
            ),
        )
        .await
    }

    pub async fn patch_raw(&self, path: &str, content_type: Option<&str>, body: Vec<u8>) -> Resp {
        let mut rb = self.client.patch(self.url(path)).body(body);
        if let Some(ct) = content_type {
            rb = rb.header(CONTENT_TYPE, ct);
        }
        self.send(rb, format!("PATCH {path} (raw, {content_type:?})"))
            .await
    }

    pub async fn delete(&self, path: &str, if_match: Option<&str>) -> Resp {
        let mut rb = self.client.delete(self.url(path));
        if let Some(tag) = if_match {
            rb = rb.header(IF_MATCH, tag);
        }
        self.send(rb, format!("DELETE {path} (If-Match {if_match:?})"))
            .await
    }

    /// POST to a set, expecting 201; the created record.
    pub async fn create(&self, set: &str, body: Value) -> Value {
        self.post(&format!("/{set}"), &body).await.expect(201).body
    }

    /// `POST /set(id)/Steward.name` with these parameters: take a lifecycle transition.
    pub async fn act(&self, set: &str, record: &Value, name: &str, params: Value) -> Resp {
        let path = format!("{}/Steward.{name}", Self::path_of(set, record));
        self.post(&path, &params).await
    }

    /// Put a record in `state` with the administrator's correction (for tests about records in
    /// some state, not about how they got there).
    pub async fn correct_to(&self, set: &str, record: &Value, state: &str) -> Value {
        self.act(
            set,
            record,
            "correct",
            json!({"state": state, "reason": "test set-up"}),
        )
        .await
        .expect(200)
        .body
    }

    /// The `/set(id)` path of a record.
    pub fn path_of(set: &str, record: &Value) -> String {
        format!("/{set}({})", id_of(record))
    }

    /// `GET /set/$count` (optionally filtered), as a number.
    pub async fn count(&self, set: &str, filter: Option<&str>) -> i64 {
        let query: Vec<(&str, &str)> = filter.map(|f| ("$filter", f)).into_iter().collect();
        let r = self
            .get_q(&format!("/{set}/$count"), &query)
            .await
            .expect(200);
        r.text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{}: $count is not a number: {}", r.what, r.text))
    }

    /// The audit chain head's sequence number: moves with every committed write.
    pub async fn audit_seq(&self) -> i64 {
        self.service.db().audit_head().await.expect("audit head").0
    }

    /// The audit entries of a record, oldest first.
    /// The approvals of a record, by stage.
    pub async fn approvals_of(&self, record: &Value) -> Vec<Value> {
        let id = id_of(record);
        self.get_q(
            "/approvals",
            &[
                ("$filter", &format!("regarding_id eq {id}")),
                ("$orderby", "stage"),
            ],
        )
        .await
        .expect(200)
        .rows()
        .clone()
    }

    pub async fn history(&self, set: &str, id: &str) -> Vec<Value> {
        self.get(&format!("/{set}({id})/history"))
            .await
            .expect(200)
            .rows()
            .clone()
    }

    /// Create a record of `table` holding only `name` and what the table requires; required
    /// lookups point at parent records made (once per table) for the purpose.
    pub fn create_minimal<'a>(&'a self, table: &'a Table, name: &'a str) -> BoxFuture<'a, Value> {
        Box::pin(async move {
            if table.name == "attachment" {
                // A file is made by uploading it, onto an incident made for the purpose.
                let incident = self.parent("incident").await;
                return self
                    .post_raw(
                        &format!(
                            "/incidents({incident})/attachments?name={}",
                            urlencode(name)
                        ),
                        Some("text/plain"),
                        format!("notes for {name}").into_bytes(),
                    )
                    .await
                    .expect(201)
                    .body;
            }
            if table.written_by_steward {
                // A job's run is recorded by running it (Steward writes it, nobody else).
                self.service.run_job("timers").await.expect("a job runs");
                let runs = self
                    .get_q(
                        "/job_runs",
                        &[("$orderby", "created_on desc"), ("$top", "1")],
                    )
                    .await
                    .expect(200);
                return runs.rows()[0].clone();
            }
            let body = self.minimal_body(table, name).await;
            self.create(&table.set, body).await
        })
    }

    /// The smallest valid body of `table` with this name.
    pub fn minimal_body<'a>(&'a self, table: &'a Table, name: &'a str) -> BoxFuture<'a, Value> {
        Box::pin(async move {
            let mut body = Map::new();
            for f in &table.fields {
                if f.name == "name" {
                    if f.derived.is_some() {
                        // person: the name is derived from first and last name.
                        body.insert("first_name".into(), json!(name));
                    } else {
                        body.insert("name".into(), json!(name));
                    }
                    continue;
                }
                if !f.required || f.read_only || f.derived.is_some() || f.default.is_some() {
                    continue;
                }
                let v = match &f.ty {
                    // A unique lookup (a link record) needs its own parent each time.
                    FieldType::Lookup { table: target } if f.unique => {
                        let parent_table = self.model.table(target).expect("lookup target");
                        let parent = self
                            .create_minimal(parent_table, &format!("{name} {}", f.name))
                            .await;
                        json!(parent["id"])
                    }
                    FieldType::Lookup { table: target } => json!(self.parent(target).await),
                    FieldType::Text { .. } | FieldType::Memo => json!("x"),
                    FieldType::Int { min, .. } => json!(min.unwrap_or(1)),
                    FieldType::Money => json!(1),
                    FieldType::Bool => json!(false),
                    FieldType::Date => json!("2024-01-01"),
                    FieldType::DateTime => json!("2024-01-01T00:00:00Z"),
                    FieldType::Uuid => json!(uuid::Uuid::now_v7().to_string()),
                    FieldType::Choice { set } => json!(self.first_code(set)),
                    FieldType::Choices { set } => json!([self.first_code(set)]),
                };
                body.insert(f.name.clone(), v);
            }
            if table.name == "ci_relation" {
                // A relation names two different inventory records (a system hosted in a datacenter).
                body.insert("source_table".into(), json!("it_system"));
                body.insert("source_id".into(), json!(self.parent("it_system").await));
                body.insert("relation_type".into(), json!("hosted_in"));
                body.insert("target_table".into(), json!("it_datacenter"));
                body.insert(
                    "target_id".into(),
                    json!(self.parent("it_datacenter").await),
                );
            }
            Value::Object(body)
        })
    }

    fn first_code(&self, set: &str) -> String {
        self.model.choice_set(set).expect("choice set").choices[0]
            .code
            .clone()
    }

    /// The id of a parent record of `table`, made on first use.
    fn parent<'a>(&'a self, table: &'a str) -> BoxFuture<'a, String> {
        Box::pin(async move {
            if let Some(id) = self.parents.lock().unwrap().get(table) {
                return id.clone();
            }
            let t = self.model.table(table).expect("lookup target");
            let rec = self.create_minimal(t, &format!("parent {table}")).await;
            let id = id_of(&rec).to_string();
            self.parents
                .lock()
                .unwrap()
                .insert(table.to_string(), id.clone());
            id
        })
    }

    /// Run SQL directly on the database, bypassing Steward (for tampering tests).
    pub async fn raw_sql(&self, statement: &str) -> u64 {
        use sqlx::Connection;
        match self.backend {
            Backend::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.db_url)
                    .await
                    .expect("connect to SQLite");
                let n = sqlx::raw_sql(statement)
                    .execute(&mut c)
                    .await
                    .unwrap_or_else(|e| panic!("{statement}: {e}"))
                    .rows_affected();
                c.close().await.expect("close");
                n
            }
            Backend::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.db_url)
                    .await
                    .expect("connect to PostgreSQL");
                let n = sqlx::raw_sql(statement)
                    .execute(&mut c)
                    .await
                    .unwrap_or_else(|e| panic!("{statement}: {e}"))
                    .rows_affected();
                c.close().await.expect("close");
                n
            }
        }
    }

    /// Run a `SELECT COUNT(*) ...` directly on the database.
    pub async fn raw_count(&self, statement: &str) -> i64 {
        use sqlx::{Connection, Row};
        match self.backend {
            Backend::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.db_url)
                    .await
                    .expect("connect");
                sqlx::query(statement)
                    .fetch_one(&mut c)
                    .await
                    .expect("count")
                    .get(0)
            }
            Backend::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.db_url)
                    .await
                    .expect("connect");
                sqlx::query(statement)
                    .fetch_one(&mut c)
                    .await
                    .expect("count")
                    .get(0)
            }
        }
    }

    /// Run the real binary: `steward --db URL audit verify`.
    pub async fn run_audit_verify(&self) -> std::process::Output {
        self.run_steward(&["audit", "verify"]).await
    }

    /// Run the real binary on this database: `steward --db URL ARGS...`.
    pub async fn run_steward(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec!["--db".to_string(), self.db_url.clone()];
        if let Some(dir) = &self.attachments_dir {
            all.extend(["--attachments-dir".to_string(), dir.display().to_string()]);
        }
        all.extend(args.iter().map(|a| a.to_string()));
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
                .args(&all)
                .env("STEWARD_LOG", "warn")
                .env_remove("STEWARD_DATABASE_URL")
                .env_remove("STEWARD_AUDIT_KEY_FILE")
                .output()
                .expect("run the steward binary")
        })
        .await
        .expect("join")
    }

    /// Check that the audit chain verifies through the service, then drop the test database.
    pub async fn finish(mut self) {
        let result = self
            .service
            .verify_audit(|_| {})
            .await
            .expect("verify_audit runs");
        let head = self.audit_seq().await;
        match result {
            Ok(n) => assert_eq!(n, head, "every entry up to the head verifies"),
            Err(b) => panic!("the audit chain is broken at the end of the test: {b}"),
        }
        self.cleanup().await;
    }

    /// For tests that tamper with the chain on purpose: the break the service finds (it must find
    /// one), then drop the test database.
    pub async fn finish_tampered(mut self) -> ChainBreak {
        let result = self
            .service
            .verify_audit(|_| {})
            .await
            .expect("verify_audit runs");
        self.cleanup().await;
        result.expect_err("a tampered chain must not verify")
    }

    /// For tests that rewrite the chain consistently (truncated with its head row, or recomputed
    /// after an edit): the chain alone must still verify, and the break the checkpoints reveal
    /// (they must reveal one) is returned; then the test database is dropped.
    pub async fn finish_rewritten(
        mut self,
        checkpoints: &[steward_domain::checkpoint::Checkpoint],
    ) -> ChainBreak {
        let alone = self
            .service
            .verify_audit(|_| {})
            .await
            .expect("verify_audit runs");
        let anchored = self
            .service
            .verify_audit_checkpoints(checkpoints, None, |_| {})
            .await
            .expect("verify_audit_checkpoints runs");
        self.cleanup().await;
        assert!(
            alone.is_ok(),
            "the rewrite should be self-consistent: {alone:?}"
        );
        match anchored {
            Err(steward_service::VerifyFailure::Chain(b)) => b,
            other => panic!("the checkpoints must reveal the rewrite: {other:?}"),
        }
    }

    async fn cleanup(&mut self) {
        self.server.abort();
        self.service.db().close().await;
        if let Some(dir) = self.attachments_dir.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
        match self.storage.take() {
            Some(Storage::SqliteDir(dir)) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Some(Storage::Postgres { admin_url, name }) => {
                pg_admin(
                    &admin_url,
                    &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                )
                .await
                .unwrap_or_else(|e| panic!("drop the test database {name}: {e}"));
            }
            None => {}
        }
    }
}

impl Storage {
    /// Remove the database from a `Drop` (no async there): a test that failed still cleans up.
    fn remove_blocking(self) {
        match self {
            Storage::SqliteDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Storage::Postgres { admin_url, name } => {
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("a runtime");
                    let _ = rt.block_on(pg_admin(
                        &admin_url,
                        &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                    ));
                })
                .join();
            }
        }
    }
}

impl Drop for TestApp {
    /// A test that failed before `finish` still removes its database.
    fn drop(&mut self) {
        self.server.abort();
        if let Some(storage) = self.storage.take() {
            storage.remove_blocking();
        }
    }
}

/// A record's `id`.
#[track_caller]
pub fn id_of(record: &Value) -> &str {
    record["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {record}"))
}

/// A string of the record's field (panics when absent or not a string).
#[track_caller]
pub fn str_of<'a>(record: &'a Value, field: &str) -> &'a str {
    record[field]
        .as_str()
        .unwrap_or_else(|| panic!("no text '{field}' in {record}"))
}

/// At most 200 characters of a body, for messages.
pub fn clip(s: &str) -> String {
    if s.len() > 200 {
        let mut end = 200;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}... ({} bytes)", &s[..end], s.len())
    } else {
        s.to_string()
    }
}

/// A fresh, empty database of the selected backend, for tests that run the real binary on it
/// (`steward --db URL ...`) rather than the in-process app; dropped with this value.
pub struct FreshDb {
    /// What `steward --db` takes.
    pub url: String,
    pub backend: Backend,
    storage: Option<Storage>,
}

impl FreshDb {
    /// A temporary SQLite directory, or a new database on the PostgreSQL server, as
    /// [`TestApp::spawn`] makes them; not migrated.
    pub async fn create() -> FreshDb {
        let backend = Backend::from_env();
        let (url, storage) = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("steward-test-{}", random_hex()));
                std::fs::create_dir_all(&dir).expect("create the temporary directory");
                let url = format!("sqlite://{}", dir.join("steward.db").display());
                (url, Storage::SqliteDir(dir))
            }
            Backend::Postgres => {
                let server = std::env::var("STEWARD_TEST_PG_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
                let (root, query) = pg_server(&server);
                let admin_url = format!("{root}/test{query}");
                let name = format!("steward_t_{}", random_hex());
                let mut tries = 0;
                // Concurrent CREATE DATABASE from one template can collide; try again briefly.
                while let Err(e) =
                    pg_admin(&admin_url, &format!("CREATE DATABASE \"{name}\"")).await
                {
                    tries += 1;
                    assert!(tries < 20, "cannot create the test database {name}: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                (
                    format!("{root}/{name}{query}"),
                    Storage::Postgres { admin_url, name },
                )
            }
        };
        FreshDb {
            url,
            backend,
            storage: Some(storage),
        }
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        if let Some(storage) = self.storage.take() {
            storage.remove_blocking();
        }
    }
}

/// Percent-encoding for a query value.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
