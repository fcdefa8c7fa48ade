/*
 * test_batch.c - Unit tests of the batch folder: names, moves, stages,
 * journal, recovery, lock, log, folder checks and leftover outputs
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "testutil.h"

/* Problems of every call; printed when a test fails. */
static rs_problems *P;

/* Contents of the file at @p path (malloc'd), or NULL. */
static char *
slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(fp);
    return buf;
}

static bool
exists(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0;
}

static char *
join(const char *a, const char *b)
{
    char *p = rs_batch_path_join(a, b);

    assert_non_null(p);
    return p;
}

static void
assert_file_text(const char *dir, const char *name, const char *text)
{
    char *path = join(dir, name);
    char *got = slurp(path);

    if (!got)
        fail_msg("%s is missing", path);
    assert_string_equal(got, text);
    free(got);
    free(path);
}

static void
mkdir_in(const char *dir, const char *name)
{
    char *path = join(dir, name);

    assert_int_equal(mkdir(path, 0777), 0);
    free(path);
}

static void
test_classify_names(void **state)
{
    (void)state;
    assert_int_equal(rs_batch_classify_name("bom.csv"), RS_BATCH_ENTRY_INPUT);
    assert_int_equal(rs_batch_classify_name("rates.csv.gz"),
                     RS_BATCH_ENTRY_INPUT);
    assert_int_equal(rs_batch_classify_name("~$bom.csv"),
                     RS_BATCH_ENTRY_IGNORED);
    assert_int_equal(rs_batch_classify_name(".~lock.bom.csv#"),
                     RS_BATCH_ENTRY_IGNORED);
    assert_int_equal(rs_batch_classify_name("bom.csv.filepart"),
                     RS_BATCH_ENTRY_IGNORED);
    assert_int_equal(rs_batch_classify_name("bom.csv.part"),
                     RS_BATCH_ENTRY_IGNORED);
    assert_int_equal(rs_batch_classify_name("x.TMP"), RS_BATCH_ENTRY_IGNORED);
    assert_int_equal(rs_batch_classify_name("b.csv.crdownload"),
                     RS_BATCH_ENTRY_IGNORED);
    assert_int_equal(rs_batch_classify_name(".hidden.csv"),
                     RS_BATCH_ENTRY_IGNORED);
    assert_int_equal(rs_batch_classify_name("bom.csv~"),
                     RS_BATCH_ENTRY_IGNORED);
    assert_int_equal(rs_batch_classify_name("desktop.ini"),
                     RS_BATCH_ENTRY_IGNORED);
    assert_int_equal(rs_batch_classify_name("READY"),
                     RS_BATCH_ENTRY_COMPANION);
    assert_int_equal(rs_batch_classify_name("acme.error.txt"),
                     RS_BATCH_ENTRY_COMPANION);
    assert_int_equal(rs_batch_classify_name("reshore.ini"),
                     RS_BATCH_ENTRY_CONFIG);
}

