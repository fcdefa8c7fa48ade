/* test_tmpspace.c - The temporary folder check and its use by a job */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reshore/job.h"
#include "reshore/tmpspace.h"
#include "reshore/workbook.h"
#include "testutil.h"

#define MB 1000000ULL

/* Free space that fake_statvfs() reports, in 4 KiB blocks. */
static unsigned long long fake_blocks;

static int
fake_statvfs(const char *path, struct statvfs *buf)
{
    (void)path;
    memset(buf, 0, sizeof(*buf));
    buf->f_bsize = 4096;
    buf->f_frsize = 4096;
    buf->f_blocks = fake_blocks * 2;
    buf->f_bfree = fake_blocks;
    buf->f_bavail = (fsblkcnt_t)fake_blocks;
    return 0;
}

static int
failing_statvfs(const char *path, struct statvfs *buf)
{
    (void)path;
    (void)buf;
    errno = EIO;
    return -1;
}

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

/* Path @p dir/@p name in static storage. */
static const char *
join(const char *dir, const char *name)
{
    static char path[1200];

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return path;
}

/* Assert that @p problems contains exactly one tmpdir error on @p dir
 * whose message contains @p text. */
static void
assert_tmpdir_problem(rs_problems *problems, const char *dir,
                      const char *text)
{
    const rs_problem *p = rs_test_find_code(problems, "tmpdir");

    assert_int_equal(rs_problems_count(problems), 1);
    assert_non_null(p);
    assert_int_equal(p->severity, RS_SEV_ERROR);
    assert_non_null(p->file);
    assert_string_equal(p->file, dir);
    assert_non_null(p->message);
    if (!strstr(p->message, text))
        fail_msg("message '%s' lacks '%s'", p->message, text);
    assert_non_null(p->hint);
    assert_non_null(strstr(p->hint, "--tmpdir"));
}

static int
restore_statvfs(void **state)
{
    (void)state;
    rs_tmpspace_set_statvfs(NULL);
    return 0;
}

static void
test_dir_resolution_order(void **state)
{
    char *saved = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;

    (void)state;
    setenv("TMPDIR", "/from/env", 1);
    assert_string_equal(rs_tmpspace_dir("/from/config"), "/from/config");
    assert_string_equal(rs_tmpspace_dir(NULL), "/from/env");
    assert_string_equal(rs_tmpspace_dir(""), "/from/env");
    setenv("TMPDIR", "", 1);
    assert_string_equal(rs_tmpspace_dir(NULL), P_tmpdir);
    unsetenv("TMPDIR");
    assert_string_equal(rs_tmpspace_dir(NULL), P_tmpdir);
    if (saved)
        setenv("TMPDIR", saved, 1);
    free(saved);
}

static void
test_estimate_adds_margin(void **state)
{
    unsigned long long rows = 1000000;
    unsigned long long base = rows * RS_WORKBOOK_TMP_BYTES_PER_ROW;

    (void)state;
    assert_true(rs_tmpspace_estimate(0) == RS_TMPSPACE_MIN_BYTES);
    assert_true(rs_tmpspace_estimate((size_t)rows) ==
                base + base / 100 * RS_TMPSPACE_MARGIN_PERCENT +
                    RS_TMPSPACE_MIN_BYTES);
    assert_true(rs_tmpspace_estimate(2000) > rs_tmpspace_estimate(1000));
}

static void
test_usable_folder_passes(void **state)
{
    const char *dir = rs_test_tmpdir("tmpspace-ok");
    rs_problems *problems = rs_problems_new();

    (void)state;
    assert_int_equal(rs_tmpspace_check(dir, 1024, problems), RS_OK);
    assert_int_equal(rs_problems_count(problems), 0);
    assert_int_equal(entries(dir), 0);
    rs_problems_free(problems);
}

static void
test_missing_folder_fails(void **state)
{
    const char *dir = rs_test_tmpdir("tmpspace-missing");
    char missing[1200];
    rs_problems *problems = rs_problems_new();

    (void)state;
    snprintf(missing, sizeof(missing), "%s", join(dir, "absent"));
    assert_int_equal(rs_tmpspace_check(missing, 1024, problems),
                     RS_ERROR_TMPDIR);
    assert_tmpdir_problem(problems, missing, "does not exist");
    rs_problems_free(problems);
}

