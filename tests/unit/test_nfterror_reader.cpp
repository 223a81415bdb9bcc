// The NFTERROR.LOG reader: the shipped sample line by line, one-field corruptions of a good
// line, line ends, bounds, random bytes and cuts at every byte; the catalogue against
// docs/formats/nfterror.md.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/evidence.hpp"
#include "parsers/nfterror/events.hpp"
#include "parsers/nfterror/reader.hpp"
#include "parsers/nfterror/writer.hpp"
#include "support/catalogue_check.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::nfterror {
namespace {

// Records with their raw view turned into a copy, so they outlive the read.
struct Read {
    std::vector<Record> records;
    std::vector<std::string> raws;
    EventLog log;
    ReadSummary summary;

    std::size_t count(std::string_view code) const {
        std::size_t n = 0;
        for (const auto& e : log.events()) n += e.code == code ? 1u : 0u;
        return n;
    }
    const Event* first(std::string_view code) const {
        for (const auto& e : log.events())
            if (e.code == code) return &e;
        return nullptr;
    }
};

Read read(const std::string& bytes, const ReaderOptions& options = {}) {
    Read r;
    r.summary = read_nfterror(bytes, "NFTERROR.LOG", options, r.log, [&](const Record& record) {
        r.records.push_back(record);
        r.records.back().raw = {};
        r.raws.emplace_back(record.raw);
    });
    return r;
}

const std::string kGood =
    "03-17-99 14:02:41 IMPORT CLANDATA MSGHDR 0000002C 0058 TXT plain text in message header "
    "1207";

std::string replace_once(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("fixture changed: " + std::string(from));
    return text.replace(at, from.size(), to);
}

TEST(NftReader, SampleLogLineByLine) {
    const auto bytes = testing::sample("nfterror/NFTERROR.LOG");
    const auto r = read(bytes);
    ASSERT_EQ(r.records.size(), 8u);
    EXPECT_EQ(r.summary.lines, 8u);
    EXPECT_EQ(r.summary.parsed, 7u);
    EXPECT_EQ(r.summary.unparsed, 1u);
    EXPECT_EQ(r.summary.bytes, bytes.size());

    const Record& first = r.records[0];
    EXPECT_EQ(first.line_number, 1u);
    EXPECT_EQ(first.offset, 0u);
    EXPECT_EQ(first.line_end, LineEnd::crlf);
    EXPECT_TRUE(first.parsed);
    EXPECT_EQ(first.when.date_raw, "03-17-99");
    EXPECT_EQ(first.when.time_raw, "14:02:41");
    EXPECT_TRUE(first.when.valid);
    EXPECT_EQ(first.when.year, 1999);
    EXPECT_EQ(first.when.month, 3);
    EXPECT_EQ(first.when.day, 17);
    EXPECT_EQ(first.when.hour, 14);
    EXPECT_EQ(first.when.minute, 2);
    EXPECT_EQ(first.when.second, 41);
    EXPECT_EQ(first.program, "IMPORT");
    EXPECT_EQ(first.file, "CLANDATA");
    EXPECT_EQ(first.structure, "HEADER");
    EXPECT_EQ(first.block, 0u);
    EXPECT_EQ(first.block_offset, 0x30u);
    EXPECT_EQ(first.code, "CNT");
    EXPECT_EQ(first.text, "message count 412 but 415 headers found");
    EXPECT_TRUE(first.known_file && first.known_structure && first.known_code);
    EXPECT_TRUE(first.deviations.empty());
    EXPECT_EQ(r.raws[0] + "\r\n", bytes.substr(0, r.raws[0].size() + 2));

    const Record& mailbox = r.records[6];
    EXPECT_EQ(mailbox.program, "EXPORT");
    EXPECT_EQ(mailbox.file, "USR00004");
    EXPECT_EQ(mailbox.structure, "FOLDERS");
    EXPECT_EQ(mailbox.block, 3u);
    EXPECT_EQ(mailbox.code, "REF");

    // The damaged line: kept verbatim, fields before the file still read.
    const Record& damaged = r.records[4];
    EXPECT_EQ(damaged.line_number, 5u);
    EXPECT_FALSE(damaged.parsed);
    EXPECT_EQ(damaged.failed_field, Field::file);
    EXPECT_EQ(damaged.failed_column, 25u);
    EXPECT_EQ(damaged.program, "IMPORT");
    EXPECT_TRUE(damaged.when.valid);
    EXPECT_TRUE(damaged.file.empty());
    EXPECT_EQ(r.raws[4].substr(0, 30), "03-17-99 14:02:42 IMPORT CLAND");
    EXPECT_EQ(damaged.offset + 25, bytes.find(std::string("CLAND\0", 6)));

    // Exactly one finding: the damaged line, at its offset.
    EXPECT_EQ(r.log.total(), 1u);
    const Event* e = r.first("NFT-001");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->offset, damaged.offset);
    EXPECT_EQ(e->file, "NFTERROR.LOG");
    EXPECT_NE(e->detail.find("the file at column 26"), std::string::npos) << e->detail;
    EXPECT_NE(e->detail.find("CLAND\\x00"), std::string::npos) << e->detail;

