#!/usr/bin/env bash
# plots.sh - checks of the lecture figures (nnwb plot, plots/*.gp, make plots)
# from the outside:
#   - the reduced lecture set (make plots QUICK=1) draws every figure in
#     English (plots/out/en) and in Chinese (plots/out/zh), each a valid PNG
#     of the size its script asks for (read from the IHDR chunk), with more
#     than a few colours (not blank; gnuplot itself decodes the PNG), and an
#     SVG that parses, has a title, and is in its own language (the Chinese
#     one in the CJK font, the English one without CJK text);
#   - digits carry their labels; with --weights the predictions, a wrong one
#     in red with the true label in brackets;
#   - digits and hidden units are upright: a 20×20 test image from Octave,
#     unrolled column-major as the course's are, comes out with its rows as
#     rows (skipped without octave-cli);
#   - Chinese labels: the SVG holds the Chinese title and the CJK font;
#   - a missing or empty input: exit status != 0, one line on stderr, no
#     picture left behind (through nnwb plot and through the scripts alone).
# Prints "ok - ..." / "not ok - ..." per case and exits non-zero if any failed.
#
# Environment: BUILD (default build), DATA_DIR and NNWB_GEN_DIR (where
# digits20.mat is; without it only the figures that need no data are drawn).
set -u

. "$(dirname "$0")/common.bash"
DATA_DIR=${DATA_DIR:-data}
NNWB_GEN_DIR=${NNWB_GEN_DIR:-$BUILD/data}
need_nnwb
if ! command -v gnuplot >/dev/null; then
    not_ok "gnuplot is not installed (make deps)"
    exit 1
fi

scratch plots

# ---- checks of one output file ---------------------------------------------
# png_size FILE: "WIDTH HEIGHT" from the IHDR chunk, or nothing if FILE does
# not start with the PNG signature and an IHDR chunk.
png_size() {
    local head
    head=$(od -An -tx1 -N24 "$1" 2>/dev/null | tr -d ' \n')
    [ "${head:0:16}" = 89504e470d0a1a0a ] && [ "${head:24:8}" = 49484452 ] || return
    echo "$((16#${head:32:8})) $((16#${head:40:8}))"
}
# png_colours FILE: distinct colours among every 3rd pixel of every 3rd row,
# as gnuplot decodes the file (0 if it cannot).
png_colours() {
    gnuplot -e "set table '$tmp/pixels.txt'; plot '$1' binary filetype=png every 3:3 with table" \
        2>/dev/null || { echo 0; return; }
    awk '{ print $3, $4, $5 }' "$tmp/pixels.txt" | sort -u | wc -l
}
# svg_ok FILE: well-formed XML with an <svg> root (xmllint when installed).
svg_ok() {
    if command -v xmllint >/dev/null; then
        xmllint --noout "$1" 2>/dev/null && grep -q '<svg' "$1"
    else
        grep -q '<svg' "$1" && [ "$(tail -c 200 "$1" | grep -c '</svg>')" -gt 0 ]
    fi
}
MIN_COLOURS=8
TITLE_SIZE='font-size="30.00"' # style.gp's font_size + 4, the titles' size in an SVG
# check_figure BASE WIDTH HEIGHT: BASE.png and BASE.svg; BASE is .../en/NAME or .../zh/NAME.
check_figure() {
    local name size colours lang
    lang=$(basename "$(dirname "$1")")
    name=$lang/$(basename "$1")
    size=$(png_size "$1.png")
    if [ "$size" != "$2 $3" ]; then
        not_ok "$name.png: expected a ${2}×$3 PNG, got '${size:-not a PNG}'"
        return
    fi
    colours=$(png_colours "$1.png")
    if [ "$colours" -le "$MIN_COLOURS" ]; then
        not_ok "$name.png: only $colours colours (blank?)"
        return
    fi
    if ! svg_ok "$1.svg"; then
        not_ok "$name.svg: missing or not well-formed SVG"
        return
    fi
    if ! grep -A1 "$TITLE_SIZE" "$1.svg" | grep -q '<text>[^<]'; then
        not_ok "$name.svg: no title (no text at $TITLE_SIZE)"
        return
    fi
    # CJK text in the SVG: the Chinese set has some, in Noto Sans CJK SC; the English none.
    if [ "$lang" = zh ]; then
        if ! grep -q 'Noto Sans CJK SC' "$1.svg" || ! LC_ALL=C.UTF-8 grep -qP '[\x{4e00}-\x{9fff}]' "$1.svg"; then
            not_ok "$name.svg: no Chinese text in the CJK font"
            return
        fi
    elif LC_ALL=C.UTF-8 grep -qP '[\x{3000}-\x{9fff}\x{ff00}-\x{ffef}]' "$1.svg"; then
        not_ok "$name.svg: the English figure has CJK text: $(LC_ALL=C.UTF-8 grep -oP '[\x{3000}-\x{9fff}\x{ff00}-\x{ffef}]+' "$1.svg" | head -n 1)"
        return
    fi
    ok "$name: ${2}×$3 PNG with $colours colours (sampled), SVG parses, has a title, in its language"
}

