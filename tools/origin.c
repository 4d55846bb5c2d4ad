/* origin.c - which chapters this program runs (cli.h: cli_mine, cli_chapters_dir).
 *
 * Compiled twice: plainly for build/nnwb, which is linked with the reference
 * solutions, and with -DNN_MINE_DIR='"exercises/"' for build/nnwb-mine
 * (make mine), which is linked with the student's own chapters. */
#include "cli.h"

#ifdef NN_MINE_DIR
const bool cli_mine = true;
const char cli_chapters_dir[] = NN_MINE_DIR;
#else
const bool cli_mine = false;
const char cli_chapters_dir[] = "";
#endif
