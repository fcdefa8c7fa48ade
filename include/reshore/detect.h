/*
 * detect.h - Recognise an input file's role from its header row
 *
 * Batch folders and `reshore check` take files by content, not by name:
 * a file is a BOM, a locations file, quotes, tariffs or exchange rates
 * when its header row (found as the CSV reader finds it) contains the
 * required columns of that role. Only the start of the file is read.
 */
#ifndef RS_DETECT_H
#define RS_DETECT_H

#include "reshore/config.h"
#include "reshore/problem.h"
#include "reshore/schema.h"

/**
 * Return the role of the file at @p path, or -1 when no role fits or the
 * file cannot be read (a problem names the reason, unless @p problems is
 * NULL). A file whose header fits both a BOM and quotes is a BOM.
 */
int rs_detect_role(const char *path, const char *display,
                   const rs_config *config, rs_problems *problems);

/** Return true when @p header looks like an exchange-rate table: a
 *  currency and a rate column, or a date column followed by currency
 *  codes. */
bool rs_detect_rates_header(const rs_csv_record *header);

#endif /* RS_DETECT_H */
