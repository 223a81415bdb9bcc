#include "report/patterns.hpp"

#include <array>

#include "report/model.hpp"

namespace ccsalvage::report {

namespace {

constexpr std::array kPatterns = {
    PatternInfo{kPatternConsole, "Console output in the post office (KB Q179072)",
                "The connector redirects the console output of IMPORT and EXPORT into files. "
                "When those bytes end up inside CLANDATA they overwrite a message header; "
                "Import then logs the damage in NFTERROR.LOG and both programs start failing "
                "with result codes 1 and 4 (connector events 59, 62, 68, 71). A healthy post "
                "office file holds no plain text, so any found is foreign."},
    PatternInfo{kPatternImportLoop, "Import loops (KB Q223772)",
                "Import fails on a message with code 1 but leaves its file in the Import queue. "
                "The connector hands the same file over on every cycle, and each failed attempt "
                "adds one more undeliverable entry to the .und file, which grows without end. "
                "One message, many attempts: it must be delivered once, not once per entry."},
    PatternInfo{kPatternDuplicates, "Duplicates (KB Q184524)",
                "Under load two connector threads can queue the same message, and recipients "
                "get it twice. Each message should be exported once, with every extra copy "
                "recorded as a duplicate rather than dropped."},
    PatternInfo{kPatternLost, "Lost messages (KB Q157684)",
                "A message can disappear without a non-delivery report or an event (a gateway "
                "deleting what it cannot open, records no index reaches). Every message must end "
                "accounted for: delivered, undeliverable, duplicate, quarantined or missing."},
    PatternInfo{kPatternCodes, "Result codes and connector events",
                "What the Import/Export result codes and connector event IDs named by the "
                "evidence mean, with their documented causes and remedies (`ccsalvage explain`)."},
    PatternInfo{kPatternStructure, "Other damage to the post office structure",
                "Inconsistencies in ccsalvage's model of the post office files that belong to "
                "none of the patterns above: checksums, chains, indexes, counters, free space."},
};

}  // namespace

std::span<const PatternInfo> patterns() { return kPatterns; }

const PatternInfo* find_pattern(std::string_view id) {
    for (const auto& p : kPatterns) {
        if (p.id == id) return &p;
    }
    return nullptr;
}

}  // namespace ccsalvage::report
