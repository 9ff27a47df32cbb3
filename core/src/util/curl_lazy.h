/* Private: libcurl loaded on first use (issue 16).
 *
 * Linked, libcurl brings some thirty shared objects (GnuTLS, Kerberos,
 * LDAP, SSH, nghttp2...) that the dynamic linker maps and relocates at the
 * start of every command, while only the watch's e-mail and the advisories'
 * download use it. Its modules include this header instead of
 * <curl/curl.h>: the few functions they call go through a table filled by
 * dlopen("libcurl.so.4") the first time one is needed. A call before the
 * library could be loaded fails as libcurl itself would (NULL handle,
 * CURLE_FAILED_INIT) and vg_curl_error() says why. */
#ifndef VG_CURL_LAZY_H
#define VG_CURL_LAZY_H

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

typedef struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *h, CURLoption o, ...);
    CURLcode (*easy_perform)(CURL *h);
    CURLcode (*easy_getinfo)(CURL *h, CURLINFO i, ...);
    void (*easy_cleanup)(CURL *h);
    const char *(*easy_strerror)(CURLcode c);
    struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
    void (*slist_free_all)(struct curl_slist *l);
} vg_curl_api;

extern vg_curl_api vg_curl;
/* 1 once libcurl is loaded (loading it if needed), else 0. */
int vg_curl_ready(void);
/* Why it could not be loaded ("" if it was). */
const char *vg_curl_error(void);

#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init(f)       (vg_curl_ready() ? vg_curl.global_init(f) : CURLE_FAILED_INIT)
#define curl_easy_init()          (vg_curl_ready() ? vg_curl.easy_init() : NULL)
#define curl_easy_setopt(h, ...)  vg_curl.easy_setopt(h, __VA_ARGS__)
#define curl_easy_perform(h)      vg_curl.easy_perform(h)
#define curl_easy_getinfo(h, ...) vg_curl.easy_getinfo(h, __VA_ARGS__)
#define curl_easy_cleanup(h)      ((h) ? vg_curl.easy_cleanup(h) : (void)0)
#define curl_easy_strerror(c)     (vg_curl_ready() ? vg_curl.easy_strerror(c) : vg_curl_error())
#define curl_slist_append(l, s)   (vg_curl_ready() ? vg_curl.slist_append(l, s) : NULL)
#define curl_slist_free_all(l)    ((l) ? vg_curl.slist_free_all(l) : (void)0)

#endif
