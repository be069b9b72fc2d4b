//! Service levels as data: business calendars (weekly hours in a zone, holidays) and SLA
//! definitions (per table and condition, a resolution target on a calendar, the states that pause
//! the clock, the share of the target at which a record is at risk). [`Sla::measure`] computes a
//! record's `due_on` and `sla_state` from the instants at which it entered each state: pure code on
//! `steward_domain::calendar`, so that Steward writes these fields and nobody types them in.

use crate::Lifecycle;
use serde::Deserialize;
use std::collections::BTreeMap;
use steward_domain::calendar::{BusinessCalendar, Pause};
use steward_domain::{Record, Value};
use steward_model::Model;

/// A named business calendar.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub name: String,
    /// The IANA zone its hours are read in.
    pub zone: String,
    /// How its hours read in the docs (`24x7`, or per weekday).
    pub description: String,
    pub hours: BusinessCalendar,
}

/// A service level: the records of `table` matching `when` are resolved within `target_seconds`
/// of business time on `calendar`, measured from their creation.
#[derive(Debug, Clone)]
pub struct Sla {
    pub table: String,
    pub name: String,
    /// Field → codes: the record matches when each field holds one of its codes.
    pub when: BTreeMap<String, Vec<String>>,
    pub calendar: String,
    /// The target in seconds; or, with `target_from`, the default when that field is empty.
    pub target_seconds: i64,
    /// A whole number of hours read from the record (`it_service_request_type_id.target_hours`):
    /// the target when it holds one.
    pub target_from: Option<crate::Path>,
    /// At this share of the target (percent) the record is at risk.
    pub at_risk_percent: i64,
    /// States in which the clock stops (the lifecycle's done states stop it too).
    pub paused_in: Vec<String>,
}

/// What a record's service level says at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// When the target is (or was) reached; while paused, as if the record resumed now.
    pub due: i64,
    /// A code of SLA State: `within_target`, `at_risk`, `breached`, `paused`, `met`.
    pub state: &'static str,
}

impl Sla {
    pub fn matches(&self, record: &Record) -> bool {
        self.when.iter().all(|(field, codes)| {
            record
                .get(field)
                .and_then(Value::as_text)
                .is_some_and(|v| codes.iter().any(|c| c == v))
        })
    }

