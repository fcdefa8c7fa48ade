/*
 * batch_stage.c - Stages of running jobs and their journals
 *
 * A stage is the folder INBOX/.reshore-work/d-FOLDER (a folder job) or
 * INBOX/.reshore-work/f-FILE (a loose file) that contains a job's files
 * while it runs. Its name records where the files came from, so a stage
 * can always be given back to the inbox. Its journal (.journal) records
 * which outputs were planned and, once decided, where the files go.
 * Every step can be repeated after an interruption: see batch.h for the
 * order of operations.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "strbuf.h"

#define JOURNAL_MAGIC "reshore batch journal 1"

static const char *const state_names[] = {"claimed", "ok", "failed"};

static rs_error
stage_error(rs_problems *problems, const char *path, int errnum,
            const char *what)
{
    rs_problems_report(problems, RS_SEV_ERROR, "batch-stage", path, 0, 0, NULL,
                       NULL,
                       "check the inbox folder; the next run tries again",
                       "%s: %s", what, strerror(errnum));
    return errnum == ENOMEM ? RS_ERROR_NOMEM : RS_ERROR_IO;
}

/* Put "key value\n" into @p sb, control characters as '_'. */
static void
put_entry(rs_strbuf *sb, const char *key, const char *value)
{
    const char *p;

    if (!value)
        return;
    rs_strbuf_printf(sb, "%s ", key);
    for (p = value; *p; p++)
        rs_strbuf_putc(sb, (unsigned char)*p < 0x20 ? '_' : *p);
    rs_strbuf_putc(sb, '\n');
}

rs_error
rs_batch_journal_write(const char *stage, const rs_batch_journal *journal,
                       rs_problems *problems)
{
    char *path = rs_batch_path_join(stage, RS_BATCH_JOURNAL_NAME);
    rs_strbuf sb;
    rs_error err;

    rs_strbuf_init(&sb);
    rs_strbuf_puts(&sb, JOURNAL_MAGIC "\n");
    put_entry(&sb, "state", state_names[journal->state]);
    put_entry(&sb, "job", journal->job);
    put_entry(&sb, "output", journal->output);
    put_entry(&sb, "detail", journal->detail);
    put_entry(&sb, "dest", journal->dest);
    if (!path || sb.failed)
        err = RS_ERROR_NOMEM;
    else
        err = rs_batch_write_file(path, sb.data, problems);
    rs_strbuf_free(&sb);
    free(path);
    return err;
}

/* Store the value of one journal line. */
static rs_error
parse_entry(rs_batch_journal *journal, char *line)
{
    char *space = strchr(line, ' ');
    char **slot = NULL;
    size_t s;

    if (!space)
        return RS_OK;
    *space = '\0';
    if (strcmp(line, "state") == 0) {
        for (s = 0; s < sizeof(state_names) / sizeof(*state_names); s++)
            if (strcmp(space + 1, state_names[s]) == 0)
                journal->state = (rs_batch_state)s;
        return RS_OK;
    }
    if (strcmp(line, "job") == 0)
        slot = &journal->job;
    else if (strcmp(line, "output") == 0)
        slot = &journal->output;
    else if (strcmp(line, "detail") == 0)
        slot = &journal->detail;
    else if (strcmp(line, "dest") == 0)
        slot = &journal->dest;
    if (!slot)
        return RS_OK;
    free(*slot);
    *slot = strdup(space + 1);
    return *slot ? RS_OK : RS_ERROR_NOMEM;
}

