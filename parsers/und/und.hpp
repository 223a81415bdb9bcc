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
#include <vector>

#include "core/event.hpp"
#include "parsers/ccm/message.hpp"
#include "parsers/ccm/reader.hpp"
#include "parsers/ccm/writer.hpp"

namespace ccsalvage::und {

// The reasons public sources show in non-delivery reports (docs/formats/und.md section 1);
// `other` is any other text, `none` an entry without a reason line.
enum class ReasonKind { none, unknown_date_format, header_buffer_full, recipient_unknown, other };
std::string_view to_string(ReasonKind kind);

struct UndEntry {
    ccm::Message message;            // the message Import could not deliver
    std::string reason;              // e.g. "Unknown Date Format", "Header Buffer Full"
    std::string source_file;         // the .ccm Import was given, e.g. "IMPORT\\MSG4A27.CCM"
    std::string rejected_at;         // when Import rejected it, as Import writes dates (raw)
    std::optional<int> result_code;  // Import's exit code for that run, when known

    // Filled by read_und; write_und_entry ignores them and writes the fields above.
    ReasonKind reason_kind = ReasonKind::none;
    std::optional<ccm::Date> rejected_date;  // rejected_at parsed, when there was one
    // The rejection lines as read, in file order, taken out of message.headers; empty for an
    // entry that carried none (UND-001).
    std::vector<ccm::HeaderField> rejection_headers;
};

// Writes one entry (the message with its rejection header lines before its own headers), CR LF
// line ends, in options.code_page; the Message: size counts the inserted lines. Empty fields
// are not written. Rejection lines at the front of message.headers are not written again: the
// entry's fields are what the entry says.
std::string write_und_entry(const UndEntry& entry, const ccm::WriterOptions& options = {});

using UndEntryHandler = std::function<void(const UndEntry&)>;

// Reads every entry of a .und file in one pass, with the .ccm reader underneath; damage is
// reported as events, never fatal. Each message is an entry; its leading rejection lines fill
// the entry's fields (they are not reported as unknown headers). Entry item data are views
// into `bytes`.
ccm::ReadSummary read_und(std::string_view bytes, std::string_view file_name,
                          const ccm::ReaderOptions& options, EventLog& log,
                          const UndEntryHandler& on_entry);

// The same over a mapped evidence file; pages already read are released as the reader goes.
ccm::ReadSummary read_und(const EvidenceFile& file, const ccm::ReaderOptions& options,
                          EventLog& log, const UndEntryHandler& on_entry);

}  // namespace ccsalvage::und
