/*
 * batch_scan.c - Find the jobs of an inbox and plan where they go
 *
 * A job is a subfolder of the inbox (its files are recognised by their
 * headers later, once staged) or a BOM directly in the inbox (recognised
 * here, because only a BOM makes a loose file a job). Entries are taken
 * by lstat(): a symbolic link is never followed. A job is left for a
 * later run while any of its files changed within the settle time, and
 * in ready-marker mode while its folder has no READY file.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "batch.h"
#include "reshore/detect.h"

/* Endings of names that editors, browsers and copy tools give a file
 * while they write it, or beside a file that is open. */
static const char *const temporary_endings[] = {
    ".tmp",      ".temp",       ".part", ".partial",
    ".filepart", ".crdownload", ".swp",  "~",
};

/* Files that desktops drop into any folder. */
static const char *const desktop_names[] = {"desktop.ini", "Thumbs.db"};

static bool
ends_with(const char *name, const char *ending)
{
    size_t n = strlen(name), e = strlen(ending);

    return n > e && strcasecmp(name + n - e, ending) == 0;
}

rs_batch_entry
rs_batch_classify_name(const char *name)
{
    size_t i;

    /* Hidden files include LibreOffice's ".~lock.NAME#"; "~$NAME" is
     * the owner file of a document open in Microsoft Office. */
    if (name[0] == '.' || strncmp(name, "~$", 2) == 0)
        return RS_BATCH_ENTRY_IGNORED;
    for (i = 0; i < sizeof(temporary_endings) / sizeof(*temporary_endings);
         i++)
        if (ends_with(name, temporary_endings[i]))
            return RS_BATCH_ENTRY_IGNORED;
    for (i = 0; i < sizeof(desktop_names) / sizeof(*desktop_names); i++)
        if (strcasecmp(name, desktop_names[i]) == 0)
            return RS_BATCH_ENTRY_IGNORED;
    if (strcmp(name, RS_BATCH_READY_NAME) == 0 ||
        ends_with(name, ".error.txt"))
        return RS_BATCH_ENTRY_COMPANION;
    if (ends_with(name, ".ini"))
        return RS_BATCH_ENTRY_CONFIG;
    return RS_BATCH_ENTRY_INPUT;
}

char *
rs_batch_job_name(const char *file_name)
{
    char *name = strdup(file_name);
    char *dot;
    size_t len;

    if (!name)
        return NULL;
    len = strlen(name);
    if (len > 3 && strcasecmp(name + len - 3, ".gz") == 0)
        name[len - 3] = '\0';
    dot = strrchr(name, '.');
    if (dot && dot != name)
        *dot = '\0';
    return name;
}

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void
rs_batch_names_free(char **names, size_t count)
{
    size_t i;

    for (i = 0; names && i < count; i++)
        free(names[i]);
    free(names);
}

