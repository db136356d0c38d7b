//! Asks and response targets: the rules of "when is an answer due, and how is it going".
//!
//! A team's charter names urgency levels, each with a target measured either in the
//! responder's business time or in clock time (incident alerts). An ask's clock starts at
//! creation; its due instant, its reminder point and its state follow from the target, the
//! responder's business calendar and `now` — all parameters, so the same answers come out of
//! the web page, the API, the job worker and the tests.

use crate::calendar::{BusinessCalendar, BusinessDuration, CalendarError};
use jiff::{SignedDuration, Timestamp};
use std::fmt;

pub mod away;

/// What is being asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AskKind {
    /// Review a document or change.
    Review,
    /// Approve or refuse.
    Approve,
    /// Contribute input.
    Input,
    /// Answer a question.
    Answer,
    /// For your information: no response expected, so no clock.
    Fyi,
}

impl AskKind {
    /// Every kind, in display order.
    pub const ALL: [AskKind; 5] = [
        AskKind::Review,
        AskKind::Approve,
        AskKind::Input,
        AskKind::Answer,
        AskKind::Fyi,
    ];

    /// The textual form.
    pub fn as_str(self) -> &'static str {
        match self {
            AskKind::Review => "review",
            AskKind::Approve => "approve",
            AskKind::Input => "input",
            AskKind::Answer => "answer",
            AskKind::Fyi => "fyi",
        }
    }

    /// Parses the textual form.
    pub fn parse(raw: &str) -> Result<AskKind, AskError> {
        let key = raw.trim().to_ascii_lowercase();
        AskKind::ALL
            .into_iter()
            .find(|k| k.as_str() == key)
            .ok_or(AskError::UnknownKind(raw.to_owned()))
    }

    /// Whether a response clock runs for this kind.
    pub fn clock_runs(self) -> bool {
        self != AskKind::Fyi
    }
}

/// How a target is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// In the responder's business time (working hours, zone, holidays, time off).
    Business(BusinessDuration),
    /// In plain elapsed time, day or night (incident alerts).
    Clock(SignedDuration),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Business(BusinessDuration::Days(1)) => f.write_str("1 business day"),
            Target::Business(BusinessDuration::Days(n)) => write!(f, "{n} business days"),
            Target::Business(BusinessDuration::Working(d)) => {
                write!(f, "{} business hours", hours_text(*d))
            }
            Target::Clock(d) => write!(f, "{} clock hours", hours_text(*d)),
        }
    }
}

fn hours_text(d: SignedDuration) -> String {
    let minutes = d.as_secs() / 60;
    if minutes % 60 == 0 {
        (minutes / 60).to_string()
    } else {
        format!("{:.1}", minutes as f64 / 60.0)
    }
}

/// One urgency level of a charter.
#[derive(Debug, Clone, PartialEq)]
pub struct UrgencyLevel {
    /// A short key used in the API (`urgent`, `normal`, …).
    pub key: String,
    /// What people see.
    pub name: String,
    /// How long the responder has.
    pub target: Target,
    /// Whether asks at this level count against the urgent budget.
    pub counts_as_urgent: bool,
}

/// A team's response agreement, and how it decides: the default review window and the
/// decision categories it treats as irreversible.
#[derive(Debug, Clone, PartialEq)]
pub struct Charter {
    levels: Vec<UrgencyLevel>,
    urgent_definition: String,
    urgent_budget: f64,
    reminder_point: f64,
    escalation: Vec<String>,
    review_window: crate::reviews::Window,
    irreversible_categories: Vec<String>,
}

/// The decision categories a charter treats as irreversible unless it says otherwise
/// (DESIGN.md §1 rule 4).
pub const DEFAULT_IRREVERSIBLE: [&str; 3] = ["financial", "compliance", "regulatory"];

fn default_irreversible() -> Vec<String> {
    DEFAULT_IRREVERSIBLE.map(str::to_owned).to_vec()
}

