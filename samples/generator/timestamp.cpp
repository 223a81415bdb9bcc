#include "timestamp.hpp"

#include <fmt/format.h>

namespace ccsalvage::generator {

namespace {

// Days since 1970-01-01 for a civil date, and back (H. Hinnant's algorithms, integer only).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& year, int& month, int& day) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int>(y + (m <= 2 ? 1 : 0));
    month = static_cast<int>(m);
    day = static_cast<int>(d);
}

const std::int64_t kEpochDays = days_from_civil(1997, 1, 1);

}  // namespace

Timestamp from_minutes(std::uint64_t minutes, int second) {
    Timestamp t;
    const auto days = static_cast<std::int64_t>(minutes / (24 * 60));
    const auto in_day = static_cast<int>(minutes % (24 * 60));
    civil_from_days(kEpochDays + days, t.year, t.month, t.day);
    t.hour = in_day / 60;
    t.minute = in_day % 60;
    t.second = second;
    return t;
}

std::uint64_t to_minutes(const Timestamp& t) {
    const std::int64_t days =
        days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day)) -
        kEpochDays;
    return static_cast<std::uint64_t>(days * 24 * 60 + t.hour * 60 + t.minute);
}

std::string ccm_date(const Timestamp& t) {
    return fmt::format("{}/{}/{:02} {}:{:02}", t.month, t.day, t.year % 100, t.hour, t.minute);
}

std::string file_stamp(const Timestamp& t) {
    const int hour12 = t.hour % 12 == 0 ? 12 : t.hour % 12;
    return fmt::format("{}/{}/{:02} {}:{:02}{}", t.month, t.day, t.year % 100, hour12, t.minute,
                       t.hour < 12 ? "AM" : "PM");
}

std::string iso_time(const Timestamp& t) {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", t.year, t.month, t.day, t.hour,
                       t.minute, t.second);
}

std::string nft_date(const Timestamp& t) {
    return fmt::format("{:02}-{:02}-{:02}", t.month, t.day, t.year % 100);
}

std::string nft_time(const Timestamp& t) {
    return fmt::format("{:02}:{:02}:{:02}", t.hour, t.minute, t.second);
}

}  // namespace ccsalvage::generator
