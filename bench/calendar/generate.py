"""Writes the business-calendar benchmark's inputs, deterministically from a seed.

Part of the business-calendar benchmark; run it all with `scripts/bench-calendar.sh`, or
alone with

    python3 bench/calendar/generate.py OUT_DIR [--cases-per-calendar N] [--seed S]

For each calendar in calendars.py it writes, into OUT_DIR:
- NAME.json: the member-calendar JSON for `longhand calendar … --calendar`;
- NAME.add.jsonl: `{"start", "duration"}` lines for `longhand calendar add --batch`, with the
  duration's seconds and the kind of start added for the comparison (Longhand ignores them);
- NAME.between.jsonl: `{"from", "to"}` lines for `longhand calendar between --batch`.

Starts are spread over 2026: anywhere, inside working hours, exactly on a range boundary,
within days of each DST change of the zone, and around holidays and time off. Durations are
1h to 40h of working time, written the ways people write them ("7h", "90m", "2h30m",
"PT2H30M").
"""

import argparse
import datetime
import json
import pathlib
import random
import sys
from zoneinfo import ZoneInfo

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from calendars import CALENDARS  # noqa: E402
import reference  # noqa: E402

UTC = datetime.timezone.utc
YEAR_START = datetime.datetime(2026, 1, 1, tzinfo=UTC)
YEAR_SECONDS = 365 * 86400
# How often each kind of start is drawn.
KINDS = {"anywhere": 30, "in_hours": 25, "boundary": 10, "dst": 25, "days_off": 10}


def rfc3339(instant):
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def random_date(rng):
    return datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def at_local(date, time, cal):
    return datetime.datetime.combine(date, time, tzinfo=ZoneInfo(cal.zone)).astimezone(UTC)


def start_anywhere(rng, cal):
    return YEAR_START + datetime.timedelta(seconds=rng.randrange(YEAR_SECONDS))


def start_in_hours(rng, cal):
    """A working date and a minute inside one of its working ranges (overnight included)."""
    date = random_date(rng)
    while date.weekday() not in cal.days:
        date = random_date(rng)
    first, last = rng.choice(cal.ranges())
    begin = datetime.datetime.combine(date, first)
    end = datetime.datetime.combine(date + datetime.timedelta(days=last < first), last)
    minutes = int((end - begin).total_seconds() // 60)
    local = begin + datetime.timedelta(minutes=rng.randrange(minutes))
    return at_local(local.date(), local.time(), cal)


def start_on_boundary(rng, cal):
    """Exactly the start or end of a working range, on any date."""
    first, last = rng.choice(cal.ranges())
    return at_local(random_date(rng), rng.choice((first, last)), cal)


def start_near_dst(rng, cal):
    """Within five days before to three days after a DST change of the zone (some within
    three hours of it); a zone without DST gets the European changes' dates."""
    changes = reference.transitions(cal.zone) or reference.transitions("Europe/Berlin")
    changes = [at for at, _ in changes if at.year == 2026]
    at = rng.choice(changes)
    if rng.random() < 0.25:
        return at + datetime.timedelta(minutes=rng.randrange(-180, 180))
    return at + datetime.timedelta(minutes=rng.randrange(-5 * 1440, 3 * 1440))


def start_near_day_off(rng, cal):
    """Within two days of a holiday or a day of time off, at any minute."""
    days = sorted(d for d in cal.days_off() if d.year == 2026)
    if not days:
        return start_anywhere(rng, cal)
    date = rng.choice(days) + datetime.timedelta(days=rng.randrange(-2, 3))
    minute = rng.randrange(1440)
    return at_local(date, datetime.time(minute // 60, minute % 60), cal)


STARTS = {
    "anywhere": start_anywhere,
    "in_hours": start_in_hours,
    "boundary": start_on_boundary,
    "dst": start_near_dst,
    "days_off": start_near_day_off,
}


def duration(rng):
    """Working time of 1h to 40h as (text, seconds), in one of the spellings people use."""
    style = rng.random()
    if style < 0.6:
        hours = rng.randint(1, 40)
        return f"{hours}h", hours * 3600
    minutes = rng.randint(60, 40 * 60)
    if style < 0.75:
        return f"{minutes}m", minutes * 60
    hours, rest = divmod(minutes, 60)
    if style < 0.9:
        return f"{hours}h{rest}m", minutes * 60
    return f"PT{hours}H{rest}M", minutes * 60


def cases(rng, cal, count):
    kinds = rng.choices(list(KINDS), weights=list(KINDS.values()), k=count)
    for kind in kinds:
        start = STARTS[kind](rng, cal)
        text, seconds = duration(rng)
        span = datetime.timedelta(seconds=rng.randrange(10 * 86400))
        yield kind, start, text, seconds, start + span


def write(out, cal, count, rng):
    (out / f"{cal.name}.json").write_text(json.dumps(cal.longhand_json()) + "\n")
    with open(out / f"{cal.name}.add.jsonl", "w") as adds, open(
        out / f"{cal.name}.between.jsonl", "w"
    ) as betweens:
        for kind, start, text, seconds, to in cases(rng, cal, count):
            add = {"start": rfc3339(start), "duration": text, "seconds": seconds, "kind": kind}
            adds.write(json.dumps(add) + "\n")
            betweens.write(json.dumps({"from": rfc3339(start), "to": rfc3339(to)}) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--cases-per-calendar", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    for cal in CALENDARS:
        write(args.out, cal, args.cases_per_calendar, rng)
        print(f"{cal.name}: {args.cases_per_calendar} add and between cases", file=sys.stderr)


if __name__ == "__main__":
    main()
