#!/usr/bin/env bash
# fashion.sh - `nnwb data mnist` reads Debian's dataset-fashion-mnist (real IDX
# files, 28×28, classes 0..9) as it reads MNIST: 784-input sets with --size 28
# and course-style 20×20 sets by default; a few steps of training run on it.
# Skips (ok, with the reason) when the package is not installed.
set -u
. "$(dirname "$0")/common.bash"
F=${FASHION:-/usr/share/datasets/fashion-mnist}

if [ ! -f "$F/t10k-images-idx3-ubyte.gz" ]; then
    ok "skipped: $F/t10k-images-idx3-ubyte.gz not found (apt-get install dataset-fashion-mnist)"
    exit 0
fi
need_nnwb
scratch fashion

for size in 28 20; do
    out=$("$NNWB" data mnist --images "$F/t10k-images-idx3-ubyte.gz" --labels "$F/t10k-labels-idx1-ubyte.gz" \
        --per-class 30 --size "$size" -o "$tmp/f$size.mat" 2>&1)
    want="300 examples, $((size * size)) inputs"
    case $out in
        *"$want"*) ok "Fashion-MNIST test set, 30 per class, --size $size: $want" ;;
        *) not_ok "Fashion-MNIST --size $size: expected '$want', got: $out" ;;
    esac
done
if "$NNWB" train --data "$tmp/f28.mat" --hidden 16 --iters 5 --quiet -o "$tmp/w.mat" >"$tmp/train.txt" 2>&1 &&
    "$NNWB" eval --data "$tmp/f28.mat" --weights "$tmp/w.mat" | grep -q '^inputs: 784$'; then
    ok "nnwb train at 784-16-10 on it, and eval of the weights ($(grep 'training accuracy' "$tmp/train.txt"))"
else
    not_ok "training on Fashion-MNIST: $(tail -2 "$tmp/train.txt")"
fi
exit $failed
