#!/usr/bin/env bash
# Business-calendar benchmark (DESIGN.md §2.3, §4). Generates seeded cases for four member
# calendars (Berlin split day, New York, Kolkata, a Berlin night rota) and, correctness first,
# checks Longhand's `calendar add` and `calendar between` against the Python package
# businesstimedelta, with a plain wall-clock walk as referee for every disagreement. Then it
# measures `add` calls per second on one core: Longhand's engine in process (the
# calendar_throughput example), Longhand's CLI in batch mode, and the Python package on the
# same cases, and prints the report. Exits non-zero when correctness does not hold; the
# throughput figures never fail it.
#
#   scripts/bench-calendar.sh [CASES_PER_CALENDAR] [SEED]     (defaults: 1500, 2026)
#
# The first run needs PyPI: it creates target/bench-venv with businesstimedelta and pytz.
# Work files (cases, answers) are left in target/bench-calendar/ for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-1500}
seed=${2:-2026}
work=target/bench-calendar
venv=target/bench-venv
bin=target/release/longhand
engine=target/release/examples/calendar_throughput

pin=()
core="all cores (taskset not found)"
if command -v taskset >/dev/null; then
  pin=(taskset -c 0)
  core="core 0"
fi

cargo build --release --locked --bin longhand --example calendar_throughput

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# tzdata gives the referee's zoneinfo a tz database where the system has none.
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  businesstimedelta==1.0.1 pytz==2026.6 tzdata==2026.6

rm -rf "$work"
mkdir -p "$work"
"$venv/bin/python" bench/calendar/generate.py "$work" --cases-per-calendar "$cases" --seed "$seed"

# Runs `longhand calendar add --batch` on one calendar's cases under bash's `time`, and adds
# the calendar's name with the user, system and real seconds (process start included) to
# cli.seconds; compare.py turns them into the CLI's rate.
TIMEFORMAT='%3U %3S %3R'
cli_add() {
  local name=$1 seconds
  if ! seconds=$( { time "${pin[@]}" "$bin" calendar add --calendar "$work/$name.json" --batch \
      < "$work/$name.add.jsonl" > "$work/$name.add.out" 2> "$work/$name.add.err"; } 2>&1 ); then
    echo "longhand reported errors for some of $name's add cases" >&2
  fi
  echo "$name $seconds" >> "$work/cli.seconds"
}

cli_between() {
  local name=$1
  "$bin" calendar between --calendar "$work/$name.json" --batch \
    < "$work/$name.between.jsonl" > "$work/$name.between.out" \
    || echo "longhand reported errors for some of $name's between cases" >&2
}

pairs=()
for calendar in "$work"/*.json; do
  name=$(basename "$calendar" .json)
  cli_add "$name"
  cli_between "$name"
  pairs+=("$calendar" "$work/$name.add.jsonl")
done
"${pin[@]}" "$engine" --seconds 4 --answers "$work/engine.answers" "${pairs[@]}" \
  > "$work/engine.jsonl"

load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown)
echo
echo "Longhand $(git rev-parse --short HEAD 2>/dev/null || echo dev), $(nproc) cores" \
  "(load average $load), timed on $core, $cases cases per calendar, seed $seed"
"${pin[@]}" "$venv/bin/python" bench/calendar/compare.py "$work"
