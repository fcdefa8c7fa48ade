/*
 * bom_tree.c - Finish a BOM: parents, cycles, prices and annual quantities
 *
 * Runs once the whole file is read, because a parent may come after its
 * children and an item is an assembly only if some row names it as a
 * parent. Items rejected here are dropped and everything that refers to
 * them renumbered.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bom_internal.h"
#include "strbuf.h"

rs_error
rs_bom_add_link(rs_bom_loader *ld, const char *parent_key, size_t child,
                double quantity, unsigned long line, unsigned long column)
{
    rs_pending_link *link;

    if (ld->link_count == ld->link_capacity) {
        size_t cap = ld->link_capacity ? ld->link_capacity * 2 : 64;
        rs_pending_link *grown = realloc(ld->links, cap * sizeof(*grown));

        if (!grown)
            return RS_ERROR_NOMEM;
        ld->links = grown;
        ld->link_capacity = cap;
    }
    link = &ld->links[ld->link_count];
    link->parent_key = strdup(parent_key);
    if (!link->parent_key)
        return RS_ERROR_NOMEM;
    link->child = child;
    link->quantity = quantity; /* NAN: derived in explode() */
    link->line = line;
    link->column = column;
    ld->link_count++;
    return RS_OK;
}

/* Reject item @p index after the fact, with a message in the usual form. */
static void
drop_item(rs_bom_loader *ld, size_t index, unsigned long line,
          unsigned long column, const char *field, const char *code,
          const char *hint, const char *fmt, ...)
{
    rs_item *item = &ld->bom->items[index];
    rs_strbuf msg;
    va_list ap;

    if (ld->state[index].dropped)
        return;
    ld->state[index].dropped = true;
    ld->bom->rows_rejected += item->row_count;
    rs_strbuf_init(&msg);
    va_start(ap, fmt);
    rs_strbuf_vprintf(&msg, fmt, ap);
    va_end(ap);
    rs_problems_report(ld->problems, RS_SEV_REJECTED, code, ld->file,
                       line ? line : item->line, column, field, NULL, hint,
                       "item %s: %s", item->key, msg.data ? msg.data : "");
    rs_problems_set_item(ld->problems, rs_problems_stored(ld->problems) - 1,
                         item->key);
    rs_strbuf_free(&msg);
}

/* Parent index of each link, or -1 when unknown (the child is dropped). */
static long *
resolve_parents(rs_bom_loader *ld)
{
    long *parent = malloc((ld->link_count + 1) * sizeof(long));
    size_t i, index;

    if (!parent)
        return NULL;
    for (i = 0; i < ld->link_count; i++) {
        const rs_pending_link *link = &ld->links[i];

        parent[i] = -1;
        if (rs_strmap_get(&ld->index, link->parent_key,
                          strlen(link->parent_key), &index)) {
            parent[i] = (long)index;
            continue;
        }
        drop_item(ld, link->child, link->line, link->column, "parent",
                  "unknown-parent",
                  "add the parent as a row of its own, or correct it",
                  "its parent %s is not an item of the BOM", link->parent_key);
    }
    return parent;
}

/* Depth-first search for cycles from @p start; drops every item of a
 * cycle found. @p color: 0 new, 1 on the path, 2 done. */
static rs_error
find_cycles(rs_bom_loader *ld, const long *parent, unsigned char *color,
            size_t start, size_t *path, size_t *link_pos)
{
    size_t depth = 0, i;

    path[0] = start;
    link_pos[0] = 0;
    color[start] = 1;
    while (1) {
        size_t node = path[depth];
        size_t j = link_pos[depth];

        /* Next child link of node. */
        while (j < ld->link_count && !(parent[j] == (long)node &&
                                       !ld->state[ld->links[j].child].dropped))
            j++;
        link_pos[depth] = j + 1;
        if (j >= ld->link_count) {
            color[node] = 2;
            if (depth == 0)
                return RS_OK;
            depth--;
            continue;
        }
        i = ld->links[j].child;
        if (color[i] == 0) {
            color[i] = 1;
            path[++depth] = i;
            link_pos[depth] = 0;
        } else if (color[i] == 1) {
            rs_strbuf names;
            size_t k = depth;

            while (path[k] != i)
                k--;
            rs_strbuf_init(&names);
            for (; k <= depth; k++)
                rs_strbuf_printf(&names, "%s -> ",
                                 ld->bom->items[path[k]].key);
            rs_strbuf_puts(&names, ld->bom->items[i].key);
            for (k = depth; path[k] != i; k--)
                drop_item(ld, path[k], 0, 0, "parent", "cycle",
                          "break the cycle in the parent column",
                          "is part of a cycle %s",
                          names.data ? names.data : "");
            drop_item(ld, i, 0, 0, "parent", "cycle",
                      "break the cycle in the parent column",
                      "is part of a cycle %s", names.data ? names.data : "");
            rs_strbuf_free(&names);
        }
    }
}

