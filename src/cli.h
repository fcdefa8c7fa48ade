/*
 * cli.h - Commands of the reshore program and their exit statuses
 */
#ifndef RS_CLI_H
#define RS_CLI_H

#include <stdbool.h>
#include <stdio.h>

/** Exit statuses; docs and --help list the same values. */
enum rs_exit {
    RS_EXIT_OK = 0,          /**< complete success */
    RS_EXIT_REJECTED = 1,    /**< written (or checked), some rows rejected */
    RS_EXIT_USAGE = 2,       /**< invalid command line */
    RS_EXIT_FAILED = 3,      /**< nothing written: an input or the output
                                  failed; batch: nothing could be done */
    RS_EXIT_LOCKED = 4,      /**< batch: another run holds the lock */
    RS_EXIT_SOME_FAILED = 5  /**< batch: some jobs failed, others not */
};

int rs_cmd_run(int argc, char **argv);
int rs_cmd_check(int argc, char **argv);
int rs_cmd_batch(int argc, char **argv);
int rs_cmd_init(int argc, char **argv);

/** Print the usage text of the program to @p fp. */
void rs_cli_usage(FILE *fp);

/** Apply -q/--quiet and -v/--verbose; returns true when @p arg is one. */
bool rs_cli_verbosity_option(const char *arg);

/** The command line as one string for the Run sheet (malloc'd). */
char *rs_cli_command_line(int argc, char **argv);

#endif /* RS_CLI_H */
