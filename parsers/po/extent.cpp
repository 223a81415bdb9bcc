#include "parsers/po/extent.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <unordered_set>

#include "core/evidence.hpp"
#include "parsers/po/block.hpp"
#include "parsers/po/bytes.hpp"
#include "parsers/po/crc32.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_mlandata.hpp"
#include "parsers/po/scramble.hpp"

namespace ccsalvage::po {

namespace le = layout::mlandata;
namespace lb = layout::block;

ExtentHeader decode_extent_header(std::string_view block) {
    ExtentHeader e;
    if (auto h = decode_block_header(block)) e.block = *h;
    e.item_index = get_u16(block, le::kItemIndex).value_or(0);
    e.flags = get_u16(block, le::kFlags).value_or(0);
    e.data_length = get_u32(block, le::kDataLength).value_or(0);
    e.item_offset = get_u32(block, le::kItemOffset).value_or(0);
    e.data_crc = get_u32(block, le::kDataCrc).value_or(0);
    return e;
}

std::uint32_t extent_blocks(std::uint64_t data_length, std::uint32_t block_size) {
    if (block_size == 0) return 0;
    const std::uint64_t n = (le::kData + data_length + block_size - 1) / block_size;
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(n, 0xFFFFFFFFu));
}

namespace {

std::string hex(std::uint32_t v) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string s(8, '0');
    for (int i = 7; i >= 0; --i, v >>= 4) s[static_cast<std::size_t>(i)] = kDigits[v & 0xF];
    return s;
}

// Extent data is checked (and kept) this much at a time: a damaged data_length cannot make a
// positioned read allocate more, and a large item is never unscrambled whole for its CRC.
constexpr std::size_t kPiece = 64u << 10;

}  // namespace

std::string_view ExtentSource::view(std::uint64_t offset, std::size_t length) {
    if (offset >= size_) return {};
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(length, size_ - offset));
    if (!read_) return mapped_.substr(static_cast<std::size_t>(offset), n);
    buffer_.resize(n);
    buffer_.resize(read_(offset, buffer_.data(), n));
    return buffer_;
}

ItemRead read_item(std::string_view mlandata, const ItemEntry& item, const ItemRequest& request) {
    ExtentSource source(mlandata);
    return read_item(source, item, request);
}

ItemRead read_item(ExtentSource& file, const ItemEntry& item, const ItemRequest& request) {
    ItemRead out;
    const std::uint32_t b = request.block_size;
    if (item.length == 0 && item.extent_block == 0) {
        out.complete = true;
        out.crc_ok = item.data_crc == 0;
        if (!out.crc_ok) out.problems.push_back({false, 0, "empty item with a non-zero data_crc"});
        return out;
    }
    std::unordered_set<std::uint32_t> visited;
    std::uint32_t current = item.extent_block;
    std::uint32_t crc = 0;
    std::uint16_t expected_index = 0;
    while (true) {
        const bool first = out.extents.empty();
        const std::uint64_t at = std::uint64_t{current} * b;
        // Only a first extent that is not there at all means the data is missing (PO-028);
        // everything else is damage to data that exists (PO-029).
        const auto missing = [&](std::string why) {
            out.problems.push_back({first, first ? 0 : at, std::move(why)});
        };
        const auto fail = [&](std::string why) {
            out.problems.push_back({false, at, std::move(why)});
        };
        if (current == 0 || current >= request.total_blocks) {
            missing("extent block " + std::to_string(current) + " out of range");
            break;
        }
        if (visited.count(current) != 0 || out.extents.size() >= lb::kMaxChainBlocks) {
            missing("extent chain loops");
            break;
        }
        visited.insert(current);
        // A whole block or nothing, as block_view() gives.
        std::string_view head = file.view(at, b);
        if (head.size() != b) head = {};
        const BlockCheck check = check_block(head, current, b, FileKind::mlandata);
        if (!check.structural || check.header.type != lb::kExtent) {
            missing("block " + std::to_string(current) + " is not an extent head");
            break;
        }
        const ExtentHeader e = decode_extent_header(head);
        const std::uint32_t first_block = first ? current : out.extents.front().block;
        if (e.block.owner != request.message_number || e.item_index != request.item_index) {
            missing("extent of message " + std::to_string(e.block.owner) + " item " +
                    std::to_string(e.item_index));
            break;
        }
        if (e.block.chain_index != expected_index || e.block.first_block != first_block) {
            missing("extent out of sequence");
            break;
        }
        if (e.item_offset != out.bytes_read)
            fail("extent item_offset " + std::to_string(e.item_offset));
        ItemExtent extent{current, 0, e, check.intact, false};
        // The data span, clipped to the file: a damaged length cannot make the reader run off.
        const std::uint64_t start = at + le::kData;
        const std::uint64_t available = start <= file.size() ? file.size() - start : 0;
        const std::uint64_t take = std::min<std::uint64_t>(e.data_length, available);
        extent.blocks = static_cast<std::uint32_t>(
            std::min<std::uint64_t>(extent_blocks(take, b), (file.size() - at) / b));
        // Checksums a piece at a time: the extent's own CRC over the stored bytes, the item's
        // over them unscrambled, so a large item never sits in memory whole unless it is kept.
        std::uint32_t stored_crc = 0;
        char piece[kPiece];
        if (request.keep_data) {
            out.data.reserve(out.data.size() +
                             static_cast<std::size_t>(std::min<std::uint64_t>(take, item.length)));
        }
        std::uint64_t done = 0;
        while (done < take) {
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kPiece, take - done));
            const std::string_view stored = file.view(start + done, n);
            if (stored.size() != n) break;  // the file shrank under the reader
            stored_crc = crc32(stored, stored_crc);
            const auto item_offset = static_cast<std::uint32_t>(done);
            if (request.keep_data) {
                const std::size_t from = out.data.size();
                out.data.append(stored);
                scramble_range(out.data.data() + from, n, current, item_offset);
                crc = crc32(std::string_view(out.data).substr(from), crc);
            } else {
                stored.copy(piece, n);
                scramble_range(piece, n, current, item_offset);
                crc = crc32(std::string_view(piece, n), crc);
            }
            done += n;
        }
        extent.data_crc_ok = done == e.data_length && stored_crc == e.data_crc;
        // A bad header CRC is the block's own finding (PO-011), reported by the block audit.
        if (done != e.data_length) {
            fail("extent data cut by the end of the file");
        } else if (!extent.data_crc_ok) {
            fail("extent data checksum mismatch at block " + std::to_string(current));
        }
        out.bytes_read += done;
        out.extents.push_back(extent);
        if ((e.flags & le::kFlagLastExtent) != 0) {
            if (e.block.next_block != 0) fail("last extent has a next_block");
            out.complete = true;
            break;
        }
        if (e.block.next_block == 0) {
            fail("extent chain ends before the last extent");
            break;
        }
        if (expected_index == 0xFFFF) break;
        ++expected_index;
        current = e.block.next_block;
    }
    if (!out.extents.empty()) {
        if (out.bytes_read != item.length) {
            out.problems.push_back({false, std::uint64_t{item.extent_block} * b,
                                    "item holds " + std::to_string(out.bytes_read) +
                                        " bytes, table says " + std::to_string(item.length)});
        } else if (crc != item.data_crc) {
            out.problems.push_back(
                {false, std::uint64_t{item.extent_block} * b,
                 "item data CRC " + hex(crc) + ", table says " + hex(item.data_crc)});
        } else {
            out.crc_ok = true;
        }
    }
    return out;
}

