/*
 * zipinterpose.c - Deflate the workbook package at the chosen level, on
 * several cores
 *
 * libxlsxwriter 1.1.4 packs every part at zlib's default level (6) and
 * offers no option to change it, and deflating the sheet XML is about
 * half the time of writing a large workbook. This file defines three of
 * minizip's functions, which libxlsxwriter calls for each part:
 * zipOpenNewFileInZip4_64(), zipWriteInFileInZip() and
 * zipCloseFileInZip(). Being in the executable, these definitions take
 * precedence over libminizip's (the dynamic linker looks in the
 * executable first). They call the library's own functions, found with
 * dlsym(RTLD_NEXT).
 *
 * The part is opened in minizip's raw mode, and this file deflates it
 * itself, the way pigz does. The data is cut into blocks of BLOCK_SIZE
 * bytes. Worker threads deflate the blocks at the same time, each with
 * the previous block's last 32 KiB as its dictionary, and the main
 * thread writes them in order. Every block but the last ends with a sync
 * flush, so the blocks joined form one deflate stream that any zip
 * reader inflates. The CRC-32 of the part is combined from the blocks'.
 * The output depends only on the data and the level, not on the number
 * of threads or their timing, so SOURCE_DATE_EPOCH still gives the same
 * bytes. A part that fits in one block is deflated without threads.
 *
 * It is linked into the reshore program only: test programs and other
 * users of the core library keep minizip's own packing.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ziplevel.h"

/* Bytes of part data per block: large enough that the dictionary and
 * the sync flush cost little, small enough that a few blocks per thread
 * stay in the processor's cache. */
#define BLOCK_SIZE (256 * 1024)

/* deflate's window: the dictionary carried from block to block. */
#define DICT_SIZE 32768

/* Blocks in flight per thread, so that a thread finds work while the
 * main thread writes the finished blocks. */
#define BLOCKS_PER_THREAD 3

/* minizip's status codes (minizip/zip.h). */
#define ZIP_STATUS_OK 0
#define ZIP_STATUS_ERRNO (-1)
#define ZIP_STATUS_INTERNAL (-104)

/* minizip's functions, as declared in minizip/zip.h (zipFile is a void
 * pointer, zip_fileinfo a structure passed through unchanged). */
typedef int (*zip_open_fn)(void *file, const char *filename,
                           const void *zipfi, const void *extrafield_local,
                           uInt size_extrafield_local,
                           const void *extrafield_global,
                           uInt size_extrafield_global, const char *comment,
                           int method, int level, int raw, int windowBits,
                           int memLevel, int strategy, const char *password,
                           uLong crcForCrypting, uLong versionMadeBy,
                           uLong flagBase, int zip64);
typedef int (*zip_write_fn)(void *file, const void *buf, unsigned len);
typedef int (*zip_close_fn)(void *file);
typedef int (*zip_close_raw_fn)(void *file, uint64_t uncompressed_size,
                                uLong crc32);

int zipOpenNewFileInZip4_64(void *file, const char *filename,
                            const void *zipfi, const void *extrafield_local,
                            uInt size_extrafield_local,
                            const void *extrafield_global,
                            uInt size_extrafield_global, const char *comment,
                            int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password,
                            uLong crcForCrypting, uLong versionMadeBy,
                            uLong flagBase, int zip64);
int zipWriteInFileInZip(void *file, const void *buf, unsigned len);
int zipCloseFileInZip(void *file);

/* State of a block's slot. */
typedef enum slot_state {
    SLOT_FREE = 0, /* being filled by the main thread, or unused */
    SLOT_QUEUED,   /* full, waiting for a thread */
    SLOT_BUSY,     /* being deflated */
    SLOT_DONE      /* deflated, waiting to be written */
} slot_state;

/* One block of part data and its deflated form. */
typedef struct block {
    unsigned char *in; /* BLOCK_SIZE bytes */
    size_t in_len;
    unsigned char *dict; /* DICT_SIZE bytes */
    size_t dict_len;
    unsigned char *out;
    size_t out_cap, out_len;
    uLong crc;
    bool last;
    bool failed;
    slot_state state;
} block;

