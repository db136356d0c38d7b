#!/usr/bin/env bash
# Pages at a large organisation's size (issue #14, DESIGN.md §4): seeds a workspace with
# `longhand seed`, builds the search index, starts `longhand serve` (release build) and loads
# six pages with wrk — the inbox of the busiest member, document pages, space pages, /docs,
# the decision log and search — on SQLite and on PostgreSQL.
#
#   scripts/bench-pages.sh [sqlite|postgres|both]      (default: both)
#
# Each page is warmed up for 3 s with 10 connections, then loaded twice with CONNECTIONS (200)
# connections:
#   - "200 people": every connection is a person who reads what loaded for THINK_MS (1000 ms,
#     jittered ±50 %) before the next page — 200 people clicking once a second, about 200
#     pages a second in all. Its p50/p99 is what people feel; the target is p99 < 25 ms.
#   - "flat out": the same connections with no pause, so requests queue; its requests/s is
#     the server's capacity for that page and its latency is mostly the queue
#     (connections / capacity).
# Each request picks one path from a set (50 documents, the 5 busiest spaces, 12 search
# words), so no page is served from one hot row.
#
# Size: MEMBERS, DOCUMENTS, COMMENTS, ASKS (default 500, 100000, 1000000, 200000, the
# issue's size); SMALL=1 for a quick run (60, 5000, 20000, 5000). SECONDS_PER_PAGE (10).
# REUSE_SQLITE=DIR reuses a seeded and indexed data directory; REUSE_POSTGRES=URL (with
# REUSE_PG_DIR=DIR for its index) reuses a seeded database — both are left in place.
# PostgreSQL: PGURL (default postgres://postgres@127.0.0.1:5432), where a fresh database is
# created and dropped afterwards. BIN=path uses that binary instead of building. wrk is
# installed from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
members=${MEMBERS:-500}
documents=${DOCUMENTS:-100000}
comments=${COMMENTS:-1000000}
asks=${ASKS:-200000}
if [ "${SMALL:-0}" = 1 ]; then
  members=60 documents=5000 comments=20000 asks=5000
fi
seconds=${SECONDS_PER_PAGE:-10}
connections=${CONNECTIONS:-200}
think=${THINK_MS:-1000}
pgurl=${PGURL:-postgres://postgres@127.0.0.1:5432}

command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
if [ -n "${BIN:-}" ]; then
  bin=$BIN
else
  cargo build --release --locked --bin longhand
  bin=${CARGO_TARGET_DIR:-target}/release/longhand
fi

work=$(mktemp -d /tmp/longhand-bench-pages.XXXXXX)
server=
sampler=
pgdb=
cleanup() {
  if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; fi
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$pgdb" ]; then psql -q "$pgurl/postgres" -c "DROP DATABASE IF EXISTS $pgdb" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Runs one SQL query against the workspace's database; prints every row, `|`-separated.
sql() {
  if [ -n "$db_url" ]; then
    psql -qtA "$db_url" -c "$1"
  else
    sqlite3 "$data/longhand.sqlite3" "$1"
  fi
}

# A Lua script for wrk: the session cookie, a random path from a file per request and,
# when think time is on, a pause before each request.
write_lua() {
  local paths=$1 pause=$2
  cat > "$work/run.lua" <<LUA
wrk.headers["Cookie"] = "longhand_session=$session"
local paths = {}
for line in io.lines("$paths") do paths[#paths + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
LUA
  if [ "$pause" -gt 0 ]; then
    cat >> "$work/run.lua" <<LUA
delay = function()
  return math.random(math.floor($pause / 2), math.floor($pause * 3 / 2))
end
LUA
  fi
}

# wrk's figure in milliseconds.
ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.1f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.1f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.0f", v * 1000 }
    else printf "?" }'
}

# Loads one page both ways; prints a Markdown table row.
load() {
  local name=$1 paths=$2
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "longhand_session=$session" "$url$(head -n 1 "$paths")")
  [ "$code" = 200 ] || echo "warning: $(head -n 1 "$paths") answers $code before the run" >&2
  # A short unmeasured pass first, so no page pays for the caches the one before it filled.
  write_lua "$paths" 0
  wrk -t1 -c10 -d3s -s "$work/run.lua" "$url" > /dev/null 2>&1
  write_lua "$paths" "$think"
  local people flat
  people=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$work/run.lua" "$url" 2>&1)
  write_lua "$paths" 0
  flat=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$work/run.lua" "$url" 2>&1)
  local p50 p99 rps bad f50 f99 frps fbad
  p50=$(ms "$(awk '$1 == "50%" {print $2}' <<<"$people")")
  p99=$(ms "$(awk '$1 == "99%" {print $2}' <<<"$people")")
  rps=$(awk '$1 == "Requests/sec:" {printf "%.0f", $2}' <<<"$people")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$people")
  f50=$(ms "$(awk '$1 == "50%" {print $2}' <<<"$flat")")
  f99=$(ms "$(awk '$1 == "99%" {print $2}' <<<"$flat")")
  frps=$(awk '$1 == "Requests/sec:" {printf "%.0f", $2}' <<<"$flat")
  fbad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$flat")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$p50" "$p99" "$rps" \
    "$frps" "$f50" "$f99" "$(( ${bad:-0} + ${fbad:-0} ))"
}

