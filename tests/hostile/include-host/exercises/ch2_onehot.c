/* hostile: includes a host file, whose lines the compiler would quote in its
 * errors. Expected: chapter 2 scores 0, refused with one line that quotes no
 * host path and no line of the file. */
#include "workbook.h"
#include "/etc/passwd"
