/* cmd_data.c - `nnwb data mnist`: build a course-format data set (digits20)
 * from the MNIST IDX files. The work is in lib/ (nn_idx, nn_digits,
 * nn_resize, nn_matio); this file parses options, reports and sets the exit
 * status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "nn_digits.h"
#include "nn_idx.h"
#include "nn_matio.h"

#define CMD "data"
#define DEFAULT_SIZE 20 /* the course's 20×20 digits */

static const char USAGE[] =
    "mnist --images IMAGES --labels LABELS --per-class N [--offset K] [--size S] -o OUT.mat";

static void help(void)
{
    printf("usage: nnwb data %s\n\n", USAGE);
    printf("Build a course-format data set from MNIST IDX files (plain or .gz), as docs/FACTS.md's\n"
           "digits20: for each digit 0, 1, ..., 9 in turn, take its examples K+1 .. K+N in file\n"
           "order (fewer if the file has fewer), scale them to 0..1, resize them to S×S with\n"
           "MATLAB's bicubic antialiased imresize and unroll them column-major.\n\n"
           "  --images FILE    IDX image file, e.g. t10k-images-idx3-ubyte.gz\n"
           "  --labels FILE    IDX label file, e.g. t10k-labels-idx1-ubyte.gz\n"
           "  --per-class N    examples to take of each digit\n"
           "  --offset K       examples of each digit to skip first (default 0)\n"
           "  --size S         output side (default %d; the image side, e.g. 28, means no resize)\n"
           "  -o OUT.mat       output: X (m×S² double) and y (m×1 uint8, 10 for digit 0);\n"
           "                   written whole or not at all\n\n"
           "digits20:  --per-class 500 -o digits20.mat\n"
           "held out:  --per-class 400 --offset 500 -o digits20-test.mat\n",
           DEFAULT_SIZE);
}

/* The parsed command line. */
typedef struct {
    const char *images; /* --images */
    const char *labels; /* --labels */
    const char *out;    /* -o */
    int per_class;      /* --per-class, 0 until given */
    int offset;         /* --offset */
    int size;           /* --size */
} options;

/* Parse argv into o: 0 to go on, otherwise the exit status (after --help 0,
 * after one line on stderr 2). */
static int parse(int argc, char **argv, options *o)
{
    *o = (options){.size = DEFAULT_SIZE};
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help();
            return -1;
        }
    if (argc < 2)
        return cli_usage(CMD, USAGE);
    if (strcmp(argv[1], "mnist") != 0) {
        if (argv[1][0] == '-')
            cli_error(CMD, "the source comes first: nnwb data mnist %s ...", argv[1]);
        else
            cli_error(CMD, "unknown source '%s' (the one source is 'mnist')", argv[1]);
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        const char *opt = argv[i], *v;
        if (!strcmp(opt, "--images") || !strcmp(opt, "--labels") || !strcmp(opt, "-o")) {
            if (!(v = cli_value(CMD, argc, argv, &i)))
                return 2;
            *(opt[2] == 'i' ? &o->images : opt[2] == 'l' ? &o->labels : &o->out) = v;
        } else if (!strcmp(opt, "--per-class")) {
            if (!(v = cli_value(CMD, argc, argv, &i)) || !cli_int(CMD, opt, v, 1, NN_IDX_MAX_COUNT, &o->per_class))
                return 2;
        } else if (!strcmp(opt, "--offset")) {
            if (!(v = cli_value(CMD, argc, argv, &i)) || !cli_int(CMD, opt, v, 0, NN_IDX_MAX_COUNT, &o->offset))
                return 2;
        } else if (!strcmp(opt, "--size")) {
            if (!(v = cli_value(CMD, argc, argv, &i)) || !cli_int(CMD, opt, v, 1, NN_DIGITS_MAX_SIZE, &o->size))
                return 2;
        } else {
            cli_error(CMD, "unknown option '%s' (see nnwb data --help)", opt);
            return 2;
        }
    }
    const char *missing = !o->images ? "--images IMAGES" : !o->labels ? "--labels LABELS"
                          : !o->per_class ? "--per-class N" : !o->out ? "-o OUT.mat" : NULL;
    if (missing) {
        cli_error(CMD, "%s is required (see nnwb data --help)", missing);
        return 2;
    }
    return 0;
}

int cmd_data(int argc, char **argv)
{
    options o;
    int status = parse(argc, argv, &o);
    if (status != 0)
        return status < 0 ? 0 : status;
    const cli_file files[] = {
        {"--images", o.images, false}, {"--labels", o.labels, false}, {"-o", o.out, true}};
    if ((status = cli_check_files(CMD, files, 3)) != 0)
        return status;

    nn_error err;
    nn_idx_images *images = NULL;
    unsigned char *labels = NULL;
    int n_labels = 0;
    nn_mat *X = NULL, *y = NULL;
    nn_digits_counts counts;
    status = 1;
    if (nn_idx_read_images(o.images, &images, &err) != 0 ||
        nn_idx_read_labels(o.labels, &labels, &n_labels, &err) != 0) {
        cli_error(CMD, "%s", err.msg);
        goto done;
    }
    if (images->count != n_labels) {
        cli_error(CMD, "%s has %d images but %s has %d labels", o.images, images->count,
                  o.labels, n_labels);
        goto done;
    }
    if (nn_digits_build(&X, &y, &counts, images, labels, n_labels, o.per_class, o.offset,
                        o.size, &err) != 0) {
        cli_error(CMD, "%s: %s", o.labels, err.msg);
        goto done;
    }
    const nn_matvar vars[] = {{"X", X, false}, {"y", y, true}};
    if (nn_mat_write(o.out, vars, 2, &err) != 0) {
        cli_error(CMD, "%s", err.msg);
        goto done;
    }

    double lo = X->data[0], hi = X->data[0];
    for (int i = 0; i < X->rows; i++)
        for (int j = 0; j < X->cols; j++) {
            double v = NN_AT(X, i, j);
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
    printf("wrote %s: %d examples, %d inputs, values in [%.3f, %.3f]\n", o.out, X->rows, X->cols,
           lo, hi);
    for (int d = 0; d < 10; d++)
        if (counts.taken[d] < o.per_class)
            printf("  digit %d: %d examples, not %d (the file has %d, the first %d skipped)\n", d,
                   counts.taken[d], o.per_class, counts.available[d], o.offset);
    status = 0;
done:
    nn_mat_free(X);
    nn_mat_free(y);
    free(labels);
    nn_idx_images_free(images);
    return status;
}
