"""A plain, slow walk over working hours: the referee when Longhand and Python disagree.

Part of the business-calendar benchmark; run it all with `scripts/bench-calendar.sh`.

It does by brute force what a person does by hand: for each date from the day before the
start, if the date is a working day and not a day off, place each working range on that
date's wall clock in the calendar's zone (an overnight range ends on the next date), turn
both ends into UTC with the standard library's `zoneinfo`, and count the real time between
them. A day with a DST change inside its working range is therefore as long as the clock on
the wall says, and the UTC arithmetic never assumes a fixed offset. Wall times that do not
exist (a spring-forward gap) map forward by the gap, the same rule Longhand documents.
"""

import datetime
import functools
from zoneinfo import ZoneInfo

UTC = datetime.timezone.utc
ONE_DAY = datetime.timedelta(days=1)
# Walks stop after this many dates; the benchmark's longest walk is a few weeks.
MAX_DATES = 800

_days_off = {}


def days_off(cal):
    if cal.name not in _days_off:
        _days_off[cal.name] = cal.days_off()
    return _days_off[cal.name]


def to_utc(date, time, tz):
    return datetime.datetime.combine(date, time, tzinfo=tz).astimezone(UTC)


def working_intervals(cal, start):
    """The working intervals (start, end, date) at or after `start`, in UTC, clamped to it.
    The walk begins on the local date before the start, so that an overnight range begun the
    evening before still counts."""
    tz = ZoneInfo(cal.zone)
    date = start.astimezone(tz).date() - ONE_DAY
    for _ in range(MAX_DATES):
        if date.weekday() in cal.days and date not in days_off(cal):
            for first, last in cal.ranges():
                end_date = date + ONE_DAY if last < first else date
                begin = max(to_utc(date, first, tz), start)
                end = to_utc(end_date, last, tz)
                if begin < end:
                    yield begin, end, date
        date += ONE_DAY


def add(cal, start, seconds):
    """The instant with `seconds` of working time after `start` (an interval's end stays)."""
    remaining = datetime.timedelta(seconds=seconds)
    for begin, end, _ in working_intervals(cal, start):
        if remaining <= end - begin:
            return begin + remaining
        remaining -= end - begin
    raise ValueError("no working time within the walk's horizon")


def between(cal, a, b):
    """The working seconds from `a` to `b` (b after a)."""
    total = datetime.timedelta()
    for begin, end, _ in working_intervals(cal, a):
        if begin >= b:
            break
        total += min(end, b) - begin
    return int(total.total_seconds())


def explain_add(cal, start, seconds):
    """The walk of `add` in the calendar's local time, one line per interval, for a person
    to check: which intervals count, how long each is in real time, and where it ends."""
    tz = ZoneInfo(cal.zone)
    remaining = datetime.timedelta(seconds=seconds)
    lines = []
    for begin, end, _ in working_intervals(cal, start):
        used = min(remaining, end - begin)
        lines.append(
            f"{begin.astimezone(tz):%a %Y-%m-%d %H:%M:%S%z} -> "
            f"{end.astimezone(tz):%a %m-%d %H:%M:%S%z}: {hours(end - begin)} real, "
            f"{hours(used)} used"
        )
        remaining -= used
        if not remaining:
            lines.append(f"due {(begin + used).astimezone(tz):%a %Y-%m-%d %H:%M:%S%z}")
            return lines
    return lines


def overnight_shift_end(cal, start):
    """The end of the overnight range (one that crosses midnight) that `start` lies in, from
    its first second on; None when the start is anywhere else."""
    begin, end, date = next(working_intervals(cal, start), (None, None, None))
    if begin != start:
        return None
    crosses_midnight = end.astimezone(ZoneInfo(cal.zone)).date() > date
    return end if crosses_midnight else None


def hours(delta):
    """A duration as people read it: "8h", "1h45m37s"."""
    minutes, seconds = divmod(int(delta.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    parts = [(hours, "h"), (minutes, "m"), (seconds, "s")]
    return "".join(f"{n}{unit}" for n, unit in parts if n) or "0s"


@functools.lru_cache
def transitions(zone, first=datetime.datetime(2025, 12, 1, tzinfo=UTC), days=430):
    """The UTC offset changes of a zone from `first` on, as (instant, offset change), found by
    stepping hour by hour (every zone in the benchmark changes on a whole UTC hour)."""
    tz = ZoneInfo(zone)
    found = []
    before = first.astimezone(tz).utcoffset()
    for hour in range(1, days * 24):
        at = first + datetime.timedelta(hours=hour)
        offset = at.astimezone(tz).utcoffset()
        if offset != before:
            found.append((at, offset - before))
            before = offset
    return found
