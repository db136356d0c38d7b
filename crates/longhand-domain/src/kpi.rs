//! The "% of decisions with a written record" KPI (DESIGN §2.8): of the moments a team had to
//! decide something — a review round that closed, a meeting whose outcome was recorded — the
//! share that produced a decision record, per team and calendar month, against the target.
//!
//! A round that was revised into a next round is not a moment of decision: the next round is.
//! Months are UTC months, so a team spread over several zones gets one answer.
//!
//! Beside it, the search success rate: of the searches in an ISO week (UTC), the share after
//! which the searcher opened a result within [`SEARCH_SUCCESS_WINDOW`].

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The share a team should reach: more than 80 % of its decisions written down.
pub const DECISION_RECORD_TARGET: f64 = 0.8;

/// Where a decision was due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionMoment {
    /// A review round closed (and was not revised into another round).
    ReviewRound,
    /// A planned meeting's outcome was recorded.
    MeetingOutcome,
}

/// One moment of decision, as counted: when it happened, for which team, and whether a
/// decision record came of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opportunity {
    pub moment: DecisionMoment,
    /// The team whose KPI it counts for; `None` when the people involved have no team.
    pub team: Option<i64>,
    pub at: Timestamp,
    pub recorded: bool,
}

/// A calendar month, written `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i16,
    pub month: i8,
}

impl Month {
    /// The UTC month an instant falls in.
    pub fn of(at: Timestamp) -> Month {
        let date = at.to_zoned(TimeZone::UTC).date();
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Parses `YYYY-MM`.
    pub fn parse(raw: &str) -> Result<Month, String> {
        let bad = || format!("\"{raw}\" is not a month; write it as YYYY-MM, e.g. 2026-12");
        let (year, month) = raw.trim().split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        let year: i16 = year.parse().map_err(|_| bad())?;
        let month: i8 = month.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(1..=9999).contains(&year) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }

    /// The first instant of the month (UTC).
    pub fn start(self) -> Timestamp {
        jiff::civil::date(self.year, self.month, 1)
            .to_zoned(TimeZone::UTC)
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::MIN)
    }

    /// The month before this one.
    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The counts behind one team's share in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordShare {
    pub team: Option<i64>,
    pub month: Month,
    pub rounds_closed: u32,
    pub rounds_recorded: u32,
    pub outcomes_recorded: u32,
    pub outcomes_with_decision: u32,
}

impl RecordShare {
    /// Moments of decision counted.
    pub fn moments(&self) -> u32 {
        self.rounds_closed + self.outcomes_recorded
    }

    /// Of those, the ones that produced a decision record.
    pub fn recorded(&self) -> u32 {
        self.rounds_recorded + self.outcomes_with_decision
    }

    /// The share with a written record, or `None` when there was nothing to decide.
    pub fn share(&self) -> Option<f64> {
        match self.moments() {
            0 => None,
            n => Some(f64::from(self.recorded()) / f64::from(n)),
        }
    }

    /// Whether the share is above the target; a month without decisions has no verdict.
    pub fn meets_target(&self) -> Option<bool> {
        self.share().map(|s| s > DECISION_RECORD_TARGET)
    }
}

/// Groups moments into one share per team and month, ordered by month, then team (no team
/// last).
pub fn record_shares(moments: impl IntoIterator<Item = Opportunity>) -> Vec<RecordShare> {
    let mut shares: std::collections::BTreeMap<(Month, bool, i64), RecordShare> =
        std::collections::BTreeMap::new();
    for moment in moments {
        let month = Month::of(moment.at);
        let key = (month, moment.team.is_none(), moment.team.unwrap_or(0));
        let share = shares.entry(key).or_insert(RecordShare {
            team: moment.team,
            month,
            rounds_closed: 0,
            rounds_recorded: 0,
            outcomes_recorded: 0,
            outcomes_with_decision: 0,
        });
        let recorded = u32::from(moment.recorded);
        match moment.moment {
            DecisionMoment::ReviewRound => {
                share.rounds_closed += 1;
                share.rounds_recorded += recorded;
            }
            DecisionMoment::MeetingOutcome => {
                share.outcomes_recorded += 1;
                share.outcomes_with_decision += recorded;
            }
        }
    }
    shares.into_values().collect()
}

