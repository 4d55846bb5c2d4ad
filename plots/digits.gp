# digits.gp - a grid of example digits, like the course's displayData: each
# tile a 20×20 image, upright, all on one shared grey scale (white strokes
# on black, as the course shows them), tiles separated by a white gap, each
# with its label above it. Drawn from `nnwb plot digits --weights W.mat`,
# the labels are the network's predictions: black when right, red (Okabe-Ito
# vermillion) with the true label in brackets and a red frame when wrong.
#
#   nnwb plot digits --data digits20.mat --keep-data digits.dat -o digits.png
#   gnuplot -e "in='digits.dat'; out='digits.png'" plots/digits.gp
#
#   in      the data file of `nnwb plot digits` (blocks of "x y value", one
#           block per tile, y growing downwards; "#label ..." comment lines)
#   title   the chart's title;  lang, out: see style.gp
_dir = ARG0; _i = strlen(_dir); while (_i > 0 && _dir[_i:_i] ne '/') { _i = _i - 1 }
fig_w = 1250; fig_h = 1450
load ((_i > 0) ? _dir[1:_i] : '').'style.gp'

if (!exists("in")) { print "digits.gp: no input: set in='digits.dat' (from nnwb plot digits)"; exit status 1 }
if (require(in) < 1) {
    print sprintf("digits.gp: %s: missing or has no data lines (expected the data file of nnwb plot digits)", in)
    exit status 1
}
# The labels: "#label XC YC HALF YL TEXT RGB WRONG" lines (none in older files).
labels = sprintf("< sed -n 's/^#label //p' '%s'", in)
n_labels = int(system(sprintf("grep -c '^#label ' '%s' || true", in)))
n_wrong = int(system(sprintf("awk '/^#label / && $NF == 1 { n++ } END { print n + 0 }' '%s'", in)))
predicted = int(system(sprintf("grep -c '^# labels: the predictions' '%s' || true", in)))
if (!exists("title")) {
    title = predicted ? tr('Predicted digits', '预测的数字') : tr('Sample digits with their labels', '数字样本及其标签')
}

stats in using 3 nooutput
tiles = STATS_blocks
lo = STATS_min; hi = STATS_max
stats in using 1:2 nooutput
set output out
# The title is centred on the whole figure (a `set title` would centre it on
# the grid, and cut a long one at the left).
unset title
set label 1 title at screen 0.5, 0.967 center font sprintf('%s,%d', fig_font, font_size + 4) noenhanced
if (predicted) {
    # The key to the colours, under the title, where it covers no digit.
    note = (lang eq 'zh') \
        ? sprintf('红色加框：预测错误（%d 个中有 %d 个），括号里是真实数字', n_labels, n_wrong) \
        : sprintf('red and framed: wrong (%d of %d), the true digit in brackets', n_wrong, n_labels)
    set label 2 note at screen 0.5, 0.928 center font sprintf('%s,%d', fig_font, font_size - 2) noenhanced
}
set size ratio -1
set xrange [STATS_min_x - 0.5 : STATS_max_x + 0.5]
set yrange [STATS_max_y + 0.5 : 0]
unset xtics; unset ytics; unset mxtics; unset mytics; unset border; unset grid; unset key
set palette gray
set cbrange [lo:hi]
bottom = 0.01; top = predicted ? 0.905 : 0.935
set bmargin at screen bottom; set tmargin at screen top
# The width the grid takes at the height it has (the tiles are square).
grid_w = (top - bottom) * fig_h * (STATS_max_x - STATS_min_x + 1) / (STATS_max_y + 0.5) / fig_w
if (predicted) {
    # The story is the labels: no colour bar, the grid in the middle.
    unset colorbox
    half = (grid_w < 0.96) ? grid_w / 2 : 0.48
    set lmargin at screen 0.5 - half; set rmargin at screen 0.5 + half
} else {
    set colorbox vertical user origin 0.86, 0.15 size 0.025, 0.6
    set cbtics 0.2 format '%.1f' scale 0.5
    set cblabel tr('pixel value (0 = background)', '像素值（0 = 背景）') offset 0.5, 0
    set lmargin at screen 0.02; set rmargin at screen 0.84
}
label_font = sprintf('%s,%d', fig_font, font_size - 2)
if (n_labels > 0) {
    plot for [t = 0:tiles - 1] in index t using 1:2:3 with image, \
         labels using 1:($7 > 0 ? $2 : NaN):3:3 with boxxyerror lc rgb '#D55E00' lw 3 fs empty, \
         labels using 1:4:5:6 with labels tc rgb variable font label_font noenhanced
} else {
    plot for [t = 0:tiles - 1] in index t using 1:2:3 with image
}