    /// The measure at `now` of a record created at `created` whose status entered each state of
    /// `entered` (instant, state; in order, the first its initial state). Time in a paused state
    /// or in one of the lifecycle's done states does not count; a record in a done state is `met`
    /// or `breached` by the business time it took to get there. `target_seconds` is the SLA's own
    /// (`target_seconds`) or the one read for this record (`target_from`).
    pub fn measure(
        &self,
        calendar: &BusinessCalendar,
        lifecycle: &Lifecycle,
        created: i64,
        entered: &[(i64, String)],
        now: i64,
        target_seconds: i64,
    ) -> Measure {
        let stops = |s: &str| self.paused_in.iter().any(|p| p == s) || !lifecycle.is_open(s);
        let mut pauses = Vec::new();
        for (i, (at, state)) in entered.iter().enumerate() {
            if stops(state) {
                let end = entered.get(i + 1).map(|(t, _)| *t);
                pauses.push(Pause {
                    start: *at,
                    end: Some(end.unwrap_or(now).max(*at)),
                });
            }
        }
        let target = target_seconds.max(1);
        let current = entered.last().map(|(_, s)| s.as_str()).unwrap_or("");
        // The due instant of a record whose work is done is the one it had then; of a paused
        // record, the one it had when the clock stopped: it stays put while the clock is stopped
        // (no change every minute), and moves by the pause's length when work resumes.
        let before_done = match stops(current) {
            false => &pauses[..],
            true => &pauses[..pauses.len().saturating_sub(1)],
        };
        let due = calendar
            .due(created, target, before_done)
            .unwrap_or(i64::MAX / 2);
        let elapsed = calendar.elapsed(created, now, &pauses);
        let state = if !lifecycle.is_open(current) {
            if elapsed <= target {
                "met"
            } else {
                "breached"
            }
        } else if elapsed >= target {
            "breached"
        } else if stops(current) {
            "paused"
        } else if elapsed * 100 >= target * self.at_risk_percent {
            "at_risk"
        } else {
            "within_target"
        };
        Measure { due, state }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCalendar {
    name: String,
    zone: String,
    /// `"always"`: every minute of every day.
    #[serde(default)]
    hours: Option<String>,
    #[serde(default)]
    monday: Vec<String>,
    #[serde(default)]
    tuesday: Vec<String>,
    #[serde(default)]
    wednesday: Vec<String>,
    #[serde(default)]
    thursday: Vec<String>,
    #[serde(default)]
    friday: Vec<String>,
    #[serde(default)]
    saturday: Vec<String>,
    #[serde(default)]
    sunday: Vec<String>,
    #[serde(default)]
    holidays: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSla {
    table: String,
    name: String,
    #[serde(default)]
    when: BTreeMap<String, Vec<String>>,
    calendar: String,
    resolve_within_hours: f64,
    #[serde(default)]
    target_from: Option<String>,
    #[serde(default = "default_at_risk")]
    at_risk_percent: i64,
    #[serde(default)]
    paused_in: Vec<String>,
}

fn default_at_risk() -> i64 {
    75
}

/// `09:00-17:00` as seconds since midnight; `24:00` ends a day.
fn interval(s: &str) -> Option<(i64, i64)> {
    let (a, b) = s.split_once('-')?;
    let time = |t: &str| {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
        ((0..=24).contains(&h) && (0..60).contains(&m) && h * 60 + m <= 1440)
            .then_some(h * 3600 + m * 60)
    };
    Some((time(a)?, time(b)?))
}

pub(crate) fn check_calendar(c: RawCalendar) -> Result<Calendar, String> {
    let at = |e: String| format!("calendar {}: {e}", c.name);
    let zone = jiff::tz::db()
        .get(&c.zone)
        .map_err(|_| at(format!("'{}' is not a time zone", c.zone)))?;
    let days = [
        ("monday", &c.monday),
        ("tuesday", &c.tuesday),
        ("wednesday", &c.wednesday),
        ("thursday", &c.thursday),
        ("friday", &c.friday),
        ("saturday", &c.saturday),
        ("sunday", &c.sunday),
    ];
    let always = match c.hours.as_deref() {
        None => false,
        Some("always") => true,
        Some(other) => return Err(at(format!("hours = '{other}': only \"always\" is known"))),
    };
    let mut week: [Vec<(i64, i64)>; 7] = Default::default();
    let mut description = Vec::new();
    for (i, (name, hours)) in days.iter().enumerate() {
        if always {
            week[i] = vec![(0, 86_400)];
            continue;
        }
        for h in hours.iter() {
            week[i].push(interval(h).ok_or_else(|| {
                at(format!(
                    "{name}: '{h}' is not a span of hours like 09:00-17:00"
                ))
            })?);
        }
        if !hours.is_empty() {
            description.push(format!("{name} {}", hours.join(", ")));
        }
    }
    let holidays = c
        .holidays
        .iter()
        .map(|d| {
            d.parse::<jiff::civil::Date>()
                .map_err(|_| at(format!("holiday '{d}' is not a date like 2026-12-25")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let hours = BusinessCalendar::new(zone, week, &holidays).map_err(at)?;
    let mut description = if always {
        "every hour of every day".to_string()
    } else if description.is_empty() {
        return Err(at(
            "no working hours: give some, or hours = \"always\"".into()
        ));
    } else {
        description.join("; ")
    };
    if !c.holidays.is_empty() {
        description.push_str(&format!("; holidays {}", c.holidays.join(", ")));
    }
    Ok(Calendar {
        name: c.name,
        zone: c.zone,
        description,
        hours,
    })
}

pub(crate) fn check_sla(
    model: &Model,
    lifecycles: &[Lifecycle],
    calendars: &[Calendar],
    s: RawSla,
) -> Result<Sla, String> {
    let at = |e: String| format!("sla {}: {e}", s.name);
    let lifecycle = lifecycles
        .iter()
        .find(|l| l.table == s.table)
        .ok_or_else(|| at(format!("{} has no lifecycle", s.table)))?;
    let table = model.table(&s.table).expect("a lifecycle's table");
    for f in ["due_on", "sla_state"] {
        if !lifecycle.owns(f) {
            return Err(at(format!("the lifecycle of {} does not own {f}", s.table)));
        }
    }
    if !calendars.iter().any(|c| c.name == s.calendar) {
        return Err(at(format!("no calendar named {}", s.calendar)));
    }
    for (field, codes) in &s.when {
        let f = table
            .field(field)
            .ok_or_else(|| at(format!("{} has no field {field}", s.table)))?;
        let set =
            f.ty.choice_set()
                .and_then(|n| model.choice_set(n))
                .ok_or_else(|| at(format!("when: {field} is not a choice field")))?;
        for c in codes {
            if !set.has(c) {
                return Err(at(format!("when: '{c}' is not a code of {}", set.name)));
            }
        }
    }
    for p in &s.paused_in {
        if !lifecycle.states.iter().any(|x| x == p) {
            return Err(at(format!(
                "paused_in: '{p}' is not a state of {}",
                lifecycle.field
            )));
        }
    }
    if !(s.resolve_within_hours > 0.0 && s.resolve_within_hours <= 24.0 * 366.0) {
        return Err(at(
            "resolve_within_hours must be more than 0 and at most a year".into(),
        ));
    }
    let target_from = match &s.target_from {
        None => None,
        Some(raw) => {
            let (path, ty) =
                crate::path_of(model, table, raw).map_err(|e| at(format!("target_from: {e}")))?;
            if !matches!(ty, steward_model::FieldType::Int { .. }) {
                return Err(at(format!(
                    "target_from: {raw} is not a whole number of hours"
                )));
            }
            Some(path)
        }
    };
    if !(1..=100).contains(&s.at_risk_percent) {
        return Err(at("at_risk_percent is between 1 and 100".into()));
    }
    Ok(Sla {
        table: s.table,
        name: s.name,
        when: s.when,
        calendar: s.calendar,
        target_seconds: (s.resolve_within_hours * 3600.0).round() as i64,
        target_from,
        at_risk_percent: s.at_risk_percent,
        paused_in: s.paused_in,
    })
}
