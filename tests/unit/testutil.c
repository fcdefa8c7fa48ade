/* testutil.c - Helpers shared by the cmocka unit tests */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

void
rs_test_assert_close(double actual, double expected, double tol,
                     const char *expr, const char *file, int line)
{
    double scale = fabs(expected) > 1.0 ? fabs(expected) : 1.0;

    if (isnan(expected) && isnan(actual))
        return;
    if (!(fabs(actual - expected) <= tol * scale)) {
        print_error("%s is %.17g, expected %.17g (tolerance %g)\n", expr,
                    actual, expected, tol);
        _fail(file, line);
    }
}

static void
remove_tree(const char *path)
{
    char cmd[4096];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", path);
}

const char *
rs_test_tmpdir(const char *name)
{
    static char path[1024];
    const char *base = getenv("TMPDIR");

    snprintf(path, sizeof(path), "%s/reshore-test-%ld-%s",
             base && *base ? base : "/tmp", (long)getpid(), name);
    remove_tree(path);
    if (mkdir(path, 0700) != 0) {
        fprintf(stderr, "mkdir %s: %s\n", path, strerror(errno));
        abort();
    }
    return path;
}

char *
rs_test_write_file(const char *dir, const char *name, const void *data,
                   size_t len)
{
    size_t size = strlen(dir) + strlen(name) + 2;
    char *path = malloc(size);
    FILE *fp;

    if (!path)
        abort();
    snprintf(path, size, "%s/%s", dir, name);
    fp = fopen(path, "wb");
    if (!fp || fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        abort();
    }
    return path;
}

char *
rs_test_data_path(const char *relative)
{
    size_t size = strlen(RS_TEST_DATA) + strlen(relative) + 2;
    char *path = malloc(size);

    if (!path)
        abort();
    snprintf(path, size, "%s/%s", RS_TEST_DATA, relative);
    return path;
}

size_t
rs_test_count_code(const rs_problems *problems, const char *code)
{
    size_t i, n = 0;

    for (i = 0; i < rs_problems_stored(problems); i++) {
        const rs_problem *p = rs_problems_at(problems, i);

        if (p->code && strcmp(p->code, code) == 0)
            n++;
    }
    return n;
}

const rs_problem *
rs_test_find_code_line(const rs_problems *problems, const char *code,
                       unsigned long line)
{
    size_t i;

    for (i = 0; i < rs_problems_stored(problems); i++) {
        const rs_problem *p = rs_problems_at(problems, i);

        if (p->code && strcmp(p->code, code) == 0 && p->line == line)
            return p;
    }
    return NULL;
}

const rs_problem *
rs_test_find_code(const rs_problems *problems, const char *code)
{
    size_t i;

    for (i = 0; i < rs_problems_stored(problems); i++) {
        const rs_problem *p = rs_problems_at(problems, i);

        if (p->code && strcmp(p->code, code) == 0)
            return p;
    }
    return NULL;
}

void
rs_test_dump_problems(const rs_problems *problems)
{
    size_t i;

    for (i = 0; i < rs_problems_stored(problems); i++) {
        char *line = rs_problem_format(rs_problems_at(problems, i));

        printf("  [%s] %s\n",
               rs_severity_name(rs_problems_at(problems, i)->severity),
               line ? line : "(no memory)");
        free(line);
    }
}
