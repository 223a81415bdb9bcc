#pragma once
// LAYOUT ONLY: the common block header, block types, signatures and allocation states of the
// post office model (docs/formats/post-office.md, sections 4.1-4.6 and 5). Offsets are block
// offsets; decoding is in block.cpp. Every value here is a modelling decision [M]: if the real
// layout becomes known, this file is where it changes (section 18).
#include <cstddef>
#include <cstdint>

namespace ccsalvage::po::layout::block {

// Block sizes a header may record: powers of two from 512 to 8192 (4.1).
inline constexpr std::uint32_t kMinBlockSize = 512;
inline constexpr std::uint32_t kMaxBlockSize = 8192;
inline constexpr std::uint32_t kDb6BlockSize = 512;   // what the writer uses for DB6
inline constexpr std::uint32_t kDb8BlockSize = 1024;  // and for DB8

// The 32-byte header that starts every record block and every chain continuation (4.3).
inline constexpr std::size_t kHeaderSize = 32;
inline constexpr std::size_t kSignature = 0;       // 4 bytes: CC, type, type ^ FF, 1A
inline constexpr std::size_t kBlockNumber = 4;     // u32: its own position
inline constexpr std::size_t kFirstBlock = 8;      // u32: head block of the record
inline constexpr std::size_t kNextBlock = 12;      // u32: next block of the record, 0 = last
inline constexpr std::size_t kOwner = 16;          // u32: message number, entry id, mailbox
inline constexpr std::size_t kChainIndex = 20;     // u16: position in the record, head = 0
inline constexpr std::size_t kPayloadLength = 22;  // u16: payload bytes in this block
inline constexpr std::size_t kWriteSerial = 24;    // u32: file write serial at last write
inline constexpr std::size_t kCrc = 28;            // u32: CRC-32, section 4.6

// The block CRC covers bytes [0, kCrc) and [kHeaderSize, B): payload and slack (4.6).
inline constexpr std::size_t kCrcFirstRangeEnd = kCrc;

// Signature bytes 0 and 3; byte 2 is byte 1 XOR FF (4.4).
inline constexpr std::uint8_t kSignatureLead = 0xCC;
inline constexpr std::uint8_t kSignatureTail = 0x1A;
inline constexpr std::uint8_t kSignatureComplement = 0xFF;

// Type letters (byte 1 of the signature).
inline constexpr char kFileHeader = 'F';
inline constexpr char kNft = 'N';
inline constexpr char kDirectoryEntry = 'D';
inline constexpr char kDirectoryIndex = 'K';
inline constexpr char kMessageHeader = 'H';
inline constexpr char kMessageIndex = 'I';
inline constexpr char kExtent = 'E';
inline constexpr char kFolderTable = 'T';
inline constexpr char kFolderList = 'L';

// Chain bound: no record is followed over more blocks than this (section 11).
inline constexpr std::uint32_t kMaxChainBlocks = 65536;

}  // namespace ccsalvage::po::layout::block

namespace ccsalvage::po::layout::nft {

// The allocation table record (type N), payload offsets (section 5).
inline constexpr std::size_t kCoveredBlocks = 0;  // u32: must equal total_blocks
inline constexpr std::size_t kStates = 4;         // u8 per block, block 0 first

// State bytes. Bit 7 marks a continuation block (or extent data block).
inline constexpr std::uint8_t kFree = 0x00;
inline constexpr std::uint8_t kHeader = 0x01;
inline constexpr std::uint8_t kHeaderCopy = 0x02;
inline constexpr std::uint8_t kNft = 0x03;
inline constexpr std::uint8_t kDirectoryEntry = 0x04;
inline constexpr std::uint8_t kDirectoryIndex = 0x05;
inline constexpr std::uint8_t kMessageHeader = 0x06;
inline constexpr std::uint8_t kMessageIndex = 0x07;
inline constexpr std::uint8_t kExtent = 0x08;  // extent head; 88 = extent data block
inline constexpr std::uint8_t kFolderTable = 0x09;
inline constexpr std::uint8_t kFolderList = 0x0A;
inline constexpr std::uint8_t kBad = 0x0F;  // ccsalvage working state, never written
inline constexpr std::uint8_t kContinuation = 0x80;

}  // namespace ccsalvage::po::layout::nft
