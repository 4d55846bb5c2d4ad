#!/usr/bin/env bash
# setup.sh - Gradescope runs this once, as root, when it builds the autograder's
# image from dist/gradescope-autograder.zip (made by `make gradescope`, unpacked in
# /autograder/source). It
#   1. installs the Debian/Ubuntu packages of packages.txt (the Makefile's GRADE_PKGS);
#      NNWB_SETUP_APT=0 skips this step (the tests, or an image that has them);
#   2. builds the grader and the reference once: nnwb/build/nnwb and the kit;
#   3. builds digits20.mat from the MNIST test set in data/ (put there by make gradescope);
#   4. removes the solutions' source from the image and closes the grader's files to
#      other users, so that a submission graded without namespaces (run as an
#      unprivileged uid) can read only the kit and the data it is graded with.
# Every error is one line on stderr and a non-zero exit (the image build then fails).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
nnwb=$here/nnwb
data=$here/data
die() { echo "setup.sh: $*" >&2; exit 1; }

[ -f "$nnwb/Makefile" ] || die "$nnwb/Makefile is missing: unpack the zip made by make gradescope"
[ -f "$data/ex4weights.mat" ] || die "$data/ex4weights.mat is missing: make gradescope DATA_DIR=... puts it there"

if [ "${NNWB_SETUP_APT:-1}" != 0 ]; then
    [ -f "$here/packages.txt" ] || die "$here/packages.txt is missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || die "apt-get update failed"
    # shellcheck disable=SC2046 # one package a word
    apt-get install -y -qq --no-install-recommends $(cat "$here/packages.txt") || die "apt-get install failed"
fi

# The grader, the reference and the kit the workers are linked from.
# (a make that runs this script, as make test does, must not pass its own
# variables on: MAKEFLAGS and BUILD would move or sanitize the build)
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u BUILD -u PLAIN_BUILD -u SAN -u OPT \
    make -C "$nnwb" -s -j"$(nproc)" build/nnwb kit >"$here/build.log" 2>&1 ||
    die "building nnwb failed: $(tail -n 3 "$here/build.log" | tr '\n' ' ')"

# digits20 from the MNIST test set (tools/ensure_data.sh does the same for make check).
if [ ! -f "$data/digits20.mat" ]; then
    images=$data/mnist/t10k-images-idx3-ubyte.gz
    labels=$data/mnist/t10k-labels-idx1-ubyte.gz
    if [ ! -f "$images" ] || [ ! -f "$labels" ]; then
        die "$data has neither digits20.mat nor mnist/t10k-*-ubyte.gz"
    fi
    "$nnwb/build/nnwb" data mnist --images "$images" --labels "$labels" --per-class 500 \
        -o "$data/digits20.mat" >/dev/null || die "could not build $data/digits20.mat from MNIST"
fi

# No solution source in the image; the grader's tree readable by root only, but
# for the kit, the data and the folders on the way to them.
rm -rf "$nnwb/solutions"
chmod -R go-rwx "$nnwb"
chmod go+x "$here" "$nnwb" "$nnwb/build"
chmod -R go+rX "$nnwb/build/kit" "$data"
echo "setup.sh: nnwb built in $nnwb; data in $data: $(cd "$data" && find . -type f | sed 's|^\./||' | tr '\n' ' ')"
