#pragma once
// MLANDATA item extents (docs/formats/post-office.md, section 7.2): decoding an extent head,
// reassembling an item from its extents (and verifying every checksum on the way), and, for the
// writer, laying an item out as one extent.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/po/structures.hpp"

namespace ccsalvage {
class EvidenceFile;
}  // namespace ccsalvage

namespace ccsalvage::po {

// Needs the first 48 bytes of the block.
ExtentHeader decode_extent_header(std::string_view block);
// Blocks an extent of `data_length` bytes occupies: ceil((48 + length) / B).
std::uint32_t extent_blocks(std::uint64_t data_length, std::uint32_t block_size);

struct ItemExtent {
    std::uint32_t block = 0;   // head block
    std::uint32_t blocks = 0;  // blocks of its span that lie inside the file
    ExtentHeader header;
    bool header_intact = false;
    bool data_crc_ok = false;
};

// A problem met while reassembling; `missing` ones are PO-028, the others PO-029.
struct ItemProblem {
    bool missing = false;
    std::uint64_t offset = 0;  // absolute MLANDATA offset
    std::string detail;
};

struct ItemRead {
    std::string data;  // unscrambled item bytes, all extents joined (empty unless requested)
    std::vector<ItemExtent> extents;
    std::uint64_t bytes_read = 0;
    bool complete = false;  // the last extent carried the last-extent flag
    bool crc_ok = false;    // bytes_read == length and the item data_crc matches
    std::vector<ItemProblem> problems;
};

struct ItemRequest {
    std::uint32_t block_size = 0;
    std::uint32_t total_blocks = 0;  // pointers at or past this are out of range
    std::uint32_t message_number = 0;
    std::uint16_t item_index = 0;
    bool keep_data = true;  // false: checksums only, nothing kept in memory
};

// Copies up to `size` bytes at `offset` of a file into `into` and returns how many (fewer only
// at its end): EvidenceFile::Reader::read_at.
using PositionedRead =
    std::function<std::size_t(std::uint64_t offset, char* into, std::size_t size)>;

// Positioned reads of `file` through a descriptor of their own (EvidenceFile::Reader), opened
// here and closed with the last copy of the function. Throws IoError when it cannot be opened.
PositionedRead positioned_reads(const EvidenceFile& file);

// Where read_item() gets MLANDATA's bytes: views of the file's mapping, or positioned reads
// into a buffer of its own. The second is for the export, which reads every item again after
// the read: a touch of a mapping maps the kernel's whole cached folio around it (with large
// folios, hundreds of KiB to megabytes), and those pages count in the process's resident set
// until dropped; a read copies what was asked and maps nothing.
class ExtentSource {
  public:
    explicit ExtentSource(std::string_view mapped) : mapped_(mapped), size_(mapped.size()) {}
    ExtentSource(std::uint64_t size, PositionedRead read) : size_(size), read_(std::move(read)) {}
    std::uint64_t size() const { return size_; }
    // The bytes [offset, offset + length) clipped to the file; valid until the next call.
    // Throws what the read throws (IoError: the evidence could not be read, not damage).
    std::string_view view(std::uint64_t offset, std::size_t length);

  private:
    std::string_view mapped_;
    std::uint64_t size_ = 0;
    PositionedRead read_;  // empty: views of mapped_
    std::string buffer_;
};

// Reassembles item `request.item_index` of a message from MLANDATA (7.2), following extents from
// item.extent_block with the checks the document lists. Never throws on damaged bytes; every
// problem is in the result. An empty item (length 0, extent_block 0) is complete and intact.
ItemRead read_item(ExtentSource& mlandata, const ItemEntry& item, const ItemRequest& request);
ItemRead read_item(std::string_view mlandata, const ItemEntry& item, const ItemRequest& request);

// Writer side: writes one extent (the whole item) at block `head` of `file` (already sized):
// header, scrambled data, 00 to the end of the last block, header CRC.
void write_extent(std::string& file, std::uint32_t block_size, std::uint32_t head,
                  std::uint32_t message_number, std::uint16_t item_index, std::string_view data,
                  std::uint32_t write_serial);
// The same extent written at byte `offset` of `buffer` (already sized) instead of at head x B:
// for a writer that streams a file in pieces.
void write_extent_at(std::string& buffer, std::size_t offset, std::uint32_t block_size,
                     std::uint32_t head, std::uint32_t message_number, std::uint16_t item_index,
                     std::string_view data, std::uint32_t write_serial);

}  // namespace ccsalvage::po
