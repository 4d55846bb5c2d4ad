/* nn_matio.c - checked .mat reading and atomic .mat writing (see nn_matio.h).
 *
 * matio stores arrays column-major (as MATLAB does); nn_mat is row-major, so
 * every read and write transposes the layout, never the meaning: element
 * (i, j) in MATLAB is element (i, j) here. */
#include "nn_matio.h"

#include <errno.h>
#include <math.h>
#include <matio.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<hdf5.h>)
#include <hdf5.h> /* matio reads v7.3 files through HDF5, which prints its own errors */
#define HAVE_HDF5 1
#endif
#endif

#include "nn_atomic.h"
#include "nn_file.h"

/* matio reports problems through a log callback. We keep the last message so
 * that an error can say what matio saw, and print nothing ourselves. One per
 * thread: a large variable is read by two (read_blocks). */
static _Thread_local char matio_last[256];

static void matio_log(int level, char *message)
{
    (void)level;
    snprintf(matio_last, sizeof matio_last, "%s", message ? message : "");
}

#ifdef HAVE_HDF5
/* HDF5 prints a stack of errors, quoting its own source files, to stderr.
 * We keep the innermost (most specific) description instead, e.g.
 * "truncated file: eof = 2000, sblock->base_addr = 512, stored_eof = 6224". */
static _Thread_local char hdf5_last[256];

static herr_t hdf5_walk(unsigned n, const H5E_error2_t *e, void *data)
{
    (void)n;
    (void)data;
    if (e->desc && e->desc[0])
        snprintf(hdf5_last, sizeof hdf5_last, "%s", e->desc);
    return 0;
}

static herr_t hdf5_log(hid_t stack, void *data)
{
    (void)data;
    H5Ewalk2(stack, H5E_WALK_DOWNWARD, hdf5_walk, NULL);
    return 0;
}
#endif

static void install_loggers(void)
{
    Mat_LogInitFunc("nnwb", matio_log);
#ifdef HAVE_HDF5
    H5Eset_auto2(H5E_DEFAULT, hdf5_log, NULL);
#endif
}

static void matio_quiet(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install_loggers);
    matio_last[0] = '\0';
#ifdef HAVE_HDF5
    hdf5_last[0] = '\0';
#endif
}

/* What HDF5 last complained about, or "" (also without HDF5). */
static const char *hdf5_message(void)
{
#ifdef HAVE_HDF5
    return hdf5_last;
#else
    return "";
#endif
}

/* What matio, else HDF5, last complained about, or "". */
static const char *library_message(void)
{
    return matio_last[0] ? matio_last : hdf5_message();
}

static const char *class_name(enum matio_classes c)
{
    switch (c) {
    case MAT_C_CELL: return "a cell array";
    case MAT_C_STRUCT: return "a struct";
    case MAT_C_OBJECT: return "an object";
    case MAT_C_CHAR: return "a char array";
    case MAT_C_SPARSE: return "a sparse matrix";
    case MAT_C_FUNCTION: return "a function handle";
    case MAT_C_OPAQUE: return "an opaque object";
    case MAT_C_EMPTY: return "empty";
    default: return "numeric";
    }
}

/* Value k (column-major index) of a numeric variable, as double. */
static double element(const matvar_t *v, size_t k)
{
    switch (v->class_type) {
    case MAT_C_DOUBLE: return ((const double *)v->data)[k];
    case MAT_C_SINGLE: return ((const float *)v->data)[k];
    case MAT_C_INT8: return ((const int8_t *)v->data)[k];
    case MAT_C_UINT8: return ((const uint8_t *)v->data)[k];
    case MAT_C_INT16: return ((const int16_t *)v->data)[k];
    case MAT_C_UINT16: return ((const uint16_t *)v->data)[k];
    case MAT_C_INT32: return ((const int32_t *)v->data)[k];
    case MAT_C_UINT32: return ((const uint32_t *)v->data)[k];
    case MAT_C_INT64: return (double)((const int64_t *)v->data)[k];
    case MAT_C_UINT64: return (double)((const uint64_t *)v->data)[k];
    default: return NAN;
    }
}

