#!/bin/sh
# check.sh - `make check`: grade one implementation chapter by chapter.
#   sh tests/check.sh IMPL CHAPTER...     (IMPL is exercises or solutions)
# Each chapter is built and run on its own, so a compile error, crash or
# endless loop in one chapter costs that chapter's points only. Prints each
# chapter's checks, then a table of points. Exits 0 only at full marks.
set -u
impl=$1; shift
BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
results=$(mktemp)
trap 'rm -f "$results"' EXIT

for ch in "$@"; do
    bin="$BUILD/check/$impl/ch$ch"
    log=$(mktemp)
    if ! $MAKE --no-print-directory -s "$bin" >"$log" 2>&1; then
        echo "Chapter $ch: did not compile"
        sed -n '1,15p' "$log" | sed 's/^/        /'
        max=$(grep -h "^const chapter_info CHAPTER" tests/check/ch${ch}_test.c | sed 's/.*, \([0-9]*\)};/\1/')
        echo "RESULT chapter=$ch passed=0 total=0 skipped=0 points=0.00 max=$max" >>"$results"
        rm -f "$log"
        continue
    fi
    rm -f "$log"
    out=$(mktemp)
    "$bin" >"$out" 2>&1
    grep -v '^RESULT ' "$out"
    if grep -q '^RESULT ' "$out"; then
        grep '^RESULT ' "$out" | tail -n 1 >>"$results"
    else
        echo "  the test program for chapter $ch died before it could report"
        max=$(grep -h "^const chapter_info CHAPTER" tests/check/ch${ch}_test.c | sed 's/.*, \([0-9]*\)};/\1/')
        echo "RESULT chapter=$ch passed=0 total=0 skipped=0 points=0.00 max=$max" >>"$results"
    fi
    rm -f "$out"
    echo
done

awk -v impl="$impl" '
function val(k,   i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } }
{ ch = val("chapter"); p = val("passed"); t = val("total"); s = val("skipped"); pts = val("points"); mx = val("max")
  rows[++n] = sprintf("  %-8s %6d / %-3d %8s %8.1f / %d", ch, p, t, (s > 0 ? s " skipped" : ""), pts, mx)
  got += pts; max += mx; if (p < t || t == 0) short = 1 }
END {
  printf "Score for %s/\n  %-8s %12s %8s %13s\n", impl, "chapter", "checks", "", "points"
  for (i = 1; i <= n; i++) print rows[i]
  printf "  %-8s %21s %8.1f / %d\n", "total", "", got, max
  exit short ? 1 : 0
}' "$results"
