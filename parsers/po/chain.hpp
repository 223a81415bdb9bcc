#pragma once
// Records and chains (docs/formats/post-office.md, section 4.5): following a record's blocks
// (a block met twice is a loop), relinking a broken chain from the census, and, for the writer,
// laying a payload out over a list of blocks.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/scratch.hpp"
#include "parsers/po/structures.hpp"

namespace ccsalvage::po {

class Census;

struct ChainLink {
    std::uint32_t block = 0;
    BlockHeader header;
    bool intact = false;
    std::uint32_t payload_start = 0;  // payload offset of this block's first payload byte
};

// Why a chain stopped before its last block said so (PO-012), and whether the census
// supplied the missing block.
struct ChainFault {
    std::uint32_t block = 0;    // the block whose next_block could not be followed
    std::uint32_t pointer = 0;  // its next_block
    std::string why;
    std::optional<std::uint32_t> relinked_to;
};

struct Record {
    // A link per block: for the longest records (the message index, the allocation table:
    // thousands of blocks) in the scratch space when the request gave one.
    using Links = std::vector<ChainLink, ScratchAllocator<ChainLink>>;
    Links links;
    std::string payload;            // the concatenated payloads (scrambled text stays scrambled)
    std::size_t payload_bytes = 0;  // its length, also when a PayloadSink took the bytes instead
    bool complete = false;          // ended at a block with next_block 0
    bool intact = true;             // every block's CRC matched
    bool bound_reached = false;     // stopped by the chain or payload bound (PO-049)
    std::vector<ChainFault> faults;

    std::uint32_t head() const { return links.empty() ? 0 : links.front().block; }
    // Absolute file offset of a payload offset (the end of the payload maps after its last byte).
    std::uint64_t absolute(std::uint32_t payload_offset, std::uint32_t block_size) const;
};

struct ChainRequest {
    char type = 0;
    std::uint32_t head = 0;
    std::uint32_t total_blocks = 0;  // pointers at or past this are out of range
    std::size_t max_payload = 0;     // payload bound in bytes (0 = no bound beyond the chain's)
    std::shared_ptr<ScratchSpace> scratch;  // where a long record's links go (none: the heap)
};

// Where a followed record's payload goes instead of Record::payload: handed over block by block,
// for a record the caller decodes as it comes rather than holding whole (the allocation table:
// a byte per block of its file).
using PayloadSink = std::function<void(std::string_view)>;

// Follows the record whose head block is `request.head`. The head must be a structurally valid
// block of the requested type with chain_index 0 (the caller checks, since what a bad head means
// depends on who pointed at it); otherwise the result has no links. Each continuation must have
// the same type, owner and first_block and the next chain_index. `census` may be null (no
// relinking). With a `sink`, the payload goes to it and Record::payload stays empty.
Record follow_chain(std::string_view file, std::uint32_t block_size, FileKind kind,
                    const ChainRequest& request, const Census* census,
                    const PayloadSink& sink = {});
// Each block's bytes from `block_at` (empty when the block cannot be read whole; the view need
// only live until the next call): the same walk for a file read with pread rather than through
// its mapping.
using BlockAt = std::function<std::string_view(std::uint32_t block)>;
Record follow_chain(const BlockAt& block_at, std::uint32_t block_size, FileKind kind,
                    const ChainRequest& request, const Census* census,
                    const PayloadSink& sink = {});

// The payload of a record already followed: the payloads of `blocks` (a Record's links, in
// order) concatenated as follow_chain() did, up to `length` bytes (the payload's size then,
// which is shorter when a bound cut it). For decoding a record again without following it.
std::string record_payload(std::string_view file, std::uint32_t block_size,
                           std::span<const std::uint32_t> blocks, std::size_t length);
// The same with each block's bytes from `block_at` (follow_chain's BlockAt).
std::string record_payload(const BlockAt& block_at, std::span<const std::uint32_t> blocks,
                           std::size_t length);

// Writer side. Blocks a payload of `length` bytes needs (at least one).
std::uint32_t chain_blocks_needed(std::size_t length, std::uint32_t block_size);
// Writes `payload` as a record over `blocks` (head first) into `file` (already sized): block
// headers, payload split as 4.5 says, slack 00, CRCs sealed.
void write_chain(std::string& file, std::uint32_t block_size, char type, std::uint32_t owner,
                 const std::vector<std::uint32_t>& blocks, std::string_view payload,
                 std::uint32_t write_serial);
// The same record with its blocks laid one after another from byte `offset` of `buffer`
// (grown as needed) instead of at their block numbers: for a writer that streams a file
// record by record.
void write_chain_at(std::string& buffer, std::size_t offset, std::uint32_t block_size, char type,
                    std::uint32_t owner, const std::vector<std::uint32_t>& blocks,
                    std::string_view payload, std::uint32_t write_serial);

}  // namespace ccsalvage::po
