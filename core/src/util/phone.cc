// The libphonenumber shim: the only C++ in Vigie. No exception crosses into
// C: every entry point catches everything and returns a status code.
//
// Vigie's written form: libphonenumber's INTERNATIONAL format, with its
// dashes turned into spaces and a 7- or 8-digit block split as 3+4 or 4+4,
// so that every number reads in short groups ("+57 601 6579800" becomes
// "+57 601 657 9800", "+1 418-555-0102" becomes "+1 418 555 0102").
#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/shortnumberinfo.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>

extern "C" {
#include <vigie/error.h>
}
#include "util/i18n.h"
#include "util/phone_module.h"

// Built as the module vigie_phone.so (util/phone_module.h): the program's
// error functions come through the host table given at load time.
namespace
{
vg_phone_host host;
}
#define vg_error_set    host.error_set
#define vg_error_oom    host.error_oom
#define vg_error_last   host.error_last
#define VG_PHONE_EXPORT extern "C" __attribute__((visibility("default")))

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace
{

// An adjective for the messages, for the countries delegations go to and
// come from; other countries are named by their calling code.
const char *country_adjective(int cc, const std::string &region)
{
    if (cc == 1)
        return _("North American");
    if (region == "CO")
        return _("Colombian");
    if (region == "HT")
        return _("Haitian");
    if (region == "MX")
        return _("Mexican");
    if (region == "FR")
        return _("French");
    return nullptr;
}

std::string describe(int cc, const std::string &region)
{
    const char *adj = country_adjective(cc, region);
    if (adj)
        return adj;
    char buf[48];
    std::snprintf(buf, sizeof buf, "+%d", cc);
    return buf;
}

std::string vigie_format(const PhoneNumberUtil &u, const PhoneNumber &n)
{
    std::string f, out, block;
    u.Format(n, PhoneNumberUtil::INTERNATIONAL, &f);
    // Split into blocks of digits (or "+digits", or an extension word).
    auto flush = [&]() {
        if (block.empty())
            return;
        size_t digits =
            block.find_first_not_of("0123456789") == std::string::npos ? block.size() : 0;
        if (!out.empty())
            out += ' ';
        if (digits == 7)
            out += block.substr(0, 3) + " " + block.substr(3);
        else if (digits == 8)
            out += block.substr(0, 4) + " " + block.substr(4);
        else
            out += block;
        block.clear();
    };
    for (char c : f) {
        if (c == ' ' || c == '-')
            flush();
        else
            block += c;
    }
    flush();
    return out;
}

bool has_country_code(const std::string &in)
{
    for (char c : in) {
        if (c == '+')
            return true;
        if (c >= '0' && c <= '9')
            return false;
    }
    return false;
}

// "00 57 ..." is how most of the world dials abroad; North America's own
// prefix 011 is understood by libphonenumber for region "US".
std::string international_prefix(const std::string &in)
{
    size_t i = in.find_first_not_of(" \t(");
    if (i != std::string::npos && in.compare(i, 2, "00") == 0)
        return "+" + in.substr(i + 2);
    return in;
}

size_t digits(const std::string &s)
{
    size_t n = 0;
    for (char c : s)
        n += c >= '0' && c <= '9';
    return n;
}

struct Try {
    bool parsed = false, valid = false;
    PhoneNumber n;
    PhoneNumberUtil::ValidationResult why = PhoneNumberUtil::IS_POSSIBLE;
};

// IsValidNumber first finds the number's region by trying every region
// of its country code (some twenty for +1), each with ICU regular
// expressions: the bulk of an import's time. Canada and the main region of
// the code are tried first, which settles almost every number Vigie sees.
bool valid_number(const PhoneNumberUtil &u, const PhoneNumber &n)
{
    std::string main;
    if (n.country_code() == 1 && u.IsValidNumberForRegion(n, "CA"))
        return true;
    u.GetRegionCodeForCountryCode(n.country_code(), &main);
    if (!main.empty() && main != "ZZ" && main != "001" && u.IsValidNumberForRegion(n, main))
        return true;
    return u.IsValidNumber(n);
}

Try attempt(const PhoneNumberUtil &u, const std::string &text, const char *region)
{
    Try t;
    if (u.Parse(text, region, &t.n) != PhoneNumberUtil::NO_PARSING_ERROR)
        return t;
    t.parsed = true;
    t.why = u.IsPossibleNumberWithReason(t.n);
    t.valid = t.why == PhoneNumberUtil::IS_POSSIBLE && valid_number(u, t.n);
    return t;
}

int refuse(const PhoneNumberUtil &u, const char *in, const Try &t)
{
    std::string region;
    u.GetRegionCodeForNumber(t.n, &region);
    if (region.empty() || region == "ZZ")
        u.GetRegionCodeForCountryCode(t.n.country_code(), &region);
    std::string who = describe(t.n.country_code(), region);
    switch (t.why) {
    case PhoneNumberUtil::TOO_SHORT:
    case PhoneNumberUtil::INVALID_LENGTH:
        if (t.why == PhoneNumberUtil::TOO_SHORT)
            return vg_error_set(VG_EINVALID, _("\"%s\" is too short for a %s number"), in,
                                who.c_str());
        return vg_error_set(VG_EINVALID, _("\"%s\" has the wrong length for a %s number"), in,
                            who.c_str());
    case PhoneNumberUtil::TOO_LONG:
        return vg_error_set(VG_EINVALID, _("\"%s\" is too long for a %s number"), in, who.c_str());
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
        return vg_error_set(VG_EINVALID, _("\"%s\" has an unknown country code"), in);
    default:
        return vg_error_set(VG_EINVALID, _("\"%s\" is not a valid %s number"), in, who.c_str());
    }
}

// The North-American fast path (issue 16: most numbers an import meets):
// only digits and the usual separators, "+1"/"1" or nothing before ten
// digits shaped as an area code and an exchange (both [2-9]XX). The number
// is built directly instead of through Parse, checked with the same
// valid_number, and written "+1 NPA NXX XXXX" as vigie_format writes it.
// Everything else (letters, extensions, other codes, a number that another
// region could claim, an invalid one and its message) takes the general path.
bool nanp_fast(const PhoneNumberUtil &u, const std::string &text, bool any_region, std::string *out)
{
    char d[16];
    size_t n = 0;
    bool plus = false;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            if (n == sizeof d)
                return false;
            d[n++] = c;
        } else if (c == '+' && n == 0 && !plus) {
            plus = true;
        } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
            return false;
        }
    }
    const char *ten = d;
    if (n == 11 && d[0] == '1')
        ten = d + 1;
    else if (n != 10 || plus)
        return false;
    if (!plus && !any_region)
        return false; // another region could read it: the general path decides
    if (ten[0] < '2' || ten[3] < '2')
        return false;
    PhoneNumber num;
    uint64_t national = 0;
    for (int i = 0; i < 10; i++)
        national = national * 10 + (uint64_t)(ten[i] - '0');
    num.set_country_code(1);
    num.set_national_number(national);
    if (!valid_number(u, num))
        return false;
    *out =
        "+1 " + std::string(ten, 3) + " " + std::string(ten + 3, 3) + " " + std::string(ten + 6, 4);
    return true;
}