# ---- 1. the reduced lecture set --------------------------------------------
have_data=
for d in "$DATA_DIR" "$NNWB_GEN_DIR"; do
    [ -f "$d/digits20.mat" ] && [ -f "$d/digits20-test.mat" ] && have_data=1
done
out=$tmp/out
if [ -n "$have_data" ]; then
    if log=$(BUILD=$BUILD DATA_DIR=$DATA_DIR NNWB_GEN_DIR=$NNWB_GEN_DIR QUICK=1 \
        PLOTS_OUT=$out PLOTS_WORK=$tmp/work sh plots/make_plots.sh 2>&1); then
        ok "make plots QUICK=1: $(echo "$log" | tail -n 1 | sed 's/^make plots: //')"
    else
        not_ok "make plots QUICK=1 failed"; echo "$log" | sed 's/^/    /'
    fi
    # name width height, as each script sets its size
    for lang in en zh; do
        while read -r name w h; do
            check_figure "$out/$lang/$name" "$w" "$h"
        done <<'EOF'
cost-lambda 1600 1000
cost-optimizers 1600 1000
accuracy 1600 1000
digits 1250 1450
predictions 1250 1450
hidden-trained 1250 1150
confusion 1250 1300
gradcheck 1800 950
learning 1600 1000
EOF
        if [ -f "$DATA_DIR/ex4weights.mat" ]; then check_figure "$out/$lang/hidden-ex4weights" 1250 1150; fi
    done
    extra=$(cd "$out" && ls | grep -v -x -e en -e zh)
    if [ -z "$extra" ] && [ "$(ls "$out/en")" = "$(ls "$out/zh")" ]; then
        ok "make plots: the same $(ls "$out/en" | wc -l) files in en/ and zh/, nothing else"
    else
        not_ok "make plots: en/ and zh/ differ, or other files in $out: $extra"
    fi
else
    echo "note: no digits20.mat in DATA_DIR=$DATA_DIR or NNWB_GEN_DIR=$NNWB_GEN_DIR: only the gradient-check figure is drawn"
    mkdir -p "$out/en"
    "$NNWB" gradcheck --csv "$tmp/gradcheck.csv" >/dev/null &&
        "$NNWB" plot gradcheck --csv "$tmp/gradcheck.csv" --lang en -o "$out/en/gradcheck.png" >/dev/null &&
        "$NNWB" plot gradcheck --csv "$tmp/gradcheck.csv" --lang en -o "$out/en/gradcheck.svg" >/dev/null
    check_figure "$out/en/gradcheck" 1800 950
fi

# ---- 2. Chinese labels --------------------------------------------------------
"$NNWB" gradcheck --csv "$tmp/gc.csv" >/dev/null
if "$NNWB" plot gradcheck --csv "$tmp/gc.csv" --lang zh -o "$tmp/zh.svg" >/dev/null &&
    LANG=zh_CN.UTF-8 "$NNWB" plot gradcheck --csv "$tmp/gc.csv" -o "$tmp/zh.png" >/dev/null &&
    grep -q '梯度检验' "$tmp/zh.svg" && grep -q '相对差异' "$tmp/zh.svg" && grep -q 'Noto Sans CJK SC' "$tmp/zh.svg" &&
    [ "$(png_size "$tmp/zh.png")" = "1800 950" ]; then
    ok "--lang zh and LANG=zh_CN: Chinese title in the CJK font, with 相对差异 as the text has it"
