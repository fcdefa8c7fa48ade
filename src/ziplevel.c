/* ziplevel.c - The deflate level and threads chosen for the workbook
 * package */
#define _GNU_SOURCE
#include <sched.h>
#include <unistd.h>

#include "ziplevel.h"

/* -1: the level libxlsxwriter asks for. */
static int chosen_level = -1;

void
rs_zip_set_level(int level)
{
    chosen_level = level < -1 || level > 9 ? -1 : level;
}

int
rs_zip_level(void)
{
    return chosen_level;
}

/* 0: one thread per core. */
static unsigned chosen_threads;

void
rs_zip_set_threads(unsigned threads)
{
    chosen_threads = threads > RS_ZIP_THREADS_MAX ? RS_ZIP_THREADS_MAX
                                                  : threads;
}

unsigned
rs_zip_threads(void)
{
    cpu_set_t allowed;
    long cores;

    if (chosen_threads > 0)
        return chosen_threads;
    /* The cores this process may run on (taskset, cpusets), else all. */
    if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0)
        cores = CPU_COUNT(&allowed);
    else
        cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        return 1;
    return cores > RS_ZIP_THREADS_MAX ? RS_ZIP_THREADS_MAX : (unsigned)cores;
}