# Every half second, the largest anonymous and file-backed resident sizes of process $1 so
# far, in MB, written to rss.max: VmHWM alone mixes the heap with the mapped search index.
sample_rss() {
  local pid=$1 anon=0 file=0 a f
  while [ -e "/proc/$pid/status" ]; do
    a=$(awk '/^RssAnon/ {printf "%d", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo 0)
    f=$(awk '/^RssFile/ {printf "%d", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${a:-0}" -gt "$anon" ] && anon=$a
    [ "${f:-0}" -gt "$file" ] && file=$f
    echo "$anon $file" > "$work/rss.max"
    sleep 0.5
  done
}

seed() {
  local backend=$1
  local db_args=()
  [ -n "$db_url" ] && db_args=(--database-url "$db_url")
  local started=$SECONDS
  "$bin" seed --data-dir "$data" "${db_args[@]}" --members "$members" --documents "$documents" \
    --comments "$comments" --asks "$asks" > "$data/seed.out" 2> "$data/seed.err"
  echo "seeded in $((SECONDS - started)) s: $(head -n 1 "$data/seed.out" | sed 's/^seeded in [^:]*: //')"
  started=$SECONDS
  "$bin" reindex --data-dir "$data" "${db_args[@]}" > "$data/reindex.out" 2>&1
  echo "indexed in $((SECONDS - started)) s ($backend)"
}

# The paths each page draws from, chosen from what the reader may open.
pick_paths() {
  sql "SELECT '/docs/' || d.slug FROM documents d JOIN spaces s ON s.id = d.space_id
       WHERE s.visibility = 'workspace' AND d.classification IN ('public', 'internal')
       ORDER BY d.id LIMIT 50" > "$work/docs.paths"
  sql "SELECT '/spaces/' || s.slug FROM spaces s JOIN documents d ON d.space_id = s.id
       WHERE s.visibility = 'workspace' GROUP BY s.id, s.slug ORDER BY COUNT(*) DESC LIMIT 5" \
    > "$work/spaces.paths"
  printf '%s\n' /inbox > "$work/inbox.paths"
  printf '%s\n' /docs > "$work/list.paths"
  printf '%s\n' /decisions > "$work/decisions.paths"
  printf '/search?q=%s\n' platform rollout incident latency '%22checkout+retry%22' \
    '%22on-call+handover%22' 'deploy*' 'kind%3Aadr+cache' 'migration+-rollback' webauthn \
    'author%3A'"${reader%@*}"'+invoice' staging > "$work/search.paths"
}

bench() {
  local backend=$1 reuse_dir=$2 reuse_url=$3
  db_url=
  if [ -n "$reuse_dir" ] || [ -n "$reuse_url" ]; then
    data=${reuse_dir:-$work/$backend}
    db_url=$reuse_url
    mkdir -p "$data"
    echo "## $backend: the workspace already seeded in ${reuse_url:-$data}"
  else
    data=$work/$backend
    mkdir -p "$data"
    if [ "$backend" = postgres ]; then
      pgdb=lh_bench_pages_$$
      psql -q "$pgurl/postgres" -c "CREATE DATABASE $pgdb" >/dev/null
      db_url=$pgurl/$pgdb
    fi
    echo "## $backend: $members members, $documents documents, $comments comments, $asks asks"
    seed "$backend"
  fi
  local db_args=()
  [ -n "$db_url" ] && db_args=(--database-url "$db_url")

  "$bin" serve --data-dir "$data" "${db_args[@]}" --listen 127.0.0.1:0 > "$work/server.out" 2> "$work/server.err" &
  server=$!
  for _ in $(seq 600); do grep -q "running at" "$work/server.out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^Longhand is running at \(http:[^ ]*\)\/$/\1/p' "$work/server.out")

  # The busiest member (most open asks on either side) reads every page.
  reader=$(sql "SELECT m.email FROM members m JOIN asks a ON (a.responder_id = m.id OR a.asker_id = m.id) AND a.state = 'open'
                WHERE m.role <> 'guest' GROUP BY m.id, m.email ORDER BY COUNT(*) DESC LIMIT 1")
  local open_asks
  open_asks=$(sql "SELECT COUNT(*) FROM asks a JOIN members m ON m.id = a.responder_id OR m.id = a.asker_id
                   WHERE m.email = '$reader' AND a.state = 'open'")
  pick_paths
  curl -s -c "$work/jar" "$url/login" -o "$work/login.html"
  local csrf
  csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$work/login.html" | head -n 1)
  curl -s -b "$work/jar" -c "$work/jar" -o /dev/null --data-urlencode "csrf=$csrf" \
    --data-urlencode "email=$reader" --data-urlencode "password=longhand-seed" "$url/login"
  session=$(awk '$6 == "longhand_session" {print $7}' "$work/jar")
  echo "reader: $reader ($open_asks open asks)"

  sample_rss "$server" &
  sampler=$!

  echo
  echo "| page | 200 people: p50 ms | p99 ms | req/s | flat out: req/s | p50 ms | p99 ms | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|"
  load "/inbox (page 1 of the busiest member's)" "$work/inbox.paths"
  load "a document page (50 documents)" "$work/docs.paths"
  load "a space page (the 5 biggest)" "$work/spaces.paths"
  load "/docs" "$work/list.paths"
  load "/decisions" "$work/decisions.paths"
  load "/search (12 queries)" "$work/search.paths"
  echo
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$server/status")," \
    "of which at most $(cut -d' ' -f1 "$work/rss.max") MB anonymous (heap, stacks) and" \
    "$(cut -d' ' -f2 "$work/rss.max") MB file pages (the mapped binary and search index, which the kernel can drop)"
  if [ -z "$db_url" ]; then
    echo "database: $(du -m "$data/longhand.sqlite3" | cut -f1) MB; search index: $(du -sm "$data/search" | cut -f1) MB"
  fi
  kill "$server"; wait "$server" 2>/dev/null || true
  server=
  if [ -n "$pgdb" ]; then psql -q "$pgurl/postgres" -c "DROP DATABASE $pgdb" >/dev/null; pgdb=; fi
  echo
}

echo "Longhand $(git rev-parse --short HEAD 2>/dev/null || echo dev), $(nproc) cores, wrk with ${connections} connections, ${seconds} s per page and mode"
case $which in
  sqlite) bench sqlite "${REUSE_SQLITE:-}" "" ;;
  postgres) bench postgres "${REUSE_PG_DIR:-}" "${REUSE_POSTGRES:-}" ;;
  both)
    bench sqlite "${REUSE_SQLITE:-}" ""
    bench postgres "${REUSE_PG_DIR:-}" "${REUSE_POSTGRES:-}"
    ;;
  *) echo "usage: scripts/bench-pages.sh [sqlite|postgres|both]" >&2; exit 2 ;;
esac