/* dst = v, from MATLAB's column-major order to row-major, in square tiles
 * so that both sides stay in cache; doubles, the usual class, are read
 * without element()'s per-value switch. False if a value is not finite (dst
 * is then partly written). */
static bool to_row_major(nn_mat *dst, const matvar_t *v)
{
    enum { TILE = 32 };
    const size_t r = (size_t)dst->rows, c = (size_t)dst->cols;
    const double *d = v->class_type == MAT_C_DOUBLE ? v->data : NULL;
    double bad = 0.0; /* stays 0 unless a value is NaN or infinite (then NaN) */
    for (size_t i0 = 0; i0 < r; i0 += TILE)
        for (size_t j0 = 0; j0 < c; j0 += TILE)
            for (size_t i = i0; i < i0 + TILE && i < r; i++)
                for (size_t j = j0; j < j0 + TILE && j < c; j++) {
                    double x = d ? d[j * r + i] : element(v, j * r + i);
                    bad += x - x; /* 0 for a finite x, NaN otherwise */
                    NN_AT(dst, i, j) = x;
                }
    return bad == 0.0;
}

/* The error for the first value of v that is not finite, column by column
 * (MATLAB's order), as the tiled reader (read_tile) reports it too. */
static int not_finite(const char *path, const char *name, const matvar_t *v, nn_error *err)
{
    const size_t r = v->dims[0], n = v->dims[0] * v->dims[1];
    size_t k = 0;
    while (k + 1 < n && isfinite(element(v, k)))
        k++;
    double x = element(v, k);
    return nn_fail(err, "%s: %s(%zu,%zu) is %s, expected a finite number", path, name, k % r + 1, k / r + 1,
                   isnan(x) ? "NaN" : "infinite");
}

static bool is_numeric(enum matio_classes c)
{
    return c >= MAT_C_DOUBLE && c <= MAT_C_UINT64;
}

static uint32_t get_u32(const unsigned char *b, bool little)
{
    return little ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24
                  : (uint32_t)b[3] | (uint32_t)b[2] << 8 | (uint32_t)b[1] << 16 | (uint32_t)b[0] << 24;
}

/* A MATLAB v5 file is a 128-byte header, then data elements, each an 8-byte
 * tag (type, byte count) followed by that many bytes, padded to a multiple
 * of 8 unless compressed. matio reads a cut-off file without complaint
 * (the missing numbers come back as garbage), so we check that every
 * element fits in the file before trusting it. */
#define MAT5_HEADER 128
#define MAT5_COMPRESSED 15
static int check_v5_extent(const char *path, nn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return nn_fail(err, "%s: cannot open: %s", path, strerror(errno));
    unsigned char hdr[MAT5_HEADER], tag[8];
    int rc = -1;
    if (fread(hdr, 1, sizeof hdr, f) != sizeof hdr || fseek(f, 0, SEEK_END) != 0) {
        nn_fail(err, "%s: truncated: the 128-byte MAT header is incomplete", path);
        goto done;
    }
    long size = ftell(f);
    bool little = hdr[126] == 'I' && hdr[127] == 'M'; /* the writer's "MI" as it lies in the file */
    long pos = MAT5_HEADER;
    while (pos < size) {
        if (size - pos < 8 || fseek(f, pos, SEEK_SET) != 0 || fread(tag, 1, 8, f) != 8) {
            nn_fail(err, "%s: truncated: %ld stray bytes at the end", path, size - pos);
            goto done;
        }
        uint32_t type = get_u32(tag, little), nbytes = get_u32(tag + 4, little);
        if (type >> 16) { /* a "small" element: tag and data share 8 bytes */
            pos += 8;
            continue;
        }
        long end = pos + 8 + (long)nbytes;
        if (end > size) {
            nn_fail(err, "%s: truncated: a variable needs %u bytes, only %ld remain", path, nbytes, size - pos - 8);
            goto done;
        }
        pos = type == MAT5_COMPRESSED ? end : (end + 7) / 8 * 8;
    }
    rc = 0;
done:
    fclose(f);
    return rc;
}

