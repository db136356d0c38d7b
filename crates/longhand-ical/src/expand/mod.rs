//! Expanding series into occurrences over a time window.
//!
//! A master event's recurrence set is DTSTART, its RRULEs and its RDATEs, merged in order on
//! the wall clock of DTSTART's zone, minus EXDATEs. An override (an event with RECURRENCE-ID)
//! replaces the instance that started at its RECURRENCE-ID; with `RANGE=THISANDFUTURE` its
//! changes (the shift of the start, the length and the other properties) carry over to every
//! later instance too. Cancelled events and instances are left out.
//!
//! Each instance's wall-clock time becomes an instant in its zone with RFC 5545's rule for
//! times the clock skips or repeats (`jiff`'s "compatible" disambiguation): a nonexistent time
//! is shifted forward by the length of the gap and an ambiguous time takes the earlier offset.
//!
//! This file holds the public side (occurrences, budgets, the lazy per-series iterator) and
//! how one occurrence is built on an event's wall clock; `base` walks the master's
//! recurrence set.

mod base;
mod stale;

use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use crate::civil::{self, DAY};
use crate::model::{Attendee, Calendar, Event, Organizer, Series, SeriesKey, Status, When};
use base::Base;
pub(crate) use stale::{STALE_CHECK_STEPS, stale_overrides};

/// One occurrence of an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Occurrence<'c> {
    /// The event the occurrence's details come from: the master, or the override that replaced
    /// or (with THISANDFUTURE) reshaped this instance.
    pub event: &'c Event,
    /// The series it belongs to, for grouping a recurring meeting's occurrences.
    pub series: SeriesKey,
    /// The instance's original start (its RECURRENCE-ID), or `None` for a one-off event.
    pub recurrence_id: Option<Timestamp>,
    /// When it starts. Floating and all-day occurrences are read as if they were UTC.
    pub start: Timestamp,
    /// When it ends, read the same way.
    pub end: Timestamp,
    /// The start on the wall clock of its zone (for floating times, the time as written).
    pub civil_start: DateTime,
    /// The end on the same wall clock.
    pub civil_end: DateTime,
    /// Whether it is an all-day (DATE) occurrence.
    pub all_day: bool,
    /// Whether it has no zone of its own (floating times and all-day dates).
    pub floating: bool,
}

impl<'c> Occurrence<'c> {
    /// The event's UID.
    pub fn uid(&self) -> &'c str {
        &self.event.uid
    }

    /// The event's SUMMARY.
    pub fn summary(&self) -> &'c str {
        &self.event.summary
    }

    /// The event's ATTENDEEs.
    pub fn attendees(&self) -> &'c [Attendee] {
        &self.event.attendees
    }

    /// The event's ORGANIZER.
    pub fn organizer(&self) -> Option<&'c Organizer> {
        self.event.organizer.as_ref()
    }
}

/// The most occurrences one series contributes to [`Calendar::expand`]. A meeting that
/// repeats every 15 minutes for a year has 35,040; beyond this a rule (`FREQ=SECONDLY` over a
/// year) is noise or an attack, and collecting it would cost gigabytes.
pub const MAX_OCCURRENCES_PER_SERIES: usize = 100_000;

/// The most occurrences one file contributes to [`Calendar::expand`] (all series together).
/// Capping each series alone is not enough: twenty `FREQ=SECONDLY` series fit in 6 KB and
/// would still make two million occurrences.
pub const MAX_OCCURRENCES_PER_FILE: usize = 200_000;

/// The most steps one file's expansion takes by default. A step is one day (or sub-daily
/// period) the engine checks against a rule or one candidate instance it considers, each a
/// small, bounded amount of work, so this bounds the time an expansion takes without reading
/// a clock. A weekly meeting over two years takes about a thousand steps, and the occurrence
/// cap's worth of a minutely series about 600,000; a rule that needs more (`COUNT` on
/// irregular periods from decades ago) is cut and reported.
pub const MAX_STEPS_PER_FILE: u64 = 5_000_000;

