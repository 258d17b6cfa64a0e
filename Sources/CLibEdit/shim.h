// Small wrappers around libedit for Swift. el_set, el_get and history are variadic, which
// Swift cannot call, so each operation cxq needs gets one static inline function here
// (a .c file in a system library target would not be compiled).
#ifndef CXQ_LIBEDIT_SHIM_H
#define CXQ_LIBEDIT_SHIM_H

#include <histedit.h>
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

static inline EditLine *cxq_el_init(const char *prog) { return el_init(prog, stdin, stdout, stderr); }
static inline void cxq_el_end(EditLine *el) { el_end(el); }
static inline int cxq_el_set_prompt(EditLine *el, cxq_prompt_fn f) { return el_set(el, EL_PROMPT, f); }
static inline int cxq_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int cxq_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int cxq_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *cxq_el_clientdata(EditLine *el) { void *d = NULL; el_get(el, EL_CLIENTDATA, &d); return d; }
static inline int cxq_el_addfn(EditLine *el, const char *name, const char *help, cxq_command_fn f) {
    return el_set(el, EL_ADDFN, name, help, f);
}
static inline int cxq_el_bind(EditLine *el, const char *key, const char *fn) { return el_set(el, EL_BIND, key, fn, NULL); }
static inline int cxq_el_source(EditLine *el) { return el_source(el, NULL); }
static inline const char *cxq_el_gets(EditLine *el, int *count) { return el_gets(el, count); }
static inline const LineInfo *cxq_el_line(EditLine *el) { return el_line(el); }
static inline int cxq_el_insertstr(EditLine *el, const char *s) { return el_insertstr(el, s); }
static inline void cxq_el_reset(EditLine *el) { el_reset(el); }

static inline History *cxq_history_init(void) { return history_init(); }
static inline void cxq_history_end(History *h) { history_end(h); }
static inline int cxq_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int cxq_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int cxq_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int cxq_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int cxq_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }

static inline int cxq_errno(void) { return errno; }

/// UTF-8 input needs a UTF-8 locale; without one libedit drops non-ASCII bytes.
static inline void cxq_set_utf8_locale(void) {
    setlocale(LC_CTYPE, "");
    if (MB_CUR_MAX == 1) setlocale(LC_CTYPE, "C.UTF-8");
}

// The terminal's settings at start, restored on every way out (a signal handler too).
// Kept in a function-local static: a file-level static in a system module's header is not
// emitted by Swift's importer.
struct cxq_terminal_state { struct termios mode; volatile sig_atomic_t saved; };

static inline struct cxq_terminal_state *cxq_terminal(void) {
    static struct cxq_terminal_state state;
    return &state;
}

static inline void cxq_save_terminal(void) {
    if (tcgetattr(STDIN_FILENO, &cxq_terminal()->mode) == 0) cxq_terminal()->saved = 1;
}

static inline void cxq_restore_terminal(void) {
    if (cxq_terminal()->saved) tcsetattr(STDIN_FILENO, TCSADRAIN, &cxq_terminal()->mode);
}

static inline void cxq_fatal_signal(int sig) {
    cxq_restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

/// SIGTERM, SIGHUP and SIGQUIT restore the terminal, then end the process as they would have.
static inline void cxq_install_terminal_restore(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cxq_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
}

#endif
