// A post office record as a message of the common model: headers decoded from the code page,
// recipients by role, the date as cc:Mail writes it, items with their exact bytes and states.
#include <gtest/gtest.h>

#include <utility>

#include "flow/po_message.hpp"
#include "support/po_fixture.hpp"

namespace ccsalvage {
namespace {

struct Loaded {
    po::PostOfficeFiles files;
    po::PostOfficeSource source;
    testing::PoRead read;
};

Loaded load(const po::PostOfficeSpec& spec) {
    Loaded l;
    l.files = po::build_post_office(spec);
    l.source = testing::source_of(l.files);
    l.read.po = po::read_post_office(l.source, {}, l.read.log);
    return l;
}

flow::PoMessage message(const Loaded& l, std::uint32_t number,
                        flow::PoMessageOptions options = {}) {
    const po::MessageRecord* record = l.read.po.find_message(number);
    EXPECT_NE(record, nullptr);
    return flow::load_po_message(l.source, l.read.po, *record, options);
}

TEST(PoMessage, HeadersDatesAndRecipientsByRole) {
    const Loaded l = load(testing::sample_spec());
    const flow::PoMessage m179 = message(l, 179, flow::options_for(l.read.po));
    ASSERT_EQ(m179.message.from.size(), 1U);
    EXPECT_EQ(m179.message.from[0].name, "Grewal, Jeff");
    EXPECT_EQ(m179.message.from[0].post_office, "Hub");
    ASSERT_EQ(m179.message.to.size(), 1U);
    EXPECT_EQ(m179.message.to[0].raw, "Admin at HUBPO2");
    EXPECT_EQ(m179.message.subject, "Another message");
    ASSERT_TRUE(m179.message.date.has_value());
    EXPECT_EQ(m179.message.date->raw, "6/2/98 8:39");
    EXPECT_TRUE(m179.message.date->valid);
    EXPECT_EQ(m179.message.date->year, 1998);
    EXPECT_TRUE(m179.message.receipt_requested);
    EXPECT_EQ(m179.record_file, "CLANDATA");
    EXPECT_GT(m179.record_offset, 0U);

    const flow::PoMessage m180 = message(l, 180);
    std::size_t to = 0, cc = 0, bcc = 0;
    for (const auto& r : l.read.po.find_message(180)->header.recipients) {
        (r.role == 1 ? to : r.role == 2 ? cc : bcc) += 1;
    }
    EXPECT_EQ(m180.message.to.size(), to);
    EXPECT_EQ(m180.message.cc.size(), cc);
    EXPECT_EQ(m180.message.bcc.size(), bcc);
}

TEST(PoMessage, ItemsKeepTheirBytesAndSurviveAMove) {
    const po::PostOfficeSpec spec = testing::sample_spec();
    const Loaded l = load(spec);
    flow::PoMessage loaded = message(l, 180);
    const flow::PoMessage m = std::move(loaded);  // views must follow the bytes
    const auto& items = spec.messages[1].items;
    ASSERT_EQ(m.message.items.size(), items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        EXPECT_EQ(m.message.items[i].data, items[i].data) << "item " << i;
        EXPECT_TRUE(m.items[i].intact) << "item " << i;
    }
    EXPECT_EQ(m.message.items[0].kind, ccm::ItemKind::text);
    EXPECT_EQ(m.message.items[0].title, "Note");
    EXPECT_EQ(m.message.items[1].kind, ccm::ItemKind::file);
    EXPECT_EQ(m.message.items[1].file_name, "REPORT.XLS");
    EXPECT_EQ(m.message.items[1].file_stamp, "5/30/98 5:12PM");
    EXPECT_EQ(m.message.items[1].keyword, "File item");
}

// With item_reads (the export's pread of MLANDATA), the item bytes come through it and are
// the same bytes and states as through the mapping, a damaged item included.
TEST(PoMessage, ItemsReadThroughPositionedReadsAreTheSame) {
    Loaded l = load(testing::sample_spec());
    const std::uint32_t block = l.read.po.find_message(180)->items[1].extent_blocks.front();
    const std::uint32_t block_size = l.read.po.file(po::FileKind::mlandata)->block_size;
    l.files.mlandata[std::size_t{block} * block_size + block_size - 8] ^= 0x5A;
    l.source = testing::source_of(l.files);
    for (const std::uint32_t number : {179U, 180U, 181U}) {
        SCOPED_TRACE(number);
        const flow::PoMessage mapped = message(l, number);
        std::size_t reads = 0;
        flow::PoMessageOptions options;
        options.item_reads = [&](std::uint64_t offset, char* into, std::size_t size) {
            ++reads;
            const std::string& file = l.files.mlandata;
            if (offset >= file.size()) return std::size_t{0};
            return file.copy(into, size, static_cast<std::size_t>(offset));
        };
        const flow::PoMessage read = message(l, number, options);
        EXPECT_GT(reads, 0U);
        ASSERT_EQ(read.message.items.size(), mapped.message.items.size());
        for (std::size_t i = 0; i < mapped.message.items.size(); ++i) {
            EXPECT_EQ(read.message.items[i].data, mapped.message.items[i].data) << "item " << i;
            EXPECT_EQ(read.items[i].intact, mapped.items[i].intact) << "item " << i;
            EXPECT_EQ(read.items[i].bytes, mapped.items[i].bytes) << "item " << i;
        }
    }
    EXPECT_FALSE(message(l, 180).items[1].intact);
}

// A compact read decodes each header again when the message is loaded: through CLANDATA's
// mapping, or with positioned reads of its blocks (the export's pass over every message); both
// give the same header, and a block that cannot be read whole is what a cut file gives.
TEST(PoMessage, HeadersDecodedAgainThroughPositionedReadsAreTheSame) {
    Loaded l;
    l.files = po::build_post_office(testing::sample_spec());
    l.source = testing::source_of(l.files);
    po::ReadOptions compact;
    compact.messages = po::MessageDetail::compact;
    l.read.po = po::read_post_office(l.source, compact, l.read.log);
    const std::string& clandata = l.files.clandata;
    for (const std::uint32_t number : {179U, 180U, 181U}) {
        SCOPED_TRACE(number);
        const po::MessageRecord* record = l.read.po.find_message(number);
        ASSERT_NE(record, nullptr);
        ASSERT_TRUE(record->compact);
        const flow::PoMessage mapped = message(l, number);
        std::size_t reads = 0;
        flow::PoMessageOptions options;
        options.record_reads = [&](std::uint64_t offset, char* into, std::size_t size) {
            ++reads;
            if (offset >= clandata.size()) return std::size_t{0};
            return clandata.copy(into, size, static_cast<std::size_t>(offset));
        };
        const flow::PoMessage read = message(l, number, options);
        EXPECT_EQ(reads, record->place.blocks.size());
        EXPECT_FALSE(read.message.subject.empty());
        ASSERT_EQ(read.message.headers.size(), mapped.message.headers.size());
        for (std::size_t i = 0; i < mapped.message.headers.size(); ++i) {
            EXPECT_EQ(read.message.headers[i].keyword, mapped.message.headers[i].keyword);
            EXPECT_EQ(read.message.headers[i].value, mapped.message.headers[i].value);
        }
        ASSERT_EQ(read.message.items.size(), mapped.message.items.size());
        for (std::size_t i = 0; i < mapped.message.items.size(); ++i) {
            EXPECT_EQ(read.message.items[i].title, mapped.message.items[i].title) << "item " << i;
            EXPECT_EQ(read.message.items[i].data, mapped.message.items[i].data) << "item " << i;
        }
        // Every read one byte short: no block is whole, as in a file cut before the record.
        options.record_reads = [&](std::uint64_t offset, char* into, std::size_t size) {
            return clandata.copy(into, size - 1, static_cast<std::size_t>(offset));
        };
        const po::MessageRecord whole =
            po::load_message(l.source, l.read.po, *record, options.record_reads);
        std::string cut =
            clandata.substr(0, std::size_t{record->place.head()} *
                                   l.read.po.file(po::FileKind::clandata)->block_size);
        po::PostOfficeFiles cut_files = l.files;
        cut_files.clandata = cut;
        const po::MessageRecord from_cut =
            po::load_message(testing::source_of(cut_files), l.read.po, *record);
        EXPECT_EQ(whole.header.subject, from_cut.header.subject);
        EXPECT_EQ(whole.header.sender, from_cut.header.sender);
        EXPECT_EQ(whole.header.items.size(), from_cut.header.items.size());
    }
}

TEST(PoMessage, DamagedItemIsMarkedNotIntact) {
    Loaded l = load(testing::sample_spec());
    const po::MessageRecord* record = l.read.po.find_message(180);
    ASSERT_NE(record, nullptr);
    ASSERT_FALSE(record->items.empty());
    ASSERT_FALSE(record->items[1].extent_blocks.empty());
    // Flip one data byte of the file item's first extent (past its block header).
    const std::uint32_t block = record->items[1].extent_blocks.front();
    const std::uint32_t block_size = l.read.po.file(po::FileKind::mlandata)->block_size;
    l.files.mlandata[std::size_t{block} * block_size + block_size - 8] ^= 0x5A;
    l.source = testing::source_of(l.files);
    const flow::PoMessage m = message(l, 180);
    EXPECT_FALSE(m.items[1].intact);
    EXPECT_TRUE(m.items[0].intact);
}

TEST(PoMessage, DateOrderFollowsThePostOffice) {
    const po::DosDateTime date = po::pack(1998, 6, 2, 14, 5, 0);
    EXPECT_EQ(flow::ccmail_date_text(date, ccm::DateOrder::us_mdy), "6/2/98 14:05");
    EXPECT_EQ(flow::ccmail_date_text(date, ccm::DateOrder::european_dmy), "2/6/98 14:05");
    EXPECT_EQ(flow::ccmail_file_stamp(date, ccm::DateOrder::us_mdy), "6/2/98 2:05PM");
    EXPECT_EQ(flow::item_keyword(5), "Forwarded item");
}

}  // namespace
}  // namespace ccsalvage
