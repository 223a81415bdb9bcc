#include "mime/zoned_date.hpp"

#include <unicode/timezone.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <memory>

namespace ccsalvage::mime {

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
    // Howard Hinnant's algorithm.
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

namespace {

std::int64_t wall_seconds(const ccm::Date& date) {
    const std::int64_t days = days_from_civil(date.year, static_cast<unsigned>(date.month),
                                              static_cast<unsigned>(date.day));
    return ((days * 24 + date.hour) * 60 + date.minute) * 60 + date.second;
}

}  // namespace

std::optional<int> zone_offset_seconds(const std::string& zone_name, const ccm::Date& date) {
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
        icu::StringPiece(zone_name.data(), static_cast<int32_t>(zone_name.size())))));
    if (!zone || *zone == icu::TimeZone::getUnknown()) return std::nullopt;
    const auto local_millis = static_cast<UDate>(wall_seconds(date) * 1000);
    int32_t raw = 0;
    int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    zone->getOffset(local_millis, true, raw, dst, status);
    if (U_FAILURE(status)) return std::nullopt;
    return (raw + dst) / 1000;
}

std::optional<ZonedDate> place_in_zone(const ccm::Date& date, const std::string& zone_name) {
    if (!date.valid) return std::nullopt;
    ZonedDate out;
    const auto offset = zone_offset_seconds(zone_name, date);
    out.zone_known = offset.has_value();
    out.offset_seconds = offset.value_or(0);
    out.utc_seconds = wall_seconds(date) - out.offset_seconds;
    return out;
}

}  // namespace ccsalvage::mime