int normalise(const char *in, const char *alt_region, char **out)
{
    const PhoneNumberUtil &u = *PhoneNumberUtil::GetInstance();
    std::string text = international_prefix(in);
    Try nanp, alt;
    const Try *pick = nullptr;
    std::string fast;

    if (text.size() > 64)
        return vg_error_set(VG_EINVALID, _("\"%.20s...\" is too long for a phone number"), in);
    if (nanp_fast(u, text,
                  !alt_region || !*alt_region || !std::strcmp(alt_region, "US") ||
                      !std::strcmp(alt_region, "CA"),
                  &fast)) {
        *out = static_cast<char *>(std::malloc(fast.size() + 1));
        if (!*out)
            return vg_error_oom();
        std::memcpy(*out, fast.c_str(), fast.size() + 1);
        return VG_OK;
    }
    if (has_country_code(text)) {
        nanp = attempt(u, text, "ZZ");
        if (!nanp.parsed)
            return vg_error_set(VG_EINVALID, _("\"%s\" is not a phone number"), in);
        if (!nanp.valid)
            return refuse(u, in, nanp);
        pick = &nanp;
    } else {
        nanp = attempt(u, text, "US");
        if (alt_region && *alt_region && std::strcmp(alt_region, "US") &&
            std::strcmp(alt_region, "CA")) {
            alt = attempt(u, text, alt_region);
            if (alt.valid && alt.n.country_code() == 1)
                alt.valid = false; // a NANP territory: same as the default
        }
        if (!nanp.parsed && !alt.parsed)
            return vg_error_set(VG_EINVALID, _("\"%s\" is not a phone number"), in);
        if (nanp.valid && alt.valid) {
            std::string who = describe(alt.n.country_code(), alt_region);
            return vg_error_set(VG_EINVALID,
                                _("\"%s\" has no country code and could be North American or %s: "
                                  "write it with +1 or +%d"),
                                in, who.c_str(), alt.n.country_code());
        }
        if (nanp.valid)
            pick = &nanp;
        else if (alt.valid)
            pick = &alt;
        else if (nanp.parsed && nanp.why != PhoneNumberUtil::IS_POSSIBLE &&
                 (nanp.why != PhoneNumberUtil::TOO_SHORT || digits(text) >= 7))
            return vg_error_set(VG_EINVALID,
                                _("\"%s\" has no country code and cannot be a North American "
                                  "number: write it with its country code (+57, +509, +52...)"),
                                in);
        else
            return refuse(u, in, nanp.parsed ? nanp : alt);
    }
    std::string f = vigie_format(u, pick->n);
    *out = static_cast<char *>(std::malloc(f.size() + 1));
    if (!*out)
        return vg_error_oom();
    std::memcpy(*out, f.c_str(), f.size() + 1);
    return VG_OK;
}