else
    not_ok "--lang zh: no Chinese title or no Noto Sans CJK SC in the SVG, or no PNG"
fi
if fc-list 2>/dev/null | grep -q 'Noto Sans CJK SC'; then
    ok "the CJK font is installed (fonts-noto-cjk)"
else
    not_ok "Noto Sans CJK SC is not installed: Chinese labels would not render (make deps)"
fi

# ---- 3. digits and hidden units are upright ----------------------------------
# Octave builds a 20×20 image whose pixel (r, c) is r (1-based), unrolled
# column-major as the course's X rows are. In the data file each pixel is
# "x y value" with y the image row from the top (0-based), so upright means
# value = y + 1 everywhere; transposed would give x + 1.
if command -v octave-cli >/dev/null; then
    if octave-cli --no-gui --quiet --eval "
        img = repmat((1:20)', 1, 20);
        X = repmat(img(:)', 3, 1); y = [1; 2; 3];
        Theta1 = [99 * ones(2, 1), repmat(img(:)', 2, 1)]; Theta2 = zeros(3, 3);
        save('-v6', '$tmp/rows.mat', 'X', 'y'); save('-v6', '$tmp/w.mat', 'Theta1', 'Theta2');" \
        >/dev/null 2>&1 &&
        "$NNWB" plot digits --data "$tmp/rows.mat" --grid 2 -o "$tmp/digits.dat" >/dev/null &&
        "$NNWB" plot hidden --weights "$tmp/w.mat" -o "$tmp/hidden.dat" >/dev/null; then
        for f in digits hidden; do
            # Tile origin from the first pixel of each block; y within the tile.
            bad=$(awk '/^# tile/ { first = 1; next } /^#/ || NF < 3 { next }
                       first { y0 = $2; first = 0 } { n++; if ($3 != $2 - y0 + 1) b++ }
                       END { print (n == 0 ? "empty" : b + 0) }' "$tmp/$f.dat")
            tiles=$(grep -c '^# tile' "$tmp/$f.dat")
            if [ "$bad" = 0 ]; then
                ok "$f: the image's rows are the tile's rows (upright, $tiles tiles, no bias column)"
            else
                not_ok "$f: $bad pixels not where the column-major image puts them (transposed?)"
            fi
        done
        # Labels: y is 1, 2, 3. Theta2 = 0 makes every output 0.5, a tie that
        # the first class wins, so the network predicts 1 for all three.
        # (the tiles are a random sample: sorted, the order is the same each time)
        labels=$(sed -n 's/^#label [^"]*"\([^"]*\)" \([0-9]*\) \([01]\)$/\1|\2|\3/p' "$tmp/digits.dat" | LC_ALL=C sort | tr '\n' ' ')
        if [ "$labels" = "1|0|0 2|0|0 3|0|0 " ]; then
            ok "digits: each tile has its label, in black"
        else
            not_ok "digits: labels '$labels', expected 1, 2, 3 in black"
        fi
        if "$NNWB" plot digits --data "$tmp/rows.mat" --weights "$tmp/w.mat" --grid 2 -o "$tmp/pred.dat" >/dev/null &&
            "$NNWB" plot digits --data "$tmp/rows.mat" --weights "$tmp/w.mat" --grid 2 -o "$tmp/pred.svg" >/dev/null; then
            labels=$(sed -n 's/^#label [^"]*"\([^"]*\)" \([0-9]*\) \([01]\)$/\1|\2|\3/p' "$tmp/pred.dat" | LC_ALL=C sort | tr '\n' ' ')
            red=$((0xD55E00))
            if [ "$labels" = "1 (2)|$red|1 1 (3)|$red|1 1|0|0 " ] && grep -q '1 (3)' "$tmp/pred.svg" &&
                grep -qi 'rgb(213, *94, *0)\|#d55e00' "$tmp/pred.svg"; then
                ok "digits --weights: the prediction above each tile, the wrong ones red with the true label in brackets"
            else
                not_ok "digits --weights: labels '$labels', expected '1' black, '1 (2)' and '1 (3)' red"
            fi
        else
            not_ok "nnwb plot digits --weights failed on the fixture"
        fi
    else
        not_ok "the orientation fixture (octave-cli, then nnwb plot digits/hidden) failed"
    fi
else
    echo "note: no octave-cli: the orientation check is skipped"
fi

# ---- 4. missing or empty input -----------------------------------------------
# fails_cleanly LABEL OUTPUT CMD...: exit != 0, one line on stderr, no OUTPUT.
fails_cleanly() {
    local label=$1 output=$2 rc lines
    shift 2
    "$@" >/dev/null 2>"$tmp/err"
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ $rc -ne 0 ] && [ "$lines" = 1 ] && [ ! -e "$output" ]; then
        ok "$label: exit $rc, '$(cat "$tmp/err")'"
    else
        not_ok "$label: exit $rc, $lines lines on stderr, output $( [ -e "$output" ] && echo exists || echo absent)"
        sed 's/^/    /' "$tmp/err"
    fi
}
: >"$tmp/empty.csv"
printf 'iteration,cost,train_accuracy,test_accuracy,seconds\n' >"$tmp/header.csv"
printf 'iteration,cost,train_accuracy,test_accuracy,seconds\n0,7.7,0.1,,0.0\n1,3.4,0.2,,0.1\n' >"$tmp/notest.csv"
fails_cleanly "nnwb plot cost, missing log" "$tmp/e1.png" \
    "$NNWB" plot cost --log "$tmp/nope.csv" -o "$tmp/e1.png"
fails_cleanly "nnwb plot cost, empty log" "$tmp/e2.png" \
    "$NNWB" plot cost --log "$tmp/empty.csv" -o "$tmp/e2.png"
fails_cleanly "nnwb plot cost, header only" "$tmp/e3.svg" \
    "$NNWB" plot cost --log "$tmp/header.csv" -o "$tmp/e3.svg"
fails_cleanly "nnwb plot accuracy, log without --test" "$tmp/e4.png" \
    "$NNWB" plot accuracy --log "$tmp/notest.csv" -o "$tmp/e4.png"
fails_cleanly "nnwb plot confusion, empty CSV" "$tmp/e5.png" \
    "$NNWB" plot confusion --csv "$tmp/empty.csv" -o "$tmp/e5.png"
fails_cleanly "nnwb plot digits, missing .mat" "$tmp/e6.png" \
    "$NNWB" plot digits --data "$tmp/nope.mat" -o "$tmp/e6.png"
fails_cleanly "nnwb plot hidden, missing weights" "$tmp/e7.png" \
    "$NNWB" plot hidden --weights "$tmp/nope.mat" -o "$tmp/e7.png"
fails_cleanly "nnwb plot, no -o" "$tmp/none" "$NNWB" plot cost --log "$tmp/notest.csv"
fails_cleanly "nnwb plot cost --x evaluations, a log without that column" "$tmp/e8.png" \
    "$NNWB" plot cost --x evaluations --log "$tmp/notest.csv" -o "$tmp/e8.png"
fails_cleanly "nnwb plot accuracy, five runs" "$tmp/e9.png" \
    "$NNWB" plot accuracy --log "$tmp/notest.csv" --log "$tmp/notest.csv" --log "$tmp/notest.csv" \
    --log "$tmp/notest.csv" --log "$tmp/notest.csv" -o "$tmp/e9.png"
fails_cleanly "nnwb plot digits --weights, missing weights" "$tmp/e10.png" \
    "$NNWB" plot digits --data "$tmp/nope.mat" --weights "$tmp/nope.mat" -o "$tmp/e10.png"
for s in cost accuracy confusion gradcheck learning digits hidden; do
    fails_cleanly "plots/$s.gp alone, empty input" "$tmp/g-$s.png" \
        gnuplot -e "in='$tmp/empty.csv'; out='$tmp/g-$s.png'" "plots/$s.gp"
done
fails_cleanly "plots/cost.gp alone, missing input" "$tmp/g-missing.png" \
    gnuplot -e "in='$tmp/nope.csv'; out='$tmp/g-missing.png'" plots/cost.gp
if [ -z "$(find "$tmp" -name '*.nnwb-tmp-*')" ]; then
    ok "no temporary files left behind"
else
    not_ok "temporary files left: $(find "$tmp" -name '*.nnwb-tmp-*' | tr '\n' ' ')"
fi

exit $failed
