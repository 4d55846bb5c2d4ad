/* nn_error.c - formatting of the one-line error messages (see nn_error.h). */
#include "nn_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int nn_fail(nn_error *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

void nn_error_prefix(nn_error *err, const char *prefix)
{
    if (!err)
        return;
    char tmp[2 * NN_ERROR_LEN];
    snprintf(tmp, sizeof tmp, "%s: %s", prefix, err->msg);
    memcpy(err->msg, tmp, sizeof err->msg - 1); /* keep what fits */
    err->msg[sizeof err->msg - 1] = '\0';
}
