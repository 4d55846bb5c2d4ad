#!/bin/sh
# book.sh - render the whole workbook in one language to one self-contained HTML file.
#
#   sh chapters/book.sh en    build/book.en.html
#   sh chapters/book.sh zh-CN build/book.zh-CN.html
#
# `make book` runs both; OUTPUT is relative to the top of the repository.
# The front page and chapters (chapters/N-*/, N from chapters.def) are joined in order; links between
# chapters become links inside the page, figure paths are made relative to the
# top of the repository, each book takes `make plots`'s figures in its own
# language (plots/out/en/ or plots/out/zh/, whichever a chapter names), and a
# figure that `make plots` has not drawn yet is replaced by a note, so the book
# always builds; so does a chapter of chapters.def that has no folder yet (a
# warning names it). The overview's first heading is the book's one title and
# its contents table the one table of contents; every figure, in a list or
# not, gets a numbered caption (book.lua).
# Needs pandoc (Debian: apt-get install pandoc fonts-noto-cjk). Formulas are
# MathML, so the HTML needs no network; CSS and images are embedded.
set -u
lang=${1:-}
out=${2:-}
case $lang in
    en) suffix=.md; title="nnwb: a neural network, chapter by chapter, in C"; figure="Figure"
        plots=plots/out/en; missing="Figure not drawn yet: run make plots to create" ;;
    zh-CN) suffix=.zh-CN.md; title="nnwb:用 C 语言一章一章写出神经网络"; figure="图"
        plots=plots/out/zh; missing="此图尚未生成，运行 make plots 即可生成" ;;
    *) echo "usage: sh chapters/book.sh en|zh-CN OUTPUT.html" >&2; exit 2 ;;
esac
[ -n "$out" ] || { echo "usage: sh chapters/book.sh en|zh-CN OUTPUT.html" >&2; exit 2; }
cd "$(dirname "$0")/.." || exit 2
command -v pandoc >/dev/null 2>&1 ||
    { echo "book.sh: pandoc not found (Debian: apt-get install -y pandoc fonts-noto-cjk)" >&2; exit 1; }

src="chapters/OVERVIEW$suffix"
for n in $(sed -n 's/^CHAPTER(\([0-9]*\),.*/\1/p' chapters/chapters.def); do
    found=
    for d in chapters/$n-*/; do
        [ -d "$d" ] || continue
        src="$src ${d}README$suffix"; found=1
    done
    [ -n "$found" ] || echo "book.sh: chapter $n of chapters.def has no folder chapters/$n-*/ yet: left out" >&2
done
for f in $src; do
    [ -f "$f" ] || { echo "book.sh: $f is missing" >&2; exit 1; }
done

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# Join the files, rewriting paths and links for one page:
#  - the first heading of each file gets an id: #overview, #ch1 .. #ch7;
#  - the line of navigation links under it is dropped (the page has a TOC);
#  - links to another chapter's README become #chN, to the overview #overview;
#  - ../figures/ and figures/ become chapters/figures/, ../../plots/ plots/;
#  - plots/out/NAME, plots/out/en/NAME and plots/out/zh/NAME become the
#    book's language's $plots/NAME;
#  - an image under plots/out that does not exist becomes a note.
for f in $src; do
    case $f in
        */OVERVIEW*) id=overview ;;
        *) id=ch$(basename "$(dirname "$f")" | cut -c1) ;;
    esac
    awk -v id="$id" -v missing="$missing" -v plots="$plots" -v listfile="$tmp/missing" '
    function exists(p,   line, rc) { rc = (getline line < p); close(p); return rc >= 0 }
    NR == 1 && /^# / { print $0 " {#" id (id == "overview" ? " .title" : "") "}"; next }
    NR <= 3 && /^\[(English|中文)\]\(/ { next }
    {
        line = $0
        gsub(/\(\.\.\/\.\.\/plots\//, "(plots/", line)
        gsub(/\(plots\/out\/((en|zh)\/)?/, "(" plots "/", line)
        gsub(/\(\.\.\/figures\//, "(chapters/figures/", line)
        gsub(/\(figures\//, "(chapters/figures/", line)
        gsub(/\]\(\.\.\/OVERVIEW(\.zh-CN)?\.md\)/, "](#overview)", line)
        while (match(line, /\]\((\.\.\/)?[0-9]-[a-z-]+\/README(\.zh-CN)?\.md\)/)) {
            seg = substr(line, RSTART, RLENGTH)
            n = seg; sub(/^\]\((\.\.\/)?/, "", n); n = substr(n, 1, 1)
            line = substr(line, 1, RSTART - 1) "](#ch" n ")" substr(line, RSTART + RLENGTH)
        }
        if (match(line, /!\[[^]]*\]\(plots\/out\/[^)]*\)/)) {
            img = substr(line, RSTART, RLENGTH)
            p = img; sub(/^!\[[^]]*\]\(/, "", p); sub(/\)$/, "", p)
            if (!exists(p)) {
                print p >> listfile
                line = substr(line, 1, RSTART - 1) "*" missing " `" p "`.*" substr(line, RSTART + RLENGTH)
            }
        }
        print line
    }' "$f"
    printf '\n\n'
done >"$tmp/book.md"

mkdir -p "$(dirname "$out")" || exit 1
# pagetitle, not title: the overview's own first heading is the page's title
# (a title would draw a second one above it), and its contents table is the
# table of contents (so no --toc).
if ! pandoc "$tmp/book.md" -f commonmark_x -t html5 --standalone --self-contained --mathml \
        --css chapters/book.css --resource-path=. --lua-filter chapters/book.lua \
        --metadata pagetitle="$title" --metadata lang="$lang" --metadata figure-word="$figure" \
        --highlight-style=tango -o "$out.tmp" 2>"$tmp/pandoc.err"; then
    grep -v -i "translation" "$tmp/pandoc.err" >&2
    rm -f "$out.tmp"
    echo "book.sh: pandoc failed for $lang" >&2
    exit 1
fi
# pandoc 2.17 has no Chinese UI strings ("Could not load translations"): harmless.
grep -v -i "translation" "$tmp/pandoc.err" >&2
mv "$out.tmp" "$out" || exit 1
if [ -s "$tmp/missing" ]; then
    echo "book.sh: $out written; not drawn yet (run make plots):" $(sort -u "$tmp/missing")
else
    echo "book.sh: $out written"
fi
