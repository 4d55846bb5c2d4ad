#!/bin/sh
# handout.sh - `make handout`: the students' copy of the workbook, without the solutions.
#   sh tools/handout.sh OUT.tar.gz        (run from the workbook's folder, after make)
# Takes the tracked files of chapters/, lib/, exercises/ (the stubs), tests/, plots/,
# tools/, docs/FACTS.md (the facts the code's comments cite), the Makefile and README.md,
# and leaves out:
#   - solutions/;
#   - lib/nn_kernel.c, shipped as prebuilt/lib/nn_kernel.o because it holds chapters 5-6
#     vectorised, and lib/nn_simd.h, its vector helpers, which nothing else includes
#     (lib/nn_pool.c, its helper threads, ships as source: it computes nothing of the chapters);
#   - tests/mutants, tests/run_mutants.sh and tests/mutant.sh (the patches hold solution
#     lines), tests/hostile, tests/cli/grade.sh, tests/cli/handout.sh, and tests/excerpts.sh
#     with tests/numbers.awk (they check the text against the solutions and the mutants);
#   - the instructors' scale tools (the Gradescope package, the shard and Classroom tests).
# The reference solutions become prebuilt/chN_*.o (debug info stripped), which the Makefile
# links when solutions/ is absent, so each chapter is still graded on its own and build/nnwb
# still links. The code the chapters quote from the solutions (<!-- excerpt: ... --> blocks)
# is replaced by a note; the markers of their numbers (<!-- num/quote/out/run ... -->) stay,
# unseen, in the text. CLASSROOM=1 adds .github/workflows/classroom.yml (make classroom)
# and DATA_DIR's data (see below).
set -eu
out=${1:?usage: sh tools/handout.sh OUT.tar.gz}
BUILD=${BUILD:-build}
name=nnwb-student
stage=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-handout.XXXXXX")
trap 'rm -rf "$stage"' EXIT
dest=$stage/$name
mkdir -p "$dest/prebuilt"

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files --cached --others --exclude-standard Makefile README.md docs/FACTS.md chapters lib exercises tests plots tools)
else
    files=$(find Makefile README.md docs/FACTS.md chapters lib exercises tests plots tools -type f)
fi
in_git=0
git rev-parse --verify -q HEAD >/dev/null 2>&1 && in_git=1
echo "$files" | grep -v -e '^solutions/' -e '^lib/nn_kernel.c$' -e '^lib/nn_simd.h$' -e '^tests/mutants/' -e '^tests/run_mutants.sh$' \
    -e '^tests/hostile/' -e '^tests/cli/grade.sh$' -e '^tests/cli/handout.sh$' -e '^tests/excerpts.sh$' \
    -e '^tests/numbers.awk$' -e '^tests/mutant.sh$' \
    -e '^tools/handout.sh$' -e '^bench/grade_class.sh$' -e '^tools/gradescope/' -e '^tests/cli/gradescope.sh$' \
    -e '^tests/cli/shard.sh$' -e '^tests/cli/classroom.sh$' |
    while IFS= read -r f; do
        [ -f "$f" ] || continue
        mkdir -p "$dest/$(dirname "$f")"
        # The stubs as committed, never the instructor's working copy (which may be solved).
        case $f in
            exercises/*) if [ $in_git = 1 ] && git cat-file -e "HEAD:$f" 2>/dev/null; then
                             git show "HEAD:$f" >"$dest/$f"; continue
                         fi ;;
        esac
        cp -p "$f" "$dest/$f"
    done

# The students' README: without the instructors' section and what is not in the handout.
awk '/<!-- instructor/ { skip = 1; next } /<!-- \/instructor -->/ { skip = 0; next } !skip' README.md |
    grep -v '(not in the student handout)' >"$dest/README.md"

# The reference solutions as objects only.
n=0
for src in solutions/ch*.c; do
    obj=$BUILD/solutions/$(basename "$src" .c).o
    if [ ! -f "$obj" ]; then echo "handout.sh: $obj is missing (run make first)" >&2; exit 1; fi
    objcopy --strip-debug "$obj" "$dest/prebuilt/$(basename "$obj")"
    n=$((n + 1))
done
want=$(grep -c '^CHAPTER(' chapters/chapters.def)
[ "$n" = "$want" ] || { echo "handout.sh: expected $want solution objects (chapters/chapters.def), found $n" >&2; exit 1; }

# The fast kernel computes chapters 5-6 in vectorised form: it ships as an object too
# (compiled with lib/nn_simd.h; it calls lib/nn_pool.c, which the handout builds).
mkdir -p "$dest/prebuilt/lib"
[ -f "$BUILD/lib/nn_kernel.o" ] || { echo "handout.sh: $BUILD/lib/nn_kernel.o is missing (run make first)" >&2; exit 1; }
objcopy --strip-debug "$BUILD/lib/nn_kernel.o" "$dest/prebuilt/lib/nn_kernel.o"

# The chapters without the quoted solution code: the first quote of a chapter
# becomes a note in the chapter's language, the others go without one.
for md in $(find "$dest/chapters" -name '*.md'); do
    case $md in
        *.zh-CN.md) note='_（本章的参考代码只在教师版中：请在 exercises/ 中写出你自己的代码，然后运行 make check。）_' ;;
        *) note="_(This chapter's reference code is in the instructor's edition: write yours in exercises/ and run make check.)_" ;;
    esac
    awk -v note="$note" '/<!-- excerpt: solutions\// { if (!shown) print note; shown = 1; skip = 1; next }
         skip && /<!-- \/excerpt -->/ { skip = 0; next }
         !skip' "$md" >"$md.tmp"
    mv "$md.tmp" "$md"
done

# Refuse to ship anything that still holds solution text.
if grep -rIl -e 'excerpt: solutions/' -e '\[excerpt:' "$dest" >/dev/null 2>&1 || [ -e "$dest/solutions" ]; then
    echo "handout.sh: solution text left in the handout:" >&2
    grep -rIl -e 'excerpt: solutions/' -e '\[excerpt:' "$dest" >&2
    exit 1
fi

# CLASSROOM=1: GitHub Classroom's workflow (make classroom) and, from DATA_DIR, the
# data its checks need (ex4weights.mat and the MNIST test set, or digits20.mat).
if [ "${CLASSROOM:-}" = 1 ]; then
    wf=.github/workflows/classroom.yml
    [ -f "$wf" ] || { echo "handout.sh: $wf is missing (make classroom)" >&2; exit 1; }
    mkdir -p "$dest/.github/workflows"
    cp "$wf" "$dest/$wf"
    d=${DATA_DIR:-data}
    if [ -f "$d/ex4weights.mat" ]; then
        mkdir -p "$dest/data"
        cp "$d/ex4weights.mat" "$dest/data/"
        for f in digits20.mat mnist/t10k-images-idx3-ubyte.gz mnist/t10k-labels-idx1-ubyte.gz; do
            [ -f "$d/$f" ] || continue
            mkdir -p "$dest/data/$(dirname "$f")"
            cp "$d/$f" "$dest/data/$f"
        done
    else
        echo "handout.sh: note: no $d/ex4weights.mat: Classroom's runs will withhold the data checks' points (DATA_DIR=...)"
    fi
fi

mkdir -p "$(dirname "$out")"
tar -czf "$out.tmp" -C "$stage" "$name"
mv "$out.tmp" "$out"
echo "handout: $out ($(find "$dest" -type f | wc -l) files; solutions as prebuilt/*.o)"