// Answers already given in this process, by region and text: an import
// meets the same assistance and next-of-kin numbers many times, and each
// libphonenumber answer costs some tens of microseconds of regular
// expressions. Bounded; the messages are in the language of the process.
struct Memo {
    int rc;
    std::string text; // the normal form, or the error message
};
std::unordered_map<std::string, Memo> memo;
const size_t memo_max = 4096;

} // namespace

VG_PHONE_EXPORT int vg_phone_module_init(const vg_phone_host *h, int abi)
{
    if (abi != VG_PHONE_ABI || !h || !h->error_set || !h->error_oom || !h->error_last)
        return -1;
    host = *h;
    return 0;
}

VG_PHONE_EXPORT int vg_phone_module_normalise(const char *in, const char *alt_region, char **out)
{
    *out = nullptr;
    try {
        std::string key = std::string(alt_region ? alt_region : "") + '\x1f' + in;
        auto hit = memo.find(key);
        int rc;
        if (hit != memo.end()) {
            if (hit->second.rc != VG_OK)
                return vg_error_set(hit->second.rc, "%s", hit->second.text.c_str());
            *out = static_cast<char *>(std::malloc(hit->second.text.size() + 1));
            if (!*out)
                return vg_error_oom();
            std::memcpy(*out, hit->second.text.c_str(), hit->second.text.size() + 1);
            return VG_OK;
        }
        rc = normalise(in, alt_region, out);
        if (rc == VG_OK || rc == VG_EINVALID) {
            if (memo.size() >= memo_max)
                memo.clear();
            memo.emplace(std::move(key), Memo{rc, rc == VG_OK ? *out : vg_error_last()});
        }
        return rc;
    } catch (...) {
        std::free(*out);
        *out = nullptr;
        return vg_error_set(VG_ERROR, _("\"%s\": the phone number library failed"), in);
    }
}

VG_PHONE_EXPORT int vg_phone_module_short(const char *in, const char *region, char **out)
{
    *out = nullptr;
    try {
        using i18n::phonenumbers::PhoneNumber;
        using i18n::phonenumbers::PhoneNumberUtil;
        using i18n::phonenumbers::ShortNumberInfo;
        const PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
        std::string digits, cc;
        bool plus = false;
        if (!region || std::strlen(region) != 2 || std::strlen(in) > 40)
            return vg_error_set(VG_EINVALID, _("\"%s\" is not a short number"), in);
        for (const char *p = in; *p; p++) {
            if (*p >= '0' && *p <= '9')
                digits += *p;
            else if (*p == '+' && digits.empty() && !plus)
                plus = true;
            else if (*p != ' ' && *p != '-' && *p != '.')
                return vg_error_set(VG_EINVALID, _("\"%s\" is not a short number"), in);
        }
        /* "+57 123": the country's code before a short number */
        cc = std::to_string(u->GetCountryCodeForRegion(region));
        if (plus) {
            if (digits.compare(0, cc.size(), cc) != 0)
                return vg_error_set(VG_EINVALID, _("\"%s\" is not a short number of %s"), in,
                                    region);
            digits.erase(0, cc.size());
        }
        if (digits.empty() || digits.size() > 6)
            return vg_error_set(VG_EINVALID, _("\"%s\" is not a short number of %s"), in, region);
        ShortNumberInfo info;
        PhoneNumber n;
        bool ok = info.IsEmergencyNumber(digits, region);
        if (!ok && u->Parse(digits, region, &n) == PhoneNumberUtil::NO_PARSING_ERROR)
            ok = info.IsValidShortNumberForRegion(n, region);
        if (!ok)
            return vg_error_set(VG_EINVALID, _("\"%s\" is not a short number of %s"), in, region);
        *out = static_cast<char *>(std::malloc(digits.size() + 1));
        if (!*out)
            return vg_error_oom();
        std::memcpy(*out, digits.c_str(), digits.size() + 1);
        return VG_OK;
    } catch (...) {
        return vg_error_oom();
    }
}
