#include "parsers/po/crc32.hpp"

#include <isa-l/crc.h>

namespace ccsalvage::po {

// The model's CRC is zlib's (docs/formats/post-office.md, "Checksums"): CRC-32/ISO-HDLC,
// reflected, which ISA-L calls crc32_gzip_refl and computes with carry-less multiplication
// (PCLMULQDQ, chosen at run time, with a table fallback). Every block and item of a post office
// passes through here, twice for item data (the extent's CRC of the stored bytes, the item's
// of the unscrambled ones): zlib 1.2.13's tables were 6 % of an export's CPU
// (docs/performance.md). The unit tests check it against zlib's crc32().
std::uint32_t crc32(std::string_view bytes, std::uint32_t previous) {
    return crc32_gzip_refl(previous, reinterpret_cast<const unsigned char*>(bytes.data()),
                           bytes.size());
}

}  // namespace ccsalvage::po
