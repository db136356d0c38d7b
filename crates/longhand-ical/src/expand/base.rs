//! The master's instances: DTSTART, the RRULEs and the RDATEs merged lazily on the master's
//! wall clock, minus EXDATEs and the instances overrides replace, with THISANDFUTURE changes
//! carried over, walked only as far either side of the window as an instance can reach into it.

use jiff::tz::TimeZone;

use super::{Frame, Occurrence, Span, Start, Window, make};
use crate::civil::{self, DAY};
use crate::model::{Event, Series, SeriesKey, Status};
use crate::recur::{Anchor, Cursor, Plan};
use crate::rrule::Rule;
use crate::value::Moment;

/// A THISANDFUTURE override as it applies to later instances.
#[derive(Debug)]
struct Future<'c> {
    rid: i64,
    event: &'c Event,
    shift: i64,
    span: Span,
}

/// The master's instances, merged lazily from DTSTART, RRULEs and RDATEs.
#[derive(Debug)]
pub(super) struct Base<'c> {
    master: &'c Event,
    recurring: bool,
    frame: Frame,
    span: Span,
    rules: Vec<Lookahead>,
    rdates: Vec<(i64, Option<i64>)>,
    next_rdate: usize,
    dtstart: Option<i64>,
    last: Option<i64>,
    exdates: Vec<i64>,
    exdays: Vec<i64>,
    replaced: Vec<i64>,
    futures: Vec<Future<'c>>,
    stop_after: i64,
}