/// How much an expansion may still do: occurrences it may produce and steps it may take.
/// Pass the same budget to several [`Calendar::expand_where`] calls to share it among files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Occurrences that may still be produced.
    pub occurrences: usize,
    /// Steps (days or sub-daily periods checked, candidate instances considered) that may
    /// still be taken.
    pub steps: u64,
}

impl Budget {
    /// One file's budget: [`MAX_OCCURRENCES_PER_FILE`] and [`MAX_STEPS_PER_FILE`].
    pub const PER_FILE: Budget = Budget {
        occurrences: MAX_OCCURRENCES_PER_FILE,
        steps: MAX_STEPS_PER_FILE,
    };

    /// The smaller of two budgets, part by part: a file's share of what a report has left.
    pub fn min(self, other: Budget) -> Budget {
        Budget {
            occurrences: self.occurrences.min(other.occurrences),
            steps: self.steps.min(other.steps),
        }
    }

    /// Whether nothing more can be expanded.
    pub fn is_spent(&self) -> bool {
        self.occurrences == 0 || self.steps == 0
    }

    /// Takes what `used` used from this budget.
    pub fn spend(&mut self, used: Budget) {
        self.occurrences = self.occurrences.saturating_sub(used.occurrences);
        self.steps = self.steps.saturating_sub(used.steps);
    }
}

/// The result of [`Calendar::expand`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expansion<'c> {
    /// Every occurrence, sorted by start (then UID and RECURRENCE-ID, so the order is stable).
    pub occurrences: Vec<Occurrence<'c>>,
    /// Series cut off at [`MAX_OCCURRENCES_PER_SERIES`].
    pub truncated: Vec<SeriesKey>,
    /// Series cut short, or not expanded at all, because the [`Budget`] ran out.
    pub over_budget: Vec<SeriesKey>,
    /// The steps the expansion took (see [`Budget`]).
    pub steps: u64,
}

impl Calendar {
    /// Every occurrence that overlaps `[from, to)`. A zero-length occurrence counts when it
    /// starts inside the window. One file's [`Budget::PER_FILE`] bounds the work; what it cut
    /// is listed in [`Expansion::over_budget`].
    ///
    /// # Example
    /// ```
    /// let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:standup\nDTSTART;TZID=Europe/Berlin:20260323T090000\n\
    ///            DURATION:PT15M\nRRULE:FREQ=DAILY;COUNT=10\nEND:VEVENT\nEND:VCALENDAR\n";
    /// let cal = longhand_ical::parse(ics).unwrap();
    /// let from = "2026-03-27T00:00:00Z".parse().unwrap();
    /// let to = "2026-03-31T00:00:00Z".parse().unwrap();
    /// let starts: Vec<String> = cal.expand(from, to).occurrences.iter().map(|o| o.start.to_string()).collect();
    /// // 09:00 in Berlin is 08:00 UTC before the switch to summer time on the 29th, 07:00 after.
    /// assert_eq!(starts, ["2026-03-27T08:00:00Z", "2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"]);
    /// ```
    pub fn expand(&self, from: Timestamp, to: Timestamp) -> Expansion<'_> {
        let mut budget = Budget::PER_FILE;
        self.expand_where(from, to, &mut budget, |_| true)
    }

    /// Like [`Calendar::expand`], for the series `keep` accepts, within `budget` (which is
    /// reduced by what was used). Series past the budget are listed in
    /// [`Expansion::over_budget`], so the caller can say what was left out.
    ///
    /// # Example
    /// ```
    /// use longhand_ical::Budget;
    /// let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20260302T090000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n\
    ///            BEGIN:VEVENT\nUID:b\nDTSTART:20260302T100000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\nEND:VCALENDAR\n";
    /// let cal = longhand_ical::parse(ics).unwrap();
    /// let (from, to) = ("2026-03-02T00:00:00Z".parse().unwrap(), "2026-03-09T00:00:00Z".parse().unwrap());
    /// let mut budget = Budget { occurrences: 10, steps: 1_000 };
    /// let expansion = cal.expand_where(from, to, &mut budget, |_| true);
    /// // Series `a` has its 7 days; `b` gets the 3 occurrences that were left.
    /// assert_eq!(expansion.occurrences.len(), 10);
    /// assert_eq!(expansion.over_budget.len(), 1);
    /// assert_eq!(budget.occurrences, 0);
    /// ```
    pub fn expand_where(
        &self,
        from: Timestamp,
        to: Timestamp,
        budget: &mut Budget,
        keep: impl Fn(&Series) -> bool,
    ) -> Expansion<'_> {
        let mut out = Expansion::default();
        for (i, s) in self.series.iter().enumerate() {
            if keep(s) {
                out.add_series(s, SeriesKey(i as u32), (from, to), budget);
            }
        }
        out.occurrences.sort_by(|a, b| {
            (a.start, a.uid(), a.recurrence_id, a.end).cmp(&(
                b.start,
                b.uid(),
                b.recurrence_id,
                b.end,
            ))
        });
        out
    }

    /// The occurrences of [`Calendar::expand`], sorted by start.
    pub fn occurrences(&self, from: Timestamp, to: Timestamp) -> Vec<Occurrence<'_>> {
        self.expand(from, to).occurrences
    }

    /// Every occurrence that overlaps `[from, to)`, lazily and without a cap, series by
    /// series. Within a series instances come in order of their original start, followed by
    /// the overrides.
    pub fn iter_occurrences(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> impl Iterator<Item = Occurrence<'_>> + '_ {
        self.series
            .iter()
            .enumerate()
            .flat_map(move |(i, s)| s.occurrences(SeriesKey(i as u32), from, to))
    }
}

