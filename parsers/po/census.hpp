#pragma once
// The census (docs/formats/post-office.md, section 13.3): every block position of a file looked
// at once and classified, without trusting any pointer. The walks from the roots decide what
// a post office contains; the census is what lets the reader relink broken chains (4.5) and
// list the records no walk reached ("recovered": lost or stale), libpff-style.
#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parsers/po/structures.hpp"

namespace ccsalvage::po {

enum class CensusKind : std::uint8_t {
    intact,        // structurally valid, CRC matches
    bad_crc,       // structurally valid, CRC does not match
    zero,          // all 00
    extent_data,   // inside the span of an intact extent head before it
    unrecognised,  // anything else (including a bad or foreign signature)
};

struct CensusEntry {
    CensusKind kind = CensusKind::unrecognised;
    BlockHeader header;             // meaningful for intact and bad_crc
    std::uint32_t extent_head = 0;  // for extent_data: the head block of the span
};

class Census {
  public:
    // Looks at every whole block of `file` (also past total_blocks: PO-003 extra blocks are
    // scanned too). A trailing partial block is not a position.
    // `done_with`, when given, is called with the byte ranges already looked at (every 8 MiB),
    // so a caller holding a memory map can drop those pages.
    static Census take(std::string_view file, std::uint32_t block_size, FileKind kind,
                       const std::function<void(std::uint64_t, std::uint64_t)>& done_with = {});

    std::uint32_t size() const { return static_cast<std::uint32_t>(entries_.size()); }
    const CensusEntry& at(std::uint32_t position) const { return entries_[position]; }
    bool structural(std::uint32_t position) const;

    // Structurally valid blocks that say they are block `chain_index` of the record headed at
    // `first_block` (the relinking candidates of 4.5), in ascending position.
    std::vector<std::uint32_t> candidates(std::uint32_t first_block,
                                          std::uint16_t chain_index) const;

  private:
    std::vector<CensusEntry> entries_;
    std::unordered_multimap<std::uint64_t, std::uint32_t> by_chain_position_;
};

}  // namespace ccsalvage::po
