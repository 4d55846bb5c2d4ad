/* nn_resize.c - the resampling weights of MATLAB's bicubic, antialiased
 * imresize, and their application to a 2-D image (see nn_resize.h).
 *
 * The maths, for one dimension of in samples resized to out samples
 * (positions are 1-based, as in MATLAB):
 *
 *   scale  s = out / in.
 *   kernel the cubic convolution kernel with a = -0.5:
 *            k(x) = 1.5|x|³ - 2.5|x|² + 1            for |x| <= 1
 *                   -0.5|x|³ + 2.5|x|² - 4|x| + 2    for 1 < |x| <= 2
 *                   0                                otherwise.
 *          When shrinking (s < 1) it is stretched to low-pass the input
 *          (antialiasing): w(x) = s·k(s·x), whose support is 4/s input pixels.
 *          When enlarging (s >= 1) it is k itself: w(x) = k(x), support 4.
 *   where  output pixel i sits at input coordinate u = i/s + 0.5·(1 - 1/s),
 *          so that the edges of the pixel grids line up.
 *   taps   the input positions j = floor(u - support/2) + 0, 1, ...,
 *          ceil(support) + 1, each weighted w(u - j) (those beyond the
 *          support get weight 0).
 *   edges  a position j outside 1..in is reflected, as MATLAB pads
 *          symmetrically: positions run 1..in, in..1, 1..in, ... so that
 *          0 -> 1, -1 -> 2, in+1 -> in, in+2 -> in-1.
 *   norm   the weights of each output pixel are divided by their sum.
 *
 * Row i of the weight matrix M (out×in) holds output pixel i's weights, with
 * reflected taps added onto the pixel they land on.
 */
#include "nn_resize.h"

#include <math.h>

/* The cubic convolution kernel with a = -0.5 (Keys). */
static double cubic(double x)
{
    double ax = fabs(x), ax2 = ax * ax, ax3 = ax2 * ax;
    if (ax <= 1.0)
        return 1.5 * ax3 - 2.5 * ax2 + 1.0;
    if (ax <= 2.0)
        return -0.5 * ax3 + 2.5 * ax2 - 4.0 * ax + 2.0;
    return 0.0;
}

/* 0-based index of 1-based position j after symmetric padding of 1..n. */
static int reflect(long j, int n)
{
    long period = 2L * n;
    long m = (j - 1) % period; /* 0-based position in one period */
    if (m < 0)
        m += period;
    return (int)(m < n ? m : period - 1 - m);
}

int nn_resize_weights(nn_mat *M, nn_error *err)
{
    int out = M->rows, in = M->cols;
    if (out < 1 || out > NN_RESIZE_MAX_LEN || in < 1 || in > NN_RESIZE_MAX_LEN)
        return nn_fail(err, "resize: %d samples to %d, expected lengths in 1..%d", in, out,
                       NN_RESIZE_MAX_LEN);
    double scale = (double)out / in;
    double s = scale < 1.0 ? scale : 1.0; /* kernel stretch: only when shrinking */
    double support = 4.0 / s;             /* width of w, in input pixels */
    int taps = (int)ceil(support) + 2;
    nn_mat_fill(M, 0.0);
    for (int i = 1; i <= out; i++) {
        double u = i / scale + 0.5 * (1.0 - 1.0 / scale);
        long left = (long)floor(u - support / 2.0);
        double sum = 0.0;
        for (int t = 0; t < taps; t++)
            sum += s * cubic(s * (u - (double)(left + t)));
        if (!(sum > 0.0))
            return nn_fail(err, "resize: %d samples to %d: output %d has weights summing to %g",
                           in, out, i, sum);
        for (int t = 0; t < taps; t++) {
            double w = s * cubic(s * (u - (double)(left + t)));
            if (w != 0.0)
                NN_AT(M, i - 1, reflect(left + t, in)) += w / sum;
        }
    }
    return 0;
}

int nn_resize_apply(nn_mat *out, nn_mat *tmp, const nn_mat *Mr, const nn_mat *Mc,
                    const nn_mat *in, nn_error *err)
{
    /* Along the rows' direction first (mixing rows: Mr·A), then the columns. */
    if (nn_gemm(tmp, 1.0, Mr, false, in, false, 0.0, err) != 0)
        return -1;
    return nn_gemm(out, 1.0, tmp, false, Mc, true, 0.0, err);
}

int nn_resize(nn_mat *out, const nn_mat *in, nn_error *err)
{
    int rc = -1;
    nn_mat *Mr = nn_mat_new(out->rows, in->rows);
    nn_mat *Mc = nn_mat_new(out->cols, in->cols);
    nn_mat *tmp = nn_mat_new(out->rows, in->cols);
    if (!Mr || !Mc || !tmp) {
        nn_fail(err, "resize: %d×%d to %d×%d: out of memory (or a negative size)", in->rows,
                in->cols, out->rows, out->cols);
        goto done;
    }
    if (nn_resize_weights(Mr, err) != 0 || nn_resize_weights(Mc, err) != 0)
        goto done;
    rc = nn_resize_apply(out, tmp, Mr, Mc, in, err);
done:
    nn_mat_free(Mr);
    nn_mat_free(Mc);
    nn_mat_free(tmp);
    return rc;
}
