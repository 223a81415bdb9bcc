#include "parsers/po/text_scan.hpp"

namespace ccsalvage::po {

bool is_printable(std::uint8_t byte) {
    return (byte >= 0x20 && byte <= 0x7E) || byte == 0x09 || byte == 0x0A || byte == 0x0D;
}

std::vector<TextRun> printable_runs(std::string_view bytes, std::size_t min_length) {
    std::vector<TextRun> runs;
    std::size_t i = 0;
    while (i < bytes.size()) {
        if (!is_printable(static_cast<std::uint8_t>(bytes[i]))) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < bytes.size() && is_printable(static_cast<std::uint8_t>(bytes[i]))) ++i;
        if (i - start >= min_length) runs.push_back({start, i - start});
    }
    return runs;
}

}  // namespace ccsalvage::po
