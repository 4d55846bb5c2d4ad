#!/usr/bin/env bash
# facts.sh - the code's citations of docs/FACTS.md lead somewhere: the file is
# there, and every section a comment names (docs/FACTS.md, "digits20") is one
# of its headings, or the start of one ("Speed" for "Speed: the machine and
# the peers"). A section renamed or dropped without its citations fails here.
# Prints "ok - ..." / "not ok - ..."; exits non-zero if any failed.
set -u
. "$(dirname "$0")/common.bash"
facts=docs/FACTS.md
if [ ! -f "$facts" ]; then
    not_ok "$facts is missing"
    exit 1
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files --cached --others --exclude-standard | grep -v -e "^$facts\$" -e '^build/' -e '^tests/cli/facts.sh$')
else
    files=$(find . -type f -not -path './build/*' -not -path "./$facts" -not -path ./tests/cli/facts.sh | sed 's|^\./||')
fi
# "docs/FACTS.md, "Name"" and "docs/FACTS.md ("Name")", as the comments write them
cites=$(echo "$files" | while IFS= read -r f; do
            [ -f "$f" ] && grep -HoE 'docs/FACTS\.md,? \(?"[^"]+"' "$f"
        done)
n=0
while IFS= read -r c; do
    [ -n "$c" ] || continue
    n=$((n + 1))
    file=${c%%:*}
    name=$(echo "$c" | sed 's/.*"\([^"]*\)"$/\1/')
    grep '^#' "$facts" | sed 's/^#* //' | awk -v n="$name" 'index($0, n) == 1 { f = 1 } END { exit !f }' ||
        not_ok "$file cites $facts, \"$name\": no such section (its headings: $(grep '^##' "$facts" | sed 's/^#* //' | paste -sd '|'))"
done <<<"$cites"
[ "$n" -gt 0 ] && [ "$failed" = 0 ] && ok "$n citations of a section of $facts, each a heading there"
[ "$n" -gt 0 ] || not_ok "no citation of a section of $facts found (is the pattern still right?)"
exit $failed
