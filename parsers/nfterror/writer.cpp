#include "parsers/nfterror/writer.hpp"

#include <fmt/format.h>

#include <cstddef>

#include "parsers/nfterror/vocabulary.hpp"

namespace ccsalvage::nfterror {

namespace {

constexpr std::size_t kMaxText = 80;

// The grammar allows printable ASCII only; the text is UTF-8, so each non-ASCII character
// (a lead byte and its continuation bytes) becomes one '?'.
std::string printable(std::string_view utf8) {
    std::string out;
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if ((u & 0xC0u) == 0x80u) continue;  // continuation byte
        out += (u >= 0x20 && u <= 0x7E) ? c : '?';
        if (out.size() == kMaxText) break;
    }
    return out;
}

}  // namespace

std::string format_line(const Record& record) {
    const auto& w = record.when;
    return fmt::format(
        "{:02}-{:02}-{:02} {:02}:{:02}:{:02} {} {} {} {:08X} {:04X} {} {}\r\n", w.month, w.day,
        ((w.year % 100) + 100) % 100, w.hour, w.minute, w.second, upper_case(record.program),
        upper_case(record.file), upper_case(record.structure), record.block.value_or(0),
        record.block_offset.value_or(0), upper_case(record.code), printable(record.text));
}

}  // namespace ccsalvage::nfterror
