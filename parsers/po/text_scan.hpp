#pragma once
// Finding plain text where the model stores none (docs/formats/post-office.md, section 4.8).
// Scrambled text never contains printable ASCII (every key byte has its high bit set) and
// integer areas are full of 00 bytes, so a run of printable bytes is foreign: typically console
// output written through a stray file handle (Q179072).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ccsalvage::po {

// The printable set S: 20-7E, 09, 0A, 0D.
bool is_printable(std::uint8_t byte);

struct TextRun {
    std::size_t start = 0;
    std::size_t length = 0;
};

// Maximal runs of bytes in S at least `min_length` long, in order.
std::vector<TextRun> printable_runs(std::string_view bytes, std::size_t min_length);

// Run lengths that count as foreign (4.8): 8 anywhere; 16 inside text fields of a double-byte
// code page (932, 936, 949, 950); 16 inside extent data whose CRC failed.
inline constexpr std::size_t kForeignRun = 8;
inline constexpr std::size_t kForeignRunDbcs = 16;
inline constexpr std::size_t kForeignRunInData = 16;

}  // namespace ccsalvage::po
