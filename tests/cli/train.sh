#!/usr/bin/env bash
# train.sh - checks of `nnwb train` and `nnwb predict` from the outside: bad
# flags, missing files and mismatched sizes fail with one line on stderr, a
# non-zero exit and no output file; the same seed gives the same cost curve;
# the conjugate gradient's curve never rises; the written weights load in
# `nnwb eval` (and Octave, when installed); Ctrl-C writes the weights and log
# reached so far and exits with 130. Prints "ok - ..." / "not ok - ..." per
# case and exits non-zero if any failed.
#
# The fixtures are tiny learnable IDX files written here (perl) and converted
# by `nnwb data mnist`, so no data file is needed. Environment: BUILD (default
# build), DATA_DIR / NNWB_GEN_DIR (optional: with digits20.mat the CG curve is
# also checked on it).
set -u

. "$(dirname "$0")/common.bash"
need_nnwb
scratch train

# ---- fixtures ---------------------------------------------------------------
# 300 28×28 images, label i mod 10; digit d has a bright bar in rows 2d+4..2d+6
# and a little deterministic texture, so a network can learn them.
perl -e '
    open my $im, ">", "$ARGV[0]/img.idx" or die; binmode $im;
    open my $lb, ">", "$ARGV[0]/lab.idx" or die; binmode $lb;
    my $n = 300;
    print $im pack("N4", 2051, $n, 28, 28);
    print $lb pack("N2", 2049, $n);
    for my $i (0 .. $n - 1) {
        my $d = $i % 10;
        print $lb pack("C", $d);
        for my $r (0 .. 27) {
            for my $c (0 .. 27) {
                my $v = ($i * 31 + $r * 7 + $c * 13) % 60;
                $v += 180 if $r >= 2 * $d + 4 && $r < 2 * $d + 7 && $c >= 6 && $c < 22;
                print $im pack("C", $v);
            }
        }
    }' "$tmp" || { not_ok "writing the IDX fixtures with perl"; exit 1; }
make_set() { # OUT SIZE PER_CLASS OFFSET
    "$NNWB" data mnist --images "$tmp/img.idx" --labels "$tmp/lab.idx" --size "$2" \
        --per-class "$3" --offset "$4" -o "$1" >/dev/null
}
make_set "$tmp/train.mat" 8 20 0 && make_set "$tmp/test.mat" 8 10 20 &&
    make_set "$tmp/wide.mat" 10 10 20 ||
    { not_ok "building the fixtures with nnwb data mnist"; exit 1; }
T="--data $tmp/train.mat"

# ---- bad input: exit status, one line on stderr, no output ------------------
# expect_fail (common.bash): the exit status, one line on stderr, no $tmp/out* written.
expect_fail "unknown option" 2 "" train $T --itres 5 -o "$tmp/out.mat"
expect_fail "unknown optimizer" 2 "" train $T --optimizer sgd -o "$tmp/out.mat"
expect_fail "--iters 0" 2 "" train $T --iters 0 -o "$tmp/out.mat"
expect_fail "--hidden not a number" 2 "" train $T --hidden 2x -o "$tmp/out.mat"
expect_fail "--lambda negative" 2 "" train $T --lambda -1 -o "$tmp/out.mat"
expect_fail "--lr 0" 2 "" train $T --optimizer gd --lr 0 -o "$tmp/out.mat"
expect_fail "--lr with cg" 2 "" train $T --lr 0.1 -o "$tmp/out.mat"
expect_fail "--batch with gd" 2 "" train $T --optimizer gd --batch 10 -o "$tmp/out.mat"
expect_fail "--seed negative" 2 "" train $T --seed -3 -o "$tmp/out.mat"
expect_fail "--init neither random nor zero" 2 "" train $T --init ones -o "$tmp/out.mat"
expect_fail "missing -o" 2 "" train $T
expect_fail "missing --data" 2 "" train -o "$tmp/out.mat"
expect_fail "--data without a value" 2 "" train -o "$tmp/out.mat" --data
expect_fail "--data file missing" 1 "" train --data "$tmp/nope.mat" -o "$tmp/out.mat"
expect_fail "--test file missing" 1 "" train $T --test "$tmp/nope.mat" -o "$tmp/out.mat"
expect_fail "--test with other inputs" 1 "" train $T --test "$tmp/wide.mat" -o "$tmp/out.mat"
expect_fail "labels above --classes" 1 "" train $T --classes 5 -o "$tmp/out.mat"
expect_fail "-o in a missing directory" 1 "" train $T -o "$tmp/no/such/dir/out.mat"
expect_fail "--log in a missing directory" 1 "" train $T --log "$tmp/no/dir/log.csv" -o "$tmp/out.mat"
expect_fail "predict: unknown option" 2 "" predict --data "$tmp/train.mat" --weights x --reprot
expect_fail "predict: missing --weights" 2 "" predict --data "$tmp/train.mat"
expect_fail "predict: weights file missing" 1 "" predict --data "$tmp/train.mat" --weights "$tmp/nope.mat"

