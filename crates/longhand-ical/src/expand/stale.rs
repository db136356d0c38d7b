//! Overrides that a newer master has made stale.
//!
//! RFC 5545 makes `SEQUENCE` the revision number of an event (§3.8.7.4): the organizer raises
//! it with every significant change, and a component with a higher SEQUENCE supersedes one
//! with a lower. An override (§3.8.4.4) changes one instance of its master's recurrence set.
//! When the master has since been revised (a higher SEQUENCE) and its recurrence set no longer
//! holds that instance (an EXDATE removed it, or UNTIL or COUNT now end the series before
//! it), the override describes a change to an instance the organizer has since taken away,
//! so it is not a meeting any more. An override at the master's SEQUENCE or above is as new
//! as the master and stays: it is a later change, such as an instance moved to another day
//! whose original slot some clients also list in EXDATE.
//!
//! `THISANDFUTURE` overrides are left alone: they reshape every later instance, and whether
//! the newer master meant to undo that cannot be told from one missing instance.

use super::Frame;
use super::base::{cursor, ended_before_start};
use crate::civil::DAY;
use crate::model::{Event, Series};

/// The steps (see [`crate::Budget`]) one file may spend finding out whether masters still hold
/// the instances of their older overrides. A check that runs out keeps the override, as the
/// file says.
pub(crate) const STALE_CHECK_STEPS: u64 = 1_000_000;

/// The indices of `series`' overrides that are stale, spending steps from `fuel`.
pub(crate) fn stale_overrides(series: &Series, fuel: &mut u64) -> Vec<usize> {
    let Some(master) = &series.master else {
        return Vec::new();
    };
    let frame = Frame::of(&master.start);
    let mut out = Vec::new();
    for (i, o) in series.overrides.iter().enumerate() {
        let Some(rid) = o.recurrence_id.as_ref().filter(|r| !r.this_and_future) else {
            continue;
        };
        if o.sequence >= master.sequence {
            continue;
        }
        if has_instance(master, &frame, frame.civil_of(&rid.value), fuel) == Some(false) {
            out.push(i);
        }
    }
    out
}

/// Whether the master's recurrence set holds the instance at civil second `c` on its clock,
/// matched the way expansion matches it; `None` when the steps ran out before an answer.
fn has_instance(master: &Event, frame: &Frame, c: i64, fuel: &mut u64) -> Option<bool> {
    if excluded(master, frame, c) {
        return Some(false);
    }
    let start = master.start.civil_secs();
    if ended_before_start(master, frame, start) {
        return Some(false);
    }
    if c == start || master.rdates.iter().any(|r| frame.civil_of(&r.start) == c) {
        return Some(true);
    }
    for rule in &master.rrules {
        let mut walk = cursor(rule, frame, start, master.start.is_date());
        walk.seek(c);
        walk.set_horizon(c);
        walk.set_fuel(*fuel);
        let hit = walk.by_ref().find(|&t| t >= c) == Some(c);
        *fuel = walk.fuel();
        if walk.starved() {
            return None;
        }
        if hit {
            return Some(true);
        }
    }
    Some(false)
}

/// Whether an EXDATE removes the instance at civil second `c`.
fn excluded(master: &Event, frame: &Frame, c: i64) -> bool {
    master.exdates.iter().any(|w| match w.is_date() {
        true => w.civil_secs().div_euclid(DAY) == c.div_euclid(DAY),
        false => frame.civil_of(w) == c,
    })
}
