#pragma once
// LAYOUT ONLY: CLANDATA structures (docs/formats/post-office.md, section 6): the header part
// after the common 68 bytes (block offsets), and the payload layouts of the directory entry
// (D), directory index (K), message header (H) and message index (I) records (payload
// offsets). Decoding is in clandata_header.cpp, directory_record.cpp and message_record.cpp.
#include <cstddef>
#include <cstdint>

namespace ccsalvage::po::layout::clandata {

// File header, block offsets (6.1).
inline constexpr std::size_t kMessageCount = 68;
inline constexpr std::size_t kNextMessageNumber = 72;
inline constexpr std::size_t kDirectoryEntryCount = 76;
inline constexpr std::size_t kNextDirectoryId = 80;
inline constexpr std::size_t kMessageIndexBlock = 84;
inline constexpr std::size_t kDirectoryIndexBlock = 88;
inline constexpr std::size_t kMailboxCount = 92;
inline constexpr std::size_t kNextMailboxNumber = 96;
inline constexpr std::size_t kPoName = 100;  // slot64
inline constexpr std::size_t kPoNameSize = 64;
inline constexpr std::size_t kChainTable = 164;  // 10 x (u32 head, u32 tail, u32 count)
inline constexpr std::size_t kChainSlotSize = 12;
inline constexpr std::size_t kChainTypes = 10;
inline constexpr char kChainOrder[kChainTypes + 1] = "PpLlRrAaGB";
inline constexpr std::size_t kHeaderEnd = 284;
inline constexpr std::uint16_t kHeaderPayloadLength = 252;  // kHeaderEnd - 32

// Directory entry record D, payload offsets (6.2).
namespace dir {
inline constexpr std::size_t kEntryId = 0;
inline constexpr std::size_t kTypeCode = 4;
inline constexpr std::size_t kFlags = 5;  // bit 0: owns a mailbox
inline constexpr std::size_t kMemberCount = 6;
inline constexpr std::size_t kMailboxNumber = 8;
inline constexpr std::size_t kPoEntryId = 12;
inline constexpr std::size_t kAliasTargetId = 16;
inline constexpr std::size_t kChainPrev = 20;
inline constexpr std::size_t kChainNext = 24;
inline constexpr std::size_t kCreated = 28;   // dosdate + dostime
inline constexpr std::size_t kFixedEnd = 32;  // then text16 name, address, comments,
                                              // foreign_alias, then u32 members
inline constexpr std::uint8_t kFlagOwnsMailbox = 0x01;
}  // namespace dir

// Directory index record K, payload offsets (6.4).
namespace dir_index {
inline constexpr std::size_t kEntryCount = 0;
inline constexpr std::size_t kReserved = 4;  // 4 bytes rsv
inline constexpr std::size_t kEntries = 8;
inline constexpr std::size_t kEntrySize = 32;
// Within an entry:
inline constexpr std::size_t kKey = 0;  // 16 bytes: folded name, scrambled, 00-padded
inline constexpr std::size_t kKeySize = 16;
inline constexpr std::size_t kEntryIdField = 16;
inline constexpr std::size_t kRecordBlock = 20;
inline constexpr std::size_t kNameCrc = 24;
inline constexpr std::size_t kTypeCodeField = 28;
inline constexpr std::size_t kEntryReserved = 29;  // 3 bytes rsv
}  // namespace dir_index

// Message header record H, payload offsets (6.5).
namespace msg {
inline constexpr std::size_t kMessageNumber = 0;
inline constexpr std::size_t kDate = 4;  // dosdate + dostime
inline constexpr std::size_t kFlags = 8;
inline constexpr std::size_t kItemCount = 10;
inline constexpr std::size_t kRecipientCount = 12;
inline constexpr std::size_t kReserved = 14;  // 2 bytes rsv
inline constexpr std::size_t kReferenceCount = 16;
inline constexpr std::size_t kSenderEntryId = 20;
inline constexpr std::size_t kTotalItemBytes = 24;
inline constexpr std::size_t kArrival = 28;   // dosdate + dostime
inline constexpr std::size_t kFixedEnd = 32;  // then text16 sender, subject, recipients, items

// Flags.
inline constexpr std::uint16_t kFlagReceiptRequested = 0x0001;
inline constexpr std::uint16_t kFlagIsReceipt = 0x0002;
inline constexpr std::uint16_t kPriorityMask = 0x000C;  // 0 normal, 1 urgent, 2 low, 3 invalid
inline constexpr int kPriorityShift = 2;
inline constexpr std::uint16_t kFlagNonDelivery = 0x0010;
inline constexpr std::uint16_t kFlagBulletin = 0x0020;
inline constexpr std::uint16_t kFlagRtf = 0x0040;  // DB8 only
inline constexpr std::uint16_t kKnownFlags = 0x007F;

// Recipient entry: u8 role, u8 flags (0), u32 entry_id, text16 address.
inline constexpr std::size_t kRecipientFixed = 6;
inline constexpr std::uint8_t kRoleTo = 1, kRoleCc = 2, kRoleBcc = 3;

// Item table entry: u8 kind, u8 flags, dosdate, dostime, u32 length, u32 extent_block,
// u32 data_crc, text16 title.
inline constexpr std::size_t kItemFixed = 18;
inline constexpr std::uint8_t kItemText = 1, kItemFile = 2, kItemFax = 3, kItemGraphics = 4,
                              kItemForwarded = 5, kItemOle = 6;
inline constexpr std::uint8_t kItemFlagRtf = 0x01;
inline constexpr std::uint8_t kItemFlagMacBinary = 0x02;
inline constexpr std::uint8_t kItemKnownFlags = 0x03;
}  // namespace msg

// Message index record I, payload offsets (6.6).
namespace msg_index {
inline constexpr std::size_t kEntryCount = 0;
inline constexpr std::size_t kHighestNumber = 4;
inline constexpr std::size_t kEntries = 8;
inline constexpr std::size_t kEntrySize = 8;  // u32 message_number, u32 record_block
}  // namespace msg_index

}  // namespace ccsalvage::po::layout::clandata
