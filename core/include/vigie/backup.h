/* vigie/backup.h: one-file encrypted backups.
 *
 * A backup holds the key file and a consistent snapshot of the database (the
 * SQLite backup API), both still encrypted, and a BLAKE2b checksum. Layout at
 * the top of core/src/store/backup.c. */
#ifndef VIGIE_BACKUP_H
#define VIGIE_BACKUP_H

#include <stddef.h>
#include <vigie/store.h>

/* Write a backup of an open store to `path` (0600, atomic), streaming the
 * still-encrypted database file under a read lock (constant memory, nothing
 * written in the store folder). VG_EEXISTS if the file exists and `force` is
 * 0. The backup is audited after it exists; *audited is 0 when the store is
 * read-only or the entry could not be written (the backup is still whole). */
int vg_backup_write(vg_store *st, const char *path, int force, int *audited);

/* Split a backup in memory into its parts after checking structure and
 * checksum (pointers into `buf`). VG_EINTEGRITY on any damage. */
int vg_backup_parse(const unsigned char *buf, size_t len, const unsigned char **keys,
                    size_t *keys_len, const unsigned char **db, size_t *db_len);

/* Restore `path` into `dir`, which must not hold a store. Everything is
 * verified (checksum, key file, unlock with the passphrase, MAC, integrity
 * check of the database) in a temporary folder before the folder is renamed
 * into place; nothing is left behind on failure. */
typedef struct {
    int64_t created;    /* when the backup was written */
    int64_t newest_seq; /* its newest audit entry */
    int64_t newest_at;
    int64_t seen_seq; /* the newest entry of this store this account has seen (0: none) */
    int64_t seen_at;
} vg_restore_info;
/* `info` (may be NULL) tells how old the backup is and, when this account has
 * seen a newer state of the same store (in any folder), how many audit
 * entries newer than the backup are forgotten: used codes, revocations and
 * key changes among them. The restored folder is recorded as seen at the
 * backup's state, so that it opens. */
int vg_backup_restore(const char *path, const char *dir, const vg_unlock_opts *opts,
                      vg_restore_info *info);

#endif
