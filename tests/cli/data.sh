#!/usr/bin/env bash
# data.sh - checks of `nnwb data mnist` from the outside: bad inputs fail with
# exit status != 0, exactly one line on stderr naming the file or option, and
# no output file; good inputs convert. Prints "ok - ..." / "not ok - ..." per
# case and exits non-zero if any failed.
#
# Environment: BUILD (default build; runs $BUILD/nnwb), DATA_DIR (optional:
# when it holds mnist/t10k-*.gz the real conversion runs too, into a temporary
# directory; with octave-cli installed the result is loaded and checked).
set -u

. "$(dirname "$0")/common.bash"
DATA_DIR=${DATA_DIR:-}
need_nnwb
scratch data

# ---- fixtures: tiny IDX files, written byte by byte ---------------------
be32() { # the 4 big-endian bytes of $1
    printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) \
        $(($1 >> 8 & 255)) $(($1 & 255)))"
}
bytes() { # $1 bytes: k*37 mod 256 for k = 0, 1, ...
    local k
    for ((k = 0; k < $1; k++)); do printf "$(printf '\\x%02x' $((k * 37 % 256)))"; done
}
images_file() { # magic count rows cols payload_bytes
    be32 "$1"; be32 "$2"; be32 "$3"; be32 "$4"; bytes "$5"
}
labels_file() { # count: labels 0..9 repeating
    local k
    be32 2049; be32 "$1"
    for ((k = 0; k < $1; k++)); do printf "$(printf '\\x%02x' $((k % 10)))"; done
}

images_file 2051 30 3 3 270 >"$tmp/img.idx"            # 30 images of 3×3
gzip -c "$tmp/img.idx" >"$tmp/img.idx.gz"
labels_file 30 >"$tmp/lab.idx"
gzip -c "$tmp/lab.idx" >"$tmp/lab.idx.gz"
images_file 3331 30 3 3 270 >"$tmp/magic.idx"           # magic 0x00000d03
images_file 2051 300 28 28 0 >"$tmp/big.idx"
bytes 20000 >>"$tmp/big.idx"                            # 300 images promised, 25 there
gzip -c "$tmp/big.idx" >"$tmp/big.idx.gz"
gzip -c "$tmp/img.idx" | head -c 40 >"$tmp/cut.idx.gz"  # the gzip stream ends early
labels_file 20 >"$tmp/lab20.idx"
images_file 2051 30 3 3 273 >"$tmp/trailing.idx"        # 3 bytes too many

# ---- failing cases ------------------------------------------------------
# expect_fail (common.bash) NAME error NEEDLE data ARGS: an error naming NEEDLE, nothing left at $tmp/out*.

OUT=$tmp/out.mat
expect_fail "missing images file" error "$tmp/nope.idx.gz" \
    data mnist --images "$tmp/nope.idx.gz" --labels "$tmp/lab.idx" --per-class 1 -o "$OUT"
expect_fail "missing labels file" error "$tmp/nope-labels.idx" \
    data mnist --images "$tmp/img.idx" --labels "$tmp/nope-labels.idx" --per-class 1 -o "$OUT"
expect_fail "wrong magic number" error "$tmp/magic.idx" \
    data mnist --images "$tmp/magic.idx" --labels "$tmp/lab.idx" --per-class 1 -o "$OUT"
expect_fail "truncated .gz (stream ends early)" error "$tmp/cut.idx.gz" \
    data mnist --images "$tmp/cut.idx.gz" --labels "$tmp/lab.idx" --per-class 1 -o "$OUT"
expect_fail "truncated payload in a .gz" error "$tmp/big.idx.gz" \
    data mnist --images "$tmp/big.idx.gz" --labels "$tmp/lab.idx" --per-class 1 -o "$OUT"
expect_fail "trailing bytes" error "$tmp/trailing.idx" \
    data mnist --images "$tmp/trailing.idx" --labels "$tmp/lab.idx" --per-class 1 -o "$OUT"
expect_fail "labels file given as images" error "$tmp/lab.idx.gz" \
    data mnist --images "$tmp/lab.idx.gz" --labels "$tmp/lab.idx" --per-class 1 -o "$OUT"
expect_fail "images file given as labels" error "$tmp/img.idx.gz" \
    data mnist --images "$tmp/img.idx" --labels "$tmp/img.idx.gz" --per-class 1 -o "$OUT"
expect_fail "30 images, 20 labels" error "$tmp/lab20.idx" \
    data mnist --images "$tmp/img.idx" --labels "$tmp/lab20.idx" --per-class 1 -o "$OUT"
expect_fail "offset leaves a digit empty" error "digit 0" \
    data mnist --images "$tmp/img.idx" --labels "$tmp/lab.idx" --per-class 1 --offset 3 -o "$OUT"
for n in 0 -1 abc 3x ""; do
    expect_fail "--per-class '$n'" error "--per-class" \
        data mnist --images "$tmp/img.idx" --labels "$tmp/lab.idx" --per-class "$n" -o "$OUT"
