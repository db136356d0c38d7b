#!/usr/bin/env bash
# Differential test: expands every calendar in tests/corpus/ for one year with longhand-ical
# (examples/expand.rs) and with Python's icalendar + recurring_ical_events
# (tests/differential/expand.py), and compares, per occurrence, the UID, the RECURRENCE-ID
# and the start instant (plus the all-day and floating flags). Exits non-zero and prints the
# diff on any difference that is not allow-listed below. Ends are compared too, but only
# reported: Python adds lengths on the wall clock, RFC 5545 on the timeline (see below).
#
# Self-contained: creates a virtualenv under target/ on first use. Skips (exit 0, with a clear
# message) only when PyPI cannot be reached to install the reference implementation.
#
#   crates/longhand-ical/tests/differential.sh [--from 2026-01-01] [--to 2027-01-01]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="$root/target/ical-venv"
from="2026-01-01"
to="2027-01-01"
while [ $# -gt 0 ]; do
    case "$1" in
        --from) from="$2"; shift 2 ;;
        --to) to="$2"; shift 2 ;;
        *) echo "usage: $0 [--from DATE] [--to DATE]" >&2; exit 2 ;;
    esac
done

# Per-case allowlist: "file.ics|uid|field". A listed field of that series is left out of the
# comparison; field "*" leaves the whole series out. Every entry needs the reason it is
# Python's bug, not ours.
ALLOW=(
    # recurring_ical_events stamps the THISANDFUTURE override's own RECURRENCE-ID on every later
    # instance it reshapes (all of them say 2026-03-02). RFC 5545 §3.8.4.4 identifies an
    # instance by its original start, so each later instance keeps its own; the starts agree.
    "overrides-thisandfuture.ics|taf-weekly|recurrence_id"
    # A RECURRENCE-ID written without TZID on a zoned series: both sides match it to the 09:00
    # Berlin instance on the wall clock, but recurring_ical_events returns the value as written
    # (zone-less, so the reference script prints it as UTC) while we report the instant of the
    # instance it replaces (08:00Z), which is what grouping by RECURRENCE-ID needs.
    "sloppy-clients.ics|floating-exceptions|recurrence_id"
    # BYDAY=TH,2WE means every Thursday *and* the second Wednesday (RFC 5545 §3.3.10: each
    # BYDAY entry selects days). python-dateutil keeps plain and ordinal weekdays in two sets and
    # requires a day to be in both, so this rule yields nothing there but DTSTART.
    "dateutil-divergences.ics|mixed-byday|*"
    # Every 4 hours from 09:00 never reaches 07, 15 or 16 o'clock, so the rule adds nothing, but
    # DTSTART is always the first instance (RFC 5545 §3.8.5.3). dateutil gives up on the
    # unreachable rule and the series loses its DTSTART with it.
    "dateutil-divergences.ics|unreachable-hourly|*"
    # The following are deliberate reading rules for damaged files (see the crate docs), where
    # recurring_ical_events drops or keeps more than RFC 5545 and the issue they fix ask for.
    # COUNT=-1 next to a valid UNTIL: dateutil refuses the rule and skip_bad_series drops the
    # whole series; we drop only the bad COUNT, since UNTIL still ends the series.
    "rule-damage.ics|bad-count-with-until|*"
    # A misspelt part (UNTL=) and RSCALE=CHINESE: Python drops the whole event; we drop the
    # rule and keep DTSTART, which RFC 5545 §3.8.5.3 makes the first instance.
    "rule-damage.ics|typo-until|*"
    "rule-damage.ics|chinese-new-year|*"
    # An X- rule part: dateutil refuses the rule; RFC 5545 §3.3.10 says to ignore x-name parts.
    "rule-damage.ics|x-part|*"
    # A DATE UNTIL on a series with times: Python stops at midnight at the start of that day;
    # we read "until the 4th" as the end of that day, with a warning.
    "rule-damage.ics|date-until|*"
    # An override at a lower SEQUENCE than its revised master, of an instance past the new
    # UNTIL: Python still shows it; RFC 5545 §3.8.7.4 makes the master the newer revision, so
    # the override is stale and we leave it out (the EXDATEd one both sides leave out).
    "stale-overrides-phantom.ics|phantom|*"
    # An override at the master's SEQUENCE whose original slot the master also EXDATEs (a
    # moved instance, as some clients write it): Python applies the EXDATE to the moved
    # instance too; an override as new as its master is a later change and we keep it.
    "stale-overrides-phantom.ics|phantom-kept|*"
)
# Ends that differ are reported but do not fail. RFC 5545 makes a DTEND-derived length and the
# hours/minutes/seconds of a DURATION *exact* (§3.3.6, §3.8.5.3), so a 90-minute meeting that
# meets a DST change is still 90 minutes long; recurring_ical_events adds them on the wall clock
# and gets 30 minutes or 2.5 hours. At a gap it even ends a meeting before it starts
# (new-york-dst.ics, ny-daily-0230 on 2026-03-08: start 03:30 local, "end" 03:00).

