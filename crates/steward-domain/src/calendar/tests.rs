use super::*;
use jiff::civil::date;
use proptest::prelude::*;

const H: i64 = 3600;
const M: i64 = 60;

fn zone(name: &str) -> TimeZone {
    jiff::tz::db().get(name).unwrap()
}

/// An instant from a local date and time in `tz`.
fn at(tz: &str, y: i16, mo: i8, d: i8, h: i8, mi: i8) -> i64 {
    date(y, mo, d)
        .at(h, mi, 0, 0)
        .to_zoned(zone(tz))
        .unwrap()
        .timestamp()
        .as_second()
}

/// Monday to Friday, 09:00–17:00, in New York.
fn office() -> BusinessCalendar {
    let day = vec![(9 * H, 17 * H)];
    BusinessCalendar::new(
        zone("America/New_York"),
        [
            day.clone(),
            day.clone(),
            day.clone(),
            day.clone(),
            day,
            vec![],
            vec![],
        ],
        &[],
    )
    .unwrap()
}

/// The reference: every minute of `[from, to)`, one by one, its local time looked up in the zone.
fn reference(
    zone: &TimeZone,
    week: &[Vec<(i64, i64)>; 7],
    holidays: &BTreeSet<i64>,
    pauses: &[Pause],
    from: i64,
    to: i64,
) -> i64 {
    let mut total = 0;
    let mut m = from;
    while m < to {
        let local = zone.to_datetime(timestamp(m));
        let day = day_number(local.date());
        let weekday = local.date().weekday().to_monday_zero_offset() as usize;
        let second =
            i64::from(local.hour()) * H + i64::from(local.minute()) * M + i64::from(local.second());
        let working = !holidays.contains(&day)
            && week[weekday]
                .iter()
                .any(|(a, b)| *a <= second && second < *b);
        let is_paused = pauses
            .iter()
            .any(|p| p.start <= m && p.end.is_none_or(|e| m < e));
        if working && !is_paused {
            total += M;
        }
        m += M;
    }
    total
}

#[test]
fn a_working_week_counts_its_hours_only() {
    let cal = office();
    // Friday 2025-06-06 15:00 to Monday 11:00: 2 h on Friday, 2 h on Monday.
    let from = at("America/New_York", 2025, 6, 6, 15, 0);
    let to = at("America/New_York", 2025, 6, 9, 11, 0);
    assert_eq!(cal.elapsed(from, to, &[]), 4 * H);
    // 10 business hours from Friday 15:00: 2 on Friday, 8 on Monday: Monday 17:00.
    assert_eq!(
        cal.due(from, 10 * H, &[]),
        Some(at("America/New_York", 2025, 6, 9, 17, 0))
    );
    assert_eq!(
        cal.due(from, 10 * H + 1, &[]),
        Some(at("America/New_York", 2025, 6, 10, 9, 0) + 1)
    );
}

#[test]
fn glpi_a_pause_over_a_weekend_stops_only_working_time() {
    let cal = office();
    let from = at("America/New_York", 2025, 6, 6, 9, 0);
    // On hold from Friday 16:00 to Monday 10:00: 1 h of Friday and 1 h of Monday are paused,
    // the weekend was never counted.
    let pause = Pause {
        start: at("America/New_York", 2025, 6, 6, 16, 0),
        end: Some(at("America/New_York", 2025, 6, 9, 10, 0)),
    };
    let to = at("America/New_York", 2025, 6, 9, 12, 0);
    assert_eq!(cal.elapsed(from, to, &[]), 11 * H);
    assert_eq!(cal.elapsed(from, to, &[pause]), 9 * H);
}

#[test]
fn glpi_nested_and_overlapping_pauses_count_once() {
    let cal = office();
    let from = at("America/New_York", 2025, 6, 9, 9, 0);
    let to = at("America/New_York", 2025, 6, 9, 17, 0);
    let p = |h1: i8, h2: i8| Pause {
        start: at("America/New_York", 2025, 6, 9, h1, 0),
        end: Some(at("America/New_York", 2025, 6, 9, h2, 0)),
    };
    // 10–14 with 11–12 inside it and 13–15 across its end: paused 10–15, 5 h.
    assert_eq!(
        cal.elapsed(from, to, &[p(10, 14), p(11, 12), p(13, 15)]),
        3 * H
    );
}

