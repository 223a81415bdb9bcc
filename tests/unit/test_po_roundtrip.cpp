// Writing a post office and reading it back (docs/formats/post-office.md, sections 13, 14.1):
// the reader must see exactly what the writer was given, and report nothing at all.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/errors.hpp"
#include "core/output_folder.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"
#include "support/po_fixture.hpp"

namespace ccsalvage::po {
namespace {

using testing::read_files;
using testing::sample_spec;

void expect_same_contents(const PostOfficeSpec& a, const PostOfficeSpec& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.generation, b.generation);
    EXPECT_EQ(a.code_page, b.code_page);
    EXPECT_EQ(a.po_id, b.po_id);
    EXPECT_EQ(a.created, b.created);
    EXPECT_EQ(a.modified, b.modified);
    ASSERT_EQ(a.directory.size(), b.directory.size());
    for (std::size_t i = 0; i < a.directory.size(); ++i) {
        const auto &x = a.directory[i], &y = b.directory[i];
        EXPECT_EQ(x.entry_id, y.entry_id);
        EXPECT_EQ(x.type_code, y.type_code);
        EXPECT_EQ(x.mailbox_number, y.mailbox_number);
        EXPECT_EQ(x.po_entry_id, y.po_entry_id);
        EXPECT_EQ(x.alias_target_id, y.alias_target_id);
        EXPECT_EQ(x.created, y.created);
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.address, y.address);
        EXPECT_EQ(x.comments, y.comments);
        EXPECT_EQ(x.foreign_alias, y.foreign_alias);
        EXPECT_EQ(x.members, y.members);
    }
    ASSERT_EQ(a.messages.size(), b.messages.size());
    for (std::size_t i = 0; i < a.messages.size(); ++i) {
        const auto &x = a.messages[i], &y = b.messages[i];
        EXPECT_EQ(x.message_number, y.message_number);
        EXPECT_EQ(x.date, y.date);
        EXPECT_EQ(x.arrival, y.arrival);
        EXPECT_EQ(x.flags, y.flags);
        EXPECT_EQ(x.sender_entry_id, y.sender_entry_id);
        EXPECT_EQ(x.sender, y.sender);
        EXPECT_EQ(x.subject, y.subject);
        ASSERT_EQ(x.recipients.size(), y.recipients.size());
        for (std::size_t k = 0; k < x.recipients.size(); ++k) {
            EXPECT_EQ(x.recipients[k].role, y.recipients[k].role);
            EXPECT_EQ(x.recipients[k].entry_id, y.recipients[k].entry_id);
            EXPECT_EQ(x.recipients[k].address, y.recipients[k].address);
        }
        ASSERT_EQ(x.items.size(), y.items.size());
        for (std::size_t k = 0; k < x.items.size(); ++k) {
            EXPECT_EQ(x.items[k].kind, y.items[k].kind);
            EXPECT_EQ(x.items[k].flags, y.items[k].flags);
            EXPECT_EQ(x.items[k].file_stamp, y.items[k].file_stamp);
            EXPECT_EQ(x.items[k].title, y.items[k].title);
            EXPECT_EQ(x.items[k].data, y.items[k].data);
        }
    }
    ASSERT_EQ(a.mailboxes.size(), b.mailboxes.size());
    for (std::size_t i = 0; i < a.mailboxes.size(); ++i) {
        const auto &x = a.mailboxes[i], &y = b.mailboxes[i];
        EXPECT_EQ(x.mailbox_number, y.mailbox_number);
        ASSERT_EQ(x.folders.size(), y.folders.size());
        for (std::size_t f = 0; f < x.folders.size(); ++f) {
            EXPECT_EQ(x.folders[f].folder_id, y.folders[f].folder_id);
            EXPECT_EQ(x.folders[f].kind, y.folders[f].kind);
            EXPECT_EQ(x.folders[f].created, y.folders[f].created);
            EXPECT_EQ(x.folders[f].name, y.folders[f].name);
            ASSERT_EQ(x.folders[f].entries.size(), y.folders[f].entries.size());
            for (std::size_t e = 0; e < x.folders[f].entries.size(); ++e) {
                EXPECT_EQ(x.folders[f].entries[e].message_number,
                          y.folders[f].entries[e].message_number);
                EXPECT_EQ(x.folders[f].entries[e].filed, y.folders[f].entries[e].filed);
                EXPECT_EQ(x.folders[f].entries[e].flags, y.folders[f].entries[e].flags);
            }
        }
    }
}