impl<'c> Base<'c> {
    pub(super) fn new(master: &'c Event, series: &'c Series, window: Window) -> Base<'c> {
        let frame = Frame::of(&master.start);
        let start = master.start.civil_secs();
        let futures = futures(series, &frame);
        let span = Span::of(master);
        let (before, after) = slack(span, &futures);
        let walk = (
            window.from.saturating_sub(before),
            window.to.saturating_add(after),
        );
        Base {
            master,
            recurring: master.is_recurring(),
            rules: rule_cursors(master, &frame, start, walk),
            rdates: rdates(master, &frame),
            next_rdate: 0,
            dtstart: (!ended_before_start(master, &frame, start)).then_some(start),
            last: None,
            exdates: sorted(
                master
                    .exdates
                    .iter()
                    .filter(|w| !w.is_date())
                    .map(|w| frame.civil_of(w)),
            ),
            exdays: sorted(
                master
                    .exdates
                    .iter()
                    .filter(|w| w.is_date())
                    .map(|w| w.civil_secs() / DAY),
            ),
            replaced: sorted(
                series
                    .overrides
                    .iter()
                    .filter_map(|o| Some(frame.civil_of(&o.recurrence_id.as_ref()?.value))),
            ),
            futures,
            stop_after: walk.1,
            frame,
            span,
        }
    }

    /// The next original start in the recurrence set (civil seconds), with an RDATE period's
    /// explicit end when it has one.
    fn next_instance(&mut self, fuel: &mut u64) -> Option<(i64, Option<i64>)> {
        loop {
            let from_rules = self.rules.iter_mut().filter_map(|r| r.peek(fuel)).min();
            let from_rdates = self.rdates.get(self.next_rdate).map(|r| r.0);
            let next = [self.dtstart, from_rules, from_rdates]
                .into_iter()
                .flatten()
                .min()?;
            let end = self.take(next, fuel);
            if self.last.is_some_and(|l| next <= l) {
                continue;
            }
            self.last = Some(next);
            return Some((next, end));
        }
    }

    /// Consumes `next` from every source that has it.
    fn take(&mut self, next: i64, fuel: &mut u64) -> Option<i64> {
        if self.dtstart == Some(next) {
            self.dtstart = None;
        }
        for r in &mut self.rules {
            while r.next_if_at_most(next, fuel) {}
        }
        let mut end = None;
        while let Some(&(t, e)) = self.rdates.get(self.next_rdate).filter(|r| r.0 <= next) {
            end = end.or(e.filter(|_| t == next));
            self.next_rdate += 1;
        }
        end
    }

    /// The next occurrence in the window, spending a step of `fuel` on every instance looked
    /// at (excluded ones and ones outside the window too).
    pub(super) fn next_occurrence(
        &mut self,
        key: SeriesKey,
        window: Window,
        fuel: &mut u64,
    ) -> Option<Occurrence<'c>> {
        while let Some((c, rdate_end)) = self.next_instance(fuel) {
            if *fuel == 0 {
                return None;
            }
            *fuel -= 1;
            if c > self.stop_after {
                return None;
            }
            if self.far_from(c, rdate_end, window) {
                continue;
            }
            match self.instance(key, c, rdate_end) {
                Some(o) if window.overlaps(o.start.as_second(), o.end.as_second()) => {
                    return Some(o);
                }
                _ => {}
            }
        }
        None
    }

    /// Whether a rule's cursor stopped because its steps ran out, rather than at its end.
    pub(super) fn starved(&self) -> bool {
        self.rules.iter().any(|r| r.cursor.starved())
    }

    /// Whether the instance at original start `c` surely misses the window, told on the
    /// wall clock alone. Building an occurrence reads the time zone several times, so
    /// without this check the instances walked between the window and a far THISANDFUTURE
    /// override would each cost many times what a step is meant to.
    fn far_from(&self, c: i64, rdate_end: Option<i64>, window: Window) -> bool {
        let (start, span) = match self.governing(c) {
            Some(f) => (c.saturating_add(f.shift), f.span.upper_bound()),
            None => (
                c,
                self.span.upper_bound().max(rdate_end.map_or(0, |e| e - c)),
            ),
        };
        // The wall clock is less than a day from UTC either way.
        start > window.to.saturating_add(2 * DAY)
            || start.saturating_add(span).saturating_add(2 * DAY) < window.from
    }

    /// The THISANDFUTURE override that governs the instance at original start `c`: the last
    /// one before it.
    fn governing(&self, c: i64) -> Option<&Future<'c>> {
        let after = self.futures.partition_point(|f| f.rid < c);
        after.checked_sub(1).map(|i| &self.futures[i])
    }

    /// The occurrence for original start `c`, or `None` when it is excluded, replaced by an
    /// override, or cancelled by a THISANDFUTURE override.
    ///
    /// Exclusions and overrides are matched on the master's wall clock: clients often write
    /// EXDATE or RECURRENCE-ID in UTC, or drop the TZID, and the wall-clock reading of each
    /// is what names the instance.
    fn instance(&self, key: SeriesKey, c: i64, rdate_end: Option<i64>) -> Option<Occurrence<'c>> {
        let excluded = self.exdates.binary_search(&c).is_ok()
            || self.exdays.binary_search(&c.div_euclid(DAY)).is_ok();
        if excluded || self.replaced.binary_search(&c).is_ok() {
            return None;
        }
        let original = self.frame.resolve(c);
        let rid_out = self.recurring.then_some(original.0);
        let Some(f) = self.governing(c) else {
            let span = rdate_end.map_or(self.span, |e| Span {
                civil: e - c,
                exact: 0,
            });
            let at = Start {
                civil: c,
                resolved: Some(original),
            };
            return Some(make(self.master, key, &self.frame, at, span, rid_out));
        };
        if f.event.status == Status::Cancelled {
            return None;
        }
        let at = Start {
            civil: c + f.shift,
            resolved: None,
        };
        Some(make(f.event, key, &self.frame, at, f.span, rid_out))
    }
}

