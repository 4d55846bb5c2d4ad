# learning.gp - the learning curve: training and held-out error of networks
# trained on more and more examples. A large gap between the two means the
# network would gain from more data (high variance); two high curves that
# meet mean it cannot fit the data (high bias).
#
#   nnwb plot learning --data D.mat --test T.mat --keep-data learning.csv -o learning.png
#   gnuplot -e "in='learning.csv'; out='learning.png'" plots/learning.gp
#
#   in      the CSV of `nnwb plot learning` (columns m,train_error,test_error,
#           train_cost,test_cost; errors as fractions)
#   metric  'error' (default: misclassified, in %) or 'cost' (J without λ)
#   logx    0 for a linear axis of examples (default 1: logarithmic)
#   title   the chart's title;  lang, out: see style.gp
_dir = ARG0; _i = strlen(_dir); while (_i > 0 && _dir[_i:_i] ne '/') { _i = _i - 1 }
load ((_i > 0) ? _dir[1:_i] : '').'style.gp'

if (!exists("in")) { print "learning.gp: no input: set in='learning.csv' (from nnwb plot learning)"; exit status 1 }
if (require(in) < 2) {
    print sprintf("learning.gp: %s: missing or has no data lines (expected the CSV of nnwb plot learning)", in)
    exit status 1
}
if (!exists("metric")) { metric = 'error' }
if (!exists("logx")) { logx = 1 }
if (!exists("title")) { title = tr('Learning curve', '学习曲线') }

set datafile separator comma
set datafile columnheaders
stats in using 'm' nooutput
set output out
set title title noenhanced
set xlabel tr('training examples m', '训练样本数 m')
if (logx) {
    set logscale x; set format x '%g'; set mxtics 10
    set xtics (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)
    set xrange [STATS_min / 1.3 : STATS_max * 1.3]
} else {
    set xrange [0 : STATS_max * 1.05]
}
set key top right
if (metric eq 'cost') {
    set ylabel tr('cost J(θ) without regularization', '代价 J(θ)（不含正则项）')
    plot in using 'm':'train_cost' with linespoints lt 1 title tr('training', '训练集'), \
         in using 'm':'test_cost' with linespoints lt 2 dt 2 title tr('held-out', '留出集')
} else {
    set ylabel tr('error (%)', '错误率（%）')
    set yrange [0:*]
    plot in using 'm':(100 * column('train_error')) with linespoints lt 1 title tr('training', '训练集'), \
         in using 'm':(100 * column('test_error')) with linespoints lt 2 dt 2 title tr('held-out', '留出集')
}
