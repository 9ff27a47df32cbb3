/* vigie/vigie.h: the library's entry point. Include the module headers you use. */
#ifndef VIGIE_VIGIE_H
#define VIGIE_VIGIE_H

#include <vigie/error.h>
#include <vigie/secret.h>

/* Initialise the library (libsodium, SQLCipher checks). Call once, first.
 * Fails if the linked SQLite has no encryption (a libsqlite3 mix-up). */
int vg_init(void);

/* Make the process non-dumpable and without core files. Call it on the
 * first line of main(), before any secret exists. VG_ERROR if either
 * setting failed (the other is still applied). */
int vg_harden_process(void);

/* The language of the person at the keyboard, "fr" (the default) or "en":
 * the language core picks a country guide in when it assembles text for
 * that person (whom to call, with the guide's numbers). The program sets
 * it once, beside its message catalogue; core never reads the environment
 * for it. Anything else than "en" sets "fr". */
void vg_set_lang(const char *lang);
const char *vg_lang(void);

/* "0.1.0" */
const char *vg_version(void);

/* Versions of the libraries actually linked, for `vigie --version`. */
const char *vg_version_libs(void);

/* Where the gettext catalogues are: the build tree's when running from it,
 * else PREFIX/share/locale beside PREFIX/bin/vigie, else the configured one. */
const char *vg_localedir(const char *argv0);

/* The installed data folder (templates, country guides): PREFIX/share/vigie
 * beside PREFIX/bin/vigie wherever the install put it, else the configured
 * one; NULL when neither exists (running from a build tree). */
const char *vg_installed_datadir(void);

#endif