    const std::map<std::string, std::uint64_t> codes = {{"ALC", 1}, {"CNT", 1}, {"CRC", 1},
                                                        {"IDX", 2}, {"REF", 1}, {"TXT", 1}};
    EXPECT_EQ(r.summary.codes, codes);
    ASSERT_TRUE(r.summary.earliest && r.summary.latest);
    EXPECT_EQ(r.summary.earliest->time_raw, "14:02:41");
    EXPECT_EQ(r.summary.latest->time_raw, "14:03:10");
}

TEST(NftReader, CanonicalLineReadsCleanAndWritesBack) {
    const auto r = read(kGood + "\r\n");
    ASSERT_EQ(r.records.size(), 1u);
    EXPECT_TRUE(r.records[0].parsed);
    EXPECT_EQ(r.log.total(), 0u);
    EXPECT_EQ(format_line(r.records[0]), kGood + "\r\n");
}

TEST(NftReader, WrittenRecordsReadBackEqual) {
    Record record;
    record.when.year = 2003;
    record.when.month = 12;
    record.when.day = 1;
    record.when.hour = 7;
    record.when.minute = 5;
    record.when.second = 9;
    record.program = "router";
    record.file = "MLANDATA";
    record.structure = "EXTENT";
    record.block = 0xABCDEF01;
    record.block_offset = 0x1FFF;
    record.code = "LEN";
    record.text = "extent length 4096 past the end of the file, caf\xC3\xA9";
    const std::string line = format_line(record);
    EXPECT_EQ(line,
              "12-01-03 07:05:09 ROUTER MLANDATA EXTENT ABCDEF01 1FFF LEN extent length 4096 "
              "past the end of the file, caf?\r\n");
    const auto r = read(line);
    ASSERT_EQ(r.records.size(), 1u);
    const Record& back = r.records[0];
    EXPECT_TRUE(back.parsed);
    EXPECT_EQ(r.log.total(), 0u);
    EXPECT_EQ(back.when.year, 2003);
    EXPECT_EQ(back.program, "ROUTER");
    EXPECT_EQ(back.block, 0xABCDEF01u);
    EXPECT_EQ(back.block_offset, 0x1FFFu);
    EXPECT_EQ(format_line(back), line);
}

// One field of the good line corrupted at a time: what the reader makes of it.
struct Corruption {
    const char* what;
    const char* from;
    const char* to;
    bool parsed;
    std::optional<Field> failed;
    const char* event;  // the one event expected, or nullptr for none
};

class NftLineCorruption : public ::testing::TestWithParam<Corruption> {};

TEST_P(NftLineCorruption, OneFieldAtATime) {
    const Corruption& c = GetParam();
    const std::string line = replace_once(kGood, c.from, c.to);
    const auto r = read(line + "\r\n");
    ASSERT_EQ(r.records.size(), 1u) << c.what;
    const Record& record = r.records[0];
    EXPECT_EQ(record.parsed, c.parsed) << c.what;
    EXPECT_EQ(record.failed_field, c.failed) << c.what;
    if (c.event == nullptr) {
        EXPECT_EQ(r.log.total(), 0u) << c.what;
    } else {
        EXPECT_EQ(r.log.total(), 1u) << c.what;
        EXPECT_EQ(r.count(c.event), 1u) << c.what << ": " << c.event;
        EXPECT_EQ(r.log.events().front().offset, 0u);
    }
}

