#!/bin/sh
# excerpts.sh - keep what the workbook quotes equal to where it comes from: the
# code in the chapters to the reference solutions, and every number and
# transcript in the chapters and README.md to the command that prints it.
#
#   sh tests/excerpts.sh            check both; exit 1 on a mismatch
#   sh tests/excerpts.sh --update   rewrite the code and the numbers from their sources
#   sh tests/excerpts.sh --code     the code only (runs nothing)
#   sh tests/excerpts.sh --slow     also run the commands marked slow
#
# 1. CODE. A chapter quotes code like this (chapters/*/README*.md, chapters/*.md):
#
#   <!-- excerpt: solutions/ch4_forward.c forward -->
#   ```c
#   ...exactly the lines between the markers in the source...
#   ```
#   <!-- /excerpt -->
#
# and the source marks the lines with  /* [excerpt: forward] */  and
# /* [/excerpt] */  (each on a line of its own).
#
# 2. NUMBERS AND TRANSCRIPTS (chapters/ and README.md; tests/numbers.awk). The
# markers are HTML comments, which Markdown and HTML do not show. A file names
# its commands, each on a line of its own, anywhere in the file:
#
#   <!-- run eval1: build/nnwb eval --data data/digits20.mat --weights data/ex4weights.mat --lambda 1 -->
#   <!-- run peers slow: sh bench/peers.sh -->       (slow: only run with --slow)
#
# A command may span lines up to its -->. Each distinct command runs once per
# run of this script, in a scratch folder ($BUILD/excerpts/run) that holds the
# repository's files (linked), build/ and data/: data/ has DATA_DIR's files and
# digits20*.mat, so commands are written as a reader types them (data/, never a
# machine's own path), and a command may read what an earlier one wrote there
# (weights.mat), in the order of the files and of the markers. DATA_DIR,
# NNWB_GEN_DIR (both data) and BUILD are set; only stdout is compared. Then:
#
#   <!-- num eval1 "accuracy:" *100 -->91.56%<!-- /num -->
#       a value: the first number of the marked text is the first number after
#       the text "accuracy:" in eval1's output (times 100);
#   <!-- quote ch5-mutant -->`expected 3.647041256, got 3.460510556`<!-- /quote -->
#       a quote: each `code span` of the marked text (or all of it, if it has
#       none) is somewhere in the output; blanks match any blanks, line ends
#       included; … stands for any text;
#   <!-- out train1 -->            a transcript: a fenced block (or the rows of a
#   ```text                        table) that is the output, line for line;
#   ...                            "$ COMMAND" lines run COMMAND and are followed
#   ```                            by its output; a line that is only … stands
#   <!-- /out -->                  for any lines; "part" after the name: the lines
#                                  are consecutive lines somewhere in the output.
#
# Every number in a value, quote or transcript is compared, to a tolerance
# written after the name: none means "as rounded" (the output's value rounded
# to the digits the text shows: 0.540 holds for 0.540146); exact (the same
# characters); ~ or ~F (within a factor F, default 1.5: for a value that
# depends on the BLAS, such as a gradient check's 2.2e-11, quoted as "about");
# rel=R or abs=A; and time: a timing, whose value is never compared (a timing
# must not make a test fail) and which --update leaves as written; its row is
# looked for in the output (make bench's rows), and a row this machine does not
# print (no AVX-512, another number of cores) is noted, not failed. TOL@WORD applies TOL to the lines
# of a transcript that contain WORD. An inline marker must not start a line
# (Markdown would take it for an HTML block) and must not hold "--" (GitHub
# would show it); a run or out marker starts its line. --update rewrites each
# wrong number from the output (a transcript without … whole); a quote whose
# words no longer match is reported, for a person to rewrite. The run prints
# how many numbers, quotes and transcripts it checked in each file.
#
# Numbers are skipped, with one line, without the data (ex4weights.mat in
# DATA_DIR and digits20*.mat in DATA_DIR or NNWB_GEN_DIR), under `make
# sanitize` (TEST_SAN), and in the student handout (no solutions/).
# Only POSIX sh and awk.
set -u
mode=check
what=all
slow=0
for arg in "$@"; do
    case $arg in
        --update) mode=update ;;
        --code) what=code ;;
        --slow) slow=1 ;;
        -h|--help) sed -n '2,/^# Only POSIX/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "excerpts.sh: unknown option '$arg' (--update, --code, --slow)" >&2; exit 2 ;;
    esac
