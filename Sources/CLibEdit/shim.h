// Small wrappers around libedit for Swift. el_set, el_get and history are variadic, which
// Swift cannot call, so each operation cxq needs gets one static inline function here
// (a .c file in a system library target would not be compiled).
#ifndef CXQ_LIBEDIT_SHIM_H
#define CXQ_LIBEDIT_SHIM_H

#include <histedit.h>
#include <dlfcn.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

typedef char *(*cxq_prompt_fn)(EditLine *);
typedef unsigned char (*cxq_command_fn)(EditLine *, int);

// libedit is loaded with dlopen when the interactive shell first needs it, not linked: a
// script (`cxq -c …`, `cxq FILE`) then never maps libedit, libbsd, libmd and libtinfo nor
// resolves their symbols, which was a fifth of cxq's start-up. The headers still come from
// libedit-dev; the library is Debian's libedit2 (libedit.so.2).
struct cxq_libedit {
    int tried, loaded;
    EditLine *(*el_init)(const char *, FILE *, FILE *, FILE *);
    void (*el_end)(EditLine *);
    int (*el_set)(EditLine *, int, ...);
    int (*el_get)(EditLine *, int, ...);
    int (*el_source)(EditLine *, const char *);
    const char *(*el_gets)(EditLine *, int *);
    const LineInfo *(*el_line)(EditLine *);
    int (*el_insertstr)(EditLine *, const char *);
    void (*el_reset)(EditLine *);
    History *(*history_init)(void);
    void (*history_end)(History *);
    int (*history)(History *, HistEvent *, int, ...);
};

// The table lives in Swift (LibEditReader.library) and is passed to every wrapper: C-level
// state in a system module's header is either not emitted by Swift's importer or copied into
// each object a release build splits the module into.
/// Loads libedit into the table once; 1 when it is there, 0 when not (line editing is then off).
static inline int cxq_libedit_load(struct cxq_libedit *l) {
    if (l->tried) return l->loaded;
    l->tried = 1;
    void *h = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!h) h = dlopen("libedit.so", RTLD_NOW | RTLD_LOCAL);
    if (!h) return 0;
#define CXQ_SYM(name) if (!(*(void **)&l->name = dlsym(h, #name))) return 0
    CXQ_SYM(el_init); CXQ_SYM(el_end); CXQ_SYM(el_set); CXQ_SYM(el_get); CXQ_SYM(el_source);
    CXQ_SYM(el_gets); CXQ_SYM(el_line); CXQ_SYM(el_insertstr); CXQ_SYM(el_reset);
    CXQ_SYM(history_init); CXQ_SYM(history_end); CXQ_SYM(history);
#undef CXQ_SYM
    l->loaded = 1;
    return 1;
}

static inline EditLine *cxq_el_init(const struct cxq_libedit *l, const char *prog) { return l->el_init(prog, stdin, stdout, stderr); }
static inline void cxq_el_end(const struct cxq_libedit *l, EditLine *el) { l->el_end(el); }
static inline int cxq_el_set_prompt(const struct cxq_libedit *l, EditLine *el, cxq_prompt_fn f) { return l->el_set(el, EL_PROMPT, f); }
static inline int cxq_el_set_editor(const struct cxq_libedit *l, EditLine *el, const char *mode) { return l->el_set(el, EL_EDITOR, mode); }
static inline int cxq_el_set_history(const struct cxq_libedit *l, EditLine *el, History *h) { return l->el_set(el, EL_HIST, l->history, h); }
static inline int cxq_el_set_clientdata(const struct cxq_libedit *l, EditLine *el, void *data) { return l->el_set(el, EL_CLIENTDATA, data); }
static inline void *cxq_el_clientdata(const struct cxq_libedit *l, EditLine *el) { void *d = NULL; l->el_get(el, EL_CLIENTDATA, &d); return d; }
static inline int cxq_el_addfn(const struct cxq_libedit *l, EditLine *el, const char *name, const char *help, cxq_command_fn f) {
    return l->el_set(el, EL_ADDFN, name, help, f);
}
static inline int cxq_el_bind(const struct cxq_libedit *l, EditLine *el, const char *key, const char *fn) { return l->el_set(el, EL_BIND, key, fn, NULL); }
static inline int cxq_el_source(const struct cxq_libedit *l, EditLine *el) { return l->el_source(el, NULL); }
static inline const char *cxq_el_gets(const struct cxq_libedit *l, EditLine *el, int *count) { return l->el_gets(el, count); }
static inline const LineInfo *cxq_el_line(const struct cxq_libedit *l, EditLine *el) { return l->el_line(el); }
static inline int cxq_el_insertstr(const struct cxq_libedit *l, EditLine *el, const char *s) { return l->el_insertstr(el, s); }
static inline void cxq_el_reset(const struct cxq_libedit *l, EditLine *el) { l->el_reset(el); }

static inline History *cxq_history_init(const struct cxq_libedit *l) { return l->history_init(); }
static inline void cxq_history_end(const struct cxq_libedit *l, History *h) { l->history_end(h); }
static inline int cxq_history_setsize(const struct cxq_libedit *l, History *h, int n) { HistEvent ev; return l->history(h, &ev, H_SETSIZE, n); }
static inline int cxq_history_setunique(const struct cxq_libedit *l, History *h, int on) { HistEvent ev; return l->history(h, &ev, H_SETUNIQUE, on); }
static inline int cxq_history_enter(const struct cxq_libedit *l, History *h, const char *line) { HistEvent ev; return l->history(h, &ev, H_ENTER, line); }
static inline int cxq_history_load(const struct cxq_libedit *l, History *h, const char *path) { HistEvent ev; return l->history(h, &ev, H_LOAD, path); }
static inline int cxq_history_save(const struct cxq_libedit *l, History *h, const char *path) { HistEvent ev; return l->history(h, &ev, H_SAVE, path); }

static inline int cxq_errno(void) { return errno; }

/// UTF-8 input needs a UTF-8 locale; without one libedit drops non-ASCII bytes.
static inline void cxq_set_utf8_locale(void) {
    setlocale(LC_CTYPE, "");
    if (MB_CUR_MAX == 1) setlocale(LC_CTYPE, "C.UTF-8");
}

#endif
