/* grade_policy.c - a careful reader of untrusted ELF64 relocatable objects
 * and the rules of grade_policy.h. Every offset and size read from the file
 * is checked against the file's length before use. */
#include "grade_policy.h"

#include <elf.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_OBJECT (64L << 20) /* larger objects are refused */

/* Sections whose code runs before or after main. */
static const char *FORBIDDEN_SECTIONS[] = {".init_array", ".preinit_array", ".fini_array", ".ctors",
                                           ".dtors",      ".init",          ".fini"};

/* Undefined references refused: exact names, then prefixes. */
static const char *FORBIDDEN_CALLS[] = {
    "dup", "dup2", "dup3", "fcntl", "fcntl64", "write", "writev", "pwrite", "pwrite64", "pwritev",
    "send", "sendto", "sendmsg", "dprintf", "vdprintf", "fdopen", "syscall", "ptrace", "prctl",
    "dlopen", "dlsym", "dlvsym", "dlmopen", "environ", "__environ", "getenv", "secure_getenv",
    "setenv", "unsetenv", "putenv", "process_vm_readv", "process_vm_writev", "mprotect",
    "pkey_mprotect", "__libc_start_main", "main"};
static const char *FORBIDDEN_PREFIXES[] = {"srunner_", "tcase_", "suite_", "_tcase_", "_ck_", "ck_",
                                           "tr_",      "check_", "nnt_"};

/* Undefined references refused because they compute a chapter's answer: the
 * library's fused cost and gradient (chapters 5 and 6) and its wrapper for
 * the optimizers. */
static const char *SOLVER_PREFIXES[] = {"nn_kernel_", "nn_net_objective_"};

typedef struct {
    unsigned char *data;
    size_t size;
} blob;

