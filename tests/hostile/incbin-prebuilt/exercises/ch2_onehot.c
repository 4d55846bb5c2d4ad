/* hostile: brings in the handout's prebuilt reference object as raw bytes with
 * .incbin (its machine code, re-encoded as data) instead of writing the chapter.
 * Expected: chapter 2 scores 0 (inline assembly is refused). */
#include "workbook.h"

__asm__(".section .rodata\n"
        ".globl stolen_reference\n"
        "stolen_reference:\n"
        ".incbin \"/kit/obj/ch2_onehot.o\"\n"
        ".byte 0x55, 0x48, 0x89, 0xe5\n"
        ".text\n");

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)y, (void)err;
    return 0;
}
