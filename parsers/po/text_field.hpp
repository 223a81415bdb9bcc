#pragma once
// The two text encodings of the model (docs/formats/post-office.md, section 2):
//   text16 = u16 length n, then n scrambled bytes (no terminator);
//   slotN  = u8 length n (0 <= n <= N - 1), then N - 1 bytes: n scrambled, the rest 00.
// Text is kept as raw code-page bytes, unscrambled; decoding to UTF-8 is core/codepage's job.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/po/bytes.hpp"

namespace ccsalvage::po {

struct Text16 {
    std::string text;          // unscrambled
    std::uint32_t offset = 0;  // payload offset of the first text byte
    std::uint32_t stored = 0;  // the length as stored
    bool cut = false;          // the length ran past the payload: text cut at the payload end
};

// Reads a text16 at the reader's position; the reader spans the whole record payload, so its
// position is the payload offset that positions the key stream. Returns false when the length
// word is missing or the text runs past the end (then `field.cut` and the text is what is there;
// the reader is left at the payload end).
bool read_text16(LeReader& payload, std::uint32_t seed, Text16& field);
// Appends a text16 to a payload being built; the text is scrambled for its payload offset.
void append_text16(std::string& payload, std::string_view text, std::uint32_t seed);

struct Slot {
    std::string text;                          // unscrambled
    bool length_invalid = false;               // n > N - 1: text cut at the slot end
    std::optional<std::size_t> padding_fault;  // offset in the slot of the first non-zero pad
};

// `slot` is the N bytes of the slot; `position` is the payload offset of its length byte.
Slot decode_slot(std::string_view slot, std::uint32_t seed, std::uint32_t position);
// Writes a slot of `size` bytes at `offset` of `out` (a payload or a block); the text must
// fit (at most size - 1 bytes), else std::length_error.
void put_slot(std::string& out, std::size_t offset, std::size_t size, std::string_view text,
              std::uint32_t seed, std::uint32_t position);

// The directory's folding rule (section 6.4): a-z become A-Z, every other byte is unchanged.
std::string fold_name(std::string_view name);

}  // namespace ccsalvage::po
