#pragma once
// File headers (docs/formats/post-office.md, sections 6.1, 7.1, 8.1): block 0 of every file
// and its copy in block 1. Decoders take the whole header block and report field positions as
// payload offsets (block offset - 32), which are also the scrambling positions of the slots.
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/po/field_map.hpp"
#include "parsers/po/structures.hpp"

namespace ccsalvage::po {

// The payload_length each kind's header carries, and the file_kind byte.
std::uint16_t header_payload_length(FileKind kind);
std::uint8_t file_kind_byte(FileKind kind);

// Decoders: `block` is the whole header block (at least 32 + payload length bytes); `seed` is
// its block number (0 for the header, 1 for the copy). Never fail: damage is left for the
// caller's checks and recorded in `map` (reserved bytes, slot padding, dates, texts).
CommonHeader decode_common_header(std::string_view block, FieldMap& map);
ClandataHeader decode_clandata_header(std::string_view block, std::uint32_t seed, FieldMap& map);
MlandataHeader decode_mlandata_header(std::string_view block, std::uint32_t seed, FieldMap& map);
UsrHeader decode_usr_header(std::string_view block, std::uint32_t seed, FieldMap& map);

// Encoders: a whole sealed header block for `block_number` (0 or 1), text scrambled with that
// seed. The common part's write_serial goes into the block header.
std::string encode_clandata_header(const ClandataHeader& header, std::uint32_t block_number,
                                   std::uint32_t block_size);
std::string encode_mlandata_header(const MlandataHeader& header, std::uint32_t block_number,
                                   std::uint32_t block_size);
std::string encode_usr_header(const UsrHeader& header, std::uint32_t block_number,
                              std::uint32_t block_size);

}  // namespace ccsalvage::po