# ---- a run, its log and its weights ------------------------------------------
if "$NNWB" train $T --test "$tmp/test.mat" --hidden 7 --iters 30 --seed 5 --log "$tmp/a.csv" \
    -o "$tmp/a.mat" >"$tmp/a.out" 2>"$tmp/a.err"; then
    ok "train: cg 30 iterations, exit 0"
else
    not_ok "train: cg run failed: $(cat "$tmp/a.err")"
fi
if [ "$(head -n 1 "$tmp/a.csv" 2>/dev/null)" = "iteration,cost,train_accuracy,test_accuracy,seconds,evaluations" ] &&
    awk -F, 'NR > 1 && (NF != 6 || $1 != NR - 2 || $4 == "") { bad = 1 } END { exit bad || NR < 3 }' "$tmp/a.csv"; then
    ok "train: --log has the header and one row per iteration from 0, with test accuracy"
else
    not_ok "train: --log is malformed"; head -n 3 "$tmp/a.csv" 2>&1 | sed 's/^/    /'
fi
# --init zero: every output is 0.5 at the start, so the logged cost there is K·log 2.
if "$NNWB" train $T --hidden 7 --optimizer gd --iters 3 --init zero --log "$tmp/z.csv" -o "$tmp/z.mat" \
    >/dev/null 2>"$tmp/z.err" &&
    awk -F, 'NR == 2 { k = $2 / log(2); exit !(k > 1.5 && (k - int(k + 0.5)) ^ 2 < 1e-18) }' "$tmp/z.csv"; then
    ok "train: --init zero starts from all-zero weights (a start cost of K·log 2)"
else
    not_ok "train: --init zero: $(head -c 200 "$tmp/z.err") $(sed -n 2p "$tmp/z.csv" 2>/dev/null)"
fi
# The evaluations column: 0 at the start, never decreasing, and in its last
# row the count that train printed ("cg: 30 iterations, N evaluations, ...").
said=$(sed -n 's/^cg: [0-9]* iterations, \([0-9]*\) evaluations,.*/\1/p' "$tmp/a.out")
last=$(tail -n 1 "$tmp/a.csv" | cut -d, -f6)
if [ -n "$said" ] && [ "$last" = "$said" ] &&
    awk -F, 'NR == 2 && $6 != 0 { bad = 1 } NR > 2 && $6 < prev { bad = 1 } NR > 1 { prev = $6 }
             END { exit bad }' "$tmp/a.csv"; then
    ok "train: --log's evaluations run from 0 to the $said evaluations train reported"
else
    not_ok "train: --log's evaluations end at '$last', train said '$said' (or they decrease)"
