//! The lazy walk over a compiled rule: period by period, skipping ahead without building
//! periods where it can, and paying for every day and candidate from its fuel.

use super::Plan;
use crate::civil::{self, DAY};

/// Sub-daily rules whose interval never meets their `BY*` values would otherwise search until
/// the year 9999 one period at a time; this many empty periods in a row ends them instead.
const MAX_EMPTY_RUN: u32 = 1_000_000;

/// A lazy iterator over a rule's instances as civil seconds, in increasing order.
#[derive(Clone, Debug)]
pub(crate) struct Cursor {
    plan: Plan,
    period: i64,
    bases: Vec<i64>,
    picks: Vec<usize>,
    next_pick: usize,
    emitted: u64,
    done: bool,
    horizon: i64,
    /// Steps left before the cursor gives up: one per day (or sub-daily period) examined and
    /// one per candidate.
    fuel: u64,
    /// Whether it gave up because `fuel` ran out, rather than at the rule's end.
    starved: bool,
}

impl Cursor {
    pub(crate) fn new(plan: Plan) -> Cursor {
        Cursor {
            plan,
            period: 0,
            bases: Vec::new(),
            picks: Vec::new(),
            next_pick: 0,
            emitted: 0,
            done: false,
            horizon: i64::MAX,
            fuel: u64::MAX,
            starved: false,
        }
    }

    /// Limits the work left to `steps`: a rule that a period-by-period walk cannot skip (COUNT
    /// over irregular periods, sub-daily rules that rarely match) stops there instead of
    /// walking on for as long as its rule allows.
    pub(crate) fn set_fuel(&mut self, steps: u64) {
        self.fuel = steps;
    }

    /// The steps left.
    pub(crate) fn fuel(&self) -> u64 {
        self.fuel
    }

    /// Whether the cursor stopped because its steps ran out.
    pub(crate) fn starved(&self) -> bool {
        self.starved
    }

    /// Spends `steps`; false (and the cursor is done, with nothing left) when fewer are left.
    fn burn(&mut self, steps: u64) -> bool {
        if self.fuel < steps {
            self.fuel = 0;
            self.starved = true;
            self.done = true;
            return false;
        }
        self.fuel -= steps;
        true
    }

    /// Stops the cursor at periods starting after civil second `t`, for callers that need
    /// nothing later; a rule whose periods are all empty then gives up there.
    pub(crate) fn set_horizon(&mut self, t: i64) {
        self.horizon = t;
    }

    /// Jumps ahead so the next instance is the first at or after civil second `t`, skipping
    /// whole periods without building them. A rule with COUNT can only skip when every period
    /// holds the same number of instances, so the skipped ones can be counted by arithmetic.
    pub(crate) fn seek(&mut self, t: i64) {
        if self.emitted > 0 || self.period > 0 {
            return;
        }
        // A period may start before `t` and still hold instances after it, so start early;
        // week-numbering years also begin up to three days before January 1st.
        let p = self.plan.period_at_or_after(t).saturating_sub(2).max(0);
        if p <= 1 {
            return;
        }
        if self.plan.count.is_none() {
            self.period = p;
        } else if let Some(per) = self.plan.uniform_per_period() {
            let first = self.count_first_period();
            self.emitted = first.saturating_add((p as u64 - 1).saturating_mul(per));
            self.period = p;
        }
    }

    /// The instances period 0 holds at or after DTSTART (the ones before it do not count).
    fn count_first_period(&mut self) -> u64 {
        let _ = self.plan.fill_period(0, &mut self.bases);
        self.pick_positions();
        let start = self.plan.anchor.start;
        let n = self
            .picks
            .iter()
            .filter(|&&k| self.candidate(k) >= start)
            .count();
        self.bases.clear();
        self.picks.clear();
        self.next_pick = 0;
        n as u64
    }

    /// Loads the next non-empty period into `bases`/`picks`; false when the rule is exhausted.
    fn load_next_period(&mut self) -> bool {
        let mut empty_run = 0u32;
        loop {
            let p = self.period;
            if !self.burn(self.plan.period_cost()) {
                return false;
            }
            if p == i64::MAX || empty_run >= MAX_EMPTY_RUN || self.past_end(p) {
                return false;
            }
            let skip_to = self.plan.fill_period(p, &mut self.bases);
            self.period = skip_to.unwrap_or(p.saturating_add(1));
            if !self.bases.is_empty() {
                self.pick_positions();
                if !self.picks.is_empty() {
                    return true;
                }
            }
            empty_run += 1;
        }
    }

