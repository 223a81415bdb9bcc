#pragma once
// The scrambling of text and item data (docs/formats/post-office.md, section 4.7). Every text
// byte and item data byte is stored XORed with a key byte that depends only on a seed (the
// block number of the record's head block, or of the extent head) and the byte's position, so
// any byte decodes alone and nothing depends on a key stored in the post office. Every key
// byte has its high bit set: scrambled ASCII is never printable, which is what makes plain
// text written over a record stand out (section 4.8).
//
// This is the layout decision most likely to be wrong about the real files; it lives here
// alone so that a corrected rule is a local change (section 18).
#include <cstdint>
#include <string>
#include <string_view>

namespace ccsalvage::po {

std::uint8_t key_byte(std::uint32_t seed, std::uint32_t position);

// XORs bytes[i] with key_byte(seed, first_position + i); the same call unscrambles.
void scramble_in_place(std::string& bytes, std::uint32_t seed, std::uint32_t first_position);
// The same over [data, data + size), for callers that scramble into a buffer of their own.
void scramble_range(char* data, std::size_t size, std::uint32_t seed, std::uint32_t first_position);
std::string scramble(std::string_view bytes, std::uint32_t seed, std::uint32_t first_position);

}  // namespace ccsalvage::po
