#pragma once
// LAYOUT ONLY: USRnnnnn structures (docs/formats/post-office.md, section 8): the header part
// after the common 68 bytes (block offsets), the folder table (T) and folder list (L)
// payloads (payload offsets). Decoding is in usr_header.cpp and mailbox_record.cpp.
#include <cstddef>
#include <cstdint>

namespace ccsalvage::po::layout::usr {

// File header (8.1).
inline constexpr std::size_t kMailboxNumber = 68;
inline constexpr std::size_t kOwnerEntryId = 72;
inline constexpr std::size_t kFolderTableBlock = 76;
inline constexpr std::size_t kFolderCount = 80;  // u16
inline constexpr std::size_t kReserved = 82;     // 2 bytes rsv
inline constexpr std::size_t kEntryCount = 84;
inline constexpr std::size_t kUnreadCount = 88;
inline constexpr std::size_t kOwnerName = 92;  // slot64
inline constexpr std::size_t kOwnerNameSize = 64;
inline constexpr std::size_t kHeaderEnd = 156;
inline constexpr std::uint16_t kHeaderPayloadLength = 124;

// Folder table record T (8.2).
namespace table {
inline constexpr std::size_t kFolderCount = 0;  // u16
inline constexpr std::size_t kReserved = 2;     // 2 bytes rsv
inline constexpr std::size_t kFolders = 4;
inline constexpr std::size_t kDescriptorSize = 64;
// Within a descriptor:
inline constexpr std::size_t kFolderId = 0;  // u16, Inbox = 1
inline constexpr std::size_t kKind = 2;
inline constexpr std::size_t kFlags = 3;  // 0
inline constexpr std::size_t kEntryCount = 4;
inline constexpr std::size_t kUnreadCount = 6;
inline constexpr std::size_t kListBlock = 8;
inline constexpr std::size_t kCreated = 12;  // dosdate + dostime
inline constexpr std::size_t kName = 16;     // slot48
inline constexpr std::size_t kNameSize = 48;
}  // namespace table

// Folder kinds.
inline constexpr std::uint8_t kInbox = 0, kMessageLog = 1, kDrafts = 2, kTrash = 3, kUserFolder = 4,
                              kBulletin = 5, kPoQueue = 6, kStationery = 7, kPreferences = 8,
                              kRules = 9;

// Folder list record L (8.3).
namespace list {
inline constexpr std::size_t kFolderId = 0;    // u16
inline constexpr std::size_t kEntryCount = 2;  // u16
inline constexpr std::size_t kEntries = 4;
inline constexpr std::size_t kEntrySize = 12;
// Within an entry:
inline constexpr std::size_t kMessageNumber = 0;
inline constexpr std::size_t kFiled = 4;          // dosdate + dostime
inline constexpr std::size_t kFlags = 8;          // bit 0 read, bit 1 sent, bit 2 receipt sent
inline constexpr std::size_t kEntryReserved = 9;  // 3 bytes rsv
inline constexpr std::uint8_t kFlagRead = 0x01;
inline constexpr std::uint8_t kKnownFlags = 0x07;
}  // namespace list

}  // namespace ccsalvage::po::layout::usr