fi
if awk -F, 'NR > 2 && $2 > prev { bad = 1; print "    iteration " $1 ": " $2 " after " prev }
            NR > 1 { prev = $2 } END { exit bad }' "$tmp/a.csv"; then
    ok "train: the CG cost curve never increases (fixture, $(($(wc -l <"$tmp/a.csv") - 1)) rows)"
else
    not_ok "train: the CG cost curve increases"
fi
n_progress=$(grep -c '^iteration ' "$tmp/a.err")
rows=$(($(wc -l <"$tmp/a.csv") - 2))
if [ "$n_progress" = "$rows" ]; then
    ok "train: one plain progress line per iteration when stderr is not a terminal ($rows)"
else
    not_ok "train: $n_progress progress lines for $rows iterations"
fi
if "$NNWB" train $T --iters 3 --quiet -o "$tmp/q.mat" >/dev/null 2>"$tmp/q.err" && [ ! -s "$tmp/q.err" ]; then
    ok "train: --quiet prints nothing on stderr"
else
    not_ok "train: --quiet printed: $(head -c 200 "$tmp/q.err")"
fi

# the weights load: nnwb eval (its accuracy = the one train printed), Octave
train_acc=$(sed -n 's/^training accuracy: \([0-9.]*\)%$/\1/p' "$tmp/a.out")
eval_acc=$("$NNWB" eval --data "$tmp/train.mat" --weights "$tmp/a.mat" 2>&1 | sed -n 's/^accuracy: //p')
if [ -n "$eval_acc" ] && [ -n "$train_acc" ] &&
    awk -v a="$eval_acc" -v b="$train_acc" 'BEGIN { d = 100 * a - b; exit !(d < 0.006 && d > -0.006) }'; then
    ok "weights load in nnwb eval: accuracy $eval_acc, train said $train_acc%"
else
    not_ok "nnwb eval on the written weights: '$eval_acc', train said '$train_acc'"
fi
if command -v octave-cli >/dev/null 2>&1; then
    shape=$(octave-cli --no-gui --quiet --eval "history_save(false); W = load('$tmp/a.mat'); printf('%dx%d %dx%d', size(W.Theta1), size(W.Theta2))" 2>/dev/null)
    if [ "$shape" = "7x65 10x8" ]; then
        ok "weights load in Octave: Theta1 7x65, Theta2 10x8"
    else
        not_ok "Octave load: '$shape', expected '7x65 10x8'"
    fi
else
    echo "skip - octave-cli not installed: Octave load not checked"
fi
pred_acc=$("$NNWB" predict --data "$tmp/test.mat" --weights "$tmp/a.mat" | sed -n 's/^accuracy: \([0-9.]*\) .*/\1/p')
test_acc=$(sed -n 's/^test accuracy: \([0-9.]*\)%$/\1/p' "$tmp/a.out")
if [ -n "$pred_acc" ] && awk -v a="$pred_acc" -v b="$test_acc" 'BEGIN { d = 100 * a - b; exit !(d < 0.006 && d > -0.006) }'; then
    ok "predict on --test data: $pred_acc, train said $test_acc%"
else
    not_ok "predict: '$pred_acc', train's test accuracy '$test_acc'"
fi
expect_fail "predict: data not a .mat file" 1 "" predict --data "$tmp/img.idx" --weights "$tmp/a.mat"
expect_fail "predict: weights for 64 inputs on 100-input data" 1 "" predict --data "$tmp/wide.mat" --weights "$tmp/a.mat"
if command -v octave-cli >/dev/null 2>&1 &&
    octave-cli --no-gui --quiet --eval "history_save(false); Theta1 = zeros(7, 65); Theta2 = zeros(5, 8); save('-v7', '$tmp/k5.mat', 'Theta1', 'Theta2')" >/dev/null 2>&1; then
    expect_fail "predict: labels up to 10, a network of 5 classes" 1 "" predict --data "$tmp/train.mat" \
        --weights "$tmp/k5.mat"
fi

