"""Reference expansion for the differential test: icalendar + recurring_ical_events.

Prints the same JSON lines as `cargo run -p longhand-ical --example expand`, sorted by start:
one object per occurrence with uid, recurrence_id, start, end, summary, all_day and floating.
Floating times are printed as if they were UTC and all-day ones as dates, like the Rust side.
"""
import datetime as dt
import json
import sys

import icalendar
import recurring_ical_events

UTC = dt.timezone.utc


def instant(value):
    """An RFC 3339 UTC string (a plain date for a date) and the floating flag."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), True
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), False
    return value.isoformat(), True


def main(path, start, end):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    # Both sides skip a VEVENT without DTSTART; recurring_ical_events would raise instead.
    cal.subcomponents = [c for c in cal.subcomponents if not (c.name == "VEVENT" and "DTSTART" not in c)]
    window = (dt.datetime.fromisoformat(start).replace(tzinfo=UTC), dt.datetime.fromisoformat(end).replace(tzinfo=UTC))
    masters = {str(e.get("UID")) for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e and ("RRULE" in e or "RDATE" in e)}
    rows = []
    for ev in recurring_ical_events.of(cal, skip_bad_series=True).between(*window):
        if str(ev.get("STATUS", "")).upper() == "CANCELLED":
            continue
        s, floating = instant(ev.decoded("DTSTART"))
        e = instant(ev.decoded("DTEND"))[0] if "DTEND" in ev else s
        rid = None
        uid = str(ev.get("UID", ""))
        if "RECURRENCE-ID" in ev and uid in masters | {str(x.get("UID")) for x in cal.walk("VEVENT") if "RECURRENCE-ID" in x}:
            rid = instant(ev.decoded("RECURRENCE-ID"))[0]
        rows.append({
            "uid": uid,
            "recurrence_id": rid,
            "start": s,
            "end": e,
            "summary": str(ev.get("SUMMARY", "")),
            "all_day": not isinstance(ev.decoded("DTSTART"), dt.datetime),
            "floating": floating,
        })
    rows.sort(key=lambda r: (r["start"], r["uid"], r["recurrence_id"] or "", r["end"]))
    for r in rows:
        print(json.dumps(r, ensure_ascii=False, separators=(",", ":")))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