const Corruption kCorruptions[] = {
    {"impossible month", "03-17-99", "13-17-99", true, std::nullopt, "NFT-002"},
    {"impossible day", "03-17-99", "02-30-99", true, std::nullopt, "NFT-002"},
    {"date cut short", "03-17-99", "03-17", false, Field::date, "NFT-001"},
    {"date without separators", "03-17-99", "031799", false, Field::date, "NFT-001"},
    {"date with mixed separators", "03-17-99", "03-17/99", false, Field::date, "NFT-001"},
    {"date with a three-digit year", "03-17-99", "03-17-999", false, Field::date, "NFT-001"},
    {"date in slashes", "03-17-99", "3/17/99", true, std::nullopt, "NFT-005"},
    {"impossible hour", "14:02:41", "24:02:41", true, std::nullopt, "NFT-002"},
    {"impossible second", "14:02:41", "14:02:60", true, std::nullopt, "NFT-002"},
    {"time with dashes", "14:02:41", "14-02-41", false, Field::time, "NFT-001"},
    {"time without seconds", "14:02:41", "14:02", true, std::nullopt, "NFT-005"},
    {"program too long", "IMPORT", "IMPORTEXE", false, Field::program, "NFT-001"},
    {"program with punctuation", "IMPORT", "IMP@RT", false, Field::program, "NFT-001"},
    {"program in lower case", "IMPORT", "import", true, std::nullopt, "NFT-005"},
    {"other program", "IMPORT", "CHKSTAT", true, std::nullopt, nullptr},
    {"file with punctuation", "CLANDATA", "CLAN*DATA", false, Field::file, "NFT-001"},
    {"file the model does not name", "CLANDATA", "CCPOMBOX", true, std::nullopt, "NFT-003"},
    {"structure the model does not name", "MSGHDR", "MSGHEAD", true, std::nullopt, "NFT-003"},
    {"structure with punctuation", "MSGHDR", "MSG-HDR", false, Field::structure, "NFT-001"},
    {"structure of another file", "MSGHDR", "EXTENT", true, std::nullopt, "NFT-004"},
    {"block not hex", "0000002C", "0000002G", false, Field::block, "NFT-001"},
    {"block too long", "0000002C", "10000002C", false, Field::block, "NFT-001"},
    {"block short and lower case", "0000002C", "2c", true, std::nullopt, "NFT-005"},
    {"offset too long", "0058", "00058", false, Field::offset, "NFT-001"},
    {"offset short", "0058", "58", true, std::nullopt, "NFT-005"},
    {"code of two letters", "TXT", "TX", false, Field::code, "NFT-001"},
    {"code with a digit", "TXT", "TX1", false, Field::code, "NFT-001"},
    {"code the model does not name", "TXT", "XYZ", true, std::nullopt, "NFT-003"},
    {"code in lower case", "TXT", "txt", true, std::nullopt, "NFT-005"},
    {"text with a non-ASCII byte", "plain text", "pl\x82in text", true, std::nullopt, "NFT-005"},
    {"text longer than 80", "header 1207",
     "header 1207 and then a great deal more text than "
     "the grammar allows a line to hold",
     true, std::nullopt, "NFT-005"},
    {"two blanks between fields", "IMPORT CLANDATA", "IMPORT  CLANDATA", true, std::nullopt,
     "NFT-005"},
    {"tab between fields", "MSGHDR 0000002C", "MSGHDR\t0000002C", true, std::nullopt, "NFT-005"},
    {"fields missing", " 0000002C 0058 TXT plain text in message header 1207", "", false,
     Field::block, "NFT-001"},
    {"no text", " plain text in message header 1207", "", true, std::nullopt, nullptr},
};

INSTANTIATE_TEST_SUITE_P(NftFields, NftLineCorruption, ::testing::ValuesIn(kCorruptions));

TEST(NftReader, CorruptedFieldsKeepTheirValues) {
    auto r = read(replace_once(kGood, "TXT", "txt") + "\r\n");
    EXPECT_EQ(r.records[0].code, "TXT");
    ASSERT_EQ(r.records[0].deviations.size(), 1u);
    EXPECT_EQ(r.records[0].deviations[0], "code in lower case");

    r = read(replace_once(kGood, "03-17-99", "13-17-99") + "\r\n");
    EXPECT_FALSE(r.records[0].when.valid);
    EXPECT_EQ(r.records[0].when.date_raw, "13-17-99");
    EXPECT_EQ(r.records[0].when.month, 0) << "no half-parsed values";
    EXPECT_NE(r.first("NFT-002")->detail.find("13-17-99 14:02:41"), std::string::npos);

    r = read(replace_once(kGood, "CLANDATA", "CCPOMBOX") + "\r\n");
    EXPECT_FALSE(r.records[0].known_file);
    EXPECT_EQ(r.records[0].file, "CCPOMBOX");
    EXPECT_NE(r.first("NFT-003")->detail.find("file \"CCPOMBOX\""), std::string::npos);
}

