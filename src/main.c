/*
 * main.c - Entry point of the reshore program: dispatch to a command
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "msg.h"

void
rs_cli_usage(FILE *fp)
{
    fputs("Usage: reshore [-q|-v] COMMAND [OPTIONS]\n"
          "\n"
          "Landed cost and total cost of ownership of every BOM item at "
          "every\ncandidate supplier location, written as an Excel "
          "workbook.\n"
          "\n"
          "Commands:\n"
          "  run    --bom FILE --locations FILE [--quotes FILE] "
          "[--tariffs FILE]\n"
          "         [--fx FILE] [--config FILE] -o OUT.xlsx "
          "[--detail-csv FILE]\n"
          "         [--previous-csv FILE] [--tmpdir DIR] "
          "[--in-memory-rows N]\n"
          "         compute one job and write its workbook\n"
          "  batch  INBOX --out DIR [--archive DIR] [--failed DIR] "
          "[--config FILE]\n"
          "         [--jobs N] [--settle SECONDS] [--ready]\n"
          "         run every complete job in a drop folder (for cron)\n"
          "  check  [--config FILE] FILE...\n"
          "         validate input files and report problems; write "
          "nothing\n"
          "  init   DIR   copy the input templates and an annotated config\n"
          "\n"
          "Options:\n"
          "  -q, --quiet     print only errors and rejected rows; -qq prints "
        "nothing\n"
          "  -v, --verbose   also print notes, such as the detected "
          "dialect\n"
          "  -h, --help      show this help (also after a command)\n"
          "  -V, --version   show the version\n"
          "\n"
          "Exit status:\n"
          "  0  success\n"
          "  1  workbook written (or files checked), but some rows were "
          "rejected\n"
          "  2  invalid command line\n"
          "  3  nothing written: an input or the output failed "
          "(batch: no job\n"
          "     could be done)\n"
          "  4  batch: another run holds the lock on the inbox\n"
          "  5  batch: some jobs failed, the others succeeded\n"
        "  128+N  stopped by signal N (130 for SIGINT, 143 for SIGTERM)\n"
          "\n"
          "Diagnostics go to stderr as\n"
          "  FILE:LINE:FIELD: column 'NAME': value 'VALUE' PROBLEM; WHAT TO "
          "DO [severity]\n"
          "See README.md and docs/ for the input columns, the cost model and "
          "the\nconfiguration file.\n",
          fp);
}

bool
rs_cli_verbosity_option(const char *arg)
{
    const char *p;

    if (strcmp(arg, "--quiet") == 0) {
        rs_msg_verbosity--;
        return true;
    }
    if (strcmp(arg, "--verbose") == 0) {
        rs_msg_verbosity++;
        return true;
    }

    /* Short flags may be repeated in one word: -qq, -vv. */
    if (arg[0] != '-' || !arg[1])
        return false;
    for (p = arg + 1; *p; p++)
        if (*p != 'q' && *p != 'v')
            return false;
    for (p = arg + 1; *p; p++)
        rs_msg_verbosity += *p == 'q' ? -1 : 1;
    return true;
}

/* Open /dev/null on standard input, output or error if the caller closed
 * it (cron, `2>&-`), so that no file opened later gets descriptor 0, 1
 * or 2 and receives the messages. */
static void
open_standard_streams(void)
{
    int fd, got;

    for (fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        /* The lowest free descriptor, which is fd. Without /dev/null
         * (a bare chroot) the stream stays closed. */
        got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (got >= 0 && got != fd)
            close(got);
    }
}

int
main(int argc, char **argv)
{
    int i = 1;

    open_standard_streams();
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            rs_cli_usage(stdout);
            return RS_EXIT_OK;
        }
        if (strcmp(argv[i], "-V") == 0 || strcmp(argv[i], "--version") == 0) {
            printf("reshore %s\n", RESHORE_VERSION);
            return RS_EXIT_OK;
        }
        if (!rs_cli_verbosity_option(argv[i])) {
            rs_msg_error("unknown option '%s'; see 'reshore --help'", argv[i]);
            return RS_EXIT_USAGE;
        }
        i++;
    }
    if (i >= argc) {
        rs_msg_error("no command given; see 'reshore --help'");
        return RS_EXIT_USAGE;
    }
    if (strcmp(argv[i], "run") == 0)
        return rs_cmd_run(argc - i, argv + i);
    if (strcmp(argv[i], "check") == 0)
        return rs_cmd_check(argc - i, argv + i);
    if (strcmp(argv[i], "batch") == 0)
        return rs_cmd_batch(argc - i, argv + i);
    if (strcmp(argv[i], "init") == 0)
        return rs_cmd_init(argc - i, argv + i);
    if (strcmp(argv[i], "help") == 0) {
        rs_cli_usage(stdout);
        return RS_EXIT_OK;
    }
    rs_msg_error("unknown command '%s'; see 'reshore --help'", argv[i]);
    return RS_EXIT_USAGE;
}
