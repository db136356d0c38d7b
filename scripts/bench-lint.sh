#!/usr/bin/env bash
# Completeness-lint benchmark: `longhand lint` (release build) over a generated docs tree of
# 10,000 files, side by side with markdownlint-cli2 over the same tree.
#
#   scripts/bench-lint.sh [FILES]        # FILES defaults to 10000
#
# The tree (under target/bench-lint/docs) is deterministic: 40% status updates, 30% ADRs, 20%
# RFCs and 10% handbook pages, cross-linked, and about one file in seven has something for the
# lint to find (a missing owner, a missing required section, a broken link or a deadline that
# has passed on an open RFC).
#
# The two tools check different things: markdownlint checks Markdown style, Longhand checks
# that documents are complete (owner, intent, deadline, required sections, links). The ratio
# printed at the end compares speed on the same files, nothing else.
#
# Timing uses hyperfine when it is installed, otherwise a bash `time` loop. markdownlint-cli2
# is installed with npm into target/bench-lint/node_modules on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-10000}
root=$PWD/target/bench-lint
runs_longhand=${RUNS_LONGHAND:-10}
runs_markdownlint=${RUNS_MARKDOWNLINT:-3}

topics=(attachments search-index auth-tokens event-log digest-timing webhooks backups
  calendar-import rate-limits sso postgres-upgrade focus-blocks inbox-order tz-handling
  notification-router export-format handbook-nav review-window api-pagination theming)
handles=(ana bo cy dee eli fay gus hana ivo jun)

para_context='Today the service keeps this data in the primary database, next to the tables that serve every request. It has grown steadily for a year, and it now accounts for most of the storage, most of the backup time and two of the three restore failures we saw this quarter. Nobody chose this layout; it is what the first version did, and every later change kept it because moving it looked risky.'
para_proposal='We move the data behind a small interface with one implementation per backend, migrate existing rows in batches overnight, and keep reads working from both places until the migration finishes. The public API does not change. Each batch is idempotent, so a failed night simply resumes the next evening, and a counter on the admin page shows how far the migration has come.'
para_detail='The risky part is the cut-over: for a few minutes both copies exist and writes must go to the new place only. We take a short advisory lock, flip a setting, and release the lock; requests that arrive in between wait rather than fail. We rehearse the cut-over on staging twice, with production-sized data, and write down how long each step takes.'
para_alternative='Splitting the data into a second database file halves backup time but keeps the restore problem, because the two files must still be restored together and consistently. Doing nothing costs us nothing now, and a failed restore later, which is exactly the failure we can least afford.'

# Front matter lines shared by every kind: the owner (left out on defective files), title, intent.
front() {
  local kind=$1 n=$2 title=$3
  echo "---"
  echo "kind: $kind"
  echo "title: $title"
  ((defect == 1)) || echo "owner: '@${handles[n % ${#handles[@]}]}'"
  echo "intent: Make the ${topics[n % ${#topics[@]}]} decision visible and reviewable in writing."
}

