/* wire.c - frames and tagged values for protocol.h, used by both the judge
 * and the worker. Every length read from the wire is checked against the
 * bytes that are there and against the protocol's limits before use. */
#include "protocol.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- writing -------------------------------------------------------------- */

static void put(nn_wbuf *b, const void *p, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *d = realloc(b->data, cap);
        if (!d) {
            b->oom = true;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_tag(nn_wbuf *b, unsigned char tag)
{
    put(b, &tag, 1);
}

void nn_wbuf_int(nn_wbuf *b, long long v)
{
    int64_t x = v;
    put_tag(b, NN_V_INT);
    put(b, &x, sizeof x);
}

void nn_wbuf_dbl(nn_wbuf *b, double v)
{
    put_tag(b, NN_V_DBL);
    put(b, &v, sizeof v);
}

void nn_wbuf_mat(nn_wbuf *b, const nn_mat *m)
{
    int32_t dims[2] = {m ? m->rows : 0, m ? m->cols : 0};
    put_tag(b, NN_V_MAT);
    put(b, dims, sizeof dims);
    for (int i = 0; m && i < m->rows; i++)
        put(b, &NN_AT(m, i, 0), (size_t)m->cols * sizeof(double));
}

void nn_wbuf_ints(nn_wbuf *b, const int *v, int n)
{
    int32_t len = n;
    put_tag(b, NN_V_INTS);
    put(b, &len, sizeof len);
    for (int i = 0; i < n; i++) {
        int32_t x = v[i];
        put(b, &x, sizeof x);
    }
}

void nn_wbuf_dbls(nn_wbuf *b, const double *v, int n)
{
    int32_t len = n;
    put_tag(b, NN_V_DBLS);
    put(b, &len, sizeof len);
    put(b, v, (size_t)n * sizeof(double));
}

void nn_wbuf_str(nn_wbuf *b, const char *s, size_t n)
{
    uint32_t len = (uint32_t)n;
    put_tag(b, NN_V_STR);
    put(b, &len, sizeof len);
    put(b, s, n);
}

void nn_wbuf_free(nn_wbuf *b)
{
    free(b->data);
    *b = (nn_wbuf){0};
}

/* ---- reading -------------------------------------------------------------- */

static bool take(nn_rbuf *b, void *p, size_t n)
{
    if (b->bad || n > b->len - b->pos) {
        b->bad = true;
        return false;
    }
    memcpy(p, b->data + b->pos, n);
    b->pos += n;
    return true;
}

static bool expect_tag(nn_rbuf *b, unsigned char want)
{
    unsigned char tag = 0;
    if (!take(b, &tag, 1) || tag != want)
        b->bad = true;
    return !b->bad;
}

long long nn_rbuf_int(nn_rbuf *b)
{
    int64_t x = 0;
    return expect_tag(b, NN_V_INT) && take(b, &x, sizeof x) ? x : 0;
}

double nn_rbuf_dbl(nn_rbuf *b)
{
    double x = 0;
    return expect_tag(b, NN_V_DBL) && take(b, &x, sizeof x) ? x : 0.0;
}

/* A count of n elements of `size` bytes that fits the limits and the buffer. */
static bool sane_count(nn_rbuf *b, long long n, size_t size)
{
    if (n < 0 || n > (long long)NN_WIRE_MAX_DIM * NN_WIRE_MAX_DIM || (size_t)n > (b->len - b->pos) / size)
        b->bad = true;
    return !b->bad;
}

nn_mat *nn_rbuf_mat(nn_rbuf *b)
{
    int32_t dims[2];
    if (!expect_tag(b, NN_V_MAT) || !take(b, dims, sizeof dims))
        return NULL;
    if (dims[0] < 0 || dims[1] < 0 || dims[0] > NN_WIRE_MAX_DIM || dims[1] > NN_WIRE_MAX_DIM ||
        !sane_count(b, (long long)dims[0] * dims[1], sizeof(double))) {
        b->bad = true;
        return NULL;
    }
    if (dims[0] == 0 && dims[1] == 0)
        return NULL;
    nn_mat *m = nn_mat_new(dims[0], dims[1]);
    if (!m || !take(b, m->data, (size_t)dims[0] * (size_t)dims[1] * sizeof(double))) {
        nn_mat_free(m);
        b->bad = true;
        return NULL;
    }
    return m;
}

int *nn_rbuf_ints(nn_rbuf *b, int *n)
{
    int32_t len;
    *n = 0;
    if (!expect_tag(b, NN_V_INTS) || !take(b, &len, sizeof len) || len > NN_WIRE_MAX_DIM ||
        !sane_count(b, len, sizeof(int32_t))) {
        b->bad = true;
        return NULL;
    }
    int *v = malloc(((size_t)len + 1) * sizeof *v);
    for (int32_t i = 0; v && i < len; i++) {
        int32_t x = 0;
        take(b, &x, sizeof x);
        v[i] = x;
    }
    if (!v)
        b->bad = true;
    *n = v ? len : 0;
    return v;
}

double *nn_rbuf_dbls(nn_rbuf *b, int *n)
{
    int32_t len;
    *n = 0;
    if (!expect_tag(b, NN_V_DBLS) || !take(b, &len, sizeof len) || len > NN_WIRE_MAX_DIM ||
        !sane_count(b, len, sizeof(double))) {
        b->bad = true;
        return NULL;
    }
    double *v = malloc(((size_t)len + 1) * sizeof *v);
    if (!v || !take(b, v, (size_t)len * sizeof *v)) {
        free(v);
        b->bad = true;
        return NULL;
    }
    *n = len;
    return v;
}

char *nn_rbuf_str(nn_rbuf *b, size_t *n)
{
    uint32_t len;
    if (!expect_tag(b, NN_V_STR) || !take(b, &len, sizeof len) || len > NN_WIRE_MAX_FRAME ||
        len > b->len - b->pos) {
        b->bad = true;
        return NULL;
    }
    char *s = malloc((size_t)len + 1);
    if (!s || !take(b, s, len)) {
        free(s);
        b->bad = true;
        return NULL;
    }
    s[len] = '\0';
    if (n)
        *n = len;
    return s;
}

/* ---- frames --------------------------------------------------------------- */

static int write_all(int fd, const void *p, size_t n)
{
    const unsigned char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

void nn_wire_header(unsigned char head[16], uint32_t type, uint64_t size)
{
    uint32_t magic = NN_WIRE_MAGIC;
    memcpy(head, &magic, 4);
    memcpy(head + 4, &type, 4);
    memcpy(head + 8, &size, 8);
}

int nn_wire_send(int fd, uint32_t type, const nn_wbuf *payload)
{
    if (payload && (payload->oom || payload->len > NN_WIRE_MAX_FRAME)) {
        errno = payload->oom ? ENOMEM : EMSGSIZE;
        return -1;
    }
    unsigned char head[16];
    uint64_t size = payload ? payload->len : 0;
    nn_wire_header(head, type, size);
    if (write_all(fd, head, sizeof head) != 0)
        return -1;
    return size ? write_all(fd, payload->data, payload->len) : 0;
}

void nn_wire_reset(nn_wire_reader *r)
{
    free(r->payload);
    *r = (nn_wire_reader){0};
}

int nn_wire_feed(nn_wire_reader *r, int fd)
{
    if (r->head_got < sizeof r->head) {
        ssize_t n = read(fd, r->head + r->head_got, sizeof r->head - r->head_got);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            return 0;
        if (n <= 0)
            return -1;
        r->head_got += (size_t)n;
        if (r->head_got < sizeof r->head)
            return 0;
        uint32_t magic;
        uint64_t size;
        memcpy(&magic, r->head, 4);
        memcpy(&r->type, r->head + 4, 4);
        memcpy(&size, r->head + 8, 8);
        if (magic != NN_WIRE_MAGIC || size > NN_WIRE_MAX_FRAME)
            return -1;
        r->size = (size_t)size;
        r->payload = malloc(r->size + 1);
        if (!r->payload)
            return -1;
        if (r->size == 0)
            return 1;
    }
    if (r->got < r->size) {
        ssize_t n = read(fd, r->payload + r->got, r->size - r->got);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            return 0;
        if (n <= 0)
            return -1;
        r->got += (size_t)n;
    }
    return r->got == r->size ? 1 : 0;
}

int nn_wire_recv(nn_wire_reader *r, int fd)
{
    int s;
    while ((s = nn_wire_feed(r, fd)) == 0)
        ;
    return s;
}
