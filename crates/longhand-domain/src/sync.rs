//! Sync escalation (DESIGN.md §2.4, issue #11 §7): when writing stops converging, suggest a
//! 15-minute call, and hold the call to a written outcome.
//!
//! Two things start a suggestion: a thread going in circles (the same two people answering
//! each other turn after turn, [`circling`]) and a review round closing with blocking
//! objections still standing ([`at_round_close`] names the people). A suggestion is
//! open until one of its people dismisses it or records that the call happened
//! ([`SuggestionState`]); a recorded call owes a written outcome within one business day in
//! the owner's calendar ([`outcome_level`]), and [`suggest_time`] proposes a quarter hour
//! when everyone involved works.
//!
//! What counts as "going in circles", precisely: [`CIRCLE_TURNS`] or more comments in a row,
//! at the end of the thread, alternating strictly between the same two people — the opening
//! comment counts as a turn, like every reply. The run is broken by a third person, by the
//! same person writing twice in a row, and by a resolution: the thread being resolved or
//! elevated into a decision record (no suggestion while it is), or a call suggestion
//! dismissed or a call recorded after part of the run (a [`Turn::Settled`] in the history),
//! so a dismissed suggestion returns only after six fresh turns. A thread resolved and then
//! reopened is open again: its earlier turns still count, since the resolution did not hold.

use crate::asks::{Charter, Target, UrgencyLevel};
use crate::calendar::{BusinessDuration, Calendar};
#[cfg(test)]
use crate::meetings::next_quarter;
use crate::meetings::{Window, overlap, unfocused};
use jiff::{SignedDuration, Timestamp};
use std::fmt;

/// How many alternating turns between the same two people make a thread go in circles.
pub const CIRCLE_TURNS: usize = 6;
/// The length of the suggested call.
pub const CALL_MINUTES: i64 = 15;
/// How far ahead [`suggest_time`] looks for a shared quarter hour.
pub const SEARCH_DAYS: i64 = 14;
/// The most people one call suggestion or call record names.
pub const MAX_PEOPLE: usize = 12;
/// The longest note on a call record, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;

/// One entry of a thread's history, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn<P> {
    /// A comment by this person.
    Comment(P),
    /// The discussion was settled here: a call suggestion dismissed or a call recorded.
    Settled,
}

/// Where a thread stands, as far as its discussion goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadState {
    Open,
    Resolved,
    /// Turned into a decision record or handbook page.
    Elevated,
}

/// Two people answering each other in a run of turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Circle<P> {
    /// The person who opened the run, then the other.
    pub people: [P; 2],
    /// How many turns the run has.
    pub turns: usize,
}

/// The circle the thread's last comment completes or continues, if there is one.
///
/// # Example
/// ```
/// use longhand_domain::sync::{Circle, ThreadState, Turn::Comment, circling};
///
/// let history = [Comment("ana"), Comment("ben"), Comment("ana"), Comment("ben"), Comment("ana"), Comment("ben")];
/// let found = circling(&history, ThreadState::Open);
/// assert_eq!(found, Some(Circle { people: ["ana", "ben"], turns: 6 }));
/// assert_eq!(circling(&history[1..], ThreadState::Open), None);
/// ```
pub fn circling<P: Copy + PartialEq>(history: &[Turn<P>], state: ThreadState) -> Option<Circle<P>> {
    if state != ThreadState::Open {
        return None;
    }
    let mut run: Vec<P> = Vec::new();
    for turn in history.iter().rev() {
        let Turn::Comment(author) = *turn else {
            break;
        };
        if !continues(&run, author) {
            break;
        }
        run.push(author);
    }
    let (&first, &second) = (run.last()?, run.get(run.len().checked_sub(2)?)?);
    (run.len() >= CIRCLE_TURNS).then_some(Circle {
        people: [first, second],
        turns: run.len(),
    })
}

/// Whether `author`, writing just before the turns of `run` (newest first), extends it.
fn continues<P: PartialEq>(run: &[P], author: P) -> bool {
    match run {
        [] => true,
        [last] => *last != author,
        [.., before, last] => *before == author && *last != author,
    }
}

/// Why a call is suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A thread going in circles.
    Circles,
    /// A review round closed with blocking objections still standing.
    Objections,
}

impl Reason {
    /// The textual form.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Circles => "circles",
            Reason::Objections => "objections",
        }
    }

    /// Parses the textual form.
    pub fn parse(raw: &str) -> Option<Reason> {
        [Reason::Circles, Reason::Objections]
            .into_iter()
            .find(|r| r.as_str() == raw)
    }

    /// What the suggestion says, as one sentence.
    pub fn headline(self) -> &'static str {
        match self {
            Reason::Circles => "This thread is going in circles — a 15-minute call may settle it",
            Reason::Objections => {
                "This review closed with blocking objections still standing — a 15-minute call may settle them"
            }
        }
    }
}

