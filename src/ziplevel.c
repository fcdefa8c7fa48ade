/* ziplevel.c - The deflate level chosen for the workbook package */
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