static rs_error
reject_cycles(rs_bom_loader *ld, const long *parent)
{
    size_t n = ld->bom->count, i;
    unsigned char *color = calloc(n + 1, 1);
    size_t *path = malloc((n + 1) * sizeof(size_t));
    size_t *pos = malloc((n + 1) * sizeof(size_t));
    rs_error err = RS_OK;

    if (!color || !path || !pos)
        err = RS_ERROR_NOMEM;
    for (i = 0; !err && i < n; i++)
        if (color[i] == 0 && !ld->state[i].dropped)
            err = find_cycles(ld, parent, color, i, path, pos);
    free(color);
    free(path);
    free(pos);
    return err;
}

/* Children of dropped parents cannot be exploded: drop them too. */
static void
drop_orphans(rs_bom_loader *ld, const long *parent)
{
    bool changed = true;
    size_t i;

    while (changed) {
        changed = false;
        for (i = 0; i < ld->link_count; i++) {
            size_t child = ld->links[i].child;

            if (parent[i] < 0 || ld->state[child].dropped ||
                !ld->state[parent[i]].dropped)
                continue;
            drop_item(ld, child, ld->links[i].line, ld->links[i].column,
                      "parent", "parent-rejected", "correct the parent's row",
                      "its parent %s was rejected",
                      ld->bom->items[parent[i]].key);
            changed = true;
        }
    }
}

/* Reject item @p index, which has no price and whose parts were all
 * rejected. */
static void
drop_without_parts(rs_bom_loader *ld, size_t index)
{
    drop_item(ld, index, ld->bom->items[index].line,
              ld->state[index].price_column, "unit_price", "parts-rejected",
              "correct the rejected rows of its parts, or enter its price",
              "missing unit_price, and every part listed under it was "
              "rejected");
}

/* Fill @p parents with the keys of the parents that lost a part: named
 * by a rejected row, or by a link whose part was dropped later. Return
 * false when memory runs out. */
static bool
parents_of_rejected(const rs_bom_loader *ld, rs_strmap *parents)
{
    size_t i;

    for (i = 0; i < ld->rejected_parent_count; i++) {
        const char *key = ld->rejected_parents[i];

        if (!rs_strmap_put(parents, key, strlen(key), i))
            return false;
    }
    for (i = 0; i < ld->link_count; i++) {
        const char *key = ld->links[i].parent_key;

        if (ld->state[ld->links[i].child].dropped &&
            !rs_strmap_put(parents, key, strlen(key), i))
            return false;
    }
    return true;
}

/* Warn once for the parts whose price belongs to no location: without a
 * current location the price cannot be compared with any location, so
 * such a part is priced only from quotes or should-cost data. */
static void
check_unplaced_prices(rs_bom_loader *ld)
{
    const rs_item *first = NULL;
    size_t i, count = 0, stored;

    if (!ld->locations || !ld->locations->count)
        return; /* reshore check of a BOM alone */
    for (i = 0; i < ld->bom->count; i++) {
        const rs_item *item = &ld->bom->items[i];

        if (ld->state[i].dropped || item->is_assembly ||
            isnan(item->unit_price) || item->current >= 0)
            continue;
        if (!first)
            first = item;
        count++;
    }
    if (!first)
        return;
    stored = rs_problems_stored(ld->problems);
    rs_problems_report(ld->problems, RS_SEV_WARNING, "no-current-location",
                       ld->file, first->line, 0, NULL, NULL,
                       "give each row a current_location, or set "
                       "current_location in [defaults] of the config",
                       "%zu %s a price but no current location, so the "
                       "price is not compared with any location and the "
                       "%s priced only from quotes or should-cost data "
                       "(first: item %s)",
                       count, count == 1 ? "item has" : "items have",
                       count == 1 ? "item is" : "items are", first->key);
    rs_problems_set_item(ld->problems, stored, first->key);
}

/* Parts must have a price when the file has a price column; without one
 * they are kept as unpriced. A part priced 0 gets a warning. Assemblies
 * are never bought, so their prices are not checked. */
