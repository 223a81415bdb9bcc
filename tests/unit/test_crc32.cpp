// po::crc32 is computed by ISA-L; the model's CRC is zlib's (docs/formats/post-office.md, 4.6).
// Both must agree on every length (ISA-L folds 16, 64 and 256 bytes at a time and finishes with
// tables), every alignment of the buffer, and when a CRC is continued over a second range.
#include "parsers/po/crc32.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

namespace ccsalvage::po {
namespace {

std::uint32_t by_zlib(std::string_view bytes, std::uint32_t previous = 0) {
    return static_cast<std::uint32_t>(::crc32(
        previous, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

std::string random_bytes(std::size_t size, unsigned seed) {
    std::mt19937 random(seed);
    std::string out(size, '\0');
    for (char& c : out) c = static_cast<char>(random() & 0xFF);
    return out;
}

TEST(Crc32, AgreesWithZlibOnEveryLengthAndAlignment) {
    const std::string data = random_bytes(70000, 46);
    for (std::size_t length = 0; length <= 1100; ++length) {
        for (std::size_t align = 0; align < 8; align += 3) {
            const std::string_view piece = std::string_view(data).substr(align, length);
            ASSERT_EQ(crc32(piece), by_zlib(piece)) << "length " << length << " at +" << align;
        }
    }
    for (const std::size_t length : {4096U, 8191U, 65536U, 69990U}) {
        const std::string_view piece = std::string_view(data).substr(5, length);
        EXPECT_EQ(crc32(piece), by_zlib(piece)) << "length " << length;
    }
}

TEST(Crc32, ContinuesAPreviousCrcAsZlibDoes) {
    const std::string data = random_bytes(3000, 7);
    const std::uint32_t whole = by_zlib(data);
    for (std::size_t cut = 0; cut <= data.size(); cut += 37) {
        const std::string_view view(data);
        EXPECT_EQ(crc32(view.substr(cut), crc32(view.substr(0, cut))), whole) << "cut " << cut;
    }
    EXPECT_EQ(crc32(std::string(512, '\0')), by_zlib(std::string(512, '\0')));
    EXPECT_EQ(crc32(std::string(512, '\xff')), by_zlib(std::string(512, '\xff')));
}

}  // namespace
}  // namespace ccsalvage::po
