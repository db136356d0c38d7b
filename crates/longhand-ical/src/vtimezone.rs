//! Turns a VTIMEZONE block into a `jiff` time zone.
//!
//! Every STANDARD and DAYLIGHT observance is expanded with the recurrence engine into its
//! onsets (DTSTART, RRULE and RDATE, each a wall-clock time in the offset being left). The
//! resulting transitions are written as a small TZif file and handed to `jiff`, so a zone from
//! a VTIMEZONE answers gap and fold questions exactly like a zone from the tz database.

use jiff::tz::TimeZone;

use crate::civil::{self, DAY};
use crate::lex::{Component, ContentLine};
use crate::recur::{Anchor, Cursor, Plan};
use crate::rrule::Rule;
use crate::value::{self, Moment};

/// Onsets are computed up to this year; after it the last offset stays in force. Meeting
/// audits look a few years around today, so two centuries of headroom is plenty.
const LAST_YEAR: i64 = 2200;

/// A real observance changes the offset at most a few times a year; a rule that claims more
/// (`FREQ=SECONDLY` in a hostile file) is cut off here rather than expanded for centuries.
const MAX_ONSETS: usize = 2_000;

/// One change of offset, at a UTC instant in seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Transition {
    at: i64,
    offset: i32,
    dst: bool,
    name: String,
}

/// Builds the zone for `tzid` from its VTIMEZONE block.
pub(crate) fn zone_from_vtimezone(tzid: &str, comp: &Component<'_>) -> Result<TimeZone, String> {
    let mut transitions = Vec::new();
    let mut initial: Option<(i64, i32)> = None;
    for obs in comp
        .children
        .iter()
        .filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT")
    {
        let o = Observance::read(obs)?;
        let first = o.onsets(&mut transitions);
        if first.is_some_and(|at| initial.is_none_or(|(t, _)| at < t)) {
            initial = first.map(|at| (at, o.from));
        }
    }
    let (_, initial_offset) = initial.ok_or("VTIMEZONE has no STANDARD or DAYLIGHT observance")?;
    transitions.sort_by_key(|t| t.at);
    transitions.dedup_by(|b, a| a.offset == b.offset && a.dst == b.dst && a.name == b.name);
    let data = tzif(initial_offset, &transitions)?;
    TimeZone::tzif(tzid, &data).map_err(|e| format!("VTIMEZONE could not be used: {e}"))
}

/// A STANDARD or DAYLIGHT block.
struct Observance<'c, 'a> {
    comp: &'c Component<'a>,
    start: i64,
    from: i32,
    to: i32,
    dst: bool,
    name: String,
}

impl<'c, 'a> Observance<'c, 'a> {
    fn read(comp: &'c Component<'a>) -> Result<Self, String> {
        let line = comp.line;
        let get = |name: &str| {
            comp.prop(name)
                .ok_or(format!("{} at line {line} has no {name}", comp.name))
        };
        let start = value::parse_moment(&get("DTSTART")?.value)
            .ok_or(format!("bad DTSTART in {} at line {line}", comp.name))?;
        let offset = |name: &str| -> Result<i32, String> {
            value::parse_utc_offset(&get(name)?.value)
                .ok_or(format!("bad {name} in {} at line {line}", comp.name))
        };
        let to = offset("TZOFFSETTO")?;
        let from = offset("TZOFFSETFROM").unwrap_or(to);
        let name = comp
            .prop("TZNAME")
            .map(|p| p.value.to_string())
            .unwrap_or_default();
        let dst = comp.name == "DAYLIGHT";
        Ok(Observance {
            comp,
            start: civil::secs_from_datetime(start.civil()),
            from,
            to,
            dst,
            name: abbreviation(&name, to),
        })
    }

    /// Pushes every onset as a transition; returns the earliest onset's UTC instant.
    fn onsets(&self, out: &mut Vec<Transition>) -> Option<i64> {
        let mut local = vec![self.start];
        for rule in self
            .comp
            .props_named("RRULE")
            .filter_map(|p| Rule::parse(&p.value).ok())
        {
            local.extend(self.rule_onsets(&rule));
        }
        for p in self.comp.props_named("RDATE") {
            local.extend(self.rdate_onsets(p));
        }
        let from = i64::from(self.from);
        let first = local.iter().min().map(|l| l - from);
        out.extend(local.into_iter().map(|l| Transition {
            at: l - from,
            offset: self.to,
            dst: self.dst,
            name: self.name.clone(),
        }));
        first
    }