/// How far before and after the window (in civil seconds) original starts are walked.
///
/// Before it, an instance may start and still last into the window, so the walk starts the
/// longest length earlier (a THISANDFUTURE override's later start counts too). After it,
/// only an override that moves instances earlier can bring one back into the window: the
/// length does not count there, or an event lasting 2,000 years would walk 2,000 years of
/// instances that all start after the window (a fuzzer found that). Two days either side
/// cover the difference between the wall clock and UTC.
fn slack(span: Span, futures: &[Future<'_>]) -> (i64, i64) {
    let later = futures
        .iter()
        .map(|f| f.shift.saturating_add(f.span.upper_bound()));
    let earlier = futures.iter().map(|f| f.shift.saturating_neg());
    let before = later.fold(span.upper_bound(), i64::max).max(0);
    let after = earlier.fold(0, i64::max);
    (
        before.saturating_add(2 * DAY),
        after.saturating_add(2 * DAY),
    )
}

/// A rule's cursor with the next instance looked at but not taken, like `Peekable`, except
/// that each step of the cursor is paid from the series' fuel.
#[derive(Debug)]
struct Lookahead {
    cursor: Cursor,
    head: Option<Option<i64>>,
}

impl Lookahead {
    fn new(cursor: Cursor) -> Lookahead {
        Lookahead { cursor, head: None }
    }

    fn peek(&mut self, fuel: &mut u64) -> Option<i64> {
        if self.head.is_none() {
            self.cursor.set_fuel(*fuel);
            self.head = Some(self.cursor.next());
            *fuel = self.cursor.fuel();
        }
        self.head.flatten()
    }

    /// Takes the next instance if it is at or before `t`.
    fn next_if_at_most(&mut self, t: i64, fuel: &mut u64) -> bool {
        let take = self.peek(fuel).is_some_and(|next| next <= t);
        if take {
            self.head = None;
        }
        take
    }
}

fn sorted(it: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut v: Vec<i64> = it.collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Rule cursors in the master's frame for civil seconds `span`: skipped ahead to its start
/// (which only rules without COUNT can do) and giving up past its end, so a rule that matches
/// nothing stops searching at the window instead of at the year 9999. UNTIL in UTC is compared
/// on the master's wall clock, as RFC 5545 §3.3.10 asks for zoned DTSTARTs (floating ones
/// compare it as written).
fn rule_cursors(master: &Event, frame: &Frame, start: i64, span: (i64, i64)) -> Vec<Lookahead> {
    let date_only = master.start.is_date();
    master
        .rrules
        .iter()
        .map(|rule| {
            let mut c = cursor(rule, frame, start, date_only);
            c.seek(span.0);
            c.set_horizon(span.1);
            Lookahead::new(c)
        })
        .collect()
}

pub(super) fn cursor(rule: &Rule, frame: &Frame, start: i64, date_only: bool) -> Cursor {
    let until = until_civil(rule, frame, date_only);
    Cursor::new(Plan::new(
        rule,
        Anchor {
            start,
            date_only,
            until,
        },
    ))
}

/// A rule's UNTIL as an inclusive civil second on the master's clock.
fn until_civil(rule: &Rule, frame: &Frame, date_only: bool) -> Option<i64> {
    rule.until.map(|u| match (u, frame) {
        (Moment::Utc(dt), Frame::Zoned(tz)) => TimeZone::UTC
            .to_timestamp(dt)
            .map(|t| civil::secs_from_datetime(tz.to_datetime(t)))
            .unwrap_or_else(|_| civil::secs_from_datetime(dt)),
        (Moment::Date(_), _) if !date_only => civil::secs_from_datetime(u.civil()) + DAY - 1,
        _ => civil::secs_from_datetime(u.civil()),
    })
}

/// Whether every RRULE ended before DTSTART. Clients end a series that has not begun by
/// moving its UNTIL before its start, so such a series has no instances at all, DTSTART
/// included (as `recurring_ical_events` reads it too).
pub(super) fn ended_before_start(master: &Event, frame: &Frame, start: i64) -> bool {
    let date_only = master.start.is_date();
    !master.rrules.is_empty()
        && master
            .rrules
            .iter()
            .all(|r| until_civil(r, frame, date_only).is_some_and(|u| u < start))
}

/// RDATEs on the master's wall clock, sorted, with PERIOD ends converted the same way.
fn rdates(master: &Event, frame: &Frame) -> Vec<(i64, Option<i64>)> {
    let mut v: Vec<(i64, Option<i64>)> = master
        .rdates
        .iter()
        .map(|r| {
            (
                frame.civil_of(&r.start),
                r.end.as_ref().map(|e| frame.civil_of(e)),
            )
        })
        .collect();
    v.sort_unstable();
    v
}

/// The THISANDFUTURE overrides of a series, sorted by RECURRENCE-ID, each with the shift it
/// applies on the master's wall clock.
fn futures<'c>(series: &'c Series, frame: &Frame) -> Vec<Future<'c>> {
    let mut v: Vec<Future<'c>> = series
        .overrides
        .iter()
        .filter_map(|o| {
            let r = o.recurrence_id.as_ref().filter(|r| r.this_and_future)?;
            let shift = frame.civil_of(&o.start) - frame.civil_of(&r.value);
            Some(Future {
                rid: frame.civil_of(&r.value),
                event: o,
                shift,
                span: Span::of(o),
            })
        })
        .collect();
    v.sort_by_key(|f| f.rid);
    v
}
