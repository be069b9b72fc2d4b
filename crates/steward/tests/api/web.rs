//! The web UI over real HTTP, with JavaScript out of the picture: a plain HTTP client signs in with
//! the form, follows links, and posts forms as a browser without scripts would.

use crate::testkit::{id_of, TestApp, ADMIN_PASSWORD};
use serde_json::{json, Value};

/// A browser without JavaScript: keeps the session cookies, does not follow redirects.
pub struct Browser {
    client: reqwest::Client,
    origin: String,
    cookies: String,
    /// The signed-in user's person id, when the test made them (`process_rules::web_user`).
    pub person: String,
}

pub struct Page {
    pub status: u16,
    pub location: String,
    pub html: String,
}

/// The sign-in page as a browser gets it: its CSRF cookie (`name=value`) and the form's `_csrf`.
pub async fn login_form(client: &reqwest::Client, origin: &str) -> (String, String) {
    let page = client.get(format!("{origin}/login")).send().await.unwrap();
    let cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .find(|c| c.starts_with("steward_login_csrf="))
        .expect("the sign-in page sets its CSRF cookie");
    let html = page.text().await.unwrap();
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("the form carries _csrf") + marker.len();
    let csrf = html[start..start + 64].to_string();
    (cookie, csrf)
}

impl Browser {
    pub async fn sign_in(app: &TestApp, user: &str, password: &str) -> (Browser, Page) {
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let mut b = Browser {
            client,
            origin: app.origin.clone(),
            cookies: String::new(),
            person: String::new(),
        };
        let (login_cookie, csrf) = login_form(&b.client, &b.origin).await;
        let resp = b
            .client
            .post(format!("{}/login", b.origin))
            .header("cookie", login_cookie)
            .form(&[
                ("user_name", user),
                ("password", password),
                ("next", "/app/it_systems"),
                ("_csrf", &csrf),
            ])
            .send()
            .await
            .unwrap();
        let cookies: Vec<String> = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
            .collect();
        b.cookies = cookies.join("; ");
        let page = Page::of(resp).await;
        (b, page)
    }

    pub async fn get(&self, path: &str) -> Page {
        let resp = self
            .client
            .get(format!("{}{path}", self.origin))
            .header("cookie", &self.cookies)
            .send()
            .await
            .unwrap();
        let p = Page::of(resp).await;
        assert!(p.status < 500, "GET {path}: {}", p.status);
        p
    }

    pub async fn post(&self, path: &str, form: &[(String, String)]) -> Page {
        let resp = self
            .client
            .post(format!("{}{path}", self.origin))
            .header("cookie", &self.cookies)
            .form(form)
            .send()
            .await
            .unwrap();
        let p = Page::of(resp).await;
        assert!(p.status < 500, "POST {path}: {} {}", p.status, p.html);
        p
    }
}

impl Page {
    async fn of(resp: reqwest::Response) -> Page {
        let status = resp.status().as_u16();
        let location = resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        Page {
            status,
            location,
            html: resp.text().await.unwrap(),
        }
    }

    /// The value of a hidden input.
    pub fn hidden(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self
            .html
            .find(&marker)
            .unwrap_or_else(|| panic!("no {name} in the page"))
            + marker.len();
        self.html[start..].split('"').next().unwrap().to_string()
    }
}

