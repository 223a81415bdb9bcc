// The message index's decoding (docs/formats/post-office.md, section 6.6): whole, and in the
// pieces a followed chain hands over, which must come out the same, damage included; its
// entries in the scratch space when the reader has one.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/scratch.hpp"
#include "parsers/po/bytes.hpp"
#include "parsers/po/message_record.hpp"

namespace ccsalvage::po {
namespace {

MessageIndex index_of(std::uint32_t entries, std::uint32_t highest) {
    MessageIndex index;
    index.highest_number = highest;
    for (std::uint32_t i = 0; i < entries; ++i) index.entries.push_back({100 + 3 * i, 7 + i});
    return index;
}

// What a decoding gave: the counts, the entries and the map's problem.
std::string shown(std::uint32_t count, std::uint32_t highest,
                  std::span<const MessageIndexEntry> entries, const FieldMap& map) {
    std::string out =
        "count " + std::to_string(count) + " highest " + std::to_string(highest) + " entries";
    for (const auto& e : entries) {
        out += " " + std::to_string(e.message_number) + "@" + std::to_string(e.record_block);
    }
    if (map.malformed) {
        out += " malformed@" + std::to_string(map.malformed->offset) + " " + map.malformed->what +
               (map.malformed->ran_out ? " (ran out)" : "");
    }
    return out;
}

std::string index_decoded_whole(std::string_view payload) {
    FieldMap map;
    const MessageIndex index = decode_message_index(payload, map);
    return shown(index.entry_count, index.highest_number, index.entries, map);
}

std::string index_decoded_in_pieces(std::string_view payload, std::size_t piece,
                                    std::size_t most_entries = 1000) {
    MessageIndexDecoder decoder(most_entries, nullptr);
    for (std::size_t at = 0; at < payload.size(); at += piece) {
        decoder.feed(payload.substr(at, piece));
    }
    FieldMap map;
    const MessageIndexDecoder::Counts counts = decoder.finish(map);
    const ScratchArray<MessageIndexEntry>& entries = decoder.entries();
    return shown(counts.entry_count, counts.highest_number,
                 std::span<const MessageIndexEntry>(entries.data(), entries.size()), map);
}

// Golden results, written out: the decoder is checked against them, not against itself.
struct Case {
    const char* name;
    std::string payload;
    std::string expected;
};

std::vector<Case> cases() {
    const std::string good = encode_message_index(index_of(3, 106));
    std::string short_by_half = encode_message_index(index_of(4, 109));
    short_by_half.resize(8 + 2 * 8 + 4);
    std::string trailing = encode_message_index(index_of(3, 106));
    put_u32(trailing, 0, 2);  // two entries said, three there
    trailing += "xyz";
    std::string huge = encode_message_index(index_of(1, 100));
    put_u32(huge, 0, 0xFFFFFFFFU);
    return {
        {"good", good, "count 3 highest 106 entries 100@7 103@8 106@9"},
        {"empty", "", "count 0 highest 0 entries malformed@0 index header cut short (ran out)"},
        {"three bytes", good.substr(0, 3),
         "count 0 highest 0 entries malformed@0 index header cut short (ran out)"},
        {"count alone", good.substr(0, 4),
         "count 3 highest 0 entries malformed@0 index header cut short (ran out)"},
        {"count and a byte", good.substr(0, 5),
         "count 3 highest 0 entries malformed@0 index header cut short (ran out)"},
        {"header only", good.substr(0, 8),
         "count 3 highest 106 entries malformed@8 fewer entries than entry_count (ran out)"},
        {"half an entry short", short_by_half,
         "count 4 highest 109 entries 100@7 103@8 malformed@24 fewer entries than entry_count "
         "(ran out)"},
        {"bytes after", trailing,
         "count 2 highest 106 entries 100@7 103@8 malformed@24 bytes after the last entry"},
        {"huge count", huge,
         "count 4294967295 highest 100 entries 100@7 malformed@16 fewer entries than "
         "entry_count (ran out)"},
    };
}

TEST(PoMessageIndex, WholePayloadsDecodeAsWritten) {
    for (const Case& c : cases()) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(index_decoded_whole(c.payload), c.expected);
    }
}

TEST(PoMessageIndex, PiecesOfAnySizeDecodeAsTheWholePayload) {
    for (const Case& c : cases()) {
        SCOPED_TRACE(c.name);
        for (std::size_t piece = 1; piece <= c.payload.size() + 1; ++piece) {
            EXPECT_EQ(index_decoded_in_pieces(c.payload, piece), c.expected)
                << "pieces of " << piece;
        }
    }
}

TEST(PoMessageIndex, NoMoreEntriesAreKeptThanTheBound) {
    const std::string payload = encode_message_index(index_of(3, 106));
    EXPECT_EQ(index_decoded_in_pieces(payload, 5, 2), "count 3 highest 106 entries 100@7 103@8");
    EXPECT_EQ(index_decoded_in_pieces(payload, 5, 0), "count 3 highest 106 entries");
}

TEST(PoMessageIndex, EntriesGoToTheScratchSpaceWhenGivenOne) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("ccsalvage-msgindex-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        const auto space = ScratchSpace::open(dir, nullptr, 0);
        ASSERT_NE(space, nullptr);
        const std::string payload = encode_message_index(index_of(500, 1597));
        MessageIndexDecoder decoder(payload.size() / 8, space.get());
        for (std::size_t at = 0; at < payload.size(); at += 100) {
            decoder.feed(std::string_view(payload).substr(at, 100));
        }
        FieldMap map;
        decoder.finish(map);
        EXPECT_FALSE(map.malformed.has_value());
        ASSERT_EQ(decoder.entries().size(), 500U);
        EXPECT_TRUE(space->holds(decoder.entries().data()));
        EXPECT_EQ(decoder.entries()[499].message_number, 100U + 3 * 499);
        EXPECT_EQ(decoder.entries()[499].record_block, 7U + 499);
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ccsalvage::po
