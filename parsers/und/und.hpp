#pragma once
// Undeliverable-message files (`*.und`, CCMAIL.UND) as ccsalvage models them
// (docs/formats/und.md). IMPORT.EXE writes one entry per failed attempt (Q223772); each entry
// is an Import/Export message plus why it was rejected. The exact layout was never published:
// the model keeps entries readable by the plain .ccm reader (the extra header lines are kept
// as undocumented headers), and this module adds what they mean.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/event.hpp"
#include "parsers/ccm/message.hpp"
#include "parsers/ccm/reader.hpp"
#include "parsers/ccm/writer.hpp"

namespace ccsalvage::und {

struct UndEntry {
    ccm::Message message;      // the message Import could not deliver
    std::string reason;        // e.g. "Unknown Date Format", "Header Buffer Full"
    std::string source_file;   // the .ccm Import was given, e.g. "IMPORT\\MSG4A27.CCM"
    std::string rejected_at;   // when Import rejected it, as Import writes dates (raw)
    std::optional<int> result_code;  // Import's exit code for that run, when known
};

// Writes one entry (the message with its rejection header lines), CR LF line ends.
std::string write_und_entry(const UndEntry& entry, const ccm::WriterOptions& options = {});

using UndEntryHandler = std::function<void(const UndEntry&)>;

// Reads every entry of a .und file in one pass, with the .ccm reader underneath; damage is
// reported as events, never fatal.
ccm::ReadSummary read_und(std::string_view bytes, std::string_view file_name,
                          const ccm::ReaderOptions& options, EventLog& log,
                          const UndEntryHandler& on_entry);

}  // namespace ccsalvage::und
