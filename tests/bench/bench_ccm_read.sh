#!/usr/bin/env bash
# Throughput and memory of `ccsalvage inspect` on a large, clean Import/Export file.
#
#   tests/bench/bench_ccm_read.sh [SIZE] [RUNS]
#
#   SIZE  size of the generated .ccm file: bytes or with a suffix, 64M, 1G (default 1G)
#   RUNS  runs per command; the median is reported (default 3)
#   CCSALVAGE=path  the binary to measure (default build/src/cli/ccsalvage)
#
# The file is generated into a temporary folder (removed at the end) by a deterministic
# generator: the same SIZE always gives the same bytes. Its messages use /ITEMSIZE sizes by
# ccsalvage's convention: an item size counts the data bytes without the CR LF after them;
# the Message: and Contents: sizes count every byte after their size line to the end of the
# message. Each command runs under /usr/bin/time -v (Debian package `time`):
#   cat FILE > /dev/null                          baseline: reading the bytes, nothing else
#   ccsalvage inspect --json FILE > /dev/null      the reader and the summary
# Both read from the page cache (one warm-up cat first), so the table compares CPU work, not
# the disk. Output: a Markdown table on stdout (wall time, MB/s, peak RSS; medians).
# Not part of ctest or CI: a 1 GiB run takes minutes. Try `bench_ccm_read.sh 64M 1` first.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
size_arg=${1:-1G}
runs=${2:-3}
binary=${CCSALVAGE:-$root/build/src/cli/ccsalvage}

die() {
    echo "bench_ccm_read: $*" >&2
    exit 1
}
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install time (scripts/setup.sh)"
command -v python3 >/dev/null || die "python3 is missing (scripts/setup.sh)"
[ -x "$binary" ] || die "no ccsalvage binary at $binary: build it first" \
    "(cmake -S . -B build -G Ninja && cmake --build build) or set CCSALVAGE=path"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number"
size=$(numfmt --from=iec "$size_arg" 2>/dev/null) || die "cannot read SIZE '$size_arg' (e.g. 64M, 1G)"
[ "$size" -gt 0 ] || die "SIZE must be more than 0"

work=$(mktemp -d "${TMPDIR:-/tmp}/ccsalvage-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
file="$work/bench.ccm"

# ---- Generator ------------------------------------------------------------------------------
python3 - "$file" "$size" <<'PY'
import sys

path, target = sys.argv[1], int(sys.argv[2])
CRLF = b"\r\n"
WORDS = (b"budget quarterly report meeting agenda minutes post office gateway directory "
         b"update mailbox archive shipment invoice schedule review draft final approved "
         b"regional office warehouse inventory customer order delivery").split()

def lcg(seed):
    # A fixed linear congruential generator: the file never depends on Python's random module.
    state = seed
    while True:
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        yield state >> 33

def text_item(rnd, length):
    out = bytearray()
    column = 0
    while len(out) < length:
        word = WORDS[next(rnd) % len(WORDS)]
        if column + len(word) > 72:
            out += CRLF
            column = 0
        elif column:
            out += b" "
            column += 1
        out += word
        column += len(word)
    return bytes(out[:length]).rstrip(b"\r\n ")

def message(rnd, number):
    text = text_item(rnd, 200 + next(rnd) % 3800)
    items = b"Text item:" + CRLF + str(len(text)).encode() + CRLF + text + CRLF
    contents = items
    headers = (b"From: Doe, Jane at HQ" + CRLF +
               b"Date: 6/2/98 8:39" + CRLF +
               b"To: Admin at HUB" + CRLF +
               b"Subject: Weekly report %d" % number + CRLF +
               b"Contents:" + CRLF + str(len(contents)).encode() + CRLF + contents)
    return b"Message:" + CRLF + str(len(headers)).encode() + CRLF + headers

rnd = lcg(1998)
# 512 distinct messages, repeated: generating 1 GiB stays a matter of seconds.
pool = [message(rnd, n) for n in range(512)]
written = 0
with open(path, "wb") as out:
    i = 0
    while written < target:
        m = pool[i % len(pool)]
        out.write(m)
        written += len(m)
        i += 1
print(f"generated {written} bytes, {i} messages", file=sys.stderr)
PY

actual_size=$(stat -c %s "$file")
cat "$file" >/dev/null  # warm the page cache

# ---- Measurement ----------------------------------------------------------------------------
# measure NAME COMMAND...: runs COMMAND $runs times, prints "wall_seconds peak_rss_kb" medians.
measure() {
    local i out
    local walls=() rsss=()
    for ((i = 0; i < runs; i++)); do
        out="$work/time.$i"
        local rc=0
        /usr/bin/time -v -o "$out" "$@" >/dev/null 2>"$work/stderr" || rc=$?
        # ccsalvage exits 1 when it found damage: still a complete run, still a measurement.
        if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
            cat "$work/stderr" >&2
            [ "$rc" -eq 2 ] && echo "bench_ccm_read: exit 2 is a usage error: does $binary have" \
                "the inspect command yet?" >&2
            die "'$*' failed with exit $rc"
        fi
        walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s }' "$out")")
        rsss+=("$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out")")
    done
    local wall rss
    wall=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    rss=$(printf '%s\n' "${rsss[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    echo "$wall $rss"
}

row() {  # label wall rss_kb
    awk -v label="$1" -v wall="$2" -v rss="$3" -v bytes="$actual_size" 'BEGIN {
        mbs = (wall > 0) ? sprintf("%.0f", bytes / 1e6 / wall) : "n/a"
        printf "| %s | %.2f | %s | %.1f |\n", label, wall, mbs, rss / 1024 }'
}

read -r cat_wall cat_rss < <(measure cat "$file")
read -r inspect_wall inspect_rss < <(measure "$binary" inspect --json "$file")

echo "### ccsalvage inspect on a generated .ccm file"
echo
echo "File: $(numfmt --to=iec "$actual_size") ($actual_size bytes), medians of $runs runs," \
     "page cache warm; $(nproc) cores; $("$binary" --version 2>/dev/null | head -n1 || echo "ccsalvage")."
echo
echo "| command | wall s | MB/s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: |"
row "\`cat FILE > /dev/null\`" "$cat_wall" "$cat_rss"
row "\`ccsalvage inspect --json FILE > /dev/null\`" "$inspect_wall" "$inspect_rss"