static void
test_job_names(void **state)
{
    static const char *const cases[][2] = {
        {"acme.csv", "acme"},    {"acme.csv.gz", "acme"},
        {"acme.CSV.GZ", "acme"}, {"a.b.csv", "a.b"},
        {"plain", "plain"},      {"bom 2026.txt", "bom 2026"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *name = rs_batch_job_name(cases[i][0]);

        assert_string_equal(name, cases[i][1]);
        free(name);
    }
}

static void
test_previous_latest(void **state)
{
    const char *dir = rs_test_tmpdir("batch-previous");
    static const char *const names[] = {
        "acme-2026-01-02.detail.csv.gz",
        "acme-2026-01-03.detail.csv.gz",
        "acme-2026-01-03-2.detail.csv.gz",
        "acme-2026-01-03-10.detail.csv.gz",
        "acme-2026-01-09-x.detail.csv.gz",
        "acme-x-2026-02-01.detail.csv.gz",
        "acme-2026-12-31.xlsx",
        "acme2-2027-01-01.detail.csv.gz",
    };
    char *path;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        free(rs_test_write_file(dir, names[i], "x", 1));
    path = rs_batch_find_previous(dir, "acme");
    assert_non_null(path);
    assert_non_null(strstr(path, "/acme-2026-01-03-10.detail.csv.gz"));
    free(path);
    assert_null(rs_batch_find_previous(dir, "other"));
}

static void
test_move_same_fs(void **state)
{
    const char *dir = rs_test_tmpdir("batch-move");
    char *src = rs_test_write_file(dir, "a.csv", "abc", 3);
    char *dst = join(dir, "b.csv");
    bool conflict;

    (void)state;
    assert_int_equal(rs_batch_move(src, dst, &conflict, P), RS_OK);
    assert_false(conflict);
    assert_false(exists(src));
    assert_file_text(dir, "b.csv", "abc");

    /* A move onto other content is refused and changes nothing. */
    free(rs_test_write_file(dir, "a.csv", "xyz", 3));
    assert_int_equal(rs_batch_move(src, dst, &conflict, P), RS_OK);
    assert_true(conflict);
    assert_file_text(dir, "a.csv", "xyz");
    assert_file_text(dir, "b.csv", "abc");

    /* Onto the same content, the move is finished: the source goes. */
    free(rs_test_write_file(dir, "a.csv", "abc", 3));
    assert_int_equal(rs_batch_move(src, dst, &conflict, P), RS_OK);
    assert_false(conflict);
    assert_false(exists(src));
    assert_file_text(dir, "b.csv", "abc");
    free(src);
    free(dst);
}

static void
test_copy_verified(void **state)
{
    const char *dir = rs_test_tmpdir("batch-copy");
    char big[200000];
    char *src, *dst, *link, *link_copy, *got;
    char target[64];
    struct stat st;
    size_t i;
    ssize_t n;

    (void)state;
    for (i = 0; i < sizeof(big); i++)
        big[i] = (char)('a' + i % 23);
    src = rs_test_write_file(dir, "big.csv", big, sizeof(big));
    dst = join(dir, "copy.csv");
    assert_int_equal(rs_batch_copy_verified(src, dst, P), RS_OK);
    assert_true(exists(src));
    assert_true(rs_batch_same_content(src, dst));
    got = join(dir, ".copy.csv.reshore-part");
    assert_false(exists(got));
    free(got);

    /* A link is copied as a link; its target is never read. */
    link = join(dir, "link.csv");
    link_copy = join(dir, "link2.csv");
    assert_int_equal(symlink("/nonexistent/secret", link), 0);
    assert_int_equal(rs_batch_copy_verified(link, link_copy, P), RS_OK);
    assert_int_equal(lstat(link_copy, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    n = readlink(link_copy, target, sizeof(target) - 1);
    assert_true(n > 0);
    target[n] = '\0';
    assert_string_equal(target, "/nonexistent/secret");

    /* The copy never replaces a file. */
    assert_int_not_equal(rs_batch_copy_verified(src, link_copy, P), RS_OK);
    assert_int_equal(lstat(link_copy, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    free(src);
    free(dst);
    free(link);
    free(link_copy);
}

/* A move between two file systems, when /dev/shm is another one. */
static void
test_move_across_fs(void **state)
{
    const char *dir = rs_test_tmpdir("batch-xdev");
    char other[256];
    struct stat a, b;
    char *src, *dst;
    bool conflict;

    (void)state;
    snprintf(other, sizeof(other), "/dev/shm/reshore-test-%ld",
             (long)getpid());
    if (stat(dir, &a) != 0 || mkdir(other, 0700) != 0 ||
        stat(other, &b) != 0 || a.st_dev == b.st_dev) {
        rmdir(other);
        skip();
    }
    src = rs_test_write_file(dir, "bom.csv", "item\nA\n", 7);
    dst = join(other, "bom.csv");
    assert_int_equal(rs_batch_move(src, dst, &conflict, P), RS_OK);
    assert_false(conflict);
    assert_false(exists(src));
    assert_file_text(other, "bom.csv", "item\nA\n");
    unlink(dst);
    rmdir(other);
    free(src);
    free(dst);
}

static void
test_journal_roundtrip(void **state)
{
    const char *dir = rs_test_tmpdir("batch-journal");
    rs_batch_journal in, out;

    (void)state;
    memset(&in, 0, sizeof(in));
    in.state = RS_BATCH_DONE_FAILED;
    in.job = "acme jobs";
    in.output = "/o/acme-2026-01-02.xlsx";
    in.detail = "/o/acme-2026-01-02.detail.csv.gz";
    in.dest = "/f/2026-01-02/acme";
    assert_int_equal(rs_batch_journal_write(dir, &in, P), RS_OK);
    assert_int_equal(rs_batch_journal_read(dir, &out, P), RS_OK);
    assert_int_equal(out.state, RS_BATCH_DONE_FAILED);
    assert_string_equal(out.job, in.job);
    assert_string_equal(out.output, in.output);
    assert_string_equal(out.detail, in.detail);
    assert_string_equal(out.dest, in.dest);
    rs_batch_journal_free(&out);
    assert_int_equal(rs_batch_journal_read("/nonexistent", &out, P),
                     RS_ERROR_NOT_FOUND);
}

/* An inbox with the folder job "acme" of two files, planned. */
static void
make_acme(const char *root, rs_batch_job *job, rs_batch_dirs *dirs)
{
    char *inbox = join(root, "inbox");
    char *folder;

    mkdir_in(root, "inbox");
    mkdir_in(root, "out");
    folder = join(inbox, "acme");
    assert_int_equal(mkdir(folder, 0777), 0);
    free(rs_test_write_file(folder, "bom.csv", "BOM", 3));
    free(rs_test_write_file(folder, "locations.csv", "LOC", 3));
    free(rs_test_write_file(folder, "~$bom.csv", "x", 1));
    memset(job, 0, sizeof(*job));
    job->name = strdup("acme");
    job->kind = RS_BATCH_FOLDER;
    job->entry = strdup("acme");
    job->files = calloc(2, sizeof(char *));
    job->files[0] = strdup("bom.csv");
    job->files[1] = strdup("locations.csv");
    job->file_count = 2;
    job->stage = join(inbox, RS_BATCH_WORK_NAME "/d-acme");
    job->output = join(root, "out/acme-2026-01-02.xlsx");
    job->detail = join(root, "out/acme-2026-01-02.detail.csv.gz");
    job->archive = join(root, "archive/2026-01-02/acme");
    job->failed = join(root, "failed/2026-01-02/acme");
    dirs->inbox = inbox;
    dirs->out = NULL;
    free(folder);
}

/* Free @p job (and the job itself) through a plan of one. */
static void
free_acme(rs_batch_job *job, rs_batch_dirs *dirs)
{
    rs_batch_plan plan;

    plan.jobs = job;
    plan.count = 1;
    plan.capacity = 1;
    job->problems = NULL;
    rs_batch_plan_free(&plan);
    free((char *)dirs->inbox);
}

static void
test_claim_release(void **state)
{
    const char *root = rs_test_tmpdir("batch-release");
    rs_batch_job *job = calloc(1, sizeof(*job));
    rs_batch_dirs dirs;
    char *folder, *tmp;

    (void)state;
    make_acme(root, job, &dirs);
    folder = join(dirs.inbox, "acme");
    assert_int_equal(rs_batch_claim(dirs.inbox, job, P), RS_OK);
    tmp = join(folder, "bom.csv");
    assert_false(exists(tmp));
    free(tmp);
    assert_file_text(job->stage, "bom.csv", "BOM");
    assert_file_text(folder, "~$bom.csv", "x");

    /* A second claim of the same job is refused. */
    assert_int_not_equal(rs_batch_claim(dirs.inbox, job, P), RS_OK);

    /* Release removes the planned outputs and their temporary files,
     * and puts the inputs back. */
    free(rs_test_write_file(root, "out/acme-2026-01-02.xlsx", "PK", 2));
    free(rs_test_write_file(root, "out/.acme-2026-01-02.xlsx.tmp-abc123", "P",
                            1));
    free(rs_test_write_file(root, "out/other.xlsx", "PK", 2));
    assert_int_equal(rs_batch_release(dirs.inbox, job->stage, P), RS_OK);
    assert_false(exists(job->output));
    tmp = join(root, "out/.acme-2026-01-02.xlsx.tmp-abc123");
    assert_false(exists(tmp));
    free(tmp);
    assert_file_text(root, "out/other.xlsx", "PK");
    assert_file_text(folder, "bom.csv", "BOM");
    assert_file_text(folder, "locations.csv", "LOC");
    assert_false(exists(job->stage));
    free(folder);
    free_acme(job, &dirs);
}

static void
test_claim_complete(void **state)
{
    const char *root = rs_test_tmpdir("batch-complete");
    rs_batch_job *job = calloc(1, sizeof(*job));
    rs_batch_dirs dirs;
    char *folder, *report;

    (void)state;
    make_acme(root, job, &dirs);
    folder = join(dirs.inbox, "acme");
    assert_int_equal(rs_batch_claim(dirs.inbox, job, P), RS_OK);
    report = join(job->stage, RS_BATCH_ERROR_NAME);
    assert_int_equal(rs_batch_write_file(report, "why\n", P), RS_OK);
    assert_int_equal(
        rs_batch_decide(job->stage, RS_BATCH_DONE_FAILED, job->failed, P),
        RS_OK);
    assert_int_equal(rs_batch_complete(dirs.inbox, job->stage, P), RS_OK);
    assert_file_text(job->failed, "bom.csv", "BOM");
    assert_file_text(job->failed, "locations.csv", "LOC");
    assert_file_text(job->failed, "acme.error.txt", "why\n");
    assert_false(exists(job->stage));
    /* The ignored editor file keeps the job folder. */
    assert_file_text(folder, "~$bom.csv", "x");
    free(report);
    free(folder);
    free_acme(job, &dirs);
}

/* A run killed halfway through completing: one file already moved, one
 * copied but not yet removed, one still staged. */
static void
test_recover_half_moved(void **state)
{
    const char *root = rs_test_tmpdir("batch-recover");
    rs_batch_job *job = calloc(1, sizeof(*job));
    rs_batch_recovered *list;
    rs_batch_dirs dirs;
    size_t count;
    char *src, *dst;
    bool conflict;

    (void)state;
    make_acme(root, job, &dirs);
    assert_int_equal(rs_batch_claim(dirs.inbox, job, P), RS_OK);
    free(rs_test_write_file(job->stage, "quotes.csv", "QUO", 3));
    assert_int_equal(
        rs_batch_decide(job->stage, RS_BATCH_DONE_OK, job->archive, P), RS_OK);
    assert_int_equal(rs_batch_mkdirs(job->archive, P), RS_OK);
    src = join(job->stage, "bom.csv");
    dst = join(job->archive, "bom.csv");
    assert_int_equal(rs_batch_move(src, dst, &conflict, P), RS_OK);
    free(src);
    free(dst);
    src = join(job->stage, "locations.csv");
    dst = join(job->archive, "locations.csv");
    assert_int_equal(rs_batch_copy_verified(src, dst, P), RS_OK);
    free(src);
    free(dst);

    assert_int_equal(rs_batch_recover(dirs.inbox, &list, &count, P), RS_OK);
    assert_int_equal(count, 1);
    assert_int_equal(list[0].error, RS_OK);
    assert_int_equal(list[0].state, RS_BATCH_DONE_OK);
    assert_string_equal(list[0].job, "acme");
    assert_string_equal(list[0].dest, job->archive);
    rs_batch_recovered_free(list, count);
    assert_file_text(job->archive, "bom.csv", "BOM");
    assert_file_text(job->archive, "locations.csv", "LOC");
    assert_file_text(job->archive, "quotes.csv", "QUO");
    assert_false(exists(job->stage));
    free_acme(job, &dirs);
}

/* A stage without a journal (killed before it was written) goes back. */
static void
test_recover_without_journal(void **state)
{
    const char *root = rs_test_tmpdir("batch-nojournal");
    rs_batch_recovered *list;
    char *inbox, *stage;
    size_t count;

    (void)state;
    mkdir_in(root, "inbox");
    inbox = join(root, "inbox");
    mkdir_in(inbox, RS_BATCH_WORK_NAME);
    stage = join(inbox, RS_BATCH_WORK_NAME "/f-loose.csv");
    assert_int_equal(mkdir(stage, 0777), 0);
    free(rs_test_write_file(stage, "loose.csv", "L", 1));
    assert_int_equal(rs_batch_recover(inbox, &list, &count, P), RS_OK);
    assert_int_equal(count, 1);
    assert_int_equal(list[0].state, RS_BATCH_CLAIMED);
    assert_null(list[0].dest);
    rs_batch_recovered_free(list, count);
    assert_file_text(inbox, "loose.csv", "L");
    assert_false(exists(stage));
    free(stage);
    free(inbox);
}

static void
test_lock_excludes(void **state)
{
    const char *dir = rs_test_tmpdir("batch-lock");
    rs_batch_lock first, second;
    long holder = -1;

    (void)state;
    assert_int_equal(rs_batch_lock_acquire(&first, dir, &holder, P), RS_OK);
    assert_int_equal(rs_batch_lock_acquire(&second, dir, &holder, P),
                     RS_ERROR_LOCKED);
    assert_int_equal(holder, (long)getpid());
    assert_int_equal(second.fd, -1);
    rs_batch_lock_release(&first);
    assert_int_equal(rs_batch_lock_acquire(&second, dir, &holder, P), RS_OK);
    rs_batch_lock_release(&second);
    rs_batch_lock_release(&second);
}

static void
test_log_lines(void **state)
{
    const char *dir = rs_test_tmpdir("batch-log");
    char *path = join(dir, "reshore.log");
    rs_batch_log log;
    char *text;

    (void)state;
    assert_int_equal(rs_batch_log_open(&log, path, P), RS_OK);
    assert_int_equal(rs_batch_log_line(&log, 86400, "ok %s", "a\nb"), RS_OK);
    rs_batch_log_close(&log);
    assert_int_equal(rs_batch_log_open(&log, path, P), RS_OK);
    assert_int_equal(rs_batch_log_line(&log, 0, "end"), RS_OK);
    rs_batch_log_close(&log);
    text = slurp(path);
    assert_string_equal(text, "1970-01-02T00:00:00Z ok a\\x0Ab\n"
                              "1970-01-01T00:00:00Z end\n");
    free(text);
    free(path);
}

static void
test_escape_controls(void **state)
{
    static const char *const cases[][2] = {
        {"plain name", "plain name"},
        {"nl\nname", "nl\\x0Aname"},
        {"tab\tesc\x1b[0m", "tab\\x09esc\\x1B[0m"},
        {"del\x7f", "del\\x7F"},
        {"caf\xc3\xa9", "caf\xc3\xa9"},
        {"", ""},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *text = rs_batch_escape(cases[i][0]);

        assert_string_equal(text, cases[i][1]);
        free(text);
    }
}

static void
test_leftover_names(void **state)
{
    static const struct {
        const char *name;
        bool leftover;
    } cases[] = {
        {".acme-2026-01-02.xlsx.tmp-RiGk37", true},
        {".acme-2026-01-02-2.xlsx.tmp-000000", true},
        {".acme-2026-01-02-15.detail.csv.gz.tmp-abcXYZ", true},
        {".a-b-2026-01-02.xlsx.tmp-abcdef", true},
        {".reshore.tmp-Q1w2E3", true},
        {"acme-2026-01-02.xlsx.tmp-RiGk37", false},
        {".acme-2026-01-02.xlsx", false},
        {".acme-2026-01-02.xlsx.tmp-RiGk3", false},
        {".acme-2026-01-02.xlsx.tmp-RiGk377", false},
        {".acme-2026-01-02.xlsx.tmp-RiG.37", false},
        {".acme-2026-01-02.csv.tmp-RiGk37", false},
        {".acme-2026-1-02.xlsx.tmp-RiGk37", false},
        {".acme-2026-01-02-.xlsx.tmp-RiGk37", false},
        {".-2026-01-02.xlsx.tmp-RiGk37", false},
        {".2026-01-02.xlsx.tmp-RiGk37", false},
        {".report.xlsx.tmp-RiGk37", false},
        {".reshore.tmp-Q1w2E", false},
        {".reshore2.tmp-Q1w2E3", false},
        {".journal", false},
        {".tmp-abcdef", false},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (rs_batch_is_leftover(cases[i].name) != cases[i].leftover)
            fail_msg("%s: expected %s", cases[i].name,
                     cases[i].leftover ? "a leftover" : "no leftover");
}

static void
test_remove_leftovers(void **state)
{
    const char *dir = rs_test_tmpdir("batch-leftovers");
    char *link = join(dir, ".b-2026-01-02.xlsx.tmp-abcdef");
    char *sub = join(dir, ".c-2026-01-02.xlsx.tmp-abcdef");
    char *gone = join(dir, ".a-2026-01-02.xlsx.tmp-abcdef");
    char *kept = join(dir, "a-2026-01-02.xlsx");
    rs_problems *problems = rs_problems_new();

    (void)state;
    free(rs_test_write_file(dir, ".a-2026-01-02.xlsx.tmp-abcdef", "x", 1));
    free(rs_test_write_file(dir, "a-2026-01-02.xlsx", "x", 1));
    assert_int_equal(symlink(kept, link), 0);
    assert_int_equal(mkdir(sub, 0777), 0);
    assert_int_equal(rs_batch_remove_leftovers(dir, problems), RS_OK);
    assert_false(exists(gone));
    assert_true(exists(kept));
    assert_true(exists(link));
    assert_true(exists(sub));
    assert_int_equal(rs_test_count_code(problems, "batch-leftover"), 1);
    assert_string_equal(rs_test_find_code(problems, "batch-leftover")->file,
                        gone);
    rs_problems_free(problems);
    free(link);
    free(sub);
    free(gone);
    free(kept);
}

static void
test_remove_output_and_temporaries(void **state)
{
    const char *dir = rs_test_tmpdir("batch-remove-output");
    char name[300], tmp[320];
    char *path, *other, *long_tmp;

    (void)state;
    free(rs_test_write_file(dir, "a-2026-01-02.xlsx", "x", 1));
    free(rs_test_write_file(dir, ".a-2026-01-02.xlsx.tmp-abc123", "x", 1));
    free(rs_test_write_file(dir, ".a-2026-01-02.xlsx.tmp-abc1234", "x", 1));
    free(rs_test_write_file(dir, ".a-2026-01-02.xlsx-2.tmp-abc123", "x", 1));
    path = join(dir, "a-2026-01-02.xlsx");
    rs_batch_remove_output(path);
    assert_false(exists(path));
    free(path);
    path = join(dir, ".a-2026-01-02.xlsx.tmp-abc123");
    assert_false(exists(path));
    free(path);
    other = join(dir, ".a-2026-01-02.xlsx.tmp-abc1234");
    assert_true(exists(other));
    free(other);
    other = join(dir, ".a-2026-01-02.xlsx-2.tmp-abc123");
    assert_true(exists(other));
    free(other);

    /* A name too long for ".NAME.tmp-XXXXXX" has ".reshore.tmp-". */
    memset(name, 'n', 250);
    strcpy(name + 250, ".xlsx");
    free(rs_test_write_file(dir, ".reshore.tmp-Zz9Zz9", "x", 1));
    snprintf(tmp, sizeof(tmp), "%s/%s", dir, name);
    rs_batch_remove_output(tmp);
    long_tmp = join(dir, ".reshore.tmp-Zz9Zz9");
    assert_false(exists(long_tmp));
    free(long_tmp);
    rs_batch_remove_output(NULL);
}

static void
test_canonical_paths(void **state)
{
    const char *dir = rs_test_tmpdir("batch-canonical");
    char *real = realpath(dir, NULL);
    char *in, *link, *got, *want;

    (void)state;
    assert_non_null(real);
    mkdir_in(dir, "in");
    in = join(real, "in");
    link = join(dir, "link");
    assert_int_equal(symlink(in, link), 0);

    got = rs_batch_canonical_path(link);
    assert_string_equal(got, in);
    free(got);

    /* Missing parts are appended as written, ".." applied by name. */
    free(link);
    link = join(dir, "link/new/../x/./y/");
    want = join(in, "x/y");
    got = rs_batch_canonical_path(link);
    assert_string_equal(got, want);
    free(got);
    free(want);
    free(link);
    got = rs_batch_canonical_path("/");
    assert_string_equal(got, "/");
    free(got);
    assert_null(rs_batch_canonical_path(""));
    free(in);
    free(real);
}

static void
test_folders_outside_inbox(void **state)
{
    const char *dir = rs_test_tmpdir("batch-folders");
    char *inbox = join(dir, "in");
    char *inside = join(dir, "in/out");
    char *beside = join(dir, "in-out");
    char *missing = join(dir, "none");
    rs_problems *problems = rs_problems_new();
    rs_batch_dirs given = {inbox, beside, beside, beside};

    (void)state;
    mkdir_in(dir, "in");
    assert_int_equal(rs_batch_check_folders(&given, problems), RS_OK);
    given.failed = inside;
    assert_int_equal(rs_batch_check_folders(&given, problems), RS_ERROR_USAGE);
    assert_non_null(
        strstr(rs_problems_at(problems, 0)->message, "the failed folder"));
    given.failed = beside;
    given.out = inbox;
    assert_int_equal(rs_batch_check_folders(&given, problems), RS_ERROR_USAGE);
    assert_false(exists(inside));

    /* A missing inbox is left to the code that opens it. */
    given.inbox = missing;
    assert_int_equal(rs_batch_check_folders(&given, problems), RS_OK);
    rs_problems_free(problems);
    free(inbox);
    free(inside);
    free(beside);
    free(missing);
}

static void
test_plan_cuts_long_names(void **state)
{
    const char *root = rs_test_tmpdir("batch-long-names");
    char name[260];
    rs_batch_plan plan;
    rs_batch_dirs dirs;
    rs_batch_job *job;
    const char *base;
    size_t i;

    (void)state;
    mkdir_in(root, "out");
    memset(&plan, 0, sizeof(plan));
    plan.jobs = calloc(1, sizeof(*plan.jobs));
    plan.count = plan.capacity = 1;
    job = &plan.jobs[0];

    /* "a" and 127 two-byte characters: 255 bytes. */
    name[0] = 'a';
    for (i = 0; i < 127; i++)
        memcpy(name + 1 + 2 * i, "\xc3\xa9", 2);
    name[255] = '\0';
    job->name = strdup(name);
    job->entry = strdup(name);
    job->kind = RS_BATCH_FOLDER;
    dirs.inbox = root;
    dirs.out = join(root, "out");
    dirs.archive = join(root, "archive");
    dirs.failed = join(root, "failed");
    assert_int_equal(rs_batch_plan_paths(&plan, &dirs, "2026-01-02", P),
                     RS_OK);

    /* Cut at 199 bytes: byte 200 would split a character. */
    assert_int_equal(strlen(job->stem), 199);
    assert_memory_equal(job->stem, name, 199);
    base = strrchr(job->output, '/') + 1;
    assert_int_equal(strlen(base), 199 + strlen("-2026-01-02.xlsx"));
    /* ".<detail name>.tmp-XXXXXX", with room for a suffix "-NNNNN" after
     * the date, fits in NAME_MAX. */
    base = strrchr(job->detail, '/') + 1;
    assert_true(1 + strlen(base) + 6 + strlen(".tmp-XXXXXX") <= 255);
    free((char *)dirs.out);
    free((char *)dirs.archive);
    free((char *)dirs.failed);
    rs_batch_plan_free(&plan);
}

static void
test_shared_files_checked(void **state)
{
    const char *dir = rs_test_tmpdir("batch-shared");
    static const char rates[] = "currency,rate\nUSD,1.08\n";
    static const char bad[] = "hello,world\n1,2\n";
    rs_problems *problems = rs_problems_new();
    bool unusable[RS_ROLE_COUNT];
    rs_config config;
    const rs_problem *p;

    (void)state;
    rs_config_init(&config);
    config.files[RS_ROLE_RATES] =
        rs_test_write_file(dir, "rates.csv", rates, strlen(rates));
    config.files[RS_ROLE_LOCATIONS] = join(dir, "missing.csv");
    config.files[RS_ROLE_TARIFFS] = strdup(dir);
    config.files[RS_ROLE_QUOTES] =
        rs_test_write_file(dir, "quotes.csv", bad, strlen(bad));
    assert_int_equal(rs_batch_check_shared(&config, unusable, problems), 2);
    assert_false(unusable[RS_ROLE_RATES]);
    assert_true(unusable[RS_ROLE_LOCATIONS]);
    assert_true(unusable[RS_ROLE_TARIFFS]);
    assert_false(unusable[RS_ROLE_BOM]);
    /* Quotes need the BOM to load: only opened here. */
    assert_false(unusable[RS_ROLE_QUOTES]);

    assert_int_equal(rs_test_count_code(problems, "batch-shared"), 2);
    p = rs_test_find_code(problems, "batch-shared");
    assert_string_equal(p->file, config.files[RS_ROLE_LOCATIONS]);
    assert_non_null(strstr(p->message, "No such file"));

    /* A file with the wrong content fails as the job would fail. */
    free(config.files[RS_ROLE_LOCATIONS]);
    config.files[RS_ROLE_LOCATIONS] =
        rs_test_write_file(dir, "locations.csv", bad, strlen(bad));
    free(config.files[RS_ROLE_TARIFFS]);
    config.files[RS_ROLE_TARIFFS] = NULL;
    assert_int_equal(rs_batch_check_shared(&config, unusable, problems), 1);
    assert_true(unusable[RS_ROLE_LOCATIONS]);
    rs_config_free(&config);
    rs_problems_free(problems);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_names),
        cmocka_unit_test(test_job_names),
        cmocka_unit_test(test_previous_latest),
        cmocka_unit_test(test_move_same_fs),
        cmocka_unit_test(test_copy_verified),
        cmocka_unit_test(test_move_across_fs),
        cmocka_unit_test(test_journal_roundtrip),
        cmocka_unit_test(test_claim_release),
        cmocka_unit_test(test_claim_complete),
        cmocka_unit_test(test_recover_half_moved),
        cmocka_unit_test(test_recover_without_journal),
        cmocka_unit_test(test_lock_excludes),
        cmocka_unit_test(test_log_lines),
        cmocka_unit_test(test_escape_controls),
        cmocka_unit_test(test_leftover_names),
        cmocka_unit_test(test_remove_leftovers),
        cmocka_unit_test(test_remove_output_and_temporaries),
        cmocka_unit_test(test_canonical_paths),
        cmocka_unit_test(test_folders_outside_inbox),
        cmocka_unit_test(test_plan_cuts_long_names),
        cmocka_unit_test(test_shared_files_checked),
    };

    int failed;

    P = rs_problems_new();
    failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (failed)
        rs_test_dump_problems(P);
    rs_problems_free(P);
    return failed;
}