impl<'c> Expansion<'c> {
    /// Adds one series' occurrences within what is left of `budget`.
    fn add_series(
        &mut self,
        series: &'c Series,
        key: SeriesKey,
        (from, to): (Timestamp, Timestamp),
        budget: &mut Budget,
    ) {
        if budget.is_spent() {
            self.over_budget.push(key);
            return;
        }
        let cap = MAX_OCCURRENCES_PER_SERIES.min(budget.occurrences);
        let mut iter = series
            .occurrences(key, from, to)
            .with_step_limit(budget.steps);
        let before = self.occurrences.len();
        self.occurrences.extend(iter.by_ref().take(cap + 1));
        let mut produced = self.occurrences.len() - before;
        if produced > cap {
            self.occurrences.pop();
            produced -= 1;
            if cap == MAX_OCCURRENCES_PER_SERIES {
                self.truncated.push(key);
            } else {
                self.over_budget.push(key);
            }
        } else if iter.starved() {
            self.over_budget.push(key);
        }
        let used = Budget {
            occurrences: produced,
            steps: iter.steps(),
        };
        budget.spend(used);
        self.steps += used.steps;
    }
}

impl Series {
    /// This series' occurrences overlapping `[from, to)`, lazily; `key` is stamped on each.
    pub fn occurrences(
        &self,
        key: SeriesKey,
        from: Timestamp,
        to: Timestamp,
    ) -> SeriesOccurrences<'_> {
        let window = Window {
            from: from.as_second(),
            to: to.as_second(),
        };
        let base = self
            .master
            .as_ref()
            .filter(|m| m.status != Status::Cancelled)
            .map(|m| Base::new(m, self, window));
        SeriesOccurrences {
            series: self,
            key,
            window,
            base,
            next_override: 0,
            master_frame: self.master.as_ref().map(|m| Frame::of(&m.start)),
            limit: u64::MAX,
            fuel: u64::MAX,
            starved: false,
        }
    }
}

/// A half-open window in UTC seconds.
#[derive(Clone, Copy, Debug)]
struct Window {
    from: i64,
    to: i64,
}

impl Window {
    fn overlaps(&self, start: i64, end: i64) -> bool {
        start < self.to && (end > self.from || start >= self.from)
    }
}

/// The lazy iterator returned by [`Series::occurrences`].
#[derive(Debug)]
pub struct SeriesOccurrences<'c> {
    series: &'c Series,
    key: SeriesKey,
    window: Window,
    base: Option<Base<'c>>,
    next_override: usize,
    master_frame: Option<Frame>,
    limit: u64,
    fuel: u64,
    starved: bool,
}