rs_error
rs_batch_journal_read(const char *stage, rs_batch_journal *journal,
                      rs_problems *problems)
{
    char *path = rs_batch_path_join(stage, RS_BATCH_JOURNAL_NAME);
    char line[8192];
    rs_error err = RS_OK;
    FILE *fp;

    memset(journal, 0, sizeof(*journal));
    if (!path)
        return RS_ERROR_NOMEM;
    fp = fopen(path, "re");
    if (!fp) {
        err = errno == ENOENT ? RS_ERROR_NOT_FOUND
                              : stage_error(problems, path, errno,
                                            "cannot read the journal");
        free(path);
        return err;
    }
    if (!fgets(line, sizeof(line), fp) ||
        strcmp(line, JOURNAL_MAGIC "\n") != 0) {
        rs_problems_report(problems, RS_SEV_ERROR, "batch-journal", path, 1, 0,
                           NULL, NULL,
                           "move the files of the folder back into the "
                           "inbox by hand",
                           "is not a journal of this reshore version");
        err = RS_ERROR_DATA;
    }
    while (!err && fgets(line, sizeof(line), fp)) {
        line[strcspn(line, "\n")] = '\0';
        err = parse_entry(journal, line);
    }
    fclose(fp);
    free(path);
    return err;
}

void
rs_batch_journal_free(rs_batch_journal *journal)
{
    free(journal->job);
    free(journal->output);
    free(journal->detail);
    free(journal->dest);
    memset(journal, 0, sizeof(*journal));
}

/* Folder the files of @p stage came from (malloc'd), or NULL with errno
 * EINVAL when the stage name is not one of ours. */
static char *
origin_of(const char *inbox, const char *stage)
{
    const char *slash = strrchr(stage, '/');
    const char *name = slash ? slash + 1 : stage;

    if (strncmp(name, "f-", 2) == 0 && name[2])
        return strdup(inbox);
    if (strncmp(name, "d-", 2) == 0 && name[2])
        return rs_batch_path_join(inbox, name + 2);
    errno = EINVAL;
    return NULL;
}

/* Candidate @p n for @p name in @p dir: the name itself, then
 * "STEM-N.EXT" (malloc'd). */
static char *
candidate(const char *dir, const char *name, unsigned n)
{
    const char *dot = strchr(name + 1, '.');
    size_t stem = dot ? (size_t)(dot - name) : strlen(name);
    char text[4200];

    if (n < 2)
        return rs_batch_path_join(dir, name);
    snprintf(text, sizeof(text), "%.*s-%u%s", (int)stem, name, n,
             dot ? dot : "");
    return rs_batch_path_join(dir, text);
}

/* Move @p src into @p dir as @p name, or as the first candidate name
 * that is free or already has the same content. */
static rs_error
move_into(const char *src, const char *dir, const char *name,
          rs_problems *problems)
{
    rs_error err = RS_OK;
    bool conflict = true;
    unsigned n;

    for (n = 1; conflict && !err && n < 100000; n++) {
        char *dst = candidate(dir, name, n);

        if (!dst)
            return RS_ERROR_NOMEM;
        err = rs_batch_move(src, dst, &conflict, problems);
        free(dst);
    }
    return err;
}

rs_error
rs_batch_claim(const char *inbox, const rs_batch_job *job,
               rs_problems *problems)
{
    char *work = rs_batch_path_join(inbox, RS_BATCH_WORK_NAME);
    char *origin = job->kind == RS_BATCH_FOLDER
                       ? rs_batch_path_join(inbox, job->entry)
                       : strdup(inbox);
    rs_batch_journal journal;
    rs_error err = RS_ERROR_NOMEM;
    size_t i;

    if (!work || !origin)
        goto done;
    if (mkdir(work, 0777) != 0 && errno != EEXIST) {
        err = stage_error(problems, work, errno, "cannot create the folder");
        goto done;
    }
    if (mkdir(job->stage, 0777) != 0) {
        err =
            stage_error(problems, job->stage, errno,
                        errno == EEXIST ? "an earlier run of this job is not "
                                          "finished"
                                        : "cannot create the folder");
        goto done;
    }
    rs_batch_sync_dir(work);

    /* The journal comes first, so that a stage always names its
     * outputs. */
    memset(&journal, 0, sizeof(journal));
    journal.state = RS_BATCH_CLAIMED;
    /* The stem names the failure report: it fits in a file name. */
    journal.job = job->stem ? job->stem : job->name;
    journal.output = job->output;
    journal.detail = job->detail;
    err = rs_batch_journal_write(job->stage, &journal, problems);
    for (i = 0; !err && i < job->file_count; i++) {
        char *src = rs_batch_path_join(origin, job->files[i]);

        err = src ? move_into(src, job->stage, job->files[i], problems)
                  : RS_ERROR_NOMEM;
        free(src);
    }
    if (err)
        rs_batch_release(inbox, job->stage, problems);

done:
    free(work);
    free(origin);
    return err;
}

