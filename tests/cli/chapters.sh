#!/usr/bin/env bash
# chapters.sh - chapters/chapters.def is the one list of the chapters: the
# README's table, the files in exercises/ and solutions/, the chapter folders
# and the judge (nnwb check --list) must all agree with it, and the points
# must add up to 100. A chapter added to chapters.def and forgotten elsewhere
# fails here. Prints "ok - ..." / "not ok - ..."; exits non-zero if any failed.
set -u
. "$(dirname "$0")/common.bash"
need_nnwb
def=chapters/chapters.def
n=0
total=0
while IFS='|' read -r num stem title points; do
    n=$((n + 1))
    total=$((total + points))
    row=$(grep "^| $num | " README.md)
    if [ -n "$row" ] && echo "$row" | grep -q "\`$stem.c\`" && echo "$row" | grep -q "| $points |\$"; then
        ok "chapter $num ($stem, $points points): in the README's table"
    else
        not_ok "chapter $num: the README's table has '${row:-no row}', expected $stem.c and $points points"
    fi
    [ -f "exercises/$stem.c" ] || not_ok "chapter $num: exercises/$stem.c is missing"
    [ ! -d solutions ] || [ -f "solutions/$stem.c" ] || not_ok "chapter $num: solutions/$stem.c is missing"
    ls -d chapters/"$num"-*/ >/dev/null 2>&1 || not_ok "chapter $num: no folder chapters/$num-*/"
    listed=$("$NNWB" check --list | awk -v c="$num" '$1 == c' | wc -l)
    [ "$listed" -gt 0 ] || not_ok "chapter $num: the judge has no checks for it"
done < <(sed -n 's/^CHAPTER(\([0-9]*\), *\([a-z0-9_]*\), *"\([^"]*\)", *\([0-9]*\)).*/\1|\2|\3|\4/p' "$def")
rows=$(grep -c '^| [0-9]* | \[' README.md)
[ "$rows" = "$n" ] && ok "the README's table has $n chapters, as $def" || not_ok "the README's table has $rows rows, $def $n"
[ "$total" = 100 ] && ok "the $n chapters' points add up to 100" || not_ok "the chapters' points add up to $total"
[ "$(ls exercises/ch*_*.c | wc -l)" = "$n" ] && ok "exercises/ holds one file per chapter" ||
    not_ok "exercises/ holds $(ls exercises/ch*_*.c | wc -l) chapter files, $def lists $n"
exit $failed
