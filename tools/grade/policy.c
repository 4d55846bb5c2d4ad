/* policy.c - the rules of policy.h: a scanner of the student's source
 * (raw and preprocessed) and a careful reader of untrusted ELF64
 * relocatable objects. Every offset and size read from an object is checked
 * against the file's length before use. */
#include "policy.h"

#include <elf.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define MAX_OBJECT (64L << 20) /* larger objects are refused */

/* The sections a compiled chapter may have (prefixes): code, constants,
 * data, and what the compiler and assembler add for them. Anything else (a
 * constructor's .init_array, an LTO section the linker would compile, a
 * section named by hand) is refused. */
static const char *ALLOWED_SECTIONS[] = {".text", ".rodata", ".data", ".bss", ".comment", ".note.GNU-stack",
                                         ".note.gnu.property", ".eh_frame", ".rela.", ".symtab", ".strtab",
                                         ".shstrtab", ".debug_"};

/* Undefined references refused: exact names, then prefixes. */
static const char *FORBIDDEN_CALLS[] = {
    "dup", "dup2", "dup3", "fcntl", "fcntl64", "write", "writev", "pwrite", "pwrite64", "pwritev",
    "send", "sendto", "sendmsg", "dprintf", "vdprintf", "fdopen", "syscall", "ptrace", "prctl",
    "dlopen", "dlsym", "dlvsym", "dlmopen", "environ", "__environ", "getenv", "secure_getenv",
    "setenv", "unsetenv", "putenv", "process_vm_readv", "process_vm_writev", "mprotect",
    "pkey_mprotect", "__libc_start_main", "main", "mmap", "mmap64", "mremap", "memfd_create", "execve",
    "execv", "execvp", "execl", "execlp", "execle", "fexecve", "fork", "vfork", "clone", "system", "popen",
    "posix_spawn", "posix_spawnp", "kill", "raise", "signal", "sigaction", "setjmp", "longjmp", "_setjmp",
    "__sigsetjmp", "siglongjmp", "__longjmp_chk", "open", "open64", "openat", "creat", "fopen64",
    "freopen", "socket", "connect", "pthread_create", "setrlimit", "prlimit"};
static const char *FORBIDDEN_PREFIXES[] = {"srunner_", "tcase_", "suite_", "_tcase_", "_ck_", "ck_",
                                           "tr_",      "check_", "nnt_"};

/* Undefined references refused because they compute a chapter's answer: the
 * library's fused cost and gradient (chapters 5 and 6) and its wrapper for
 * the optimizers. */
static const char *SOLVER_PREFIXES[] = {"nn_kernel_", "nn_net_objective_"};
/* ... and the library's optimizers (chapter 8 writes its own descent). */
static const char *SOLVER_CALLS[] = {"nn_gd", "nn_fmincg", "nn_adam"};

typedef struct {
    unsigned char *data;
    size_t size;
} blob;

static int load(blob *b, const char *path, nn_error *err)
{
    b->data = NULL;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > MAX_OBJECT) {
        if (fd >= 0)
            close(fd);
        return nn_fail(err, "%s: not a regular object file of at most %ld MB", path, MAX_OBJECT >> 20);
    }
    b->size = (size_t)st.st_size;
    b->data = malloc(b->size + 1);
    size_t got = 0;
    ssize_t r = 1;
    while (b->data && got < b->size && (r = read(fd, b->data + got, b->size - got)) > 0)
        got += (size_t)r;
    close(fd);
    if (!b->data || got != b->size) {
        free(b->data);
        b->data = NULL;
        return nn_fail(err, "%s: cannot read it", path);
    }
    b->data[b->size] = 0;
    return 0;
}

static bool in_range(const blob *b, uint64_t off, uint64_t len)
{
    return off <= b->size && len <= b->size - off;
}

/* A NUL-terminated string at offset off of a string table, or NULL. */
static const char *str_at(const blob *b, const Elf64_Shdr *strtab, uint64_t off)
{
    if (off >= strtab->sh_size || !in_range(b, strtab->sh_offset, strtab->sh_size))
        return NULL;
    const char *s = (const char *)b->data + strtab->sh_offset + off;
    return memchr(s, '\0', strtab->sh_size - off) ? s : NULL;
}

typedef struct {
    const Elf64_Shdr *sh;    /* section headers */
    unsigned shnum;
    const Elf64_Shdr *names; /* the section-name string table */
} elf;

