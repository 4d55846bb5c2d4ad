# accuracy.gp - training vs held-out accuracy over the iterations: for each
# run a solid line (training set) and a dashed one (held-out set) in the
# same colour, so overfitting shows as a gap that opens between the two.
#
#   gnuplot -e "in='l0.csv l1.csv'; titles='\"λ = 0\" \"λ = 1\"'; out='accuracy.png'" plots/accuracy.gp
#
#   in      logs of `nnwb train --test T.mat --log` (columns iteration,cost,
#           train_accuracy,test_accuracy,seconds; accuracies as fractions)
#   titles  the runs' labels (default: the file names)
#   x       'iteration' (default) or 'seconds';  ymin: lower end of the axis in %
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
if (!exists("titles")) { titles = in }
if (!exists("x")) { x = 'iteration' }
if (!exists("title")) { title = tr('Training vs held-out accuracy', '训练集与留出集上的准确率') }

set output out
set datafile separator comma
set datafile columnheaders
set datafile missing ''
set title title noenhanced
set xlabel (x eq 'seconds') ? tr('time (s)', '时间（秒）') : tr('iteration', '迭代次数')
set ylabel tr('accuracy (%)', '准确率（%）')
if (exists("ymin")) { set yrange [ymin:100] } else { set yrange [*:100] }
set key bottom right
train_t = tr('training', '训练集')
test_t = tr('held-out', '留出集')
plot for [i = 1:words(in)] word(in, i) using x:(100 * column('train_accuracy')) with lines lt i dt 1 \
         title sprintf('%s, %s', word(titles, i), train_t), \
     for [i = 1:words(in)] word(in, i) using x:(100 * column('test_accuracy')) with lines lt i dt 2 \
         title sprintf('%s, %s', word(titles, i), test_t)
