#include "parsers/po/scramble.hpp"

namespace ccsalvage::po {

std::uint8_t key_byte(std::uint32_t seed, std::uint32_t position) {
    // All arithmetic wraps modulo 2^32, as the document's pseudo-code says.
    std::uint32_t x = seed * 0x9E3779B1u + position * 0x85EBCA77u + 0x165667B1u;
    x ^= x >> 15;
    x *= 0x2C1B3C6Du;
    x ^= x >> 12;
    x *= 0x297A2D39u;
    x ^= x >> 15;
    return static_cast<std::uint8_t>((x >> 24) | 0x80u);
}

void scramble_in_place(std::string& bytes, std::uint32_t seed, std::uint32_t first_position) {
    std::uint32_t p = first_position;
    for (char& c : bytes) {
        c = static_cast<char>(static_cast<std::uint8_t>(c) ^ key_byte(seed, p));
        ++p;
    }
}

std::string scramble(std::string_view bytes, std::uint32_t seed, std::uint32_t first_position) {
    std::string out(bytes);
    scramble_in_place(out, seed, first_position);
    return out;
}

}  // namespace ccsalvage::po