/* The part being packed. */
typedef struct packer {
    void *zip;        /* the zip file the part belongs to, or NULL */
    void *failed_zip; /* the zip file whose part failed, or NULL */
    int level;
    block *blocks;
    size_t nblocks;
    unsigned long filled;  /* sequence number of the block being filled */
    unsigned long written; /* next block to write */
    unsigned long claimed; /* next block for a thread to deflate */
    unsigned char *tail;   /* last DICT_SIZE bytes of the previous block */
    size_t tail_len;
    uLong crc;
    uint64_t size;
    pthread_t threads[RS_ZIP_THREADS_MAX];
    unsigned nthreads, max_threads;
    bool stop;
    pthread_mutex_t lock;
    pthread_cond_t cond;
} packer;

static packer current = {.lock = PTHREAD_MUTEX_INITIALIZER,
                         .cond = PTHREAD_COND_INITIALIZER};

/* Look up minizip's own definition of @p name. */
static void *
real_function(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

/* Deflate block @p b at @p level into its output buffer. Return false
 * when zlib fails or memory runs out. */
static bool
deflate_block(block *b, int level)
{
    z_stream zs;
    size_t need;
    int status;

    memset(&zs, 0, sizeof(zs));
    if (deflateInit2(&zs, level, Z_DEFLATED, -MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    if (b->dict_len &&
        deflateSetDictionary(&zs, b->dict, (uInt)b->dict_len) != Z_OK) {
        deflateEnd(&zs);
        return false;
    }
    /* zlib's bound holds for one Z_FINISH call, and a sync flush adds an
     * empty stored block of a few bytes. A buffer still too short makes
     * deflate() stop with no room left, which is reported below. */
    need = deflateBound(&zs, (uLong)b->in_len) + 16;
    if (b->out_cap < need) {
        unsigned char *grown = realloc(b->out, need);

        if (!grown) {
            deflateEnd(&zs);
            return false;
        }
        b->out = grown;
        b->out_cap = need;
    }
    zs.next_in = b->in;
    zs.avail_in = (uInt)b->in_len;
    zs.next_out = b->out;
    zs.avail_out = (uInt)b->out_cap;
    status = deflate(&zs, b->last ? Z_FINISH : Z_SYNC_FLUSH);
    b->out_len = b->out_cap - zs.avail_out;
    deflateEnd(&zs);
    b->crc = crc32(0L, b->in, (uInt)b->in_len);
    return zs.avail_in == 0 && zs.avail_out > 0 &&
           status == (b->last ? Z_STREAM_END : Z_OK);
}

/* Deflate the queued blocks in order until the packer stops. */
static void *
worker(void *arg)
{
    packer *p = arg;

    pthread_mutex_lock(&p->lock);
    for (;;) {
        block *b = &p->blocks[p->claimed % p->nblocks];

        if (b->state != SLOT_QUEUED) {
            if (p->stop)
                break;
            pthread_cond_wait(&p->cond, &p->lock);
            continue;
        }
        b->state = SLOT_BUSY;
        p->claimed++;
        pthread_mutex_unlock(&p->lock);
        b->failed = !deflate_block(b, p->level);
        pthread_mutex_lock(&p->lock);
        b->state = SLOT_DONE;
        pthread_cond_broadcast(&p->cond);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Return the state of @p b, read under the lock of @p p. */
static slot_state
state_of(packer *p, const block *b)
{
    slot_state state;

    pthread_mutex_lock(&p->lock);
    state = b->state;
    pthread_mutex_unlock(&p->lock);
    return state;
}

/* Set the state of @p b under the lock of @p p and wake the threads. */
static void
set_state(packer *p, block *b, slot_state state)
{
    pthread_mutex_lock(&p->lock);
    b->state = state;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

/* Start the threads of @p p. With none started, the main thread
 * deflates every block itself. */
static void
start_threads(packer *p)
{
    while (p->nthreads < p->max_threads &&
           pthread_create(&p->threads[p->nthreads], NULL, worker, p) == 0)
        p->nthreads++;
}

/* Stop and join the threads of @p p. */
static void
stop_threads(packer *p)
{
    unsigned i;

    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
    for (i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    p->nthreads = 0;
    p->stop = false;
}

/* Stop the threads of @p p, free its blocks and forget the part. */
static void
release(packer *p)
{
    size_t i;

    stop_threads(p);
    for (i = 0; i < p->nblocks; i++) {
        free(p->blocks[i].in);
        free(p->blocks[i].dict);
        free(p->blocks[i].out);
    }
    free(p->blocks);
    free(p->tail);
    p->blocks = NULL;
    p->nblocks = 0;
    p->tail = NULL;
    p->zip = NULL;
}

/* Write the oldest block of @p p to the zip file once it is deflated.
 * Return a minizip status. */
static int
write_oldest(packer *p)
{
    static zip_write_fn real_write;
    block *b = &p->blocks[p->written % p->nblocks];
    int status;

    pthread_mutex_lock(&p->lock);
    while (b->state != SLOT_DONE)
        pthread_cond_wait(&p->cond, &p->lock);
    pthread_mutex_unlock(&p->lock);
    if (b->failed)
        return ZIP_STATUS_INTERNAL;
    if (!real_write)
        *(void **)&real_write = real_function("zipWriteInFileInZip");
    if (!real_write)
        return ZIP_STATUS_ERRNO;
    status = real_write(p->zip, b->out, (unsigned)b->out_len);
    if (status < 0)
        return status;
    p->crc = crc32_combine(p->crc, b->crc, (z_off_t)b->in_len);
    p->size += b->in_len;
    b->in_len = 0;
    set_state(p, b, SLOT_FREE);
    p->written++;
    return ZIP_STATUS_OK;
}

/* Hand the block being filled to the threads (or deflate it here when
 * there are none) and, unless it is the @p last, make the next slot
 * ready to fill. Return a minizip status. */
static int
submit(packer *p, bool last)
{
    block *b = &p->blocks[p->filled % p->nblocks];
    block *next;

    memcpy(b->dict, p->tail, p->tail_len);
    b->dict_len = p->tail_len;
    if (b->in_len >= DICT_SIZE) {
        memcpy(p->tail, b->in + b->in_len - DICT_SIZE, DICT_SIZE);
        p->tail_len = DICT_SIZE;
    }
    b->last = last;
    if (p->nthreads == 0 && !last)
        start_threads(p);
    if (p->nthreads == 0) {
        b->failed = !deflate_block(b, p->level);
        set_state(p, b, SLOT_DONE);
    } else {
        set_state(p, b, SLOT_QUEUED);
    }
    p->filled++;
    if (last)
        return ZIP_STATUS_OK;

    next = &p->blocks[p->filled % p->nblocks];
    while (state_of(p, next) != SLOT_FREE) {
        int status = write_oldest(p);

        if (status != ZIP_STATUS_OK)
            return status;
    }
    if (!next->in && !(next->in = malloc(BLOCK_SIZE)))
        return ZIP_STATUS_INTERNAL;
    return ZIP_STATUS_OK;
}

/* Prepare @p p for a part of @p zip deflated at @p level. Return false
 * when memory runs out. */
static bool
begin(packer *p, void *zip, int level)
{
    size_t i;

    p->max_threads = rs_zip_threads();
    p->nblocks = p->max_threads > 1
                     ? (size_t)p->max_threads * BLOCKS_PER_THREAD
                     : 1;
    p->blocks = calloc(p->nblocks, sizeof(*p->blocks));
    p->tail = malloc(DICT_SIZE);
    if (!p->blocks || !p->tail) {
        release(p);
        return false;
    }
    for (i = 0; i < p->nblocks; i++)
        if (!(p->blocks[i].dict = malloc(DICT_SIZE))) {
            release(p);
            return false;
        }
    if (!(p->blocks[0].in = malloc(BLOCK_SIZE))) {
        release(p);
        return false;
    }
    p->zip = zip;
    p->failed_zip = NULL;
    p->level = level;
    p->filled = p->written = p->claimed = 0;
    p->tail_len = 0;
    p->crc = crc32(0L, Z_NULL, 0);
    p->size = 0;
    return true;
}

int
zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                        const void *extrafield_local,
                        uInt size_extrafield_local,
                        const void *extrafield_global,
                        uInt size_extrafield_global, const char *comment,
                        int method, int level, int raw, int windowBits,
                        int memLevel, int strategy, const char *password,
                        uLong crcForCrypting, uLong versionMadeBy,
                        uLong flagBase, int zip64)
{
    static zip_open_fn real;
    int chosen = rs_zip_level();
    int status;
    bool ours;

    /* POSIX's way to turn dlsym()'s object pointer into a function. */
    if (!real)
        *(void **)&real = real_function("zipOpenNewFileInZip4_64");
    if (!real)
        return ZIP_STATUS_ERRNO; /* libxlsxwriter reports the failure */
    if (chosen >= 0 && method == Z_DEFLATED)
        level = chosen;

    /* Deflate the part here unless it is stored, encrypted or raw
     * already, or another part is still open. */
    ours = method == Z_DEFLATED && level != 0 && !raw && !password &&
           windowBits == -MAX_WBITS && !current.zip &&
           begin(&current, file, level);
    status = real(file, filename, zipfi, extrafield_local,
                  size_extrafield_local, extrafield_global,
                  size_extrafield_global, comment, method, level,
                  ours ? 1 : raw, windowBits, memLevel, strategy, password,
                  crcForCrypting, versionMadeBy, flagBase, zip64);
    if (ours && status != ZIP_STATUS_OK)
        release(&current);
    return status;
}

int
zipWriteInFileInZip(void *file, const void *buf, unsigned len)
{
    static zip_write_fn real;
    const unsigned char *at = buf;
    packer *p = &current;

    if (file && file == p->failed_zip)
        return ZIP_STATUS_INTERNAL;
    if (!file || file != p->zip) {
        if (!real)
            *(void **)&real = real_function("zipWriteInFileInZip");
        return real ? real(file, buf, len) : ZIP_STATUS_ERRNO;
    }
    while (len > 0) {
        block *b = &p->blocks[p->filled % p->nblocks];
        size_t room = BLOCK_SIZE - b->in_len;
        size_t n = len < room ? len : room;
        int status;

        memcpy(b->in + b->in_len, at, n);
        b->in_len += n;
        at += n;
        len -= (unsigned)n;
        if (b->in_len < BLOCK_SIZE)
            continue;
        status = submit(p, false);
        if (status != ZIP_STATUS_OK) {
            /* libxlsxwriter gives up on the workbook after a failed
             * write, and may not close the part. */
            release(p);
            p->failed_zip = file;
            return status;
        }
    }
    return ZIP_STATUS_OK;
}

int
zipCloseFileInZip(void *file)
{
    static zip_close_fn real;
    static zip_close_raw_fn real_raw;
    packer *p = &current;
    int status;

    if (!file || (file != p->zip && file != p->failed_zip)) {
        if (!real)
            *(void **)&real = real_function("zipCloseFileInZip");
        return real ? real(file) : ZIP_STATUS_ERRNO;
    }
    if (file == p->failed_zip) {
        p->failed_zip = NULL;
        status = ZIP_STATUS_INTERNAL;
    } else {
        status = submit(p, true);
    }
    while (status == ZIP_STATUS_OK && p->written < p->filled)
        status = write_oldest(p);
    if (!real_raw)
        *(void **)&real_raw = real_function("zipCloseFileInZipRaw64");
    if (status == ZIP_STATUS_OK && !real_raw)
        status = ZIP_STATUS_ERRNO;
    /* Close the part even after a failure, so that minizip does not
     * count the next part's data in it. */
    if (real_raw) {
        int closed = real_raw(file, p->size, p->crc);

        if (status == ZIP_STATUS_OK)
            status = closed;
    }
    release(p);
    return status;
}