TEST(NftReader, TwoDigitYearsAndLeapDays) {
    const auto year_of = [](const std::string& date) {
        const auto r = read(replace_once(kGood, "03-17-99", date));
        return r.records[0].when.valid ? r.records[0].when.year : -1;
    };
    EXPECT_EQ(year_of("01-02-80"), 1980);
    EXPECT_EQ(year_of("01-02-79"), 2079);
    EXPECT_EQ(year_of("01-02-03"), 2003);
    EXPECT_EQ(year_of("02-29-00"), 2000);
    EXPECT_EQ(year_of("02-29-99"), -1);
    EXPECT_EQ(year_of("02-29-1996"), 1996);
}

TEST(NftReader, LfLineEndsAreCountedOnce) {
    const auto r = read(kGood + "\n" + kGood + "\r\n" + kGood + "\n");
    ASSERT_EQ(r.records.size(), 3u);
    EXPECT_EQ(r.records[0].line_end, LineEnd::lf);
    EXPECT_EQ(r.records[1].line_end, LineEnd::crlf);
    EXPECT_EQ(r.records[2].offset, 2 * kGood.size() + 3);
    EXPECT_EQ(r.summary.lf_lines, 2u);
    EXPECT_EQ(r.log.total(), 1u);
    ASSERT_NE(r.first("NFT-008"), nullptr);
    EXPECT_EQ(r.first("NFT-008")->offset, 0u);
    EXPECT_NE(r.first("NFT-008")->detail.find("2 of 3"), std::string::npos);
}

TEST(NftReader, BlankLinesAreSkippedButCounted) {
    const auto r = read("\r\n" + kGood + "\r\n   \r\n\r\n" + kGood + "\r\n");
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[0].line_number, 2u);
    EXPECT_EQ(r.records[1].line_number, 5u);
    EXPECT_EQ(r.summary.blank_lines, 3u);
    EXPECT_EQ(r.summary.lines, 5u);
    EXPECT_EQ(r.count("NFT-009"), 1u);
    EXPECT_FALSE(r.log.has_problems());
}

TEST(NftReader, LastLineWithoutLineEnd) {
    const auto r = read(kGood + "\r\n" + kGood.substr(0, 40));
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[1].line_end, LineEnd::none);
    EXPECT_FALSE(r.records[1].parsed);  // cut right after the structure: no block
    EXPECT_EQ(r.count("NFT-006"), 1u);
    EXPECT_EQ(r.first("NFT-006")->offset, kGood.size() + 2);
    EXPECT_EQ(r.count("NFT-001"), 1u);

    // Cut in the text: the line still fits, but the cut is reported.
    const auto cut_text = read(kGood.substr(0, kGood.size() - 5));
    EXPECT_TRUE(cut_text.records[0].parsed);
    EXPECT_EQ(cut_text.log.total(), 1u);
    EXPECT_EQ(cut_text.count("NFT-006"), 1u);
}

TEST(NftReader, HugeLineIsBounded) {
    ReaderOptions options;
    options.max_line_bytes = 100;
    const std::string huge = kGood + std::string(100000, 'x');
    const auto r = read(huge + "\r\n" + kGood + "\r\n", options);
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_TRUE(r.records[0].raw_bounded);
    EXPECT_EQ(r.raws[0].size(), 100u);
    EXPECT_EQ(r.records[0].length, huge.size());
    EXPECT_TRUE(r.records[0].parsed);  // the fields fit; the text is only the kept part
    EXPECT_EQ(r.count("NFT-007"), 1u);
    EXPECT_EQ(r.records[1].offset, huge.size() + 2);
    EXPECT_FALSE(r.records[1].raw_bounded);
    EXPECT_EQ(r.records[1].line_number, 2u);
}

TEST(NftReader, CtrlZEndsTheLogOnlyWhenNothingFollows) {
    auto r = read(kGood + "\r\n\x1a");
    EXPECT_EQ(r.records.size(), 1u);
    EXPECT_EQ(r.count("NFT-010"), 1u);
    EXPECT_FALSE(r.log.has_problems());

    // A program appending in text mode writes behind the marker: those lines are read too.
    r = read(kGood + "\r\n\x1a" + kGood + "\r\n");
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[1].offset, kGood.size() + 3);
    EXPECT_TRUE(r.records[1].parsed);
    EXPECT_EQ(r.count("NFT-010"), 1u);
    EXPECT_NE(r.first("NFT-010")->detail.find("read on"), std::string::npos);
}

