#!/usr/bin/env bash
# Export throughput and memory on generated post offices (docs/performance.md).
#
#   tests/bench/bench_export.sh [MESSAGES_SMALL] [MESSAGES_LARGE]    defaults: 2000 8000
#   CCSALVAGE=build-rel/src/cli/ccsalvage GENERATE=... tests/bench/bench_export.sh
#   JOBS=1 tests/bench/bench_export.sh      export --jobs (default 2)
#
# For each size it generates one set (seed 7, 3 post offices, items up to 8 KiB), then times
# with /usr/bin/time -v:
#   mbox  --fsync batch    messages per second (the issue's 20,000/s per core target)
#   maildir --fsync batch  and --fsync safe, beside `cp -r` of a tree with the same number of
#                          files of the same sizes (the floor for creating files)
# and prints a Markdown table: wall seconds, messages/s, peak RSS. Peak RSS at the two sizes
# shows whether memory stays flat as the message count grows. Never run it while building.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
ccsalvage=${CCSALVAGE:-$root/build/src/cli/ccsalvage}
generate=${GENERATE:-$root/build/samples/generator/ccsalvage-generate}
sizes=("${1:-2000}" "${2:-8000}")
jobs=${JOBS:-2}
work=$(mktemp -d /tmp/ccsalvage-bench-export.XXXXXX)
trap 'rm -rf "$work"' EXIT

measure() {  # label messages command...  -> one table row
    local label=$1 messages=$2; shift 2
    /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt" || true
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    awk -v l="$label" -v m="$messages" -v w="$wall" -v r="$rss" \
        'BEGIN { printf "| %s | %d | %.2f | %.0f | %.1f |\n", l, m, w, (w > 0 ? m / w : 0), r / 1024 }'
}

echo "| run | messages | wall s | messages/s | peak RSS MiB |"
echo "|---|---|---|---|---|"
for n in "${sizes[@]}"; do
    set_dir="$work/set-$n"
    "$generate" --seed 7 --out "$set_dir" --messages "$n" --max-item-bytes 8k --post-offices 3 \
        --no-backups >/dev/null
    pos=()
    for d in "$set_dir"/*/; do [ -e "$d/CLANDATA" ] && pos+=("$d"); done
    # How many messages each format writes (mbox and Maildir: one per folder entry).
    "$ccsalvage" export "${pos[@]}" --format mbox --out "$work/count" --fsync batch -q --json \
        > "$work/count.json" || true
    written=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['totals']['exported'])" "$work/count.json")
    rm -rf "$work/count"
    measure "mbox, --fsync batch ($n generated)" "$written" \
        "$ccsalvage" export "${pos[@]}" --format mbox --out "$work/mbox-$n" --fsync batch -q --jobs "$jobs"
    measure "maildir, --fsync batch ($n generated)" "$written" \
        "$ccsalvage" export "${pos[@]}" --format maildir --out "$work/md-$n" --fsync batch -q --jobs "$jobs"
    if [ "${BENCH_SAFE:-1}" = 1 ]; then  # BENCH_SAFE=0 skips the slow fsync-per-message run
        measure "maildir, --fsync safe ($n generated)" "$written" \
            "$ccsalvage" export "${pos[@]}" --format maildir --out "$work/mds-$n" -q --jobs "$jobs"
    fi
    # The floor: copying a tree of as many files of the same sizes.
    measure "cp -r of the Maildir files ($n generated)" "$written" \
        cp -r "$work/md-$n/maildir" "$work/copy-$n"
    measure "cp -r + sync ($n generated)" "$written" \
        sh -c "cp -r '$work/md-$n/maildir' '$work/copys-$n' && sync"
    rm -rf "$work/mbox-$n" "$work/md-$n" "$work/mds-$n" "$work/copy-$n" "$work/copys-$n"
done
