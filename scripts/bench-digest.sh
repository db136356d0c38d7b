#!/usr/bin/env bash
# Digest benchmark (issue #12): seeds a SQLite workspace of MEMBERS members (default 10,000)
# with a month of activity — asks, notifications, decision records, review rounds, last
# night's digests — and composes every member's digest at once, as the digest job does,
# without sending. Prints the time of the best of three runs; the target is under 10 s for
# 10,000 members on a two-core machine.
#
#   scripts/bench-digest.sh [MEMBERS]
set -euo pipefail
cd "$(dirname "$0")/.."
DIGEST_BENCH_MEMBERS=${1:-10000} cargo bench --locked -p longhand-core --bench digests
