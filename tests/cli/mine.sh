#!/usr/bin/env bash
# mine.sh - `make mine`: build/nnwb-mine runs the student's own chapters.
#   - With the reference copied in as "your" chapters, its first line says so,
#     and train gives build/nnwb train's cost curve from the same seed:
#     gradient descent to 1e-9 at every one of 50 iterations; the conjugate
#     gradient to 1e-9 for its first 20 iterations (it then amplifies the
#     last-bit differences between the kernel's sums and the chapters', about
#     tenfold every two iterations) and to 1e-3 after 50, with the same
#     accuracy. eval and predict give nnwb's numbers; gradcheck passes.
#   - With chapter 6 a stub, train refuses in one line naming chapter 6; with
#     chapter 7 a stub, gradcheck refuses naming chapter 7; a chapter that
#     crashes or loops is named too. Commands that do not run chapters are
#     refused.
# Prints "ok - ..." / "not ok - ..." and exits non-zero if any failed.
set -u
. "$(dirname "$0")/common.bash"
need_nnwb
if [ ! -d solutions ]; then
    echo "ok - # SKIP no solutions/ (a student handout; tests/cli/handout.sh builds nnwb-mine there)"
    exit 0
fi
train_data=$(data_path digits20.mat)
scratch mine

# build_mine NAME: $tmp/NAME/nnwb-mine from the chapters in $tmp/NAME/ex, with the flags of
# this build (make sanitize passes its sanitizers as TEST_SAN, TEST_OPT).
build_mine() {
    ${MAKE:-make} --no-print-directory mine BUILD="$BUILD" SAN="${TEST_SAN:-}" OPT="${TEST_OPT:--O2}" IMPL="$tmp/$1/ex" \
        MINE="$tmp/$1/nnwb-mine" MINE_OBJ_DIR="$tmp/$1/obj" >"$tmp/$1/make.log" 2>&1
}

# copy_reference NAME: the reference chapters as "your" exercises/.
copy_reference() {
    mkdir -p "$tmp/$1/ex"
    cp solutions/ch*.c exercises/workbook.h "$tmp/$1/ex/"
}

copy_reference ref
if build_mine ref; then ok "make mine builds nnwb-mine from a folder of chapters"
else not_ok "make mine failed: $(tail -3 "$tmp/ref/make.log")"; exit 1; fi
mine=$tmp/ref/nnwb-mine

first=$("$mine" gradcheck --lambda 3 | head -n 1)
[ "$first" = "nnwb-mine gradcheck: your chapters 1-3 and 5-7 from $tmp/ref/ex/" ] &&
    ok "the first line names the code that runs: $first" || not_ok "first line: '$first'"
"$mine" gradcheck --lambda 3 | grep -q '^ok: ' && ok "nnwb-mine gradcheck passes with the reference's chapters" ||
    not_ok "nnwb-mine gradcheck: $("$mine" gradcheck --lambda 3 2>&1 | tail -2)"
first=$("$NNWB" gradcheck | head -n 1)
echo "$first" | grep -q "^nnwb gradcheck: the reference chapters 1-3 and 5-7" &&
    ok "build/nnwb says it runs the reference: $first" || not_ok "build/nnwb's first line: '$first'"

msg=$("$mine" check 2>&1 >/dev/null); rc=$?
[ $rc = 2 ] && [ "$(echo "$msg" | wc -l)" = 1 ] && echo "$msg" | grep -q "does not run your chapters" &&
    ok "nnwb-mine check is refused in one line" || not_ok "nnwb-mine check: exit $rc, '$msg'"
"$mine" --help | grep -q "slower than build/nnwb's fast kernel" && ok "nnwb-mine --help says training is slower" ||
    not_ok "nnwb-mine --help"

# col CSV N: column N of a log without its header.
col() { tail -n +2 "$1" | cut -d, -f"$2"; }
# worst A.csv B.csv FROM TO: the largest relative difference of the costs of iterations FROM..TO.
worst() {
    paste -d, <(col "$1" 2) <(col "$2" 2) | awk -F, -v a="$3" -v b="$4" '
        NR - 1 >= a && NR - 1 <= b { d = $1 - $2; if (d < 0) d = -d; r = d / ($2 < 0 ? -$2 : $2); if (r > w) w = r }
        END { printf "%.3g", w + 0 }'
}
below() { awk -v x="$1" -v b="$2" 'BEGIN { exit !(x <= b) }'; }

if [ -z "$train_data" ]; then
    echo "ok - # SKIP digits20.mat not found: the training comparisons need it"
