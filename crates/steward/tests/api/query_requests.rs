//! `$filter`, `$orderby`, paging, `$expand` and `$count` in depth, on `it_service_requests`.
//! Every expectation is computed from the seeded rows by a Rust predicate or comparator, so a case
//! states its meaning once.

use crate::testkit::{id_of, str_of, TestApp};
use serde_json::{json, Value};
use std::cmp::Ordering;
use std::collections::BTreeSet;

const SET: &str = "/it_service_requests";

/// One seeded service request.
#[derive(Debug, Clone)]
struct Req {
    name: &'static str,
    priority: Option<&'static str>,
    rating: Option<i64>,
    cost: Option<f64>,
    request_date: Option<&'static str>,
    required_date: Option<&'static str>,
    description: Option<&'static str>,
    /// Index into [`PEOPLE`].
    by: Option<usize>,
}

const PEOPLE: [(&str, &str); 2] = [("Ada", "Lovelace"), ("Grace", "Hopper")];

#[rustfmt::skip]
fn seed() -> Vec<Req> {
    let r = |name, priority, rating, cost, request_date, required_date, description, by| Req {
        name, priority, rating, cost, request_date, required_date, description, by,
    };
    vec![
        r("Laptop for Ada", Some("high"), Some(5), Some(1200.5), Some("2024-01-15T09:00:00.000000Z"), Some("2024-02-01"), Some("New laptop"), Some(0)),
        r("laptop dock", Some("medium"), Some(4), Some(150.0), Some("2024-02-10T12:30:00.000000Z"), Some("2024-03-01"), None, Some(1)),
        r("Monitor 27in", Some("low"), Some(3), Some(300.0), Some("2024-03-05T08:00:00.000000Z"), None, Some("Dual screens"), Some(0)),
        r("VPN access", Some("critical"), None, None, Some("2024-03-20T17:45:00.000000Z"), Some("2024-03-21"), Some("Remote work"), None),
        r("Phone replacement", Some("high"), Some(2), Some(899.99), Some("2024-04-01T00:00:00.000000Z"), Some("2024-04-15"), None, Some(1)),
        r("Software: IDE licence", None, Some(1), Some(49.99), None, None, Some("IDE"), Some(0)),
        r("Keyboard 100% mech", Some("planning"), Some(5), Some(120.0), Some("2024-05-05T10:00:00.000000Z"), Some("2024-06-01"), Some("Mechanical"), None),
        r("Headset_USB", Some("medium"), None, Some(75.0), Some("2024-05-20T14:00:00.000000Z"), None, None, Some(1)),
        r("Desk lamp", Some("low"), Some(4), Some(35.5), Some("2024-06-01T09:15:00.000000Z"), Some("2024-06-30"), Some("Lamp"), None),
        r("Access to O'Brien share", Some("critical"), Some(3), Some(0.0), Some("2024-06-15T11:00:00.000000Z"), Some("2024-06-16"), Some("Shared drive"), Some(0)),
        r("Zoom room", None, None, None, None, None, None, None),
        r("ADA workstation", Some("medium"), Some(5), Some(2500.0), Some("2024-07-01T00:00:00.000000Z"), Some("2024-07-31"), Some("Accessible screen"), Some(1)),
    ]
}

impl Req {
    fn by_name(&self) -> Option<String> {
        self.by.map(|i| format!("{} {}", PEOPLE[i].0, PEOPLE[i].1))
    }
    /// The value a sort key compares, as JSON.
    fn key(&self, field: &str) -> Value {
        match field {
            "name" => json!(self.name),
            "priority" => json!(self.priority),
            "satisfaction_rating" => json!(self.rating),
            "total_estimated_cost" => json!(self.cost),
            "request_date" => json!(self.request_date),
            "required_date" => json!(self.required_date),
            "requested_by/name" => json!(self.by_name()),
            other => panic!("no sort key {other}"),
        }
    }
}

