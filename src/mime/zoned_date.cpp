#include "mime/zoned_date.hpp"

#include <unicode/timezone.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <array>
#include <memory>
#include <string>
#include <unordered_map>

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

namespace {

// Building an ICU zone parses zone data (microseconds); every message of a run asks for the same
// one or two zones, so each thread keeps the zones it built. Bounded; null for unknown names.
const icu::TimeZone* cached_zone(const std::string& zone_name) {
    constexpr std::size_t kMaxZones = 64;
    thread_local std::unordered_map<std::string, std::unique_ptr<icu::TimeZone>> zones;
    if (const auto found = zones.find(zone_name); found != zones.end()) return found->second.get();
    if (zones.size() >= kMaxZones) zones.clear();
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
        icu::StringPiece(zone_name.data(), static_cast<int32_t>(zone_name.size())))));
    if (zone && *zone == icu::TimeZone::getUnknown()) zone.reset();
    return zones.emplace(zone_name, std::move(zone)).first->second.get();
}

void append_two_digits(std::string& out, int value) {
    out.push_back(static_cast<char>('0' + value / 10 % 10));
    out.push_back(static_cast<char>('0' + value % 10));
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

}  // namespace

std::optional<int> zone_offset_seconds(const std::string& zone_name, const ccm::Date& date) {
    const icu::TimeZone* zone = cached_zone(zone_name);
    if (zone == nullptr) return std::nullopt;
    const auto local_millis = static_cast<UDate>(wall_seconds(date) * 1000);
    int32_t raw = 0;
    int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    zone->getOffset(local_millis, true, raw, dst, status);
    if (U_FAILURE(status)) return std::nullopt;
    return (raw + dst) / 1000;
}

std::optional<std::string> rfc5322_date(const ccm::Date& date, int offset_seconds) {
    // The range GLib's GDateTime accepts (GMime formatted dates through it before).
    if (date.year < 1 || date.year > 9999 || date.month < 1 || date.month > 12 || date.day < 1 ||
        date.day > days_in_month(date.year, date.month) || date.hour < 0 || date.hour > 23 ||
        date.minute < 0 || date.minute > 59 || date.second < 0 || date.second > 59) {
        return std::nullopt;
    }
    static constexpr std::array<std::string_view, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed",
                                                                  "Thu", "Fri", "Sat"};
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::int64_t days = days_from_civil(date.year, static_cast<unsigned>(date.month),
                                              static_cast<unsigned>(date.day));
    const auto weekday = static_cast<std::size_t>(((days % 7) + 11) % 7);  // 1970-01-01: Thu
    std::string out;
    out.reserve(32);
    out += kWeekdays[weekday];
    out += ", ";
    append_two_digits(out, date.day);
    out += ' ';
    out += kMonths[static_cast<std::size_t>(date.month - 1)];
    out += ' ';
    append_two_digits(out, date.year / 100);
    append_two_digits(out, date.year % 100);
    out += ' ';
    append_two_digits(out, date.hour);
    out += ':';
    append_two_digits(out, date.minute);
    out += ':';
    append_two_digits(out, date.second);
    out += offset_seconds < 0 ? " -" : " +";
    const int minutes = (offset_seconds < 0 ? -offset_seconds : offset_seconds) / 60;
    append_two_digits(out, minutes / 60);
    append_two_digits(out, minutes % 60);
    return out;
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
