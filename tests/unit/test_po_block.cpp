// The block layer (docs/formats/post-office.md, sections 4.3-4.5, 13.3): header encoding, the
// structural/intact/in-place tests, chains with their loop and relink rules, and the census.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/scratch.hpp"
#include "parsers/po/block.hpp"
#include "parsers/po/bytes.hpp"
#include "parsers/po/census.hpp"
#include "parsers/po/chain.hpp"
#include "parsers/po/crc32.hpp"
#include "parsers/po/extent.hpp"
#include "support/po_block_size.hpp"

namespace ccsalvage::po {
namespace {

constexpr std::uint32_t C = B - 32;

std::string payload_of(std::size_t n) {
    std::string p;
    for (std::size_t i = 0; i < n; ++i) p.push_back(static_cast<char>(i * 31 + 7));
    return p;
}

TEST(PoBlock, HeaderEncodesAndDecodes) {
    std::string block(B, '\0');
    BlockHeader h{'H', 6, 6, 9, 179, 0, 113, 42, 0};
    encode_block_header(block, 0, h);
    EXPECT_EQ(signature_type(block), 'H');
    const auto back = decode_block_header(block);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->owner, 179u);
    EXPECT_EQ(back->next_block, 9u);
    EXPECT_EQ(back->payload_length, 113);
    block[2] = 0;
    EXPECT_FALSE(signature_type(block));  // byte 2 must be byte 1 XOR FF
}

TEST(PoBlock, StructuralIntactInPlace) {
    std::string file(4 * B, '\0');
    write_chain(file, B, 'D', 7, {2}, "payload", 1);
    const std::string_view block = block_view(file, 2, B);
    BlockCheck c = check_block(block, 2, B, FileKind::clandata);
    EXPECT_TRUE(c.structural);
    EXPECT_TRUE(c.intact);
    EXPECT_TRUE(c.in_place);
    EXPECT_FALSE(check_block(block, 3, B, FileKind::clandata).in_place);
    EXPECT_FALSE(check_block(block, 2, B, FileKind::mlandata).structural);  // D not in MLANDATA
    std::string bad(block);
    bad[100] = 'x';  // slack is covered by the CRC
    c = check_block(bad, 2, B, FileKind::clandata);
    EXPECT_TRUE(c.structural);
    EXPECT_FALSE(c.intact);
    put_u16(bad, 22, 0);  // payload_length 0
    EXPECT_FALSE(check_block(bad, 2, B, FileKind::clandata).structural);
    put_u16(bad, 22, 5);
    put_u16(bad, 20, 1);  // chain_index 1 but first_block == block_number
    EXPECT_FALSE(check_block(bad, 2, B, FileKind::clandata).structural);
}

TEST(PoBlock, BlockSizes) {
    EXPECT_TRUE(valid_block_size(512));
    EXPECT_TRUE(valid_block_size(8192));
    EXPECT_FALSE(valid_block_size(256));
    EXPECT_FALSE(valid_block_size(1000));
    EXPECT_FALSE(valid_block_size(16384));
    EXPECT_TRUE(block_view("abc", 0, 512).empty());
}

TEST(PoChain, FollowsAChainOverNonContiguousBlocks) {
    std::string file(10 * B, '\0');
    const std::string payload = payload_of(2 * C + 10);
    write_chain(file, B, 'H', 5, {7, 3, 8}, payload, 1);
    const Record r = follow_chain(file, B, FileKind::clandata, {'H', 7, 10, 0, {}}, nullptr);
    EXPECT_TRUE(r.complete);
    EXPECT_TRUE(r.intact);
    EXPECT_TRUE(r.faults.empty());
    EXPECT_EQ(r.payload, payload);
    EXPECT_EQ(r.absolute(C + 1, B), 3u * B + 32 + 1);
    EXPECT_EQ(r.absolute(2 * C + 3, B), 8u * B + 32 + 3);
}

TEST(PoChain, StopsOnALoopAndRelinksFromTheCensus) {
    std::string file(10 * B, '\0');
    const std::string payload = payload_of(2 * C + 10);
    write_chain(file, B, 'H', 5, {7, 3, 8}, payload, 1);
    put_u32(file, 3 * B + 12, 7);  // block 3 points back at the head
    seal_block(file, 3 * B, B);
    const Record stopped = follow_chain(file, B, FileKind::clandata, {'H', 7, 10, 0, {}}, nullptr);
    ASSERT_EQ(stopped.faults.size(), 1u);
    EXPECT_EQ(stopped.faults[0].why, "loop");
    EXPECT_FALSE(stopped.complete);
    const Census census = Census::take(file, B, FileKind::clandata);
    const Record relinked = follow_chain(file, B, FileKind::clandata, {'H', 7, 10, 0, {}}, &census);
    ASSERT_EQ(relinked.faults.size(), 1u);
    EXPECT_EQ(relinked.faults[0].relinked_to, 8u);
    EXPECT_TRUE(relinked.complete);
    EXPECT_EQ(relinked.payload, payload);
}

// A record as text, for comparing two walks of the same chain.
std::string text_of(const Record& r) {
    std::string out = "payload " + std::to_string(r.payload_bytes) + ":" + r.payload + " c" +
                      std::to_string(r.complete) + " i" + std::to_string(r.intact) + " b" +
                      std::to_string(r.bound_reached) + " links";
    for (const ChainLink& l : r.links) {
        out += " " + std::to_string(l.block) + "/" + std::to_string(l.payload_start) + "/" +
               std::to_string(l.intact) + "/" + std::to_string(l.header.chain_index);
    }
    for (const ChainFault& f : r.faults) {
        out += " fault " + std::to_string(f.block) + ">" + std::to_string(f.pointer) + " " + f.why +
               (f.relinked_to ? " relinked " + std::to_string(*f.relinked_to) : "");
    }
    return out;
}

// follow_chain with its blocks read one at a time into a single buffer (as the reader's pread
// of the allocation table does) walks every chain as it does through the file's bytes: clean
// over scattered blocks, a loop relinked by the census, a pointer out of range, a chain cut by
// the end of the file, a payload bound; with the payload held or handed to a sink. The shared
// buffer is what would show a view kept past the next read.
TEST(PoChain, ABlockReaderFollowsEveryChainAsTheMappingDoes) {
    std::vector<std::string> files;
    std::string clean(10 * B, '\0');
    write_chain(clean, B, 'H', 5, {7, 3, 8}, payload_of(2 * C + 10), 1);
    files.push_back(clean);
    std::string loop = clean;
    put_u32(loop, 3 * B + 12, 7);  // block 3 points back at the head: the census relinks 8
    seal_block(loop, 3 * B, B);
    files.push_back(loop);
    std::string out_of_range = clean;
    put_u32(out_of_range, 3 * B + 12, 40);
    seal_block(out_of_range, 3 * B, B);
    files.push_back(out_of_range);
    files.push_back(clean.substr(0, 8 * B + B / 2));  // the last block cut by the file's end
    std::string damaged = clean;
    damaged[3 * B + 100] ^= 1;  // a CRC that fails
    files.push_back(damaged);
    for (std::size_t f = 0; f < files.size(); ++f) {
        SCOPED_TRACE(f);
        const std::string& file = files[f];
        const Census census = Census::take(file, B, FileKind::clandata);
        std::string buffer;
        const BlockAt block_at = [&](std::uint32_t n) {
            if (std::uint64_t{n + 1} * B > file.size()) return std::string_view();
            buffer.assign(file, std::size_t{n} * B, B);
            return std::string_view(buffer);
        };
        for (const std::size_t bound : {std::size_t{0}, std::size_t{C + 5}}) {
            const ChainRequest request{'H', 7, 10, bound, {}};
            EXPECT_EQ(text_of(follow_chain(block_at, B, FileKind::clandata, request, &census)),
                      text_of(follow_chain(file, B, FileKind::clandata, request, &census)));
            std::string sunk_by_file, sunk_by_reads;
            const Record by_file =
                follow_chain(file, B, FileKind::clandata, request, &census,
                             [&](std::string_view part) { sunk_by_file.append(part); });
            const Record by_reads =
                follow_chain(block_at, B, FileKind::clandata, request, &census,
                             [&](std::string_view part) { sunk_by_reads.append(part); });
            EXPECT_EQ(text_of(by_reads), text_of(by_file));
            EXPECT_EQ(sunk_by_reads, sunk_by_file);
        }
    }
}

// A next_block naming any block already in the record is a loop; a block of the same record
// that is not one of its links (a stale copy with an earlier chain_index) is not.
TEST(PoChain, ABlockAlreadyLinkedIsALoopWhereverItSits) {
    const std::vector<std::uint32_t> blocks = {2, 9, 4, 7, 5};
    for (std::size_t back = 0; back < blocks.size(); ++back) {
        SCOPED_TRACE(back);
        std::string file(12 * B, '\0');
        write_chain(file, B, 'H', 5, blocks, payload_of(5 * C), 1);
        put_u32(file, 5 * B + 12, blocks[back]);  // the last block points back
        seal_block(file, 5 * B, B);
        const Record r = follow_chain(file, B, FileKind::clandata, {'H', 2, 12, 0, {}}, nullptr);
        ASSERT_EQ(r.faults.size(), 1u);
        EXPECT_EQ(r.faults[0].why, "loop");
        EXPECT_EQ(r.links.size(), blocks.size());
    }
    std::string file(12 * B, '\0');
    write_chain(file, B, 'H', 5, blocks, payload_of(5 * C), 1);
    file.replace(10 * B, B, file.substr(9 * B, B));  // a copy of link 1 outside the chain
    put_u32(file, 5 * B + 12, 10);
    seal_block(file, 5 * B, B);
    const Record r = follow_chain(file, B, FileKind::clandata, {'H', 2, 12, 0, {}}, nullptr);
    ASSERT_EQ(r.faults.size(), 1u);
    EXPECT_EQ(r.faults[0].why, "chain_index out of sequence");
}

// absolute() searches the links; what it finds is what a scan of every link finds, for every
// payload offset, with empty blocks among them.
TEST(PoChain, AbsoluteFindsTheBlockOfEveryPayloadOffset) {
    Record r;
    const std::vector<std::uint16_t> lengths = {480, 0, 480, 17, 0, 0, 480, 5};
    std::uint32_t start = 0;
    for (std::size_t i = 0; i < lengths.size(); ++i) {
        ChainLink link;
        link.block = static_cast<std::uint32_t>(40 + 3 * i);
        link.header.payload_length = lengths[i];
        link.payload_start = start;
        start += lengths[i];
        r.links.push_back(link);
    }
    const auto scanned = [&](std::uint32_t offset) -> std::uint64_t {
        for (const ChainLink& link : r.links) {
            if (offset >= link.payload_start &&
                offset < link.payload_start + link.header.payload_length) {
                return std::uint64_t{link.block} * B + 32 + (offset - link.payload_start);
            }
        }
        const ChainLink& last = r.links.back();
        return std::uint64_t{last.block} * B + 32 + last.header.payload_length;
    };
    for (std::uint32_t offset = 0; offset < start + 3; ++offset) {
        EXPECT_EQ(r.absolute(offset, B), scanned(offset)) << offset;
    }
    EXPECT_EQ(r.absolute(480, B), std::uint64_t{46} * B + 32);  // past the empty block 43
    EXPECT_EQ(Record{}.absolute(5, B), 0u);
}

// A long record's links are in the scratch space when the request names one, and the record
// is the same as on the heap.
TEST(PoChain, ALongRecordsLinksGoToTheScratchSpace) {
    constexpr std::uint32_t kBlocks = 2000;  // 2,000 links: past the space's 64 KiB minimum
    std::string file(std::size_t{kBlocks + 1} * B, '\0');
    std::vector<std::uint32_t> blocks;
    for (std::uint32_t n = 1; n <= kBlocks; ++n) blocks.push_back(n);
    const std::string payload = payload_of(std::size_t{kBlocks} * C);
    write_chain(file, B, 'I', 3, blocks, payload, 1);
    const auto dir =
        std::filesystem::temp_directory_path() / ("ccsalvage-links-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        const auto space = ScratchSpace::open(dir);
        ASSERT_NE(space, nullptr);
        const Record heap =
            follow_chain(file, B, FileKind::clandata, {'I', 1, kBlocks + 1, 0, {}}, nullptr);
        const Record scratch =
            follow_chain(file, B, FileKind::clandata, {'I', 1, kBlocks + 1, 0, space}, nullptr);
        EXPECT_FALSE(space->holds(heap.links.data()));
        EXPECT_TRUE(space->holds(scratch.links.data()));
        EXPECT_TRUE(scratch.complete);
        EXPECT_EQ(scratch.payload, payload);
        ASSERT_EQ(scratch.links.size(), heap.links.size());
        for (std::size_t i = 0; i < heap.links.size(); ++i) {
            EXPECT_EQ(scratch.links[i].block, heap.links[i].block);
            EXPECT_EQ(scratch.links[i].payload_start, heap.links[i].payload_start);
        }
    }
    std::filesystem::remove_all(dir);
}

TEST(PoChain, RelinkPrefersTheHigherWriteSerial) {
    std::string file(12 * B, '\0');
    write_chain(file, B, 'D', 2, {4, 5}, payload_of(C + 3), 1);
    // A stale copy of block 5 (older serial) at 9 and a newer one at 10, both claiming index 1.
    std::string stale = file.substr(5 * B, B);
    put_u32(stale, 4, 9);
    file.replace(9 * B, B, stale);
    seal_block(file, 9 * B, B);
    std::string newer = file.substr(5 * B, B);
    put_u32(newer, 4, 10);
    put_u32(newer, 24, 2);
    file.replace(10 * B, B, newer);
    seal_block(file, 10 * B, B);
    put_u32(file, 4 * B + 12, 11);  // the head now points past its chain (an all-zero block)
    seal_block(file, 4 * B, B);
    const Census census = Census::take(file, B, FileKind::clandata);
    const Record r = follow_chain(file, B, FileKind::clandata, {'D', 4, 12, 0, {}}, &census);
    ASSERT_EQ(r.faults.size(), 1u);
    EXPECT_EQ(r.faults[0].relinked_to, 10u);
}

TEST(PoChain, RefusesForeignBlocksAndBoundsThePayload) {
    std::string file(10 * B, '\0');
    write_chain(file, B, 'H', 5, {2, 3}, payload_of(C + 10), 1);
    write_chain(file, B, 'H', 6, {4}, payload_of(20), 1);
    put_u32(file, 2 * B + 12, 4);  // into another record
    seal_block(file, 2 * B, B);
    Record r = follow_chain(file, B, FileKind::clandata, {'H', 2, 10, 0, {}}, nullptr);
    ASSERT_EQ(r.faults.size(), 1u);
    EXPECT_NE(r.faults[0].why.find("another record"), std::string::npos);
    r = follow_chain(file, B, FileKind::clandata, {'H', 2, 3, 0, {}},
                     nullptr);  // total 3: 4 is out
    EXPECT_EQ(r.faults.at(0).why, "next_block out of range");
    r = follow_chain(file, B, FileKind::clandata, {'H', 4, 10, 10, {}}, nullptr);
    EXPECT_TRUE(r.bound_reached);
    EXPECT_EQ(r.payload.size(), 10u);
    EXPECT_TRUE(
        follow_chain(file, B, FileKind::clandata, {'D', 4, 10, 0, {}}, nullptr).links.empty());
}

// A sink takes the payload block by block instead of the record; the record's links, offsets,
// faults and bound are what they are without one.
TEST(PoChain, ASinkTakesThePayloadInPiecesAndTheRecordIsOtherwiseTheSame) {
    std::string file(10 * B, '\0');
    const std::string payload = payload_of(2 * C + 10);
    write_chain(file, B, 'H', 5, {7, 3, 8}, payload, 1);
    for (const std::size_t bound : {std::size_t{0}, std::size_t{C + 7}}) {
        const ChainRequest request{'H', 7, 10, bound, {}};
        const Record held = follow_chain(file, B, FileKind::clandata, request, nullptr);
        std::vector<std::string> pieces;
        const Record sunk = follow_chain(file, B, FileKind::clandata, request, nullptr,
                                         [&](std::string_view part) { pieces.emplace_back(part); });
        EXPECT_TRUE(sunk.payload.empty());
        EXPECT_EQ(sunk.payload_bytes, held.payload.size());
        EXPECT_EQ(held.payload_bytes, held.payload.size());
        std::string joined;
        for (const auto& piece : pieces) joined += piece;
        EXPECT_EQ(joined, held.payload);
        EXPECT_EQ(pieces.size(), held.links.size());
        ASSERT_EQ(sunk.links.size(), held.links.size());
        for (std::size_t i = 0; i < held.links.size(); ++i) {
            EXPECT_EQ(sunk.links[i].payload_start, held.links[i].payload_start);
        }
        EXPECT_EQ(sunk.bound_reached, bound != 0);
        EXPECT_EQ(sunk.complete, held.complete);
        EXPECT_EQ(sunk.absolute(C + 1, B), held.absolute(C + 1, B));
    }
}

TEST(PoCensus, ClassifiesEveryPosition) {
    std::string file(8 * B, '\0');
    write_chain(file, B, 'H', 5, {2}, payload_of(40), 1);
    write_chain(file, B, 'K', 0, {3}, payload_of(8), 1);
    file[3 * B + 200] = 1;                               // bad CRC
    write_extent(file, B, 4, 5, 0, payload_of(600), 1);  // blocks 4 and 5
    file.replace(6 * B, 5, "hello");
    const Census census = Census::take(file, B, FileKind::clandata);
    EXPECT_EQ(census.size(), 8u);
    EXPECT_EQ(census.at(0).kind, CensusKind::zero);
    EXPECT_EQ(census.at(2).kind, CensusKind::intact);
    EXPECT_EQ(census.at(2).header.owner, 5u);
    EXPECT_EQ(census.at(3).kind, CensusKind::bad_crc);
    EXPECT_EQ(census.at(4).kind, CensusKind::unrecognised);  // E is not a CLANDATA type
    EXPECT_EQ(census.at(6).kind, CensusKind::unrecognised);
    const Census m = Census::take(file, B, FileKind::mlandata);
    EXPECT_EQ(m.at(4).kind, CensusKind::intact);
    EXPECT_EQ(m.at(5).kind, CensusKind::extent_data);
    EXPECT_EQ(m.at(5).extent_head, 4u);
    EXPECT_EQ(m.candidates(2, 0), std::vector<std::uint32_t>{});  // H is not MLANDATA's
    EXPECT_EQ(census.candidates(2, 0), std::vector<std::uint32_t>{2});
}

TEST(PoCensus, CompactFormKeepsEveryExtentHeadAndCandidateOrder) {
    // Three extents of different lengths back to back, then a record block twice (a stale copy
    // and the current one): every data block names its own head, candidates come ascending.
    std::string file(40 * B, '\0');
    write_extent(file, B, 2, 7, 0, payload_of(3 * B), 1);   // blocks 2..5
    write_extent(file, B, 6, 7, 1, payload_of(10), 1);      // block 6 only
    write_extent(file, B, 7, 8, 0, payload_of(20 * B), 1);  // blocks 7..27
    const Census m = Census::take(file, B, FileKind::mlandata);
    ASSERT_EQ(m.size(), 40u);
    for (std::uint32_t n = 3; n <= 5; ++n) {
        EXPECT_EQ(m.at(n).kind, CensusKind::extent_data) << n;
        EXPECT_EQ(m.at(n).extent_head, 2u) << n;
    }
    EXPECT_EQ(m.at(6).kind, CensusKind::intact);
    EXPECT_EQ(m.at(6).header.owner, 7u);
    EXPECT_EQ(m.at(7).header.owner, 8u);
    for (std::uint32_t n = 8; n <= 27; ++n) {
        EXPECT_EQ(m.at(n).extent_head, 7u) << n;
    }
    EXPECT_EQ(m.at(28).kind, CensusKind::zero);
    EXPECT_EQ(m.at(28).extent_head, 0u);
    // Extent data costs one byte per block: far below one header per block.
    EXPECT_LT(m.memory_bytes(), 40 + 6 * (sizeof(BlockHeader) + 32));

    std::string clan(12 * B, '\0');
    write_chain(clan, B, 'D', 2, {4, 5}, payload_of(C + 3), 1);
    std::string stale = clan.substr(5 * B, B);  // a copy of block 5 at 9: index 1 of 4 too
    put_u32(stale, 4, 9);
    clan.replace(9 * B, B, stale);
    seal_block(clan, 9 * B, B);
    const Census c = Census::take(clan, B, FileKind::clandata);
    EXPECT_EQ(c.kind(9), CensusKind::intact);
    EXPECT_EQ(c.at(9).header.first_block, 4u);
    EXPECT_EQ(c.candidates(4, 1), (std::vector<std::uint32_t>{5, 9}));
    EXPECT_EQ(c.candidates(4, 0), std::vector<std::uint32_t>{4});
    EXPECT_TRUE(c.candidates(5, 1).empty());
}

// Chains whose blocks lie in random order, continuations before and after their heads, and a
// head copied away from its position: the chain index (built sorted as the blocks come, the
// out-of-order ones merged in) gives every (first_block, chain_index) its blocks ascending, as
// looking at every block does, in a scratch space or on the heap.
TEST(PoCensus, CandidatesOfShuffledChainsAreThoseOfEveryBlock) {
    constexpr std::uint32_t kBlocks = 600;
    std::string file(std::size_t{kBlocks} * B, '\0');
    std::vector<std::uint32_t> free_blocks;
    for (std::uint32_t n = 2; n < kBlocks; ++n) free_blocks.push_back(n);
    std::mt19937 random(7);
    std::shuffle(free_blocks.begin(), free_blocks.end(), random);
    std::size_t next = 0;
    for (std::uint32_t record = 0; record < 100; ++record) {
        const std::uint32_t length = 1 + static_cast<std::uint32_t>(random() % 5);
        std::vector<std::uint32_t> blocks(
            free_blocks.begin() + static_cast<std::ptrdiff_t>(next),
            free_blocks.begin() + static_cast<std::ptrdiff_t>(next + length));
        next += length;
        write_chain(file, B, 'H', record, blocks, payload_of((length - 1) * C + 5), 1);
    }
    // A stale copy of a head at a free block: its key is its own block number's.
    const std::uint32_t copied = free_blocks[0];
    file.replace(std::size_t{free_blocks[next]} * B, B, file.substr(std::size_t{copied} * B, B));
    const auto dir =
        std::filesystem::temp_directory_path() / ("ccsalvage-census-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto space = ScratchSpace::open(dir, nullptr, 0);
    ASSERT_NE(space, nullptr);
    for (ScratchSpace* where : {space.get(), static_cast<ScratchSpace*>(nullptr)}) {
        const Census census = Census::take(file, B, FileKind::clandata, {}, where);
        std::map<std::pair<std::uint32_t, std::uint16_t>, std::vector<std::uint32_t>> expected;
        for (std::uint32_t n = 0; n < kBlocks; ++n) {
            const BlockCheck check = check_block(block_view(file, n, B), n, B, FileKind::clandata);
            if (check.structural) {
                expected[{check.header.first_block, check.header.chain_index}].push_back(n);
            }
        }
        ASSERT_GT(expected.size(), 250u);
        for (const auto& [key, positions] : expected) {
            EXPECT_EQ(census.candidates(key.first, key.second), positions)
                << key.first << "/" << key.second;
        }
        EXPECT_EQ(census.candidates(copied, 0).size(), 2u);
        EXPECT_TRUE(census.candidates(1, 0).empty());
    }
    std::filesystem::remove_all(dir);
}

// Everything a census tells, one line a position, with the candidates of each structural
// block's key: two censuses are the same when these are.
std::vector<std::string> described(const Census& census) {
    std::vector<std::string> lines;
    for (std::uint32_t n = 0; n < census.size(); ++n) {
        const CensusEntry entry = census.at(n);
        std::string line = std::to_string(n) + " " + std::to_string(static_cast<int>(entry.kind)) +
                           " head " + std::to_string(entry.extent_head);
        if (entry.kind == CensusKind::intact || entry.kind == CensusKind::bad_crc) {
            const BlockHeader& h = entry.header;
            line += std::string(" ") + h.type + " " + std::to_string(h.block_number) + " " +
                    std::to_string(h.first_block) + "/" + std::to_string(h.chain_index) + " next " +
                    std::to_string(h.next_block) + " owner " + std::to_string(h.owner) +
                    " serial " + std::to_string(h.write_serial) + " candidates";
            for (const std::uint32_t c : census.candidates(h.first_block, h.chain_index)) {
                line += " " + std::to_string(c);
            }
        }
        lines.push_back(line);
    }
    return lines;
}

// The census from positioned reads (the read's, so that MLANDATA's pages stay out of the
// resident set) is the census from the mapping, whatever the window, and when a read comes
// back short or fails (the block is then taken from the mapping); extent data lying past the
// window is not read.
TEST(PoCensus, PositionedReadsGiveTheCensusOfTheMapping) {
    std::string mlan(40 * B, '\0');
    write_extent(mlan, B, 2, 7, 0, payload_of(3 * B), 1);   // blocks 2..5
    write_extent(mlan, B, 6, 7, 1, payload_of(10), 1);      // block 6 only
    write_extent(mlan, B, 7, 8, 0, payload_of(20 * B), 1);  // blocks 7..27
    mlan[3 * B + 9] ^= 1;                                   // extent data: no check of its own
    mlan[6 * B + 200] ^= 1;                                 // bad CRC
    std::string clan(13 * B + 100, '\0');                   // a trailing partial block
    write_chain(clan, B, 'D', 2, {4, 5}, payload_of(C + 3), 1);
    write_chain(clan, B, 'H', 5, {8}, payload_of(40), 3);
    clan.replace(9 * B, B, clan.substr(5 * B, B));  // a stale copy
    clan.replace(11 * B, 5, "hello");
    struct Case {
        std::string name;
        const std::string* file;
        FileKind kind;
    };
    const std::vector<Case> cases{{"MLANDATA", &mlan, FileKind::mlandata},
                                  {"CLANDATA", &clan, FileKind::clandata}};
    for (const Case& c : cases) {
        const std::string& file = *c.file;
        const std::vector<std::string> mapped = described(Census::take(file, B, c.kind));
        for (const std::size_t window : {std::size_t{0}, std::size_t{B}, std::size_t{3} * B,
                                         std::size_t{3} * B + 17, CensusReads::kDefaultWindow}) {
            for (const std::string how : {"whole", "short", "failing"}) {
                SCOPED_TRACE(c.name + ", window " + std::to_string(window) + ", " + how);
                std::size_t reads = 0, bytes_read = 0;
                CensusReads positioned;
                positioned.window_bytes = window;
                positioned.read = [&](std::uint64_t offset, char* into, std::size_t n) {
                    ++reads;
                    if (how == "failing" && reads % 2 == 0) throw IoError("read failed");
                    std::size_t copied = std::min<std::size_t>(n, file.size() - offset);
                    if (how == "short" && reads % 2 == 0) copied /= 3;
                    file.copy(into, copied, offset);
                    bytes_read += copied;
                    return copied;
                };
                const Census read = Census::take(file, B, c.kind, {}, nullptr, positioned);
                EXPECT_EQ(described(read), mapped);
                EXPECT_GT(reads, 0u);
                if (window == CensusReads::kDefaultWindow && how == "whole") {
                    EXPECT_EQ(reads, 1u) << "the window holds the whole file";
                }
                if (c.kind == FileKind::mlandata && window == B && how == "whole") {
                    EXPECT_LE(bytes_read, file.size() - 20 * B);  // 8..27 skipped, unread
                }
            }
        }
    }
}

TEST(PoExtent, ReassemblyChecksOwnerIndexAndCrc) {
    std::string file(6 * B, '\0');
    const std::string data = payload_of(700);
    write_extent(file, B, 3, 9, 1, data, 1);
    ItemEntry item;
    item.length = 700;
    item.extent_block = 3;
    item.data_crc = crc32(data);
    ItemRead r = read_item(file, item, {B, 6, 9, 1, true});
    EXPECT_TRUE(r.crc_ok);
    EXPECT_EQ(r.data, data);
    EXPECT_EQ(r.extents.at(0).blocks, 2u);
    r = read_item(file, item, {B, 6, 8, 1, true});  // another message
    ASSERT_FALSE(r.problems.empty());
    EXPECT_TRUE(r.problems[0].missing);
    item.extent_block = 0;
    r = read_item(file, item, {B, 6, 9, 1, true});
    EXPECT_TRUE(r.problems.at(0).missing);
    item.extent_block = 3;
    file[3 * B + 100] ^= 1;
    r = read_item(file, item, {B, 6, 9, 1, true});
    EXPECT_FALSE(r.crc_ok);
    EXPECT_FALSE(r.problems.at(0).missing);
}

// What a reassembly found, for comparing two of them.
std::string shown(const ItemRead& r) {
    std::string out = std::to_string(r.data.size()) + " " + std::to_string(r.bytes_read) + " " +
                      std::to_string(r.complete) + std::to_string(r.crc_ok) + " extents";
    for (const auto& e : r.extents) {
        out += " " + std::to_string(e.block) + "/" + std::to_string(e.blocks) +
               std::to_string(e.data_crc_ok);
    }
    for (const auto& p : r.problems) out += " | " + std::to_string(p.offset) + " " + p.detail;
    return out;
}

// Item 0 of message 9: `size` bytes in one extent at block 3, with blocks to spare after it.
struct OneExtent {
    explicit OneExtent(std::size_t size)
        : data(payload_of(size)),
          blocks(extent_blocks(size, B) + 4),
          file(std::size_t{blocks} * B, '\0') {
        write_extent(file, B, 3, 9, 0, data, 1);
        item.length = static_cast<std::uint32_t>(size);
        item.extent_block = 3;
        item.data_crc = crc32(data);
    }
    std::string data;
    std::uint32_t blocks;
    std::string file;
    ItemEntry item;
};

// Positioned reads (the export's, so that MLANDATA's pages stay out of the resident set) give
// what the mapping gives, the data read a bounded piece at a time, for an intact item, a
// damaged byte, a data_length past the end of the file and a file cut short.
TEST(PoExtent, PositionedReadsReassembleAsTheMapping) {
    const OneExtent one(200'000);  // more than one piece
    const std::string& good = one.file;
    const std::uint32_t blocks = one.blocks;
    const ItemEntry& item = one.item;
    std::string flipped = good;
    flipped[3 * B + 70'000] ^= 1;
    std::string too_long = good;
    put_u32(too_long, 3 * B + 36, 0xFFFFFFF0u);  // data_length
    seal_block(too_long, 3 * B, B);
    const std::string cut = good.substr(0, 3 * B + 100'000);
    for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
             {"intact", good}, {"flipped", flipped}, {"too long", too_long}, {"cut", cut}}) {
        const std::string& file = bytes;  // a structured binding cannot be captured (C++20)
        for (const bool keep : {true, false}) {
            SCOPED_TRACE(name + (keep ? ", kept" : ", checksums only"));
            const ItemRequest request{B, blocks, 9, 0, keep};
            const ItemRead mapped = read_item(file, item, request);
            std::size_t largest = 0, reads = 0;
            ExtentSource source(file.size(), [&](std::uint64_t offset, char* into, std::size_t n) {
                largest = std::max(largest, n);
                ++reads;
                const std::size_t copied = std::min<std::size_t>(n, file.size() - offset);
                file.copy(into, copied, offset);
                return copied;
            });
            const ItemRead read = read_item(source, item, request);
            EXPECT_EQ(shown(read), shown(mapped));
            EXPECT_EQ(read.data, mapped.data);
            EXPECT_GT(reads, 2u);
            EXPECT_LE(largest, std::size_t{64} << 10U);
        }
    }
    EXPECT_TRUE(read_item(good, item, {B, blocks, 9, 0, true}).crc_ok);
    EXPECT_FALSE(read_item(flipped, item, {B, blocks, 9, 0, true}).crc_ok);
}

// A read that comes back short (the file shrank under the reader) is damage found, not a crash
// or a hang: the item is not intact.
TEST(PoExtent, APositionedReadComingBackShortLeavesTheItemNotIntact) {
    const OneExtent one(100'000);
    const std::string& file = one.file;
    const ItemEntry& item = one.item;
    const std::size_t shrunk = 3 * B + 50'000;
    ExtentSource source(file.size(), [&](std::uint64_t offset, char* into, std::size_t n) {
        if (offset >= shrunk) return std::size_t{0};
        const std::size_t copied = std::min<std::size_t>(n, shrunk - offset);
        file.copy(into, copied, offset);
        return copied;
    });
    const ItemRead read = read_item(source, item, {B, one.blocks, 9, 0, true});
    EXPECT_FALSE(read.crc_ok);
    EXPECT_FALSE(read.extents.at(0).data_crc_ok);
    EXPECT_LT(read.data.size(), one.data.size());
}

}  // namespace
}  // namespace ccsalvage::po