static void
check_prices(rs_bom_loader *ld)
{
    rs_strmap lost_parts = {0};
    bool lost_parts_built = false;
    size_t i, value;

    for (i = 0; i < ld->bom->count; i++) {
        rs_item *item = &ld->bom->items[i];
        size_t first;
        bool should_cost =
            !isnan(item->material_cost) && !isnan(item->labour_hours);

        if (ld->state[i].dropped)
            continue;
        if (item->is_assembly) {
            if (!isnan(item->unit_price))
                rs_problems_report(ld->problems, RS_SEV_NOTE, "assembly-price",
                                   ld->file, item->line, 0, NULL, item->key,
                                   NULL,
                                   "is an assembly; its own price is not "
                                   "used, its parts are costed");
            continue;
        }
        if (item->unit_price == 0) {
            first = rs_problems_stored(ld->problems);
            rs_problems_report(
                ld->problems, RS_SEV_WARNING, "zero-price", ld->file,
                item->line, ld->state[i].price_column, "unit_price", "0",
                "enter the current price, or leave the field empty to "
                "price the item from quotes or its should-cost",
                "is a price of 0: only the costs that do not follow the "
                "price tell the locations apart");
            rs_problems_set_item(ld->problems, first, item->key);
        }
        if (!isnan(item->unit_price) || should_cost)
            continue;
        if (ld->state[i].price_checked) {
            /* An assembly whose parts were all rejected looks like a
             * part without a price, so the message names the cause. */
            if (!lost_parts_built && ld->bom->multilevel)
                lost_parts_built = parents_of_rejected(ld, &lost_parts);
            if (lost_parts_built &&
                rs_strmap_get(&lost_parts, item->key, strlen(item->key),
                              &value))
                drop_without_parts(ld, i);
            else
                drop_item(ld, i, item->line, ld->state[i].price_column,
                          "unit_price", "missing-price",
                          "enter the current price, or leave the price "
                          "column out to list items as unpriced",
                          "missing unit_price");
            continue;
        }
        ld->bom->unpriced++;
        first = rs_problems_stored(ld->problems);
        rs_problems_report(ld->problems, RS_SEV_WARNING, "unpriced", ld->file,
                           item->line, 0, NULL, item->key,
                           "add a price, a quote or should-cost data",
                           "has no price; the item is listed as unpriced");
        rs_problems_set_item(ld->problems, first, item->key);
    }
    rs_strmap_free(&lost_parts);
    check_unplaced_prices(ld);
}

/* Reject the assemblies whose parts were all dropped by the price checks,
 * up the tree until none is left. One with a price of its own is bought
 * as a part instead. */
static void
drop_empty_assemblies(rs_bom_loader *ld, const long *parent)
{
    size_t *live = calloc(ld->bom->count + 1, sizeof(size_t));
    bool changed = true;
    size_t i, k;

    if (!live)
        return; /* the roll-up then leaves such an assembly blank */
    /* Each pass settles one more level of the tree. */
    while (changed) {
        changed = false;
        memset(live, 0, ld->bom->count * sizeof(size_t));
        for (k = 0; k < ld->link_count; k++)
            if (parent[k] >= 0 && !ld->state[ld->links[k].child].dropped)
                live[parent[k]]++;
        for (i = 0; i < ld->bom->count; i++) {
            rs_item *item = &ld->bom->items[i];

            if (ld->state[i].dropped || !item->is_assembly || live[i] > 0)
                continue;
            item->is_assembly = false;
            changed = true;
            if (!isnan(item->unit_price))
                continue;
            drop_without_parts(ld, i);
        }
    }
    free(live);
}

/* Remove dropped items; fill @p new_index (old -> new or -1). */
static rs_error
compact(rs_bom_loader *ld, long *new_index)
{
    rs_bom *bom = ld->bom;
    size_t i, n = 0;

    rs_strmap_free(&ld->index);
    for (i = 0; i < bom->count; i++) {
        if (ld->state[i].dropped) {
            rs_item_clear(&bom->items[i], bom->extra_count);
            new_index[i] = -1;
            continue;
        }
        new_index[i] = (long)n;
        if (n != i) {
            bom->items[n] = bom->items[i];
            ld->state[n] = ld->state[i];
        }
        n++;
    }
    bom->count = n;
    for (i = 0; i < n; i++)
        if (!rs_strmap_put(&ld->index, bom->items[i].key,
                           strlen(bom->items[i].key), i))
            return RS_ERROR_NOMEM;
    return RS_OK;
}