pub fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[tokio::test]
async fn every_entity_set_has_a_list_and_a_record_page_with_every_field() {
    let app = TestApp::spawn().await;
    let (browser, signed_in) = Browser::sign_in(&app, "admin", ADMIN_PASSWORD).await;
    assert_eq!(
        (signed_in.status, signed_in.location.as_str()),
        (303, "/app/it_systems")
    );
    let home = browser.get("/").await;
    assert_eq!(home.status, 200);
    for table in &app.model.tables {
        assert!(
            home.html.contains(&format!("href=\"/app/{}\"", table.set)),
            "the navigation links to {}",
            table.set
        );
    }
    for table in &app.model.tables {
        let record = app
            .create_minimal(table, &format!("Walked {}", table.name))
            .await;
        let id = id_of(&record);
        let list = browser.get(&format!("/app/{}", table.set)).await;
        assert_eq!(list.status, 200, "list of {}", table.set);
        assert!(
            list.html.contains(&format!("/app/{}/{id}", table.set)),
            "the list of {} links to its record",
            table.set
        );
        let page = browser.get(&format!("/app/{}/{id}", table.set)).await;
        assert_eq!(page.status, 200, "record page of {}", table.set);
        for f in table.public_fields().filter(|f| f.name != "row_version") {
            assert!(
                page.html.contains(&format!("data-field=\"{}\"", f.name)),
                "{}.{} is on the record page",
                table.name,
                f.name
            );
            let label = f
                .label
                .replace('&', "&#38;")
                .replace('\'', "&#39;")
                .replace('"', "&#34;");
            assert!(
                page.html.contains(&format!("<dt>{label}</dt>")),
                "{}.{} has its label '{}'",
                table.name,
                f.name,
                f.label
            );
        }
        let form = browser.get(&format!("/app/{}/new", table.set)).await;
        assert_eq!(form.status, 200, "new form of {}", table.set);
    }
    app.finish().await;
}

#[tokio::test]
async fn sign_in_list_view_create_and_edit_work_without_javascript() {
    let app = TestApp::spawn().await;
    let (_, wrong) = Browser::sign_in(&app, "admin", "not the password").await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.html.contains("not right"), "{}", wrong.html);
    let anonymous = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = anonymous
        .get(format!("{}/app/it_systems", app.origin))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        303,
        "signed-out visitors are sent to the sign-in page"
    );
    assert_eq!(r.headers()["location"], "/login?next=%2Fapp%2Fit_systems");

    let (browser, _) = Browser::sign_in(&app, "admin", ADMIN_PASSWORD).await;
    let form = browser.get("/app/it_systems/new").await;
    let csrf = form.hidden("_csrf");
    let table = app.model.table("it_system").unwrap();
    let minimal = app.minimal_body(table, "Payroll").await;
    let mut fields: Vec<(String, String)> = minimal
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().map_or_else(|| v.to_string(), str::to_string),
            )
        })
        .collect();
    fields.push(("_csrf".into(), csrf.clone()));

    // Without the session's CSRF token the form is refused and nothing is written.
    let without: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k != "_csrf")
        .cloned()
        .collect();
    assert_eq!(
        browser.post("/app/it_systems/new", &without).await.status,
        403
    );
    assert_eq!(app.count("it_systems", Some("name eq 'Payroll'")).await, 0);

    // A validation error comes back next to its field, with what was typed kept.
    let mut too_long = fields.clone();
    for (k, v) in too_long.iter_mut() {
        if k == "name" {
            *v = "x".repeat(300);
        }
    }
    let refused = browser.post("/app/it_systems/new", &too_long).await;
    assert!(matches!(refused.status, 400 | 422), "{}", refused.status);
    assert!(
        refused.html.contains("id=\"e-name\""),
        "the error sits by the name field: {}",
        refused.html
    );

    let created = browser.post("/app/it_systems/new", &fields).await;
    assert_eq!(created.status, 303, "{}", created.html);
    let record_path = created.location.clone();
    let view = browser.get(&record_path).await;
    assert!(view.html.contains("Payroll"));
    assert!(view.html.contains("<h2 id=\"timeline-h\">Timeline</h2>"));

    // Lists filter with the filter builder.
    let filtered = browser
        .get("/app/it_systems?f=name&o=contains&v=Payr")
        .await;
    assert!(filtered.html.contains(&record_path));
    let nothing = browser
        .get("/app/it_systems?f=name&o=eq&v=Nothing+like+it")
        .await;
    assert!(!nothing.html.contains(&record_path));
    let bad = browser
        .get("/app/it_systems?f=created_on&o=gt&v=not-a-date")
        .await;
    assert_eq!(bad.status, 200);
    assert!(
        bad.html.contains("class=\"error\""),
        "a wrong filter value is explained"
    );

    // Edit, then a stale edit shows the conflict with the other person's change.
    let edit = browser.get(&format!("{record_path}/edit")).await;
    let version = edit.hidden("_version");
    let mut renamed = pairs(&[
        ("_csrf", &csrf),
        ("_version", &version),
        ("name", "Payroll 2"),
    ]);
    for (k, v) in &fields {
        if k != "name" && k != "_csrf" {
            renamed.push((k.clone(), v.clone()));
        }
    }
    let saved = browser.post(&format!("{record_path}/edit"), &renamed).await;
    assert_eq!(
        (saved.status, saved.location.as_str()),
        (303, record_path.as_str()),
        "{}",
        saved.html.split("<main").nth(1).unwrap_or("")
    );
    let id = record_path.rsplit('/').next().unwrap();
    let record = app.get(&format!("/it_systems({id})")).await.expect(200);
    assert_eq!(record.body["name"], json!("Payroll 2"));

    let mut stale = renamed.clone();
    for (k, v) in stale.iter_mut() {
        if k == "name" {
            *v = "Payroll from an old tab".into();
        }
    }
    let conflict = browser.post(&format!("{record_path}/edit"), &stale).await;
    assert_eq!(conflict.status, 409);
    assert!(
        conflict.html.contains("changed while you were editing"),
        "{}",
        conflict.html
    );
    assert!(
        conflict.html.contains("Payroll 2"),
        "the other change is shown"
    );
    assert!(
        conflict.html.contains("Payroll from an old tab"),
        "what was typed is kept"
    );
    let unchanged: Value = app
        .get(&format!("/it_systems({id})"))
        .await
        .expect(200)
        .body;
    assert_eq!(unchanged["name"], json!("Payroll 2"));

    // Sign out ends the session.
    let out = browser.post("/logout", &pairs(&[("_csrf", &csrf)])).await;
    assert_eq!(out.status, 303);
    assert_eq!(browser.get("/app/it_systems").await.status, 303);
    app.finish().await;
}

