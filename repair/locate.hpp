#pragma once
// Maps a byte offset in a post office file to what the model stores there: the block, the
// record (structure and key) and the field (docs/formats/post-office.md, sections 4-8). Used
// to say what foreign bytes overwrote. Reads only the bytes it is given; never trusts a
// pointer beyond the bounds of section 11.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/po/structures.hpp"

namespace ccsalvage::repair {

struct Located {
    std::uint32_t block = 0;
    std::uint32_t record_head = 0;  // head block of the record (0 when not known)
    std::string structure;          // "message header", "item extent", "file header", ...
    std::string field;              // field at the offset ("" when not known)
    std::string last_field;         // field at offset + length - 1, when different
    std::uint32_t key = 0;          // owner of the record (message number, entry id, mailbox)
};

Located locate(std::string_view file, po::FileKind kind, std::uint32_t block_size,
               std::uint64_t offset, std::uint64_t length);

// The payload of the record of `type` whose head block is `head`, following next_block over at
// most `max_blocks` blocks; the blocks followed are appended to `blocks` when given.
std::string record_payload(std::string_view file, std::uint32_t block_size, std::uint32_t head,
                           char type, std::uint32_t max_blocks,
                           std::vector<std::uint32_t>* blocks = nullptr);

// The structure a block type letter stands for ("message header" for 'H').
std::string structure_name(char type);

}  // namespace ccsalvage::repair
