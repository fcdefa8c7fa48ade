/* kv.c - Ordered list of key = value pairs */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reshore/kv.h"

rs_error
rs_kvlist_add(rs_kvlist *list, const char *key, const char *value,
              unsigned long line)
{
    rs_kv *kv;

    if (list->count == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 8;
        rs_kv *grown = realloc(list->items, cap * sizeof(*grown));

        if (!grown)
            return RS_ERROR_NOMEM;
        list->items = grown;
        list->capacity = cap;
    }
    kv = &list->items[list->count];
    kv->key = strdup(key);
    kv->value = strdup(value ? value : "");
    kv->line = line;
    if (!kv->key || !kv->value) {
        free(kv->key);
        free(kv->value);
        return RS_ERROR_NOMEM;
    }
    list->count++;
    return RS_OK;
}

const rs_kv *
rs_kvlist_find(const rs_kvlist *list, const char *key)
{
    size_t i;

    if (!list)
        return NULL;
    for (i = list->count; i > 0; i--)
        if (strcasecmp(list->items[i - 1].key, key) == 0)
            return &list->items[i - 1];
    return NULL;
}

const char *
rs_kvlist_get(const rs_kvlist *list, const char *key)
{
    const rs_kv *kv = rs_kvlist_find(list, key);

    return kv ? kv->value : NULL;
}

void
rs_kvlist_clear(rs_kvlist *list)
{
    size_t i;

    for (i = 0; i < list->count; i++) {
        free(list->items[i].key);
        free(list->items[i].value);
    }
    free(list->items);
    memset(list, 0, sizeof(*list));
}
