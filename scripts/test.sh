#!/usr/bin/env bash
# Runs Longhand's whole test suite: Rust unit and integration tests on SQLite and PostgreSQL,
# the iCalendar differential test against Python, then the browser tests in headless
# chromium. Installs or starts what the tests need.
#
#   scripts/test.sh            everything
#   SKIP_BROWSER=1 scripts/test.sh   without the browser tests
#   SKIP_SCHEMATHESIS=1 scripts/test.sh   without fuzzing the API against its OpenAPI document
#   FUZZ_SMOKE=1 scripts/test.sh   also 15 s of libFuzzer per domain and iCalendar target
#
# PostgreSQL: uses LONGHAND_TEST_POSTGRES_URL when set; else a server on 127.0.0.1:5432 that
# accepts the `postgres` user; else a throwaway cluster when PostgreSQL's binaries are
# installed; else the PostgreSQL half is skipped, and this script says so (in CI that is an
# error).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# Each step says how long the run has taken so far, so a slow step shows in the log.
say() { printf '\n==> [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }
cleanup_steps=()
cleanup() { for step in "${cleanup_steps[@]}"; do eval "$step" || true; done; }
trap cleanup EXIT

# --- PostgreSQL -------------------------------------------------------------------------
postgres_status="skipped"
find_postgres() {
  if [ -n "${LONGHAND_TEST_POSTGRES_URL:-}" ]; then
    postgres_status="using LONGHAND_TEST_POSTGRES_URL"
    return
  fi
  if command -v psql >/dev/null && psql "postgres://postgres@127.0.0.1:5432/postgres" -Atqc 'select 1' >/dev/null 2>&1; then
    export LONGHAND_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
    postgres_status="using the server on 127.0.0.1:5432"
    return
  fi
  local initdb
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] || initdb=$(command -v initdb || true)
  if [ -n "$initdb" ]; then
    start_throwaway_cluster "$(dirname "$initdb")"
    return
  fi
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL is required in CI but no server or binaries were found" >&2
    exit 1
  fi
  echo "PostgreSQL: SKIPPED — no server on 127.0.0.1:5432 and no PostgreSQL binaries; only SQLite was tested."
}

start_throwaway_cluster() {
  local bin=$1 dir port runas=()
  dir=$(mktemp -d /tmp/longhand-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
    runas=(runuser -u postgres --)
  fi
  "${runas[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust >/dev/null
  "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" -l "$dir/log" -w start >/dev/null
  cleanup_steps+=("${runas[*]} $bin/pg_ctl -D $dir/data -m immediate stop >/dev/null; rm -rf $dir")
  export LONGHAND_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  postgres_status="using a throwaway cluster on port $port"
}

# Drops the test databases of finished test processes (each is named after its process:
# lh_test_<pid>_<n>, lh_unit_<pid>_<hex>), before the run for what a plain `cargo test` left
# and after it for its own, so a developer's server does not gather hundreds per run. Drops
# run eight at a time: each waits on the disk.
drop_test_databases() {
  [ -n "${LONGHAND_TEST_POSTGRES_URL:-}" ] && command -v psql >/dev/null || return 0
  psql "$LONGHAND_TEST_POSTGRES_URL" -Atc \
      "select datname from pg_database where datname like 'lh\_test\_%' or datname like 'lh\_unit\_%'" |
    while read -r db; do [ -d "/proc/$(echo "$db" | cut -d_ -f3)" ] || echo "$db"; done |
    xargs -r -P 8 -I{} psql "$LONGHAND_TEST_POSTGRES_URL" -qAtc 'DROP DATABASE IF EXISTS "{}" WITH (FORCE)' ||
    echo "some test databases could not be dropped; the next run tries again"
}

find_postgres
if [ -n "${LONGHAND_TEST_POSTGRES_URL:-}" ]; then
  export LONGHAND_REQUIRE_POSTGRES=1
fi
say "PostgreSQL: $postgres_status"

# --- Notification test dependencies -------------------------------------------------------
# A real SMTP server (aiosmtpd) and the reference Standard Webhooks verifier, in a venv; the
# email and webhook tests read its python from LONGHAND_TEST_PYTHON (in CI a missing one fails
# them, locally they skip and say so).
say "notification test dependencies (aiosmtpd, standardwebhooks)"
LONGHAND_TEST_PYTHON=$(scripts/notify-test-deps.sh | tail -n 1)
export LONGHAND_TEST_PYTHON

# --- Rust -------------------------------------------------------------------------------
say "cargo test (workspace)"
drop_test_databases
cargo test --workspace --all-targets --locked
cargo test --workspace --doc --locked
drop_test_databases

# --- The API contract: schemathesis against the OpenAPI document (bounded) ----------------
if [ "${SKIP_SCHEMATHESIS:-}" = "1" ]; then
  say "schemathesis: SKIPPED (SKIP_SCHEMATHESIS=1)"
else
  say "schemathesis: the API against its OpenAPI document"
  # `cargo test` above built target/debug/longhand.
  LONGHAND_BIN=target/debug/longhand scripts/schemathesis.sh
fi

# --- Fuzzing smoke ----------------------------------------------------------------------
# `cargo test` above is the fuzzing smoke: every fuzz target's seed inputs run through the
# target's property on a small stack (tests/fuzz_seeds.rs in longhand-domain and longhand,
# the mutated corpus in longhand-ical's tests/robustness.rs), next to proptests of the same
# parsers. libFuzzer itself (cargo-fuzz and a release build of every target, about ten
# minutes from cold) runs by hand with scripts/fuzz.sh, or here with FUZZ_SMOKE=1.
if [ "${FUZZ_SMOKE:-}" = "1" ]; then
  say "fuzz smoke (libFuzzer)"
  FUZZ_SEED=1 FUZZ_MAX_RUNS=300000 scripts/fuzz.sh 15 longhand-domain longhand-ical
fi

# --- iCalendar differential test against Python's recurring-ical-events -----------------
say "iCalendar differential test"
crates/longhand-ical/tests/differential.sh

# --- Browser ----------------------------------------------------------------------------
if [ "${SKIP_BROWSER:-}" = "1" ]; then
  say "browser tests: SKIPPED (SKIP_BROWSER=1)"
else
  say "browser tests"
  scripts/install-browser-deps.sh
  # `cargo test` above already built target/debug/longhand for the integration tests; a
  # separate `cargo build` would resolve features without dev-dependencies and rebuild.
  [ -x target/debug/longhand ] || cargo test --locked --no-run -p longhand
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error && npm test)
fi

say "all tests passed (PostgreSQL: $postgres_status)"
