//! Check-ins and blockers (DESIGN.md §1 rule 5, §2.5): when each member is prompted, when
//! their answer is due and when their period closes, and the life of a blocker.
//!
//! - `period.rs`: a team's [`Schedule`] (daily, or weekly on a weekday, at a local time) read
//!   on one member's calendar — prompts fall only on that member's working days, in their
//!   zone, skipping their holidays and time off — and the [`Period`] each prompt opens.
//! - `blockers.rs`: the blocker's state machine, its resolution time in business hours and
//!   the instants its escalation steps fire.
//! - `answer.rs`: what a check-in answer may hold (lengths, control characters, the
//!   `TEXT @handle` and `@handle QUESTION` forms).
//!
//! Everything here is a function of its inputs; calendars and `now` are parameters.

mod answer;
mod blockers;
mod period;

#[cfg(test)]
mod tests;

pub use answer::{
    AnswerError, HelpRequest, MAX_BLOCKER_CHARS, MAX_FIELD_CHARS, MAX_ITEMS, MAX_QUESTION_CHARS,
    NamedBlocker, check_fields, parse_blocker, parse_help,
};
pub use blockers::{
    BlockerAction, BlockerError, BlockerState, DEFAULT_ESCALATION, escalation_at, resolution_time,
};
pub use period::{Cadence, Period, REMINDER_SHARE, Schedule, Standing};