/// Ascending order of two values of one field: nulls first, numbers by value, text by bytes.
fn cmp_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .unwrap()
            .partial_cmp(&y.as_f64().unwrap())
            .unwrap(),
        (Value::String(x), Value::String(y)) => x.as_bytes().cmp(y.as_bytes()),
        _ => panic!("incomparable {a} {b}"),
    }
}

struct Data {
    app: TestApp,
    rows: Vec<Req>,
    people: Vec<String>,
}

async fn seeded() -> Data {
    let app = TestApp::spawn().await;
    let mut people = Vec::new();
    for (first, last) in PEOPLE {
        let email = format!("{}@example.gov", first.to_lowercase());
        let p = app
            .create(
                "persons",
                json!({"first_name": first, "last_name": last, "email": email}),
            )
            .await;
        people.push(id_of(&p).to_string());
    }
    let rows = seed();
    for r in &rows {
        let mut body = json!({
            "name": r.name,
            "priority": r.priority,
            "description": r.description,
        });
        let opt = |v: Option<Value>| v.unwrap_or(Value::Null);
        if r.rating.is_some() {
            body["satisfaction_rating"] = json!(r.rating);
        }
        if r.cost.is_some() {
            body["total_estimated_cost"] = json!(r.cost);
        }
        if let Some(d) = r.request_date {
            body["request_date"] = json!(d);
        }
        if let Some(d) = r.required_date {
            body["required_date"] = json!(d);
        }
        body["requested_by_id"] = opt(r.by.map(|i| json!(people[i])));
        app.create("it_service_requests", body).await;
    }
    Data { app, rows, people }
}

impl Data {
    /// `$filter` returns exactly the seeded rows `want` keeps.
    async fn check(&self, filter: &str, want: impl Fn(&Req) -> bool) {
        let r = self
            .app
            .get_q(SET, &[("$filter", filter), ("$top", "1000")])
            .await;
        assert_eq!(r.status, 200, "$filter={filter}: {}", r.text);
        let got: BTreeSet<&str> = r.rows().iter().map(|x| str_of(x, "name")).collect();
        let expected: BTreeSet<&str> = self
            .rows
            .iter()
            .filter(|x| want(x))
            .map(|x| x.name)
            .collect();
        assert_eq!(got, expected, "$filter={filter}");
        assert_eq!(
            got.len(),
            r.rows().len(),
            "$filter={filter}: a row came twice"
        );
        // The count agrees with the rows.
        let n = self.app.count("it_service_requests", Some(filter)).await;
        assert_eq!(n as usize, expected.len(), "/$count?$filter={filter}");
    }

