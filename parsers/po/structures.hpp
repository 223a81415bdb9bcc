#pragma once
// The plain structs the post office structures decode into and encode from
// (docs/formats/post-office.md, sections 4-8). They hold values, never offsets: the byte layout
// is in layout_*.hpp and the conversion in the matching .cpp files. Text is raw code-page bytes,
// unscrambled.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/po/dos_time.hpp"

namespace ccsalvage::po {

enum class FileKind : std::uint8_t { clandata, mlandata, usr };
std::string_view to_string(FileKind kind);

// The 32-byte common block header (4.3), as stored.
struct BlockHeader {
    char type = 0;  // the type letter of the signature
    std::uint32_t block_number = 0;
    std::uint32_t first_block = 0;
    std::uint32_t next_block = 0;
    std::uint32_t owner = 0;
    std::uint16_t chain_index = 0;
    std::uint16_t payload_length = 0;
    std::uint32_t write_serial = 0;
    std::uint32_t crc = 0;
};

// The common 68 bytes of every file header (6.1).
struct CommonHeader {
    std::uint32_t write_serial = 0;  // from the block header
    std::uint8_t file_kind = 0;      // 43, 4D or 55
    std::uint8_t generation = 0;
    std::uint16_t block_size = 0;
    std::uint32_t po_id = 0;
    std::uint32_t total_blocks = 0;
    std::uint32_t free_blocks = 0;
    std::uint32_t nft_block = 0;
    std::uint16_t flags = 0;
    std::uint16_t code_page = 0;
    std::uint8_t date_order = 0;
    std::uint8_t model_version = 0;
    DosDateTime created;
    DosDateTime modified;
};

struct ChainSlot {
    std::uint32_t head = 0;
    std::uint32_t tail = 0;
    std::uint32_t count = 0;
    bool operator==(const ChainSlot&) const = default;
};

struct ClandataHeader {
    CommonHeader common;
    std::uint32_t message_count = 0;
    std::uint32_t next_message_number = 0;
    std::uint32_t directory_entry_count = 0;
    std::uint32_t next_directory_id = 0;
    std::uint32_t message_index_block = 0;
    std::uint32_t directory_index_block = 0;
    std::uint32_t mailbox_count = 0;
    std::uint32_t next_mailbox_number = 0;
    std::string po_name;
    std::array<ChainSlot, 10> chains{};  // in the order P p L l R r A a G B
};

struct MlandataHeader {
    CommonHeader common;
    std::uint32_t extent_count = 0;
    std::uint32_t item_count = 0;
    std::string po_name;
};

struct UsrHeader {
    CommonHeader common;
    std::uint32_t mailbox_number = 0;
    std::uint32_t owner_entry_id = 0;
    std::uint32_t folder_table_block = 0;
    std::uint16_t folder_count = 0;
    std::uint32_t entry_count = 0;
    std::uint32_t unread_count = 0;
    std::string owner_name;
};

// Directory entry record D (6.2).
struct DirectoryEntry {
    std::uint32_t entry_id = 0;
    char type_code = 0;  // P p L l R r A a G B
    std::uint8_t flags = 0;
    std::uint32_t mailbox_number = 0;
    std::uint32_t po_entry_id = 0;
    std::uint32_t alias_target_id = 0;
    std::uint32_t chain_prev = 0;
    std::uint32_t chain_next = 0;
    DosDateTime created;
    std::string name;
    std::string address;
    std::string comments;
    std::string foreign_alias;
    std::vector<std::uint32_t> members;  // G entries; member_count = members.size()
};

// One entry of the directory index K (6.4).
struct DirectoryIndexEntry {
    std::string key;  // the 16 key bytes as stored (scrambled, 00-padded): see index_key()
    std::uint32_t entry_id = 0;
    std::uint32_t record_block = 0;
    std::uint32_t name_crc = 0;
    char type_code = 0;
};

struct DirectoryIndex {
    std::uint32_t entry_count = 0;  // as stored
    std::vector<DirectoryIndexEntry> entries;
};

struct Recipient {
    std::uint8_t role = 1;  // 1 To, 2 Cc, 3 Bcc
    std::uint8_t flags = 0;
    std::uint32_t entry_id = 0;
    std::string address;
};

struct ItemEntry {
    std::uint8_t kind = 1;  // 1 text, 2 file, 3 fax, 4 graphics, 5 forwarded, 6 OLE
    std::uint8_t flags = 0;
    DosDateTime file_stamp;
    std::uint32_t length = 0;
    std::uint32_t extent_block = 0;
    std::uint32_t data_crc = 0;
    std::string title;
};

// Message header record H (6.5).
struct MessageHeader {
    std::uint32_t message_number = 0;
    DosDateTime date;
    std::uint16_t flags = 0;
    std::uint16_t item_count = 0;       // as stored
    std::uint16_t recipient_count = 0;  // as stored
    std::uint32_t reference_count = 0;
    std::uint32_t sender_entry_id = 0;
    std::uint32_t total_item_bytes = 0;
    DosDateTime arrival;
    std::string sender;
    std::string subject;
    std::vector<Recipient> recipients;
    std::vector<ItemEntry> items;
};

struct MessageIndexEntry {
    std::uint32_t message_number = 0;
    std::uint32_t record_block = 0;
};

struct MessageIndex {
    std::uint32_t entry_count = 0;  // as stored
    std::uint32_t highest_number = 0;
    std::vector<MessageIndexEntry> entries;
};

// Extent head E (7.2), the part after the common block header.
struct ExtentHeader {
    BlockHeader block;
    std::uint16_t item_index = 0;
    std::uint16_t flags = 0;
    std::uint32_t data_length = 0;
    std::uint32_t item_offset = 0;
    std::uint32_t data_crc = 0;
};

// Folder table T (8.2).
struct FolderDescriptor {
    std::uint16_t folder_id = 0;
    std::uint8_t kind = 0;
    std::uint8_t flags = 0;
    std::uint16_t entry_count = 0;
    std::uint16_t unread_count = 0;
    std::uint32_t list_block = 0;
    DosDateTime created;
    std::string name;
};

struct FolderTable {
    std::uint16_t folder_count = 0;  // as stored
    std::vector<FolderDescriptor> folders;
};

// Folder list L (8.3).
struct FolderEntry {
    std::uint32_t message_number = 0;
    DosDateTime filed;
    std::uint8_t flags = 0;  // bit 0 read, bit 1 sent, bit 2 receipt sent
};

struct FolderList {
    std::uint16_t folder_id = 0;
    std::uint16_t entry_count = 0;  // as stored
    std::vector<FolderEntry> entries;
};

}  // namespace ccsalvage::po
