#!/usr/bin/env bash
# grade_class.sh - `nnwb grade` on a class of 100 mixed submissions, timed (not part of
# make test: it takes minutes). 40 honest (the reference with a function of its own
# added, so that it is not refused as the reference itself), 20 untouched stubs, 28
# mutants (tests/mutants patches of chapters 4-7, cycled), 12 hostile (tests/hostile,
# in the chapter they attack). Prints the wall time and the median time per submission,
# and checks every row of the gradebook: honest full marks (with the data), stubs 0,
# a mutant's chapter the points `nnwb check` gives it with the same seed, a hostile
# submission's chapter 0; every other chapter as the honest submission's.
#   bash bench/grade_class.sh [JOBS]      (from the workbook's folder, after make; DATA_DIR)
set -u
. tests/cli/common.bash # honest_copy; sets BUILD and NNWB
JOBS=${1:-2}
SEED=20261130
DATA_DIR=${DATA_DIR:-data}
export NNWB_GEN_DIR=${NNWB_GEN_DIR:-$BUILD/data}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-grade-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
subs=$tmp/subs
mkdir -p "$subs"
data_args=()
[ -f "$DATA_DIR/ex4weights.mat" ] && data_args=(--data "$DATA_DIR")
declare -A chapter
for k in $(seq -w 1 40); do honest_copy "$subs/honest-$k"; done
for k in $(seq -w 1 20); do mkdir -p "$subs/stub-$k" && cp -r exercises "$subs/stub-$k/"; done
patches=(tests/mutants/ch[4-7]-*.patch)
for k in $(seq -w 1 28); do
    patch=${patches[$(( (10#$k - 1) % ${#patches[@]} ))]}
    file=$(sed -n 's/^File: //p' "$patch")
    honest_copy "$subs/mutant-$k"
    cp "$file" "$subs/mutant-$k/exercises/"
    patch -s "$subs/mutant-$k/exercises/$(basename "$file")" "$patch" || { echo "patch $patch failed"; exit 1; }
    chapter[mutant-$k]=$(sed -n 's/^Chapter: //p' "$patch")
done
for name in segfault exit-zero fake-output constructor abort interpose compile-error asm-exit \
    stack-overflow malloc-10g loop incbin-prebuilt; do
    honest_copy "$subs/hostile-$name"
    for f in tests/hostile/"$name"/exercises/*.c; do
        sed -e "s|@REPO@|$(pwd)|g" -e "s|@CANARY@|$tmp/canary|g" -e "s|@OUT@|$tmp/out|g" "$f" \
            >"$subs/hostile-$name/exercises/$(basename "$f")"
        chapter[hostile-$name]=$(basename "$f" | sed 's/^ch\([0-9]*\)_.*/\1/')
    done
done
n=$(ls "$subs" | wc -l)
echo "grading $n submissions with --jobs $JOBS (seed $SEED)"

start=$(date +%s.%N)
"$NNWB" grade "$subs" -o "$tmp/out" --jobs "$JOBS" --seed $SEED "${data_args[@]}" >"$tmp/run.txt" 2>&1
rc=$?
wall=$(echo "$(date +%s.%N) - $start" | bc -l)
median=$(sed -n 's/^graded .*(\([0-9.]*\) s)$/\1/p' "$tmp/run.txt" | sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}')
printf 'wall time %.1f s for %d submissions (%.2f s each on average); median per submission %s s (one job)\n' \
    "$wall" "$n" "$(echo "$wall / $n" | bc -l)" "$median"

row() { grep "^$1," "$tmp/out/gradebook.csv" | cut -d, -f2-$(($(echo $CHAPTERS | wc -w) + 2)); }
honest=$(row honest-01)
bad=0
for s in $(ls "$subs"); do
    r=$(row "$s")
    case $s in
        honest-*) [ "$r" = "$honest" ] || { echo "MISMATCH $s: '$r', honest is '$honest'"; bad=$((bad + 1)); } ;;
        stub-*) [ "$r" = "$(chapter_row 0.00)" ] || { echo "MISMATCH $s: '$r'"; bad=$((bad + 1)); } ;;
        *)
            ch=${chapter[$s]}
            case $s in
                mutant-*) want=$("$NNWB" check --impl "$subs/$s/exercises" --ch "$ch" --seed $SEED \
                    --data "$DATA_DIR" 2>/dev/null | awk -v c="$ch" '$1 == c && $3 == "/" { printf "%.2f", $5 }') ;;
                *) want=0.00 ;;
            esac
            for c in $CHAPTERS; do
                got=$(echo "$r" | cut -d, -f$c)
                exp=$(echo "$honest" | cut -d, -f$c)
                [ "$c" = "$ch" ] && exp=$want
                [ "$got" = "$exp" ] || { echo "MISMATCH $s chapter $c: $got, expected $exp"; bad=$((bad + 1)); }
            done ;;
    esac
done
rows=$(($(wc -l <"$tmp/out/gradebook.csv") - 1))
echo "gradebook: $rows rows, $bad mismatches (honest: $honest); nnwb grade exit status $rc"
[ "$bad" = 0 ] && [ "$rows" = "$n" ] && [ "$rc" = 0 ]
