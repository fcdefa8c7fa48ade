/*
 * batch.h - Drop-folder runs: lock, scan, staging, safe moves, run log
 *
 * `reshore batch` takes every complete job from an inbox folder. The
 * pieces here never print: they return an rs_error and record details in
 * an rs_problems list, and the command (cmd_batch.c, batch_run.c) prints.
 *
 * The order of operations keeps every input complete in exactly one
 * place whatever moment the process is killed at (docs/batch.md walks
 * through each step):
 *
 *  1. claim: create INBOX/.reshore-work/<stage>/ with a journal naming
 *     the planned outputs, then rename the job's files into it. The stage
 *     is inside the inbox, so the renames stay on one file system. Its
 *     name ("d-FOLDER" or "f-FILE") records where the files came from.
 *  2. run: the job reads the staged files; the workbook and the detail
 *     CSV are written to temporary names and renamed into place.
 *  3. decide: the journal's state becomes "ok" or "failed" together
 *     with the destination folder (this is the commit point).
 *  4. complete: move every staged file to the destination (rename, or
 *     copy, fsync, verify and unlink across file systems), then remove
 *     the journal and the stage.
 *
 * A run that finds a stage left by a killed run either releases it
 * (state "claimed": planned outputs removed, files renamed back into the
 * inbox) or completes it (state "ok" or "failed").
 */
#ifndef RS_BATCH_H
#define RS_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "reshore/config.h"
#include "reshore/error.h"
#include "reshore/problem.h"

/** Lock file in the inbox; hidden, so never taken as an input. */
#define RS_BATCH_LOCK_NAME ".reshore.lock"
/** Folder of the stages, in the inbox. */
#define RS_BATCH_WORK_NAME ".reshore-work"
/** Journal of a stage. */
#define RS_BATCH_JOURNAL_NAME ".journal"
/** Report of a failed job inside its stage, renamed "<job>.error.txt"
 *  in the failed folder. */
#define RS_BATCH_ERROR_NAME ".error.txt"
/** Marker that a job folder is complete (ready-marker mode). */
#define RS_BATCH_READY_NAME "READY"
/** Ending of the companion detail CSV next to each workbook. */
#define RS_BATCH_DETAIL_SUFFIX ".detail.csv.gz"
/**
 * Longest job name, in bytes, used in the names of outputs and
 * destination folders; longer names are cut at a character boundary.
 * With it the temporary name of every output
 * (".<job>-YYYY-MM-DD-NNNNN.detail.csv.gz.tmp-XXXXXX") fits in the
 * NAME_MAX of 255 bytes, so each output has a temporary name of its own.
 */
#define RS_BATCH_STEM_MAX 200

/* ------------------------------------------------------------------ */
/* Lock                                                               */

/** The lock of a run: an flock() on INBOX/.reshore.lock. */
typedef struct rs_batch_lock {
    int fd; /**< -1 when not held */
} rs_batch_lock;

/**
 * Take the lock of @p inbox without waiting. When another process holds
 * it, returns RS_ERROR_LOCKED and sets @p holder to the process id
 * written in the lock file (0 when unknown). The kernel releases the
 * lock when the holder exits, however it exits. Forked children inherit
 * it and keep it until they exit too.
 */
rs_error rs_batch_lock_acquire(rs_batch_lock *lock, const char *inbox,
                               long *holder, rs_problems *problems);

/** Release the lock. Safe on a lock never taken. */
void rs_batch_lock_release(rs_batch_lock *lock);

/* ------------------------------------------------------------------ */
/* Names                                                              */

/** Kind of an entry of the inbox or of a job folder, by name alone. */
typedef enum rs_batch_entry {
    RS_BATCH_ENTRY_INPUT = 0, /**< a data file; its header tells the role */
    RS_BATCH_ENTRY_CONFIG,    /**< "*.ini": the job's config */
    RS_BATCH_ENTRY_COMPANION, /**< READY, "*.error.txt": moved with the
                                   job, never read */
    RS_BATCH_ENTRY_IGNORED    /**< hidden files and the names editors
                                   and copy tools use while writing */
} rs_batch_entry;

/** Classify @p name (a file name without folder). */
rs_batch_entry rs_batch_classify_name(const char *name);

/**
 * Job name of a loose file: @p file_name without ".gz" and then without
 * one more extension ("acme.csv.gz" -> "acme"). Returns a string to
 * free(), or NULL when out of memory.
 */