#[test]
fn glpi_a_pause_at_creation_delays_the_start() {
    let cal = office();
    let from = at("America/New_York", 2025, 6, 9, 9, 0);
    let pause = Pause {
        start: from,
        end: Some(at("America/New_York", 2025, 6, 9, 11, 0)),
    };
    assert_eq!(
        cal.due(from, 4 * H, &[pause]),
        Some(at("America/New_York", 2025, 6, 9, 15, 0))
    );
}

#[test]
fn glpi_a_resume_after_the_target_moves_it_by_the_paused_time() {
    let cal = office();
    let from = at("America/New_York", 2025, 6, 9, 9, 0);
    assert_eq!(
        cal.due(from, 4 * H, &[]),
        Some(at("America/New_York", 2025, 6, 9, 13, 0))
    );
    // Paused 12:00, resumed 15:00 (after the target): 3 h done before, 1 h after: 16:00.
    let pause = Pause {
        start: at("America/New_York", 2025, 6, 9, 12, 0),
        end: Some(at("America/New_York", 2025, 6, 9, 15, 0)),
    };
    assert_eq!(
        cal.due(from, 4 * H, &[pause]),
        Some(at("America/New_York", 2025, 6, 9, 16, 0))
    );
    // Still paused: no due instant yet, and the clock stands still.
    let open = Pause {
        start: pause.start,
        end: None,
    };
    assert_eq!(cal.due(from, 4 * H, &[open]), None);
    let much_later = at("America/New_York", 2025, 6, 20, 9, 0);
    assert_eq!(cal.elapsed(from, much_later, &[open]), 3 * H);
}

#[test]
fn holidays_and_clock_changes() {
    let day = vec![(9 * H, 17 * H)];
    let cal = BusinessCalendar::new(
        zone("America/New_York"),
        std::array::from_fn(|_| day.clone()),
        &[date(2025, 7, 4)],
    )
    .unwrap();
    let from = at("America/New_York", 2025, 7, 3, 9, 0);
    let to = at("America/New_York", 2025, 7, 5, 9, 0);
    assert_eq!(cal.elapsed(from, to, &[]), 8 * H, "the 4th of July is off");
    // 24x7 in New York across the spring-forward night: 00:00 to 04:00 local is 3 real hours.
    let always = BusinessCalendar::new(
        zone("America/New_York"),
        std::array::from_fn(|_| vec![(0, DAY)]),
        &[],
    )
    .unwrap();
    let from = at("America/New_York", 2025, 3, 9, 0, 0);
    let to = at("America/New_York", 2025, 3, 9, 4, 0);
    assert_eq!(always.elapsed(from, to, &[]), 3 * H);
    // Working hours 01:00–03:00 on the fall-back night are lived for 3 hours.
    let night = BusinessCalendar::new(
        zone("America/New_York"),
        std::array::from_fn(|_| vec![(H, 3 * H)]),
        &[],
    )
    .unwrap();
    let from = at("America/New_York", 2025, 11, 2, 0, 0);
    let to = at("America/New_York", 2025, 11, 2, 12, 0);
    assert_eq!(night.elapsed(from, to, &[]), 3 * H);
    assert_eq!(BusinessCalendar::always().elapsed(0, DAY, &[]), DAY);
}

#[test]
fn a_bad_interval_is_refused_with_its_weekday() {
    let mut week: [Vec<(i64, i64)>; 7] = Default::default();
    week[2] = vec![(17 * H, 9 * H)];
    let e = BusinessCalendar::new(TimeZone::UTC, week, &[]).unwrap_err();
    assert!(e.starts_with("Wednesday"), "{e}");
}

const ZONES: &[&str] = &[
    "UTC",
    "America/New_York",
    "Europe/Paris",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/St_Johns",
    "Pacific/Chatham",
    "America/Santiago",
];