    fn rule_onsets(&self, rule: &Rule) -> Vec<i64> {
        let horizon = civil::days_from_ymd(LAST_YEAR, 1, 1) * DAY;
        let until = rule.until.map(|u| match u {
            // UNTIL in UTC is compared on the wall clock of the offset in force before the onset.
            Moment::Utc(dt) => civil::secs_from_datetime(dt) + i64::from(self.from),
            other => civil::secs_from_datetime(other.civil()),
        });
        let until = Some(until.map_or(horizon, |u| u.min(horizon)));
        let anchor = Anchor {
            start: self.start,
            date_only: false,
            until,
        };
        Cursor::new(Plan::new(rule, anchor))
            .take(MAX_ONSETS)
            .collect()
    }

    fn rdate_onsets(&self, p: &ContentLine<'_>) -> Vec<i64> {
        p.value
            .split(',')
            .filter_map(|v| value::parse_moment(v.split('/').next().unwrap_or(v)))
            .map(|m| match m {
                Moment::Utc(dt) => civil::secs_from_datetime(dt) + i64::from(self.from),
                other => civil::secs_from_datetime(other.civil()),
            })
            .collect()
    }
}

/// TZif wants a short ASCII designation; TZNAME can be anything ("Mitteleuropäische Zeit"),
/// so anything unusual becomes the numeric offset, which is also what tzdb does for zones
/// without a customary abbreviation.
fn abbreviation(name: &str, offset: i32) -> String {
    let ok = (3..=6).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-');
    if ok {
        return name.to_owned();
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.unsigned_abs();
    format!("{sign}{:02}{:02}", abs / 3600, abs / 60 % 60)
}

/// Writes TZif version 2 data: a minimal version-1 block (readers of version 2 skip it), the
/// 64-bit block with our transitions, and an empty footer.
fn tzif(initial_offset: i32, transitions: &[Transition]) -> Result<Vec<u8>, String> {
    let mut types: Vec<(i32, bool, String)> =
        vec![(initial_offset, false, abbreviation("", initial_offset))];
    let mut indices = Vec::with_capacity(transitions.len());
    for t in transitions {
        let key = (t.offset, t.dst, t.name.clone());
        let idx = types.iter().position(|k| *k == key).unwrap_or_else(|| {
            types.push(key);
            types.len() - 1
        });
        indices.push(u8::try_from(idx).map_err(|_| "VTIMEZONE has too many distinct offsets")?);
    }
    let mut chars = Vec::new();
    let mut desig = Vec::new();
    for (_, _, name) in &types {
        desig.push(u8::try_from(chars.len()).map_err(|_| "VTIMEZONE names are too long")?);
        chars.extend_from_slice(name.as_bytes());
        chars.push(0);
    }
    let mut out = Vec::new();
    header(&mut out, [0, 0, 0, 0, 1, 4]);
    out.extend_from_slice(&[0, 0, 0, 0, 0, 0, b'U', b'T', b'C', 0]);
    let count = |n: usize| u32::try_from(n).map_err(|_| "VTIMEZONE is too large".to_owned());
    header(
        &mut out,
        [
            0,
            0,
            0,
            count(transitions.len())?,
            count(types.len())?,
            count(chars.len())?,
        ],
    );
    transitions
        .iter()
        .for_each(|t| out.extend_from_slice(&t.at.to_be_bytes()));
    out.extend_from_slice(&indices);
    for ((offset, dst, _), d) in types.iter().zip(&desig) {
        out.extend_from_slice(&offset.to_be_bytes());
        out.extend_from_slice(&[u8::from(*dst), *d]);
    }
    out.extend_from_slice(&chars);
    out.extend_from_slice(b"\n\n");
    Ok(out)
}

/// A TZif header with the six counts: UT/local indicators, standard/wall indicators, leap
/// seconds, transitions, local time types and designation bytes.
fn header(out: &mut Vec<u8>, counts: [u32; 6]) {
    out.extend_from_slice(b"TZif2");
    out.extend_from_slice(&[0; 15]);
    counts
        .iter()
        .for_each(|c| out.extend_from_slice(&c.to_be_bytes()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex;

    fn zone(text: &str) -> Result<TimeZone, String> {
        let unfolded = lex::unfold(text);
        let lines = unfolded
            .lines()
            .filter_map(|(n, l)| lex::parse_line(n, l))
            .collect();
        let comps = lex::components(lines, &mut Vec::new()).map_err(|e| e.message)?;
        let comp = comps.first().ok_or("no component")?;
        zone_from_vtimezone("Test", comp)
    }

    fn check(tz: &TimeZone, civil: &str, expect: &str) {
        let dt: jiff::civil::DateTime = civil.parse().unwrap_or_default();
        let got = tz
            .to_timestamp(dt)
            .map(|t| t.to_string())
            .unwrap_or_else(|e| e.to_string());
        assert_eq!(got, expect, "{civil}");
    }

    const OUTLOOK_BERLIN: &str = "BEGIN:VTIMEZONE\nTZID:W. Europe Standard Time\nBEGIN:STANDARD\nDTSTART:16010101T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010101T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nEND:DAYLIGHT\nEND:VTIMEZONE\n";

    #[test]
    fn outlook_rules_give_eu_transitions_with_rfc_gap_and_fold() {
        let tz = zone(OUTLOOK_BERLIN).unwrap_or_else(|e| panic!("{e}"));
        check(&tz, "2026-01-05T09:00", "2026-01-05T08:00:00Z");
        check(&tz, "2026-07-05T09:00", "2026-07-05T07:00:00Z");
        // 02:30 on 2026-03-29 does not exist: it is read with the offset before the gap.
        check(&tz, "2026-03-29T02:30", "2026-03-29T01:30:00Z");
        // 02:30 on 2026-10-25 happens twice: the first one counts.
        check(&tz, "2026-10-25T02:30", "2026-10-25T00:30:00Z");
        check(&tz, "2150-07-01T12:00", "2150-07-01T10:00:00Z");
    }

    #[test]
    fn fixed_offset_and_rdate_observances() {
        let india = "BEGIN:VTIMEZONE\nTZID:India\nBEGIN:STANDARD\nDTSTART:16010101T000000\nTZOFFSETFROM:+0530\nTZOFFSETTO:+0530\nTZNAME:India Standard Time\nEND:STANDARD\nEND:VTIMEZONE\n";
        check(
            &zone(india).unwrap_or_else(|e| panic!("{e}")),
            "2026-03-01T10:00",
            "2026-03-01T04:30:00Z",
        );
        let rdates = "BEGIN:VTIMEZONE\nTZID:X\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0000\nTZOFFSETTO:+0000\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:20260301T000000\nRDATE:20260301T000000\nTZOFFSETFROM:+0000\nTZOFFSETTO:+0300\nEND:DAYLIGHT\nEND:VTIMEZONE\n";
        let tz = zone(rdates).unwrap_or_else(|e| panic!("{e}"));
        check(&tz, "2026-02-01T12:00", "2026-02-01T12:00:00Z");
        check(&tz, "2026-04-01T12:00", "2026-04-01T09:00:00Z");
    }

    /// The US rules changed in 2007; Thunderbird-style blocks carry both with RRULE UNTIL.
    const US_EASTERN_HISTORY: &str = "BEGIN:VTIMEZONE\nTZID:Eastern\n\
        BEGIN:DAYLIGHT\nDTSTART:19870405T020000\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4;UNTIL=20060402T070000Z\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nTZNAME:EDT\nEND:DAYLIGHT\n\
        BEGIN:STANDARD\nDTSTART:19671029T020000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10;UNTIL=20061029T060000Z\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nTZNAME:EST\nEND:STANDARD\n\
        BEGIN:DAYLIGHT\nDTSTART:20070311T020000\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nTZNAME:EDT\nEND:DAYLIGHT\n\
        BEGIN:STANDARD\nDTSTART:20071104T020000\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nTZNAME:EST\nEND:STANDARD\n\
        END:VTIMEZONE\n";

    #[test]
    fn observances_with_until_hand_over_to_new_rules() {
        let tz = zone(US_EASTERN_HISTORY).unwrap_or_else(|e| panic!("{e}"));
        // 2006: DST from the first Sunday of April to the last Sunday of October.
        check(&tz, "2006-03-20T12:00", "2006-03-20T17:00:00Z");
        check(&tz, "2006-04-03T12:00", "2006-04-03T16:00:00Z");
        check(&tz, "2006-10-30T12:00", "2006-10-30T17:00:00Z");
        // 2007 on: from the second Sunday of March to the first Sunday of November.
        check(&tz, "2007-03-20T12:00", "2007-03-20T16:00:00Z");
        check(&tz, "2007-11-01T12:00", "2007-11-01T16:00:00Z");
        check(&tz, "2026-03-08T02:30", "2026-03-08T07:30:00Z");
        check(&tz, "2026-11-01T01:30", "2026-11-01T05:30:00Z");
    }

    #[test]
    fn unusable_blocks_are_errors() {
        assert!(zone("BEGIN:VTIMEZONE\nTZID:X\nEND:VTIMEZONE\n").is_err());
        assert!(zone("BEGIN:VTIMEZONE\nTZID:X\nBEGIN:STANDARD\nDTSTART:x\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n").is_err());
    }
}
