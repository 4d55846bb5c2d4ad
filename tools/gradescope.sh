#!/bin/sh
# gradescope.sh - `make gradescope`: the Gradescope autograder, a zip with at its root
#   setup.sh        tools/gradescope/setup.sh: packages, build, digits20 (run once per image)
#   run_autograder  tools/gradescope/run_autograder: grades one submission (run per submission)
#   packages.txt    the Makefile's GRADE_PKGS, which setup.sh installs
#   nnwb/           the sources the grader is built from (solutions included: setup.sh
#                   removes them from the image once they are built)
#   data/           from DATA_DIR: ex4weights.mat, the MNIST test set (mnist/t10k-*.gz) or
#                   digits20.mat, and ex4data1.mat when it is there
# as Gradescope's autograder specification asks (the files at the root of the zip,
# not in a folder). Usage, from the workbook's folder:
#   DATA_DIR=... GRADE_PKGS="..." sh tools/gradescope.sh OUT.zip
# Refuses in one line (and writes nothing) without the data: a package without it
# would withhold the data checks' points from every student.
set -eu
out=${1:?usage: sh tools/gradescope.sh OUT.zip}
DATA_DIR=${DATA_DIR:-data}
die() { echo "make gradescope: $*" >&2; exit 1; }

[ -n "${GRADE_PKGS:-}" ] || die "GRADE_PKGS is empty (run it through make gradescope)"
[ -d solutions ] || die "this is the student handout: the autograder is built from the instructor's edition"
command -v zip >/dev/null 2>&1 || die "zip is not installed (make deps)"
[ -f "$DATA_DIR/ex4weights.mat" ] || die "$DATA_DIR/ex4weights.mat not found: give DATA_DIR=the folder with the course's data"
if [ ! -f "$DATA_DIR/digits20.mat" ] && { [ ! -f "$DATA_DIR/mnist/t10k-images-idx3-ubyte.gz" ] ||
    [ ! -f "$DATA_DIR/mnist/t10k-labels-idx1-ubyte.gz" ]; }; then
    die "$DATA_DIR has neither mnist/t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz nor digits20.mat"
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-gradescope.XXXXXX")
trap 'rm -rf "$stage"' EXIT
pkg=$stage/pkg
mkdir -p "$pkg/nnwb" "$pkg/data"

# What `make build/nnwb kit` needs, as git tracks it (else as it is on disk).
parts="Makefile chapters/chapters.def lib exercises solutions tools tests/check tests/oracle"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    files=$(git ls-files --cached --others --exclude-standard $parts)
else
    # shellcheck disable=SC2086
    files=$(find $parts -type f)
fi
# tests/oracle: only its headers (the goldens); the Octave scripts stay home.
echo "$files" | awk '!/^tests\/oracle\// || /\.h$/' | while IFS= read -r f; do
    [ -f "$f" ] || continue
    mkdir -p "$pkg/nnwb/$(dirname "$f")"
    cp -p "$f" "$pkg/nnwb/$f"
done

cp tools/gradescope/setup.sh tools/gradescope/run_autograder "$pkg/"
chmod 755 "$pkg/setup.sh" "$pkg/run_autograder"
echo "$GRADE_PKGS" >"$pkg/packages.txt"

cp "$DATA_DIR/ex4weights.mat" "$pkg/data/"
for f in digits20.mat ex4data1.mat; do
    if [ -f "$DATA_DIR/$f" ]; then cp "$DATA_DIR/$f" "$pkg/data/"; fi
done
if [ -f "$DATA_DIR/mnist/t10k-images-idx3-ubyte.gz" ]; then
    mkdir -p "$pkg/data/mnist"
    cp "$DATA_DIR/mnist/t10k-images-idx3-ubyte.gz" "$DATA_DIR/mnist/t10k-labels-idx1-ubyte.gz" "$pkg/data/mnist/"
fi

mkdir -p "$(dirname "$out")"
(cd "$pkg" && zip -q -r -X "$stage/out.zip" .)
mv "$stage/out.zip" "$out"
echo "gradescope: $out ($(find "$pkg" -type f | wc -l) files; data: $(cd "$pkg/data" && find . -type f | sed 's|^\./||' | tr '\n' ' '))"