impl SeriesOccurrences<'_> {
    /// Stops the master's recurrence after `steps` steps (see [`Budget`]); the overrides, which
    /// the file lists one by one, still come.
    pub fn with_step_limit(mut self, steps: u64) -> Self {
        self.limit = steps;
        self.fuel = steps;
        self
    }

    /// The steps taken so far.
    pub fn steps(&self) -> u64 {
        self.limit - self.fuel
    }

    /// Whether the recurrence stopped early because its steps ran out.
    pub fn starved(&self) -> bool {
        self.starved
    }
}

impl<'c> Iterator for SeriesOccurrences<'c> {
    type Item = Occurrence<'c>;

    fn next(&mut self) -> Option<Occurrence<'c>> {
        if let Some(base) = &mut self.base {
            if let Some(o) = base.next_occurrence(self.key, self.window, &mut self.fuel) {
                return Some(o);
            }
            self.starved = self.fuel == 0 || base.starved();
            self.base = None;
        }
        while let Some(ev) = self.series.overrides.get(self.next_override) {
            self.next_override += 1;
            let master = self.master_frame.as_ref();
            if let Some(o) = override_occurrence(ev, self.key, self.window, master) {
                return Some(o);
            }
        }
        None
    }
}

/// The wall clock an event's times are read on.
#[derive(Clone, Debug, PartialEq)]
enum Frame {
    Zoned(TimeZone),
    Floating,
    Date,
}

impl Frame {
    fn of(w: &When) -> Frame {
        match w {
            When::Date(_) => Frame::Date,
            When::Floating(_) => Frame::Floating,
            When::Zoned(_, tz) => Frame::Zoned(tz.clone()),
        }
    }

    /// The instant (UTC seconds) of civil second `c` on this clock.
    fn instant(&self, c: i64) -> i64 {
        self.resolve(c).0
    }

    /// The instant of civil second `c`, and the wall-clock time it really shows. The two
    /// readings differ only in a DST gap: RFC 5545 reads a nonexistent time with the offset
    /// before the gap, so 02:30 on a spring-forward night is 03:30 on the clock. In a fold the
    /// earlier offset (the first 02:30) is taken.
    fn resolve(&self, c: i64) -> (i64, i64) {
        let Frame::Zoned(tz) = self else {
            return (c, c);
        };
        let Some(dt) = civil::datetime_from_secs(c) else {
            return (c, c);
        };
        match tz.to_ambiguous_timestamp(dt).offset() {
            AmbiguousOffset::Unambiguous { offset } => (c - i64::from(offset.seconds()), c),
            AmbiguousOffset::Fold { before, .. } => (c - i64::from(before.seconds()), c),
            AmbiguousOffset::Gap { before, after } => (
                c - i64::from(before.seconds()),
                c + i64::from(after.seconds() - before.seconds()),
            ),
        }
    }

    /// The civil second on this clock of a value that may be written in another zone.
    fn civil_of(&self, w: &When) -> i64 {
        match (self, w) {
            (Frame::Zoned(tz), When::Zoned(_, other)) if tz != other => {
                civil::secs_from_datetime(tz.to_datetime(w.timestamp()))
            }
            _ => w.civil_secs(),
        }
    }

    fn is_floating(&self) -> bool {
        !matches!(self, Frame::Zoned(_))
    }
}

/// An event's length: a wall-clock part (DURATION's days, or a DTEND date) and an exact part
/// (DURATION's hours, minutes and seconds, or a timed DTEND).
///
/// RFC 5545 §3.8.5.3 gives every instance "the same exact duration" as DTEND − DTSTART, so a
/// one-hour meeting that meets a DST change stays one hour long. (recurring_ical_events adds
/// the difference on the wall clock instead; the differential test reports, but accepts, ends
/// that differ for that reason.)
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    civil: i64,
    exact: i64,
}

