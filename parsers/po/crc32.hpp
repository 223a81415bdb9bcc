#pragma once
// CRC-32/ISO-HDLC, the zlib/PKZIP CRC: the one checksum of the post office model
// (docs/formats/post-office.md, section 4.6). "123456789" gives 0xCBF43926.
#include <cstdint>
#include <string_view>

namespace ccsalvage::po {

// CRC of `bytes`; pass a previous result to continue it, so that
// crc32(b, crc32(a)) == crc32(a + b) and a block CRC over two ranges needs no copy.
std::uint32_t crc32(std::string_view bytes, std::uint32_t previous = 0);

}  // namespace ccsalvage::po