/// Why a charter or an ask was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum AskError {
    /// A kind that does not exist.
    UnknownKind(String),
    /// An urgency the charter does not define.
    UnknownUrgency { got: String, known: Vec<String> },
    /// A charter without levels.
    NoLevels,
    /// Two levels with one key.
    DuplicateLevel(String),
    /// A level with a zero target.
    EmptyTarget(String),
    /// A level whose target is not a whole number of minutes ("20s", "1m 30s"): charters
    /// are stored and shown in minutes, so anything finer would change on the way.
    TargetNotWholeMinutes { key: String, target: String },
    /// A share outside 0–100 %.
    BadShare { what: &'static str, value: f64 },
    /// A state change that does not apply.
    Transition {
        from: AskState,
        action: &'static str,
    },
    /// The responder's calendar cannot place the due time.
    Calendar(CalendarError),
    /// A "needed by" instant that is not in the future.
    NeededByPassed,
    /// A "needed by" instant on an FYI, which expects no answer.
    NeededByOnFyi,
}

impl fmt::Display for AskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AskError::UnknownKind(got) => write!(
                f,
                "unknown kind of ask \"{got}\"; expected one of: review, approve, input, answer, fyi"
            ),
            AskError::UnknownUrgency { got, known } => write!(
                f,
                "unknown urgency \"{got}\"; this team's charter defines: {}",
                known.join(", ")
            ),
            AskError::NoLevels => f.write_str("a charter needs at least one urgency level"),
            AskError::DuplicateLevel(key) => {
                write!(f, "the urgency level \"{key}\" is defined twice")
            }
            AskError::EmptyTarget(key) => write!(
                f,
                "the urgency level \"{key}\" needs a target longer than zero"
            ),
            AskError::TargetNotWholeMinutes { key, target } => write!(
                f,
                "the urgency level \"{key}\" has a target of {target}; targets are whole minutes (at least 1m), such as 1m, 90m or 4h"
            ),
            AskError::BadShare { what, value } => write!(
                f,
                "{what} must be between 0% and 100%, not {:.0}%",
                value * 100.0
            ),
            AskError::Transition { from, action } => {
                write!(f, "an ask that is {} cannot be {action}", from.as_str())
            }
            AskError::Calendar(err) => {
                write!(f, "the responder's calendar cannot place a due time: {err}")
            }
            AskError::NeededByPassed => {
                f.write_str("\"needed by\" must be later than now; that moment has passed")
            }
            AskError::NeededByOnFyi => f.write_str(
                "an FYI expects no answer, so it cannot be needed by a time; pick another kind",
            ),
        }
    }
}

impl std::error::Error for AskError {}

impl From<CalendarError> for AskError {
    fn from(err: CalendarError) -> AskError {
        AskError::Calendar(err)
    }
}

fn level(key: &str, name: &str, target: Target, urgent: bool) -> UrgencyLevel {
    UrgencyLevel {
        key: key.to_owned(),
        name: name.to_owned(),
        target,
        counts_as_urgent: urgent,
    }
}

impl Charter {
    /// The defaults of DESIGN §1 rule 3: urgent 4 business hours, normal 1 business day,
    /// complex 3 business days, design review 24 business hours, incident alert 4 clock hours;
    /// a 10% urgent budget; reminders at 75% of the window.
    pub fn standard() -> Charter {
        Charter {
            levels: vec![
                level(
                    "urgent",
                    "Urgent",
                    Target::Business(BusinessDuration::Working(SignedDuration::from_hours(4))),
                    true,
                ),
                level(
                    "normal",
                    "Normal",
                    Target::Business(BusinessDuration::Days(1)),
                    false,
                ),
                level(
                    "complex",
                    "Complex",
                    Target::Business(BusinessDuration::Days(3)),
                    false,
                ),
                level(
                    "design-review",
                    "Design review",
                    Target::Business(BusinessDuration::Working(SignedDuration::from_hours(24))),
                    false,
                ),
                level(
                    "incident",
                    "Incident alert",
                    Target::Clock(SignedDuration::from_hours(4)),
                    true,
                ),
            ],
            urgent_definition:
                "Something is broken for customers, or a decision blocks others today.".to_owned(),
            urgent_budget: 0.10,
            reminder_point: 0.75,
            escalation: Vec::new(),
            review_window: crate::reviews::Window::DEFAULT,
            irreversible_categories: default_irreversible(),
        }
    }

