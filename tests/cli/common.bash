# common.bash - what the command-line test scripts share. Sourced, not run
# (tests/run_tests.sh runs only tests/cli/*.sh):
#     . "$(dirname "$0")/common.bash"
# Sets BUILD (default build), NNWB and failed=0, and defines:
#   ok MSG / not_ok MSG   print "ok - MSG" / "not ok - MSG" (the latter sets failed=1)
#   need_nnwb             stop with a failure if $NNWB is not built
#   scratch NAME          make $tmp, a scratch folder removed when the script exits
#   data_path FILE        $DATA_DIR/FILE, else $NNWB_GEN_DIR/FILE, else nothing
#   CHAPTERS              the chapter numbers of chapters/chapters.def ("1 2 ... 8")
#   chapter_row EACH      one gradebook row: EACH (e.g. 0.00) for every chapter, then the total
#   full_row              the reference's row: every chapter's points, then 100.00
#   expect_fail NAME STATUS NEEDLE ARGS...
#                         $NNWB ARGS must exit with STATUS ("error": any of 1..125), print
#                         exactly one line on stderr containing NEEDLE ("" for any) and
#                         leave no $tmp/out* behind
#   honest_copy DIR       DIR/exercises/: the reference solutions, each with a function of its
#                         own added (the grader refuses the reference's exact machine code)
BUILD=${BUILD:-build}
NNWB=$BUILD/nnwb
failed=0

CHAPTERS=$(sed -n 's/^CHAPTER(\([0-9]*\),.*/\1/p' chapters/chapters.def | tr '\n' ' ')
chapter_row() {
    local c r=
    for c in $CHAPTERS; do r="$r$1,"; done
    echo "${r}$1"
}
full_row() {
    sed -n 's/^CHAPTER([0-9]*, *[a-z0-9_]*, *"[^"]*", *\([0-9]*\)).*/\1/p' chapters/chapters.def |
        awk '{ printf "%.2f,", $1; t += $1 } END { printf "%.2f\n", t }'
}

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; failed=1; }

need_nnwb() {
    if [ ! -x "$NNWB" ]; then
        not_ok "$NNWB is not built (make $NNWB)"
        exit 1
    fi
}

scratch() {
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-$1-test.XXXXXX") || exit 1
    trap 'rm -rf "$tmp"' EXIT
}

data_path() {
    local d
    for d in "${DATA_DIR:-}" "${NNWB_GEN_DIR:-}"; do
        if [ -n "$d" ] && [ -f "$d/$1" ]; then echo "$d/$1"; return; fi
    done
}

honest_copy() {
    local f
    mkdir -p "$1/exercises"
    for f in solutions/ch*.c; do
        { cat "$f"; echo 'static int __attribute__((used)) honest_copy(void) { return 42; }'; } \
            >"$1/exercises/$(basename "$f")"
    done
}

expect_fail() {
    local name=$1 want=$2 needle=$3 status lines left
    shift 3
    rm -f "$tmp"/out*
    "$NNWB" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    status=$?
    lines=$(wc -l <"$tmp/stderr")
    left=$(ls "$tmp"/out* 2>/dev/null | head -1)
    if [ "$want" = error ] && { [ "$status" -eq 0 ] || [ "$status" -ge 126 ]; }; then
        not_ok "$name: exit status $status, expected an error (1..125): $(head -c 300 "$tmp/stderr")"
    elif [ "$want" != error ] && [ "$status" != "$want" ]; then
        not_ok "$name: exit $status, expected $want ($(head -c 200 "$tmp/stderr"))"
    elif [ "$lines" -ne 1 ]; then
        not_ok "$name: $lines lines on stderr, expected 1: $(head -c 300 "$tmp/stderr")"
    elif [ -n "$needle" ] && ! grep -qF -- "$needle" "$tmp/stderr"; then
        not_ok "$name: stderr does not name '$needle': $(cat "$tmp/stderr")"
    elif [ -n "$left" ]; then
        not_ok "$name: left $left behind"
    else
        ok "$name: exit $status, '$(cat "$tmp/stderr")'"
    fi
}
