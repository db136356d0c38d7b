#!/usr/bin/env bash
# Pages at a large organisation's size (issue #14): seeds a workspace with `longhand seed`,
# starts `longhand serve` (release build) and runs wrk with 200 connections against the
# inbox of a busy member, a document page, a space page, /docs, the decision log, the
# documents API and search, on SQLite and on PostgreSQL. Prints p50/p99 and requests/s per
# page and the server's peak RSS (VmHWM).
#
#   scripts/bench-pages.sh [sqlite|postgres|both]      (default: both)
#
# Size: MEMBERS, DOCUMENTS, COMMENTS, ASKS (default 500, 100000, 1000000, 200000, the
# issue's size); SMALL=1 for a quick run (60, 5000, 20000, 5000). SECONDS_PER_PAGE (10),
# CONNECTIONS (200). PostgreSQL: PGURL (default postgres://postgres@127.0.0.1:5432), where
# a fresh database is created and dropped afterwards. wrk is installed from Debian when
# missing.
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
pgurl=${PGURL:-postgres://postgres@127.0.0.1:5432}

command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
cargo build --release --locked --bin longhand
target_dir=${CARGO_TARGET_DIR:-target}
bin=$target_dir/release/longhand

work=$(mktemp -d /tmp/longhand-bench-pages.XXXXXX)
server=
pgdb=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$pgdb" ]; then psql -q "$pgurl/postgres" -c "DROP DATABASE IF EXISTS $pgdb" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Runs one SQL query against the seeded database; prints the first column of the first row.
sql() {
  if [ -n "$pgdb" ]; then
    psql -qtA "$pgurl/$pgdb" -c "$1" | head -n 1
  else
    sqlite3 "$data/longhand.db" "$1" | head -n 1
  fi
}

# One page under load: prints a Markdown table row.
load() {
  local name=$1 path=$2
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$work/auth.lua" "$url$path" 2>&1)
  local p50 p99 rps errors
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  rps=$(awk '$1 == "Requests/sec:" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$name" "${p50:-?}" "${p99:-?}" "${rps:-?}" "${errors:-0}"
}

bench() {
  local backend=$1
  data=$work/$backend
  mkdir -p "$data"
  local db_args=()
  if [ "$backend" = postgres ]; then
    pgdb=lh_bench_pages_$$
    psql -q "$pgurl/postgres" -c "CREATE DATABASE $pgdb" >/dev/null
    db_args=(--database-url "$pgurl/$pgdb")
  fi
  echo "## $backend: $members members, $documents documents, $comments comments, $asks asks"
  local started=$SECONDS
  "$bin" seed --data-dir "$data" "${db_args[@]}" --members "$members" --documents "$documents" \
    --comments "$comments" --asks "$asks" > "$data/seed.out" 2> "$data/seed.err"
  echo "seeded in $((SECONDS - started)) s"

  "$bin" serve --data-dir "$data" "${db_args[@]}" --listen 127.0.0.1:0 > "$data/server.out" 2> "$data/server.err" &
  server=$!
  for _ in $(seq 300); do grep -q "running at" "$data/server.out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^Longhand is running at \(http:[^ ]*\)\/$/\1/p' "$data/server.out")

  # The busiest member (most open asks on either side) reads the pages; the document page
  # is a handbook page they may edit in an open space (the page that once listed every
  # handbook page), the space page the open space with the most documents.
  local email slug space word
  email=$(sql "SELECT m.email FROM members m JOIN asks a ON (a.responder_id = m.id OR a.asker_id = m.id) AND a.state = 'open'
               WHERE m.role <> 'guest' GROUP BY m.id, m.email ORDER BY COUNT(*) DESC LIMIT 1")
  slug=$(sql "SELECT d.slug FROM documents d JOIN spaces s ON s.id = d.space_id
              WHERE d.kind = 'handbook' AND s.visibility = 'workspace' AND d.classification IN ('public', 'internal')
              ORDER BY d.id LIMIT 1")
  space=$(sql "SELECT s.slug FROM spaces s JOIN documents d ON d.space_id = s.id WHERE s.visibility = 'workspace'
               GROUP BY s.id, s.slug ORDER BY COUNT(*) DESC LIMIT 1")
  word=$(sql "SELECT title FROM documents ORDER BY id LIMIT 1" | awk '{print tolower($1)}')
  local open_asks
  open_asks=$(sql "SELECT COUNT(*) FROM asks a JOIN members m ON m.id = a.responder_id OR m.id = a.asker_id
                   WHERE m.email = '$email' AND a.state = 'open'")
  echo "reader: $email ($open_asks open asks); document: $slug; space: $space"

  # A browser session for the pages, a token for the API.
  curl -s -c "$work/jar" "$url/login" -o "$work/login.html"
  local csrf
  csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$work/login.html" | head -n 1)
  curl -s -b "$work/jar" -c "$work/jar" -o /dev/null --data-urlencode "csrf=$csrf" \
    --data-urlencode "email=$email" --data-urlencode "password=seed-password" "$url/login"
  local session token
  session=$(awk '$6 == "longhand_session" {print $7}' "$work/jar")
  token=$("$bin" admin create-token --data-dir "$data" "${db_args[@]}" --email "$email" 2>/dev/null | tail -n 1)
  cat > "$work/auth.lua" <<LUA
wrk.headers["Cookie"] = "longhand_session=$session"
LUA
  cat > "$work/token.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
  for path in /inbox "/docs/$slug" "/spaces/$space" /docs /decisions; do
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' -b "longhand_session=$session" "$url$path")
    [ "$code" = 200 ] || echo "warning: $path answers $code before the run"
  done

  echo
  echo "| page | p50 | p99 | req/s | non-2xx |"
  echo "|---|---|---|---|---|"
  load "/inbox" /inbox
  load "a document page" "/docs/$slug"
  load "a space page" "/spaces/$space"
  load "/docs" /docs
  load "/decisions" /decisions
  cp "$work/token.lua" "$work/auth.lua"
  load "GET /api/v1/documents?limit=50" "/api/v1/documents?limit=50"
  load "GET /api/v1/inbox" /api/v1/inbox
  local search_code
  search_code=$(curl -s -o /dev/null -w '%{http_code}' -b "longhand_session=$session" "$url/search?q=$word")
  if [ "$search_code" = 404 ]; then
    echo "| search | — | — | — | (no /search on this build) |"
  else
    printf 'wrk.headers["Cookie"] = "longhand_session=%s"\n' "$session" > "$work/auth.lua"
    load "/search?q=$word" "/search?q=$word"
  fi
  echo
  echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$server/status")"
  if [ "$backend" = sqlite ]; then
    echo "database: $(du -m "$data/longhand.db" | cut -f1) MB"
  fi
  kill "$server"; wait "$server" 2>/dev/null || true
  server=
  if [ -n "$pgdb" ]; then psql -q "$pgurl/postgres" -c "DROP DATABASE $pgdb" >/dev/null; pgdb=; fi
  echo
}

echo "Longhand $(git rev-parse --short HEAD 2>/dev/null || echo dev), $(nproc) cores, wrk ${connections} connections, ${seconds} s per page"
case $which in
  sqlite) bench sqlite ;;
  postgres) bench postgres ;;
  both) bench sqlite; bench postgres ;;
  *) echo "usage: scripts/bench-pages.sh [sqlite|postgres|both]" >&2; exit 2 ;;
esac