    /// A validated charter.
    pub fn new(
        levels: Vec<UrgencyLevel>,
        urgent_definition: String,
        urgent_budget: f64,
        reminder_point: f64,
        escalation: Vec<String>,
    ) -> Result<Charter, AskError> {
        if levels.is_empty() {
            return Err(AskError::NoLevels);
        }
        for (i, l) in levels.iter().enumerate() {
            if levels[..i].iter().any(|other| other.key == l.key) {
                return Err(AskError::DuplicateLevel(l.key.clone()));
            }
            check_target(l)?;
        }
        for (what, value) in [
            ("the urgent budget", urgent_budget),
            ("the reminder point", reminder_point),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(AskError::BadShare { what, value });
            }
        }
        Ok(Charter {
            levels,
            urgent_definition,
            urgent_budget,
            reminder_point,
            escalation,
            review_window: crate::reviews::Window::DEFAULT,
            irreversible_categories: default_irreversible(),
        })
    }

    /// The charter with its review window and irreversible categories (lower case, trimmed,
    /// blanks and repeats dropped). A charter saved before these existed keeps the defaults.
    pub fn with_decisions(
        mut self,
        review_window: crate::reviews::Window,
        irreversible: &[String],
    ) -> Charter {
        let mut categories: Vec<String> = Vec::new();
        for category in irreversible {
            let category = category.trim().to_lowercase();
            if !category.is_empty() && !categories.contains(&category) {
                categories.push(category);
            }
        }
        self.review_window = review_window;
        self.irreversible_categories = categories;
        self
    }

    /// How long a review round stays open unless its owner says otherwise.
    pub fn review_window(&self) -> crate::reviews::Window {
        self.review_window
    }

    /// The decision categories that make a decision irreversible.
    pub fn irreversible_categories(&self) -> &[String] {
        &self.irreversible_categories
    }

    /// The levels, in order.
    pub fn levels(&self) -> &[UrgencyLevel] {
        &self.levels
    }

    /// The level with this key.
    pub fn level(&self, key: &str) -> Result<&UrgencyLevel, AskError> {
        let key = key.trim().to_ascii_lowercase();
        self.levels
            .iter()
            .find(|l| l.key == key)
            .ok_or_else(|| AskError::UnknownUrgency {
                got: key.clone(),
                known: self.levels.iter().map(|l| l.key.clone()).collect(),
            })
    }

    /// What counts as urgent, in the team's words.
    pub fn urgent_definition(&self) -> &str {
        &self.urgent_definition
    }

    /// The share of asks that may be urgent.
    pub fn urgent_budget(&self) -> f64 {
        self.urgent_budget
    }

    /// The share of the window after which the responder is reminded.
    pub fn reminder_point(&self) -> f64 {
        self.reminder_point
    }

    /// Who hears about a breach, in order (handles).
    pub fn escalation(&self) -> &[String] {
        &self.escalation
    }
}

/// An ask's response clock: when it started, when to remind, when it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseClock {
    pub started: Timestamp,
    pub remind_at: Timestamp,
    pub due_at: Timestamp,
}

/// Places the clock of an ask created at `created` in the responder's calendar.
pub fn response_clock(
    created: Timestamp,
    target: Target,
    reminder_point: f64,
    calendar: &impl BusinessCalendar,
) -> Result<ResponseClock, AskError> {
    let (due_at, remind_at) = match target {
        Target::Clock(d) => {
            let due = created + d;
            (due, created + scale(d, reminder_point))
        }
        Target::Business(business) => {
            let due = calendar.add(created, business)?;
            // The reminder sits at the same share of the *working* time in the window, so a
            // window spanning a weekend is not reminded on Saturday.
            let working = calendar.between(created, due);
            let remind = calendar.add(
                created,
                BusinessDuration::Working(scale(working, reminder_point)),
            )?;
            (due, remind.min(due))
        }
    };
    Ok(ResponseClock {
        started: created,
        remind_at,
        due_at,
    })
}

