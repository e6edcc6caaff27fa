#ifndef HER2SIM_CREADLINE_SHIM_H
#define HER2SIM_CREADLINE_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Swift 6 cannot touch readline's mutable globals directly; these setters keep that in C. */

static inline const char *her2sim_rl_library_version(void) { return rl_library_version; }

static inline void her2sim_rl_set_readline_name(const char *name) { rl_readline_name = name; }

static inline void her2sim_rl_set_attempted_completion_function(rl_completion_func_t *fn) {
    rl_attempted_completion_function = fn;
}

static inline void her2sim_rl_set_attempted_completion_over(int value) { rl_attempted_completion_over = value; }

static inline int her2sim_rl_point(void) { return rl_point; }

static inline const char *her2sim_rl_line_buffer(void) { return rl_line_buffer; }

static inline void her2sim_rl_set_catch_signals(int value) { rl_catch_signals = value; }

#include <signal.h>
#include <unistd.h>

static inline void her2sim_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }

static inline void her2sim_rl_set_basic_word_break_characters(const char *chars) { rl_basic_word_break_characters = chars; }

/* Ctrl-C: drop the line being edited, keep the program, show a fresh prompt. */
static void her2sim_sigint_handler(int signo) {
    (void)signo;
    (void)write(STDOUT_FILENO, "\n", 1);
    rl_on_new_line();
    rl_replace_line("", 0);
    rl_redisplay();
}

static inline void her2sim_install_sigint_handler(void) {
    struct sigaction action;
    action.sa_handler = her2sim_sigint_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, NULL);
    /* A parent may have started us with SIGINT blocked; Ctrl-C must still reach us. */
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    sigprocmask(SIG_UNBLOCK, &interrupt, NULL);
    rl_catch_signals = 0;
}

#endif