# ---- the same seed, the same curve; another seed, another ---------------------
for opt in "cg" "gd --lr 0.5" "adam --batch 16"; do
    name=${opt%% *}
    "$NNWB" train $T --optimizer $opt --iters 15 --seed 11 --quiet --log "$tmp/s1.csv" -o "$tmp/s1.mat" >/dev/null &&
        "$NNWB" train $T --optimizer $opt --iters 15 --seed 11 --quiet --log "$tmp/s2.csv" -o "$tmp/s2.mat" >/dev/null &&
        "$NNWB" train $T --optimizer $opt --iters 15 --seed 12 --quiet --log "$tmp/s3.csv" -o "$tmp/s3.mat" >/dev/null
    if [ $? != 0 ]; then
        not_ok "$name: a seeded run failed"
        continue
    fi
    # the costs and the evaluations (columns 2 and 6)
    c1=$(cut -d, -f2,6 "$tmp/s1.csv"); c2=$(cut -d, -f2,6 "$tmp/s2.csv"); c3=$(cut -d, -f2,6 "$tmp/s3.csv")
    if [ "$c1" = "$c2" ] && [ "$c1" != "$c3" ]; then
        ok "$name: --seed 11 twice gives identical log costs and evaluations ($(echo "$c1" | wc -l) rows), --seed 12 others"
    else
        not_ok "$name: seeded runs: same seed equal: $([ "$c1" = "$c2" ] && echo yes || echo no), other seed differs: $([ "$c1" != "$c3" ] && echo yes || echo no)"
    fi
    # Adam's mini-batches add up to one evaluation an epoch; GD takes one more than its steps.
    evals=$(tail -n 1 "$tmp/s1.csv" | cut -d, -f6)
    case $name in adam) want=15 ;; gd) want=16 ;; *) want=$evals ;; esac
    if [ "$evals" = "$want" ]; then
        ok "$name: 15 iterations, $evals evaluations of J and its gradient in the log"
    else
        not_ok "$name: the log's last row has $evals evaluations, expected $want"
    fi
    last=$(tail -n 1 "$tmp/s1.csv" | cut -d, -f2); first=$(sed -n 2p "$tmp/s1.csv" | cut -d, -f2)
    if awk -v a="$last" -v b="$first" 'BEGIN { exit !(a < b) }'; then
        ok "$name: the cost fell from $first to $last"
    else
        not_ok "$name: the cost did not fall: $first -> $last"
    fi
done

# ---- Ctrl-C ---------------------------------------------------------------------
rm -f "$tmp/int.mat" "$tmp/int.csv"
# Interrupt once training is under way (a few progress lines on stderr), not
# at a fixed time, so that a busy machine cannot make the check flaky.
"$NNWB" train $T --optimizer gd --lr 0.5 --iters 100000000 \
    --log "$tmp/int.csv" -o "$tmp/int.mat" >"$tmp/int.out" 2>"$tmp/int.err" &
pid=$!
for _ in $(seq 600); do
    [ "$(wc -l <"$tmp/int.err")" -ge 3 ] && break
    sleep 0.1
done
kill -INT "$pid"
wait "$pid"
rc=$?
rows=$(($(wc -l <"$tmp/int.csv" 2>/dev/null || echo 1) - 1))
if [ "$rc" = 130 ] && [ -s "$tmp/int.mat" ] && [ "$rows" -ge 2 ] &&
    grep -q "interrupted after" "$tmp/int.err" &&
    "$NNWB" eval --data "$tmp/train.mat" --weights "$tmp/int.mat" >/dev/null 2>&1; then
    ok "Ctrl-C: exit 130, weights written and loadable, log of $rows rows"
else
    not_ok "Ctrl-C: exit $rc, weights $([ -s "$tmp/int.mat" ] && echo written || echo missing), $rows log rows"
    tail -n 2 "$tmp/int.err" | sed 's/^/    /'
