#pragma once
// Documented limits and reader bounds (docs/formats/post-office.md, sections 10 and 11).
// A documented limit is what a healthy post office respects (PO-048 when exceeded, data still
// read); a reader bound is the most the reader will read (PO-049, the rest is not read).
#include <cstdint>

namespace ccsalvage::po::limits {

// Documented limits.
inline constexpr std::uint32_t kItemsPerMessage = 20;
inline constexpr std::uint32_t kTextItemBytes = 20480;
inline constexpr std::uint32_t kHeaderPayloadDb6 = 4096;
inline constexpr std::uint32_t kHeaderPayloadDb8 = 163840;
inline constexpr std::uint32_t kRecipientsDb6 = 200;
inline constexpr std::uint32_t kMessagesPerFolder = 32767;
inline constexpr std::uint32_t kFoldersPerMailbox = 201;
inline constexpr std::uint32_t kMembersPerList = 200;
inline constexpr std::uint32_t kDirectoryEntriesDb6 = 493214;
inline constexpr std::uint32_t kDirectoryEntriesDb8 = 2000000;
inline constexpr std::uint32_t kForwardedTitle = 30;
inline constexpr std::uint32_t kDirectoryText = 126;  // name, address, comments, alias
inline constexpr std::uint32_t kMessageText = 255;    // sender, subject, address, title
inline constexpr std::uint32_t kMaxMailboxNumber = 99999;

// Reader bounds.
inline constexpr std::uint32_t kBoundItemsPerMessage = 255;
inline constexpr std::uint32_t kBoundRecipients = 65535;
inline constexpr std::uint32_t kBoundFolderEntries = 65535;
inline constexpr std::uint32_t kBoundFolders = 1024;
inline constexpr std::uint32_t kBoundMembers = 65535;
inline constexpr std::uint32_t kBoundChainBlocks = 65536;

}  // namespace ccsalvage::po::limits