done
expect_fail "--offset -2" error "--offset" \
    data mnist --images "$tmp/img.idx" --labels "$tmp/lab.idx" --per-class 1 --offset -2 -o "$OUT"
expect_fail "--size 0" error "--size" \
    data mnist --images "$tmp/img.idx" --labels "$tmp/lab.idx" --per-class 1 --size 0 -o "$OUT"
expect_fail "missing -o" error "-o" \
    data mnist --images "$tmp/img.idx" --labels "$tmp/lab.idx" --per-class 1
expect_fail "-o without a value" error "-o" \
    data mnist --images "$tmp/img.idx" --labels "$tmp/lab.idx" --per-class 1 -o
expect_fail "missing --per-class" error "--per-class" \
    data mnist --images "$tmp/img.idx" --labels "$tmp/lab.idx" -o "$OUT"
expect_fail "unknown option" error "--colour" \
    data mnist --images "$tmp/img.idx" --labels "$tmp/lab.idx" --per-class 1 --colour -o "$OUT"
expect_fail "unknown source" error "emnist" \
    data emnist --images "$tmp/img.idx" --labels "$tmp/lab.idx" --per-class 1 -o "$OUT"
expect_fail "output directory missing" error "$tmp/no-such-dir/out.mat" \
    data mnist --images "$tmp/img.idx" --labels "$tmp/lab.idx" --per-class 1 -o "$tmp/no-such-dir/out.mat"

# ---- succeeding cases ---------------------------------------------------
if "$NNWB" data --help >"$tmp/stdout" 2>"$tmp/stderr" && grep -q "^usage: nnwb data" "$tmp/stdout" &&
    [ ! -s "$tmp/stderr" ]; then
    ok "--help prints usage on stdout and exits 0"
else
    not_ok "--help: exit status, stdout or stderr wrong"
fi

# expect_ok NAME NEEDLE ARGS...: exit 0, nothing on stderr, NEEDLE on stdout, $OUT exists.
expect_ok() {
    local name=$1 needle=$2
    shift 2
    rm -f "$tmp"/out*
    if "$NNWB" data "$@" >"$tmp/stdout" 2>"$tmp/stderr" && [ ! -s "$tmp/stderr" ] &&
        grep -qF -- "$needle" "$tmp/stdout" && [ -s "$OUT" ]; then
        ok "$name ($(head -1 "$tmp/stdout"))"
    else
        not_ok "$name: $(cat "$tmp/stdout" "$tmp/stderr" | head -c 400)"
    fi
}
expect_ok "plain IDX, 3×3 images enlarged to 20×20" "30 examples, 400 inputs" \
    mnist --images "$tmp/img.idx" --labels "$tmp/lab.idx" --per-class 3 -o "$OUT"
expect_ok "gzipped IDX, --size 3 (no resize), --offset 1" "20 examples, 9 inputs" \
    mnist --images "$tmp/img.idx.gz" --labels "$tmp/lab.idx.gz" --per-class 5 --offset 1 --size 3 -o "$OUT"

# ---- the real MNIST test set --------------------------------------------
IMAGES=$DATA_DIR/mnist/t10k-images-idx3-ubyte.gz
LABELS=$DATA_DIR/mnist/t10k-labels-idx1-ubyte.gz
if [ -n "$DATA_DIR" ] && [ -r "$IMAGES" ] && [ -r "$LABELS" ]; then
    head -c 1000000 "$IMAGES" >"$tmp/t10k-cut.gz"
    expect_fail "real images .gz cut at 1 MB" error "$tmp/t10k-cut.gz" \
        data mnist --images "$tmp/t10k-cut.gz" --labels "$LABELS" --per-class 500 -o "$OUT"
    OUT=$tmp/digits20.mat
    expect_ok "MNIST → digits20" "5000 examples, 400 inputs" \
        mnist --images "$IMAGES" --labels "$LABELS" --per-class 500 -o "$OUT"
    if command -v octave-cli >/dev/null 2>&1 && [ -s "$OUT" ]; then
        got=$(octave-cli --no-gui --quiet --eval \
            "d = load('$OUT'); printf('%d %d %s %.3f %.3f %d\n', size(d.X), class(d.y), min(d.X(:)), max(d.X(:)), sum(d.y == 10))" 2>/dev/null |
            grep -v execution_exception)
        want="5000 400 uint8 -0.146 1.123 500"
        if [ "$got" = "$want" ]; then
            ok "Octave loads digits20.mat: size(X), class(y), min, max, count of 10s = $got"
        else
            not_ok "Octave on digits20.mat: got '$got', expected '$want'"
        fi
    else
        echo "ok - # SKIP loading digits20.mat in Octave (octave-cli not installed)"
    fi
    OUT=$tmp/digits20-test.mat
    expect_ok "MNIST → held-out set (392 fives)" "3992 examples, 400 inputs" \
        mnist --images "$IMAGES" --labels "$LABELS" --per-class 400 --offset 500 -o "$OUT"
else
    echo "ok - # SKIP the real conversion (no mnist/t10k-*.gz in DATA_DIR='$DATA_DIR')"
fi

exit $failed