/* Files that users of Octave save by mistake, told apart by their first
 * bytes, with what to do instead. */
static const struct {
    const char *magic;
    size_t len;
    const char *what;
} FOREIGN[] = {
    {"# Created by Octave", 19, "an Octave text file (save -text)"},
    {"Octave-1-", 9, "an Octave binary file (save -binary)"},
    {"\x89HDF\r\n\x1a\n", 8, "an HDF5 file without MATLAB's header (Octave's save -hdf5)"},
    {"\x1f\x8b", 2, "a gzip-compressed file (Octave's save -zip)"},
};

/* Open path for reading, telling a missing, empty or foreign file from one
 * that is not a MAT file and from one that was cut off. */
static mat_t *open_mat(const char *path, nn_error *err)
{
    matio_quiet();
    if (nn_file_input(path, "a MATLAB .mat file", err) != 0)
        return NULL;
    mat_t *mat = Mat_Open(path, MAT_ACC_RDONLY);
    if (!mat) {
        char head[MAT5_HEADER] = "";
        FILE *f = fopen(path, "rb");
        size_t n = f ? fread(head, 1, sizeof head, f) : 0;
        if (f)
            fclose(f);
        if (n < MAT5_HEADER && n >= 6 && !memcmp(head, "MATLAB", 6)) {
            nn_fail(err, "%s: truncated: the 128-byte MAT header is incomplete (%zu bytes)", path, n);
            return NULL;
        }
        for (size_t k = 0; k < sizeof FOREIGN / sizeof FOREIGN[0]; k++)
            if (n >= FOREIGN[k].len && !memcmp(head, FOREIGN[k].magic, FOREIGN[k].len)) {
                nn_fail(err, "%s: %s, not a MATLAB .mat file; in Octave, save it with -v7", path,
                        FOREIGN[k].what);
                return NULL;
            }
        nn_fail(err, "%s: not a MATLAB .mat file, or its header is corrupt", path);
        return NULL;
    }
    if (Mat_GetVersion(mat) == MAT_FT_MAT73 && hdf5_message()[0]) {
        nn_fail(err, "%s: truncated or corrupt MATLAB v7.3 (HDF5) file (HDF5: %s)", path, hdf5_message());
        Mat_Close(mat);
        return NULL;
    }
    if (Mat_GetVersion(mat) == MAT_FT_MAT5 && check_v5_extent(path, err) != 0) {
        Mat_Close(mat);
        return NULL;
    }
    return mat;
}

/* The header of variable name (its class and shape, not its values), with
 * the checks every reader needs: present, numeric, real, 2-D, non-empty, not
 * too large. NULL with err set otherwise; Mat_VarFree it. */
static matvar_t *read_header(mat_t *mat, const char *path, const char *name, nn_error *err)
{
    matio_quiet();
    matvar_t *info = Mat_VarReadInfo(mat, name);
    if (!info) {
        if (library_message()[0])
            nn_fail(err, "%s: corrupt or truncated file while looking for %s (%s)", path, name,
                    library_message());
        else
            nn_fail(err, "%s: no variable named %s", path, name);
        return NULL;
    }
    enum matio_classes cls = info->class_type;
    if (!is_numeric(cls) && cls != MAT_C_EMPTY)
        nn_fail(err, "%s: %s is %s, expected a numeric matrix", path, name, class_name(cls));
    else if (info->isComplex)
        nn_fail(err, "%s: %s is complex, expected a real matrix", path, name);
    else if (info->rank != 2)
        nn_fail(err, "%s: %s has %d dimensions, expected a 2-D matrix", path, name, info->rank);
    else if (info->dims[0] == 0 || info->dims[1] == 0 || cls == MAT_C_EMPTY)
        nn_fail(err, "%s: %s is empty (%zu×%zu)", path, name, info->dims[0], info->dims[1]);
    else if (info->dims[0] > INT32_MAX || info->dims[1] > INT32_MAX)
        nn_fail(err, "%s: %s is too large (%zu×%zu)", path, name, info->dims[0], info->dims[1]);
    else
        return info;
    Mat_VarFree(info);
    return NULL;
}

