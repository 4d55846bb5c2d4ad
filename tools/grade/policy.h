/* policy.h - what a student's chapter file may contain, for `nnwb grade`
 * and `make check` alike. Checked before the student's code ever runs.
 *
 * The source (nn_policy_source), raw and after the preprocessor with the
 * grader's own flags: only the ordinary directives (#include, #define,
 * #undef, #if..., #error, #pragma once; no #line, no linemarkers, no other
 * pragma or _Pragma), no inline assembly (asm, __asm__, also through a
 * macro), and #include of the standard C headers, workbook.h and lib/'s
 * headers only.
 *
 * The object (nn_policy_check), an ELF64 relocatable file: only the
 * sections C code makes (.text, .rodata, .data, .bss, debug and unwind
 * information; no .init_array or other constructor, no .gnu.lto_*, no
 * section named by hand); GNU ifunc resolvers; symbol names C makes (no
 * "name@VERSION"); no global symbol the chapter's reference does not define
 * (so a submission cannot replace a function of libc or the worker); no
 * reference to calls that would tamper with the process or reach around
 * the judge (write, syscall, mmap, fork, exec*, ptrace, signals, getenv,
 * ...), nor to the library's ready-made cost and gradient. And its code may
 * not be the reference's (nn_policy_same_code). */
#ifndef GRADE_POLICY_H
#define GRADE_POLICY_H

#include <stddef.h>

#include "nn_error.h"

/* The names of the global symbols object file path defines, as one
 * string "\nname1\nname2\n...\n" in *names (malloc'ed; the caller frees).
 * Returns 0, or -1 with a one-line reason in err (not an ELF64 object). */
int nn_policy_defined(char **names, const char *path, nn_error *err);

/* Whether the object at path keeps the rules above, given the reference's
 * names from nn_policy_defined. Returns 0 if it does; 1 with a one-line
 * reason a student can act on in err if it does not; -1 if the file cannot
 * be read as an ELF64 object (reason in err). */
int nn_policy_check(const char *path, const char *allowed, nn_error *err);

/* The rules for the source: raw is the student's file, pre the compiler's
 * preprocessed output of it, student the file's name as the preprocessor
 * names it, kit_include the folder of workbook.h and lib/'s headers. 0 if
 * it keeps them, 1 with a one-line reason in err if not. */
int nn_policy_source(const char *raw, size_t raw_len, const char *pre, size_t pre_len, const char *student,
                     const char *kit_include, nn_error *err);

/* 1 when the objects at path and reference have the same machine code. */
int nn_policy_same_code(const char *path, const char *reference);

#endif
