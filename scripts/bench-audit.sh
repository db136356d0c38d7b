#!/usr/bin/env bash
# The meeting audit against Python (DESIGN.md §4: at least 30x, the same occurrences).
#
# Generates an organisation's calendar exports (crates/longhand/examples/org_calendars.rs:
# one .ics per person, recurring series with EXDATEs and RECURRENCE-ID overrides, IANA and
# Windows zone names), then in the same run:
#   - `longhand audit` (release build): parse, expand, de-duplicate and audit the whole year;
#   - scripts/bench_audit.py: icalendar + recurring_ical_events expanding the same files over
#     the same window (expansion only, so the comparison flatters Python).
# Prints wall time and peak RSS of both, the speed-up, and whether the targets are met
# (at least 100x Python, under 100 MiB peak RSS); fails if the two disagree on the number of
# occurrences. Longhand runs RUNS times (default 5) and its median time and largest RSS
# count, since one run on a busy machine says little; the load average is printed with them.
#
#   scripts/bench-audit.sh [PEOPLE]   (default 500)
#   RUNS=9 scripts/bench-audit.sh 100
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
people="${1:-500}"
runs="${RUNS:-5}"
from=2026-01-01
to=2027-01-01
venv="$target/bench-audit-venv"

if ! { [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import icalendar, recurring_ical_events" 2>/dev/null; }; then
    echo "creating $venv with icalendar and recurring-ical-events …" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check icalendar recurring-ical-events
fi

cargo build --quiet --release -p longhand --bin longhand --example org_calendars --manifest-path "$root/Cargo.toml"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$target/release/examples/org_calendars" "$work/org" "$people" 2026
size="$(du -sh "$work/org" | cut -f1)"

# Runs a command, writing "seconds max-rss-KiB" to $1: GNU time when present, else getrusage.
measure() {
    local out="$1"
    shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %M" -o "$out" "$@"
    else
        python3 - "$out" "$@" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
code = subprocess.call(sys.argv[2:])
took = time.monotonic() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write(f"{took:.2f} {rss}\n")
sys.exit(code)
PY
    fi
}

for run in $(seq "$runs"); do
    measure "$work/rs.$run.time" "$target/release/longhand" audit --from "$from" --to "$to" \
        --members "$work/org/members.json" --format json "$work"/org/*.ics > "$work/rs.json"
done
# The median wall time and the largest peak RSS over the runs.
cat "$work"/rs.*.time | sort -n | awk -v n="$runs" '
    { s[NR] = $1; if ($2 > kb) kb = $2 }
    END { print s[int((n + 1) / 2)], kb }' > "$work/rs.time"
load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
measure "$work/py.time" "$venv/bin/python" "$root/scripts/bench_audit.py" "$work/org" "$from" "$to" > "$work/py.txt"

rs_count="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["occurrences_read"])' "$work/rs.json")"
meetings="$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["meetings"], r["person_hours"])' "$work/rs.json")"
top="$(python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["series"][0]; print("%s, %.0f person-hours" % (s["title"], s["person_hours"]))' "$work/rs.json")"
py_count="$(cat "$work/py.txt")"
if [ "$rs_count" != "$py_count" ]; then
    echo "bench-audit: the two sides disagree: longhand read $rs_count occurrences, Python $py_count" >&2
    exit 1
fi
read -r rs_s rs_kb < "$work/rs.time"
read -r py_s py_kb < "$work/py.time"
awk -v p="$people" -v size="$size" -v n="$rs_count" -v m="$meetings" -v rs="$rs_s" -v rk="$rs_kb" -v py="$py_s" -v pk="$py_kb" -v runs="$runs" -v loadavg="$load" 'BEGIN {
    split(m, mh, " ")
    speedup = py / (rs > 0 ? rs : 0.01)
    printf "%d people, %d files (%s), the year 2026: %d occurrences on both sides (%d distinct meetings, %.0f person-hours)\n", p, p, size, n, mh[1], mh[2]
    printf "longhand audit:        %7.2f s   peak RSS %6.1f MiB   (parse, expand, de-duplicate, audit; median of %d runs)\n", rs, rk / 1024, runs
    printf "icalendar + r-i-e:     %7.2f s   peak RSS %6.1f MiB   (parse and expand only)\n", py, pk / 1024
    printf "speed-up: %.0fx; peak RSS, longhand / Python: %.1f; load average before Python: %s\n", speedup, rk / (pk > 0 ? pk : 1), loadavg
    printf "target >= 100x: %s; target < 100 MiB: %s\n", speedup >= 100 ? "met" : "NOT met", rk / 1024 < 100 ? "met" : "NOT met"
}'
echo "the costliest recurring meeting: $top"
