#pragma once
// The allocation table, "NFT" (docs/formats/post-office.md, section 5): one record of type N
// giving a state byte per block of its file.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/po/field_map.hpp"

namespace ccsalvage::po {

struct Nft {
    std::uint32_t covered_blocks = 0;  // as stored
    // What the payload holds (at most covered_blocks), a view into it: a byte per block, so a
    // copy was megabytes more on the heap while a large MLANDATA's table was read.
    std::string_view states;
};

// A payload too short for covered_blocks states is reported in `map` (ran_out); the states that
// are there are kept. The result views `payload`.
Nft decode_nft(std::string_view payload, FieldMap& map);
std::string encode_nft(const std::vector<std::uint8_t>& states);

// Payload offset of the state byte of `block` (for events that point at the state).
std::uint32_t nft_state_offset(std::uint32_t block);

}  // namespace ccsalvage::po
