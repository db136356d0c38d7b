"""The benchmark's member calendars, defined once and turned into each side's form.

Part of the business-calendar benchmark; run it all with `scripts/bench-calendar.sh`.

Each calendar gives:
- `longhand_json()`: Longhand's member-calendar JSON (crates/longhand/src/calendar_json.rs);
- `python_rules()`: the same calendar as `businesstimedelta` rules (WorkDayRule,
  LunchTimeRule, HolidayRule), with the zone as the pytz object that package expects;
- `ranges()` and `days_off()`: the plain facts the reference walk in reference.py uses.

`businesstimedelta` has no time off and no business-days unit, so time off becomes extra
holidays there and every duration is working time.
"""

import datetime
from dataclasses import dataclass

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MON_FRI = (0, 1, 2, 3, 4)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)


def parse_time(text):
    hour, minute = text.split(":")
    return datetime.time(int(hour), int(minute))


def parse_date(text):
    return datetime.date.fromisoformat(text)


@dataclass(frozen=True)
class Calendar:
    """A weekly working day (optionally with a lunch break) in one zone, minus days off.

    `hours` is the start and end of the working day; an end before the start is an overnight
    shift, which belongs to the date it starts on. `lunch` is a break inside the day.
    `time_off` holds inclusive (start, end) date ranges.
    """

    name: str
    zone: str
    days: tuple
    hours: tuple
    lunch: tuple = None
    holidays: tuple = ()
    time_off: tuple = ()

    def ranges(self):
        """The working ranges of a working day, as (start, end) times."""
        start, end = (parse_time(t) for t in self.hours)
        if self.lunch is None:
            return [(start, end)]
        lunch_start, lunch_end = (parse_time(t) for t in self.lunch)
        return [(start, lunch_start), (lunch_end, end)]

    def days_off(self):
        """Holidays and every day of time off, as a set of dates."""
        off = {parse_date(d) for d in self.holidays}
        for first, last in self.time_off:
            day = parse_date(first)
            while day <= parse_date(last):
                off.add(day)
                day += datetime.timedelta(days=1)
        return off

    def longhand_json(self):
        ranges = [f"{a:%H:%M}-{b:%H:%M}" for a, b in self.ranges()]
        return {
            "time_zone": self.zone,
            "working_hours": {
                key: ranges if i in self.days else [] for i, key in enumerate(WEEKDAY_KEYS)
            },
            "holidays": list(self.holidays),
            "time_off": [{"start": a, "end": b} for a, b in self.time_off],
            "focus_blocks": [],
        }

    def python_rules(self):
        """The calendar as one `businesstimedelta.Rules`, localised with pytz."""
        import businesstimedelta
        import pytz

        tz = pytz.timezone(self.zone)
        start, end = (parse_time(t) for t in self.hours)
        days = list(self.days)
        rules = [
            businesstimedelta.WorkDayRule(
                start_time=start, end_time=end, working_days=days, tz=tz
            )
        ]
        if self.lunch is not None:
            lunch_start, lunch_end = (parse_time(t) for t in self.lunch)
            rules.append(
                businesstimedelta.LunchTimeRule(
                    start_time=lunch_start, end_time=lunch_end, working_days=days, tz=tz
                )
            )
        if self.holidays or self.time_off:
            # A set rather than a list: the package tests `date in holidays` for every day
            # it scans, so this only makes the Python side faster, never different.
            rules.append(businesstimedelta.HolidayRule(self.days_off(), tz=tz))
        return businesstimedelta.Rules(rules)


# The package's HolidayRule scans day by day for the next holiday and fails (it builds a
# datetime from None) when there is none within five years, so every list with holidays
# also names a few in 2027, after every walk the benchmark makes.
CALENDARS = (
    # The split day from DESIGN.md: 7 working hours, public holidays, two weeks of summer
    # time off. Both 2026 transitions (03-29, 10-25) fall on a Sunday night.
    Calendar(
        name="berlin",
        zone="Europe/Berlin",
        days=MON_FRI,
        hours=("09:00", "17:00"),
        lunch=("12:00", "13:00"),
        holidays=(
            "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14",
            "2026-05-25", "2026-10-03", "2026-12-24", "2026-12-25", "2026-12-31",
            "2027-01-01", "2027-03-26", "2027-12-24",
        ),
        time_off=(("2026-08-03", "2026-08-14"),),
    ),
    # 8 hours a day, US federal holidays, a week off right after spring forward (03-08).
    Calendar(
        name="new_york",
        zone="America/New_York",
        days=MON_FRI,
        hours=("09:00", "17:00"),
        holidays=(
            "2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19",
            "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25",
            "2027-01-01", "2027-01-18", "2027-12-24",
        ),
        time_off=(("2026-03-09", "2026-03-13"),),
    ),
    # A zone with a half-hour offset and no DST; 8 hours around a lunch hour.
    Calendar(
        name="kolkata",
        zone="Asia/Kolkata",
        days=MON_FRI,
        hours=("09:30", "18:30"),
        lunch=("13:30", "14:30"),
        holidays=(
            "2026-01-26", "2026-03-04", "2026-10-02", "2026-11-09", "2026-12-25",
            "2027-01-26", "2027-10-01",
        ),
    ),
    # An operations rota: every night 22:00-06:00. The only calendar here whose working time
    # spans the DST changes themselves (7 hours on 03-28/29, 9 hours on 10-24/25), so it is
    # the one that tests "exact across DST changes" against the Python package.
    Calendar(
        name="ops_nights",
        zone="Europe/Berlin",
        days=EVERY_DAY,
        hours=("22:00", "06:00"),
    ),
)
