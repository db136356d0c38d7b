"""Checks Longhand's business calendar against the Python package `businesstimedelta`, then
times the package and prints the benchmark's report.

Part of the business-calendar benchmark: `scripts/bench-calendar.sh` writes the inputs
(generate.py), runs Longhand on them, and then runs this with the venv's Python:

    target/bench-venv/bin/python bench/calendar/compare.py WORK_DIR [--python-seconds S]

WORK_DIR holds generate.py's files plus Longhand's answers: NAME.add.out and
NAME.between.out from `longhand calendar add|between --batch`, engine.answers and
engine.jsonl from the calendar_throughput example, and cli.seconds (per line a calendar's
name and the user, system and real seconds of its `add --batch` run).

Correctness comes first. Every case is computed by Longhand, by `businesstimedelta`, and by
the plain wall-clock walk in reference.py. Each disagreement between Longhand and Python is
put in a category only when a check on that very case confirms the category's explanation;
the referee says which side is right. The exit status is 1 when any disagreement is
unexplained, when Longhand differs from the referee anywhere, or when the timed engine
computes anything other than what the CLI prints.
"""

import argparse
import collections
import datetime
import json
import pathlib
import sys
import time

import businesstimedelta
import pytz

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from calendars import CALENDARS  # noqa: E402
import reference  # noqa: E402

UTC = datetime.timezone.utc
TARGET_CALLS_PER_SECOND = 1_000_000
# Walks of a few hours are printed step by step for the first cases of each category.
EXPLAINED_PER_CATEGORY = 2

REASONS = {
    "overnight_in_progress": (
        "The start lies inside an overnight shift (22:00-06:00), begun that evening or the "
        "evening before. businesstimedelta's WorkDayRule.next keeps the start's own date only "
        "while the local time is before max(start_time, end_time) = 22:00, and then returns "
        "that date's 22:00 shift: from 22:00 on it jumps to the next evening, before 06:00 "
        "it ignores the shift begun the evening before. Either way the rest of the shift in "
        "progress is not counted. Checked on each case: the start is inside such a shift and "
        "Python's answer equals the reference walk begun at that shift's end. Longhand is "
        "right: the rest of the shift is working time."
    ),
    "dst_shift": (
        "The walk crosses a DST change and the answers differ by exactly the change. "
        "Checked on each case: a transition lies between the start and the later answer, "
        "and |Python - Longhand| equals that transition's offset change."
    ),
    "python_error": "businesstimedelta raised an exception on this case.",
    "unexplained": "No checked explanation fits.",
}