/* The error for a variable matio could not read, with what it said. */
static int unreadable_said(const char *path, const char *name, const char *said, nn_error *err)
{
    return nn_fail(err, "%s: %s could not be read: the file is corrupt or truncated%s%s%s", path, name,
                   said[0] ? " (" : "", said, said[0] ? ")" : "");
}

static int unreadable(const char *path, const char *name, nn_error *err)
{
    return unreadable_said(path, name, library_message(), err);
}

/* A plain variable is read in tiles of at most TILE_ROWS rows and about
 * BLOCK_BYTES: whole columns when they are short (digits20's 5000 rows, 26
 * columns a tile), else parts of columns, so that each row of a row-major
 * destination gets a run of values at a time. Narrow tiles of whole
 * 60,000-row columns wrote 8 values per row per pass, a TLB miss each. */
#define BLOCK_BYTES ((size_t)1 << 20)
#define TILE_ROWS ((size_t)8192)

/* Whether a variable can be read a tile at a time: plain (uncompressed)
 * doubles in a v5 file, which is how nn_mat_write stores a data set, with
 * linear indices that fit matio's int. */
static bool blockwise(mat_t *mat, const matvar_t *info)
{
    return Mat_GetVersion(mat) == MAT_FT_MAT5 && info->compression == MAT_COMPRESSION_NONE &&
           info->class_type == MAT_C_DOUBLE && info->rank == 2 && info->dims[0] > 0 &&
           info->dims[0] * info->dims[1] <= INT32_MAX;
}

/* One tile: rows i0 .. i0+rows-1 and columns j0 .. j0+n-1 of the variable,
 * column-major in block (rows by n). */
typedef struct {
    const double *block;
    size_t i0, rows, j0, n;
} tile;

/* visit(&tile, ctx) for the rows row0 .. row0+rows-1 of a blockwise()
 * variable, tile by tile, a band of columns at a time (all its tiles, top
 * to bottom, before the next band), through a buffer small enough to stay
 * in cache: reading the whole variable first (Mat_VarRead) takes a second
 * full-size copy whose fresh pages cost more than the reading itself, most
 * of the time to load a data set. visit returns 0 to go on, > 0 to finish
 * the band and stop, < 0 to stop at once. 0; BLOCK_UNREADABLE if matio could
 * not read a tile; BLOCK_NO_MEMORY; BLOCK_STOPPED after a band that visit
 * asked to finish; or what visit returned when < 0. */
typedef int (*tile_visit)(const tile *t, void *ctx);
enum { BLOCK_UNREADABLE = 1, BLOCK_NO_MEMORY = 2, BLOCK_STOPPED = 3 };

static int each_tile(mat_t *mat, matvar_t *info, size_t row0, size_t rows, tile_visit visit, void *ctx)
{
    const size_t r = info->dims[0], c = info->dims[1];
    const size_t tr = rows < TILE_ROWS ? rows : TILE_ROWS; /* rows a tile */
    size_t cols = BLOCK_BYTES / (tr * sizeof(double));
    cols = cols < 1 ? 1 : cols > c ? c : cols;
    double *block = malloc(tr * cols * sizeof *block);
    if (!block)
        return BLOCK_NO_MEMORY;
    int rc = 0;
    bool done = false;
    for (size_t j0 = 0; j0 < c && rc == 0 && !done; j0 += cols) {
        size_t n = c - j0 < cols ? c - j0 : cols;
        for (size_t i0 = row0; i0 < row0 + rows && rc == 0; i0 += tr) {
            size_t m = row0 + rows - i0 < tr ? row0 + rows - i0 : tr;
            /* by linear index: matio 1.5.23's Mat_VarReadData ignores the
             * start column when whole columns are asked for (docs/FACTS.md,
             * "The machine"); whole columns in one call, parts one by one */
            matio_quiet();
            bool ok = true;
            if (m == r)
                ok = Mat_VarReadDataLinear(mat, info, block, (int)(j0 * r), 1, (int)(n * r)) == 0;
            for (size_t j = 0; m < r && ok && j < n; j++)
                ok = Mat_VarReadDataLinear(mat, info, block + j * m, (int)((j0 + j) * r + i0), 1, (int)m) == 0;
            if (!ok || library_message()[0]) {
                rc = BLOCK_UNREADABLE;
                break;
            }
            int v = visit(&(tile){block, i0, m, j0, n}, ctx);
            if (v > 0)
                done = true; /* the rest of this band, then stop */
            else
                rc = v;
        }
    }
    free(block);
    return rc != 0 ? rc : done ? BLOCK_STOPPED : 0;
}

