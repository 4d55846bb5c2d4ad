#!/bin/sh
# make_plots.sh - `make plots`: the lecture set of figures on digits20, each
# as PNG and SVG, in English in plots/out/en and in Chinese in plots/out/zh
# (both every time; git-ignored: figures made from data are never committed).
# The training runs, logs and weights they come from go to $BUILD/plots,
# once for both languages, so a lecturer can redraw one figure with its own
# script:
#     gnuplot -e "in='build/plots/cg-l1.csv'; out='cost.png'" plots/cost.gp
#
# Environment:
#   BUILD       build directory holding nnwb (default build)
#   DATA_DIR    where digits20.mat and digits20-test.mat are, or MNIST's
#               mnist/t10k-*.gz to build them from (into $BUILD/data),
#               and ex4weights.mat for its hidden units and predictions
#               (default data)
#   NNWB_GEN_DIR  another place to look for digits20 (default $BUILD/data)
#   QUICK=1     a reduced set in seconds (few iterations), for tests
#   LOGY=1      logarithmic cost axes
#   PLOTS_OUT   where the figures go (default plots/out; en/ and zh/ in it)
#   PLOTS_WORK  where the runs behind them go (default $BUILD/plots)
# Exits non-zero, after saying which, if any figure could not be drawn.
set -u
BUILD=${BUILD:-build}
DATA_DIR=${DATA_DIR:-data}
NNWB_GEN_DIR=${NNWB_GEN_DIR:-$BUILD/data}
QUICK=${QUICK:-}
LOGY=${LOGY:-}
OUT=${PLOTS_OUT:-plots/out}
NNWB=$BUILD/nnwb
WORK=${PLOTS_WORK:-$BUILD/plots}

die() { echo "make plots: $*" >&2; exit 1; }
[ -x "$NNWB" ] || die "$NNWB is not built (make $NNWB)"
mkdir -p "$OUT" "$WORK" || die "cannot create $OUT and $WORK"

# ---- the data -------------------------------------------------------------
find_data() { # the first directory holding $1
    for d in "$DATA_DIR" "$NNWB_GEN_DIR"; do
        [ -f "$d/$1" ] && { echo "$d"; return; }
    done
}
if [ -z "$(find_data digits20.mat)" ] || [ -z "$(find_data digits20-test.mat)" ]; then
    mnist=$DATA_DIR/mnist
    [ -f "$mnist/t10k-images-idx3-ubyte.gz" ] ||
        die "no digits20.mat in $DATA_DIR or $NNWB_GEN_DIR, and no MNIST in $mnist to build it from (make data)"
    mkdir -p "$BUILD/data"
    for set in "digits20 500 0" "digits20-test 400 500"; do
        set -- $set
        [ -f "$BUILD/data/$1.mat" ] && continue
        "$NNWB" data mnist --images "$mnist/t10k-images-idx3-ubyte.gz" \
            --labels "$mnist/t10k-labels-idx1-ubyte.gz" --per-class "$2" --offset "$3" \
            -o "$BUILD/data/$1.mat" >/dev/null || die "building $BUILD/data/$1.mat from MNIST"
    done
    NNWB_GEN_DIR=$BUILD/data
fi
TRAIN=$(find_data digits20.mat)/digits20.mat
TEST=$(find_data digits20-test.mat)/digits20-test.mat

# ---- settings ---------------------------------------------------------------
if [ -n "$QUICK" ]; then
    CG_ITERS=10; GD_ITERS=30; ADAM_EPOCHS=3; LC_SIZES=4; LC_ITERS=10; ymin=
else
    # The accuracy axis starts at 50%: the first few iterations, near 10%, would
    # squeeze the part worth seeing.
    CG_ITERS=100; GD_ITERS=1000; ADAM_EPOCHS=20; LC_SIZES=10; LC_ITERS=50; ymin="--ymin 50"
fi
logy=""
[ -n "$LOGY" ] && logy="--logy"
EX4=
[ -f "$DATA_DIR/ex4weights.mat" ] && EX4=$DATA_DIR/ex4weights.mat

# say EN ZH: the text in the language being drawn ($L).
say() { if [ "$L" = zh ]; then echo "$2"; else echo "$1"; fi; }

failed=0
# fig NAME KIND ARGS...: draw $OUT/$L/NAME.png and .svg with nnwb plot KIND.
fig() {
    name=$1; shift
    for ext in png svg; do
        "$NNWB" plot "$@" --lang "$L" -o "$OUT/$L/$name.$ext" >/dev/null ||
            { failed=$((failed + 1)); return; }
    done
}
# train NAME ARGS...: one logged training run into $WORK/NAME.{csv,mat}.
train() {
    name=$1; shift
    "$NNWB" train --data "$TRAIN" --test "$TEST" --quiet --log "$WORK/$name.csv" \
        -o "$WORK/$name.mat" "$@" >/dev/null || die "nnwb train $* failed"
}

start=$(date +%s)
echo "make plots: $TRAIN (held out: $TEST) -> $OUT/en and $OUT/zh${QUICK:+ (QUICK)}"

