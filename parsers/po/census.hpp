#pragma once
// The census (docs/formats/post-office.md, section 13.3): every block position of a file looked
// at once and classified, without trusting any pointer. The walks from the roots decide what
// a post office contains; the census is what lets the reader relink broken chains (4.5) and
// list the records no walk reached ("recovered": lost or stale), libpff-style.
//
// The census is kept compact so that its memory does not dominate on large files: one byte of
// kind per block, a header only for the structural blocks (intact or bad CRC), one span per
// intact extent instead of a head number in every data block, and the relinking index as a
// sorted array rather than a hash map (docs/performance.md). Given a scratch space, its arrays
// are kept there rather than on the heap (core/scratch.hpp), sized for the most the file can
// hold: one of each per block.
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "core/scratch_array.hpp"
#include "parsers/po/extent.hpp"
#include "parsers/po/structures.hpp"

namespace ccsalvage::po {

// Positions a sweep over the per-block arrays (the census, the allocation states, the claims)
// passes between two releases of a scratch space's pages (ScratchSpace::passed): 64 KiB of
// each byte-per-block array, a few MiB in all.
inline constexpr std::uint64_t kBlocksPerRelease = 0x10000;

// How the census gets a file's blocks when it is not to touch the file's mapping: positioned
// reads into a window of its own. A touch of a mapping maps the kernel's cached folio around it
// (with large folios, up to megabytes), which stays in the resident set until dropped: 8 to
// 14 MiB of MLANDATA between two of the census's drops at 8 GiB. A read maps nothing.
struct CensusReads {
    static constexpr std::size_t kDefaultWindow = std::size_t{256} << 10U;
    PositionedRead read;  // none: views of the mapping
    // Bytes read at once (whole blocks, at least one): extent data the census skips is not
    // read when the next block it needs lies past the window.
    std::size_t window_bytes = kDefaultWindow;
};

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
    // `scratch`, when given, holds the arrays (else the heap).
    // `reads`, when it has a read, gives the blocks instead of `file`'s mapping; a block it
    // cannot give (a short read, an IoError) is taken from the mapping, so the census is the
    // same either way.
    static Census take(std::string_view file, std::uint32_t block_size, FileKind kind,
                       const std::function<void(std::uint64_t, std::uint64_t)>& done_with = {},
                       ScratchSpace* scratch = nullptr, const CensusReads& reads = {});

    std::uint32_t size() const { return static_cast<std::uint32_t>(kinds_.size()); }
    // The entry of a position (< size()), assembled from the compact parts.
    CensusEntry at(std::uint32_t position) const;
    CensusKind kind(std::uint32_t position) const { return kinds_[position]; }
    bool structural(std::uint32_t position) const;

    // Structurally valid blocks that say they are block `chain_index` of the record headed at
    // `first_block` (the relinking candidates of 4.5), in ascending position.
    std::vector<std::uint32_t> candidates(std::uint32_t first_block,
                                          std::uint16_t chain_index) const;

    // Bytes held on the heap, for tests and the performance notes.
    std::size_t memory_bytes() const;

  private:
    struct Span {
        std::uint32_t head = 0;  // an intact extent head
        std::uint32_t end = 0;   // first position after its data
    };
    struct ChainKey {
        std::uint64_t key = 0;  // first_block << 16 | chain_index
        std::uint32_t position = 0;
        friend bool operator<(const ChainKey& a, const ChainKey& b) {
            return a.key != b.key ? a.key < b.key : a.position < b.position;
        }
    };
    const BlockHeader* header_of(std::uint32_t position) const;
    static void merge_from_the_end(ScratchArray<ChainKey>& sorted,
                                   const ScratchArray<ChainKey>& more, ScratchSpace* scratch);

    ScratchArray<CensusKind> kinds_;                // one per position
    ScratchArray<std::uint32_t> header_positions_;  // structural positions, ascending
    ScratchArray<BlockHeader> headers_;             // their headers, same order
    ScratchArray<Span> spans_;                      // ascending, not overlapping
    ScratchArray<ChainKey> by_chain_position_;      // sorted
};

}  // namespace ccsalvage::po
