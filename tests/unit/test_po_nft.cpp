// The allocation table's decoding (docs/formats/post-office.md, section 5): whole, and in the
// pieces a followed chain hands over, which must come out the same, damage included.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parsers/po/bytes.hpp"
#include "parsers/po/nft.hpp"

namespace ccsalvage::po {
namespace {

std::vector<std::uint8_t> states_of(std::size_t n) {
    std::vector<std::uint8_t> states(n);
    for (std::size_t i = 0; i < n; ++i) states[i] = static_cast<std::uint8_t>(i % 11);
    return states;
}

// What a decoding gave: the count, the states and the map's problem and exempt span.
std::string shown(std::uint32_t covered, std::string_view states, const FieldMap& map) {
    std::string out = "covered " + std::to_string(covered) + " states " +
                      std::to_string(states.size()) + ":" + std::string(states);
    if (map.malformed) {
        out += " malformed@" + std::to_string(map.malformed->offset) + " " + map.malformed->what +
               (map.malformed->ran_out ? " (ran out)" : "");
    }
    for (const auto& span : map.spans) {
        out += " span " + std::to_string(static_cast<int>(span.kind)) + "@" +
               std::to_string(span.offset) + "+" + std::to_string(span.length);
    }
    return out;
}

std::string nft_decoded_whole(std::string_view payload) {
    FieldMap map;
    const Nft nft = decode_nft(payload, map);
    return shown(nft.covered_blocks, nft.states, map);
}

std::string nft_decoded_in_pieces(std::string_view payload, std::size_t piece) {
    ScratchArray<std::uint8_t> states(payload.size(), nullptr);
    NftStreamDecoder decoder(states);
    for (std::size_t at = 0; at < payload.size(); at += piece) {
        decoder.feed(payload.substr(at, piece));
    }
    FieldMap map;
    const NftShape shape = decoder.finish(map);
    EXPECT_EQ(shape.states, states.size());
    return shown(shape.covered_blocks,
                 std::string_view(reinterpret_cast<const char*>(states.data()), states.size()),
                 map);
}

TEST(PoNft, EncodedStatesDecodeWithTheirCountAndAreExemptFromTheTextScan) {
    const auto states = states_of(40);
    FieldMap map;
    const std::string payload = encode_nft(states);
    const Nft nft = decode_nft(payload, map);
    EXPECT_EQ(nft.covered_blocks, 40u);
    EXPECT_EQ(std::vector<std::uint8_t>(nft.states.begin(), nft.states.end()), states);
    EXPECT_FALSE(map.malformed);
    ASSERT_EQ(map.spans.size(), 1u);
    EXPECT_EQ(map.spans[0].kind, SpanKind::exempt);
    EXPECT_EQ(map.spans[0].offset, 4u);
    EXPECT_EQ(map.spans[0].length, 40u);
    EXPECT_EQ(nft_state_offset(7), 11u);
}

// Good and damaged payloads, in pieces of every size from one byte (the count straddling four
// pieces) to the whole: the same states, count and problems as decoding the payload whole.
TEST(PoNft, InPiecesDecodesAsTheWholePayload) {
    std::vector<std::pair<std::string, std::string>> payloads;
    const std::string good = encode_nft(states_of(1500));
    payloads.emplace_back("good", good);
    payloads.emplace_back("short of states", good.substr(0, 900));
    payloads.emplace_back("bytes after the last state", good + std::string(70, '\x05'));
    std::string claims_more = good;
    put_u32(claims_more, 0, 0xFFFFFFFFu);
    payloads.emplace_back("count past the payload", claims_more);
    std::string claims_fewer = good;
    put_u32(claims_fewer, 0, 3);
    payloads.emplace_back("count of three", claims_fewer);
    payloads.emplace_back("count only", good.substr(0, 4));
    payloads.emplace_back("half a count", good.substr(0, 2));
    payloads.emplace_back("empty", "");
    for (const auto& [name, payload] : payloads) {
        const std::string whole = nft_decoded_whole(payload);
        for (const std::size_t piece : {1U, 3U, 4U, 5U, 476U, 480U, 8160U, 100000U}) {
            EXPECT_EQ(nft_decoded_in_pieces(payload, piece), whole)
                << name << ", pieces of " << piece;
        }
    }
    EXPECT_NE(nft_decoded_whole(payloads[1].second).find("shorter than covered_blocks (ran out)"),
              std::string::npos);
    EXPECT_NE(
        nft_decoded_whole(payloads[2].second).find("malformed@1504 bytes after the last state"),
        std::string::npos);
    EXPECT_NE(nft_decoded_whole(payloads[4].second).find("covered 3 states 3:"), std::string::npos);
    EXPECT_NE(nft_decoded_whole(payloads[6].second).find("shorter than its count"),
              std::string::npos);
}

// The states go into the array given, which is never asked for more than the payload after
// the count: an array of exactly that capacity takes a table whose count claims more.
TEST(PoNft, InPiecesNeedsNoMoreRoomThanThePayloadAfterTheCount) {
    std::string payload = encode_nft(states_of(600));
    put_u32(payload, 0, 0x7FFFFFFFu);
    ScratchArray<std::uint8_t> states(payload.size() - 4, nullptr);
    NftStreamDecoder decoder(states);
    decoder.feed(payload.substr(0, 200));
    decoder.feed(payload.substr(200));
    FieldMap map;
    EXPECT_EQ(decoder.finish(map).states, 600u);
    EXPECT_EQ(states.size(), 600u);
    ASSERT_TRUE(map.malformed);
    EXPECT_TRUE(map.malformed->ran_out);
}

}  // namespace
}  // namespace ccsalvage::po