# ---- the runs, once for both languages ---------------------------------------
# Cost and accuracy: CG at λ = 0, 1, 3; GD, Adam and CG at λ = 1.
for l in 0 1 3; do train "cg-l$l" --optimizer cg --lambda "$l" --iters "$CG_ITERS"; done
train gd-l1 --optimizer gd --lambda 1 --iters "$GD_ITERS"
train adam-l1 --optimizer adam --lambda 1 --iters "$ADAM_EPOCHS"
# The confusion matrix of the λ = 1 network on the held-out set.
"$NNWB" predict --data "$TEST" --weights "$WORK/cg-l1.mat" --confusion "$WORK/confusion.csv" >/dev/null ||
    die "nnwb predict failed"
# A gradient check on the course's debug network.
"$NNWB" gradcheck --csv "$WORK/gradcheck.csv" >/dev/null || die "nnwb gradcheck failed"
# The learning curve: CG with a fixed number of iterations on growing subsets.
"$NNWB" plot learning --data "$TRAIN" --test "$TEST" --sizes "$LC_SIZES" --iters "$LC_ITERS" \
    -o "$WORK/learning.csv" >/dev/null || die "nnwb plot learning failed"

# ---- the figures, in each language -----------------------------------------------
figures() {
    # Chapters 5 and 8: the cost of CG for three λ.
    fig cost-lambda cost $logy --title "$(say "Cost during training: conjugate gradient, λ = 0, 1, 3" \
        "训练过程中的代价：共轭梯度，λ = 0、1、3")" \
        --log "$WORK/cg-l0.csv" --label "λ = 0" --log "$WORK/cg-l1.csv" --label "λ = 1" \
        --log "$WORK/cg-l3.csv" --label "λ = 3"
    # Chapter 8: three optimizers against the work they do (evaluations of J
    # and its gradient, which do not change from run to run as seconds do).
    fig cost-optimizers cost $logy --x evaluations --logx \
        --title "$(say "Three optimizers at λ = 1: cost against work" "λ = 1 时的三种优化器：代价随计算量的变化")" \
        --log "$WORK/gd-l1.csv" --label "$(say "gradient descent ($GD_ITERS steps)" "梯度下降（$GD_ITERS 步）")" \
        --log "$WORK/adam-l1.csv" --label "$(say "Adam ($ADAM_EPOCHS epochs)" "Adam（$ADAM_EPOCHS 轮）")" \
        --log "$WORK/cg-l1.csv" --label "$(say "conjugate gradient ($CG_ITERS iterations)" "共轭梯度（$CG_ITERS 次迭代）")"
    # Chapter 8: overfitting, and λ narrowing it (a panel for λ = 0 and for λ = 3).
    fig accuracy accuracy $ymin --title "$(say "Overfitting and λ: conjugate gradient, $CG_ITERS iterations" \
        "过拟合与 λ：共轭梯度，$CG_ITERS 次迭代")" \
        --log "$WORK/cg-l0.csv" --label "λ = 0" --log "$WORK/cg-l3.csv" --label "λ = 3"
    # Chapter 1: sample digits with their labels.
    fig digits digits --data "$TRAIN" --title "$(say "100 digits of digits20 with their labels" \
        "digits20 中的 100 个数字及其标签")"
    # Chapter 4: what a network predicts for them, wrong ones in red: the
    # course's weights if present, else the λ = 1 network on held-out digits.
    if [ -n "$EX4" ]; then
        fig predictions digits --data "$TRAIN" --weights "$EX4" --title "$(say \
            "Predictions of the course's ex4weights.mat on digits20" "课程的 ex4weights.mat 对 digits20 的预测")"
    else
        fig predictions digits --data "$TEST" --weights "$WORK/cg-l1.mat" --title "$(say \
            "Predictions of CG, λ = 1, on held-out digits" "共轭梯度（λ = 1）对留出数字的预测")"
    fi
    # Chapter 4: the hidden units of the course's weights; chapter 8: of ours.
    if [ -n "$EX4" ]; then
        fig hidden-ex4weights hidden --weights "$EX4" --title "$(say \
            "Hidden units of the course's ex4weights.mat" "课程提供的 ex4weights.mat 的隐藏单元")"
    fi
    fig hidden-trained hidden --weights "$WORK/cg-l1.mat" --title "$(say \
        "Hidden units after training: CG, λ = 1, $CG_ITERS iterations" \
        "训练后的隐藏单元：共轭梯度，λ = 1，$CG_ITERS 次迭代")"
    # Chapters 6 and 8: what the λ = 1 network confuses on the held-out set.
    fig confusion confusion --csv "$WORK/confusion.csv"
    # Chapter 7: numerical against backprop gradient.
    fig gradcheck gradcheck --csv "$WORK/gradcheck.csv"
    # Chapter 8: the learning curve.
    fig learning learning --csv "$WORK/learning.csv" --title "$(say \
        "Learning curve: CG, λ = 1, $LC_ITERS iterations for each size" \
        "学习曲线：共轭梯度，λ = 1，每个规模 $LC_ITERS 次迭代")"
}
for L in en zh; do
    mkdir -p "$OUT/$L" || die "cannot create $OUT/$L"
    figures
done
# Figures drawn straight into $OUT before it had a folder per language.
for name in cost-lambda cost-optimizers accuracy digits hidden hidden-ex4weights confusion gradcheck learning; do
    rm -f "$OUT/$name.png" "$OUT/$name.svg"
done

echo "make plots: $(ls "$OUT/en" | wc -l) files in $OUT/en, $(ls "$OUT/zh" | wc -l) in $OUT/zh, $(($(date +%s) - start)) s"
[ "$failed" = 0 ] || die "$failed figure(s) failed"
