#!/usr/bin/env bash
# Search benchmark (issue #14): Longhand's engine against SQLite FTS5 over one seeded
# workspace, in the same run.
#
# Seeds a fresh SQLite workspace (by default the issue's size: 500 members, 100,000
# documents, 1,000,000 comments, 200,000 asks — over a million indexed items with the
# threads), builds the index with `longhand reindex` under /usr/bin/time (wall time, peak
# RSS) and prints its size, then runs crates/longhand/examples/search_bench.rs:
#   - `engine`: rare, medium and very common words, a phrase, a prefix, an exclusion and
#     kind:/space:/after: filters through `ops::search::lookup` as an ordinary member,
#     p50/p95/p99 per query (target: p95 < 50 ms) and peak RSS;
#   - `fts5`: the same rows in an FTS5 table beside the workspace (build time, size) and the
#     same queries as MATCH … ORDER BY rank LIMIT 20 with snippet() and count(*) — no
#     permission filter, in FTS5's favour;
# and prints the two side by side. The data directory is removed afterwards unless KEEP=1.
#
# CHECK=1 adds a check that both engines count the same items: a copy of the workspace is
# opened to everyone (needs the sqlite3 command: every space workspace-visible, every
# document public, every ask sent by the member the engine searches as), indexed again, and
# each query run once on both; every count must agree but `after:`'s (midnight in the
# member's zone against midnight UTC).
#
#   scripts/bench-search.sh                    (release build, the issue's size)
#   SMALL=1 scripts/bench-search.sh            (60 members, 5,000 documents, 20,000 comments, 5,000 asks)
#   PROFILE=debug SMALL=1 RUNS=5 CHECK=1 scripts/bench-search.sh   (a quick check of the script itself)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
profile="${PROFILE:-release}"
runs="${RUNS:-20}"
if [ "${SMALL:-0}" = 1 ]; then
    sizes=(--members 60 --documents 5000 --comments 20000 --asks 5000)
else
    sizes=(--members 500 --documents 100000 --comments 1000000 --asks 200000)
fi

case "$profile" in
    release) cargo build --release --locked --bin longhand --example search_bench --manifest-path "$root/Cargo.toml" ;;
    debug) cargo build --locked --bin longhand --example search_bench --manifest-path "$root/Cargo.toml" ;;
    *) echo "bench-search: PROFILE must be release or debug, not $profile" >&2; exit 2 ;;
esac
bin="$target/$profile/longhand"
bench="$target/$profile/examples/search_bench"

data="$(mktemp -d /tmp/longhand-search-bench.XXXXXX)"
if [ "${KEEP:-0}" = 1 ]; then
    trap 'echo "kept the workspace in $data" >&2' EXIT
else
    trap 'rm -rf "$data"' EXIT
fi

echo "Longhand $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo dev), $profile build, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "seeding ${sizes[*]} …"
"$bin" seed --data-dir "$data" "${sizes[@]}" > "$data/seed.out"
head -n 1 "$data/seed.out"

/usr/bin/time -v "$bin" reindex --data-dir "$data" > "$data/reindex.out" 2> "$data/reindex.time"
cat "$data/reindex.out"
wall="$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$data/reindex.time")"
rss="$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$data/reindex.time")"
echo "longhand reindex: wall $wall, peak RSS $((rss / 1024)) MiB; index on disk $(du -sh "$data/search" | cut -f1)"
echo

"$bench" engine --data-dir "$data" --runs "$runs" --json "$data/engine.json"
echo
"$bench" fts5 --data-dir "$data" --runs "$runs" --json "$data/fts5.json"
echo
"$bench" compare "$data/engine.json" "$data/fts5.json"

if [ "${CHECK:-0}" = 1 ]; then
    # The copy is changed behind the event log's back; it is scratch, only read by this check.
    open="$data/open"
    mkdir "$open"
    cp "$data"/longhand.sqlite3* "$open/"
    member="$(sqlite3 "$open/longhand.sqlite3" "SELECT id FROM members WHERE role = 'member' ORDER BY id LIMIT 1")"
    sqlite3 "$open/longhand.sqlite3" "UPDATE spaces SET visibility = 'workspace';
        UPDATE documents SET classification = 'public';
        UPDATE asks SET asker_id = $member WHERE responder_id <> $member;"
    "$bin" reindex --data-dir "$open" > /dev/null
    "$bench" engine --data-dir "$open" --runs 1 --json "$open/engine.json" > /dev/null
    "$bench" fts5 --data-dir "$open" --runs 1 --json "$open/fts5.json" > /dev/null
    echo
    echo "check, on a copy open to everyone: $("$bench" compare "$open/engine.json" "$open/fts5.json" | grep '^match counts')"
fi
