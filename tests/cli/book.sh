#!/usr/bin/env bash
# book.sh - checks of `make book` (chapters/book.sh, book.lua, book.css) as a
# reader sees the result: both books are rendered, each is loaded in headless
# Chromium at two widths (a laptop's 1280 px and a narrow 800 px), and
# tests/cli/book_check.js, injected into a copy of the page, reports on it
# (one title and one table of contents, nothing wider than the page, every
# image loaded and a numbered figure, every formula MathML, aligned equations
# aligned, no missing glyph, no slanted CJK, inline code broken only at
# spaces). Its lines come back through Chromium's --dump-dom.
#
# Needs pandoc and chromium (Debian: apt-get install pandoc chromium
# fonts-noto-cjk; make deps). Without either, prints one skip line and exits 0.
# The figures are embedded when make plots has drawn them (plots/out/en,
# plots/out/zh); a figure not drawn yet is a note in the book, not a failure.
#
# SHOTS=DIR also writes DIR/book.LANG-chN.png, a screenshot of chapters 4
# and 7 of each book, to look at.
#
# Environment: BUILD (default build), CHROMIUM (default: chromium on PATH).
set -u

. "$(dirname "$0")/common.bash"
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if ! command -v pandoc >/dev/null || [ -z "$CHROMIUM" ] || ! command -v "$CHROMIUM" >/dev/null; then
    echo "skip - book.sh: needs pandoc and chromium (apt-get install pandoc chromium)"
    exit 0
fi
scratch book
CHECK_JS=tests/cli/book_check.js
WIDTHS="1280 800"

# chrome ARGS...: headless Chromium with its own profile in $tmp (root needs
# --no-sandbox); its stderr (D-Bus and GPU noise) goes to $tmp/chrome.err.
chrome() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
        --hide-scrollbars --no-first-run --user-data-dir="$tmp/profile" "$@" 2>>"$tmp/chrome.err"
}

# inject HTML SCRIPT OUT: HTML with the file SCRIPT in a <script> before
# </head> (read as data: awk -v would take its backslashes for escapes).
inject() {
    awk 'FNR == NR { js = js $0 "\n"; next }
         !done && /<\/head>/ { i = index($0, "</head>")
             $0 = substr($0, 1, i - 1) "<script>\n" js "</script>" substr($0, i); done = 1 }
         { print }' "$2" "$1" >"$3"
}

for lang in en zh-CN; do
    book=$tmp/book.$lang.html
    if ! sh chapters/book.sh "$lang" "$book" >"$tmp/render.out" 2>&1; then
        not_ok "chapters/book.sh $lang failed: $(tail -n 3 "$tmp/render.out")"
        continue
    fi
    ok "chapters/book.sh $lang: $(du -k "$book" | cut -f1) kB$(grep -o '; not drawn yet.*' "$tmp/render.out")"
    # Its own language's figures: the embedded gradient-check figure is
    # plots/out/en's in the English book, plots/out/zh's in the Chinese one.
    own=plots/out/${lang%%-*}; other=plots/out/en; [ "$own" = "$other" ] && other=plots/out/zh
    if [ -f "$own/gradcheck.png" ] && [ -f "$other/gradcheck.png" ]; then
        if grep -q "$(base64 -w0 "$own/gradcheck.png" | head -c 4000)" "$book" &&
            ! grep -q "$(base64 -w0 "$other/gradcheck.png" | head -c 4000)" "$book"; then
            ok "$lang: embeds $own/gradcheck.png, not $other's"
        else
            not_ok "$lang: does not embed $own/gradcheck.png (or embeds $other's)"
        fi
    fi
    inject "$book" "$CHECK_JS" "$tmp/check.$lang.html"
    for width in $WIDTHS; do
        # At the widest, the page's design width, no table or formula may scroll either.
        query=; [ "$width" = "${WIDTHS%% *}" ] && query=?wide
        chrome --window-size="$width,900" --virtual-time-budget=30000 --dump-dom \
            "file://$tmp/check.$lang.html$query" >"$tmp/dom.html"
        verdicts=$(sed -n '/<pre id="nnwb-book-check">/,/<\/pre>/p' "$tmp/dom.html" |
            sed -e 's/<[^>]*>//g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e 's/&amp;/\&/g' |
            grep -E '^(not )?ok - ')
        if [ -z "$verdicts" ]; then
            not_ok "$lang at $width px: no verdicts from book_check.js (Chromium: $(tail -n 1 "$tmp/chrome.err"))"
            continue
        fi
        while IFS= read -r line; do
            case $line in
                "not ok - "*) not_ok "$lang, $width px: ${line#not ok - }" ;;
                *) ok "$lang, $width px: ${line#ok - }" ;;
            esac
        done <<<"$verdicts"
    done
    # Screenshots of chapters 4 and 7: a copy of the page without what comes
    # before the chapter (a #chN address does not scroll a headless shot).
    if [ -n "${SHOTS:-}" ]; then
        mkdir -p "$SHOTS"
        for ch in 4 7; do
            echo "document.addEventListener('DOMContentLoaded', function () {
                var h = document.getElementById('ch$ch');
                while (h && h.previousElementSibling) h.previousElementSibling.remove(); });" >"$tmp/shot.js"
            inject "$book" "$tmp/shot.js" "$tmp/shot.html"
            chrome --window-size=1280,2600 --virtual-time-budget=10000 \
                --screenshot="$SHOTS/book.$lang-ch$ch.png" "file://$tmp/shot.html" >/dev/null
            echo "screenshot: $SHOTS/book.$lang-ch$ch.png"
        done
    fi
done

exit $failed
