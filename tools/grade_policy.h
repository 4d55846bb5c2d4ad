/* grade_policy.h - what a student's compiled chapter file may contain, for
 * `nnwb grade`: checked on the ELF object (x86-64 and other ELF64
 * relocatable files) before it is linked with the graded tests.
 *
 * Refused: code that runs before or after main (constructors, destructors:
 * .init_array, .preinit_array, .fini_array, .ctors, .dtors, .init, .fini;
 * GNU ifunc resolvers, which run while the program is loaded); any global
 * symbol the reference solution of the chapter does not define (so a
 * submission cannot replace a function of libc, Check or the harness); and
 * references to the harness, to Check, and to calls whose only use here
 * would be to reach the grader's channel or to tamper with the process
 * (dup, write, fdopen, syscall, dlsym, ptrace, getenv, ...). */
#ifndef GRADE_POLICY_H
#define GRADE_POLICY_H

#include <stddef.h>

/* The names of the global symbols object file path defines, as one
 * string "\nname1\nname2\n...\n" in *names (malloc'ed; the caller frees).
 * Returns 0, or -1 with a one-line reason in msg (not an ELF64 object). */
int nn_policy_defined(char **names, const char *path, char *msg, size_t msg_size);

/* Whether the object at path keeps the rules above, given the reference's
 * names from nn_policy_defined. Returns 0 if it does; 1 with a one-line
 * reason a student can act on in msg if it does not; -1 if the file cannot
 * be read as an ELF64 object (reason in msg). */
int nn_policy_check(const char *path, const char *allowed, char *msg, size_t msg_size);

#endif