/* Rows row0 .. row0+rows-1 of a variable into the same rows of dst, tile by
 * tile, and where the first value that is not finite is (column by column),
 * if one is. */
typedef struct {
    nn_mat *dst;
    size_t row0, rows;
    bool bad;            /* a value is NaN or infinite: */
    size_t bad_i, bad_j; /* the first, 0-based */
    double bad_x;
    int rc;              /* each_tile's */
    char said[256];      /* what matio said, for BLOCK_UNREADABLE */
} rows_reader;

/* The tile into dst; 1 (finish the band) once a value is not finite, and
 * the earliest such value column by column in rd. */
static int read_tile(const tile *t, void *ctx)
{
    rows_reader *rd = ctx;
    const size_t m = t->rows, n = t->n;
    double bad = 0.0; /* as in to_row_major */
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double x = t->block[j * m + i];
            bad += x - x;
            NN_AT(rd->dst, t->i0 + i, t->j0 + j) = x;
        }
    if (bad == 0.0)
        return rd->bad;
    size_t k = 0;
    while (k + 1 < m * n && isfinite(t->block[k]))
        k++;
    size_t i = t->i0 + k % m, j = t->j0 + k / m;
    if (!rd->bad || j < rd->bad_j || (j == rd->bad_j && i < rd->bad_i)) {
        rd->bad = true;
        rd->bad_i = i;
        rd->bad_j = j;
        rd->bad_x = t->block[k];
    }
    return 1;
}

static void read_rows(mat_t *mat, matvar_t *info, rows_reader *rd)
{
    rd->rc = each_tile(mat, info, rd->row0, rd->rows, read_tile, rd);
    if (rd->rc == BLOCK_UNREADABLE)
        snprintf(rd->said, sizeof rd->said, "%s", library_message());
    if (rd->rc == BLOCK_STOPPED)
        rd->rc = 0; /* at a bad value: rd->bad says where */
}

/* What the second thread of read_blocks needs. */
typedef struct {
    const char *path, *name;
    rows_reader rd;
} half_job;

/* The lower rows, from a handle of this thread's own on the same file. */
static void *read_lower_half(void *arg)
{
    half_job *h = arg;
    matio_quiet();
    mat_t *mat = Mat_Open(h->path, MAT_ACC_RDONLY);
    matvar_t *info = mat ? Mat_VarReadInfo(mat, h->name) : NULL;
    if (info && blockwise(mat, info) && info->dims[1] == (size_t)h->rd.dst->cols)
        read_rows(mat, info, &h->rd);
    else /* the file changed since the first thread opened it */
        h->rd.rc = BLOCK_UNREADABLE;
    Mat_VarFree(info);
    if (mat)
        Mat_Close(mat);
    return NULL;
}

/* Read with two threads from this size on: the page faults of a fresh
 * destination, the copying and the transposing take both cores (digits20's
 * 16 MB: 14 -> 8 ms). */
#define TWO_THREADS_BYTES ((size_t)4 << 20)

/* dst = a variable that is blockwise(): the upper rows here, the lower rows
 * (when it is large) on a second thread; an error names the first bad value
 * column by column, as the whole read does. */
