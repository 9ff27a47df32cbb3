/* Private: the phone number module's interface (util/phone_load.c loads
 * util/phone.cc, built as vigie_phone.so, on the first phone number).
 *
 * libphonenumber drags ICU, protobuf, abseil and libstdc++ in: 7 ms of CPU
 * and 6 MiB mapped at the start of every command when linked (issue 16).
 * Only the commands that read a phone number pay for them now. The module
 * calls back into the program's error functions through vg_phone_host, so
 * that it needs no symbol from the executable. */
#ifndef VG_PHONE_MODULE_H
#define VG_PHONE_MODULE_H

#ifdef __cplusplus
extern "C" {
#endif

#define VG_PHONE_ABI 1

typedef struct {
    int (*error_set)(int code, const char *fmt, ...);
    int (*error_oom)(void);
    const char *(*error_last)(void);
} vg_phone_host;

/* The module's three entry points (dlsym names in quotes). */
typedef int (*vg_phone_init_fn)(const vg_phone_host *host, int abi); /* "vg_phone_module_init" */
typedef int (*vg_phone_fn)(const char *in, const char *region, char **out);
/* "vg_phone_module_normalise", "vg_phone_module_short": as vg_phone_normalise
 * and vg_phone_short (util/phone.h). Declared for the module itself. */
int vg_phone_module_init(const vg_phone_host *host, int abi);
int vg_phone_module_normalise(const char *in, const char *alt_region, char **out);
int vg_phone_module_short(const char *in, const char *region, char **out);

#ifdef __cplusplus
}
#endif
#endif
