/* hostile: ends the process with status 0 by a raw exit_group system call, so no
 * symbol check can see it. Expected: chapter 2 scores 0 (the check never reports DONE). */
#include "workbook.h"

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
#if defined(__x86_64__)
    __asm__ volatile("mov $231, %%eax\n\txor %%edi, %%edi\n\tsyscall" ::: "rax", "rdi", "memory");
#elif defined(__aarch64__)
    __asm__ volatile("mov x8, #94\n\tmov x0, #0\n\tsvc #0" ::: "x0", "x8", "memory");
#endif
    return 0;
}