/// Random weekly hours on minute boundaries: 24x7, or up to three intervals a day.
fn week_strategy() -> impl Strategy<Value = [Vec<(i64, i64)>; 7]> {
    let day = prop::collection::vec(0i64..=1440, 0..=6).prop_map(|mut marks| {
        marks.sort_unstable();
        marks.dedup();
        marks
            .chunks_exact(2)
            .map(|p| (p[0] * M, p[1] * M))
            .collect::<Vec<_>>()
    });
    prop_oneof![
        1 => Just(std::array::from_fn(|_| vec![(0, DAY)])),
        5 => prop::array::uniform7(day),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    zone: &'static str,
    week: [Vec<(i64, i64)>; 7],
    holidays: Vec<i64>,
    from: i64,
    to: i64,
    pauses: Vec<Pause>,
    target: i64,
}

fn case_strategy() -> impl Strategy<Value = Case> {
    let year_2025 = at("UTC", 2025, 1, 1, 0, 0);
    (
        prop::sample::select(ZONES),
        week_strategy(),
        0i64..(365 * 1440),
        any::<bool>(),
        0i64..(5 * 1440),
        prop::collection::vec(0i64..7, 0..3),
        prop::collection::vec((-1440i64..(6 * 1440), 0i64..(3 * 1440), 0u8..5), 0..4),
        0i64..(3 * 1440),
    )
        .prop_map(
            move |(zone, week, start, near_change, span, holidays, pauses, target)| {
                let tz = jiff::tz::db().get(zone).unwrap();
                let mut from = year_2025 + start * M;
                // Half of the cases start within two days before a change of the clocks.
                if near_change {
                    if let Some(t) = tz.following(timestamp(from)).next() {
                        let t = t.timestamp().as_second();
                        from = t - (start % (2 * 1440)) * M;
                    }
                }
                let to = from + span * M;
                let first_day = from.div_euclid(DAY);
                Case {
                    zone,
                    week,
                    holidays: holidays.into_iter().map(|d| first_day + d).collect(),
                    from,
                    to,
                    pauses: pauses
                        .into_iter()
                        .map(|(s, len, kind)| Pause {
                            start: from + s * M,
                            // One pause in five is still open.
                            end: (kind != 0).then_some(from + (s + len) * M),
                        })
                        .collect(),
                    target: target * M,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    /// Over random calendars, zones with clock changes (half the cases across one), holidays and
    /// overlapping, nested or open pauses: the business time of a span is the reference's count,
    /// minute by minute, and `due` is the first instant at which the target is reached.
    #[test]
    fn business_time_is_the_minute_by_minute_count(c in case_strategy()) {
        let tz = jiff::tz::db().get(c.zone).unwrap();
        let holidays: Vec<jiff::civil::Date> = c
            .holidays
            .iter()
            .map(|d| jiff::Timestamp::from_second(d * DAY).unwrap().to_zoned(TimeZone::UTC).date())
            .collect();
        let cal = BusinessCalendar::new(tz.clone(), c.week.clone(), &holidays).unwrap();
        let set: BTreeSet<i64> = c.holidays.iter().copied().collect();
        let want = reference(&tz, &cal.week, &set, &c.pauses, c.from, c.to);
        prop_assert_eq!(cal.elapsed(c.from, c.to, &c.pauses), want);
        match cal.due(c.from, c.target, &c.pauses) {
            Some(d) => {
                prop_assert!(d >= c.from);
                prop_assert_eq!(cal.elapsed(c.from, d, &c.pauses), c.target);
                if d > c.from {
                    prop_assert!(cal.elapsed(c.from, d - 1, &c.pauses) < c.target);
                }
                if d <= c.to {
                    prop_assert_eq!(reference(&tz, &cal.week, &set, &c.pauses, c.from, d), c.target);
                }
            }
            None => {
                let open = c.pauses.iter().any(|p| p.end.is_none());
                let much = cal.elapsed(c.from, c.from + 400 * DAY, &c.pauses);
                prop_assert!(open || much < c.target, "no due instant, yet {much} s in 400 days");
            }
        }
    }
}
