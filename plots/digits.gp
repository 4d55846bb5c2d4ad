# digits.gp - a grid of example digits, like the course's displayData: each
# tile a 20×20 image, upright, all on one shared grey scale (white strokes
# on black, as the course shows them), tiles separated by a white gap.
#
#   nnwb plot digits --data digits20.mat --keep-data digits.dat -o digits.png
#   gnuplot -e "in='digits.dat'; out='digits.png'" plots/digits.gp
#
#   in      the data file of `nnwb plot digits` (blocks of "x y value", one
#           block per tile, y growing downwards)
#   title   the chart's title;  lang, out: see style.gp
_dir = ARG0; _i = strlen(_dir); while (_i > 0 && _dir[_i:_i] ne '/') { _i = _i - 1 }
fig_w = 1250; fig_h = 1150
load ((_i > 0) ? _dir[1:_i] : '').'style.gp'

if (!exists("in")) { print "digits.gp: no input: set in='digits.dat' (from nnwb plot digits)"; exit status 1 }
if (require(in) < 1) {
    print sprintf("digits.gp: %s: missing or has no data lines (expected the data file of nnwb plot digits)", in)
    exit status 1
}
if (!exists("title")) { title = tr('Sample digits: 20×20 pixels each', '数字样本：每个 20×20 像素') }

stats in using 3 nooutput
tiles = STATS_blocks
lo = STATS_min; hi = STATS_max
stats in using 1:2 nooutput
set output out
set title title noenhanced
set size ratio -1
set xrange [STATS_min_x - 0.5 : STATS_max_x + 0.5]
set yrange [STATS_max_y + 0.5 : STATS_min_y - 0.5]
unset xtics; unset ytics; unset mxtics; unset mytics; unset border; unset grid; unset key
set palette gray
set cbrange [lo:hi]
set colorbox vertical user origin 0.83, 0.12 size 0.025, 0.7
set cbtics 0.2 format '%.1f' scale 0.5
set cblabel tr('pixel value', '像素值') offset 0.5, 0
set lmargin at screen 0.02; set rmargin at screen 0.80
set bmargin at screen 0.02; set tmargin at screen 0.91
plot for [t = 0:tiles - 1] in index t using 1:2:3 with image