    /// `$orderby` returns the seeded rows in the order the keys give.
    async fn check_order(&self, orderby: &str) {
        let keys: Vec<(&str, bool)> = orderby
            .split(',')
            .map(|k| match k.trim().split_once(' ') {
                Some((f, dir)) => (f, dir == "desc"),
                None => (k.trim(), false),
            })
            .collect();
        let mut want = self.rows.clone();
        want.sort_by(|a, b| {
            keys.iter()
                .map(|(f, desc)| {
                    let o = cmp_values(&a.key(f), &b.key(f));
                    if *desc {
                        o.reverse()
                    } else {
                        o
                    }
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        });
        let r = self.app.get_q(SET, &[("$orderby", orderby)]).await;
        assert_eq!(r.status, 200, "$orderby={orderby}: {}", r.text);
        let got: Vec<&str> = r.rows().iter().map(|x| str_of(x, "name")).collect();
        let want_names: Vec<&str> = want.iter().map(|x| x.name).collect();
        if keys.last().is_some_and(|(f, _)| *f == "name") {
            assert_eq!(got, want_names, "$orderby={orderby}");
        } else {
            // The tie-breaker is the id: compare the key values only.
            let key_of = |n: &str| -> Vec<Value> {
                let row = self.rows.iter().find(|x| x.name == n).unwrap();
                keys.iter().map(|(f, _)| row.key(f)).collect()
            };
            let got_keys: Vec<_> = got.iter().map(|n| key_of(n)).collect();
            let want_keys: Vec<_> = want_names.iter().map(|n| key_of(n)).collect();
            assert_eq!(got_keys, want_keys, "$orderby={orderby}");
        }
    }

    /// Follow `@odata.nextLink` to the end; every page's rows, and the count of the first page.
    async fn pages(
        &self,
        query: &[(&str, &str)],
        page_size: Option<u64>,
    ) -> (Vec<Vec<Value>>, Option<i64>) {
        let prefer = page_size.map(|n| format!("odata.maxpagesize={n}"));
        let headers: Vec<(&str, &str)> = prefer.iter().map(|p| ("Prefer", p.as_str())).collect();
        let first = self.app.get_with(SET, query, &headers).await.expect(200);
        let count = first.body["@odata.count"].as_i64();
        let mut pages = vec![first.rows().clone()];
        let mut next = first.next_link().map(str::to_string);
        while let Some(link) = next {
            assert!(pages.len() < 50, "paging does not end");
            let r = self.app.get_with(&link, &[], &headers).await.expect(200);
            pages.push(r.rows().clone());
            next = r.next_link().map(str::to_string);
        }
        (pages, count)
    }
}

#[tokio::test]
async fn filter_comparisons() {
    let d = seeded().await;
    let p = |r: &Req, v: &str| r.priority == Some(v);
    d.check("priority eq 'high'", |r| p(r, "high")).await;
    // OData: `ne` is true when the field is null.
    d.check("priority ne 'high'", |r| !p(r, "high")).await;
    d.check("satisfaction_rating eq 5", |r| r.rating == Some(5))
        .await;
    d.check("satisfaction_rating ne 5", |r| r.rating != Some(5))
        .await;
    d.check("satisfaction_rating gt 3", |r| {
        r.rating.is_some_and(|x| x > 3)
    })
    .await;
    d.check("satisfaction_rating ge 3", |r| {
        r.rating.is_some_and(|x| x >= 3)
    })
    .await;
    d.check("satisfaction_rating lt 3", |r| {
        r.rating.is_some_and(|x| x < 3)
    })
    .await;
    d.check("satisfaction_rating le 3", |r| {
        r.rating.is_some_and(|x| x <= 3)
    })
    .await;
    // A literal on the left flips the operator.
    d.check("3 lt satisfaction_rating", |r| {
        r.rating.is_some_and(|x| x > 3)
    })
    .await;
    d.check("total_estimated_cost gt 100.5", |r| {
        r.cost.is_some_and(|x| x > 100.5)
    })
    .await;
    d.check("total_estimated_cost le 120", |r| {
        r.cost.is_some_and(|x| x <= 120.0)
    })
    .await;
    d.check("total_estimated_cost eq 0", |r| r.cost == Some(0.0))
        .await;
    d.check("request_date ge 2024-03-01T00:00:00Z", |r| {
        r.request_date
            .is_some_and(|x| x >= "2024-03-01T00:00:00.000000Z")
    })
    .await;
    d.check("request_date lt 2024-05-05T10:00:00Z", |r| {
        r.request_date
            .is_some_and(|x| x < "2024-05-05T10:00:00.000000Z")
    })
    .await;
    // An offset instant is the same UTC instant.
    d.check("request_date eq 2024-01-15T11:00:00+02:00", |r| {
        r.request_date == Some("2024-01-15T09:00:00.000000Z")
    })
    .await;
    d.check("required_date le 2024-03-21", |r| {
        r.required_date.is_some_and(|x| x <= "2024-03-21")
    })
    .await;
    // Text compares by code point on both backends.
    d.check("name gt 'M'", |r| r.name > "M").await;
    d.check("name eq 'Zoom room'", |r| r.name == "Zoom room")
        .await;
    d.finish().await;
}

#[tokio::test]
async fn filter_logic_and_parentheses() {
    let d = seeded().await;
    let p = |r: &Req, v: &str| r.priority == Some(v);
    let rating = |r: &Req| r.rating.unwrap_or(i64::MIN);
    d.check("priority eq 'high' and satisfaction_rating ge 3", |r| {
        p(r, "high") && rating(r) >= 3
    })
    .await;
    d.check("priority eq 'critical' or satisfaction_rating eq 1", |r| {
        p(r, "critical") || r.rating == Some(1)
    })
    .await;
    d.check(
        "(priority eq 'low' or priority eq 'medium') and satisfaction_rating ge 4",
        |r| (p(r, "low") || p(r, "medium")) && rating(r) >= 4,
    )
    .await;
    d.check(
        "priority eq 'low' or (priority eq 'medium' and satisfaction_rating ge 4)",
        |r| p(r, "low") || (p(r, "medium") && rating(r) >= 4),
    )
    .await;
    // `and` binds tighter than `or`.
    d.check(
        "priority eq 'low' or priority eq 'medium' and satisfaction_rating ge 4",
        |r| p(r, "low") || (p(r, "medium") && rating(r) >= 4),
    )
    .await;
    // `not` of a comparison holds where the comparison does not, nulls included (as `ne` does).
    d.check("not (priority eq 'high')", |r| !p(r, "high")).await;
    d.check("not (satisfaction_rating gt 3)", |r| {
        r.rating.is_none_or(|x| x <= 3)
    })
    .await;
    d.check("not (priority eq 'high' or priority eq 'low')", |r| {
        !(p(r, "high") || p(r, "low"))
    })
    .await;
    d.check("not contains(name,'laptop')", |r| {
        !r.name.to_lowercase().contains("laptop")
    })
    .await;
    d.check("((((priority eq 'critical'))))", |r| p(r, "critical"))
        .await;
    d.finish().await;
}

#[tokio::test]
async fn filter_in_strings_and_nulls() {
    let d = seeded().await;
    let p = |r: &Req, v: &str| r.priority == Some(v);
    d.check("priority in ('high','critical')", |r| {
        p(r, "high") || p(r, "critical")
    })
    .await;
    d.check("satisfaction_rating in (1, 5)", |r| {
        matches!(r.rating, Some(1 | 5))
    })
    .await;
    // contains/startswith/endswith ignore ASCII case on both backends.
    let lower = |r: &Req| r.name.to_lowercase();
    d.check("contains(name,'laptop')", |r| lower(r).contains("laptop"))
        .await;
    d.check("startswith(name,'LAPTOP')", |r| {
        lower(r).starts_with("laptop")
    })
    .await;
    d.check("endswith(name,'SHARE')", |r| lower(r).ends_with("share"))
        .await;
    d.check("contains(name,'ada')", |r| lower(r).contains("ada"))
        .await;
    // LIKE wildcards in the text match literally.
    d.check("contains(name,'100%')", |r| r.name.contains("100%"))
        .await;
    d.check("contains(name,'_')", |r| r.name.contains('_'))
        .await;
    d.check("contains(name,'%')", |r| r.name.contains('%'))
        .await;
    // '' escapes a quote.
    d.check("contains(name,'O''Brien')", |r| r.name.contains("O'Brien"))
        .await;
    d.check("name eq 'Access to O''Brien share'", |r| {
        r.name.contains("O'Brien")
    })
    .await;
    d.check("contains(description,'screen')", |r| {
        r.description
            .is_some_and(|x| x.to_lowercase().contains("screen"))
    })
    .await;
    d.check("satisfaction_rating eq null", |r| r.rating.is_none())
        .await;
    d.check("satisfaction_rating ne null", |r| r.rating.is_some())
        .await;
    d.check("description eq null", |r| r.description.is_none())
        .await;
    d.check("priority ne null and total_estimated_cost eq null", |r| {
        r.priority.is_some() && r.cost.is_none()
    })
    .await;
    // Lookups: by id (a bare UUID), by null, and through the navigation path.
    let ada = d.people[0].clone();
    d.check(&format!("requested_by_id eq {ada}"), |r| r.by == Some(0))
        .await;
    d.check("requested_by_id eq null", |r| r.by.is_none()).await;
    d.check("requested_by/name eq 'Ada Lovelace'", |r| r.by == Some(0))
        .await;
    d.check(
        "requested_by/last_name eq 'Hopper' and priority eq 'high'",
        |r| r.by == Some(1) && p(r, "high"),
    )
    .await;
    d.check("startswith(requested_by/email,'grace')", |r| {
        r.by == Some(1)
    })
    .await;
    d.finish().await;
}

#[tokio::test]
async fn orderby_several_keys_both_directions() {
    let d = seeded().await;
    for orderby in [
        "name",
        "name desc",
        "satisfaction_rating,name desc",
        "satisfaction_rating desc,name",
        "priority,request_date desc,name",
        "total_estimated_cost desc,name desc",
        "required_date,satisfaction_rating desc,name",
        "requested_by/name,name",
        "requested_by/name desc,name desc",
        "satisfaction_rating",
        "request_date desc",
    ] {
        d.check_order(orderby).await;
    }
    d.finish().await;
}

#[tokio::test]
async fn filter_select_orderby_top_skip_combined() {
    let d = seeded().await;
    let r = d
        .app
        .get_q(
            SET,
            &[
                (
                    "$filter",
                    "satisfaction_rating ge 3 and priority ne 'planning'",
                ),
                ("$select", "name,satisfaction_rating"),
                ("$orderby", "satisfaction_rating desc,name"),
                ("$skip", "1"),
                ("$top", "3"),
                ("$count", "true"),
            ],
        )
        .await
        .expect(200);
    let mut want: Vec<&Req> = d
        .rows
        .iter()
        .filter(|r| r.rating.is_some_and(|x| x >= 3) && r.priority != Some("planning"))
        .collect();
    want.sort_by(|a, b| b.rating.cmp(&a.rating).then(a.name.cmp(b.name)));
    assert_eq!(r.body["@odata.count"], want.len(), "{}", r.text);
    let got: Vec<(&str, &Value)> = r
        .rows()
        .iter()
        .map(|x| (str_of(x, "name"), &x["satisfaction_rating"]))
        .collect();
    let expected: Vec<(&str, Value)> = want[1..4]
        .iter()
        .map(|x| (x.name, json!(x.rating)))
        .collect();
    assert_eq!(got.len(), 3);
    for ((gn, gr), (wn, wr)) in got.iter().zip(&expected) {
        assert_eq!((gn, *gr), (wn, wr));
    }
    for row in r.rows() {
        assert!(row.get("priority").is_none(), "not selected: {row}");
        assert_eq!(row.as_object().unwrap().len(), 3, "{row}");
    }
    assert!(r.next_link().is_none(), "$top satisfied: no next page");
    d.finish().await;
}

#[tokio::test]
async fn paging_follows_next_links_to_the_end() {
    let d = seeded().await;
    let all = d.rows.len();
    // Server-driven paging with Prefer, ordered by name, with the count.
    for size in [1, 2, 5, 12, 100] {
        let (pages, count) = d
            .pages(&[("$orderby", "name"), ("$count", "true")], Some(size))
            .await;
        assert_eq!(count, Some(all as i64));
        let names: Vec<&str> = pages.iter().flatten().map(|x| str_of(x, "name")).collect();
        let mut want: Vec<&str> = d.rows.iter().map(|x| x.name).collect();
        want.sort();
        assert_eq!(names, want, "page size {size}: no row repeated or skipped");
        assert_eq!(
            pages.len(),
            all.div_ceil(size as usize).max(1),
            "pages of {size}"
        );
        assert!(pages.iter().all(|p| p.len() <= size as usize));
    }
    // Default order (the id), with a filter: every matching id once.
    let (pages, count) = d
        .pages(
            &[("$filter", "priority ne null"), ("$count", "true")],
            Some(2),
        )
        .await;
    let ids: Vec<&str> = pages.iter().flatten().map(id_of).collect();
    let distinct: BTreeSet<&str> = ids.iter().copied().collect();
    let want = d.rows.iter().filter(|r| r.priority.is_some()).count();
    assert_eq!((ids.len(), distinct.len()), (want, want), "{ids:?}");
    assert_eq!(count, Some(want as i64));
    // $top smaller than everything, paged by 3: exactly the first $top rows.
    let (pages, _) = d
        .pages(
            &[("$orderby", "satisfaction_rating desc,name"), ("$top", "7")],
            Some(3),
        )
        .await;
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 1]);
    let mut want = d.rows.clone();
    want.sort_by(|a, b| {
        cmp_values(&b.key("satisfaction_rating"), &a.key("satisfaction_rating"))
            .then(a.name.cmp(b.name))
    });
    let names: Vec<&str> = pages.iter().flatten().map(|x| str_of(x, "name")).collect();
    let want: Vec<&str> = want.iter().take(7).map(|x| x.name).collect();
    assert_eq!(names, want);
    // A small $top alone pages too: $top=4 with $skip=10 leaves two rows and no next link.
    let r = d
        .app
        .get_q(SET, &[("$orderby", "name"), ("$skip", "10"), ("$top", "4")])
        .await
        .expect(200);
    assert_eq!(r.rows().len(), all - 10);
    assert!(r.next_link().is_none());
    d.finish().await;
}