/// A target is longer than zero and, unless counted in days, a whole number of minutes.
fn check_target(level: &UrgencyLevel) -> Result<(), AskError> {
    let d = match level.target {
        Target::Business(BusinessDuration::Days(0)) => SignedDuration::ZERO,
        Target::Business(BusinessDuration::Days(_)) => return Ok(()),
        Target::Business(BusinessDuration::Working(d)) | Target::Clock(d) => d,
    };
    if d <= SignedDuration::ZERO {
        return Err(AskError::EmptyTarget(level.key.clone()));
    }
    if d.as_nanos() % SignedDuration::from_mins(1).as_nanos() != 0 {
        return Err(AskError::TargetNotWholeMinutes {
            key: level.key.clone(),
            target: format!("{d:#}"),
        });
    }
    Ok(())
}

fn scale(d: SignedDuration, share: f64) -> SignedDuration {
    SignedDuration::from_secs((d.as_secs() as f64 * share).round() as i64)
}

/// Checks the optional "needed by" instant of a new ask: it lies after `now`, and only an
/// ask that expects an answer has one. A needed-by before the due time is allowed — the
/// asker may need it sooner than the target promises (see [`needed_sooner_than_due`]).
pub fn check_needed_by(
    kind: AskKind,
    needed_by: Timestamp,
    now: Timestamp,
) -> Result<(), AskError> {
    if !kind.clock_runs() {
        return Err(AskError::NeededByOnFyi);
    }
    if needed_by <= now {
        return Err(AskError::NeededByPassed);
    }
    Ok(())
}

/// Whether the asker needs the answer before the responder's target makes it due: legitimate,
/// but worth a warning, since the ask may expire unanswered without anyone being late.
pub fn needed_sooner_than_due(needed_by: Timestamp, clock: Option<&ResponseClock>) -> bool {
    clock.is_some_and(|c| needed_by < c.due_at)
}

/// How an open clock is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    /// Before the reminder point.
    OnTrack,
    /// Past the reminder point, not yet due.
    AtRisk,
    /// Past due.
    Breached,
}

impl ClockState {
    /// The textual form.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockState::OnTrack => "on_track",
            ClockState::AtRisk => "at_risk",
            ClockState::Breached => "breached",
        }
    }
}

impl ResponseClock {
    /// The state at `now`.
    pub fn state(&self, now: Timestamp) -> ClockState {
        if now >= self.due_at {
            ClockState::Breached
        } else if now >= self.remind_at {
            ClockState::AtRisk
        } else {
            ClockState::OnTrack
        }
    }

    /// Business time left at `now` in the responder's calendar; negative once overdue.
    pub fn remaining(&self, now: Timestamp, calendar: &impl BusinessCalendar) -> SignedDuration {
        calendar.between(now, self.due_at)
    }
}

/// Where an ask is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AskState {
    Open,
    Answered,
    Declined,
    Withdrawn,
    Expired,
}

/// What someone does to an ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskAction {
    /// The responder answers (comment, approve, object, acknowledge): the clock stops.
    Answer,
    /// The responder declines: the clock stops.
    Decline,
    /// The asker withdraws it.
    Withdraw,
    /// Nobody answered within the expiry horizon.
    Expire,
}

impl AskState {
    /// Every state, in display order.
    pub const ALL: [AskState; 5] = [
        AskState::Open,
        AskState::Answered,
        AskState::Declined,
        AskState::Withdrawn,
        AskState::Expired,
    ];

    /// The textual form.
    pub fn as_str(self) -> &'static str {
        match self {
            AskState::Open => "open",
            AskState::Answered => "answered",
            AskState::Declined => "declined",
            AskState::Withdrawn => "withdrawn",
            AskState::Expired => "expired",
        }
    }

    /// Parses the textual form.
    pub fn parse(raw: &str) -> Option<AskState> {
        AskState::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// The state after `action`; only open asks change.
    pub fn apply(self, action: AskAction) -> Result<AskState, AskError> {
        let verb = match action {
            AskAction::Answer => "answered",
            AskAction::Decline => "declined",
            AskAction::Withdraw => "withdrawn",
            AskAction::Expire => "expired",
        };
        if self != AskState::Open {
            return Err(AskError::Transition {
                from: self,
                action: verb,
            });
        }
        Ok(match action {
            AskAction::Answer => AskState::Answered,
            AskAction::Decline => AskState::Declined,
            AskAction::Withdraw => AskState::Withdrawn,
            AskAction::Expire => AskState::Expired,
        })
    }
}

/// The false-urgency signal: how many asks were marked urgent, against the budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UrgencyShare {
    pub urgent: u64,
    pub total: u64,
    pub budget: f64,
}

