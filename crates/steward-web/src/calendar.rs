//! The change calendar: change requests by their planned window and change blackouts, a month
//! (`?month=2026-12`, the viewer's current month by default) or an ISO week (`?week=2026-12-07`,
//! Monday to Sunday) at a time, in the viewer's time zone. It reads through the same list use case
//! as the list page and the API, as the viewer, so only what the viewer may read is on it.

use crate::display::{id_text, label_of, text};
use crate::list::{default_columns, Condition, ListView};
use crate::pages::{error_page, html};
use crate::session::{query, Viewer};
use crate::zone::Zone;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use steward_api::{ApiError, AppState};
use steward_domain::calendar::WEEKDAYS;
use steward_domain::{Record, Value};
use steward_model::{Model, Table};
use steward_odata::parse_query;
use steward_service::{ListRequest, Row, Service};

/// The calendar's address.
pub const CALENDAR_PATH: &str = "/app/change_requests/calendar";
/// At most this many changes (and as many blackouts) in one month or week; beyond, a note says so.
pub const CALENDAR_CAP: u64 = 500;
/// The years a calendar may show (so that the previous and next periods always exist).
const YEARS: std::ops::RangeInclusive<i16> = 1900..=9998;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What the calendar shows: a month, or the seven days from a Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month { year: i16, month: i8 },
    Week { monday: Date },
}

fn month_name(d: Date) -> &'static str {
    MONTHS[(d.month() - 1) as usize]
}

fn add_days(d: Date, days: i64) -> Option<Date> {
    d.checked_add(Span::new().days(days)).ok()
}

/// The Monday of the ISO week holding `d`.
fn monday_of(d: Date) -> Date {
    add_days(d, -i64::from(d.weekday().to_monday_zero_offset())).unwrap_or(d)
}

/// `2026-12` as a month, `None` when it is not one of [`YEARS`].
fn parse_month(s: &str) -> Option<(i16, i8)> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 7 || b[4] != b'-' || !digits(0..4) || !digits(5..7) {
        return None;
    }
    let year: i16 = s[0..4].parse().ok()?;
    let month: i8 = s[5..7].parse().ok()?;
    (YEARS.contains(&year) && (1..=12).contains(&month)).then_some((year, month))
}

/// `2026-12-07` as a date, `None` when it is not a real date of [`YEARS`].
fn parse_day(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    let d: Date = s.parse().ok()?;
    YEARS.contains(&d.year()).then_some(d)
}

/// The period a query string asks for, or the message of the 400 naming the parameter at fault.
/// Without `month` or `week`: the month holding `today`. A `week` that is not a Monday means the
/// week holding that day.
pub fn period_of(params: &[(String, String)], today: Date) -> Result<Period, String> {
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim());
    match (get("month"), get("week")) {
        (Some(_), Some(_)) => Err(
            "Give either the 'month' parameter or the 'week' parameter, not both.".to_string(),
        ),
        (Some(m), None) => parse_month(m)
            .map(|(year, month)| Period::Month { year, month })
            .ok_or_else(|| {
                format!(
                    "The 'month' parameter '{m}' is not a month: write it as YYYY-MM, like 2026-12 (years {} to {}).",
                    YEARS.start(),
                    YEARS.end()
                )
            }),
        (None, Some(w)) => parse_day(w)
            .map(|d| Period::Week {
                monday: monday_of(d),
            })
            .ok_or_else(|| {
                format!(
                    "The 'week' parameter '{w}' is not a date: write the week's Monday as YYYY-MM-DD, like 2026-12-07 (years {} to {}).",
                    YEARS.start(),
                    YEARS.end()
                )
            }),
        (None, None) => Ok(Period::Month {
            year: today.year(),
            month: today.month(),
        }),
    }
}

impl Period {
    /// The first day shown and the day after the last.
    pub fn range(self) -> (Date, Date) {
        match self {
            Period::Month { year, month } => {
                let first = Date::new(year, month, 1).expect("a checked month");
                let next = add_days(first.last_of_month(), 1).expect("a month of YEARS");
                (first, next)
            }
            Period::Week { monday } => (monday, add_days(monday, 7).expect("a week of YEARS")),
        }
    }

