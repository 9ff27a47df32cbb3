/* Private: what core modules that own tables need from the store. */
#ifndef VG_STORE_INTERNAL_H
#define VG_STORE_INTERNAL_H

#include <sqlcipher/sqlite3.h>
#include <stddef.h>
#include <vigie/store.h>

#include "crypto/keyfile.h"

#define VG_STMT_CACHE 48

struct vg_store {
    char *dir;
    char *db_path;
    char *keys_path;
    sqlite3 *db;
    vg_keyfile *kf;
    vg_secret *key;     /* the data key: SQLCipher's */
    vg_secret *content; /* the content key (see vg_store_content_key) */
    int from_cache;
    int in_tx;
    uint32_t slot;   /* the slot that opened it (0: from the cache) */
    int keys_locked; /* this process holds the key-change lock */
    int restoring;   /* opened by restore in its temporary folder */
    /* Prepared statements kept for the life of the handle (vg_sql_cached),
     * keyed by the address of their constant SQL text. */
    struct {
        const char *sql;
        sqlite3_stmt *stmt;
    } cache[VG_STMT_CACHE];
    /* The audit chain's head while a transaction of vg_store_begin is open:
     * the entry vg_audit_append wrote last (seq, hash), so that the next one
     * does not read it back. Forgotten at begin, commit and rollback. */
    int audit_head_ok;
    int64_t audit_seq;
    unsigned char audit_hash[32];
    /* One module's cache for the transaction of vg_store_begin (what
     * checkin/episode.c knows of the participants it wrote: the episode
     * check of a check-in without its five reads). Dropped, with its free
     * function, at begin, commit, rollback and close. */
    void *tx_cache;
    void (*tx_cache_free)(void *);
};

/* A module's schema: numbered migrations, each run once in its own
 * transaction, and the tables `vigie status` counts. */
typedef struct {
    int version; /* 1, 2, 3... in order */
    const char *sql;
} vg_migration;

typedef struct {
    const char *module;
    const vg_migration *steps;
    size_t count;
    const char *const *tables; /* NULL-terminated, or NULL */
} vg_schema_module;

/* A table whose number of rows a module keeps in the same transaction as
 * its writes (triggers): `vigie status` reads `sql` instead of count(*),
 * `vigie check` compares the two. Registered in store/schema.c. */
typedef struct {
    const char *table;
    const char *sql;
} vg_kept_count;

/* The registry, in store/schema.c: modules run in its order. */
extern const vg_schema_module *const vg_schema_modules[];

sqlite3 *vg_store_db(vg_store *st);
/* Forget st->tx_cache (see above). */
void vg_store_tx_cache_drop(vg_store *st);
/* The one raw-key database open: key from guarded memory, cipher_page_size,
 * PRAGMA cipher_version checked (plain SQLite would write plaintext). */
int vg_sql_open_keyed(sqlite3 **out, const char *path, const vg_secret *key, int flags);
/* The key file and data key, for core modules only (never in a public header). */
vg_keyfile *vg_store_keyfile(const vg_store *st);
const vg_secret *vg_store_data_key(const vg_store *st);
/* The key that seals inside the database derive their subkeys from: the
 * store's first data key, which `vigie rekey` keeps (sealed in the key file
 * under the current data key) so that those seals stay readable. */
const vg_secret *vg_store_content_key(vg_store *st);
/* VG_OK if `pass` opens a passphrase slot of this store (for reveals that
 * ask for the passphrase again), VG_EAUTH if not. */
int vg_store_verify_passphrase(vg_store *st, const vg_secret *pass);
/* Write the key file (atomic) and read it back. */
int vg_store_save_keyfile(vg_store *st);
/* lifecycle.c: the key-change lock (flock on the store folder) and the
 * key file read again under it, its MAC checked with the store's key. */
