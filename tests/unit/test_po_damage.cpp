// One field of a good post office corrupted at a time: the reader must report the catalogue
// entry the format document names for that damage (section 16), at the offset of the damaged
// field, and must go on reading everything else.
#include <gtest/gtest.h>

#include <set>

#include "parsers/po/block.hpp"
#include "parsers/po/bytes.hpp"
#include "parsers/po/chain.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/message_record.hpp"
#include "parsers/po/reader.hpp"
#include "parsers/po/writer.hpp"
#include "support/po_block_size.hpp"
#include "support/po_fixture.hpp"

namespace ccsalvage::po {
namespace {

class PoDamage : public ::testing::Test {
  protected:
    void SetUp() override {
        WriterOptions options;
        options.free_blocks = 3;
        files_ = build_post_office(testing::sample_spec(), options);
        clean_ = testing::read_files(files_);
        ASSERT_EQ(clean_.log.total(), 0u) << clean_.dump();
    }

    std::uint32_t head_of(std::uint32_t message) const {
        return clean_.po.find_message(message)->place.head();
    }
    const MessageRecord& message(std::uint32_t number) const {
        return *clean_.po.find_message(number);
    }
    static std::uint64_t at(std::uint32_t block, std::uint64_t offset = 0) {
        return std::uint64_t{block} * B + offset;
    }
    static void reseal(std::string& file, std::uint32_t block) {
        seal_block(file, std::size_t{block} * B, B);
    }
    // Offset of the NFT state of `block` (the tables of these small files are one block, at 2).
    static std::uint64_t state_at(std::uint32_t block) { return at(2, 32 + 4 + block); }
    static std::uint32_t total(const std::string& file) { return *get_u32(file, 40); }

    testing::PoRead read() const { return testing::read_files(files_); }
    static std::set<std::string> codes(const testing::PoRead& r) {
        std::set<std::string> out;
        for (const auto& e : r.log.events()) out.insert(e.code);
        return out;
    }

