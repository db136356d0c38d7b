//! The member-calendar JSON: the one wire and storage format of a person's business calendar.
//!
//! ```json
//! {"time_zone": "Europe/Berlin",
//!  "working_hours": {"mon": ["09:00-12:00", "13:00-17:00"], "tue": [], …, "sun": []},
//!  "holidays": ["2026-12-25"],
//!  "time_off": [{"start": "2026-08-03", "end": "2026-08-14"}],
//!  "focus_blocks": [{"days": ["mon", "wed"], "start": "13:00", "end": "16:00"}]}
//! ```
//!
//! The API, the CLI (`longhand calendar … --calendar FILE`, `--members FILE`) and the members
//! table all use this shape; parsing it yields the domain's validated `Calendar`.

use jiff::civil::{Date, Time, Weekday};
use longhand_domain::calendar::{Calendar, DateRange, FocusBlock, TimeRange, WeeklyHours};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The JSON form of a calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarJson {
    /// An IANA time zone name.
    #[schema(example = "Europe/Berlin")]
    pub time_zone: String,
    /// Working ranges per weekday (`mon` … `sun`), each `HH:MM-HH:MM`; a range whose end is
    /// before its start crosses midnight.
    #[serde(default)]
    pub working_hours: BTreeMap<String, Vec<String>>,
    /// Public holidays and other days off, `YYYY-MM-DD`.
    #[serde(default)]
    pub holidays: Vec<String>,
    /// Inclusive ranges of days off.
    #[serde(default)]
    pub time_off: Vec<DateRangeJson>,
    /// Recurring focus blocks.
    #[serde(default)]
    pub focus_blocks: Vec<FocusBlockJson>,
}

/// An inclusive range of dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRangeJson {
    pub start: String,
    pub end: String,
}

/// A recurring focus block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FocusBlockJson {
    pub days: Vec<String>,
    pub start: String,
    pub end: String,
}

/// Weekday keys in Monday-first order.
pub const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const WEEKDAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// The key of a weekday (`Weekday::Monday` → `mon`).
pub fn day_key(day: Weekday) -> &'static str {
    DAY_KEYS[day.to_monday_zero_offset() as usize]
}

fn parse_day(raw: &str) -> Result<Weekday, String> {
    let key = raw.trim().to_ascii_lowercase();
    let short = key.get(..3).unwrap_or(&key);
    DAY_KEYS
        .iter()
        .position(|k| *k == short && (key.len() == 3 || key.starts_with(k)))
        .map(|i| WEEKDAYS[i])
        .ok_or_else(|| {
            format!("unknown weekday \"{raw}\"; use mon, tue, wed, thu, fri, sat or sun")
        })
}

fn parse_date(raw: &str, what: &str) -> Result<Date, String> {
    raw.trim()
        .parse::<Date>()
        .map_err(|_| format!("{what} \"{raw}\" is not a date; use YYYY-MM-DD"))
}

/// Parses `HH:MM`.
pub fn parse_time(raw: &str, what: &str) -> Result<Time, String> {
    let trimmed = raw.trim();
    let valid_shape = trimmed.len() == 5 && trimmed.as_bytes()[2] == b':';
    let parsed = valid_shape
        .then(|| Time::strptime("%H:%M", trimmed).ok())
        .flatten();
    parsed.ok_or_else(|| format!("{what} \"{raw}\" is not a time; use HH:MM (24-hour)"))
}

impl CalendarJson {
    /// The default calendar of a new member: Monday to Friday, 09:00–17:00, in `zone`.
    pub fn standard(zone: &str) -> CalendarJson {
        let mut working_hours = BTreeMap::new();
        for (i, key) in DAY_KEYS.iter().enumerate() {
            let hours = if i < 5 {
                vec!["09:00-17:00".to_owned()]
            } else {
                vec![]
            };
            working_hours.insert((*key).to_owned(), hours);
        }
        CalendarJson {
            time_zone: zone.to_owned(),
            working_hours,
            holidays: vec![],
            time_off: vec![],
            focus_blocks: vec![],
        }
    }

    /// Validates and converts to the domain calendar. The error is one readable sentence.
    pub fn to_domain(&self) -> Result<Calendar, String> {
        let zone = crate::tz::lookup(&self.time_zone)?;
        let hours = self.weekly_hours()?;
        let holidays = self
            .holidays
            .iter()
            .map(|d| parse_date(d, "holiday"))
            .collect::<Result<Vec<_>, _>>()?;
        let time_off = self
            .time_off
            .iter()
            .map(DateRangeJson::to_domain)
            .collect::<Result<Vec<_>, _>>()?;
        let focus = self
            .focus_blocks
            .iter()
            .map(FocusBlockJson::to_domain)
            .collect::<Result<Vec<_>, _>>()?;
        Calendar::new(zone, hours, holidays, time_off, focus).map_err(|err| err.to_string())
    }

    fn weekly_hours(&self) -> Result<WeeklyHours, String> {
        let mut days: [Vec<TimeRange>; 7] = Default::default();
        for (key, ranges) in &self.working_hours {
            let day = parse_day(key)?;
            let slot = &mut days[day.to_monday_zero_offset() as usize];
            for range in ranges {
                slot.push(TimeRange::parse(range).map_err(|err| err.to_string())?);
            }
        }
        WeeklyHours::new(days).map_err(|err| err.to_string())
    }