static int read_blocks(mat_t *mat, matvar_t *info, const char *path, const char *name, nn_mat *dst,
                       nn_error *err)
{
    const size_t r = (size_t)dst->rows, c = (size_t)dst->cols;
    size_t upper = r * c * sizeof(double) >= TWO_THREADS_BYTES && r >= 16 ? r / 2 : r;
    half_job lower = {path, name, {dst, upper, r - upper, false, 0, 0, 0.0, 0, ""}};
    pthread_t thread;
    bool two = upper < r && pthread_create(&thread, NULL, read_lower_half, &lower) == 0;
    rows_reader up = {dst, 0, two ? upper : r, false, 0, 0, 0.0, 0, ""};
    read_rows(mat, info, &up);
    if (two)
        pthread_join(thread, NULL);
    const rows_reader *halves[2] = {&up, two ? &lower.rd : NULL}, *first = NULL;
    for (int h = 0; h < 2 && halves[h]; h++)
        if (halves[h]->rc == BLOCK_NO_MEMORY)
            return nn_fail(err, "%s: %s: out of memory", path, name);
    for (int h = 0; h < 2 && halves[h]; h++)
        if (halves[h]->rc == BLOCK_UNREADABLE)
            return unreadable_said(path, name, halves[h]->said, err);
    /* a value that is not finite: the first column by column of both halves */
    for (int h = 0; h < 2 && halves[h]; h++)
        if (halves[h]->bad && (!first || halves[h]->bad_j < first->bad_j))
            first = halves[h];
    if (!first)
        return 0;
    return nn_fail(err, "%s: %s(%zu,%zu) is %s, expected a finite number", path, name, first->bad_i + 1,
                   first->bad_j + 1, isnan(first->bad_x) ? "NaN" : "infinite");
}

/* dst = the values of the variable whose header is info (read_header),
 * converted to double; dst has its shape. 0, or -1 with err set (the file
 * is unreadable there, or a value is not finite). */
static int read_values(mat_t *mat, matvar_t *info, const char *path, const char *name, nn_mat *dst,
                       nn_error *err)
{
    if (blockwise(mat, info))
        return read_blocks(mat, info, path, name, dst, err);
    /* any other class, a compressed variable, a v4 or v7.3 file: all at once */
    matio_quiet();
    matvar_t *v = Mat_VarRead(mat, name);
    int rc = 0;
    if (!v || (v->nbytes > 0 && !v->data) || library_message()[0] || v->rank != 2 ||
        v->dims[0] != (size_t)dst->rows || v->dims[1] != (size_t)dst->cols)
        rc = unreadable(path, name, err);
    else if (!to_row_major(dst, v))
        rc = not_finite(path, name, v, err);
    Mat_VarFree(v);
    return rc;
}

/* The shape check of nn_mat_read: -1 (any) or the size wanted. */
static int check_shape(const matvar_t *info, const char *path, const char *name, int rows, int cols,
                       nn_error *err)
{
    int r = (int)info->dims[0], c = (int)info->dims[1];
    if ((rows < 0 || r == rows) && (cols < 0 || c == cols))
        return 0;
    char want_r[16] = "any", want_c[16] = "any";
    if (rows >= 0)
        snprintf(want_r, sizeof want_r, "%d", rows);
    if (cols >= 0)
        snprintf(want_c, sizeof want_c, "%d", cols);
    return nn_fail(err, "%s: %s is %d×%d, expected %s×%s", path, name, r, c, want_r, want_c);
}

int nn_mat_read(const char *path, const char *name, int rows, int cols,
                nn_mat **out, nn_error *err)
{
    *out = NULL;
    mat_t *mat = open_mat(path, err);
    if (!mat)
        return -1;
    matvar_t *info = read_header(mat, path, name, err);
    nn_mat *m = NULL;
    int rc = -1;
    if (!info || check_shape(info, path, name, rows, cols, err) != 0)
        goto done;
    m = nn_mat_new((int)info->dims[0], (int)info->dims[1]);
    if (!m) {
        nn_fail(err, "%s: %s: out of memory for %zu×%zu doubles", path, name, info->dims[0], info->dims[1]);
        goto done;
    }
    if (read_values(mat, info, path, name, m, err) != 0)
        goto done;
    *out = m;
    m = NULL;
    rc = 0;
done:
    nn_mat_free(m);
    Mat_VarFree(info);
    Mat_Close(mat);
    return rc;
}