impl Span {
    fn of(e: &Event) -> Span {
        match (&e.end, e.duration) {
            (Some(end), _) if end.zone().is_none() && e.start.zone().is_none() => Span {
                civil: end.civil_secs() - e.start.civil_secs(),
                exact: 0,
            },
            (Some(end), _) => Span {
                civil: 0,
                exact: end.instant_secs() - e.start.instant_secs(),
            },
            (None, Some(len)) => Span {
                civil: len.days * DAY,
                exact: len.seconds,
            },
            (None, None) if e.start.is_date() => Span {
                civil: DAY,
                exact: 0,
            },
            (None, None) => Span::default(),
        }
    }

    fn upper_bound(&self) -> i64 {
        self.civil.max(0) + self.exact.max(0)
    }
}

impl Event {
    /// The longest any of the event's instances lasts: DTEND or DURATION (a day for an
    /// all-day event without either), or an RDATE period, with wall-clock days counted as 24
    /// hours. The audit leaves out series whose events last longer than any meeting does.
    ///
    /// # Example
    /// ```
    /// let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:offsite\nDTSTART:20260302T090000Z\n\
    ///            DURATION:P2DT8H\nEND:VEVENT\nEND:VCALENDAR\n";
    /// let cal = longhand_ical::parse(ics).unwrap();
    /// let offsite = cal.series[0].master.as_ref().unwrap();
    /// assert_eq!(offsite.longest_length().as_hours(), 56);
    /// ```
    pub fn longest_length(&self) -> SignedDuration {
        let periods = self.rdates.iter().filter_map(|r| {
            let end = r.end.as_ref()?;
            Some(end.instant_secs().saturating_sub(r.start.instant_secs()))
        });
        SignedDuration::from_secs(periods.fold(Span::of(self).upper_bound(), i64::max))
    }
}

/// Where an occurrence starts: a civil second, and its resolution when already known.
#[derive(Clone, Copy, Debug)]
struct Start {
    civil: i64,
    resolved: Option<(i64, i64)>,
}

/// Builds an occurrence starting at `at` on `frame` with `span`.
fn make<'c>(
    event: &'c Event,
    key: SeriesKey,
    frame: &Frame,
    at: Start,
    span: Span,
    rid: Option<i64>,
) -> Occurrence<'c> {
    let c = at.civil;
    let (start, start_wall) = at.resolved.unwrap_or_else(|| frame.resolve(c));
    let (end_base, end_wall) = if span.civil == 0 {
        (start, start_wall)
    } else {
        frame.resolve(c + span.civil)
    };
    let end = end_base + span.exact;
    let civil_end = match frame {
        // Exact seconds may cross a DST change, so only a lookup knows the wall clock then.
        Frame::Zoned(tz) if span.exact != 0 => {
            Timestamp::from_second(end).map(|t| tz.to_datetime(t)).ok()
        }
        _ => civil::datetime_from_secs(end_wall + span.exact),
    };
    Occurrence {
        event,
        series: key,
        recurrence_id: rid.and_then(|r| Timestamp::from_second(r).ok()),
        start: Timestamp::from_second(start).unwrap_or(Timestamp::MAX),
        end: Timestamp::from_second(end).unwrap_or(Timestamp::MAX),
        civil_start: civil::datetime_from_secs(start_wall).unwrap_or(DateTime::MAX),
        civil_end: civil_end.unwrap_or(DateTime::MAX),
        all_day: *frame == Frame::Date,
        floating: frame.is_floating(),
    }
}

/// An override occurrence, if it is not cancelled and overlaps the window.
fn override_occurrence<'c>(
    ev: &'c Event,
    key: SeriesKey,
    window: Window,
    master: Option<&Frame>,
) -> Option<Occurrence<'c>> {
    if ev.status == Status::Cancelled {
        return None;
    }
    let frame = Frame::of(&ev.start);
    // The instance it replaces is named on the master's clock, like in `Base::instance`.
    let rid = ev.recurrence_id.as_ref().map(|r| match master {
        Some(m) => m.instant(m.civil_of(&r.value)),
        None => r.value.instant_secs(),
    });
    let at = Start {
        civil: ev.start.civil_secs(),
        resolved: None,
    };
    let o = make(ev, key, &frame, at, Span::of(ev), rid);
    window
        .overlaps(o.start.as_second(), o.end.as_second())
        .then_some(o)
}