    /// The JSON form of a domain calendar (normalised: every weekday present, sorted dates).
    pub fn from_domain(calendar: &Calendar) -> CalendarJson {
        let working_hours = WEEKDAYS
            .iter()
            .map(|day| {
                (
                    day_key(*day).to_owned(),
                    calendar
                        .hours()
                        .day(*day)
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                )
            })
            .collect();
        let mut holidays: Vec<String> = calendar.holidays().map(|d| d.to_string()).collect();
        holidays.sort();
        CalendarJson {
            time_zone: calendar.time_zone().iana_name().unwrap_or("UTC").to_owned(),
            working_hours,
            holidays,
            time_off: calendar
                .time_off()
                .iter()
                .map(|r| DateRangeJson {
                    start: r.start().to_string(),
                    end: r.end().to_string(),
                })
                .collect(),
            focus_blocks: calendar
                .focus_blocks()
                .iter()
                .map(FocusBlockJson::from_domain)
                .collect(),
        }
    }

    /// Parses stored or uploaded JSON text into a domain calendar.
    pub fn parse_text(text: &str) -> Result<Calendar, String> {
        let json: CalendarJson = serde_json::from_str(text)
            .map_err(|err| format!("the calendar is not valid JSON: {err}"))?;
        json.to_domain()
    }

    /// The JSON text of a domain calendar.
    pub fn text_of(calendar: &Calendar) -> String {
        serde_json::to_string(&CalendarJson::from_domain(calendar))
            .unwrap_or_else(|_| "{}".to_owned())
    }
}

impl DateRangeJson {
    fn to_domain(&self) -> Result<DateRange, String> {
        let start = parse_date(&self.start, "time off start")?;
        let end = parse_date(&self.end, "time off end")?;
        DateRange::new(start, end).map_err(|err| err.to_string())
    }
}

impl FocusBlockJson {
    fn to_domain(&self) -> Result<FocusBlock, String> {
        let days = self
            .days
            .iter()
            .map(|d| parse_day(d))
            .collect::<Result<Vec<_>, _>>()?;
        let start = parse_time(&self.start, "focus block start")?;
        let end = parse_time(&self.end, "focus block end")?;
        FocusBlock::new(days, start, end).map_err(|err| err.to_string())
    }

    fn from_domain(block: &FocusBlock) -> FocusBlockJson {
        FocusBlockJson {
            days: block
                .days()
                .iter()
                .map(|d| day_key(*d).to_owned())
                .collect(),
            start: block.start().strftime("%H:%M").to_string(),
            end: block.end().strftime("%H:%M").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CalendarJson {
        serde_json::from_str(
            r#"{"time_zone": "Europe/Berlin",
                "working_hours": {"mon": ["09:00-12:00", "13:00-17:00"], "tue": ["09:00-17:00"], "sun": []},
                "holidays": ["2026-12-25"],
                "time_off": [{"start": "2026-08-03", "end": "2026-08-14"}],
                "focus_blocks": [{"days": ["mon", "wed"], "start": "13:00", "end": "16:00"}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn round_trips_through_the_domain() {
        let calendar = sample().to_domain().unwrap();
        let back = CalendarJson::from_domain(&calendar);
        assert_eq!(
            back.working_hours["mon"],
            vec!["09:00-12:00", "13:00-17:00"]
        );
        assert_eq!(back.working_hours["sat"], Vec::<String>::new());
        assert_eq!(back.holidays, vec!["2026-12-25"]);
        assert_eq!(back.focus_blocks, sample().focus_blocks);
        assert_eq!(back.to_domain().unwrap(), calendar);
    }

    fn error_of(edit: impl FnOnce(&mut CalendarJson)) -> String {
        let mut json = sample();
        edit(&mut json);
        json.to_domain().unwrap_err()
    }

    #[test]
    fn bad_input_gets_a_sentence() {
        assert!(
            error_of(|c| c.time_zone = "Mars/Olympus".into())
                .contains("unknown time zone \"Mars/Olympus\"")
        );
        assert!(
            error_of(|c| {
                c.working_hours.insert("funday".into(), vec![]);
            })
            .contains("unknown weekday \"funday\"")
        );
        assert!(
            error_of(|c| c.holidays.push("25.12.2026".into()))
                .contains("holiday \"25.12.2026\" is not a date")
        );
        assert!(
            error_of(|c| c.focus_blocks[0].start = "1pm".into())
                .contains("focus block start \"1pm\" is not a time")
        );
        assert!(!error_of(|c| c.time_off[0].end = "2026-08-01".into()).is_empty());
        assert!(
            !error_of(|c| {
                c.working_hours.insert(
                    "mon".into(),
                    vec!["09:00-12:00".into(), "11:00-13:00".into()],
                );
            })
            .is_empty()
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err =
            serde_json::from_str::<CalendarJson>(r#"{"time_zone": "UTC", "timezone": "UTC"}"#)
                .unwrap_err();
        assert!(err.to_string().contains("timezone"));
    }
}
