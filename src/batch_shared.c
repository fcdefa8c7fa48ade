/*
 * batch_shared.c - Files that the jobs of a batch run share
 *
 * A loose BOM takes its locations, rates and other files from [files] of
 * --config, and so does a job folder without a config of its own for the
 * roles it lacks. Those files belong to the administrator of the batch
 * runs, not to the sender of a job, so the run checks them once before
 * any job. A job that needs a file that cannot be used stays in the
 * inbox, because its sender could not repair the fault.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "reshore/fx.h"
#include "reshore/location.h"
#include "reshore/tariff.h"

/* Check that the shared file @p path is a regular file that can be
 * opened for reading. */
static bool
shared_readable(const char *path, rs_problems *problems)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int saved = errno;

    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        close(fd);
        return true;
    }
    if (fd >= 0)
        close(fd);
    rs_problems_report(problems, RS_SEV_ERROR, "batch-shared", path, 0, 0,
                       NULL, NULL,
                       "correct [files] of the --config file, or put the "
                       "file in place",
                       fd < 0 ? "cannot be read: %s" : "is not a regular file",
                       strerror(saved));
    return false;
}

/* Load the shared file @p path of @p role as a job would. Roles that
 * need the BOM to load (the quotes) and the BOM itself are only opened.
 */
static rs_error
load_shared(rs_role role, const char *path, const rs_config *config,
            rs_problems *problems)
{
    rs_fx fx;
    rs_locations locations;
    rs_tariffs tariffs;
    rs_error err = RS_OK;

    switch (role) {
    case RS_ROLE_RATES:
        memset(&fx, 0, sizeof(fx));
        err = rs_fx_load(&fx, path, path, config, problems, NULL);
        rs_fx_free(&fx);
        break;
    case RS_ROLE_LOCATIONS:
        memset(&locations, 0, sizeof(locations));
        err =
            rs_locations_load(&locations, path, path, config, problems, NULL);
        rs_locations_free(&locations);
        break;
    case RS_ROLE_TARIFFS:
        memset(&tariffs, 0, sizeof(tariffs));
        err = rs_tariffs_load(&tariffs, path, path, config, problems, NULL);
        rs_tariffs_free(&tariffs);
        break;
    default:
        break;
    }
    return err;
}

size_t
rs_batch_check_shared(const rs_config *config, bool unusable[RS_ROLE_COUNT],
                      rs_problems *problems)
{
    size_t count = 0, i;
    int role;

    for (role = 0; role < RS_ROLE_COUNT; role++) {
        const char *path = config->files[role];
        rs_problems *scratch;
        bool bad;

        unusable[role] = false;
        if (!path || !(scratch = rs_problems_new()))
            continue;
        bad = !shared_readable(path, scratch) ||
              load_shared((rs_role)role, path, config, scratch) != RS_OK;

        /* Only the errors: the notes and warnings of a usable file
         * appear in every workbook. */
        for (i = 0; bad && i < rs_problems_stored(scratch); i++)
            if (rs_problems_at(scratch, i)->severity == RS_SEV_ERROR)
                rs_problems_add(problems, rs_problems_at(scratch, i));
        rs_problems_free(scratch);
        unusable[role] = bad;
        count += bad;
    }
    return count;
}
