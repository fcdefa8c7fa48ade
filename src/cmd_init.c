/*
 * cmd_init.c - `reshore init DIR`: write the input templates into a folder
 *
 * All or nothing: when any template's name already exists in DIR nothing
 * is written, because the analyst's own file must never be replaced by an
 * example. Files are created with O_EXCL, so a file that appears while
 * init runs is not replaced either.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "msg.h"
#include "templates.h"

/* Print and free @p problems. Returns true when the list was empty. */
static bool
print_problems(rs_problems *problems)
{
    bool none = rs_problems_count(problems) == 0;

    rs_msg_problems(problems, 0);
    rs_problems_free(problems);
    return none;
}

/* Create the folders above the template @p path. */
static bool
make_parents(const char *path)
{
    char *dir = strdup(path);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    rs_problems *problems;
    bool ok = dir != NULL;

    if (slash) {
        *slash = '\0';
        problems = rs_problems_new();
        ok = problems && rs_batch_mkdirs(dir, problems) == RS_OK;
        print_problems(problems);
    }
    free(dir);
    return ok;
}

/* Write one template to the new file @p path. */
static bool
write_template(const char *path, const rs_template *t)
{
    size_t done = 0;
    int fd;

    if (!make_parents(path))
        return false;
    fd =
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
        rs_msg_error("cannot create %s: %s", path, strerror(errno));
        return false;
    }
    while (done < t->size) {
        ssize_t n = write(fd, t->data + done, t->size - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    if (done != t->size || close(fd) != 0) {
        rs_msg_error("cannot write %s: %s", path,
                     strerror(errno ? errno : EIO));
        if (done != t->size)
            close(fd);
        unlink(path);
        return false;
    }
    return true;
}

/* Name every template that exists in @p dir; true when none does. */
static bool
none_exists(const char *dir)
{
    size_t i, found = 0;

    for (i = 0; i < rs_template_count; i++) {
        char *path = rs_batch_path_join(dir, rs_templates[i].name);
        struct stat st;

        if (path && lstat(path, &st) == 0) {
            rs_msg_error("%s already exists", path);
            found++;
        }
        free(path);
    }
    if (found)
        rs_msg_error("nothing written: %zu template%s would replace an "
                     "existing file; move %s away or choose another folder",
                     found, found == 1 ? "" : "s", found == 1 ? "it" : "them");
    return found == 0;
}

/* Write every template into @p dir; on failure remove what was written. */
static int
write_all(const char *dir)
{
    size_t i, k;

    for (i = 0; i < rs_template_count; i++) {
        char *path = rs_batch_path_join(dir, rs_templates[i].name);
        bool ok = path && write_template(path, &rs_templates[i]);

        free(path);
        if (ok)
            continue;
        for (k = 0; k < i; k++) {
            path = rs_batch_path_join(dir, rs_templates[k].name);
            if (path)
                unlink(path);
            free(path);
        }
        rs_msg_error("nothing written to %s", dir);
        return RS_EXIT_FAILED;
    }
    for (i = 0; i < rs_template_count; i++)
        if (rs_msg_verbosity >= 0)
            printf("wrote %s/%s\n", dir, rs_templates[i].name);
    return RS_EXIT_OK;
}

int
rs_cmd_init(int argc, char **argv)
{
    const char *dir = NULL;
    rs_problems *problems;
    int i;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            rs_cli_usage(stdout);
            return RS_EXIT_OK;
        }
        if (rs_cli_verbosity_option(argv[i]))
            continue;
        if (argv[i][0] == '-' || dir) {
            rs_msg_error("unexpected argument '%s'; usage: reshore init DIR",
                         argv[i]);
            return RS_EXIT_USAGE;
        }
        dir = argv[i];
    }
    if (!dir) {
        rs_msg_error("no folder given; usage: reshore init DIR");
        return RS_EXIT_USAGE;
    }
    if (rs_template_count == 0) {
        rs_msg_error("this build of reshore holds no templates");
        return RS_EXIT_FAILED;
    }

    problems = rs_problems_new();
    if (!problems || rs_batch_mkdirs(dir, problems) != RS_OK) {
        print_problems(problems);
        return RS_EXIT_FAILED;
    }
    print_problems(problems);
    if (!none_exists(dir))
        return RS_EXIT_FAILED;
    return write_all(dir);
}
