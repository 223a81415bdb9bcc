#include "parsers/po/file_header.hpp"

#include "parsers/po/block.hpp"
#include "parsers/po/bytes.hpp"
#include "parsers/po/layout_block.hpp"
#include "parsers/po/layout_clandata.hpp"
#include "parsers/po/layout_file_header.hpp"
#include "parsers/po/layout_mlandata.hpp"
#include "parsers/po/layout_usr.hpp"
#include "parsers/po/text_field.hpp"

namespace ccsalvage::po {

namespace lb = layout::block;
namespace fh = layout::file_header;

namespace {

constexpr std::uint32_t payload_offset(std::size_t block_offset) {
    return static_cast<std::uint32_t>(block_offset - lb::kHeaderSize);
}

std::uint32_t u32(std::string_view b, std::size_t o) { return get_u32(b, o).value_or(0); }
std::uint16_t u16(std::string_view b, std::size_t o) { return get_u16(b, o).value_or(0); }
std::uint8_t u8(std::string_view b, std::size_t o) { return get_u8(b, o).value_or(0); }

DosDateTime date_at(std::string_view b, std::size_t o, std::string_view name, FieldMap& map) {
    const DosDateTime value{u16(b, o), u16(b, o + 2)};
    map.date(payload_offset(o), value, name);
    return value;
}

void reserved(std::string_view b, std::size_t o, std::size_t n, std::string_view name,
              FieldMap& map) {
    for (std::size_t i = 0; i < n; ++i) {
        if (u8(b, o + i) != 0) {
            map.nonzero(payload_offset(o), static_cast<std::uint32_t>(n), name);
            return;
        }
    }
}

std::string slot_at(std::string_view b, std::size_t o, std::size_t size, std::uint32_t seed,
                    std::string_view name, FieldMap& map) {
    const std::string_view bytes = b.substr(std::min(o, b.size()), size);
    const Slot slot = decode_slot(bytes, seed, payload_offset(o));
    if (slot.length_invalid)
        map.malformed_at(payload_offset(o), std::string(name) + ": slot length");
    map.text(payload_offset(o + 1), name, slot.text);
    if (slot.padding_fault) {
        map.nonzero(payload_offset(o + *slot.padding_fault),
                    static_cast<std::uint32_t>(size - *slot.padding_fault), name);
    }
    return slot.text;
}

void put_date(std::string& b, std::size_t o, DosDateTime value) {
    put_u16(b, o, value.date);
    put_u16(b, o + 2, value.time);
}

// A zeroed block with the F block header and the common part filled in.
std::string common_block(const CommonHeader& c, FileKind kind, std::uint32_t block_number,
                         std::uint32_t block_size) {
    std::string b(block_size, '\0');
    BlockHeader h;
    h.type = lb::kFileHeader;
    h.block_number = block_number;
    h.first_block = block_number;
    h.payload_length = header_payload_length(kind);
    h.write_serial = c.write_serial;
    encode_block_header(b, 0, h);
    put_u8(b, fh::kFileKind, file_kind_byte(kind));
    put_u8(b, fh::kGeneration, c.generation);
    put_u16(b, fh::kBlockSize, c.block_size);
    put_u32(b, fh::kPoId, c.po_id);
    put_u32(b, fh::kTotalBlocks, c.total_blocks);
    put_u32(b, fh::kFreeBlocks, c.free_blocks);
    put_u32(b, fh::kNftBlock, c.nft_block);
    put_u16(b, fh::kFlags, c.flags);
    put_u16(b, fh::kCodePage, c.code_page);
    put_u8(b, fh::kDateOrder, c.date_order);
    put_u8(b, fh::kModelVersion, c.model_version);
    put_date(b, fh::kCreatedDate, c.created);
    put_date(b, fh::kModifiedDate, c.modified);
    return b;
}

}  // namespace

std::uint16_t header_payload_length(FileKind kind) {
    switch (kind) {
        case FileKind::clandata:
            return layout::clandata::kHeaderPayloadLength;
        case FileKind::mlandata:
            return layout::mlandata::kHeaderPayloadLength;
        case FileKind::usr:
            return layout::usr::kHeaderPayloadLength;
    }
    return 0;
}

std::uint8_t file_kind_byte(FileKind kind) {
    switch (kind) {
        case FileKind::clandata:
            return fh::kKindClandata;
        case FileKind::mlandata:
            return fh::kKindMlandata;
        case FileKind::usr:
            return fh::kKindUsr;
    }
    return 0;
}

CommonHeader decode_common_header(std::string_view b, FieldMap& map) {
    CommonHeader c;
    c.write_serial = u32(b, lb::kWriteSerial);
    c.file_kind = u8(b, fh::kFileKind);
    c.generation = u8(b, fh::kGeneration);
    c.block_size = u16(b, fh::kBlockSize);
    c.po_id = u32(b, fh::kPoId);
    c.total_blocks = u32(b, fh::kTotalBlocks);
    c.free_blocks = u32(b, fh::kFreeBlocks);
    c.nft_block = u32(b, fh::kNftBlock);
    c.flags = u16(b, fh::kFlags);
    c.code_page = u16(b, fh::kCodePage);
    c.date_order = u8(b, fh::kDateOrder);
    c.model_version = u8(b, fh::kModelVersion);
    c.created = date_at(b, fh::kCreatedDate, "created", map);
    c.modified = date_at(b, fh::kModifiedDate, "modified", map);
    if ((c.flags & ~fh::kKnownFlags) != 0) {
        map.nonzero(payload_offset(fh::kFlags), 2, "flags (undefined bits)");
    }
    reserved(b, fh::kReserved, 2, "reserved", map);
    return c;
}

ClandataHeader decode_clandata_header(std::string_view b, std::uint32_t seed, FieldMap& map) {
    namespace lc = layout::clandata;
    ClandataHeader h;
    h.common = decode_common_header(b, map);
    h.message_count = u32(b, lc::kMessageCount);
    h.next_message_number = u32(b, lc::kNextMessageNumber);
    h.directory_entry_count = u32(b, lc::kDirectoryEntryCount);
    h.next_directory_id = u32(b, lc::kNextDirectoryId);
    h.message_index_block = u32(b, lc::kMessageIndexBlock);
    h.directory_index_block = u32(b, lc::kDirectoryIndexBlock);
    h.mailbox_count = u32(b, lc::kMailboxCount);
    h.next_mailbox_number = u32(b, lc::kNextMailboxNumber);
    h.po_name = slot_at(b, lc::kPoName, lc::kPoNameSize, seed, "po_name", map);
    for (std::size_t i = 0; i < lc::kChainTypes; ++i) {
        const std::size_t o = lc::kChainTable + i * lc::kChainSlotSize;
        h.chains[i] = {u32(b, o), u32(b, o + 4), u32(b, o + 8)};
    }
    return h;
}

MlandataHeader decode_mlandata_header(std::string_view b, std::uint32_t seed, FieldMap& map) {
    namespace lm = layout::mlandata;
    MlandataHeader h;
    h.common = decode_common_header(b, map);
    h.extent_count = u32(b, lm::kExtentCount);
    h.item_count = u32(b, lm::kItemCount);
    h.po_name = slot_at(b, lm::kPoName, lm::kPoNameSize, seed, "po_name", map);
    return h;
}

UsrHeader decode_usr_header(std::string_view b, std::uint32_t seed, FieldMap& map) {
    namespace lu = layout::usr;
    UsrHeader h;
    h.common = decode_common_header(b, map);
    h.mailbox_number = u32(b, lu::kMailboxNumber);
    h.owner_entry_id = u32(b, lu::kOwnerEntryId);
    h.folder_table_block = u32(b, lu::kFolderTableBlock);
    h.folder_count = u16(b, lu::kFolderCount);
    reserved(b, lu::kReserved, 2, "reserved", map);
    h.entry_count = u32(b, lu::kEntryCount);
    h.unread_count = u32(b, lu::kUnreadCount);
    h.owner_name = slot_at(b, lu::kOwnerName, lu::kOwnerNameSize, seed, "owner_name", map);
    return h;
}

std::string encode_clandata_header(const ClandataHeader& h, std::uint32_t block_number,
                                   std::uint32_t block_size) {
    namespace lc = layout::clandata;
    std::string b = common_block(h.common, FileKind::clandata, block_number, block_size);
    put_u32(b, lc::kMessageCount, h.message_count);
    put_u32(b, lc::kNextMessageNumber, h.next_message_number);
    put_u32(b, lc::kDirectoryEntryCount, h.directory_entry_count);
    put_u32(b, lc::kNextDirectoryId, h.next_directory_id);
    put_u32(b, lc::kMessageIndexBlock, h.message_index_block);
    put_u32(b, lc::kDirectoryIndexBlock, h.directory_index_block);
    put_u32(b, lc::kMailboxCount, h.mailbox_count);
    put_u32(b, lc::kNextMailboxNumber, h.next_mailbox_number);
    put_slot(b, lc::kPoName, lc::kPoNameSize, h.po_name, block_number, payload_offset(lc::kPoName));
    for (std::size_t i = 0; i < lc::kChainTypes; ++i) {
        const std::size_t o = lc::kChainTable + i * lc::kChainSlotSize;
        put_u32(b, o, h.chains[i].head);
        put_u32(b, o + 4, h.chains[i].tail);
        put_u32(b, o + 8, h.chains[i].count);
    }
    seal_block(b, 0, block_size);
    return b;
}

std::string encode_mlandata_header(const MlandataHeader& h, std::uint32_t block_number,
                                   std::uint32_t block_size) {
    namespace lm = layout::mlandata;
    std::string b = common_block(h.common, FileKind::mlandata, block_number, block_size);
    put_u32(b, lm::kExtentCount, h.extent_count);
    put_u32(b, lm::kItemCount, h.item_count);
    put_slot(b, lm::kPoName, lm::kPoNameSize, h.po_name, block_number, payload_offset(lm::kPoName));
    seal_block(b, 0, block_size);
    return b;
}

std::string encode_usr_header(const UsrHeader& h, std::uint32_t block_number,
                              std::uint32_t block_size) {
    namespace lu = layout::usr;
    std::string b = common_block(h.common, FileKind::usr, block_number, block_size);
    put_u32(b, lu::kMailboxNumber, h.mailbox_number);
    put_u32(b, lu::kOwnerEntryId, h.owner_entry_id);
    put_u32(b, lu::kFolderTableBlock, h.folder_table_block);
    put_u16(b, lu::kFolderCount, h.folder_count);
    put_u32(b, lu::kEntryCount, h.entry_count);
    put_u32(b, lu::kUnreadCount, h.unread_count);
    put_slot(b, lu::kOwnerName, lu::kOwnerNameSize, h.owner_name, block_number,
             payload_offset(lu::kOwnerName));
    seal_block(b, 0, block_size);
    return b;
}

}  // namespace ccsalvage::po
