#!/usr/bin/env bash
# API load benchmark on SQLite: 200 concurrent connections on loopback against a release
# build with the demo workspace. Prints requests/s and p50/p99 for a read and a write.
#
#   scripts/bench-api.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
cargo build --release --locked --bin longhand --example loadgen
target_dir=${CARGO_TARGET_DIR:-target}
bin=$target_dir/release/longhand
data=$(mktemp -d /tmp/longhand-bench.XXXXXX)
"$bin" serve --demo --data-dir "$data" --listen 127.0.0.1:0 > "$data/server.out" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do grep -q "running at" "$data/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^Longhand is running at \(http:[^ ]*\)\/$/\1/p' "$data/server.out")
token=$("$bin" admin create-token --data-dir "$data" --email ana@example.com 2>/dev/null | tail -n 1)
echo "Longhand $(git rev-parse --short HEAD 2>/dev/null || echo dev), SQLite, $(nproc) cores"
"$target_dir"/release/examples/loadgen --url "$url/api/v1/members/chloe" --token "$token" --connections 200 --seconds "$seconds"
"$target_dir"/release/examples/loadgen --url "$url/api/v1/spaces" --token "$token" --method POST \
  --body '{"name": "Bench {n}", "slug": "bench-{n}", "purpose": "discussion"}' --connections 200 --seconds "$seconds"
echo "server RSS: $(ps -o rss= -p $server | awk '{printf "%.0f MB", $1/1024}')"