/// How soon after a search opening a result counts as the search having worked.
pub const SEARCH_SUCCESS_WINDOW: jiff::SignedDuration = jiff::SignedDuration::from_secs(60);

/// One search as the KPI sees it: when it ran and when a result was first opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchRun {
    pub at: Timestamp,
    pub opened_at: Option<Timestamp>,
}

impl SearchRun {
    /// Whether a result was opened within the window (a clock that went backwards counts
    /// as no success rather than a negative wait).
    pub fn succeeded(&self) -> bool {
        self.opened_at.is_some_and(|opened| {
            let waited = opened.duration_since(self.at);
            !waited.is_negative() && waited <= SEARCH_SUCCESS_WINDOW
        })
    }
}

/// An ISO 8601 week, written `YYYY-Www` (`2026-W01` may start in December 2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    pub year: i16,
    pub week: i8,
}

impl IsoWeek {
    /// The ISO week (UTC) an instant falls in.
    pub fn of(at: Timestamp) -> IsoWeek {
        let week = at.to_zoned(TimeZone::UTC).date().iso_week_date();
        IsoWeek {
            year: week.year(),
            week: week.week(),
        }
    }

    /// The week's first instant: Monday 00:00 UTC.
    pub fn start(self) -> Timestamp {
        jiff::civil::ISOWeekDate::new(self.year, self.week, jiff::civil::Weekday::Monday)
            .ok()
            .and_then(|d| d.date().to_zoned(TimeZone::UTC).ok())
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::MIN)
    }
}

impl std::fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

/// The searches of one week and how many of them worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchSuccess {
    pub week: IsoWeek,
    pub searches: u32,
    pub successes: u32,
}

impl SearchSuccess {
    /// The share of searches that worked; `None` in a week without searches.
    pub fn rate(&self) -> Option<f64> {
        match self.searches {
            0 => None,
            n => Some(f64::from(self.successes) / f64::from(n)),
        }
    }
}

