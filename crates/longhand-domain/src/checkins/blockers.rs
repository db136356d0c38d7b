//! A blocker: an item someone reported in a check-in, with an owner who can unblock it.
//!
//! States: *open* until its owner (or the reporter, the team's DRI, an admin) marks it
//! *unblocked* or *won't fix*; both are final. Its resolution time is measured in the owner's
//! business time (DESIGN.md §1 rule 5: the KPI targets under 24 business hours). While open it
//! escalates along the team charter's escalation path: step `n` (0-based) fires `n + 1` times
//! the team's escalation delay (24 business hours unless the team sets another) after it was
//! opened, on the owner's calendar.

use crate::calendar::{BusinessDuration, Calendar};
use jiff::{SignedDuration, Timestamp};
use std::fmt;

/// The escalation delay of a team that set none.
pub const DEFAULT_ESCALATION: SignedDuration = SignedDuration::from_hours(24);

/// Where a blocker is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockerState {
    Open,
    Unblocked,
    WontFix,
}

/// What can happen to a blocker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockerAction {
    Unblock,
    WontFix,
}

/// A transition the state machine refuses, naming what is allowed instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockerError {
    Illegal {
        from: BlockerState,
        action: BlockerAction,
    },
    /// A state or action that does not exist.
    Unknown(String),
}

impl BlockerState {
    pub const ALL: [BlockerState; 3] = [
        BlockerState::Open,
        BlockerState::Unblocked,
        BlockerState::WontFix,
    ];

    /// The stored form: `open`, `unblocked`, `wont_fix`.
    pub fn as_str(self) -> &'static str {
        match self {
            BlockerState::Open => "open",
            BlockerState::Unblocked => "unblocked",
            BlockerState::WontFix => "wont_fix",
        }
    }

    /// How people read it.
    pub fn label(self) -> &'static str {
        match self {
            BlockerState::Open => "open",
            BlockerState::Unblocked => "unblocked",
            BlockerState::WontFix => "won't fix",
        }
    }

    /// Parses the stored form.
    pub fn parse(raw: &str) -> Result<BlockerState, BlockerError> {
        BlockerState::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or_else(|| {
                BlockerError::Unknown(format!(
                    "unknown blocker state \"{raw}\"; use open, unblocked or wont_fix"
                ))
            })
    }

    /// What may happen from this state.
    pub fn allowed(self) -> &'static [BlockerAction] {
        match self {
            BlockerState::Open => &[BlockerAction::Unblock, BlockerAction::WontFix],
            BlockerState::Unblocked | BlockerState::WontFix => &[],
        }
    }

    /// The state after `action`, or why it cannot happen.
    pub fn apply(self, action: BlockerAction) -> Result<BlockerState, BlockerError> {
        if !self.allowed().contains(&action) {
            return Err(BlockerError::Illegal { from: self, action });
        }
        Ok(match action {
            BlockerAction::Unblock => BlockerState::Unblocked,
            BlockerAction::WontFix => BlockerState::WontFix,
        })
    }
}

impl BlockerAction {
    /// The API's form: `unblocked` or `wont_fix` (the state it leads to).
    pub fn as_str(self) -> &'static str {
        match self {
            BlockerAction::Unblock => "unblocked",
            BlockerAction::WontFix => "wont_fix",
        }
    }

    /// Parses `unblocked` (or `unblock`) and `wont_fix` (or `won't fix`, `wontfix`).
    pub fn parse(raw: &str) -> Result<BlockerAction, BlockerError> {
        let key = raw
            .trim()
            .to_ascii_lowercase()
            .replace(['\'', ' ', '-'], "_");
        match key.as_str() {
            "unblocked" | "unblock" => Ok(BlockerAction::Unblock),
            "wont_fix" | "won_t_fix" | "wontfix" => Ok(BlockerAction::WontFix),
            _ => Err(BlockerError::Unknown(format!(
                "unknown resolution \"{raw}\"; use unblocked or wont_fix"
            ))),
        }
    }

    fn verb(self) -> &'static str {
        match self {
            BlockerAction::Unblock => "unblock",
            BlockerAction::WontFix => "mark as won't fix",
        }
    }
}

impl fmt::Display for BlockerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockerError::Illegal { from, action } => write!(
                f,
                "cannot {} a blocker that is {}: it is resolved, and only an open blocker can be unblocked or marked won't fix",
                action.verb(),
                from.label()
            ),
            BlockerError::Unknown(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for BlockerError {}

/// How long a blocker took to resolve, in the owner's business time.
pub fn resolution_time(owner: &Calendar, opened: Timestamp, resolved: Timestamp) -> SignedDuration {
    owner.between(opened, resolved)
}

/// When escalation step `step` (0-based) fires: `step + 1` delays of business time after the
/// blocker opened, on the owner's calendar. `None` beyond the calendar's horizon.
pub fn escalation_at(
    owner: &Calendar,
    opened: Timestamp,
    delay: SignedDuration,
    step: u32,
) -> Option<Timestamp> {
    let total = delay.checked_mul(i32::try_from(step).ok()?.checked_add(1)?)?;
    owner.add(opened, BusinessDuration::Working(total)).ok()
}
