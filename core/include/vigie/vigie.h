/* vigie/vigie.h: the library's entry point. Include the module headers you use. */
#ifndef VIGIE_VIGIE_H
#define VIGIE_VIGIE_H

#include <vigie/error.h>
#include <vigie/secret.h>

/* Initialise the library (libsodium, SQLCipher checks). Call once, first.
 * Fails if the linked SQLite has no encryption (a libsqlite3 mix-up). */
int vg_init(void);

/* "0.1.0" */
const char *vg_version(void);

/* Versions of the libraries actually linked, for `vigie --version`. */
const char *vg_version_libs(void);

/* Where the gettext catalogues are: the build tree's when running from it. */
const char *vg_localedir(const char *argv0);

#endif
