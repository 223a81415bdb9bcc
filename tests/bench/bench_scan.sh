#!/usr/bin/env bash
# Throughput of `ccsalvage scan` against the baselines the project measures itself by:
#
#   tests/bench/bench_scan.sh [SIZE] [RUNS]
#
#   SIZE  bytes of test data, with a suffix: 256M, 1G (default 1G)
#   RUNS  runs per command, median reported (default 3)
#   CCSALVAGE=path  the binary (default build/src/cli/ccsalvage)
#
# The data is random bytes (the look of scrambled post office records) with 100 copies of the
# KB Q179072 console line written in at known places. Commands, all on the same warm file:
#   cat FILE > /dev/null                             the read limit
#   grep -c -a -F -f PATTERNS FILE | cat             a fixed-string search for the console phrases
#   ccsalvage scan --json --jobs 1 FILE > /dev/null  one core
#   ccsalvage scan --json --jobs 2 FILE > /dev/null  both cores
# The scan must also report exactly the 100 lines; the script checks that before timing.
# `cat` itself varies by almost 2x on the shared machine (0.06-0.11 s for 1 GiB): compare builds
# back to back (CCSALVAGE=old, then new) and read ratios. Figures of the buffered filter
# (EvidenceFile::read_at) against the mapped windows: docs/performance.md, "Repair and scan".
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
size_arg=${1:-1G}
runs=${2:-3}
binary=${CCSALVAGE:-$root/build/src/cli/ccsalvage}
[ -x /usr/bin/time ] || { echo "bench_scan: /usr/bin/time missing (scripts/setup.sh)" >&2; exit 1; }
[ -x "$binary" ] || { echo "bench_scan: build ccsalvage first ($binary)" >&2; exit 1; }
size=$(numfmt --from=iec "$size_arg")

work=$(mktemp -d "${TMPDIR:-/tmp}/ccsalvage-bench-scan.XXXXXX")
trap 'rm -rf "$work"' EXIT
file=$work/data.bin
patterns=$work/patterns.txt

python3 - "$file" "$size" <<'PY'
import random, sys
path, size = sys.argv[1], int(sys.argv[2])
line = b'\r\n\r\nExporting messages in mailbox "randyyeh_ee" to file EXPORT\\MSG4A27.CCM\r\n'
rng = random.Random(179072)
step = size // 100
with open(path, "wb") as f:
    written = 0
    chunk = rng.randbytes(1 << 20)
    while written < size:
        n = min(len(chunk), size - written)
        f.write(chunk[:n]); written += n
        chunk = rng.randbytes(1 << 20)
with open(path, "r+b") as f:
    for k in range(100):
        f.seek(k * step + 4096); f.write(b"\x80" + line + b"\x80")
PY
cat > "$patterns" <<'PAT'
Exporting messages in mailbox
 to file EXPORT\
Importing messages
IMPORT from file
EXPORT to file
returned result code
Program did not complete successfully
Could not access the Lotus cc:Mail Post Office
locked by another process
Unknown Date Format
Header Buffer Full
Resource file not found
Lotus cc:Mail
Copyright (c)
PAT

found=$("$binary" scan --json "$file" | python3 -c 'import json,sys; print(json.load(sys.stdin)["totals"]["console_output"])' || true)
[ "$found" = "100" ] || { echo "bench_scan: scan found $found console lines, expected 100" >&2; exit 1; }
cat "$file" > /dev/null

measure() {  # prints "seconds rss_kib"; exit codes are ignored (scan exits 1 on findings)
    local start end
    start=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$work/rss" bash -c "$1" > /dev/null 2>&1 || true
    end=$EPOCHREALTIME
    awk -v a="$start" -v b="$end" -v m="$(tail -n 1 "$work/rss")" 'BEGIN { printf "%.3f %s\n", b - a, m }'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

row() {
    local label=$1 command=$2 times=() rss=() i
    for ((i = 0; i < runs; i++)); do
        read -r t m < <(measure "$command")
        times+=("$t"); rss+=("$m")
    done
    local t m
    t=$(printf '%s\n' "${times[@]}" | median)
    m=$(printf '%s\n' "${rss[@]}" | median)
    awk -v l="$label" -v t="$t" -v m="$m" -v s="$size" \
        'BEGIN { printf "| %s | %.3f | %.0f | %.1f |\n", l, t, (t > 0 ? s / 1048576 / t : 0), m / 1024 }'
}

echo "### ccsalvage scan: $(numfmt --to=iec "$size") of random bytes with 100 console lines"
echo
echo "Medians of $runs runs, page cache warm; $(nproc) cores; $("$binary" --version)."
echo
echo "| command | wall s | MB/s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: |"
row '`cat FILE > /dev/null`' "cat '$file'"
# Piped: GNU grep stops at the first match when its output is /dev/null itself.
row '`grep -c -a -F -f PATTERNS FILE \| cat`' "grep -c -a -F -f '$patterns' '$file' | cat"
row '`ccsalvage scan --jobs 1`' "'$binary' scan --json --jobs 1 '$file'"
row '`ccsalvage scan --jobs 2`' "'$binary' scan --json --jobs 2 '$file'"
