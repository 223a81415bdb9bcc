#include "parsers/po/block.hpp"

#include <stdexcept>

#include "parsers/po/bytes.hpp"
#include "parsers/po/crc32.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_mlandata.hpp"

namespace ccsalvage::po {

namespace lb = layout::block;
namespace ln = layout::nft;

std::string_view to_string(FileKind kind) {
    switch (kind) {
        case FileKind::clandata:
            return "CLANDATA";
        case FileKind::mlandata:
            return "MLANDATA";
        case FileKind::usr:
            return "USR";
    }
    return "?";
}

bool valid_block_size(std::uint32_t block_size) {
    return block_size >= lb::kMinBlockSize && block_size <= lb::kMaxBlockSize &&
           (block_size & (block_size - 1)) == 0;
}

std::string_view block_view(std::string_view file, std::uint64_t block, std::uint32_t block_size) {
    if (block_size == 0) return {};
    const std::uint64_t start = block * block_size;
    if (block > file.size() / block_size || start > file.size() ||
        file.size() - start < block_size) {
        return {};
    }
    return file.substr(static_cast<std::size_t>(start), block_size);
}

std::optional<char> signature_type(std::string_view block) {
    if (block.size() < 4) return std::nullopt;
    const auto type = byte_at(block, 1);
    if (byte_at(block, 0) != lb::kSignatureLead || byte_at(block, 3) != lb::kSignatureTail ||
        byte_at(block, 2) != (type ^ lb::kSignatureComplement)) {
        return std::nullopt;
    }
    return static_cast<char>(type);
}

bool type_allowed(FileKind kind, char type) {
    switch (type) {
        case lb::kFileHeader:
        case lb::kNft:
            return true;
        case lb::kDirectoryEntry:
        case lb::kDirectoryIndex:
        case lb::kMessageHeader:
        case lb::kMessageIndex:
            return kind == FileKind::clandata;
        case lb::kExtent:
            return kind == FileKind::mlandata;
        case lb::kFolderTable:
        case lb::kFolderList:
            return kind == FileKind::usr;
        default:
            return false;
    }
}

std::uint8_t head_state(char type) {
    switch (type) {
        case lb::kFileHeader:
            return ln::kHeader;
        case lb::kNft:
            return ln::kNft;
        case lb::kDirectoryEntry:
            return ln::kDirectoryEntry;
        case lb::kDirectoryIndex:
            return ln::kDirectoryIndex;
        case lb::kMessageHeader:
            return ln::kMessageHeader;
        case lb::kMessageIndex:
            return ln::kMessageIndex;
        case lb::kExtent:
            return ln::kExtent;
        case lb::kFolderTable:
            return ln::kFolderTable;
        case lb::kFolderList:
            return ln::kFolderList;
        default:
            return ln::kBad;
    }
}

char state_type(std::uint8_t state) {
    switch (state & ~ln::kContinuation) {
        case ln::kHeader:
        case ln::kHeaderCopy:
            return lb::kFileHeader;
        case ln::kNft:
            return lb::kNft;
        case ln::kDirectoryEntry:
            return lb::kDirectoryEntry;
        case ln::kDirectoryIndex:
            return lb::kDirectoryIndex;
        case ln::kMessageHeader:
            return lb::kMessageHeader;
        case ln::kMessageIndex:
            return lb::kMessageIndex;
        case ln::kExtent:
            return lb::kExtent;
        case ln::kFolderTable:
            return lb::kFolderTable;
        case ln::kFolderList:
            return lb::kFolderList;
        default:
            return 0;
    }
}

bool state_allowed(FileKind kind, std::uint8_t state) {
    if (state == ln::kFree || state == ln::kHeader || state == ln::kHeaderCopy) return true;
    // The header has no continuation state; the bad-block state is never written (5).
    const char type = state_type(state);
    if (type == 0 || type == lb::kFileHeader) return false;
    return type_allowed(kind, type);
}

std::optional<BlockHeader> decode_block_header(std::string_view block) {
    if (block.size() < lb::kHeaderSize) return std::nullopt;
    BlockHeader h;
    h.type = block[1];
    h.block_number = *get_u32(block, lb::kBlockNumber);
    h.first_block = *get_u32(block, lb::kFirstBlock);
    h.next_block = *get_u32(block, lb::kNextBlock);
    h.owner = *get_u32(block, lb::kOwner);
    h.chain_index = *get_u16(block, lb::kChainIndex);
    h.payload_length = *get_u16(block, lb::kPayloadLength);
    h.write_serial = *get_u32(block, lb::kWriteSerial);
    h.crc = *get_u32(block, lb::kCrc);
    return h;
}

void encode_block_header(std::string& block, std::size_t o, const BlockHeader& h) {
    const auto type = static_cast<std::uint8_t>(h.type);
    put_u8(block, o + 0, lb::kSignatureLead);
    put_u8(block, o + 1, type);
    put_u8(block, o + 2, static_cast<std::uint8_t>(type ^ lb::kSignatureComplement));
    put_u8(block, o + 3, lb::kSignatureTail);
    put_u32(block, o + lb::kBlockNumber, h.block_number);
    put_u32(block, o + lb::kFirstBlock, h.first_block);
    put_u32(block, o + lb::kNextBlock, h.next_block);
    put_u32(block, o + lb::kOwner, h.owner);
    put_u16(block, o + lb::kChainIndex, h.chain_index);
    put_u16(block, o + lb::kPayloadLength, h.payload_length);
    put_u32(block, o + lb::kWriteSerial, h.write_serial);
    put_u32(block, o + lb::kCrc, h.crc);
}

std::uint32_t compute_block_crc(std::string_view block) {
    if (block.size() < lb::kHeaderSize) return 0;
    const std::uint32_t head = crc32(block.substr(0, lb::kCrcFirstRangeEnd));
    const bool extent = signature_type(block) == lb::kExtent;
    const std::size_t end = extent ? layout::mlandata::kData : block.size();
    if (end > block.size()) return head;  // an extent head needs 48 bytes; B >= 512 has them
    return crc32(block.substr(lb::kHeaderSize, end - lb::kHeaderSize), head);
}

void seal_block(std::string& file, std::size_t block_offset, std::uint32_t block_size) {
    if (block_offset > file.size() || file.size() - block_offset < block_size) {
        throw std::out_of_range("po: seal_block outside the file");
    }
    const std::uint32_t crc =
        compute_block_crc(std::string_view(file).substr(block_offset, block_size));
    put_u32(file, block_offset + lb::kCrc, crc);
}

BlockCheck check_block(std::string_view block, std::uint32_t position, std::uint32_t block_size,
                       FileKind kind) {
    BlockCheck out;
    const auto type = signature_type(block);
    if (!type || block.size() < lb::kHeaderSize) {
        out.problem = "no block signature";
        return out;
    }
    out.header = *decode_block_header(block);
    const BlockHeader& h = out.header;
    out.in_place = h.block_number == position;
    const std::uint32_t capacity = block_size - static_cast<std::uint32_t>(lb::kHeaderSize);
    if (!type_allowed(kind, *type)) {
        out.problem = std::string("block type '") + *type + "' not allowed in this file";
    } else if ((h.chain_index == 0) != (h.first_block == h.block_number)) {
        out.problem = "chain_index and first_block disagree";
    } else if (*type == lb::kExtent ? h.payload_length != layout::mlandata::kExtentPayloadLength
                                    : h.payload_length < 1 || h.payload_length > capacity) {
        out.problem = "payload_length out of range";
    } else {
        out.structural = true;
        out.intact = compute_block_crc(block) == h.crc;
    }
    return out;
}

}  // namespace ccsalvage::po
