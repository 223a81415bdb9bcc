#include "repair/locate.hpp"

#include "parsers/po/block.hpp"
#include "parsers/po/directory_record.hpp"
#include "parsers/po/extent.hpp"
#include "parsers/po/field_map.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/layout_file_header.hpp"
#include "parsers/po/limits.hpp"
#include "parsers/po/message_record.hpp"

namespace ccsalvage::repair {

namespace lb = po::layout::block;
namespace lm = po::layout::clandata::msg;

std::string structure_name(char type) {
    switch (type) {
        case lb::kFileHeader:
            return "file header";
        case lb::kNft:
            return "allocation table";
        case lb::kDirectoryEntry:
            return "directory entry";
        case lb::kDirectoryIndex:
            return "directory index";
        case lb::kMessageHeader:
            return "message header";
        case lb::kMessageIndex:
            return "message index";
        case lb::kExtent:
            return "item extent";
        case lb::kFolderTable:
            return "folder table";
        case lb::kFolderList:
            return "folder list";
        default:
            return "unrecognised block";
    }
}

namespace {

std::string block_header_field(std::uint64_t in_block) {
    if (in_block < lb::kBlockNumber) return "signature";
    if (in_block < lb::kFirstBlock) return "block_number";
    if (in_block < lb::kNextBlock) return "first_block";
    if (in_block < lb::kOwner) return "next_block";
    if (in_block < lb::kChainIndex) return "owner";
    if (in_block < lb::kPayloadLength) return "chain_index";
    if (in_block < lb::kWriteSerial) return "payload_length";
    if (in_block < lb::kCrc) return "write_serial";
    return "crc32";
}

std::string message_fixed_field(std::uint64_t p) {
    if (p < lm::kDate) return "message_number";
    if (p < lm::kFlags) return "date";
    if (p < lm::kItemCount) return "flags";
    if (p < lm::kRecipientCount) return "item_count";
    if (p < lm::kReserved) return "recipient_count";
    if (p < lm::kReferenceCount) return "reserved";
    if (p < lm::kSenderEntryId) return "reference_count";
    if (p < lm::kTotalItemBytes) return "sender_entry_id";
    if (p < lm::kArrival) return "total_item_bytes";
    return "arrival";
}

// The field of a file header (6.1, 7.1, 8.1) at block offset `at` (at least 32).
std::string file_header_field(po::FileKind kind, std::uint64_t at) {
    namespace fh = po::layout::file_header;
    namespace lc = po::layout::clandata;
    if (at < fh::kCommonEnd) {
        if (at < fh::kTotalBlocks) return "identity (kind, generation, block size, po_id)";
        if (at < fh::kFreeBlocks) return "total_blocks";
        if (at < fh::kNftBlock) return "free_blocks";
        if (at < fh::kFlags) return "nft_block";
        if (at < fh::kCodePage) return "flags";
        return "code page, date order, model version, dates";
    }
    if (kind != po::FileKind::clandata) return "file header fields";
    if (at < lc::kNextMessageNumber) return "message_count";
    if (at < lc::kDirectoryEntryCount) return "next_message_number";
    if (at < lc::kNextDirectoryId) return "directory_entry_count";
    if (at < lc::kMessageIndexBlock) return "next_directory_id";
    if (at < lc::kDirectoryIndexBlock) return "message_index_block";
    if (at < lc::kMailboxCount) return "directory_index_block";
    if (at < lc::kNextMailboxNumber) return "mailbox_count";
    if (at < lc::kPoName) return "next_mailbox_number";
    if (at < lc::kChainTable) return "po_name";
    if (at < lc::kHeaderEnd) {
        const std::uint64_t slot = (at - lc::kChainTable) / lc::kChainSlotSize;
        return std::string("chain table ") + lc::kChainOrder[slot];
    }
    return "slack";
}

std::string directory_fixed_field(std::uint64_t p) {
    namespace d = po::layout::clandata::dir;
    if (p < d::kTypeCode) return "entry_id";
    if (p < d::kFlags) return "type_code";
    if (p < d::kMemberCount) return "flags";
    if (p < d::kMailboxNumber) return "member_count";
    if (p < d::kPoEntryId) return "mailbox_number";
    if (p < d::kAliasTargetId) return "po_entry_id";
    if (p < d::kChainPrev) return "alias_target_id";
    if (p < d::kChainNext) return "chain_prev";
    if (p < d::kCreated) return "chain_next";
    return "created";
}

// The field at payload offset p of a decoded record: a text field containing it, else what
// the fixed layout says, else where parsing stopped.
std::string field_at(const po::FieldMap& map, std::uint64_t p, char type) {
    for (const auto& t : map.texts) {
        // A text16 field: two length bytes, then the text.
        if (p + 2 >= t.offset && p < t.offset + t.text.size()) return std::string(t.name);
    }
    if (type == lb::kMessageHeader && p < lm::kFixedEnd) return message_fixed_field(p);
    if (type == lb::kDirectoryEntry && p < po::layout::clandata::dir::kFixedEnd) {
        return directory_fixed_field(p);
    }
    if (map.malformed && p >= map.malformed->offset) return map.malformed->what;
    return type == lb::kMessageHeader ? "recipients or item table" : "payload";
}

}  // namespace

std::string record_payload(std::string_view file, std::uint32_t block_size, std::uint32_t head,
                           char type, std::uint32_t max_blocks,
                           std::vector<std::uint32_t>* blocks) {
    std::string payload;
    std::uint32_t at = head;
    for (std::uint32_t n = 0; at != 0 && n < max_blocks; ++n) {
        const std::string_view block = po::block_view(file, at, block_size);
        if (block.empty()) break;
        const auto header = po::decode_block_header(block);
        if (!header || header->type != type || header->first_block != head) break;
        const std::size_t used =
            std::min<std::size_t>(header->payload_length, block_size - lb::kHeaderSize);
        payload.append(block.substr(lb::kHeaderSize, used));
        if (blocks != nullptr) blocks->push_back(at);
        at = header->next_block;
    }
    return payload;
}

Located locate(std::string_view file, po::FileKind kind, std::uint32_t block_size,
               std::uint64_t offset, std::uint64_t length) {
    Located out;
    if (block_size == 0) return out;
    out.block = static_cast<std::uint32_t>(offset / block_size);
    const std::uint64_t in_block = offset % block_size;
    if (kind == po::FileKind::mlandata) {
        // Extent data blocks carry no header: look back for the extent head whose span holds it.
        for (std::uint32_t back = 0; back <= out.block && back < lb::kMaxChainBlocks; ++back) {
            const std::uint32_t head = out.block - back;
            const std::string_view block = po::block_view(file, head, block_size);
            if (block.size() < 48 || po::signature_type(block) != lb::kExtent) continue;
            const po::ExtentHeader e = po::decode_extent_header(block);
            if (po::extent_blocks(e.data_length, block_size) <= back) break;
            out.record_head = head;
            out.structure = "item extent";
            out.key = e.block.owner;
            const std::uint64_t at = offset - std::uint64_t{head} * block_size;
            out.field = at < lb::kHeaderSize ? block_header_field(at)
                        : at < 48            ? "extent header"
                                             : "item " + std::to_string(e.item_index + 1) + " data";
            return out;
        }
        out.structure = "unrecognised block";
        return out;
    }
    const std::string_view block = po::block_view(file, out.block, block_size);
    const auto header = block.empty() ? std::nullopt : po::decode_block_header(block);
    if (!header || !po::signature_type(block)) {
        out.structure = "unrecognised block";
        return out;
    }
    out.structure = structure_name(header->type);
    out.key = header->owner;
    out.record_head = header->first_block;
    if (in_block < lb::kHeaderSize) {
        out.field = block_header_field(in_block);
        return out;
    }
    const std::uint64_t used = header->payload_length;
    if (in_block - lb::kHeaderSize >= used) {
        out.field = "slack";
        return out;
    }
    if (header->type == lb::kFileHeader) {
        out.field = file_header_field(kind, in_block);
        return out;
    }
    if (header->type != lb::kMessageHeader && header->type != lb::kDirectoryEntry) {
        out.field = "payload";
        return out;
    }
    const std::uint64_t p = std::uint64_t{header->chain_index} * (block_size - lb::kHeaderSize) +
                            in_block - lb::kHeaderSize;
    const std::string payload = record_payload(file, block_size, header->first_block, header->type,
                                               po::limits::kHeaderPayloadDb8 / 16);
    po::FieldMap map;
    if (header->type == lb::kMessageHeader) {
        (void)po::decode_message_header(payload, header->first_block, map);
    } else {
        (void)po::decode_directory_entry(payload, header->first_block, map);
    }
    out.field = field_at(map, p, header->type);
    if (length > 1) {
        const std::string last = field_at(map, p + length - 1, header->type);
        if (last != out.field) out.last_field = last;
    }
    (void)kind;
    return out;
}

}  // namespace ccsalvage::repair
