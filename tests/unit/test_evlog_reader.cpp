// The Event Viewer export reader: both layouts, the header layout, quoted CSV fields over
// several lines, descriptions continued over lines in text exports, file names and result
// codes from descriptions, UTF-16 with offsets of the file, and each kind of damage reported
// with its offset while the rest is still read. Also the EVL- catalogue against its document.
#include "parsers/evlog/reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parsers/evlog/events.hpp"
#include "support/catalogue_check.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::evlog {
namespace {

struct Read {
    std::vector<Record> records;
    EventLog log;
    ReadSummary summary;
    std::size_t count(std::string_view code) const {
        std::size_t n = 0;
        for (const auto& e : log.events()) n += e.code == code ? 1U : 0U;
        return n;
    }
};

Read read(std::string_view bytes, ReaderOptions options = {}) {
    Read r;
    r.summary = read_event_log(bytes, "test.txt", options, r.log,
                               [&](const Record& record) { r.records.push_back(record); });
    return r;
}

TEST(EvlogCatalogue, CodeAndDocumentationAgree) {
    ccsalvage::testing::expect_catalogue_matches_document(events::kCatalogue,
                                                          "docs/formats/event-log.md", "EVL", true);
    ccsalvage::testing::expect_catalogue_registered(events::kCatalogue,
                                                    events::register_evlog_catalogue);
}

TEST(EvlogReader, TabExportWithAContinuedDescription) {
    const auto r = read(ccsalvage::testing::sample("evlog/connector-faults.txt"));
    EXPECT_EQ(r.summary.layout, Layout::tab);
    ASSERT_EQ(r.records.size(), 8U);
    EXPECT_EQ(r.summary.connector_records, 7U);
    EXPECT_EQ(r.log.total(), 0U);
    const Record& last = r.records.back();
    EXPECT_EQ(last.event_id, 70);
    EXPECT_EQ(last.result_code, 3);
    EXPECT_EQ(last.files, std::vector<std::string>{"msg272F.ccm"});
    EXPECT_NE(last.description.find("\nThe connector is not configured"), std::string::npos);
    EXPECT_EQ(last.source, "MSExchangeCCMC");
    EXPECT_EQ(last.type, "Error");
    EXPECT_EQ(last.computer, "EXHUB01");
    EXPECT_EQ(r.records[4].files, std::vector<std::string>{"Bad\\MSG272B.CCM"});
    EXPECT_FALSE(r.records[5].from_connector());
}

TEST(EvlogReader, CsvWithQuotedLineBreaksAndQuotes) {
    const std::string text = ccsalvage::testing::sample("evlog/q223772-loop.csv");
    const auto r = read(text);
    EXPECT_EQ(r.summary.layout, Layout::csv);
    ASSERT_EQ(r.records.size(), 11U);
    EXPECT_EQ(r.log.total(), 0U);
    const Record& first = r.records.front();
    EXPECT_EQ(first.event_id, 59);
    EXPECT_EQ(first.result_code, 1);
    EXPECT_EQ(first.files, std::vector<std::string>{"IMPORT\\MSG3358.CCM"});
    EXPECT_NE(first.description.find("\n\"Program did not complete successfully\""),
              std::string::npos);
    EXPECT_EQ(r.records[1].line, 3U);  // the first record took two lines
    EXPECT_EQ(text.substr(r.records[1].offset, 8), "1/22/98,");
}

TEST(EvlogReader, HeaderLayoutMapsColumnsByName) {
    const auto r = read(ccsalvage::testing::sample("evlog/migration-header.csv"));
    EXPECT_EQ(r.summary.layout, Layout::csv_header);
    ASSERT_EQ(r.records.size(), 3U);
    EXPECT_EQ(r.records[0].event_id, 1029);
    EXPECT_EQ(r.records[0].source, "MSExchangeMig");
    EXPECT_EQ(r.records[0].date, "3/2/2000 10:14:07 AM");
    EXPECT_NE(r.records[0].description.find("'Message:'"), std::string::npos);
    EXPECT_EQ(r.summary.migration_records, 3U);
}

TEST(EvlogReader, DamageIsReportedAndTheRestRead) {
    const std::string text = ccsalvage::testing::sample("evlog/damaged.txt");
    const auto r = read(text);
    EXPECT_EQ(r.count("EVL-001"), 1U);
    EXPECT_EQ(r.count("EVL-002"), 1U);
    EXPECT_EQ(r.count("EVL-004"), 1U);
    EXPECT_EQ(r.records.size(), 8U);
    for (const auto& e : r.log.events()) {
        if (e.code == "EVL-002") {
            EXPECT_EQ(text.substr(e.offset, 9), "11/17/97\t");
        }
    }
    const auto open = read("1/1/98,1:00 AM,MSExchangeCCMC,Error,None,59,N/A,X,\"never closed\r\n");
    EXPECT_EQ(open.count("EVL-003"), 1U);
    ASSERT_EQ(open.records.size(), 1U);
    const auto nothing = read("just some text\r\nand more\r\n");
    EXPECT_EQ(nothing.count("EVL-011"), 1U);
    EXPECT_TRUE(nothing.records.empty());
}

TEST(EvlogReader, RecordBoundIsKept) {
    ReaderOptions options;
    options.max_record_bytes = 40;
    const auto r = read(ccsalvage::testing::sample("evlog/connector-faults.txt"), options);
    EXPECT_GT(r.count("EVL-009"), 0U);
    for (const auto& record : r.records) EXPECT_LE(record.description.size(), 40U);
}

TEST(EvlogReader, Utf16OffsetsAreOffsetsOfTheFile) {
    const std::string text = ccsalvage::testing::sample("evlog/utf16.txt");
    const auto r = read(text);
    EXPECT_TRUE(r.summary.utf16);
    EXPECT_EQ(r.count("EVL-010"), 1U);
    ASSERT_EQ(r.records.size(), 2U);
    EXPECT_EQ(r.records[0].offset, 2U);  // after the byte order mark
    EXPECT_EQ(r.records[1].offset % 2, 0U);
    EXPECT_EQ(text.substr(r.records[1].offset, 4), std::string("1\0001\000", 4));
    EXPECT_EQ(r.records[1].files, std::vector<std::string>{"MSG2253.CCM"});
}

// A UTF-16 export whose text begins with a second byte order mark (FF FE FF FE): the mark
// converted is skipped, and offsets still count from the start of the file (found by
// fuzz_evlog in CI: the second record was given the first one's offset).
TEST(EvlogReader, Utf16WithASecondByteOrderMarkKeepsOffsetsOfTheFile) {
    const std::string once = ccsalvage::testing::sample("evlog/utf16.txt");
    const std::string twice = once.substr(0, 2) + once;
    const auto single = read(once);
    const auto doubled = read(twice);
    ASSERT_EQ(doubled.records.size(), 2U);
    ASSERT_EQ(single.records.size(), 2U);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(doubled.records[i].source, single.records[i].source) << i;
    }
    // Offsets in UTF-16 text are those of the line a record starts on: the first line starts
    // after the first mark, the second mark being part of it.
    EXPECT_EQ(doubled.records[0].offset, 2U);
    EXPECT_EQ(doubled.records[1].offset, single.records[1].offset + 2);
    EXPECT_EQ(twice.substr(doubled.records[1].offset, 4), std::string("1\0001\000", 4));
}

TEST(EvlogReader, DescriptionNamesAndCodes) {
    Record r;
    r.description =
        "Lotus cc:Mail IMPORT from file *.ccm returned result code 1. See "
        "EXPORT\\msg4A27.ccm and CCMDIR.EXP; not MSG1.CCMX";
    read_description(r);
    EXPECT_EQ(r.files, (std::vector<std::string>{"EXPORT\\msg4A27.ccm", "CCMDIR.EXP"}));
    EXPECT_EQ(r.result_code, 1);
}

}  // namespace
}  // namespace ccsalvage::evlog
