#!/usr/bin/env bash
# Long fuzzing sessions, for a developer's machine (CI only does a 60-second smoke run).
#
#   scripts/fuzz-long.sh [-t SECONDS] [-b BUILD_DIR] [TARGET|all]
#
#   -t SECONDS   how long each target runs (default 3600)
#   -b DIR       the clang fuzz build directory (default build-fuzz; configured and built here
#                with -DCCSALVAGE_FUZZ=ON when needed)
#   TARGET       fuzz_ccm, ... (the names in tests/fuzz/CMakeLists.txt), or all (default)
#
# Each target runs with -jobs=2 -workers=2 (two fuzzing processes, one per core) on a corpus
# that persists between sessions in tests/fuzz/corpus-work/<target>/ (git-ignored); the seed
# folders (samples/...) and the regression inputs are read as extra corpora, never written.
# After the run the corpus is merged (libFuzzer -merge=1: only inputs that add coverage stay).
# Logs go to tests/fuzz/corpus-work/logs/<target>/, findings to
# tests/fuzz/corpus-work/artifacts/<target>/<date>/. Every crash, leak, timeout or
# out-of-memory input found is copied into tests/fuzz/regression/<parser>/, where ctest's
# fuzz_<parser>_regression test replays it from then on: commit it with the fix.
# Exit status: 0 when nothing was found, 1 when something was, 2 on a usage or build error.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

seconds=3600
build_dir=build-fuzz
usage() {
    sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
}
while getopts "t:b:h" opt; do
    case $opt in
        t) seconds=$OPTARG ;;
        b) build_dir=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || usage
want=${1:-all}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "fuzz-long: -t needs a number of seconds" >&2; exit 2; }

if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCCSALVAGE_FUZZ=ON || exit 2
fi
if ! grep -q '^CCSALVAGE_FUZZ:BOOL=ON' "$build_dir/CMakeCache.txt"; then
    echo "fuzz-long: $build_dir is not a fuzz build (configure it with clang and" \
         "-DCCSALVAGE_FUZZ=ON, or pick another with -b)" >&2
    exit 2
fi
cmake --build "$build_dir" -j2 --target ccsalvage_fuzzers || exit 2

manifest="$build_dir/tests/fuzz/fuzz_targets.tsv"
work_root="$ROOT/tests/fuzz/corpus-work"
stamp=$(date +%Y%m%d-%H%M%S)
found_any=0
ran=0

while IFS=$'\t' read -r name binary regression seeds; do
    [ -n "$name" ] || continue
    [ "$want" = all ] || [ "$want" = "$name" ] || continue
    ran=$((ran + 1))

    corpus="$work_root/$name"
    logs="$work_root/logs/$name"
    artifacts="$work_root/artifacts/$name/$stamp"
    mkdir -p "$corpus" "$logs" "$artifacts"
    extra=("$regression")
    IFS=: read -r -a seed_list <<<"$seeds"
    for seed in "${seed_list[@]}"; do
        if [ -e "$seed" ]; then extra+=("$seed"); fi
    done

    echo "fuzz-long: $name for ${seconds}s; corpus $corpus ($(find "$corpus" -type f | wc -l) inputs)"
    # -jobs: libFuzzer writes fuzz-<n>.log into the current directory.
    (cd "$logs" && "$binary" -jobs=2 -workers=2 -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$artifacts/" -print_final_stats=1 \
        "$corpus" "${extra[@]}") </dev/null || true
    # Merge: keep only the inputs that add coverage, so the corpus stays small across sessions
    # (new inputs from this run included; the seed and regression folders are left as they are).
    merged="$corpus.merged"
    rm -rf "$merged" && mkdir -p "$merged"
    if (cd "$logs" && "$binary" -merge=1 -timeout=10 -rss_limit_mb=2048 "$merged" "$corpus") \
        >"$logs/merge.log" 2>&1 </dev/null; then
        echo "fuzz-long: $name: corpus merged, $(find "$corpus" -type f | wc -l) ->" \
             "$(find "$merged" -type f | wc -l) inputs"
        rm -rf "$corpus" && mv "$merged" "$corpus"
    else
        echo "fuzz-long: $name: merge failed (see $logs/merge.log); corpus kept as it was"
        rm -rf "$merged"
    fi
    for log in "$logs"/fuzz-*.log; do
        if [ -f "$log" ]; then
            grep -hE '^stat::(number_of_executed_units|peak_rss_mb)' "$log" \
                | sed "s|^|fuzz-long: $name $(basename "$log"): |" || true
        fi
    done

    destination="$regression"
    found=0
    for finding in "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* \
                   "$artifacts"/oom-*; do
        [ -f "$finding" ] || continue
        found=1
        base=$(basename "$finding")
        if [ -e "$destination/$base" ]; then
            echo "fuzz-long: $name: $base is already in $destination (not fixed yet?)"
        else
            cp "$finding" "$destination/$base"
            echo "fuzz-long: $name: NEW FINDING $base -> ${destination#"$ROOT"/}/$base"
        fi
    done
    if [ "$found" -eq 1 ]; then
        found_any=1
        echo "fuzz-long: $name: reproduce with: $binary ${destination#"$ROOT"/}/<file>"
        echo "fuzz-long: $name: fix the parser, then commit the input with the fix; ctest's" \
             "${name}_regression replays it in every build from then on."
    else
        rmdir "$artifacts" 2>/dev/null || true
        echo "fuzz-long: $name: nothing found"
    fi
done <"$manifest"

if [ "$ran" -eq 0 ]; then
    echo "fuzz-long: no target named '$want'; targets are:" $(cut -f1 "$manifest") >&2
    exit 2
fi
exit "$found_any"