rs_error
rs_batch_decide(const char *stage, rs_batch_state state, const char *dest,
                rs_problems *problems)
{
    rs_batch_journal journal;
    rs_error err = rs_batch_journal_read(stage, &journal, problems);

    if (!err) {
        journal.state = state;
        free(journal.dest);
        journal.dest = strdup(dest);
        err = journal.dest ? rs_batch_journal_write(stage, &journal, problems)
                           : RS_ERROR_NOMEM;
    }
    rs_batch_journal_free(&journal);
    return err;
}

/* Remove what is left of a stage once its files are gone: our hidden
 * files (journal, report, temporary files), then the folder. */
static rs_error
remove_stage(const char *stage, rs_problems *problems)
{
    char **names;
    size_t count, i;
    char *work;

    if (rs_batch_list_dir(stage, &names, &count) != RS_OK)
        return stage_error(problems, stage, errno, "cannot read the folder");
    /* The journal goes last: until then the stage stays recoverable. */
    for (i = 0; i < count; i++) {
        char *path;

        if (names[i][0] != '.' || strcmp(names[i], RS_BATCH_JOURNAL_NAME) == 0)
            continue;
        if ((path = rs_batch_path_join(stage, names[i])))
            unlink(path);
        free(path);
    }
    rs_batch_names_free(names, count);
    if ((work = rs_batch_path_join(stage, RS_BATCH_JOURNAL_NAME)))
        unlink(work);
    free(work);
    if (rmdir(stage) != 0)
        return stage_error(problems, stage, errno, "cannot remove the folder");
    if (strrchr(stage, '/')) {
        work = strndup(stage, (size_t)(strrchr(stage, '/') - stage));
        if (work)
            rs_batch_sync_dir(work);
        free(work);
    }
    return RS_OK;
}

/* Move every file of @p stage into @p dest, except our hidden files;
 * the failure report goes along as @p report when that is not NULL. */
static rs_error
move_all(const char *stage, const char *dest, const char *report,
         rs_problems *problems)
{
    char **names;
    size_t count, i;
    rs_error err = RS_OK;

    if (rs_batch_list_dir(stage, &names, &count) != RS_OK)
        return stage_error(problems, stage, errno, "cannot read the folder");
    /* One file that cannot move does not hold back the others. */
    for (i = 0; i < count && err != RS_ERROR_NOMEM; i++) {
        const char *name = names[i];
        rs_error one;
        char *src;

        if (report && strcmp(name, RS_BATCH_ERROR_NAME) == 0)
            name = report;
        else if (name[0] == '.')
            continue;
        src = rs_batch_path_join(stage, names[i]);
        one = src ? move_into(src, dest, name, problems) : RS_ERROR_NOMEM;
        if (!err)
            err = one;
        free(src);
    }
    rs_batch_names_free(names, count);
    return err;
}

rs_error
rs_batch_release(const char *inbox, const char *stage, rs_problems *problems)
{
    char *origin = origin_of(inbox, stage);
    rs_batch_journal journal;
    rs_error err;

    if (!origin)
        return stage_error(problems, stage, errno,
                           "cannot tell where the files came from");
    err = rs_batch_journal_read(stage, &journal, problems);
    if (err == RS_ERROR_NOT_FOUND)
        err = RS_OK;
    if (err)
        goto done;

    /* Outputs of an unfinished job are incomplete as a set: the rerun
     * writes them again. */
    rs_batch_remove_output(journal.output);
    rs_batch_remove_output(journal.detail);
    err = rs_batch_mkdirs(origin, problems);
    if (!err)
        err = move_all(stage, origin, NULL, problems);
    if (!err)
        err = remove_stage(stage, problems);

done:
    rs_batch_journal_free(&journal);
    free(origin);
    return err;
}