static int parse(elf *e, const blob *b, const char *path, nn_error *err)
{
    const Elf64_Ehdr *h = (const Elf64_Ehdr *)b->data;
    if (b->size < sizeof *h || memcmp(h->e_ident, ELFMAG, SELFMAG) != 0 || h->e_ident[EI_CLASS] != ELFCLASS64 ||
        h->e_type != ET_REL || h->e_shentsize != sizeof(Elf64_Shdr) || h->e_shnum == 0 ||
        !in_range(b, h->e_shoff, (uint64_t)h->e_shnum * sizeof(Elf64_Shdr)) || h->e_shstrndx >= h->e_shnum ||
        h->e_shoff % 8 != 0)
        return nn_fail(err, "%s: not an ELF64 relocatable object", path);
    e->sh = (const Elf64_Shdr *)(b->data + h->e_shoff);
    e->shnum = h->e_shnum;
    e->names = &e->sh[h->e_shstrndx];
    return 0;
}

/* Calls f(name, sym, ctx) for each symbol of the object's symbol tables;
 * stops when f returns non-zero and returns that value. -1 on a bad table. */
typedef int (*sym_fn)(const char *name, const Elf64_Sym *sym, void *ctx);
static int each_symbol(const blob *b, const elf *e, sym_fn f, void *ctx)
{
    for (unsigned k = 0; k < e->shnum; k++) {
        const Elf64_Shdr *s = &e->sh[k];
        if (s->sh_type != SHT_SYMTAB)
            continue;
        if (s->sh_link >= e->shnum || s->sh_entsize != sizeof(Elf64_Sym) || !in_range(b, s->sh_offset, s->sh_size) ||
            s->sh_offset % 8 != 0)
            return -1;
        const Elf64_Shdr *strtab = &e->sh[s->sh_link];
        const Elf64_Sym *syms = (const Elf64_Sym *)(b->data + s->sh_offset);
        for (uint64_t i = 0; i < s->sh_size / sizeof(Elf64_Sym); i++) {
            const char *name = str_at(b, strtab, syms[i].st_name);
            if (!name)
                return -1;
            int r = f(name, &syms[i], ctx);
            if (r)
                return r;
        }
    }
    return 0;
}

static bool is_global_definition(const Elf64_Sym *sym)
{
    int bind = ELF64_ST_BIND(sym->st_info);
    return sym->st_shndx != SHN_UNDEF && (bind == STB_GLOBAL || bind == STB_WEAK || bind == STB_GNU_UNIQUE) &&
           ELF64_ST_TYPE(sym->st_info) != STT_FILE && ELF64_ST_TYPE(sym->st_info) != STT_SECTION;
}

/* Add a global definition's name to the list (a strbuf), one per line. */
static int add_name(const char *name, const Elf64_Sym *sym, void *ctx)
{
    strbuf *a = ctx;
    if (is_global_definition(sym) && name[0])
        sb_add(a, "%s\n", name);
    return a->oom ? -2 : 0;
}

int nn_policy_defined(char **names, const char *path, nn_error *err)
{
    blob b;
    elf e;
    *names = NULL;
    if (load(&b, path, err) != 0)
        return -1;
    strbuf a = {0};
    sb_add(&a, "\n"); /* each name stands between newlines */
    if (a.oom || parse(&e, &b, path, err) != 0) {
        sb_free(&a);
        free(b.data);
        return -1;
    }
    int r = each_symbol(&b, &e, add_name, &a);
    free(b.data);
    if (r != 0) {
        sb_free(&a);
        return nn_fail(err, "%s: a damaged symbol table", path);
    }
    *names = a.s;
    return 0;
}

typedef struct {
    const char *allowed;
    nn_error *err;
} rules;

static bool listed(const char *allowed, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(allowed, name); p; p = strstr(p + 1, name))
        if (p > allowed && p[-1] == '\n' && p[n] == '\n')
            return true;
    return false;
}

/* A symbol name the compiler makes from C: letters, digits, '_' and '.'
 * (static locals become "name.0"). A version suffix ("write@GLIBC_2.2.5"),
 * which would reach a function under another name, is not one. */
static bool plain_name(const char *name)
{
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") == strlen(name);
}