char *rs_batch_job_name(const char *file_name);

/** Return "@p dir/@p name" (malloc'd), or NULL when out of memory. */
char *rs_batch_path_join(const char *dir, const char *name);

/**
 * Return a copy of @p text for stderr and the run log, with each control
 * character written as "\xNN" (malloc'd), or NULL when out of memory.
 * A name with a line break then cannot start a line of its own.
 */
char *rs_batch_escape(const char *text);

/**
 * List the names in folder @p path, without "." and "..", sorted by
 * byte value, into @p names (free with rs_batch_names_free()). Returns
 * RS_ERROR_IO with errno set when the folder cannot be read.
 */
rs_error rs_batch_list_dir(const char *path, char ***names, size_t *count);

/** Free a list from rs_batch_list_dir(). */
void rs_batch_names_free(char **names, size_t count);

/* ------------------------------------------------------------------ */
/* Scan and plan                                                      */

/** Shape of a job in the inbox. */
typedef enum rs_batch_kind {
    RS_BATCH_FOLDER = 0, /**< a subfolder with its own inputs */
    RS_BATCH_LOOSE       /**< a file directly in the inbox */
} rs_batch_kind;

/** One job found in the inbox. Strings owned. */
typedef struct rs_batch_job {
    char *name;           /**< folder name, or file name without
                               extension */
    rs_batch_kind kind;
    char *entry;          /**< the folder or file name in the inbox */
    char **files;         /**< names to claim, inside the folder for a
                               folder job, else the loose file */
    size_t file_count;
    char *skip;           /**< why the job waits for a later run, or
                               NULL when it is taken now */
    rs_problems *problems;/**< owned; an error found by the scan (a
                               loose file that is no BOM, a symbolic
                               link) fails the job */

    /* Planned by rs_batch_plan_paths(); absolute paths but the stem. */
    char *stem;           /**< name in file names: control characters
                               as '_', at most RS_BATCH_STEM_MAX bytes */
    char *stage;          /**< INBOX/.reshore-work/<d|f>-<entry> */
    char *output;         /**< OUT/<job>-<date>[-N].xlsx */
    char *detail;         /**< the same name with the detail suffix */
    char *previous;       /**< latest earlier detail CSV, or NULL */
    char *archive;        /**< ARCHIVE/<date>/<job>[-N] */
    char *failed;         /**< FAILED/<date>/<job>[-N] */
} rs_batch_job;

/** The jobs of one run, in name order. */
typedef struct rs_batch_plan {
    rs_batch_job *jobs;
    size_t count;
    size_t capacity;
} rs_batch_plan;

/** Folders of a run, as absolute paths. */
typedef struct rs_batch_dirs {
    const char *inbox;
    const char *out;
    const char *archive;
    const char *failed;
} rs_batch_dirs;

/** Settings of a scan. */
typedef struct rs_batch_scan_options {
    const rs_batch_dirs *dirs;
    /** The run's config: its [files] name the shared inputs of loose
     *  BOMs and its column maps help recognise them. */
    const rs_config *config;
    unsigned settle_seconds;  /**< files changed since are left */
    bool ready_marker;        /**< job folders need a READY file */
    time_t now;
} rs_batch_scan_options;

/**
 * List the jobs of the inbox into @p plan (zeroed by the caller). Hidden
 * and temporary names are ignored, as are the out, archive and failed
 * folders when they lie in the inbox and the files named in [files] of
 * the config. Notes on what was left out go to @p problems. Returns
 * RS_ERROR_IO with a problem when the inbox cannot be read.
 */
rs_error rs_batch_scan(rs_batch_plan *plan,
                       const rs_batch_scan_options *options,
                       rs_problems *problems);

/**
 * Plan the stage, outputs, previous detail CSV and destination folders
 * of every job taken in @p plan for run date @p date ("YYYY-MM-DD"):
 * names that exist are never reused, nor are two jobs given the same.
 */
rs_error rs_batch_plan_paths(rs_batch_plan *plan, const rs_batch_dirs *dirs,
                             const char *date, rs_problems *problems);

/**
 * Return the latest detail CSV in @p out_dir of job @p job
 * ("<job>-YYYY-MM-DD[-N].detail.csv.gz", by date then N) as a path to
 * free(), or NULL when there is none.
 */
char *rs_batch_find_previous(const char *out_dir, const char *job);

/** Free what @p plan owns. */
void rs_batch_plan_free(rs_batch_plan *plan);

