// MessageDetail::compact and load_message(): a compact read reports exactly the events of a
// full read, and every record it keeps, made whole again by load_message(), equals the record
// the full read keeps (header, place, provenance, item states), on the sample post offices,
// on damage that relinks a chain or pairs duplicates, and on single bytes changed anywhere.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "parsers/po/block.hpp"
#include "parsers/po/bytes.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"
#include "support/event_text.hpp"
#include "support/po_block_size.hpp"
#include "support/po_fixture.hpp"
#include "support/test_files.hpp"

namespace ccsalvage::po {
namespace {

using testing::events_of;

void expect_same_header(const MessageHeader& a, const MessageHeader& b) {
    EXPECT_EQ(a.message_number, b.message_number);
    EXPECT_EQ(a.date, b.date);
    EXPECT_EQ(a.arrival, b.arrival);
    EXPECT_EQ(a.flags, b.flags);
    EXPECT_EQ(a.item_count, b.item_count);
    EXPECT_EQ(a.recipient_count, b.recipient_count);
    EXPECT_EQ(a.reference_count, b.reference_count);
    EXPECT_EQ(a.sender_entry_id, b.sender_entry_id);
    EXPECT_EQ(a.total_item_bytes, b.total_item_bytes);
    EXPECT_EQ(a.sender, b.sender);
    EXPECT_EQ(a.subject, b.subject);
    ASSERT_EQ(a.recipients.size(), b.recipients.size());
    for (std::size_t i = 0; i < a.recipients.size(); ++i) {
        const Recipient &x = a.recipients[i], &y = b.recipients[i];
        EXPECT_TRUE(x.role == y.role && x.flags == y.flags && x.entry_id == y.entry_id &&
                    x.address == y.address)
            << "recipient " << i;
    }
    ASSERT_EQ(a.items.size(), b.items.size());
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        const ItemEntry &x = a.items[i], &y = b.items[i];
        EXPECT_TRUE(x.kind == y.kind && x.flags == y.flags && x.file_stamp == y.file_stamp &&
                    x.length == y.length && x.extent_block == y.extent_block &&
                    x.data_crc == y.data_crc && x.title == y.title)
            << "item " << i;
    }
}

void expect_same_place(const RecordPlace& a, const RecordPlace& b) {
    EXPECT_EQ(a.blocks, b.blocks);
    EXPECT_TRUE(a.write_serial == b.write_serial && a.readable == b.readable &&
                a.intact == b.intact && a.complete == b.complete && a.malformed == b.malformed);
}

void expect_same_records(const PostOfficeSource& source, const PostOffice& compact,
                         const MessageList& compact_list, const MessageList& full_list) {
    ASSERT_EQ(compact_list.size(), full_list.size());
    for (std::size_t i = 0; i < full_list.size(); ++i) {
        const MessageRecord& full = full_list[i];
        const MessageRecord& kept = compact_list[i];
        SCOPED_TRACE("message " + std::to_string(full.header.message_number));
        EXPECT_TRUE(kept.compact);
        EXPECT_TRUE(kept.header.subject.empty());
        EXPECT_TRUE(kept.header.recipients.empty());
        EXPECT_TRUE(kept.header.items.empty());
        const MessageRecord whole = load_message(source, compact, kept);
        EXPECT_FALSE(whole.compact);
        expect_same_header(whole.header, full.header);
        expect_same_place(whole.place, full.place);
        EXPECT_EQ(whole.provenance, full.provenance);
        EXPECT_EQ(whole.file, full.file);
        ASSERT_EQ(whole.items.size(), full.items.size());
        for (std::size_t k = 0; k < full.items.size(); ++k) {
            EXPECT_EQ(whole.items[k].present, full.items[k].present);
            EXPECT_EQ(whole.items[k].intact, full.items[k].intact);
        }
    }
}

// Reads `source` both ways and checks that they agree; returns the full read's events.
std::string read_both_and_compare(const PostOfficeSource& source) {
    EventLog full_log, compact_log;
    const PostOffice full = read_post_office(source, ReadOptions{}, full_log);
    ReadOptions options;
    options.messages = MessageDetail::compact;
    const PostOffice compact = read_post_office(source, options, compact_log);
    EXPECT_EQ(events_of(compact_log), events_of(full_log));
    expect_same_records(source, compact, compact.messages, full.messages);
    expect_same_records(source, compact, compact.recovered_messages, full.recovered_messages);
    return events_of(full_log);
}

TEST(CompactRecord, SamplePostOfficesReadTheSameCompact) {
    std::size_t offices = 0, messages = 0;
    for (const std::filesystem::path& office : testing::sample_post_offices()) {
        SCOPED_TRACE(office.string());
        const auto folder = PostOfficeFolder::open(office);
        read_both_and_compare(folder.source());
        EventLog log;
        messages += read_post_office(folder.source(), {}, log).messages.size();
        ++offices;
    }
    EXPECT_GE(offices, 10u);  // five sets of two to four post offices
    EXPECT_GT(messages, 100u);
}

TEST(CompactRecord, RelinkedChainDecodesAgainFromTheRelinkedBlocks) {
    PostOfficeFiles files = build_post_office(testing::sample_spec());
    const testing::PoRead clean = testing::read_files(files);
    const MessageRecord& m180 = *clean.po.find_message(180);
    ASSERT_GE(m180.place.blocks.size(), 3u);
    const std::uint32_t second = m180.place.blocks[1];
    // next_block of the second block back to the head: the census relinks the third.
    put_u32(files.clandata, std::size_t{second} * B + 12, m180.place.head());
    seal_block(files.clandata, std::size_t{second} * B, B);
    const std::string events = read_both_and_compare(testing::source_of(files));
    EXPECT_NE(events.find("PO-012"), std::string::npos) << events;

    ReadOptions options;
    options.messages = MessageDetail::compact;
    EventLog log;
    const PostOffice compact = read_post_office(testing::source_of(files), options, log);
    const MessageRecord whole =
        load_message(testing::source_of(files), compact, *compact.find_message(180));
    EXPECT_EQ(whole.header.recipients.size(), 40u);
}

TEST(CompactRecord, DuplicateDeliveryIsReportedTheSameFromCompactRecords) {
    PostOfficeSpec spec = testing::sample_spec();
    MessageSpec again = spec.messages[0];  // 179 delivered again two minutes later
    again.message_number = 182;
    again.arrival = testing::dos(1998, 6, 2, 8, 42, 10);
    spec.messages.push_back(again);
    spec.mailboxes[0].folders[0].entries.push_back({182, again.arrival, 0});
    const PostOfficeFiles files = build_post_office(spec);
    const std::string events = read_both_and_compare(testing::source_of(files));
    EXPECT_NE(events.find("PO-032"), std::string::npos) << events;
}

TEST(CompactRecord, SingleBytesChangedAnywhereReadTheSameCompact) {
    const PostOfficeFiles good = build_post_office(testing::sample_spec());
    std::mt19937 rng(61);
    for (int round = 0; round < 150; ++round) {
        PostOfficeFiles files = good;
        std::string& file = round % 3 == 2 ? files.mlandata : files.clandata;
        const std::size_t at = rng() % file.size();
        file[at] = static_cast<char>(rng());
        if (round % 2 == 0) seal_block(file, at / B * B, B);  // damage that passes the CRC
        SCOPED_TRACE("round " + std::to_string(round) + " byte " + std::to_string(at));
        read_both_and_compare(testing::source_of(files));
    }
}

TEST(CompactRecord, LoadMessageOfAWholeRecordIsThatRecord) {
    const PostOfficeFiles files = build_post_office(testing::sample_spec());
    const testing::PoRead r = testing::read_files(files);
    for (const MessageRecord& m : r.po.messages) {
        EXPECT_FALSE(m.compact);
        const MessageRecord same = load_message(testing::source_of(files), r.po, m);
        expect_same_header(same.header, m.header);
        expect_same_place(same.place, m.place);
    }
}

}  // namespace
}  // namespace ccsalvage::po
