#pragma once
// LAYOUT ONLY: MLANDATA structures (docs/formats/post-office.md, section 7): the header part
// after the common 68 bytes, and the item extent head (E). Block offsets. Decoding is in
// mlandata_header.cpp and extent.cpp.
#include <cstddef>
#include <cstdint>

namespace ccsalvage::po::layout::mlandata {

// File header (7.1).
inline constexpr std::size_t kExtentCount = 68;
inline constexpr std::size_t kItemCount = 72;
inline constexpr std::size_t kPoName = 76;  // slot64
inline constexpr std::size_t kPoNameSize = 64;
inline constexpr std::size_t kHeaderEnd = 140;
inline constexpr std::uint16_t kHeaderPayloadLength = 108;

// Extent head (7.2): the common block header (owner = message number, chain_index = extent
// sequence, next_block = next extent's head, payload_length = 16), then:
inline constexpr std::size_t kItemIndex = 32;   // u16
inline constexpr std::size_t kFlags = 34;       // u16: bit 0 last extent of the item
inline constexpr std::size_t kDataLength = 36;  // u32: >= 1
inline constexpr std::size_t kItemOffset = 40;  // u32: position of the first byte in the item
inline constexpr std::size_t kDataCrc = 44;     // u32: CRC of the stored (scrambled) data
inline constexpr std::size_t kData = 48;        // data, then 00 to the end of the last block
inline constexpr std::uint16_t kExtentPayloadLength = 16;
inline constexpr std::uint16_t kFlagLastExtent = 0x0001;
// The extent header CRC covers bytes [0, 28) and [32, 48).

}  // namespace ccsalvage::po::layout::mlandata
