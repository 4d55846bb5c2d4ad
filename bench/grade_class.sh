#!/usr/bin/env bash
# grade_class.sh - `nnwb grade` on a class of 100 mixed submissions, timed (not part of
# make test: it takes minutes). 40 correct, 20 untouched stubs, 28 mutants (each
# tests/mutants/ch4-7 patch applied to a copy of the solutions, twice), 12 hostile
# (tests/hostile, in the chapter they attack). Prints the wall time, the median time
# per submission, and checks every row of the gradebook against the expected scores:
# full marks, 0, the mutant chapter's score from its own graded binary run directly
# (as tests/run_mutants.sh does), 0 in the attacked chapter.
#   bash bench/grade_class.sh [JOBS]      (from the workbook's folder, after make)
set -u
BUILD=${BUILD:-build}
JOBS=${1:-2}
NNWB=$BUILD/nnwb
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-grade-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
subs=$tmp/subs
mkdir -p "$subs"
pts=(0 5 5 10 15 20 35 10)
declare -A want
row() { # chapter points... -> csv with total
    local t=0 out="" p
    for p in "$@"; do out="$out,$p"; t=$(echo "$t + $p" | bc -l); done
    printf '%s,%.2f' "${out#,}" "$t"
}
full=$(row 5.00 5.00 10.00 15.00 20.00 35.00 10.00)
solution_copy() { mkdir -p "$1/exercises" && cp solutions/ch*.c "$1/exercises/"; }

for k in $(seq -w 1 40); do solution_copy "$subs/correct-$k"; want[correct-$k]=$full; done
for k in $(seq -w 1 20); do mkdir -p "$subs/stub-$k" && cp -r exercises "$subs/stub-$k/"
    want[stub-$k]=$(row 0.00 0.00 0.00 0.00 0.00 0.00 0.00); done

compile=$(make -s --no-print-directory print-compile BUILD="$BUILD")
link=$(make -s --no-print-directory print-link BUILD="$BUILD")
for patch in tests/mutants/ch[4-7]-*.patch; do
    name=$(basename "$patch" .patch)
    ch=$(sed -n 's/^Chapter: //p' "$patch")
    file=$(sed -n 's/^File: //p' "$patch")
    m=$tmp/m/$name
    mkdir -p "$m"
    cp "$file" "$m/"
    patch -s "$m/$(basename "$file")" "$patch" || { echo "patch $name failed"; exit 1; }
    # The mutant chapter's expected points: its graded binary, run directly.
    others=$(ls "$BUILD"/solutions/ch*.o | grep -v "/ch${ch}_")
    $compile -c "$m/$(basename "$file")" -o "$m/mutant.o" &&
        ${link% ::: *} "$BUILD/tests/check/ch${ch}_test.o" "$BUILD/tests/check/harness.o" "$m/mutant.o" $others \
            "$BUILD/libnnwb.a" ${link#* ::: } -o "$m/ch$ch" || exit 1
    got=$("$m/ch$ch" 2>&1 | sed -n 's/^RESULT .*points=\([0-9.]*\) .*/\1/p')
    cols=(); for c in 1 2 3 4 5 6 7; do cols+=("$(printf '%.2f' "${pts[$c]}")"); done
    cols[$((ch - 1))]=$(printf '%.2f' "$got")
    for copy in a b; do
        solution_copy "$subs/mutant-$name-$copy"
        cp "$m/$(basename "$file")" "$subs/mutant-$name-$copy/exercises/"
        want[mutant-$name-$copy]=$(row "${cols[@]}")
    done
done

hostile_cases="segfault:2 exit-zero:2 fake-output:2 constructor:2 abort:2 interpose:2 compile-error:4 asm-exit:2 \
stack-overflow:2 malloc-10g:2 read-solutions:2 loop:2"
for hc in $hostile_cases; do
    name=${hc%:*}; ch=${hc#*:}
    solution_copy "$subs/hostile-$name"
    for f in tests/hostile/"$name"/exercises/*.c; do
        sed -e "s|@REPO@|$(pwd)|g" -e "s|@CANARY@|$tmp/canary|g" -e "s|@OUT@|$tmp/out|g" "$f" \
            >"$subs/hostile-$name/exercises/$(basename "$f")"
    done
    cols=(); for c in 1 2 3 4 5 6 7; do cols+=("$(printf '%.2f' "${pts[$c]}")"); done
    cols[$((ch - 1))]=0.00
    want[hostile-$name]=$(row "${cols[@]}")
done
n=$(ls "$subs" | wc -l)
echo "grading $n submissions with --jobs $JOBS"

start=$(date +%s.%N)
"$NNWB" grade "$subs" -o "$tmp/out" --jobs "$JOBS" --timeout 5 >"$tmp/run.txt" 2>&1
rc=$?
wall=$(echo "$(date +%s.%N) - $start" | bc -l)
median=$(sed -n 's/^graded .*(\([0-9.]*\) s)$/\1/p' "$tmp/run.txt" | sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}')
printf 'wall time %.1f s for %d submissions (%.2f s each on average); median per submission %s s (one job)\n' \
    "$wall" "$n" "$(echo "$wall / $n" | bc -l)" "$median"
bad=0
for s in "${!want[@]}"; do
    got=$(grep "^$s," "$tmp/out/gradebook.csv" | cut -d, -f2-)
    if [ "$got" != "${want[$s]}" ]; then echo "MISMATCH $s: got '$got', expected '${want[$s]}'"; bad=$((bad + 1)); fi
done
rows=$(($(wc -l <"$tmp/out/gradebook.csv") - 1))
echo "gradebook: $rows rows, $bad mismatches; nnwb grade exit status $rc"
[ "$bad" = 0 ] && [ "$rows" = "$n" ] && [ "$rc" = 0 ]
