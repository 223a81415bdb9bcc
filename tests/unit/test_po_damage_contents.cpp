// Damage that lives in the contents rather than in single bytes (written with the writer's
// relaxations, as the generator does), and the catalogue entries that need more than one field
// changed: each must come out as the code section 16 names.
#include <gtest/gtest.h>

#include <set>

#include "parsers/po/block.hpp"
#include "parsers/po/bytes.hpp"
#include "parsers/po/chain.hpp"
#include "parsers/po/directory_record.hpp"
#include "parsers/po/message_record.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"
#include "support/po_block_size.hpp"
#include "support/po_fixture.hpp"

namespace ccsalvage::po {
namespace {

std::uint64_t at(std::uint32_t block, std::uint64_t offset = 0) {
    return std::uint64_t{block} * B + offset;
}

testing::PoRead write_and_read(const PostOfficeSpec& spec) {
    WriterOptions options;
    options.allow_inconsistent = true;
    return testing::read_files(build_post_office(spec, options));
}

TEST(PoContents, OrphanMessageIsPo034) {
    PostOfficeSpec spec = testing::sample_spec();
    spec.mailboxes[3].folders[0].entries.clear();  // message 181 filed nowhere
    const auto r = write_and_read(spec);
    EXPECT_TRUE(r.has("PO-034")) << r.dump();
    EXPECT_TRUE(r.has_at("PO-034", "CLANDATA", at(r.po.find_message(181)->place.head())))
        << r.dump();
}

TEST(PoContents, MessageFiledTwiceIsPo036) {
    PostOfficeSpec spec = testing::sample_spec();
    spec.mailboxes[0].folders[0].entries.push_back({179, {}, 1});
    const auto r = write_and_read(spec);
    EXPECT_TRUE(r.has("PO-036")) << r.dump();
    EXPECT_FALSE(r.has("PO-033")) << r.dump();  // a repeat counts once, as the writer counted
}

TEST(PoContents, FolderKindNotForTheOwnerIsPo039) {
    PostOfficeSpec spec = testing::sample_spec();
    spec.mailboxes[1].folders[0].kind = 0;  // an Inbox in a post office's queue mailbox
    const auto r = write_and_read(spec);
    EXPECT_TRUE(r.has("PO-039")) << r.dump();
}

TEST(PoContents, DuplicateNameIsPo045AndDanglingReferenceIsPo046) {
    PostOfficeSpec spec = testing::sample_spec();
    spec.directory[7].name = "ADMIN";  // folds like "Admin"
    spec.directory[2].po_entry_id = 99;
    spec.directory[4].members.push_back(77);
    const auto r = write_and_read(spec);
    EXPECT_TRUE(r.has("PO-045")) << r.dump();
    const std::uint32_t jeff = r.po.find_entry(3)->place.head();
    EXPECT_TRUE(r.has_at("PO-046", "CLANDATA", at(jeff, 32 + 12))) << r.dump();
    std::size_t dangling = 0;
    for (const auto& e : r.log.events()) dangling += e.code == "PO-046";
    EXPECT_EQ(dangling, 2u);
}

TEST(PoContents, DuplicateDeliveryIsPo032) {
    PostOfficeSpec spec = testing::sample_spec();
    MessageSpec again = spec.messages[0];
    again.message_number = 190;
    again.arrival = testing::dos(1998, 6, 2, 8, 44, 0);
    spec.messages.push_back(again);
    spec.mailboxes[0].folders[0].entries.push_back({190, again.arrival, 0});
    const auto r = testing::read_files(build_post_office(spec));
    EXPECT_TRUE(r.has_at("PO-032", "CLANDATA", at(r.po.find_message(190)->place.head())))
        << r.dump();
    EXPECT_FALSE(r.log.has_problems());  // a note: both were delivered
}

TEST(PoContents, UndecodableTextIsPo050) {
    PostOfficeSpec spec = testing::sample_spec();
    spec.code_page = 932;
    spec.directory[3].name = "Tanaka \x81";  // a lead byte with no trail byte
    const auto r = testing::read_files(build_post_office(spec));
    EXPECT_TRUE(r.has("PO-050")) << r.dump();
    EXPECT_FALSE(r.log.has_problems()) << r.dump();
}

TEST(PoContents, LongOwnerNamesAreComparedByTheirFirst63Bytes) {
    PostOfficeSpec spec = testing::sample_spec();
    spec.directory[0].name = std::string(100, 'A');
    const auto r = testing::read_files(build_post_office(spec));
    EXPECT_EQ(r.log.total(), 0u) << r.dump();
}

class PoBlocks : public ::testing::Test {
  protected:
    void SetUp() override {
        WriterOptions options;
        options.free_blocks = 3;
        files_ = build_post_office(testing::sample_spec(), options);
        clean_ = testing::read_files(files_);
        ASSERT_EQ(clean_.log.total(), 0u) << clean_.dump();
    }
    static void reseal(std::string& file, std::uint32_t block) {
        seal_block(file, std::size_t{block} * B, B);
    }
    std::uint32_t free_block() const { return *get_u32(files_.clandata, 40) - 1; }
    PostOfficeFiles files_;
    testing::PoRead clean_;
};

TEST_F(PoBlocks, BlockNotAtItsPositionIsPo010) {
    const std::uint32_t h = clean_.po.find_message(181)->place.head();
    put_u32(files_.clandata, at(h, 4), h + 40);
    put_u32(files_.clandata, at(h, 8), h + 40);
    reseal(files_.clandata, h);
    const auto r = testing::read_files(files_);
    EXPECT_TRUE(r.has_at("PO-010", "CLANDATA", at(h, 4))) << r.dump();
}

TEST_F(PoBlocks, NftOfTheWrongSizeIsPo017) {
    put_u32(files_.clandata, at(2, 32), 5);
    reseal(files_.clandata, 2);
    const auto r = testing::read_files(files_);
    EXPECT_TRUE(r.has_at("PO-017", "CLANDATA", at(2, 32))) << r.dump();
}

TEST_F(PoBlocks, ExtentRunningIntoTheNextIsPo020) {
    const std::uint32_t e = clean_.po.find_message(179)->items[0].extent_blocks.at(0);
    put_u32(files_.mlandata, at(e, 36), 600);  // data_length now spans the next extent's head
    reseal(files_.mlandata, e);
    const auto r = testing::read_files(files_);
    EXPECT_TRUE(r.has_at("PO-020", "MLANDATA", at(e + 1))) << r.dump();
    EXPECT_TRUE(r.has("PO-029")) << r.dump();
}

TEST_F(PoBlocks, SecondLiveHeaderRecordIsPo026) {
    const MessageRecord& m = *clean_.po.find_message(181);
    const std::uint32_t copy = free_block();
    write_chain(files_.clandata, B, 'H', 181, {copy}, encode_message_header(m.header, copy), 43);
    files_.clandata[at(2, 32 + 4 + copy)] = 0x06;  // in use
    reseal(files_.clandata, 2);
    const auto r = testing::read_files(files_);
    EXPECT_TRUE(r.has_at("PO-026", "CLANDATA", at(copy))) << r.dump();
    EXPECT_EQ(r.po.recovered_messages.at(0).provenance, Provenance::lost);
}

TEST_F(PoBlocks, LiveEntryNoWalkReachesIsPo042) {
    const std::uint32_t block = free_block();
    DirectoryEntry e;
    e.entry_id = 20;
    e.type_code = 'l';
    e.po_entry_id = 2;
    e.name = "Lost, Entry";
    write_chain(files_.clandata, B, 'D', 20, {block}, encode_directory_entry(e, block), 42);
    files_.clandata[at(2, 32 + 4 + block)] = 0x04;
    reseal(files_.clandata, 2);
    const auto r = testing::read_files(files_);
    EXPECT_TRUE(r.has_at("PO-042", "CLANDATA", at(block))) << r.dump();
    ASSERT_EQ(r.po.recovered_directory.size(), 1u);
    EXPECT_EQ(r.po.recovered_directory[0].entry.name, "Lost, Entry");
}

TEST_F(PoBlocks, FolderCountIsPo040) {
    std::string& usr = files_.mailboxes[0].second;
    const std::uint32_t table = *get_u32(usr, 76);
    usr[at(table, 32 + 4 + 4)] = 9;  // Inbox entry_count 1 -> 9
    reseal(usr, table);
    const auto r = testing::read_files(files_);
    EXPECT_TRUE(r.has("PO-040")) << r.dump();
}

}  // namespace
}  // namespace ccsalvage::po