done
cd "$(dirname "$0")/.." || exit 2

status=0
blocks=0
files=0
for md in chapters/*/README*.md chapters/*.md; do
    [ -f "$md" ] || continue
    grep -q '^<!-- excerpt: ' "$md" || continue
    files=$((files + 1))
    tmp="$md.excerpts.tmp"
    # awk prints the (updated) Markdown on stdout, messages on stderr, and
    # "BLOCKS n" as its last stderr line.
    awk -v md="$md" -v mode="$mode" '
    function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
    # Read the lines of excerpt name from src into src_line[1..n]; return n,
    # or -1 (with a message) if the file or the excerpt is missing.
    function load(src, name,    line, inside, n, rc, found) {
        n = 0; inside = 0; found = 0
        while ((rc = (getline line < src)) > 0) {
            if (!inside && trim(line) == "/* [excerpt: " name "] */") { inside = 1; found = 1; continue }
            if (inside && trim(line) == "/* [/excerpt] */") { inside = 0; break }
            if (inside) src_line[++n] = line
        }
        close(src)
        if (rc < 0) { printf "%s: excerpt %s: cannot read %s\n", md, name, src > "/dev/stderr"; return -1 }
        if (!found) { printf "%s: excerpt %s: no /* [excerpt: %s] */ marker in %s\n", md, name, name, src > "/dev/stderr"; return -1 }
        if (inside) { printf "%s: excerpt %s: %s has no /* [/excerpt] */ after it\n", md, name, src > "/dev/stderr"; return -1 }
        return n
    }
    function flush_block(    i, n, shown) {
        blocks++
        n = load(src, name)
        if (n < 0) { bad = 1; for (i = 1; i <= nb; i++) print body[i]; return }
        if (mode == "update") {
            for (i = 1; i <= n; i++) print src_line[i]
            return
        }
        for (i = 1; i <= nb; i++) print body[i]
        for (i = 1; i <= n || i <= nb; i++) {
            if (i > n || i > nb || body[i] != src_line[i]) {
                printf "%s: excerpt %s (%s, block at line %d) differs from the source at line %d of the block:\n", \
                    md, name, src, start, i > "/dev/stderr"
                printf "    in the chapter: %s\n", (i <= nb ? body[i] : "(the block ends here)") > "/dev/stderr"
                printf "    in the source:  %s\n", (i <= n ? src_line[i] : "(the excerpt ends here)") > "/dev/stderr"
                bad = 1
                return
            }
        }
    }
    BEGIN { state = 0; bad = 0; blocks = 0 }
    {
        line = $0
        if (state == 0) {
            print line
            if (line ~ /^<!-- excerpt: [^ ]+ [^ ]+ -->[ \t\r]*$/) {
                split(line, w, " "); src = w[3]; name = w[4]; start = NR; state = 1
            }
            next
        }
        if (state == 1) {       # expect the opening fence
            print line
            if (line !~ /^```c[ \t\r]*$/) {
                printf "%s:%d: excerpt %s: expected a ```c line after the marker\n", md, NR, name > "/dev/stderr"
                bad = 1; state = 0
            } else { state = 2; nb = 0 }
            next
        }
        if (state == 2) {       # inside the code
            if (line ~ /^```[ \t\r]*$/) { flush_block(); print line; state = 3 }
            else body[++nb] = line
            next
        }
        if (state == 3) {       # expect the closing marker
            print line
            if (line !~ /^<!-- \/excerpt -->[ \t\r]*$/) {
                printf "%s:%d: excerpt %s: expected <!-- /excerpt --> after the code\n", md, NR, name > "/dev/stderr"
                bad = 1
            }
            state = 0
            next
        }
    }
    END {
        if (state == 1 || state == 2) {
            printf "%s: excerpt %s (line %d) is not closed\n", md, name, start > "/dev/stderr"
            if (state == 2) for (i = 1; i <= nb; i++) print body[i]
            bad = 1
        }
        printf "BLOCKS %d\n", blocks > "/dev/stderr"
        exit bad
    }' "$md" >"$tmp" 2>"$tmp.err"
    rc=$?
    grep -v '^BLOCKS ' "$tmp.err" >&2
    n=$(sed -n 's/^BLOCKS //p' "$tmp.err")
    blocks=$((blocks + ${n:-0}))
    [ $rc -ne 0 ] && status=1
    if [ "$mode" = update ] && [ $rc -eq 0 ] && ! cmp -s "$tmp" "$md"; then
        mv "$tmp" "$md" && echo "updated $md"
    fi
    rm -f "$tmp" "$tmp.err"
done

if [ $status -ne 0 ]; then
    if [ "$mode" = check ]; then
        echo "excerpts: FAILED. Run 'make excerpts' (sh tests/excerpts.sh --update) to copy the solutions' text into the chapters." >&2
    else
        echo "excerpts: some blocks could not be updated (see above)" >&2
    fi
    code_status=1
else
    echo "excerpts: $blocks blocks in $files files $( [ "$mode" = check ] && echo "match their sources" || echo "are up to date")"
    code_status=0
fi
[ "$what" = code ] && exit $code_status

# ---- 2. numbers and transcripts --------------------------------------------------
BUILD=${BUILD:-build}
DATA_DIR=${DATA_DIR:-data}
NNWB_GEN_DIR=${NNWB_GEN_DIR:-$BUILD/data}
NNWB=${NNWB:-$BUILD/nnwb}
skip() { echo "numbers: not checked: $*"; exit $code_status; }
[ -d solutions ] || skip "this is the student handout (no solutions/)"
[ -z "${TEST_SAN:-}" ] || skip "under the sanitizers (make test checks them)"
[ -x "$NNWB" ] || { echo "numbers: $NNWB is not built (run make)" >&2; exit 1; }
[ -f "$DATA_DIR/ex4weights.mat" ] || skip "no ex4weights.mat in DATA_DIR=$DATA_DIR"
digits=
for d in "$DATA_DIR" "$NNWB_GEN_DIR"; do
    [ -f "$d/digits20.mat" ] && [ -f "$d/digits20-test.mat" ] && { digits=$d; break; }
done
[ -n "$digits" ] || skip "no digits20.mat and digits20-test.mat in DATA_DIR or NNWB_GEN_DIR (make data)"

root=$(pwd)
abs() { (cd "$1" && pwd); }
scratch=$BUILD/excerpts
rm -rf "$scratch"
mkdir -p "$scratch/run/data" "$scratch/out" || exit 2
run=$(abs "$scratch/run")
build_abs=$(abs "$BUILD")
for f in "$root"/*; do
    case ${f##*/} in data|build) continue ;; esac
    [ "$f" -ef "$build_abs" ] && continue
    ln -s "$f" "$run/${f##*/}"
done
ln -s "$build_abs" "$run/build"
data_abs=$(abs "$DATA_DIR")
for f in "$data_abs"/*; do [ -e "$f" ] && ln -s "$f" "$run/data/${f##*/}"; done
digits_abs=$(abs "$digits")
for f in digits20.mat digits20-test.mat; do ln -sf "$digits_abs/$f" "$run/data/$f"; done
[ -n "${NNWB_KIT:-}" ] && [ -d "$NNWB_KIT" ] && NNWB_KIT=$(abs "$NNWB_KIT") && export NNWB_KIT

# The files in reading order: the README, the overview, then each chapter, English first.
mds="README.md chapters/OVERVIEW.md chapters/OVERVIEW.zh-CN.md"
for d in chapters/[0-9]*/; do
    for f in "${d}README.md" "${d}README.zh-CN.md"; do [ -f "$f" ] && mds="$mds $f"; done
done
# shellcheck disable=SC2086
DATA_DIR=data NNWB_GEN_DIR=data BUILD=build NNWB=build/nnwb \
    awk -v mode="$mode" -v run="$run" -v outdir="$(abs "$scratch/out")" -v slow="$slow" -f tests/numbers.awk $mds
num_status=$?
if [ $num_status -ne 0 ] && [ "$mode" = check ]; then
    echo "numbers: FAILED. A number or transcript differs from what its command prints now: fix the" \
        "text, or run 'sh tests/excerpts.sh --update' to copy the new numbers in (then read the sentences around them)." >&2
fi
[ $code_status -eq 0 ] && [ $num_status -eq 0 ]