rfc() {
  local n=$1 topic=${topics[$1 % ${#topics[@]}]} deadline=2025-06-20 status=accepted
  if ((defect == 4)); then deadline=2024-01-15 status=in-review; fi
  front rfc "$n" "RFC $n on $topic"
  echo "status: $status"
  echo "action: Approve, or object with a reason, before the window closes."
  echo "read: detailed"
  echo "deadline: $deadline"
  echo "reviewers: ['@bo', '@cy']"
  printf -- '---\n\n## TL;DR\n\nWe propose to rework %s so that backups and restores become boring again. Please review the cut-over plan closely.\n\n' "$topic"
  if ((defect != 2)); then printf '## Context\n\n%s\n\n%s\n\n' "$para_context" "$para_context"; fi
  printf '## Proposal\n\n%s\n\n%s\n\n- Batches of 1,000 rows.\n- A resumable cursor.\n- A progress counter.\n\n' "$para_proposal" "$para_detail"
  printf '## Alternatives considered\n\n%s\n\n' "$para_alternative"
  printf '## Decision criteria\n\nRestore reliability first, then operating cost, then migration effort.\n\n'
  printf '## Ask\n\nApprove, or object with a reason in a comment on the section you disagree with.\n\n'
  printf '## Open questions\n\nWho owns the retention policy? Owner: @cy. See [[handbook-%04d-on-call]].\n' "$((n % handbook_count + 1))"
}

adr() {
  local n=$1 rfc_n=$(((2 * $1 + 2) / 3))
  local rfc_slug
  printf -v rfc_slug 'rfc-%04d-%s' "$rfc_n" "${topics[rfc_n % ${#topics[@]}]}"
  front adr "$n" "ADR $n, adopt the ${topics[rfc_n % ${#topics[@]}]} proposal"
  printf 'status: accepted\ndate: 2025-03-10\ndeciders: ['"'"'@ana'"'"', '"'"'@bo'"'"']\nreversibility: reversible\n---\n\n'
  if ((defect != 2)); then printf '## Context\n\n%s\n\n' "$para_context"; fi
  printf '## Options considered\n\n- The proposal in [[%s]].\n- A second database file.\n- Doing nothing.\n\n' "$rfc_slug"
  printf '## Decision\n\nWe adopt the proposal as written, with the cut-over rehearsed twice on staging.\n\n'
  printf '## Rationale\n\n%s\n\n' "$para_alternative"
  printf '## Consequences\n\nDeployments need one more setting. Local development uses a directory that mimics the new backend.\n'
  if ((defect == 3)); then printf '\nSuperseded in part by [[adr-9999-never-written]].\n'; fi
}

status_update() {
  local n=$1
  front status-update "$n" "Team ${topics[n % ${#topics[@]}]}, update $n"
  printf 'action: None unless you can help with the blocker below.\nread: brief\ndate: 2025-03-14\n---\n\n'
  printf '## Done\n\n- Dry run of the %s migration on staging.\n- Reviewed two RFCs.\n\n' "${topics[n % ${#topics[@]}]}"
  printf '## Next\n\n- Production migration, Tuesday night.\n\n'
  if ((defect != 2)); then printf '## Blockers\n\n- Production credentials; @dee can issue them.\n\n'; fi
  printf '## Help needed\n\n@dee: the production credentials, by Monday.\n'
  if ((defect == 3)); then printf '\nNotes are in [[status-notes-%d]].\n' "$n"; fi
}

handbook() {
  local n=$1
  front handbook "$n" "On-call guide $n"
  printf -- '---\n\n## Overview\n\nHow to handle %s incidents, for whoever is on call this week.\n\n' "${topics[n % ${#topics[@]}]}"
  printf '## Details\n\n1. Acknowledge the page.\n2. Follow the runbook.\n3. Write the timeline as you go.\n\n%s\n' "$para_detail"
}

# Writes the tree unless the same size was already generated by this version of the script.
generate() {
  local stamp="$files $(sha256sum "$0" | cut -c1-16)"
  if [[ -f $root/docs.stamp && $(cat "$root/docs.stamp") == "$stamp" ]]; then
    return
  fi
  rm -rf "$root/docs"
  mkdir -p "$root/docs/rfcs" "$root/docs/adr" "$root/docs/handbook"
  handbook_count=$((files / 10 > 0 ? files / 10 : 1))
  local i n name rfcs=0 adrs=0 statuses=0 pages=0
  mkdir -p "$root"/docs/status/team-{0..39}
  for ((i = 0; i < files; i++)); do
    # One file in seven gets one of four defects (1..4), the rest none (0).
    defect=$((i % 7 == 3 ? (i / 7) % 4 + 1 : 0))
    case $((i % 10)) in
      0 | 1 | 2 | 3) n=$((++statuses))
        printf -v name 'status/team-%d/update-%05d' "$((n % 40))" "$n"
        status_update "$n" > "$root/docs/$name.md" ;;
      4 | 5 | 6) n=$((++adrs))
        printf -v name 'adr/adr-%04d-%s' "$n" "${topics[n % ${#topics[@]}]}"
        adr "$n" > "$root/docs/$name.md" ;;
      7 | 8) n=$((++rfcs))
        printf -v name 'rfcs/rfc-%04d-%s' "$n" "${topics[n % ${#topics[@]}]}"
        rfc "$n" > "$root/docs/$name.md" ;;
      9) n=$((++pages))
        printf -v name 'handbook/handbook-%04d-on-call' "$n"
        handbook "$n" > "$root/docs/$name.md" ;;
    esac
  done
  echo "$stamp" > "$root/docs.stamp"
}

