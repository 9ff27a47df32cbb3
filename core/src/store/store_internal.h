/* Private: what core modules that own tables need from the store. */
#ifndef VG_STORE_INTERNAL_H
#define VG_STORE_INTERNAL_H

#include <sqlcipher/sqlite3.h>
#include <stddef.h>
#include <vigie/store.h>

struct vg_store {
    char *dir;
    char *db_path;
    char *keys_path;
    sqlite3 *db;
    vg_keyfile *kf;
    vg_secret *key;
    int from_cache;
    int in_tx;
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

/* The registry, in store/schema.c: modules run in its order. */
extern const vg_schema_module *const vg_schema_modules[];

sqlite3 *vg_store_db(vg_store *st);
/* Turn an SQLite failure into a status code and message; SQLITE_CORRUPT and
 * SQLITE_NOTADB become VG_EINTEGRITY. */
int vg_sql_fail(vg_store *st, int sqlite_rc, const char *what);
int vg_sql_exec(vg_store *st, const char *sql);
int vg_sql_prepare(vg_store *st, sqlite3_stmt **out, const char *sql);
/* Bind text that may be NULL. */
int vg_sql_bind_text(sqlite3_stmt *s, int i, const char *text);
/* A copy of column `i` of the current row (malloc'd), or NULL for SQL NULL
 * or when memory runs out. */
char *vg_sql_col_dup(sqlite3_stmt *s, int i);
/* Step a statement that returns no row: VG_OK on SQLITE_DONE, else the
 * failure named `what`. */
int vg_sql_step_done(vg_store *st, sqlite3_stmt *s, const char *what);
/* Run migrations of every registered module. */
int vg_schema_migrate(vg_store *st);
/* The OS user that runs vigie, for the audit log. */
const char *vg_actor(void);

#endif