/* ------------------------------------------------------------------ */
/* The folders of a run                                               */

/**
 * Return the absolute form of @p path with symbolic links resolved, also
 * when its last components do not exist yet: those are appended as
 * written, "." and ".." applied by name. Returns a string to free(), or
 * NULL with errno set when an existing part cannot be resolved.
 */
char *rs_batch_canonical_path(const char *path);

/**
 * Check on canonical paths, before any folder is created, that none of
 * the output, archive and failed folders of @p given (as the user gave
 * them) is the inbox or lies inside it. Returns RS_ERROR_USAGE with a
 * problem naming the first that does. A missing inbox passes: opening
 * it reports that.
 */
rs_error rs_batch_check_folders(const rs_batch_dirs *given,
                                rs_problems *problems);

/**
 * Lock the output folder @p out with flock() until
 * rs_batch_lock_release(). The lock is exclusive, and @p alone true,
 * when no other run has one. Otherwise it is shared, taken after any
 * run that has it exclusively lets go. Runs of different inboxes that
 * write into the same folder use it to detect each other.
 */
rs_error rs_batch_out_lock(rs_batch_lock *lock, const char *out, bool *alone,
                           rs_problems *problems);

/** Turn an exclusive lock from rs_batch_out_lock() into a shared one. */
void rs_batch_out_lock_share(rs_batch_lock *lock);

/**
 * Return true when @p name has the form of the temporary file of a batch
 * output: ".<job>-YYYY-MM-DD[-N].xlsx.tmp-XXXXXX", the same with
 * ".detail.csv.gz", or ".reshore.tmp-XXXXXX", where XXXXXX are six
 * letters or digits as mkstemp() makes them.
 */
bool rs_batch_is_leftover(const char *name);

/**
 * Remove every regular file directly in @p out whose name
 * rs_batch_is_leftover() accepts: temporary outputs of workers that
 * crashed or were killed. Call it only while holding the output folder
 * alone (rs_batch_out_lock()). Records a note naming each file removed,
 * and a warning for each that cannot be removed.
 */
rs_error rs_batch_remove_leftovers(const char *out, rs_problems *problems);

/**
 * Remove the output @p path and the temporary files that its writer
 * makes beside it (".NAME.tmp-XXXXXX", or ".reshore.tmp-XXXXXX" when
 * NAME is too long for that). NULL is a no-op.
 */
void rs_batch_remove_output(const char *path);

/* ------------------------------------------------------------------ */
/* Shared inputs                                                      */

/**
 * Check the files named in [files] of @p config, which loose BOMs and job
 * folders without a config of their own share. Each must be a regular
 * file that can be opened for reading, and the rates, locations and
 * tariffs files must load without an error. Sets @p unusable[role] for
 * each file that fails, records why in @p problems, and returns the
 * number of such files. A job that needs one of them stays in the inbox,
 * because only the administrator can repair a shared file.
 */
size_t rs_batch_check_shared(const rs_config *config,
                             bool unusable[RS_ROLE_COUNT],
                             rs_problems *problems);

/* ------------------------------------------------------------------ */
/* Files and folders                                                  */

/**
 * Move @p src to @p dst, never replacing a file. Within a file system
 * this is rename(2). Across file systems the file (or the symbolic link
 * itself, never its target) is copied to a temporary name beside @p dst,
 * flushed, and compared with @p src (size and CRC-32). Only then is it
 * renamed to @p dst and @p src removed, and both folders are flushed.
 * When @p dst already has the same content, @p src is removed (this
 * finishes an interrupted move). When it has other content, nothing is
 * done and @p conflict is set.
 */
rs_error rs_batch_move(const char *src, const char *dst, bool *conflict,
                       rs_problems *problems);

/**
 * The copy step of rs_batch_move() on its own: copy @p src to the new
 * name @p dst through a temporary file, flush and verify it. @p src is
 * left alone.
 */
rs_error rs_batch_copy_verified(const char *src, const char *dst,
                                rs_problems *problems);

/** Return true when @p a and @p b hold the same bytes (or are symbolic
 *  links with the same target). */
bool rs_batch_same_content(const char *a, const char *b);

/** Create @p path and its missing parents (mode 0777 less the umask). */
rs_error rs_batch_mkdirs(const char *path, rs_problems *problems);

/** Flush the folder @p path to disk; errors are ignored because some
 *  file systems cannot flush a folder. */
void rs_batch_sync_dir(const char *path);

