#pragma once
// LAYOUT ONLY: the 68-byte common part of the file header that starts CLANDATA, MLANDATA and
// every USRnnnnn (docs/formats/post-office.md, section 6.1). Block offsets; the header is a
// single F block (block 0) with a copy in block 1. Decoding is in file_header.cpp.
#include <cstddef>
#include <cstdint>

namespace ccsalvage::po::layout::file_header {

inline constexpr std::size_t kFileKind = 32;      // u8: 'C' 43, 'M' 4D, 'U' 55
inline constexpr std::size_t kGeneration = 33;    // u8: 6 (DB6) or 8 (DB8)
inline constexpr std::size_t kBlockSize = 34;     // u16: B
inline constexpr std::size_t kPoId = 36;          // u32: same in every file of a post office
inline constexpr std::size_t kTotalBlocks = 40;   // u32: file length / B
inline constexpr std::size_t kFreeBlocks = 44;    // u32: NFT states 00
inline constexpr std::size_t kNftBlock = 48;      // u32: head of the NFT
inline constexpr std::size_t kFlags = 52;         // u16: bit 0 open, bit 2 written by ccsalvage
inline constexpr std::size_t kCodePage = 54;      // u16: 437, 850, 932, 936, 949, 950
inline constexpr std::size_t kDateOrder = 56;     // u8: 0 M/D/Y, 1 D/M/Y, 2 Y/M/D
inline constexpr std::size_t kModelVersion = 57;  // u8: 1
inline constexpr std::size_t kCreatedDate = 58;   // dosdate + dostime
inline constexpr std::size_t kModifiedDate = 62;  // dosdate + dostime
inline constexpr std::size_t kReserved = 66;      // 2 bytes rsv
inline constexpr std::size_t kCommonEnd = 68;     // the kind-specific part starts here

inline constexpr std::uint8_t kKindClandata = 0x43;
inline constexpr std::uint8_t kKindMlandata = 0x4D;
inline constexpr std::uint8_t kKindUsr = 0x55;

inline constexpr std::uint16_t kFlagOpen = 0x0001;
inline constexpr std::uint16_t kFlagWrittenByCcsalvage = 0x0004;
inline constexpr std::uint16_t kKnownFlags = kFlagOpen | kFlagWrittenByCcsalvage;

inline constexpr std::uint8_t kModelVersionValue = 1;
inline constexpr std::uint8_t kGenerationDb6 = 6;
inline constexpr std::uint8_t kGenerationDb8 = 8;

// Block numbers of the header and its copy.
inline constexpr std::uint32_t kHeaderBlock = 0;
inline constexpr std::uint32_t kCopyBlock = 1;

}  // namespace ccsalvage::po::layout::file_header
