# accuracy.gp - overfitting and what λ does about it: one panel per training
# run, side by side on the same axes, each with its training accuracy (solid)
# and held-out accuracy (dashed) over the iterations and the gap between the
# two shaded. A gap that keeps opening is overfitting; a larger λ keeps it
# narrower. Each panel's title gives the run's label and where the two
# curves end.
#
#   gnuplot -e "in='l0.csv l3.csv'; titles='\"λ = 0\" \"λ = 3\"'; out='accuracy.png'" plots/accuracy.gp
#
#   in      logs of `nnwb train --test T.mat --log` (columns iteration,cost,
#           train_accuracy,test_accuracy,...; accuracies as fractions), 1 to 4
#   titles  the runs' labels (default: the file names)
#   x       'iteration' (default), 'evaluations' or 'seconds';  ymin: lower end
#           of the accuracy axis in %
#   title   the chart's title;  lang, out, fig_w, fig_h: see style.gp
_dir = ARG0; _i = strlen(_dir); while (_i > 0 && _dir[_i:_i] ne '/') { _i = _i - 1 }
load ((_i > 0) ? _dir[1:_i] : '').'style.gp'

if (!exists("in") || words(in) == 0) {
    print "accuracy.gp: no input: set in='cost.csv' (logs of nnwb train --test T.mat --log)"; exit status 1
}
# A held-out accuracy in the 4th column of some data line.
has_test(f) = int(system(sprintf("awk -F, 'NR > 1 && $4 != \"\" { n++ } END { print n + 0 }' '%s'", f)))
do for [i = 1:words(in)] {
    if (require(word(in, i)) < 2) {
        print sprintf("accuracy.gp: %s: missing or has no data lines (expected a log of nnwb train --log)", word(in, i))
        exit status 1
    }
    if (has_test(word(in, i)) == 0) {
        print sprintf("accuracy.gp: %s: no test_accuracy values (train with --test T.mat)", word(in, i))
        exit status 1
    }
}
runs = words(in)
if (runs > 4) { print sprintf("accuracy.gp: %d logs, at most 4 (a panel each)", runs); exit status 1 }
if (!exists("titles")) { titles = in }
if (!exists("x")) { x = 'iteration' }
if (!exists("title")) { title = tr('Training vs held-out accuracy', '训练集与留出集上的准确率') }

set datafile separator comma
set datafile columnheaders
set datafile missing ''
# The last row's accuracies of each run, in %, for the panel titles.
array end_train[runs]; array end_test[runs]
do for [i = 1:runs] {
    stats word(in, i) using (last_train = column('train_accuracy'), last_test = column('test_accuracy'), 0) nooutput
    end_train[i] = 100 * last_train; end_test[i] = 100 * last_test
}

set output out
set multiplot title title noenhanced font sprintf('%s,%d', fig_font, font_size + 4)
set xlabel (x eq 'seconds') ? tr('time (s)', '时间（秒）') : \
           (x eq 'evaluations') ? tr('evaluations of J and ∇J', 'J 与 ∇J 的求值次数') : tr('iteration', '迭代次数')
set ylabel tr('accuracy (%)', '准确率（%）')
if (exists("ymin")) { set yrange [ymin:100] } else { set yrange [*:100] }
# The panels share the top and bottom; the legend sits in one row between
# the figure's title and the panels, where it covers no curve.
set tmargin at screen 0.74; set bmargin at screen 0.17
set key at screen 0.5, screen 0.845 center bottom vertical maxrows 1 Left reverse width 1
# Panels of equal width, the accuracy axis labelled on the first only.
panel_gap = 0.07
panel_w = (0.97 - 0.11 - (runs - 1) * panel_gap) / runs
train_t = tr('training', '训练集')
test_t = tr('held-out', '留出集')
gap_t = tr('gap: overfitting', '差距：过拟合')
do for [i = 1:runs] {
    set title sprintf(tr('%s: %.1f%% training, %.1f%% held-out', '%s：训练集 %.1f%%，留出集 %.1f%%'), \
                      word(titles, i), end_train[i], end_test[i]) noenhanced font sprintf('%s,%d', fig_font, font_size - 2)
    set lmargin at screen 0.11 + (i - 1) * (panel_w + panel_gap)
    set rmargin at screen 0.11 + (i - 1) * (panel_w + panel_gap) + panel_w
    if (i > 1) { unset key; unset ylabel }
    plot word(in, i) using x:(100 * column('train_accuracy')):(100 * column('test_accuracy')) \
             with filledcurves fc rgb '#bbbbbb' fs transparent solid 0.45 noborder title gap_t, \
         '' using x:(100 * column('train_accuracy')) with lines lt 1 dt 1 title train_t, \
         '' using x:(100 * column('test_accuracy')) with lines lt 2 dt 2 title test_t
}
unset multiplot
