#!/bin/sh
# ensure_data.sh - build digits20.mat and digits20-test.mat from the MNIST test
# set where they are missing, for make check and make test.
#   DATA_DIR=... BUILD=... NNWB=build/nnwb sh tools/ensure_data.sh
# They go into DATA_DIR when it is a folder with write permission (its owner
# bit: root can write anywhere, but a shared read-only copy says "no"), else
# into $BUILD/data (which the checks also read, as NNWB_GEN_DIR). Says what it did; never fails the caller
# for want of data: the checks then report their points as withheld.
set -u
DATA_DIR=${DATA_DIR:-data}
BUILD=${BUILD:-build}
NNWB=${NNWB:-$BUILD/nnwb}
images=$DATA_DIR/mnist/t10k-images-idx3-ubyte.gz
labels=$DATA_DIR/mnist/t10k-labels-idx1-ubyte.gz
[ -f "$DATA_DIR/digits20.mat" ] && [ -f "$DATA_DIR/digits20-test.mat" ] && exit 0
if [ ! -f "$images" ] || [ ! -f "$labels" ]; then
    [ -f "$DATA_DIR/digits20.mat" ] || [ -f "$BUILD/data/digits20.mat" ] ||
        echo "note: no digits20.mat and no MNIST files in DATA_DIR=$DATA_DIR: the data checks will be withheld (see README: Data)"
    exit 0
fi
out=$DATA_DIR
if [ -z "$(find "$DATA_DIR" -maxdepth 0 -type d -perm -u+w 2>/dev/null)" ] || [ ! -w "$DATA_DIR" ]; then
    out=$BUILD/data
fi
mkdir -p "$out"
for set in "digits20 500 0" "digits20-test 400 500"; do
    set -- $set
    [ -f "$out/$1.mat" ] && continue
    if "$NNWB" data mnist --images "$images" --labels "$labels" --per-class "$2" --offset "$3" -o "$out/$1.mat" >/dev/null; then
        echo "made $out/$1.mat from the MNIST test set"
    else
        echo "ensure_data.sh: could not make $out/$1.mat" >&2
    fi
done
exit 0
