//! Review rounds on proposals (DESIGN.md §1 rule 4, §2.4): the round's state machine, the
//! verdicts people give, the window on the team calendar, the decision rules and the
//! synthesis the owner publishes from.
//!
//! A round is *open* for a window of business time; it *closes* at the window's end (or early,
//! once everyone whose answer decides it has answered) and may be *reopened*; a closed round is
//! either *decided* (a decision record is published) or *revised* (the owner changes the
//! proposal and a new round starts, the old one kept as history).
//!
//! - `window.rs`: the window, when it closes and when "closing soon" goes out, and the
//!   48-business-hour deadline of open questions.
//! - `rules.rs`: who may decide what once the window closes (reversible, irreversible, ties,
//!   blocking objections, the DRI's tie-break, open questions).
//! - `synthesis.rs`: the decision record's draft, pre-filled from the proposal and the round.
//!
//! Everything here is a function of its inputs; time and calendars are parameters.

mod rules;
mod synthesis;
mod window;

#[cfg(test)]
mod tests;

pub use rules::{
    Answer, Blocked, Facts, Outcome, Reversibility, Stakes, TieReason, Waiting, decide,
    may_close_early, stakes, tie_break_needed,
};
pub use synthesis::{Draft, Tally, draft, section_text};
pub use window::{
    CLOSING_SOON_LEAD, DEFAULT_WINDOW, MAX_WINDOW_DAYS, QUESTION_WINDOW, Schedule, Window,
    closing_soon, question_deadline, schedule,
};

use std::fmt;

/// The longest reason, comment, question or answer, in characters.
pub const MAX_TEXT_CHARS: usize = 5_000;

/// Where a round is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundState {
    /// Inside its window: verdicts are given and changed.
    Open,
    /// The window closed: the owner synthesises and decides, revises, or reopens it.
    Closed,
    /// A decision record was published from it. Final.
    Decided,
    /// The owner revised the proposal; the next round took over. Final.
    Revised,
}

/// What happens to a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundAction {
    Close,
    Reopen,
    Decide,
    Revise,
}

impl RoundState {
    pub const ALL: [RoundState; 4] = [
        RoundState::Open,
        RoundState::Closed,
        RoundState::Decided,
        RoundState::Revised,
    ];

    /// The textual form, stored and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            RoundState::Open => "open",
            RoundState::Closed => "closed",
            RoundState::Decided => "decided",
            RoundState::Revised => "revised",
        }
    }

    pub fn parse(raw: &str) -> Option<RoundState> {
        RoundState::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// What may happen to a round in this state.
    pub fn next(self) -> &'static [RoundAction] {
        match self {
            RoundState::Open => &[RoundAction::Close],
            RoundState::Closed => &[
                RoundAction::Reopen,
                RoundAction::Decide,
                RoundAction::Revise,
            ],
            RoundState::Decided | RoundState::Revised => &[],
        }
    }

    /// The state after `action`, or why it cannot happen (naming what can).
    pub fn apply(self, action: RoundAction) -> Result<RoundState, ReviewError> {
        if !self.next().contains(&action) {
            return Err(ReviewError::Transition { from: self, action });
        }
        Ok(match action {
            RoundAction::Close => RoundState::Closed,
            RoundAction::Reopen => RoundState::Open,
            RoundAction::Decide => RoundState::Decided,
            RoundAction::Revise => RoundState::Revised,
        })
    }
}

impl RoundAction {
    /// The past participle: "a round that is open cannot be *decided*".
    pub fn done(self) -> &'static str {
        match self {
            RoundAction::Close => "closed",
            RoundAction::Reopen => "reopened",
            RoundAction::Decide => "decided",
            RoundAction::Revise => "revised",
        }
    }
}

