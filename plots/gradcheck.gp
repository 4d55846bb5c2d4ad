# gradcheck.gp - gradient checking on the course's debug network: left, each
# parameter's backpropagation gradient against its numerical gradient (the
# points sit on the diagonal when backprop is right); right, the size of
# their difference for each parameter on a log scale. The title gives the
# relative difference ||num - backprop|| / ||num + backprop|| (相对差异 in
# Chinese, as the chapters call it). Each panel's legend is one row above it.
#
#   nnwb gradcheck --csv gradcheck.csv
#   gnuplot -e "in='gradcheck.csv'; out='gradcheck.png'" plots/gradcheck.gp
#
#   in      the CSV of `nnwb gradcheck --csv` (columns param,numerical,backprop)
#   title   the chart's title;  lang, out: see style.gp
_dir = ARG0; _i = strlen(_dir); while (_i > 0 && _dir[_i:_i] ne '/') { _i = _i - 1 }
fig_w = 1800; fig_h = 950
load ((_i > 0) ? _dir[1:_i] : '').'style.gp'

if (!exists("in")) { print "gradcheck.gp: no input: set in='gradcheck.csv' (from nnwb gradcheck --csv)"; exit status 1 }
if (require(in) < 2) {
    print sprintf("gradcheck.gp: %s: missing or has no data lines (expected nnwb gradcheck --csv output)", in)
    exit status 1
}
set datafile separator comma
set datafile columnheaders
stats in using (column('numerical') - column('backprop'))**2 nooutput
diff2 = STATS_sum
stats in using (column('numerical') + column('backprop'))**2 nooutput
sum2 = STATS_sum; n = STATS_records
stats in using 'numerical':'backprop' nooutput
lo = (STATS_min_x < STATS_min_y) ? STATS_min_x : STATS_min_y
hi = (STATS_max_x > STATS_max_y) ? STATS_max_x : STATS_max_y
pad = 0.05 * (hi - lo)
rel = sqrt(diff2) / sqrt(sum2)
if (!exists("title")) {
    title = sprintf(tr('Gradient check, %d parameters: relative difference %.1e', \
                       '梯度检验（%d 个参数）：相对差异 %.1e'), n, rel)
}
# The course's bound on the relative difference.
bound = 1e-9

set output out
set multiplot title title noenhanced font sprintf('%s,%d', fig_font, font_size + 4)
# Two panels of the same height; each one's legend sits in one row above it,
# outside the axes, where it can cover no point whatever the gradients are.
set bmargin at screen 0.19; set tmargin at screen 0.80
set lmargin at screen 0.09; set rmargin at screen 0.43
set xrange [lo - pad : hi + pad]
set yrange [lo - pad : hi + pad]
set xlabel tr('numerical gradient ∂J/∂θ_{i}', '数值梯度 ∂J/∂θ_{i}')
set ylabel tr('backpropagation ∂J/∂θ_{i}', '反向传播 ∂J/∂θ_{i}')
set key at screen 0.26, screen 0.82 center bottom vertical maxrows 1 Left reverse width 0
set xtics 0.1 format '%g'; set ytics 0.1 format '%g'
plot x with lines lt 7 lw 2 dt 2 title tr('equal', '相等'), \
     in using 'numerical':'backprop' with points lt 1 pt 7 ps 2 title tr('parameter', '参数')

set lmargin at screen 0.58; set rmargin at screen 0.97
set autoscale
set logscale y
set format y '10^{%L}'
set xtics auto format '%g'; set ytics auto
set xrange [-1 : n]
set yrange [*:*]
set xlabel tr('parameter i', '参数 i')
set ylabel tr('absolute value (log scale)', '绝对值（对数坐标）')
# |difference| is |numerical - backprop|: a longer name would not fit in one row.
set key at screen 0.775, screen 0.82 center bottom vertical maxrows 1 Left reverse width 0
plot in using 'param':(abs(column('numerical') - column('backprop')) + 1e-300) with impulses lt 2 lw 3 notitle, \
     '' using 'param':(abs(column('numerical') - column('backprop')) + 1e-300) with points lt 2 pt 7 ps 1.5 \
        title tr('|difference|', '|两者之差|'), \
     '' using 'param':(abs(column('numerical'))) with points lt 1 pt 6 ps 1.5 title tr('|gradient|', '|梯度|')
unset multiplot
