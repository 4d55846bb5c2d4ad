# confusion.gp - the confusion matrix as a heatmap with the counts printed in
# the cells: a row per true digit, a column per predicted digit. The diagonal
# (right answers) is shaded blue, the mistakes orange-red, each in proportion
# to the largest count of its kind, so that even a few mistakes stand out.
#
#   nnwb predict --data T.mat --weights W.mat --confusion confusion.csv
#   gnuplot -e "in='confusion.csv'; out='confusion.png'" plots/confusion.gp
#
#   in      the CSV of `nnwb predict --confusion` (header "true\predicted,0,...,9",
#           then a row per true class: its name, then the counts)
#   title   the chart's title;  lang, out: see style.gp
_dir = ARG0; _i = strlen(_dir); while (_i > 0 && _dir[_i:_i] ne '/') { _i = _i - 1 }
fig_w = 1250; fig_h = 1300
load ((_i > 0) ? _dir[1:_i] : '').'style.gp'

if (!exists("in")) { print "confusion.gp: no input: set in='confusion.csv' (from nnwb predict --confusion)"; exit status 1 }
if (require(in) < 2) {
    print sprintf("confusion.gp: %s: missing or has no data lines (expected nnwb predict --confusion output)", in)
    exit status 1
}

set datafile separator comma
M = 'matrix rowheaders columnheaders'
stats in @M using 3 nooutput
total = STATS_sum; K = int(STATS_columns)
stats in @M using ($1 == $2 ? $3 : 0) nooutput
right = STATS_sum; max_right = STATS_max
stats in @M using ($1 != $2 ? $3 : 0) nooutput
max_wrong = (STATS_max > 0) ? STATS_max : 1
if (!exists("title")) {
    title = (lang eq 'zh') ? sprintf('混淆矩阵：%d 个数字中 %.1f%% 正确', total, 100 * right / total) \
                           : sprintf('Confusion matrix: %.1f%% of %d digits right', 100 * right / total, total)
}

# White blended towards blue (right) or vermillion (wrong) by t in [0, 1].
mix(a, b, t) = int(a + (b - a) * t + 0.5)
rgb(r, g, b) = (r << 16) + (g << 8) + b
shade(t, r, g, b) = rgb(mix(255, r, t), mix(255, g, t), mix(255, b, t))
t_of(x, y, v) = (x == y) ? v / max_right : sqrt(v / max_wrong)
cell(x, y, v) = (x == y) ? shade(t_of(x, y, v), 0, 114, 178) : shade(t_of(x, y, v), 213, 94, 0)
ink(x, y, v) = (v == 0) ? 0xb0b0b0 : (t_of(x, y, v) > ((x == y) ? 0.5 : 0.85) ? 0xffffff : 0x000000)

set output out
set title title noenhanced offset 0, 0.6
set size ratio -1
set xrange [-0.5 : K - 0.5]
set yrange [K - 0.5 : -0.5]
set x2label tr('predicted digit', '预测的数字')
set ylabel tr('true digit', '真实的数字')
unset xlabel; unset grid; unset key; unset mxtics; unset mytics
set xtics scale 0
set ytics scale 0
set lmargin at screen 0.12; set rmargin at screen 0.97
set bmargin at screen 0.03; set tmargin at screen 0.81
# Tic labels from the file's header row and first column. The predicted
# digits go on top (x2), where the eye reads a table's column headings.
names_x = system(sprintf("head -n 1 '%s' | cut -d, -f2- | tr ',' ' '", in))
names_y = system(sprintf("awk -F, 'NR > 1 && NF > 1 { printf \"%%s \", $1 }' '%s'", in))
unset xtics
set x2tics scale 0 ()
set ytics scale 0 ()
do for [i = 1:words(names_x)] { set x2tics add (word(names_x, i) i - 1) }
do for [i = 1:words(names_y)] { set ytics add (word(names_y, i) i - 1) }
set x2range [-0.5 : K - 0.5]
set style fill solid 1.0 border rgb '#ffffff'
plot in @M using 1:2:(0.5):(0.5):(cell($1, $2, $3)) with boxxyerror fc rgb variable, \
     in @M using 1:2:(sprintf('%d', $3)):(ink($1, $2, $3)) with labels tc rgb variable font ',24'