static void
test_file_instead_of_folder_fails(void **state)
{
    const char *dir = rs_test_tmpdir("tmpspace-file");
    char *file = rs_test_write_file(dir, "plain.txt", "x", 1);
    rs_problems *problems = rs_problems_new();

    (void)state;
    assert_int_equal(rs_tmpspace_check(file, 1024, problems),
                     RS_ERROR_TMPDIR);
    assert_tmpdir_problem(problems, file, "not a folder");
    rs_problems_free(problems);
    free(file);
}

static void
test_unwritable_folder_fails(void **state)
{
    const char *dir = rs_test_tmpdir("tmpspace-readonly");
    char locked[1200];
    rs_problems *problems = rs_problems_new();
    rs_error err;

    (void)state;
    snprintf(locked, sizeof(locked), "%s", join(dir, "locked"));
    assert_int_equal(mkdir(locked, 0555), 0);
    assert_int_equal(chmod(locked, 0555), 0);
    err = rs_tmpspace_check(locked, 1024, problems);
    chmod(locked, 0755);
    if (geteuid() == 0) {
        /* Permission bits do not stop root. */
        rs_problems_free(problems);
        skip();
    }
    assert_int_equal(err, RS_ERROR_TMPDIR);
    assert_tmpdir_problem(problems, locked, "cannot create a file");
    assert_non_null(strstr(rs_test_find_code(problems, "tmpdir")->message,
                           "ermission denied"));
    rs_problems_free(problems);
}

static void
test_too_little_space_fails(void **state)
{
    const char *dir = rs_test_tmpdir("tmpspace-full");
    rs_problems *problems = rs_problems_new();
    const rs_problem *p;

    (void)state;
    fake_blocks = 256; /* 1.048576 MB */
    rs_tmpspace_set_statvfs(fake_statvfs);
    assert_int_equal(rs_tmpspace_check(dir, 10 * MB, problems),
                     RS_ERROR_TMPDIR);
    assert_tmpdir_problem(problems, dir, "not enough space");
    p = rs_test_find_code(problems, "tmpdir");
    assert_non_null(strstr(p->message, "1.0 MB free"));
    assert_non_null(strstr(p->message, "10.0 MB needed"));
    assert_int_equal(entries(dir), 0);
    rs_problems_free(problems);
}

static void
test_exact_space_passes(void **state)
{
    const char *dir = rs_test_tmpdir("tmpspace-exact");
    rs_problems *problems = rs_problems_new();

    (void)state;
    fake_blocks = 1000;
    rs_tmpspace_set_statvfs(fake_statvfs);
    assert_int_equal(rs_tmpspace_check(dir, 4096000, problems), RS_OK);
    assert_int_equal(rs_tmpspace_check(dir, 4096001, problems),
                     RS_ERROR_TMPDIR);
    assert_int_equal(rs_problems_count(problems), 1);
    rs_problems_free(problems);
}

static void
test_statvfs_failure_fails(void **state)
{
    const char *dir = rs_test_tmpdir("tmpspace-statvfs");
    rs_problems *problems = rs_problems_new();

    (void)state;
    rs_tmpspace_set_statvfs(failing_statvfs);
    assert_int_equal(rs_tmpspace_check(dir, 1024, problems),
                     RS_ERROR_TMPDIR);
    assert_tmpdir_problem(problems, dir, "cannot read the free space");
    assert_non_null(strstr(rs_test_find_code(problems, "tmpdir")->message,
                           strerror(EIO)));
    rs_problems_free(problems);
}

static const char job_bom[] =
    "item,description,annual_quantity,unit_price,currency,"
    "current_location,unit_weight_kg\n"
    "P-1,Bolt,1000,1.50,EUR,CN,0.01\n"
    "P-2,Bracket,200,4.00,EUR,CN,0.2\n";

static const char job_locations[] =
    "location,name,country,currency,labour_cost_per_hour,productivity,"
    "freight_mode,freight_per_kg,transit_days,duty_rate\n"
    "NL,Home,NL,EUR,45,100,road,0.01,1,0\n"
    "CN,China,CN,EUR,8,70,sea,0.1,40,4\n";