static int load(blob *b, const char *path, char *msg, size_t msg_size)
{
    b->data = NULL;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > MAX_OBJECT) {
        snprintf(msg, msg_size, "%s: not a regular object file of at most %ld MB", path, MAX_OBJECT >> 20);
        if (fd >= 0)
            close(fd);
        return -1;
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
        snprintf(msg, msg_size, "%s: cannot read it", path);
        return -1;
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

static int parse(elf *e, const blob *b, const char *path, char *msg, size_t msg_size)
{
    const Elf64_Ehdr *h = (const Elf64_Ehdr *)b->data;
    if (b->size < sizeof *h || memcmp(h->e_ident, ELFMAG, SELFMAG) != 0 || h->e_ident[EI_CLASS] != ELFCLASS64 ||
        h->e_type != ET_REL || h->e_shentsize != sizeof(Elf64_Shdr) || h->e_shnum == 0 ||
        !in_range(b, h->e_shoff, (uint64_t)h->e_shnum * sizeof(Elf64_Shdr)) || h->e_shstrndx >= h->e_shnum ||
        h->e_shoff % 8 != 0) {
        snprintf(msg, msg_size, "%s: not an ELF64 relocatable object", path);
        return -1;
    }
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

typedef struct {
    char *buf;
    size_t len, cap;
} names_acc;

static int add_name(const char *name, const Elf64_Sym *sym, void *ctx)
{
    names_acc *a = ctx;
    if (!is_global_definition(sym) || !name[0])
        return 0;
    size_t n = strlen(name);
    if (a->len + n + 2 > a->cap) {
        size_t cap = 2 * (a->cap + n + 2);
        char *p = realloc(a->buf, cap);
        if (!p)
            return -2;
        a->buf = p;
        a->cap = cap;
    }
    memcpy(a->buf + a->len, name, n);
    a->len += n;
    a->buf[a->len++] = '\n';
    a->buf[a->len] = '\0';
    return 0;
}

int nn_policy_defined(char **names, const char *path, char *msg, size_t msg_size)
{
    blob b;
    elf e;
    *names = NULL;
    if (load(&b, path, msg, msg_size) != 0)
        return -1;
    names_acc a = {malloc(2), 1, 2};
    if (!a.buf || parse(&e, &b, path, msg, msg_size) != 0) {
        free(a.buf);
        free(b.data);
        return -1;
    }
    strcpy(a.buf, "\n");
    int r = each_symbol(&b, &e, add_name, &a);
    free(b.data);
    if (r != 0) {
        free(a.buf);
        snprintf(msg, msg_size, "%s: a damaged symbol table", path);
        return -1;
    }
    *names = a.buf;
    return 0;
}

typedef struct {
    const char *allowed;
    char *msg;
    size_t msg_size;
} rules;

static bool listed(const char *allowed, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(allowed, name); p; p = strstr(p + 1, name))
        if (p > allowed && p[-1] == '\n' && p[n] == '\n')
            return true;
    return false;
}

static int check_symbol(const char *name, const Elf64_Sym *sym, void *ctx)
{
    rules *r = ctx;
    if (ELF64_ST_TYPE(sym->st_info) == STT_GNU_IFUNC) {
        snprintf(r->msg, r->msg_size, "'%s' is an ifunc, which runs before main; that is not allowed", name);
        return 1;
    }
    if (is_global_definition(sym) && !listed(r->allowed, name)) {
        snprintf(r->msg, r->msg_size,
                 "your file defines '%s', which is not a function of this chapter; make your helpers static", name);
        return 1;
    }
    if (sym->st_shndx != SHN_UNDEF || !name[0])
        return 0;
    for (size_t k = 0; k < sizeof FORBIDDEN_CALLS / sizeof FORBIDDEN_CALLS[0]; k++)
        if (!strcmp(name, FORBIDDEN_CALLS[k])) {
            snprintf(r->msg, r->msg_size, "your file uses '%s', which graded code may not call", name);
            return 1;
        }
    for (size_t k = 0; k < sizeof FORBIDDEN_PREFIXES / sizeof FORBIDDEN_PREFIXES[0]; k++)
        if (!strncmp(name, FORBIDDEN_PREFIXES[k], strlen(FORBIDDEN_PREFIXES[k]))) {
            snprintf(r->msg, r->msg_size, "your file uses '%s', a part of the test harness", name);
            return 1;
        }
    for (size_t k = 0; k < sizeof SOLVER_PREFIXES / sizeof SOLVER_PREFIXES[0]; k++)
        if (!strncmp(name, SOLVER_PREFIXES[k], strlen(SOLVER_PREFIXES[k]))) {
            snprintf(r->msg, r->msg_size,
                     "your file uses '%s', the library's ready-made cost and gradient; the chapter asks for your own", name);
            return 1;
        }
    return 0;
}

int nn_policy_check(const char *path, const char *allowed, char *msg, size_t msg_size)
{
    blob b;
    elf e;
    if (load(&b, path, msg, msg_size) != 0)
        return -1;
    if (parse(&e, &b, path, msg, msg_size) != 0) {
        free(b.data);
        return -1;
    }
    int result = 0;
    for (unsigned k = 0; k < e.shnum && !result; k++) {
        const char *name = str_at(&b, e.names, e.sh[k].sh_name);
        if (!name) {
            snprintf(msg, msg_size, "%s: a damaged section name table", path);
            result = -1;
            break;
        }
        int type = (int)e.sh[k].sh_type;
        bool bad = type == SHT_INIT_ARRAY || type == SHT_FINI_ARRAY || type == SHT_PREINIT_ARRAY;
        for (size_t f = 0; f < sizeof FORBIDDEN_SECTIONS / sizeof FORBIDDEN_SECTIONS[0]; f++) {
            size_t n = strlen(FORBIDDEN_SECTIONS[f]);
            if (!strncmp(name, FORBIDDEN_SECTIONS[f], n) && (name[n] == '\0' || name[n] == '.'))
                bad = true;
        }
        if (bad) {
            snprintf(msg, msg_size, "your file has a %s section (a constructor or destructor, "
                     "code that runs outside the tested functions); that is not allowed", name);
            result = 1;
        }
    }
    if (!result) {
        rules r = {allowed, msg, msg_size};
        int s = each_symbol(&b, &e, check_symbol, &r);
        if (s < 0) {
            snprintf(msg, msg_size, "%s: a damaged symbol table", path);
            result = -1;
        } else {
            result = s;
        }
    }
    free(b.data);
    return result;
}