#[tokio::test]
async fn expand_with_nested_select_and_count() {
    let d = seeded().await;
    let r = d
        .app
        .get_q(
            SET,
            &[
                ("$filter", "startswith(name,'laptop')"),
                ("$orderby", "name"),
                ("$select", "name"),
                ("$expand", "requested_by($select=name,email),created_by"),
            ],
        )
        .await
        .expect(200);
    let rows = r.rows();
    assert_eq!(rows.len(), 2, "{}", r.text);
    assert_eq!(rows[0]["name"], "Laptop for Ada");
    let by = &rows[0]["requested_by"];
    assert_eq!(by["name"], "Ada Lovelace");
    assert_eq!(by["email"], "ada@example.gov");
    assert!(by.get("first_name").is_none(), "nested $select: {by}");
    assert_eq!(rows[1]["requested_by"]["name"], "Grace Hopper");
    for row in rows {
        assert_eq!(row["created_by"]["id"], crate::testkit::ADMIN_ID);
        assert_eq!(row["created_by"]["first_name"], "Steward");
        assert!(row.get("priority").is_none(), "$select applies: {row}");
    }
    // An empty lookup expands to null.
    let r = d
        .app
        .get_q(
            SET,
            &[
                ("$filter", "name eq 'Zoom room'"),
                ("$expand", "requested_by"),
            ],
        )
        .await
        .expect(200);
    assert_eq!(r.rows()[0]["requested_by"], Value::Null, "{}", r.text);
    // $count with a filter, in the body and at /$count.
    let r = d
        .app
        .get_q(
            SET,
            &[
                ("$filter", "priority eq 'medium'"),
                ("$count", "true"),
                ("$top", "1"),
            ],
        )
        .await
        .expect(200);
    assert_eq!(r.body["@odata.count"], 3);
    assert_eq!(r.rows().len(), 1);
    let r = d
        .app
        .get_q(
            &format!("{SET}/$count"),
            &[("$filter", "priority eq 'medium'")],
        )
        .await
        .expect(200);
    assert_eq!(r.text.trim(), "3");
    assert_eq!(
        d.app.count("it_service_requests", None).await,
        d.rows.len() as i64
    );
    d.finish().await;
}

impl Data {
    async fn finish(self) {
        self.app.finish().await;
    }
}
