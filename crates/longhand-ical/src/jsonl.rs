//! The JSON-lines form of occurrences: one object per line, as `longhand audit expand` prints.
//!
//! Each line is `{"uid":…,"recurrence_id":…,"start":…,"end":…,"summary":…,"all_day":…,
//! "floating":…}` with RFC 3339 UTC instants. Floating times are printed as if they were UTC,
//! with `"floating":true` saying so. All-day occurrences have no time of day at all, so their
//! `start`, `end` (the day after the last, as DTEND counts) and `recurrence_id` are dates such
//! as `"2026-01-05"`, and they are `"floating":true` too: a date is the same date in every
//! zone. `recurrence_id` is `null` for one-off events. The format is small enough that
//! hand-written escaping beats a serialization framework.

use std::fmt::Write as _;
use std::io;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::Occurrence;

/// Writes occurrences as JSON lines, in the order given (use [`crate::Calendar::occurrences`]
/// for the documented sort by start).
pub fn write_jsonl<W: io::Write>(out: &mut W, occurrences: &[Occurrence<'_>]) -> io::Result<()> {
    let mut line = String::with_capacity(256);
    for o in occurrences {
        line.clear();
        json_line(&mut line, o);
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Appends one occurrence's JSON object and a newline to `buf`.
pub fn json_line(buf: &mut String, o: &Occurrence<'_>) {
    buf.push_str("{\"uid\":");
    string(buf, o.uid());
    buf.push_str(",\"recurrence_id\":");
    match o.recurrence_id {
        Some(t) if o.all_day => date(buf, TimeZone::UTC.to_datetime(t).date()),
        Some(t) => instant(buf, t),
        None => buf.push_str("null"),
    }
    buf.push_str(",\"start\":");
    if o.all_day {
        date(buf, o.civil_start.date());
    } else {
        instant(buf, o.start);
    }
    buf.push_str(",\"end\":");
    if o.all_day {
        date(buf, o.civil_end.date());
    } else {
        instant(buf, o.end);
    }
    buf.push_str(",\"summary\":");
    string(buf, o.summary());
    let _ = writeln!(
        buf,
        ",\"all_day\":{},\"floating\":{}}}",
        o.all_day, o.floating
    );
}

fn instant(buf: &mut String, t: Timestamp) {
    let _ = write!(buf, "\"{t}\"");
}

/// A date as `"YYYY-MM-DD"`, jiff's ISO 8601 form.
fn date(buf: &mut String, d: Date) {
    let _ = write!(buf, "\"{d}\"");
}

/// A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259 §7).
fn string(buf: &mut String, s: &str) {
    buf.push('"');
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(buf, "\\u{:04x}", c as u32);
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_formats() {
        let mut buf = String::new();
        string(&mut buf, "a\"b\\c\nd\u{1}é");
        assert_eq!(buf, r#""a\"b\\c\nd\u0001é""#);
        let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:u\"1\nSUMMARY:Plan\\, then \\\"go\\\"\nDTSTART;VALUE=DATE:20260105\nEND:VEVENT\nEND:VCALENDAR\n";
        let cal = crate::parse(ics).unwrap_or_default();
        let from = Timestamp::from_second(1_767_225_600).unwrap_or(Timestamp::UNIX_EPOCH);
        let to = Timestamp::from_second(1_798_761_600).unwrap_or(Timestamp::UNIX_EPOCH);
        let mut out = Vec::new();
        write_jsonl(&mut out, &cal.occurrences(from, to)).unwrap_or(());
        assert_eq!(
            String::from_utf8_lossy(&out),
            "{\"uid\":\"u\\\"1\",\"recurrence_id\":null,\"start\":\"2026-01-05\",\"end\":\"2026-01-06\",\"summary\":\"Plan, then \\\"go\\\"\",\"all_day\":true,\"floating\":true}\n"
        );
    }
}