    /// The rows of the grid, Monday first: `None` for the days of a month view outside its month.
    pub fn weeks(self) -> Vec<Vec<Option<Date>>> {
        let (first, end) = self.range();
        let mut day = monday_of(first);
        let mut weeks = Vec::new();
        while day < end {
            let mut row = Vec::with_capacity(7);
            for _ in 0..7 {
                row.push((day >= first && day < end).then_some(day));
                day = add_days(day, 1).expect("a day of YEARS");
            }
            weeks.push(row);
        }
        weeks
    }

    fn within(self) -> bool {
        let (first, end) = self.range();
        YEARS.contains(&first.year()) && YEARS.contains(&end.year())
    }

    /// The period before (`-1`) or after (`1`) this one, when it is one a calendar may show.
    pub fn step(self, by: i8) -> Option<Period> {
        let p = match self {
            Period::Month { year, month } => {
                let m = i32::from(year) * 12 + i32::from(month) - 1 + i32::from(by);
                Period::Month {
                    year: i16::try_from(m.div_euclid(12)).ok()?,
                    month: (m.rem_euclid(12) + 1) as i8,
                }
            }
            Period::Week { monday } => Period::Week {
                monday: add_days(monday, 7 * i64::from(by))?,
            },
        };
        (YEARS.contains(&p.first_year()) && p.within()).then_some(p)
    }

    fn first_year(self) -> i16 {
        match self {
            Period::Month { year, .. } => year,
            Period::Week { monday } => monday.year(),
        }
    }

    /// The calendar's address for this period.
    pub fn href(self) -> String {
        match self {
            Period::Month { year, month } => {
                format!(
                    "{CALENDAR_PATH}?{}",
                    query(&[("month", &format!("{year:04}-{month:02}"))])
                )
            }
            Period::Week { monday } => {
                format!(
                    "{CALENDAR_PATH}?{}",
                    query(&[("week", &monday.to_string())])
                )
            }
        }
    }

    /// `December 2026`, or `Week 50: 7–13 December 2026`.
    pub fn heading(self) -> String {
        match self {
            Period::Month { year, month } => format!("{} {year}", MONTHS[(month - 1) as usize]),
            Period::Week { monday } => {
                let sunday = add_days(monday, 6).unwrap_or(monday);
                let week = monday.iso_week_date().week();
                let span = if monday.year() != sunday.year() {
                    format!(
                        "{} {} {} – {} {} {}",
                        monday.day(),
                        month_name(monday),
                        monday.year(),
                        sunday.day(),
                        month_name(sunday),
                        sunday.year()
                    )
                } else if monday.month() != sunday.month() {
                    format!(
                        "{} {} – {} {} {}",
                        monday.day(),
                        month_name(monday),
                        sunday.day(),
                        month_name(sunday),
                        sunday.year()
                    )
                } else {
                    format!(
                        "{}–{} {} {}",
                        monday.day(),
                        sunday.day(),
                        month_name(sunday),
                        sunday.year()
                    )
                };
                format!("Week {week}: {span}")
            }
        }
    }
}

/// The viewer's zone as jiff's (UTC for a name it does not know, as [`Zone::named`] does).
fn tz_of(zone: &Zone) -> TimeZone {
    jiff::tz::db().get(&zone.name).unwrap_or(TimeZone::UTC)
}