rs_error
rs_batch_list_dir(const char *path, char ***names, size_t *count)
{
    DIR *dir = opendir(path);
    struct dirent *de;
    size_t cap = 0;
    int saved;

    *names = NULL;
    *count = 0;
    if (!dir)
        return RS_ERROR_IO;
    errno = 0;
    while ((de = readdir(dir)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (*count == cap) {
            char **grown =
                realloc(*names, (cap ? cap * 2 : 16) * sizeof(**names));

            if (!grown)
                goto nomem;
            *names = grown;
            cap = cap ? cap * 2 : 16;
        }
        if (!((*names)[*count] = strdup(de->d_name)))
            goto nomem;
        (*count)++;
        errno = 0;
    }
    saved = errno;
    closedir(dir);
    if (saved) {
        rs_batch_names_free(*names, *count);
        *names = NULL;
        *count = 0;
        errno = saved;
        return RS_ERROR_IO;
    }
    if (*count)
        qsort(*names, *count, sizeof(**names), compare_names);
    return RS_OK;

nomem:
    closedir(dir);
    rs_batch_names_free(*names, *count);
    *names = NULL;
    *count = 0;
    errno = ENOMEM;
    return RS_ERROR_NOMEM;
}

/* Append an empty job to @p plan; NULL when out of memory. */
static rs_batch_job *
add_job(rs_batch_plan *plan, rs_batch_kind kind, const char *entry)
{
    rs_batch_job *job;

    if (plan->count == plan->capacity) {
        size_t cap = plan->capacity ? plan->capacity * 2 : 8;
        rs_batch_job *grown = realloc(plan->jobs, cap * sizeof(*grown));

        if (!grown)
            return NULL;
        plan->jobs = grown;
        plan->capacity = cap;
    }
    job = &plan->jobs[plan->count];
    memset(job, 0, sizeof(*job));
    job->kind = kind;
    job->entry = strdup(entry);
    job->name =
        kind == RS_BATCH_FOLDER ? strdup(entry) : rs_batch_job_name(entry);
    job->problems = rs_problems_new();
    plan->count++;
    if (!job->entry || !job->name || !job->problems)
        return NULL;
    return job;
}

/* Set the reason why @p job waits for a later run: the settle time
 * when @p name changed @p age seconds ago, else the missing marker. */
static rs_error
set_skip(rs_batch_job *job, const char *name, time_t age, unsigned settle)
{
    char text[512];

    if (name)
        snprintf(text, sizeof(text),
                 "%s changed %ld s ago, less than the settle time of %u s",
                 name, (long)age, settle);
    else
        snprintf(text, sizeof(text), "waiting for a %s file",
                 RS_BATCH_READY_NAME);
    job->skip = strdup(text);
    return job->skip ? RS_OK : RS_ERROR_NOMEM;
}

/* True when @p st is one of the folders or files in @p ids. */
static bool
same_as_any(const struct stat *st, const struct stat *ids, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (st->st_dev == ids[i].st_dev && st->st_ino == ids[i].st_ino)
            return true;
    return false;
}

/* Contents of a folder job, found by one pass over its entries. */
typedef struct folder_facts {
    char **files; /* names to claim */
    size_t count;
    bool ready;
    const char *newest; /* most recently changed entry (borrowed) */
    time_t newest_mtime;
} folder_facts;

/* Look at the entries of the job folder @p path. */
static rs_error
read_folder(const char *path, char **names, size_t count, folder_facts *facts,
            rs_problems *problems)
{
    size_t i;

    memset(facts, 0, sizeof(*facts));
    facts->files = calloc(count ? count : 1, sizeof(*facts->files));
    if (!facts->files)
        return RS_ERROR_NOMEM;
    for (i = 0; i < count; i++) {
        char *full = rs_batch_path_join(path, names[i]);
        struct stat st;
        int rc;

        if (!full)
            return RS_ERROR_NOMEM;
        rc = lstat(full, &st);
        free(full);
        if (rc != 0)
            continue; /* removed meanwhile */
        if (S_ISDIR(st.st_mode)) {
            rs_problems_report(problems, RS_SEV_WARNING, "batch-subfolder",
                               path, 0, 0, NULL, names[i],
                               "put each job in its own folder directly "
                               "in the inbox",
                               "is a folder inside a job folder; it is not "
                               "read and stays where it is");
            continue;
        }
        /* Temporary files count here: a copy in progress is a change. */
        if (!facts->newest || st.st_mtime > facts->newest_mtime) {
            facts->newest = names[i];
            facts->newest_mtime = st.st_mtime;
        }
        if (rs_batch_classify_name(names[i]) == RS_BATCH_ENTRY_IGNORED)
            continue;
        if (strcmp(names[i], RS_BATCH_READY_NAME) == 0)
            facts->ready = true;
        facts->files[facts->count++] = names[i];
        names[i] = NULL; /* ownership moves to facts */
    }
    return RS_OK;
}

/* Add the job of the subfolder @p entry, unless it has no files. */
static rs_error
scan_folder(rs_batch_plan *plan, const rs_batch_scan_options *options,
            const char *entry, rs_problems *problems)
{
    char *path = rs_batch_path_join(options->dirs->inbox, entry);
    char **names = NULL;
    size_t count = 0;
    folder_facts facts;
    rs_batch_job *job;
    rs_error err;

    memset(&facts, 0, sizeof(facts));
    if (!path)
        return RS_ERROR_NOMEM;
    if (rs_batch_list_dir(path, &names, &count) != RS_OK) {
        rs_problems_report(problems, RS_SEV_WARNING, "batch-scan", path, 0, 0,
                           NULL, NULL, "check the folder's permissions",
                           "cannot read the job folder: %s; it is left "
                           "for the next run",
                           strerror(errno));
        free(path);
        return errno == ENOMEM ? RS_ERROR_NOMEM : RS_OK;
    }
    err = read_folder(path, names, count, &facts, problems);
    if (err || facts.count == 0)
        goto done;

    job = add_job(plan, RS_BATCH_FOLDER, entry);
    if (!job) {
        err = RS_ERROR_NOMEM;
        goto done;
    }
    job->files = facts.files;
    job->file_count = facts.count;
    facts.files = NULL;
    facts.count = 0;
    if (options->ready_marker && !facts.ready)
        err = set_skip(job, NULL, 0, 0);
    else if (options->settle_seconds && options->now - facts.newest_mtime <
                                            (time_t)options->settle_seconds)
        err = set_skip(job, facts.newest, options->now - facts.newest_mtime,
                       options->settle_seconds);

done:
    rs_batch_names_free(facts.files, facts.count);
    rs_batch_names_free(names, count);
    free(path);
    return err;
}

/* Check a settled loose file: only a BOM makes a job of it. */
static void
check_loose(rs_batch_job *job, const char *path, const struct stat *st,
            const rs_config *config)
{
    int role;

    if (S_ISLNK(st->st_mode)) {
        rs_problems_report(job->problems, RS_SEV_ERROR, "batch-symlink",
                           job->entry, 0, 0, NULL, NULL,
                           "copy the file itself into the inbox",
                           "is a symbolic link; reshore reads no file "
                           "through a link, and moves the link, never its "
                           "target");
        return;
    }
    if (!S_ISREG(st->st_mode)) {
        rs_problems_report(job->problems, RS_SEV_ERROR, "batch-special",
                           job->entry, 0, 0, NULL, NULL,
                           "put only CSV files into the inbox",
                           "is not a regular file");
        return;
    }
    role = rs_detect_role(path, job->entry, config, job->problems);
    if (role < 0 || role == RS_ROLE_BOM)
        return;
    rs_problems_report(job->problems, RS_SEV_ERROR, "batch-loose", job->entry,
                       0, 0, NULL, NULL,
                       "put it into a job folder together with its BOM, or "
                       "name it in [files] of the config",
                       "is a %s file, but a file directly in the inbox "
                       "must be a BOM",
                       rs_role_name((rs_role)role));
}

/* Add the job of the loose file @p entry. */
static rs_error
scan_loose(rs_batch_plan *plan, const rs_batch_scan_options *options,
           const char *entry, const struct stat *st)
{
    char *path = rs_batch_path_join(options->dirs->inbox, entry);
    rs_batch_job *job = add_job(plan, RS_BATCH_LOOSE, entry);
    rs_error err = RS_OK;

    if (!path || !job || !(job->files = malloc(sizeof(*job->files))) ||
        !(job->files[0] = strdup(entry))) {
        free(path);
        return RS_ERROR_NOMEM;
    }
    job->file_count = 1;
    if (options->settle_seconds &&
        options->now - st->st_mtime < (time_t)options->settle_seconds)
        err = set_skip(job, entry, options->now - st->st_mtime,
                       options->settle_seconds);
    else
        check_loose(job, path, st, options->config);
    free(path);
    return err;
}

/* Identities of what the scan must leave alone: the run's own folders
 * and the config with the files it names. */
static size_t
collect_exclusions(const rs_batch_scan_options *options, struct stat *ids)
{
    const char *paths[4 + RS_ROLE_COUNT];
    size_t n = 0, i, count = 0;
    int r;

    paths[n++] = options->dirs->out;
    paths[n++] = options->dirs->archive;
    paths[n++] = options->dirs->failed;
    paths[n++] = options->config ? options->config->path : NULL;
    for (r = 0; r < RS_ROLE_COUNT; r++)
        paths[n++] = options->config ? options->config->files[r] : NULL;
    for (i = 0; i < n; i++)
        if (paths[i] && stat(paths[i], &ids[count]) == 0)
            count++;
    return count;
}

/* Sort one inbox entry into a folder job, a loose job, or nothing. */
static rs_error
scan_entry(rs_batch_plan *plan, const rs_batch_scan_options *options,
           const char *name, const struct stat *ids, size_t id_count,
           rs_problems *problems)
{
    char *path;
    struct stat st;
    rs_batch_entry kind = rs_batch_classify_name(name);
    int rc;

    if (kind == RS_BATCH_ENTRY_IGNORED)
        return RS_OK;
    path = rs_batch_path_join(options->dirs->inbox, name);
    if (!path)
        return RS_ERROR_NOMEM;
    rc = lstat(path, &st);
    free(path);
    if (rc != 0 || same_as_any(&st, ids, id_count))
        return RS_OK;
    if (S_ISDIR(st.st_mode))
        return scan_folder(plan, options, name, problems);
    if (kind != RS_BATCH_ENTRY_INPUT) {
        rs_problems_report(problems, RS_SEV_NOTE, "batch-skip",
                           options->dirs->inbox, 0, 0, NULL, name,
                           "put a job's config into its job folder",
                           "is no job on its own; it stays where it is");
        return RS_OK;
    }
    return scan_loose(plan, options, name, &st);
}

rs_error
rs_batch_scan(rs_batch_plan *plan, const rs_batch_scan_options *options,
              rs_problems *problems)
{
    struct stat ids[4 + RS_ROLE_COUNT];
    size_t id_count = collect_exclusions(options, ids);
    char **names;
    size_t count, i;
    rs_error err;

    err = rs_batch_list_dir(options->dirs->inbox, &names, &count);
    if (err) {
        rs_problems_report(problems, RS_SEV_ERROR, "batch-scan",
                           options->dirs->inbox, 0, 0, NULL, NULL,
                           "check that the inbox exists and is readable",
                           "cannot read the inbox: %s", strerror(errno));
        return err;
    }
    for (i = 0; i < count && !err; i++)
        err = scan_entry(plan, options, names[i], ids, id_count, problems);
    rs_batch_names_free(names, count);
    return err;
}

/* "YYYY-MM-DD" at @p s. */
static bool
is_date(const char *s)
{
    int i;

    for (i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* Parse "<job>-YYYY-MM-DD[-N].detail.csv.gz": the date into @p date and
 * N (1 when absent) into @p n. */
static bool
parse_detail_name(const char *name, const char *job, char date[11],
                  unsigned long *n)
{
    size_t jl = strlen(job), sl = strlen(RS_BATCH_DETAIL_SUFFIX);
    size_t len = strlen(name);
    const char *p = name + jl + 1;
    const char *end = name + len - sl;

    if (len < jl + 1 + 10 + sl || strncmp(name, job, jl) != 0 ||
        name[jl] != '-' || strcmp(end, RS_BATCH_DETAIL_SUFFIX) != 0 ||
        !is_date(p))
        return false;
    memcpy(date, p, 10);
    date[10] = '\0';
    p += 10;
    *n = 1;
    if (p == end)
        return true;
    if (*p != '-' || p + 1 == end)
        return false;
    for (*n = 0, p++; p < end; p++) {
        if (!isdigit((unsigned char)*p) || *n > 1000000)
            return false;
        *n = *n * 10 + (unsigned long)(*p - '0');
    }
    return true;
}

char *
rs_batch_find_previous(const char *out_dir, const char *job)
{
    char **names;
    size_t count, i;
    const char *best = NULL;
    char best_date[11] = "";
    unsigned long best_n = 0;
    char *path = NULL;

    if (rs_batch_list_dir(out_dir, &names, &count) != RS_OK)
        return NULL;
    for (i = 0; i < count; i++) {
        char date[11];
        unsigned long n;
        int cmp;

        if (!parse_detail_name(names[i], job, date, &n))
            continue;
        cmp = strcmp(date, best_date);
        if (!best || cmp > 0 || (cmp == 0 && n > best_n)) {
            best = names[i];
            memcpy(best_date, date, sizeof(best_date));
            best_n = n;
        }
    }
    if (best)
        path = rs_batch_path_join(out_dir, best);
    rs_batch_names_free(names, count);
    return path;
}

/* The job name as a file name: control characters become '_', and a
 * name longer than RS_BATCH_STEM_MAX bytes is cut before a UTF-8 lead
 * byte, so that no character is split. */
static char *
file_stem(const char *name)
{
    char *stem = strdup(*name ? name : "job");
    char *p;
    size_t len;

    if (!stem)
        return NULL;
    for (p = stem; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '_';
    len = strlen(stem);
    if (len > RS_BATCH_STEM_MAX) {
        len = RS_BATCH_STEM_MAX;
        while (len > 1 && ((unsigned char)stem[len] & 0xC0) == 0x80)
            len--;
        stem[len] = '\0';
    }
    return stem;
}

/* Paths already given to a job of this run. */
typedef struct reserved {
    const char **paths;
    size_t count;
    size_t capacity;
} reserved;

static bool
is_reserved(const reserved *r, const char *path)
{
    size_t i;

    for (i = 0; i < r->count; i++)
        if (strcmp(r->paths[i], path) == 0)
            return true;
    return false;
}

static bool
reserve(reserved *r, const char *path)
{
    if (r->count == r->capacity) {
        size_t cap = r->capacity ? r->capacity * 2 : 32;
        const char **grown = realloc(r->paths, cap * sizeof(*grown));

        if (!grown)
            return false;
        r->paths = grown;
        r->capacity = cap;
    }
    r->paths[r->count++] = path;
    return true;
}

static bool
exists(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0;
}

/* Make "<dir>/<stem>[-N]<ending>" free and not reserved; N from 2. */
static char *
free_path(const char *dir, const char *stem, const char *ending,
          const reserved *r)
{
    char name[4096];
    char *path = NULL;
    unsigned n;

    for (n = 1; n < 100000; n++) {
        if (n == 1)
            snprintf(name, sizeof(name), "%s%s", stem, ending);
        else
            snprintf(name, sizeof(name), "%s-%u%s", stem, n, ending);
        path = rs_batch_path_join(dir, name);
        if (!path || (!exists(path) && !is_reserved(r, path)))
            break;
        free(path);
        path = NULL;
    }
    return path;
}

/* Workbook and detail CSV names: the first N for which both are free. */
static rs_error
plan_outputs(rs_batch_job *job, const char *out, const char *stem,
             const char *date, reserved *r)
{
    char base[4096], name[4200];
    unsigned n;

    for (n = 1; n < 100000; n++) {
        if (n == 1)
            snprintf(base, sizeof(base), "%s-%s", stem, date);
        else
            snprintf(base, sizeof(base), "%s-%s-%u", stem, date, n);
        snprintf(name, sizeof(name), "%s.xlsx", base);
        job->output = rs_batch_path_join(out, name);
        snprintf(name, sizeof(name), "%s%s", base, RS_BATCH_DETAIL_SUFFIX);
        job->detail = rs_batch_path_join(out, name);
        if (!job->output || !job->detail)
            return RS_ERROR_NOMEM;
        if (!exists(job->output) && !exists(job->detail) &&
            !is_reserved(r, job->output))
            return reserve(r, job->output) ? RS_OK : RS_ERROR_NOMEM;
        free(job->output);
        free(job->detail);
        job->output = job->detail = NULL;
    }
    return RS_ERROR_LIMIT;
}

/* Plan every path of one taken job. */
static rs_error
plan_job(rs_batch_job *job, const rs_batch_dirs *dirs, const char *date,
         reserved *r)
{
    char *work = rs_batch_path_join(dirs->inbox, RS_BATCH_WORK_NAME);
    char *archive_day = rs_batch_path_join(dirs->archive, date);
    char *failed_day = rs_batch_path_join(dirs->failed, date);
    char stage[4096];
    rs_error err = RS_ERROR_NOMEM;

    job->stem = file_stem(job->name);
    if (!job->stem || !work || !archive_day || !failed_day)
        goto done;
    snprintf(stage, sizeof(stage), "%c-%s",
             job->kind == RS_BATCH_FOLDER ? 'd' : 'f', job->entry);
    job->stage = rs_batch_path_join(work, stage);
    err = plan_outputs(job, dirs->out, job->stem, date, r);
    if (err)
        goto done;
    job->previous = rs_batch_find_previous(dirs->out, job->stem);
    job->archive = free_path(archive_day, job->stem, "", r);
    job->failed = free_path(failed_day, job->stem, "", r);
    err = RS_ERROR_NOMEM;
    if (job->stage && job->archive && job->failed &&
        reserve(r, job->archive) && reserve(r, job->failed))
        err = RS_OK;

done:
    free(work);
    free(archive_day);
    free(failed_day);
    return err;
}

rs_error
rs_batch_plan_paths(rs_batch_plan *plan, const rs_batch_dirs *dirs,
                    const char *date, rs_problems *problems)
{
    reserved r = {NULL, 0, 0};
    rs_error err = RS_OK;
    size_t i;

    for (i = 0; i < plan->count && !err; i++)
        if (!plan->jobs[i].skip)
            err = plan_job(&plan->jobs[i], dirs, date, &r);
    free(r.paths);
    if (err == RS_ERROR_LIMIT)
        rs_problems_report(problems, RS_SEV_ERROR, "batch-names", dirs->out, 0,
                           0, NULL, NULL,
                           "move old workbooks out of the output folder",
                           "no free workbook name is left for a job");
    return err;
}

void
rs_batch_plan_free(rs_batch_plan *plan)
{
    size_t i;

    for (i = 0; i < plan->count; i++) {
        rs_batch_job *job = &plan->jobs[i];

        free(job->name);
        free(job->entry);
        rs_batch_names_free(job->files, job->file_count);
        free(job->skip);
        rs_problems_free(job->problems);
        free(job->stem);
        free(job->stage);
        free(job->output);
        free(job->detail);
        free(job->previous);
        free(job->archive);
        free(job->failed);
    }
    free(plan->jobs);
    memset(plan, 0, sizeof(*plan));
}
