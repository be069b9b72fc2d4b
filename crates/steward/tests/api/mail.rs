//! Mail out, end to end, against a real SMTP server on loopback (PyPI `aiosmtpd`, started here by
//! `mail_sink.py`; `scripts/test` installs it and names its virtual environment in
//! `STEWARD_TEST_VENV`; plain `cargo test` skips these tests). The outbox is delivered by the
//! scheduler's own tick, as a server runs it.

use crate::testkit::{id_of, TestApp};
use crate::web::{pairs, Browser};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use steward_service::{Actor, SchedulerConfig};

const PASSWORD: &str = "a long enough password";

/// The SMTP server: every message it accepted, one JSON line each, in `file`.
pub(crate) struct Sink {
    child: Option<Child>,
    pub port: u16,
    file: PathBuf,
}

impl Sink {
    pub fn start() -> Sink {
        let port = crate::crash::free_port();
        let file =
            std::env::temp_dir().join(format!("steward-mail-{port}-{}.jsonl", std::process::id()));
        let _ = std::fs::remove_file(&file);
        let mut sink = Sink {
            child: None,
            port,
            file,
        };
        sink.resume();
        sink
    }

    /// (Re)start the server on the same port and file.
    pub fn resume(&mut self) {
        let venv = std::env::var("STEWARD_TEST_VENV").expect("STEWARD_TEST_VENV names the venv");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/mail_sink.py");
        let mut child = Command::new(format!("{venv}/bin/python"))
            .args([
                script,
                &self.port.to_string(),
                &self.file.display().to_string(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP server");
        let mut ready = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut ready,
        )
        .unwrap();
        assert_eq!(ready.trim(), "ready", "the SMTP server started");
        self.child = Some(child);
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn messages(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_file(&self.file);
    }
}

/// The scheduler as a server runs it, with retries a tenth of a second apart.
fn scheduler() -> SchedulerConfig {
    SchedulerConfig {
        retry_base: Duration::from_millis(100),
        ..Default::default()
    }
}

/// Run the scheduler's ticks until the outbox has nothing due, at most for a few seconds.
async fn deliver(app: &TestApp) {
    let config = scheduler();
    for _ in 0..50 {
        app.service.scheduler_tick(&config).await.expect("a tick");
        let pending = app
            .raw_count("SELECT COUNT(*) FROM job_queue WHERE job = 'mail' AND status <> 'done'")
            .await;
        if pending == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the outbox was not delivered");
}

fn to_of(m: &Value) -> String {
    m["rcpt_to"][0].as_str().unwrap_or_default().to_string()
}

fn subject(m: &Value) -> &str {
    m["headers"]["subject"].as_str().unwrap_or_default()
}

/// The mails to `who` since `from`, by subject.
fn subjects_to(all: &[Value], from: usize, who: &str) -> Vec<String> {
    all[from..]
        .iter()
        .filter(|m| to_of(m) == who)
        .map(|m| subject(m).to_string())
        .collect()
}

async fn person(app: &TestApp, name: &str, email: &str, extra: Value) -> Value {
    let mut body = json!({"name": name, "email": email});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    app.create("persons", body).await
}

/// A user with these roles and an address; their person's id.
async fn user(app: &TestApp, name: &str, person: &str, role: &str, email: &str) -> String {
    app.service
        .create_user(
            Actor::administrator(),
            name,
            person,
            &[role.to_string()],
            PASSWORD,
        )
        .await
        .expect("create the user");
    let found = app
        .get_q("/persons", &[("$filter", &format!("name eq '{person}'"))])
        .await
        .expect(200);
    let id = id_of(&found.rows()[0]).to_string();
    app.patch(&format!("/persons({id})"), &json!({"email": email}), None)
        .await
        .expect(200);
    id
}

#[tokio::test]
#[ignore = "needs aiosmtpd: run ./scripts/test"]
async fn a_requests_whole_life_is_mailed_to_the_right_people_with_links() {
    let sink = Sink::start();
    let app = TestApp::spawn_with_mail(&sink.url()).await;
    // Rita orders; Mark, her manager, approves; Alan works in the Desk team, which Tess leads.
    let mark = user(&app, "mark", "Mark Manager", "Approver", "mark@agency.test").await;
    let rita = user(
        &app,
        "rita",
        "Rita Requester",
        "Requester",
        "rita@agency.test",
    )
    .await;
    app.patch(
        &format!("/persons({rita})"),
        &json!({"manager_id": mark}),
        None,
    )
    .await
    .expect(200);
    let tess = person(&app, "Tess Lead", "tess@agency.test", json!({})).await;
    let desk = app
        .create(
            "organization_units",
            json!({"name": "Service Desk", "manager_id": id_of(&tess)}),
        )
        .await;
    let alan = person(
        &app,
        "Alan Agent",
        "alan@agency.test",
        json!({"organization_unit_id": id_of(&desk)}),
    )
    .await;
    let kind = app
        .create(
            "it_service_request_types",
            json!({"name": "Laptop", "is_orderable": true, "requires_approval": true,
                   "fulfillment_unit_id": id_of(&desk)}),
        )
        .await;

    // Rita orders from the catalog: she hears it was received; Mark is asked to decide.
    let (rita_browser, _) = Browser::sign_in(&app, "rita", PASSWORD).await;
    let form = rita_browser
        .get(&format!("/portal/order/{}", id_of(&kind)))
        .await;
    let placed = rita_browser
        .post(
            &format!("/portal/order/{}", id_of(&kind)),
            &pairs(&[
                ("_csrf", &form.hidden("_csrf")),
                ("business_justification", "Mine broke"),
            ]),
        )
        .await;
    assert_eq!(placed.status, 303, "{}", placed.html);
    let request_id = placed.location.rsplit('/').next().unwrap().to_string();
    let request = app
        .get(&format!("/it_service_requests({request_id})"))
        .await
        .expect(200)
        .body;
    let what = format!(
        "{} {}",
        request["number"].as_str().unwrap(),
        request["name"].as_str().unwrap()
    );
    let link = format!("{}/app/it_service_requests/{request_id}", app.origin);
    deliver(&app).await;
    let all = sink.messages();
    assert_eq!(
        subjects_to(&all, 0, "rita@agency.test"),
        [format!("Received: {what}")]
    );
    let received = all.iter().find(|m| to_of(m) == "rita@agency.test").unwrap();
    assert!(
        received["body"].as_str().unwrap().contains(&link),
        "{received}"
    );
    assert_eq!(
        received["headers"]["from"],
        json!("Steward <steward@agency.test>")
    );
    assert_eq!(
        received["headers"]["reply-to"],
        json!(format!("desk+{}@agency.test", request_id.replace('-', "")))
    );
    assert!(received["headers"]["message-id"]
        .as_str()
        .unwrap()
        .ends_with("@agency.test>"));
    let asked: Vec<&Value> = all
        .iter()
        .filter(|m| to_of(m) == "mark@agency.test")
        .collect();
    assert_eq!(asked.len(), 1, "{all:?}");
    assert_eq!(subject(asked[0]), format!("Approval needed: {what}"));
    let body = asked[0]["body"].as_str().unwrap();
    assert!(body.contains("The requester says: Mine broke"), "{body}");
    assert!(body.contains("Reject: "), "{body}");
    let approve = body
        .lines()
        .find_map(|l| l.strip_prefix("Approve: "))
        .expect("an approve link")
        .to_string();

    // Mark's link asks him to sign in, then lands on the decision; he approves there.
    let anonymous = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let first = anonymous.get(&approve).send().await.unwrap();
    assert_eq!(first.status(), 303, "sign in first");
    let to_login = first.headers()["location"].to_str().unwrap().to_string();
    assert!(to_login.starts_with("/login?next="), "{to_login}");
    let path = approve
        .strip_prefix(&app.origin)
        .expect("a link to this server");
    let (mark_browser, _) = Browser::sign_in(&app, "mark", PASSWORD).await;
    let page = mark_browser.get(path).await;
    assert_eq!(page.status, 200, "the decision page");
    let approval_id = path
        .trim_start_matches("/app/approvals/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let action = format!("/app/approvals/{approval_id}/decide");
    assert!(
        page.html.contains(&format!("action=\"{action}\"")),
        "the decision form"
    );
    let decided = mark_browser
        .post(
            &action,
            &pairs(&[
                ("_csrf", &page.hidden("_csrf")),
                ("_version", &page.hidden("_version")),
                ("decision", "approve"),
            ]),
        )
        .await;
    assert_eq!(decided.status, 303, "{}", decided.html);

    // Approved, taken by Alan, fulfilled: Rita follows each step; Alan is told it is his.
    let seen = sink.messages().len();
    let request = app
        .get(&format!("/it_service_requests({request_id})"))
        .await
        .expect(200)
        .body;
    app.act(
        "it_service_requests",
        &request,
        "start",
        json!({"assigned_to_id": id_of(&alan)}),
    )
    .await
    .expect(200);
    let request = app
        .get(&format!("/it_service_requests({request_id})"))
        .await
        .expect(200)
        .body;
    app.act("it_service_requests", &request, "fulfill", json!({}))
        .await
        .expect(200);
    deliver(&app).await;
    let all = sink.messages();
    assert_eq!(
        subjects_to(&all, seen, "rita@agency.test"),
        [
            format!("Approved: {what}"),
            format!("In Progress: {what}"),
            format!("Fulfilled: {what}"),
        ]
    );
    assert_eq!(
        subjects_to(&all, seen, "alan@agency.test"),
        [format!("Assigned to you: {what}")]
    );

    // An incident for the Desk team with nobody assigned: the team hears of it.
    let seen = all.len();
    let incident = app
        .create(
            "incidents",
            json!({"name": "Printer on fire", "reported_by_id": rita, "assigned_team_id": id_of(&desk)}),
        )
        .await;
    deliver(&app).await;
    let all = sink.messages();
    let inc = format!("{} Printer on fire", incident["number"].as_str().unwrap());
    assert_eq!(
        subjects_to(&all, seen, "alan@agency.test"),
        [format!("In your team's queue: {inc}")]
    );
    assert_eq!(
        subjects_to(&all, seen, "rita@agency.test"),
        [format!("Received: {inc}")]
    );
    assert!(
        subjects_to(&all, 0, "tess@agency.test").is_empty(),
        "the lead is told of breaches only"
    );

    // Rita turns request progress off on her preferences page: the next change tells her nothing.
    let prefs = rita_browser.get("/preferences").await;
    assert!(
        prefs.html.contains("value=\"request_progress\" checked"),
        "on by default"
    );
    let saved = rita_browser
        .post(
            "/preferences",
            &pairs(&[
                ("_csrf", &prefs.hidden("_csrf")),
                ("time_zone", "UTC"),
                ("theme", "system"),
                ("mail", "assignment"),
                ("mail", "sla_warning"),
            ]),
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.html);
    let prefs = rita_browser.get("/preferences").await;
    assert!(
        prefs.html.contains("value=\"request_progress\">"),
        "now off"
    );
    let seen = all.len();
    app.act("incidents", &incident, "start", json!({}))
        .await
        .expect(200);
    deliver(&app).await;
    assert!(
        subjects_to(&sink.messages(), seen, "rita@agency.test").is_empty(),
        "a kind turned off is not sent"
    );

    // The administrator sees the outbox on the jobs page; Rita may not.
    let (admin, _) = Browser::sign_in(&app, "admin", crate::testkit::ADMIN_PASSWORD).await;
    let page = admin.get("/app/jobs?job=mail&status=done").await;
    assert_eq!(page.status, 200);
    assert!(
        page.html
            .contains(&format!("To rita@agency.test: Received: {what}")),
        "{}",
        page.html
    );
    assert!(page
        .html
        .contains(&format!("/app/it_service_requests/{request_id}")));
    assert_eq!(rita_browser.get("/app/jobs").await.status, 403);
    app.finish().await;
}

#[tokio::test]
#[ignore = "needs aiosmtpd: run ./scripts/test"]
async fn mail_waits_out_an_smtp_outage_and_is_delivered_once() {
    let mut sink = Sink::start();
    let app = TestApp::spawn_with_mail(&sink.url()).await;
    let rita = person(&app, "Rita Requester", "rita@agency.test", json!({})).await;
    sink.stop();
    // Ten requests while the mail server is down: their mails wait in the outbox.
    for i in 0..10 {
        app.create(
            "it_service_requests",
            json!({"name": format!("Request {i}"), "requested_by_id": id_of(&rita)}),
        )
        .await;
    }
    let config = scheduler();
    for _ in 0..3 {
        app.service.scheduler_tick(&config).await.expect("a tick");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    // The first is tried again and again; the others wait behind it, in order (one reader's
    // mails arrive in the order they were sent).
    let waiting = app
        .raw_count("SELECT COUNT(*) FROM job_queue WHERE job = 'mail' AND status = 'pending'")
        .await;
    assert_eq!(waiting, 10, "every mail waits");
    let retried = app
        .raw_count(
            "SELECT COUNT(*) FROM job_queue WHERE job = 'mail' AND attempts > 1 AND last_error IS NOT NULL",
        )
        .await;
    assert_eq!(retried, 1, "the first mail was tried more than once");
    let (admin, _) = Browser::sign_in(&app, "admin", crate::testkit::ADMIN_PASSWORD).await;
    let page = admin.get("/app/jobs?job=mail&status=pending").await;
    assert!(page.html.contains("<td>retrying</td>"), "{}", page.html);
    assert!(
        page.html.contains("Connection refused"),
        "the last error is shown: {}",
        page.html
    );
    assert!(sink.messages().is_empty());
    // Back: each mail arrives once, and once delivered none is sent again.
    sink.resume();
    deliver(&app).await;
    for _ in 0..3 {
        app.service.scheduler_tick(&config).await.expect("a tick");
    }
    let all = sink.messages();
    assert_eq!(all.len(), 10, "{all:?}");
    let mut ids: Vec<&str> = all
        .iter()
        .map(|m| m["headers"]["message-id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 10, "no mail twice");
    for i in 0..10 {
        let name = format!(" Request {i}");
        let got = all.iter().filter(|m| subject(m).ends_with(&name)).count();
        assert_eq!(got, 1, "the mail of request {i}");
    }
    assert!(all.iter().all(|m| subject(m).starts_with("Received: ")));
    sink.stop();
    app.finish().await;
}

#[tokio::test]
#[ignore = "needs aiosmtpd: run ./scripts/test"]
async fn a_breached_service_level_is_mailed_to_the_assignee_and_escalated_to_the_team_lead() {
    let sink = Sink::start();
    // A critical incident's target is eight seconds here: at risk from six.
    let app = TestApp::spawn_with_mail_and_lifecycles(&sink.url(), |d| {
        d.replacen(
            "resolve_within_hours = 4\n",
            "resolve_within_hours = 0.0022223\n",
            1,
        )
    })
    .await;
    let tess = person(&app, "Tess Lead", "tess@agency.test", json!({})).await;
    let desk = app
        .create(
            "organization_units",
            json!({"name": "Service Desk", "manager_id": id_of(&tess)}),
        )
        .await;
    let alan = person(
        &app,
        "Alan Agent",
        "alan@agency.test",
        json!({"organization_unit_id": id_of(&desk)}),
    )
    .await;
    let incident = app
        .create(
            "incidents",
            json!({"name": "Core switch down", "impact": "very_high", "urgency": "very_high",
                   "assigned_team_id": id_of(&desk), "assigned_to_id": id_of(&alan)}),
        )
        .await;
    let what = format!("{} Core switch down", incident["number"].as_str().unwrap());
    let due = steward_domain::value::parse_datetime(incident["due_on"].as_str().unwrap()).unwrap();
    let mut config = scheduler();
    config
        .schedules
        .insert("sla".into(), "every 1s".parse().unwrap());
    // The scheduler runs as a server's would, every second, until the breach is mailed.
    let mut breached_at = None;
    for _ in 0..200 {
        app.service.scheduler_tick(&config).await.expect("a tick");
        let all = sink.messages();
        if all
            .iter()
            .filter(|m| subject(m).starts_with("Service level breached"))
            .count()
            == 2
        {
            breached_at = Some(time::OffsetDateTime::now_utc());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mailed = breached_at.expect("the breach was mailed");
    let lag = mailed - due;
    eprintln!(
        "the breach was mailed {:.1} s after its instant",
        lag.as_seconds_f64()
    );
    let all = sink.messages();
    assert_eq!(
        subjects_to(&all, 0, "alan@agency.test"),
        [
            format!("Assigned to you: {what}"),
            format!("Service level at risk: {what}"),
            format!("Service level breached: {what}"),
        ]
    );
    assert_eq!(
        subjects_to(&all, 0, "tess@agency.test"),
        [format!("Service level breached: {what}")],
        "the escalation to the team's lead"
    );
    let history = app
        .history("incidents", id_of(&incident).to_string().as_str())
        .await;
    assert!(
        history.iter().any(|e| e.to_string().contains("breached")),
        "the breach is in the record's history"
    );
    app.finish().await;
}

/// Send a message to Steward's mail-in listener as a mail server would (Python's smtplib, which
/// says QUIT when done); the SMTP answer.
async fn send_in(port: u16, message: lettre::Message) -> Result<(), String> {
    let envelope = message.envelope().clone();
    let from = envelope.from().map(|a| a.to_string()).unwrap_or_default();
    let to: Vec<String> = envelope.to().iter().map(|a| a.to_string()).collect();
    let raw = message.formatted();
    tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let script = "import smtplib, sys\n\
            s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]))\n\
            try:\n    s.sendmail(sys.argv[2], sys.argv[3:], sys.stdin.buffer.read())\n\
            finally:\n    s.quit()\n";
        let mut child = Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(port.to_string())
            .arg(from)
            .args(to)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3");
        child.stdin.take().unwrap().write_all(&raw).unwrap();
        let out = child.wait_with_output().unwrap();
        match out.status.success() {
            true => Ok(()),
            false => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
        }
    })
    .await
    .unwrap()
}

// Several threads: the listener's threads hand each message to the runtime and wait for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs aiosmtpd: run ./scripts/test"]
async fn mail_in_replies_become_notes_new_mail_opens_a_request_strangers_are_refused() {
    let sink = Sink::start();
    let app = TestApp::spawn_with_mail(&sink.url()).await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    steward_api::mail_in::listen(app.service.clone(), listener).expect("listen for mail");
    let rita = user(
        &app,
        "rita",
        "Rita Requester",
        "Requester",
        "rita@agency.test",
    )
    .await;
    let request = app
        .create(
            "it_service_requests",
            json!({"name": "A new badge", "requested_by_id": rita}),
        )
        .await;
    deliver(&app).await;
    let received = sink
        .messages()
        .into_iter()
        .find(|m| to_of(m) == "rita@agency.test")
        .expect("Rita's mail");
    let reply_to = received["headers"]["reply-to"]
        .as_str()
        .unwrap()
        .to_string();
    let message_id = received["headers"]["message-id"]
        .as_str()
        .unwrap()
        .to_string();
    let notes_of = |id: String| {
        let app = &app;
        async move {
            app.get_q("/notes", &[("$filter", &format!("regarding_id eq {id}"))])
                .await
                .expect(200)
                .rows()
                .to_vec()
        }
    };

    // A reply to the token address: a note by Rita, without the quoted text.
    let reply = lettre::Message::builder()
        .from("Rita Requester <rita@agency.test>".parse().unwrap())
        .to(reply_to.parse().unwrap())
        .subject(format!(
            "Re: {}",
            received["headers"]["subject"].as_str().unwrap()
        ))
        .body(format!(
            "Thanks, it is urgent.\n\nOn Fri, Dec 4, 2026 Steward wrote:\n> {}\n",
            received["body"].as_str().unwrap().lines().next().unwrap()
        ))
        .unwrap();
    send_in(port, reply).await.expect("the reply is taken");
    let notes = notes_of(id_of(&request).to_string()).await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0]["body"], json!("Thanks, it is urgent."));
    assert_eq!(notes[0]["author_id"], json!(rita));
    assert_eq!(
        notes[0]["created_by_id"],
        json!(rita),
        "made as Rita, not as Steward"
    );

    // A reply threaded by In-Reply-To only, to the plain desk address.
    let threaded = lettre::Message::builder()
        .from("rita@agency.test".parse().unwrap())
        .to("desk@agency.test".parse().unwrap())
        .in_reply_to(message_id)
        .subject("Re: your request")
        .body("Any news?".to_string())
        .unwrap();
    send_in(port, threaded).await.expect("taken");
    assert_eq!(notes_of(id_of(&request).to_string()).await.len(), 2);

    // A new mail to the desk opens a request for Rita, submitted.
    let before = app.count("it_service_requests", None).await;
    let new = lettre::Message::builder()
        .from("rita@agency.test".parse().unwrap())
        .to("desk@agency.test".parse().unwrap())
        .subject("My monitor flickers")
        .body("Since this morning.".to_string())
        .unwrap();
    send_in(port, new).await.expect("taken");
    assert_eq!(app.count("it_service_requests", None).await, before + 1);
    let opened = app
        .get_q(
            "/it_service_requests",
            &[("$filter", "name eq 'My monitor flickers'")],
        )
        .await
        .expect(200)
        .rows()[0]
        .clone();
    assert_eq!(opened["requested_by_id"], json!(rita));
    assert_eq!(opened["description"], json!("Since this morning."));
    assert_eq!(opened["request_status"], json!("submitted"));

    // A stranger is refused with a bounce, and nothing is written; so is another recipient.
    let head = app.audit_seq().await;
    let stranger = lettre::Message::builder()
        .from("mallory@elsewhere.test".parse().unwrap())
        .to("desk@agency.test".parse().unwrap())
        .subject("Open this")
        .body("Hello".to_string())
        .unwrap();
    let refused = send_in(port, stranger).await.expect_err("refused");
    assert!(refused.contains("550"), "{refused}");
    assert!(refused.contains("not a person Steward knows"), "{refused}");
    let elsewhere = lettre::Message::builder()
        .from("rita@agency.test".parse().unwrap())
        .to("someone@agency.test".parse().unwrap())
        .subject("Hi")
        .body("Hi".to_string())
        .unwrap();
    send_in(port, elsewhere)
        .await
        .expect_err("not the desk's mail");
    assert_eq!(app.audit_seq().await, head, "a refusal writes nothing");
    assert_eq!(app.count("it_service_requests", None).await, before + 1);
    app.finish().await;
}

#[tokio::test]
#[ignore = "needs aiosmtpd: run ./scripts/test"]
async fn an_overdue_approval_is_reminded_once_then_handed_to_the_reviewers_manager() {
    let sink = Sink::start();
    let app = TestApp::spawn_with_mail(&sink.url()).await;
    let mona = person(&app, "Mona Director", "mona@agency.test", json!({})).await;
    let mark = user(&app, "mark", "Mark Manager", "Approver", "mark@agency.test").await;
    app.patch(
        &format!("/persons({mark})"),
        &json!({"manager_id": id_of(&mona)}),
        None,
    )
    .await
    .expect(200);
    let rita = user(
        &app,
        "rita",
        "Rita Requester",
        "Requester",
        "rita@agency.test",
    )
    .await;
    app.patch(
        &format!("/persons({rita})"),
        &json!({"manager_id": mark}),
        None,
    )
    .await
    .expect(200);
    let kind = app
        .create(
            "it_service_request_types",
            json!({"name": "Laptop", "is_orderable": true, "requires_approval": true}),
        )
        .await;
    let (rita_browser, _) = Browser::sign_in(&app, "rita", PASSWORD).await;
    let form = rita_browser
        .get(&format!("/portal/order/{}", id_of(&kind)))
        .await;
    let placed = rita_browser
        .post(
            &format!("/portal/order/{}", id_of(&kind)),
            &pairs(&[
                ("_csrf", &form.hidden("_csrf")),
                ("business_justification", "Broken"),
            ]),
        )
        .await;
    assert_eq!(placed.status, 303, "{}", placed.html);
    let approval = app
        .get_q(
            "/approvals",
            &[("$filter", &format!("reviewer_id eq {mark}"))],
        )
        .await
        .expect(200)
        .rows()[0]
        .clone();
    deliver(&app).await;
    let due = |hours_ago: i64| {
        let at = time::OffsetDateTime::now_utc() - time::Duration::hours(hours_ago);
        format!(
            "UPDATE approval SET due_date = '{}' WHERE id = '{}'",
            steward_domain::value::format_datetime(at),
            id_of(&approval)
        )
    };
    // An hour past due: Mark is reminded, once however often the job runs.
    app.raw_sql(&due(1)).await;
    assert_eq!(app.service.run_job("approvals").await.unwrap().changed, 1);
    assert_eq!(
        app.service.run_job("approvals").await.unwrap().changed,
        0,
        "reminded once"
    );
    deliver(&app).await;
    let all = sink.messages();
    let reminders: Vec<&Value> = all
        .iter()
        .filter(|m| to_of(m) == "mark@agency.test" && subject(m).starts_with("Overdue"))
        .collect();
    assert_eq!(reminders.len(), 1, "{all:?}");
    assert!(reminders[0]["body"]
        .as_str()
        .unwrap()
        .contains(&format!("/app/approvals/{}", id_of(&approval))));
    // A day past due: the approval goes to Mark's manager, who is asked by mail, due again later.
    app.raw_sql(&due(25)).await;
    assert_eq!(app.service.run_job("approvals").await.unwrap().changed, 1);
    let moved = app
        .get(&format!("/approvals({})", id_of(&approval)))
        .await
        .expect(200)
        .body;
    assert_eq!(moved["reviewer_id"], json!(id_of(&mona)));
    assert_eq!(moved["approval_status"], json!("pending"));
    let due_now =
        steward_domain::value::parse_datetime(moved["due_date"].as_str().unwrap()).unwrap();
    assert!(due_now > time::OffsetDateTime::now_utc() + time::Duration::days(2));
    deliver(&app).await;
    let asked: Vec<String> = sink
        .messages()
        .iter()
        .filter(|m| to_of(m) == "mona@agency.test")
        .map(|m| subject(m).to_string())
        .collect();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(asked[0].starts_with("Approval needed: "), "{asked:?}");
    let history = app.history("approvals", id_of(&approval)).await;
    assert!(
        history.iter().any(|e| e.to_string().contains(id_of(&mona))),
        "the hand-over is in the approval's history"
    );
    app.finish().await;
}
