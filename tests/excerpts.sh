#!/bin/sh
# excerpts.sh - keep the code quoted in the workbook's chapters equal to the
# reference solutions.
#
#   sh tests/excerpts.sh            check every quoted block; exit 1 on a mismatch
#   sh tests/excerpts.sh --update   rewrite every quoted block from its source
#
# A chapter quotes code like this (in chapters/*/README*.md and chapters/*.md):
#
#   <!-- excerpt: solutions/ch4_forward.c forward -->
#   ```c
#   ...exactly the lines between the markers in the source...
#   ```
#   <!-- /excerpt -->
#
# and the source marks the lines with  /* [excerpt: forward] */  and
# /* [/excerpt] */  (each on a line of its own). Only POSIX sh and awk.
set -u
mode=check
case ${1:-} in
    "") ;;
    --update) mode=update ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "excerpts.sh: unknown option '$1' (use --update or nothing)" >&2; exit 2 ;;
esac
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
    exit 1
fi
echo "excerpts: $blocks blocks in $files files $( [ "$mode" = check ] && echo "match their sources" || echo "are up to date")"