TEST(PoRoundTrip, WrittenPostOfficeReadsBackWithZeroEvents) {
    const PostOfficeSpec spec = sample_spec();
    const PostOfficeFiles files = build_post_office(spec);
    const auto read = read_files(files);
    EXPECT_EQ(read.log.total(), 0u) << read.dump();
    const PostOfficeSpec back = spec_from_model(read.po, testing::source_of(files));
    expect_same_contents(spec, back);
    EXPECT_EQ(back.previous_write_serial, 42u);  // written with the input's serial + 1
}

TEST(PoRoundTrip, ModelHoldsDerivedValues) {
    const PostOfficeFiles files = build_post_office(sample_spec());
    const auto read = read_files(files);
    ASSERT_TRUE(read.po.clandata);
    const ClandataHeader& h = *read.po.clandata;
    EXPECT_EQ(h.message_count, 3u);
    EXPECT_EQ(h.next_message_number, 182u);
    EXPECT_EQ(h.directory_entry_count, 8u);
    EXPECT_EQ(h.next_directory_id, 9u);
    EXPECT_EQ(h.mailbox_count, 4u);
    EXPECT_EQ(h.next_mailbox_number, 5u);
    EXPECT_EQ(h.common.flags, 4u);  // written by ccsalvage, closed
    EXPECT_EQ(h.common.free_blocks, 0u);
    EXPECT_EQ(h.common.nft_block, 2u);
    const MessageRecord* m179 = read.po.find_message(179);
    ASSERT_NE(m179, nullptr);
    EXPECT_EQ(m179->header.reference_count, 2u);  // Inbox and Projects
    EXPECT_EQ(m179->provenance, Provenance::reached);
    const MessageRecord* m180 = read.po.find_message(180);
    ASSERT_NE(m180, nullptr);
    EXPECT_EQ(m180->header.reference_count, 3u);
    EXPECT_GT(m180->place.blocks.size(), 1u);  // 40 recipients chain over several blocks
    EXPECT_EQ(m180->header.total_item_bytes, 3700u);
    EXPECT_EQ(m180->header.items[2].extent_block, 0u);  // empty text item: no extent
    for (const auto& item : m180->items) EXPECT_TRUE(item.intact);
    EXPECT_TRUE(read.po.recovered_messages.empty());
    EXPECT_TRUE(read.po.recovered_directory.empty());
    EXPECT_EQ(read.po.mailboxes.size(), 4u);
    EXPECT_EQ(read.po.mailboxes[0].header.owner_name, "Admin");
}

TEST(PoRoundTrip, Db8WithBiggerBlocksAndDb8OnlyValues) {
    PostOfficeSpec spec = sample_spec();
    spec.generation = 8;
    spec.messages[0].flags |= 0x40;  // RTF body
    spec.messages[0].items.push_back({6, 0, {}, "Embedded", std::string(5000, '\x01'), {}});
    spec.mailboxes[0].folders.push_back({9, 7, {}, "Stationery", {}});
    const PostOfficeFiles files = build_post_office(spec);
    EXPECT_EQ(files.clandata.size() % 1024, 0u);
    const auto read = read_files(files);
    EXPECT_EQ(read.log.total(), 0u) << read.dump();
    expect_same_contents(spec, spec_from_model(read.po, testing::source_of(files)));
}

TEST(PoRoundTrip, RewritingWhatWasReadGivesTheSameBytesButTheSerial) {
    const PostOfficeFiles first = build_post_office(sample_spec());
    const auto read = read_files(first);
    PostOfficeSpec again = spec_from_model(read.po, testing::source_of(first));
    again.previous_write_serial -= 1;  // same serial as the first write
    const PostOfficeFiles second = build_post_office(again);
    EXPECT_EQ(first.clandata, second.clandata);
    EXPECT_EQ(first.mlandata, second.mlandata);
    EXPECT_EQ(first.mailboxes, second.mailboxes);
}

