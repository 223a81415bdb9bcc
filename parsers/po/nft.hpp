#pragma once
// The allocation table, "NFT" (docs/formats/post-office.md, section 5): one record of type N
// giving a state byte per block of its file.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scratch_array.hpp"
#include "parsers/po/field_map.hpp"

namespace ccsalvage::po {

struct Nft {
    std::uint32_t covered_blocks = 0;  // as stored
    // What the payload holds (at most covered_blocks), a view into it: a byte per block, so a
    // copy was megabytes more on the heap while a large MLANDATA's table was read.
    std::string_view states;
};

// The table's shape from its count (absent when the payload is shorter than one) and its
// payload's length alone: how many states it holds (at most covered_blocks). A payload too
// short for covered_blocks states is reported in `map` (ran_out), bytes after them too.
struct NftShape {
    std::uint32_t covered_blocks = 0;
    std::size_t states = 0;
};
NftShape nft_shape(std::optional<std::uint32_t> covered_blocks, std::size_t payload_bytes,
                   FieldMap& map);

// A payload too short for covered_blocks states is reported in `map` (ran_out); the states that
// are there are kept. The result views `payload`.
Nft decode_nft(std::string_view payload, FieldMap& map);

// The same decoding with the payload handed over in pieces as the table's chain is followed
// (follow_chain's PayloadSink), the states going straight into `states`: the payload, a byte
// per block of its file, is never held whole. `states` must have room for every byte after the
// count (the chain's payload bound less 4).
class NftStreamDecoder {
  public:
    explicit NftStreamDecoder(ScratchArray<std::uint8_t>& states) : states_(states) {}
    void feed(std::string_view part);
    // After the last piece: the shape, with the problems in `map` as decode_nft() reports them.
    NftShape finish(FieldMap& map) const;

  private:
    ScratchArray<std::uint8_t>& states_;
    std::array<char, 4> count_{};
    std::size_t payload_bytes_ = 0;
    std::optional<std::uint32_t> covered_;
};
std::string encode_nft(const std::vector<std::uint8_t>& states);

// Payload offset of the state byte of `block` (for events that point at the state).
std::uint32_t nft_state_offset(std::uint32_t block);

}  // namespace ccsalvage::po