/// The change calendar as HTTP gives it, on both backends: a change of two days is on each of them
/// and not the day after, an active blackout shades its day, the week view holds the same change,
/// a requester's calendar is empty (read as the viewer), and a wrong parameter is a 400 naming it.
#[tokio::test]
async fn the_change_calendar_places_changes_on_their_days_as_the_viewer_reads_them() {
    let app = TestApp::spawn().await;
    let change = app
        .create(
            "change_requests",
            json!({"name": "Move the archive", "change_type": "normal",
                   "planned_start": "2031-03-11T22:00:00Z", "planned_end": "2031-03-12T03:00:00Z"}),
        )
        .await;
    let number = change["number"].as_str().unwrap().to_string();
    app.create(
        "change_blackouts",
        json!({"name": "Audit week freeze", "starts_on": "2031-03-20T00:00:00Z", "ends_on": "2031-03-21T00:00:00Z"}),
    )
    .await;
    let (admin, _) = Browser::sign_in(&app, "admin", ADMIN_PASSWORD).await;
    let month = admin
        .get("/app/change_requests/calendar?month=2031-03")
        .await;
    assert_eq!(month.status, 200, "{}", month.html);
    let day = |html: &str, date: &str| -> String {
        let start = html
            .find(&format!("data-date=\"{date}\""))
            .unwrap_or_else(|| panic!("{date} is on the calendar"));
        let end = html[start..].find("</td>").unwrap() + start;
        html[start..end].to_string()
    };
    let entry = format!("data-change=\"{number}\"");
    assert!(day(&month.html, "2031-03-11").contains(&entry));
    assert!(day(&month.html, "2031-03-11").contains("from 22:00"));
    assert!(day(&month.html, "2031-03-12").contains("until 03:00"));
    assert!(
        !day(&month.html, "2031-03-13").contains(&entry),
        "not the day after"
    );
    assert!(
        !month.html.contains("data-date=\"2031-04-01\""),
        "the month's days only"
    );
    assert!(day(&month.html, "2031-03-20").contains("Audit week freeze"));
    assert!(day(&month.html, "2031-03-20").contains("day blackout"));
    assert!(
        !day(&month.html, "2031-03-21").contains("Audit week freeze"),
        "the end is excluded"
    );

    let week = admin
        .get("/app/change_requests/calendar?week=2031-03-12")
        .await;
    assert_eq!(week.status, 200);
    assert!(
        week.html.contains("data-date=\"2031-03-10\""),
        "the week from its Monday"
    );
    assert!(week.html.contains("data-date=\"2031-03-16\""));
    assert!(!week.html.contains("data-date=\"2031-03-17\""));
    assert!(day(&week.html, "2031-03-12").contains(&entry));

    for (query, param) in [
        ("month=2031-3", "month"),
        ("week=2031-02-29", "week"),
        ("month=2031-03&week=2031-03-10", "week"),
    ] {
        let bad = admin
            .get(&format!("/app/change_requests/calendar?{query}"))
            .await;
        assert_eq!(bad.status, 400, "{query}");
        assert!(
            bad.html.contains(&format!("&#39;{param}&#39; parameter")),
            "{query}: {}",
            bad.html
        );
    }

    let unit = app
        .create("organization_units", json!({"name": "Readers"}))
        .await;
    let requester = crate::process_rules::web_user(&app, "Requester", 1, id_of(&unit)).await;
    let theirs = requester
        .get("/app/change_requests/calendar?month=2031-03")
        .await;
    assert!(
        !theirs.html.contains(&number),
        "a requester reads no change: {}",
        theirs.status
    );
}