else
    for opt in gd cg; do
        "$mine" train --data "$train_data" --lambda 1 --iters 50 --optimizer $opt --seed 3 --quiet \
            --log "$tmp/mine-$opt.csv" -o "$tmp/mine-$opt.mat" >"$tmp/mine-$opt.out" 2>&1 &&
        "$NNWB" train --data "$train_data" --lambda 1 --iters 50 --optimizer $opt --seed 3 --quiet \
            --log "$tmp/ref-$opt.csv" -o "$tmp/ref-$opt.mat" >"$tmp/ref-$opt.out" 2>&1 ||
            { not_ok "train --optimizer $opt: $(tail -2 "$tmp/mine-$opt.out" "$tmp/ref-$opt.out")"; continue; }
        [ "$(col "$tmp/mine-$opt.csv" 1 | wc -l)" = 51 ] && [ "$(col "$tmp/ref-$opt.csv" 1 | wc -l)" = 51 ] ||
            not_ok "train --optimizer $opt: the logs do not both have 51 rows"
    done
    w=$(worst "$tmp/mine-gd.csv" "$tmp/ref-gd.csv" 0 50)
    below "$w" 1e-9 && ok "gd, 50 iterations: nnwb-mine's cost curve is nnwb's within $w at every iteration" ||
        not_ok "gd: the cost curves differ by $w"
    w=$(worst "$tmp/mine-cg.csv" "$tmp/ref-cg.csv" 0 20)
    below "$w" 1e-9 && ok "cg, iterations 0-20: the cost curves agree within $w" || not_ok "cg 0-20: differ by $w"
    w=$(worst "$tmp/mine-cg.csv" "$tmp/ref-cg.csv" 0 50)
    below "$w" 1e-3 && ok "cg, all 50 iterations: within $w (rounding amplified by the line search)" ||
        not_ok "cg 0-50: differ by $w"
    a=$(grep '^training accuracy' "$tmp/mine-cg.out"); b=$(grep '^training accuracy' "$tmp/ref-cg.out")
    [ -n "$a" ] && [ "$a" = "$b" ] && ok "cg: the same $a" || not_ok "cg: '$a' vs '$b'"

    e1=$("$mine" eval --data "$train_data" --weights "$tmp/ref-cg.mat" --lambda 1 | tail -n +2)
    e2=$("$NNWB" eval --data "$train_data" --weights "$tmp/ref-cg.mat" --lambda 1 | tail -n +2)
    [ -n "$e1" ] && [ "$e1" = "$e2" ] && ok "eval: the same cost and accuracy as nnwb" || not_ok "eval: '$e1' vs '$e2'"
    p1=$("$mine" predict --data "$train_data" --weights "$tmp/ref-cg.mat" --report | tail -n +2)
    p2=$("$NNWB" predict --data "$train_data" --weights "$tmp/ref-cg.mat" --report | tail -n +2)
    [ -n "$p1" ] && [ "$p1" = "$p2" ] && ok "predict --report: the same report as nnwb" || not_ok "predict differs"
fi

# A chapter that does not work: one line that names it, and nothing written.
stub_run() { # NAME CHAPTER EXPECT COMMAND...
    local name=$1 ch=$2 expect=$3
    shift 3
    local out rc
    out=$("$tmp/$name/nnwb-mine" "$@" 2>&1 >/dev/null)
    rc=$?
    # under make sanitize a crash is the sanitizer's report, then the line
    [ -n "${TEST_SAN:-}" ] && [ "$name" = crash5 ] && out=$(echo "$out" | tail -n 1) && expect="stopped on the published inputs"
    if [ $rc = 1 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -q "chapter $ch .*$expect"; then
        ok "$name: '$1' refused in one line: $(echo "$out" | cut -c1-140)"
    else
        not_ok "$name: '$1' exit $rc: $out"
    fi
}
copy_reference stub6
cp exercises/ch6_backprop.c "$tmp/stub6/ex/"
if build_mine stub6; then
    if [ -n "$train_data" ]; then
        stub_run stub6 6 "does not work yet: nn_regularized_gradient returned -1" \
            train --data "$train_data" --iters 2 -o "$tmp/stub6/w.mat"
        [ ! -e "$tmp/stub6/w.mat" ] && ok "stub6: no weights written" || not_ok "stub6: weights written"
    fi
    stub_run stub6 6 "nn_regularized_gradient returned -1" gradcheck
else not_ok "make mine with a stub chapter 6: $(tail -3 "$tmp/stub6/make.log")"; fi

copy_reference stub7
cp exercises/ch7_gradcheck.c "$tmp/stub7/ex/"
build_mine stub7 && stub_run stub7 7 "nn_numerical_gradient returned -1" gradcheck ||
    not_ok "make mine with a stub chapter 7"

copy_reference crash5
sed -i 's/^double nn_regularized_cost(/static double reference_regularized_cost(/' "$tmp/crash5/ex/ch5_cost.c"
cat >>"$tmp/crash5/ex/ch5_cost.c" <<'C'

/* added by tests/cli/mine.sh: a cost that reads through a NULL pointer */
double nn_regularized_cost(const nn_mat *T1, const nn_mat *T2, const nn_mat *X, const nn_mat *Y, double lambda)
{
    volatile double *nowhere = 0;
    return *nowhere + reference_regularized_cost(T1, T2, X, Y, lambda);
}
C
build_mine crash5 && stub_run crash5 5 "crashed on the published inputs" gradcheck ||
    not_ok "make mine with a crashing chapter 5: $(grep -m3 error "$tmp/crash5/make.log")"

exit $failed