TEST(NftReader, EmptyFileAndBlankFile) {
    auto r = read("");
    EXPECT_TRUE(r.records.empty());
    EXPECT_EQ(r.count("NFT-012"), 1u);
    r = read("\r\n\r\n");
    EXPECT_TRUE(r.records.empty());
    EXPECT_EQ(r.count("NFT-009"), 1u);
}

TEST(NftReader, DatesGoingBackwardsAreNoted) {
    const std::string later = kGood;
    const std::string earlier = replace_once(kGood, "14:02:41", "13:59:00");
    const auto r = read(later + "\r\n" + earlier + "\r\n" + later + "\r\n");
    EXPECT_EQ(r.count("NFT-011"), 1u);
    EXPECT_EQ(r.first("NFT-011")->offset, later.size() + 2);
    EXPECT_EQ(r.summary.earliest->time_raw, "13:59:00");
    EXPECT_EQ(r.summary.latest->time_raw, "14:02:41");
}

TEST(NftReader, ConsoleTextIsKeptVerbatim) {
    // Connector console output (Q179072) appended to the log: not a record of the model.
    const std::string console =
        "Exporting messages in mailbox \"amara_n\" to file EXPORT\\MSG4B10.CCM";
    const auto r = read(kGood + "\r\n" + console + "\r\n");
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_FALSE(r.records[1].parsed);
    EXPECT_EQ(r.records[1].failed_field, Field::date);
    EXPECT_EQ(r.raws[1], console);
}

TEST(NftReader, RandomBytesNeverBreakTheReader) {
    std::mt19937 random(20240611);
    for (int round = 0; round < 200; ++round) {
        std::string bytes(static_cast<std::size_t>(random() % 3000), '\0');
        for (auto& c : bytes) {
            // Line ends and digits often, so that lines and fields form.
            const auto pick = random() % 10;
            c = pick == 0   ? '\n'
                : pick == 1 ? ' '
                : pick < 4  ? static_cast<char>('0' + random() % 10)
                            : static_cast<char>(random() % 256);
        }
        ReaderOptions options;
        options.max_line_bytes = 1 + random() % 200;
        EventLog log;
        std::uint64_t records = 0, last_line = 0;
        const auto summary = read_nfterror(bytes, "random", options, log, [&](const Record& r) {
            ++records;
            EXPECT_GT(r.line_number, last_line);
            last_line = r.line_number;
            ASSERT_LE(r.offset + r.length, bytes.size());
            ASSERT_LE(r.raw.size(), options.max_line_bytes);
            EXPECT_EQ(r.raw.data(), bytes.data() + r.offset);
        });
        EXPECT_EQ(summary.records, records);
        EXPECT_EQ(summary.parsed + summary.unparsed, records);
        for (const auto& e : log.events()) EXPECT_LE(e.offset, bytes.size());
    }
}

TEST(NftReader, CutAtEveryByteOfTheSample) {
    const auto bytes = testing::sample("nfterror/NFTERROR.LOG");
    for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
        const auto r = read(bytes.substr(0, cut));
        ASSERT_LE(r.records.size(), 8u);
        if (cut > 0 && bytes[cut - 1] != '\n') {
            EXPECT_EQ(r.count("NFT-006"), 1u) << cut;
        }
    }
}

TEST(NftReader, ReadsAnEvidenceFile) {
    namespace fs = std::filesystem;
    const auto path = fs::temp_directory_path() /
                      ("ccsalvage-nft-" + std::to_string(::getpid()) + "-NFTERROR.LOG");
    std::ofstream(path, std::ios::binary) << testing::sample("nfterror/NFTERROR.LOG");
    {
        const auto file = EvidenceFile::open(path);
        EventLog log;
        std::uint64_t records = 0;
        const auto summary = read_nfterror(file, log, [&](const Record&) { ++records; });
        EXPECT_EQ(records, 8u);
        EXPECT_EQ(summary.unparsed, 1u);
        ASSERT_EQ(log.events().size(), 1u);
        EXPECT_EQ(log.events()[0].file, file.display_name());
    }
    fs::remove(path);
}

TEST(NftCatalogue, CodeAndDocumentationAgree) {
    testing::expect_catalogue_matches_document(events::kCatalogue, "docs/formats/nfterror.md",
                                               "NFT");
}

TEST(NftCatalogue, IdsAreUniqueAndRegistered) {
    testing::expect_catalogue_registered(events::kCatalogue, events::register_nfterror_catalogue);
}

}  // namespace
}  // namespace ccsalvage::nfterror
