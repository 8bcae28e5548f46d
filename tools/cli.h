/* cli — the wegweiser-content command line. */
#ifndef WW_CLI_H
#define WW_CLI_H

#include <stdio.h>

/* Runs one command as `wegweiser-content ARGS…` would, writing results to
 * `out` and messages to `err`. Returns the process exit status. */
int cli_main(int argc, char **argv, FILE *out, FILE *err);

#endif