/// What a review round's close does about its call suggestion ([`at_round_close`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloseStep<P> {
    /// No blocking objection stands and no suggestion is open: nothing to do.
    Nothing,
    /// The suggestion still open from an earlier close names the same people: it stands.
    Keep,
    /// Suggest a call between these people, the owner first.
    Suggest(Vec<P>),
    /// The suggestion still open from an earlier close is out of date (other people object
    /// now, or nobody does): the product retires it, then suggests a call between these
    /// people, if any.
    Replace(Option<Vec<P>>),
}

/// Whom a call is suggested for when a review round closes with blocking objections standing,
/// and what happens to a suggestion left open from an earlier close of the same round (it was
/// reopened, and nobody dismissed the suggestion or recorded the call).
///
/// The call is between the round's owner and everyone whose objection stands, in the order
/// given, at most [`MAX_PEOPLE`] in all: one call where the objectors hear each other, not
/// one call per objector. An owner who objects to their own proposal is not an objector to
/// call; a round whose only objection is the owner's suggests nothing. A suggestion still open
/// for the same people (in any order) stands, so a round reopened and closing again on the
/// same objections tells nobody twice.
///
/// # Example
/// ```
/// use longhand_domain::sync::{CloseStep, at_round_close};
///
/// assert_eq!(at_round_close("ana", &["ben", "cid"], None), CloseStep::Suggest(vec!["ana", "ben", "cid"]));
/// assert_eq!(at_round_close("ana", &[], None), CloseStep::Nothing);
/// assert_eq!(at_round_close("ana", &["ben"], Some(&["ana", "ben"][..])), CloseStep::Keep);
/// assert_eq!(at_round_close("ana", &[], Some(&["ana", "ben"][..])), CloseStep::Replace(None));
/// ```
pub fn at_round_close<P: Copy + PartialEq>(
    owner: P,
    objectors: &[P],
    open: Option<&[P]>,
) -> CloseStep<P> {
    let mut people = vec![owner];
    for &objector in objectors {
        if people.len() < MAX_PEOPLE && !people.contains(&objector) {
            people.push(objector);
        }
    }
    let wanted = (people.len() >= 2).then_some(people);
    match (open, wanted) {
        (None, None) => CloseStep::Nothing,
        (None, Some(people)) => CloseStep::Suggest(people),
        (Some(open), Some(people)) if same_people(open, &people) => CloseStep::Keep,
        (Some(_), wanted) => CloseStep::Replace(wanted),
    }
}

/// Whether two lists of distinct people name the same people.
fn same_people<P: PartialEq>(a: &[P], b: &[P]) -> bool {
    a.len() == b.len() && a.iter().all(|p| b.contains(p))
}

/// Where a suggestion stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionState {
    Open,
    Dismissed,
    /// Someone recorded that the call happened.
    Called,
}

/// What one of a suggestion's people does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionAction {
    Dismiss,
    RecordCall,
}

impl SuggestionState {
    /// The textual form.
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionState::Open => "open",
            SuggestionState::Dismissed => "dismissed",
            SuggestionState::Called => "called",
        }
    }

    /// Parses the textual form.
    pub fn parse(raw: &str) -> Option<SuggestionState> {
        [
            SuggestionState::Open,
            SuggestionState::Dismissed,
            SuggestionState::Called,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }

    /// The state after `action`: only an open suggestion can be dismissed or called.
    pub fn apply(self, action: SuggestionAction) -> Result<SuggestionState, SyncError> {
        match (self, action) {
            (SuggestionState::Open, SuggestionAction::Dismiss) => Ok(SuggestionState::Dismissed),
            (SuggestionState::Open, SuggestionAction::RecordCall) => Ok(SuggestionState::Called),
            (from, action) => Err(SyncError::Transition { from, action }),
        }
    }
}

