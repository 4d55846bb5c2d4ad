# hidden.gp - what the hidden units look for: each hidden unit's input
# weights (a row of Theta1 without its bias) shown as an image the size of
# a digit, on one colour scale centred on 0 (orange: ink on the pixel drives
# the unit towards 1, blue: towards 0, white: the pixel does not matter).
#
#   nnwb plot hidden --weights W.mat --keep-data hidden.dat -o hidden.png
#   gnuplot -e "in='hidden.dat'; out='hidden.png'" plots/hidden.gp
#
#   in      the data file of `nnwb plot hidden` (blocks of "x y value", one
#           block per unit, y growing downwards)
#   title   the chart's title;  lang, out: see style.gp
_dir = ARG0; _i = strlen(_dir); while (_i > 0 && _dir[_i:_i] ne '/') { _i = _i - 1 }
fig_w = 1250; fig_h = 1150
load ((_i > 0) ? _dir[1:_i] : '').'style.gp'

if (!exists("in")) { print "hidden.gp: no input: set in='hidden.dat' (from nnwb plot hidden)"; exit status 1 }
if (require(in) < 1) {
    print sprintf("hidden.gp: %s: missing or has no data lines (expected the data file of nnwb plot hidden)", in)
    exit status 1
}
if (!exists("title")) { title = tr('Input weights of the hidden units', '隐藏单元的输入权重') }

stats in using 3 nooutput
tiles = STATS_blocks
w = (abs(STATS_min) > abs(STATS_max)) ? abs(STATS_min) : abs(STATS_max)
stats in using 1:2 nooutput
set output out
# The title is centred on the whole figure: a `set title` is centred on the
# grid, left of the colour bar, and a long one was cut at the left edge.
unset title
set label 1 title at screen 0.5, 0.962 center font sprintf('%s,%d', fig_font, font_size + 4) noenhanced
# What the colours mean, under the title, where it covers no unit.
set label 2 tr('orange: ink on that pixel turns the unit on; blue: turns it off; white: no effect', \
               '橙色：该像素有笔画时单元被激活；蓝色：被抑制；白色：没有影响') \
    at screen 0.5, 0.917 center font sprintf('%s,%d', fig_font, font_size - 4) noenhanced
set size ratio -1
set xrange [STATS_min_x - 0.5 : STATS_max_x + 0.5]
set yrange [STATS_max_y + 0.5 : STATS_min_y - 0.5]
unset xtics; unset ytics; unset mxtics; unset mytics; unset border; unset grid; unset key
set palette defined (-1 '#0072B2', -0.5 '#56B4E9', 0 '#FFFFFF', 0.5 '#E69F00', 1 '#D55E00')
set cbrange [-w:w]
# A grey backdrop shows between the tiles, whose edges are white (weights near 0).
set object 1 rectangle from graph 0, 0 to graph 1, 1 behind fillcolor rgb '#9a9a9a' fillstyle solid noborder
set colorbox vertical user origin 0.83, 0.12 size 0.025, 0.7
set cbtics format '%g' scale 0.5
set cblabel tr('input weight', '输入权重') offset 0.5, 0
set lmargin at screen 0.02; set rmargin at screen 0.80
set bmargin at screen 0.02; set tmargin at screen 0.885
plot for [t = 0:tiles - 1] in index t using 1:2:3 with image
