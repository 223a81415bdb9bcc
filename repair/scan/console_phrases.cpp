#include "repair/scan/console_phrases.hpp"

#include <array>

namespace ccsalvage::scan {

namespace {
// [C] marks text seen in a KB article; [I] text the programs print according to KB event
// descriptions (the connector copies Import/Export's words into its events); [M] ccsalvage's
// guess at banner lines, kept because their shape is distinctive.
constexpr std::array<ConsolePhrase, 14> kPhrases = {{
    {"export-mailbox", "Exporting messages in mailbox", "[C] Q179072 dump"},
    {"export-to-file", " to file EXPORT\\", "[C] Q179072 dump"},
    {"import-messages", "Importing messages", "[M] Import's counterpart of the Export line"},
    {"import-from-file", "IMPORT from file", "[I] events 58/59/62/63 (Q181186, Q179072)"},
    {"export-to", "EXPORT to file", "[I] events 67/68/70/71 (Q181186, Q166045)"},
    {"result-code", "returned result code", "[I] events 59, 62, 63, 68, 70, 71"},
    {"not-complete", "Program did not complete successfully", "[I] event 59 (Q179072)"},
    {"no-access", "Could not access the Lotus cc:Mail Post Office", "[I] event 68 (Q179072)"},
    {"locked", "locked by another process", "[I] events 62/71 (Q179072)"},
    {"unknown-date", "Unknown Date Format", "[C] Q180641"},
    {"header-full", "Header Buffer Full", "[C] Q266711"},
    {"resource-missing", "Resource file not found", "[C] event 65 (Q190275)"},
    {"lotus-banner", "Lotus cc:Mail", "[M] program banners name the product"},
    {"copyright", "Copyright (c)", "[M] DOS program banners"},
}};
}  // namespace

std::span<const ConsolePhrase> console_phrases() { return kPhrases; }

}  // namespace ccsalvage::scan
