#include "mime/zoned_date.hpp"

#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <string>

namespace ccsalvage::mime {
namespace {

ccm::Date date(int y, int mo, int d, int h, int mi) {
    ccm::Date out;
    out.valid = true;
    out.year = y;
    out.month = mo;
    out.day = d;
    out.hour = h;
    out.minute = mi;
    return out;
}

TEST(ZonedDate, DaylightSavingFollowsTheZone) {
    EXPECT_EQ(zone_offset_seconds("Europe/Berlin", date(1997, 1, 10, 12, 0)), 3600);
    EXPECT_EQ(zone_offset_seconds("Europe/Berlin", date(1997, 7, 10, 12, 0)), 7200);
    EXPECT_EQ(zone_offset_seconds("No/Such_Zone", date(1997, 7, 10, 12, 0)), std::nullopt);
}

TEST(ZonedDate, PlacesWallClockTimeInUtc) {
    const auto placed = place_in_zone(date(1997, 3, 20, 16, 11), "Europe/Berlin");
    ASSERT_TRUE(placed.has_value());
    EXPECT_EQ(placed->utc_seconds, 858870660);  // 15:11 UTC
    EXPECT_TRUE(placed->zone_known);
    ccm::Date invalid;
    EXPECT_FALSE(place_in_zone(invalid, "UTC").has_value());
    const auto unknown = place_in_zone(date(1997, 3, 20, 16, 11), "Mars/Olympus");
    ASSERT_TRUE(unknown.has_value());
    EXPECT_FALSE(unknown->zone_known);
}

// GMime formatted the Date header before (from a GLib date in a fixed-offset zone); the
// composer now writes it itself and must agree, weekday and offset included.
std::string gmime_date(const ccm::Date& d, int offset_seconds) {
    GTimeZone* zone = g_time_zone_new_offset(offset_seconds);
    GDateTime* when = g_date_time_new(zone, d.year, d.month, d.day, d.hour, d.minute, d.second);
    char* text = g_mime_utils_header_format_date(when);
    std::string out(text);
    g_free(text);
    g_date_time_unref(when);
    g_time_zone_unref(zone);
    return out;
}

TEST(ZonedDate, Rfc5322DatesAreWrittenAsGMimeWroteThem) {
    g_mime_init();
    for (int year : {1, 1899, 1969, 1970, 1980, 1997, 1998, 2000, 2037, 2100, 9999}) {
        for (int month = 1; month <= 12; ++month) {
            for (int day : {1, 15, 28}) {
                for (int offset : {0, 3600, 7200, -14400, -34200, 19800, 50400}) {
                    ccm::Date d = date(year, month, day, (day * 7) % 24, (month * 11) % 60);
                    d.second = day % 60;
                    ASSERT_EQ(rfc5322_date(d, offset), gmime_date(d, offset))
                        << year << "-" << month << "-" << day << " " << offset;
                }
            }
        }
    }
    EXPECT_EQ(rfc5322_date(date(1998, 6, 2, 8, 39), 7200), "Tue, 02 Jun 1998 08:39:00 +0200");
    EXPECT_EQ(rfc5322_date(date(2000, 2, 29, 23, 59), -18000), "Tue, 29 Feb 2000 23:59:00 -0500");
}

TEST(ZonedDate, Rfc5322DatesOutOfRangeAreRefused) {
    EXPECT_FALSE(rfc5322_date(date(0, 1, 1, 0, 0), 0).has_value());
    EXPECT_FALSE(rfc5322_date(date(10000, 1, 1, 0, 0), 0).has_value());
    EXPECT_FALSE(rfc5322_date(date(1999, 2, 29, 0, 0), 0).has_value());
    EXPECT_FALSE(rfc5322_date(date(1999, 13, 1, 0, 0), 0).has_value());
    EXPECT_FALSE(rfc5322_date(date(1999, 1, 1, 24, 0), 0).has_value());
    EXPECT_TRUE(rfc5322_date(date(2000, 2, 29, 0, 0), 0).has_value());
}

}  // namespace
}  // namespace ccsalvage::mime
