/* hostile: fails with a message full of bytes that are not UTF-8, control
 * characters, JSON quotes and a Markdown fence, which the feedback and
 * results.json quote. Expected: chapter 4 scores 0, and every report stays valid
 * (results.json parses, the feedback's code block is not broken). */
#include "workbook.h"

int nn_forward(nn_activations *act, const nn_mat *X, const nn_mat *T1, const nn_mat *T2, nn_error *err)
{
    (void)act, (void)X, (void)T1, (void)T2;
    return nn_fail(err, "\xff\xfe\xc3( \"}]} \x01\x1b[31m ```\n# Injected heading\n``` \xe2\x82");
}
