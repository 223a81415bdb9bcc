#pragma once
// cc:Mail dates are local wall-clock times without a zone; the user says which IANA zone the
// post office clock ran in, and ICU gives the UTC offset in force at that moment (daylight
// saving included).
#include <cstdint>
#include <optional>
#include <string>

#include "parsers/ccm/message.hpp"

namespace ccsalvage::mime {

// Days since 1970-01-01 in the proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

// The offset from UTC, in seconds, of a wall-clock time in an IANA zone; nullopt when ICU does
// not know the zone.
std::optional<int> zone_offset_seconds(const std::string& zone_name, const ccm::Date& date);

// "Tue, 02 Jun 1998 08:39:00 +0200" (RFC 5322 section 3.3): the wall-clock time of `date` with
// the zone offset; nullopt when a field is out of range (years 1 to 9999).
std::optional<std::string> rfc5322_date(const ccm::Date& date, int offset_seconds);

struct ZonedDate {
    std::int64_t utc_seconds = 0;  // since the epoch
    int offset_seconds = 0;        // of the zone at that moment
    bool zone_known = true;        // false: the zone was unknown and UTC was used
};

// A valid date placed in the zone (UTC with zone_known=false for an unknown zone); nullopt for
// an invalid date.
std::optional<ZonedDate> place_in_zone(const ccm::Date& date, const std::string& zone_name);

}  // namespace ccsalvage::mime
