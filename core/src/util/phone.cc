// The libphonenumber shim: the only C++ in Vigie. No exception crosses into
// C: every entry point catches everything and returns a status code.
//
// Vigie's written form: libphonenumber's INTERNATIONAL format, with its
// dashes turned into spaces and a 7- or 8-digit block split as 3+4 or 4+4,
// so that every number reads in short groups ("+57 601 6579800" becomes
// "+57 601 657 9800", "+1 418-555-0102" becomes "+1 418 555 0102").
#include <phonenumbers/phonenumberutil.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>

extern "C" {
#include <vigie/error.h>
}
#include "util/phone.h"
#include "util/i18n.h"

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

int normalise(const char *in, const char *alt_region, char **out)
{
    const PhoneNumberUtil &u = *PhoneNumberUtil::GetInstance();
    std::string text = international_prefix(in);
    Try nanp, alt;
    const Try *pick = nullptr;

    if (text.size() > 64)
        return vg_error_set(VG_EINVALID, _("\"%.20s...\" is too long for a phone number"), in);
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

extern "C" int vg_phone_normalise(const char *in, const char *alt_region, char **out)
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