void write_extent(std::string& file, std::uint32_t block_size, std::uint32_t head,
                  std::uint32_t message_number, std::uint16_t item_index, std::string_view data,
                  std::uint32_t write_serial) {
    write_extent_at(file, std::size_t{head} * block_size, block_size, head, message_number,
                    item_index, data, write_serial);
}

void write_extent_at(std::string& file, std::size_t offset, std::uint32_t block_size,
                     std::uint32_t head, std::uint32_t message_number, std::uint16_t item_index,
                     std::string_view data, std::uint32_t write_serial) {
    const std::size_t span = std::size_t{extent_blocks(data.size(), block_size)} * block_size;
    // Zeroed and scrambled where it lies: no temporary of the span's or the data's size (an
    // item of tens of megabytes was held four times over, at the repair stage's peak).
    if (offset > file.size()) throw std::out_of_range("write_extent_at: offset past the end");
    // Bytes already there are zeroed, the rest is grown as zeros (as replace() did), once.
    const std::size_t existing = std::min(file.size() - offset, span);
    std::fill_n(file.begin() + static_cast<std::ptrdiff_t>(offset), existing, '\0');
    if (existing < span) file.resize(offset + span);
    BlockHeader h;
    h.type = lb::kExtent;
    h.block_number = head;
    h.first_block = head;
    h.owner = message_number;
    h.payload_length = le::kExtentPayloadLength;
    h.write_serial = write_serial;
    encode_block_header(file, offset, h);
    put_u16(file, offset + le::kItemIndex, item_index);
    put_u16(file, offset + le::kFlags, le::kFlagLastExtent);
    put_u32(file, offset + le::kDataLength, static_cast<std::uint32_t>(data.size()));
    put_u32(file, offset + le::kItemOffset, 0);
    put_bytes(file, offset + le::kData, data);
    char* stored = file.data() + offset + le::kData;
    scramble_range(stored, data.size(), head, 0);
    put_u32(file, offset + le::kDataCrc, crc32({stored, data.size()}));
    seal_block(file, offset, block_size);
}

PositionedRead positioned_reads(const EvidenceFile& file) {
    auto reader = std::make_shared<const EvidenceFile::Reader>(file.reader());
    return [reader](std::uint64_t offset, char* into, std::size_t size) {
        return reader->read_at(offset, into, size);
    };
}

}  // namespace ccsalvage::po
