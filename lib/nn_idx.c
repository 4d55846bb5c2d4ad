/* nn_idx.c - checked reading of IDX image and label files (see nn_idx.h).
 *
 * zlib's gzread reads a gzip file and an uncompressed one alike (it passes a
 * file without the gzip signature through unchanged), so one code path serves
 * both. What zlib reports, and how we word it:
 *   - a read that stops short with Z_BUF_ERROR: the gzip stream ends early,
 *     i.e. a truncated .gz file;
 *   - any other zlib error (Z_DATA_ERROR, a bad check value, ...): corrupt gzip
 *     data; Z_ERRNO: the operating system's read error.
 * After the payload we try to read one byte more: it must not be there
 * (trailing bytes are an error), and asking for it makes zlib reach the end of
 * the stream and verify the gzip CRC and length.
 */
#include "nn_idx.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "nn_file.h"

/* What distinguishes the two kinds of IDX file we read. */
typedef struct {
    uint32_t magic;   /* 0x00000803 or 0x00000801 */
    int rank;         /* number of dimensions after the magic number */
    const char *name; /* "image" or "label", for messages */
    const char *unit; /* what a payload byte is: "pixel" or "label" */
} idx_kind;

static const idx_kind IDX_IMAGES = {0x00000803u, 3, "image", "pixel"};
static const idx_kind IDX_LABELS = {0x00000801u, 1, "label", "label"};

/* zlib's messages start with the path it was opened with; drop that, as our
 * messages name the file themselves. */
static const char *zlib_message(gzFile gz, const char *path, int *errnum)
{
    const char *msg = gzerror(gz, errnum);
    size_t n = strlen(path);
    if (msg && !strncmp(msg, path, n) && !strncmp(msg + n, ": ", 2))
        msg += n + 2;
    return msg && *msg ? msg : "unknown error";
}

/* If zlib has recorded a hard error (anything but a clean or early end),
 * fill err and return -1; otherwise 0. */
static int zlib_failed(gzFile gz, const char *path, nn_error *err)
{
    int errnum;
    const char *msg = zlib_message(gz, path, &errnum);
    if (errnum == Z_OK || errnum == Z_BUF_ERROR)
        return 0;
    if (errnum == Z_ERRNO)
        return nn_fail(err, "%s: read error: %s", path, strerror(errno));
    return nn_fail(err, "%s: corrupt gzip data (%s)", path, msg);
}

/* True when the last read stopped because the gzip stream ended early. */
static int gzip_ended_early(gzFile gz)
{
    int errnum;
    gzerror(gz, &errnum);
    return errnum == Z_BUF_ERROR;
}

/* Read up to n bytes into buf; *got says how many arrived. -1 on a hard
 * error (err filled); a short read is not an error here. */
static int read_bytes(gzFile gz, const char *path, unsigned char *buf, size_t n,
                      size_t *got, nn_error *err)
{
    *got = 0;
    while (*got < n) {
        size_t want = n - *got;
        if (want > (1u << 20))
            want = 1u << 20;
        int r = gzread(gz, buf + *got, (unsigned)want);
        if (r <= 0)
            break;
        *got += (size_t)r;
    }
    return zlib_failed(gz, path, err);
}

static uint32_t big_endian_u32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

/* Read and check the header of an IDX file of the given kind: the magic
 * number, then kind->rank dimensions into dims (each within the limits). */
static int read_header(gzFile gz, const char *path, const idx_kind *kind, int dims[3], nn_error *err)
{
    unsigned char head[16];
    size_t need = 4 * (size_t)(1 + kind->rank), got;
    if (read_bytes(gz, path, head, 4, &got, err) != 0)
        return -1;
    if (got == 0 && gzip_ended_early(gz))
        return nn_fail(err, "%s: truncated gzip file (the stream ends before any data)", path);
    if (got == 0)
        return nn_fail(err, "%s: empty file, expected an IDX %s file", path, kind->name);
    if (got < 4)
        return nn_fail(err, "%s: truncated: the header of an IDX %s file is %zu bytes, found %zu%s",
                       path, kind->name, need, got, gzip_ended_early(gz) ? " (the gzip stream ends early)" : "");
    uint32_t magic = big_endian_u32(head);
    if (magic != kind->magic) {
        const idx_kind *other = kind == &IDX_IMAGES ? &IDX_LABELS : &IDX_IMAGES;
        return nn_fail(err, "%s: magic number 0x%08x, expected 0x%08x (an IDX %s file)%s%s%s", path,
                       (unsigned)magic, (unsigned)kind->magic, kind->name,
                       magic == other->magic ? "; this is an IDX " : "",
                       magic == other->magic ? other->name : "",
                       magic == other->magic ? " file" : "");
    }
    if (read_bytes(gz, path, head + 4, need - 4, &got, err) != 0)
        return -1;
    if (got < need - 4)
        return nn_fail(err, "%s: truncated: the header of an IDX %s file is %zu bytes, found %zu%s",
                       path, kind->name, need, 4 + got, gzip_ended_early(gz) ? " (the gzip stream ends early)" : "");
    static const char *const dim_name[3] = {"count", "rows", "cols"};
    for (int d = 0; d < kind->rank; d++) {
        uint32_t v = big_endian_u32(head + 4 + 4 * d);
        uint32_t lo = d == 0 ? 0 : 1;
        uint32_t hi = d == 0 ? NN_IDX_MAX_COUNT : NN_IDX_MAX_SIDE;
        if (v < lo || v > hi)
            return nn_fail(err, "%s: %s is %lu in the header, expected %lu..%lu", path, dim_name[d],
                           (unsigned long)v, (unsigned long)lo, (unsigned long)hi);
        dims[d] = (int)v;
    }
    return 0;
}

