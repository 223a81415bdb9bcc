#!/usr/bin/env bash
# Repair of a generated post office, against `cp -r` of the same folder (docs/performance.md).
#
#   tests/bench/bench_repair.sh            # ~1 GiB post office, console damage
#   tests/bench/bench_repair.sh 100M       # a quick one
#   CCSALVAGE=build-rel/src/cli/ccsalvage GENERATE=build-rel/samples/generator/ccsalvage-generate \
#       tests/bench/bench_repair.sh
#
# One post office (--post-offices 1) so the whole size is in the folder being repaired; the
# damage is a console burst over message headers (Q179072), so the run salvages and rebuilds.
# Prints a Markdown table: wall time, MB/s and peak RSS from /usr/bin/time -v. Run it on an
# otherwise idle machine (never while building).
# For an A/B of two builds, run it with CCSALVAGE set to each, back to back, several times, and
# take medians: on the shared 2-core machine single runs scatter by 20-50% (docs/performance.md,
# "Repair and scan", has the figures of the compact census and vectorised scrambling).
set -euo pipefail

size=${1:-1300M}  # the connector store takes about a quarter: a ~1 GiB post office
here=$(cd "$(dirname "$0")/../.." && pwd)
ccsalvage=${CCSALVAGE:-$here/build/src/cli/ccsalvage}
generate=${GENERATE:-$here/build/samples/generator/ccsalvage-generate}
work=$(mktemp -d "${TMPDIR:-/tmp}/ccsalvage-bench-repair.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$generate" --seed 4 --out "$work/set" --target-bytes "$size" --post-offices 1 \
    --damage console-header=2 >/dev/null
po=$(find "$work/set" -maxdepth 2 -name CLANDATA -printf '%h\n' | head -n 1)
bytes=$(du -sb "$po" | cut -f1)

measure() {  # label, command...
    local label=$1
    shift
    /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt" || true
    local wall rss status
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt" |
        awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    status=$(awk -F': ' '/Exit status/ {print $2}' "$work/time.txt")
    awk -v l="$label" -v w="$wall" -v r="$rss" -v b="$bytes" -v s="$status" \
        'BEGIN { printf "| %.0f MiB | %s | %.2f | %.0f | %.1f | %s |\n", b / 1048576, l, w, (w > 0 ? b / 1e6 / w : 0), r / 1024, s }'
}

echo "| post office | command | wall s | MB/s | peak RSS MiB | exit |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
measure '`cp -r PO_DIR`' cp -r "$po" "$work/copy"
measure '`ccsalvage repair PO_DIR --out DIR`' "$ccsalvage" repair "$po" --out "$work/out" --no-case
# The repair must have read its result back clean (exit 1: damage found and repaired).
grep -q '"verified_clean": true' "$work/out/summary.json" || echo "repaired post office NOT clean" >&2
