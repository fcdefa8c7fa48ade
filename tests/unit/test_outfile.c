/* test_outfile.c - Atomic output files and CSV fields */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvfield.h"
#include "outfile.h"
#include "testutil.h"

/* Number of entries in @p dir other than . and .. */
static int
entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void
test_commit_replaces_target(void **state)
{
    const char *dir = rs_test_tmpdir("outfile-commit");
    char *path = rs_test_write_file(dir, "out.csv", "old", 3);
    rs_problems *problems = rs_problems_new();
    rs_outfile out;
    char buf[16] = "";
    FILE *fp;

    (void)state;
    chmod(path, 0640);
    assert_int_equal(rs_outfile_open(&out, path, problems), RS_OK);
    assert_non_null(strstr(out.tmp, "/.out.csv.tmp-"));
    assert_int_equal(write(out.fd, "new!", 4), 4);
    assert_int_equal(entries(dir), 2);
    assert_int_equal(rs_outfile_commit(&out, problems), RS_OK);
    rs_outfile_abort(&out);

    fp = fopen(path, "r");
    assert_non_null(fp);
    assert_int_equal(fread(buf, 1, sizeof(buf) - 1, fp), 4);
    fclose(fp);
    assert_string_equal(buf, "new!");
    assert_int_equal(entries(dir), 1);
    {
        struct stat st;

        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0640);
    }
    free(path);
    rs_problems_free(problems);
}

static void
test_abort_leaves_target(void **state)
{
    const char *dir = rs_test_tmpdir("outfile-abort");
    char *path = rs_test_write_file(dir, "out.xlsx", "old", 3);
    rs_problems *problems = rs_problems_new();
    rs_outfile out;

    (void)state;
    assert_int_equal(rs_outfile_open(&out, path, problems), RS_OK);
    assert_int_equal(write(out.fd, "partial", 7), 7);
    rs_outfile_abort(&out);
    assert_int_equal(entries(dir), 1);
    {
        struct stat st;

        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_size, 3);
    }
    free(path);
    rs_problems_free(problems);
}

/* Check that opening an output at @p path fails, and return the problem
 * that it added at @p index of @p problems. */
static const rs_problem *
open_rejected(const char *path, rs_problems *problems, size_t index)
{
    const rs_problem *p;
    rs_outfile out;

    assert_int_equal(rs_outfile_open(&out, path, problems), RS_ERROR_OUTPUT);
    rs_outfile_abort(&out);
    p = rs_problems_at(problems, index);
    assert_non_null(p);
    return p;
}

static void
test_open_rejects_bad_targets(void **state)
{
    const char *dir = rs_test_tmpdir("outfile-bad");
    char *path = rs_test_write_file(dir, "ro.xlsx", "keep", 4);
    rs_problems *problems = rs_problems_new();
    const rs_problem *p;
    char missing[1100];

    (void)state;
    chmod(path, 0444);
    p = open_rejected(path, problems, 0);
    assert_string_equal(p->file, path);
    assert_non_null(strstr(p->message, "read-only"));

    snprintf(missing, sizeof(missing), "%s/no/such/dir/out.xlsx", dir);
    p = open_rejected(missing, problems, 1);
    assert_non_null(strstr(p->message, "No such file or directory"));
    assert_non_null(strstr(p->message, "no/such/dir"));

    open_rejected(dir, problems, 2);
    assert_int_equal(entries(dir), 1);
    free(path);
    rs_problems_free(problems);
}

static void
test_open_rejects_special_files(void **state)
{
    const char *dir = rs_test_tmpdir("outfile-special");
    char *target = rs_test_write_file(dir, "real.xlsx", "keep", 4);
    rs_problems *problems = rs_problems_new();
    const rs_problem *p;
    char link[1100], fifo[1100];
    struct stat st;

    (void)state;
    snprintf(link, sizeof(link), "%s/link.xlsx", dir);
    snprintf(fifo, sizeof(fifo), "%s/pipe.xlsx", dir);
    assert_int_equal(symlink(target, link), 0);
    assert_int_equal(mkfifo(fifo, 0644), 0);

    p = open_rejected(link, problems, 0);
    assert_non_null(strstr(p->message, "symbolic link"));
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));

    p = open_rejected(fifo, problems, 1);
    assert_non_null(strstr(p->message, "named pipe"));

    p = open_rejected("/dev/null", problems, 2);
    assert_non_null(strstr(p->message, "a device"));
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(entries(dir), 3);
    free(target);
    rs_problems_free(problems);
}

static void
check_field(const char *in, const char *expected)
{
    char out[128];

    assert_int_equal(rs_csvfield_format(in, strlen(in), out),
                     strlen(expected));
    assert_string_equal(out, expected);
}

static void
test_csv_field_prefix(void **state)
{
    (void)state;
    check_field("=SUM(A1)", "'=SUM(A1)");
    check_field("+31 20 555 0100", "'+31 20 555 0100");
    check_field("@cmd", "'@cmd");
    check_field("-2+3", "'-2+3");
    check_field("\tx", "'\tx");
    check_field("\rx", "\"'\rx\"");
    check_field("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0");
    check_field("-12.5", "-12.5");
    check_field("+3", "+3");
    check_field("-0,5", "\"-0,5\"");
    check_field("-", "'-");
    check_field("plain", "plain");
}

static void
test_csv_field_quotes(void **state)
{
    (void)state;
    check_field("a,b", "\"a,b\"");
    check_field("say \"hi\"", "\"say \"\"hi\"\"\"");
    check_field("two\nlines", "\"two\nlines\"");
    check_field("=\"x\",y", "\"'=\"\"x\"\",y\"");
    check_field("", "");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces_target),
        cmocka_unit_test(test_abort_leaves_target),
        cmocka_unit_test(test_open_rejects_bad_targets),
        cmocka_unit_test(test_open_rejects_special_files),
        cmocka_unit_test(test_csv_field_prefix),
        cmocka_unit_test(test_csv_field_quotes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
