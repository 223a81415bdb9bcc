#include "mime/zoned_date.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace ccsalvage::mime
