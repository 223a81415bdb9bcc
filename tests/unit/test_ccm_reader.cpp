// The .ccm reader against the shipped samples, one-field corruptions of a good file, and
// cuts at every byte.
#include "parsers/ccm/reader.hpp"

#include <gtest/gtest.h>

#include "core/sha256.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::ccm {
namespace {

using testing::read_bytes;
using testing::sample;

std::string replace_once(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("fixture changed: " + std::string(from));
    return text.replace(at, from.size(), to);
}

TEST(CcmReader, PublishedLayoutQ184052) {
    // The layout of the one published connector file, with its sizes recomputed.
    const std::string body = "This is the message body";
    const std::string item =
        "Text item:\r\n" + std::to_string(body.size()) + "\r\n" + body + "\r\n";
    const std::string rest =
        "From: Grewal, Jeff at Hub\r\nDate: 6/2/98 8:39\r\nTo: Admin at "
        "HUBPO2\r\nSubject: Another message\r\nContents:\r\n" +
        std::to_string(item.size()) + "\r\n" + item;
    const std::string file = "Message:\r\n" + std::to_string(rest.size()) + "\r\n" + rest;
    const auto r = read_bytes(file);
    ASSERT_EQ(r.messages.size(), 1u);
    const auto& m = r.messages[0];
    EXPECT_TRUE(m.sized);
    EXPECT_TRUE(m.has_contents);
    EXPECT_FALSE(m.partial);
    ASSERT_EQ(m.from.size(), 1u);
    EXPECT_EQ(m.from[0].name, "Grewal, Jeff");
    EXPECT_EQ(m.from[0].post_office, "Hub");
    ASSERT_EQ(m.to.size(), 1u);
    EXPECT_EQ(m.to[0].name, "Admin");
    ASSERT_TRUE(m.date);
    EXPECT_TRUE(m.date->valid);
    EXPECT_EQ(m.date->year, 1998);
    EXPECT_EQ(m.date->month, 6);
    EXPECT_EQ(m.date->day, 2);
    EXPECT_EQ(m.subject, "Another message");
    ASSERT_EQ(m.items.size(), 1u);
    EXPECT_EQ(m.items[0].kind, ItemKind::text);
    EXPECT_EQ(r.item_data[0][0], body);
    EXPECT_EQ(m.items[0].size_fit, Item::SizeFit::data_only);
    EXPECT_EQ(r.log.total(), 0u);
}

TEST(CcmReader, PublishedSizesThatDoNotAddUp) {
    // The KB article's numbers (179, 58, 32) announce more bytes than it prints: the reader
    // keeps every byte, delimits by structure, and, this being the end of the file, says the
    // message may have lost its tail.
    const std::string file =
        "Message:\r\n179\r\nFrom: Grewal, Jeff at Hub\r\nDate: 6/2/98 8:39\r\nTo: Admin at "
        "HUBPO2\r\nSubject: Another message\r\nContents:\r\n58\r\nText item:\r\n32\r\nThis is the "
        "message body\r\n";
    const auto r = read_bytes(file);
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_EQ(r.item_data[0][0], "This is the message body");
    EXPECT_EQ(r.messages[0].items[0].size_fit, Item::SizeFit::resynchronised);
    EXPECT_TRUE(r.has_event("CCM-014"));  // 32 > the 26 bytes left
    EXPECT_TRUE(r.has_event("CCM-007"));  // Message: says 179, 150 follow
    EXPECT_TRUE(r.messages[0].partial);
}

TEST(CcmReader, OuterSizeMismatchInsideTheFileIsOnlyNoted) {
    const std::string first =
        "Message:\r\n999\r\nFrom: A at B\r\nContents:\r\n17\r\nText item:\r\n2\r\nhi\r\n";
    const auto r = read_bytes(first + first);
    ASSERT_EQ(r.messages.size(), 2u);
    EXPECT_TRUE(r.has_event("CCM-006"));
    EXPECT_FALSE(r.messages[0].partial);
}

TEST(CcmReader, CleanSampleWithSizes) {
    const auto bytes = sample("ccm/clean-itemsize.ccm");
    const auto r = read_bytes(bytes);
    ASSERT_EQ(r.messages.size(), 3u) << "binary data holding 'Message:' must not split a message";
    EXPECT_FALSE(r.log.has_problems());
    EXPECT_EQ(r.log.count(Severity::note), 0u);

    const auto& m0 = r.messages[0];
    EXPECT_EQ(m0.from[0].name, "Lindqvist, Åsa");
    ASSERT_EQ(m0.to.size(), 2u);
    EXPECT_EQ(m0.to[0].raw, "Grünewald, Jürgen at HUB");
    EXPECT_EQ(m0.to[1].post_office, "HUBPO2");
    ASSERT_EQ(m0.cc.size(), 1u);
    EXPECT_EQ(m0.cc[0].kind, AddressKind::bulletin_board);
    EXPECT_EQ(m0.subject, "Budget för 1998 - review");
    ASSERT_EQ(m0.items.size(), 2u);
    EXPECT_EQ(m0.items[1].kind, ItemKind::file);
    EXPECT_EQ(m0.items[1].file_name, "Budget 1998 v2.wk4");
    EXPECT_EQ(m0.items[1].file_stamp, "5/6/98 3:10PM");
    EXPECT_EQ(r.item_data[0][1].size(), 984u);
    EXPECT_EQ(r.item_data[0][1].substr(0, 3), std::string("\x00\x01\x02", 3));
    EXPECT_EQ(m0.items[1].sha256, sha256_hex(r.item_data[0][1]));

    const auto& m1 = r.messages[1];
    EXPECT_EQ(m1.from[0].kind, AddressKind::internet);
    EXPECT_EQ(m1.from[0].internet, "jane.doe@example.com");
    EXPECT_TRUE(m1.receipt_requested);
    ASSERT_EQ(m1.bcc.size(), 1u);
    ASSERT_EQ(m1.items.size(), 2u);
    EXPECT_EQ(m1.items[0].title, "Cover note");
    EXPECT_EQ(r.item_data[1][1], "");  // text item of length zero (Q178122)
    ASSERT_TRUE(m1.date && m1.date->valid);
    EXPECT_EQ(m1.date->hour, 23);

    const auto& m2 = r.messages[2];
    EXPECT_EQ(m2.items[0].size_fit, Item::SizeFit::includes_line_end);
    EXPECT_EQ(r.item_data[2][0], "All systems checked.");
    EXPECT_EQ(m2.date->year, 1999);
    EXPECT_EQ(m2.end_offset, bytes.size());
}

TEST(CcmReader, UnsizedSampleWithLfAndCtrlZ) {
    const auto r = read_bytes(sample("ccm/clean-nosize.ccm"));
    ASSERT_EQ(r.messages.size(), 2u);
    EXPECT_FALSE(r.messages[0].sized);
    EXPECT_EQ(r.messages[0].items[0].title, "Summary");
    EXPECT_EQ(r.item_data[0][0], "Numbers are up.\nDetails follow in the next message.");
    EXPECT_EQ(r.item_data[1][0], "Thanks.");
    EXPECT_TRUE(r.has_event("CCM-012"));
    EXPECT_FALSE(r.log.has_problems());
}

TEST(CcmReader, DamagedSampleReportsEachDamageAtItsOffset) {
    const auto bytes = sample("ccm/damaged.ccm");
    const auto r = read_bytes(bytes);
    ASSERT_EQ(r.messages.size(), 4u);
    EXPECT_EQ(r.summary.partial_messages, 1u);
    struct Expected {
        const char* code;
        std::uint64_t offset;
    };
    for (const auto& e :
         {Expected{"CCM-002", 0}, Expected{"CCM-004", 55}, Expected{"CCM-008", 258},
          Expected{"CCM-001", 300}, Expected{"CCM-011", 341}, Expected{"CCM-005", 394},
          Expected{"CCM-003", 444}, Expected{"CCM-015", 555}, Expected{"CCM-007", 798}}) {
        const auto* event = r.first_event(e.code);
        ASSERT_NE(event, nullptr) << e.code;
        EXPECT_EQ(event->offset, e.offset) << e.code;
        EXPECT_EQ(event->file, "test.ccm");
    }
    // Message 2: the short size is overridden, and every byte of the text is kept.
    EXPECT_EQ(r.item_data[1][0], "This text is longer than its declared size says.");
    EXPECT_EQ(r.messages[1].subject, "Wrong size and an impossible date");
    ASSERT_TRUE(r.messages[1].date);
    EXPECT_FALSE(r.messages[1].date->valid);
    EXPECT_EQ(r.messages[1].date->raw, "2/31/99 10:00");
    // Message 3: no Contents:, but its undocumented item is still read.
    EXPECT_FALSE(r.messages[2].has_contents);
    ASSERT_EQ(r.messages[2].items.size(), 1u);
    EXPECT_EQ(r.messages[2].items[0].kind, ItemKind::other);
    EXPECT_EQ(r.messages[2].items[0].keyword, "Fax item");
    // Message 4: the text item is whole; the attachment is partial, its bytes kept.
    EXPECT_TRUE(r.messages[3].partial);
    ASSERT_EQ(r.messages[3].items.size(), 2u);
    EXPECT_EQ(r.item_data[3][0], "See attachment.");
    EXPECT_TRUE(r.messages[3].items[1].truncated);
    EXPECT_EQ(r.messages[3].items[1].data_offset + r.item_data[3][1].size(), bytes.size());
}

// --- one field of a good file corrupted at a time ------------------------------------------

class CorruptOneField : public ::testing::Test {
  protected:
    std::string good = sample("ccm/clean-itemsize.ccm");
};

TEST_F(CorruptOneField, ItemSizeTooLargeByFive) {
    const auto r = read_bytes(
        replace_once(good, "Text item: Cover note\r\n33\r\n", "Text item: Cover note\r\n38\r\n"));
    ASSERT_EQ(r.messages.size(), 3u);
    EXPECT_TRUE(r.has_event("CCM-005"));
    EXPECT_EQ(r.item_data[1][0], "Please confirm you received this.");
    EXPECT_EQ(r.messages[1].items.size(), 2u);
}

TEST_F(CorruptOneField, BinaryItemSizeTooSmall) {
    const auto r = read_bytes(replace_once(good, "3:10PM\r\n984\r\n", "3:10PM\r\n900\r\n"));
    ASSERT_EQ(r.messages.size(), 3u);
    EXPECT_TRUE(r.has_event("CCM-005"));
    EXPECT_EQ(r.item_data[0][1].size(), 984u) << "resynchronised past the look-alike keywords";
}

TEST_F(CorruptOneField, MissingContentsLine) {
    const auto r =
        read_bytes(replace_once(good, "Subject: Receipt requested\r\nRRT:\r\nContents:\r\n",
                                "Subject: Receipt requested\r\nRRT:\r\n"));
    ASSERT_EQ(r.messages.size(), 3u);
    EXPECT_TRUE(r.has_event("CCM-003"));
    EXPECT_FALSE(r.messages[1].has_contents);
}

TEST_F(CorruptOneField, BlankMessageSize) {
    auto bytes = good;
    bytes.replace(bytes.find("\r\n") + 2, bytes.find("\r\n", 10) - bytes.find("\r\n") - 2, "   ");
    const auto r = read_bytes(bytes);
    ASSERT_EQ(r.messages.size(), 3u);
    EXPECT_TRUE(r.has_event("CCM-004"));
}

TEST_F(CorruptOneField, ImpossibleDate) {
    const auto r = read_bytes(replace_once(good, "Date: 6/3/98 11:05PM", "Date: 2/30/98 11:05PM"));
    ASSERT_EQ(r.messages.size(), 3u);
    EXPECT_TRUE(r.has_event("CCM-008"));
    EXPECT_EQ(r.messages[1].date->raw, "2/30/98 11:05PM");
}

TEST_F(CorruptOneField, HugeItemSize) {
    const auto r = read_bytes(replace_once(good, "Text item: Cover note\r\n33\r\n",
                                           "Text item: Cover note\r\n999999999999\r\n"));
    ASSERT_EQ(r.messages.size(), 3u);
    EXPECT_TRUE(r.has_event("CCM-014"));
    EXPECT_EQ(r.item_data[1][0], "Please confirm you received this.");
}

TEST_F(CorruptOneField, ItemSizeNotANumber) {
    const auto r = read_bytes(replace_once(good, "Text item: Cover note\r\n33\r\n",
                                           "Text item: Cover note\r\nthirty\r\n"));
    ASSERT_EQ(r.messages.size(), 3u);
    EXPECT_TRUE(r.has_event("CCM-004"));
    EXPECT_EQ(r.item_data[1][0], "thirty\r\nPlease confirm you received this.");
}

TEST_F(CorruptOneField, GarbageBeforeFirstMessage) {
    const auto r =
        read_bytes("Exporting messages in mailbox \"x\" to file EXPORT\\MSG4A27.CCM\r\n" + good);
    ASSERT_EQ(r.messages.size(), 3u);
    const auto* e = r.first_event("CCM-002");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->offset, 0u);
}

