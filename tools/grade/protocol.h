/* protocol.h - the wire between the judge and the worker, included by both.
 *
 * The worker (worker.c) is the untrusted side: a program linked with one
 * student chapter, run in the sandbox, that only computes. The judge
 * (judge.c) is the trusted side: it draws the inputs, sends them, reads the
 * raw outputs back and compares them, in its own process. No decision about
 * a score is taken in the worker.
 *
 * A message is a frame: a header {magic, type, size} and `size` bytes of
 * payload. The payload is a sequence of tagged values (see nn_wbuf and
 * nn_rbuf below). The judge sends FILE (a fixture the worker stores in its
 * inbox folder), CALL (a workbook function and its inputs) and QUIT; the
 * worker answers each CALL with one REPLY holding the function's outputs,
 * then the inputs it was given as const, as they are after the call. What
 * each function's CALL and REPLY hold is listed in worker.c beside its
 * handler and in calls.c beside its wrapper. */
#ifndef NNWB_PROTOCOL_H
#define NNWB_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nn_matrix.h"

#define NN_WIRE_MAGIC 0x6e6e7762u      /* "nnwb" */
#define NN_WIRE_MAX_FRAME (192u << 20) /* largest payload either side accepts */
#define NN_WIRE_MAX_DIM 1000000        /* largest rows, cols or vector length */
#define NN_WIRE_MAX_STR 4096           /* longest string value (an error message) */
#define NN_WIRE_REQ_FD 3               /* the worker reads requests on this fd */
#define NN_WIRE_REP_FD 4               /* and writes replies on this one */

/* Message types. */
enum {
    NN_MSG_FILE = 1, /* judge -> worker: STR name, STR bytes; stored in the inbox */
    NN_MSG_CALL,     /* judge -> worker: INT call id, then the inputs */
    NN_MSG_QUIT,     /* judge -> worker: end */
    NN_MSG_REPLY,    /* worker -> judge: the outputs of the last CALL */
    NN_MSG_ERROR     /* worker -> judge: STR why the request could not be run */
};

/* Value tags. */
enum { NN_V_INT = 1, NN_V_DBL, NN_V_MAT, NN_V_INTS, NN_V_DBLS, NN_V_STR };

/* The workbook functions the worker can run: X(ID, function, chapter). */
#define NN_CALLS(X)                                 \
    X(ADD_BIAS, nn_add_bias, 1)                     \
    X(TRANSPOSE_IMAGES, nn_transpose_images, 1)     \
    X(LOAD_DATA, nn_load_data, 1)                   \
    X(ONE_HOT, nn_one_hot, 2)                       \
    X(LOAD_WEIGHTS, nn_load_weights, 3)             \
    X(SERIALIZE, nn_serialize, 3)                   \
    X(DESERIALIZE, nn_deserialize, 3)               \
    X(SIGMOID, nn_sigmoid, 3)                       \
    X(FORWARD, nn_forward, 4)                       \
    X(COST, nn_cost, 5)                             \
    X(REGULARIZED_COST, nn_regularized_cost, 5)     \
    X(SAFE_LOG, nn_safe_log, 5)                     \
    X(SIGMOID_GRADIENT, nn_sigmoid_gradient, 6)     \
    X(GRADIENT_LOOP, nn_gradient_loop, 6)           \
    X(GRADIENT, nn_gradient, 6)                     \
    X(REGULARIZED_GRADIENT, nn_regularized_gradient, 6) \
    X(NUMERICAL_GRADIENT, nn_numerical_gradient, 7) \
    X(RELATIVE_DIFFERENCE, nn_relative_difference, 7) \
    X(RAND_INIT, nn_rand_init, 8)                   \
    X(PREDICT, nn_predict, 8)                       \
    X(ACCURACY, nn_accuracy, 8)                     \
    X(GD_STEP, nn_gd_step, 8)                       \
    X(TRAIN_GD, nn_train_gd, 8)

enum nn_call_id {
#define NN_CALL_ENUM(id, fn, ch) NN_CALL_##id,
    NN_CALLS(NN_CALL_ENUM)
#undef NN_CALL_ENUM
    NN_CALL_COUNT
};

/* The cost functions nn_numerical_gradient can be handed, in the worker. */
enum {
    NN_COSTFN_QUADRATIC = 1, /* J(θ) = Σ_i (i+1) θ_i² / 2 + θ_0 θ_{n-1}; needs nothing else */
    NN_COSTFN_NETWORK        /* nn_regularized_cost of a network (sizes, X, Y, λ sent along) */
};

/* ---- building a payload (wire.c) ------------------------------------------ */

/* A growing buffer of tagged values. Start it zeroed; nn_wbuf_free frees.
 * An allocation failure sets oom and makes later puts do nothing. */
typedef struct {
    unsigned char *data;
    size_t len, cap;
    bool oom;
} nn_wbuf;

void nn_wbuf_int(nn_wbuf *b, long long v);
void nn_wbuf_dbl(nn_wbuf *b, double v);
void nn_wbuf_mat(nn_wbuf *b, const nn_mat *m); /* any stride; NULL sends a 0×0 "none" */
void nn_wbuf_ints(nn_wbuf *b, const int *v, int n);
void nn_wbuf_dbls(nn_wbuf *b, const double *v, int n);
void nn_wbuf_str(nn_wbuf *b, const char *s, size_t n);
void nn_wbuf_free(nn_wbuf *b);

/* ---- reading a payload ---------------------------------------------------- */

/* Reads values in order. A value of the wrong tag, or one that runs past the
 * end or past the limits above, sets bad; every later get then returns 0 or
 * NULL. Strings and arrays come back malloc'ed (the caller frees). */
typedef struct {
    const unsigned char *data;
    size_t len, pos;
    bool bad;
} nn_rbuf;

long long nn_rbuf_int(nn_rbuf *b);
double nn_rbuf_dbl(nn_rbuf *b);
nn_mat *nn_rbuf_mat(nn_rbuf *b);                  /* a new matrix; NULL for "none" or bad */
int *nn_rbuf_ints(nn_rbuf *b, int *n);
double *nn_rbuf_dbls(nn_rbuf *b, int *n);
char *nn_rbuf_str(nn_rbuf *b, size_t *n);         /* NUL-terminated; n may be NULL */

/* ---- frames --------------------------------------------------------------- */

/* The 16-byte header of a frame of `size` payload bytes. */
void nn_wire_header(unsigned char head[16], uint32_t type, uint64_t size);

/* Write one whole frame to fd (retrying short writes). 0, or -1 (errno set). */
int nn_wire_send(int fd, uint32_t type, const nn_wbuf *payload);

/* An incremental reader of one frame, for a reader that polls. Zero it
 * before the first frame; nn_wire_reset after taking a frame. */
typedef struct {
    unsigned char head[16];
    size_t head_got;
    uint32_t type;
    unsigned char *payload; /* malloc'ed; taken over by the caller via nn_wire_take */
    size_t size, got;
} nn_wire_reader;

/* Read what fd has (one read(2)). 1 when a whole frame is in, 0 when more
 * is needed, -1 on end of file, a read error or a malformed header. */
int nn_wire_feed(nn_wire_reader *r, int fd);

/* Blocking: read one whole frame. 1, or -1 as above. */
int nn_wire_recv(nn_wire_reader *r, int fd);

void nn_wire_reset(nn_wire_reader *r);

#endif
