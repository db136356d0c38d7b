//! People's hours on the meeting gate: each person's local time for a meeting, a warning for
//! whoever it falls outside working hours or inside a focus block (or on a holiday or time
//! off), and the nearest slot that suits everyone — for the register form as it is filled,
//! for the API, and for the meeting's page.
//!
//! Nothing here is stored: the warnings are computed whenever a meeting is shown, so they
//! follow a person who changes their hours. The rules are `longhand_domain::meetings::gate`'s
//! (`local_time`, `nearest_slot`); this module loads the calendars and words the answer.

use super::{NewMeetingInput, invitees, resolve_start};
use crate::ops::asks::calendar_of;
use crate::ops::{Actor, App, OpResult, forbidden, invalid};
use crate::store::members as store_members;
use crate::views::planned_meetings::{MeetingRecord, PersonRecord};
use crate::wording::zone_city;
use jiff::{SignedDuration, Timestamp};
use longhand_domain::calendar::Calendar;
use longhand_domain::meetings::gate::{self, Length, LocalTime, Suggestion};
use longhand_domain::workspace::Role;
use sqlx::AnyConnection;

/// One person's view of a meeting.
#[derive(Debug, Clone)]
pub struct PersonTime {
    pub handle: String,
    pub name: String,
    /// The IANA zone name ("UTC" for a zone without one).
    pub zone: String,
    pub organiser: bool,
    pub local: LocalTime,
}

impl PersonTime {
    /// The meeting on their clock: "Tue 07:30–08:20".
    pub fn span(&self) -> String {
        format!(
            "{}–{}",
            self.local.start.strftime("%a %H:%M"),
            self.local.end.strftime("%H:%M")
        )
    }

    /// The city of their zone: "Lisbon".
    pub fn city(&self) -> String {
        zone_city(&self.zone)
    }

    /// What is wrong with the time for them, in a sentence:
    /// "Ana — 07:30 Tue in Lisbon, before their hours (09:00–17:00)".
    pub fn warning(&self) -> Option<String> {
        let clash = self.local.clash.as_ref()?;
        Some(format!(
            "{} — {} in {}, {clash}",
            self.name,
            self.local.start.strftime("%H:%M %a"),
            self.city()
        ))
    }
}

/// The nearest slot for everyone, or who has no overlap with the organiser.
#[derive(Debug, Clone)]
pub enum SlotHint {
    At(Timestamp),
    /// No common slot within the search; the people in the way (none when no single person
    /// can be named).
    NoCommonSlot(Vec<PersonTime>),
}

impl SlotHint {
    /// The sentence shown when there is no common slot.
    pub fn none_text(people: &[PersonTime]) -> String {
        let days = gate::SEARCH_DAYS;
        let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
        if names.is_empty() {
            return format!("No time suits everyone within {days} days either side.");
        }
        format!(
            "No time suits everyone within {days} days either side — no working time in common with the others: {}.",
            names.join(", ")
        )
    }
}

/// Everyone's local time for a meeting and, when it does not suit someone, a suggestion.
#[derive(Debug, Clone)]
pub struct HoursCheck {
    /// The organiser first, then the people on the meeting.
    pub people: Vec<PersonTime>,
    pub suggestion: Option<SlotHint>,
    calendars: Vec<Calendar>,
}

impl HoursCheck {
    /// The warnings, one per person the meeting does not suit.
    pub fn warnings(&self) -> Vec<String> {
        self.people.iter().filter_map(PersonTime::warning).collect()
    }

    /// Fills the suggestion when the meeting does not suit someone.
    pub(crate) fn suggest(&mut self, start: Timestamp, length: SignedDuration, now: Timestamp) {
        if self.people.iter().all(|p| p.local.clash.is_none()) {
            return;
        }
        self.suggestion = Some(
            match gate::nearest_slot(&self.calendars, start, length, now) {
                Suggestion::At(at) => SlotHint::At(at),
                Suggestion::Nobody(who) => SlotHint::NoCommonSlot(
                    who.iter()
                        .filter_map(|&i| self.people.get(i).cloned())
                        .collect(),
                ),
            },
        );
    }
}

/// Someone to place a meeting for: their member id and whether they organise it.
struct Seat {
    member_id: i64,
    organiser: bool,
}

/// Each person's local time for `[start, start + length)`, without a suggestion yet.
async fn check(
    conn: &mut AnyConnection,
    seats: &[Seat],
    start: Timestamp,
    length: SignedDuration,
) -> OpResult<HoursCheck> {
    let mut people = Vec::with_capacity(seats.len());
    let mut calendars = Vec::with_capacity(seats.len());
    for seat in seats {
        let member = store_members::by_id(conn, seat.member_id).await?;
        let calendar = calendar_of(&member.calendar, &member.handle)?;
        people.push(PersonTime {
            handle: member.handle,
            name: member.name,
            zone: calendar.time_zone().iana_name().unwrap_or("UTC").to_owned(),
            organiser: seat.organiser,
            local: gate::local_time(&calendar, start, length),
        });
        calendars.push(calendar);
    }
    Ok(HoursCheck {
        people,
        suggestion: None,
        calendars,
    })
}

/// Everyone's local time for a stored meeting (the organiser first).
pub(crate) async fn of_meeting(
    conn: &mut AnyConnection,
    meeting: &MeetingRecord,
    people: &[PersonRecord],
    length: Length,
) -> OpResult<HoursCheck> {
    let organiser = Seat {
        member_id: meeting.organiser_id,
        organiser: true,
    };
    let seats: Vec<Seat> = std::iter::once(organiser)
        .chain(people.iter().map(|p| Seat {
            member_id: p.member_id,
            organiser: false,
        }))
        .collect();
    check(conn, &seats, meeting.starts_at, length.duration()).await
}

/// Checks a meeting as the register form or the API holds it, before it exists: the same
/// start, length and invitee rules as registering, then everyone's local time and, when it
/// does not suit someone, the nearest slot that suits everyone.
pub async fn check_draft(
    app: &App,
    actor: &Actor,
    input: &NewMeetingInput,
) -> OpResult<HoursCheck> {
    if actor.role == Role::Guest {
        return Err(forbidden("guests can attend meetings, not register them"));
    }
    let length = Length::from_minutes(input.minutes).map_err(invalid)?;
    let now = app.now();
    let mut conn = app.store().read().await?;
    let start = resolve_start(&mut conn, actor, input.start).await?;
    gate::check_start(start, now).map_err(invalid)?;
    let invited = invitees(&mut conn, actor, &input.invited).await?;
    let seats: Vec<Seat> = std::iter::once(Seat {
        member_id: actor.id,
        organiser: true,
    })
    .chain(invited.iter().map(|p| Seat {
        member_id: p.member_id,
        organiser: false,
    }))
    .collect();
    let mut found = check(&mut conn, &seats, start, length.duration()).await?;
    found.suggest(start, length.duration(), now);
    Ok(found)
}
