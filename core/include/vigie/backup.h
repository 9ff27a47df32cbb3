/* vigie/backup.h: one-file encrypted backups.
 *
 * A backup holds the key file and a consistent snapshot of the database (the
 * SQLite backup API), both still encrypted, and a BLAKE2b checksum. Layout at
 * the top of core/src/store/backup.c. */
#ifndef VIGIE_BACKUP_H
#define VIGIE_BACKUP_H

#include <stddef.h>
#include <vigie/store.h>

/* Write a backup of an open store to `path` (0600, atomic). VG_EEXISTS if the
 * file exists and `force` is 0. */
int vg_backup_write(vg_store *st, const char *path, int force);

/* Split a backup in memory into its parts after checking structure and
 * checksum (pointers into `buf`). VG_EINTEGRITY on any damage. */
int vg_backup_parse(const unsigned char *buf, size_t len, const unsigned char **keys,
                    size_t *keys_len, const unsigned char **db, size_t *db_len);

/* Restore `path` into `dir`, which must not hold a store. Everything is
 * verified (checksum, key file, unlock with the passphrase, MAC, integrity
 * check of the database) in a temporary folder before the folder is renamed
 * into place; nothing is left behind on failure. */
int vg_backup_restore(const char *path, const char *dir, const vg_unlock_opts *opts);

#endif