int nn_mat_read_into(const char *path, const char *name, nn_mat *dst, nn_error *err)
{
    mat_t *mat = open_mat(path, err);
    if (!mat)
        return -1;
    matvar_t *info = read_header(mat, path, name, err);
    int rc = info && check_shape(info, path, name, dst->rows, dst->cols, err) == 0 &&
                     read_values(mat, info, path, name, dst, err) == 0
                 ? 0
                 : -1;
    Mat_VarFree(info);
    Mat_Close(mat);
    return rc;
}

int nn_mat_size(const char *path, const char *name, int *rows, int *cols, nn_error *err)
{
    *rows = *cols = 0;
    mat_t *mat = open_mat(path, err);
    if (!mat)
        return -1;
    matvar_t *info = read_header(mat, path, name, err);
    if (info) {
        *rows = (int)info->dims[0];
        *cols = (int)info->dims[1];
    }
    Mat_VarFree(info);
    Mat_Close(mat);
    return info ? 0 : -1;
}

int nn_labels_read(const char *path, const char *name, int lo, int hi,
                   int **labels, int *m, nn_error *err)
{
    *labels = NULL;
    *m = 0;
    nn_mat *v;
    if (nn_mat_read(path, name, -1, -1, &v, err) != 0)
        return -1;
    if (v->rows != 1 && v->cols != 1) {
        nn_fail(err, "%s: %s is %d×%d, expected a vector (m×1)", path, name, v->rows, v->cols);
        nn_mat_free(v);
        return -1;
    }
    int n = v->rows * v->cols;
    int *y = malloc((size_t)n * sizeof *y);
    if (!y) {
        nn_mat_free(v);
        return nn_fail(err, "%s: %s: out of memory", path, name);
    }
    for (int k = 0; k < n; k++) {
        double x = v->data[k]; /* a vector is contiguous either way round */
        if (x != floor(x) || x < lo || x > hi) {
            nn_fail(err, "%s: %s(%d) is %g, expected a whole number in %d..%d", path, name, k + 1, x, lo, hi);
            free(y);
            nn_mat_free(v);
            return -1;
        }
        y[k] = (int)x;
    }
    nn_mat_free(v);
    *labels = y;
    *m = n;
    return 0;
}

/* Write one variable; data is converted to MATLAB's column-major layout. */
static int write_var(mat_t *mat, const char *path, const nn_matvar *var, nn_error *err)
{
    const nn_mat *a = var->mat;
    size_t n = (size_t)a->rows * (size_t)a->cols;
    size_t dims[2] = {(size_t)a->rows, (size_t)a->cols};
    void *buf = malloc(n ? n * (var->as_uint8 ? 1 : sizeof(double)) : 1);
    if (!buf)
        return nn_fail(err, "%s: out of memory writing %s", path, var->name);
    for (int i = 0; i < a->rows; i++)
        for (int j = 0; j < a->cols; j++) {
            size_t k = (size_t)j * (size_t)a->rows + (size_t)i;
            double x = NN_AT(a, i, j);
            if (var->as_uint8) {
                if (x != floor(x) || x < 0 || x > 255) {
                    free(buf);
                    return nn_fail(err, "%s: %s(%d,%d) = %g does not fit uint8", path, var->name, i + 1, j + 1, x);
                }
                ((uint8_t *)buf)[k] = (uint8_t)x;
            } else {
                ((double *)buf)[k] = x;
            }
        }
    /* MAT_F_DONT_COPY_DATA: matio would otherwise copy buf once more (376 MB
     * for Fashion-MNIST's X); buf stays ours, freed below */
    matvar_t *v = var->as_uint8
        ? Mat_VarCreate(var->name, MAT_C_UINT8, MAT_T_UINT8, 2, dims, buf, MAT_F_DONT_COPY_DATA)
        : Mat_VarCreate(var->name, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, buf, MAT_F_DONT_COPY_DATA);
    /* a large variable (a data set) is stored as it is, which MATLAB and
     * Octave read the same way: see NN_MAT_COMPRESS_MAX */
    size_t bytes = n * (var->as_uint8 ? 1 : sizeof(double));
    int rc = v ? Mat_VarWrite(mat, v, bytes > NN_MAT_COMPRESS_MAX ? MAT_COMPRESSION_NONE : MAT_COMPRESSION_ZLIB)
               : -1;
    Mat_VarFree(v);
    free(buf);
    if (rc != 0)
        return nn_fail(err, "%s: could not write %s%s%s", path, var->name,
                       matio_last[0] ? ": " : "", matio_last);
    return 0;
}

