# style.gp - the look shared by every nnwb figure; each plots/*.gp loads it.
#
# Reads (set them before loading, most with -e on the command line):
#   out    the output file; its extension picks the terminal: .svg -> svg,
#          anything else -> pngcairo (PNG)
#   format 'svg' or 'png': the terminal, whatever out's name (nnwb plot draws
#          into a temporary file, which has no extension)
#   lang   'zh' for Chinese labels (a CJK font from fonts-noto-cjk); 'en' by
#          default, or 'zh' when the environment's LANG starts with zh
#   fig_w, fig_h   size in pixels (the figure script sets its own default)
# Defines:
#   tr(en, zh)     the label in the chosen language
#   okabe_N        the Okabe-Ito colours, safe for colour-blind viewers;
#                  line types 1-7 use them in the order blue, vermillion,
#                  bluish green, orange, reddish purple, sky blue, black
#   require(f)     the number of data lines in file f (0 if it is missing);
#                  the scripts stop with one line on stderr when it is 0
# Text is large and lines are thick so that a figure reads from the back of
# a lecture room.

if (!exists("out")) {
    print "nnwb plots: set the output file, e.g. gnuplot -e \"in='cost.csv'; out='cost.png'\" plots/cost.gp"
    exit status 2
}
if (!exists("lang")) { lang = system('printf %s "${LANG:-en}" | cut -c1-2') }
lang = (lang eq 'zh') ? 'zh' : 'en'
tr(en, zh) = (lang eq 'zh') ? zh : en

if (!exists("fig_w")) { fig_w = 1600 }
if (!exists("fig_h")) { fig_h = 1000 }
if (!exists("font_size")) { font_size = 26 }
fig_font = (lang eq 'zh') ? 'Noto Sans CJK SC' : 'DejaVu Sans'

# The terminal from format, else from the extension of out.
_ext = exists("format") ? '.'.format : strlen(out) >= 4 ? out[strlen(out)-3:strlen(out)] : ''
if (_ext eq '.svg') {
    set terminal svg size fig_w, fig_h dynamic enhanced font sprintf('%s,%d', fig_font, font_size) \
        linewidth 2 background rgb 'white'
} else {
    set terminal pngcairo size fig_w, fig_h enhanced font sprintf('%s,%d', fig_font, font_size) \
        linewidth 2 background rgb 'white'
}
set encoding utf8
# The script itself says `set output out`, after checking its input, so that
# a missing input never leaves an empty picture behind.

# Okabe & Ito (2008), "Color Universal Design".
okabe_black = '#000000'; okabe_orange = '#E69F00'; okabe_skyblue = '#56B4E9'
okabe_green = '#009E73'; okabe_yellow = '#F0E442'; okabe_blue = '#0072B2'
okabe_vermillion = '#D55E00'; okabe_purple = '#CC79A7'
set linetype 1 lc rgb okabe_blue       lw 3 pt 7 ps 1.5
set linetype 2 lc rgb okabe_vermillion lw 3 pt 5 ps 1.5
set linetype 3 lc rgb okabe_green      lw 3 pt 9 ps 1.8
set linetype 4 lc rgb okabe_orange     lw 3 pt 11 ps 1.8
set linetype 5 lc rgb okabe_purple     lw 3 pt 13 ps 1.8
set linetype 6 lc rgb okabe_skyblue    lw 3 pt 15 ps 1.8
set linetype 7 lc rgb okabe_black      lw 3 pt 3 ps 1.5
set linetype cycle 7

set border lw 1.5
set grid lc rgb '#c8c8c8' lw 1.5 dt 1
set key noenhanced opaque box lw 1 samplen 2 spacing 1.2
set title font sprintf('%s,%d', fig_font, font_size + 4)
set tics nomirror out
set mxtics; set mytics

# require(f): data lines in f (not comments, not blank; a first header line
# counts, the scripts ask for more than 1 where there is one).
require(f) = int(system(sprintf("if [ -r '%s' ]; then awk '!/^[ \\t]*(#|$)/ { n++ } END { print n + 0 }' '%s'; else echo 0; fi", f, f)))