def parse_instant(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def read_lines(path):
    return [line for line in path.read_text().splitlines() if line.strip()]


# --- Computing each side ------------------------------------------------------------------


def python_add(rules, start, seconds):
    delta = businesstimedelta.BusinessTimeDelta(rules, seconds=seconds)
    try:
        return (start.astimezone(pytz.utc) + delta).astimezone(UTC)
    except Exception as err:  # the package's failure is a result to report, not a crash
        return err


def python_between(rules, a, b):
    try:
        return int(rules.difference(a, b).timedelta.total_seconds())
    except Exception as err:
        return err


def longhand_answer(line, parse):
    if line.startswith("{"):
        return RuntimeError(json.loads(line)["error"])
    return parse(line)


# --- Classifying disagreements ------------------------------------------------------------


def dst_change_between(cal, first, last):
    """The size of an offset change of the zone between two instants, if there is one."""
    for at, change in reference.transitions(cal.zone):
        if first <= at <= last:
            return abs(change)
    return None


def classify_add(cal, case, longhand, python):
    start, seconds = case["start"], case["seconds"]
    if isinstance(longhand, Exception):
        return "unexplained"
    if isinstance(python, Exception):
        return "python_error"
    shift_end = reference.overnight_shift_end(cal, start)
    if shift_end is not None and python == reference.add(cal, shift_end, seconds):
        return "overnight_in_progress"
    change = dst_change_between(cal, start, max(longhand, python))
    if change is not None and abs(python - longhand) == change:
        return "dst_shift"
    return "unexplained"


def classify_between(cal, case, longhand, python):
    a, b = case["from"], case["to"]
    if isinstance(longhand, Exception):
        return "unexplained"
    if isinstance(python, Exception):
        return "python_error"
    shift_end = reference.overnight_shift_end(cal, a)
    if shift_end is not None and python == reference.between(cal, shift_end, b):
        return "overnight_in_progress"
    change = dst_change_between(cal, a, b)
    if change is not None and abs(python - longhand) == change.total_seconds():
        return "dst_shift"
    return "unexplained"


def right_side(longhand, python, ref):
    if longhand == ref:
        return "Longhand"
    if python == ref:
        return "Python"
    return "neither"


# --- Correctness --------------------------------------------------------------------------


class Tally:
    """Agreement counts and every disagreement of one operation (add or between)."""

    def __init__(self, operation):
        self.operation = operation
        self.cases = 0
        self.agree = 0
        self.longhand_wrong = 0
        self.disagreements = []
        self.across_dst = 0
        self.across_dst_agree = 0
        self.across_dst_categories = collections.Counter()
        self.by_calendar = collections.defaultdict(lambda: [0, 0])
        # The first agreeing case per calendar that spans a DST change, shown worked out.
        self.dst_examples = {}

    def record(self, cal, case, longhand, python, ref, classify, span):
        """Counts one case; `span` is the (first, last) instant of its walk."""
        self.cases += 1
        self.by_calendar[cal.name][0] += 1
        across_dst = dst_change_between(cal, *span) is not None
        self.across_dst += across_dst
        if longhand != ref:
            self.longhand_wrong += 1
        if longhand == python:
            self.agree += 1
            self.by_calendar[cal.name][1] += 1
            self.across_dst_agree += across_dst
            if across_dst:
                self.dst_examples.setdefault(cal.name, (cal, case))
            return
        category = classify(cal, case, longhand, python)
        if across_dst:
            self.across_dst_categories[category] += 1
        side = right_side(longhand, python, ref)
        self.disagreements.append((cal, case, longhand, python, ref, category, side))


def local(instant, cal):
    if not isinstance(instant, datetime.datetime):
        return str(instant)
    return instant.astimezone(reference.ZoneInfo(cal.zone)).strftime("%a %Y-%m-%d %H:%M:%S%z")


def check_add(work, cal, tally):
    cases = read_jsonl(work / f"{cal.name}.add.jsonl")
    answers = read_lines(work / f"{cal.name}.add.out")
    if len(answers) != len(cases):
        sys.exit(f"{cal.name}: {len(cases)} add cases but {len(answers)} Longhand answers")
    rules = cal.python_rules()
    for case, answer in zip(cases, answers):
        case["start"] = parse_instant(case["start"])
        longhand = longhand_answer(answer, parse_instant)
        python = python_add(rules, case["start"], case["seconds"])
        ref = reference.add(cal, case["start"], case["seconds"])
        tally.record(cal, case, longhand, python, ref, classify_add, (case["start"], ref))
    return cases


def check_between(work, cal, tally):
    cases = read_jsonl(work / f"{cal.name}.between.jsonl")
    answers = read_lines(work / f"{cal.name}.between.out")
    if len(answers) != len(cases):
        sys.exit(f"{cal.name}: {len(cases)} between cases but {len(answers)} Longhand answers")
    rules = cal.python_rules()
    for case, answer in zip(cases, answers):
        case["from"], case["to"] = parse_instant(case["from"]), parse_instant(case["to"])
        longhand = longhand_answer(answer, int)
        python = python_between(rules, case["from"], case["to"])
        ref = reference.between(cal, case["from"], case["to"])
        tally.record(cal, case, longhand, python, ref, classify_between, (case["from"], case["to"]))


def engine_matches_cli(work):
    """Whether the timed in-process calls gave exactly the CLI's answers. The example writes
    its answers calendar by calendar, in the order of its report lines."""
    engine = read_lines(work / "engine.answers")
    rows = read_jsonl(work / "engine.jsonl")
    names = [row["calendar"] for row in rows if row["calendar"] != "all"]
    cli = [line for name in names for line in read_lines(work / f"{name}.add.out")]
    return engine == cli


# --- Printing correctness -----------------------------------------------------------------


def describe(operation, cal, case):
    if operation == "add":
        return f"{cal.name} {local(case['start'], cal)} + {case['duration']} ({case['kind']})"
    return f"{cal.name} between {local(case['from'], cal)} and {local(case['to'], cal)}"


def show(answer, cal):
    return local(answer, cal) if isinstance(answer, datetime.datetime) else str(answer)


def print_disagreements(tally):
    if not tally.disagreements:
        return
    print(f"\nEvery {tally.operation} disagreement (answers in the calendar's local time):")
    for cal, case, longhand, python, ref, category, side in tally.disagreements:
        print(
            f"  {describe(tally.operation, cal, case)}: Longhand {show(longhand, cal)}"
            f" | Python {show(python, cal)} | reference {show(ref, cal)}"
            f" -> {category}, right: {side}"
        )


def print_categories(tally):
    by_category = collections.defaultdict(list)
    for row in tally.disagreements:
        by_category[row[5]].append(row)
    absent = [c for c in REASONS if c not in by_category and c != "unexplained"]
    if absent:
        print(f"  Categories checked on every disagreement and found in none: {', '.join(absent)}")
    for category, rows in sorted(by_category.items()):
        sides = collections.Counter(row[6] for row in rows)
        verdict = ", ".join(f"{side} right in {n}" for side, n in sides.most_common())
        print(f"\n  {category}: {len(rows)} cases ({verdict})")
        print(f"    {REASONS[category]}")
        if tally.operation == "add":
            for cal, case, *_ in rows[:EXPLAINED_PER_CATEGORY]:
                print(f"    Hand check, {describe('add', cal, case)}:")
                for line in reference.explain_add(cal, case["start"], case["seconds"]):
                    print(f"      {line}")


def print_dst_examples(tally):
    """Worked walks of agreeing cases across a DST change, one per calendar, so a person can
    check that both sides count a changed day or night by its real length."""
    if not tally.dst_examples:
        return
    print("\n  Hand check of agreeing cases that span a DST change:")
    for cal, case in tally.dst_examples.values():
        print(f"    {describe('add', cal, case)}:")
        for line in reference.explain_add(cal, case["start"], case["seconds"]):
            print(f"      {line}")


def print_tally(tally):
    share = 100 * tally.agree / max(tally.cases, 1)
    print(
        f"\n{tally.operation}: {tally.agree} of {tally.cases} cases agree ({share:.1f}%), "
        f"{len(tally.disagreements)} disagree; Longhand differs from the reference walk in "
        f"{tally.longhand_wrong}"
    )
    for name, (cases, agree) in tally.by_calendar.items():
        print(f"  {name:<12} {agree:>5} of {cases:>5} agree")
    print(
        f"  {tally.across_dst} cases span a DST change (start to due, or from to to); "
        f"{tally.across_dst_agree} of them agree"
        + "".join(f", {n} are {category}" for category, n in tally.across_dst_categories.items())
    )
    print_categories(tally)


# --- Timing -------------------------------------------------------------------------------

# Calls made and the seconds they took: wall clock, and CPU time of the process or thread
# when known. Rates use the CPU time: on a machine shared with other work it is what "calls
# per second on one core" means, as it leaves out the time others held the core.
Timing = collections.namedtuple("Timing", "calls wall cpu")


def cpu_or_wall(timing):
    return timing.cpu or timing.wall


def wall_seconds(timing):
    return timing.wall


def rate(timing):
    return timing.calls / cpu_or_wall(timing)


def mix_rate(timings, counts, seconds_of=cpu_or_wall):
    """Calls per second over one pass of every calendar's cases: each calendar weighs by its
    number of cases, not by how many calls fitted in its share of the timing budget."""
    seconds = sum(counts[name] * seconds_of(t) / t.calls for name, t in timings.items())
    return sum(counts.values()) / seconds


def time_python(cases_by_calendar, seconds):
    """`start + BusinessTimeDelta` per calendar, in whole passes over its cases (at least
    one), with the rules and deltas built beforehand as the engine's inputs are parsed
    beforehand."""
    budget = seconds / len(cases_by_calendar)
    results = {}
    for cal, cases in cases_by_calendar:
        rules = cal.python_rules()
        inputs = [
            (
                case["start"].astimezone(pytz.utc),
                businesstimedelta.BusinessTimeDelta(rules, seconds=case["seconds"]),
            )
            for case in cases
        ]
        calls, began, cpu_began = 0, time.perf_counter(), time.thread_time()
        while time.perf_counter() - began < budget:
            for start, delta in inputs:
                try:
                    start + delta
                except Exception:
                    pass
            calls += len(inputs)
        wall, cpu = time.perf_counter() - began, time.thread_time() - cpu_began
        results[cal.name] = Timing(calls, wall, cpu)
    return results


def read_engine(work):
    rows = read_jsonl(work / "engine.jsonl")
    return {
        row["calendar"]: Timing(row["calls"], row["seconds"], row["cpu_seconds"])
        for row in rows
        if row["calendar"] != "all"
    }


def read_cli(work, counts):
    """The CLI's runs: one line per calendar with its name, user, system and real seconds."""
    results = {}
    for line in read_lines(work / "cli.seconds"):
        name, user, system, real = line.split()
        results[name] = Timing(counts[name], float(real), float(user) + float(system))
    return results


def print_throughput(engine, python, cli, counts):
    print("\nThroughput of add on one core (calls per CPU second):")
    header = (
        f"  {'calendar':<12} {'Longhand engine':>16} {'Longhand CLI':>13} {'Python':>10}"
        f" {'ratio':>8}"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    rows = [
        (cal.name, rate(engine[cal.name]), rate(cli[cal.name]), rate(python[cal.name]))
        for cal in CALENDARS
    ]
    rows.append(("all", mix_rate(engine, counts), mix_rate(cli, counts), mix_rate(python, counts)))
    for name, ours, cli_rate, theirs in rows:
        print(
            f"  {name:<12} {ours:>16,.0f} {cli_rate:>13,.0f} {theirs:>10,.0f}"
            f" {ours / theirs:>7,.0f}x"
        )
    print(
        "  engine: in-process Calendar::add on parsed inputs (calendar_throughput example);\n"
        "  CLI: `longhand calendar add --batch`, process start and JSON IO included;\n"
        "  Python: businesstimedelta on the same cases; ratio: engine / Python;\n"
        "  all: over one pass of every calendar's cases."
    )
    ours, theirs = mix_rate(engine, counts, wall_seconds), mix_rate(python, counts, wall_seconds)
    print(
        "  By the wall clock instead (lower when other work shares the core): "
        f"engine {ours:,.0f}/s, Python {theirs:,.0f}/s."
    )
    verdict = "met" if rows[-1][1] >= TARGET_CALLS_PER_SECOND else "NOT met"
    print(f"  DESIGN.md §4 target of {TARGET_CALLS_PER_SECOND:,} calls/s on one core: {verdict}")


# --- Main ---------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=pathlib.Path)
    parser.add_argument("--python-seconds", type=float, default=2.0)
    args = parser.parse_args()

    adds, betweens = Tally("add"), Tally("between")
    cases_by_calendar = []
    for cal in CALENDARS:
        cases_by_calendar.append((cal, check_add(args.work, cal, adds)))
        check_between(args.work, cal, betweens)
    engine_ok = engine_matches_cli(args.work)

    print("Correctness: Longhand (CLI) vs businesstimedelta, refereed by reference.py")
    for tally in (adds, betweens):
        print_disagreements(tally)
    for tally in (adds, betweens):
        print_tally(tally)
    print_dst_examples(adds)
    print(f"\nTimed engine calls give the CLI's answers: {'yes' if engine_ok else 'NO'}")

    python = time_python(cases_by_calendar, args.python_seconds)
    counts = {cal.name: len(cases) for cal, cases in cases_by_calendar}
    print_throughput(read_engine(args.work), python, read_cli(args.work, counts), counts)

    failures = []
    for tally in (adds, betweens):
        unexplained = sum(1 for row in tally.disagreements if row[5] == "unexplained")
        if unexplained:
            failures.append(f"{unexplained} unexplained {tally.operation} disagreements")
        if tally.longhand_wrong:
            failures.append(
                f"Longhand differs from the reference in {tally.longhand_wrong}"
                f" {tally.operation} cases"
            )
    if not engine_ok:
        failures.append("the timed engine's answers differ from the CLI's")
    print("\nResult: " + ("FAIL: " + "; ".join(failures) if failures else "correctness holds"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