impl UrgencyShare {
    /// The urgent share (0 when there are no asks).
    pub fn share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.urgent as f64 / self.total as f64
        }
    }

    /// Whether the share exceeds the budget.
    pub fn over_budget(&self) -> bool {
        self.share() > self.budget
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Calendar, TimeRange, WeeklyHours};
    use jiff::civil::date;

    fn berlin_nine_to_five() -> Calendar {
        let day = || vec![TimeRange::parse("09:00-17:00").unwrap()];
        let hours = WeeklyHours::new([day(), day(), day(), day(), day(), vec![], vec![]]).unwrap();
        let zone = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
        Calendar::new(zone, hours, vec![date(2026, 4, 3)], vec![], vec![]).unwrap()
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn check(created: &str, level: &str, expect_remind: &str, expect_due: &str) {
        let charter = Charter::standard();
        let target = charter.level(level).unwrap().target;
        let clock = response_clock(
            at(created),
            target,
            charter.reminder_point(),
            &berlin_nine_to_five(),
        )
        .unwrap();
        assert_eq!(
            (clock.remind_at.to_string(), clock.due_at.to_string()),
            (expect_remind.to_owned(), expect_due.to_owned()),
            "{created} {level}"
        );
    }

    #[test]
    fn due_times_follow_the_responders_business_calendar() {
        // Thursday 2 April 2026, 15:00 CEST (13:00Z); Friday 3 April is a holiday.
        // Urgent, 4h: 2h on Thursday, 2h on Monday 6 April → 11:00 CEST (09:00Z). The
        // reminder at 75% = 3h: Thursday's 2h, then 1h Monday → 10:00 CEST.
        check(
            "2026-04-02T13:00:00Z",
            "urgent",
            "2026-04-06T08:00:00Z",
            "2026-04-06T09:00:00Z",
        );
        // Normal, 1 business day: the same local time on the next working day (Monday).
        // 75% of 8 working hours = 6h: 2h Thursday + 4h Monday → 13:00 CEST.
        check(
            "2026-04-02T13:00:00Z",
            "normal",
            "2026-04-06T11:00:00Z",
            "2026-04-06T13:00:00Z",
        );
        // Incident: 4 clock hours, night or holiday alike.
        check(
            "2026-04-02T13:00:00Z",
            "incident",
            "2026-04-02T16:00:00Z",
            "2026-04-02T17:00:00Z",
        );
        // Created on Saturday: the clock starts Monday 09:00 CEST; urgent due 13:00 CEST.
        check(
            "2026-04-04T10:00:00Z",
            "urgent",
            "2026-04-06T10:00:00Z",
            "2026-04-06T11:00:00Z",
        );
    }

    #[test]
    fn clock_states_and_remaining_time() {
        let calendar = berlin_nine_to_five();
        let target = Charter::standard().level("urgent").unwrap().target;
        let clock = response_clock(at("2026-04-02T13:00:00Z"), target, 0.75, &calendar).unwrap();
        assert_eq!(clock.state(at("2026-04-02T14:00:00Z")), ClockState::OnTrack);
        assert_eq!(clock.state(at("2026-04-06T08:30:00Z")), ClockState::AtRisk);
        assert_eq!(
            clock.state(at("2026-04-06T09:00:00Z")),
            ClockState::Breached
        );
        // Over the long weekend, no business time passes: 2h left all of Friday to Sunday.
        assert_eq!(
            clock.remaining(at("2026-04-04T12:00:00Z"), &calendar),
            SignedDuration::from_hours(2)
        );
        assert_eq!(
            clock.remaining(at("2026-04-06T10:00:00Z"), &calendar),
            SignedDuration::from_hours(-1)
        );
    }

    #[test]
    fn needed_by_lies_ahead_and_only_on_asks_that_expect_an_answer() {
        let now = at("2026-03-10T10:00:00Z");
        let later = at("2026-03-10T10:00:01Z");
        assert_eq!(check_needed_by(AskKind::Review, later, now), Ok(()));
        assert_eq!(
            check_needed_by(AskKind::Review, now, now),
            Err(AskError::NeededByPassed)
        );
        assert_eq!(
            check_needed_by(AskKind::Fyi, later, now),
            Err(AskError::NeededByOnFyi)
        );
        let clock = ResponseClock {
            started: now,
            remind_at: at("2026-03-10T13:00:00Z"),
            due_at: at("2026-03-10T14:00:00Z"),
        };
        assert!(needed_sooner_than_due(
            at("2026-03-10T13:59:59Z"),
            Some(&clock)
        ));
        assert!(!needed_sooner_than_due(
            at("2026-03-10T14:00:00Z"),
            Some(&clock)
        ));
        assert!(!needed_sooner_than_due(later, None));
        assert_eq!(
            AskState::Open.apply(AskAction::Expire),
            Ok(AskState::Expired)
        );
    }

    #[test]
    fn only_open_asks_change_state() {
        assert_eq!(
            AskState::Open.apply(AskAction::Answer),
            Ok(AskState::Answered)
        );
        let err = AskState::Answered.apply(AskAction::Withdraw).unwrap_err();
        assert_eq!(
            err.to_string(),
            "an ask that is answered cannot be withdrawn"
        );
    }

    #[test]
    fn targets_finer_than_a_minute_are_refused_not_rounded() {
        let with = |target: Target| {
            Charter::new(
                vec![level("fast", "Fast", target, false)],
                String::new(),
                0.1,
                0.75,
                vec![],
            )
        };
        let secs = |s: i64| SignedDuration::from_secs(s);
        for (target, shown) in [
            (Target::Clock(secs(20)), "20s"),
            (Target::Clock(secs(90)), "1m 30s"),
            (Target::Business(BusinessDuration::Working(secs(59))), "59s"),
            (
                Target::Clock(SignedDuration::new(60, 500_000_000)),
                "1m 500ms",
            ),
        ] {
            let err = with(target).unwrap_err();
            assert_eq!(
                err,
                AskError::TargetNotWholeMinutes {
                    key: "fast".into(),
                    target: shown.into()
                }
            );
            assert!(err.to_string().contains("whole minutes"), "{err}");
        }
        assert!(with(Target::Clock(secs(60))).is_ok());
        assert!(with(Target::Business(BusinessDuration::Working(secs(5400)))).is_ok());
        assert_eq!(
            with(Target::Business(BusinessDuration::Days(0))),
            Err(AskError::EmptyTarget("fast".into()))
        );
    }

    #[test]
    fn charters_are_validated() {
        let l = |key: &str, hours: i64| {
            level(
                key,
                key,
                Target::Business(BusinessDuration::Working(SignedDuration::from_hours(hours))),
                false,
            )
        };
        assert_eq!(
            Charter::new(vec![], String::new(), 0.1, 0.75, vec![]),
            Err(AskError::NoLevels)
        );
        assert_eq!(
            Charter::new(vec![l("a", 1), l("a", 2)], String::new(), 0.1, 0.75, vec![]),
            Err(AskError::DuplicateLevel("a".into()))
        );
        assert_eq!(
            Charter::new(vec![l("a", 0)], String::new(), 0.1, 0.75, vec![]),
            Err(AskError::EmptyTarget("a".into()))
        );
        let err = Charter::new(vec![l("a", 1)], String::new(), 1.5, 0.75, vec![]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the urgent budget must be between 0% and 100%, not 150%"
        );
        let err = Charter::standard().level("asap").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown urgency \"asap\"; this team's charter defines: urgent, normal, complex, design-review, incident"
        );
    }

    #[test]
    fn targets_read_naturally() {
        let texts: Vec<String> = Charter::standard()
            .levels()
            .iter()
            .map(|l| l.target.to_string())
            .collect();
        assert_eq!(
            texts,
            [
                "4 business hours",
                "1 business day",
                "3 business days",
                "24 business hours",
                "4 clock hours"
            ]
        );
    }

    #[test]
    fn false_urgency_share() {
        let share = UrgencyShare {
            urgent: 3,
            total: 10,
            budget: 0.1,
        };
        assert!((share.share() - 0.3).abs() < 1e-9);
        assert!(share.over_budget());
        assert_eq!(
            UrgencyShare {
                urgent: 0,
                total: 0,
                budget: 0.1
            }
            .share(),
            0.0
        );
    }
}
