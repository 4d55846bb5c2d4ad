# gradcheck.gp - gradient checking on the course's debug network: left, each
# parameter's backpropagation gradient against its numerical gradient (the
# points sit on the diagonal when backprop is right); right, the size of
# their difference for each parameter on a log scale. The title gives the
# relative difference ||num - backprop|| / ||num + backprop||.
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
                       '梯度检验（%d 个参数）：相对差 %.1e'), n, rel)
}
# The course's bound on the relative difference.
bound = 1e-9

set output out
set multiplot layout 1, 2 title title noenhanced font sprintf('%s,%d', fig_font, font_size + 4)
set tmargin 4
set size ratio -1
set xrange [lo - pad : hi + pad]
set yrange [lo - pad : hi + pad]
set xlabel tr('numerical gradient', '数值梯度')
set ylabel tr('backpropagation', '反向传播')
set key top left
set xtics 0.05 format '%g'; set ytics 0.05 format '%g'
plot x with lines lt 7 lw 2 dt 2 title tr('equal', '相等'), \
     in using 'numerical':'backprop' with points lt 1 pt 7 ps 2 title tr('parameter', '参数')

set size noratio
set autoscale
set logscale y
set format y '10^{%L}'
set xtics auto format '%g'; set ytics auto
set xrange [-1 : n]
set yrange [*:*]
set xlabel tr('parameter', '参数')
set ylabel tr('absolute value', '绝对值')
set key right center
plot in using 'param':(abs(column('numerical') - column('backprop')) + 1e-300) with impulses lt 2 lw 3 notitle, \
     '' using 'param':(abs(column('numerical') - column('backprop')) + 1e-300) with points lt 2 pt 7 ps 1.5 \
        title tr('|numerical - backprop|', '|数值 - 反向传播|'), \
     '' using 'param':(abs(column('numerical'))) with points lt 1 pt 6 ps 1.5 title tr('|gradient|', '|梯度|')
unset multiplot
