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

#endif
