#include "parsers/po/crc32.hpp"

#include <zlib.h>

#include <algorithm>

namespace ccsalvage::po {

// The model's CRC is zlib's (docs/formats/post-office.md, "Checksums"), so zlib computes it:
// its sliced tables run several times faster than a byte-at-a-time loop, and every block and
// item of a post office passes through here.
std::uint32_t crc32(std::string_view bytes, std::uint32_t previous) {
    uLong crc = previous;
    const auto* data = reinterpret_cast<const Bytef*>(bytes.data());
    std::size_t left = bytes.size();
    while (left > 0) {
        const std::size_t step = std::min<std::size_t>(left, 1U << 30);  // uInt-sized pieces
        crc = ::crc32(crc, data, static_cast<uInt>(step));
        data += step;
        left -= step;
    }
    return static_cast<std::uint32_t>(crc);
}

}  // namespace ccsalvage::po