fi
if [ -n "$(find "$tmp" -name '*.nnwb-tmp-*')" ]; then
    not_ok "a temporary file was left behind: $(find "$tmp" -name '*.nnwb-tmp-*' | tr '\n' ' ')"
else
    ok "no temporary files left behind"
fi

# ---- digits20, when there ---------------------------------------------------------
# Issue #4's targets, from its "done when" table: each optimizer with its
# documented defaults. GD and Adam must reach 93% training accuracy. For CG
# (50 iterations, λ = 1) the issue asks 95%, the course's figure on its own
# ex4data1.mat; on digits20 the course's procedure itself reaches 94.2% on
# average, and nnwb's per-layer start 94.7% (tests/oracle/course_sweep.m, 20
# seeds each, plain Octave), so the check here is the low end of that
# independent range, 93.5%, and the figure is printed.
# accuracy_at_least NAME OUT MIN: the "training accuracy: A%" line of OUT is >= MIN
accuracy_at_least() {
    local acc
    acc=$(sed -n 's/^training accuracy: \([0-9.]*\)%$/\1/p' "$2")
    if [ -n "$acc" ] && awk -v a="$acc" -v m="$3" 'BEGIN { exit !(a >= m) }'; then
        ok "$1: training accuracy $acc% >= $3%$(sed -n 's/^test accuracy: \(.*\)$/, held out \1/p' "$2")"
    else
        not_ok "$1: training accuracy '$acc', expected at least $3%"
    fi
}
d20=$(data_path digits20.mat)
d20t=$(data_path digits20-test.mat)
if [ -n "$d20" ] && [ -n "$d20t" ]; then
    if "$NNWB" train --data "$d20" --test "$d20t" --quiet --log "$tmp/d20.csv" -o "$tmp/d20.mat" \
        >"$tmp/d20.out" 2>&1 &&
        awk -F, 'NR > 2 && $2 > prev { bad = 1 } NR > 1 { prev = $2 } END { exit bad || NR != 52 }' "$tmp/d20.csv"; then
        ok "digits20: 50 CG iterations (the default), cost never increases"
    else
        not_ok "digits20: CG run failed or its cost increased"; tail -n 3 "$tmp/d20.out" | sed 's/^/    /'
    fi
    if grep -q '^test accuracy: [0-9.]*%$' "$tmp/d20.out"; then
        ok "digits20: the held-out accuracy is printed ($(sed -n 's/^test accuracy: //p' "$tmp/d20.out"))"
    else
        not_ok "digits20: no test accuracy line"
    fi
    accuracy_at_least "digits20, cg defaults" "$tmp/d20.out" 93.5
    for opt in gd adam; do
        "$NNWB" train --data "$d20" --optimizer $opt --quiet -o "$tmp/d20$opt.mat" >"$tmp/d20$opt.out" 2>&1 ||
            not_ok "digits20: $opt run failed: $(tail -n 1 "$tmp/d20$opt.out")"
        accuracy_at_least "digits20, $opt defaults" "$tmp/d20$opt.out" 93
    done
else
    echo "skip - digits20.mat or digits20-test.mat not in DATA_DIR/NNWB_GEN_DIR"
fi

# ---- the course's own data, when there ------------------------------------------------
# docs/FACTS.md, "Published values": 50 iterations at λ = 1 give about 95.3%
# (±1% with the start) on ex4data1.mat; here the issue's 95% is checked against
# the low end, 94.3%.
e4=$(data_path ex4data1.mat)
if [ -n "$e4" ]; then
    "$NNWB" train --data "$e4" --quiet -o "$tmp/e4.mat" >"$tmp/e4.out" 2>&1 ||
        not_ok "ex4data1: cg run failed: $(tail -n 1 "$tmp/e4.out")"
    accuracy_at_least "ex4data1.mat, cg defaults (published about 95.3% ± 1%)" "$tmp/e4.out" 94.3
else
    echo "skip - ex4data1.mat not in DATA_DIR: the course's published training figure not checked"
fi

exit $failed