/* Attach the surviving links to their parents. */
static rs_error
attach_children(rs_bom_loader *ld, const long *parent, const long *renum)
{
    rs_bom *bom = ld->bom;
    size_t i;

    for (i = 0; i < ld->link_count; i++) {
        long p, c;
        rs_item *pi;
        rs_bom_link *grown;

        if (parent[i] < 0)
            continue;
        p = renum[parent[i]];
        c = renum[ld->links[i].child];
        if (p < 0 || c < 0)
            continue;
        pi = &bom->items[p];
        grown = realloc(pi->children, (pi->child_count + 1) * sizeof(*grown));
        if (!grown)
            return RS_ERROR_NOMEM;
        pi->children = grown;
        pi->children[pi->child_count].child = (size_t)c;
        pi->children[pi->child_count].quantity = ld->links[i].quantity;
        pi->child_count++;
        if (bom->items[c].parent < 0)
            bom->items[c].parent = p;
    }
    return RS_OK;
}

/* Annual quantities down the tree, parents before children (Kahn). */
static rs_error
explode(rs_bom_loader *ld)
{
    rs_bom *bom = ld->bom;
    size_t n = bom->count, head = 0, tail = 0, i, k;
    size_t *pending = calloc(n + 1, sizeof(size_t));
    size_t *queue = malloc((n + 1) * sizeof(size_t));
    double volume = ld->config->annual_volume;
    rs_error err = RS_OK;

    if (!pending || !queue) {
        err = RS_ERROR_NOMEM;
        goto done;
    }
    for (i = 0; i < n; i++)
        for (k = 0; k < bom->items[i].child_count; k++)
            pending[bom->items[i].children[k].child]++;

    bom->roots = 0;
    for (i = 0; i < n; i++) {
        rs_item *item = &bom->items[i];

        if (pending[i])
            continue;
        bom->roots++;
        queue[tail++] = i;
        if (!ld->state[i].annual_given) {
            if (isnan(item->quantity))
                item->quantity = 1.0;
            if (isnan(volume) && !ld->volume_missing_reported) {
                ld->volume_missing_reported = true;
                rs_problems_report(ld->problems, RS_SEV_ERROR, "annual-volume",
                                   ld->file, item->line, 0, NULL, NULL,
                                   "set [product] annual_volume in the "
                                   "config, or give the top item an "
                                   "annual_quantity",
                                   "the annual volume of the product is "
                                   "not set");
            }
            item->annual_quantity = item->quantity * volume;
        }
    }
    /* Parts with their own annual quantity keep it; the others add up
     * what their parents need. */
    for (i = 0; i < n; i++)
        if (pending[i] && !ld->state[i].annual_given)
            bom->items[i].annual_quantity = 0;

    while (head < tail) {
        rs_item *item = &bom->items[queue[head++]];

        for (k = 0; k < item->child_count; k++) {
            rs_bom_link *link = &item->children[k];
            rs_item *child = &bom->items[link->child];

            if (!ld->state[link->child].annual_given) {
                if (isnan(link->quantity))
                    link->quantity = 1.0;
                child->annual_quantity +=
                    link->quantity * item->annual_quantity;
                child->qty_source = RS_QTY_EXPLODED;
            } else if (isnan(link->quantity)) {
                /* Only annual quantities given: the quantity per parent
                 * follows from them, for the roll-up. */
                link->quantity = item->annual_quantity > 0
                                     ? child->annual_quantity /
                                           item->annual_quantity
                                     : 1.0;
            }
            if (--pending[link->child] == 0)
                queue[tail++] = link->child;
        }
    }
    if (ld->volume_missing_reported)
        err = RS_ERROR_DATA;
done:
    free(pending);
    free(queue);
    return err;
}

rs_error
rs_bom_finish(rs_bom_loader *ld)
{
    rs_bom *bom = ld->bom;
    long *parent = NULL, *renum = NULL;
    rs_error err = RS_OK;
    size_t i;

    if (bom->multilevel) {
        parent = resolve_parents(ld);
        if (!parent)
            return RS_ERROR_NOMEM;
        err = reject_cycles(ld, parent);
        if (err)
            goto done;
        drop_orphans(ld, parent);
        for (i = 0; i < ld->link_count; i++)
            if (parent[i] >= 0 && !ld->state[ld->links[i].child].dropped)
                bom->items[parent[i]].is_assembly = true;
    }
    check_prices(ld);
    if (bom->multilevel)
        drop_empty_assemblies(ld, parent);

    renum = malloc((bom->count + 1) * sizeof(long));
    if (!renum) {
        err = RS_ERROR_NOMEM;
        goto done;
    }
    err = compact(ld, renum);
    if (!err && bom->multilevel)
        err = attach_children(ld, parent, renum);
    if (!err && bom->multilevel)
        err = explode(ld);
done:
    free(parent);
    free(renum);
    return err;
}
