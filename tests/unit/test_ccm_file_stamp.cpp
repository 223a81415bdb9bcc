#include "parsers/ccm/file_stamp.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <random>
#include <string>
#include <string_view>

#include "parsers/ccm/date.hpp"

namespace ccsalvage::ccm {
namespace {

void expect_split(std::string_view text, std::string_view name, std::string_view stamp) {
    const FileNameAndStamp r = split_file_stamp(text);
    EXPECT_EQ(r.name, name) << '"' << text << '"';
    EXPECT_EQ(r.stamp, stamp) << '"' << text << '"';
}

void expect_no_stamp(std::string_view text, std::string_view name) { expect_split(text, name, ""); }

TEST(CcmFileStamp, KbExample) { expect_split("Abc.wk4 5/6/97 3:10PM", "Abc.wk4", "5/6/97 3:10PM"); }

TEST(CcmFileStamp, NamesWithBlanksAndDigits) {
    expect_split("Budget 1997 v2.wk4 5/6/97 3:10PM", "Budget 1997 v2.wk4", "5/6/97 3:10PM");
    expect_split("report 2.doc 5-6-97 15:10", "report 2.doc", "5-6-97 15:10");
    expect_split("v1.2.3 5/6/97 3:10PM", "v1.2.3", "5/6/97 3:10PM");
    expect_split("12 3:45 notes 5/6/97 3:10PM", "12 3:45 notes", "5/6/97 3:10PM");
    expect_split("1/2/3 4:56 7/8/99 10:11", "1/2/3 4:56", "7/8/99 10:11");
}

TEST(CcmFileStamp, SeparatedAmPm) {
    expect_split("x.txt 6.5.97 3:10 PM", "x.txt", "6.5.97 3:10 PM");
    expect_split("x.txt 6.5.97 3:10 am", "x.txt", "6.5.97 3:10 am");
    expect_split("x.txt 6.5.97 3:10:22 pM", "x.txt", "6.5.97 3:10:22 pM");
}

TEST(CcmFileStamp, OtherStampShapes) {
    expect_split("a.txt 5/6/97 3:10:22pm", "a.txt", "5/6/97 3:10:22pm");
    expect_split("a.txt 5/6/1997 15:10", "a.txt", "5/6/1997 15:10");
    expect_split("a.txt 97/5/6 15:10", "a.txt", "97/5/6 15:10");
    expect_split("a.txt 05-06-97 03:10am", "a.txt", "05-06-97 03:10am");
}

TEST(CcmFileStamp, NoStampWhenOnlyAYearOrADateOrATime) {
    expect_no_stamp("Q3 Plan 1998.xls", "Q3 Plan 1998.xls");
    expect_no_stamp("Report 1998", "Report 1998");
    expect_no_stamp("Notes 5/6/97", "Notes 5/6/97");
    expect_no_stamp("Notes 3:10PM", "Notes 3:10PM");
    expect_no_stamp("Notes 3:10 PM", "Notes 3:10 PM");
    expect_no_stamp("Notes 5/6/97 PM", "Notes 5/6/97 PM");
    expect_no_stamp("Unnamed.txt", "Unnamed.txt");
}

TEST(CcmFileStamp, StampMustBeAtTheEnd) {
    expect_no_stamp("5/6/97 3:10PM copy.txt", "5/6/97 3:10PM copy.txt");
    expect_no_stamp("a.txt 5/6/97 3:10 PM PM", "a.txt 5/6/97 3:10 PM PM");
    expect_no_stamp("a.txt 5/6/97 3:10PM x", "a.txt 5/6/97 3:10PM x");
}

TEST(CcmFileStamp, StampAlone) {
    expect_split("5/6/97 3:10PM", "", "5/6/97 3:10PM");
    expect_split("  5/6/97 3:10 PM  ", "", "5/6/97 3:10 PM");
}

TEST(CcmFileStamp, BlanksAreTrimmed) {
    expect_split("Abc.wk4 5/6/97 3:10PM   ", "Abc.wk4", "5/6/97 3:10PM");
    expect_split("Abc.wk4     5/6/97 3:10PM", "Abc.wk4", "5/6/97 3:10PM");
    expect_split("Abc.wk4\t5/6/97\t3:10PM\r\n", "Abc.wk4", "5/6/97\t3:10PM");
    expect_split("  My File.doc 5/6/97 3:10PM", "My File.doc", "5/6/97 3:10PM");
    // Blanks inside the stamp are kept as written.
    expect_split("a.txt 5/6/97   3:10   PM", "a.txt", "5/6/97   3:10   PM");
    expect_no_stamp("  Q3 Plan.xls  ", "Q3 Plan.xls");
}

TEST(CcmFileStamp, EmptyAndBlank) {
    expect_no_stamp("", "");
    expect_no_stamp("    ", "");
    expect_no_stamp("\t\r\n", "");
}

TEST(CcmFileStamp, DateWordShapes) {
    // Mixed separators, too many digits, other separators: not a date word.
    expect_no_stamp("a.txt 5/6-97 3:10PM", "a.txt 5/6-97 3:10PM");
    expect_no_stamp("a.txt 5/6/97/1 3:10PM", "a.txt 5/6/97/1 3:10PM");
    expect_no_stamp("a.txt 5/6 3:10PM", "a.txt 5/6 3:10PM");
    expect_no_stamp("a.txt 5_6_97 3:10PM", "a.txt 5_6_97 3:10PM");
    expect_no_stamp("a.txt 5/6/97a 3:10PM", "a.txt 5/6/97a 3:10PM");
    expect_no_stamp("a.txt 99999/6/97 3:10PM", "a.txt 99999/6/97 3:10PM");
    expect_no_stamp("a.txt /6/97 3:10PM", "a.txt /6/97 3:10PM");
}

TEST(CcmFileStamp, TimeWordShapes) {
    expect_no_stamp("a.txt 5/6/97 3:1PM", "a.txt 5/6/97 3:1PM");
    expect_no_stamp("a.txt 5/6/97 3:100", "a.txt 5/6/97 3:100");
    expect_no_stamp("a.txt 5/6/97 310PM", "a.txt 5/6/97 310PM");
    expect_no_stamp("a.txt 5/6/97 123:10", "a.txt 5/6/97 123:10");
    expect_no_stamp("a.txt 5/6/97 3:10XM", "a.txt 5/6/97 3:10XM");
    expect_no_stamp("a.txt 5/6/97 3:10PM PM", "a.txt 5/6/97 3:10PM PM");
    expect_no_stamp("a.txt 5/6/97 3:10:5", "a.txt 5/6/97 3:10:5");
    // Shape only: an impossible but well-formed stamp is still split off.
    expect_split("a.txt 2/31/99 25:61", "a.txt", "2/31/99 25:61");
}

TEST(CcmFileStamp, StampGluedToTheNameIsNotSplit) {
    expect_no_stamp("Abc.wk45/6/97 3:10PM", "Abc.wk45/6/97 3:10PM");
}

TEST(CcmFileStamp, NonAsciiAndInvalidUtf8Names) {
    expect_split("Übersicht März.doc 6.5.97 15:10", "Übersicht März.doc", "6.5.97 15:10");
    expect_split("見積書.xls 97/5/6 3:10PM", "見積書.xls", "97/5/6 3:10PM");
    expect_split("\xFF\xFE bad\xC3.bin 5/6/97 3:10PM", "\xFF\xFE bad\xC3.bin", "5/6/97 3:10PM");
    // A no-break space (C2 A0) is not a blank: the date is glued to the name.
    expect_no_stamp(
        "a.txt\xC2\xA0"
        "5/6/97 3:10PM",
        "a.txt\xC2\xA0"
        "5/6/97 3:10PM");
}

TEST(CcmFileStamp, VeryLongInputs) {
    const std::string name(1'000'000, 'n');
    expect_split(name + " 5/6/97 3:10PM", name, "5/6/97 3:10PM");
    expect_no_stamp(name, name);
    expect_no_stamp(std::string(1'000'000, ' '), "");
    const std::string digits(1'000'000, '9');
    expect_no_stamp("a " + digits + " 3:10", "a " + digits + " 3:10");
    expect_no_stamp("a 5/6/97 " + digits + ":10", "a 5/6/97 " + digits + ":10");
}

// Every split stamp is accepted by parse_date in the order it was written in.
TEST(CcmFileStamp, SplitStampsParseAsDates) {
    const FileNameAndStamp us = split_file_stamp("Budget 1997 v2.wk4 5/6/97 3:10PM");
    const Date d = parse_date(us.stamp);
    ASSERT_TRUE(d.valid);
    EXPECT_EQ(d.year, 1997);
    EXPECT_EQ(d.month, 5);
    EXPECT_EQ(d.day, 6);
    EXPECT_EQ(d.hour, 15);
    EXPECT_EQ(d.minute, 10);

    DateOptions eu;
    eu.order = DateOrder::european_dmy;
    const Date e = parse_date(split_file_stamp("x.txt 6.5.97 3:10 PM").stamp, eu);
    ASSERT_TRUE(e.valid);
    EXPECT_EQ(e.month, 5);
    EXPECT_EQ(e.day, 6);
    EXPECT_EQ(e.hour, 15);
}

// Joining any name with a stamp and splitting again gives both back.
TEST(CcmFileStamp, RoundTrip) {
    const char* names[] = {
        "Abc.wk4", "Budget 1997 v2.wk4", "Q3 Plan 1998.xls", "5 6 97", "a 1/2/3",
        "x 3:10",  "Müller.txt",         "report 2.doc",     "AM",     "PM 5/6/97 PM"};
    const char* stamps[] = {"5/6/97 3:10PM", "5-6-97 15:10", "6.5.97 3:10 PM",
                            "1998/06/02 8:39:05 am", "2/31/99 0:00"};
    for (const char* name : names) {
        for (const char* stamp : stamps) {
            const std::string text = std::string(name) + " " + stamp;
            expect_split(text, name, stamp);
        }
    }
}

// Random lines built from name-like and stamp-like words: never a crash, the stamp is always the
// tail of the trimmed line, and name plus stamp account for all of it.
TEST(CcmFileStamp, RandomInputKeepsInvariants) {
    static constexpr const char* kWords[] = {"5/6/97", "1998/6/2", "6.5.97",     "5-6-97", "5/6-97",
                                             "3:10",   "3:10PM",   "12:00:01am", "3:1",    "PM",
                                             "am",     "x.txt",    "1998",       ":",      "/",
                                             "\xFF",   "",         "5/6/97/1",   "3:10XM"};
    static constexpr const char* kBlanks[] = {" ", "  ", "\t", " \t "};
    std::mt19937 rng(4242);
    std::uniform_int_distribution<std::size_t> word(0, std::size(kWords) - 1);
    std::uniform_int_distribution<std::size_t> blank(0, std::size(kBlanks) - 1);
    std::uniform_int_distribution<int> count(0, 6);
    int stamps = 0;
    for (int round = 0; round < 50000; ++round) {
        std::string text;
        const int n = count(rng);
        for (int i = 0; i < n; ++i) {
            if (i != 0) text += kBlanks[blank(rng)];
            text += kWords[word(rng)];
        }
        const FileNameAndStamp r = split_file_stamp(text);
        const std::size_t first = text.find_first_not_of(" \t");
        const std::size_t last = text.find_last_not_of(" \t");
        const std::string trimmed =
            first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
        if (r.stamp.empty()) {
            ASSERT_EQ(r.name, trimmed) << text;
            continue;
        }
        ++stamps;
        ASSERT_GE(trimmed.size(), r.stamp.size()) << text;
        ASSERT_EQ(trimmed.substr(trimmed.size() - r.stamp.size()), r.stamp) << text;
        const std::string head = trimmed.substr(0, trimmed.size() - r.stamp.size());
        ASSERT_EQ(head.substr(0, r.name.size()), r.name) << text;
        ASSERT_EQ(head.find_first_not_of(" \t", r.name.size()), std::string::npos) << text;
        if (!r.name.empty()) {
            ASSERT_LT(r.name.size(), head.size()) << text;  // a blank between
        }
    }
    EXPECT_GT(stamps, 1000);
}

}  // namespace
}  // namespace ccsalvage::ccm