/// The first instant of a day in the zone (midnight, or the first instant after a gap).
fn start_of(day: Date, tz: &TimeZone) -> Timestamp {
    day.to_zoned(tz.clone())
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// An instant as the API's literal.
fn literal(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn instant(r: &Record, field: &str) -> Option<Timestamp> {
    match r.get(field) {
        Some(Value::DateTime(t)) => Timestamp::from_nanosecond(t.unix_timestamp_nanos()).ok(),
        _ => None,
    }
}

/// One change request on one day.
pub struct Entry {
    pub href: String,
    pub number: String,
    pub name: String,
    pub state: String,
    pub state_code: String,
    /// Its type and system, as shown (`Normal · Ledger`).
    pub about: String,
    /// Its window on this day: `10:00–14:00`, `from 10:00`, `until 14:00` or `all day`.
    pub when: String,
}

/// One blackout on one day.
pub struct BlackoutMark {
    pub name: String,
    /// `Ledger`, or `every system`.
    pub scope: String,
}

/// One cell of the grid.
pub struct DayCell {
    /// `2026-12-07` (empty outside the month shown).
    pub date: String,
    /// The day as shown: `7`, or `7 December` on the first of a month and in a week.
    pub label: String,
    /// Read by screen readers after the label: the month and year.
    pub hidden: String,
    pub outside: bool,
    pub today: bool,
    pub blackouts: Vec<BlackoutMark>,
    pub changes: Vec<Entry>,
}

/// A link to the change requests list filtered on the changes without a planned window.
pub struct Unplanned {
    pub count: i64,
    pub text: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "calendar.html")]
pub struct CalendarPage {
    pub chrome: crate::session::Chrome,
    pub heading: String,
    pub week_view: bool,
    pub zone: String,
    pub weekdays: Vec<&'static str>,
    pub weeks: Vec<Vec<DayCell>>,
    pub prev_href: String,
    pub next_href: String,
    pub today_href: String,
    pub month_href: String,
    pub week_href: String,
    pub unit: &'static str,
    pub list_href: String,
    pub new_href: String,
    pub shown: usize,
    pub cap: u64,
    pub capped: bool,
    pub blackouts_capped: bool,
    pub blackouts_note: String,
    pub unplanned: Vec<Unplanned>,
    pub unplanned_total: i64,
}

/// The `$select` of `fields` the viewer may read, and the `$expand` of its system lookup.
fn read_options(model: &Model, table: &Table, fields: &[&str]) -> Vec<(String, String)> {
    let select: Vec<&str> = fields
        .iter()
        .copied()
        .filter(|f| table.public_field(f).is_some())
        .collect();
    let mut params = vec![("$select".to_string(), select.join(","))];
    let lookup = table.public_field("it_system_id").and_then(|f| {
        let target = model.table(f.ty.lookup_table()?)?;
        let shown: Vec<&str> = ["number", "name"]
            .into_iter()
            .filter(|n| target.field(n).is_some())
            .collect();
        Some(format!(
            "{}($select={})",
            f.navigation_name()?,
            shown.join(",")
        ))
    });
    if let Some(e) = lookup {
        params.push(("$expand".into(), e));
    }
    params
}

/// The name of a row's system: `None` when it names none, "(not visible)" when the viewer may
/// not read it.
fn system_of(row: &Row) -> Option<String> {
    row.record
        .get("it_system_id")
        .and_then(Value::as_uuid)
        .map(
            |_| match row.expanded.get("it_system").and_then(|r| r.as_ref()) {
                Some(s) => text(s, "name"),
                None => "(not visible)".to_string(),
            },
        )
}

/// Rows of `table` whose window (`from`, `to`) overlaps [start, end), by `from`, at most
/// [`CALENDAR_CAP`]; and whether there were more.
async fn overlapping(
    service: &Service,
    viewer: &Viewer,
    table: &Table,
    fields: &[&str],
    (from, to): (&str, &str),
    (start, end): (Timestamp, Timestamp),
    extra: Option<&str>,
) -> Result<(Vec<Row>, bool), ApiError> {
    let model = service.model_for(&viewer.actor);
    let mut filter = format!("{from} lt {} and {to} gt {}", literal(end), literal(start));
    if let Some(x) = extra {
        filter = format!("{filter} and {x}");
    }
    let mut params = read_options(model, table, fields);
    params.push(("$filter".into(), filter));
    params.push(("$orderby".into(), format!("{from},id")));
    let q = parse_query(model, table, &params)?;
    let page = service
        .list(
            &viewer.actor,
            table,
            &ListRequest {
                query: q,
                max_page_size: Some(CALENDAR_CAP),
                count_at_most: None,
            },
        )
        .await?;
    let more = page.next.is_some();
    Ok((page.rows, more))
}

/// How many changes the viewer may read that match a list view's conditions, and that view's
/// address.
async fn unplanned(
    service: &Service,
    viewer: &Viewer,
    table: &Table,
    conditions: Vec<Condition>,
    text: &str,
) -> Option<Unplanned> {
    let view = ListView {
        columns: default_columns(table),
        sort: None,
        page: 0,
        conditions,
    };
    let filter = view.filter(table, &viewer.zone).ok()??;
    let parsed = parse_query(
        service.model_for(&viewer.actor),
        table,
        &[("$filter".to_string(), filter)],
    )
    .ok()?
    .filter;
    let count = service
        .count(&viewer.actor, table, parsed.as_ref(), Some(100_000))
        .await
        .ok()?;
    (count > 0).then(|| Unplanned {
        count,
        text: text.to_string(),
        href: view.href(&table.set, |_| {}),
    })
}

fn hh_mm(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone()).strftime("%H:%M").to_string()
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    let service = &state.service;
    let model = service.model();
    let tz = tz_of(&viewer.zone);
    let today = Timestamp::now().to_zoned(tz.clone()).date();
    let period = match period_of(&params, today) {
        Ok(p) => p,
        Err(message) => {
            return error_page(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
                message,
            ))
        }
    };
    let changes = match service.table_for(&viewer.actor, "change_requests") {
        Ok(t) => t,
        Err(e) => return error_page(e.into()),
    };
    let (first, end) = period.range();
    let span = (start_of(first, &tz), start_of(end, &tz));
    let (rows, capped) = match overlapping(
        service,
        &viewer,
        &changes,
        &[
            "id",
            "number",
            "name",
            "change_status",
            "change_type",
            "it_system_id",
            "planned_start",
            "planned_end",
        ],
        ("planned_start", "planned_end"),
        span,
        None,
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return error_page(e),
    };

    // Blackouts in force (active ones, as scheduling counts them); a viewer who may not read them
    // still sees the changes.
    let (blackouts, blackouts_capped, blackouts_note) =
        match service.table_for(&viewer.actor, "change_blackouts") {
            Ok(t) => {
                let active = t.public_field("state").map(|_| "state eq 'active'");
                match overlapping(
                    service,
                    &viewer,
                    &t,
                    &["id", "name", "starts_on", "ends_on", "it_system_id"],
                    ("starts_on", "ends_on"),
                    span,
                    active,
                )
                .await
                {
                    Ok((rows, more)) => (rows, more, String::new()),
                    Err(e) => (
                        Vec::new(),
                        false,
                        format!("Change blackouts are not shown: {}", e.message),
                    ),
                }
            }
            Err(e) => (
                Vec::new(),
                false,
                format!(
                    "Change blackouts are not shown: {}",
                    ApiError::from(e).message
                ),
            ),
        };

    let status_set = changes
        .public_field("change_status")
        .and_then(|f| f.ty.choice_set())
        .unwrap_or("change_status");
    let type_set = changes
        .public_field("change_type")
        .and_then(|f| f.ty.choice_set())
        .unwrap_or("change_type");
    let lifecycle = service.lifecycle(&changes.name);
    let weeks = period
        .weeks()
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|day| {
                    let Some(day) = day else {
                        return DayCell {
                            date: String::new(),
                            label: String::new(),
                            hidden: String::new(),
                            outside: true,
                            today: false,
                            blackouts: Vec::new(),
                            changes: Vec::new(),
                        };
                    };
                    let from = start_of(day, &tz);
                    let to = start_of(add_days(day, 1).unwrap_or(day), &tz);
                    let covers = |s: Timestamp, e: Timestamp| s < to && e > from;
                    let day_changes = rows
                        .iter()
                        .filter_map(|row| {
                            let r = &row.record;
                            let (s, e) = (instant(r, "planned_start")?, instant(r, "planned_end")?);
                            if !covers(s, e) {
                                return None;
                            }
                            let when = match (s >= from, e < to) {
                                (true, true) => {
                                    format!("{}–{}", hh_mm(s, &tz), hh_mm(e, &tz))
                                }
                                (true, false) => format!("from {}", hh_mm(s, &tz)),
                                (false, true) => format!("until {}", hh_mm(e, &tz)),
                                (false, false) => "all day".to_string(),
                            };
                            let code = match lifecycle {
                                Some(l) => l.state_of(r).to_string(),
                                None => text(r, "change_status"),
                            };
                            let kind = text(r, "change_type");
                            let about: Vec<String> = [
                                (!kind.is_empty()).then(|| label_of(model, type_set, &kind)),
                                system_of(row),
                            ]
                            .into_iter()
                            .flatten()
                            .collect();
                            Some(Entry {
                                href: format!("/app/{}/{}", changes.set, id_text(r)),
                                number: text(r, "number"),
                                name: text(r, "name"),
                                state: if code.is_empty() {
                                    String::new()
                                } else {
                                    label_of(model, status_set, &code)
                                },
                                state_code: code,
                                about: about.join(" · "),
                                when,
                            })
                        })
                        .collect();
                    let day_blackouts = blackouts
                        .iter()
                        .filter(|b| {
                            match (
                                instant(&b.record, "starts_on"),
                                instant(&b.record, "ends_on"),
                            ) {
                                (Some(s), Some(e)) => covers(s, e),
                                _ => false,
                            }
                        })
                        .map(|b| BlackoutMark {
                            name: text(&b.record, "name"),
                            scope: system_of(b).unwrap_or_else(|| "every system".to_string()),
                        })
                        .collect();
                    let week_view = matches!(period, Period::Week { .. });
                    DayCell {
                        date: day.to_string(),
                        label: if week_view || day.day() == 1 {
                            format!("{} {}", day.day(), month_name(day))
                        } else {
                            day.day().to_string()
                        },
                        hidden: if week_view || day.day() == 1 {
                            format!(" {}", day.year())
                        } else {
                            format!(" {} {}", month_name(day), day.year())
                        },
                        outside: false,
                        today: day == today,
                        blackouts: day_blackouts,
                        changes: day_changes,
                    }
                })
                .collect()
        })
        .collect();

    let mut unplanned_parts = Vec::new();
    let cond = |field: &str, op: &str| Condition {
        field: field.into(),
        op: op.into(),
        value: String::new(),
    };
    if let Some(u) = unplanned(
        service,
        &viewer,
        &changes,
        vec![cond("planned_start", "null")],
        "without a planned start",
    )
    .await
    {
        unplanned_parts.push(u);
    }
    if let Some(u) = unplanned(
        service,
        &viewer,
        &changes,
        vec![
            cond("planned_start", "notnull"),
            cond("planned_end", "null"),
        ],
        "with a start but no planned end",
    )
    .await
    {
        unplanned_parts.push(u);
    }

    let this_week = |d: Date| Period::Week {
        monday: monday_of(d),
    };
    let (week_view, unit, today_period, month_href, week_href) = match period {
        Period::Month { year, month } => {
            let first = Date::new(year, month, 1).expect("a checked month");
            // The week view of a month: this week when it is this month, else its first week.
            let week = if today.year() == year && today.month() == month {
                this_week(today)
            } else {
                this_week(first)
            };
            (
                false,
                "month",
                Period::Month {
                    year: today.year(),
                    month: today.month(),
                },
                period.href(),
                week.href(),
            )
        }
        Period::Week { monday } => (
            true,
            "week",
            this_week(today),
            Period::Month {
                year: monday.year(),
                month: monday.month(),
            }
            .href(),
            period.href(),
        ),
    };
    let shown = rows.len();
    html(CalendarPage {
        chrome: viewer.chrome(&state, "Change calendar", "change_calendar"),
        heading: period.heading(),
        week_view,
        zone: viewer.zone.name.clone(),
        weekdays: WEEKDAYS.to_vec(),
        weeks,
        prev_href: period.step(-1).map(Period::href).unwrap_or_default(),
        next_href: period.step(1).map(Period::href).unwrap_or_default(),
        today_href: today_period.href(),
        month_href,
        week_href,
        unit,
        list_href: format!("/app/{}", changes.set),
        new_href: format!("/app/{}/new", changes.set),
        shown,
        cap: CALENDAR_CAP,
        capped,
        blackouts_capped,
        blackouts_note,
        unplanned_total: unplanned_parts.iter().map(|u| u.count).sum(),
        unplanned: unplanned_parts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn the_period_comes_from_month_or_week() {
        let today = date("2026-11-23");
        assert_eq!(
            period_of(&[], today),
            Ok(Period::Month {
                year: 2026,
                month: 11
            })
        );
        assert_eq!(
            period_of(&params(&[("month", "2026-12")]), today),
            Ok(Period::Month {
                year: 2026,
                month: 12
            })
        );
        // A day that is not a Monday means the week that holds it.
        assert_eq!(
            period_of(&params(&[("week", "2026-12-10")]), today),
            Ok(Period::Week {
                monday: date("2026-12-07")
            })
        );
        for bad in [
            "2026-13",
            "2026-1",
            "26-12",
            "2026-12-01",
            "abcd-ef",
            "0999-01",
            "",
        ] {
            let e = period_of(&params(&[("month", bad)]), today).unwrap_err();
            assert!(e.contains("'month'"), "{bad}: {e}");
        }
        for bad in ["2026-02-30", "2026-12", "2026-12-7", "+2026-12-07", "next"] {
            let e = period_of(&params(&[("week", bad)]), today).unwrap_err();
            assert!(e.contains("'week'"), "{bad}: {e}");
        }
        assert!(period_of(
            &params(&[("month", "2026-12"), ("week", "2026-12-07")]),
            today
        )
        .is_err());
    }

    #[test]
    fn a_month_is_whole_weeks_from_monday_with_its_days_only() {
        let dec = Period::Month {
            year: 2026,
            month: 12,
        };
        assert_eq!(dec.range(), (date("2026-12-01"), date("2027-01-01")));
        let weeks = dec.weeks();
        assert_eq!(weeks.len(), 5);
        // 1 December 2026 is a Tuesday.
        assert_eq!(weeks[0][0], None);
        assert_eq!(weeks[0][1], Some(date("2026-12-01")));
        assert_eq!(weeks[4][3], Some(date("2026-12-31")));
        assert_eq!(weeks[4][4], None);
        assert_eq!(dec.heading(), "December 2026");
        assert_eq!(
            dec.step(1),
            Some(Period::Month {
                year: 2027,
                month: 1
            })
        );
        assert_eq!(
            dec.step(-1).map(Period::href).as_deref(),
            Some("/app/change_requests/calendar?month=2026-11")
        );
        assert_eq!(
            Period::Month {
                year: 9998,
                month: 12
            }
            .step(1),
            None
        );
    }

    #[test]
    fn a_week_is_monday_to_sunday() {
        let w = Period::Week {
            monday: date("2026-12-28"),
        };
        assert_eq!(w.range(), (date("2026-12-28"), date("2027-01-04")));
        assert_eq!(w.weeks().len(), 1);
        assert!(w.weeks()[0].iter().all(Option::is_some));
        assert_eq!(w.heading(), "Week 53: 28 December 2026 – 3 January 2027");
        assert_eq!(
            w.step(1).map(Period::href).as_deref(),
            Some("/app/change_requests/calendar?week=2027-01-04")
        );
        assert_eq!(
            Period::Week {
                monday: date("2026-12-07")
            }
            .heading(),
            "Week 50: 7–13 December 2026"
        );
    }

    #[test]
    fn days_begin_at_midnight_in_the_zone() {
        let tz = jiff::tz::db().get("Europe/Paris").unwrap();
        assert_eq!(
            literal(start_of(date("2026-07-01"), &tz)),
            "2026-06-30T22:00:00Z"
        );
        assert_eq!(
            literal(start_of(date("2026-12-01"), &tz)),
            "2026-11-30T23:00:00Z"
        );
    }
}