# "WALL USER SYSTEM": mean seconds per run of a command, with hyperfine or a `time` loop. CPU
# time is printed too because on a shared machine wall time also measures the neighbours.
measure() {
  local runs=$1 command=$2 name=$3
  if command -v hyperfine > /dev/null; then
    hyperfine --warmup 1 --runs "$runs" --ignore-failure --export-json "$root/hyperfine.json" \
      --command-name "$name" "$command" >&2
    local field
    for field in mean user system; do
      sed -n "s/^ *\"$field\": *\([0-9.eE+-]*\),*\$/\1/p" "$root/hyperfine.json" | head -n 1
    done | paste -sd ' '
    return
  fi
  local times
  bash -c "$command" > /dev/null 2>&1 || true # warm-up
  TIMEFORMAT='%R %U %S'
  times=$({ time (for ((r = 0; r < runs; r++)); do bash -c "$command" > /dev/null 2>&1 || true; done); } 2>&1)
  echo "$times" | awk -v n="$runs" '{ printf "%.4f %.4f %.4f\n", $1 / n, $2 / n, $3 / n }'
}

cargo build --release --locked --bin longhand
bin=$PWD/target/release/longhand
mkdir -p "$root"
echo "generating $files documents under $root/docs …"
generate
count=$(find "$root/docs" -name '*.md' | wc -l)
echo "Longhand $(git rev-parse --short HEAD 2>/dev/null || echo dev), $count files, $(du -sh "$root/docs" | cut -f1), $(nproc) cores"

cd "$root"
echo "longhand lint: $("$bin" lint docs 2>&1 > /dev/null | tail -n 1)"
longhand=$(measure "$runs_longhand" "$bin lint docs" "longhand lint")

if ! command -v npm > /dev/null; then
  echo "longhand lint: wall, user, system (s): $longhand; npm not found, so no markdownlint-cli2 comparison"
  exit 0
fi
if [[ ! -x node_modules/.bin/markdownlint-cli2 ]]; then
  npm install --prefix . --no-audit --no-fund --loglevel=error markdownlint-cli2 > /dev/null
fi
echo "$(node_modules/.bin/markdownlint-cli2 2>&1 | head -n 1 || true):" \
  "$(node_modules/.bin/markdownlint-cli2 'docs/**/*.md' 2>&1 | grep -m 1 '^Summary' || true)"
markdownlint=$(measure "$runs_markdownlint" "node_modules/.bin/markdownlint-cli2 'docs/**/*.md'" "markdownlint-cli2")

echo "$longhand $markdownlint" | awk -v n="$count" '{
  printf "\n%-18s %12s %16s %14s\n", "", "wall (mean)", "CPU (user+sys)", "wall per file"
  printf "%-18s %10.3f s %14.3f s %11.1f µs\n", "longhand lint", $1, $2 + $3, $1 * 1e6 / n
  printf "%-18s %10.3f s %14.3f s %11.1f µs\n", "markdownlint-cli2", $4, $5 + $6, $4 * 1e6 / n
  printf "longhand lint: %.1f× less wall time, %.1f× less CPU time than markdownlint-cli2\n", $4 / $1, ($5 + $6) / ($2 + $3)
  print "(speed only: markdownlint checks Markdown style, Longhand checks completeness)"
}'