int vg_store_lock_keys(const char *dir, int *fd_out);
void vg_store_unlock_keys(int fd);
int vg_store_reload_keys(vg_store *st);
/* anchor.c: the rollback anchor. _set puts the newest audit entry into the
 * in-memory key file; _update does it after a COMMIT and writes the key
 * file (under the key-change lock, read again first); _check compares at
 * every open (VG_EINTEGRITY if the database is older than the anchor). */
void vg_store_anchor_set(vg_store *st);
void vg_store_anchor_update(vg_store *st);
int vg_store_anchor_check(vg_store *st);
/* What this OS account last saw of the store in its folder (outside the
 * store): _check refuses a store older than that, _update moves it forward,
 * _newest gives the newest seen of this store id in any folder (1 if any). */
int vg_store_seen_check(vg_store *st);
void vg_store_seen_update(vg_store *st);
int vg_store_seen_newest(vg_store *st, int64_t *seq, int64_t *at);
/* Record the store's newest entry as seen in folder `dir`, even if older
 * (after a restore the user asked for). */
void vg_store_seen_accept(vg_store *st, const char *dir);
/* vg_store_open for restore's temporary folder (no account state). */
int vg_store_open_internal(vg_store **out, const char *dir, const vg_unlock_opts *opts,
                           int restoring);
/* The newest audit entry (1), none (0), or an error (<0). */
int vg_store_audit_head(vg_store *st, int64_t *seq, int64_t *at);
/* lifecycle.c: finishing a rekey that a kill interrupted. */
int vg_store_rekey_resume(vg_store *st, const vg_secret *prev);
void vg_store_rekey_tidy(vg_store *st);
/* Turn an SQLite failure into a status code and message; SQLITE_CORRUPT and
 * SQLITE_NOTADB become VG_EINTEGRITY. */
int vg_sql_fail(vg_store *st, int sqlite_rc, const char *what);
int vg_sql_exec(vg_store *st, const char *sql);
int vg_sql_prepare(vg_store *st, sqlite3_stmt **out, const char *sql);
/* A statement prepared once per store handle and reused: `sql` must be a
 * string constant (the cache is keyed by its address). The statement comes
 * back reset with its bindings cleared; give it back with vg_sql_release
 * (never sqlite3_finalize), which resets it so that it holds no lock. When
 * the cache is full, a fresh statement is prepared and vg_sql_release
 * finalizes it. */
int vg_sql_cached(vg_store *st, sqlite3_stmt **out, const char *sql);
void vg_sql_release(vg_store *st, sqlite3_stmt *s);
/* Bind text that may be NULL. */
int vg_sql_bind_text(sqlite3_stmt *s, int i, const char *text);
/* A copy of column `i` of the current row (malloc'd), or NULL for SQL NULL
 * or when memory runs out. */
char *vg_sql_col_dup(sqlite3_stmt *s, int i);
/* Step a statement that returns no row: VG_OK on SQLITE_DONE, else the
 * failure named `what`. */
int vg_sql_step_done(vg_store *st, sqlite3_stmt *s, const char *what);
/* Step `s` to its end, collecting one element of `size` bytes per row in a
 * growing array: each element zeroed, then filled by read(s, elem, ud)
 * (VG_OK, or an error that stops the walk). *out and *n start NULL and 0;
 * on any return they hold every element begun, for the caller to free.
 * `what` names the table in an SQL error. */
typedef int (*vg_sql_row_fn)(sqlite3_stmt *s, void *elem, void *ud);
int vg_sql_rows(vg_store *st, sqlite3_stmt *s, size_t size, void **out, size_t *n,
                vg_sql_row_fn read, void *ud, const char *what);
/* VG_EINTEGRITY when a kept count (vg_schema_module) differs from count(*). */
int vg_schema_check_counts(vg_store *st);
/* Run migrations of every registered module. */
int vg_schema_migrate(vg_store *st);
/* The OS user that runs vigie, for the audit log. */
const char *vg_actor(void);

#endif