static int check_symbol(const char *name, const Elf64_Sym *sym, void *ctx)
{
    rules *r = ctx;
    if (ELF64_ST_TYPE(sym->st_info) != STT_FILE && !plain_name(name)) {
        nn_fail(r->err, "your file has a symbol named '%.60s', which C code does not make; that is not allowed", name);
        return 1;
    }
    if (ELF64_ST_TYPE(sym->st_info) == STT_GNU_IFUNC) {
        nn_fail(r->err, "'%s' is an ifunc, which runs before main; that is not allowed", name);
        return 1;
    }
    if (is_global_definition(sym) && !listed(r->allowed, name)) {
        nn_fail(r->err, "your file defines '%s', which is not a function of this chapter; make your helpers static",
                name);
        return 1;
    }
    if (sym->st_shndx != SHN_UNDEF || !name[0])
        return 0;
    for (size_t k = 0; k < sizeof FORBIDDEN_CALLS / sizeof FORBIDDEN_CALLS[0]; k++)
        if (!strcmp(name, FORBIDDEN_CALLS[k])) {
            nn_fail(r->err, "your file uses '%s', which graded code may not call", name);
            return 1;
        }
    for (size_t k = 0; k < sizeof FORBIDDEN_PREFIXES / sizeof FORBIDDEN_PREFIXES[0]; k++)
        if (!strncmp(name, FORBIDDEN_PREFIXES[k], strlen(FORBIDDEN_PREFIXES[k]))) {
            nn_fail(r->err, "your file uses '%s', a part of the test harness", name);
            return 1;
        }
    for (size_t k = 0; k < sizeof SOLVER_PREFIXES / sizeof SOLVER_PREFIXES[0]; k++)
        if (!strncmp(name, SOLVER_PREFIXES[k], strlen(SOLVER_PREFIXES[k]))) {
            nn_fail(r->err, "your file uses '%s', the library's ready-made cost and gradient; the chapter asks for "
                    "your own", name);
            return 1;
        }
    for (size_t k = 0; k < sizeof SOLVER_CALLS / sizeof SOLVER_CALLS[0]; k++)
        if (!strcmp(name, SOLVER_CALLS[k])) {
            nn_fail(r->err, "your file uses '%s', the library's ready-made optimizer; the chapter asks for your own",
                    name);
            return 1;
        }
    return 0;
}

int nn_policy_check(const char *path, const char *allowed, nn_error *err)
{
    blob b;
    elf e;
    if (load(&b, path, err) != 0)
        return -1;
    if (parse(&e, &b, path, err) != 0) {
        free(b.data);
        return -1;
    }
    int result = 0;
    for (unsigned k = 1; k < e.shnum && !result; k++) {
        const char *name = str_at(&b, e.names, e.sh[k].sh_name);
        if (!name) {
            result = nn_fail(err, "%s: a damaged section name table", path);
            break;
        }
        int type = (int)e.sh[k].sh_type;
        bool ok = type != SHT_INIT_ARRAY && type != SHT_FINI_ARRAY && type != SHT_PREINIT_ARRAY &&
                  type != SHT_GROUP;
        bool listed_name = false;
        for (size_t f = 0; f < sizeof ALLOWED_SECTIONS / sizeof ALLOWED_SECTIONS[0]; f++)
            if (!strncmp(name, ALLOWED_SECTIONS[f], strlen(ALLOWED_SECTIONS[f])))
                listed_name = true;
        if (!ok || !listed_name || strstr(name, "init_array") || strstr(name, "fini_array") || strstr(name, "ctors") ||
            strstr(name, "dtors")) {
            nn_fail(err, "your file has a section '%.60s', which C code for this workbook does not make "
                    "(a constructor, a section set by hand, or pre-compiled code); that is not allowed", name);
            result = 1;
        }
    }
    if (!result) {
        rules r = {allowed, err};
        int s = each_symbol(&b, &e, check_symbol, &r);
        result = s < 0 ? nn_fail(err, "%s: a damaged symbol table", path) : s;
    }
    free(b.data);
    return result;
}

/* ---- the same code as the reference ------------------------------------------- */

/* The executable sections' bytes of the object at path, concatenated (malloc'ed). */
static unsigned char *code_bytes(const char *path, size_t *len)
{
    blob b;
    elf e;
    nn_error ignored;
    *len = 0;
    if (load(&b, path, &ignored) != 0)
        return NULL;
    if (parse(&e, &b, path, &ignored) != 0) {
        free(b.data);
        return NULL;
    }
    unsigned char *out = malloc(b.size + 1);
    for (unsigned k = 0; out && k < e.shnum; k++) {
        const Elf64_Shdr *s = &e.sh[k];
        if (s->sh_type == SHT_PROGBITS && (s->sh_flags & SHF_EXECINSTR) && in_range(&b, s->sh_offset, s->sh_size) &&
            *len + s->sh_size <= b.size) {
            memcpy(out + *len, b.data + s->sh_offset, s->sh_size);
            *len += s->sh_size;
        }
    }
    free(b.data);
    return out;
}

