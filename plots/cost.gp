# cost.gp - cost curves: the cost J(θ) of one or more training runs against
# the iterations (or the evaluations of J and ∇J, or the seconds), one line
# per run, on one chart. To compare optimizers, plot against evaluations:
# an iteration of CG costs several, an Adam epoch one in mini-batches, and
# seconds change from run to run and machine to machine.
#
#   gnuplot -e "in='cost.csv'; out='cost.png'" plots/cost.gp
#   gnuplot -e "in='l0.csv l1.csv l3.csv'; titles='\"λ = 0\" \"λ = 1\" \"λ = 3\"'; logy=1; out='cost.svg'" plots/cost.gp
#
#   in      logs of `nnwb train --log` (columns iteration,cost,train_accuracy,
#           test_accuracy,seconds,evaluations), separated by spaces; "quote" a
#           name with spaces
#   titles  the legend's labels in the same order (default: the file names)
#   x       'iteration' (default), 'evaluations' or 'seconds' along the x-axis
#   logy    1: logarithmic cost axis;  logx 1: logarithmic x-axis (the start,
#           at 0 evaluations, is then left out)
#   title   the chart's title;  lang, out, fig_w, fig_h: see style.gp
_dir = ARG0; _i = strlen(_dir); while (_i > 0 && _dir[_i:_i] ne '/') { _i = _i - 1 }
load ((_i > 0) ? _dir[1:_i] : '').'style.gp'

if (!exists("in") || words(in) == 0) {
    print "cost.gp: no input: set in='cost.csv' (logs of nnwb train --log)"; exit status 1
}
do for [i = 1:words(in)] {
    if (require(word(in, i)) < 2) {
        print sprintf("cost.gp: %s: missing or has no data lines (expected a log of nnwb train --log)", word(in, i))
        exit status 1
    }
}
if (!exists("titles")) { titles = in }
if (!exists("x")) { x = 'iteration' }
if (!exists("logy")) { logy = 0 }
if (!exists("logx")) { logx = 0 }
if (!exists("title")) { title = tr('Cost during training', '训练过程中的代价') }

set output out
set datafile separator comma
set datafile columnheaders
set title title noenhanced
set xlabel (x eq 'seconds') ? tr('time (s)', '时间（秒）') : \
           (x eq 'evaluations') ? tr('evaluations of J and ∇J (in whole training sets)', 'J 与 ∇J 的求值次数（以整个训练集计）') : \
           tr('iteration', '迭代次数')
set ylabel tr('cost J(θ)', '代价 J(θ)')
if (logy) { set logscale y; set format y '%g'; set mytics 10 }
if (logx) { set logscale x; set format x '%g'; set mxtics 10; set autoscale xfix }
set key top right
plot for [i = 1:words(in)] word(in, i) using x:'cost' with lines lt i title word(titles, i)
