#!/usr/bin/env bash
# Builds every fuzz target (cargo-fuzz, libFuzzer) and runs each for a bounded time.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [CRATE...]
#
#   scripts/fuzz.sh                 60 s per target, every crate
#   scripts/fuzz.sh 600             ten minutes per target, by hand
#   scripts/fuzz.sh 20 longhand-domain longhand-ical   the smoke scripts/test.sh runs
#
# Each run stops at the first input that panics, overflows the stack, takes over 1 s
# (-timeout=1) or uses over 200 MB (-rss_limit_mb=200); libFuzzer saves it under the crate's
# fuzz/artifacts/ and this script fails. Turn such an input into a regression test named after
# the behaviour, then fix it.
#
# The targets run on a 256 KiB stack (`ulimit -s`), so unbounded recursion shows up within
# libFuzzer's input sizes instead of only on inputs megabytes long. Corpora grow in each crate's
# fuzz/corpus/ (not committed); fuzz/seeds/ and the crates' test fixtures seed them. Builds go
# to target/fuzz/.
#
# cargo-fuzz asks rustc for flags that are nightly-only; RUSTC_BOOTSTRAP=1 lets the one stable
# toolchain accept them. No sanitizer runs: the crates forbid unsafe code, and AddressSanitizer
# would more than double memory use against the 200 MB limit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-60}
shift || true
crates=("$@")
[ ${#crates[@]} -gt 0 ] || crates=(longhand-domain longhand-ical longhand)

if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1
# One target folder for every fuzz crate, so what they share (libFuzzer itself, jiff, comrak)
# is built once (FUZZ_TARGET_DIR overrides it).
target_dir=${FUZZ_TARGET_DIR:-$root/target/fuzz}

# Seed folders besides fuzz/seeds/<target>, per target (read-only; libFuzzer reads them
# recursively).
seeds_for() {
  case "$1" in
    lint_markdown | front_matter | adr_reader) echo "$root/crates/longhand-domain/tests/fixtures" ;;
    parse_expand) echo "$root/crates/longhand-ical/tests/corpus $root/crates/longhand-ical/tests/fixtures" ;;
    render_markdown) echo "$root/crates/longhand-domain/tests/fixtures" ;;
    *) echo "" ;;
  esac
}

# FUZZ_SEED and FUZZ_MAX_RUNS make a run repeatable: the same seed mutates the same way, and a
# cap on runs stops a faster machine from exploring further than a slower one did. The smoke in
# scripts/test.sh sets both, so CI fails on what a run here would find, not on luck; runs by
# hand leave them unset to explore.
repeatable=()
[ -n "${FUZZ_SEED:-}" ] && repeatable+=(-seed="$FUZZ_SEED")
[ -n "${FUZZ_MAX_RUNS:-}" ] && repeatable+=(-runs="$FUZZ_MAX_RUNS")

failed=()
for crate in "${crates[@]}"; do
  dir="$root/crates/$crate"
  echo "==> building the fuzz targets of $crate"
  (cd "$dir" && cargo fuzz build --sanitizer none --target-dir "$target_dir")
  bin="$target_dir/x86_64-unknown-linux-gnu/release"
  for target in $(cd "$dir" && cargo fuzz list); do
    corpus="$dir/fuzz/corpus/$target"
    seeds="$dir/fuzz/seeds/$target"
    mkdir -p "$corpus" "$dir/fuzz/artifacts/$target"
    dirs=("$corpus")
    [ -d "$seeds" ] && dirs+=("$seeds")
    for extra in $(seeds_for "$target"); do
      [ -d "$extra" ] && dirs+=("$extra")
    done
    echo "==> $crate/$target for ${seconds}s"
    log="$dir/fuzz/artifacts/$target/last-run.log"
    status=0
    (
      ulimit -s 256
      exec "$bin/$target" -max_total_time="$seconds" "${repeatable[@]}" -timeout=1 \
        -rss_limit_mb=200 -max_len=8192 -print_final_stats=1 \
        -artifact_prefix="$dir/fuzz/artifacts/$target/" "${dirs[@]}"
    ) >"$log" 2>&1 || status=$?
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)' "$log" || true
    if [ "$status" -ne 0 ]; then
      tail -n 40 "$log"
      failed+=("$crate/$target")
    fi
  done
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs under each crate's fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzzing: every target ran ${seconds}s without a failure"
