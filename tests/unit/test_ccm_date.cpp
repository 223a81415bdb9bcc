#include "parsers/ccm/date.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <random>
#include <string>
#include <string_view>

namespace ccsalvage::ccm {
namespace {

DateOptions with_order(DateOrder order) {
    DateOptions options;
    options.order = order;
    return options;
}

DateOptions with_pivot(int pivot) {
    DateOptions options;
    options.two_digit_year_pivot = pivot;
    return options;
}

void expect_date(const Date& d, int year, int month, int day, int hour, int minute,
                 int second = 0) {
    EXPECT_TRUE(d.valid) << d.raw;
    EXPECT_EQ(d.year, year) << d.raw;
    EXPECT_EQ(d.month, month) << d.raw;
    EXPECT_EQ(d.day, day) << d.raw;
    EXPECT_EQ(d.hour, hour) << d.raw;
    EXPECT_EQ(d.minute, minute) << d.raw;
    EXPECT_EQ(d.second, second) << d.raw;
}

void expect_invalid(std::string_view text, const DateOptions& options = {}) {
    const Date d = parse_date(text, options);
    EXPECT_FALSE(d.valid) << '"' << text << '"';
    EXPECT_EQ(d.raw, text);
    EXPECT_EQ(d.year, 0) << '"' << text << '"';
    EXPECT_EQ(d.month, 0) << '"' << text << '"';
    EXPECT_EQ(d.day, 0) << '"' << text << '"';
    EXPECT_EQ(d.hour, 0) << '"' << text << '"';
    EXPECT_EQ(d.minute, 0) << '"' << text << '"';
    EXPECT_EQ(d.second, 0) << '"' << text << '"';
}

// --- formats ----------------------------------------------------------------------------------

TEST(CcmDate, KbSamples) {
    expect_date(parse_date("6/2/98 8:39"), 1998, 6, 2, 8, 39);
    expect_date(parse_date("2/10/98 11:28"), 1998, 2, 10, 11, 28);
}

TEST(CcmDate, RawIsKeptExactly) {
    const Date d = parse_date(" 6/2/98 8:39\r\n");
    EXPECT_EQ(d.raw, " 6/2/98 8:39\r\n");
    expect_date(d, 1998, 6, 2, 8, 39);
}

TEST(CcmDate, AmPmAttachedOrSeparatedAnyCase) {
    expect_date(parse_date("5/6/97 3:10PM"), 1997, 5, 6, 15, 10);
    expect_date(parse_date("5/6/97 3:10 PM"), 1997, 5, 6, 15, 10);
    expect_date(parse_date("5/6/97 3:10pm"), 1997, 5, 6, 15, 10);
    expect_date(parse_date("5/6/97 3:10 Pm"), 1997, 5, 6, 15, 10);
    expect_date(parse_date("5/6/97 3:10 am"), 1997, 5, 6, 3, 10);
    expect_date(parse_date("5/6/97 3:10\tAM"), 1997, 5, 6, 3, 10);
    expect_date(parse_date("5/6/97 11:59PM"), 1997, 5, 6, 23, 59);
}

TEST(CcmDate, TwelveOClock) {
    expect_date(parse_date("1/1/98 12:00 AM"), 1998, 1, 1, 0, 0);
    expect_date(parse_date("1/1/98 12:59am"), 1998, 1, 1, 0, 59);
    expect_date(parse_date("1/1/98 12:30 PM"), 1998, 1, 1, 12, 30);
    expect_date(parse_date("1/1/98 12:00"), 1998, 1, 1, 12, 0);
    expect_date(parse_date("1/1/98 0:00"), 1998, 1, 1, 0, 0);
}

TEST(CcmDate, HourOutOfRangeForTwelveHourClock) {
    expect_invalid("1/1/98 0:30 AM");
    expect_invalid("1/1/98 13:00 PM");
    expect_invalid("1/1/98 00:10pm");
}

TEST(CcmDate, SecondsAndFourDigitYear) {
    expect_date(parse_date("2/10/1998 11:28:05 am"), 1998, 2, 10, 11, 28, 5);
    expect_date(parse_date("2/10/98 23:28:59"), 1998, 2, 10, 23, 28, 59);
    expect_date(parse_date("2/10/98 11:28:05PM"), 1998, 2, 10, 23, 28, 5);
}

TEST(CcmDate, SeparatorsAndLeadingZeros) {
    expect_date(parse_date("02-06-98 08:39"), 1998, 2, 6, 8, 39);
    expect_date(parse_date("6.2.98 8:39"), 1998, 6, 2, 8, 39);
    expect_date(parse_date("06/02/1998 08:39"), 1998, 6, 2, 8, 39);
}

TEST(CcmDate, DateOnlyIsMidnight) {
    expect_date(parse_date("6/2/98"), 1998, 6, 2, 0, 0);
    expect_date(parse_date("  6/2/98  "), 1998, 6, 2, 0, 0);
}

TEST(CcmDate, BlanksBetweenDateAndTime) {
    expect_date(parse_date("6/2/98   8:39"), 1998, 6, 2, 8, 39);
    expect_date(parse_date("6/2/98\t8:39"), 1998, 6, 2, 8, 39);
}

// --- day order ----------------------------------------------------------------------------------

TEST(CcmDate, EuropeanOrder) {
    const DateOptions eu = with_order(DateOrder::european_dmy);
    expect_date(parse_date("6/2/98 8:39", eu), 1998, 2, 6, 8, 39);
    expect_date(parse_date("31.12.99 23:59", eu), 1999, 12, 31, 23, 59);
    expect_invalid("31.12.99 23:59");  // US: month 31
    expect_invalid("12.31.99 23:59", eu);
}

TEST(CcmDate, JapaneseOrder) {
    const DateOptions jp = with_order(DateOrder::japanese_ymd);
    expect_date(parse_date("98/6/2 8:39", jp), 1998, 6, 2, 8, 39);
    expect_date(parse_date("1998/06/02 8:39", jp), 1998, 6, 2, 8, 39);
    expect_date(parse_date("05/1/2", jp), 2005, 1, 2, 0, 0);
    expect_invalid("6/2/98", jp);  // month 2, day 98
    expect_invalid("1998/06/02", with_order(DateOrder::us_mdy));
}

TEST(CcmDate, OrderDecidesWhichFieldIsTheYear) {
    // The four-digit field must be where the order puts the year.
    expect_invalid("1998/6/2");
    expect_invalid("1998.6.2", with_order(DateOrder::european_dmy));
    expect_invalid("2/6/1998", with_order(DateOrder::japanese_ymd));
}

// --- years --------------------------------------------------------------------------------------

TEST(CcmDate, TwoDigitYearPivotSeventy) {
    expect_date(parse_date("1/1/69"), 2069, 1, 1, 0, 0);
    expect_date(parse_date("1/1/70"), 1970, 1, 1, 0, 0);
    expect_date(parse_date("1/1/00"), 2000, 1, 1, 0, 0);
    expect_date(parse_date("1/1/99"), 1999, 1, 1, 0, 0);
}

TEST(CcmDate, CustomPivot) {
    expect_date(parse_date("1/1/60", with_pivot(50)), 1960, 1, 1, 0, 0);
    expect_date(parse_date("1/1/49", with_pivot(50)), 2049, 1, 1, 0, 0);
    expect_date(parse_date("1/1/00", with_pivot(0)), 1900, 1, 1, 0, 0);
    expect_date(parse_date("1/1/99", with_pivot(100)), 2099, 1, 1, 0, 0);
    expect_date(parse_date("1/1/99", with_pivot(INT_MIN)), 1999, 1, 1, 0, 0);
    expect_date(parse_date("1/1/99", with_pivot(INT_MAX)), 2099, 1, 1, 0, 0);
}

TEST(CcmDate, FourDigitYearsAsWritten) {
    expect_date(parse_date("1/1/2000"), 2000, 1, 1, 0, 0);
    expect_date(parse_date("12/31/1899 23:59"), 1899, 12, 31, 23, 59);
    expect_date(parse_date("1/1/2069"), 2069, 1, 1, 0, 0);
    expect_invalid("1/1/0000");
}

TEST(CcmDate, YearsOfOtherWidthsAreRejected) {
    expect_invalid("6/2/8");
    expect_invalid("6/2/998");
    expect_invalid("6/2/19980");
}

// --- impossible values ------------------------------------------------------------------------

TEST(CcmDate, LeapYears) {
    expect_date(parse_date("2/29/00"), 2000, 2, 29, 0, 0);
    expect_date(parse_date("2/29/2000"), 2000, 2, 29, 0, 0);
    expect_date(parse_date("2/29/96 10:00"), 1996, 2, 29, 10, 0);
    expect_invalid("2/29/99");
    expect_invalid("2/29/1900");
    expect_invalid("2/29/2100");
}

TEST(CcmDate, ImpossibleDatesAreInvalidButRawKept) {
    expect_invalid("2/31/99 8:00");
    expect_invalid("2/30/00");
    expect_invalid("4/31/99");
    expect_invalid("1/32/99");
    expect_invalid("13/1/99");
    expect_invalid("0/1/99");
    expect_invalid("1/0/99");
    expect_invalid("00/00/00");
}

TEST(CcmDate, ImpossibleTimes) {
    expect_invalid("1/1/99 24:00");
    expect_invalid("1/1/99 23:60");
    expect_invalid("1/1/99 23:59:60");
    expect_invalid("1/1/99 99:99");
    expect_date(parse_date("1/1/99 23:59:59"), 1999, 1, 1, 23, 59, 59);
}

// --- malformed text -----------------------------------------------------------------------------

TEST(CcmDate, EmptyAndBlank) {
    expect_invalid("");
    expect_invalid("   ");
    expect_invalid("\t\r\n");
}

TEST(CcmDate, Malformed) {
    for (const char* text : {"garbage",
                             "6/2",
                             "6/2/",
                             "/6/2/98",
                             "6/2/98/1",
                             "6//98",
                             "6/2-98",
                             "6-2/98",
                             "6 2 98",
                             "6/2/98 8",
                             "6/2/98 8:",
                             "6/2/98 :39",
                             "6/2/98 8:3",
                             "6/2/98 8:390",
                             "6/2/98 123:00",
                             "6/2/98 8:39:",
                             "6/2/98 8:39:5",
                             "6/2/98 8:39 XM",
                             "6/2/98 8:39 A",
                             "6/2/98 8:39 P.M.",
                             "6/2/98 8:39 EST",
                             "6/2/98 8:39PMX",
                             "6/2/98 8:39 AM PM",
                             "6/2/98T8:39",
                             "6/2/98,8:39",
                             "006/2/98",
                             "6/002/98",
                             "-6/2/98",
                             "+6/2/98",
                             "6/2/98 -8:39",
                             "6/2/98 8.39",
                             "Tue 6/2/98 8:39",
                             "6/2/98 8:39 Tue",
                             "six/2/98",
                             "6/2/98 PM"}) {
        expect_invalid(text);
    }
}

TEST(CcmDate, LongDigitRunsDoNotOverflow) {
    expect_invalid("99999999999999999999/1/1");
    expect_invalid("1/99999999999999999999/1");
    expect_invalid("1/1/99999999999999999999");
    expect_invalid("1/1/99 99999999999999999999:00");
    expect_invalid("1/1/99 1:99999999999999999999");
    expect_invalid("1/1/99 1:00:99999999999999999999");
    expect_invalid(std::string(100000, '9'));
    expect_invalid("1/1/" + std::string(100000, '9'));
}

TEST(CcmDate, NonAsciiAndInvalidUtf8) {
    expect_invalid("\xEF\xBC\x96/2/98 8:39");  // full-width digit six
    expect_invalid("\xFF/1/98");
    expect_invalid("6/2/98 8:39\xC2\xA0PM");  // no-break space is not a blank
    expect_invalid(std::string("6/2/98\0 8:39", 12));
}

TEST(CcmDate, UnknownOrderValueDoesNotCrash) {
    DateOptions options;
    options.order = static_cast<DateOrder>(42);
    const Date d = parse_date("6/2/98 8:39", options);
    EXPECT_EQ(d.raw, "6/2/98 8:39");
}

// Every day of the two-digit-year window, written M/D/YY H:MM, D.M.YY H:MM and YY-MM-DD, comes
// back as written; the day after the last day of each month is rejected.
TEST(CcmDate, RoundTripEveryDayOfTheWindow) {
    const DateOptions eu = with_order(DateOrder::european_dmy);
    const DateOptions jp = with_order(DateOrder::japanese_ymd);
    int days_seen = 0;
    for (int year = 1970; year <= 2069; ++year) {
        const int yy = year % 100;
        const std::string y2 = (yy < 10 ? "0" : "") + std::to_string(yy);
        for (int month = 1; month <= 12; ++month) {
            int day = 1;
            for (; is_real_date(year, month, day); ++day) {
                ++days_seen;
                const int hour = (day * 7) % 24;
                const int minute = (day * 13 + month) % 60;
                const std::string mm = (minute < 10 ? "0" : "") + std::to_string(minute);
                const std::string time = std::to_string(hour) + ":" + mm;
                const std::string m = std::to_string(month);
                const std::string d = std::to_string(day);
                const Date us = parse_date(m + "/" + d + "/" + y2 + " " + time);
                ASSERT_TRUE(us.valid) << us.raw;
                ASSERT_EQ(us.year, year);
                ASSERT_EQ(us.month, month);
                ASSERT_EQ(us.day, day);
                ASSERT_EQ(us.hour, hour);
                ASSERT_EQ(us.minute, minute);
                const Date de = parse_date(d + "." + m + "." + y2 + " " + time, eu);
                ASSERT_TRUE(de.valid) << de.raw;
                ASSERT_EQ(de.month, month);
                ASSERT_EQ(de.day, day);
                const Date ja = parse_date(y2 + "-" + m + "-" + d, jp);
                ASSERT_TRUE(ja.valid) << ja.raw;
                ASSERT_EQ(ja.year, year);
                ASSERT_EQ(ja.day, day);
            }
            const std::string after = std::to_string(month) + "/" + std::to_string(day) + "/" + y2;
            ASSERT_FALSE(parse_date(after).valid) << after;
        }
    }
    EXPECT_EQ(days_seen, 36525);  // 100 years, 25 of them leap years
}

TEST(CcmDate, TwelveHourClockCoversTheDay) {
    for (int hour = 0; hour < 24; ++hour) {
        const int h12 = hour % 12 == 0 ? 12 : hour % 12;
        const std::string text =
            "1/1/98 " + std::to_string(h12) + ":05" + (hour < 12 ? "AM" : "PM");
        expect_date(parse_date(text), 1998, 1, 1, hour, 5);
    }
}

// Random strings over the characters of a date: never a crash, and a valid result always holds
// values in range.
TEST(CcmDate, RandomInputKeepsInvariants) {
    static constexpr char kAlphabet[] = {'0', '1', '2', '3', '9', '/',  '-',    '.', ':',
                                         ' ', 'A', 'P', 'm', 'M', '\t', '\xFF', '5', '6'};
    std::mt19937 rng(777);
    std::uniform_int_distribution<std::size_t> pick(0, sizeof(kAlphabet) - 1);
    std::uniform_int_distribution<std::size_t> length(0, 24);
    const DateOptions orders[] = {with_order(DateOrder::us_mdy),
                                  with_order(DateOrder::european_dmy),
                                  with_order(DateOrder::japanese_ymd)};
    int valid_count = 0;
    for (int round = 0; round < 100000; ++round) {
        std::string text;
        const std::size_t n = length(rng);
        for (std::size_t i = 0; i < n; ++i) text += kAlphabet[pick(rng)];
        for (const DateOptions& options : orders) {
            const Date d = parse_date(text, options);
            ASSERT_EQ(d.raw, text);
            if (!d.valid) continue;
            ++valid_count;
            ASSERT_TRUE(is_real_date(d.year, d.month, d.day)) << text;
            ASSERT_GE(d.hour, 0) << text;
            ASSERT_LE(d.hour, 23) << text;
            ASSERT_GE(d.minute, 0) << text;
            ASSERT_LE(d.minute, 59) << text;
            ASSERT_GE(d.second, 0) << text;
            ASSERT_LE(d.second, 59) << text;
        }
    }
    EXPECT_GT(valid_count, 0);
}

// --- is_real_date -------------------------------------------------------------------------------

TEST(CcmDate, IsRealDate) {
    EXPECT_TRUE(is_real_date(2000, 2, 29));
    EXPECT_TRUE(is_real_date(2004, 2, 29));
    EXPECT_FALSE(is_real_date(1900, 2, 29));
    EXPECT_FALSE(is_real_date(2100, 2, 29));
    EXPECT_FALSE(is_real_date(1999, 2, 29));
    EXPECT_TRUE(is_real_date(1999, 2, 28));
    EXPECT_TRUE(is_real_date(1999, 12, 31));
    EXPECT_FALSE(is_real_date(1999, 4, 31));
    EXPECT_TRUE(is_real_date(1999, 4, 30));
    EXPECT_FALSE(is_real_date(1999, 13, 1));
    EXPECT_FALSE(is_real_date(1999, 0, 1));
    EXPECT_FALSE(is_real_date(1999, 1, 0));
    EXPECT_FALSE(is_real_date(1999, 1, -1));
    EXPECT_FALSE(is_real_date(0, 1, 1));
    EXPECT_FALSE(is_real_date(-4, 2, 29));
    EXPECT_TRUE(is_real_date(1, 1, 1));
    EXPECT_TRUE(is_real_date(9999, 12, 31));
    EXPECT_FALSE(is_real_date(10000, 1, 1));
    EXPECT_FALSE(is_real_date(INT_MIN, INT_MIN, INT_MIN));
    EXPECT_FALSE(is_real_date(INT_MAX, INT_MAX, INT_MAX));
    EXPECT_FALSE(is_real_date(2000, 12, INT_MAX));
}

TEST(CcmDate, IsRealDateCountsTheDaysOfAYear) {
    for (int year : {1999, 2000, 1900, 2024}) {
        int days = 0;
        for (int month = 1; month <= 12; ++month) {
            for (int day = 1; day <= 40; ++day) days += is_real_date(year, month, day) ? 1 : 0;
        }
        const bool leap = year == 2000 || year == 2024;
        EXPECT_EQ(days, leap ? 366 : 365) << year;
    }
}

}  // namespace
}  // namespace ccsalvage::ccm