TEST_F(CorruptOneField, ConsoleTextBetweenItems) {
    const auto r = read_bytes(replace_once(good, "Text item: Cover note",
                                           "Importing message 1\r\nText item: Cover note"));
    ASSERT_EQ(r.messages.size(), 3u);
    EXPECT_TRUE(r.has_event("CCM-017"));
    ASSERT_EQ(r.messages[1].items.size(), 3u);
    EXPECT_EQ(r.messages[1].items[0].kind, ItemKind::unclaimed);
    EXPECT_EQ(r.item_data[1][0], "Importing message 1\r\n");
}

TEST_F(CorruptOneField, UndecodableByteInDbcsCodePage) {
    ReaderOptions options;
    options.code_page = CodePage::cp932;
    // 0x81 0x20 is not a valid Shift-JIS pair.
    const auto r =
        read_bytes(replace_once(good, "Subject: Year end", "Subject: Year \x81 end"), options);
    ASSERT_EQ(r.messages.size(), 3u);
    const auto* e = r.first_event("CCM-009");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(good.substr(0, 10), std::string("Message:\r\n"));
}

// --- cuts and caps -----------------------------------------------------------------------

TEST(CcmReader, CutAtEveryByteKeepsEveryCompleteMessage) {
    const auto good = sample("ccm/clean-itemsize.ccm");
    const auto full = read_bytes(good);
    for (std::size_t cut = 0; cut <= good.size(); ++cut) {
        const auto r = read_bytes(good.substr(0, cut));
        std::size_t complete = 0;
        while (complete < full.messages.size() && full.messages[complete].end_offset <= cut) {
            ++complete;
        }
        ASSERT_GE(r.messages.size(), complete) << "cut at " << cut;
        for (std::size_t i = 0; i < complete; ++i) {
            // The head of a message cut short may follow as unclaimed bytes; every real item
            // must be exactly what the whole file gives.
            const auto& items = r.messages[i].items;
            ASSERT_GE(items.size(), full.messages[i].items.size()) << "cut at " << cut;
            for (std::size_t k = 0; k < full.messages[i].items.size(); ++k) {
                EXPECT_EQ(items[k].sha256, full.messages[i].items[k].sha256)
                    << "cut at " << cut << " message " << i << " item " << k;
            }
            for (std::size_t k = full.messages[i].items.size(); k < items.size(); ++k) {
                EXPECT_EQ(items[k].kind, ItemKind::unclaimed) << "cut at " << cut;
            }
        }
        if (cut < good.size() && cut > 0 && complete < full.messages.size() &&
            r.messages.size() > complete) {
            // The message the cut fell into is flagged, unless the cut only removed its final
            // line end (then nothing of it is missing).
            const auto& last = r.messages.back();
            const bool only_line_end_missing = full.messages[complete].end_offset - cut <= 2;
            if (!only_line_end_missing) {
                EXPECT_TRUE(last.partial || r.log.has_problems()) << "cut at " << cut;
            }
        }
    }
}

