/*
 * templates.h - Input templates built into the program for `reshore init`
 *
 * The build embeds every file under templates/ (cmake/EmbedFiles.cmake),
 * so the binary needs no data folder at run time.
 */
#ifndef RS_TEMPLATES_H
#define RS_TEMPLATES_H

#include <stddef.h>

/** One embedded file. */
typedef struct rs_template {
    const char *name;          /**< path relative to templates/ */
    const unsigned char *data; /**< contents */
    size_t size;               /**< bytes */
} rs_template;

/** The embedded files, in byte order of their names. */
extern const rs_template rs_templates[];

/** Number of entries of rs_templates[]. */
extern const size_t rs_template_count;

#endif /* RS_TEMPLATES_H */