    /// Whether period `p` starts after UNTIL or beyond the supported calendar.
    fn past_end(&self, p: i64) -> bool {
        let Some(start) = self.plan.period_start(p) else {
            return true;
        };
        let (year, _, _) = civil::ymd_from_days(start.div_euclid(DAY));
        // Week-numbering years can start a few days before their calendar year.
        let until_passed = self.plan.anchor.until.is_some_and(|u| start > u + 7 * DAY);
        year > civil::MAX_YEAR || until_passed || start > self.horizon
    }

    /// Chooses which candidate indices of the loaded period are instances (all, or BYSETPOS).
    fn pick_positions(&mut self) {
        let total = self.bases.len() * self.plan.offsets().len();
        self.picks.clear();
        self.next_pick = 0;
        if self.plan.set_pos.is_empty() {
            self.picks.extend(0..total);
            return;
        }
        for &pos in &self.plan.set_pos {
            let idx = if pos > 0 { pos - 1 } else { total as i64 + pos };
            if (0..total as i64).contains(&idx) {
                self.picks.push(idx as usize);
            }
        }
        self.picks.sort_unstable();
        self.picks.dedup();
    }

    fn candidate(&self, pick: usize) -> i64 {
        let offsets = self.plan.offsets();
        self.bases[pick / offsets.len()] + offsets[pick % offsets.len()]
    }
}

impl Iterator for Cursor {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        while !self.done {
            if !self.burn(1) {
                break;
            }
            if self.next_pick >= self.picks.len() && !self.load_next_period() {
                self.done = true;
                break;
            }
            let Some(&pick) = self.picks.get(self.next_pick) else {
                continue;
            };
            self.next_pick += 1;
            let t = self.candidate(pick);
            if t < self.plan.anchor.start {
                continue;
            }
            if self.plan.anchor.until.is_some_and(|u| t > u)
                || self.plan.count.is_some_and(|c| self.emitted >= c)
            {
                self.done = true;
                break;
            }
            self.emitted += 1;
            return Some(t);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::Anchor;
    use super::*;
    use crate::rrule::Rule;

    /// Seeking must give exactly the instances a full walk gives from `t` on, also for rules
    /// with COUNT whose skipped periods are counted by arithmetic.
    fn check_seek(rule: &str, start: &str) {
        let rule = Rule::parse(rule).unwrap_or_else(|e| panic!("{e}"));
        let dt: jiff::civil::DateTime = start.parse().unwrap_or_else(|e| panic!("{e}"));
        let anchor = Anchor {
            start: civil::secs_from_datetime(dt),
            date_only: false,
            until: None,
        };
        let all: Vec<i64> = Cursor::new(Plan::new(&rule, anchor)).take(20_000).collect();
        for k in [0, 1, 5, 17, 333, 1_000, 4_999] {
            let Some(&t) = all.get(k) else { continue };
            let mut c = Cursor::new(Plan::new(&rule, anchor));
            c.seek(t);
            let got: Vec<i64> = c.filter(|&x| x >= t).take(50).collect();
            let want: Vec<i64> = all[k..].iter().copied().take(50).collect();
            assert_eq!(got, want, "{rule:?} from instance {k}");
        }
    }

    #[test]
    fn seeking_with_count_matches_a_full_walk() {
        check_seek("FREQ=DAILY;COUNT=5000", "2000-01-01T09:00");
        check_seek(
            "FREQ=DAILY;INTERVAL=3;BYHOUR=9,17;COUNT=5000",
            "2000-01-01T12:00",
        );
        check_seek("FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=5000", "2000-01-05T09:00");
        check_seek(
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU;BYSETPOS=-1;COUNT=5000",
            "2000-01-04T09:00",
        );
        check_seek(
            "FREQ=HOURLY;INTERVAL=7;BYMINUTE=5,35;COUNT=5000",
            "2000-01-01T03:35",
        );
        check_seek("FREQ=MINUTELY;INTERVAL=90;COUNT=5000", "2000-01-01T00:00");
        check_seek(
            "FREQ=SECONDLY;INTERVAL=61;COUNT=5000",
            "2000-01-01T00:00:30",
        );
        check_seek("FREQ=MONTHLY;BYDAY=-1FR;COUNT=5000", "2000-01-28T09:00");
        check_seek("FREQ=YEARLY;BYWEEKNO=1,53;COUNT=300", "2004-12-28T09:00");
        check_seek("FREQ=DAILY;BYMONTH=2;COUNT=5000", "2000-02-01T09:00");
    }
}