/* Load a two-item job in @p dir writing to @p dir/out.xlsx, with
 * @p tmpdir as --tmpdir. Paths stay valid until the next call. */
static void
load_job(rs_job *job, rs_job_spec *spec, const char *dir,
         const char *tmpdir)
{
    static char *paths[3];
    size_t i;

    for (i = 0; i < 3; i++)
        free(paths[i]);
    paths[0] = rs_test_write_file(dir, "bom.csv", job_bom,
                                  strlen(job_bom));
    paths[1] = rs_test_write_file(dir, "locations.csv", job_locations,
                                  strlen(job_locations));
    paths[2] = strdup(join(dir, "out.xlsx"));
    assert_non_null(paths[2]);
    memset(spec, 0, sizeof(*spec));
    spec->input[RS_ROLE_BOM] = paths[0];
    spec->input[RS_ROLE_LOCATIONS] = paths[1];
    spec->output = paths[2];
    spec->tmpdir = tmpdir;
    assert_int_equal(rs_job_init(job, spec), RS_OK);
    if (rs_job_load(job) != RS_OK) {
        rs_test_dump_problems(job->problems);
        fail_msg("the job did not load");
    }
}

static void
test_job_write_checks_tmpdir(void **state)
{
    const char *dir = rs_test_tmpdir("tmpspace-job-missing");
    char missing[1200];
    struct stat st;
    rs_job_spec spec;
    rs_job job;

    (void)state;
    snprintf(missing, sizeof(missing), "%s", join(dir, "no-such-folder"));
    load_job(&job, &spec, dir, missing);
    assert_int_equal(rs_job_write(&job), RS_ERROR_TMPDIR);
    assert_int_equal(rs_test_count_code(job.problems, "tmpdir"), 1);
    assert_string_equal(rs_test_find_code(job.problems, "tmpdir")->file,
                        missing);
    assert_int_not_equal(stat(spec.output, &st), 0);
    rs_job_free(&job);
}

static void
test_job_write_checks_space(void **state)
{
    const char *dir = rs_test_tmpdir("tmpspace-job-full");
    const rs_problem *p;
    struct stat st;
    rs_job_spec spec;
    rs_job job;

    (void)state;
    fake_blocks = 1; /* 4 KiB: less than any estimate */
    rs_tmpspace_set_statvfs(fake_statvfs);
    load_job(&job, &spec, dir, dir);
    assert_int_equal(rs_job_write(&job), RS_ERROR_TMPDIR);
    p = rs_test_find_code(job.problems, "tmpdir");
    assert_non_null(p);
    assert_non_null(strstr(p->message, "not enough space"));
    assert_int_not_equal(stat(spec.output, &st), 0);
    rs_job_free(&job);
}

static void
test_job_write_with_usable_tmpdir(void **state)
{
    const char *dir = rs_test_tmpdir("tmpspace-job-ok");
    struct stat st;
    rs_job_spec spec;
    rs_job job;

    (void)state;
    load_job(&job, &spec, dir, dir);
    if (rs_job_write(&job) != RS_OK) {
        rs_test_dump_problems(job.problems);
        fail_msg("the job was not written");
    }
    assert_int_equal(rs_test_count_code(job.problems, "tmpdir"), 0);
    assert_int_equal(stat(spec.output, &st), 0);
    assert_true(st.st_size > 0);
    rs_job_free(&job);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dir_resolution_order),
        cmocka_unit_test(test_estimate_adds_margin),
        cmocka_unit_test(test_usable_folder_passes),
        cmocka_unit_test(test_missing_folder_fails),
        cmocka_unit_test(test_file_instead_of_folder_fails),
        cmocka_unit_test(test_unwritable_folder_fails),
        cmocka_unit_test_teardown(test_too_little_space_fails,
                                  restore_statvfs),
        cmocka_unit_test_teardown(test_exact_space_passes, restore_statvfs),
        cmocka_unit_test_teardown(test_statvfs_failure_fails,
                                  restore_statvfs),
        cmocka_unit_test(test_job_write_checks_tmpdir),
        cmocka_unit_test_teardown(test_job_write_checks_space,
                                  restore_statvfs),
        cmocka_unit_test(test_job_write_with_usable_tmpdir),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
