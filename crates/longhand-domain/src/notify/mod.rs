//! The notification router's policy (DESIGN.md §1 rule 6, §2.5; issue #12 §3): for one
//! recipient and one notice, whether it reaches them outside the app now, at the start of
//! their next working period, in their next digest, or not at all.
//!
//! The rules, in the order they apply:
//! 1. A Sev1 incident reaches everyone addressed at once: it ignores muted spaces, working
//!    hours, focus blocks and "do not disturb".
//! 2. A muted space (the person's override, else the space's default) mutes what the person
//!    only hears as a follower of the space or a document in it. What names the person
//!    directly — a mention, an ask to them, something they own — is still delivered, as if
//!    the space notified in digests: muting a space is a way to stop following its chatter,
//!    not to miss a question addressed to you. Such a notice cannot be raised by the space
//!    either, so a muted space never makes anything `Now`.
//! 3. An urgent notice, and a normal notice of a space that notifies `immediate`ly, reaches
//!    the person now when they are working outside a focus block and not in "do not
//!    disturb"; otherwise at the first instant that is (`Route::At`).
//! 4. Everything else goes into the digest.
//!
//! Which external channels take `Now`/`At` and digest messages is the person's channel
//! setting, applied where deliveries are queued; the in-app copy is kept for every route but
//! `Muted`.

mod snooze;

#[cfg(test)]
mod tests;

use crate::calendar::{Availability, Calendar};
use crate::workspace::NoiseLevel;
use jiff::Timestamp;

pub use snooze::{LATER_TODAY_HOURS, Snooze, SnoozeError, snooze_until};

/// How urgent a notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Urgency {
    /// Batched into the digest unless the space asks for more.
    Normal,
    /// Reaches the person at once while they work, else when they next do.
    Urgent,
    /// A Sev1 incident: at once, whatever the person's hours, focus and "do not disturb".
    Sev1,
}

impl Urgency {
    /// The textual form stored with the notification.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Urgent => "urgent",
            Urgency::Sev1 => "sev1",
        }
    }

    /// Reads the stored form; anything unknown is `Normal`, the quietest choice.
    pub fn from_stored(raw: &str) -> Urgency {
        match raw {
            "urgent" => Urgency::Urgent,
            "sev1" => Urgency::Sev1,
            _ => Urgency::Normal,
        }
    }
}

/// Why the person hears about it: it names them, or they follow where it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// A mention, an ask to them, something they own or answer for.
    Direct,
    /// They follow the space or the document.
    Follower,
}

/// What the router decided for one recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Nothing: not in the app, not outside it.
    Muted,
    /// Delivered outside the app at once.
    Now,
    /// Delivered outside the app at this instant, the start of the person's next reachable
    /// working time.
    At(Timestamp),
    /// Into the person's next digest.
    Digest,
}

impl Route {
    /// The stored form (`Muted` is never stored: a muted notice leaves no row).
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Muted => "muted",
            Route::Now => "now",
            Route::At(_) => "at",
            Route::Digest => "digest",
        }
    }
}

/// The notice, as far as routing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub urgency: Urgency,
    pub audience: Audience,
    /// The default noise level of the space it happened in; `None` when it belongs to no
    /// space (an ask, a review round).
    pub space_noise: Option<NoiseLevel>,
}

/// The recipient, as far as routing goes.
#[derive(Debug, Clone, Copy)]
pub struct Recipient<'a> {
    pub calendar: &'a Calendar,
    /// "Do not disturb" until this instant, if set.
    pub dnd_until: Option<Timestamp>,
    /// The person's own noise level for the notice's space, overriding its default.
    pub space_override: Option<NoiseLevel>,
}

/// Routes one notice to one recipient at `now`.
///
/// # Example
/// ```
/// use jiff::tz::TimeZone;
/// use longhand_domain::calendar::{Calendar, WeeklyHours};
/// use longhand_domain::notify::{route, Audience, Notice, Recipient, Route, Urgency};
///
/// let tz = TimeZone::get("Asia/Kolkata").unwrap();
/// let calendar = Calendar::new(tz, WeeklyHours::standard(), vec![], vec![], vec![]).unwrap();
/// let person = Recipient { calendar: &calendar, dnd_until: None, space_override: None };
/// let notice = Notice { urgency: Urgency::Normal, audience: Audience::Direct, space_noise: None };
/// // Tuesday 10:30 in Kolkata: a normal notice still waits for the digest.
/// let now = "2026-03-10T05:00:00Z".parse().unwrap();
/// assert_eq!(route(&notice, &person, now), Route::Digest);
/// ```
pub fn route(notice: &Notice, person: &Recipient<'_>, now: Timestamp) -> Route {
    if notice.urgency == Urgency::Sev1 {
        return Route::Now;
    }
    // An override speaks for the notice's space only; a notice outside spaces has none.
    let noise = notice
        .space_noise
        .map(|default| person.space_override.unwrap_or(default));
    let raised = match (noise, notice.audience) {
        (Some(NoiseLevel::Muted), Audience::Follower) => return Route::Muted,
        (Some(NoiseLevel::Immediate), _) => true,
        _ => false,
    };
    if notice.urgency == Urgency::Urgent || raised {
        return when_reachable(person, now);
    }
    Route::Digest
}

/// `Now` when the person is working outside focus and not in "do not disturb", else the
/// first instant they are. A calendar with no working time within its horizon has no such
/// instant: the notice waits for the digest rather than waking the person up.
fn when_reachable(person: &Recipient<'_>, now: Timestamp) -> Route {
    let from = match person.dnd_until {
        Some(until) if until > now => until,
        _ => now,
    };
    if from == now && person.calendar.availability_at(now) == Availability::Working {
        return Route::Now;
    }
    match person.calendar.next_reachable_instant(from) {
        // The calendar works in whole seconds: the instant can be the second `from` lies in.
        Some(at) if at <= now => Route::Now,
        Some(at) => Route::At(at.max(from)),
        None => Route::Digest,
    }
}