rs_error
rs_batch_complete(const char *inbox, const char *stage, rs_problems *problems)
{
    char *origin = origin_of(inbox, stage);
    rs_batch_journal journal;
    rs_error err;

    if (!origin)
        return stage_error(problems, stage, errno,
                           "cannot tell where the files came from");
    err = rs_batch_journal_read(stage, &journal, problems);
    if (!err && (journal.state == RS_BATCH_CLAIMED || !journal.dest)) {
        rs_problems_report(problems, RS_SEV_ERROR, "batch-journal", stage, 0,
                           0, NULL, NULL, NULL, "the job has no outcome yet");
        err = RS_ERROR_DATA;
    }
    if (!err)
        err = rs_batch_mkdirs(journal.dest, problems);
    if (!err) {
        char report[4200];

        snprintf(report, sizeof(report), "%s.error.txt",
                 journal.job && *journal.job ? journal.job : "job");
        err = move_all(stage, journal.dest, report, problems);
    }
    if (!err) {
        rs_batch_sync_dir(journal.dest);
        err = remove_stage(stage, problems);
    }

    /* The job folder goes when nothing is left in it; files that were
     * ignored (hidden or temporary) keep it. */
    if (!err && strcmp(origin, inbox) != 0 && rmdir(origin) == 0)
        rs_batch_sync_dir(inbox);
    rs_batch_journal_free(&journal);
    free(origin);
    return err;
}

rs_error
rs_batch_recover_stage(const char *inbox, const char *stage,
                       rs_batch_recovered *what, rs_problems *problems)
{
    rs_batch_journal journal;
    rs_error err;

    memset(what, 0, sizeof(*what));
    what->stage =
        strdup(strrchr(stage, '/') ? strrchr(stage, '/') + 1 : stage);
    err = rs_batch_journal_read(stage, &journal, problems);
    if (err == RS_ERROR_NOT_FOUND) {
        journal.state = RS_BATCH_CLAIMED;
        err = RS_OK;
    }
    if (!err) {
        what->state = journal.state;
        what->job = journal.job ? strdup(journal.job) : NULL;
        if (journal.state != RS_BATCH_CLAIMED && journal.dest)
            what->dest = strdup(journal.dest);
        err = journal.state == RS_BATCH_CLAIMED
                  ? rs_batch_release(inbox, stage, problems)
                  : rs_batch_complete(inbox, stage, problems);
    }
    rs_batch_journal_free(&journal);
    what->error = err;
    return err;
}

rs_error
rs_batch_recover(const char *inbox, rs_batch_recovered **list, size_t *count,
                 rs_problems *problems)
{
    char *work = rs_batch_path_join(inbox, RS_BATCH_WORK_NAME);
    char **names = NULL;
    size_t n = 0, i;
    rs_error err = RS_OK;

    *list = NULL;
    *count = 0;
    if (!work)
        return RS_ERROR_NOMEM;
    if (rs_batch_list_dir(work, &names, &n) != RS_OK) {
        if (errno != ENOENT)
            err = stage_error(problems, work, errno, "cannot read the folder");
        goto done;
    }
    *list = calloc(n ? n : 1, sizeof(**list));
    if (!*list) {
        err = RS_ERROR_NOMEM;
        goto done;
    }
    for (i = 0; i < n; i++) {
        char *stage = rs_batch_path_join(work, names[i]);

        if (!stage) {
            err = RS_ERROR_NOMEM;
            break;
        }
        /* A failed stage stays for the next run; the others go on. */
        rs_batch_recover_stage(inbox, stage, &(*list)[*count], problems);
        (*count)++;
        free(stage);
    }

done:
    rs_batch_names_free(names, n);
    free(work);
    return err;
}

void
rs_batch_recovered_free(rs_batch_recovered *list, size_t count)
{
    size_t i;

    for (i = 0; list && i < count; i++) {
        free(list[i].stage);
        free(list[i].job);
        free(list[i].dest);
    }
    free(list);
}
