#!/usr/bin/env bash
# Speed comparison with Python: expands the synthetic organisation calendar (benches/org.rs)
# for 2026 with longhand-ical (release build) and with icalendar + recurring_ical_events,
# checks both found the same occurrences (UID, RECURRENCE-ID, start), and prints the speed-up.
# DESIGN.md asks for at least 30x.
#
#   crates/longhand-ical/benches/compare_python.sh [PEOPLE]   (default 30)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="$root/target/ical-venv"
people="${1:-30}"

if ! { [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import icalendar, recurring_ical_events" 2>/dev/null; }; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check icalendar recurring-ical-events || {
        echo "compare_python: SKIPPED — PyPI is unreachable" >&2
        exit 0
    }
fi

cargo build --quiet --release -p longhand-ical --example expand --example org_calendar --manifest-path "$root/Cargo.toml"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/target/release/examples/org_calendar" "$people" > "$work/org.ics"

now() { date +%s.%N; }
t0=$(now)
"$root/target/release/examples/expand" "$work/org.ics" --from 2026-01-01 --to 2027-01-01 > "$work/rs.jsonl"
t1=$(now)
"$venv/bin/python" "$here/../tests/differential/expand.py" "$work/org.ics" 2026-01-01 2027-01-01 > "$work/py.jsonl"
t2=$(now)

key() { cut -d, -f1-3 "$1" | LC_ALL=C sort; }
if ! diff -q <(key "$work/py.jsonl") <(key "$work/rs.jsonl") > /dev/null; then
    echo "compare_python: the two sides disagree:" >&2
    diff <(key "$work/py.jsonl") <(key "$work/rs.jsonl") | head -20 >&2
    exit 1
fi
awk -v n="$(wc -l < "$work/rs.jsonl")" -v p="$people" -v t0="$t0" -v t1="$t1" -v t2="$t2" 'BEGIN {
    r = t1 - t0; y = t2 - t1
    printf "%d people, %d occurrences in 2026 (identical on both sides)\n", p, n
    printf "longhand-ical: %.3f s   python: %.3f s   speed-up: %.0fx (end to end, process start included)\n", r, y, y / r
}'