/// What a participant says about the proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Approve,
    ApproveWithComments,
    /// A blocking objection; it needs a reason.
    Object,
    Abstain,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Approve,
        Verdict::ApproveWithComments,
        Verdict::Object,
        Verdict::Abstain,
    ];

    /// The textual form, stored and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Approve => "approve",
            Verdict::ApproveWithComments => "approve_with_comments",
            Verdict::Object => "object",
            Verdict::Abstain => "abstain",
        }
    }

    /// As people read it.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Approve => "approve",
            Verdict::ApproveWithComments => "approve with comments",
            Verdict::Object => "object",
            Verdict::Abstain => "abstain",
        }
    }

    /// Parses the textual form; spaces and hyphens read as underscores.
    pub fn parse(raw: &str) -> Result<Verdict, ReviewError> {
        let key = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Verdict::ALL
            .into_iter()
            .find(|v| v.as_str() == key)
            .ok_or_else(|| ReviewError::UnknownVerdict(raw.trim().to_owned()))
    }

    /// Whether the verdict consents to the proposal (an irreversible decision needs every
    /// decider's consent; abstaining is not consent).
    pub fn consents(self) -> bool {
        matches!(self, Verdict::Approve | Verdict::ApproveWithComments)
    }
}

/// A verdict with its reason or comment, checked: an objection must say why.
pub fn check_verdict(verdict: Verdict, reason: &str) -> Result<Option<String>, ReviewError> {
    let reason = reason.trim();
    if reason.chars().count() > MAX_TEXT_CHARS {
        return Err(ReviewError::TooLong("the reason"));
    }
    match (verdict, reason.is_empty()) {
        (Verdict::Object, true) => Err(ReviewError::ReasonRequired),
        (_, true) => Ok(None),
        (_, false) => Ok(Some(reason.to_owned())),
    }
}

/// Whether someone reviews the proposal or is one of the people who decide it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Reviewer,
    Decider,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Decider => "decider",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        [Role::Reviewer, Role::Decider]
            .into_iter()
            .find(|r| r.as_str() == raw)
    }
}

/// Why a review action is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewError {
    /// The round's state does not allow it.
    Transition {
        from: RoundState,
        action: RoundAction,
    },
    UnknownVerdict(String),
    /// An objection without a reason.
    ReasonRequired,
    TooLong(&'static str),
    /// A window that cannot be read or is out of bounds.
    Window(String),
    /// A category the charter makes irreversible, on a decision called reversible.
    CategoryIrreversible {
        category: String,
    },
    /// An irreversible decision without a category.
    CategoryNeeded {
        listed: Vec<String>,
    },
    /// A category that is blank, too long or not one line.
    BadCategory(String),
}

impl fmt::Display for ReviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReviewError::Transition { from, action } => {
                let can: Vec<&str> = from.next().iter().map(|a| a.done()).collect();
                let can = match can.as_slice() {
                    [] => "nothing: it is final".to_owned(),
                    [one] => (*one).to_owned(),
                    [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
                };
                write!(
                    f,
                    "a round that is {} cannot be {}; from {} it can only be {can}",
                    from.as_str(),
                    action.done(),
                    from.as_str()
                )
            }
            ReviewError::UnknownVerdict(got) => write!(
                f,
                "unknown verdict \"{got}\"; expected one of: approve, approve_with_comments, object, abstain"
            ),
            ReviewError::ReasonRequired => f.write_str(
                "an objection blocks the decision, so it needs a reason: say what would have to change",
            ),
            ReviewError::TooLong(what) => {
                write!(f, "{what} can be at most {MAX_TEXT_CHARS} characters")
            }
            ReviewError::Window(why) => f.write_str(why),
            ReviewError::CategoryIrreversible { category } => write!(
                f,
                "the team's charter makes {category} decisions irreversible; open the review as irreversible"
            ),
            ReviewError::CategoryNeeded { listed } => write!(
                f,
                "an irreversible decision needs a category (the team's charter lists: {})",
                listed.join(", ")
            ),
            ReviewError::BadCategory(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ReviewError {}