/* Read exactly n payload bytes into buf, then check the file ends there. */
static int read_payload(gzFile gz, const char *path, const idx_kind *kind, unsigned char *buf,
                        size_t n, nn_error *err)
{
    size_t got;
    if (read_bytes(gz, path, buf, n, &got, err) != 0)
        return -1;
    if (got < n)
        return nn_fail(err, "%s: truncated: expected %zu %s bytes, found %zu%s", path, n, kind->unit,
                       got, gzip_ended_early(gz) ? " (the gzip stream ends early)" : "");
    unsigned char extra[256];
    size_t more = 0;
    if (read_bytes(gz, path, extra, sizeof extra, &got, err) != 0)
        return -1;
    more = got;
    if (more > 0) {
        /* Count them all, for a useful message. */
        while (got == sizeof extra) {
            if (read_bytes(gz, path, extra, sizeof extra, &got, err) != 0)
                return -1;
            more += got;
        }
        return nn_fail(err, "%s: %zu trailing bytes after the %zu %s bytes the header promises",
                       path, more, n, kind->unit);
    }
    if (gzip_ended_early(gz))
        return nn_fail(err, "%s: truncated gzip file (the stream ends before its checksum)", path);
    return 0;
}

static gzFile open_idx(const char *path, const idx_kind *kind, nn_error *err)
{
    char what[32];
    snprintf(what, sizeof what, "an IDX %s file", kind->name);
    if (nn_file_input(path, what, err) != 0)
        return NULL;
    errno = 0;
    gzFile gz = gzopen(path, "rb");
    if (!gz)
        nn_fail(err, "%s: cannot open: %s", path, errno ? strerror(errno) : "out of memory");
    return gz;
}

int nn_idx_read_images(const char *path, nn_idx_images **out, nn_error *err)
{
    *out = NULL;
    nn_idx_images *img = NULL;
    int dims[3];
    gzFile gz = open_idx(path, &IDX_IMAGES, err);
    if (!gz)
        return -1;
    if (read_header(gz, path, &IDX_IMAGES, dims, err) != 0)
        goto fail;
    size_t n = (size_t)dims[0] * (size_t)dims[1] * (size_t)dims[2];
    if (n > (size_t)NN_IDX_MAX_BYTES) {
        nn_fail(err, "%s: %d images of %d×%d are %zu bytes, more than the limit of %ld", path,
                dims[0], dims[1], dims[2], n, (long)NN_IDX_MAX_BYTES);
        goto fail;
    }
    img = malloc(sizeof *img + n);
    if (!img) {
        nn_fail(err, "%s: out of memory for %zu pixel bytes", path, n);
        goto fail;
    }
    img->count = dims[0];
    img->rows = dims[1];
    img->cols = dims[2];
    img->pixels = (unsigned char *)(img + 1);
    if (read_payload(gz, path, &IDX_IMAGES, img->pixels, n, err) != 0)
        goto fail;
    gzclose(gz);
    *out = img;
    return 0;
fail:
    free(img);
    gzclose(gz);
    return -1;
}

void nn_idx_images_free(nn_idx_images *images)
{
    free(images);
}

int nn_idx_read_labels(const char *path, unsigned char **labels, int *count, nn_error *err)
{
    *labels = NULL;
    *count = 0;
    unsigned char *buf = NULL;
    int dims[3];
    gzFile gz = open_idx(path, &IDX_LABELS, err);
    if (!gz)
        return -1;
    if (read_header(gz, path, &IDX_LABELS, dims, err) != 0)
        goto fail;
    buf = malloc(dims[0] > 0 ? (size_t)dims[0] : 1);
    if (!buf) {
        nn_fail(err, "%s: out of memory for %d labels", path, dims[0]);
        goto fail;
    }
    if (read_payload(gz, path, &IDX_LABELS, buf, (size_t)dims[0], err) != 0)
        goto fail;
    gzclose(gz);
    *labels = buf;
    *count = dims[0];
    return 0;
fail:
    free(buf);
    gzclose(gz);
    return -1;
}