/// Why a sync step was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncError {
    /// A suggestion that is not open.
    Transition {
        from: SuggestionState,
        action: SuggestionAction,
    },
    /// A call "held" after now.
    HeldInFuture,
    /// A call held before the discussion it settles began.
    HeldBeforeSubject,
    /// Fewer than two people on a call, or more than [`MAX_PEOPLE`].
    People { got: usize },
    /// The same person named twice.
    Duplicate,
    /// An outcome owner who was not on the call.
    OwnerNotOnCall,
    /// A note longer than [`MAX_NOTE_CHARS`].
    NoteTooLong,
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::Transition { from, action } => {
                let what = match action {
                    SuggestionAction::Dismiss => "dismissed",
                    SuggestionAction::RecordCall => "turned into a call",
                };
                let why = match from {
                    SuggestionState::Open => "is open",
                    SuggestionState::Dismissed => "was dismissed",
                    SuggestionState::Called => "already has its call recorded",
                };
                write!(f, "this call suggestion {why}, so it cannot be {what}")
            }
            SyncError::HeldInFuture => {
                f.write_str("a call can be recorded once it has happened; that time is still ahead")
            }
            SyncError::HeldBeforeSubject => {
                f.write_str("the call is dated before the discussion it settles began")
            }
            SyncError::People { got } => write!(
                f,
                "a call is between 2 and {MAX_PEOPLE} people; {got} were named"
            ),
            SyncError::Duplicate => f.write_str("someone is named twice on the call"),
            SyncError::OwnerNotOnCall => f.write_str(
                "the person who writes the outcome must be one of the people on the call",
            ),
            SyncError::NoteTooLong => write!(
                f,
                "a call's note can be at most {MAX_NOTE_CHARS} characters"
            ),
        }
    }
}

impl std::error::Error for SyncError {}

/// Checks a call record: held between the start of the discussion and now, between two and
/// [`MAX_PEOPLE`] different people, the outcome's owner among them, and a short note.
pub fn check_call<P: PartialEq>(
    call: &CallFacts<'_, P>,
    now: Timestamp,
    subject_began: Timestamp,
) -> Result<(), SyncError> {
    if call.held_at > now {
        return Err(SyncError::HeldInFuture);
    }
    if call.held_at < subject_began {
        return Err(SyncError::HeldBeforeSubject);
    }
    let got = call.people.len();
    if !(2..=MAX_PEOPLE).contains(&got) {
        return Err(SyncError::People { got });
    }
    let duplicate = call
        .people
        .iter()
        .enumerate()
        .any(|(i, p)| call.people[..i].contains(p));
    if duplicate {
        return Err(SyncError::Duplicate);
    }
    if !call.people.contains(call.owner) {
        return Err(SyncError::OwnerNotOnCall);
    }
    if call.note.chars().count() > MAX_NOTE_CHARS {
        return Err(SyncError::NoteTooLong);
    }
    Ok(())
}

/// What a call record says, for [`check_call`].
#[derive(Debug, Clone, Copy)]
pub struct CallFacts<'a, P> {
    pub held_at: Timestamp,
    pub people: &'a [P],
    pub owner: &'a P,
    pub note: &'a str,
}

/// The urgency a call's outcome ask files under, with its target set to one business day
/// (DESIGN.md §2.4): the charter's `normal` level when there is one (one business day by
/// default), else its first level not counted as urgent, else its first level. The level
/// keeps its key and name, so the ask reads like the team's other asks.
pub fn outcome_level(charter: &Charter) -> UrgencyLevel {
    let levels = charter.levels();
    let chosen = levels
        .iter()
        .find(|l| l.key == "normal")
        .or_else(|| levels.iter().find(|l| !l.counts_as_urgent))
        .or(levels.first());
    let mut level = chosen.cloned().unwrap_or_else(|| UrgencyLevel {
        key: "normal".to_owned(),
        name: "Normal".to_owned(),
        target: Target::Business(BusinessDuration::Days(1)),
        counts_as_urgent: false,
    });
    level.target = Target::Business(BusinessDuration::Days(1));
    level.counts_as_urgent = false;
    level
}

/// The first quarter hour from `now` on, within [`SEARCH_DAYS`], when every one of
/// `calendars` is working for the whole [`CALL_MINUTES`]: preferably outside everyone's focus
/// blocks, else the first such quarter hour even if it cuts into someone's focus. `None` when
/// they share no working quarter hour in that time.
///
/// Calls start on the quarter hour (of UTC, which is also the quarter hour of every zone in
/// use), so a suggestion reads as a time people would pick.
pub fn suggest_time(calendars: &[Calendar], now: Timestamp) -> Option<Timestamp> {
    let horizon = now
        .checked_add(SignedDuration::from_hours(24 * SEARCH_DAYS))
        .ok()?;
    let found = overlap(calendars, Window::new(now, horizon)?).ok()?;
    let length = SignedDuration::from_mins(CALL_MINUTES);
    let mut starts = found.quarter_starts(now, length).peekable();
    let fallback = starts.peek().copied();
    starts
        .find(|&start| unfocused(calendars, start, length))
        .or(fallback)
}

#[cfg(test)]
mod tests;
