#pragma once
// The block layer shared by CLANDATA, MLANDATA and USRnnnnn (docs/formats/post-office.md,
// sections 4.2-4.6): decoding and encoding the common block header, the signature, the block
// CRC and the three tests a block passes or fails (structurally valid, intact, in place).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/po/structures.hpp"

namespace ccsalvage::po {

// Whether B is a block size a header may record (a power of two, 512-8192).
bool valid_block_size(std::uint32_t block_size);

// Block n of a file: the B bytes at n * B, or an empty view when the block is not entirely in
// the file.
std::string_view block_view(std::string_view file, std::uint64_t block, std::uint32_t block_size);

// The type letter when bytes 0-3 are CC t ~t 1A; std::nullopt otherwise. Needs 4 bytes.
std::optional<char> signature_type(std::string_view block);
// Whether a block type may appear in a file kind (4.4).
bool type_allowed(FileKind kind, char type);
// The NFT state a head block of this type has (4.4); the continuation state is | 0x80.
std::uint8_t head_state(char type);
// The block type an NFT state names, or 0 for free, bad and undefined states.
char state_type(std::uint8_t state);
// Whether an NFT state value is defined and allowed in a file kind (5).
bool state_allowed(FileKind kind, std::uint8_t state);

// Decodes the 32 header bytes as stored (no checks). Needs 32 bytes.
std::optional<BlockHeader> decode_block_header(std::string_view block);
// Writes signature and header fields (not the CRC) into the first 32 bytes of `block`.
void encode_block_header(std::string& block, std::size_t block_offset, const BlockHeader& header);

// The CRC a block should carry: bytes 0-27 and 32..B-1, or for an extent head bytes 0-27 and
// 32-47 (4.6). `block` is the whole block.
std::uint32_t compute_block_crc(std::string_view block);
// Recomputes and stores the CRC of the block at `block_offset` of `file` (the writer's last
// step for every block, and the generator's after it changes a field on purpose).
void seal_block(std::string& file, std::size_t block_offset, std::uint32_t block_size);

struct BlockCheck {
    bool structural = false;  // signature, type allowed, chain_index rule, payload_length range
    bool intact = false;      // structural and the CRC matches
    bool in_place = false;    // block_number equals the position
    BlockHeader header;       // decoded when the signature is right
    std::string problem;      // why it is not structural (empty when it is)
};

// Applies the tests of 4.4 to block `position` of `file` (a block entirely inside the file).
BlockCheck check_block(std::string_view block, std::uint32_t position, std::uint32_t block_size,
                       FileKind kind);

}  // namespace ccsalvage::po