python_ok() {
    [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import icalendar, recurring_ical_events" 2>/dev/null
}

if ! python_ok; then
    echo "differential: creating $venv with icalendar and recurring-ical-events" >&2
    python3 -m venv --clear "$venv"
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check icalendar recurring-ical-events; then
        echo "differential: SKIPPED — PyPI is unreachable, so the Python reference cannot be installed" >&2
        exit 0
    fi
fi

cargo build --quiet --release -p longhand-ical --example expand --manifest-path "$root/Cargo.toml"
rust_bin="$root/target/release/examples/expand"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Reduces JSON lines (file "$1.in") to the fields in "$2", leaving out the allow-listed fields
# ("$3", space-separated entries) of a series; sorted, so the order of ties does not matter.
project() {
    "$venv/bin/python" -c '
import json, sys
name, fields, allow_list = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split()
allow = {}
for entry in allow_list:
    f, uid, field = entry.split("|")
    if f == name:
        allow.setdefault(uid, set()).add(field)
for line in open(name + ".in"):
    row = json.loads(line)
    skip = allow.get(row["uid"], set())
    if "*" in skip:
        continue
    print(" ".join(f"{k}={row[k]}" for k in fields if k not in skip))
' "$1" "$2" "$3" | LC_ALL=C sort
}

failed=0
files=0
occurrences=0
for ics in "$here"/corpus/*.ics; do
    name="$(basename "$ics")"
    files=$((files + 1))
    "$venv/bin/python" "$here/differential/expand.py" "$ics" "$from" "$to" > "$work/$name.py"
    "$rust_bin" "$ics" --from "$from" --to "$to" > "$work/$name.rs" 2> "$work/$name.rs.err"
    for side in py rs; do
        cp "$work/$name.$side" "$work/$name.in"
        (cd "$work" && project "$name" "uid,recurrence_id,start,all_day,floating" "${ALLOW[*]}") > "$work/$name.$side.key"
        (cd "$work" && project "$name" "uid,start,end" "") > "$work/$name.$side.end"
    done
    occurrences=$((occurrences + $(wc -l < "$work/$name.rs")))
    if ! diff -u "$work/$name.py.key" "$work/$name.rs.key" > "$work/$name.diff"; then
        echo "DIFFERENT: $name (--- python, +++ longhand-ical)"
        cat "$work/$name.diff"
        failed=$((failed + 1))
    fi
    if ! diff -q "$work/$name.py.end" "$work/$name.rs.end" > /dev/null; then
        echo "note: $name: ends differ (reported only):"
        diff "$work/$name.py.end" "$work/$name.rs.end" | grep '^[<>]' | sed 's/^/    /' || true
    fi
done

echo "differential: $files calendars, $occurrences occurrences, $failed with differences"
[ "$failed" -eq 0 ]