/** Write @p text to @p path through a temporary file, flushed and
 *  renamed into place. */
rs_error rs_batch_write_file(const char *path, const char *text,
                             rs_problems *problems);

/* ------------------------------------------------------------------ */
/* Stages and their journal                                           */

/** Progress of a staged job. */
typedef enum rs_batch_state {
    RS_BATCH_CLAIMED = 0, /**< files staged; no outcome yet */
    RS_BATCH_DONE_OK,     /**< outputs written; files go to the archive */
    RS_BATCH_DONE_FAILED  /**< input problem; files go to failed */
} rs_batch_state;

/** The journal of a stage. Strings owned. */
typedef struct rs_batch_journal {
    rs_batch_state state;
    char *job;      /**< job name */
    char *output;   /**< planned workbook, or NULL */
    char *detail;   /**< planned detail CSV, or NULL */
    char *dest;     /**< destination folder once decided, or NULL */
} rs_batch_journal;

/** Write @p journal into @p stage atomically. */
rs_error rs_batch_journal_write(const char *stage,
                                const rs_batch_journal *journal,
                                rs_problems *problems);

/** Read the journal of @p stage into @p journal (zeroed first).
 *  Returns RS_ERROR_NOT_FOUND when there is none. */
rs_error rs_batch_journal_read(const char *stage, rs_batch_journal *journal,
                               rs_problems *problems);

/** Free what @p journal owns. */
void rs_batch_journal_free(rs_batch_journal *journal);

/**
 * Create the stage of @p job, write its journal and rename its files
 * into it. On failure the files already moved are renamed back.
 */
rs_error rs_batch_claim(const char *inbox, const rs_batch_job *job,
                        rs_problems *problems);

/**
 * Record the outcome of the staged job (@p state DONE_OK or
 * DONE_FAILED) and its destination folder @p dest in the journal.
 */
rs_error rs_batch_decide(const char *stage, rs_batch_state state,
                         const char *dest, rs_problems *problems);

/**
 * Give a stage back to the inbox. The planned outputs named in its
 * journal and their temporary files are removed, the files are renamed
 * back to where they came from (under a free name when that one was
 * taken meanwhile), and the stage is removed.
 */
rs_error rs_batch_release(const char *inbox, const char *stage,
                          rs_problems *problems);

/**
 * Move the files of a decided stage to the destination in its journal
 * (the failure report as "<job>.error.txt"), remove the stage, and
 * remove the emptied job folder. Safe to repeat after an interruption.
 */
rs_error rs_batch_complete(const char *inbox, const char *stage,
                           rs_problems *problems);

/** Outcome of the recovery of a stage left by an earlier run. */
typedef struct rs_batch_recovered {
    char *stage;          /**< stage folder name */
    char *job;            /**< job name from the journal, or NULL */
    rs_batch_state state; /**< state found */
    char *dest;           /**< where the files went (NULL: the inbox) */
    rs_error error;       /**< RS_OK, or why the stage is still there */
} rs_batch_recovered;

/**
 * Release or complete every stage in INBOX/.reshore-work. Fills
 * @p list (malloc'd, @p count entries; free with
 * rs_batch_recovered_free()).
 */
rs_error rs_batch_recover(const char *inbox, rs_batch_recovered **list,
                          size_t *count, rs_problems *problems);

/** Release or complete the one stage @p stage (absolute path). */
rs_error rs_batch_recover_stage(const char *inbox, const char *stage,
                                rs_batch_recovered *what,
                                rs_problems *problems);

/** Free a list from rs_batch_recover(). */
void rs_batch_recovered_free(rs_batch_recovered *list, size_t count);

/* ------------------------------------------------------------------ */
/* Run log                                                            */

/** The run log, opened for appending. */
typedef struct rs_batch_log {
    int fd; /**< -1 when closed */
} rs_batch_log;

/** Open (create) the log at @p path for appending. */
rs_error rs_batch_log_open(rs_batch_log *log, const char *path,
                           rs_problems *problems);

/**
 * Append one line: an ISO 8601 UTC timestamp of @p when, a space, the
 * formatted text escaped as by rs_batch_escape(), and a line break,
 * in a single write(2) so that lines of concurrent writers never mix.
 */
rs_error rs_batch_log_line(rs_batch_log *log, time_t when, const char *fmt,
                           ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** Close the log. Safe on a closed log. */
void rs_batch_log_close(rs_batch_log *log);

#endif /* RS_BATCH_H */
