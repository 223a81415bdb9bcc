#include "case/stages/findings.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "repair/scan/text_scanner.hpp"

namespace ccsalvage::casefolder {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kPatternOfCode = {{
    {"PO-014", report::kPatternConsole},     // foreign text in a block
    {"PO-015", report::kPatternConsole},     // plain text in a scrambled field
    {"PO-051", report::kPatternConsole},     // NFTERROR.LOG present: Import met damage
    {"PO-026", report::kPatternDuplicates},  // duplicate message header
    {"PO-032", report::kPatternDuplicates},  // duplicate delivery
    {"PO-036", report::kPatternDuplicates},  // filed twice
    {"PO-045", report::kPatternDuplicates},  // duplicate directory entry
    {"PO-025", report::kPatternLost},        // header no index reaches
    {"PO-027", report::kPatternLost},        // deleted message recoverable from free space
    {"PO-028", report::kPatternLost},        // item data missing
    {"PO-034", report::kPatternLost},        // message no mailbox refers to
    {"PO-035", report::kPatternLost},        // folder entry without its message
}};

}  // namespace

std::string_view pattern_of(std::string_view code) {
    for (const auto& [id, pattern] : kPatternOfCode) {
        if (id == code) return pattern;
    }
    if (code.starts_with("NFT-")) return report::kPatternConsole;
    if (code.starts_with("UND-")) return report::kPatternImportLoop;
    return report::kPatternStructure;
}

report::Finding FindingMaker::make(const Event& event, std::string_view bytes,
                                   std::uint64_t length) {
    report::Finding f;
    f.pattern = std::string(pattern_of(event.code));
    f.code = event.code;
    f.severity = std::string(to_string(event.severity));
    const auto* entry = find_event_code(event.code);
    f.title = entry != nullptr ? std::string(entry->title) : std::string();
    f.file = event.file;
    f.offset = event.offset;
    f.detail = event.detail;
    f.stage = stage_;
    if (!bytes.empty() && event.offset < bytes.size() &&
        dumps_per_code_[event.code]++ < kHexDumpsPerCode) {
        const auto shown = std::min<std::uint64_t>(length, bytes.size() - event.offset);
        f.hex = scan::hex_dump(bytes, event.offset, shown, context_);
    }
    return f;
}

}  // namespace ccsalvage::casefolder