TEST(CcmReader, ItemCapBoundsMemoryAndReports) {
    std::string items;
    for (int i = 0; i < 50; ++i) items += "Text item:\r\n1\r\nx\r\n";
    const std::string file = "Message:\r\nFrom: A at B\r\nContents:\r\n" + items;
    ReaderOptions options;
    options.max_items_per_message = 20;
    const auto r = read_bytes(file, options);
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_EQ(r.messages[0].items.size(), 20u);
    EXPECT_TRUE(r.has_event("CCM-016"));
}

TEST(CcmReader, EmptyAndPaddingOnlyFilesAreQuiet) {
    EXPECT_EQ(read_bytes("").log.total(), 0u);
    EXPECT_EQ(read_bytes("\r\n\x1a").messages.size(), 0u);
    const auto r = read_bytes("just some text\r\n");
    EXPECT_TRUE(r.has_event("CCM-019"));
}

TEST(CcmReader, ItemKeywordAfterCtrlZEndsAndDoesNotHang) {
    // Found by fuzzing: a CTRL-Z, then an item keyword line outside any message.
    const auto r = read_bytes("Message:\r\nFrom: a\r\nContents:\r\n\x1a\r\nText item:\r\nhi\r\n");
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_TRUE(r.has_event("CCM-013"));
    EXPECT_TRUE(r.has_event("CCM-002"));
}

TEST(CcmReader, BlocksNotSeparatedByLineEnds) {
    // Q184391: the next keyword may follow the data directly.
    const std::string file =
        "Message:\r\nFrom: A at B\r\nContents:\r\nText item:\r\n5\r\nhelloText item:\r\n3\r\nbye"
        "Message:\r\nFrom: C at D\r\nContents:\r\n";
    const auto r = read_bytes(file);
    ASSERT_EQ(r.messages.size(), 2u);
    ASSERT_EQ(r.item_data[0].size(), 2u);
    EXPECT_EQ(r.item_data[0][0], "hello");
    EXPECT_EQ(r.item_data[0][1], "bye");
    EXPECT_FALSE(r.log.has_problems());
}

}  // namespace
}  // namespace ccsalvage::ccm