int nn_policy_same_code(const char *path, const char *reference)
{
    size_t n1, n2;
    unsigned char *a = code_bytes(path, &n1), *b = code_bytes(reference, &n2);
    int same = a && b && n1 > 0 && n1 == n2 && memcmp(a, b, n1) == 0;
    free(a);
    free(b);
    return same;
}

/* ---- the source ----------------------------------------------------------------- */

static const char *C_HEADERS[] = {"assert.h", "complex.h", "ctype.h", "errno.h", "fenv.h", "float.h",
                                  "inttypes.h", "iso646.h", "limits.h", "locale.h", "math.h", "setjmp.h",
                                  "signal.h", "stdalign.h", "stdarg.h", "stdatomic.h", "stdbool.h", "stddef.h",
                                  "stdint.h", "stdio.h", "stdlib.h", "stdnoreturn.h", "string.h", "tgmath.h",
                                  "threads.h", "time.h", "uchar.h", "wchar.h", "wctype.h"};

static const char *DIRECTIVES[] = {"include", "define", "undef", "if", "ifdef", "ifndef", "elif", "else", "endif",
                                   "error", "warning"};

/* The source as the compiler's phases 1-3 see it: trigraphs replaced
 * (-std=c11 honours them), lines joined at backslash-newline, comments and
 * the insides of string and character literals blanked, line breaks kept. */
static char *plain_source(const char *raw, size_t n)
{
    static const char tri_from[] = "=/'()!<>-", tri_to[] = "#\\^[]|{}~";
    char *a = malloc(n + 1), *out = malloc(n + 1);
    size_t m = 0, k = 0;
    if (!a || !out) {
        free(a);
        free(out);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const char *t = i + 2 < n && raw[i] == '?' && raw[i + 1] == '?' ? strchr(tri_from, raw[i + 2]) : NULL;
        if (t && raw[i + 2]) {
            a[m++] = tri_to[t - tri_from];
            i += 2;
        } else {
            a[m++] = raw[i];
        }
    }
    /* Join continued lines, keeping a newline per joined line at the end of
     * the logical line so that line counts do not matter (they do not here). */
    size_t j = 0;
    for (size_t i = 0; i < m; i++) {
        if (a[i] == '\\') {
            size_t p = i + 1;
            while (p < m && (a[p] == ' ' || a[p] == '\t' || a[p] == '\r'))
                p++;
            if (p < m && a[p] == '\n') {
                i = p;
                continue;
            }
        }
        a[j++] = a[i];
    }
    m = j;
    enum { CODE, LINE_COMMENT, BLOCK_COMMENT, STR, CHR } st = CODE;
    for (size_t i = 0; i < m; i++) {
        char c = a[i], d = i + 1 < m ? a[i + 1] : '\0';
        switch (st) {
        case CODE:
            if (c == '/' && d == '/')
                st = LINE_COMMENT, out[k++] = ' ', i++;
            else if (c == '/' && d == '*')
                st = BLOCK_COMMENT, out[k++] = ' ', i++;
            else if (c == '"')
                st = STR, out[k++] = c;
            else if (c == '\'')
                st = CHR, out[k++] = c;
            else
                out[k++] = c;
            break;
        case LINE_COMMENT:
            if (c == '\n')
                st = CODE, out[k++] = c;
            break;
        case BLOCK_COMMENT:
            if (c == '*' && d == '/')
                st = CODE, i++;
            else if (c == '\n')
                out[k++] = c;
            break;
        case STR:
        case CHR:
            if (c == '\\' && d)
                i++;
            else if (c == (st == STR ? '"' : '\'') || c == '\n')
                out[k++] = c, st = CODE;
            break;
        }
    }
    out[k] = '\0';
    free(a);
    return out;
}

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/* The first identifier among words (NULL-ended) in text, or NULL. */
static const char *find_word(const char *text, const char *const *words)
{
    for (const char *p = text; *p; p++) {
        if (!ident_char(*p) || (p > text && ident_char(p[-1])))
            continue;
        size_t n = 0;
        while (ident_char(p[n]))
            n++;
        for (size_t w = 0; words[w]; w++)
            if (strlen(words[w]) == n && !strncmp(p, words[w], n))
                return words[w];
        p += n - 1;
    }
    return NULL;
}