/// The success rate per ISO week (UTC), oldest week first; weeks without searches have no row.
pub fn search_success(runs: impl IntoIterator<Item = SearchRun>) -> Vec<SearchSuccess> {
    let mut weeks: std::collections::BTreeMap<IsoWeek, SearchSuccess> =
        std::collections::BTreeMap::new();
    for run in runs {
        let week = IsoWeek::of(run.at);
        let row = weeks.entry(week).or_insert(SearchSuccess {
            week,
            searches: 0,
            successes: 0,
        });
        row.searches += 1;
        row.successes += u32::from(run.succeeded());
    }
    weeks.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> Timestamp {
        raw.parse().unwrap()
    }

    fn moment(
        moment: DecisionMoment,
        team: Option<i64>,
        when: &str,
        recorded: bool,
    ) -> Opportunity {
        Opportunity {
            moment,
            team,
            at: at(when),
            recorded,
        }
    }

    /// Month, team, moments, recorded, whether the target is met.
    type Row<'a> = (&'a str, Option<i64>, u32, u32, Option<bool>);

    fn check(moments: Vec<Opportunity>, expect: &[Row]) {
        let got: Vec<_> = record_shares(moments)
            .iter()
            .map(|s| {
                (
                    s.month.to_string(),
                    s.team,
                    s.moments(),
                    s.recorded(),
                    s.meets_target(),
                )
            })
            .collect();
        let expect: Vec<_> = expect
            .iter()
            .map(|(m, t, n, r, ok)| (m.to_string(), *t, *n, *r, *ok))
            .collect();
        assert_eq!(got, expect);
    }

    use DecisionMoment::{MeetingOutcome, ReviewRound};

    #[test]
    fn shares_group_by_utc_month_and_team() {
        check(
            vec![
                moment(ReviewRound, Some(1), "2026-11-30T23:59:59.999999Z", true),
                // 00:30 on 1 December in Berlin is still November in UTC.
                moment(ReviewRound, Some(1), "2026-11-30T23:30:00.5+00:00", false),
                moment(MeetingOutcome, Some(1), "2026-12-01T00:00:00.000001Z", true),
                moment(ReviewRound, Some(2), "2026-12-15T10:00:00Z", true),
                moment(MeetingOutcome, None, "2026-12-02T10:00:00Z", false),
            ],
            &[
                ("2026-11", Some(1), 2, 1, Some(false)),
                ("2026-12", Some(1), 1, 1, Some(true)),
                ("2026-12", Some(2), 1, 1, Some(true)),
                ("2026-12", None, 1, 0, Some(false)),
            ],
        );
    }

    #[test]
    fn the_target_is_more_than_eighty_percent() {
        let four_of_five: Vec<_> = (0..5)
            .map(|i| moment(ReviewRound, Some(7), "2026-03-03T09:00:00Z", i < 4))
            .collect();
        check(four_of_five, &[("2026-03", Some(7), 5, 4, Some(false))]);
        let five_of_six: Vec<_> = (0..6)
            .map(|i| moment(MeetingOutcome, Some(7), "2026-03-03T09:00:00Z", i < 5))
            .collect();
        check(five_of_six, &[("2026-03", Some(7), 6, 5, Some(true))]);
    }

    #[test]
    fn nothing_to_decide_has_no_share() {
        check(vec![], &[]);
        let empty = RecordShare {
            team: None,
            month: Month::of(at("2026-01-01T00:00:00Z")),
            rounds_closed: 0,
            rounds_recorded: 0,
            outcomes_recorded: 0,
            outcomes_with_decision: 0,
        };
        assert_eq!(empty.share(), None);
        assert_eq!(empty.meets_target(), None);
    }

    #[test]
    fn months_parse_and_step() {
        assert_eq!(
            Month::parse("2026-12").unwrap().next().to_string(),
            "2027-01"
        );
        assert_eq!(
            Month::parse("2026-02").unwrap().start(),
            at("2026-02-01T00:00:00Z")
        );
        for bad in [
            "2026-13", "2026-00", "26-01", "2026/01", "", "2026-1", "abcd-ef",
        ] {
            assert!(Month::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    fn run(at_: &str, opened: Option<&str>) -> SearchRun {
        SearchRun {
            at: at(at_),
            opened_at: opened.map(at),
        }
    }

    #[test]
    fn a_search_succeeds_when_a_result_is_opened_within_a_minute() {
        let table = [
            (None, false),
            (Some("2026-12-07T10:00:00Z"), true),
            (Some("2026-12-07T10:01:00Z"), true),
            (Some("2026-12-07T10:01:00.000001Z"), false),
            (Some("2026-12-07T09:59:59Z"), false),
        ];
        for (opened, expect) in table {
            assert_eq!(
                run("2026-12-07T10:00:00Z", opened).succeeded(),
                expect,
                "{opened:?}"
            );
        }
    }

    #[test]
    fn search_success_groups_by_iso_week_in_utc() {
        let runs = [
            // Sunday 23:30 UTC is still ISO week 49, whatever the searcher's zone.
            run("2026-12-06T23:30:00Z", Some("2026-12-06T23:30:20Z")),
            run("2026-12-07T00:00:00Z", Some("2026-12-07T00:05:00Z")),
            run("2026-12-07T09:00:00Z", Some("2026-12-07T09:00:30Z")),
            run("2026-12-08T09:00:00Z", None),
            run("2026-12-09T09:00:00Z", Some("2026-12-09T09:00:01Z")),
            // 1 January 2027 is a Friday: ISO week 53 of 2026.
            run("2027-01-01T12:00:00Z", None),
        ];
        let got: Vec<_> = search_success(runs)
            .iter()
            .map(|w| (w.week.to_string(), w.searches, w.successes, w.rate()))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-W49".to_owned(), 1, 1, Some(1.0)),
                ("2026-W50".to_owned(), 4, 2, Some(0.5)),
                ("2026-W53".to_owned(), 1, 0, Some(0.0)),
            ]
        );
        assert!(search_success([]).is_empty());
    }

    #[test]
    fn an_iso_week_starts_on_monday_utc() {
        let week = IsoWeek::of(at("2027-01-01T12:00:00Z"));
        assert_eq!(week.to_string(), "2026-W53");
        assert_eq!(week.start(), at("2026-12-28T00:00:00Z"));
        assert_eq!(
            IsoWeek::of(at("2026-01-01T00:00:00Z")).to_string(),
            "2026-W01"
        );
    }
}
