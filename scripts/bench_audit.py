"""The Python side of scripts/bench-audit.sh: expand every .ics file in a directory over a
window with icalendar + recurring_ical_events, the way `longhand audit` reads them, and print
the number of occurrences (duplicates across files and all-day events included; cancelled
instances left out, as both sides do).

    python bench_audit.py DIR FROM TO
"""
import datetime as dt
import pathlib
import sys

import icalendar
import recurring_ical_events

UTC = dt.timezone.utc


def occurrences(path, window):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    count = 0
    for event in recurring_ical_events.of(cal, skip_bad_series=True).between(*window):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        count += 1
    return count


def main(directory, start, end):
    window = (
        dt.datetime.fromisoformat(start).replace(tzinfo=UTC),
        dt.datetime.fromisoformat(end).replace(tzinfo=UTC),
    )
    files = sorted(pathlib.Path(directory).glob("*.ics"))
    print(sum(occurrences(path, window) for path in files))


if __name__ == "__main__":
    main(*sys.argv[1:4])