static const char *const ASM_WORDS[] = {"asm", "__asm__", "__asm", "_Pragma", NULL};

/* The raw source: only the ordinary directives, no asm, no _Pragma. */
static int check_raw(const char *raw, size_t n, nn_error *err)
{
    char *text = plain_source(raw, n);
    if (!text) {
        nn_fail(err, "the grader ran out of memory reading your file");
        return 1;
    }
    int result = 0;
    int line_no = 0;
    for (char *line = text, *next; line && !result; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line_no++;
        char *p = line + strspn(line, " \t\f\v\r");
        bool hash = p[0] == '#' || (p[0] == '%' && p[1] == ':');
        if (!hash)
            continue;
        p += p[0] == '#' ? 1 : 2;
        p += strspn(p, " \t\f\v\r");
        if (!*p)
            continue; /* the null directive */
        size_t len = 0;
        while (ident_char(p[len]))
            len++;
        bool ok = false;
        for (size_t k = 0; k < sizeof DIRECTIVES / sizeof DIRECTIVES[0]; k++)
            ok = ok || (strlen(DIRECTIVES[k]) == len && !strncmp(p, DIRECTIVES[k], len));
        if (len == 6 && !strncmp(p, "pragma", 6)) {
            char *q = p + 6 + strspn(p + 6, " \t");
            ok = !strncmp(q, "once", 4) && !ident_char(q[4]);
        }
        if (!ok)
            nn_fail(err, "line %d: the directive '#%.*s' is not allowed in a graded file (only #include, #define, "
                    "#undef, #if and friends, #error and #pragma once)", line_no, (int)(len ? len : 1), len ? p : p);
        result = !ok;
    }
    const char *w = result ? NULL : find_word(text, ASM_WORDS);
    if (w) {
        nn_fail(err, "your file uses '%s': inline assembly and pragmas are not allowed in a graded file", w);
        result = 1;
    }
    free(text);
    return result;
}

static bool allowed_header(const char *path, const char *kit_include)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t k = strlen(kit_include);
    if (!strncmp(path, kit_include, k) && path[k] == '/' && !strchr(path + k + 1, '/') && !strstr(path, ".."))
        return true;
    bool system = !strncmp(path, "/usr/include/", 13) || !strncmp(path, "/usr/lib/gcc/", 13);
    for (size_t h = 0; system && h < sizeof C_HEADERS / sizeof C_HEADERS[0]; h++)
        if (!strcmp(base, C_HEADERS[h]) && !strstr(path, ".."))
            return true;
    return false;
}

int nn_policy_source(const char *raw, size_t raw_len, const char *pre, size_t pre_len, const char *student,
                     const char *kit_include, nn_error *err)
{
    if (memchr(raw, '\0', raw_len)) {
        nn_fail(err, "your file contains a NUL byte: it is not a C source file");
        return 1;
    }
    if (check_raw(raw, raw_len, err))
        return 1;
    /* The preprocessed text: what stands in the student's own file (macros
     * expanded there included) and what it includes directly. */
    char *text = malloc(pre_len + 1);
    if (!text) {
        nn_fail(err, "the grader ran out of memory reading your file");
        return 1;
    }
    memcpy(text, pre, pre_len);
    text[pre_len] = '\0';
    int result = 0;
    bool in_student = false;
    for (char *line = text, *next; line && !result; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char file[1024];
        int number, flag = 0;
        if (line[0] == '#' && sscanf(line, "# %d \"%1023[^\"]\" %d", &number, file, &flag) >= 2) {
            bool entering = flag == 1;
            if (entering && in_student && !allowed_header(file, kit_include)) {
                const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
                nn_fail(err, "your file includes '%.80s': a graded file may include only the standard C headers, "
                        "workbook.h and the library's headers", base);
                result = 1;
            }
            in_student = !strcmp(file, student);
            continue;
        }
        if (!in_student)
            continue;
        if (!strncmp(line, "#pragma", 7)) {
            nn_fail(err, "your file uses a pragma ('%.60s'), which a graded file may not", line);
            result = 1;
            break;
        }
        static const char *const asm_only[] = {"asm", "__asm__", "__asm", NULL};
        char *plain = plain_source(line, strlen(line));
        const char *w = plain ? find_word(plain, asm_only) : NULL;
        free(plain);
        if (w) {
            nn_fail(err, "your file uses '%s' (through a macro): inline assembly is not allowed in a graded file", w);
            result = 1;
        }
    }
    free(text);
    return result;
}
