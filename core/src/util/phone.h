/* Private: phone numbers through libphonenumber (a C++ library; the shim is
 * util/phone.cc, compiled as C++, with a C interface). */
#ifndef VG_PHONE_H
#define VG_PHONE_H

#ifdef __cplusplus
extern "C" {
#endif

/* Normalise a phone number to Vigie's international form: "+" country code,
 * then the national number in groups separated by single spaces
 * ("+1 418 555 0102", "+57 601 657 9800", "+509 22 29 8000").
 *
 * A number written with its country code ("+57 ...", "0057 ...", "011 57
 * ...") is read as written. One without a country code is read as North
 * American (+1); when `alt_region` (ISO 3166 alpha-2, such as the
 * delegation's country) is given, it is tried too: a number valid in one of
 * the two is taken there, one valid in both is refused as ambiguous.
 * Only numbers valid for their country are accepted. *out is a new string.
 * VG_EINVALID with the reason ("\"+57 12\" is too short for a Colombian
 * number"). */
int vg_phone_normalise(const char *in, const char *alt_region, char **out);

#ifdef __cplusplus
}
#endif
#endif