/* 0 if the tile equals a's values there (NaN equal to NaN), else -1. */
static int same_tile(const tile *t, void *a_)
{
    const nn_mat *a = a_;
    for (size_t i = 0; i < t->rows; i++) /* along a's rows, as read_tile */
        for (size_t j = 0; j < t->n; j++) {
            double x = t->block[j * t->rows + i], want = NN_AT(a, t->i0 + i, t->j0 + j);
            if (x != want && !(isnan(x) && isnan(want)))
                return -1;
        }
    return 0;
}

/* Read the variables back from the written file and compare them value by
 * value with what was to be written. matio does not check its writes (on a
 * full disk it goes on and reports success), so this is how a short or
 * failed write is caught. 0 if the file holds exactly vars, else -1. */
static int read_back(const char *file, const nn_matvar *vars, int n)
{
    nn_error ignored;
    mat_t *mat = Mat_Open(file, MAT_ACC_RDONLY);
    int rc = mat && check_v5_extent(file, &ignored) == 0 ? 0 : -1;
    for (int k = 0; rc == 0 && k < n; k++) {
        const nn_mat *a = vars[k].mat;
        matvar_t *info = Mat_VarReadInfo(mat, vars[k].name);
        if (info && !vars[k].as_uint8 && blockwise(mat, info)) { /* a data set: block by block */
            if (info->dims[0] != (size_t)a->rows || info->dims[1] != (size_t)a->cols ||
                each_tile(mat, info, 0, info->dims[0], same_tile, (void *)a) != 0)
                rc = -1;
            Mat_VarFree(info);
            continue;
        }
        Mat_VarFree(info);
        matvar_t *v = Mat_VarRead(mat, vars[k].name);
        if (!v || v->rank != 2 || v->dims[0] != (size_t)a->rows || v->dims[1] != (size_t)a->cols ||
            v->class_type != (vars[k].as_uint8 ? MAT_C_UINT8 : MAT_C_DOUBLE) ||
            (a->rows * a->cols > 0 && !v->data))
            rc = -1;
        for (int j = 0; rc == 0 && j < a->cols; j++)
            for (int i = 0; rc == 0 && i < a->rows; i++) {
                double x = element(v, (size_t)j * (size_t)a->rows + (size_t)i), want = NN_AT(a, i, j);
                if (x != want && !(isnan(x) && isnan(want)))
                    rc = -1;
            }
        Mat_VarFree(v);
    }
    if (mat)
        Mat_Close(mat);
    return rc;
}

int nn_mat_write(const char *path, const nn_matvar *vars, int n, nn_error *err)
{
    nn_atomic out;
    if (nn_atomic_open(&out, path, err) != 0)
        return -1;
    matio_quiet();
    mat_t *mat = Mat_CreateVer(out.tmp, NULL, MAT_FT_MAT5); /* matio writes the temporary file by name */
    if (!mat) {
        nn_atomic_abort(&out);
        return nn_fail(err, "cannot write %s: matio cannot create a MAT file%s%s", path,
                       matio_last[0] ? ": " : "", matio_last);
    }
    errno = 0;
    for (int k = 0; k < n; k++)
        if (write_var(mat, path, &vars[k], err) != 0) {
            Mat_Close(mat);
            nn_atomic_abort(&out);
            return -1;
        }
    int closed = Mat_Close(mat);
    int e = errno; /* what a failed write inside matio left, if one did */
    if (closed != 0 || read_back(out.tmp, vars, n) != 0) {
        nn_atomic_abort(&out);
        bool write_error = e == ENOSPC || e == EDQUOT || e == EFBIG || e == EIO;
        return nn_fail(err, "cannot write %s: %s", path,
                       write_error ? strerror(e) : "the file did not read back as written");
    }
    return nn_atomic_commit(&out, err);
}
