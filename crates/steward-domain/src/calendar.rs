//! Business time: how much of a span of real time falls in a calendar's working hours, outside
//! holidays and outside the record's pauses, and when a target of business time is reached. Pure
//! code, checked against a minute-by-minute reference model (see the tests).
//!
//! Working hours are wall-clock times in the calendar's zone: an instant counts when its local
//! time, on a local date that is not a holiday, falls in one of its weekday's intervals. On a day
//! when the clocks change, that is what a person at the desk would count: a spring-forward night
//! has one hour less of 24x7 time, and a working interval the clocks jump over is shorter; a
//! fall-back hour inside working hours counts twice, since it is lived twice.
//!
//! Pauses (on hold, waiting for the customer) are spans of real time, possibly overlapping or
//! nested (their union counts once), possibly still open. Instants are whole seconds since the
//! Unix epoch.

use jiff::tz::TimeZone;
use std::collections::BTreeSet;

const DAY: i64 = 86_400;

/// The days of a week as calendars list them, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
/// How far `due` looks ahead before saying the target is never reached.
const HORIZON_DAYS: i64 = 5 * 366;

/// A span during which the clock stops: from `start`, until `end` (`None`: still paused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub start: i64,
    pub end: Option<i64>,
}

/// Weekly working hours in a time zone, and holidays.
#[derive(Debug, Clone)]
pub struct BusinessCalendar {
    zone: TimeZone,
    /// Per weekday, Monday first: working intervals in seconds since local midnight, sorted and
    /// disjoint, within `0..=86400`.
    week: [Vec<(i64, i64)>; 7],
    /// Local dates, as days since 1970-01-01.
    holidays: BTreeSet<i64>,
}

fn timestamp(t: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(t).unwrap_or(jiff::Timestamp::MAX)
}

/// A date as days since 1970-01-01.
pub fn day_number(date: jiff::civil::Date) -> i64 {
    date.to_zoned(TimeZone::UTC)
        .map(|z| z.timestamp().as_second().div_euclid(DAY))
        .unwrap_or(0)
}

impl BusinessCalendar {
    /// Every minute of every day (24x7), in UTC.
    pub fn always() -> BusinessCalendar {
        BusinessCalendar {
            zone: TimeZone::UTC,
            week: std::array::from_fn(|_| vec![(0, DAY)]),
            holidays: BTreeSet::new(),
        }
    }

    /// A calendar of `week` (per weekday, Monday first, working intervals as seconds since local
    /// midnight) in `zone`, with `holidays`. Intervals may come in any order; overlapping or
    /// touching ones are merged. An interval outside a day, or empty, is refused with its weekday.
    pub fn new(
        zone: TimeZone,
        week: [Vec<(i64, i64)>; 7],
        holidays: &[jiff::civil::Date],
    ) -> Result<BusinessCalendar, String> {
        let mut merged: [Vec<(i64, i64)>; 7] = Default::default();
        for (i, mut day) in week.into_iter().enumerate() {
            day.sort_unstable();
            for (a, b) in day {
                if !(0 <= a && a < b && b <= DAY) {
                    return Err(format!(
                        "{}: {a}..{b} is not an interval within a day (0 to 86400 seconds)",
                        WEEKDAYS[i]
                    ));
                }
                match merged[i].last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => merged[i].push((a, b)),
                }
            }
        }
        Ok(BusinessCalendar {
            zone,
            week: merged,
            holidays: holidays.iter().map(|d| day_number(*d)).collect(),
        })
    }

    fn offset_at(&self, t: i64) -> i64 {
        i64::from(self.zone.to_offset(timestamp(t)).seconds())
    }

    /// The first instant after `t` at which the zone's offset changes.
    fn next_transition(&self, t: i64) -> Option<i64> {
        self.zone
            .following(timestamp(t))
            .map(|tr| tr.timestamp().as_second())
            .find(|n| *n > t)
    }

    /// The working intervals within `[from, to)`, as instants, in order and disjoint.
    pub fn working(&self, from: i64, to: i64) -> Vec<(i64, i64)> {
        let mut out: Vec<(i64, i64)> = Vec::new();
        let mut s = from;
        // One stretch of constant UTC offset at a time: there, local time is instant + offset.
        while s < to {
            let offset = self.offset_at(s);
            let e = self.next_transition(s).map_or(to, |n| n.min(to));
            let mut day = (s + offset).div_euclid(DAY);
            while day * DAY < e + offset {
                if !self.holidays.contains(&day) {
                    // 1970-01-01 was a Thursday.
                    let weekday = (day + 3).rem_euclid(7) as usize;
                    for &(a, b) in &self.week[weekday] {
                        let lo = (day * DAY + a - offset).max(s);
                        let hi = (day * DAY + b - offset).min(e);
                        if lo >= hi {
                            continue;
                        }
                        match out.last_mut() {
                            Some(last) if last.1 >= lo => last.1 = last.1.max(hi),
                            _ => out.push((lo, hi)),
                        }
                    }
                }
                day += 1;
            }
            s = e;
        }
        out
    }

    /// Business seconds in `[from, to)`: working time outside every pause.
    pub fn elapsed(&self, from: i64, to: i64, pauses: &[Pause]) -> i64 {
        if to <= from {
            return 0;
        }
        subtract(&self.working(from, to), &paused(pauses, from, to))
            .iter()
            .map(|(a, b)| b - a)
            .sum()
    }

    /// The instant at which `target` business seconds from `from` are reached, given the pauses;
    /// `None` while a pause that is still open stops the clock before that, or when the calendar
    /// holds too little working time in the next five years.
    pub fn due(&self, from: i64, target: i64, pauses: &[Pause]) -> Option<i64> {
        if target <= 0 {
            return Some(from);
        }
        let open_from = pauses
            .iter()
            .filter(|p| p.end.is_none())
            .map(|p| p.start)
            .min();
        let mut remaining = target;
        let mut start = from;
        let horizon = from + HORIZON_DAYS * DAY;
        while start < horizon {
            if open_from.is_some_and(|o| o <= start) {
                return None;
            }
            let end = start + 14 * DAY;
            for (a, b) in subtract(&self.working(start, end), &paused(pauses, start, end)) {
                if remaining <= b - a {
                    return Some(a + remaining);
                }
                remaining -= b - a;
            }
            start = end;
        }
        None
    }
}

/// The union of the pauses, clipped to `[from, to)`, in order.
fn paused(pauses: &[Pause], from: i64, to: i64) -> Vec<(i64, i64)> {
    let mut spans: Vec<(i64, i64)> = pauses
        .iter()
        .map(|p| (p.start.max(from), p.end.unwrap_or(i64::MAX).min(to)))
        .filter(|(a, b)| a < b)
        .collect();
    spans.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// `intervals` without `holes` (both in order and disjoint).
fn subtract(intervals: &[(i64, i64)], holes: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut h = 0;
    for &(mut a, b) in intervals {
        while h < holes.len() && holes[h].1 <= a {
            h += 1;
        }
        let mut k = h;
        while a < b {
            match holes.get(k) {
                Some(&(ha, hb)) if ha < b => {
                    if ha > a {
                        out.push((a, ha));
                    }
                    a = a.max(hb);
                    k += 1;
                }
                _ => {
                    out.push((a, b));
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