TEST(PoRoundTrip, LargePostOfficeWithChainedTablesAndIndexes) {
    // 700 messages: CLANDATA passes 480 blocks, so its allocation table and message index chain.
    PostOfficeSpec spec = sample_spec();
    for (int i = 1000; i < 1700; ++i) {
        const auto n = static_cast<std::uint32_t>(i);
        MessageSpec m;
        m.message_number = n;
        m.date = testing::dos(1999, 1 + i % 12, 1 + i % 28, i % 24, i % 60, 0);
        m.arrival = m.date;
        m.sender = "Admin";
        m.subject = "Bulk " + std::to_string(n);
        m.recipients = {{1, 1, "Admin at HUBPO2"}};
        m.items = {{1, 0, {}, "", std::string(n % 1500, static_cast<char>('a' + n % 26)), {}}};
        spec.messages.push_back(m);
        spec.mailboxes[0].folders[3].entries.push_back({n, m.arrival, 1});
    }
    const PostOfficeFiles files = build_post_office(spec);
    EXPECT_GT(files.clandata.size() / 512, 480u);
    const auto read = read_files(files);
    EXPECT_EQ(read.log.total(), 0u) << read.dump();
    EXPECT_EQ(read.po.messages.size(), 703u);
    expect_same_contents(spec, spec_from_model(read.po, testing::source_of(files)));
}

TEST(PoRoundTrip, EmptyPostOffice) {
    PostOfficeSpec spec;
    spec.name = "EMPTY";
    spec.po_id = 1;
    const PostOfficeFiles files = build_post_office(spec);
    EXPECT_TRUE(files.mailboxes.empty());
    const auto read = read_files(files);
    EXPECT_EQ(read.log.total(), 0u) << read.dump();
    EXPECT_TRUE(read.po.messages.empty());
}

TEST(PoRoundTrip, WritesThroughTheOutputFolderAndReadsTheFolderBack) {
    const auto root =
        std::filesystem::temp_directory_path() /
        ("ccsalvage_po_rt_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    std::filesystem::remove_all(root);
    auto out = OutputFolder::create_new(root);
    out.set_durable(false);
    const auto written = write_post_office(out, "PO", sample_spec());
    ASSERT_EQ(written.size(), 6u);
    EXPECT_EQ(written[0].relative, "PO/CLANDATA");
    EXPECT_EQ(written[5].relative, "PO/USR00004");
    const auto folder = PostOfficeFolder::open(root / "PO");
    EventLog log;
    const PostOffice po = read_post_office(folder.source(), ReadOptions{}, log);
    EXPECT_EQ(log.total(), 0u);
    EXPECT_EQ(po.messages.size(), 3u);
    const ItemRead item = read_message_item(folder.source(), po, *po.find_message(179), 0);
    EXPECT_TRUE(item.crc_ok);
    EXPECT_EQ(item.data, "This is the message body");
    std::filesystem::remove_all(root);
}

TEST(PoRoundTrip, FileNamesAreCaseInsensitive) {
    const PostOfficeFiles files = build_post_office(sample_spec());
    PostOfficeSource source = testing::source_of(files);
    source.files[0].name = "clandata";
    source.files[1].name = "MlanData";
    source.files[2].name = "usr00001";
    EventLog log;
    const PostOffice po = read_post_office(source, ReadOptions{}, log);
    EXPECT_EQ(log.total(), 0u);
    EXPECT_EQ(po.mailboxes.size(), 4u);
}

TEST(PoWriter, RefusesInconsistentInputUnlessAsked) {
    PostOfficeSpec spec = sample_spec();
    spec.mailboxes[0].folders[0].entries.push_back({999, {}, 0});
    EXPECT_THROW(build_post_office(spec), UsageError);
    WriterOptions options;
    options.allow_inconsistent = true;
    const auto files = build_post_office(spec, options);
    const auto read = read_files(files);
    EXPECT_TRUE(read.has("PO-035")) << read.dump();
}

TEST(PoWriter, RefusesOutOfLimitInputUnlessAsked) {
    PostOfficeSpec spec = sample_spec();
    for (int i = 0; i < 21; ++i) spec.messages[2].items.push_back({1, 0, {}, "", "x", {}});
    EXPECT_THROW(build_post_office(spec), UsageError);
    WriterOptions options;
    options.allow_out_of_limit = true;
    const auto read = read_files(build_post_office(spec, options));
    EXPECT_TRUE(read.has("PO-048")) << read.dump();
}

TEST(PoWriter, RefusesMalformedInput) {
    PostOfficeSpec spec = sample_spec();
    spec.po_id = 0;
    EXPECT_THROW(build_post_office(spec), UsageError);
    spec = sample_spec();
    spec.directory[0].type_code = 'Z';
    EXPECT_THROW(build_post_office(spec), UsageError);
    spec = sample_spec();
    spec.messages[1].message_number = 179;
    EXPECT_THROW(build_post_office(spec), UsageError);
}

}  // namespace
}  // namespace ccsalvage::po
