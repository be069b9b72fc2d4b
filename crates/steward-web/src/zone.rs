//! Dates and times in the viewer's time zone. Steward stores instants in UTC; a person reads and
//! types them in the zone of their preferences (UTC until they choose one).

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use time::OffsetDateTime;

#[derive(Debug, Clone)]
pub struct Zone {
    pub name: String,
    tz: TimeZone,
}

impl Zone {
    /// The zone of an IANA name; UTC for a name the zone database does not know.
    pub fn named(name: &str) -> Zone {
        match jiff::tz::db().get(name) {
            Ok(tz) => Zone {
                name: name.to_string(),
                tz,
            },
            Err(_) => Zone::utc(),
        }
    }

    pub fn utc() -> Zone {
        Zone {
            name: "UTC".into(),
            tz: TimeZone::UTC,
        }
    }

    fn timestamp(t: OffsetDateTime) -> Timestamp {
        Timestamp::from_nanosecond(t.unix_timestamp_nanos()).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// `2026-11-23 10:15 CET`: an instant as the viewer reads it.
    pub fn show(&self, t: OffsetDateTime) -> String {
        Self::timestamp(t)
            .to_zoned(self.tz.clone())
            .strftime("%Y-%m-%d %H:%M %Z")
            .to_string()
    }

    /// An RFC 3339 instant (as the API and the audit trail write it), shown in the zone.
    pub fn show_text(&self, rfc3339: &str) -> String {
        match rfc3339.parse::<Timestamp>() {
            Ok(ts) => ts
                .to_zoned(self.tz.clone())
                .strftime("%Y-%m-%d %H:%M %Z")
                .to_string(),
            Err(_) => rfc3339.to_string(),
        }
    }

    /// The value of a `datetime-local` input: `2026-11-23T10:15` in the zone.
    pub fn input(&self, t: OffsetDateTime) -> String {
        Self::timestamp(t)
            .to_zoned(self.tz.clone())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string()
    }

    /// A date and time typed in the zone (`2026-11-23T10:15`, seconds optional, or a bare date for
    /// its midnight) as the UTC instant the API takes (`2026-11-23T09:15:00Z`). `None` when it is
    /// not a date and time.
    pub fn to_utc(&self, local: &str) -> Option<String> {
        let local = local.trim();
        let civil: DateTime = if local.len() == 10 {
            local
                .parse::<Date>()
                .ok()?
                .to_datetime(jiff::civil::Time::midnight())
        } else {
            local.parse().ok()?
        };
        let ts = civil.to_zoned(self.tz.clone()).ok()?.timestamp();
        Some(ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
    }

    /// Today's date in the zone, shifted by `days`, as `YYYY-MM-DD`.
    pub fn day(&self, days: i64) -> String {
        let today = Timestamp::now().to_zoned(self.tz.clone()).date();
        today
            .checked_add(jiff::Span::new().days(days))
            .unwrap_or(today)
            .to_string()
    }
}

/// Every zone name people can choose, sorted.
pub fn zone_names() -> Vec<String> {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.to_string())
        .filter(|n| n.contains('/') || n == "UTC")
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_shown_and_read_in_the_zone() {
        let paris = Zone::named("Europe/Paris");
        let t = time::macros::datetime!(2026-11-23 09:15 UTC);
        assert_eq!(paris.show(t), "2026-11-23 10:15 CET");
        assert_eq!(paris.input(t), "2026-11-23T10:15");
        assert_eq!(
            paris.to_utc("2026-11-23T10:15").as_deref(),
            Some("2026-11-23T09:15:00Z")
        );
        // Summer time: two hours ahead.
        assert_eq!(
            paris.to_utc("2026-07-01").as_deref(),
            Some("2026-06-30T22:00:00Z")
        );
        assert_eq!(paris.to_utc("not a date"), None);
        assert_eq!(
            Zone::named("Mars/Olympus").name,
            "UTC",
            "an unknown zone falls back to UTC"
        );
        assert_eq!(
            Zone::utc().show_text("2026-11-23T09:15:00.000000Z"),
            "2026-11-23 09:15 UTC"
        );
        assert!(zone_names().contains(&"America/New_York".to_string()));
    }
}
