/* vigie/ready.h: "are we ready to leave?" — the pre-departure checklist.
 *
 * The checklist is data: templates/readiness.yaml (format vigie-readiness/1,
 * described in the file's header) lists items in order, each with an `id`,
 * French and English labels and parameters. Each id names a check function
 * in the registry (core/src/ready/registry.c, private: see
 * core/src/ready/ready_check.h for how a module adds its checks). A
 * template item whose id has no check is refused when the template is
 * loaded. */
#ifndef VIGIE_READY_H
#define VIGIE_READY_H

#include <stddef.h>
#include <vigie/contact.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/store.h>

typedef struct {
    char *key;
    char *value;
} vg_ready_param;

typedef struct {
    char *id;       /* "passport_valid": the check's name in the registry */
    char *label_fr; /* may hold {param} placeholders: "{months}" */
    char *label_en;
    vg_ready_param *params;
    size_t nparams;
    int line; /* where the item starts in the template */
} vg_ready_item;

typedef struct {
    vg_ready_item *items;
    size_t n;
} vg_ready_template;

/* Load and validate a template (at most 256 KiB, 100 items). VG_EINVALID
 * with "file:line: message" for a bad file, an unknown key, an id with no
 * check, a parameter the check does not take. */
int vg_ready_template_load(const char *path, vg_ready_template **out);
/* The same from bytes; `shown` names the file in messages. */
int vg_ready_template_parse(const unsigned char *buf, size_t len, const char *shown,
                            vg_ready_template **out);
void vg_ready_template_free(vg_ready_template *t);

typedef struct {
    char *name;   /* the participant's name, or the contact role */
    char *detail; /* what is missing: "expires 2026-05-01" */
} vg_ready_person;

/* One line of the checklist's answer. */
typedef struct {
    const vg_ready_item *item;
    char *label; /* in the asked language, placeholders filled */
    int passed;
    char *reason; /* one line in the user's language */
    vg_ready_person *people;
    size_t npeople;
} vg_ready_line;

/* Run every item of `t` for delegation `slug`, labels in `lang` ("fr" or
 * "en"). *ready is 1 when every line passed. Free with vg_ready_lines_free. */
int vg_ready_run(vg_store *st, const char *slug, const vg_ready_template *t, const char *lang,
                 const char *data_dir, vg_ready_line **out, size_t *n, int *ready);
void vg_ready_lines_free(vg_ready_line *lines, size_t n);

#endif
