/* `vigie guide advisories import --fetch`: the only network access in
 * Vigie, asked for by the user, never automatic. HTTPS only, certificates
 * and host names checked by libcurl with the system's CA store (or the
 * PEM file the user names with --ca), no
 * redirect to another protocol, bounded in size and time. */
#include "util/curl_lazy.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vigie/advisory.h>
#include <vigie/error.h>

#include "util/i18n.h"

typedef struct {
    char *buf;
    size_t len, cap;
    int too_big;
} sink;

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *user)
{
    sink *k = user;
    size_t n = size * nmemb;
    if (k->len + n > VG_ADVISORY_MAX_BYTES) {
        k->too_big = 1;
        return 0; /* abort the transfer */
    }
    if (k->len + n + 1 > k->cap) {
        size_t nc = k->cap ? k->cap : 65536;
        char *nb;
        while (nc < k->len + n + 1)
            nc *= 2;
        if (!(nb = realloc(k->buf, nc)))
            return 0;
        k->buf = nb;
        k->cap = nc;
    }
    memcpy(k->buf + k->len, ptr, n);
    k->len += n;
    k->buf[k->len] = '\0';
    return n;
}

int vg_advisory_fetch(const char *url, char **out, size_t *len)
{
    return vg_advisory_fetch_ca(url, NULL, out, len);
}

int vg_advisory_fetch_ca(const char *url, const char *ca_file, char **out, size_t *len)
{
    CURL *c;
    CURLcode cc;
    long status = 0;
    sink k = {0};
    int rc = VG_OK;
    *out = NULL;
    *len = 0;
    if (strncmp(url, "https://", 8))
        return vg_error_set(VG_EINVALID, _("%s: only https:// addresses are fetched"), url);
    if (ca_file && access(ca_file, R_OK))
        return vg_error_set(VG_ENOTFOUND, _("%s: cannot read the certificate authorities file"),
                            ca_file);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(c = curl_easy_init()))
        return vg_error_set(VG_ERROR, "%s", _("cannot start libcurl"));
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (ca_file) {
        curl_easy_setopt(c, CURLOPT_CAINFO, ca_file);
        curl_easy_setopt(c, CURLOPT_CAPATH, NULL);
    }
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)VG_ADVISORY_MAX_BYTES);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "vigie (travel advisory open data)");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &k);
    cc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    if (cc == CURLE_COULDNT_RESOLVE_HOST || cc == CURLE_COULDNT_CONNECT ||
        cc == CURLE_COULDNT_RESOLVE_PROXY || cc == CURLE_OPERATION_TIMEDOUT)
        rc = vg_error_set(VG_EUNSUPPORTED, _("%s cannot be reached (%s): offline?"), url,
                          curl_easy_strerror(cc));
    else if (k.too_big || cc == CURLE_FILESIZE_EXCEEDED)
        rc = vg_error_set(VG_EINVALID, _("%s: larger than %d MiB: refused"), url,
                          VG_ADVISORY_MAX_BYTES / (1024 * 1024));
    else if (cc != CURLE_OK)
        rc = vg_error_set(VG_ERROR, _("%s: %s"), url, curl_easy_strerror(cc));
    else if (status != 200)
        rc = vg_error_set(VG_ERROR, _("%s: the server answered %ld"), url, status);
    if (rc != VG_OK) {
        free(k.buf);
        return rc;
    }
    *out = k.buf;
    *len = k.len;
    return VG_OK;
}
