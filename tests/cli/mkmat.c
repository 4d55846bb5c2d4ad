/* mkmat.c - writes the .mat fixtures of tests/cli/bad_input.sh through matio.
 *
 *   mkmat [-v4|-v5|-v5z|-v73] OUT.mat ITEM...
 *
 * ITEM, taken in order:
 *   NAME=@FILE:VAR        variable VAR of FILE (any numeric class, read as double)
 *   NAME=@FILE:VAR'       the same, transposed
 *   NAME=zeros(R,C)       an R×C matrix of zeros (also ones(R,C), and zeros(R,C,P): 3-D)
 *   NAME(I)=V             set element I (1-based, column-major) of NAME; V is a number,
 *   NAME(I,J)=V           NaN or Inf
 *   NAME:CLASS            write NAME as CLASS: double (default), single, uint8, int32,
 *                         char or complex (real part NAME, imaginary part 1)
 * -v4 is MATLAB v4, -v5 plain v5, -v5z compressed v5 (the default), -v73 HDF5.
 *
 * A test tool, not part of nnwb: it writes what it is told, bad values
 * included (that is its purpose), and exits 1 with a message on any error.
 * No fixture is committed; bad_input.sh makes them all at test time. */
#include <math.h>
#include <matio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VARS 16

/* One variable to write. */
typedef struct {
    char name[64];
    size_t dims[3];   /* rows, cols and (rank 3) pages */
    int rank;         /* 2 or 3 */
    double *data;     /* column-major, dims[0]*dims[1]*dims[2] values */
    char cls[16];     /* the class to write */
} var;

static void die(const char *fmt, const char *arg) __attribute__((noreturn, format(printf, 1, 0)));
static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "mkmat: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

static size_t count(const var *v)
{
    return v->dims[0] * v->dims[1] * (v->rank == 3 ? v->dims[2] : 1);
}

static var *find(var *vars, int n, const char *name)
{
    for (int k = 0; k < n; k++)
        if (!strcmp(vars[k].name, name))
            return &vars[k];
    return NULL;
}

/* NAME=@FILE:VAR['] */
static void copy_var(var *v, const char *spec)
{
    char file[1024], name[64];
    size_t len = strlen(spec);
    bool transpose = len > 0 && spec[len - 1] == '\'';
    const char *colon = strrchr(spec, ':');
    if (!colon || (size_t)(colon - spec) >= sizeof file)
        die("bad source '%s' (expected @FILE:VAR)", spec);
    snprintf(file, sizeof file, "%.*s", (int)(colon - spec), spec);
    snprintf(name, sizeof name, "%.*s", (int)(strlen(colon + 1) - transpose), colon + 1);
    mat_t *mat = Mat_Open(file, MAT_ACC_RDONLY);
    matvar_t *m = mat ? Mat_VarRead(mat, name) : NULL;
    if (!m || m->rank != 2 || m->isComplex || m->class_type < MAT_C_DOUBLE || m->class_type > MAT_C_UINT64)
        die("cannot read a real 2-D numeric variable from '%s'", spec);
    size_t r = m->dims[0], c = m->dims[1], n = r * c;
    v->rank = 2;
    v->dims[0] = transpose ? c : r;
    v->dims[1] = transpose ? r : c;
    v->data = malloc((n ? n : 1) * sizeof(double));
    if (!v->data)
        die("out of memory for '%s'", spec);
    for (size_t j = 0; j < c; j++)
        for (size_t i = 0; i < r; i++) {
            size_t k = j * r + i;
            double x;
            switch (m->class_type) {
            case MAT_C_DOUBLE: x = ((const double *)m->data)[k]; break;
            case MAT_C_SINGLE: x = ((const float *)m->data)[k]; break;
            case MAT_C_UINT8: x = ((const uint8_t *)m->data)[k]; break;
            case MAT_C_INT32: x = ((const int32_t *)m->data)[k]; break;
            default: die("'%s': only double, single, uint8 and int32 are copied", spec);
            }
            v->data[transpose ? i * c + j : k] = x;
        }
    Mat_VarFree(m);
    Mat_Close(mat);
}

/* NAME=zeros(R,C[,P]) or ones(...) */
static void fill_var(var *v, const char *spec)
{
    double value = !strncmp(spec, "ones(", 5) ? 1.0 : 0.0;
    unsigned long d[3] = {0, 0, 1};
    int got = sscanf(strchr(spec, '(') + 1, "%lu,%lu,%lu", &d[0], &d[1], &d[2]);
    if (got < 2)
        die("bad size in '%s'", spec);
    v->rank = got == 3 ? 3 : 2;
    for (int k = 0; k < 3; k++)
        v->dims[k] = d[k];
    size_t n = count(v);
    v->data = malloc((n ? n : 1) * sizeof(double));
    if (!v->data)
        die("out of memory for '%s'", spec);
    for (size_t k = 0; k < n; k++)
        v->data[k] = value;
}

/* NAME(I)=V or NAME(I,J)=V */
static void set_element(var *vars, int n, const char *item)
{
    char name[64];
    unsigned long i = 0, j = 0;
    const char *paren = strchr(item, '('), *eq = strchr(item, '=');
    snprintf(name, sizeof name, "%.*s", (int)(paren - item), item);
    var *v = find(vars, n, name);
    int got = sscanf(paren + 1, "%lu,%lu", &i, &j);
    if (!v || !eq || got < 1 || i < 1)
        die("bad element '%s'", item);
    size_t k = got == 2 ? (j - 1) * v->dims[0] + (i - 1) : i - 1;
    if ((got == 2 && (i > v->dims[0] || j < 1 || j > v->dims[1])) || k >= count(v))
        die("element out of range in '%s'", item);
    v->data[k] = strtod(eq + 1, NULL);
}