    PostOfficeFiles files_;
    testing::PoRead clean_;
};

TEST_F(PoDamage, FreeBlocksReadBackClean) { EXPECT_EQ(clean_.po.clandata->common.free_blocks, 3u); }

TEST_F(PoDamage, CrcByteIsPo011AtTheCrcField) {
    const std::uint32_t h = head_of(179);
    files_.clandata[at(h, 28)] ^= 0x01;
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-011", "CLANDATA", at(h, 28))) << r.dump();
    EXPECT_EQ(codes(r), std::set<std::string>{"PO-011"}) << r.dump();
    EXPECT_EQ(r.po.find_message(179)->header.subject, "Another message");  // still read
    EXPECT_FALSE(r.po.find_message(179)->place.intact);
}

TEST_F(PoDamage, SignatureByteIsPo009AtTheBlock) {
    const std::uint32_t h = head_of(179);
    files_.clandata[at(h, 3)] = 'X';
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-009", "CLANDATA", at(h))) << r.dump();
    // The unreadable header leaves its extent unreached in MLANDATA.
    for (const auto& code : codes(r))
        EXPECT_TRUE(code == "PO-009" || code == "PO-030" || code == "PO-019") << code;
    EXPECT_FALSE(r.po.find_message(179)->place.readable);
}

TEST_F(PoDamage, ChainLoopIsPo012AndTheCensusRelinksIt) {
    const MessageRecord& m = message(180);
    ASSERT_GE(m.place.blocks.size(), 3u);
    const std::uint32_t second = m.place.blocks[1];
    put_u32(files_.clandata, at(second, 12), m.place.head());  // next_block back to the head
    reseal(files_.clandata, second);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-012", "CLANDATA", at(second, 12))) << r.dump();
    EXPECT_EQ(codes(r), std::set<std::string>{"PO-012"}) << r.dump();
    EXPECT_EQ(r.po.find_message(180)->header.recipients.size(), 40u);  // relinked, complete
}

TEST_F(PoDamage, ChainPointerOutOfRangeWithoutRelinkCandidate) {
    const MessageRecord& m = message(180);
    const std::uint32_t last = m.place.blocks.back();
    const std::uint32_t before = m.place.blocks[m.place.blocks.size() - 2];
    files_.clandata.replace(at(last), B, std::string(B, '\0'));  // the last block wiped
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-012", "CLANDATA", at(before, 12))) << r.dump();
    EXPECT_TRUE(r.has_at("PO-009", "CLANDATA", at(last))) << r.dump();
    EXPECT_FALSE(r.po.find_message(180)->place.complete);
}

TEST_F(PoDamage, IndexEntryPointingAtAFreeBlockIsPo022) {
    const std::uint32_t index = clean_.po.clandata->message_index_block;
    const std::uint32_t free_block = total(files_.clandata) - 1;  // one of the three free blocks
    const std::uint64_t entry = at(index, 32 + message_index_entry_offset(0));
    put_u32(files_.clandata, entry + 4, free_block);
    reseal(files_.clandata, index);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-022", "CLANDATA", entry)) << r.dump();
    // The record the entry lost is now a live header no index names.
    EXPECT_TRUE(r.has_at("PO-025", "CLANDATA", at(head_of(179)))) << r.dump();
    ASSERT_EQ(r.po.recovered_messages.size(), 1u);
    EXPECT_EQ(r.po.recovered_messages[0].provenance, Provenance::lost);
    EXPECT_EQ(r.po.recovered_messages[0].header.subject, "Another message");
}

TEST_F(PoDamage, IndexEntryPointingAtAnotherMessageIsPo023) {
    const std::uint32_t index = clean_.po.clandata->message_index_block;
    const std::uint64_t entry = at(index, 32 + message_index_entry_offset(0));
    put_u32(files_.clandata, entry + 4, head_of(181));
    reseal(files_.clandata, index);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-023", "CLANDATA", entry)) << r.dump();
}

TEST_F(PoDamage, IndexOutOfOrderIsPo024) {
    const std::uint32_t index = clean_.po.clandata->message_index_block;
    const std::uint64_t e0 = at(index, 32 + message_index_entry_offset(0));
    const std::uint64_t e1 = at(index, 32 + message_index_entry_offset(1));
    const std::string first = files_.clandata.substr(e0, 8);
    files_.clandata.replace(e0, 8, files_.clandata.substr(e1, 8));
    files_.clandata.replace(e1, 8, first);
    reseal(files_.clandata, index);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-024", "CLANDATA", e1)) << r.dump();
    EXPECT_EQ(codes(r), std::set<std::string>{"PO-024"}) << r.dump();
}

// A number the index lists twice: the first entry is read, the second reported (the
// reader finds repeats from the sorted numbers, then follows them in index order).
TEST_F(PoDamage, IndexListingANumberTwiceIsPo024AtTheSecondEntry) {
    const std::uint32_t index = clean_.po.clandata->message_index_block;
    const std::uint64_t e0 = at(index, 32 + message_index_entry_offset(0));
    const std::uint64_t e2 = at(index, 32 + message_index_entry_offset(2));
    const std::uint32_t number = *get_u32(files_.clandata, e0);
    files_.clandata.replace(e2, 8, files_.clandata.substr(e0, 8));
    reseal(files_.clandata, index);
    const auto r = read();
    std::size_t twice = 0;
    for (const auto& e : r.log.events()) {
        if (e.code == "PO-024" && e.detail.find("listed twice") != std::string::npos) {
            EXPECT_EQ(e.offset, e2) << r.dump();
            ++twice;
        }
    }
    EXPECT_EQ(twice, 1u) << r.dump();
    std::size_t read_as = 0;
    for (const MessageRecord& m : r.po.messages) read_as += m.header.message_number == number;
    EXPECT_EQ(read_as, 1u);
    EXPECT_EQ(r.po.messages.size(), clean_.po.messages.size() - 1);
}

TEST_F(PoDamage, DirectoryCounterInBothHeadersIsPo047Only) {
    for (const std::uint32_t block : {0u, 1u}) {
        put_u32(files_.clandata, at(block, 76), 9);  // directory_entry_count 8 -> 9
        reseal(files_.clandata, block);
    }
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-047", "CLANDATA", 76)) << r.dump();
    EXPECT_EQ(codes(r), std::set<std::string>{"PO-047"}) << r.dump();
}

TEST_F(PoDamage, CounterInBlock0IsPo047AndTheCopyDisagrees) {
    put_u32(files_.clandata, 68, 4);  // message_count 3 -> 4
    reseal(files_.clandata, 0);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-047", "CLANDATA", 68)) << r.dump();
    EXPECT_TRUE(r.has_at("PO-005", "CLANDATA", 68)) << r.dump();
    EXPECT_EQ(codes(r), (std::set<std::string>{"PO-005", "PO-047"})) << r.dump();
}

TEST_F(PoDamage, NftStateFreeUnderALiveBlockIsPo018) {
    const std::uint32_t h = head_of(181);
    files_.clandata[state_at(h)] = 0;
    reseal(files_.clandata, 2);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-018", "CLANDATA", state_at(h))) << r.dump();
    EXPECT_TRUE(r.has_at("PO-047", "CLANDATA", 44)) << r.dump();  // free_blocks
    // The index entry now names a block the table calls free: PO-022 by its definition.
    EXPECT_EQ(codes(r), (std::set<std::string>{"PO-018", "PO-022", "PO-047"})) << r.dump();
}

TEST_F(PoDamage, NftStateOfAnotherKindOrUndefinedIsPo021) {
    const std::uint32_t h = head_of(181);
    files_.clandata[state_at(h)] = 0x04;          // says directory entry
    files_.clandata[state_at(h + 0) - 1] = 0x55;  // the state before it: undefined
    reseal(files_.clandata, 2);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-021", "CLANDATA", state_at(h))) << r.dump();
    EXPECT_TRUE(r.has_at("PO-021", "CLANDATA", state_at(h) - 1)) << r.dump();
}

TEST_F(PoDamage, NftStateInUseForAFreeBlockIsPo019) {
    const std::uint32_t free_block = total(files_.clandata) - 1;
    files_.clandata[state_at(free_block)] = 0x06;
    reseal(files_.clandata, 2);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-019", "CLANDATA", state_at(free_block))) << r.dump();
    EXPECT_TRUE(r.has_at("PO-009", "CLANDATA", at(free_block))) << r.dump();  // in use, no block
}

TEST_F(PoDamage, ConsoleTextOverASubjectIsPo015) {
    // Q179072: the connector's console output written into a message header.
    const std::uint32_t h = head_of(180);
    const std::uint64_t subject = at(h, 32 + 32 + 2 + 5 + 2);  // after the sender "Admin"
    const std::string text = "Exporting messages in mailbox";
    files_.clandata.replace(subject, text.size(), text);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-015", "CLANDATA", subject)) << r.dump();
    EXPECT_TRUE(r.has_at("PO-011", "CLANDATA", at(h, 28))) << r.dump();
    EXPECT_EQ(codes(r), (std::set<std::string>{"PO-011", "PO-015"})) << r.dump();
}

TEST_F(PoDamage, ConsoleTextOverIntegersIsPo014) {
    const std::uint32_t h = head_of(179);
    const std::string text =
        "\r\n\r\nExporting messages in mailbox Admin to file EXPORT\\MSG0001.CCM\r\n";
    files_.clandata.replace(at(h, 32 + 8), 20, text.substr(0, 20));  // flags .. total_item_bytes
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-014", "CLANDATA", at(h, 32 + 8))) << r.dump();
}

TEST_F(PoDamage, TextInSlackIsPo014AndOtherBytesArePo013) {
    const std::uint32_t h = head_of(179);
    files_.clandata.replace(at(h, 400), 12, "IMPORT ERROR");
    const std::uint32_t d = clean_.po.find_entry(1)->place.head();
    files_.clandata[at(d, 500)] = 1;
    reseal(files_.clandata, h);
    reseal(files_.clandata, d);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-014", "CLANDATA", at(h, 400))) << r.dump();
    EXPECT_TRUE(r.has_at("PO-013", "CLANDATA", at(d, 500))) << r.dump();
    EXPECT_EQ(codes(r), (std::set<std::string>{"PO-013", "PO-014"})) << r.dump();
}

TEST_F(PoDamage, TruncatedFileIsPo002AtTheEnd) {
    const std::size_t cut = files_.mlandata.size() - B - B / 2;
    files_.mlandata.resize(cut);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-002", "MLANDATA", cut)) << r.dump();
}

TEST_F(PoDamage, TruncatedItemDataIsPo028OrPo029) {
    // Cut MLANDATA inside the large file item of message 180.
    const auto& extents = message(180).items[1].extent_blocks;
    ASSERT_EQ(extents.size(), 1u);
    files_.mlandata.resize(at(extents[0] + 2));
    const auto r = read();
    EXPECT_TRUE(r.has("PO-002")) << r.dump();
    EXPECT_TRUE(r.has("PO-029")) << r.dump();
}

TEST_F(PoDamage, BytesAfterTheLastBlockArePo003) {
    const std::size_t end = files_.clandata.size();
    files_.clandata.append(100, 'z');
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-003", "CLANDATA", end)) << r.dump();
    EXPECT_EQ(codes(r), std::set<std::string>{"PO-003"}) << r.dump();
}

TEST_F(PoDamage, UnreadableHeaderUsesTheCopy) {
    files_.clandata[28] ^= 0x40;
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-004", "CLANDATA", 28)) << r.dump();
    EXPECT_EQ(codes(r), std::set<std::string>{"PO-004"}) << r.dump();
    EXPECT_EQ(r.po.files[0].header_source, HeaderSource::copy);
    EXPECT_EQ(r.po.messages.size(), 3u);
}

TEST_F(PoDamage, HeaderAndCopyGoneVotesTheBlockSize) {
    files_.clandata.replace(0, 2 * B, std::string(2 * B, '\x55'));
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-004", "CLANDATA", 0)) << r.dump();
    EXPECT_EQ(r.po.files[0].header_source, HeaderSource::voted);
    EXPECT_EQ(r.po.files[0].block_size, B);
    EXPECT_EQ(r.po.recovered_messages.size(), 3u);  // found by the census alone
}

TEST_F(PoDamage, UnsupportedGenerationIsPo006) {
    files_.clandata[33] = 7;
    reseal(files_.clandata, 0);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-006", "CLANDATA", 33)) << r.dump();
}

TEST_F(PoDamage, OpenFlagIsPo008Only) {
    files_.clandata[52] |= 1;
    files_.clandata[24] = 43;  // block 0 has a newer write serial than the copy
    reseal(files_.clandata, 0);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-008", "CLANDATA", 52)) << r.dump();
    EXPECT_EQ(codes(r), std::set<std::string>{"PO-008"}) << r.dump();
}

TEST_F(PoDamage, ForeignMailboxFileIsPo007) {
    files_.mailboxes[1].second[36] ^= 1;  // po_id of USR00002
    reseal(files_.mailboxes[1].second, 0);
    reseal(files_.mailboxes[1].second, 1);
    files_.mailboxes[1].second[B + 36] ^= 1;
    reseal(files_.mailboxes[1].second, 1);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-007", "USR00002", 36)) << r.dump();
}

TEST_F(PoDamage, ReferenceCountIsPo033) {
    const std::uint32_t h = head_of(179);
    put_u32(files_.clandata, at(h, 32 + 16), 5);
    reseal(files_.clandata, h);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-033", "CLANDATA", at(h, 32 + 16))) << r.dump();
    EXPECT_EQ(codes(r), std::set<std::string>{"PO-033"}) << r.dump();
}

TEST_F(PoDamage, MissingMailboxFileIsPo037) {
    files_.mailboxes.erase(files_.mailboxes.begin() + 2);  // USR00003, M\x81ller's
    const auto r = read();
    const std::uint32_t d = clean_.po.find_entry(4)->place.head();
    EXPECT_TRUE(r.has_at("PO-037", "CLANDATA", at(d, 32 + 8))) << r.dump();
    EXPECT_TRUE(r.has("PO-033")) << r.dump();  // message 180 now has one folder entry fewer
}

TEST_F(PoDamage, RenamedMailboxFileIsPo038AndPo039) {
    files_.mailboxes[2].first = "USR00009";
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-038", "USR00009", 0)) << r.dump();
    EXPECT_TRUE(r.has_at("PO-039", "USR00009", 68)) << r.dump();
}

TEST_F(PoDamage, ExtentDataByteIsPo029) {
    const std::uint32_t e = message(179).items[0].extent_blocks.at(0);
    files_.mlandata[at(e, 50)] ^= 0x20;
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-029", "MLANDATA", at(e))) << r.dump();
    EXPECT_FALSE(r.po.find_message(179)->items[0].intact);
}

TEST_F(PoDamage, ExtentBlockOfAnItemIsPo028) {
    const MessageRecord& m = message(179);
    const std::uint32_t h = m.place.head();
    // The item entry of 6.5.1: its extent_block at payload 93 + 10 for this sender/subject.
    const std::uint64_t field = at(h, 32 + 93 + 10);
    ASSERT_EQ(*get_u32(files_.clandata, field), m.items[0].extent_blocks[0]);
    put_u32(files_.clandata, field, total(files_.mlandata) + 5);
    reseal(files_.clandata, h);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-028", "CLANDATA", field)) << r.dump();
    EXPECT_TRUE(r.has("PO-030")) << r.dump();  // the extent it lost
}

TEST_F(PoDamage, DirectoryIndexEntryIsPo041) {
    const std::uint32_t k = clean_.po.clandata->directory_index_block;
    const std::uint64_t entry = at(k, 32 + directory_index_entry_offset(0));
    files_.clandata[entry + 24] ^= 1;  // name_crc
    reseal(files_.clandata, k);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-041", "CLANDATA", entry)) << r.dump();
    EXPECT_EQ(codes(r), std::set<std::string>{"PO-041"}) << r.dump();
}

TEST_F(PoDamage, DirectoryChainIsPo043) {
    const DirectoryRecord& admin = *clean_.po.find_entry(1);
    put_u32(files_.clandata, at(admin.place.head(), 32 + 20), 2);  // chain_prev of the chain head
    reseal(files_.clandata, admin.place.head());
    const auto r = read();
    // Reported at the pointer that led there: the chain table's head slot for 'L' (slot 2).
    EXPECT_TRUE(r.has_at("PO-043", "CLANDATA", 164 + 2 * 12)) << r.dump();
    EXPECT_EQ(codes(r), std::set<std::string>{"PO-043"}) << r.dump();
}

TEST_F(PoDamage, ChainNextSkippingAnEntryIsPo043AtThatPointer) {
    // As the generator's broken-chain recipe: the 'L' chain is Admin(1) -> Mueller(4); Admin's
    // chain_next is made to lead to the 'B' entry Sales instead.
    const DirectoryRecord& admin = *clean_.po.find_entry(1);
    const std::uint64_t next = at(admin.place.head(), 32 + 24);
    put_u32(files_.clandata, next, clean_.po.find_entry(7)->place.head());
    reseal(files_.clandata, admin.place.head());
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-043", "CLANDATA", next)) << r.dump();
    for (const auto& code : codes(r)) EXPECT_EQ(code, "PO-043") << r.dump();
}

TEST_F(PoDamage, UnknownTypeCodeIsPo044) {
    const std::uint32_t d = clean_.po.find_entry(6)->place.head();
    files_.clandata[at(d, 32 + 4)] = 'Q';
    reseal(files_.clandata, d);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-044", "CLANDATA", at(d, 32 + 4))) << r.dump();
}

TEST_F(PoDamage, StaleHeaderInFreeSpaceIsPo027) {
    const std::uint32_t free_block = total(files_.clandata) - 2;
    MessageHeader old;
    old.message_number = 12;
    old.subject = "deleted long ago";
    write_chain(files_.clandata, B, 'H', 12, {free_block}, encode_message_header(old, free_block),
                1);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-027", "CLANDATA", at(free_block))) << r.dump();
    EXPECT_EQ(codes(r), std::set<std::string>{"PO-027"}) << r.dump();
    ASSERT_EQ(r.po.recovered_messages.size(), 1u);
    EXPECT_EQ(r.po.recovered_messages[0].provenance, Provenance::stale);
    EXPECT_EQ(r.po.recovered_messages[0].header.subject, "deleted long ago");
}

TEST_F(PoDamage, ImpossibleDateIsPo031) {
    const std::uint32_t h = head_of(181);
    put_u16(files_.clandata, at(h, 32 + 4), pack(1999, 2, 31, 0, 0, 0).date);
    reseal(files_.clandata, h);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-031", "CLANDATA", at(h, 32 + 4))) << r.dump();
    EXPECT_FALSE(r.log.has_problems());  // a note
}

TEST_F(PoDamage, MissingFilesArePo001AndSideFilesAreNoted) {
    PostOfficeSource source;
    const std::string log_bytes =
        "06-02-98 08:41:07 IMPORT CLANDATA MSGHDR 00000006 0040 TXT x\r\n";
    source.files = {{"NFTERROR.LOG", "", log_bytes}, {"CCPODOWN", "", ""}, {"README.TXT", "", "x"}};
    EventLog log;
    const PostOffice po = read_post_office(source, ReadOptions{}, log);
    std::set<std::string> seen;
    for (const auto& e : log.events()) seen.insert(e.code + " " + e.file);
    EXPECT_EQ(seen, (std::set<std::string>{"PO-001 CLANDATA", "PO-001 MLANDATA",
                                           "PO-051 NFTERROR.LOG", "PO-052 CCPODOWN"}));
    EXPECT_EQ(po.unrecognised, std::vector<std::string>{"README.TXT"});
}

TEST_F(PoDamage, MalformedPayloadIsPo016) {
    const std::uint32_t h = head_of(181);
    put_u32(files_.clandata, at(h, 32 + 24), 1);  // total_item_bytes
    reseal(files_.clandata, h);
    const auto r = read();
    EXPECT_TRUE(r.has_at("PO-016", "CLANDATA", at(h, 32 + 24))) << r.dump();
}

}  // namespace
}  // namespace ccsalvage::po