/// A team's queue: its open work per table, what nobody holds first and oldest first, then what
/// its people hold; done work and other teams' work are not in it; the viewer's own unit by
/// default, another team by choice, a wrong team a 400 (both backends).
#[tokio::test]
async fn a_team_queue_shows_its_open_work_unassigned_first() {
    let app = TestApp::spawn().await;
    let desk = app
        .create("organization_units", json!({"name": "Front Desk"}))
        .await;
    let other = app
        .create("organization_units", json!({"name": "Back Office"}))
        .await;
    let agent = crate::process_rules::web_user(&app, "Service Desk Agent", 1, id_of(&desk)).await;
    let person = json!(agent.person);
    let incident = |name: &str, team: &Value, to: Option<&Value>| {
        let mut body = json!({"name": name, "assigned_team_id": team["id"]});
        if let Some(p) = to {
            body["assigned_to_id"] = p.clone();
        }
        let app = &app;
        async move { app.create("incidents", body).await }
    };
    let oldest = incident("Oldest waiting", &desk, None).await;
    let newer = incident("Newer waiting", &desk, None).await;
    let held = incident("Held by the agent", &desk, Some(&person)).await;
    let done = incident("Already resolved", &desk, None).await;
    app.post(
        &format!("{}/Steward.resolve", TestApp::path_of("incidents", &done)),
        &json!({"resolution_code": "solved_permanently", "resolution_notes": "Fixed."}),
    )
    .await
    .expect(200);
    let elsewhere = incident("Back office work", &other, None).await;
    let number = |r: &Value| r["number"].as_str().unwrap().to_string();

    let page = agent.get("/app/queues").await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(
        page.html.contains("Queue of Front Desk"),
        "the agent's own unit by default"
    );
    let section = {
        let start = page
            .html
            .find("id=\"queue-incidents\"")
            .expect("an incident queue");
        let end = page.html[start..].find("</section>").unwrap() + start;
        &page.html[start..end]
    };
    let at = |r: &Value| section.find(&number(r));
    let (o, n, h) = (at(&oldest), at(&newer), at(&held));
    assert!(o.is_some() && n.is_some() && h.is_some(), "{section}");
    assert!(o < n, "oldest first among the unassigned");
    assert!(n < h, "the unassigned before the assigned");
    let assigned_part = section.find("data-part=\"assigned\"").unwrap();
    assert!(h.unwrap() > assigned_part && n.unwrap() < assigned_part);
    assert!(at(&done).is_none(), "resolved work is done");
    assert!(at(&elsewhere).is_none(), "another team's work is theirs");
    assert!(
        page.html.contains("id=\"queue-it_service_requests\""),
        "requests have a queue too"
    );

    let theirs = agent
        .get(&format!(
            "/app/queues?team={}",
            other["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(theirs.status, 200);
    assert!(theirs.html.contains("Queue of Back Office"));
    assert!(theirs.html.contains(&number(&elsewhere)));
    assert!(!theirs.html.contains(&number(&oldest)));

    let bad = agent.get("/app/queues?team=desk").await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.html.contains("&#39;team&#39; parameter"),
        "{}",
        bad.html
    );
}