static int write_var(mat_t *mat, const var *v, enum matio_compression z)
{
    size_t n = count(v);
    void *buf = malloc(n ? n * sizeof(double) : 1);
    double *im = NULL;
    matvar_t *m = NULL;
    if (!buf)
        return -1;
    size_t dims[3] = {v->dims[0], v->dims[1], v->dims[2]};
    if (!strcmp(v->cls, "single")) {
        for (size_t k = 0; k < n; k++)
            ((float *)buf)[k] = (float)v->data[k];
        m = Mat_VarCreate(v->name, MAT_C_SINGLE, MAT_T_SINGLE, v->rank, dims, buf, 0);
    } else if (!strcmp(v->cls, "uint8")) {
        for (size_t k = 0; k < n; k++)
            ((uint8_t *)buf)[k] = (uint8_t)v->data[k];
        m = Mat_VarCreate(v->name, MAT_C_UINT8, MAT_T_UINT8, v->rank, dims, buf, 0);
    } else if (!strcmp(v->cls, "int32")) {
        for (size_t k = 0; k < n; k++)
            ((int32_t *)buf)[k] = (int32_t)v->data[k];
        m = Mat_VarCreate(v->name, MAT_C_INT32, MAT_T_INT32, v->rank, dims, buf, 0);
    } else if (!strcmp(v->cls, "char")) {
        for (size_t k = 0; k < n; k++)
            ((uint8_t *)buf)[k] = (uint8_t)('a' + (int)v->data[k] % 26);
        m = Mat_VarCreate(v->name, MAT_C_CHAR, MAT_T_UINT8, v->rank, dims, buf, 0);
    } else if (!strcmp(v->cls, "complex")) {
        im = malloc(n ? n * sizeof(double) : 1);
        if (im) {
            for (size_t k = 0; k < n; k++)
                im[k] = 1.0;
            mat_complex_split_t z2 = {v->data, im};
            m = Mat_VarCreate(v->name, MAT_C_DOUBLE, MAT_T_DOUBLE, v->rank, dims, &z2, MAT_F_COMPLEX);
        }
    } else {
        m = Mat_VarCreate(v->name, MAT_C_DOUBLE, MAT_T_DOUBLE, v->rank, dims, v->data, 0);
    }
    int rc = m ? Mat_VarWrite(mat, m, z) : -1;
    Mat_VarFree(m);
    free(buf);
    free(im);
    return rc;
}

int main(int argc, char **argv)
{
    enum mat_ft ver = MAT_FT_MAT5;
    enum matio_compression z = MAT_COMPRESSION_ZLIB;
    int a = 1;
    if (a < argc && argv[a][0] == '-') {
        const char *o = argv[a++];
        if (!strcmp(o, "-v4"))
            ver = MAT_FT_MAT4, z = MAT_COMPRESSION_NONE;
        else if (!strcmp(o, "-v5"))
            z = MAT_COMPRESSION_NONE;
        else if (!strcmp(o, "-v73"))
            ver = MAT_FT_MAT73, z = MAT_COMPRESSION_NONE;
        else if (strcmp(o, "-v5z"))
            die("unknown option '%s' (-v4, -v5, -v5z or -v73)", o);
    }
    if (a >= argc)
        die("%s", "usage: mkmat [-v4|-v5|-v5z|-v73] OUT.mat ITEM...");
    const char *out = argv[a++];
    var vars[MAX_VARS];
    int n = 0;
    for (; a < argc; a++) {
        const char *item = argv[a], *eq = strchr(item, '='), *paren = strchr(item, '(');
        const char *colon = strchr(item, ':');
        if (paren && eq && paren < eq) {
            set_element(vars, n, item);
        } else if (eq) {
            if (n == MAX_VARS)
                die("more than %s variables", "16");
            var *v = &vars[n++];
            memset(v, 0, sizeof *v);
            snprintf(v->name, sizeof v->name, "%.*s", (int)(eq - item), item);
            snprintf(v->cls, sizeof v->cls, "double");
            if (eq[1] == '@')
                copy_var(v, eq + 2);
            else if (!strncmp(eq + 1, "zeros(", 6) || !strncmp(eq + 1, "ones(", 5))
                fill_var(v, eq + 1);
            else
                die("bad value in '%s'", item);
        } else if (colon) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(colon - item), item);
            var *v = find(vars, n, name);
            if (!v)
                die("no variable for '%s'", item);
            snprintf(v->cls, sizeof v->cls, "%s", colon + 1);
        } else {
            die("bad item '%s'", item);
        }
    }
    mat_t *mat = Mat_CreateVer(out, NULL, ver);
    if (!mat)
        die("cannot create '%s'", out);
    for (int k = 0; k < n; k++)
        if (write_var(mat, &vars[k], z) != 0)
            die("cannot write variable '%s'", vars[k].name);
    if (Mat_Close(mat) != 0)
        die("cannot close '%s'", out);
    for (int k = 0; k < n; k++)
        free(vars[k].data);
    return 0;
}
